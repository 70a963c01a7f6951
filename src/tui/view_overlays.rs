//! Overlays: the one-line prompt (filter, command, file name) at the bottom of the pane with its live check,
//! and the boxes in the middle: editor, picker, confirmation, item view, help and command output.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::compose::draft::pretty_json;
use super::layout;
use super::model::{Editor, ItemView, LinePrompt, LinePurpose, Model, Overlay, Picker, Reader};
use super::theme::Theme;
use super::view::{block, title};
use super::view_expr;
use crate::engine::expr;
use crate::engine::item::{item_from_json, item_to_json};
use crate::engine::messages::ExpressionKind;
use crate::engine::value::{to_plain_json, ValueLayer};
use crate::highlight::highlight_command_line;

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    match &model.overlay {
        None => {}
        Some(Overlay::Line(p)) => prompt(model, p, frame, body),
        Some(Overlay::Editor(e)) => editor(t, e, frame, body),
        Some(Overlay::Picker(p)) => picker(t, p, frame, body),
        Some(Overlay::Confirm(c)) => {
            let area = layout::popup(body, 50, 10);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(Line::styled(c.question.clone(), t.warn))
                    .wrap(Wrap { trim: false })
                    .block(block(title("Confirm", t), true, t)),
                area,
            );
        }
        Some(Overlay::ItemView(v)) => item_view(model, v, frame, body),
        Some(Overlay::Reader(r)) => reader(t, r, frame, body),
    }
}

/// The filter line's check: DynamoDB's message and the token it names, as typed.
pub fn filter_check(text: &str) -> Option<(String, Option<crate::engine::expr::ast::Span>)> {
    if text.trim().is_empty() {
        return None;
    }
    match super::tables::filter_parts(text) {
        Err(e) => Some((e, None)),
        Ok((expression, attrs)) => {
            match expr::parse_condition(expression, ExpressionKind::FilterExpression, &attrs) {
                Ok(_) => None,
                Err(e) => Some((super::tables::filter_message(e.message), e.span)),
            }
        }
    }
}

fn prompt(model: &Model, p: &LinePrompt, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = layout::prompt(body);
    frame.render_widget(Clear, area);
    let (sigil, heading) = match &p.purpose {
        LinePurpose::Command => (
            ":",
            "command · Enter runs it · Esc cancels · :help lists the TUI's own",
        ),
        LinePurpose::Filter => (
            "/",
            "filter: a condition expression [| {\":v\": value}] · Enter applies · empty clears",
        ),
        LinePurpose::Import => (
            "file: ",
            "import --transact-items or --cli-input-json: a file, or paste the JSON",
        ),
        LinePurpose::ExportFile(_) => ("file: ", "export to this file"),
    };
    let text = &p.input.text;
    let mut spans = vec![Span::styled(sigil, t.title)];
    let mut message: Option<Line> = None;
    match &p.purpose {
        LinePurpose::Filter => {
            let check = filter_check(text);
            let expression_len = text.split_once('|').map_or(text.len(), |(e, _)| e.len());
            let expression = text.get(..expression_len).unwrap_or(text);
            let mark = check
                .as_ref()
                .and_then(|(_, s)| *s)
                .map(|s| (s, t.error_token));
            spans.extend(view_expr::render(expression, t, mark, &[]).spans);
            spans.push(Span::raw(
                text.get(expression_len..).unwrap_or("").to_string(),
            ));
            message = Some(match check {
                Some((m, _)) => Line::styled(format!("✗ {m}"), t.error),
                None if text.trim().is_empty() => Line::styled(heading, t.dim),
                None => Line::styled("✓ valid · Enter applies", t.ok),
            });
        }
        LinePurpose::Command => {
            for tok in highlight_command_line(text) {
                spans.push(Span::styled(tok.text(text).to_string(), t.token(tok.class)));
            }
        }
        _ => spans.push(Span::raw(text.clone())),
    }
    let message = message.unwrap_or_else(|| Line::styled(heading, t.dim));
    let b = block(Span::raw(""), true, t).borders(ratatui::widgets::Borders::TOP);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    // The input scrolls sideways so the cursor stays on screen.
    let sigil_width = sigil.chars().count();
    let before = text.get(..p.input.cursor).unwrap_or("").chars().count();
    let room = (inner.width as usize).saturating_sub(1).max(1);
    let scroll = (sigil_width + before).saturating_sub(room);
    let input_row = Rect {
        height: inner.height.min(1),
        ..inner
    };
    let message_row = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(Line::from(spans)).scroll((0, scroll.min(u16::MAX as usize) as u16)),
        input_row,
    );
    frame.render_widget(Paragraph::new(message), message_row);
    let column = sigil_width + before - scroll;
    if input_row.height == 1 && column < inner.width as usize {
        frame.set_cursor_position(Position::new(inner.x + column as u16, inner.y));
    }
}

fn editor(t: &Theme, e: &Editor, frame: &mut Frame, body: Rect) {
    let area = layout::popup(body, 80, 80);
    frame.render_widget(Clear, area);
    let inner = layout::inner(area);
    // The live check: JSON, then DynamoDB's reading of it as values. DynamoDB's messages are long and are the
    // point of the check, so the message wraps (up to 4 rows) instead of being cut at the border.
    let text = e.area.text();
    let (status, style) = match (&e.error, serde_json::from_str::<serde_json::Value>(&text)) {
        (Some(err), _) => (format!("✗ {err}"), t.error),
        (None, Err(err)) => (format!("✗ not valid JSON yet: {err}"), t.warn),
        (None, Ok(v)) => match item_from_json(&v, ValueLayer::Current) {
            Ok(_) => ("✓ valid DynamoDB JSON · Ctrl-S".to_string(), t.ok),
            Err(_) if is_names(e) => ("✓ valid JSON · Ctrl-S".to_string(), t.ok),
            Err(err) => (format!("✗ {}", err.message), t.warn),
        },
    };
    let mut status = crate::tui::format::wrap(&status, inner.width as usize);
    let status_rows = status
        .len()
        .min(4)
        .min((inner.height as usize).saturating_sub(2).max(1));
    if status.len() > status_rows {
        status.truncate(status_rows);
        if let Some(last) = status.last_mut() {
            *last = crate::tui::format::cut(&format!("{last} …"), inner.width as usize);
        }
    }
    let text_height = (inner.height as usize).saturating_sub(1 + status_rows);
    let top = e.area.row.saturating_sub(text_height.saturating_sub(1));
    let mut lines: Vec<Line> = e
        .area
        .lines
        .iter()
        .skip(top)
        .take(text_height)
        .map(|l| Line::raw(l.clone()))
        .collect();
    while lines.len() < text_height {
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw(""));
    lines.extend(status.into_iter().map(|row| Line::styled(row, style)));
    frame.render_widget(
        Paragraph::new(lines).block(block(title(&e.title, t), true, t)),
        area,
    );
    let line = e
        .area
        .lines
        .get(e.area.row)
        .map(String::as_str)
        .unwrap_or("");
    let col = line.get(..e.area.col).unwrap_or("").chars().count() as u16;
    let y = inner.y + (e.area.row - top) as u16;
    if col < inner.width && (e.area.row - top) < text_height {
        frame.set_cursor_position(Position::new(inner.x + col, y));
    }
}

fn is_names(e: &Editor) -> bool {
    matches!(
        e.purpose,
        super::model::EditorPurpose::ComposeField {
            field: super::compose::draft::Field::Names,
            ..
        }
    )
}

fn picker(t: &Theme, p: &Picker, frame: &mut Frame, body: Rect) {
    let height = (p.choices.len() as u16 + 2).min(body.height);
    let width = p
        .choices
        .iter()
        .map(|c| c.chars().count())
        .chain(std::iter::once(p.title.chars().count()))
        .max()
        .unwrap_or(10) as u16
        + 6;
    let width = width.min(body.width);
    let area = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + (body.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = p
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == p.selected {
                Line::styled(format!("▶ {c}"), t.selected)
            } else {
                Line::raw(format!("  {c}"))
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(title(&p.title, t), true, t)),
        area,
    );
}

fn item_view(model: &Model, v: &ItemView, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = layout::popup(body, 80, 85);
    frame.render_widget(Clear, area);
    let db = model.session.database();
    let item = db.table(&v.table).and_then(|table| {
        let key = item_from_json(&v.key, ValueLayer::Current).ok()?;
        let pk = table.schema.key_schema.key_of_key_map(&key).ok()?;
        table.item(&pk)
    });
    let (heading, text) = match item {
        None => (
            "Item".to_string(),
            "the item is no longer in the table".to_string(),
        ),
        Some(item) if v.plain => {
            let plain: serde_json::Map<String, serde_json::Value> = item
                .iter()
                .map(|(k, value)| (k.clone(), to_plain_json(value)))
                .collect();
            (
                format!(
                    "{} · plain JSON (as the document clients write it) · t: DynamoDB JSON",
                    v.table
                ),
                pretty_json(&serde_json::Value::Object(plain)),
            )
        }
        Some(item) => (
            format!("{} · DynamoDB JSON · t: plain JSON", v.table),
            pretty_json(&item_to_json(&item)),
        ),
    };
    let lines: Vec<Line> = text
        .lines()
        .skip(v.scroll)
        .map(|l| Line::raw(l.to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(title(heading, t), true, t)),
        area,
    );
}

fn reader(t: &Theme, r: &Reader, frame: &mut Frame, body: Rect) {
    let area = layout::popup(body, 85, 85);
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = r
        .lines
        .iter()
        .skip(r.scroll)
        .map(|l| Line::raw(l.clone()))
        .collect();
    let hint = if r.is_help {
        "Esc closes"
    } else {
        "j/k scroll · Esc closes"
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(title(format!("{} · {hint}", r.title), t), true, t)),
        area,
    );
}
