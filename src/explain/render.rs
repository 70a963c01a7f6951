//! `explain` as text: the verdict, then each action with its key, the item before, each condition node with the
//! values it read and its result, each update step with before and after, the reason, and at the end the
//! account of why and what would have made it pass.

use serde_json::Value;

use crate::engine::item::Item;
use crate::engine::trace::{
    ActionTrace, ActionType, ConditionTrace, RequestTrace, UpdateTrace, ValueRead, Verdict,
};
use crate::engine::value::{AttributeValue, ValueLayer};
use crate::session::HistoryEntry;

use super::account::{account, consequence, Account};
use super::leaf::span_text;
use super::validation::{error_account, locate};
use super::values::{item_text, item_text_keys_first, value_text};

/// Actions of a Query or Scan shown before the rest are counted.
const MAX_READS_SHOWN: usize = 20;
/// Results line up after the longest left part of their block, up to this width (a longer one pushes only
/// its own result further).
const MAX_LEFT: usize = 64;
/// The width of the labels in front of each block (`condition  `).
const LABEL: usize = 11;

pub(crate) struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn good(&self, t: &str) -> String {
        self.paint("32", t)
    }
    fn bad(&self, t: &str) -> String {
        self.paint("31", t)
    }
    fn result(&self, r: bool) -> String {
        if r {
            self.good("true")
        } else {
            self.bad("false")
        }
    }
    fn label(&self, l: &str) -> String {
        self.dim(&format!("{l:<LABEL$}"))
    }
}

fn continuation() -> String {
    " ".repeat(2 + LABEL)
}

/// Lines of a block, each a left part and a right part; the right parts line up.
fn push_aligned(rows: &[(String, String)], out: &mut String) {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .filter(|w| *w <= MAX_LEFT)
        .max()
        .unwrap_or(0);
    for (left, right) in rows {
        let pad = width.saturating_sub(left.chars().count()) + 3;
        let line = format!("{}{left}{}{right}", continuation(), " ".repeat(pad));
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn is_write(operation: &str) -> bool {
    matches!(
        operation,
        "PutItem" | "UpdateItem" | "DeleteItem" | "TransactWriteItems"
    )
}

fn is_transaction(operation: &str) -> bool {
    operation.starts_with("Transact")
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
        r.resolved.clone()
    };
    match &r.value {
        Some(v) => format!("{name} = {}", value_text(v)),
        None if r.source.starts_with("size(") => format!("{name} has no value"),
        None => format!("{name} is absent"),
    }
}

fn condition_block(cond: &ConditionTrace, s: &Style, out: &mut String) {
    out.push_str(&format!("  {}{}\n", s.label("condition"), cond.expression));
    let single = cond.nodes.len() == 1;
    // The leaves' own text, so a compound condition shows which part each line is.
    let text_width = cond
        .nodes
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
    for node in &cond.nodes {
        let what = if node.reads.is_empty() {
            // AND / OR / NOT: the children's results.
            let kids: Vec<String> = cond
                .nodes
                .iter()
                .filter(|n| n.parent == Some(node.id))
                .map(|n| n.result.to_string())
                .collect();
            match kids.as_slice() {
                [one] => format!("{} {one}", node.label),
                [l, r] => format!("{l} {} {r}", node.label),
                _ => node.label.clone(),
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
    let key = a.key.as_ref().map(item_text).unwrap_or_default();
    let who = if a.action == ActionType::Read {
        format!("item {}", a.index + 1)
    } else if is_transaction(&trace.operation) {
        format!("action {}", a.index + 1)
    } else {
        trace.operation.clone()
    };
    format!("{}  {} {} {key}", s.bold(&who), a.action.name(), a.table)
        .trim_end()
        .to_string()
}

fn action_block(entry: &HistoryEntry, a: &ActionTrace, s: &Style, out: &mut String) {
    let trace = &entry.trace;
    let committed = matches!(trace.verdict, Verdict::Committed);
    let body = action_request(&entry.request, trace, a.index);
    out.push_str(&action_title(a, trace, s));
    out.push('\n');
    // A Put shows the item it puts; a Query or Scan trace carries only the key and the filter's reads.
    let shows_before = match a.action {
        ActionType::Put | ActionType::Read => a.item_before.is_some(),
        _ => true,
    };
    if shows_before {
        let before = match &a.item_before {
            Some(item) => item_text_keys_first(item, a.key.as_ref()),
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
            .item_after
            .as_deref()
            .cloned()
            .or_else(|| item_of(body.and_then(|b| b.get("Item"))));
        if let Some(item) = item {
            let suffix = if committed { "" } else { "  (not applied)" };
            out.push_str(&format!(
                "  {}{}{}\n",
                s.label("put"),
                item_text_keys_first(&item, a.key.as_ref()),
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
                        item_text_keys_first(after, a.key.as_ref())
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
