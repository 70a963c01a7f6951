//! Attribute values on one line, type first: `S "Acme Band"`, `N 5`, `SS ["a", "b"]`, `M {Rating: N 5}`,
//! `L [S "x", BOOL true]`, `NULL`. Used where the AWS CLI has nothing to show (cancellation reasons) and where a
//! person reads rather than a program (`explain`).

use serde_json::{Map, Value};

/// Nesting bound: deeper values print `…` (DynamoDB itself stops at 32 levels).
const MAX_DEPTH: usize = 40;

fn quoted(s: &str) -> String {
    super::super::pyjson::encode_string(s, false)
}

/// An attribute name as written in a one-line item: bare when it is a plain identifier, quoted otherwise.
fn name(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// One attribute value (DynamoDB JSON, `{"S": "x"}`) on one line.
pub fn attribute_value(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out, 0);
    out
}

/// An item or key (a map of attribute values) on one line: `{Artist: S "Acme", Year: N 2020}`.
pub fn item(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_item(map, &mut out, 0);
    out
}

fn write_item(map: &Map<String, Value>, out: &mut String, depth: usize) {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&name(k));
        out.push_str(": ");
        write_value(v, out, depth + 1);
    }
    out.push('}');
}

fn write_list(items: &[Value], out: &mut String, depth: usize, each: &dyn Fn(&Value, &mut String)) {
    out.push('[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if depth > MAX_DEPTH {
            out.push('…');
            break;
        }
        each(v, out);
    }
    out.push(']');
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn write_value(value: &Value, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        out.push('…');
        return;
    }
    let Some((type_name, inner)) = value.as_object().and_then(|m| m.iter().next()) else {
        // Not DynamoDB JSON: show it as JSON.
        out.push_str(&value.to_string());
        return;
    };
    match (type_name.as_str(), inner) {
        ("S", Value::String(s)) => {
            out.push_str("S ");
            out.push_str(&quoted(s));
        }
        ("N", v) => {
            out.push_str("N ");
            out.push_str(&scalar_text(v));
        }
        ("B", v) => {
            out.push_str("B ");
            out.push_str(&scalar_text(v));
        }
        ("BOOL", v) => {
            out.push_str("BOOL ");
            out.push_str(&scalar_text(v));
        }
        ("NULL", _) => out.push_str("NULL"),
        ("SS", Value::Array(items)) => {
            out.push_str("SS ");
            write_list(items, out, depth, &|v, o| match v {
                Value::String(s) => o.push_str(&quoted(s)),
                other => o.push_str(&other.to_string()),
            });
        }
        ("NS", Value::Array(items)) | ("BS", Value::Array(items)) => {
            out.push_str(type_name);
            out.push(' ');
            write_list(items, out, depth, &|v, o| o.push_str(&scalar_text(v)));
        }
        ("M", Value::Object(map)) => {
            out.push_str("M ");
            write_item(map, out, depth);
        }
        ("L", Value::Array(items)) => {
            out.push_str("L [");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(v, out, depth + 1);
            }
            out.push(']');
        }
        _ => out.push_str(&value.to_string()),
    }
}
