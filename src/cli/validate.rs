//! botocore's client-side parameter validation (`botocore/validate.py`), which the AWS CLI runs before sending a
//! request: required members, unknown members, Python types, and the model's `min`. Everything else (enums, `max`,
//! patterns, expression syntax) is left to DynamoDB, so txlab leaves it to its engine.

use super::model::{Shape, ShapeType};
use super::pyrepr::{str_value, type_name, DictKind};
use serde_json::Value;

/// Nesting bound; DynamoDB's own limit (32 levels of documents) is far below it.
const MAX_DEPTH: usize = 200;

struct Validator<'a> {
    errors: Vec<String>,
    /// How each top-level parameter's dictionaries print (JSON arguments are `OrderedDict`s).
    kind_of: &'a dyn Fn(&str) -> DictKind,
}

fn shown(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

/// Python's `isinstance` checks, by botocore's type table.
fn type_ok(value: &Value, shape_type: ShapeType) -> bool {
    match shape_type {
        ShapeType::Structure | ShapeType::Map => value.is_object(),
        ShapeType::List => value.is_array(),
        ShapeType::String => value.is_string(),
        // bool is a subclass of int in Python.
        ShapeType::Integer | ShapeType::Long => {
            value.is_boolean() || value.as_number().is_some_and(|n| !n.is_f64())
        }
        ShapeType::Double | ShapeType::Float => value.is_boolean() || value.is_number(),
        ShapeType::Boolean => value.is_boolean(),
        ShapeType::Blob => value.is_string(),
        ShapeType::Timestamp => value.is_string() || value.is_number(),
    }
}

fn valid_type_names(shape_type: ShapeType) -> &'static str {
    match shape_type {
        ShapeType::Structure | ShapeType::Map => "<class 'dict'>",
        ShapeType::List => "<class 'list'>, <class 'tuple'>",
        ShapeType::String => "<class 'str'>",
        ShapeType::Integer | ShapeType::Long => "<class 'int'>",
        ShapeType::Double | ShapeType::Float => {
            "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"
        }
        ShapeType::Boolean => "<class 'bool'>",
        ShapeType::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
        ShapeType::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
    }
}

fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        other => other.as_f64(),
    }
}

impl Validator<'_> {
    fn invalid_type(&mut self, name: &str, value: &Value, shape_type: ShapeType, kind: DictKind) {
        self.errors.push(format!(
            "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
            shown(name),
            str_value(value, kind),
            type_name(value, kind),
            valid_type_names(shape_type)
        ));
    }

    fn range(
        &mut self,
        name: &str,
        measured: f64,
        shown_value: String,
        shape: &Shape,
        length: bool,
    ) {
        let Some(min) = shape.min else {
            return;
        };
        if measured < min {
            let what = if length { "length" } else { "value" };
            let kind = if length {
                "Invalid length"
            } else {
                "Invalid value"
            };
            self.errors.push(format!(
                "{kind} for parameter {}, value: {shown_value}, valid min {what}: {}",
                shown(name),
                if min.fract() == 0.0 {
                    format!("{}", min as i64)
                } else {
                    super::pyjson::float_repr(min)
                }
            ));
        }
    }

    fn validate(
        &mut self,
        value: &Value,
        shape: &'static Shape,
        name: String,
        kind: DictKind,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if !type_ok(value, shape.shape_type) {
            self.invalid_type(&name, value, shape.shape_type, kind);
            return;
        }
        match shape.shape_type {
            ShapeType::Structure => {
                let Value::Object(params) = value else {
                    return;
                };
                for required in &shape.required {
                    if !params.contains_key(required) {
                        self.errors.push(format!(
                            "Missing required parameter in {}: \"{required}\"",
                            shown(&name)
                        ));
                    }
                }
                let valid: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
                for key in params.keys() {
                    if !valid.contains(&key.as_str()) {
                        self.errors.push(format!(
                            "Unknown parameter in {}: \"{key}\", must be one of: {}",
                            shown(&name),
                            valid.join(", ")
                        ));
                    }
                }
                for (key, member_value) in params {
                    if let Some(member_shape) = shape.member_shape(key) {
                        let member_kind = if depth == 0 {
                            (self.kind_of)(key)
                        } else {
                            kind
                        };
                        self.validate(
                            member_value,
                            member_shape,
                            format!("{name}.{key}"),
                            member_kind,
                            depth + 1,
                        );
                    }
                }
            }
            ShapeType::List => {
                let Value::Array(items) = value else {
                    return;
                };
                self.range(
                    &name,
                    items.len() as f64,
                    items.len().to_string(),
                    shape,
                    true,
                );
                let Some(member) = shape.list_member() else {
                    return;
                };
                let constrained = !member.required.is_empty() || member.min.is_some();
                for (i, item) in items.iter().enumerate() {
                    let item_name = format!("{name}[{i}]");
                    if member.shape_type.is_scalar() && !constrained {
                        if !type_ok(item, member.shape_type) {
                            self.invalid_type(&item_name, item, member.shape_type, kind);
                        }
                    } else {
                        self.validate(item, member, item_name, kind, depth + 1);
                    }
                }
            }
            ShapeType::Map => {
                let Value::Object(map) = value else {
                    return;
                };
                for (key, v) in map {
                    if let Some(key_shape) = shape.map_key() {
                        let key_value = Value::String(key.clone());
                        self.validate(
                            &key_value,
                            key_shape,
                            format!("{name} (key: {key})"),
                            kind,
                            depth + 1,
                        );
                    }
                    if let Some(value_shape) = shape.map_value() {
                        self.validate(v, value_shape, format!("{name}.{key}"), kind, depth + 1);
                    }
                }
            }
            ShapeType::String => {
                let len = value.as_str().map(|s| s.chars().count()).unwrap_or(0);
                self.range(&name, len as f64, len.to_string(), shape, true);
            }
            ShapeType::Integer | ShapeType::Long | ShapeType::Double | ShapeType::Float => {
                if let Some(n) = as_number(value) {
                    self.range(&name, n, str_value(value, kind), shape, false);
                }
            }
            ShapeType::Boolean | ShapeType::Blob | ShapeType::Timestamp => {}
        }
    }
}

/// Validates a request against the operation's input shape; the messages are botocore's, in its order.
/// `kind_of(member)` says how the top-level member's dictionaries print in messages.
pub fn validate(
    params: &Value,
    input: &'static Shape,
    kind_of: &dyn Fn(&str) -> DictKind,
) -> Vec<String> {
    let mut validator = Validator {
        errors: Vec::new(),
        kind_of,
    };
    validator.validate(params, input, String::new(), DictKind::Dict, 0);
    validator.errors
}
