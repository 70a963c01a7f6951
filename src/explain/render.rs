//! `explain` as text: the verdict, then each action with its key, the item before, each condition node with the
//! values it read and its result, each update step with before and after, the reason, and at the end the
//! account of why and what would have made it pass.

use serde_json::Value;

use crate::engine::trace::{ActionType, Verdict};
use crate::session::HistoryEntry;

use super::account::{account, consequence, Account};
use super::blocks::{action_block, is_transaction};
use super::style::{Style, LABEL};
use super::validation::{error_account, locate};

/// Actions of a Query or Scan shown before the rest are counted.
const MAX_READS_SHOWN: usize = 20;

fn is_write(operation: &str) -> bool {
    matches!(
        operation,
        "PutItem" | "UpdateItem" | "DeleteItem" | "TransactWriteItems"
    )
}

/// The verdict line: `TransactWriteItems  cancelled  [None, ConditionalCheckFailed]  nothing written`.
fn header(entry: &HistoryEntry, s: &Style) -> String {
    let trace = &entry.trace;
    let op = s.bold(&trace.operation);
    let tail = match &trace.verdict {
        Verdict::Committed if is_write(&trace.operation) => {
            let written = trace
                .actions
                .iter()
                .filter(|a| {
                    matches!(
                        a.action,
                        ActionType::Put | ActionType::Update | ActionType::Delete
                    )
                })
                .count();
            format!(
                "{}  {written} item{} written",
                s.good("committed"),
                if written == 1 { "" } else { "s" }
            )
        }
        Verdict::Committed if trace.actions.iter().any(|a| a.action == ActionType::Read) => {
            let read = trace.actions.len();
            let filtered: Vec<bool> = trace
                .actions
                .iter()
                .filter_map(|a| a.condition.as_ref().map(|c| c.result))
                .collect();
            let mut text = format!(
                "{}  {read} item{} read",
                s.good("ok"),
                if read == 1 { "" } else { "s" }
            );
            if !filtered.is_empty() {
                let kept = filtered.iter().filter(|r| **r).count();
                text.push_str(&format!(", {kept} passed the filter"));
            }
            text
        }
        Verdict::Committed => s.good("ok"),
        Verdict::Replayed => format!(
            "{}  this ClientRequestToken succeeded in the last 10 minutes, so nothing was written again",
            s.good("replayed")
        ),
        Verdict::Cancelled { codes } => format!(
            "{}  [{}]  nothing written",
            s.bad("cancelled"),
            codes.join(", ")
        ),
        Verdict::Error { error_type, .. } => format!(
            "{}  {}",
            s.bad(error_type.name()),
            if is_write(&trace.operation) {
                "nothing written"
            } else {
                "nothing read"
            }
        ),
    };
    format!("request {}  {op}  {tail}\n", entry.id)
}

/// `why: first line` and the rest indented under it.
fn labelled(label: &str, text: &str, s: &Style) -> String {
    let indent = " ".repeat(label.chars().count() + 2);
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("{}: {line}\n", s.bold(label)));
        } else {
            out.push_str(&format!("{indent}{line}\n"));
        }
    }
    out
}

fn footer(entry: &HistoryEntry, s: &Style, out: &mut String) {
    let trace = &entry.trace;
    let accounts: Vec<(usize, Account)> = trace
        .actions
        .iter()
        .filter(|a| a.action != ActionType::Read)
        .filter_map(|a| account(a).map(|acc| (a.index, acc)))
        .collect();
    let mut why = String::new();
    let mut to_pass = String::new();
    let many = accounts.len() > 1 || is_transaction(&trace.operation);
    for (index, acc) in &accounts {
        let prefix = if many {
            format!("action {}: ", index + 1)
        } else {
            String::new()
        };
        for line in acc.why.lines() {
            why.push_str(&format!("{prefix}{line}\n"));
        }
        to_pass.push_str(&format!("{prefix}{}\n", acc.to_pass));
    }
    if let Some(c) = consequence(trace) {
        why.push_str(&c);
        why.push('\n');
    }
    if let Verdict::Error {
        error_type,
        message,
    } = &trace.verdict
    {
        if accounts.is_empty() {
            if let Some(acc) = error_account(error_type.name(), message) {
                why.push_str(&acc.why);
                why.push('\n');
                to_pass.push_str(&acc.to_pass);
                to_pass.push('\n');
            }
        }
    }
    if why.is_empty() && to_pass.is_empty() {
        return;
    }
    out.push('\n');
    if !why.is_empty() {
        out.push_str(&labelled("why", &why, s));
    }
    if !to_pass.is_empty() {
        out.push_str(&labelled("to pass", &to_pass, s));
    }
}

/// The column (in characters) of a byte offset in `text`.
fn column(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(i, _)| *i < byte).count()
}

fn error_block(entry: &HistoryEntry, message: &str, s: &Style, out: &mut String) {
    out.push_str(&format!("  {}{message}\n", s.label("message")));
    let Some(located) = locate(&entry.request, message) else {
        return;
    };
    let label = located.member.clone();
    let width = label.chars().count().max(LABEL);
    out.push_str(&format!(
        "  {}  {}\n",
        s.dim(&format!("{label:<width$}")),
        located.expression
    ));
    if let Some(span) = located.span {
        let start = column(&located.expression, span.start);
        let end = column(&located.expression, span.end).max(start + 1);
        out.push_str(&format!(
            "  {}  {}{}\n",
            " ".repeat(width),
            " ".repeat(start),
            s.bad(&"^".repeat(end - start))
        ));
    }
}

/// The whole `explain` text for one request of the history.
pub fn render_explain(entry: &HistoryEntry, color: bool) -> String {
    let s = Style { color };
    let mut out = header(entry, &s);
    if let Verdict::Error { message, .. } = &entry.trace.verdict {
        error_block(entry, message, &s, &mut out);
    }
    let reads = entry
        .trace
        .actions
        .iter()
        .filter(|a| a.action == ActionType::Read)
        .count();
    let mut shown_reads = 0;
    for a in &entry.trace.actions {
        if a.action == ActionType::Read {
            shown_reads += 1;
            if shown_reads > MAX_READS_SHOWN {
                continue;
            }
        }
        out.push('\n');
        action_block(entry, a, &s, &mut out);
    }
    if reads > MAX_READS_SHOWN {
        out.push_str(&format!(
            "\n({} more items read; `explain` shows the first {MAX_READS_SHOWN})\n",
            reads - MAX_READS_SHOWN
        ));
    }
    if entry.trace.actions.is_empty() && matches!(entry.trace.verdict, Verdict::Committed) {
        out.push_str(
            &s.dim("(this request reads or changes no item, so there is nothing to trace)\n"),
        );
    }
    if let Some(line) = capacity_line(&entry.response) {
        out.push_str(&format!("\n{}{line}\n", s.label("capacity")));
    }
    footer(entry, &s, &mut out);
    out
}

/// `MusicCollection 7 write units` from the response's ConsumedCapacity (one entry or a list).
fn capacity_line(response: &Value) -> Option<String> {
    let entries: Vec<&Value> = match response.get("ConsumedCapacity")? {
        Value::Array(list) => list.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => return None,
    };
    let number = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64);
    let parts: Vec<String> = entries
        .iter()
        .map(|e| {
            let table = e.get("TableName").and_then(Value::as_str).unwrap_or("?");
            let kind = if number(e, "WriteCapacityUnits").is_some() {
                " write"
            } else if number(e, "ReadCapacityUnits").is_some() {
                " read"
            } else {
                ""
            };
            let units = number(e, "CapacityUnits").unwrap_or(0.0);
            format!("{table} {units}{kind} units")
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
