//! Values as a person reads them in `explain`, `show` and the TUI: strings quoted and bare, every other type
//! with its badge (`N 5`, `BOOL true`, `SS {"a", "b"}`, `M {Rating: N 5}`, `L ["x", N 1]`, `NULL`).

use base64::Engine;

use crate::engine::item::Item;
use crate::engine::value::AttributeValue;

/// Values nest at most this deep in text; deeper parts print `…`.
const MAX_DEPTH: usize = 12;
/// A value's text stops near this many characters (`…` marks the cut).
const MAX_CHARS: usize = 160;

/// A string as JSON writes it: `"Acme Band"`.
pub fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An attribute name bare when it is a plain identifier, quoted otherwise.
pub fn name_text(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        quoted(name)
    }
}

/// One value on one line, with its type: `"Acme"`, `N 5`, `M {Rating: N 5}`.
pub fn value_text(v: &AttributeValue) -> String {
    let mut out = String::new();
    write_value(v, &mut out, 0);
    out
}

/// An item or key on one line: `{Artist: "Acme Band", SongTitle: "Happy Day"}`.
pub fn item_text(item: &Item) -> String {
    let mut out = String::new();
    write_map(item, &mut out, 0);
    out
}

/// An item with the attributes of `keys` first (in that order), then the others by name.
pub fn item_text_keys_first(item: &Item, keys: Option<&Item>) -> String {
    let Some(keys) = keys else {
        return item_text(item);
    };
    let mut out = String::from("{");
    let ordered = keys
        .keys()
        .filter_map(|k| item.get_key_value(k))
        .chain(item.iter().filter(|(k, _)| !keys.contains_key(*k)));
    for (i, (k, v)) in ordered.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if full(&out) {
            out.push('…');
            break;
        }
        out.push_str(&name_text(k));
        out.push_str(": ");
        write_value(v, &mut out, 1);
    }
    out.push('}');
    out
}

fn full(out: &str) -> bool {
    out.chars().count() >= MAX_CHARS
}

fn write_map(map: &Item, out: &mut String, depth: usize) {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if full(out) {
            out.push('…');
            break;
        }
        out.push_str(&name_text(k));
        out.push_str(": ");
        write_value(v, out, depth + 1);
    }
    out.push('}');
}

fn write_seq<T>(
    items: &[T],
    out: &mut String,
    open: char,
    close: char,
    each: impl Fn(&T, &mut String),
) {
    out.push(open);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if full(out) {
            out.push('…');
            break;
        }
        each(v, out);
    }
    out.push(close);
}

fn write_value(v: &AttributeValue, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        out.push('…');
        return;
    }
    match v {
        AttributeValue::S(s) => out.push_str(&quoted(s)),
        AttributeValue::N(n) => {
            out.push_str("N ");
            out.push_str(&n.to_canonical_string());
        }
        AttributeValue::B(b) => {
            out.push_str("B ");
            out.push_str(&b64(b));
        }
        AttributeValue::Bool(b) => out.push_str(if *b { "BOOL true" } else { "BOOL false" }),
        AttributeValue::Null => out.push_str("NULL"),
        AttributeValue::SS(m) => {
            out.push_str("SS ");
            write_seq(m, out, '{', '}', |s, o| o.push_str(&quoted(s)));
        }
        AttributeValue::NS(m) => {
            out.push_str("NS ");
            write_seq(m, out, '{', '}', |n, o| {
                o.push_str(&n.to_canonical_string())
            });
        }
        AttributeValue::BS(m) => {
            out.push_str("BS ");
            write_seq(m, out, '{', '}', |b, o| o.push_str(&b64(b)));
        }
        AttributeValue::M(m) => {
            out.push_str("M ");
            write_map(m, out, depth);
        }
        AttributeValue::L(l) => {
            out.push_str("L [");
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if full(out) {
                    out.push('…');
                    break;
                }
                write_value(e, out, depth + 1);
            }
            out.push(']');
        }
    }
}

/// A short cell for a table of items: strings bare, other types with a badge, containers summarised
/// (`SS {a, b}`, `M {3 keys}`, `L [4]`).
pub fn badge(v: &AttributeValue) -> String {
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match v {
        AttributeValue::S(s) => s.replace(['\n', '\r', '\t'], " "),
        AttributeValue::N(n) => format!("N {}", n.to_canonical_string()),
        AttributeValue::B(b) => format!("B {}", plural(b.len(), "byte")),
        AttributeValue::Bool(b) => format!("BOOL {b}"),
        AttributeValue::Null => "NULL".to_string(),
        AttributeValue::SS(m) => format!("SS {{{}}}", m.join(", ")),
        AttributeValue::NS(m) => format!(
            "NS {{{}}}",
            m.iter()
                .map(|n| n.to_canonical_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AttributeValue::BS(m) => format!("BS {{{}}}", plural(m.len(), "value")),
        AttributeValue::M(m) => format!("M {{{}}}", plural(m.len(), "key")),
        AttributeValue::L(l) => format!("L [{}]", l.len()),
    }
}

/// The type in words, for sentences: `a number`, `a string set`.
pub fn type_words(v: &AttributeValue) -> &'static str {
    match v {
        AttributeValue::S(_) => "a string",
        AttributeValue::N(_) => "a number",
        AttributeValue::B(_) => "a binary",
        AttributeValue::SS(_) => "a string set",
        AttributeValue::NS(_) => "a number set",
        AttributeValue::BS(_) => "a binary set",
        AttributeValue::M(_) => "a map",
        AttributeValue::L(_) => "a list",
        AttributeValue::Null => "a null",
        AttributeValue::Bool(_) => "a boolean",
    }
}
