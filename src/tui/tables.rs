//! The Tables pane's state: which table, which item, what is filtered, which rows are expanded, and the
//! columns of the grid. Reading rows never walks more of a table than what is on screen (plus the distance
//! from the nearer end of the table), so a table of 100,000 items scrolls as smoothly as one of three.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::keymap::Context;
use crate::engine::expr::{self, ExpressionAttributes};
use crate::engine::item::Item;
use crate::engine::key::PrimaryKey;
use crate::engine::messages::ExpressionKind;
use crate::engine::table::{Row, Table};
use crate::engine::value::{from_plain_json, ValueLayer};
use crate::engine::{AttributeValue, Database};
use crate::session::{HistoryEntry, Session};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TablesFocus {
    #[default]
    List,
    Items,
}

/// An applied filter: the expression and the keys of the items it keeps, in key order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    pub keys: Vec<PrimaryKey>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TablesState {
    pub focus: TablesFocus,
    /// Index of the selected table in name order.
    pub table: usize,
    /// The selected item row, and the first row on screen.
    pub cursor: usize,
    pub offset: usize,
    /// The first non-key column on screen.
    pub column_offset: usize,
    /// Key columns, then the other attributes by how many items have them (ties by name).
    pub columns: Vec<String>,
    pub key_columns: usize,
    pub filter: Option<Filter>,
    /// Rows whose nested values are shown.
    pub expanded: BTreeSet<PrimaryKey>,
    /// The table the columns and filter were made for.
    pub columns_of: Option<String>,
    /// Item count when the columns were counted (recounted when it changes).
    pub counted_items: usize,
    /// The session's history (newest id, length) when it was last looked at: a request since then that named
    /// the table recounts the columns, as a REMOVE changes them without changing the item count.
    pub history_seen: Option<(Option<u64>, usize)>,
}

/// Columns are counted over at most this many items (evenly spread), so a huge table opens at once.
const COLUMN_SAMPLE: usize = 5_000;

impl TablesState {
    pub fn context(&self) -> Context {
        match self.focus {
            TablesFocus::List => Context::TableList,
            TablesFocus::Items => Context::Items,
        }
    }

    pub fn table_name<'d>(&self, db: &'d Database) -> Option<&'d String> {
        db.tables.keys().nth(self.table)
    }

    pub fn current<'d>(&self, db: &'d Database) -> Option<&'d Table> {
        db.tables.values().nth(self.table)
    }

    /// How many rows the grid has (the filter's matches, or the whole table).
    pub fn row_count(&self, db: &Database) -> usize {
        match (&self.filter, self.current(db)) {
            (Some(f), _) => f.keys.len(),
            (None, Some(t)) => t.item_count(),
            (None, None) => 0,
        }
    }

    /// Rows `offset..offset+count`, walking the table from whichever end is nearer.
    pub fn rows<'a>(
        &'a self,
        db: &'a Database,
        offset: usize,
        count: usize,
    ) -> Vec<(PrimaryKey, Item)> {
        let Some(table) = self.current(db) else {
            return Vec::new();
        };
        if let Some(f) = &self.filter {
            return f
                .keys
                .iter()
                .skip(offset)
                .take(count)
                .filter_map(|k| table.item(k).map(|item| (k.clone(), item)))
                .collect();
        }
        let total = table.item_count();
        let end = offset.saturating_add(count).min(total);
        if offset >= end {
            return Vec::new();
        }
        let decode = |row: Row<'_>| (row.key(), row.item());
        if offset <= total - end {
            table
                .iter()
                .skip(offset)
                .take(end - offset)
                .map(decode)
                .collect()
        } else {
            let mut rows: Vec<_> = table
                .iter()
                .rev()
                .skip(total - end)
                .take(end - offset)
                .map(decode)
                .collect();
            rows.reverse();
            rows
        }
    }

    /// The item under the cursor.
    pub fn selected(&self, db: &Database) -> Option<(PrimaryKey, Item)> {
        self.rows(db, self.cursor, 1).into_iter().next()
    }

    /// After any change to the session: keep the selection in range, recount columns when the table changed,
    /// and drop filtered keys whose items are gone.
    pub fn refresh(&mut self, db: &Database) {
        self.refresh_with(db, false);
    }

    /// After requests ran (here or from the endpoint) or one was undone: `refresh`, recounting the columns when
    /// one of the requests since the last look named the table on screen (its writes may have added or removed
    /// attributes without changing how many items it has), or when an entry left the history (an undo).
    pub fn refresh_after_requests(&mut self, session: &Session) {
        let db = session.database();
        let now = (session.last_entry().map(|e| e.id), session.history().len());
        let seen = self.history_seen.replace(now);
        let written = match (seen, self.table_name(db)) {
            (Some(seen), Some(name)) if seen != now => {
                let undone = now.0 <= seen.0;
                undone
                    || session
                        .history()
                        .rev()
                        .take_while(|e| Some(e.id) > seen.0)
                        .any(|e| names_table(e, name))
            }
            _ => false,
        };
        self.refresh_with(db, written);
    }

    fn refresh_with(&mut self, db: &Database, recount: bool) {
        self.table = self.table.min(db.tables.len().saturating_sub(1));
        let Some(table) = self.current(db) else {
            self.columns.clear();
            self.key_columns = 0;
            self.filter = None;
            self.columns_of = None;
            return;
        };
        let name = table.name().to_string();
        if self.columns_of.as_deref() != Some(name.as_str()) {
            self.filter = None;
            self.expanded.clear();
            self.cursor = 0;
            self.offset = 0;
            self.column_offset = 0;
        }
        if recount
            || self.columns_of.as_deref() != Some(name.as_str())
            || self.counted_items != table.item_count()
            || self.columns.is_empty()
        {
            let (columns, keys) = columns(table);
            self.columns = columns;
            self.key_columns = keys;
            self.counted_items = table.item_count();
            self.columns_of = Some(name);
        }
        if let Some(f) = &mut self.filter {
            f.keys.retain(|k| table.get(k).is_some());
        }
        let rows = self.row_count(db);
        self.cursor = self.cursor.min(rows.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }

    /// Selects another table.
    pub fn select_table(&mut self, db: &Database, index: usize) {
        self.table = index.min(db.tables.len().saturating_sub(1));
        self.refresh(db);
    }

    /// Keeps the cursor on screen in a grid of `height` lines, counting expanded rows' extra lines. Walks
    /// the table once, over at most `height` rows.
    pub fn scroll_to_cursor(&mut self, db: &Database, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        // Every row takes at least one line, so the cursor is never more than `height - 1` rows down.
        self.offset = self.offset.max(self.cursor.saturating_sub(height - 1));
        if self.expanded.is_empty() {
            return;
        }
        let span = self.cursor - self.offset + 1;
        let heights: Vec<usize> = self
            .rows(db, self.offset, span)
            .iter()
            .map(|(k, item)| self.row_height(k, item))
            .collect();
        let mut lines: usize = heights.iter().sum();
        for h in heights {
            if lines <= height || self.offset >= self.cursor {
                break;
            }
            lines -= h;
            self.offset += 1;
        }
    }

    /// Lines a row takes: one, plus its nested values when expanded.
    pub fn row_height(&self, key: &PrimaryKey, item: &Item) -> usize {
        if self.expanded.contains(key) {
            1 + super::format::nested_lines(item, usize::MAX).len()
        } else {
            1
        }
    }

    /// Applies a filter (`None` clears it). The text is a condition expression, optionally followed by `|` and a
    /// JSON object of `:values` (plain or DynamoDB JSON); `#name` placeholders stand for `name` unless defined.
    pub fn apply_filter(&mut self, db: &Database, text: &str) -> Result<usize, String> {
        if text.trim().is_empty() {
            self.filter = None;
            self.refresh(db);
            return Ok(self.row_count(db));
        }
        let Some(table) = self.current(db) else {
            return Err("no table to filter".into());
        };
        let (expression, attrs) = filter_parts(text)?;
        let condition = expr::parse_condition(expression, ExpressionKind::FilterExpression, &attrs)
            .map_err(|e| filter_message(e.message))?;
        let keys: Vec<PrimaryKey> = table
            .iter()
            .filter(|row| {
                expr::evaluate_condition(
                    &condition,
                    expression,
                    ExpressionKind::FilterExpression,
                    Some(&row.item()),
                    &attrs,
                )
                .result
            })
            .map(|row| row.key())
            .collect();
        let count = keys.len();
        self.filter = Some(Filter {
            text: text.to_string(),
            keys,
        });
        self.cursor = 0;
        self.offset = 0;
        Ok(count)
    }
}

/// DynamoDB's message for a filter line, with how to give a `:value` when one is missing: the line has no
/// values map of its own unless one follows a `|`.
pub fn filter_message(message: String) -> String {
    // The text before the name, from the one place DynamoDB's messages are kept.
    let undefined = crate::engine::messages::undefined_value("");
    match message.split_once(undefined.as_str()) {
        Some((_, name)) if !name.is_empty() => {
            // Short: the line is one row, and DynamoDB's message already takes most of it.
            format!("{message} (add | {{\"{name}\": …}})")
        }
        _ => message,
    }
}

/// The filter line's expression and its placeholder maps.
pub fn filter_parts(text: &str) -> Result<(&str, ExpressionAttributes), String> {
    // The expression exactly as typed (DynamoDB's messages quote it), but for the blank before a `|`.
    let (expression, values) = match text.split_once('|') {
        Some((e, v)) => (e.trim_end(), Some(v.trim())),
        None => (text, None),
    };
    let mut attrs = ExpressionAttributes::default();
    if let Some(values) = values.filter(|v| !v.is_empty()) {
        let json: Value = serde_json::from_str(values)
            .map_err(|e| format!("the values after | are not a JSON object: {e}"))?;
        let Value::Object(map) = json else {
            return Err("the values after | must be a JSON object, e.g. {\":r\": 5}".into());
        };
        for (name, v) in map {
            let value = value_from_json(&v).map_err(|e| format!("{name}: {e}"))?;
            attrs.values.insert(name, value);
        }
    }
    // `#name` means the attribute `name`: the filter line has no names map of its own.
    for token in crate::highlight::highlight_expression(expression) {
        if token.class == crate::highlight::TokenClass::NamePlaceholder {
            let placeholder = token.text(expression);
            if let Some(name) = placeholder.strip_prefix('#') {
                attrs
                    .names
                    .entry(placeholder.to_string())
                    .or_insert_with(|| name.to_string());
            }
        }
    }
    Ok((expression, attrs))
}

/// DynamoDB JSON when the value looks like one (`{"N": "5"}`), else plain JSON (`5`).
fn value_from_json(v: &Value) -> Result<AttributeValue, String> {
    const TYPES: [&str; 10] = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];
    if let Value::Object(o) = v {
        if o.len() == 1 && o.keys().all(|k| TYPES.contains(&k.as_str())) {
            return AttributeValue::from_json(v, ValueLayer::Current).map_err(|e| e.message);
        }
    }
    from_plain_json(v).map_err(|e| e.message)
}

/// Whether a request may have written to `table`: its trace's actions, or the tables its request names
/// (`TableName`, the tables of `RequestItems`, each of `TransactItems`).
fn names_table(entry: &HistoryEntry, table: &str) -> bool {
    if entry.trace.actions.iter().any(|a| &*a.table == table) {
        return true;
    }
    let request = entry.request.value();
    let named = |v: &Value| v.get("TableName").and_then(Value::as_str) == Some(table);
    named(request)
        || request
            .get("RequestItems")
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(table))
        || request
            .get("TransactItems")
            .and_then(Value::as_array)
            .is_some_and(|items| {
                items
                    .iter()
                    .filter_map(Value::as_object)
                    .any(|item| item.values().any(named))
            })
}

/// Key columns (hash, range), then the other attributes, most frequent first.
fn columns(table: &Table) -> (Vec<String>, usize) {
    let keys: Vec<String> = table
        .key_schema()
        .attributes()
        .map(|a| a.name.clone())
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let total = table.item_count();
    let step = (total / COLUMN_SAMPLE).max(1);
    for row in table.iter().step_by(step) {
        for name in row.image().names() {
            if !keys.iter().any(|k| k == name) {
                *counts.entry(name).or_default() += 1;
            }
        }
    }
    let mut others: Vec<(&str, usize)> = counts.into_iter().collect();
    // Most frequent first; the BTreeMap gave name order, and the sort is stable.
    others.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let key_count = keys.len();
    let mut all = keys;
    all.extend(others.into_iter().map(|(n, _)| n.to_string()));
    (all, key_count)
}
