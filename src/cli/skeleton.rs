//! `--generate-cli-skeleton` (botocore's `ArgumentGenerator`): a sample input (or output) built from the model.
//!
//! One deliberate difference: for enum strings the CLI picks a *random* allowed value; txlab picks the first, so
//! that the same command prints the same text.

use super::model::{Shape, ShapeType};
use serde_json::{Map, Number, Value};

/// Generates the skeleton of `shape`. With `use_member_names`, strings are the member's name (the output form).
pub fn generate(shape: &'static Shape, use_member_names: bool) -> Value {
    let mut stack = Vec::new();
    generate_shape(shape, &mut stack, "", use_member_names)
}

fn generate_shape(
    shape: &'static Shape,
    stack: &mut Vec<&'static str>,
    name: &str,
    use_member_names: bool,
) -> Value {
    stack.push(&shape.name);
    let value = match shape.shape_type {
        ShapeType::Structure => {
            // A shape already twice on the stack (AttributeValue inside M inside AttributeValue) stops at `{}`.
            if stack.iter().filter(|&&s| s == shape.name).count() > 1 {
                Value::Object(Map::new())
            } else {
                let mut map = Map::new();
                for member in &shape.members {
                    let value = match member.shape() {
                        Some(s) => generate_shape(s, stack, &member.name, use_member_names),
                        None => Value::Null,
                    };
                    map.insert(member.name.clone(), value);
                }
                Value::Object(map)
            }
        }
        ShapeType::List => {
            let member_name = if use_member_names {
                shape
                    .member
                    .as_ref()
                    .map(|r| r.shape.as_str())
                    .unwrap_or("")
            } else {
                ""
            };
            let item = match shape.list_member() {
                Some(m) => generate_shape(m, stack, member_name, use_member_names),
                None => Value::Null,
            };
            Value::Array(vec![item])
        }
        ShapeType::Map => {
            let mut map = Map::new();
            let value = match shape.map_value() {
                Some(v) => generate_shape(v, stack, "", use_member_names),
                None => Value::Null,
            };
            map.insert("KeyName".to_string(), value);
            Value::Object(map)
        }
        ShapeType::String => {
            if use_member_names {
                Value::String(name.to_string())
            } else {
                Value::String(shape.enum_values.first().cloned().unwrap_or_default())
            }
        }
        ShapeType::Integer | ShapeType::Long => Value::Number(Number::from(0)),
        ShapeType::Double | ShapeType::Float => {
            Value::Number(Number::from_f64(0.0).unwrap_or_else(|| Number::from(0)))
        }
        ShapeType::Boolean => Value::Bool(true),
        ShapeType::Timestamp => Value::String("1970-01-01T00:00:00".to_string()),
        // ArgumentGenerator has no case for blobs: they come out as None.
        ShapeType::Blob => Value::Null,
    };
    stack.pop();
    value
}
