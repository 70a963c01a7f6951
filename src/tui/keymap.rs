//! The keymap, as data: which key does what in which context. `?` shows the rows of the current context, the
//! status bar shows the ones marked `hint`, and `update` looks keys up here; nothing else knows about keys.
//! Keys follow SCREENS.md (lazygit / k9s / helix conventions).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::message::{Action, Pane};

/// Where the keyboard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// Keys that hold in every pane (below the pane's own).
    Global,
    TableList,
    Items,
    ItemView,
    ComposeActions,
    ComposeFields,
    Run,
    History,
    /// A one-line entry: the filter line, the command line, a field being edited, a file name.
    LineEntry,
    Editor,
    Picker,
    Confirm,
    /// Help and command output: text to read.
    Reader,
}

impl Context {
    /// Overlays take every key; panes fall back to the global keys.
    pub fn is_modal(self) -> bool {
        matches!(
            self,
            Context::ItemView
                | Context::LineEntry
                | Context::Editor
                | Context::Picker
                | Context::Confirm
                | Context::Reader
        )
    }
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "everywhere",
            Context::TableList => "tables",
            Context::Items => "items",
            Context::ItemView => "item",
            Context::ComposeActions => "compose: actions",
            Context::ComposeFields => "compose: fields",
            Context::Run => "run",
            Context::History => "history",
            Context::LineEntry => "text entry",
            Context::Editor => "editor",
            Context::Picker => "picker",
            Context::Confirm => "confirm",
            Context::Reader => "reader",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// A key event as the keymap sees it: Shift is part of the character (`J`), so it is dropped.
    pub fn from_event(event: &KeyEvent) -> Key {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Some terminals send Shift-Tab as Tab with Shift.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key { code, ctrl }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One row of the keymap.
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}

const fn b(context: Context, key: Key, action: Action, help: &'static str) -> Binding {
    Binding {
        context,
        key,
        action,
        help,
        hint: false,
    }
}
/// A binding also shown in the status bar.
const fn h(context: Context, key: Key, action: Action, help: &'static str) -> Binding {
    Binding {
        context,
        key,
        action,
        help,
        hint: true,
    }
}

use Context as C;

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // Everywhere.
    h(C::Global, k('?'), Action::Help, "the keys of this pane"),
    b(
        C::Global,
        k(':'),
        Action::CommandLine,
        "command line (every REPL command works)",
    ),
    b(C::Global, k('1'), Action::GoTo(Pane::Tables), "Tables"),
    b(C::Global, k('2'), Action::GoTo(Pane::Compose), "Compose"),
    b(C::Global, k('3'), Action::GoTo(Pane::Run), "Run"),
    b(C::Global, k('4'), Action::GoTo(Pane::History), "History"),
    b(C::Global, code(KeyCode::Tab), Action::NextPane, "next pane"),
    b(
        C::Global,
        code(KeyCode::BackTab),
        Action::PreviousPane,
        "previous pane",
    ),
    b(C::Global, k('j'), Action::Down, "down"),
    b(C::Global, code(KeyCode::Down), Action::Down, "down"),
    b(C::Global, k('k'), Action::Up, "up"),
    b(C::Global, code(KeyCode::Up), Action::Up, "up"),
    b(
        C::Global,
        code(KeyCode::PageDown),
        Action::PageDown,
        "page down",
    ),
    b(C::Global, code(KeyCode::PageUp), Action::PageUp, "page up"),
    b(C::Global, k('g'), Action::First, "first"),
    b(C::Global, code(KeyCode::Home), Action::First, "first"),
    b(C::Global, k('G'), Action::Last, "last"),
    b(C::Global, code(KeyCode::End), Action::Last, "last"),
    b(C::Global, k('h'), Action::Left, "left"),
    b(C::Global, code(KeyCode::Left), Action::Left, "left"),
    b(C::Global, k('l'), Action::Right, "right"),
    b(C::Global, code(KeyCode::Right), Action::Right, "right"),
    b(
        C::Global,
        code(KeyCode::Enter),
        Action::Open,
        "open / expand",
    ),
    b(C::Global, code(KeyCode::Esc), Action::Back, "back / close"),
    b(
        C::Global,
        k('u'),
        Action::Undo,
        "undo the last state-changing request",
    ),
    b(C::Global, ctrl('s'), Action::Save, "save the session now"),
    b(C::Global, k('q'), Action::Quit, "quit (saves)"),
    b(C::Global, ctrl('c'), Action::Quit, "quit (saves)"),
    // Tables: the list of tables.
    h(
        C::TableList,
        code(KeyCode::Enter),
        Action::Open,
        "items of this table",
    ),
    b(C::TableList, k('l'), Action::Open, "items of this table"),
    b(
        C::TableList,
        code(KeyCode::Right),
        Action::Open,
        "items of this table",
    ),
    h(
        C::TableList,
        k('/'),
        Action::Filter,
        "filter (a condition expression)",
    ),
    h(C::TableList, k('a'), Action::NewItem, "new item"),
    // Tables: the items grid.
    h(
        C::Items,
        code(KeyCode::Enter),
        Action::Open,
        "expand / collapse nested values",
    ),
    h(
        C::Items,
        k('v'),
        Action::ViewItem,
        "item as DynamoDB JSON / plain JSON",
    ),
    h(
        C::Items,
        k('/'),
        Action::Filter,
        "filter (a condition expression)",
    ),
    b(C::Items, k('\\'), Action::ClearFilter, "clear the filter"),
    h(
        C::Items,
        k('c'),
        Action::ComposeWithItem,
        "compose with this item",
    ),
    h(C::Items, k('e'), Action::EditItem, "edit"),
    b(C::Items, k('a'), Action::NewItem, "new item"),
    h(C::Items, k('d'), Action::DeleteItem, "delete"),
    b(
        C::Items,
        k('h'),
        Action::Left,
        "columns left / back to the tables",
    ),
    b(C::Items, k('l'), Action::Right, "columns right"),
    // The item view.
    h(
        C::ItemView,
        k('t'),
        Action::ToggleJson,
        "DynamoDB JSON / plain JSON",
    ),
    h(C::ItemView, k('e'), Action::EditItem, "edit"),
    b(C::ItemView, k('j'), Action::Down, "scroll"),
    b(C::ItemView, code(KeyCode::Down), Action::Down, "scroll"),
    b(C::ItemView, k('k'), Action::Up, "scroll"),
    b(C::ItemView, code(KeyCode::Up), Action::Up, "scroll"),
    b(
        C::ItemView,
        code(KeyCode::PageDown),
        Action::PageDown,
        "page",
    ),
    b(C::ItemView, code(KeyCode::PageUp), Action::PageUp, "page"),
    h(C::ItemView, code(KeyCode::Esc), Action::Back, "close"),
    b(C::ItemView, k('q'), Action::Back, "close"),
    b(C::ItemView, k('v'), Action::Back, "close"),
    // Compose: the actions.
    h(
        C::ComposeActions,
        code(KeyCode::Enter),
        Action::Open,
        "edit this action's fields",
    ),
    h(C::ComposeActions, k('a'), Action::AddAction, "add"),
    h(C::ComposeActions, k('x'), Action::RemoveAction, "delete"),
    h(
        C::ComposeActions,
        k('J'),
        Action::MoveActionDown,
        "move down",
    ),
    h(C::ComposeActions, k('K'), Action::MoveActionUp, "move up"),
    h(
        C::ComposeActions,
        k('y'),
        Action::DuplicateAction,
        "duplicate",
    ),
    b(
        C::ComposeActions,
        k('t'),
        Action::CycleKind,
        "Put / Update / Delete / ConditionCheck",
    ),
    h(C::ComposeActions, k('r'), Action::RunDraft, "run"),
    h(C::ComposeActions, k('R'), Action::StepDraft, "run and step"),
    h(C::ComposeActions, k('i'), Action::Import, "import"),
    h(C::ComposeActions, k('o'), Action::Export, "export"),
    b(
        C::ComposeActions,
        k('N'),
        Action::NewDraft,
        "a new, empty draft",
    ),
    // Compose: the fields of an action.
    h(
        C::ComposeFields,
        code(KeyCode::Enter),
        Action::Open,
        "edit the field",
    ),
    h(
        C::ComposeFields,
        ctrl('r'),
        Action::FixReserved,
        "reserved word -> #placeholder",
    ),
    b(
        C::ComposeFields,
        k('t'),
        Action::CycleKind,
        "Put / Update / Delete / ConditionCheck",
    ),
    h(C::ComposeFields, k('r'), Action::RunDraft, "run"),
    h(C::ComposeFields, k('R'), Action::StepDraft, "run and step"),
    h(
        C::ComposeFields,
        code(KeyCode::Esc),
        Action::Back,
        "back to the actions",
    ),
    // Run: the stepper.
    h(C::Run, k('n'), Action::StepNext, "next step"),
    b(C::Run, code(KeyCode::Enter), Action::StepNext, "next step"),
    b(C::Run, code(KeyCode::Right), Action::StepNext, "next step"),
    b(C::Run, k('l'), Action::StepNext, "next step"),
    h(C::Run, k('p'), Action::StepPrevious, "previous step"),
    b(
        C::Run,
        code(KeyCode::Left),
        Action::StepPrevious,
        "previous step",
    ),
    b(C::Run, k('h'), Action::StepPrevious, "previous step"),
    b(C::Run, code(KeyCode::Home), Action::StepFirst, "first step"),
    b(C::Run, k('g'), Action::StepFirst, "first step"),
    h(C::Run, code(KeyCode::End), Action::StepEnd, "verdict"),
    b(C::Run, k('G'), Action::StepEnd, "verdict"),
    h(C::Run, k('1'), Action::JumpAction(1), "action N"),
    b(C::Run, k('2'), Action::JumpAction(2), "action N"),
    b(C::Run, k('3'), Action::JumpAction(3), "action N"),
    b(C::Run, k('4'), Action::JumpAction(4), "action N"),
    b(C::Run, k('5'), Action::JumpAction(5), "action N"),
    b(C::Run, k('6'), Action::JumpAction(6), "action N"),
    b(C::Run, k('7'), Action::JumpAction(7), "action N"),
    b(C::Run, k('8'), Action::JumpAction(8), "action N"),
    b(C::Run, k('9'), Action::JumpAction(9), "action N"),
    h(C::Run, k('e'), Action::EditThisAction, "edit this action"),
    h(C::Run, code(KeyCode::Esc), Action::Back, "back"),
    // History.
    h(
        C::History,
        code(KeyCode::Enter),
        Action::Open,
        "open its verdict",
    ),
    h(C::History, k('R'), Action::StepFirst, "step through it"),
    h(C::History, k('u'), Action::Undo, "undo"),
    // One-line entry.
    h(C::LineEntry, code(KeyCode::Enter), Action::Submit, "apply"),
    h(C::LineEntry, code(KeyCode::Esc), Action::Back, "cancel"),
    h(
        C::LineEntry,
        ctrl('r'),
        Action::FixReserved,
        "reserved word -> #placeholder",
    ),
    // The editor.
    h(C::Editor, ctrl('s'), Action::SaveEditor, "save"),
    h(C::Editor, code(KeyCode::Esc), Action::Back, "cancel"),
    h(
        C::Editor,
        ctrl('r'),
        Action::FixReserved,
        "reserved word -> #placeholder",
    ),
    // Pickers.
    b(C::Picker, k('j'), Action::Down, "down"),
    b(C::Picker, code(KeyCode::Down), Action::Down, "down"),
    b(C::Picker, k('k'), Action::Up, "up"),
    b(C::Picker, code(KeyCode::Up), Action::Up, "up"),
    h(C::Picker, code(KeyCode::Enter), Action::Submit, "choose"),
    h(C::Picker, code(KeyCode::Esc), Action::Back, "cancel"),
    // Confirmation.
    h(C::Confirm, k('y'), Action::Confirm, "yes"),
    h(C::Confirm, k('n'), Action::Back, "no"),
    b(C::Confirm, code(KeyCode::Esc), Action::Back, "no"),
    // Help and output.
    b(C::Reader, k('j'), Action::Down, "scroll"),
    b(C::Reader, code(KeyCode::Down), Action::Down, "scroll"),
    b(C::Reader, k('k'), Action::Up, "scroll"),
    b(C::Reader, code(KeyCode::Up), Action::Up, "scroll"),
    b(C::Reader, code(KeyCode::PageDown), Action::PageDown, "page"),
    b(C::Reader, code(KeyCode::PageUp), Action::PageUp, "page"),
    h(C::Reader, code(KeyCode::Esc), Action::Back, "close"),
    b(C::Reader, k('q'), Action::Back, "close"),
    b(C::Reader, k('?'), Action::Back, "close"),
    b(C::Reader, code(KeyCode::Enter), Action::Back, "close"),
];

/// The action for `key` in `context`: the context's own binding, then (for panes) the global one.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    let own = BINDINGS
        .iter()
        .find(|b| b.context == context && b.key == key);
    let found = match own {
        Some(b) => Some(b),
        None if !context.is_modal() => BINDINGS
            .iter()
            .find(|b| b.context == Context::Global && b.key == key),
        None => None,
    };
    found.map(|b| b.action.clone())
}

/// Rows for `?`: (keys, what they do) for the context, then the global keys, one row per action.
pub fn help_rows(context: Context) -> Vec<(String, String)> {
    let mut rows = rows_of(context);
    if !context.is_modal() && context != Context::Global {
        rows.push((String::new(), String::new()));
        rows.push(("everywhere".into(), String::new()));
        rows.extend(rows_of(Context::Global));
    }
    rows
}

fn rows_of(context: Context) -> Vec<(String, String)> {
    let mut rows: Vec<(Vec<String>, &Action, &str)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.context == context) {
        match rows
            .iter_mut()
            .find(|(_, action, help)| **action == b.action || *help == b.help)
        {
            Some((keys, _, _)) => keys.push(b.key.label()),
            None => rows.push((vec![b.key.label()], &b.action, b.help)),
        }
    }
    rows.into_iter()
        .map(|(keys, _, help)| (keys.join(" "), help.to_string()))
        .collect()
}

/// The status bar's hints for a context: `key what` pairs.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.context == context && b.hint) {
        if !out.iter().any(|(_, help)| *help == b.help) {
            // The digits of the stepper are one hint.
            let key = match b.action {
                Action::JumpAction(_) => "1-9".to_string(),
                _ => b.key.label(),
            };
            out.push((key, b.help));
        }
    }
    out
}
