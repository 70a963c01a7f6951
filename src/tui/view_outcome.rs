//! The verdict step's panels. On success: consumed capacity per table (DynamoDB's response) and per action, and
//! each item before and after with the fields that changed. On cancellation: one panel per action in request
//! order with its code, DynamoDB's message, the item returned with ALL_OLD, and the plain-language account.

use ratatui::text::{Line, Span};
use serde_json::Value;

use super::format;
use super::model::Model;
use super::theme::Theme;
use super::view::label;
use super::view_condition::condition_lines;
use super::view_run::{item_spans, key_brief, verdict_line};
use crate::engine::capacity;
use crate::engine::item::{item_size, Item};
use crate::engine::trace::{ActionTrace, ActionType, Verdict};
use crate::explain;
use crate::session::HistoryEntry;

const LABEL: usize = 14;

pub fn lines(model: &Model, entry: &HistoryEntry) -> Vec<Line<'static>> {
    let t = &model.theme;
    let mut out = vec![Line::from(verdict_line(model, entry)), Line::raw("")];
    match &entry.trace.verdict {
        Verdict::Committed | Verdict::Replayed => success(model, entry, &mut out),
        Verdict::Cancelled { .. } => cancelled(model, entry, &mut out),
        Verdict::Error { .. } => {
            if entry.source == "tui" && entry.operation == "TransactWriteItems" {
                out.push(Line::styled(
                    "The composer (2) shows this error at the field it concerns.",
                    t.dim,
                ));
            }
            for a in &entry.trace.actions {
                panel(model, entry, a, &mut out);
            }
        }
    }
    out
}

fn row(text: &str, t: &Theme, rest: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = vec![label(&format!("  {text}"), LABEL + 2, t.dim)];
    spans.extend(rest);
    Line::from(spans)
}

fn success(model: &Model, entry: &HistoryEntry, out: &mut Vec<Line<'static>>) {
    let t = &model.theme;
    out.push(Line::styled("Consumed capacity", t.title));
    match entry.response.get("ConsumedCapacity") {
        Some(Value::Array(list)) => {
            for (i, c) in list.iter().enumerate() {
                out.push(row(
                    if i == 0 { "per table" } else { "" },
                    t,
                    capacity_spans(c, t),
                ));
            }
        }
        Some(c @ Value::Object(_)) => out.push(row("per table", t, capacity_spans(c, t))),
        _ => out.push(row(
            "",
            t,
            vec![Span::styled(
                "not in the response (ReturnConsumedCapacity TOTAL or INDEXES asks for it)",
                t.dim,
            )],
        )),
    }
    if entry.operation == "TransactWriteItems" {
        for (i, a) in entry.trace.actions.iter().enumerate() {
            out.push(row(
                if i == 0 { "per action" } else { "" },
                t,
                vec![Span::raw(format!(
                    "{} {} {}: {:.1} write units",
                    i + 1,
                    a.action.name(),
                    key_brief(model, a),
                    action_units(model, a)
                ))],
            ));
        }
        out.push(row(
            "",
            t,
            vec![Span::styled(
                "(2 × a unit per started KB of the larger item, before or after, plus index writes)",
                t.dim,
            )],
        ));
    }
    out.push(Line::raw(""));
    for (i, a) in entry.trace.actions.iter().enumerate() {
        out.push(Line::styled(
            format!(
                "{} {} {} {}",
                i + 1,
                a.action.name(),
                a.table,
                key_brief(model, a)
            ),
            t.title,
        ));
        out.push(row(
            "before",
            t,
            item_spans(model, &a.table, a.before_item().as_ref()),
        ));
        let before = a.before_item();
        let after = match a.action {
            ActionType::ConditionCheck | ActionType::Get | ActionType::Read => before.clone(),
            _ => a.after_item(),
        };
        out.push(row("after", t, item_spans(model, &a.table, after.as_ref())));
        diff(t, before.as_ref(), after.as_ref(), out);
    }
}

fn capacity_spans(c: &Value, t: &Theme) -> Vec<Span<'static>> {
    let table = c.get("TableName").and_then(Value::as_str).unwrap_or("?");
    vec![
        Span::styled(table.to_string(), t.key),
        Span::raw(format!("  {}", capacity_text(c))),
    ]
}

/// `10.0 capacity units (write 10.0) · table 6.0 · LSI ByAlbum 4.0`.
fn capacity_text(c: &Value) -> String {
    let num = |v: Option<&Value>| v.and_then(Value::as_f64);
    let mut parts = Vec::new();
    if let Some(u) = num(c.get("CapacityUnits")) {
        parts.push(format!("{u:.1} capacity units"));
    }
    if let Some(w) = num(c.get("WriteCapacityUnits")) {
        parts.push(format!("write {w:.1}"));
    }
    if let Some(r) = num(c.get("ReadCapacityUnits")) {
        parts.push(format!("read {r:.1}"));
    }
    if let Some(tu) = num(c.get("Table").and_then(|t| t.get("CapacityUnits"))) {
        parts.push(format!("table {tu:.1}"));
    }
    for (key, kind) in [
        ("LocalSecondaryIndexes", "LSI"),
        ("GlobalSecondaryIndexes", "GSI"),
    ] {
        if let Some(Value::Object(m)) = c.get(key) {
            for (name, v) in m {
                if let Some(u) = num(v.get("CapacityUnits")) {
                    parts.push(format!("{kind} {name} {u:.1}"));
                }
            }
        }
    }
    parts.join(" · ")
}

/// Write units one action of a transaction costs, from its trace's items (the engine's rule, spec §1.8).
pub fn action_units(model: &Model, a: &ActionTrace) -> f64 {
    let before = a.before_item();
    let after = match a.action {
        ActionType::Put | ActionType::Update => a.after_item(),
        _ => None,
    };
    let (before, after) = (before.as_ref(), after.as_ref());
    let size = before.map_or(0, item_size).max(after.map_or(0, item_size));
    let mut units = 2.0 * capacity::write_units(size);
    let writes = matches!(
        a.action,
        ActionType::Put | ActionType::Update | ActionType::Delete
    );
    if writes {
        if let Some(table) = model.session.database().table(&a.table) {
            let deleted = a.action == ActionType::Delete;
            let new = if deleted { None } else { after };
            for (_, _, u) in capacity::index_write_units(&table.schema, before, new) {
                units += u;
            }
        }
    }
    units
}

/// The fields that differ between before and after: `+` added, `-` removed, `~` changed.
fn diff(t: &Theme, before: Option<&Item>, after: Option<&Item>, out: &mut Vec<Line<'static>>) {
    let empty = Item::new();
    let b = before.unwrap_or(&empty);
    let a = after.unwrap_or(&empty);
    let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
    names.sort();
    names.dedup();
    let mut changed = 0;
    for name in names {
        let (old, new) = (b.get(name), a.get(name));
        if old == new {
            continue;
        }
        changed += 1;
        let (sign, text) = match (old, new) {
            (None, Some(n)) => ("+", format::typed(n, 80)),
            (Some(o), None) => ("-", format::typed(o, 80)),
            (Some(o), Some(n)) => (
                "~",
                format!("{}  →  {}", format::typed(o, 60), format::typed(n, 60)),
            ),
            (None, None) => continue,
        };
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(" ".repeat(LABEL)),
            Span::styled(format!("{sign} {name}  "), t.changed),
            Span::raw(text),
        ]));
    }
    if changed == 0 {
        out.push(row("", t, vec![Span::styled("no field changed", t.dim)]));
    }
}

fn cancelled(model: &Model, entry: &HistoryEntry, out: &mut Vec<Line<'static>>) {
    if let Some(text) = explain::consequence(&entry.trace) {
        for line in text.lines() {
            out.push(Line::styled(line.to_string(), model.theme.warn));
        }
        out.push(Line::raw(""));
    }
    for a in &entry.trace.actions {
        panel(model, entry, a, out);
    }
}

/// One action's panel: code, message, condition with every node's result, ALL_OLD item, and the account.
fn panel(model: &Model, entry: &HistoryEntry, a: &ActionTrace, out: &mut Vec<Line<'static>>) {
    let t = &model.theme;
    let code = a
        .reason
        .as_ref()
        .map(|r| r.code.clone())
        .unwrap_or_default();
    let failed = !code.is_empty() && code != "None";
    out.push(Line::from(vec![
        Span::styled(
            format!(
                "── {} {} {} {} ",
                a.index + 1,
                a.action.name(),
                a.table,
                key_brief(model, a)
            ),
            t.title,
        ),
        Span::styled(code.clone(), if failed { t.fail } else { t.ok }),
    ]));
    if let Some(m) = a.reason.as_ref().and_then(|r| r.message.clone()) {
        out.push(row("Message", t, vec![Span::raw(m)]));
    }
    if let Some(c) = &a.condition {
        let root = c.len().saturating_sub(1);
        let (expression, _) = condition_lines(c, root + 1, t, 0);
        out.push(row("Condition", t, expression.spans));
    }
    let wants_old = entry_wants_all_old(entry, a.index);
    match a.reason.as_ref().and_then(|r| r.item.as_ref()) {
        Some(item) => out.push(row(
            "Item (ALL_OLD)",
            t,
            item_spans(model, &a.table, Some(item)),
        )),
        None if code == "ConditionalCheckFailed" && !wants_old => out.push(row(
            "Item",
            t,
            vec![Span::styled(
                "not returned (ReturnValuesOnConditionCheckFailure: ALL_OLD returns it)",
                t.dim,
            )],
        )),
        None => out.push(row(
            "Item before",
            t,
            item_spans(model, &a.table, a.before_item().as_ref()),
        )),
    }
    if let Some(acc) = explain::account(a) {
        out.push(row("Why", t, vec![Span::raw(acc.why)]));
        if !acc.to_pass.is_empty() {
            out.push(row("To pass", t, vec![Span::raw(acc.to_pass)]));
        }
    }
    out.push(Line::raw(""));
}

fn entry_wants_all_old(entry: &HistoryEntry, index: usize) -> bool {
    entry
        .request
        .get("TransactItems")
        .and_then(Value::as_array)
        .and_then(|items| items.get(index))
        .and_then(Value::as_object)
        .and_then(|o| o.values().next())
        .and_then(|body| body.get("ReturnValuesOnConditionCheckFailure"))
        .and_then(Value::as_str)
        == Some("ALL_OLD")
}
