//! Actions in the Tables pane: moving through tables and items, expanding, filtering, and the item editor.

use ratatui::layout::Rect;
use serde_json::Value;

use super::compose::draft::{compact_json, pretty_json};
use super::layout;
use super::message::{Action, Effect};
use super::model::{
    Confirm, ConfirmAction, Editor, EditorPurpose, ItemView, LinePrompt, LinePurpose, Model,
    Overlay, PickPurpose, Picker,
};
use super::tables::TablesFocus;
use crate::engine::item::item_to_json;

/// Rows of the items grid on screen.
fn grid_height(model: &Model) -> usize {
    layout::tables(layout::frame(model.area).body).rows.height as usize
}

pub fn act(model: &mut Model, action: Action) -> Effect {
    let page = grid_height(model).max(1);
    let db = model.session.database();
    let tables = &mut model.tables;
    let table_count = db.tables.len();
    let rows = tables.row_count(db);
    match (tables.focus, action) {
        (TablesFocus::List, Action::Down) => tables.select_table(db, tables.table + 1),
        (TablesFocus::List, Action::Up) => tables.select_table(db, tables.table.saturating_sub(1)),
        (TablesFocus::List, Action::First) => tables.select_table(db, 0),
        (TablesFocus::List, Action::Last) => tables.select_table(db, table_count.saturating_sub(1)),
        (TablesFocus::List, Action::PageDown) => tables.select_table(db, tables.table + page),
        (TablesFocus::List, Action::PageUp) => {
            tables.select_table(db, tables.table.saturating_sub(page))
        }
        (TablesFocus::List, Action::Open | Action::Right) if table_count > 0 => {
            tables.focus = TablesFocus::Items;
        }
        (TablesFocus::Items, Action::Down) => {
            tables.cursor = (tables.cursor + 1).min(rows.saturating_sub(1))
        }
        (TablesFocus::Items, Action::Up) => tables.cursor = tables.cursor.saturating_sub(1),
        (TablesFocus::Items, Action::PageDown) => {
            tables.cursor = (tables.cursor + page).min(rows.saturating_sub(1))
        }
        (TablesFocus::Items, Action::PageUp) => tables.cursor = tables.cursor.saturating_sub(page),
        (TablesFocus::Items, Action::First) => tables.cursor = 0,
        (TablesFocus::Items, Action::Last) => tables.cursor = rows.saturating_sub(1),
        (TablesFocus::Items, Action::Right) => {
            let others = tables.columns.len().saturating_sub(tables.key_columns);
            tables.column_offset = (tables.column_offset + 1).min(others.saturating_sub(1));
        }
        (TablesFocus::Items, Action::Left) => {
            if tables.column_offset > 0 {
                tables.column_offset -= 1;
            } else {
                tables.focus = TablesFocus::List;
            }
        }
        (TablesFocus::Items, Action::Open) => {
            if let Some((key, item)) = tables.selected(db) {
                let nested = !super::format::nested_lines(&item, 1).is_empty();
                if !nested {
                    return view_item(model);
                }
                if !tables.expanded.remove(&key) {
                    tables.expanded.insert(key);
                }
            }
        }
        (TablesFocus::Items, Action::Back) => {
            if tables.filter.is_some() {
                tables.filter = None;
                tables.refresh(db);
            } else {
                tables.focus = TablesFocus::List;
            }
        }
        (_, Action::ClearFilter) => {
            tables.filter = None;
            tables.refresh(db);
        }
        (_, Action::Filter) => {
            if table_count == 0 {
                model.fail("there is no table to filter");
                return Effect::None;
            }
            let text = tables
                .filter
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default();
            model.overlay = Some(Overlay::Line(LinePrompt {
                purpose: LinePurpose::Filter,
                input: super::input::LineInput::new(&text),
            }));
        }
        (TablesFocus::Items, Action::ViewItem) => return view_item(model),
        (TablesFocus::Items, Action::EditItem) => edit_item(model),
        (_, Action::NewItem) => new_item(model),
        (TablesFocus::Items, Action::DeleteItem) => delete_item(model),
        (TablesFocus::Items, Action::ComposeWithItem) => compose_with_item(model),
        (_, Action::SetFilter(text)) => set_filter(model, &text),
        _ => {}
    }
    let db = model.session.database();
    model.tables.scroll_to_cursor(db, page);
    Effect::None
}

pub fn set_filter(model: &mut Model, text: &str) {
    let db = model.session.database();
    match model.tables.apply_filter(db, text) {
        Ok(n) if text.trim().is_empty() => model.notify(format!("filter cleared · {n} items")),
        Ok(n) => {
            model.tables.focus = TablesFocus::Items;
            model.notify(format!("{n} items match"));
        }
        Err(e) => model.fail(e),
    }
}

/// The selected item's table name, key (DynamoDB JSON) and whole item (DynamoDB JSON).
fn selected_json(model: &Model) -> Option<(String, Value, Value)> {
    let db = model.session.database();
    let table = model.tables.current(db)?;
    let (key, item) = model.tables.selected(db)?;
    let key_map = table.schema.key_schema.key_map(&key);
    Some((
        table.name().to_string(),
        item_to_json(&key_map),
        item_to_json(&item),
    ))
}

fn view_item(model: &mut Model) -> Effect {
    if let Some((table, key, _)) = selected_json(model) {
        model.overlay = Some(Overlay::ItemView(ItemView {
            table,
            key,
            plain: false,
            scroll: 0,
        }));
    }
    Effect::None
}

pub fn edit_item(model: &mut Model) {
    let Some((table, _, item)) = selected_json(model) else {
        return;
    };
    model.overlay = Some(Overlay::Editor(Editor {
        title: format!("Edit item · {table} · Ctrl-S puts it (PutItem) · Esc cancels"),
        area: super::input::TextArea::new(&pretty_json(&item)),
        purpose: EditorPurpose::PutItem { table },
        error: None,
    }));
}

fn new_item(model: &mut Model) {
    let db = model.session.database();
    let Some(table) = model.tables.current(db) else {
        model.fail("there is no table; create one with : create-table ...");
        return;
    };
    let mut skeleton = serde_json::Map::new();
    for a in table.key_schema().attributes() {
        let mut v = serde_json::Map::new();
        v.insert(
            a.attribute_type.name().to_string(),
            Value::String(String::new()),
        );
        skeleton.insert(a.name.clone(), Value::Object(v));
    }
    let name = table.name().to_string();
    model.overlay = Some(Overlay::Editor(Editor {
        title: format!("New item · {name} · Ctrl-S puts it (PutItem) · Esc cancels"),
        area: super::input::TextArea::new(&pretty_json(&Value::Object(skeleton))),
        purpose: EditorPurpose::PutItem { table: name },
        error: None,
    }));
}

fn delete_item(model: &mut Model) {
    let Some((table, key, _)) = selected_json(model) else {
        return;
    };
    let db = model.session.database();
    let brief = model
        .tables
        .selected(db)
        .and_then(|(k, _)| {
            let t = model.tables.current(db)?;
            let map = t.schema.key_schema.key_map(&k);
            Some(super::format::key_brief(&map, Some(&t.schema.key_schema)))
        })
        .unwrap_or_default();
    model.overlay = Some(Overlay::Confirm(Confirm {
        question: format!("Delete {brief} from {table}? (DeleteItem)  y / n"),
        action: ConfirmAction::DeleteItem {
            table,
            key: compact_json(&key),
        },
    }));
}

fn compose_with_item(model: &mut Model) {
    let Some((table, key, item)) = selected_json(model) else {
        return;
    };
    model.overlay = Some(Overlay::Picker(Picker {
        title: "Compose with this item: which action?".into(),
        choices: super::compose::draft::KINDS
            .iter()
            .map(|k| k.name().to_string())
            .collect(),
        selected: 1,
        purpose: PickPurpose::NewAction {
            table,
            key: Some(compact_json(&key)),
            item: Some(compact_json(&item)),
        },
    }));
}

/// A click: a table in the list, or an item row.
pub fn click(model: &mut Model, body: Rect, column: u16, row: u16) {
    let l = layout::tables(body);
    let db = model.session.database();
    let list = layout::inner(l.list);
    if layout::contains(list, column, row) {
        use super::view_tables::{list_skip, LIST_LINES};
        let per_screen = (list.height as usize / LIST_LINES).max(1);
        let index =
            list_skip(model.tables.table, per_screen) + (row - list.y) as usize / LIST_LINES;
        if index < db.tables.len() {
            model.tables.select_table(db, index);
            model.tables.focus = super::tables::TablesFocus::List;
        }
        return;
    }
    if layout::contains(l.rows, column, row) {
        let mut line = (row - l.rows.y) as usize;
        let visible = model
            .tables
            .rows(db, model.tables.offset, l.rows.height as usize);
        for (i, (k, item)) in visible.iter().enumerate() {
            let h = model.tables.row_height(k, item);
            if line < h {
                model.tables.cursor = model.tables.offset + i;
                model.tables.focus = TablesFocus::Items;
                return;
            }
            line -= h;
        }
    }
}
