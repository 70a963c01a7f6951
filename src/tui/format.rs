//! Values as the panes show them: a type badge where the type is not obvious (`N 5`, `SS {a, b}`,
//! `M {3 keys}`, `L [4]`, `NULL`, `BOOL true`), strings as they are, keys as `{Acme Band, Happy Day}`.
//! Everything here is bounded: long values are cut, nesting is walked with an explicit stack.

use base64::Engine;

use crate::engine::item::Item;
use crate::engine::key::KeySchema;
use crate::engine::AttributeValue;

/// Values longer than this are cut with `…` in one-line renderings.
pub const MAX_INLINE: usize = 200;

/// The badge and the text of a value in a grid cell: strings have no badge; nested values are collapsed.
pub fn cell(value: &AttributeValue) -> (Option<&'static str>, String) {
    let text = match value {
        AttributeValue::S(s) => return (None, cut(s, MAX_INLINE)),
        AttributeValue::N(n) => n.to_string(),
        AttributeValue::B(b) => b64(b),
        AttributeValue::SS(m) => braces(m.iter().map(|s| s.to_string())),
        AttributeValue::NS(m) => braces(m.iter().map(|n| n.to_string())),
        AttributeValue::BS(m) => braces(m.iter().map(|b| b64(b))),
        AttributeValue::M(m) => match m.len() {
            1 => "{1 key}".to_string(),
            n => format!("{{{n} keys}}"),
        },
        AttributeValue::L(l) => format!("[{}]", l.len()),
        AttributeValue::Null => String::new(),
        AttributeValue::Bool(b) => b.to_string(),
    };
    (Some(value.type_name()), text)
}

/// A value on one line with its type: `S "Acme"`, `N 5`, `M {"a": S "x"}`, cut at `max` characters.
pub fn typed(value: &AttributeValue, max: usize) -> String {
    let mut out = String::new();
    // (value, text to write after it) pairs on a stack: no recursion over user data.
    enum Piece<'a> {
        Value(&'a AttributeValue),
        Text(String),
    }
    let mut stack = vec![Piece::Value(value)];
    while let Some(piece) = stack.pop() {
        if out.len() > max {
            break;
        }
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Value(v) => match v {
                AttributeValue::S(s) => {
                    out.push_str("S ");
                    out.push_str(&quoted(s));
                }
                AttributeValue::M(m) => {
                    out.push_str("M {");
                    stack.push(Piece::Text("}".into()));
                    for (i, (k, v)) in m.iter().enumerate().rev() {
                        stack.push(Piece::Value(v));
                        let sep = if i > 0 { ", " } else { "" };
                        stack.push(Piece::Text(format!("{sep}{}: ", quoted(k))));
                    }
                }
                AttributeValue::L(l) => {
                    out.push_str("L [");
                    stack.push(Piece::Text("]".into()));
                    for (i, v) in l.iter().enumerate().rev() {
                        stack.push(Piece::Value(v));
                        if i > 0 {
                            stack.push(Piece::Text(", ".into()));
                        }
                    }
                }
                AttributeValue::Null => out.push_str("NULL"),
                other => {
                    let (badge, text) = cell(other);
                    out.push_str(badge.unwrap_or(""));
                    out.push(' ');
                    out.push_str(&text);
                }
            },
        }
    }
    cut(&out, max)
}

/// A value read by an expression, or `absent`.
pub fn read(value: Option<&AttributeValue>) -> String {
    match value {
        Some(v) => typed(v, MAX_INLINE),
        None => "absent".to_string(),
    }
}

/// A key as `{Acme Band, Happy Day}`: the key's values in schema order (hash, range) when the schema is known.
pub fn key_brief(key: &Item, schema: Option<&KeySchema>) -> String {
    let values: Vec<String> = match schema {
        Some(s) => s
            .attributes()
            .filter_map(|a| key.get(&a.name))
            .map(brief)
            .collect(),
        None => key.values().map(brief).collect(),
    };
    format!("{{{}}}", values.join(", "))
}

/// A key value without decoration: strings bare, numbers as written, binaries in base64.
fn brief(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => cut(s, 60),
        other => cut(&cell(other).1, 60),
    }
}

/// An item on one line: `Artist "Acme Band" · SongTitle "Happy Day" · Rating N 5`, key attributes first.
pub fn item_line(item: &Item, schema: Option<&KeySchema>) -> Vec<(String, String)> {
    let mut names: Vec<&String> = Vec::new();
    if let Some(s) = schema {
        for a in s.attributes() {
            if let Some((k, _)) = item.get_key_value(&a.name) {
                names.push(k);
            }
        }
    }
    for k in item.keys() {
        if !names.contains(&k) {
            names.push(k);
        }
    }
    names
        .into_iter()
        .filter_map(|n| item.get(n).map(|v| (n.clone(), short(v))))
        .collect()
}

/// A value for a one-line item rendering: strings quoted, others with their badge, nested ones collapsed.
pub fn short(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => quoted(&cut(s, 80)),
        other => {
            let (badge, text) = cell(other);
            match (badge, text.is_empty()) {
                (Some(b), true) => b.to_string(),
                (Some(b), false) => format!("{b} {text}"),
                (None, _) => text,
            }
        }
    }
}

/// The nested values of an item as indented lines (`depth`, label, badge + text), for expanded rows.
/// At most `limit` lines.
pub fn nested_lines(item: &Item, limit: usize) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String, &AttributeValue)> = item
        .iter()
        .rev()
        .filter(|(_, v)| matches!(v, AttributeValue::M(_) | AttributeValue::L(_)))
        .map(|(k, v)| (0, k.clone(), v))
        .collect();
    while let Some((depth, label, value)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        out.push((depth, label, short(value)));
        match value {
            AttributeValue::M(m) => {
                for (k, v) in m.iter().rev() {
                    stack.push((depth + 1, k.clone(), v));
                }
            }
            AttributeValue::L(l) => {
                for (i, v) in l.iter().enumerate().rev() {
                    stack.push((depth + 1, format!("[{i}]"), v));
                }
            }
            _ => {}
        }
    }
    out
}

pub fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn braces(members: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = members.take(20).collect();
    format!("{{{}}}", v.join(", "))
}

/// At most `max` characters, with `…` when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Word-wrapped lines of at most `width` characters (a word longer than that is cut into pieces).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut count = 0;
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if count > 0 {
                lines.push(std::mem::take(&mut line));
                count = 0;
            }
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        let n = word.len();
        if count > 0 && count + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            count = 0;
        }
        if count > 0 {
            line.push(' ');
            count += 1;
        }
        line.extend(word);
        count += n;
    }
    if count > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Number;
    use std::collections::BTreeMap;

    #[test]
    fn badges_as_the_screens_show_them() {
        let n = |s| AttributeValue::N(Number::parse(s).unwrap_or_default());
        let rows: Vec<(AttributeValue, Option<&str>, &str)> = vec![
            (AttributeValue::S("Acme".into()), None, "Acme"),
            (n("5"), Some("N"), "5"),
            (
                AttributeValue::string_set(["b".into(), "a".into()]),
                Some("SS"),
                "{a, b}",
            ),
            (
                AttributeValue::M(BTreeMap::from([
                    ("a".into(), n("1")),
                    ("b".into(), n("2")),
                    ("c".into(), n("3")),
                ])),
                Some("M"),
                "{3 keys}",
            ),
            (AttributeValue::L(vec![n("1"); 4]), Some("L"), "[4]"),
            (AttributeValue::Null, Some("NULL"), ""),
            (AttributeValue::Bool(true), Some("BOOL"), "true"),
        ];
        for (value, badge, text) in rows {
            assert_eq!(cell(&value), (badge, text.to_string()), "{value:?}");
        }
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("a bb ccc dddd", 8), vec!["a bb ccc", "dddd"]);
        assert_eq!(wrap("abcdefghijkl", 8), vec!["abcdefgh", "ijkl"]);
        assert_eq!(wrap("", 8), vec![""]);
    }

    #[test]
    fn typed_values_nest_and_cut() {
        let v = AttributeValue::M(BTreeMap::from([(
            "a".into(),
            AttributeValue::L(vec![AttributeValue::S("x".into()), AttributeValue::Null]),
        )]));
        assert_eq!(typed(&v, 100), r#"M {"a": L [S "x", NULL]}"#);
        assert_eq!(typed(&v, 5), "M {\"…");
    }
}
