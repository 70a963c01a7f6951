//! The Trace: what the engine looked at and decided, node by node, so that front ends can replay it step by
//! step without evaluating anything again. CONTRACT shared by the evaluator and every renderer.
//!
//! How a front end walks a condition trace (the REPL's `explain`, the TUI's stepper, the cancellation panels):
//! `ConditionTrace::nodes()` is in evaluation order, children before parents, left to right, so the last node
//! is the root and its `result` is the condition's result (the trace is stored flat, see `condition_trace`;
//! `nodes()` and `node(i)` decode it). Step through `nodes` in order; mark `nodes[i].span`
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

use std::borrow::Cow;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::expr::ast::Span;
use super::value::AttributeValue;

mod condition_trace;
mod trace_key;
mod traced_value;
pub use condition_trace::ConditionTrace;
pub(crate) use condition_trace::{Label, NodeRecord, ReadRecord, StoredValue, Text};
pub use trace_key::TraceKey;
pub use traced_value::TracedValue;

/// One operand an expression node read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRead {
    /// The operand as written: `Rating`, `#r.a[1]`, `:v`, `size(Tags)`. Inline up to 24 bytes (most operands
    /// are short), serialized as a plain string.
    pub source: CompactString,
    /// The operand with `#names` substituted (`Rating`, `a.b[1]`), or the placeholder for a `:value`.
    pub resolved: CompactString,
    pub span: Span,
    /// What was found; `None` when the path does not resolve (absent). Kept encoded (`TracedValue`: no deep
    /// clone per read), serialized as the value; `value()` decodes it.
    pub value: Option<TracedValue>,
}

impl ValueRead {
    /// What was found, decoded; `None` when absent.
    pub fn value(&self) -> Option<AttributeValue> {
        self.value.as_ref().and_then(TracedValue::get)
    }
}

/// Why a node has the result it has, beyond the plain comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeNote {
    /// An operand the node needed was absent.
    Absent,
    /// The operands' types do not support the operation (e.g. `<` between S and N), so the node is false.
    TypeMismatch,
}

/// One node of a condition as evaluated, decoded (`ConditionTrace::nodes`): the shape the trace is
/// serialized in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionNode {
    /// Index of this node in `ConditionTrace::nodes`.
    pub id: usize,
    pub parent: Option<usize>,
    pub span: Span,
    /// `=`, `<>`, `BETWEEN`, `IN`, `AND`, `OR`, `NOT`, or a function name: a static text when the engine
    /// builds it (a plain string once saved and read back).
    pub label: Cow<'static, str>,
    pub reads: Vec<ValueRead>,
    pub result: bool,
    pub note: Option<NodeNote>,
}

/// One update action as applied (or as far as it got).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateStep {
    /// SET, REMOVE, ADD or DELETE.
    pub clause: Cow<'static, str>,
    pub span: Span,
    /// The target path with `#names` substituted: `a.b[1]`.
    pub path: CompactString,
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
    /// Shared with the parsed expression (no copy per request); serialized as a plain string.
    pub expression: Arc<str>,
    pub steps: Vec<UpdateStep>,
    /// The first runtime error, which made the whole update fail.
    pub error: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Request traces: what one request did, action by action (issue 3). Built by `engine::ops`, rendered by the
// REPL's `explain`, the TUI's stepper and the cancellation panels.
// ---------------------------------------------------------------------------------------------

use super::error::ErrorType;
use std::sync::Arc;

use super::image::ItemImage;
use super::item::Item;

/// What an action (or a single-item request) does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionType {
    Put,
    Update,
    Delete,
    ConditionCheck,
    Get,
    /// One item a Query or Scan looked at (its FilterExpression trace is the `condition`).
    Read,
}

impl ActionType {
    pub fn name(self) -> &'static str {
        match self {
            ActionType::Put => "Put",
            ActionType::Update => "Update",
            ActionType::Delete => "Delete",
            ActionType::ConditionCheck => "ConditionCheck",
            ActionType::Get => "Get",
            ActionType::Read => "Read",
        }
    }
}

/// A `CancellationReasons` entry (spec §2): `Code` is `None`, `ConditionalCheckFailed`, `ValidationError`,
/// `TransactionConflict`, ...; `None` has no message; `Item` only with ALL_OLD on a failed condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationReason {
    /// One of DynamoDB's fixed codes (no allocation per reason).
    pub code: Cow<'static, str>,
    pub message: Option<String>,
    pub item: Option<Item>,
}

impl CancellationReason {
    pub fn none() -> CancellationReason {
        CancellationReason {
            code: Cow::Borrowed("None"),
            message: None,
            item: None,
        }
    }
    pub fn new(code: &'static str, message: impl Into<String>) -> CancellationReason {
        CancellationReason {
            code: Cow::Borrowed(code),
            message: Some(message.into()),
            item: None,
        }
    }
}

/// One action as executed: where it pointed, what it saw, what it decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionTrace {
    /// 0-based position in the request (TransactItems order; 0 for single-item requests; read order for
    /// Query and Scan).
    pub index: usize,
    pub action: ActionType,
    /// Shared with the table (`Table::shared_name`): no copy per action.
    pub table: Arc<str>,
    /// The item's key attributes, when the key was valid (serialized as the `Key` map).
    pub key: Option<TraceKey>,
    /// The item before the action, as an image (one compact copy; `to_item()` decodes it).
    pub item_before: Option<ItemImage>,
    pub condition: Option<ConditionTrace>,
    pub update: Option<UpdateTrace>,
    /// The item as it would be (or is) after the action; `None` when absent or unchanged-by-design (reads).
    pub item_after: Option<ItemImage>,
    /// Transactions: this action's cancellation reason (also `None`-coded ones) when the transaction was
    /// cancelled. Boxed: only cancelled transactions have one, and an unboxed reason would make every action
    /// trace a third larger.
    pub reason: Option<Box<CancellationReason>>,
}

impl ActionTrace {
    pub fn new(index: usize, action: ActionType, table: Arc<str>) -> ActionTrace {
        ActionTrace {
            index,
            action,
            table,
            key: None,
            item_before: None,
            condition: None,
            update: None,
            item_after: None,
            reason: None,
        }
    }
    /// The item before the action, decoded.
    pub fn before_item(&self) -> Option<Item> {
        self.item_before.as_ref().map(ItemImage::to_item)
    }
    /// The item after the action, decoded.
    pub fn after_item(&self) -> Option<Item> {
        self.item_after.as_ref().map(ItemImage::to_item)
    }
}

/// How the request ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Succeeded (for writes: applied).
    Committed,
    /// A ClientRequestToken replay: succeeded without applying anything again.
    Replayed,
    /// TransactionCanceledException with these codes, in request order.
    Cancelled { codes: Vec<String> },
    /// Any other error.
    Error {
        error_type: ErrorType,
        message: String,
    },
}

/// The whole request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTrace {
    /// The operation's name (borrowed for the operations the engine knows: no allocation per request).
    pub operation: Cow<'static, str>,
    pub actions: Vec<ActionTrace>,
    pub verdict: Verdict,
}

impl RequestTrace {
    pub fn new(operation: impl Into<Cow<'static, str>>) -> RequestTrace {
        RequestTrace {
            operation: operation.into(),
            actions: Vec::new(),
            verdict: Verdict::Committed,
        }
    }
}
