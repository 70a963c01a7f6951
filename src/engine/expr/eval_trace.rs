//! Recording a condition's reads into its flat trace (`ConditionTrace`): the same `source`, `resolved` and value
//! as `eval_read::path_read` / `value_read` give an update trace, written as records and buffer slices. A
//! `source` that is a span of the expression points into it, and a `resolved` equal to the `source` shares its
//! slice, so the usual read copies only its name and its value.

use std::collections::BTreeMap;

use super::ast::{Operand, Path, PathElement, Span};
use super::eval_read;
use crate::engine::trace::{ConditionTrace, Text};
use crate::engine::value::AttributeValue;

/// The operand as written, by `eval_read::written`'s rules; and whether it is the operand's own name (a one-name
/// path or a `:value` whose span is its name), which is then also what it resolves to when it has no
/// `#name` to substitute.
#[inline(always)]
fn source(trace: &mut ConditionTrace, text: &str, operand: &Operand) -> (Text, bool) {
    let span = operand.span();
    if let Some(name) = super::eval_read::own_name(operand) {
        return named_source(trace, text, operand, span, name);
    }
    written_source(trace, operand, span)
}

/// `source` for an operand whose own token is `name` (a `:value`, or a one-name path), at `span`.
#[inline(always)]
pub(super) fn named_source(
    trace: &mut ConditionTrace,
    text: &str,
    operand: &Operand,
    span: Span,
    name: &str,
) -> (Text, bool) {
    if span.end <= text.len() && span.end.checked_sub(span.start) == Some(name.len()) {
        return (trace.name_text(span.start, span.end, name), true);
    }
    written_source(trace, operand, span)
}

/// `source` for an operand not written as its own name: the text under its span, or its rendering.
fn written_source(trace: &mut ConditionTrace, operand: &Operand, span: Span) -> (Text, bool) {
    let text = match trace.expression_text(span.start, span.end) {
        Some(text) => text,
        None => trace.push_text(&eval_read::render_operand(operand, None)),
    };
    (text, false)
}

/// The texts a read of path `p` (the operand `operand`) records: as written, and resolved.
#[inline(always)]
pub(super) fn path_texts(
    trace: &mut ConditionTrace,
    text: &str,
    operand: &Operand,
    p: &Path,
    names: &BTreeMap<String, String>,
) -> (Text, Text) {
    let (source, is_name) = source(trace, text, operand);
    // `eval_read::render_path`: a one-name path is its name, `#name` substituted when defined.
    let resolved = match p.elements.as_slice() {
        [PathElement::Name {
            placeholder: false, ..
        }] if is_name => source,
        [element @ PathElement::Name { name, .. }] => {
            trace.push_text(eval_read::element_name(element, names).unwrap_or(name))
        }
        _ => trace.push_text(&eval_read::render_path(p, Some(names))),
    };
    (source, resolved)
}

/// Records a read of the `:value` `name`.
#[inline(always)]
pub(super) fn placeholder(
    trace: &mut ConditionTrace,
    text: &str,
    operand: &Operand,
    name: &str,
    value: Option<&AttributeValue>,
) {
    let (source, is_name) = named_source(trace, text, operand, operand.span(), name);
    let resolved = if is_name {
        source
    } else {
        trace.push_text(name)
    };
    trace.push_read_of(source, resolved, operand.span(), value);
}

/// Records a read of a function operand (`size(x)`) whose value is `value`.
pub(super) fn function(
    trace: &mut ConditionTrace,
    text: &str,
    operand: &Operand,
    names: &BTreeMap<String, String>,
    value: Option<&AttributeValue>,
) {
    let (source, _) = source(trace, text, operand);
    let resolved = trace.push_text(&eval_read::render_operand(operand, Some(names)));
    trace.push_read_of(source, resolved, operand.span(), value);
}
