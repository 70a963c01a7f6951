//! The History pane's state and the verdict line of an entry. Rows are newest first.

use std::collections::VecDeque;

use crate::engine::trace::Verdict;
use crate::server::refused::Refusal;
use crate::session::{HistoryEntry, Session};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryState {
    /// Row under the cursor (0 = newest) and the first row on screen.
    pub cursor: usize,
    pub offset: usize,
    /// The id of the newest entry when the list last looked (to know how many arrived since).
    pub newest: Option<u64>,
    /// The number of the newest refused request when the list last looked.
    pub newest_refused: u64,
}

/// A row of the list: a request of the session's history, or (serving) one the endpoint answered before the
/// engine ran, which is in no history.
#[derive(Clone, Copy, Debug)]
pub enum Row<'a> {
    Entry(&'a HistoryEntry),
    Refused(&'a Refusal),
}

impl<'a> Row<'a> {
    pub fn entry(self) -> Option<&'a HistoryEntry> {
        match self {
            Row::Entry(e) => Some(e),
            Row::Refused(_) => None,
        }
    }
}

/// The rows, newest first: the history's entries and the refused requests, in the order they arrived (a
/// refused request comes after the entry that was the newest when it was answered).
pub fn rows<'a>(
    session: &'a Session,
    refused: &'a VecDeque<Refusal>,
) -> impl Iterator<Item = Row<'a>> + 'a {
    let mut entries = session.history().rev().peekable();
    let mut refused = refused.iter().rev().peekable();
    std::iter::from_fn(move || {
        let refused_first = match (entries.peek(), refused.peek()) {
            (Some(e), Some(r)) => r.after_entry.is_some_and(|after| after >= e.id),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if refused_first {
            refused.next().map(Row::Refused)
        } else {
            entries.next().map(Row::Entry)
        }
    })
}

impl HistoryState {
    pub fn clamp(&mut self, len: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }

    /// The session changed: entries may have arrived (from the endpoint, or run here), or refused requests. A
    /// cursor on the newest stays on the newest, so the list follows what arrives; a cursor further down keeps
    /// its row, so what the person is reading does not change under them (the list scrolls only to keep it
    /// among the `height` rows on screen, so the newest stay in sight as long as they can).
    pub fn follow(&mut self, session: &Session, refused: &VecDeque<Refusal>, height: usize) {
        if self.cursor > 0 {
            if let Some(seen) = self.newest {
                self.cursor += session.history().rev().take_while(|e| e.id > seen).count();
            }
            let seen = self.newest_refused;
            self.cursor += refused.iter().rev().take_while(|r| r.seq > seen).count();
        }
        self.newest = session.last_entry().map(|e| e.id);
        self.newest_refused = refused.back().map_or(0, |r| r.seq);
        self.clamp(session.history().len() + refused.len());
        self.scroll_to_cursor(height);
    }

    /// The row under the cursor.
    pub fn selected<'s>(
        &self,
        session: &'s Session,
        refused: &'s VecDeque<Refusal>,
    ) -> Option<Row<'s>> {
        rows(session, refused).nth(self.cursor)
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
