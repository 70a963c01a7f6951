//! Static checks shared by the three languages: reserved words, undefined placeholders, constant types, and
//! overlapping or conflicting document paths.

use std::collections::BTreeMap;

use super::ast::{Function, Operand, Path, PathElement, PathSegment, Span};
use super::cursor::error;
use super::walk::Reference;
use super::{path, reserved, ExprError, ExpressionAttributes};
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::value::AttributeValue;

/// The first unquoted path element that is a reserved word, reported as written.
pub fn reserved_word<'a>(
    kind: ExpressionKind,
    references: impl IntoIterator<Item = Reference<'a>>,
) -> Option<ExprError> {
    references
        .into_iter()
        .find_map(|reference| reserved_in(kind, reference))
}

/// `reserved_word` for one reference.
pub fn reserved_in(kind: ExpressionKind, reference: Reference<'_>) -> Option<ExprError> {
    match reference {
        Reference::Path(path) => path.elements.iter().find_map(|element| match element {
            PathElement::Name {
                name,
                placeholder: false,
                span,
            } if reserved::is_reserved(name) => {
                Some(error(kind, &messages::reserved_keyword(name), Some(*span)))
            }
            _ => None,
        }),
        Reference::Value { .. } => None,
    }
}

/// The first `#name` not in ExpressionAttributeNames.
pub fn undefined_name(
    kind: ExpressionKind,
    reference: &Reference<'_>,
    names: &BTreeMap<String, String>,
) -> Option<ExprError> {
    match reference {
        Reference::Path(path) => undefined_name_in(kind, path, names),
        Reference::Value { .. } => None,
    }
}

/// The first `#name` of `path` not in ExpressionAttributeNames.
pub fn undefined_name_in(
    kind: ExpressionKind,
    path: &Path,
    names: &BTreeMap<String, String>,
) -> Option<ExprError> {
    first_undefined_name(path, names)
        .map(|(name, span)| error(kind, &messages::undefined_name(name), Some(span)))
}

/// The first `#name` of `path` that ExpressionAttributeNames does not define, and where it is written: one
/// look at each element (most are names as written; only `#names` are looked up).
#[inline(always)]
pub fn first_undefined_name<'p>(
    path: &'p Path,
    names: &BTreeMap<String, String>,
) -> Option<(&'p str, Span)> {
    path.elements.iter().find_map(|element| match element {
        PathElement::Name {
            name,
            placeholder: true,
            span,
        } if super::placeholder(names, name).is_none() => Some((name.as_str(), *span)),
        _ => None,
    })
}

/// A `:value` not in ExpressionAttributeValues.
pub fn undefined_value(
    kind: ExpressionKind,
    reference: &Reference<'_>,
    attrs: &ExpressionAttributes,
) -> Option<ExprError> {
    match reference {
        Reference::Value { name, span } => undefined_value_named(kind, name, *span, attrs),
        Reference::Path(_) => None,
    }
}

/// The `:value` placeholder `name`, if ExpressionAttributeValues does not define it.
pub fn undefined_value_named(
    kind: ExpressionKind,
    name: &str,
    span: Span,
    attrs: &ExpressionAttributes,
) -> Option<ExprError> {
    if attrs.values.get(name).is_some() {
        return None;
    }
    Some(error(kind, &messages::undefined_value(name), Some(span)))
}

/// The constant behind a `:value` operand, if it is one and it is defined.
pub fn constant<'a>(
    operand: &Operand,
    attrs: &'a ExpressionAttributes,
) -> Option<&'a AttributeValue> {
    match operand {
        Operand::Value { name, .. } => attrs.values.get(name),
        _ => None,
    }
}

/// The short type of what an operand is known to produce before reading the item: a constant's type, or N for
/// `size(...)`. Paths and other functions are unknown.
pub fn static_type(operand: &Operand, attrs: &ExpressionAttributes) -> Option<&'static str> {
    match operand {
        Operand::Value { .. } => constant(operand, attrs).map(AttributeValue::type_name),
        Operand::Function(call) if call.function == Function::Size => Some("N"),
        _ => None,
    }
}

/// One element of a path with `#names` substituted, borrowed (see `segments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Attribute(&'a str),
    Index(usize),
}

/// The path as `resolved` gives it, element by element, without building it: `#names` substituted, or, if one
/// of them is undefined, every name as written.
pub fn segments<'a>(
    path: &'a Path,
    names: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = Segment<'a>> + Clone + 'a {
    let substitute = path.elements.iter().all(|element| match element {
        PathElement::Name {
            name,
            placeholder: true,
            ..
        } => names.contains_key(name.as_str()),
        _ => true,
    });
    path.elements.iter().map(move |element| match element {
        PathElement::Name {
            name,
            placeholder: true,
            ..
        } if substitute => Segment::Attribute(
            names
                .get(name.as_str())
                .map_or(name.as_str(), String::as_str),
        ),
        PathElement::Name { name, .. } => Segment::Attribute(name),
        PathElement::Index { index, .. } => Segment::Index(*index),
    })
}

/// Whether two paths address the same thing once `#names` are substituted (`resolved(one) == resolved(two)`).
pub fn same_resolved(one: &Path, two: &Path, names: &BTreeMap<String, String>) -> bool {
    segments(one, names).eq(segments(two, names))
}

/// The path with `#names` substituted, for comparisons and messages.
pub fn resolved(path: &Path, names: &BTreeMap<String, String>) -> Vec<PathSegment> {
    path::resolve(path, names).unwrap_or_else(|| {
        // Undefined names are reported before any check that resolves paths; keep the names as written.
        path.elements
            .iter()
            .map(|element| match element {
                PathElement::Name { name, .. } => PathSegment::Attribute(name.to_string()),
                PathElement::Index { index, .. } => PathSegment::Index(*index),
            })
            .collect()
    })
}

enum Relation {
    Apart,
    Overlap,
    Conflict,
}

fn relation<'a>(
    one: impl Iterator<Item = Segment<'a>>,
    two: impl Iterator<Item = Segment<'a>>,
) -> Relation {
    for (a, b) in one.zip(two) {
        match (a, b) {
            (Segment::Attribute(x), Segment::Attribute(y)) if x != y => return Relation::Apart,
            (Segment::Index(x), Segment::Index(y)) if x != y => return Relation::Apart,
            (Segment::Attribute(_), Segment::Index(_))
            | (Segment::Index(_), Segment::Attribute(_)) => return Relation::Conflict,
            _ => {}
        }
    }
    Relation::Overlap
}

/// Target paths that overlap (one is a prefix of the other) or conflict (they part on a name against an index),
/// spec §4.3. Each path is compared with every earlier one; any overlap is reported before any conflict
/// (dynalite's order); "path one" is the earlier path. Each path is reported at its own span.
pub fn overlap_or_conflict<'a>(
    kind: ExpressionKind,
    paths: impl Iterator<Item = &'a Path> + Clone,
    names: &BTreeMap<String, String>,
) -> Option<ExprError> {
    let mut conflict = None;
    for (j, two) in paths.clone().enumerate() {
        for one in paths.clone().take(j) {
            match relation(segments(one, names), segments(two, names)) {
                Relation::Apart => {}
                Relation::Overlap => {
                    let text = messages::paths_overlap(
                        &path::render_for_message(&resolved(one, names)),
                        &path::render_for_message(&resolved(two, names)),
                    );
                    return Some(error(kind, &text, Some(two.span)));
                }
                Relation::Conflict => {
                    if conflict.is_none() {
                        let text = messages::paths_conflict(
                            &path::render_for_message(&resolved(one, names)),
                            &path::render_for_message(&resolved(two, names)),
                        );
                        conflict = Some(error(kind, &text, Some(two.span)));
                    }
                }
            }
        }
    }
    conflict
}

/// The type names `attribute_type` accepts.
pub fn is_type_name(name: &str) -> bool {
    matches!(
        name,
        "S" | "SS" | "N" | "NS" | "B" | "BS" | "BOOL" | "NULL" | "L" | "M"
    )
}

pub fn is_set(value: &AttributeValue) -> bool {
    matches!(
        value,
        AttributeValue::SS(_) | AttributeValue::NS(_) | AttributeValue::BS(_)
    )
}
