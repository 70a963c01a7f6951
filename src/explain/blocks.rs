//! The blocks of one action in `explain`: title, item before, condition nodes, update steps, after, reason.

use serde_json::Value;

use crate::engine::item::Item;
use crate::engine::trace::{
    ActionTrace, ActionType, ConditionTrace, RequestTrace, UpdateTrace, ValueRead, Verdict,
};
use crate::engine::value::{AttributeValue, ValueLayer};
use crate::session::HistoryEntry;

use super::leaf::span_text;
use super::style::{continuation, push_aligned, Style};
use super::values::{item_text, item_text_keys_first, value_text};

pub(crate) fn is_transaction(operation: &str) -> bool {
    operation.starts_with("Transact")
}

/// The request body of one action (`TransactItems[i].Update`, or the request itself).
fn action_request<'r>(request: &'r Value, trace: &RequestTrace, index: usize) -> Option<&'r Value> {
    if is_transaction(&trace.operation) {
        request
            .get("TransactItems")?
            .get(index)?
            .as_object()?
            .values()
            .next()
    } else {
        Some(request)
    }
}

fn item_of(json: Option<&Value>) -> Option<Item> {
    let map = json?.as_object()?;
    let mut item = Item::new();
    for (k, v) in map {
        item.insert(
            k.clone(),
            AttributeValue::from_json(v, ValueLayer::Current).ok()?,
        );
    }
    Some(item)
}

/// `Rating = N 5`, `Rating is absent`, `:max = N 20`.
fn read_text(r: &ValueRead) -> String {
    let name = if r.source != r.resolved && !r.source.starts_with(':') {
        format!("{} ({})", r.source, r.resolved)
    } else {
        r.resolved.to_string()
    };
    match &r.value() {
        Some(v) => format!("{name} = {}", value_text(v)),
        None if r.source.starts_with("size(") => format!("{name} has no value"),
        None => format!("{name} is absent"),
    }
}

fn condition_block(cond: &ConditionTrace, s: &Style, out: &mut String) {
    out.push_str(&format!("  {}{}\n", s.label("condition"), cond.expression));
    let nodes = cond.nodes();
    let single = nodes.len() == 1;
    // The leaves' own text, so a compound condition shows which part each line is.
    let text_width = nodes
        .iter()
        .filter(|n| !n.reads.is_empty())
        .map(|n| {
            span_text(&cond.expression, n.span.start, n.span.end)
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0)
        .min(40);
    let mut rows = Vec::new();
    for node in &nodes {
        let what = if node.reads.is_empty() {
            // AND / OR / NOT: the children's results.
            let kids: Vec<String> = nodes
                .iter()
                .filter(|n| n.parent == Some(node.id))
                .map(|n| n.result.to_string())
                .collect();
            match kids.as_slice() {
                [one] => format!("{} {one}", node.label),
                [l, r] => format!("{l} {} {r}", node.label),
                _ => node.label.to_string(),
            }
        } else {
            node.reads
                .iter()
                .map(read_text)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let left = if single || node.reads.is_empty() {
            if single {
                what
            } else {
                format!("{:<text_width$}  {what}", "")
            }
        } else {
            let mut text: String = span_text(&cond.expression, node.span.start, node.span.end)
                .chars()
                .take(40)
                .collect();
            if text.chars().count() < text_width {
                text.push_str(&" ".repeat(text_width - text.chars().count()));
            }
            format!("{text}  {what}")
        };
        let note = match node.note {
            Some(crate::engine::trace::NodeNote::TypeMismatch) => s.dim("  (types differ)"),
            _ => String::new(),
        };
        rows.push((left, format!("{}{note}", s.result(node.result))));
    }
    push_aligned(&rows, out);
}

fn opt_value(v: &Option<AttributeValue>, absent: &str) -> String {
    match v {
        Some(v) => value_text(v),
        None => absent.to_string(),
    }
}

fn update_block(update: &UpdateTrace, applied: bool, s: &Style, out: &mut String) {
    out.push_str(&format!("  {}{}\n", s.label("update"), update.expression));
    for step in &update.steps {
        let before = opt_value(&step.before, "absent");
        let change = match &step.error {
            Some(e) => format!("{before}  ->  {}", s.bad(&format!("error: {e}"))),
            None => {
                let after = opt_value(&step.after, "removed");
                let after = if step.after.is_none() && step.before.is_none() {
                    "absent".to_string()
                } else {
                    after
                };
                format!("{before}  ->  {after}")
            }
        };
        let left = format!("{} {}  {change}", step.clause, step.path);
        let suffix = if applied || step.error.is_some() {
            String::new()
        } else {
            s.dim("(not applied)")
        };
        let line = format!("{}{left}   {suffix}", continuation());
        out.push_str(line.trim_end());
        out.push('\n');
        let reads_paths = step.reads.iter().any(|r| !r.source.starts_with(':'));
        if step.reads.len() > 1 || reads_paths {
            let reads: Vec<String> = step.reads.iter().map(read_text).collect();
            out.push_str(&format!(
                "{}{}\n",
                continuation(),
                s.dim(&format!("  read {}", reads.join(", ")))
            ));
        }
    }
}

fn action_title(a: &ActionTrace, trace: &RequestTrace, s: &Style) -> String {
    let key = a
        .key
        .as_ref()
        .map(|k| item_text(&k.to_item()))
        .unwrap_or_default();
    let who = if a.action == ActionType::Read {
        format!("item {}", a.index + 1)
    } else if is_transaction(&trace.operation) {
        format!("action {}", a.index + 1)
    } else {
        trace.operation.to_string()
    };
    format!("{}  {} {} {key}", s.bold(&who), a.action.name(), a.table)
        .trim_end()
        .to_string()
}

pub(crate) fn action_block(entry: &HistoryEntry, a: &ActionTrace, s: &Style, out: &mut String) {
    let trace = &entry.trace;
    let committed = matches!(trace.verdict, Verdict::Committed);
    let body = action_request(&entry.request, trace, a.index);
    out.push_str(&action_title(a, trace, s));
    out.push('\n');
    let key = a.key.as_ref().map(|k| k.to_item());
    let key = key.as_deref();
    // A Put shows the item it puts; a Query or Scan trace carries only the key and the filter's reads.
    let shows_before = match a.action {
        ActionType::Put | ActionType::Read => a.item_before.is_some(),
        _ => true,
    };
    if shows_before {
        let before = match &a.item_before {
            Some(item) => item_text_keys_first(&item.to_item(), key),
            None if a.key.is_some() => s.dim("no item with this key"),
            None => s.dim("not read"),
        };
        out.push_str(&format!("  {}{before}\n", s.label("before")));
    }
    if let Some(cond) = &a.condition {
        condition_block(cond, s, out);
    }
    if a.action == ActionType::Put {
        let item = a
            .after_item()
            .or_else(|| item_of(body.and_then(|b| b.get("Item"))));
        if let Some(item) = item {
            let suffix = if committed { "" } else { "  (not applied)" };
            out.push_str(&format!(
                "  {}{}{}\n",
                s.label("put"),
                item_text_keys_first(&item, key),
                s.dim(suffix)
            ));
        }
    }
    match &a.update {
        Some(update) => update_block(update, committed, s, out),
        None => {
            let expression = body
                .and_then(|b| b.get("UpdateExpression"))
                .and_then(Value::as_str);
            if let (ActionType::Update, Some(expression)) = (a.action, expression) {
                out.push_str(&format!("  {}{expression}\n", s.label("update")));
                let why = if a.condition.as_ref().is_some_and(|c| !c.result) {
                    "not evaluated: the condition was false"
                } else {
                    "not evaluated"
                };
                out.push_str(&format!("{}{}\n", continuation(), s.dim(why)));
            }
        }
    }
    if committed {
        match a.action {
            ActionType::Update => {
                if let Some(after) = &a.item_after {
                    out.push_str(&format!(
                        "  {}{}\n",
                        s.label("after"),
                        item_text_keys_first(&after.to_item(), key)
                    ));
                }
            }
            ActionType::Delete => {
                let what = if a.item_before.is_some() {
                    "deleted"
                } else {
                    "nothing to delete"
                };
                out.push_str(&format!("  {}{what}\n", s.label("after")));
            }
            _ => {}
        }
    }
    if let Some(reason) = &a.reason {
        let code = if reason.code == "None" {
            s.good(&reason.code)
        } else {
            s.bad(&reason.code)
        };
        let mut line = format!("  {}{code}", s.label("reason"));
        if let Some(m) = &reason.message {
            line.push_str(&format!(": {m}"));
        }
        if let Some(item) = &reason.item {
            line.push_str(&format!("; item returned {}", item_text(item)));
        }
        out.push_str(&line);
        out.push('\n');
    }
}
