//! Actions in the Run pane (the stepper) and the History pane.

use ratatui::layout::Rect;

use super::compose::draft::Draft;
use super::compose::ComposeFocus;
use super::history::Row;
use super::layout;
use super::message::{Action, Effect, Pane};
use super::model::{Model, Overlay};

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
            // Its ClientRequestToken goes: kept, running the edited request within DynamoDB's ten minutes
            // would replay the recorded answer (or fail as a token reused with other parameters) instead of
            // executing it.
            Ok(mut d) if !d.token.is_empty() => {
                let token = std::mem::take(&mut d.token);
                model.compose.draft = d;
                // What matters first: the status line may show only its start.
                model.notify(format!(
                    "token dropped: a run executes, no replay · request #{} loaded into the draft (its \
                     ClientRequestToken was {token}; set one to test idempotency)",
                    entry.id
                ));
            }
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

/// The same request, ignoring how JSON fields were spaced and a ClientRequestToken the recorded request had but
/// the draft has not (it was dropped when the request was loaded).
fn same_request(draft: &serde_json::Value, recorded: &serde_json::Value) -> bool {
    let normal = |v: &serde_json::Value, keep_token: bool| {
        Draft::from_json(v).ok().map(|mut d| {
            if !keep_token {
                d.token.clear();
            }
            d.to_request()
        })
    };
    let draft_token = draft
        .get("ClientRequestToken")
        .and_then(|t| t.as_str())
        .is_some_and(|t| !t.is_empty());
    let loaded = normal(draft, true);
    draft == recorded || (loaded.is_some() && loaded == normal(recorded, draft_token))
}

fn history(model: &mut Model, action: Action) {
    let len = model.history_len();
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
            match model.history.selected(&model.session, model.refused()) {
                Some(Row::Entry(entry)) => {
                    let entry = entry.clone();
                    let at_verdict = action != Action::StepFirst;
                    model.run.open(entry, at_verdict, Pane::History);
                    model.pane = Pane::Run;
                }
                // Refused before the engine: no steps to show; what was refused and what to do.
                Some(Row::Refused(r)) => {
                    model.overlay = Some(Overlay::Reader(super::refused::panel(r)));
                }
                None => {}
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
        if i < model.history_len() {
            model.history.cursor = i;
        }
    }
}
