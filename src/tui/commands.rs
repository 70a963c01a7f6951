//! The `:` command line. A few words belong to the TUI (they are actions a key also gives); every other line is
//! the REPL's command language, run by the REPL's dispatcher (`commands::run`) on the same session, its output
//! shown in a reader.

use super::message::{Action, Destination, Effect, ExportFormat, Pane};
use super::model::{Model, Overlay, Reader};
use super::update;

/// What the TUI's own commands are, for `:help` in the TUI.
pub const TUI_COMMANDS: &[(&str, &str)] = &[
    ("q | quit", "quit (saves)"),
    ("w | save", "save the session now"),
    ("undo", "undo the last state-changing request"),
    ("pane tables|compose|run|history", "go to a pane"),
    (
        "filter EXPRESSION [| {\":v\": 1}]",
        "filter the items (empty: clear)",
    ),
    ("run | step", "run the draft (step: from the first step)"),
    (
        "import FILE",
        "import --transact-items or --cli-input-json JSON",
    ),
    (
        "export transact-items|cli-input-json|command-line [FILE]",
        "export (no FILE: the clipboard)",
    ),
    ("open N", "step through request N of the history"),
    (
        "draft NAME",
        "compose in the draft NAME (kept in the session)",
    ),
];

/// The TUI's own reading of a command line, if it is one of its commands.
pub fn parse(line: &str) -> Option<Action> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let action = match (word, rest) {
        ("q" | "quit" | "wq" | "exit", "") => Action::Quit,
        ("w" | "save", "") => Action::Save,
        ("undo", "") => Action::Undo,
        ("pane", name) => Action::GoTo(Pane::from_name(name)?),
        ("filter", expression) => Action::SetFilter(expression.to_string()),
        ("run", "") => Action::RunDraft,
        ("step", "") => Action::StepDraft,
        ("import", source) if !source.is_empty() => Action::ImportFrom(source.to_string()),
        ("export", args) => {
            let (format, file) = match args.split_once(char::is_whitespace) {
                Some((f, file)) => (f, Some(file.trim())),
                None => (args, None),
            };
            let format = ExportFormat::parse(format)?;
            let destination = match file {
                Some(f) if !f.is_empty() => Destination::File(f.to_string()),
                _ => Destination::Clipboard,
            };
            Action::ExportTo(format, destination)
        }
        ("open", n) => Action::OpenHistory(n.trim_start_matches('#').parse().ok()?),
        ("draft", rest) => match rest.split_once(char::is_whitespace) {
            Some(("open", name)) if !name.trim().is_empty() => {
                Action::LoadDraft(name.trim().to_string())
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(action)
}

/// Runs a typed command line.
pub fn run_command(model: &mut Model, line: &str) -> Effect {
    let line = line.trim();
    if line.is_empty() {
        return Effect::None;
    }
    match parse(line) {
        Some(Action::SetFilter(text)) => {
            model.pane = Pane::Tables;
            super::update_tables::set_filter(model, &text);
            Effect::None
        }
        Some(Action::LoadDraft(name)) => {
            load_draft(model, &name);
            Effect::None
        }
        Some(
            action @ (Action::RunDraft
            | Action::StepDraft
            | Action::ImportFrom(_)
            | Action::ExportTo(..)),
        ) => {
            model.pane = Pane::Compose;
            update::act(model, action)
        }
        Some(action) => update::act(model, action),
        None => update::act(model, Action::Repl(line.to_string())),
    }
}

fn load_draft(model: &mut Model, name: &str) {
    super::update_compose::leave(model);
    let found = model
        .session
        .drafts()
        .get(name)
        .map(super::compose::draft::Draft::from_json);
    model.compose.name = name.to_string();
    match found {
        Some(Ok(d)) => {
            model.compose.draft = d;
            model.notify(format!("draft \"{name}\""));
        }
        Some(Err(e)) => model.fail(format!("draft \"{name}\" cannot be read: {e}")),
        None => {
            model.compose.draft = Default::default();
            model.notify(format!("new draft \"{name}\""));
        }
    }
    model.compose.action = 0;
    model.compose.field = 0;
    model.compose.top_error = None;
    model.pane = Pane::Compose;
    let db = model.session.database();
    model.compose.recheck(db);
}

/// A line of the REPL's command language (an AWS CLI command or one of txlab's: `explain`, `show`, `draft run`,
/// ...), run by the REPL's own dispatcher on the same session; what it printed is shown in a reader.
pub fn run_repl_line(model: &mut Model, line: &str) -> Effect {
    let before = model.session.last_entry().map(|e| e.id);
    let ctx = crate::commands::Context::new(model.cwd.clone(), false, "tui");
    let out = crate::commands::run(&mut model.session, line, &ctx);
    model.after_change();
    let mut text = String::new();
    if line.split_whitespace().next() == Some("help") {
        text.push_str("In the TUI, also:\n");
        for (c, what) in TUI_COMMANDS {
            text.push_str(&format!("  :{c:<58} {what}\n"));
        }
        text.push('\n');
    }
    text.push_str(&out.stdout);
    text.push_str(&out.stderr);
    let recorded = model
        .session
        .last_entry()
        .filter(|e| Some(e.id) != before)
        .map(|e| e.id);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    match (lines.len(), recorded) {
        (0, Some(id)) => model.notify(format!("request #{id} done · :open {id} steps through it")),
        (0, None) => model.notify(format!("{line}: done")),
        (1, _) if out.exit_code != 0 => model.fail(lines[0].clone()),
        _ => {
            let title = match recorded {
                Some(id) => format!("{line} · request #{id} (:open {id} steps through it)"),
                None => line.to_string(),
            };
            model.overlay = Some(Overlay::Reader(Reader {
                title,
                lines,
                scroll: 0,
                is_help: false,
            }));
        }
    }
    Effect::None
}
