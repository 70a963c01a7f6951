//! AttributeValue: DynamoDB's ten types, DynamoDB JSON in and out, and validation with DynamoDB's messages
//! (spec §6). CONTRACT: the enum and the signatures below are what the rest of the engine uses.
//!
//! Reading a value from the wire has two stages, because DynamoDB reports SerializationExceptions for a whole
//! request before any ValidationException (spec §1.5, layer 0 vs layer 2):
//! 1. `WireValue::from_json` (wire.rs) checks the JSON shapes and decodes base64: SerializationException only.
//! 2. `WireValue::validate` (validate.rs) checks types, sets and numbers: ValidationException only.
//!
//! `AttributeValue::from_json` does both. Nesting deeper than 32 levels is *not* an error here: whether and how
//! DynamoDB checks it depends on the surface, so the operations layer checks `depth()`. Only absurd nesting
//! (deeper than `MAX_READ_DEPTH`) is refused here, with the nesting message, so that no recursion over a value
//! can exhaust the stack.

use std::collections::BTreeMap;

use super::error::ApiError;
use super::number::Number;

mod json;
mod validate;
mod wire;

pub use json::{from_plain_json, to_plain_json};
pub use wire::{PlainWireItem, WireItem, WireValue, MAX_READ_DEPTH};

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
    /// A value nested deeper than 32 levels is accepted here (the caller checks `depth()`); one deeper than
    /// `MAX_READ_DEPTH` gets the nesting ValidationException.
    pub fn from_json(
        json: &serde_json::Value,
        layer: ValueLayer,
    ) -> Result<AttributeValue, ApiError> {
        WireValue::from_json(json)?.validate(layer)
    }
    /// DynamoDB JSON (`{"S": "x"}`, B and BS as base64, N as canonical strings).
    pub fn to_json(&self) -> serde_json::Value {
        json::to_json(self)
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
    /// Bytes this value takes in an item (spec §7.1), not counting its attribute name: S UTF-8 bytes, B raw
    /// bytes, N the base-100 formula, BOOL/NULL 1, sets the sum of their members (no overhead, Appendix D #18),
    /// L and M 3 bytes plus 1 byte and the size of each element (for M also the key's UTF-8 bytes).
    pub fn size(&self) -> usize {
        match self {
            AttributeValue::S(s) => s.len(),
            AttributeValue::N(n) => n.stored_size(),
            AttributeValue::B(b) => b.len(),
            AttributeValue::SS(members) => members.iter().map(String::len).sum(),
            AttributeValue::NS(members) => members.iter().map(Number::stored_size).sum(),
            AttributeValue::BS(members) => members.iter().map(Vec::len).sum(),
            AttributeValue::M(map) => {
                3 + map
                    .iter()
                    .map(|(k, v)| 1 + k.len() + v.size())
                    .sum::<usize>()
            }
            AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + v.size()).sum::<usize>(),
            AttributeValue::Null | AttributeValue::Bool(_) => 1,
        }
    }
    /// Nesting level of this value counting itself as 1 (a scalar is 1, `{"M":{"a":{"S":"x"}}}` is 2).
    /// Empty lists and maps are 1. Iterative, so it is safe on any value.
    pub fn depth(&self) -> usize {
        // Scalars and sets (nearly every attribute) need no stack.
        if !matches!(self, AttributeValue::L(_) | AttributeValue::M(_)) {
            return 1;
        }
        let mut deepest = 0;
        let mut stack: Vec<(&AttributeValue, usize)> = vec![(self, 1)];
        while let Some((value, level)) = stack.pop() {
            deepest = deepest.max(level);
            match value {
                AttributeValue::L(list) => stack.extend(list.iter().map(|v| (v, level + 1))),
                AttributeValue::M(map) => stack.extend(map.values().map(|v| (v, level + 1))),
                _ => {}
            }
        }
        deepest
    }
    /// The text DynamoDB uses for BETWEEN bound messages: `AttributeValue: {N:1}`, `AttributeValue: {S:a}`.
    /// Only S and N are captured; the other types follow the same pattern: `{B:AQI=}`, `{BOOL:true}`,
    /// `{NULL:true}`, `{SS:[a, b]}`, `{NS:[1, 2]}`, `{BS:[AQI=]}`, `{L:[{S:a}, {N:1}]}`, `{M:{k={S:a}}}`.
    pub fn to_bound_text(&self) -> String {
        let mut out = String::from("AttributeValue: ");
        json::write_bound(self, &mut out);
        out
    }

    /// A string set, sorted by UTF-8 bytes with duplicates removed. May be empty: the caller must not store an
    /// empty set.
    pub fn string_set(members: impl IntoIterator<Item = String>) -> AttributeValue {
        let mut members: Vec<String> = members.into_iter().collect();
        members.sort_unstable();
        members.dedup();
        AttributeValue::SS(members)
    }
    /// A number set, sorted by value with duplicates (by value) removed. May be empty.
    pub fn number_set(members: impl IntoIterator<Item = Number>) -> AttributeValue {
        let mut members: Vec<Number> = members.into_iter().collect();
        members.sort_unstable();
        members.dedup();
        AttributeValue::NS(members)
    }
    /// A binary set, sorted by unsigned bytes with duplicates removed. May be empty.
    pub fn binary_set(members: impl IntoIterator<Item = Vec<u8>>) -> AttributeValue {
        let mut members: Vec<Vec<u8>> = members.into_iter().collect();
        members.sort_unstable();
        members.dedup();
        AttributeValue::BS(members)
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
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Reads a value straight from the text: the common one-member scalars (`S`, `N`, `BOOL`, `NULL`) without an
/// intermediate JSON tree (session files hold millions of them), everything else through `from_json`, so the
/// result and the checks are `from_json`'s in every case.
struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an attribute value in DynamoDB JSON")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<AttributeValue, A::Error> {
        use serde_json::Value;
        let Some(first) = map.next_key::<String>()? else {
            return slow(Value::Object(serde_json::Map::new()));
        };
        let value: Value = map.next_value()?;
        let Some(second) = map.next_key::<String>()? else {
            // One member: the usual case.
            let fast = match (first.as_str(), value) {
                ("S", Value::String(s)) => return Ok(AttributeValue::S(s)),
                ("N", Value::String(text)) => match Number::parse_for(&text, ValueLayer::Current) {
                    Ok(n) => return Ok(AttributeValue::N(n)),
                    Err(_) => Value::String(text),
                },
                ("BOOL", Value::Bool(b)) => return Ok(AttributeValue::Bool(b)),
                ("NULL", Value::Bool(true)) => return Ok(AttributeValue::Null),
                (_, other) => other,
            };
            let mut whole = serde_json::Map::new();
            whole.insert(first, fast);
            return slow(Value::Object(whole));
        };
        let mut whole = serde_json::Map::new();
        whole.insert(first, value);
        let v: Value = map.next_value()?;
        whole.insert(second, v);
        while let Some(key) = map.next_key::<String>()? {
            let v: Value = map.next_value()?;
            whole.insert(key, v);
        }
        slow(Value::Object(whole))
    }
}

fn slow<E: serde::de::Error>(json: serde_json::Value) -> Result<AttributeValue, E> {
    AttributeValue::from_json(&json, ValueLayer::Current).map_err(|e| E::custom(e.message))
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
