//! The session: everything a person builds (tables and items, the history of requests with their traces,
//! named transaction drafts, the ClientRequestToken cache, the session clock, settings), kept in one JSON
//! file that is never lost. Every front end (REPL, TUI, HTTP endpoint) runs requests through
//! `Session::execute`, which runs them on the engine, records them in the history and makes them durable.
//!
//! On disk: the snapshot (`session.json`) and a journal of records appended since (see `store`). Loading
//! replays the journal through the same code that made it, with the times it recorded, so the result is the
//! state that was last answered.

pub mod clock;
mod journal;
mod request_json;
mod snapshot;
pub mod store;
pub mod undo;

pub use request_json::RequestJson;

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::plain::{PlainBody, TypedRequest};
use crate::api::{self, Outcome};
use crate::engine::database::{Database, Profile, RequestContext};
use crate::engine::trace::RequestTrace;
use clock::{Clock, SystemClock};
use store::{OpenMode, Store, StoreError};
use undo::UndoRecord;

/// Fold the journal into the snapshot (in the background) once it holds this many records.
const FOLD_AFTER_RECORDS: usize = 20_000;

/// How many records to let the journal hold before folding: `FOLD_AFTER_RECORDS`, or for tests that must see
/// folds happen, `TXLAB_FOLD_AFTER_RECORDS`.
fn fold_after_records() -> usize {
    std::env::var("TXLAB_FOLD_AFTER_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(FOLD_AFTER_RECORDS)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `aws` (100 actions per transaction) or `legacy-25`.
    pub profile: String,
    /// How many requests the history keeps, with their traces.
    pub history_limit: usize,
    /// Milliseconds added to the wall clock (`clock +10m`).
    pub clock_offset_millis: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: Profile::Aws.name().to_string(),
            history_limit: 1000,
            clock_offset_millis: 0,
        }
    }
}

/// One request as it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// 1, 2, 3, ... for the session's whole life.
    pub id: u64,
    /// Which front end sent it: `repl`, `script`, `tui`, `http` (borrowed for those: no allocation per request).
    pub source: Cow<'static, str>,
    /// Session time when it ran.
    pub at_millis: u64,
    /// Borrowed from the trace when the engine knows the operation.
    pub operation: Cow<'static, str>,
    /// Reads as a `serde_json::Value`.
    pub request: RequestJson,
    /// DynamoDB's response body, or its error body.
    pub response: Value,
    /// 200, or DynamoDB's HTTP status for the error.
    pub status: u16,
    pub trace: RequestTrace,
    /// Whether `undo` can take it back.
    pub undoable: bool,
}

impl HistoryEntry {
    pub fn is_error(&self) -> bool {
        self.status != 200
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionError(pub String);

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for SessionError {}

impl From<StoreError> for SessionError {
    fn from(e: StoreError) -> Self {
        SessionError(e.0)
    }
}

pub struct Session {
    store: Option<Store>,
    db: Database,
    /// Shared, so that an image of the session for a background fold costs no copy of them.
    history: VecDeque<Arc<HistoryEntry>>,
    /// Oldest first, in history order (trimmed from the front as the history is).
    undo: VecDeque<Arc<UndoRecord>>,
    drafts: BTreeMap<String, Value>,
    settings: Settings,
    clock: Arc<dyn Clock>,
    next_id: u64,
    /// Changes not yet written anywhere (a journal write failed); a successful fold clears it.
    unsaved: bool,
    fold_after_records: usize,
}

/// Where the session lives by default: the platform's data folder for txlab.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "txlab").map(|d| d.data_dir().join("session.json"))
}

impl Session {
    /// A session kept only in memory (`--memory`).
    pub fn in_memory() -> Session {
        Session::with_clock(Arc::new(SystemClock))
    }

    pub fn with_clock(clock: Arc<dyn Clock>) -> Session {
        Session {
            store: None,
            db: Database::new(),
            history: VecDeque::new(),
            undo: VecDeque::new(),
            drafts: BTreeMap::new(),
            settings: Settings::default(),
            clock,
            next_id: 1,
            unsaved: false,
            fold_after_records: fold_after_records(),
        }
    }

    /// Open the session file at `path` (created on first write), replaying its journal.
    pub fn open(
        path: &Path,
        mode: OpenMode,
        clock: Arc<dyn Clock>,
    ) -> Result<Session, SessionError> {
        let (store, loaded) = Store::open(path, mode)?;
        let mut session = Session::with_clock(clock);
        if let Some(snapshot) = loaded.snapshot {
            session.restore_snapshot(&snapshot).map_err(|e| {
                SessionError(format!(
                    "the session file {} cannot be read: {e}; it was left untouched",
                    path.display()
                ))
            })?;
        }
        for (i, record) in loaded.journal.iter().enumerate() {
            session.replay(record).map_err(|e| {
                SessionError(format!(
                    "the journal of {} cannot be replayed at record {}: {e}; it was left untouched",
                    path.display(),
                    i + 1
                ))
            })?;
        }
        session.store = Some(store);
        Ok(session)
    }

    pub fn path(&self) -> Option<&Path> {
        self.store.as_ref().map(|s| s.path())
    }
    pub fn is_read_only(&self) -> bool {
        self.store
            .as_ref()
            .is_some_and(|s| s.mode() == OpenMode::ReadOnly)
    }
    /// Fold the journal (in the background) once it holds `records` records, instead of 20,000 (for tests
    /// and benchmarks that must see folds happen).
    pub fn set_fold_after_records(&mut self, records: usize) {
        self.fold_after_records = records.max(1);
    }
    /// Everything answered is on disk (or the session is in memory).
    pub fn is_saved(&self) -> bool {
        !self.unsaved && !self.store.as_ref().is_some_and(|s| s.sink().lost_any())
    }
    /// The last history entry, shared (so that it can be read after the session's lock is let go).
    pub fn last_entry_shared(&self) -> Option<Arc<HistoryEntry>> {
        self.history.back().cloned()
    }
    pub fn database(&self) -> &Database {
        &self.db
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn history(&self) -> impl DoubleEndedIterator<Item = &HistoryEntry> + ExactSizeIterator {
        self.history.iter().map(|e| &**e)
    }
    /// A history entry by id.
    pub fn history_entry(&self, id: u64) -> Option<&HistoryEntry> {
        self.history.iter().find(|e| e.id == id).map(|e| &**e)
    }
    pub fn last_entry(&self) -> Option<&HistoryEntry> {
        self.history.back().map(|e| &**e)
    }
    pub fn drafts(&self) -> &BTreeMap<String, Value> {
        &self.drafts
    }
    /// The clock the session reads (so that a session opened from this one keeps the same time source).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }
    pub fn profile(&self) -> Profile {
        Profile::parse(&self.settings.profile).unwrap_or(Profile::Aws)
    }

    /// Session time: the clock plus the session's offset.
    pub fn now_millis(&self) -> u64 {
        let now = self.clock.now_millis() as i128 + self.settings.clock_offset_millis as i128;
        now.clamp(0, u64::MAX as i128) as u64
    }

    /// Run one DynamoDB request, record it, and make it durable. Returns the history entry.
    pub fn execute(
        &mut self,
        source: &str,
        operation: &str,
        request: &Value,
    ) -> Result<&HistoryEntry, SessionError> {
        self.execute_owned(source, operation, request.clone())
    }

    /// `execute`, taking the request by value: it goes into the history as it is, without a copy (the HTTP
    /// endpoint parses each request and has no further use for it).
    pub fn execute_owned(
        &mut self,
        source: &str,
        operation: &str,
        request: Value,
    ) -> Result<&HistoryEntry, SessionError> {
        let now = self.now_millis();
        self.run(source, operation, request, now);
        self.journal_request(source, operation, now)?;
        self.recorded()
    }

    /// `execute` for a body the HTTP endpoint read in the plain shape (`api::plain`): it runs in the engine's
    /// types, and the history and the journal keep its text. A body that breaks a member constraint is read as
    /// a JSON value and runs as `execute_owned` runs it: the outcome is the same either way.
    pub fn execute_plain(
        &mut self,
        source: &str,
        body: PlainBody,
    ) -> Result<&HistoryEntry, SessionError> {
        let now = self.now_millis();
        let ctx = RequestContext {
            now_millis: now,
            profile: self.profile(),
        };
        let operation = body.operation();
        match body.into_request(&ctx) {
            (text, Some(typed)) => self.run_typed(source, text, typed, &ctx),
            (text, None) => {
                let request = api::parse_body(text.as_bytes()).unwrap_or(Value::Null);
                self.run(source, operation, request, now);
            }
        }
        self.journal_request(source, operation, now)?;
        self.recorded()
    }

    /// The entry the request just run was recorded as (`run` always records one; an error rather than a panic
    /// should that ever change).
    fn recorded(&self) -> Result<&HistoryEntry, SessionError> {
        self.last_entry()
            .ok_or_else(|| SessionError("the request was not recorded in the history".to_string()))
    }

    fn run(&mut self, source: &str, operation: &str, request: Value, now: u64) {
        let operation = operation
            .strip_prefix("DynamoDB_20120810.")
            .unwrap_or(operation);
        let ctx = RequestContext {
            now_millis: now,
            profile: self.profile(),
        };
        let text = |name: &str| request.get(name).and_then(|v| v.as_str());
        let before = undo::Before::capture(
            &self.db,
            operation,
            text("TableName"),
            text("ClientRequestToken"),
        );
        let outcome = api::execute(&mut self.db, operation, &request, &ctx);
        let created = (operation == "CreateTable")
            .then(|| text("TableName"))
            .flatten();
        let record = undo::record(self.next_id, operation, created, &outcome.trace, before);
        self.record(source, operation, now, request.into(), outcome, record);
    }

    /// `run` for a request in the engine's types.
    fn run_typed(&mut self, source: &str, text: String, typed: TypedRequest, ctx: &RequestContext) {
        let operation = typed.operation();
        let before = undo::Before::capture(&self.db, operation, None, typed.client_request_token());
        let outcome = api::execute_typed(&mut self.db, typed, ctx);
        let record = undo::record(self.next_id, operation, None, &outcome.trace, before);
        let request = RequestJson::from_text(text);
        self.record(source, operation, ctx.now_millis, request, outcome, record);
    }

    /// Put a request that ran into the history (and what undoes it into the undo list).
    fn record(
        &mut self,
        source: &str,
        operation: &str,
        now: u64,
        request: RequestJson,
        outcome: Outcome,
        record: Option<undo::Pending>,
    ) {
        let Outcome { response, trace } = outcome;
        let id = self.next_id;
        self.next_id += 1;
        let (response, status) = match response {
            Ok(body) => (body, 200),
            Err(e) => (e.to_json(), e.status()),
        };
        let source = match source {
            "repl" => Cow::Borrowed("repl"),
            "script" => Cow::Borrowed("script"),
            "tui" => Cow::Borrowed("tui"),
            "http" => Cow::Borrowed("http"),
            other => Cow::Owned(other.to_string()),
        };
        let operation = if trace.operation == operation {
            trace.operation.clone()
        } else {
            Cow::Owned(operation.to_string())
        };
        let entry = HistoryEntry {
            id,
            source,
            at_millis: now,
            operation,
            request,
            response,
            status,
            trace,
            undoable: record.is_some(),
        };
        let entry = Arc::new(entry);
        if let Some(record) = record {
            self.undo.push_back(Arc::new(record.shared_with(&entry)));
        }
        self.history.push_back(entry);
        self.trim_history();
    }

    fn trim_history(&mut self) {
        while self.history.len() > self.settings.history_limit.max(1) {
            self.history.pop_front();
        }
        // Undo reaches as far back as the history does. Records are in history order, so only the front goes
        // (once per request at most: this runs for every request, so no pass over all of them).
        if let Some(oldest) = self.history.front().map(|e| e.id) {
            while self.undo.front().is_some_and(|r| r.history_id < oldest) {
                self.undo.pop_front();
            }
        }
    }

    /// Revert the last state-changing request still in the history, exactly. Returns the entry undone.
    pub fn undo(&mut self) -> Result<HistoryEntry, SessionError> {
        let entry = self.undo_in_memory()?;
        self.journal(json!({"op": "undo"}))?;
        Ok(entry)
    }

    fn undo_in_memory(&mut self) -> Result<HistoryEntry, SessionError> {
        let record = self
            .undo
            .back()
            .ok_or_else(|| SessionError("nothing to undo".to_string()))?;
        // Undo is strictly last-in first-out, so everything a record names still exists when it is applied.
        undo::apply(&mut self.db, record).map_err(|e| SessionError(format!("cannot undo: {e}")))?;
        let history_id = record.history_id;
        // Dropped before the entry is taken out: the record shares the entry (its trace).
        self.undo.pop_back();
        let pos = self.history.iter().position(|e| e.id == history_id);
        let entry = match pos.and_then(|i| self.history.remove(i)) {
            Some(e) => {
                let mut e = Arc::unwrap_or_clone(e);
                e.undoable = false;
                e
            }
            None => {
                return Err(SessionError(
                    "the request to undo is no longer in the history".to_string(),
                ))
            }
        };
        Ok(entry)
    }

    pub fn set_profile(&mut self, profile: Profile) -> Result<(), SessionError> {
        self.settings.profile = profile.name().to_string();
        self.journal(json!({"op": "settings", "settings": self.settings}))
    }

    pub fn set_history_limit(&mut self, limit: usize) -> Result<(), SessionError> {
        self.settings.history_limit = limit.max(1);
        self.trim_history();
        self.journal(json!({"op": "settings", "settings": self.settings}))
    }

    /// Move the session clock by `delta_millis` (may be negative).
    pub fn advance_clock(&mut self, delta_millis: i64) -> Result<(), SessionError> {
        self.settings.clock_offset_millis = self
            .settings
            .clock_offset_millis
            .saturating_add(delta_millis);
        self.journal(json!({"op": "settings", "settings": self.settings}))
    }

    /// Keep (or, with `None`, forget) a named TransactWriteItems draft.
    pub fn set_draft(&mut self, name: &str, request: Option<Value>) -> Result<(), SessionError> {
        match &request {
            Some(r) => {
                self.drafts.insert(name.to_string(), r.clone());
            }
            None => {
                self.drafts.remove(name);
            }
        }
        self.journal(json!({"op": "draft", "name": name, "request": request}))
    }

    /// Fold the journal into the session file now.
    pub fn save(&mut self) -> Result<(), SessionError> {
        // Borrowing the fields one by one, beside the store.
        let snapshot = snapshot::Out {
            settings: &self.settings,
            next_request_id: self.next_id,
            db: &self.db,
            drafts: &self.drafts,
            history: &self.history,
            undo: &self.undo,
        };
        if let Some(store) = self.store.as_mut() {
            if store.mode() == OpenMode::ReadOnly {
                return Err(SessionError(format!(
                    "the session {} is open read-only",
                    store.path().display()
                )));
            }
            store.fold(&snapshot)?;
        }
        self.unsaved = false;
        Ok(())
    }

    /// Write the whole session, as it is now, as a new session file at `path` (`save PATH`): for keeping an
    /// in-memory session, or a copy of this one. `path` must not be this session's own file.
    pub fn save_copy(&self, path: &Path) -> Result<(), SessionError> {
        if self.path() == Some(path) {
            return Err(SessionError(format!(
                "{} is this session's own file; `save` without a path writes it",
                path.display()
            )));
        }
        let (mut store, _) = Store::open(path, OpenMode::ReadWrite)?;
        store.fold(snapshot::Out::of(self))?;
        Ok(())
    }

    /// Fold if there is anything to fold (on exit).
    pub fn close(mut self) -> Result<(), SessionError> {
        // A background fold still running is waited for; one that failed left records to fold now.
        let fold_failed = self
            .store
            .as_mut()
            .is_some_and(|s| s.finish_fold().is_err());
        let needs = !self.is_saved()
            || fold_failed
            || self
                .store
                .as_ref()
                .is_some_and(|s| s.mode() == OpenMode::ReadWrite && s.journal_records() > 0);
        if needs {
            self.save()?;
        }
        Ok(())
    }
}
