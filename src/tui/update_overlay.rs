//! Actions while an overlay has the keyboard: prompts, the editor, pickers, confirmations, the item view and
//! text to read.

use ratatui::crossterm::event::KeyEvent;
use serde_json::{json, Value};

use super::compose::draft::{compact_json, Field, KINDS};
use super::message::{Action, Destination, Effect};
use super::model::{ConfirmAction, EditorPurpose, LinePurpose, Model, Overlay, PickPurpose};
use super::{update_compose, update_tables};

/// Handles `action` if an overlay is open (every action then stops here).
pub fn act(model: &mut Model, action: &Action) -> Option<Effect> {
    let overlay = model.overlay.take()?;
    let keep = |o: Overlay, model: &mut Model| model.overlay = Some(o);
    match overlay {
        Overlay::Line(prompt) => match action {
            Action::Submit => return Some(submit_line(model, prompt.purpose, &prompt.input.text)),
            Action::Back => {}
            Action::FixReserved => {
                let mut prompt = prompt;
                let (fixed, _) = super::compose::fix_reserved(&prompt.input.text);
                prompt.input = super::input::LineInput::new(&fixed);
                keep(Overlay::Line(prompt), model);
            }
            _ => keep(Overlay::Line(prompt), model),
        },
        Overlay::Editor(mut editor) => match action {
            Action::SaveEditor => match save_editor(model, &editor.purpose, &editor.area.text()) {
                Ok(()) => {}
                Err(e) => {
                    editor.error = Some(e);
                    keep(Overlay::Editor(editor), model);
                }
            },
            Action::Back => model.notify("edit cancelled"),
            _ => keep(Overlay::Editor(editor), model),
        },
        Overlay::Picker(mut picker) => match action {
            Action::Down => {
                picker.selected = (picker.selected + 1).min(picker.choices.len().saturating_sub(1));
                keep(Overlay::Picker(picker), model);
            }
            Action::Up => {
                picker.selected = picker.selected.saturating_sub(1);
                keep(Overlay::Picker(picker), model);
            }
            Action::Submit => {
                return Some(picked(
                    model,
                    picker.purpose,
                    picker.selected,
                    &picker.choices,
                ))
            }
            Action::Back => {}
            _ => keep(Overlay::Picker(picker), model),
        },
        Overlay::Confirm(confirm) => match action {
            Action::Confirm => confirmed(model, confirm.action),
            Action::Back => model.notify("nothing done"),
            _ => keep(Overlay::Confirm(confirm), model),
        },
        Overlay::ItemView(mut view) => match action {
            Action::Down => {
                view.scroll = view.scroll.saturating_add(1);
                keep(Overlay::ItemView(view), model);
            }
            Action::Up => {
                view.scroll = view.scroll.saturating_sub(1);
                keep(Overlay::ItemView(view), model);
            }
            Action::PageDown => {
                view.scroll = view.scroll.saturating_add(10);
                keep(Overlay::ItemView(view), model);
            }
            Action::PageUp => {
                view.scroll = view.scroll.saturating_sub(10);
                keep(Overlay::ItemView(view), model);
            }
            Action::ToggleJson => {
                view.plain = !view.plain;
                view.scroll = 0;
                keep(Overlay::ItemView(view), model);
            }
            Action::EditItem => update_tables::edit_item(model),
            Action::Back => {}
            _ => keep(Overlay::ItemView(view), model),
        },
        Overlay::Reader(mut reader) => match action {
            Action::Down => {
                reader.scroll = (reader.scroll + 1).min(reader.lines.len().saturating_sub(1));
                keep(Overlay::Reader(reader), model);
            }
            Action::Up => {
                reader.scroll = reader.scroll.saturating_sub(1);
                keep(Overlay::Reader(reader), model);
            }
            Action::PageDown => {
                reader.scroll = (reader.scroll + 10).min(reader.lines.len().saturating_sub(1));
                keep(Overlay::Reader(reader), model);
            }
            Action::PageUp => {
                reader.scroll = reader.scroll.saturating_sub(10);
                keep(Overlay::Reader(reader), model);
            }
            Action::Back => {}
            _ => keep(Overlay::Reader(reader), model),
        },
    }
    Some(Effect::None)
}

fn submit_line(model: &mut Model, purpose: LinePurpose, text: &str) -> Effect {
    match purpose {
        LinePurpose::Command => super::commands::run_command(model, text),
        LinePurpose::Filter => {
            update_tables::set_filter(model, text);
            Effect::None
        }
        LinePurpose::Import => update_compose::act(model, Action::ImportFrom(text.to_string())),
        LinePurpose::ExportFile(format) => update_compose::act(
            model,
            Action::ExportTo(format, Destination::File(text.trim().to_string())),
        ),
    }
}

/// Ctrl-S in the editor. An error keeps the editor open and is shown in it.
fn save_editor(model: &mut Model, purpose: &EditorPurpose, text: &str) -> Result<(), String> {
    match purpose {
        EditorPurpose::PutItem { table } => {
            let item: Value =
                serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
            let request = json!({"TableName": table, "Item": item});
            let entry = model
                .execute("PutItem", &request)
                .ok_or_else(|| "the request could not be recorded".to_string())?;
            if entry.is_error() {
                let message = entry
                    .response
                    .get("message")
                    .or_else(|| entry.response.get("Message"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let kind = entry
                    .response
                    .get("__type")
                    .and_then(Value::as_str)
                    .and_then(|t| t.rsplit('#').next())
                    .unwrap_or("Error");
                return Err(format!("{kind}: {message}"));
            }
            model.notify(format!("put into {table} (#{})", entry.id));
            Ok(())
        }
        EditorPurpose::ComposeField { action, field } => {
            let kept = match serde_json::from_str::<Value>(text) {
                Ok(v) if is_empty_object(&v) => String::new(),
                Ok(v) => compact_json(&v),
                // Kept as typed (on one line); the check under the field says what is wrong.
                Err(_) => text
                    .split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            model.compose.draft.set(*action, *field, kept);
            update_compose::changed(model);
            Ok(())
        }
    }
}

fn is_empty_object(v: &Value) -> bool {
    v.as_object().is_some_and(|o| o.is_empty())
}

fn picked(model: &mut Model, purpose: PickPurpose, selected: usize, choices: &[String]) -> Effect {
    let Some(choice) = choices.get(selected).cloned() else {
        return Effect::None;
    };
    match purpose {
        PickPurpose::NewAction { table, key, item } => {
            if let Some(kind) = KINDS.get(selected) {
                update_compose::new_action(model, *kind, &table, key.as_deref(), item.as_deref());
            }
        }
        PickPurpose::Table { action } => {
            model.compose.draft.set(action, Field::Table, choice);
            update_compose::changed(model);
        }
        PickPurpose::Choice { action, field } => {
            let value = field
                .choices()
                .and_then(|c| c.get(selected))
                .map(|c| c.to_string())
                .unwrap_or_default();
            model.compose.draft.set(action, field, value);
            update_compose::changed(model);
        }
        PickPurpose::Export => {
            if let Some((_, format, clipboard)) =
                super::update_transfer::EXPORT_CHOICES.get(selected)
            {
                if *clipboard {
                    return update_compose::act(
                        model,
                        Action::ExportTo(*format, Destination::Clipboard),
                    );
                }
                model.overlay = Some(Overlay::Line(super::model::LinePrompt {
                    purpose: LinePurpose::ExportFile(*format),
                    input: super::input::LineInput::new(format.default_file()),
                }));
            }
        }
    }
    Effect::None
}

/// A letter in a picker chooses the first choice starting with it (`u` for Update).
pub fn pick_by_letter(model: &mut Model, c: char) -> Effect {
    let Some(Overlay::Picker(picker)) = &mut model.overlay else {
        return Effect::None;
    };
    let lower = c.to_ascii_lowercase();
    let Some(i) = picker
        .choices
        .iter()
        .position(|choice| choice.chars().next().map(|f| f.to_ascii_lowercase()) == Some(lower))
    else {
        return Effect::None;
    };
    picker.selected = i;
    act(model, &Action::Submit).unwrap_or(Effect::None)
}

fn confirmed(model: &mut Model, action: ConfirmAction) {
    match action {
        ConfirmAction::DeleteItem { table, key } => {
            let key: Value = serde_json::from_str(&key).unwrap_or(Value::Null);
            let request = json!({"TableName": table, "Key": key});
            if let Some(entry) = model.execute("DeleteItem", &request) {
                if entry.is_error() {
                    model.fail(format!("DeleteItem failed: {}", entry.response));
                } else {
                    model.notify(format!("deleted from {table} (#{}) · u undoes", entry.id));
                }
            }
        }
        ConfirmAction::Undo => {
            let _ = super::update::act(model, Action::Undo);
        }
    }
}

/// A key typed into whatever takes text: a prompt, the editor, or a field edited in place.
pub fn edit_text(model: &mut Model, key: &KeyEvent) {
    match &mut model.overlay {
        Some(Overlay::Line(prompt)) => {
            prompt.input.edit(key);
        }
        Some(Overlay::Editor(editor)) => {
            editor.area.edit(key);
            editor.error = None;
        }
        _ => update_compose::edit_in_place(model, key),
    }
}

/// Bracketed paste: into a prompt, the editor, or a field edited in place.
pub fn paste(model: &mut Model, text: &str) {
    match &mut model.overlay {
        Some(Overlay::Line(prompt)) => {
            // Pasted JSON replaces the suggested file name of the import prompt.
            let json = text.trim_start().starts_with(['[', '{']);
            if prompt.purpose == LinePurpose::Import && json {
                prompt.input = super::input::LineInput::default();
            }
            prompt.input.insert_str(text)
        }
        Some(Overlay::Editor(editor)) => editor.area.insert_str(text),
        Some(_) => {}
        None => update_compose::paste_in_place(model, text),
    }
}

/// The runtime read a file we asked for (an import).
pub fn file_read(model: &mut Model, path: &str, result: Result<String, String>) -> Effect {
    match result {
        Ok(text) => super::update_transfer::import_text(model, &text),
        Err(e) => model.fail(format!("could not read {path}: {e}")),
    }
    Effect::None
}
