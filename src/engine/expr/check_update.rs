//! Static checks of an UpdateExpression and a ProjectionExpression, in DynamoDB's order (spec §4.1–4.3,
//! Appendix D #24: dynalite's order, with redundant parentheses first and misplaced functions right after
//! unknown ones, as in conditions).

use std::collections::BTreeMap;

use super::ast::{
    ClauseKind, Function, FunctionCall, Operand, Projection, SetValue, UpdateAction,
    UpdateExpression,
};
use super::checks::{self, constant, Segment};
use super::cursor::{error, ParseNotes};
use super::walk;
use super::{ExprError, ExpressionAttributes};
use crate::engine::error::ApiError;
use crate::engine::messages::{self, ExpressionKind};

const KIND: ExpressionKind = ExpressionKind::UpdateExpression;

pub fn check(
    text: &str,
    update: &UpdateExpression,
    notes: &ParseNotes,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    if let Some(span) = notes.redundant_parens {
        return Err(error(KIND, messages::REDUNDANT_PARENTHESES, Some(span)));
    }
    // The reserved word the parser met first: paths come in the text in the order of `update_references`.
    if let Some(span) = notes.reserved_word {
        let name = ParseNotes::written(text, span);
        return Err(error(KIND, &messages::reserved_keyword(name), Some(span)));
    }
    if let Some(span) = notes.unknown_function {
        let name = ParseNotes::written(text, span);
        return Err(error(
            KIND,
            &messages::invalid_function_name(name),
            Some(span),
        ));
    }
    let calls = function_calls(update);
    misused_function(&calls)?;
    section_used_twice(update)?;
    let references = walk::update_references(update);
    for reference in &references {
        if let Some(e) = checks::undefined_name(KIND, reference, &attrs.names) {
            return Err(e);
        }
    }
    for reference in &references {
        if let Some(e) = checks::undefined_value(KIND, reference, attrs) {
            return Err(e);
        }
    }
    let targets = walk::actions(update).map(UpdateAction::path);
    if let Some(e) = checks::overlap_or_conflict(KIND, targets, &attrs.names) {
        return Err(e);
    }
    add_delete_types(update, attrs)?;
    function_checks(update, attrs)
}

/// Function calls of every action, in the order a reader finishes them.
fn function_calls(update: &UpdateExpression) -> Vec<&FunctionCall> {
    let mut calls = Vec::new();
    for action in walk::actions(update) {
        for operand in walk::action_operand_iter(action) {
            walk::for_each_operand(operand, |o| {
                if let Operand::Function(call) = o {
                    calls.push(call);
                }
            });
        }
    }
    calls
}

fn misused(call: &FunctionCall) -> ExprError {
    error(
        KIND,
        &messages::function_not_allowed(call.function.name()),
        Some(call.span),
    )
}

/// Condition functions have no place in an update; list_append does not take list_append (spec §4.1).
fn misused_function(calls: &[&FunctionCall]) -> Result<(), ExprError> {
    for call in calls {
        if call.function == Function::ListAppend {
            let nested = call.args.iter().any(|argument| {
                matches!(argument, Operand::Function(inner) if inner.function == Function::ListAppend)
            });
            if nested {
                return Err(misused(call));
            }
        }
        if !matches!(call.function, Function::IfNotExists | Function::ListAppend) {
            return Err(misused(call));
        }
    }
    Ok(())
}

fn section_used_twice(update: &UpdateExpression) -> Result<(), ExprError> {
    let mut seen: Vec<ClauseKind> = Vec::new();
    for clause in &update.clauses {
        if seen.contains(&clause.kind) {
            let text = messages::section_used_twice(clause.kind.keyword());
            return Err(error(KIND, &text, Some(clause.span)));
        }
        seen.push(clause.kind);
    }
    Ok(())
}

/// ADD takes a number or a set, DELETE a set; long type names in the message (spec §4.2).
fn add_delete_types(
    update: &UpdateExpression,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    for action in walk::actions(update) {
        let (operator, value, accepts_number) = match action {
            UpdateAction::Add { value, .. } => ("ADD", value, true),
            UpdateAction::Delete { value, .. } => ("DELETE", value, false),
            _ => continue,
        };
        if let Some(constant) = constant(value, attrs) {
            let is_number = matches!(constant, crate::engine::value::AttributeValue::N(_));
            let accepted = checks::is_set(constant) || (accepts_number && is_number);
            if !accepted {
                let text = messages::incorrect_operand_type_add_delete(
                    operator,
                    constant.long_type_name(),
                );
                return Err(error(KIND, &text, Some(value.span())));
            }
        }
    }
    Ok(())
}

fn wrong_constant(
    operator: &str,
    wanted: &str,
    operand: &Operand,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    match constant(operand, attrs).map(|v| v.type_name()) {
        Some(t) if t != wanted => Err(error(
            KIND,
            &messages::incorrect_operand_type(operator, t),
            Some(operand.span()),
        )),
        _ => Ok(()),
    }
}

/// Operand counts, if_not_exists's path, list_append's and `+`/`-`'s constant types; per action, functions
/// in the order they finish, then the action's `+` or `-`.
fn function_checks(
    update: &UpdateExpression,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    for action in walk::actions(update) {
        for operand in walk::action_operand_iter(action) {
            walk::try_for_each_operand(operand, |o| match o {
                Operand::Function(call) => function_call(call, attrs),
                _ => Ok(()),
            })?;
        }
        if let UpdateAction::Set { value, .. } = action {
            let (sign, left, right) = match value {
                SetValue::Plus(left, right) => ("+", left, right),
                SetValue::Minus(left, right) => ("-", left, right),
                SetValue::Operand(_) => continue,
            };
            wrong_constant(sign, "N", left, attrs)?;
            wrong_constant(sign, "N", right, attrs)?;
        }
    }
    Ok(())
}

fn function_call(call: &FunctionCall, attrs: &ExpressionAttributes) -> Result<(), ExprError> {
    let name = call.function.name();
    if call.args.len() != 2 {
        let text = messages::incorrect_operand_count(name, call.args.len());
        return Err(error(KIND, &text, Some(call.span)));
    }
    match call.function {
        Function::IfNotExists if !matches!(call.args.first(), Some(Operand::Path(_))) => {
            let text = messages::requires_document_path(name);
            return Err(error(KIND, &text, Some(call.span)));
        }
        Function::ListAppend => {
            for argument in &call.args {
                wrong_constant(name, "L", argument, attrs)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Key attributes cannot be updated (spec §4.3): the first action, in the order written, whose path starts at
/// a key attribute.
pub fn check_update_keys(
    update: &UpdateExpression,
    names: &BTreeMap<String, String>,
    key_attributes: &[&str],
) -> Result<(), ApiError> {
    for action in walk::actions(update) {
        if let Some(Segment::Attribute(first)) = checks::segments(action.path(), names).next() {
            if key_attributes.contains(&first) {
                return Err(ApiError::validation(messages::cannot_update_key(first)));
            }
        }
    }
    Ok(())
}

/// Projection checks (dynalite's order): reserved word, undefined name, overlapping or conflicting paths.
pub fn check_projection(
    projection: &Projection,
    attrs: &ExpressionAttributes,
) -> Result<(), ExprError> {
    let kind = ExpressionKind::ProjectionExpression;
    let references = walk::projection_references(projection);
    if let Some(e) = checks::reserved_word(kind, references.iter().copied()) {
        return Err(e);
    }
    for reference in &references {
        if let Some(e) = checks::undefined_name(kind, reference, &attrs.names) {
            return Err(e);
        }
    }
    match checks::overlap_or_conflict(kind, projection.paths.iter(), &attrs.names) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
