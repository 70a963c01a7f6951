//! The Compose pane: the actions of the draft, the fields of the selected one (expressions highlighted as typed,
//! DynamoDB's message under a field with the offending token marked), and the equivalent AWS CLI command line.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::compose::check::Severity;
use super::compose::draft::{self, Field};
use super::compose::ComposeFocus;
use super::format;
use super::layout;
use super::model::Model;
use super::view::{block, fit, label, title};
use super::view_expr;
use crate::engine::item::item_from_json;
use crate::engine::value::ValueLayer;
use crate::highlight::highlight_command_line;

const LABEL: usize = 31;

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let l = layout::compose(body, model.compose.draft.actions.len());
    draw_actions(model, frame, l.actions);
    draw_fields(model, frame, l.fields);
    draw_command(model, frame, l.command);
}

fn draw_actions(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let c = &model.compose;
    let d = &c.draft;
    let option = |text: &str| {
        if text.is_empty() {
            "none".to_string()
        } else {
            text.to_string()
        }
    };
    let heading = format!(
        "Compose ─ draft \"{}\" ─ {} action{} ─ ClientRequestToken: {} ─ capacity: {}",
        c.name,
        d.actions.len(),
        if d.actions.len() == 1 { "" } else { "s" },
        option(&d.token),
        option(&d.capacity),
    );
    let focused = c.focus == ComposeFocus::Actions && c.editing.is_none();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = c.top_error.as_ref().filter(|e| e.field.is_none()) {
        lines.push(Line::styled(
            format!("✗ {}: {}", e.error_type, e.message),
            t.error,
        ));
    }
    if d.actions.is_empty() {
        lines.push(Line::styled(
            "No actions yet. a adds one (c in Tables composes with the selected item); i imports JSON.",
            t.dim,
        ));
        let kept: Vec<&str> = model
            .session
            .drafts()
            .keys()
            .map(String::as_str)
            .filter(|n| *n != c.name)
            .collect();
        if !kept.is_empty() {
            lines.push(Line::styled(
                format!(
                    "Drafts kept in this session: {} (:draft open NAME)",
                    kept.join(", ")
                ),
                t.dim,
            ));
        }
    }
    let db = model.session.database();
    for (i, a) in d.actions.iter().enumerate() {
        let selected = i == c.action;
        let key = serde_json::from_str::<serde_json::Value>(&a.key)
            .ok()
            .and_then(|v| item_from_json(&v, ValueLayer::Current).ok())
            .map(|item| {
                let schema = db.table(&a.table).map(|t| &t.schema.key_schema);
                if a.kind == crate::engine::trace::ActionType::Put {
                    // For a Put, the key attributes of the item.
                    let key: crate::engine::item::Item = match schema {
                        Some(s) => item.into_iter().filter(|(n, _)| s.contains(n)).collect(),
                        None => item,
                    };
                    format::key_brief(&key, schema)
                } else {
                    format::key_brief(&item, schema)
                }
            })
            .unwrap_or_else(|| {
                if a.key.is_empty() {
                    "{no key}".into()
                } else {
                    "{key?}".into()
                }
            });
        let check = c.checks.get(i);
        let (verdict, style) = match check {
            Some(ch) if ch.is_valid() => ("✓ valid".to_string(), t.ok),
            Some(ch) => {
                let n = ch.errors();
                (
                    format!("✗ {n} problem{}", if n == 1 { "" } else { "s" }),
                    t.fail,
                )
            }
            None => (String::new(), t.text),
        };
        let marker = if selected { "▶" } else { " " };
        // Number, kind, table, key, then the verdict (12 columns): the key takes what is left.
        let width = layout::inner(area).width as usize;
        let table_width = 18.min(width / 5).max(6);
        let key_width = width
            .saturating_sub(3 + 15 + table_width + 1 + 13)
            .clamp(8, 48);
        let row = format!(
            "{marker}{} {} {} {} ",
            i + 1,
            fit(a.kind.name(), 14),
            fit(&a.table, table_width),
            fit(&key, key_width)
        );
        let row_style = match (selected, focused) {
            (true, true) => t.selected,
            (true, false) => t.selected_unfocused,
            _ => t.text,
        };
        lines.push(Line::from(vec![
            Span::styled(row, row_style),
            Span::styled(verdict, style),
        ]));
    }
    let inner_height = layout::inner(area).height as usize;
    let skip = (c.action + 1).saturating_sub(inner_height);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    let b = block(title(heading, t), focused, t);
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

/// The lines of each field of the selected action (the field, then what is said about it).
fn field_blocks(model: &Model, width: usize) -> Vec<Vec<Line<'static>>> {
    let room = width.saturating_sub(LABEL + 2);
    let t = &model.theme;
    let c = &model.compose;
    let kind = c.kind();
    let focused = c.focus == ComposeFocus::Fields;
    let mut out = Vec::new();
    for (i, field) in c.fields().iter().enumerate() {
        let selected = i == c.field;
        let text = c.draft.get(c.action, *field);
        let issues = c.issues_at(*field);
        let error_span = issues.iter().find_map(|is| is.span);
        let label_style = match (selected, focused) {
            (true, true) => t.selected,
            (true, false) => t.selected_unfocused,
            _ => t.dim,
        };
        let marker = if selected && focused { "▶ " } else { "  " };
        let mut spans = vec![label(
            &format!("{marker}{}", field.label(kind)),
            LABEL,
            label_style,
        )];
        if text.is_empty() {
            spans.push(Span::styled(
                if field.choices().is_some() {
                    "(not sent)"
                } else {
                    "—"
                },
                t.dim,
            ));
        } else if field.is_expression() {
            let mark = error_span.map(|s| (s, t.error_token));
            spans.extend(view_expr::render(text, t, mark, &[]).spans);
        } else {
            spans.push(Span::raw(text.to_string()));
        }
        let mut lines = vec![Line::from(spans)];
        for issue in issues {
            let (sign, style) = match issue.severity {
                Severity::Error => ("✗", t.error),
                Severity::Warning => ("!", t.warn),
            };
            for (j, part) in format::wrap(&issue.message, room).into_iter().enumerate() {
                let lead = if j == 0 { sign } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL)),
                    Span::styled(format!("{lead} {part}"), style),
                ]));
            }
            if issue.message.contains("reserved keyword") {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL + 2)),
                    Span::styled("Ctrl-R replaces it with a #placeholder", t.dim),
                ]));
            }
        }
        if let Some(e) = c.top_error.as_ref().filter(|e| {
            e.field == Some(*field) && (e.action == Some(c.action) || field.is_request_option())
        }) {
            let text = format!("{}: {}", e.error_type, e.message);
            for (j, part) in format::wrap(&text, room).into_iter().enumerate() {
                let lead = if j == 0 { "✗" } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL)),
                    Span::styled(format!("{lead} {part}"), t.fail),
                ]));
            }
            if let Some(advice) = &e.to_pass {
                for part in format::wrap(&format!("To pass: {advice}"), room) {
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(LABEL + 2)),
                        Span::styled(part, t.dim),
                    ]));
                }
            }
        }
        // The request options come after the action's fields; a rule shows where.
        if *field == Field::OnFailure {
            lines.push(Line::styled("  ── request options ──", t.dim));
        }
        out.push(lines);
    }
    out
}

/// For each field, its first and last line in the fields block as drawn (after scrolling).
pub fn field_rows(model: &Model, width: u16, height: u16) -> Vec<(usize, usize)> {
    let (blocks, offset) = scrolled_blocks(model, width as usize, height as usize);
    let mut at = 0usize;
    blocks
        .iter()
        .map(|b| {
            let first = at;
            at += b.len();
            (first.wrapping_sub(offset), (at - 1).wrapping_sub(offset))
        })
        .collect()
}

/// The blocks, and how many lines are scrolled off the top so that the selected field shows in `height`.
fn scrolled_blocks(model: &Model, width: usize, height: usize) -> (Vec<Vec<Line<'static>>>, usize) {
    let blocks = field_blocks(model, width);
    let mut start = 0;
    let mut end = 0;
    for (i, b) in blocks.iter().enumerate() {
        if i == model.compose.field {
            end = start + b.len();
            break;
        }
        start += b.len();
    }
    let offset = end.saturating_sub(height.max(1));
    (blocks, offset.min(start))
}

fn draw_fields(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let c = &model.compose;
    let focused = c.focus == ComposeFocus::Fields;
    let heading = match c.draft.actions.get(c.action) {
        Some(a) => format!(
            "Action {} of {}: {}",
            c.action + 1,
            c.draft.actions.len(),
            a.kind.name()
        ),
        None => "Request".to_string(),
    };
    let inner = layout::inner(area);
    let (blocks, offset) = scrolled_blocks(model, inner.width as usize, inner.height as usize);
    let lines: Vec<Line> = blocks.into_iter().flatten().skip(offset).collect();
    let b = block(title(heading, t), focused, t);
    frame.render_widget(Paragraph::new(lines).block(b), area);

    // A field edited in place: drawn over its line, with the terminal's cursor in it.
    if let Some(edit) = &c.editing {
        let rows = field_rows(model, inner.width, inner.height);
        if let Some((first, _)) = rows.get(c.field) {
            if *first < inner.height as usize {
                let y = inner.y + *first as u16;
                let x = inner.x + LABEL as u16;
                let width = inner.width.saturating_sub(LABEL as u16);
                let row = Rect::new(x, y, width, 1);
                let text = &edit.input.text;
                let field = c.selected_field();
                let error_span = field.and_then(|f| c.issues_at(f).iter().find_map(|is| is.span));
                let mut spans = if field.is_some_and(|f| f.is_expression()) {
                    view_expr::render(text, t, error_span.map(|s| (s, t.error_token)), &[]).spans
                } else {
                    vec![Span::raw(text.clone())]
                };
                spans.push(Span::raw(" ".repeat(width as usize)));
                let before = text.get(..edit.input.cursor).unwrap_or("").chars().count() as u16;
                let scroll = before.saturating_sub(width.saturating_sub(1));
                frame.render_widget(
                    Paragraph::new(Line::from(spans))
                        .scroll((0, scroll))
                        .style(t.text),
                    row,
                );
                frame.set_cursor_position(Position::new(x + before - scroll, y));
            }
        }
    }
}

fn draw_command(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let text = draft::command_line(&model.compose.draft);
    let tokens = highlight_command_line(&text);
    let spans: Vec<Span> = tokens
        .iter()
        .map(|tok| Span::styled(tok.text(&text).to_string(), t.token(tok.class)))
        .collect();
    let b = block(
        title("The same request with the AWS CLI · o exports it", t),
        false,
        t,
    );
    frame.render_widget(
        Paragraph::new(Line::from(spans))
            .wrap(Wrap { trim: false })
            .block(b),
        area,
    );
}
