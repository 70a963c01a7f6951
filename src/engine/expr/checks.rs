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
pub fn reserved_word(kind: ExpressionKind, references: &[Reference<'_>]) -> Option<ExprError> {
    references.iter().find_map(|reference| match reference {
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
    })
}

/// The first `#name` not in ExpressionAttributeNames.
pub fn undefined_name(
    kind: ExpressionKind,
    reference: &Reference<'_>,
    names: &BTreeMap<String, String>,
) -> Option<ExprError> {
    match reference {
        Reference::Path(path) => path.elements.iter().find_map(|element| match element {
            PathElement::Name {
                name,
                placeholder: true,
                span,
            } if !names.contains_key(name) => {
                Some(error(kind, &messages::undefined_name(name), Some(*span)))
            }
            _ => None,
        }),
        Reference::Value { .. } => None,
    }
}

/// A `:value` not in ExpressionAttributeValues.
pub fn undefined_value(
    kind: ExpressionKind,
    reference: &Reference<'_>,
    attrs: &ExpressionAttributes,
) -> Option<ExprError> {
    match reference {
        Reference::Value { name, span } if !attrs.values.contains_key(*name) => {
            Some(error(kind, &messages::undefined_value(name), Some(*span)))
        }
        _ => None,
    }
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

/// The path with `#names` substituted, for comparisons and messages.
pub fn resolved(path: &Path, names: &BTreeMap<String, String>) -> Vec<PathSegment> {
    path::resolve(path, names).unwrap_or_else(|| {
        // Undefined names are reported before any check that resolves paths; keep the names as written.
        path.elements
            .iter()
            .map(|element| match element {
                PathElement::Name { name, .. } => PathSegment::Attribute(name.clone()),
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

fn relation(one: &[PathSegment], two: &[PathSegment]) -> Relation {
    for (a, b) in one.iter().zip(two) {
        match (a, b) {
            (PathSegment::Attribute(x), PathSegment::Attribute(y)) if x != y => {
                return Relation::Apart
            }
            (PathSegment::Index(x), PathSegment::Index(y)) if x != y => return Relation::Apart,
            (PathSegment::Attribute(_), PathSegment::Index(_))
            | (PathSegment::Index(_), PathSegment::Attribute(_)) => return Relation::Conflict,
            _ => {}
        }
    }
    Relation::Overlap
}

/// Target paths that overlap (one is a prefix of the other) or conflict (they part on a name against an index),
/// spec §4.3. Each path is compared with every earlier one; any overlap is reported before any conflict
/// (dynalite's order); "path one" is the earlier path.
pub fn overlap_or_conflict(
    kind: ExpressionKind,
    paths: &[(Vec<PathSegment>, Span)],
) -> Option<ExprError> {
    let mut conflict = None;
    for (j, (two, span)) in paths.iter().enumerate() {
        for (one, _) in paths.iter().take(j) {
            match relation(one, two) {
                Relation::Apart => {}
                Relation::Overlap => {
                    let text = messages::paths_overlap(
                        &path::render_for_message(one),
                        &path::render_for_message(two),
                    );
                    return Some(error(kind, &text, Some(*span)));
                }
                Relation::Conflict => {
                    if conflict.is_none() {
                        let text = messages::paths_conflict(
                            &path::render_for_message(one),
                            &path::render_for_message(two),
                        );
                        conflict = Some(error(kind, &text, Some(*span)));
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
