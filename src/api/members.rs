//! Reading request members: JSON types (layer 0, SerializationException with Jackson-style messages) and the
//! model's member constraints (layer 1, all failures together in the `N validation errors detected:` envelope).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::engine::error::ApiError;
use crate::engine::messages as msg;
use crate::engine::ops::wire::{self, WireMap};

pub type Obj = Map<String, Value>;

/// The request body must be a JSON object (`null` counts as an empty one).
pub fn body(v: &Value) -> Result<std::borrow::Cow<'_, Obj>, ApiError> {
    match v {
        Value::Object(o) => Ok(std::borrow::Cow::Borrowed(o)),
        Value::Null => Ok(std::borrow::Cow::Owned(Obj::new())),
        Value::Array(_) => Err(ApiError::serialization(msg::SER_UNEXPECTED_LIST)),
        _ => Err(ApiError::serialization(msg::SER_UNEXPECTED_VALUE_TYPE)),
    }
}

/// A member, treating JSON `null` as absent.
pub fn get<'a>(obj: &'a Obj, name: &str) -> Option<&'a Value> {
    // Request objects have a handful of members: comparing names in order is several times cheaper than
    // hashing the name with the map's SipHash (keys are unique, so both find the same member).
    let found = if obj.len() <= SCAN_LIMIT {
        obj.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
    } else {
        obj.get(name)
    };
    found.filter(|v| !v.is_null())
}

/// Objects up to this many members are searched by scanning.
const SCAN_LIMIT: usize = 16;

fn ser(message: &str) -> ApiError {
    ApiError::serialization(message)
}

/// A JSON value where a string is expected.
pub fn as_string(v: &Value) -> Result<&str, ApiError> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) if n.is_f64() => Err(ser(msg::SER_DECIMAL_NOT_STRING)),
        Value::Number(_) => Err(ser(msg::SER_NUMBER_NOT_STRING)),
        Value::Bool(true) => Err(ser(msg::SER_TRUE_NOT_STRING)),
        Value::Bool(false) => Err(ser(msg::SER_FALSE_NOT_STRING)),
        Value::Object(_) => Err(ser(msg::SER_UNEXPECTED_STRUCTURE)),
        Value::Array(_) => Err(ser(msg::SER_UNEXPECTED_COLLECTION)),
        Value::Null => Err(ser(msg::SER_UNEXPECTED_TOKEN)),
    }
}

pub fn string<'a>(obj: &'a Obj, name: &str) -> Result<Option<&'a str>, ApiError> {
    get(obj, name).map(as_string).transpose()
}

/// Booleans accept `true`/`false` and the strings Jackson coerces (`true`, `false`, `1`, `0`, `yes`, `no`).
pub fn boolean(obj: &Obj, name: &str) -> Result<Option<bool>, ApiError> {
    let Some(v) = get(obj, name) else {
        return Ok(None);
    };
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(ser(msg::SER_UNEXPECTED_TOKEN)),
        },
        Value::Object(_) => Err(ser(msg::SER_UNEXPECTED_STRUCTURE)),
        Value::Array(_) => Err(ser(msg::SER_UNEXPECTED_LIST)),
        _ => Err(ser(msg::SER_UNEXPECTED_TOKEN)),
    }
}

pub fn integer(obj: &Obj, name: &str) -> Result<Option<i64>, ApiError> {
    let Some(v) = get(obj, name) else {
        return Ok(None);
    };
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            None if n.is_u64() => Ok(Some(i64::MAX)),
            None => Err(ser(msg::SER_DECIMAL_NOT_INTEGER)),
        },
        Value::String(_) => Err(ser(msg::SER_STRING_NOT_INTEGER)),
        Value::Bool(_) => Err(ser(msg::SER_BOOLEAN_NOT_INTEGER)),
        Value::Object(_) => Err(ser(msg::SER_UNEXPECTED_STRUCTURE)),
        Value::Array(_) => Err(ser(msg::SER_UNEXPECTED_LIST)),
        Value::Null => Ok(None),
    }
}

pub fn as_list(v: &Value) -> Result<&Vec<Value>, ApiError> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Object(_) => Err(ser(msg::SER_UNEXPECTED_STRUCTURE)),
        _ => Err(ser(msg::SER_UNEXPECTED_FIELD_TYPE)),
    }
}

pub fn list<'a>(obj: &'a Obj, name: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
    get(obj, name).map(as_list).transpose()
}

/// A structure (or map) member.
pub fn as_object(v: &Value) -> Result<&Obj, ApiError> {
    match v {
        Value::Object(o) => Ok(o),
        Value::Array(_) => Err(ser(msg::SER_UNEXPECTED_LIST)),
        _ => Err(ser(msg::SER_UNEXPECTED_VALUE_TYPE)),
    }
}

pub fn object<'a>(obj: &'a Obj, name: &str) -> Result<Option<&'a Obj>, ApiError> {
    get(obj, name).map(as_object).transpose()
}

/// A map of strings (ExpressionAttributeNames).
pub fn string_map(obj: &Obj, name: &str) -> Result<Option<BTreeMap<String, String>>, ApiError> {
    get(obj, name).map(as_string_map).transpose()
}

/// A JSON value where a map of strings is expected (ExpressionAttributeNames).
pub fn as_string_map(v: &Value) -> Result<BTreeMap<String, String>, ApiError> {
    as_object(v)?
        .iter()
        .map(|(k, v)| Ok((k.clone(), as_string(v)?.to_string())))
        .collect()
}

/// A map of attribute values (Item, Key, ExpressionAttributeValues, ExclusiveStartKey), wire shape checked.
pub fn attribute_map(obj: &Obj, name: &str) -> Result<Option<WireMap>, ApiError> {
    get(obj, name).map(wire::parse_map).transpose()
}

/// A list of strings.
pub fn string_list(obj: &Obj, name: &str) -> Result<Option<Vec<String>>, ApiError> {
    let Some(l) = list(obj, name)? else {
        return Ok(None);
    };
    l.iter()
        .map(|v| as_string(v).map(str::to_string))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Member-constraint failures, collected in the order they are checked.
#[derive(Debug, Default)]
pub struct Constraints {
    failures: Vec<String>,
}

impl Constraints {
    pub fn new() -> Constraints {
        Constraints::default()
    }
    pub fn fail(&mut self, value: Option<&str>, path: &str, constraint: &str) {
        self.failures
            .push(msg::constraint_failure(value, path, constraint));
    }
    pub fn not_null(&mut self, path: &str, present: bool) {
        if !present {
            self.fail(None, path, msg::MEMBER_NOT_NULL);
        }
    }
    pub fn enumeration(&mut self, path: &str, value: Option<&str>, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.fail(Some(v), path, &msg::member_enum(allowed));
            }
        }
    }
    /// String length in characters (Java counts UTF-16 units; the difference only shows beyond the BMP).
    pub fn length(&mut self, path: &str, value: Option<&str>, min: usize, max: usize) {
        if let Some(v) = value {
            let n = v.encode_utf16().count();
            if n < min {
                self.fail(Some(v), path, &msg::member_length_at_least(min));
            }
            if n > max {
                self.fail(Some(v), path, &msg::member_length_at_most(max));
            }
        }
    }
    /// A table or index name: `[a-zA-Z0-9_.-]+`, 3 to 255 characters; a table ARN is accepted as is.
    pub fn table_name_ok(value: &str) -> bool {
        if value.starts_with("arn:") && value.contains(":table/") {
            return (1..=1024).contains(&value.encode_utf16().count());
        }
        (3..=255).contains(&value.len())
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    }
    /// Report a table or index name that is not `table_name_ok`.
    pub fn table_name(&mut self, path: &str, value: Option<&str>, required: bool) {
        let Some(v) = value else {
            if required {
                self.not_null(path, false);
            }
            return;
        };
        if v.starts_with("arn:") && v.contains(":table/") {
            self.length(path, Some(v), 1, 1024);
            return;
        }
        let valid = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid {
            self.fail(Some(v), path, &msg::member_pattern(msg::TABLE_NAME_PATTERN));
        }
        self.length(path, Some(v), 3, 255);
    }
    pub fn int_range(
        &mut self,
        path: &str,
        value: Option<i64>,
        min: Option<i64>,
        max: Option<i64>,
    ) {
        if let Some(v) = value {
            let text = v.to_string();
            if min.is_some_and(|m| v < m) {
                self.fail(
                    Some(&text),
                    path,
                    &msg::member_value_at_least(min.unwrap_or(0)),
                );
            }
            if max.is_some_and(|m| v > m) {
                self.fail(
                    Some(&text),
                    path,
                    &msg::member_value_at_most(max.unwrap_or(0)),
                );
            }
        }
    }
    /// A list's length; `dump` renders how the value is echoed (only when the constraint fails).
    pub fn list_length(
        &mut self,
        path: &str,
        dump: impl FnOnce() -> String,
        len: usize,
        min: usize,
        max: usize,
    ) {
        if len < min {
            self.fail(Some(&dump()), path, &msg::member_length_at_least(min));
        } else if len > max {
            self.fail(Some(&dump()), path, &msg::member_length_at_most(max));
        }
    }
    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }
    /// `Err` with the envelope when anything failed.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(msg::validation_envelope(
                &self.failures,
            )))
        }
    }
}

/// How DynamoDB echoes a list in a constraint message: its elements, comma separated, in brackets.
pub fn dump_list(items: &[Value]) -> String {
    let parts: Vec<String> = items.iter().map(|v| v.to_string()).collect();
    format!("[{}]", parts.join(", "))
}
