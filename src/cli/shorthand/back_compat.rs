//! The CLI's `BackCompatVisitor`: parsed shorthand adjusted to the model.

use super::ShorthandError;
use crate::cli::model::{Shape, ShapeType};
use crate::cli::pyrepr::{py_float, py_int, repr_str};
use serde_json::{Number, Value};

/// Python's name for a JSON value's type, as in `int() argument must be ... not 'list'`.
fn py_type(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(_) => "int",
        Value::String(_) => "str",
    }
}

/// `BackCompatVisitor`: adjusts parsed shorthand to the model, visiting in the CLI's order (model members,
/// depth first) so that the first error reported is the CLI's. Iterative over an explicit stack.
pub fn back_compat(value: &mut Value, shape: &'static Shape) -> Result<(), ShorthandError> {
    let mut stack: Vec<(&mut Value, &'static Shape)> = vec![(value, shape)];
    while let Some((value, shape)) = stack.pop() {
        match shape.shape_type {
            ShapeType::Structure => {
                if let Value::Object(map) = value {
                    let mut children: Vec<(usize, &mut Value, &'static Shape)> = map
                        .iter_mut()
                        .filter_map(|(key, v)| {
                            let index = shape.members.iter().position(|m| &m.name == key)?;
                            let member_shape = shape.member_shape(key)?;
                            Some((index, v, member_shape))
                        })
                        .collect();
                    children.sort_by_key(|c| std::cmp::Reverse(c.0));
                    stack.extend(children.into_iter().map(|(_, v, s)| (v, s)));
                }
            }
            ShapeType::List => {
                if !value.is_array() && !value.is_null() {
                    let single = std::mem::take(value);
                    *value = Value::Array(vec![single]);
                } else if let (Value::Array(items), Some(member)) =
                    (&mut *value, shape.list_member())
                {
                    stack.extend(items.iter_mut().rev().map(|item| (item, member)));
                }
            }
            ShapeType::Map => {
                if let (Value::Object(map), Some(value_shape)) = (&mut *value, shape.map_value()) {
                    let children: Vec<&mut Value> = map.iter_mut().map(|(_, v)| v).collect();
                    stack.extend(children.into_iter().rev().map(|v| (v, value_shape)));
                }
            }
            ShapeType::Integer | ShapeType::Long => {
                let converted = match &*value {
                    Value::String(s) => py_int(s).map(Number::from).ok_or_else(|| {
                        ShorthandError::General(format!(
                            "invalid literal for int() with base 10: {}",
                            repr_str(s)
                        ))
                    })?,
                    other => {
                        return Err(ShorthandError::General(format!(
                            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                            py_type(other)
                        )))
                    }
                };
                *value = Value::Number(converted);
            }
            ShapeType::Double | ShapeType::Float => {
                let converted = match &*value {
                    Value::String(s) => {
                        py_float(s).and_then(Number::from_f64).ok_or_else(|| {
                            ShorthandError::General(format!(
                                "could not convert string to float: {}",
                                repr_str(s)
                            ))
                        })?
                    }
                    other => {
                        return Err(ShorthandError::General(format!(
                            "float() argument must be a string or a real number, not '{}'",
                            py_type(other)
                        )))
                    }
                };
                *value = Value::Number(converted);
            }
            ShapeType::Boolean => match &*value {
                Value::String(s) if s.to_lowercase() == "true" => *value = Value::Bool(true),
                Value::String(s) if s.to_lowercase() == "false" => *value = Value::Bool(false),
                Value::String(_) => {}
                other => {
                    return Err(ShorthandError::General(format!(
                        "'{}' object has no attribute 'lower'",
                        py_type(other)
                    )))
                }
            },
            _ => {}
        }
    }
    Ok(())
}
