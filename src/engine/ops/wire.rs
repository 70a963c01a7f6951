//! Attribute values as received, between DynamoDB's two stages (spec §6, §1.5): the wire shape is checked when
//! the request is read (SerializationException, layer 0, `value::WireValue`), the content when the action is
//! validated (ValidationException, layer 2, in request order).

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::item::Item;
use crate::engine::value::{WireItem, WireValue};

/// One attribute value whose wire shape has been accepted.
pub type Wire = WireValue;

/// A map of attribute values in the order the request gave them.
pub type WireMap = Vec<(String, Wire)>;

/// Stage 1 for a JSON map of attribute values (an Item, a Key, ExpressionAttributeValues).
pub fn parse_map(json: &Value) -> Result<WireMap, ApiError> {
    Ok(WireItem::from_json(json)?.entries().to_vec())
}

/// A wire map holding a valid item (for requests built in code: tests, the TUI, benchmarks).
pub fn from_item(item: &Item) -> WireMap {
    item.iter()
        .filter_map(|(k, v)| {
            WireValue::from_json(&v.to_json())
                .ok()
                .map(|w| (k.clone(), w))
        })
        .collect()
}
