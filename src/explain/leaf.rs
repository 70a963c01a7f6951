//! The account of one leaf of a condition (a comparison, BETWEEN, IN or a function): why it has its result,
//! naming the values it read and their types, and what would turn the result around.

use crate::engine::item::Item;
use crate::engine::trace::{ConditionNode, NodeNote, ValueRead};
use crate::engine::value::AttributeValue;

use super::values::{type_words, value_text};

/// Why a leaf is what it is, and what would flip it.
pub struct LeafAccount {
    pub why: String,
    pub to_flip: String,
}

/// What the sentences need to know beyond the node.
pub struct Scene<'a> {
    /// The condition's text (node spans point into it).
    pub expression: &'a str,
    /// The item the condition read (`None`: there was no item with the key, which reads as an item with no
    /// attributes).
    pub item: Option<&'a Item>,
}

/// `n` for a read of `size(n)`.
fn size_inner(r: &ValueRead) -> Option<&str> {
    r.resolved
        .strip_prefix("size(")
        .and_then(|rest| rest.strip_suffix(')'))
}

/// The text of a span of the expression (empty if the span does not fit, which a trace never does).
pub fn span_text(expression: &str, start: usize, end: usize) -> &str {
    expression.get(start..end).unwrap_or("")
}

/// What an operand is called in a sentence: the attribute path (names substituted), a `:value`, `size(x)`.
fn name(r: &ValueRead) -> String {
    r.resolved.to_string()
}

fn is_placeholder(r: &ValueRead) -> bool {
    r.source.starts_with(':')
}

/// `Rating (N 5)`, `:max (N 20)`.
fn with_value(r: &ValueRead) -> String {
    match &r.value() {
        Some(v) => format!("{} ({})", name(r), value_text(v)),
        None => format!("{} (absent)", name(r)),
    }
}

/// `N 5, a number`: a value and its type, for type mismatches.
fn typed(r: &ValueRead) -> String {
    match &r.value() {
        Some(v) => format!("{} is {}, {}", name(r), value_text(v), type_words(v)),
        None => format!("{} is absent", name(r)),
    }
}

/// `Rating is absent` (and why, when the whole item is missing or a size() has nothing to measure).
fn absence(r: &ValueRead, scene: &Scene) -> String {
    if let Some(inner) = size_inner(r) {
        // A top-level attribute can be looked up in the item; a deeper path is described in general.
        return match scene.item.and_then(|i| i.get(inner)) {
            Some(v) => format!(
                "{inner} is {}, {}, which has no size, so {} has no value",
                value_text(v),
                type_words(v),
                name(r)
            ),
            None if scene.item.is_some() && !inner.contains(['.', '[']) => {
                format!(
                    "{inner} is absent from this item, so {} has no value",
                    name(r)
                )
            }
            None => format!(
                "{} has no value ({inner} is absent or has no size)",
                name(r)
            ),
        };
    }
    if is_placeholder(r) {
        return format!("{} is not defined", name(r));
    }
    if scene.item.is_some() {
        format!("{} is absent from this item", name(r))
    } else {
        format!("there is no item with this key, so {} is absent", name(r))
    }
}

/// The first operand the node needed and did not find.
fn first_absent(node: &ConditionNode) -> Option<&ValueRead> {
    node.reads.iter().find(|r| r.value.is_none())
}

/// `at most`, `less than`, ... as the sentence needs it.
fn phrase(op: &str) -> &'static str {
    match op {
        "=" => "equal to",
        "<>" => "different from",
        "<" => "less than",
        "<=" => "at most",
        ">" => "greater than",
        ">=" => "at least",
        _ => "compared with",
    }
}

/// The other side as a target: a constant's value, or the path with its value.
fn target(r: &ValueRead) -> String {
    match (&r.value(), is_placeholder(r)) {
        (Some(v), true) => value_text(v),
        _ => with_value(r),
    }
}

fn read(node: &ConditionNode, i: usize) -> Option<&ValueRead> {
    node.reads.get(i)
}

/// The account of one leaf. `node.result` is what is explained.
pub fn leaf_account(node: &ConditionNode, scene: &Scene) -> LeafAccount {
    let text = span_text(scene.expression, node.span.start, node.span.end);
    let result = node.result;
    let is = if result { "true" } else { "false" };
    let a = read(node, 0);
    let b = read(node, 1);
    let so = |reason: String| format!("{reason}, so {text} is {is}");

    match node.label.as_ref() {
        "attribute_exists" | "attribute_not_exists" => {
            let Some(a) = a else {
                return generic(node, text);
            };
            let why = match &a.value() {
                Some(v) => format!("{} exists on this item ({})", name(a), value_text(v)),
                None => absence(a, scene),
            };
            // To flip: make the attribute present or absent, whichever it is not.
            let to_flip = if a.value.is_some() {
                format!("the item must not have {}", name(a))
            } else {
                format!("the item must have {}", name(a))
            };
            LeafAccount {
                why: so(why),
                to_flip,
            }
        }
        "attribute_type" => {
            let (Some(a), Some(b)) = (a, b) else {
                return generic(node, text);
            };
            let wanted = match &b.value() {
                Some(AttributeValue::S(t)) => t.clone(),
                Some(other) => value_text(other),
                None => "?".to_string(),
            };
            match &a.value() {
                None => LeafAccount {
                    why: so(absence(a, scene)),
                    to_flip: format!("the item must have {} of type {wanted}", name(a)),
                },
                Some(v) if result => LeafAccount {
                    why: so(format!(
                        "{} is {}, of type {wanted}",
                        name(a),
                        value_text(v)
                    )),
                    to_flip: format!("{} must not be of type {wanted}", name(a)),
                },
                Some(v) => LeafAccount {
                    why: so(format!(
                        "{} is {}, of type {}, not {wanted}",
                        name(a),
                        value_text(v),
                        v.type_name()
                    )),
                    to_flip: format!(
                        "{} must be of type {wanted}, or {} must name type {}",
                        name(a),
                        name(b),
                        v.type_name()
                    ),
                },
            }
        }
        "begins_with" | "contains" => {
            let (Some(a), Some(b)) = (a, b) else {
                return generic(node, text);
            };
            let verb = if node.label == "begins_with" {
                ("begins with", "begin with")
            } else {
                ("contains", "contain")
            };
            if let Some(missing) = first_absent(node) {
                return LeafAccount {
                    why: so(absence(missing, scene)),
                    to_flip: format!("the item must have {}", name(missing)),
                };
            }
            if node.note == Some(NodeNote::TypeMismatch) {
                let needs = if node.label == "begins_with" {
                    "begins_with needs two strings or two binaries"
                } else {
                    "contains needs a string or binary and a part of the same type, a set and a member of its type, or a list"
                };
                return LeafAccount {
                    why: format!("{}, and {}; {needs}, so {text} is {is}", typed(a), typed(b)),
                    to_flip: format!(
                        "{} and {} must have types that {} works on",
                        name(a),
                        name(b),
                        node.label
                    ),
                };
            }
            let whole = with_value(a);
            let part = target(b);
            if result {
                LeafAccount {
                    why: so(format!("{whole} {} {part}", verb.0)),
                    to_flip: format!("{} must not {} {part}", name(a), verb.1),
                }
            } else {
                LeafAccount {
                    why: so(format!("{whole} does not {} {part}", verb.1)),
                    to_flip: format!("{} must {} {part}", name(a), verb.1),
                }
            }
        }
        "BETWEEN" => {
            let (Some(x), Some(lo), Some(hi)) = (a, b, read(node, 2)) else {
                return generic(node, text);
            };
            let bounds = format!("{} and {}", target(lo), target(hi));
            if let Some(missing) = first_absent(node) {
                return LeafAccount {
                    why: so(absence(missing, scene)),
                    to_flip: format!("the item must have {} between {bounds}", name(x)),
                };
            }
            if node.note == Some(NodeNote::TypeMismatch) {
                return LeafAccount {
                    why: format!(
                        "{}, {} and {}; BETWEEN compares only values of one type (N, S or B), so {text} is {is}",
                        typed(x),
                        typed(lo),
                        typed(hi)
                    ),
                    to_flip: format!("{} and its bounds must have the same type", name(x)),
                };
            }
            if result {
                LeafAccount {
                    why: so(format!(
                        "{} lies between {bounds} (both included)",
                        with_value(x)
                    )),
                    to_flip: format!("{} must lie outside {bounds}", name(x)),
                }
            } else {
                LeafAccount {
                    why: so(format!(
                        "{} lies outside {bounds} (both included)",
                        with_value(x)
                    )),
                    to_flip: format!("{} must lie between {bounds}", name(x)),
                }
            }
        }
        "IN" => {
            let Some(x) = a else {
                return generic(node, text);
            };
            let list: Vec<String> = node.reads.iter().skip(1).map(target).collect();
            let list = list.join(", ");
            if x.value.is_none() {
                return LeafAccount {
                    why: so(absence(x, scene)),
                    to_flip: format!("the item must have {} equal to one of {list}", name(x)),
                };
            }
            if result {
                return LeafAccount {
                    why: so(format!("{} is one of {list}", with_value(x))),
                    to_flip: format!("{} must be none of {list}", name(x)),
                };
            }
            let why = if node.note == Some(NodeNote::TypeMismatch) {
                format!(
                    "{}, and no value in the list ({list}) has its type",
                    typed(x)
                )
            } else {
                format!("{} is none of {list}", with_value(x))
            };
            LeafAccount {
                why: so(why),
                to_flip: format!("{} must be one of {list}", name(x)),
            }
        }
        op @ ("=" | "<>" | "<" | "<=" | ">" | ">=") => {
            let (Some(l), Some(r)) = (a, b) else {
                return generic(node, text);
            };
            let p = phrase(op);
            if let Some(missing) = first_absent(node) {
                let to_flip = if result {
                    // Only `<>` is true with an absent side; it turns false when both exist and are equal.
                    format!("{} must exist and be equal to {}", name(l), target(r))
                } else if r.value.is_none() && !is_placeholder(r) && l.value.is_none() {
                    format!(
                        "the item must have both {} and {}, with {} {p} {}",
                        name(l),
                        name(r),
                        name(l),
                        name(r)
                    )
                } else if let Some(inner) = size_inner(missing) {
                    format!(
                        "{inner} must have a size (be a string, binary, set, list or map), with {} {p} {}",
                        name(missing),
                        target(if std::ptr::eq(missing, l) { r } else { l })
                    )
                } else if std::ptr::eq(missing, l) {
                    format!("the item must have {} {p} {}", name(l), target(r))
                } else {
                    format!(
                        "the item must have {}, with {} {p} it",
                        name(r),
                        with_value(l)
                    )
                };
                return LeafAccount {
                    why: so(absence(missing, scene)),
                    to_flip,
                };
            }
            if node.note == Some(NodeNote::TypeMismatch) {
                let rule = if op == "=" || op == "<>" {
                    "values of different types are never equal".to_string()
                } else {
                    format!("{op} compares only two numbers, two strings or two binaries")
                };
                let to_flip = if op == "=" || op == "<>" {
                    format!(
                        "{} must be {} (the same type and value)",
                        name(l),
                        target(r)
                    )
                } else {
                    format!(
                        "{} and {} must both be numbers, both strings or both binaries",
                        name(l),
                        name(r)
                    )
                };
                return LeafAccount {
                    why: format!("{}, and {}; {rule}, so {text} is {is}", typed(l), typed(r)),
                    to_flip,
                };
            }
            if result {
                LeafAccount {
                    why: so(format!("{} is {p} {}", with_value(l), target(r))),
                    to_flip: format!("{} must not be {p} {}", name(l), target(r)),
                }
            } else {
                LeafAccount {
                    why: so(if op == "<>" {
                        format!("{} is equal to {}", with_value(l), target(r))
                    } else {
                        format!("{} is not {p} {}", with_value(l), target(r))
                    }),
                    to_flip: format!("{} must be {p} {}", name(l), target(r)),
                }
            }
        }
        _ => generic(node, text),
    }
}

/// A node this module has no words for (a future function): its reads and result.
fn generic(node: &ConditionNode, text: &str) -> LeafAccount {
    let reads: Vec<String> = node.reads.iter().map(with_value).collect();
    let is = if node.result { "true" } else { "false" };
    LeafAccount {
        why: if reads.is_empty() {
            format!("{text} is {is}")
        } else {
            format!("{text} read {}, and is {is}", reads.join(", "))
        },
        to_flip: format!("{text} must be {}", !node.result),
    }
}
