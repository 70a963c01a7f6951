//! Static checks of a condition, in DynamoDB's order (spec §3.7, Appendix D #24, dynalite's order):
//! redundant parentheses, unknown function, function used the wrong way, reserved word, then the first
//! comparison or function condition (in the order a reader finishes them) that has any of: an undefined
//! placeholder, a wrong number of operands, equal operands, a wrongly typed constant.

use super::ast::{Condition, ConditionKind, Function, FunctionCall, Node, NodeView, Operand};
use super::check_leaf::leaf_errors;
use super::cursor::{error, ParseNotes};
use super::walk;
use super::{ExprError, ExpressionAttributes};
use crate::engine::messages::{self, ExpressionKind};

/// Inlined into `parse_condition`, its only caller, with the leaf checks: a call per leaf and per check costs
/// more than the checks of a usual leaf.
#[inline]
pub fn check(
    text: &str,
    condition: &Condition,
    notes: &ParseNotes,
    kind: ExpressionKind,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    if let Some(span) = notes.redundant_parens {
        return Err(error(kind, messages::REDUNDANT_PARENTHESES, Some(span)));
    }
    if let Some(span) = notes.unknown_function {
        let name = ParseNotes::written(text, span);
        return Err(error(
            kind,
            &messages::invalid_function_name(name),
            Some(span),
        ));
    }
    // The nodes are in the order a reader finishes them; so are the operands under each. The first misplaced
    // function is reported first, then the reserved word the parser noted, then the first leaf's error. The
    // pass looking for misplaced functions is skipped when the parser saw that none can be (the usual case).
    if notes.may_misuse {
        for node in &condition.nodes {
            let view = condition.view(node);
            if !cannot_misuse(condition, view) {
                misused_in_node(kind, condition, view)?;
            }
        }
    }
    let mut leaf_error = None;
    for node in &condition.nodes {
        if node.kind.is_composite() {
            continue;
        }
        if let Err(e) = leaf_errors(kind, node, condition.view(node), attrs) {
            leaf_error = Some(e);
            break;
        }
    }
    misused_size(kind, condition, condition.root())?;
    if let Some(span) = notes.reserved_word {
        let name = ParseNotes::written(text, span);
        return Err(error(kind, &messages::reserved_keyword(name), Some(span)));
    }
    leaf_error.map_or(Ok(()), Err)
}

/// Whether `misused_in_node` has nothing to find in `node`: no call stands among its operands, it does not call
/// an update function, and no `size(...)` stands as a condition under it. The usual node is of that kind, and
/// this answers without building a result per operand.
fn cannot_misuse(condition: &Condition, node: NodeView<'_>) -> bool {
    let call = |o: &Operand| matches!(o, Operand::Function(_));
    let size = |id: &usize| match condition.node(*id).map(|n| &n.kind) {
        Some(ConditionKind::Function(call)) => condition.call(*call).function == Function::Size,
        _ => false,
    };
    match node {
        NodeView::Compare { left, right, .. } => !call(left) && !call(right),
        NodeView::Between {
            operand,
            lower,
            upper,
        } => !call(operand) && !call(lower) && !call(upper),
        NodeView::In { operand, list } => !call(operand) && !list.iter().any(call),
        NodeView::Function(f) => !is_update_function(f.function) && !f.args.iter().any(call),
        NodeView::Not(inner) => !size(inner),
        NodeView::And(left, right) | NodeView::Or(left, right) => !size(left) && !size(right),
    }
}

fn misused(kind: ExpressionKind, call: &FunctionCall) -> ExprError {
    error(
        kind,
        &messages::function_not_allowed(call.function.name()),
        Some(call.span),
    )
}

fn is_update_function(function: Function) -> bool {
    matches!(function, Function::IfNotExists | Function::ListAppend)
}

/// Only `size` produces a value in a condition; the other condition functions are conditions themselves.
fn misused_operands<'a>(
    kind: ExpressionKind,
    operands: impl IntoIterator<Item = &'a Operand>,
) -> Result<(), ExprError> {
    for operand in operands {
        if let Operand::Function(call) = operand {
            if call.function != Function::Size {
                return Err(misused(kind, call));
            }
        }
    }
    Ok(())
}

/// `size(...)` standing where a condition is needed.
fn misused_size(
    kind: ExpressionKind,
    condition: &Condition,
    node: Option<&Node>,
) -> Result<(), ExprError> {
    match node.map(|n| condition.view(n)) {
        Some(NodeView::Function(call)) if call.function == Function::Size => {
            Err(misused(kind, call))
        }
        _ => Ok(()),
    }
}

/// A call's arguments, then the call: only `size` may stand as an argument, and the update functions not at
/// all.
fn misused_call(kind: ExpressionKind, call: &FunctionCall) -> Result<(), ExprError> {
    misused_operands(kind, &call.args)?;
    if is_update_function(call.function) {
        return Err(misused(kind, call));
    }
    Ok(())
}

/// The calls under `operand` (itself included) in the order they finish: only `size` may stand as an
/// argument, and the update functions not at all.
fn misused_under(kind: ExpressionKind, operand: &Operand) -> Result<(), ExprError> {
    match operand {
        Operand::Function(_) => walk::try_for_each_operand(operand, |o| match o {
            Operand::Function(call) => misused_call(kind, call),
            _ => Ok(()),
        }),
        Operand::Path(_) | Operand::Value { .. } => Ok(()),
    }
}

/// Functions in the wrong place in one node, in the order a reader finishes them (dynalite checks a node's
/// operands when the node is complete, and `size` standing alone when its parent is, or at the root).
fn misused_in_node(
    kind: ExpressionKind,
    condition: &Condition,
    node: NodeView<'_>,
) -> Result<(), ExprError> {
    match node {
        NodeView::Function(call) => {
            for argument in &call.args {
                misused_under(kind, argument)?;
            }
            misused_call(kind, call)
        }
        NodeView::Compare { left, right, .. } => {
            misused_under(kind, left)?;
            misused_under(kind, right)?;
            misused_operands(kind, [left, right])
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            misused_under(kind, operand)?;
            misused_under(kind, lower)?;
            misused_under(kind, upper)?;
            misused_operands(kind, [operand, lower, upper])
        }
        NodeView::In { operand, list } => {
            misused_under(kind, operand)?;
            for member in list {
                misused_under(kind, member)?;
            }
            misused_operands(kind, std::iter::once(operand).chain(list))
        }
        NodeView::Not(inner) => misused_size(kind, condition, condition.node(*inner)),
        NodeView::And(left, right) | NodeView::Or(left, right) => {
            misused_size(kind, condition, condition.node(*left))?;
            misused_size(kind, condition, condition.node(*right))
        }
    }
}
