//! What can happen to the TUI: a `Message` from the terminal (a key, the mouse, a resize, a paste, a file the
//! runtime read), and the `Action`s that keys and typed `:` commands turn into. The keymap (keymap.rs) is data
//! mapping keys to actions; `commands.rs` maps typed commands to the same actions; `update` handles actions.

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// The four panes, in the order of their number keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    Tables,
    Compose,
    Run,
    History,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Tables, Pane::Compose, Pane::Run, Pane::History];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Tables => "Tables",
            Pane::Compose => "Compose",
            Pane::Run => "Run",
            Pane::History => "History",
        }
    }
    pub fn number(self) -> usize {
        match self {
            Pane::Tables => 1,
            Pane::Compose => 2,
            Pane::Run => 3,
            Pane::History => 4,
        }
    }
    pub fn from_name(name: &str) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .find(|p| p.title().eq_ignore_ascii_case(name))
    }
    pub fn next(self) -> Pane {
        Pane::ALL[self.number() % 4]
    }
    pub fn previous(self) -> Pane {
        Pane::ALL[(self.number() + 2) % 4]
    }
}

/// The formats a composed transaction is exported in or imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The value of `--transact-items`: a JSON array of actions.
    TransactItems,
    /// The value of `--cli-input-json`: the whole request.
    CliInputJson,
    /// The `aws dynamodb transact-write-items ...` command line.
    CommandLine,
}

impl ExportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::TransactItems => "transact-items",
            ExportFormat::CliInputJson => "cli-input-json",
            ExportFormat::CommandLine => "command-line",
        }
    }
    pub fn default_file(self) -> &'static str {
        match self {
            ExportFormat::TransactItems => "transact-items.json",
            ExportFormat::CliInputJson => "cli-input.json",
            ExportFormat::CommandLine => "transact-write-items.sh",
        }
    }
    pub fn parse(text: &str) -> Option<ExportFormat> {
        [
            ExportFormat::TransactItems,
            ExportFormat::CliInputJson,
            ExportFormat::CommandLine,
        ]
        .into_iter()
        .find(|f| f.name() == text)
    }
}

/// Where an export goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Clipboard,
    File(String),
}

/// Something a person asked for, by key or by `:` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    // Everywhere.
    Quit,
    Help,
    CommandLine,
    GoTo(Pane),
    NextPane,
    PreviousPane,
    /// Esc: close, cancel, go back.
    Back,
    Undo,
    Save,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Left,
    Right,
    /// Enter: open, expand, edit.
    Open,
    /// `/`: the filter line (Tables) .
    Filter,

    // Tables.
    /// Move between the list of tables and the items.
    SwitchFocus,
    ViewItem,
    EditItem,
    NewItem,
    DeleteItem,
    ComposeWithItem,
    ClearFilter,
    /// The item view: DynamoDB JSON or plain JSON.
    ToggleJson,

    // Compose.
    AddAction,
    RemoveAction,
    MoveActionUp,
    MoveActionDown,
    DuplicateAction,
    CycleKind,
    RunDraft,
    StepDraft,
    Import,
    Export,
    /// Ctrl-R: replace the reserved words of the field with `#placeholders`.
    FixReserved,
    NewDraft,

    // Run.
    StepNext,
    StepPrevious,
    StepFirst,
    StepEnd,
    /// 1-9: the first step of action N (1-based).
    JumpAction(u8),
    EditThisAction,

    // Text entry and prompts.
    Submit,
    /// Ctrl-S in the editor.
    SaveEditor,
    Confirm,

    // Typed commands with arguments.
    SetFilter(String),
    ExportTo(ExportFormat, Destination),
    ImportFrom(String),
    OpenHistory(u64),
    LoadDraft(String),
    /// A line for the REPL's command language (an AWS CLI command, `explain`, `tables`, ...).
    Repl(String),
}

/// What reaches `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Paste(String),
    Action(Action),
    /// The runtime read a file `update` asked for.
    FileRead {
        path: String,
        result: Result<String, String>,
    },
    /// The runtime wrote a file (or failed to).
    FileWritten {
        path: String,
        result: Result<(), String>,
    },
}

/// What `update` asks the runtime to do: the only side effects outside the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Leave (the runtime saves the session).
    Quit,
    /// Put text on the clipboard (OSC 52, where the terminal has one).
    Clipboard(String),
    WriteFile {
        path: String,
        contents: String,
    },
    /// Read a file and send `Message::FileRead` back.
    ReadFile {
        path: String,
    },
    Many(Vec<Effect>),
}

impl Effect {
    /// The effects in order, flattened.
    pub fn flatten(self) -> Vec<Effect> {
        match self {
            Effect::None => Vec::new(),
            Effect::Many(list) => list.into_iter().flat_map(Effect::flatten).collect(),
            other => vec![other],
        }
    }
}
