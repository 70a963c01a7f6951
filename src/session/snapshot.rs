//! The session file's members (after `format` and `journal_seq`, which the store writes), out and in.
//!
//! Written straight from the session's own structures, in this order: `settings`, `next_request_id`, the
//! database's members (`tables`, `tokens`, and `held_items`, `tokens_in_progress` when used), `drafts`,
//! `history`, `undo`. No JSON value of the session is built on the way, and for a background fold the session
//! is represented by an image that shares its items, history entries and undo records (`Image`).

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::undo::UndoRecord;
use super::{HistoryEntry, Session, Settings};
use crate::engine::database::Database;

/// The session as it is now, borrowed (for a fold done now).
#[derive(Serialize)]
pub(super) struct Out<'a> {
    pub settings: &'a Settings,
    pub next_request_id: u64,
    #[serde(flatten)]
    pub db: &'a Database,
    pub drafts: &'a BTreeMap<String, Value>,
    pub history: &'a VecDeque<Arc<HistoryEntry>>,
    pub undo: &'a VecDeque<Arc<UndoRecord>>,
}

impl Out<'_> {
    pub(super) fn of(session: &Session) -> Out<'_> {
        Out {
            settings: &session.settings,
            next_request_id: session.next_id,
            db: &session.db,
            drafts: &session.drafts,
            history: &session.history,
            undo: &session.undo,
        }
    }
}

/// The session as it is now, owned, for a fold on another thread: written exactly as `Out` writes it. The
/// database's tables share their items with the session (`Arc`), so copying it copies keys, not items.
#[derive(Serialize)]
pub(super) struct Image {
    settings: Settings,
    next_request_id: u64,
    #[serde(flatten)]
    db: Database,
    drafts: BTreeMap<String, Value>,
    history: VecDeque<Arc<HistoryEntry>>,
    undo: VecDeque<Arc<UndoRecord>>,
}

impl Session {
    pub(super) fn image(&self) -> Image {
        Image {
            settings: self.settings.clone(),
            next_request_id: self.next_id,
            db: self.db.clone(),
            drafts: self.drafts.clone(),
            history: self.history.clone(),
            undo: self.undo.clone(),
        }
    }

    pub(super) fn restore_snapshot(&mut self, text: &str) -> Result<(), String> {
        // The history holds requests, which may nest deeper than serde_json's default limit of 128.
        let snapshot: In = crate::api::parse_json_as(text.as_bytes()).map_err(|e| e.to_string())?;
        self.settings = snapshot.settings;
        self.next_id = snapshot.next_request_id.max(1);
        self.drafts = snapshot.drafts;
        self.history = snapshot.history.into_iter().map(Arc::new).collect();
        self.undo = snapshot.undo.into_iter().map(Arc::new).collect();
        self.db = Database {
            tables: snapshot.tables,
            tokens: snapshot.tokens,
            held_items: snapshot.held_items,
            tokens_in_progress: snapshot.tokens_in_progress,
        };
        Ok(())
    }
}

/// The session file as read: every member typed, read straight from the text (the database's members sit at
/// the top level beside the session's own). Unknown members are ignored.
#[derive(Deserialize)]
struct In {
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    next_request_id: u64,
    #[serde(default)]
    tables: BTreeMap<String, crate::engine::table::Table>,
    #[serde(default)]
    tokens: BTreeMap<String, crate::engine::database::TokenRecord>,
    #[serde(default)]
    held_items: Vec<(String, crate::engine::item::Item)>,
    #[serde(default)]
    tokens_in_progress: Vec<String>,
    #[serde(default)]
    drafts: BTreeMap<String, Value>,
    #[serde(default)]
    history: Vec<HistoryEntry>,
    #[serde(default)]
    undo: Vec<UndoRecord>,
}
