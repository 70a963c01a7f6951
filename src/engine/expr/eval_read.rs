//! Reading operands for evaluation and for the trace: how an operand was written, what it resolves to once
//! `#names` are substituted, and what it found in the item. Shared by condition evaluation and update
//! application so that both traces describe their reads the same way.

use std::collections::BTreeMap;
use std::fmt::Write;

use compact_str::CompactString;

use super::ast::{Name, Operand, Path, PathElement, Span};
use super::attribute_key::Key;
use crate::engine::item::Item;
use crate::engine::trace::{TracedValue, ValueRead};
use crate::engine::value::AttributeValue;

/// An absent item behaves as an item with no attributes (spec §3.4).
pub(super) static EMPTY_ITEM: Item = BTreeMap::new();

/// How deep operand renderings and nested function calls are followed. The parser's limits (4 KB, 300
/// operators or functions) keep real expressions far below this; it only guards hand-built trees.
pub(super) const MAX_OPERAND_DEPTH: usize = 300;

/// A `:value`'s name or a one-name path's name: the operand's own token, when it was written as one.
#[inline(always)]
pub(super) fn own_name(operand: &Operand) -> Option<&CompactString> {
    match operand {
        Operand::Value { name, .. } => Some(name),
        Operand::Path(p) => match p.elements.as_slice() {
            [PathElement::Name { name, .. }] => Some(name),
            _ => None,
        },
        Operand::Function(_) => None,
    }
}

/// The operand exactly as written in `text`, or a rendering of it when `text` does not cover its span
/// (a tree built by hand, not parsed).
pub(super) fn written(text: &str, operand: &Operand) -> CompactString {
    let span = operand.span();
    // A `:value` or a one-name path read from `text` is its name token: copying the name costs less than
    // reading the text again.
    if let Some(name) = own_name(operand) {
        if span.end <= text.len() && span.end.checked_sub(span.start) == Some(name.len()) {
            return name.clone();
        }
    }
    written_span(text, span).unwrap_or_else(|| render_operand(operand, None))
}

/// The text under `span`, if the span is a non-empty slice of `text` on character boundaries.
pub(super) fn written_span(text: &str, span: Span) -> Option<CompactString> {
    if span.start >= span.end {
        return None;
    }
    text.get(span.start..span.end).map(CompactString::new)
}

/// `a.#n[1]` rendered with `#names` substituted when `names` is given (a placeholder that is not defined stays
/// as written): the `resolved` field of a read.
pub(super) fn render_path(path: &Path, names: Option<&BTreeMap<String, String>>) -> CompactString {
    // The usual path is one plain name: that is its rendering.
    if let [PathElement::Name {
        name,
        placeholder: false,
        ..
    }] = path.elements.as_slice()
    {
        return name.clone();
    }
    let mut out = CompactString::default();
    write_path(&mut out, path, names);
    out
}

/// The name an element is shown with: its `#name` substituted when `names` is given and defines it.
fn shown_name<'a>(
    name: &'a str,
    placeholder: bool,
    names: Option<&'a BTreeMap<String, String>>,
) -> &'a str {
    match (placeholder, names) {
        (true, Some(names)) => super::placeholder(names, name).map_or(name, String::as_str),
        _ => name,
    }
}

/// `render_path` into `out`.
fn write_path(out: &mut CompactString, path: &Path, names: Option<&BTreeMap<String, String>>) {
    for (i, element) in path.elements.iter().enumerate() {
        match element {
            PathElement::Name {
                name, placeholder, ..
            } => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(shown_name(name, *placeholder, names));
            }
            PathElement::Index { index, .. } => {
                // Writing to a string cannot fail.
                let _ = write!(out, "[{index}]");
            }
        }
    }
}

/// An operand rendered in expression syntax, with `#names` substituted when `names` is given.
pub(super) fn render_operand(
    operand: &Operand,
    names: Option<&BTreeMap<String, String>>,
) -> CompactString {
    let mut out = CompactString::default();
    write_operand(&mut out, operand, names, 0);
    out
}

/// Writes the rendering into `out` (one growing string instead of one per argument). The recursion is bounded
/// by `MAX_OPERAND_DEPTH`.
fn write_operand(
    out: &mut CompactString,
    operand: &Operand,
    names: Option<&BTreeMap<String, String>>,
    depth: usize,
) {
    match operand {
        Operand::Path(p) => write_path(out, p, names),
        Operand::Value { name, .. } => out.push_str(name),
        Operand::Function(call) => {
            out.push_str(call.function.name());
            if depth >= MAX_OPERAND_DEPTH {
                out.push_str("(...)");
                return;
            }
            out.push('(');
            for (i, argument) in call.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_operand(out, argument, names, depth + 1);
            }
            out.push(')');
        }
    }
}

/// The value a path addresses in `item`; `None` when it does not resolve, including when a `#name` is undefined
/// (the parser reports that before evaluation, so evaluation just treats the path as absent). Same rules as
/// `path::get` after `path::resolve`, without building the resolved path: conditions read many paths.
pub(super) fn lookup<'i>(
    item: &'i Item,
    p: &Path,
    names: &BTreeMap<String, String>,
) -> Option<&'i AttributeValue> {
    let (first, rest) = p.elements.split_first()?;
    let mut current = item.get(Key::new(element_name(first, names)?))?;
    for element in rest {
        current = match (element, current) {
            (PathElement::Index { index, .. }, AttributeValue::L(list)) => list.get(*index)?,
            (PathElement::Name { .. }, AttributeValue::M(map)) => {
                map.get(Key::new(element_name(element, names)?))?
            }
            _ => return None,
        };
    }
    Some(current)
}

/// The attribute name a path element stands for (`#name` substituted); `None` for an index or an undefined
/// placeholder.
#[inline]
pub(super) fn element_name<'a>(
    element: &'a PathElement,
    names: &'a BTreeMap<String, String>,
) -> Option<&'a str> {
    match element {
        PathElement::Name {
            name,
            placeholder: true,
            ..
        } => names.get(Key::new(name)).map(String::as_str),
        PathElement::Name { name, .. } => Some(name),
        PathElement::Index { .. } => None,
    }
}

/// A read of a path operand (`value`: what it found, as the trace keeps it).
pub(super) fn path_read(
    text: &str,
    operand: &Operand,
    p: &Path,
    names: &BTreeMap<String, String>,
    value: Option<TracedValue>,
) -> ValueRead {
    ValueRead {
        source: written(text, operand),
        resolved: render_path(p, Some(names)),
        span: p.span,
        value,
    }
}

/// A read of a `:value` placeholder.
pub(super) fn value_read(
    text: &str,
    operand: &Operand,
    name: &Name,
    value: Option<&AttributeValue>,
) -> ValueRead {
    ValueRead {
        source: written(text, operand),
        resolved: name.clone(),
        span: operand.span(),
        value: value.map(TracedValue::new),
    }
}
