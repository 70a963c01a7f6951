//! The checks of one comparison or function condition (a leaf), by dynalite's priority (spec §3.7): an
//! undefined placeholder, a wrong number of operands, equal operands, a wrongly typed constant. Leaves of plain
//! paths and `:values` (the usual ones) take a straight path; others walk their operands.

use std::cmp::Ordering;

use smallvec::SmallVec;

use super::ast::{Comparator, Function, FunctionCall, Node, NodeView, Operand};
use super::checks::{self, constant, static_type};
use super::cursor::error;
use super::walk;
use super::{path, ExprError, ExpressionAttributes};
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::value::AttributeValue;

/// DynamoDB (dynalite) names this set when attribute_type's second argument is a path.
const ANY_TYPE: &str = messages::ATTRIBUTE_TYPE_ANY_OPERAND;

fn arity(function: Function) -> usize {
    match function {
        Function::AttributeExists | Function::AttributeNotExists | Function::Size => 1,
        _ => 2,
    }
}

/// The constants behind a leaf's `:value` operands, each looked up once: the leaf's checks ask for the same
/// constant several times, and every lookup compares placeholder names.
struct Constants<'a> {
    attrs: &'a ExpressionAttributes,
    found: SmallVec<[(&'a Operand, &'a AttributeValue); 6]>,
}

impl<'a> Constants<'a> {
    /// The constant behind a `:value` operand, if it is one and it is defined.
    fn of(&self, operand: &Operand) -> Option<&'a AttributeValue> {
        match self.found.iter().find(|(o, _)| std::ptr::eq(*o, operand)) {
            Some((_, value)) => Some(*value),
            None => constant(operand, self.attrs),
        }
    }

    /// `checks::static_type` with the constants already found.
    fn static_type(&self, operand: &Operand) -> Option<&'static str> {
        match operand {
            Operand::Value { .. } => self.of(operand).map(AttributeValue::type_name),
            _ => static_type(operand, self.attrs),
        }
    }
}

/// A plain operand's undefined placeholder, if any, and the constant it stands for. Inlined, with the errors
/// built out of line: it runs for every operand of the usual leaf, and a call returning a `Result` this large
/// costs more than the checks.
#[inline(always)]
fn plain_operand<'a>(
    kind: ExpressionKind,
    operand: &Operand,
    attrs: &'a ExpressionAttributes,
) -> Result<Option<&'a AttributeValue>, ExprError> {
    match operand {
        Operand::Path(path) => {
            if let Some((name, span)) = checks::first_undefined_name(path, &attrs.names) {
                return Err(undefined_name(kind, name, span));
            }
            Ok(None)
        }
        Operand::Value { name, span } => match attrs.values.get(name) {
            Some(value) => Ok(Some(value)),
            None => Err(undefined_value(kind, name, *span)),
        },
        // Not plain; `leaf_errors` sends such leaves elsewhere.
        Operand::Function(_) => Ok(None),
    }
}

#[cold]
#[inline(never)]
fn undefined_name(kind: ExpressionKind, name: &str, span: super::ast::Span) -> ExprError {
    error(kind, &messages::undefined_name(name), Some(span))
}

#[cold]
#[inline(never)]
fn undefined_value(kind: ExpressionKind, name: &str, span: super::ast::Span) -> ExprError {
    error(kind, &messages::undefined_value(name), Some(span))
}

/// An ordering operand's constant must be N, S or B (see `ordered_constant`).
fn ordered(
    kind: ExpressionKind,
    operator: &str,
    operand: &Operand,
    constant: Option<&AttributeValue>,
) -> Result<(), ExprError> {
    match constant.map(AttributeValue::type_name) {
        Some(t) if !matches!(t, "N" | "S" | "B") => Err(wrong_type(kind, operator, t, operand)),
        _ => Ok(()),
    }
}

/// `leaf_errors` for a comparison, BETWEEN or function whose operands are all paths and `:values` (the usual
/// leaf): the same checks in the same order, with each constant looked up once and no call to visit.
/// `None` when the leaf is not of that kind.
#[inline]
fn plain_leaf_errors(
    kind: ExpressionKind,
    leaf: &Node,
    view: NodeView<'_>,
    attrs: &ExpressionAttributes,
) -> Option<Result<(), ExprError>> {
    let plain = |o: &Operand| !matches!(o, Operand::Function(_));
    Some(match view {
        NodeView::Compare { op, left, right } if plain(left) && plain(right) => (|| {
            let l = plain_operand(kind, left, attrs)?;
            let r = plain_operand(kind, right, attrs)?;
            same_path(kind, op.symbol(), left, right, leaf.span, attrs)?;
            if *op != Comparator::Eq && *op != Comparator::Ne {
                ordered(kind, op.symbol(), left, l)?;
                ordered(kind, op.symbol(), right, r)?;
            }
            Ok(())
        })(),
        NodeView::Between {
            operand,
            lower,
            upper,
        } if plain(operand) && plain(lower) && plain(upper) => (|| {
            let x = plain_operand(kind, operand, attrs)?;
            let lo = plain_operand(kind, lower, attrs)?;
            let hi = plain_operand(kind, upper, attrs)?;
            ordered(kind, "BETWEEN", operand, x)?;
            ordered(kind, "BETWEEN", lower, lo)?;
            ordered(kind, "BETWEEN", upper, hi)?;
            bounds_in_order(kind, lower, upper, lo, hi)
        })(),
        NodeView::Function(call) if call.args.iter().all(plain) => (|| {
            let mut constants = Constants {
                attrs,
                found: SmallVec::new(),
            };
            for argument in &call.args {
                if let Some(value) = plain_operand(kind, argument, attrs)? {
                    constants.found.push((argument, value));
                }
            }
            if call.args.len() != arity(call.function) {
                let text = messages::incorrect_operand_count(call.function.name(), call.args.len());
                return Err(error(kind, &text, Some(call.span)));
            }
            if let [first, second] = call.args.as_slice() {
                same_path(kind, call.function.name(), first, second, call.span, attrs)?;
            }
            function_types(kind, call, &constants)
        })(),
        _ => return None,
    })
}

/// The errors of one comparison or function condition, by dynalite's priority.
#[inline]
pub(super) fn leaf_errors<'a>(
    kind: ExpressionKind,
    leaf: &'a Node,
    view: NodeView<'a>,
    attrs: &'a ExpressionAttributes,
) -> Result<(), ExprError> {
    if let Some(result) = plain_leaf_errors(kind, leaf, view, attrs) {
        return result;
    }
    // The calls under the leaf in the order they finish, then the leaf's own call.
    let mut calls: SmallVec<[&FunctionCall; 4]> = SmallVec::new();
    let mut constants = Constants {
        attrs,
        found: SmallVec::new(),
    };
    // 1. Undefined `#name` or `:value`, whichever comes first.
    walk::try_for_each_leaf_operand(view, |operand| {
        walk::try_for_each_operand(operand, |o| {
            let undefined = match o {
                Operand::Path(path) => checks::undefined_name_in(kind, path, &attrs.names),
                Operand::Value { name, span } => match attrs.values.get(name) {
                    Some(value) => {
                        constants.found.push((o, value));
                        None
                    }
                    None => Some(error(kind, &messages::undefined_value(name), Some(*span))),
                },
                Operand::Function(call) => {
                    calls.push(call);
                    None
                }
            };
            undefined.map_or(Ok(()), Err)
        })
    })?;
    let constants = &constants;
    if let NodeView::Function(call) = view {
        calls.push(call);
    }
    // 2. Operand counts.
    for call in &calls {
        if call.args.len() != arity(call.function) {
            let text = messages::incorrect_operand_count(call.function.name(), call.args.len());
            return Err(error(kind, &text, Some(call.span)));
        }
    }
    if let NodeView::In { list, .. } = view {
        if list.len() > 100 {
            let text = messages::in_too_many_operands(list.len());
            return Err(error(kind, &text, Some(leaf.span)));
        }
    }
    // 3. Distinct operands: the same path on both sides.
    for call in &calls {
        if let [first, second] = call.args.as_slice() {
            same_path(kind, call.function.name(), first, second, call.span, attrs)?;
        }
    }
    if let NodeView::Compare { op, left, right } = view {
        same_path(kind, op.symbol(), left, right, leaf.span, attrs)?;
    }
    // 4. Function operands and constant types.
    for call in &calls {
        function_types(kind, call, constants)?;
    }
    match view {
        NodeView::Compare { op, left, right } if *op != Comparator::Eq && *op != Comparator::Ne => {
            ordered_constant(kind, op.symbol(), left, constants)?;
            ordered_constant(kind, op.symbol(), right, constants)?;
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            for operand in [operand, lower, upper] {
                ordered_constant(kind, "BETWEEN", operand, constants)?;
            }
            between_bounds(kind, lower, upper, constants)?;
        }
        _ => {}
    }
    Ok(())
}

/// Inlined: most operand pairs are not two paths, and a call returning a `Result` this large costs more than
/// telling so.
#[inline(always)]
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
            return Err(not_distinct(kind, operator, one, span, attrs));
        }
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn not_distinct(
    kind: ExpressionKind,
    operator: &str,
    path: &super::ast::Path,
    span: super::ast::Span,
    attrs: &ExpressionAttributes,
) -> ExprError {
    let one = checks::resolved(path, &attrs.names);
    let text = messages::operands_not_distinct(operator, &path::render_for_message(&one));
    error(kind, &text, Some(span))
}

#[cold]
#[inline(never)]
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

#[inline(always)]
fn function_types(
    kind: ExpressionKind,
    call: &FunctionCall,
    constants: &Constants<'_>,
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
                match constants.static_type(argument) {
                    Some(t) if t != "S" && t != "B" => {
                        return Err(wrong_type(kind, name, t, argument))
                    }
                    _ => {}
                }
            }
        }
        (Function::AttributeType, [_, type_operand]) => match type_operand {
            Operand::Path(_) => return Err(wrong_type(kind, name, ANY_TYPE, type_operand)),
            _ => match constants.of(type_operand) {
                Some(crate::engine::value::AttributeValue::S(type_name)) => {
                    if !checks::is_type_name(type_name) {
                        let text = messages::invalid_attribute_type_name(type_name);
                        return Err(error(kind, &text, Some(type_operand.span())));
                    }
                }
                _ => {
                    if let Some(t) = constants.static_type(type_operand) {
                        return Err(wrong_type(kind, name, t, type_operand));
                    }
                }
            },
        },
        (Function::Size, [argument]) => {
            if let Some(t @ ("N" | "BOOL" | "NULL")) = constants.static_type(argument) {
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
    constants: &Constants<'_>,
) -> Result<(), ExprError> {
    match constants.of(operand).map(|v| v.type_name()) {
        Some(t) if !matches!(t, "N" | "S" | "B") => Err(wrong_type(kind, operator, t, operand)),
        _ => Ok(()),
    }
}

/// Constant bounds must have one type and be in order (spec §3.5).
fn between_bounds(
    kind: ExpressionKind,
    lower: &Operand,
    upper: &Operand,
    constants: &Constants<'_>,
) -> Result<(), ExprError> {
    bounds_in_order(kind, lower, upper, constants.of(lower), constants.of(upper))
}

/// `between_bounds` with the constants found.
fn bounds_in_order(
    kind: ExpressionKind,
    lower: &Operand,
    upper: &Operand,
    lo: Option<&AttributeValue>,
    hi: Option<&AttributeValue>,
) -> Result<(), ExprError> {
    let (Some(lo), Some(hi)) = (lo, hi) else {
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
