//! Actions in the Run pane (the stepper) and the History pane.

use ratatui::layout::Rect;

use super::compose::draft::Draft;
use super::compose::ComposeFocus;
use super::layout;
use super::message::{Action, Effect, Pane};
use super::model::Model;

pub fn act(model: &mut Model, action: Action) -> Effect {
    match model.pane {
        Pane::Run => stepper(model, action),
        _ => history(model, action),
    }
    Effect::None
}

fn stepper(model: &mut Model, action: Action) {
    let run = &mut model.run;
    match action {
        Action::StepNext | Action::Down => run.next(),
        Action::StepPrevious | Action::Up => run.previous(),
        Action::StepFirst => run.first(),
        Action::StepEnd => run.end(),
        Action::PageDown => run.scroll = run.scroll.saturating_add(5),
        Action::PageUp => run.scroll = run.scroll.saturating_sub(5),
        Action::JumpAction(n) if !run.jump_to_action(n as usize) => {
            model.fail(format!("there is no action {n}"));
        }
        Action::Back => {
            let back = run.back_to.unwrap_or(Pane::Compose);
            model.pane = if back == Pane::Run {
                Pane::Compose
            } else {
                back
            };
        }
        Action::EditThisAction => edit_this_action(model),
        _ => {}
    }
}

/// `e`: back to the composer on the action the stepper shows. A request that is not the current draft is
/// loaded into the composer first.
fn edit_this_action(model: &mut Model) {
    let Some(entry) = &model.run.entry else {
        return;
    };
    if entry.operation != "TransactWriteItems" {
        model.fail("only a TransactWriteItems request can be edited in the composer");
        return;
    }
    let index = model.run.action_index().unwrap_or(0);
    let current = model.compose.draft.to_request();
    if !same_request(&current, &entry.request) {
        match Draft::from_json(&entry.request) {
            Ok(d) => {
                model.compose.draft = d;
                model.notify(format!("request #{} loaded into the draft", entry.id));
            }
            Err(e) => {
                model.fail(format!("cannot load request #{}: {e}", entry.id));
                return;
            }
        }
    }
    model.compose.action = index;
    model.compose.focus = ComposeFocus::Fields;
    model.compose.field = 0;
    model.pane = Pane::Compose;
    super::update_compose::changed(model);
}

/// The same request, ignoring how JSON fields were spaced.
fn same_request(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    let normal = |v: &serde_json::Value| Draft::from_json(v).ok().map(|d| d.to_request());
    a == b || (normal(a).is_some() && normal(a) == normal(b))
}

fn history(model: &mut Model, action: Action) {
    let len = model.session.history().len();
    let page = model.history_rows();
    let h = &mut model.history;
    match action {
        Action::Down => h.cursor = (h.cursor + 1).min(len.saturating_sub(1)),
        Action::Up => h.cursor = h.cursor.saturating_sub(1),
        Action::PageDown => h.cursor = (h.cursor + page).min(len.saturating_sub(1)),
        Action::PageUp => h.cursor = h.cursor.saturating_sub(page),
        Action::First => h.cursor = 0,
        Action::Last => h.cursor = len.saturating_sub(1),
        // As a request run from the composer: Enter opens at the verdict and its cancellation panels, R at
        // the first step.
        Action::Open | Action::Right | Action::StepFirst => {
            if let Some(entry) = h.selected(&model.session).cloned() {
                let at_verdict = action != Action::StepFirst;
                model.run.open(entry, at_verdict, Pane::History);
                model.pane = Pane::Run;
            }
            return;
        }
        _ => {}
    }
    h.scroll_to_cursor(page);
}

/// A click on an action of the stepper goes to its first step.
pub fn click_run(model: &mut Model, body: Rect, column: u16, row: u16) {
    let Some(entry) = &model.run.entry else {
        return;
    };
    let n = entry.trace.actions.len();
    let list = layout::inner(layout::run(body, n).actions);
    if layout::contains(list, column, row) {
        // The list scrolls like the view draws it: the current action stays on screen.
        let current = model.run.action_index();
        let skip = current.map_or(0, |c| (c + 1).saturating_sub(list.height as usize));
        let index = skip + (row - list.y) as usize;
        if index < n {
            model.run.jump_to_action(index + 1);
        }
    }
}

/// A click on a history row selects it.
pub fn click_history(model: &mut Model, body: Rect, column: u16, row: u16) {
    let list = layout::inner(layout::history(body).list);
    // The first line of the list is its header.
    if layout::contains(list, column, row) && row > list.y {
        let i = model.history.offset + (row - list.y - 1) as usize;
        if i < model.session.history().len() {
            model.history.cursor = i;
        }
    }
}
