//! Items: attribute name -> value, kept in name order so that every rendering is deterministic.

use std::collections::BTreeMap;

use super::error::ApiError;
use super::value::{AttributeValue, ValueLayer, WireItem};

/// A DynamoDB item (or a Key, or a map of expression attribute values).
pub type Item = BTreeMap<String, AttributeValue>;

/// The largest item DynamoDB stores: 400 KB, inclusive (spec §7.1).
pub const MAX_ITEM_SIZE: usize = 409_600;

/// Item size per spec §7.1: for each attribute, UTF-8 bytes of the name plus the size of the value.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value.size())
        .sum()
}

/// Read an item from DynamoDB JSON: both stages (SerializationException, then ValidationException). For a whole
/// request, run `WireItem::from_json` on every part first and validate afterwards, as DynamoDB does.
pub fn item_from_json(json: &serde_json::Value, layer: ValueLayer) -> Result<Item, ApiError> {
    WireItem::from_json(json)?.validate(layer)
}

/// An item as DynamoDB JSON: an object of attribute name -> `{"<type>": ...}`, in name order.
pub fn item_to_json(item: &Item) -> serde_json::Value {
    serde_json::Value::Object(
        item.iter()
            .map(|(name, value)| (name.clone(), value.to_json()))
            .collect(),
    )
}
