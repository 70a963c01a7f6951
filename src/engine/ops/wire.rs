//! Attribute values as received, between DynamoDB's two stages (spec §6, §1.5): the wire shape is checked when
//! the request is read (SerializationException, layer 0, `value::WireItem`), the content when the action is
//! validated (ValidationException, layer 2, in request order).

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::item::Item;
use crate::engine::value::{WireItem, WireValue};

/// One attribute value whose wire shape has been accepted.
pub type Wire = WireValue;

/// A map of attribute values in the order the request gave them.
pub type WireMap = WireItem;

/// Stage 1 for a JSON map of attribute values (an Item, a Key, ExpressionAttributeValues).
pub fn parse_map(json: &Value) -> Result<WireMap, ApiError> {
    WireItem::from_json(json)
}

/// A wire map holding a valid item (for requests built in code: tests, the TUI, benchmarks).
pub fn from_item(item: &Item) -> WireMap {
    let json = Value::Object(item.iter().map(|(k, v)| (k.clone(), v.to_json())).collect());
    WireItem::from_json(&json).unwrap_or_default()
}
