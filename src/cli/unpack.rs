//! From the words given for a flag to the request member's value, in the AWS CLI's order of steps: a `file://`
//! value is replaced by the file's content (`load-cli-arg`), then complex members are read as shorthand unless
//! they look like JSON (`process-cli-arg`), otherwise as JSON or as scalars (`unpack_cli_arg`).

use super::argparse::ArgValue;
use super::messages;
use super::model::{Shape, ShapeType};
use super::pyjson;
use super::pyrepr::{py_int, repr_str, DictKind};
use super::shorthand::{self, ShorthandError};
use super::{paramfile, UsageError};
use serde_json::{Number, Value};
use std::path::Path;

/// Applies `file://` to a flag's raw value (for a list flag, only when exactly one word was given).
pub fn load_paramfile(cli_name: &str, value: ArgValue, cwd: &Path) -> Result<ArgValue, UsageError> {
    let load = |word: &str| {
        paramfile::load(word, cwd)
            .map_err(|e| UsageError::usage(messages::param_error(cli_name, &e)))
    };
    match value {
        ArgValue::Str(word) => Ok(ArgValue::Str(load(&word)?.unwrap_or(word))),
        ArgValue::List(words) if words.len() == 1 => {
            let word = words.into_iter().next().unwrap_or_default();
            Ok(match load(&word)? {
                Some(content) => ArgValue::Str(content),
                None => ArgValue::List(vec![word]),
            })
        }
        other => Ok(other),
    }
}

fn looks_like_json(word: &str) -> bool {
    let t = word.trim_matches(super::pyrepr::is_py_space);
    t.starts_with('[') || t.starts_with('{')
}

/// Whether the member takes shorthand: structures, maps, and lists of those.
fn supports_shorthand(shape: &Shape) -> bool {
    match shape.shape_type {
        ShapeType::Structure | ShapeType::Map => true,
        ShapeType::List => shape
            .list_member()
            .is_some_and(|m| !m.shape_type.is_scalar()),
        _ => false,
    }
}

fn shorthand_error(cli_name: &str, e: ShorthandError) -> UsageError {
    match e {
        ShorthandError::Syntax(message) => {
            UsageError::usage(messages::param_error(cli_name, &message))
        }
        ShorthandError::General(message) => UsageError::general(messages::plain(&message)),
    }
}

fn parse_json(cli_name: &str, text: &str) -> Result<Value, UsageError> {
    pyjson::loads(text).map_err(|e| {
        if e.is_recursion() {
            return UsageError::general(messages::plain(&e.text));
        }
        UsageError::usage(messages::param_error(
            cli_name,
            &messages::invalid_json(&e.text, text),
        ))
    })
}

/// `unpack_scalar_cli_arg` for one word.
fn scalar(shape: &Shape, word: &str) -> Result<Value, UsageError> {
    match shape.shape_type {
        ShapeType::Integer | ShapeType::Long => py_int(word)
            .map(|n| Value::Number(Number::from(n)))
            .ok_or_else(|| {
                UsageError::general(messages::plain(&messages::invalid_int_literal(&repr_str(
                    word,
                ))))
            }),
        ShapeType::Double | ShapeType::Float => super::pyrepr::py_float(word)
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                UsageError::general(messages::plain(&format!(
                    "could not convert string to float: {}",
                    repr_str(word)
                )))
            }),
        ShapeType::Boolean => Ok(Value::Bool(
            !word.is_empty() && word.to_lowercase() != "false",
        )),
        _ => Ok(Value::String(word.to_string())),
    }
}

fn index_error() -> UsageError {
    UsageError::general(messages::plain("string index out of range"))
}

/// `_unpack_complex_cli_arg` / `_unpack_cli_arg` for one word of a complex member.
fn complex(cli_name: &str, shape: &Shape, word: &str) -> Result<Value, UsageError> {
    let stripped = word.trim_start_matches(super::pyrepr::is_py_space);
    match shape.shape_type {
        ShapeType::Structure | ShapeType::Map => {
            if stripped.is_empty() {
                Err(index_error())
            } else if stripped.starts_with('{') {
                parse_json(cli_name, word)
            } else {
                Err(UsageError::usage(messages::param_error(
                    cli_name,
                    &messages::invalid_json_bare(word),
                )))
            }
        }
        ShapeType::List => {
            if stripped.is_empty() {
                return Err(index_error());
            }
            if stripped.starts_with('[') {
                return parse_json(cli_name, word);
            }
            // Python iterates a string it expected to be a list of words: character by character.
            let Some(member) = shape.list_member() else {
                return Ok(Value::Array(Vec::new()));
            };
            let first = word.chars().next().map(String::from).unwrap_or_default();
            let mut items = Vec::new();
            for c in word.chars() {
                let c = c.to_string();
                let item = if member.shape_type.is_scalar() {
                    scalar(member, &c)
                        .map_err(|_| UsageError::usage(messages::param_error(cli_name, &first)))?
                } else {
                    complex(cli_name, member, &c)?
                };
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        _ => scalar(shape, word),
    }
}

/// Unpacks a member flag's value. Returns the value and how its dictionaries print in Python messages.
pub fn unpack(
    cli_name: &str,
    shape: &'static Shape,
    value: ArgValue,
    cwd: &Path,
) -> Result<(Value, DictKind), UsageError> {
    let value = load_paramfile(cli_name, value, cwd)?;
    if let ArgValue::Bool(b) = value {
        return Ok((Value::Bool(b), DictKind::Dict));
    }
    if let ArgValue::Int(n) = value {
        return Ok((Value::Number(Number::from(n)), DictKind::Dict));
    }
    // process-cli-arg: shorthand, unless the (first) word looks like JSON.
    let first_word = match &value {
        ArgValue::Str(s) => Some(s.as_str()),
        ArgValue::List(words) => words.first().map(String::as_str),
        _ => None,
    };
    let json_like = first_word.is_some_and(looks_like_json);
    if !json_like && supports_shorthand(shape) {
        let mut parsed = match &value {
            ArgValue::List(words) => {
                let mut items = Vec::with_capacity(words.len());
                for word in words {
                    items.push(
                        shorthand::parse(word, cwd).map_err(|e| shorthand_error(cli_name, e))?,
                    );
                }
                Value::Array(items)
            }
            ArgValue::Str(word) => {
                shorthand::parse(word, cwd).map_err(|e| shorthand_error(cli_name, e))?
            }
            _ => Value::Null,
        };
        // The CLI's visitor wraps a non-list top-level value into a throw-away parent: a list member given one
        // string (from a file) keeps the parsed dictionary as it is.
        if !(shape.shape_type == ShapeType::List && matches!(value, ArgValue::Str(_))) {
            shorthand::back_compat(&mut parsed, shape).map_err(|e| shorthand_error(cli_name, e))?;
        }
        return Ok((parsed, DictKind::Dict));
    }
    let unpacked = match value {
        ArgValue::Str(word) if shape.shape_type.is_scalar() => scalar(shape, &word)?,
        ArgValue::Str(word) => complex(cli_name, shape, &word)?,
        ArgValue::List(words) => {
            if words.len() == 1 {
                if let Some(word) = words.first() {
                    if word
                        .trim_matches(super::pyrepr::is_py_space)
                        .starts_with('[')
                    {
                        return Ok((parse_json(cli_name, word)?, DictKind::OrderedDict));
                    }
                }
            }
            let Some(member) = shape.list_member() else {
                return Ok((Value::Array(Vec::new()), DictKind::OrderedDict));
            };
            let mut items = Vec::with_capacity(words.len());
            for word in &words {
                let item = if member.shape_type.is_scalar() {
                    scalar(member, word).map_err(|_| {
                        UsageError::usage(messages::param_error(
                            cli_name,
                            words.first().map(String::as_str).unwrap_or_default(),
                        ))
                    })?
                } else {
                    complex(cli_name, member, word)?
                };
                items.push(item);
            }
            Value::Array(items)
        }
        ArgValue::Bool(b) => Value::Bool(b),
        ArgValue::Int(n) => Value::Number(Number::from(n)),
    };
    Ok((unpacked, DictKind::OrderedDict))
}
