//! How Python writes values in the AWS CLI's messages (`value: {'S': 'x'}, type: <class 'dict'>`), and Python's
//! `int()` / `float()` parsing of command-line words.

use super::pyjson::number_repr;
use serde_json::Value;

/// Where a dictionary came from decides how Python prints it: the CLI parses JSON arguments into `OrderedDict`,
/// shorthand and `--cli-input-json` into plain `dict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictKind {
    Dict,
    OrderedDict,
}

/// Characters Python's `repr` escapes although they are not ASCII controls (an approximation of
/// `str.isprintable`: separators, format characters, private use, and the C1 range).
fn is_unprintable(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0xa0).contains(&u)
        || u == 0xad
        || (0x2000..=0x200f).contains(&u)
        || (0x2028..=0x202f).contains(&u)
        || (0x205f..=0x206f).contains(&u)
        || u == 0x3000
        || u == 0xfeff
        || (0xfff9..=0xfffb).contains(&u)
        || (0xe000..=0xf8ff).contains(&u)
        || u == 0x1680
}

/// Python's `repr(str)`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_unprintable(c) => {
                let u = c as u32;
                if u < 0x100 {
                    out.push_str(&format!("\\x{u:02x}"));
                } else {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a parsed JSON value. Bounded: deeper than `depth` prints `...`.
pub fn repr_value(value: &Value, kind: DictKind) -> String {
    let mut out = String::new();
    write_repr(value, kind, &mut out, 0);
    out
}

fn write_repr(value: &Value, kind: DictKind, out: &mut String, depth: usize) {
    if depth > 100 {
        out.push_str("...");
        return;
    }
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => {
            let text = number_repr(n);
            out.push_str(match text.as_str() {
                "NaN" => "nan",
                "Infinity" => "inf",
                "-Infinity" => "-inf",
                t => t,
            })
        }
        Value::String(s) => out.push_str(&repr_str(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(item, kind, out, depth + 1);
            }
            out.push(']');
        }
        Value::Object(map) => match kind {
            DictKind::Dict => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&repr_str(k));
                    out.push_str(": ");
                    write_repr(v, kind, out, depth + 1);
                }
                out.push('}');
            }
            // Python 3.11's OrderedDict repr.
            DictKind::OrderedDict if map.is_empty() => out.push_str("OrderedDict()"),
            DictKind::OrderedDict => {
                out.push_str("OrderedDict([");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push('(');
                    out.push_str(&repr_str(k));
                    out.push_str(", ");
                    write_repr(v, kind, out, depth + 1);
                    out.push(')');
                }
                out.push_str("])");
            }
        },
    }
}

/// Python's `str()`: a string as it is, anything else as `repr`.
pub fn str_value(value: &Value, kind: DictKind) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr_value(other, kind),
    }
}

/// Python's `type(x)` as printed: `<class 'str'>`.
pub fn type_name(value: &Value, kind: DictKind) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => match kind {
            DictKind::Dict => "<class 'dict'>",
            DictKind::OrderedDict => "<class 'collections.OrderedDict'>",
        },
    }
}

/// Python's whitespace (`str.isspace`), which `int()` and `float()` strip.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Digits with single underscores between them, as Python's numeric literals allow (`1_000`).
fn strip_underscores(digits: &str) -> Option<String> {
    if digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    Some(digits.replace('_', ""))
}

/// Python's `int(text)` (base 10), for values that fit in 64 bits.
pub fn py_int(text: &str) -> Option<i64> {
    let t = text.trim_matches(is_py_space);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let digits = strip_underscores(digits)?;
    let magnitude: i128 = digits.parse().ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// Python's `float(text)`.
pub fn py_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(is_py_space);
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if lower.len() - unsigned.len() > 1 {
        return None;
    }
    let negative = lower.starts_with('-');
    let special = match unsigned {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if negative { -v } else { v });
    }
    if !unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
    {
        return None;
    }
    // Underscores only between digits.
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            if !before.is_some_and(|c| c.is_ascii_digit())
                || !after.is_some_and(|c| c.is_ascii_digit())
            {
                return None;
            }
        }
    }
    t.replace('_', "").parse::<f64>().ok()
}
