//! The History pane's state and the verdict line of an entry. Rows are newest first.

use crate::engine::trace::Verdict;
use crate::session::{HistoryEntry, Session};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryState {
    /// Row under the cursor (0 = newest) and the first row on screen.
    pub cursor: usize,
    pub offset: usize,
    /// The id of the newest entry when the list last looked (to know how many arrived since).
    pub newest: Option<u64>,
}

impl HistoryState {
    pub fn clamp(&mut self, len: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }

    /// The session changed: entries may have arrived (from the endpoint, or run here). A cursor on the newest
    /// stays on the newest, so the list follows what arrives; a cursor further down keeps its entry, so what
    /// the person is reading does not change under them (the list scrolls only to keep it among the `height`
    /// rows on screen, so the newest stay in sight as long as they can).
    pub fn follow(&mut self, session: &Session, height: usize) {
        if self.cursor > 0 {
            if let Some(seen) = self.newest {
                self.cursor += session.history().rev().take_while(|e| e.id > seen).count();
            }
        }
        self.newest = session.last_entry().map(|e| e.id);
        self.clamp(session.history().len());
        self.scroll_to_cursor(height);
    }

    /// The entry under the cursor.
    pub fn selected<'s>(&self, session: &'s Session) -> Option<&'s HistoryEntry> {
        session.history().rev().nth(self.cursor)
    }

    pub fn scroll_to_cursor(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
    }
}

/// `committed`, `cancelled [None, ConditionalCheckFailed]`, `ValidationException`, with whether it failed.
pub fn verdict_text(entry: &HistoryEntry) -> (String, bool) {
    match &entry.trace.verdict {
        Verdict::Committed => ("committed".into(), false),
        Verdict::Replayed => ("replayed (idempotent)".into(), false),
        Verdict::Cancelled { codes } => (format!("cancelled [{}]", codes.join(", ")), true),
        Verdict::Error { error_type, .. } => (error_type.name().to_string(), true),
    }
}

/// `14:03:07.250`: the time of day (UTC) of a session time in milliseconds since 1970.
pub fn time_of_day(millis: u64) -> String {
    let ms = millis % 1000;
    let s = millis / 1000;
    format!(
        "{:02}:{:02}:{:02}.{ms:03}",
        (s / 3600) % 24,
        (s / 60) % 60,
        s % 60
    )
}

/// What a request touched: its tables, for the list.
pub fn summary(entry: &HistoryEntry) -> String {
    let mut tables: Vec<&str> = Vec::new();
    for a in &entry.trace.actions {
        if !tables.contains(&&*a.table) {
            tables.push(&a.table);
        }
    }
    if tables.is_empty() {
        if let Some(t) = entry.request.get("TableName").and_then(|v| v.as_str()) {
            tables.push(t);
        }
    }
    let actions = entry.trace.actions.len();
    match (tables.len(), actions) {
        (0, _) => String::new(),
        (_, 0 | 1) => tables.join(", "),
        _ => format!("{} · {actions} actions", tables.join(", ")),
    }
}
