//! The plain-language account of why an action failed and what would make it pass, read from its trace.
//! The REPL's `explain` gives the same account; this is the TUI's way to it.

use crate::engine::trace::{ActionTrace, ConditionNode, ConditionTrace, NodeNote};

use super::format;

/// Why an action ended as it did, and what would make it pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub why: String,
    pub to_pass: String,
}

/// The account of one action of a request, when there is something to explain.
pub fn account(action: &ActionTrace) -> Option<Account> {
    let reason = action.reason.as_ref();
    match reason.map(|r| r.code.as_str()) {
        Some("None") => Some(Account {
            why: "This action's checks passed; it was not applied because a transaction is all or nothing."
                .into(),
            to_pass: "Make the other actions pass.".into(),
        }),
        Some("ConditionalCheckFailed") | None => {
            let condition = action.condition.as_ref()?;
            if condition.result {
                return None;
            }
            Some(condition_account(condition, action.item_before.is_some()))
        }
        Some("TransactionConflict") => Some(Account {
            why: "Another transaction is writing this item.".into(),
            to_pass: "Retry once the other transaction has finished.".into(),
        }),
        Some("ValidationError") => Some(Account {
            why: reason
                .and_then(|r| r.message.clone())
                .unwrap_or_else(|| "The update cannot be applied to this item.".into()),
            to_pass: "Change the update expression or the item so that every step applies.".into(),
        }),
        Some(other) => Some(Account {
            why: format!(
                "{other}: {}",
                reason.and_then(|r| r.message.clone()).unwrap_or_default()
            ),
            to_pass: String::new(),
        }),
    }
}

/// Why a false condition is false: the first false leaf that decided it.
fn condition_account(c: &ConditionTrace, item_exists: bool) -> Account {
    let deciding = deciding_leaf(c);
    let text_of = |n: &ConditionNode| -> String {
        let span = super::view_run::inside_parens(&c.expression, n.span);
        c.expression
            .get(span.start..span.end)
            .unwrap_or(&n.label)
            .to_string()
    };
    let Some(node) = deciding else {
        return Account {
            why: format!("{} is false.", c.expression),
            to_pass: "Change the item or the condition.".into(),
        };
    };
    let expression = text_of(node);
    let first = node.reads.first();
    let subject = first.map(|r| r.resolved.clone()).unwrap_or_default();
    let value = first.and_then(|r| r.value.as_ref());
    let on_item = if item_exists {
        "this item"
    } else {
        "this key (there is no item)"
    };
    match node.label.as_str() {
        "attribute_not_exists" => Account {
            why: format!(
                "{subject} exists on this item ({}), so {expression} is false.",
                format::read(value)
            ),
            to_pass: format!(
                "the item must not have {subject}, or the condition must allow an item with {subject}."
            ),
        },
        "attribute_exists" => Account {
            why: format!("{subject} is absent on {on_item}, so {expression} is false."),
            to_pass: format!("the item must have {subject}."),
        },
        _ => {
            let reads: Vec<String> = node
                .reads
                .iter()
                .map(|r| format!("{} is {}", r.resolved, format::read(r.value.as_ref())))
                .collect();
            let because = match node.note {
                Some(NodeNote::Absent) => " (a value it needs is absent)",
                Some(NodeNote::TypeMismatch) => " (the types cannot be compared)",
                None => "",
            };
            let why = if reads.is_empty() {
                format!("{expression} is false{because}.")
            } else {
                format!("{}, so {expression} is false{because}.", reads.join(" and "))
            };
            Account {
                why,
                to_pass: format!("the item's values must make {expression} true."),
            }
        }
    }
}

/// The node that decided a false condition: under AND a false child, under OR the first (all are false); a
/// NOT or a leaf explains itself. Walks down from the root.
fn deciding_leaf(c: &ConditionTrace) -> Option<&ConditionNode> {
    let mut node = c.nodes.last()?;
    // Each step goes to a child, so at most `nodes.len()` steps.
    for _ in 0..c.nodes.len() {
        let children: Vec<&ConditionNode> = c
            .nodes
            .iter()
            .filter(|n| n.parent == Some(node.id))
            .collect();
        if children.is_empty() {
            return Some(node);
        }
        // Under AND or OR, a child with the parent's result explains it; NOT is explained as itself.
        let next = match node.label.as_str() {
            "AND" | "OR" => children.iter().find(|n| n.result == node.result).copied(),
            _ => None,
        };
        let Some(next) = next else {
            return Some(node);
        };
        node = next;
    }
    Some(node)
}
