//! Output as the AWS CLI prints it. All functions are pure (input -> String) so that the REPL, script mode and
//! TUI share them; the caller decides `color` (a terminal, `NO_COLOR` unset, `--color`).
//!
//! A response goes through the same steps as in the AWS CLI: botocore parses it by the output shape (members in
//! the model's order, unknown members and nulls dropped, timestamps as ISO 8601), then it is printed with
//! Python's `json.dumps(indent=4, ensure_ascii=False)`; an empty `{}` prints nothing.

mod error;
mod time;
pub mod value;

pub(crate) use time::civil_from_days;

pub use error::{render_error, render_error_with_keys, ServiceError};

use super::model::{model, Shape, ShapeType};
use super::pyjson::{self, Token};
use super::Operation;
use serde_json::{Map, Value};

/// Nesting bound for walking responses (DynamoDB documents stop at 32 levels).
const MAX_DEPTH: usize = 200;

/// ANSI styles used by the renderers.
pub(crate) mod style {
    pub const RESET: &str = "\u{1b}[0m";
    pub const BOLD: &str = "\u{1b}[1m";
    pub const DIM: &str = "\u{1b}[2m";
    pub const RED: &str = "\u{1b}[31m";
    pub const GREEN: &str = "\u{1b}[32m";
    pub const YELLOW: &str = "\u{1b}[33m";
    pub const BLUE: &str = "\u{1b}[34m";
    pub const MAGENTA: &str = "\u{1b}[35m";
    pub const CYAN: &str = "\u{1b}[36m";

    /// `text` in `style` when `color`, as is otherwise.
    pub fn paint(color: bool, style: &str, text: &str) -> String {
        if color && !text.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// botocore's parse of a response by the operation's output shape.
pub fn normalize(operation: Operation, response: &Value) -> Value {
    match model().output_shape(operation.name()) {
        Some(shape) => parse_shape(response, shape, 0),
        None => response.clone(),
    }
}

fn parse_shape(value: &Value, shape: &'static Shape, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return value.clone();
    }
    match (shape.shape_type, value) {
        (ShapeType::Structure, Value::Object(map)) => {
            let mut out = Map::new();
            for member in &shape.members {
                let Some(v) = map.get(&member.name).filter(|v| !v.is_null()) else {
                    continue;
                };
                let parsed = match member.shape() {
                    Some(s) => parse_shape(v, s, depth + 1),
                    None => v.clone(),
                };
                out.insert(member.name.clone(), parsed);
            }
            Value::Object(out)
        }
        (ShapeType::List, Value::Array(items)) => match shape.list_member() {
            Some(member) => Value::Array(
                items
                    .iter()
                    .map(|v| parse_shape(v, member, depth + 1))
                    .collect(),
            ),
            None => value.clone(),
        },
        (ShapeType::Map, Value::Object(map)) => match shape.map_value() {
            Some(value_shape) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), parse_shape(v, value_shape, depth + 1)))
                    .collect(),
            ),
            None => value.clone(),
        },
        (ShapeType::Timestamp, v) => time::iso8601(v)
            .map(Value::String)
            .unwrap_or_else(|| v.clone()),
        _ => value.clone(),
    }
}

/// An already parsed value as the AWS CLI prints it: `json.dumps(indent=4)` and a newline, nothing for `{}`.
pub fn json_text(value: &Value) -> String {
    json_text_colored(value, false)
}

/// `json_text`, with keys and values coloured when `color` (txlab's addition: the AWS CLI prints JSON plain).
pub fn json_text_colored(value: &Value, color: bool) -> String {
    if value.as_object().is_some_and(Map::is_empty) {
        return String::new();
    }
    let paint = |token: Token, text: String| -> String {
        if !color {
            return text;
        }
        let s = match token {
            Token::Key => style::BLUE,
            Token::String => style::GREEN,
            Token::Number => style::YELLOW,
            Token::Literal => style::MAGENTA,
        };
        style::paint(true, s, &text)
    };
    format!("{}\n", pyjson::dumps_with(value, false, &paint))
}

/// A response as the AWS CLI prints it (standard output).
pub fn render_response(operation: Operation, response: &Value, color: bool) -> String {
    json_text_colored(&normalize(operation, response), color)
}
