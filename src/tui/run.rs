//! The stepper's state. A run is a recorded request (a history entry, kept whole so that undo or a trimmed
//! history cannot take it away) and a position in its steps. The steps are a replay of the entry's Trace: one
//! per action, then inside it one per condition node in the trace's order (leaves first) and one per update
//! step, and at the end the verdict. Nothing is evaluated again.

use super::message::Pane;
use crate::engine::trace::RequestTrace;
use crate::session::HistoryEntry;

/// What one step shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// An action begins: its key, the item before, its expressions.
    Action,
    /// A condition node (index into `ConditionTrace::nodes`).
    Node(usize),
    /// An update step (index into `UpdateTrace::steps`).
    Update(usize),
    /// The outcome of the whole request.
    Verdict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The action (index into `RequestTrace::actions`); `None` for the verdict.
    pub action: Option<usize>,
    pub kind: StepKind,
}

/// The steps of a trace, in order.
pub fn steps(trace: &RequestTrace) -> Vec<Step> {
    let mut out = Vec::new();
    for (i, action) in trace.actions.iter().enumerate() {
        out.push(Step {
            action: Some(i),
            kind: StepKind::Action,
        });
        if let Some(c) = &action.condition {
            for n in 0..c.len() {
                out.push(Step {
                    action: Some(i),
                    kind: StepKind::Node(n),
                });
            }
        }
        if let Some(u) = &action.update {
            for s in 0..u.steps.len() {
                out.push(Step {
                    action: Some(i),
                    kind: StepKind::Update(s),
                });
            }
        }
    }
    out.push(Step {
        action: None,
        kind: StepKind::Verdict,
    });
    out
}

#[derive(Clone, Debug, Default)]
pub struct RunState {
    /// The request being stepped through.
    pub entry: Option<HistoryEntry>,
    pub steps: Vec<Step>,
    pub step: usize,
    /// The pane Esc goes back to.
    pub back_to: Option<Pane>,
    /// Scroll of the panels at the verdict (many actions).
    pub scroll: usize,
}

impl RunState {
    /// Opens `entry` at its first step, or at its verdict.
    pub fn open(&mut self, entry: HistoryEntry, at_verdict: bool, back_to: Pane) {
        self.steps = steps(&entry.trace);
        self.step = if at_verdict {
            self.steps.len().saturating_sub(1)
        } else {
            0
        };
        self.entry = Some(entry);
        self.back_to = Some(back_to);
        self.scroll = 0;
    }

    pub fn current(&self) -> Option<Step> {
        self.steps.get(self.step).copied()
    }

    pub fn next(&mut self) {
        if self.step + 1 < self.steps.len() {
            self.step += 1;
            self.scroll = 0;
        }
    }

    pub fn previous(&mut self) {
        self.step = self.step.saturating_sub(1);
        self.scroll = 0;
    }

    pub fn first(&mut self) {
        self.step = 0;
        self.scroll = 0;
    }

    pub fn end(&mut self) {
        self.step = self.steps.len().saturating_sub(1);
    }

    /// The first step of action `n` (1-based); false when there is no such action.
    pub fn jump_to_action(&mut self, n: usize) -> bool {
        let target = n.checked_sub(1);
        match self
            .steps
            .iter()
            .position(|s| s.action == target && s.kind == StepKind::Action)
        {
            Some(i) => {
                self.step = i;
                self.scroll = 0;
                true
            }
            None => false,
        }
    }

    /// The action the current step belongs to (the last one at the verdict).
    pub fn action_index(&self) -> Option<usize> {
        self.current().and_then(|s| s.action)
    }
}
