//! Writing values: DynamoDB JSON, the BETWEEN-message text, and plain JSON as the AWS SDKs' document clients
//! convert it (`{"Artist": "Acme", "Year": 2020}`), in both directions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::wire::MAX_READ_DEPTH;
use super::AttributeValue;
use crate::engine::error::ApiError;
use crate::engine::messages as m;
use crate::engine::number::Number;

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// DynamoDB JSON: one member named by the type; N as canonical text; B and BS members as padded base64; M in
/// key order.
pub(super) fn to_json(value: &AttributeValue) -> Value {
    let (tag, inner) = match value {
        AttributeValue::S(s) => ("S", Value::String(s.clone())),
        AttributeValue::N(n) => ("N", Value::String(n.to_canonical_string())),
        AttributeValue::B(b) => ("B", Value::String(base64(b))),
        AttributeValue::SS(members) => (
            "SS",
            Value::Array(members.iter().cloned().map(Value::String).collect()),
        ),
        AttributeValue::NS(members) => (
            "NS",
            Value::Array(
                members
                    .iter()
                    .map(|n| Value::String(n.to_canonical_string()))
                    .collect(),
            ),
        ),
        AttributeValue::BS(members) => (
            "BS",
            Value::Array(members.iter().map(|b| Value::String(base64(b))).collect()),
        ),
        AttributeValue::M(map) => (
            "M",
            Value::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        ),
        AttributeValue::L(list) => ("L", Value::Array(list.iter().map(to_json).collect())),
        AttributeValue::Null => ("NULL", Value::Bool(true)),
        AttributeValue::Bool(b) => ("BOOL", Value::Bool(*b)),
    };
    let mut object = Map::with_capacity(1);
    object.insert(tag.to_string(), inner);
    Value::Object(object)
}

/// `{N:1}`, `{S:a}` (captured), and the same pattern for the other types (see `to_bound_text`).
pub(super) fn write_bound(value: &AttributeValue, out: &mut String) {
    let join = |out: &mut String, items: &mut dyn Iterator<Item = String>| {
        out.push('[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&item);
        }
        out.push(']');
    };
    out.push('{');
    out.push_str(value.type_name());
    out.push(':');
    match value {
        AttributeValue::S(s) => out.push_str(s),
        AttributeValue::N(n) => out.push_str(&n.to_canonical_string()),
        AttributeValue::B(b) => out.push_str(&base64(b)),
        AttributeValue::SS(members) => join(out, &mut members.iter().cloned()),
        AttributeValue::NS(members) => {
            join(out, &mut members.iter().map(Number::to_canonical_string))
        }
        AttributeValue::BS(members) => join(out, &mut members.iter().map(|b| base64(b))),
        AttributeValue::L(list) => {
            out.push('[');
            for (i, v) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_bound(v, out);
            }
            out.push(']');
        }
        AttributeValue::M(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}=");
                write_bound(v, out);
            }
            out.push('}');
        }
        AttributeValue::Null => out.push_str("true"),
        AttributeValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
    }
    out.push('}');
}

/// Plain JSON as the document clients write it: S -> string, N -> JSON number when its JSON text reads back as
/// the same value (else the canonical string), B -> base64 string, sets -> arrays, L -> array, M -> object,
/// NULL -> null, BOOL -> boolean.
pub fn to_plain_json(value: &AttributeValue) -> Value {
    match value {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => plain_number(n),
        AttributeValue::B(b) => Value::String(base64(b)),
        AttributeValue::SS(members) => {
            Value::Array(members.iter().cloned().map(Value::String).collect())
        }
        AttributeValue::NS(members) => Value::Array(members.iter().map(plain_number).collect()),
        AttributeValue::BS(members) => {
            Value::Array(members.iter().map(|b| Value::String(base64(b))).collect())
        }
        AttributeValue::M(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), to_plain_json(v)))
                .collect(),
        ),
        AttributeValue::L(list) => Value::Array(list.iter().map(to_plain_json).collect()),
        AttributeValue::Null => Value::Null,
        AttributeValue::Bool(b) => Value::Bool(*b),
    }
}

/// A JSON number if one carries this value exactly through its text; otherwise the canonical string.
fn plain_number(n: &Number) -> Value {
    let text = n.to_canonical_string();
    if let Ok(i) = text.parse::<i64>() {
        return Value::from(i);
    }
    if let Ok(u) = text.parse::<u64>() {
        return Value::from(u);
    }
    if let Some(json) = text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        if Number::parse(&json.to_string()).as_ref() == Ok(n) {
            return Value::Number(json);
        }
    }
    Value::String(text)
}

/// Plain JSON to a value, as the document clients convert it: string -> S, number -> N, boolean -> BOOL,
/// null -> NULL, array -> L, object -> M. Numbers are read from serde_json's text of the number (so a JSON
/// number that serde_json held as a float arrives as that float's shortest text), then checked as DynamoDB
/// checks numbers. Nesting deeper than `MAX_READ_DEPTH` gets the nesting message.
pub fn from_plain_json(json: &Value) -> Result<AttributeValue, ApiError> {
    plain(json, 1)
}

fn plain(json: &Value, depth: usize) -> Result<AttributeValue, ApiError> {
    if depth > MAX_READ_DEPTH {
        return Err(ApiError::validation(m::NESTING_TOO_DEEP));
    }
    Ok(match json {
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Number(n) => AttributeValue::N(
            Number::parse(&n.to_string())
                .map_err(|e| ApiError::validation(e.message_for(super::ValueLayer::Current)))?,
        ),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Null => AttributeValue::Null,
        Value::Array(list) => AttributeValue::L(
            list.iter()
                .map(|v| plain(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            for (k, v) in map {
                out.insert(k.clone(), plain(v, depth + 1)?);
            }
            AttributeValue::M(out)
        }
    })
}
