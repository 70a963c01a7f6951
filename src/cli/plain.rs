//! Items in plain JSON (txlab's addition): where the AWS CLI takes a map of attribute values in DynamoDB JSON
//! (`--item`, `--key`, `--expression-attribute-values`, `--exclusive-start-key`, and the same members inside
//! `--transact-items`), txlab also takes plain JSON, converted as the SDKs' document clients convert it:
//! string -> S, number -> N, true/false -> BOOL, null -> NULL, array -> L, object -> M.
//!
//! The rule that tells the two apart works on the whole map, never value by value, so that one item is never
//! read half one way and half the other:
//!
//! - a map whose every value is a JSON object is DynamoDB JSON, exactly as the AWS CLI reads it (so a typo
//!   such as `{"Artist": {"s": "Acme"}}` gets the AWS CLI's own error rather than becoming a map);
//! - a map with at least one value that is not an object (a string, number, boolean, null or array, which
//!   DynamoDB JSON never has at that level) is plain JSON, every value of it.
//!
//! So `{"Artist": "Acme", "Year": 2020}` is plain and `{"Artist": {"S": "Acme"}}` is DynamoDB JSON. The one
//! case the rule cannot see is a plain item whose every attribute is itself an object: write that one in
//! DynamoDB JSON. Numbers keep the text they were written with (Python's `repr` for a float), and the engine
//! checks them as DynamoDB does, with DynamoDB's messages.

use super::model::{Shape, ShapeType};
use super::pyjson::number_repr;
use serde_json::{Map, Value};

/// The model's shape for one DynamoDB JSON value.
const ATTRIBUTE_VALUE: &str = "AttributeValue";

/// Plain values nest at most this deep before they are left for validation to refuse (DynamoDB stops at 32).
const MAX_DEPTH: usize = 64;

/// Rewrites, in place, every plain-JSON attribute map of `request` (walking the operation's input shape).
pub fn convert(request: &mut Value, input: &'static Shape) {
    let mut stack: Vec<(&mut Value, &'static Shape)> = vec![(request, input)];
    while let Some((value, shape)) = stack.pop() {
        match (shape.shape_type, value) {
            (ShapeType::Structure, Value::Object(map)) => {
                for (key, v) in map.iter_mut() {
                    if let Some(s) = shape.member_shape(key) {
                        stack.push((v, s));
                    }
                }
            }
            (ShapeType::List, Value::Array(items)) => {
                if let Some(member) = shape.list_member() {
                    stack.extend(items.iter_mut().map(|v| (v, member)));
                }
            }
            (ShapeType::Map, Value::Object(map)) => {
                let Some(value_shape) = shape.map_value() else {
                    continue;
                };
                if value_shape.name == ATTRIBUTE_VALUE {
                    if is_plain(map) {
                        for v in map.values_mut() {
                            *v = to_dynamodb_json(v, 0);
                        }
                    }
                } else {
                    stack.extend(map.values_mut().map(|v| (v, value_shape)));
                }
            }
            _ => {}
        }
    }
}

/// The detection rule (see the module comment).
pub fn is_plain(map: &Map<String, Value>) -> bool {
    map.values().any(|v| !v.is_object())
}

/// One plain JSON value as DynamoDB JSON.
pub fn to_dynamodb_json(value: &Value, depth: usize) -> Value {
    let one = |k: &str, v: Value| {
        let mut m = Map::new();
        m.insert(k.to_string(), v);
        Value::Object(m)
    };
    if depth > MAX_DEPTH {
        // Left as it is: validation refuses it with the AWS CLI's message.
        return value.clone();
    }
    match value {
        Value::String(s) => one("S", Value::String(s.clone())),
        Value::Number(n) => one("N", Value::String(number_repr(n))),
        Value::Bool(b) => one("BOOL", Value::Bool(*b)),
        Value::Null => one("NULL", Value::Bool(true)),
        Value::Array(items) => one(
            "L",
            Value::Array(
                items
                    .iter()
                    .map(|v| to_dynamodb_json(v, depth + 1))
                    .collect(),
            ),
        ),
        Value::Object(map) => one(
            "M",
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), to_dynamodb_json(v, depth + 1)))
                    .collect(),
            ),
        ),
    }
}
