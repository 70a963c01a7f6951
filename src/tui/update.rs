//! `update(model, message) -> effect`: the only place the Model changes. No terminal here: keys arrive as
//! values, the keymap turns them into actions, and anything outside the session (the clipboard, files) is
//! returned as an `Effect` for the runtime to carry out.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::keymap::{self, Context};
use super::layout;
use super::message::{Action, Effect, Message, Pane};
use super::model::{LinePrompt, LinePurpose, Model, Overlay, Reader};
use super::{update_compose, update_overlay, update_run, update_tables};

pub fn update(model: &mut Model, message: Message) -> Effect {
    match message {
        Message::Key(key) => key_pressed(model, key),
        Message::Mouse(mouse) => mouse_event(model, mouse),
        Message::Resize(width, height) => {
            model.area = Rect::new(0, 0, width, height);
            rescroll(model);
            Effect::None
        }
        Message::Paste(text) => {
            update_overlay::paste(model, &text);
            Effect::None
        }
        Message::Action(action) => act(model, action),
        Message::FileRead { path, result } => update_overlay::file_read(model, &path, result),
        Message::FileWritten { path, result } => {
            match result {
                Ok(()) => model.notify(format!("wrote {path}")),
                Err(e) => model.fail(format!("could not write {path}: {e}")),
            }
            Effect::None
        }
    }
}

fn key_pressed(model: &mut Model, key: KeyEvent) -> Effect {
    if key.kind == KeyEventKind::Release {
        return Effect::None;
    }
    model.notice = None;
    let context = model.context();
    let action = keymap::lookup(context, &key);
    match context {
        Context::LineEntry | Context::Editor => match action {
            Some(
                a @ (Action::Submit | Action::Back | Action::FixReserved | Action::SaveEditor),
            ) => act(model, a),
            _ => {
                update_overlay::edit_text(model, &key);
                Effect::None
            }
        },
        Context::Picker => match (action, key.code) {
            (Some(a), _) => act(model, a),
            // A letter picks the first choice starting with it.
            (None, ratatui::crossterm::event::KeyCode::Char(c)) => {
                update_overlay::pick_by_letter(model, c)
            }
            _ => Effect::None,
        },
        _ => match action {
            Some(a) => act(model, a),
            None => Effect::None,
        },
    }
}

/// Carries out an action, from a key or a typed command.
pub fn act(model: &mut Model, action: Action) -> Effect {
    if model.overlay.is_some() {
        if let Some(effect) = update_overlay::act(model, &action) {
            return effect;
        }
    }
    match action {
        Action::Quit => {
            model.quit = true;
            if let Err(e) = model.compose.store(&mut model.session) {
                model.fail(e);
            }
            Effect::Quit
        }
        Action::Help => {
            let context = model.context();
            let rows = keymap::help_rows(context);
            let width = rows
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            let lines = rows
                .into_iter()
                .map(|(keys, help)| format!("{keys:<width$}  {help}"))
                .collect();
            model.overlay = Some(Overlay::Reader(Reader {
                title: format!("Keys: {}", context.title()),
                lines,
                scroll: 0,
                is_help: true,
            }));
            Effect::None
        }
        Action::CommandLine => {
            model.overlay = Some(Overlay::Line(LinePrompt {
                purpose: LinePurpose::Command,
                input: Default::default(),
            }));
            Effect::None
        }
        Action::GoTo(pane) => {
            go_to(model, pane);
            Effect::None
        }
        Action::NextPane => {
            go_to(model, model.pane.next());
            Effect::None
        }
        Action::PreviousPane => {
            go_to(model, model.pane.previous());
            Effect::None
        }
        Action::Undo => {
            match model.session.undo() {
                Ok(entry) => {
                    model.notify(format!(
                        "undid #{} {} (from {})",
                        entry.id, entry.operation, entry.source
                    ));
                }
                Err(e) => model.fail(e.0),
            }
            model.after_change();
            Effect::None
        }
        Action::Save => {
            match model.session.save() {
                Ok(()) => model.notify("saved"),
                Err(e) => model.fail(e.0),
            }
            Effect::None
        }
        Action::Repl(line) => super::commands::run_repl_line(model, &line),
        Action::OpenHistory(id) => {
            match model.session.history_entry(id).cloned() {
                Some(entry) => {
                    let back = model.pane;
                    model.run.open(entry, false, back);
                    model.pane = Pane::Run;
                }
                None => model.fail(format!("there is no request #{id} in the history")),
            }
            Effect::None
        }
        other => match model.pane {
            Pane::Tables => update_tables::act(model, other),
            Pane::Compose => update_compose::act(model, other),
            Pane::Run | Pane::History => update_run::act(model, other),
        },
    }
}

pub fn go_to(model: &mut Model, pane: Pane) {
    if model.pane == Pane::Compose && pane != Pane::Compose {
        update_compose::leave(model);
    }
    model.pane = pane;
    rescroll(model);
}

/// Keeps cursors on screen after a resize or a jump.
pub fn rescroll(model: &mut Model) {
    let body = layout::frame(model.area).body;
    let rows = layout::tables(body).rows.height as usize;
    let db = model.session.database();
    model.tables.scroll_to_cursor(db, rows);
    let list = layout::inner(layout::history(body).list).height as usize;
    model.history.scroll_to_cursor(list.saturating_sub(1));
}

fn mouse_event(model: &mut Model, mouse: MouseEvent) -> Effect {
    let scroll = match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        _ => None,
    };
    if let Some(a) = scroll {
        let mut effect = Effect::None;
        for _ in 0..3 {
            effect = act(model, a.clone());
        }
        return effect;
    }
    if mouse.kind != MouseEventKind::Down(MouseButton::Left) {
        return Effect::None;
    }
    model.notice = None;
    if model.overlay.is_some() {
        return Effect::None;
    }
    let frame = layout::frame(model.area);
    if layout::contains(frame.tabs, mouse.column, mouse.row) {
        if let Some(pane) = super::view::tab_at(frame.tabs, mouse.column) {
            go_to(model, pane);
        }
        return Effect::None;
    }
    match model.pane {
        Pane::Tables => update_tables::click(model, frame.body, mouse.column, mouse.row),
        Pane::Compose => update_compose::click(model, frame.body, mouse.column, mouse.row),
        Pane::History => update_run::click_history(model, frame.body, mouse.column, mouse.row),
        Pane::Run => update_run::click_run(model, frame.body, mouse.column, mouse.row),
    }
    Effect::None
}
