//! Static checks of a condition, in DynamoDB's order (spec §3.7, Appendix D #24, dynalite's order):
//! redundant parentheses, unknown function, function used the wrong way, reserved word, then the first
//! comparison or function condition (in the order a reader finishes them) that has any of: an undefined
//! placeholder, a wrong number of operands, equal operands, a wrongly typed constant.

use std::cmp::Ordering;

use super::ast::{Comparator, Condition, ConditionKind, Function, FunctionCall, Operand};
use super::checks::{self, constant, static_type};
use super::cursor::{error, ParseNotes};
use super::walk::{self, Node};
use super::{path, ExprError, ExpressionAttributes};
use crate::engine::messages::{self, ExpressionKind};

/// DynamoDB (dynalite) names this set when attribute_type's second argument is a path.
const ANY_TYPE: &str = messages::ATTRIBUTE_TYPE_ANY_OPERAND;

pub fn check(
    condition: &Condition,
    notes: &ParseNotes,
    kind: ExpressionKind,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    if let Some(span) = notes.redundant_parens {
        return Err(error(kind, messages::REDUNDANT_PARENTHESES, Some(span)));
    }
    if let Some((name, span)) = &notes.unknown_function {
        return Err(error(
            kind,
            &messages::invalid_function_name(name),
            Some(*span),
        ));
    }
    // One walk serves every check: the subtree of `nodes[i]` is `nodes[start..=i]`.
    let nodes = walk::post_order_subtrees(Node::Condition(condition));
    misused_function(kind, condition, &nodes)?;
    let references = nodes.iter().filter_map(|(node, _)| walk::reference(*node));
    if let Some(e) = checks::reserved_word(kind, references) {
        return Err(e);
    }
    for (i, (node, start)) in nodes.iter().enumerate() {
        if let Node::Condition(leaf) = node {
            if !matches!(
                leaf.kind,
                ConditionKind::Not(_) | ConditionKind::And(..) | ConditionKind::Or(..)
            ) {
                leaf_errors(kind, leaf, nodes.get(*start..=i).unwrap_or_default(), attrs)?;
            }
        }
    }
    Ok(())
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
fn misused_size(kind: ExpressionKind, condition: &Condition) -> Result<(), ExprError> {
    match &condition.kind {
        ConditionKind::Function(call) if call.function == Function::Size => {
            Err(misused(kind, call))
        }
        _ => Ok(()),
    }
}

/// Functions in the wrong place, in the order a reader finishes the nodes (dynalite checks a node's operands
/// when the node is complete, and `size` standing alone when its parent is).
fn misused_function(
    kind: ExpressionKind,
    root: &Condition,
    nodes: &[(Node<'_>, usize)],
) -> Result<(), ExprError> {
    for (node, _) in nodes {
        match node {
            Node::Operand(Operand::Function(call)) => {
                misused_operands(kind, &call.args)?;
                if is_update_function(call.function) {
                    return Err(misused(kind, call));
                }
            }
            Node::Operand(_) => {}
            Node::Condition(condition) => match &condition.kind {
                ConditionKind::Function(call) => {
                    misused_operands(kind, &call.args)?;
                    if is_update_function(call.function) {
                        return Err(misused(kind, call));
                    }
                }
                ConditionKind::Compare { left, right, .. } => {
                    misused_operands(kind, [left, right])?
                }
                ConditionKind::Between {
                    operand,
                    lower,
                    upper,
                } => misused_operands(kind, [operand, lower, upper])?,
                ConditionKind::In { operand, list } => {
                    misused_operands(kind, std::iter::once(operand).chain(list))?
                }
                ConditionKind::Not(inner) => misused_size(kind, inner)?,
                ConditionKind::And(left, right) | ConditionKind::Or(left, right) => {
                    misused_size(kind, left)?;
                    misused_size(kind, right)?;
                }
            },
        }
    }
    misused_size(kind, root)
}

fn arity(function: Function) -> usize {
    match function {
        Function::AttributeExists | Function::AttributeNotExists | Function::Size => 1,
        _ => 2,
    }
}

/// The errors of one comparison or function condition, by dynalite's priority. `subtree` is the leaf's nodes
/// in post-order (the leaf last).
fn leaf_errors(
    kind: ExpressionKind,
    leaf: &Condition,
    subtree: &[(Node<'_>, usize)],
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    let calls = || {
        subtree.iter().filter_map(|(node, _)| match *node {
            Node::Operand(Operand::Function(call)) => Some(call),
            Node::Condition(Condition {
                kind: ConditionKind::Function(call),
                ..
            }) => Some(call),
            _ => None,
        })
    };

    // 1. Undefined `#name` or `:value`, whichever comes first.
    for reference in subtree
        .iter()
        .filter_map(|(node, _)| walk::reference(*node))
    {
        let undefined = checks::undefined_name(kind, &reference, &attrs.names)
            .or_else(|| checks::undefined_value(kind, &reference, attrs));
        if let Some(e) = undefined {
            return Err(e);
        }
    }
    // 2. Operand counts.
    for call in calls() {
        if call.args.len() != arity(call.function) {
            let text = messages::incorrect_operand_count(call.function.name(), call.args.len());
            return Err(error(kind, &text, Some(call.span)));
        }
    }
    if let ConditionKind::In { list, .. } = &leaf.kind {
        if list.len() > 100 {
            let text = messages::in_too_many_operands(list.len());
            return Err(error(kind, &text, Some(leaf.span)));
        }
    }
    // 3. Distinct operands: the same path on both sides.
    for call in calls() {
        if let [first, second] = call.args.as_slice() {
            same_path(kind, call.function.name(), first, second, call.span, attrs)?;
        }
    }
    if let ConditionKind::Compare { op, left, right } = &leaf.kind {
        same_path(kind, op.symbol(), left, right, leaf.span, attrs)?;
    }
    // 4. Function operands and constant types.
    for call in calls() {
        function_types(kind, call, attrs)?;
    }
    match &leaf.kind {
        ConditionKind::Compare { op, left, right }
            if *op != Comparator::Eq && *op != Comparator::Ne =>
        {
            ordered_constant(kind, op.symbol(), left, attrs)?;
            ordered_constant(kind, op.symbol(), right, attrs)?;
        }
        ConditionKind::Between {
            operand,
            lower,
            upper,
        } => {
            for operand in [operand, lower, upper] {
                ordered_constant(kind, "BETWEEN", operand, attrs)?;
            }
            between_bounds(kind, lower, upper, attrs)?;
        }
        _ => {}
    }
    Ok(())
}

fn same_path(
    kind: ExpressionKind,
    operator: &str,
    first: &Operand,
    second: &Operand,
    span: super::ast::Span,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    if let (Operand::Path(one), Operand::Path(two)) = (first, second) {
        if checks::same_resolved(one, two, &attrs.names) {
            let one = checks::resolved(one, &attrs.names);
            let text = messages::operands_not_distinct(operator, &path::render_for_message(&one));
            return Err(error(kind, &text, Some(span)));
        }
    }
    Ok(())
}

fn wrong_type(
    kind: ExpressionKind,
    operator: &str,
    type_name: &str,
    operand: &Operand,
) -> ExprError {
    error(
        kind,
        &messages::incorrect_operand_type(operator, type_name),
        Some(operand.span()),
    )
}

fn function_types(
    kind: ExpressionKind,
    call: &FunctionCall,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    let name = call.function.name();
    match (call.function, call.args.as_slice()) {
        (Function::AttributeExists | Function::AttributeNotExists, [argument])
            if !matches!(argument, Operand::Path(_)) =>
        {
            let text = messages::requires_document_path(name);
            return Err(error(kind, &text, Some(call.span)));
        }
        (Function::BeginsWith, args) => {
            for argument in args {
                match static_type(argument, attrs) {
                    Some(t) if t != "S" && t != "B" => {
                        return Err(wrong_type(kind, name, t, argument))
                    }
                    _ => {}
                }
            }
        }
        (Function::AttributeType, [_, type_operand]) => match type_operand {
            Operand::Path(_) => return Err(wrong_type(kind, name, ANY_TYPE, type_operand)),
            _ => match constant(type_operand, attrs) {
                Some(crate::engine::value::AttributeValue::S(type_name)) => {
                    if !checks::is_type_name(type_name) {
                        let text = messages::invalid_attribute_type_name(type_name);
                        return Err(error(kind, &text, Some(type_operand.span())));
                    }
                }
                _ => {
                    if let Some(t) = static_type(type_operand, attrs) {
                        return Err(wrong_type(kind, name, t, type_operand));
                    }
                }
            },
        },
        (Function::Size, [argument]) => {
            if let Some(t @ ("N" | "BOOL" | "NULL")) = static_type(argument, attrs) {
                return Err(wrong_type(kind, name, t, argument));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `<`, `<=`, `>`, `>=` and BETWEEN order only N, S and B; a constant of another type is an error
/// (spec §3.5; an item value of another type just makes the condition false).
fn ordered_constant(
    kind: ExpressionKind,
    operator: &str,
    operand: &Operand,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    match constant(operand, attrs).map(|v| v.type_name()) {
        Some(t) if !matches!(t, "N" | "S" | "B") => Err(wrong_type(kind, operator, t, operand)),
        _ => Ok(()),
    }
}

/// Constant bounds must have one type and be in order (spec §3.5).
fn between_bounds(
    kind: ExpressionKind,
    lower: &Operand,
    upper: &Operand,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    let (Some(lo), Some(hi)) = (constant(lower, attrs), constant(upper, attrs)) else {
        return Ok(());
    };
    let span = Some(lower.span().to(upper.span()));
    if lo.type_name() != hi.type_name() {
        let text = messages::between_bounds_type(&lo.to_bound_text(), &hi.to_bound_text());
        return Err(error(kind, &text, span));
    }
    if lo.compare_ordered(hi) == Some(Ordering::Greater) {
        let text = messages::between_bounds_order(&lo.to_bound_text(), &hi.to_bound_text());
        return Err(error(kind, &text, span));
    }
    Ok(())
}
