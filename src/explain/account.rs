//! The plain-language account of why an action did not pass: for a condition, the minimal set of leaves that
//! decided it (the false children of a false AND, every child of a false OR, through NOT by turning the
//! question around), each with the values it read; for a runtime ValidationError, the step that failed.

use crate::engine::item::Item;
use crate::engine::messages as m;
use crate::engine::trace::{
    ActionTrace, ActionType, ConditionNode, ConditionTrace, RequestTrace, Verdict,
};

use super::leaf::{leaf_account, span_text, Scene};
use super::values::value_text;

/// Why an action failed, and what would have made it pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// One sentence per decisive leaf, separated by newlines.
    pub why: String,
    /// What would have made it pass.
    pub to_pass: String,
}

/// Conditions nest at most this deep in an account; DynamoDB's own limits keep real ones far shallower.
const MAX_DEPTH: usize = 64;
/// At most this many reasons are spelled out; the rest are counted.
const MAX_REASONS: usize = 8;

/// What one node contributes: the sentences that explain its result, and what would flip it.
struct Part {
    whys: Vec<String>,
    to_flip: String,
    /// The connective `to_flip` joins its parts with at its top (`and`, `or`), if any: a part joined into a
    /// sentence with the other connective is put in parentheses.
    joined_with: Option<&'static str>,
}

fn children_of(nodes: &[ConditionNode]) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); nodes.len()];
    for node in nodes {
        if let Some(slot) = node.parent.and_then(|p| children.get_mut(p)) {
            slot.push(node.id);
        }
    }
    children
}

/// `a`, `a and b`, `a, b and c` (or with `or`).
fn join(parts: &[String], word: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

fn explain_node(
    nodes: &[ConditionNode],
    children: &[Vec<usize>],
    id: usize,
    scene: &Scene,
    depth: usize,
) -> Part {
    let Some(node) = nodes.get(id) else {
        return Part {
            whys: Vec::new(),
            to_flip: String::new(),
            joined_with: None,
        };
    };
    let text = span_text(scene.expression, node.span.start, node.span.end);
    if depth > MAX_DEPTH {
        return Part {
            whys: vec![format!("{text} is {}", node.result)],
            to_flip: format!("{text} must be {}", !node.result),
            joined_with: None,
        };
    }
    let kids: &[usize] = children.get(id).map(Vec::as_slice).unwrap_or(&[]);
    let result_of = |c: &usize| nodes.get(*c).is_some_and(|n| n.result);
    match node.label.as_ref() {
        "NOT" => {
            let Some(child) = kids.first() else {
                return Part {
                    whys: Vec::new(),
                    to_flip: String::new(),
                    joined_with: None,
                };
            };
            let mut part = explain_node(nodes, children, *child, scene, depth + 1);
            part.whys.push(format!(
                "NOT turns that around, so {text} is {}",
                node.result
            ));
            part
        }
        "AND" | "OR" => {
            // The decisive children are those that have the node's own result: a false AND is false because
            // of its false children; a true OR is true because of its true children; a false OR and a true AND
            // need every child.
            let decisive: Vec<usize> = kids
                .iter()
                .copied()
                .filter(|c| result_of(c) == node.result)
                .collect();
            let parts: Vec<Part> = decisive
                .iter()
                .map(|c| explain_node(nodes, children, *c, scene, depth + 1))
                .collect();
            // Flipping a false AND or a true OR needs every decisive child flipped; flipping a false OR or a
            // true AND needs any one child flipped.
            let word = if (node.label == "AND") != node.result {
                "and"
            } else {
                "or"
            };
            let flips: Vec<String> = parts
                .iter()
                .map(|p| match p.joined_with {
                    Some(inner) if inner != word && parts.len() > 1 => format!("({})", p.to_flip),
                    _ => p.to_flip.clone(),
                })
                .collect();
            let joined_with = if parts.len() > 1 {
                Some(word)
            } else {
                parts.first().and_then(|p| p.joined_with)
            };
            Part {
                to_flip: join(&flips, word),
                whys: parts.into_iter().flat_map(|p| p.whys).collect(),
                joined_with,
            }
        }
        _ => {
            let leaf = leaf_account(node, scene);
            Part {
                whys: vec![leaf.why],
                to_flip: leaf.to_flip,
                joined_with: None,
            }
        }
    }
}

/// The account of a condition's result (usually a false one), read against `item` (`None`: no item had the
/// key).
pub fn condition_account(trace: &ConditionTrace, item: Option<&Item>) -> Option<Account> {
    let nodes = trace.nodes();
    let root = nodes.len().checked_sub(1)?;
    let scene = Scene {
        expression: &trace.expression,
        item,
    };
    let children = children_of(&nodes);
    let mut part = explain_node(&nodes, &children, root, &scene, 0);
    // A lone attribute_not_exists that failed is often the condition being too strict, not the item being wrong.
    if let Some(node) = nodes.get(root) {
        if node.label == "attribute_not_exists" && !node.result {
            part.to_flip
                .push_str(", or the condition must allow an item that has it");
        }
    }
    let mut whys: Vec<String> = part.whys.iter().take(MAX_REASONS).cloned().collect();
    if part.whys.len() > MAX_REASONS {
        whys.push(format!(
            "({} more reasons like these)",
            part.whys.len() - MAX_REASONS
        ));
    }
    Some(Account {
        why: whys
            .iter()
            .map(|w| sentence(w))
            .collect::<Vec<_>>()
            .join("\n"),
        to_pass: sentence(&part.to_flip),
    })
}

/// A capital letter is not forced (attribute names keep their case); a full stop ends it.
fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with('.') || t.ends_with("reasons like these)") {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Why `action` did not pass: its condition was false, or it got a ValidationError (or a conflict) in a
/// cancelled transaction. `None` when the action passed.
pub fn account(action: &ActionTrace) -> Option<Account> {
    if let Some(cond) = action.condition.as_ref().filter(|c| !c.result) {
        return condition_account(cond, action.before_item().as_ref());
    }
    if let Some(error) = action.update.as_ref().and_then(|u| u.error.as_deref()) {
        return Some(validation_error(action, error));
    }
    let reason = action.reason.as_ref()?;
    match &*reason.code {
        "ValidationError" => Some(validation_error(action, reason.message.as_deref().unwrap_or(""))),
        "TransactionConflict" => Some(Account {
            why: sentence("another transaction is writing this item at the same moment (TransactionConflict)"),
            to_pass: sentence("retry once the other transaction has finished (txlab holds the item for teaching until it is released)"),
        }),
        "ConditionalCheckFailed" => Some(Account {
            why: sentence("the condition was false"),
            to_pass: sentence("the condition must hold for the item as it was"),
        }),
        _ => None,
    }
}

fn validation_error(action: &ActionTrace, message: &str) -> Account {
    let failed_step = action
        .update
        .as_ref()
        .and_then(|u| u.steps.iter().find(|s| s.error.is_some()));
    let why = match failed_step {
        Some(step) => {
            let reads: Vec<String> = step
                .reads
                .iter()
                .map(|r| match &r.value() {
                    Some(v) => format!("{} = {}", r.resolved, value_text(v)),
                    None => format!("{} is absent", r.resolved),
                })
                .collect();
            let read_text = if reads.is_empty() {
                String::new()
            } else {
                format!(" (it read {})", reads.join(", "))
            };
            format!(
                "the update step {} {} failed{read_text}: {message}",
                step.clause, step.path
            )
        }
        None => format!("DynamoDB refused this action: {message}"),
    };
    Account {
        why: sentence(&why),
        to_pass: sentence(validation_hint(message)),
    }
}

/// What usually fixes a runtime ValidationError, by its message.
fn validation_hint(message: &str) -> &'static str {
    if message.contains(m::UPDATE_MISSING_ATTRIBUTE) {
        "every attribute the update reads must exist in the item (if_not_exists(path, :default) gives a fallback)"
    } else if message.contains(m::UPDATE_OPERAND_TYPE) {
        "every operand must have the type the action needs: + and - take numbers, list_append takes lists, ADD takes a number or a set of the attribute's set type, DELETE takes a set of its type"
    } else if message.contains(m::UPDATE_INVALID_PATH) {
        "the path must lead through maps and lists that exist in the item"
    } else if message.contains(m::UPDATE_INDEX_KEY_TYPE) {
        "an index key attribute must keep the type its index declares"
    } else if message.contains(m::ITEM_TOO_LARGE_UPDATE) || message.contains(m::ITEM_TOO_LARGE_PUT)
    {
        "the item must stay within 400 KB"
    } else if message.contains("key") {
        "the key must hold exactly the table's key attributes, with their declared types"
    } else {
        "the action must meet what the message asks"
    }
}

/// What the request's verdict meant for the actions that passed (transactions are all or nothing).
pub fn consequence(trace: &RequestTrace) -> Option<String> {
    match &trace.verdict {
        Verdict::Cancelled { codes } => {
            let spared: Vec<String> = trace
                .actions
                .iter()
                .zip(codes.iter())
                .filter(|(a, code)| {
                    *code == "None"
                        && matches!(
                            a.action,
                            ActionType::Put | ActionType::Update | ActionType::Delete
                        )
                })
                .map(|(a, _)| (a.index + 1).to_string())
                .collect();
            let mut text = match spared.as_slice() {
                [] => "The transaction is all or nothing: nothing was written.".to_string(),
                [one] => format!(
                    "The transaction is all or nothing, so action {one} was not applied either."
                ),
                many => format!(
                    "The transaction is all or nothing, so actions {} were not applied either.",
                    join(many, "and")
                ),
            };
            // DynamoDB names only the first ValidationError; conditions that also failed read `None`.
            if codes.iter().any(|c| c == "ValidationError") {
                let hidden: Vec<String> = trace
                    .actions
                    .iter()
                    .zip(codes.iter())
                    .filter(|(a, code)| {
                        *code == "None" && a.condition.as_ref().is_some_and(|c| !c.result)
                    })
                    .map(|(a, _)| (a.index + 1).to_string())
                    .collect();
                if !hidden.is_empty() {
                    text.push_str(&format!(
                        "\nDynamoDB reports only the first ValidationError: the condition of action{} {} was false too, yet its reason reads None.",
                        if hidden.len() == 1 { "" } else { "s" },
                        join(&hidden, "and")
                    ));
                }
            }
            Some(text)
        }
        Verdict::Error { error_type, .. }
            if error_type.name() == "ConditionalCheckFailedException" =>
        {
            Some("Nothing was written.".to_string())
        }
        _ => None,
    }
}
