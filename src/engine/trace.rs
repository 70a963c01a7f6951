//! The Trace: what the engine looked at and decided, node by node, so that front ends can replay it step by
//! step without evaluating anything again. CONTRACT shared by the evaluator and every renderer.
//!
//! How a front end walks a condition trace (the REPL's `explain`, the TUI's stepper, the cancellation panels):
//! `ConditionTrace::nodes` is in evaluation order, children before parents, left to right, so the last node is
//! the root and its `result` is the condition's result. Step through `nodes` in order; mark `nodes[i].span`
//! in `ConditionTrace::expression`; show `reads` (each operand's resolved path and the value found, or absent)
//! and `result`/`note`. Use `parent` to draw the tree or to show a finished child's result inside its parent.
//!
//! What is a node: every comparison (`=` ... `>=`), `BETWEEN`, `IN` and boolean function call is a leaf node;
//! `AND`, `OR` and `NOT` are inner nodes with no reads. Operands are not nodes: they are the `reads` of the node
//! that uses them, in the order written (`x BETWEEN lo AND hi` reads x, lo, hi; `IN` reads the left operand, then
//! the list). `size(x)` is one read whose `value` is the size (absent when x is missing or has no size). Every
//! node is evaluated, even when an `AND`/`OR` was already decided, so the trace is complete.
//!
//! An update trace is a list of `UpdateStep`s in the order the actions were written (clause by clause). Each
//! step's `before` is the value at its path in the item before the update (every right-hand side reads that
//! snapshot), and `after` is what the action leaves there: the new value, `None` when it removes the value, or
//! `before` again when it is a no-op (REMOVE of a missing leaf, DELETE from a missing set). List indexes mean
//! original positions, so `after` is what ends up in the slot the path named before the update (a SET past the
//! end of a list appends; its `path` keeps the index as written). `reads` are
//! the right-hand side's paths and `:values` in evaluation order (`if_not_exists` reads its fallback only
//! when the path is absent). If evaluation stopped on an error, the failing step is the last one, carries
//! `error` (its `after` is `None`), and `UpdateTrace::error` repeats it.

use serde::{Deserialize, Serialize};

use super::expr::ast::Span;
use super::messages::ExpressionKind;
use super::value::AttributeValue;

/// One operand an expression node read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRead {
    /// The operand as written: `Rating`, `#r.a[1]`, `:v`, `size(Tags)`.
    pub source: String,
    /// The operand with `#names` substituted (`Rating`, `a.b[1]`), or the placeholder for a `:value`.
    pub resolved: String,
    pub span: Span,
    /// What was found; `None` when the path does not resolve (absent).
    pub value: Option<AttributeValue>,
}

/// Why a node has the result it has, beyond the plain comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeNote {
    /// An operand the node needed was absent.
    Absent,
    /// The operands' types do not support the operation (e.g. `<` between S and N), so the node is false.
    TypeMismatch,
}

/// One node of a condition as evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionNode {
    /// Index of this node in `ConditionTrace::nodes`.
    pub id: usize,
    pub parent: Option<usize>,
    pub span: Span,
    /// `=`, `<>`, `BETWEEN`, `IN`, `AND`, `OR`, `NOT`, or a function name.
    pub label: String,
    pub reads: Vec<ValueRead>,
    pub result: bool,
    pub note: Option<NodeNote>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionTrace {
    pub kind: ExpressionKind,
    pub expression: String,
    /// Children before parents; the last node is the root.
    pub nodes: Vec<ConditionNode>,
    pub result: bool,
}

/// One update action as applied (or as far as it got).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateStep {
    /// SET, REMOVE, ADD or DELETE.
    pub clause: String,
    pub span: Span,
    /// The target path with `#names` substituted: `a.b[1]`.
    pub path: String,
    /// Operands read for the right-hand side (for SET, ADD, DELETE).
    pub reads: Vec<ValueRead>,
    /// The value at `path` before the update (absent = `None`).
    pub before: Option<AttributeValue>,
    /// The value this action leaves at `path` (`None` = removed or still absent).
    pub after: Option<AttributeValue>,
    /// DynamoDB's runtime message if this action failed (spec §4.4).
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateTrace {
    pub expression: String,
    pub steps: Vec<UpdateStep>,
    /// The first runtime error, which made the whole update fail.
    pub error: Option<String>,
}
