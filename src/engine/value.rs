//! AttributeValue: DynamoDB's ten types, DynamoDB JSON in and out, and validation with DynamoDB's messages
//! (spec §6). CONTRACT: the enum and the signatures below are what the rest of the engine uses.

use std::collections::BTreeMap;

use super::error::ApiError;
use super::number::Number;

/// One DynamoDB value. Sets are kept sorted (S by UTF-8 bytes, N by value, B by unsigned bytes) and free of
/// duplicates, so derived equality is set equality and output is deterministic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AttributeValue {
    S(String),
    N(Number),
    B(Vec<u8>),
    SS(Vec<String>),
    NS(Vec<Number>),
    BS(Vec<Vec<u8>>),
    M(BTreeMap<String, AttributeValue>),
    L(Vec<AttributeValue>),
    Null,
    Bool(bool),
}

/// Which of DynamoDB's two value-validation layers words the messages (spec §6.2, Appendix D #21).
/// `Older` is what TransactWriteItems uses in most regions; `Current` is PutItem/UpdateItem/...
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ValueLayer {
    #[default]
    Older,
    Current,
}

impl AttributeValue {
    /// Both stages: SerializationException for wire-shape problems, then ValidationException (spec §6).
    pub fn from_json(
        _json: &serde_json::Value,
        _layer: ValueLayer,
    ) -> Result<AttributeValue, ApiError> {
        todo!()
    }
    /// DynamoDB JSON (`{"S": "x"}`, B and BS as base64, N as canonical strings).
    pub fn to_json(&self) -> serde_json::Value {
        todo!()
    }
    /// Short type name: S, N, B, SS, NS, BS, M, L, NULL, BOOL.
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::SS(_) => "SS",
            AttributeValue::NS(_) => "NS",
            AttributeValue::BS(_) => "BS",
            AttributeValue::M(_) => "M",
            AttributeValue::L(_) => "L",
            AttributeValue::Null => "NULL",
            AttributeValue::Bool(_) => "BOOL",
        }
    }
    /// Long type name used by ADD/DELETE messages: STRING, NUMBER, BINARY, BOOLEAN, NULL, LIST, MAP, and for sets
    /// STRING_SET, NUMBER_SET, BINARY_SET.
    pub fn long_type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "STRING",
            AttributeValue::N(_) => "NUMBER",
            AttributeValue::B(_) => "BINARY",
            AttributeValue::SS(_) => "STRING_SET",
            AttributeValue::NS(_) => "NUMBER_SET",
            AttributeValue::BS(_) => "BINARY_SET",
            AttributeValue::M(_) => "MAP",
            AttributeValue::L(_) => "LIST",
            AttributeValue::Null => "NULL",
            AttributeValue::Bool(_) => "BOOLEAN",
        }
    }
    /// Bytes this value takes in an item (spec §7.1), not counting its attribute name.
    pub fn size(&self) -> usize {
        todo!()
    }
    /// Nesting level of this value counting itself as 1 (a scalar is 1, `{"M":{"a":{"S":"x"}}}` is 2).
    pub fn depth(&self) -> usize {
        todo!()
    }
    /// The text DynamoDB uses for BETWEEN bound messages: `AttributeValue: {N:1}`, `AttributeValue: {S:a}`.
    pub fn to_bound_text(&self) -> String {
        todo!()
    }
}

/// DynamoDB JSON, so that traces and sessions store values exactly as DynamoDB writes them.
impl serde::Serialize for AttributeValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.to_json(), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for AttributeValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = serde_json::Value::deserialize(deserializer)?;
        AttributeValue::from_json(&json, ValueLayer::Current)
            .map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl AttributeValue {
    /// DynamoDB's ordering for `<`, `<=`, `>`, `>=` and BETWEEN: N by value, S by UTF-8 bytes, B by unsigned
    /// bytes; `None` for any other type or for two different types (spec §3.5).
    pub fn compare_ordered(&self, other: &AttributeValue) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (AttributeValue::N(a), AttributeValue::N(b)) => Some(a.cmp(b)),
            (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (AttributeValue::B(a), AttributeValue::B(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}
