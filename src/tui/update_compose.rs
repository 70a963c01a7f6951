//! Actions in the Compose pane: the actions list, the fields, in-place editing with live checks, running,
//! importing and exporting.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::compose::check::Severity;
use super::compose::draft::{compact_json, pretty_json, DraftAction, Field, KINDS};
use super::compose::{self, ComposeFocus, FieldEdit};
use super::input::{LineInput, TextArea};
use super::layout;
use super::message::{Action, Effect, ExportFormat, Pane};
use super::model::{
    Editor, EditorPurpose, LinePrompt, LinePurpose, Model, Overlay, PickPurpose, Picker,
};
use crate::engine::item::item_to_json;
use crate::engine::trace::{ActionType, Verdict};

pub fn act(model: &mut Model, action: Action) -> Effect {
    if model.compose.editing.is_some() {
        editing_action(model, &action);
        return Effect::None;
    }
    match action {
        Action::ExportTo(format, destination) => {
            return super::update_transfer::export(model, format, destination)
        }
        Action::ImportFrom(source) => return super::update_transfer::import(model, &source),
        Action::RunDraft => run_draft(model, false),
        Action::StepDraft => run_draft(model, true),
        Action::AddAction => add_action(model),
        Action::Import => {
            model.overlay = Some(Overlay::Line(LinePrompt {
                purpose: LinePurpose::Import,
                input: LineInput::new(ExportFormat::TransactItems.default_file()),
            }))
        }
        Action::Export => {
            model.overlay = Some(Overlay::Picker(Picker {
                title: "Export the transaction".into(),
                choices: super::update_transfer::EXPORT_CHOICES
                    .iter()
                    .map(|(label, _, _)| label.to_string())
                    .collect(),
                selected: 0,
                purpose: PickPurpose::Export,
            }))
        }
        Action::NewDraft => {
            model.compose.draft = Default::default();
            model.compose.top_error = None;
            model.compose.focus = ComposeFocus::Actions;
            changed(model);
            model.notify("a new, empty draft");
        }
        Action::CycleKind => {
            let c = &mut model.compose;
            if let Some(a) = c.draft.actions.get_mut(c.action) {
                let i = KINDS.iter().position(|k| *k == a.kind).unwrap_or(0);
                a.kind = KINDS[(i + 1) % KINDS.len()];
            }
            changed(model);
        }
        other => match model.compose.focus {
            ComposeFocus::Actions => actions_list(model, other),
            ComposeFocus::Fields => fields(model, other),
        },
    }
    Effect::None
}

fn actions_list(model: &mut Model, action: Action) {
    let c = &mut model.compose;
    let n = c.draft.actions.len();
    match action {
        Action::Down => c.action = (c.action + 1).min(n.saturating_sub(1)),
        Action::Up => c.action = c.action.saturating_sub(1),
        Action::First | Action::PageUp => c.action = 0,
        Action::Last | Action::PageDown => c.action = n.saturating_sub(1),
        Action::Open | Action::Right => {
            if n == 0 {
                add_action(model);
            } else {
                c.focus = ComposeFocus::Fields;
            }
            return;
        }
        Action::RemoveAction if n > 0 => {
            c.draft.actions.remove(c.action);
            c.top_error = None;
            changed(model);
            return;
        }
        Action::MoveActionUp if c.action > 0 => {
            c.draft.actions.swap(c.action, c.action - 1);
            c.action -= 1;
            changed(model);
            return;
        }
        Action::MoveActionDown if c.action + 1 < n => {
            c.draft.actions.swap(c.action, c.action + 1);
            c.action += 1;
            changed(model);
            return;
        }
        Action::DuplicateAction if n > 0 => {
            if let Some(a) = c.draft.actions.get(c.action).cloned() {
                c.draft.actions.insert(c.action + 1, a);
                c.action += 1;
            }
            changed(model);
            return;
        }
        _ => {}
    }
    let fields = c.fields().len();
    c.field = c.field.min(fields.saturating_sub(1));
}

fn fields(model: &mut Model, action: Action) {
    let c = &mut model.compose;
    let n = c.fields().len();
    match action {
        Action::Down => c.field = (c.field + 1).min(n.saturating_sub(1)),
        Action::Up => c.field = c.field.saturating_sub(1),
        Action::First | Action::PageUp => c.field = 0,
        Action::Last | Action::PageDown => c.field = n.saturating_sub(1),
        Action::Back | Action::Left => c.focus = ComposeFocus::Actions,
        Action::Open | Action::Right => edit_field(model),
        Action::FixReserved => fix_reserved(model, None),
        _ => {}
    }
}

/// Enter on a field: a list for tables and fixed choices, the editor for JSON, in place for the rest.
fn edit_field(model: &mut Model) {
    let c = &model.compose;
    let Some(field) = c.selected_field() else {
        return;
    };
    if c.draft.actions.is_empty() && !field.is_request_option() {
        return;
    }
    let action = c.action;
    let current = c.draft.get(action, field).to_string();
    let kind = c.kind();
    if field == Field::Table {
        let mut choices: Vec<String> = model.session.database().tables.keys().cloned().collect();
        if !current.is_empty() && !choices.contains(&current) {
            choices.push(current.clone());
        }
        let selected = choices.iter().position(|t| *t == current).unwrap_or(0);
        model.overlay = Some(Overlay::Picker(Picker {
            title: "Table".into(),
            choices,
            selected,
            purpose: PickPurpose::Table { action },
        }));
    } else if let Some(choices) = field.choices() {
        let choices: Vec<String> = choices
            .iter()
            .map(|c| {
                if c.is_empty() {
                    "(not sent)".to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let selected = choices.iter().position(|c| *c == current).unwrap_or(0);
        model.overlay = Some(Overlay::Picker(Picker {
            title: field.label(kind).into(),
            choices,
            selected,
            purpose: PickPurpose::Choice { action, field },
        }));
    } else if field.is_json() {
        let text = match serde_json::from_str::<serde_json::Value>(&current) {
            Ok(v) => pretty_json(&v),
            Err(_) if current.trim().is_empty() => "{\n    \n}".to_string(),
            Err(_) => current.clone(),
        };
        let mut area = TextArea::new(&text);
        if current.trim().is_empty() {
            area.row = 1;
            area.col = 4;
        }
        model.overlay = Some(Overlay::Editor(Editor {
            title: format!("{} · Ctrl-S keeps it · Esc cancels", field.label(kind)),
            area,
            purpose: EditorPurpose::ComposeField { action, field },
            error: None,
        }));
    } else {
        model.compose.editing = Some(FieldEdit {
            input: LineInput::new(&current),
            original: current,
        });
    }
}

/// Submit, Back and Ctrl-R while a field is edited in place.
fn editing_action(model: &mut Model, action: &Action) {
    let c = &mut model.compose;
    let Some(field) = c.selected_field() else {
        c.editing = None;
        return;
    };
    match action {
        Action::Submit => {
            c.editing = None;
            changed(model);
        }
        Action::Back => {
            if let Some(edit) = c.editing.take() {
                c.draft.set(c.action, field, edit.original);
            }
            recheck(model);
        }
        Action::FixReserved => {
            let text = c.editing.as_ref().map(|e| e.input.text.clone());
            fix_reserved(model, text);
        }
        _ => {}
    }
}

/// A key typed into the field being edited in place: the draft follows every keystroke, and so do the checks.
pub fn edit_in_place(model: &mut Model, key: &KeyEvent) {
    let c = &mut model.compose;
    let Some(field) = c.selected_field() else {
        return;
    };
    let Some(edit) = c.editing.as_mut() else {
        return;
    };
    if edit.input.edit(key) {
        let text = edit.input.text.clone();
        c.draft.set(c.action, field, text);
        recheck(model);
    }
}

pub fn paste_in_place(model: &mut Model, text: &str) {
    let c = &mut model.compose;
    let (Some(field), Some(edit)) = (c.selected_field(), c.editing.as_mut()) else {
        return;
    };
    edit.input.insert_str(text);
    let text = edit.input.text.clone();
    c.draft.set(c.action, field, text);
    recheck(model);
}

/// Ctrl-R: the reserved words of the selected expression field become `#placeholders`, defined in Names.
fn fix_reserved(model: &mut Model, editing_text: Option<String>) {
    let c = &mut model.compose;
    let Some(field) = c.selected_field().filter(|f| f.is_expression()) else {
        model.fail("Ctrl-R works in the Condition and Update fields");
        return;
    };
    let text = editing_text.unwrap_or_else(|| c.draft.get(c.action, field).to_string());
    let (fixed, added) = compose::fix_reserved(&text);
    if added.is_empty() {
        model.notify("no reserved word used as a name here");
        return;
    }
    let names = c.draft.get(c.action, Field::Names).to_string();
    let Some(new_names) = compose::add_names(&names, &added) else {
        model.fail("Names is not a JSON object; fix it first");
        return;
    };
    c.draft.set(c.action, field, fixed.clone());
    c.draft.set(c.action, Field::Names, new_names);
    if let Some(edit) = c.editing.as_mut() {
        edit.input = LineInput::new(&fixed);
    }
    let list: Vec<String> = added.iter().map(|(p, n)| format!("{p} = {n}")).collect();
    changed(model);
    model.notify(format!("placeholders added: {}", list.join(", ")));
}

/// `a`: choose the kind; the table and key come from the Tables pane's selection.
fn add_action(model: &mut Model) {
    let db = model.session.database();
    let table = model.tables.current(db);
    let selected = model.tables.selected(db);
    let (key, item) = match (table, selected) {
        (Some(t), Some((k, item))) => (
            Some(compact_json(&item_to_json(
                &t.schema.key_schema.key_map(&k),
            ))),
            Some(compact_json(&item_to_json(&item))),
        ),
        _ => (None, None),
    };
    model.overlay = Some(Overlay::Picker(Picker {
        title: "Add an action".into(),
        choices: KINDS.iter().map(|k| k.name().to_string()).collect(),
        selected: 1,
        purpose: PickPurpose::NewAction {
            table: table.map(|t| t.name().to_string()).unwrap_or_default(),
            key,
            item,
        },
    }));
}

/// A new action of `kind` (the picker's answer), selected and open on its first field that needs attention.
pub fn new_action(
    model: &mut Model,
    kind: ActionType,
    table: &str,
    key: Option<&str>,
    item: Option<&str>,
) {
    let mut a = DraftAction::new(kind, table);
    a.key = match kind {
        ActionType::Put => item.unwrap_or_default().to_string(),
        _ => key.unwrap_or_default().to_string(),
    };
    let c = &mut model.compose;
    c.draft.actions.push(a);
    c.action = c.draft.actions.len() - 1;
    c.focus = ComposeFocus::Fields;
    c.top_error = None;
    model.pane = Pane::Compose;
    changed(model);
    let c = &mut model.compose;
    let first_error = c.checks.get(c.action).and_then(|check| {
        check
            .issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .map(|i| i.field)
    });
    c.select_field(first_error.unwrap_or(Field::Condition));
}

/// Something in the draft changed for good: check it again and keep it in the session.
pub fn changed(model: &mut Model) {
    recheck(model);
    if let Err(e) = model.compose.store(&mut model.session) {
        model.fail(format!("the draft could not be kept: {e}"));
    }
}

fn recheck(model: &mut Model) {
    let db = model.session.database();
    model.compose.recheck(db);
}

/// Leaving the pane ends an in-place edit (keeping what was typed).
pub fn leave(model: &mut Model) {
    if model.compose.editing.take().is_some() {
        changed(model);
    }
}

/// `r` / `R`: runs the draft through the session and opens the stepper (at the verdict, or at the start).
pub fn run_draft(model: &mut Model, step: bool) {
    if model.compose.draft.actions.is_empty() {
        model.fail("nothing to run: add an action with a");
        return;
    }
    // A field that is not JSON cannot be sent at all (the AWS CLI would refuse it before any request).
    for (i, a) in model.compose.draft.actions.iter().enumerate() {
        for field in [Field::Key, Field::Names, Field::Values] {
            let text = model.compose.draft.get(i, field);
            if !text.trim().is_empty() && serde_json::from_str::<serde_json::Value>(text).is_err() {
                let label = field.label(a.kind);
                model.compose.action = i;
                model.compose.focus = ComposeFocus::Fields;
                model.compose.select_field(field);
                model.fail(format!("action {}: {label} is not valid JSON", i + 1));
                return;
            }
        }
    }
    let request = model.compose.draft.to_request();
    changed(model);
    let Some(entry) = model.execute("TransactWriteItems", &request) else {
        return;
    };
    model.compose.top_error = None;
    match &entry.trace.verdict {
        Verdict::Error {
            error_type,
            message,
        } => {
            let (t, m) = (error_type.name().to_string(), message.clone());
            model.compose.place_error(&t, &m);
            model.fail(format!("{t}: {m}"));
        }
        _ => {
            model.run.open(entry, !step, Pane::Compose);
            model.pane = Pane::Run;
        }
    }
}

/// A click on an action or a field.
pub fn click(model: &mut Model, body: Rect, column: u16, row: u16) {
    let l = layout::compose(body, model.compose.draft.actions.len());
    let inner = layout::inner(l.actions);
    if layout::contains(inner, column, row) {
        let i = (row - inner.y) as usize;
        if i < model.compose.draft.actions.len() {
            model.compose.action = i;
            model.compose.focus = ComposeFocus::Actions;
            recheck(model);
        }
        return;
    }
    let inner = layout::inner(l.fields);
    if layout::contains(inner, column, row) {
        let fields = super::view_compose::field_rows(model, inner.width, inner.height);
        let line = (row - inner.y) as usize;
        if let Some(i) = fields
            .iter()
            .position(|(first, last)| line >= *first && line <= *last)
        {
            model.compose.field = i;
            model.compose.focus = ComposeFocus::Fields;
        }
    }
}
