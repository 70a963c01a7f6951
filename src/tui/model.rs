//! The Model: everything the TUI shows, in one value. `update` changes it; `view` only reads it.

use ratatui::layout::Rect;

use super::compose::ComposeState;
use super::input::{LineInput, TextArea};
use super::keymap::Context;
use super::message::{Action, Pane};
use super::run::RunState;
use super::tables::TablesState;
use super::theme::Theme;
use crate::server::refused::Refusal;
use crate::session::{HistoryEntry, Session};
use std::collections::VecDeque;

/// No refused requests (the plain TUI).
static NONE_REFUSED: VecDeque<Refusal> = VecDeque::new();

/// A transient line in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// What the editor is editing, and so what saving it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorPurpose {
    /// Put this item (DynamoDB JSON) into the table.
    PutItem { table: String },
    /// A JSON field of the composer.
    ComposeField {
        action: usize,
        field: super::compose::draft::Field,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub title: String,
    pub area: TextArea,
    pub purpose: EditorPurpose,
    /// What the last save attempt said (DynamoDB's error, or a JSON error).
    pub error: Option<String>,
}

/// What a one-line prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinePurpose {
    /// `:` — a command.
    Command,
    /// `/` — a condition expression that filters the items.
    Filter,
    /// A file name (or pasted JSON) to import a transaction from.
    Import,
    /// A file name to export to.
    ExportFile(super::message::ExportFormat),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinePrompt {
    pub purpose: LinePurpose,
    pub input: LineInput,
}

/// What a list of choices is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// The kind of a new action; the key (or item) to prefill.
    NewAction {
        table: String,
        key: Option<String>,
        item: Option<String>,
    },
    /// The table of the selected action.
    Table {
        action: usize,
    },
    /// A fixed-choice field.
    Choice {
        action: usize,
        field: super::compose::draft::Field,
    },
    Export,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub choices: Vec<String>,
    pub selected: usize,
    pub purpose: PickPurpose,
}

/// A question answered with y or n.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    /// What `y` does.
    pub action: ConfirmAction,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfirmAction {
    DeleteItem { table: String, key: String },
    Undo,
}

/// The item view: one item as DynamoDB JSON or plain JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemView {
    pub table: String,
    /// The item's key in DynamoDB JSON (the item is read from the table when drawn).
    pub key: serde_json::Value,
    pub plain: bool,
    pub scroll: usize,
}

/// Text to read: help, or what a REPL command printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
    pub is_help: bool,
}

/// At most one overlay is open at a time; it takes the keyboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Line(LinePrompt),
    Editor(Editor),
    Picker(Picker),
    Confirm(Confirm),
    ItemView(ItemView),
    Reader(Reader),
}

/// The endpoint this TUI watches (`txlab serve --tui`): shown in the status line and the History pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveStatus {
    /// `http://127.0.0.1:8000`.
    pub address: String,
    /// Requests the endpoint has answered since it started (refused ones too).
    pub served: u64,
    /// The requests it answered before the engine (they are in no history), oldest first, at most
    /// `refused::KEPT`.
    pub refused: VecDeque<Refusal>,
}

pub struct Model {
    pub session: Session,
    pub pane: Pane,
    pub tables: TablesState,
    pub compose: super::compose::ComposeState,
    pub run: RunState,
    pub history: super::history::HistoryState,
    pub overlay: Option<Overlay>,
    pub notice: Option<Notice>,
    pub theme: Theme,
    /// The terminal's size, as last reported; `update` lays out with it (paging, mouse hits) as `view` does.
    pub area: Rect,
    /// Where files named in prompts are read from and written to.
    pub cwd: std::path::PathBuf,
    pub quit: bool,
    /// Serving: the endpoint's address and count (`None` in the plain TUI).
    pub live: Option<LiveStatus>,
}

impl Model {
    pub fn new(session: Session, theme: Theme, area: Rect) -> Model {
        let mut model = Model {
            session,
            pane: Pane::Tables,
            tables: TablesState::default(),
            compose: ComposeState::default(),
            run: RunState::default(),
            history: Default::default(),
            overlay: None,
            notice: None,
            theme,
            area,
            cwd: std::env::current_dir().unwrap_or_default(),
            quit: false,
            live: None,
        };
        model.tables.refresh_after_requests(&model.session);
        model.compose.load_from_session(&model.session);
        model.compose.recheck(model.session.database());
        model
            .history
            .follow(&model.session, &NONE_REFUSED, model.history_rows());
        model
    }

    /// Where the keyboard is.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Line(_)) => return Context::LineEntry,
            Some(Overlay::Editor(_)) => return Context::Editor,
            Some(Overlay::Picker(_)) => return Context::Picker,
            Some(Overlay::Confirm(_)) => return Context::Confirm,
            Some(Overlay::ItemView(_)) => return Context::ItemView,
            Some(Overlay::Reader(_)) => return Context::Reader,
            None => {}
        }
        match self.pane {
            Pane::Tables => self.tables.context(),
            Pane::Compose => self.compose.context(),
            Pane::Run => Context::Run,
            Pane::History => Context::History,
        }
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: false,
        });
    }

    pub fn fail(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: true,
        });
    }

    /// The session changed (a request ran, an undo): refresh what is derived from it.
    pub fn after_change(&mut self) {
        self.tables.refresh_after_requests(&self.session);
        let db = self.session.database();
        self.compose.recheck(db);
        let rows = self.history_rows();
        let refused = self.live.as_ref().map_or(&NONE_REFUSED, |l| &l.refused);
        self.history.follow(&self.session, refused, rows);
    }

    /// Serving: the requests the endpoint answered before the engine (none in the plain TUI).
    pub fn refused(&self) -> &VecDeque<Refusal> {
        self.live.as_ref().map_or(&NONE_REFUSED, |l| &l.refused)
    }

    /// The History list's rows: the session's entries, and serving, the refused requests.
    pub fn history_len(&self) -> usize {
        self.session.history().len() + self.refused().len()
    }

    /// How many rows of the History list are on screen.
    pub fn history_rows(&self) -> usize {
        let list = super::layout::history(super::layout::frame(self.area).body).list;
        super::layout::inner(list).height.saturating_sub(1).max(1) as usize
    }

    /// Runs a request through the session, from the TUI; the entry it recorded.
    pub fn execute(
        &mut self,
        operation: &str,
        request: &serde_json::Value,
    ) -> Option<HistoryEntry> {
        let result = self.session.execute("tui", operation, request).cloned();
        let entry = match result {
            Ok(entry) => Some(entry),
            Err(e) => {
                // The request ran; only writing the journal failed. Say so, keep the entry.
                let entry = self.session.last_entry().cloned();
                self.fail(format!("the session could not be written: {e}"));
                entry
            }
        };
        self.after_change();
        entry
    }

    /// An action a key would give, for tests and for the mouse.
    pub fn key_action(&self, key: &ratatui::crossterm::event::KeyEvent) -> Option<Action> {
        super::keymap::lookup(self.context(), key)
    }
}
