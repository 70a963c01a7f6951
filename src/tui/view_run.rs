//! The Run pane: the stepper. It draws one step of a recorded trace: an action's key and item before; a
//! condition node with the whole expression shown, the node marked, finished nodes carrying their results, the
//! values the node read and its result; an update step with before and after; and at the end the verdict with
//! the outcome or cancellation panels (view_outcome.rs). Nothing is evaluated here.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::format;
use super::layout;
use super::model::Model;
use super::run::StepKind;
use super::theme::Theme;
use super::view::{block, fit, label, title, wrap_indented};
use super::view_condition::{condition_lines, inside_parens, result_text};
use super::view_expr;
use crate::engine::trace::{ActionTrace, Verdict};
use crate::explain;
use crate::session::HistoryEntry;

const LABEL: usize = 12;

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let Some(entry) = &model.run.entry else {
        let text = vec![
            Line::styled("Nothing has run yet.", t.title),
            Line::raw(""),
            Line::raw("Compose a transaction (2) and press r to run it, R to step through it from the start,"),
            Line::raw("or open any request of the History (4) with Enter."),
        ];
        frame.render_widget(
            Paragraph::new(text).block(block(title("Run", t), true, t)),
            body,
        );
        return;
    };
    let l = layout::run(body, entry.trace.actions.len());
    let Some(step) = model.run.current() else {
        return;
    };
    let heading = heading(model, entry);
    let lines = match (
        step.kind,
        step.action.and_then(|i| entry.trace.actions.get(i)),
    ) {
        (StepKind::Action, Some(a)) => action_lines(model, a),
        (StepKind::Node(n), Some(a)) => node_lines(model, a, n),
        (StepKind::Update(s), Some(a)) => update_lines(model, entry, a, s),
        _ => super::view_outcome::lines(model, entry),
    };
    let scroll = if step.kind == StepKind::Verdict {
        model.run.scroll as u16
    } else {
        0
    };
    let lines = wrap_indented(lines, layout::inner(l.detail).width as usize);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(block(title(heading, t), true, t)),
        l.detail,
    );
    draw_actions(model, entry, frame, l.actions);
    draw_verdict(model, entry, frame, l.verdict);
}

fn heading(model: &Model, entry: &HistoryEntry) -> String {
    let run = &model.run;
    let total = run.steps.len();
    let step = run.current();
    let mut s = format!(
        "Run ─ #{} {} ─ step {} of {}",
        entry.id,
        entry.operation,
        run.step + 1,
        total
    );
    if let Some(i) = step.and_then(|s| s.action) {
        if let Some(a) = entry.trace.actions.get(i) {
            s.push_str(&format!(
                " ─ action {} of {}: {} {} {}",
                i + 1,
                entry.trace.actions.len(),
                a.action.name(),
                a.table,
                key_brief(model, a)
            ));
        }
    } else {
        s.push_str(" ─ verdict");
    }
    s
}

pub fn key_brief(model: &Model, a: &ActionTrace) -> String {
    let schema = model
        .session
        .database()
        .table(&a.table)
        .map(|t| &t.schema.key_schema);
    match &a.key {
        Some(k) => format::key_brief(&k.to_item(), schema),
        None => "{invalid key}".into(),
    }
}

/// `Artist "Acme Band" · SongTitle "Happy Day" · ...`, or `(no item)`.
pub fn item_spans(
    model: &Model,
    table: &str,
    item: Option<&crate::engine::item::Item>,
) -> Vec<Span<'static>> {
    let t = &model.theme;
    let Some(item) = item else {
        return vec![Span::styled("(no item with this key)", t.dim)];
    };
    let schema = model
        .session
        .database()
        .table(table)
        .map(|t| &t.schema.key_schema);
    let mut spans = Vec::new();
    for (i, (name, value)) in format::item_line(item, schema).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim));
        }
        spans.push(Span::styled(name, t.key));
        spans.push(Span::raw(format!(" {value}")));
    }
    spans
}

fn row(label_text: &str, t: &Theme, rest: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = vec![label(label_text, LABEL, t.dim)];
    spans.extend(rest);
    Line::from(spans)
}

fn action_lines(model: &Model, a: &ActionTrace) -> Vec<Line<'static>> {
    let t = &model.theme;
    let mut lines = vec![
        row(
            "Action",
            t,
            vec![Span::styled(
                format!("{} {}", a.action.name(), a.table),
                t.title,
            )],
        ),
        row("Key", t, vec![Span::raw(key_brief(model, a))]),
        row(
            "Item before",
            t,
            item_spans(model, &a.table, a.before_item().as_ref()),
        ),
    ];
    if let Some(c) = &a.condition {
        lines.push(row(
            "Condition",
            t,
            view_expr::render(&c.expression, t, None, &[]).spans,
        ));
        lines.push(row(
            "",
            t,
            vec![Span::styled(
                format!("n steps through its {} node(s), leaves first", c.len()),
                t.dim,
            )],
        ));
    } else {
        lines.push(row("Condition", t, vec![Span::styled("none", t.dim)]));
    }
    if let Some(u) = &a.update {
        lines.push(row(
            "Update",
            t,
            view_expr::render(&u.expression, t, None, &[]).spans,
        ));
    }
    lines
}

fn node_lines(model: &Model, a: &ActionTrace, n: usize) -> Vec<Line<'static>> {
    let t = &model.theme;
    let Some(c) = &a.condition else {
        return Vec::new();
    };
    let nodes = c.nodes();
    let Some(node) = nodes.get(n) else {
        return Vec::new();
    };
    let (expression, marker) = condition_lines(c, n, t, 0);
    let mut first = vec![label("Condition", LABEL, t.dim)];
    first.extend(expression.spans);
    let mut second = vec![Span::raw(" ".repeat(LABEL))];
    second.extend(marker.spans);
    let mut lines = vec![Line::from(first), Line::from(second)];
    let place = if node.parent.is_none() {
        "the whole condition"
    } else {
        "a part of it"
    };
    lines.push(row(
        "Node",
        t,
        vec![
            Span::styled(node.label.clone(), t.title),
            Span::styled(
                format!("  node {} of {} · {place}", n + 1, nodes.len()),
                t.dim,
            ),
        ],
    ));
    if node.reads.is_empty() {
        let children: Vec<String> = nodes
            .iter()
            .filter(|k| k.parent == Some(node.id))
            .map(|k| {
                let span = inside_parens(&c.expression, k.span);
                let text = c.expression.get(span.start..span.end).unwrap_or(&k.label);
                format!("{} is {}", format::cut(text, 40), result_text(k))
            })
            .collect();
        lines.push(row("Combines", t, vec![Span::raw(children.join("; "))]));
    }
    for (i, r) in node.reads.iter().enumerate() {
        let name = if r.source == r.resolved {
            r.source.to_string()
        } else {
            format!("{} ({})", r.source, r.resolved)
        };
        let value_style = if r.value.is_none() { t.warn } else { t.text };
        let sep = if r.value.is_some() { " = " } else { " is " };
        lines.push(row(
            if i == 0 { "Read" } else { "" },
            t,
            vec![
                Span::styled(name, t.key),
                Span::raw(sep),
                Span::styled(format::read(r.value().as_ref()), value_style),
            ],
        ));
    }
    lines.push(row(
        "Result",
        t,
        vec![Span::styled(result_text(node), t.result(node.result))],
    ));
    lines.push(row(
        "Item before",
        t,
        item_spans(model, &a.table, a.before_item().as_ref()),
    ));
    if node.parent.is_none() && !node.result {
        if let Some(acc) = explain::account(a) {
            lines.push(row("Why", t, vec![Span::raw(acc.why)]));
            lines.push(row("To pass", t, vec![Span::raw(acc.to_pass)]));
        }
    }
    lines
}

fn update_lines(
    model: &Model,
    entry: &HistoryEntry,
    a: &ActionTrace,
    s: usize,
) -> Vec<Line<'static>> {
    let t = &model.theme;
    let Some(u) = &a.update else {
        return Vec::new();
    };
    let Some(step) = u.steps.get(s) else {
        return Vec::new();
    };
    let rendered = view_expr::render(&u.expression, t, Some((step.span, t.marked)), &[]);
    let mut first = vec![label("Update", LABEL, t.dim)];
    first.extend(rendered.spans);
    let mut lines = vec![Line::from(first)];
    if let Some((s0, e0)) = rendered.mark {
        let mut second = vec![Span::raw(" ".repeat(LABEL))];
        second.extend(view_expr::marker(
            0,
            s0,
            e0,
            vec![Span::styled(step.clause.clone(), t.dim)],
            t.marked,
        ));
        lines.push(Line::from(second));
    }
    lines.push(row("Path", t, vec![Span::styled(step.path.clone(), t.key)]));
    for (i, r) in step.reads.iter().enumerate() {
        lines.push(row(
            if i == 0 { "Read" } else { "" },
            t,
            vec![
                Span::styled(r.source.clone(), t.key),
                Span::raw(" = "),
                Span::raw(format::read(r.value().as_ref())),
            ],
        ));
    }
    lines.push(row(
        "Before",
        t,
        vec![Span::raw(format::read(step.before.as_ref()))],
    ));
    let changed = step.before != step.after;
    let after_style = if changed { t.changed } else { t.text };
    let after = match &step.after {
        Some(v) => format::typed(v, format::MAX_INLINE),
        None if step.before.is_some() => "removed".to_string(),
        None => "absent".to_string(),
    };
    lines.push(row("After", t, vec![Span::styled(after, after_style)]));
    if let Some(e) = &step.error {
        lines.push(row("Error", t, vec![Span::styled(e.clone(), t.error)]));
    }
    if !matches!(entry.trace.verdict, Verdict::Committed) {
        lines.push(row(
            "",
            t,
            vec![Span::styled(
                "(not applied: the request did not commit)",
                t.dim,
            )],
        ));
    }
    lines
}

fn draw_actions(model: &Model, entry: &HistoryEntry, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let current = model.run.action_index();
    let mut lines = Vec::new();
    for (i, a) in entry.trace.actions.iter().enumerate() {
        let selected = current == Some(i);
        let marker = if selected { "▶" } else { " " };
        // Number, kind, key, condition result (18), code (~24): the key takes what is left.
        let width = layout::inner(area).width as usize;
        let key_width = width.saturating_sub(3 + 15 + 18 + 24).clamp(8, 40);
        let mut spans = vec![Span::styled(
            format!(
                "{marker}{} {} {} ",
                i + 1,
                fit(a.action.name(), 14),
                fit(&key_brief(model, a), key_width)
            ),
            if selected { t.selected } else { t.text },
        )];
        match &a.condition {
            Some(c) => spans.push(Span::styled(
                fit(&format!("condition {}", c.result), 18),
                t.result(c.result),
            )),
            None => spans.push(Span::styled(fit("no condition", 18), t.dim)),
        }
        if let Some(r) = &a.reason {
            let style = if r.code == "None" { t.dim } else { t.fail };
            spans.push(Span::styled(r.code.clone(), style));
        }
        lines.push(Line::from(spans));
    }
    let inner_height = layout::inner(area).height as usize;
    let skip = current.map_or(0, |c| (c + 1).saturating_sub(inner_height));
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(title("Actions", t), false, t)),
        area,
    );
}

/// The request's verdict in one or two lines.
pub fn verdict_line(model: &Model, entry: &HistoryEntry) -> Vec<Span<'static>> {
    let t = &model.theme;
    let message = entry
        .response
        .get("message")
        .or_else(|| entry.response.get("Message"))
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_string();
    match &entry.trace.verdict {
        Verdict::Committed => vec![
            Span::styled("Committed", t.ok),
            Span::raw(format!(
                ": {} applied.",
                match entry.trace.actions.len() {
                    1 => "the action was".to_string(),
                    n => format!("all {n} actions were"),
                }
            )),
        ],
        Verdict::Replayed => vec![
            Span::styled("Replayed", t.ok),
            Span::raw(
                ": the ClientRequestToken was seen within 10 minutes; nothing was applied again.",
            ),
        ],
        Verdict::Cancelled { .. } => vec![
            Span::styled("TransactionCanceledException", t.fail),
            Span::raw(format!(": {message}. Nothing was written.")),
        ],
        Verdict::Error {
            error_type,
            message,
        } => vec![
            Span::styled(error_type.name().to_string(), t.fail),
            Span::raw(format!(": {message}")),
        ],
    }
}

fn draw_verdict(model: &Model, entry: &HistoryEntry, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let style: Style = t.text;
    frame.render_widget(
        Paragraph::new(Line::from(verdict_line(model, entry)))
            .style(style)
            .wrap(Wrap { trim: false })
            .block(block(title("Verdict", t), false, t)),
        area,
    );
}
