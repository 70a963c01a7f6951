//! Attribute values as received, between DynamoDB's two stages (spec §6, §1.5): the wire shape is checked when
//! the request is read (SerializationException, layer 0), the content when the action is validated
//! (ValidationException, layer 2, in request order).
//!
//! ADAPTER: this is the one place that knows how the `values` work splits the two stages.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::messages;
use crate::engine::value::{AttributeValue, ValueLayer};

/// One attribute value whose wire shape has been accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct Wire(Value);

/// A map of attribute values in the order the request gave them.
pub type WireMap = Vec<(String, Wire)>;

impl Wire {
    /// Stage 1: wire shape only (SerializationException).
    pub fn parse(json: &Value) -> Result<Wire, ApiError> {
        match json {
            Value::Object(_) => Ok(Wire(json.clone())),
            Value::Array(_) => Err(ApiError::serialization(messages::SER_UNEXPECTED_LIST)),
            _ => Err(ApiError::serialization(messages::SER_UNEXPECTED_VALUE_TYPE)),
        }
    }
    /// Stage 2: content (ValidationException with the given layer's wording).
    pub fn validate(&self, layer: ValueLayer) -> Result<AttributeValue, ApiError> {
        AttributeValue::from_json(&self.0, layer)
    }
    /// Wrap an already valid value (for requests built in code: tests, the TUI, benchmarks).
    pub fn from_value(value: &AttributeValue) -> Wire {
        Wire(value.to_json())
    }
    /// The value as it arrived, for echoing in messages and canonical forms.
    pub fn json(&self) -> &Value {
        &self.0
    }
}

/// Stage 1 for a JSON object of attribute values (an Item, a Key, ExpressionAttributeValues).
pub fn parse_map(json: &serde_json::Map<String, Value>) -> Result<WireMap, ApiError> {
    json.iter()
        .map(|(k, v)| Ok((k.clone(), Wire::parse(v)?)))
        .collect()
}

/// Build a wire map from a valid item.
pub fn from_item(item: &crate::engine::item::Item) -> WireMap {
    item.iter()
        .map(|(k, v)| (k.clone(), Wire::from_value(v)))
        .collect()
}
