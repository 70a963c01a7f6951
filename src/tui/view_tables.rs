//! The Tables pane: the list of tables, and the items grid of the selected one. Only the rows on screen are
//! read from the table, so drawing costs the same for 3 items and for 100,000.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::format;
use super::layout;
use super::model::Model;
use super::tables::TablesFocus;
use super::view::{block, fit, title};
use crate::engine::item::Item;
use crate::engine::key::PrimaryKey;
use crate::engine::table::Table;
use crate::engine::AttributeValue;

/// Widest a column gets; wider values are cut.
const MAX_COLUMN: usize = 32;
const GAP: usize = 2;

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let l = layout::tables(body);
    draw_list(model, frame, l.list);
    draw_items(model, frame, &l);
}

fn draw_list(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let db = model.session.database();
    let focused = model.tables.focus == TablesFocus::List;
    let inner = layout::inner(area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if db.tables.is_empty() {
        lines.push(Line::styled("no tables yet", t.dim));
        lines.push(Line::styled(": create-table ...", t.dim));
    }
    // Two lines per table (name and item count; key schema and indexes); the list scrolls so the selected
    // table stays visible.
    let per_screen = (inner.height as usize / LIST_LINES).max(1);
    let skip = list_skip(model.tables.table, per_screen);
    for (i, (name, table)) in db.tables.iter().enumerate().skip(skip).take(per_screen) {
        let selected = i == model.tables.table;
        let count = table.item_count().to_string();
        let marker = if selected { "▶ " } else { "  " };
        let name_width = width.saturating_sub(count.len() + 3);
        let text = format!("{marker}{} {count}", fit(name, name_width));
        let style = match (selected, focused) {
            (true, true) => t.selected,
            (true, false) => t.selected_unfocused,
            _ => t.text,
        };
        lines.push(Line::styled(text, style));
        lines.push(Line::styled(
            format!("  {}", fit(&schema_brief(table), width.saturating_sub(2))),
            t.dim,
        ));
    }
    let b = block(title("Tables", t), focused, t);
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

/// Lines each table takes in the list.
pub const LIST_LINES: usize = 2;

/// The first table shown when `selected` must be visible and `per_screen` tables fit.
pub fn list_skip(selected: usize, per_screen: usize) -> usize {
    selected.saturating_sub(per_screen.max(1) - 1)
}

/// `Artist/SongTitle · 1 LSI`: the key schema (hash/range) and how many indexes of each kind.
fn schema_brief(table: &Table) -> String {
    let keys: Vec<&str> = table
        .key_schema()
        .attributes()
        .map(|a| a.name.as_str())
        .collect();
    let mut parts = vec![keys.join("/")];
    for (count, kind) in [
        (table.schema.local_indexes.len(), "LSI"),
        (table.schema.global_indexes.len(), "GSI"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {kind}"));
        }
    }
    parts.join(" · ")
}

/// `Artist (S, HASH) · SongTitle (S, RANGE) · 3 items · LSI ByAlbum`.
pub fn describe(table: &Table) -> String {
    let mut parts: Vec<String> = Vec::new();
    let ks = table.key_schema();
    parts.push(format!(
        "{} ({}, HASH)",
        ks.hash.name,
        ks.hash.attribute_type.name()
    ));
    if let Some(r) = &ks.range {
        parts.push(format!("{} ({}, RANGE)", r.name, r.attribute_type.name()));
    }
    let n = table.item_count();
    parts.push(format!("{n} item{}", if n == 1 { "" } else { "s" }));
    for (index, global) in table.schema.indexes() {
        parts.push(format!(
            "{} {}",
            if global { "GSI" } else { "LSI" },
            index.name
        ));
    }
    parts.join(" · ")
}

fn draw_items(model: &Model, frame: &mut Frame, l: &layout::Tables) {
    let t = &model.theme;
    let db = model.session.database();
    let state = &model.tables;
    let focused = state.focus == TablesFocus::Items;
    let Some(table) = state.current(db) else {
        let b = block(title("Items", t), focused, t);
        frame.render_widget(Paragraph::new("").block(b), l.items);
        return;
    };
    let b = block(title(table.name(), t), focused, t);
    frame.render_widget(b, l.items);

    // The description, and the filter if one is applied.
    let mut info = vec![Span::styled(describe(table), t.dim)];
    if let Some(f) = &state.filter {
        info.push(Span::styled(
            format!(
                "  filter: {} ({} of {})",
                f.text,
                f.keys.len(),
                table.item_count()
            ),
            t.warn,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(info)), l.info);

    let height = l.rows.height as usize;
    let rows = state.rows(db, state.offset, height);
    if rows.is_empty() {
        let text = if state.filter.is_some() {
            "no item matches the filter · Esc clears it"
        } else {
            "no items · a adds one"
        };
        frame.render_widget(Paragraph::new(Line::styled(text, t.dim)), l.rows);
        return;
    }
    let columns = visible_columns(model, &rows, l.header.width as usize);
    frame.render_widget(Paragraph::new(header_line(model, &columns)), l.header);

    let mut lines: Vec<Line> = Vec::with_capacity(height);
    for (i, (key, item)) in rows.iter().enumerate() {
        if lines.len() >= height {
            break;
        }
        let index = state.offset + i;
        let selected = index == state.cursor;
        lines.push(row_line(
            model,
            item,
            &columns,
            selected,
            focused,
            l.rows.width as usize,
        ));
        if state.expanded.contains(key) {
            let room = height - lines.len();
            for (depth, label, value) in format::nested_lines(item, room) {
                let indent = "  ".repeat(depth + 1);
                lines.push(Line::from(vec![
                    Span::styled(format!("{indent}{label}: "), t.dim),
                    Span::raw(value),
                ]));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), l.rows);
}

/// A column on screen: its attribute, its width, whether it is a key.
pub struct Column {
    pub name: String,
    pub width: usize,
    pub key: bool,
}

/// Key columns, then the other columns from the horizontal offset, as many as fit; and how many did not.
fn visible_columns(
    model: &Model,
    rows: &[(PrimaryKey, Item)],
    width: usize,
) -> (Vec<Column>, usize) {
    let state = &model.tables;
    let measure = |name: &str| -> usize {
        let cells = rows
            .iter()
            .filter_map(|(_, item)| item.get(name))
            .map(cell_width)
            .max()
            .unwrap_or(0);
        (name.chars().count() + 2).max(cells).clamp(4, MAX_COLUMN)
    };
    let mut out: Vec<Column> = Vec::new();
    let mut used = 0usize;
    let keys = state.key_columns.min(state.columns.len());
    for name in state.columns.iter().take(keys) {
        let w = measure(name);
        used += w + GAP;
        out.push(Column {
            name: name.clone(),
            width: w,
            key: true,
        });
    }
    let others: Vec<&String> = state.columns.iter().skip(keys).collect();
    let mut hidden = 0;
    let room_for_more = 10;
    for (i, name) in others.iter().enumerate().skip(state.column_offset) {
        let w = measure(name);
        let remaining = others.len() - i - 1;
        let reserve = if remaining > 0 { room_for_more } else { 0 };
        if used + w + reserve > width && !out.iter().any(|c| !c.key) && used < width {
            // At least part of one non-key column, cut to what is left.
            let w = width.saturating_sub(used + reserve).max(4);
            out.push(Column {
                name: name.to_string(),
                width: w,
                key: false,
            });
            hidden = remaining;
            break;
        }
        if used + w + reserve > width {
            hidden = others.len() - i;
            break;
        }
        used += w + GAP;
        out.push(Column {
            name: name.to_string(),
            width: w,
            key: false,
        });
    }
    hidden += state.column_offset;
    (out, hidden)
}

fn cell_width(value: &AttributeValue) -> usize {
    let (badge, text) = format::cell(value);
    badge.map_or(0, |b| b.len() + 1) + text.chars().count()
}

fn header_line(model: &Model, (columns, hidden): &(Vec<Column>, usize)) -> Line<'static> {
    let t = &model.theme;
    let mut spans = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let name = if i == 0 {
            format!("{} ▲", c.name)
        } else {
            c.name.clone()
        };
        let style = if c.key { t.key.patch(t.title) } else { t.title };
        spans.push(Span::styled(fit(&name, c.width), style));
        spans.push(Span::raw(" ".repeat(GAP)));
    }
    if *hidden > 0 {
        let left = if model.tables.column_offset > 0 {
            "◀ "
        } else {
            ""
        };
        spans.push(Span::styled(format!("{left}+{hidden} more ▶"), t.dim));
    }
    Line::from(spans)
}

fn row_line(
    model: &Model,
    item: &Item,
    (columns, _): &(Vec<Column>, usize),
    selected: bool,
    focused: bool,
    width: usize,
) -> Line<'static> {
    let t = &model.theme;
    let mut spans = Vec::new();
    let mut used = 0;
    for c in columns {
        let (badge, text) = match item.get(&c.name) {
            Some(v) => format::cell(v),
            None => (None, String::new()),
        };
        let value_style = if c.key { t.key } else { t.text };
        match badge {
            Some(b) => {
                let rest = c.width.saturating_sub(b.len() + 1);
                spans.push(Span::styled(format!("{b} "), t.badge));
                spans.push(Span::styled(fit(&text, rest), value_style));
            }
            None => spans.push(Span::styled(fit(&text, c.width), value_style)),
        }
        spans.push(Span::raw(" ".repeat(GAP)));
        used += c.width + GAP;
    }
    if selected {
        spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
        let style: Style = if focused {
            t.selected
        } else {
            t.selected_unfocused
        };
        return Line::from(spans).style(style);
    }
    Line::from(spans)
}
