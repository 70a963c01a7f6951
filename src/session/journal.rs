//! The session's side of the journal: writing each change as a record (and folding when the journal has grown),
//! and replaying records on open through the same code that made them.

use serde::Serialize;
use serde_json::Value;

use std::sync::Arc;

use super::store::{OpenMode, Sink};
use super::{Session, SessionError};

impl Session {
    /// Group commit (the HTTP endpoint): from now on, journal records are only queued when requests run; the
    /// caller answers each request once `Sink::commit` returned for `journal_seq()` as it was after it ran.
    /// Returns the journal's writer (`None` when nothing is written: in memory, read-only).
    pub fn defer_journal_writes(&mut self) -> Option<Arc<Sink>> {
        let store = self.store.as_mut()?;
        if store.mode() == OpenMode::ReadOnly {
            return None;
        }
        store.defer_writes();
        Some(store.sink().clone())
    }
    /// Sequence number of the last journal record (0 without a journal).
    pub fn journal_seq(&self) -> u64 {
        self.store.as_ref().map_or(0, |s| s.seq())
    }

    /// Journal the request just run (the last history entry), written straight from the history: its text as
    /// it was sent, or its value serialized; no copy of the request is built, and nothing at all is written when
    /// there is no journal (in memory, read-only).
    pub(super) fn journal_request(
        &mut self,
        source: &str,
        operation: &str,
        now: u64,
    ) -> Result<(), SessionError> {
        #[derive(Serialize)]
        struct RequestRecord<'a> {
            op: &'static str,
            source: &'a str,
            operation: &'a str,
            request: &'a Value,
            now: u64,
        }
        let (Some(store), Some(entry)) = (self.store.as_mut(), self.history.back()) else {
            return Ok(());
        };
        if store.mode() == OpenMode::ReadOnly {
            return Ok(());
        }
        let written = match entry.request.text() {
            Some(text) => store.append_request_text(source, operation, text, now),
            None => store.append_record(&RequestRecord {
                op: "request",
                source,
                operation,
                request: &entry.request,
                now,
            }),
        };
        if let Err(e) = written {
            self.unsaved = true;
            return Err(e.into());
        }
        self.fold_when_due();
        Ok(())
    }

    /// Fold in the background once the journal has grown enough (the requests go on meanwhile; see
    /// `store::fold`). A fold that cannot start, or that failed, loses nothing: the journal keeps every record,
    /// and the next fold (or `save`, or closing) tries again and reports.
    fn fold_when_due(&mut self) {
        let due = self.store.as_ref().is_some_and(|s| {
            s.mode() == OpenMode::ReadWrite
                && s.journal_records() >= self.fold_after_records
                && !s.is_folding()
        });
        if !due {
            return;
        }
        let image = self.image();
        if let Some(store) = self.store.as_mut() {
            if let Err(e) = store.fold_in_background(image) {
                eprintln!("txlab: folding the session in the background: {e}");
            }
        }
    }

    pub(super) fn journal(&mut self, record: Value) -> Result<(), SessionError> {
        let Some(store) = self.store.as_mut() else {
            return Ok(());
        };
        if store.mode() == OpenMode::ReadOnly {
            // A read-only session works in memory; nothing is written.
            return Ok(());
        }
        if let Err(e) = store.append(&record) {
            self.unsaved = true;
            return Err(e.into());
        }
        self.fold_when_due();
        Ok(())
    }

    pub(super) fn replay(&mut self, record: &Value) -> Result<(), String> {
        let op = record.get("op").and_then(|v| v.as_str()).unwrap_or("");
        match op {
            "request" => {
                let source = record
                    .get("source")
                    .and_then(|v| v.as_str())
                    .unwrap_or("repl");
                let operation = record
                    .get("operation")
                    .and_then(|v| v.as_str())
                    .ok_or("a request without an operation")?;
                let request = record
                    .get("request")
                    .cloned()
                    .ok_or("a request without a body")?;
                let now = record
                    .get("now")
                    .and_then(|v| v.as_u64())
                    .ok_or("a request without a time")?;
                self.run(source, operation, request, now);
            }
            "undo" => {
                self.undo_in_memory().map_err(|e| e.0)?;
            }
            "settings" => {
                let settings = record
                    .get("settings")
                    .cloned()
                    .ok_or("settings without a value")?;
                self.settings = serde_json::from_value(settings).map_err(|e| e.to_string())?;
                self.trim_history();
            }
            "draft" => {
                let name = record
                    .get("name")
                    .and_then(|v| v.as_str())
                    .ok_or("a draft without a name")?;
                match record.get("request") {
                    Some(Value::Null) | None => {
                        self.drafts.remove(name);
                    }
                    Some(r) => {
                        self.drafts.insert(name.to_string(), r.clone());
                    }
                }
            }
            other => return Err(format!("unknown record \"{other}\"")),
        }
        Ok(())
    }
}
