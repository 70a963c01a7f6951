//! Applying an UpdateExpression to an item, with a trace of every action (spec §4.4–4.7).
//!
//! Every right-hand side reads the item as it was *before* the update (the snapshot; a missing item reads as
//! its key attributes only), so `SET x = :v, y = x` fails when x did not exist and `REMOVE a SET b = a` copies
//! the old a. Actions are evaluated in written order; the first runtime error fails the whole update. The
//! writes are then applied together (`update_paths`), with list indexes meaning original positions.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::ast::{Function, Operand, PathSegment, SetValue, UpdateAction, UpdateExpression};
use super::eval_read::{self, MAX_OPERAND_DEPTH};
use super::item_view::{Found, ItemView};
use super::path;
use super::update_image::splice;
pub use super::update_image::Spliced;
use super::update_paths::{parent_is_writable, Edits};
use super::ExpressionAttributes;
use crate::engine::image::ImageRef;
use crate::engine::item::Item;
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::number::{Number, NumberError};
use crate::engine::trace::{UpdateStep, UpdateTrace, ValueRead};
use crate::engine::value::AttributeValue;

type Av = AttributeValue;

/// The result of an update: the new item (`Ok(None)` when the item was missing and the update only removed or
/// deleted, so nothing is created) or DynamoDB's runtime message; and the trace either way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateOutcome {
    pub item: Result<Option<Item>, String>,
    pub trace: UpdateTrace,
}

/// Apply `update` (parsed from `text`) to `existing` (`None` = no such item; `key` = the request's Key, which
/// is what a missing item reads as). Item size and nesting limits of the result are checked by the caller.
/// The new item starts as a copy of `existing`; `apply_update_owned` takes the item instead.
pub fn apply_update(
    update: &UpdateExpression,
    text: impl Into<Arc<str>>,
    existing: Option<&Item>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> UpdateOutcome {
    let (planned, trace) = plan_all(
        update,
        text.into(),
        existing.map(ItemView::Item),
        key,
        attrs,
    );
    finish(planned, trace, || existing.unwrap_or(key).clone())
}

/// `apply_update` on an item the caller hands over: the writes land on it in place (no copy of the item; a
/// missing item starts from a copy of `key`). Same outcome and trace as `apply_update`. (`text` is what the
/// trace shows: a shared text is not copied.)
pub fn apply_update_owned(
    update: &UpdateExpression,
    text: impl Into<Arc<str>>,
    existing: Option<Item>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> UpdateOutcome {
    let view = existing.as_ref().map(ItemView::Item);
    let (planned, trace) = plan_all(update, text.into(), view, key, attrs);
    finish(planned, trace, || existing.unwrap_or_else(|| key.clone()))
}

/// The new item of `apply_update_image`.
#[derive(Debug)]
pub enum UpdatedItem {
    /// A missing item, created from the key (decoded; the caller measures and encodes it).
    Item(Item),
    /// An existing item: its image with the written attributes re-encoded in place.
    Image(Spliced),
}

/// The result of `apply_update_image`, as `UpdateOutcome`.
#[derive(Debug)]
pub struct ImageUpdateOutcome {
    pub item: Result<Option<UpdatedItem>, String>,
    pub trace: UpdateTrace,
}

/// `apply_update` on a stored item's image: the actions read only the attributes they name (decoding what they
/// compute with), and the new item is the image with the attributes the update writes re-encoded in place
/// (`update_image::splice`); nothing else is decoded or encoded. Same trace and errors as `apply_update` on
/// the decoded item.
pub fn apply_update_image(
    update: &UpdateExpression,
    text: impl Into<Arc<str>>,
    existing: Option<ImageRef<'_>>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> ImageUpdateOutcome {
    let view = existing.map(ItemView::Image);
    let (planned, trace) = plan_all(update, text.into(), view, key, attrs);
    let Some(image) = existing else {
        let outcome = finish(planned, trace, || key.clone());
        return ImageUpdateOutcome {
            item: outcome.item.map(|item| item.map(UpdatedItem::Item)),
            trace: outcome.trace,
        };
    };
    let edits = match planned {
        Ok(Some(edits)) => edits,
        Ok(None) => {
            return ImageUpdateOutcome {
                item: Ok(None),
                trace,
            }
        }
        Err(message) => {
            return ImageUpdateOutcome {
                item: Err(message),
                trace,
            }
        }
    };
    match splice(edits, image) {
        Ok(spliced) => ImageUpdateOutcome {
            item: Ok(Some(UpdatedItem::Image(spliced))),
            trace,
        },
        Err(_) => {
            let message = messages::UPDATE_INVALID_PATH.to_string();
            ImageUpdateOutcome {
                item: Err(message.clone()),
                trace: UpdateTrace {
                    error: Some(message),
                    ..trace
                },
            }
        }
    }
}

/// What planning every action decided: the writes to make on the item (`Ok(None)`: the item stays absent),
/// or the runtime message that failed the update.
type Planned = Result<Option<Edits>, String>;

/// Evaluate every action against the snapshot (the item before the update), in written order, recording
/// their writes; the trace is complete once this returns (the writes themselves cannot fail, see `finish`).
fn plan_all(
    update: &UpdateExpression,
    shared: Arc<str>,
    existing: Option<ItemView<'_>>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> (Planned, UpdateTrace) {
    let text = &*shared;
    let ctx = Context {
        text,
        snapshot: existing.unwrap_or(ItemView::Item(key)),
        item_missing: existing.is_none(),
        names: &attrs.names,
        values: &attrs.values,
    };
    let mut edits = Edits::default();
    // One step per action: sized once (a trace is kept, so no slack either).
    let mut steps = Vec::with_capacity(update.clauses.iter().map(|c| c.actions.len()).sum());
    let mut creates_item = existing.is_some();
    for action in update.clauses.iter().flat_map(|c| c.actions.iter()) {
        let (mut step, planned) = plan(action, &ctx);
        let recorded = planned.and_then(|write| match write {
            Some((segments, value)) => edits
                .record(segments, value)
                .map_err(|_| messages::UPDATE_INVALID_PATH.to_string()),
            None => Ok(()),
        });
        if let Err(message) = recorded {
            step.error = Some(message.clone());
            steps.push(step);
            let failed = trace(shared, steps, Some(message.clone()));
            return (Err(message), failed);
        }
        steps.push(step);
        if matches!(action, UpdateAction::Set { .. } | UpdateAction::Add { .. }) {
            creates_item = true;
        }
    }
    let planned = if creates_item {
        Ok(Some(edits))
    } else {
        Ok(None)
    };
    (planned, trace(shared, steps, None))
}

/// Apply the planned writes to the item `start` gives (the item before the update).
fn finish(planned: Planned, trace: UpdateTrace, start: impl FnOnce() -> Item) -> UpdateOutcome {
    let edits = match planned {
        Ok(Some(edits)) => edits,
        Ok(None) => {
            return UpdateOutcome {
                item: Ok(None),
                trace,
            }
        }
        Err(message) => {
            return UpdateOutcome {
                item: Err(message),
                trace,
            }
        }
    };
    let mut item = start();
    if edits.apply(&mut item).is_err() {
        let message = messages::UPDATE_INVALID_PATH.to_string();
        return UpdateOutcome {
            item: Err(message.clone()),
            trace: UpdateTrace {
                error: Some(message),
                ..trace
            },
        };
    }
    UpdateOutcome {
        item: Ok(Some(item)),
        trace,
    }
}

fn trace(text: Arc<str>, steps: Vec<UpdateStep>, error: Option<String>) -> UpdateTrace {
    UpdateTrace {
        expression: text,
        steps,
        error,
    }
}

struct Context<'a> {
    text: &'a str,
    snapshot: ItemView<'a>,
    item_missing: bool,
    names: &'a BTreeMap<String, String>,
    values: &'a super::ValueMap,
}

/// A write to record: the target path and its new value (`None` = remove it).
type Write = (Vec<PathSegment>, Option<Av>);

/// Evaluate one action against the snapshot: its trace step, and the write it makes (`Ok(None)` = no-op).
fn plan(action: &UpdateAction, ctx: &Context) -> (UpdateStep, Result<Option<Write>, String>) {
    let target = action.path();
    let segments = path::resolve(target, ctx.names);
    let before = segments
        .as_deref()
        .and_then(|s| ctx.snapshot.get(s))
        .and_then(Found::into_value)
        .map(Cow::into_owned);
    let mut step = UpdateStep {
        clause: Cow::Borrowed(clause_keyword(action)),
        span: action.span(),
        path: match &segments {
            Some(s) => path::render_dotted_compact(s),
            None => eval_read::render_path(target, Some(ctx.names)),
        },
        reads: Vec::new(),
        before,
        after: None,
        error: None,
    };
    let Some(segments) = segments else {
        // An undefined #name: the parser reports it first, so this is only a hand-built tree.
        return (step, Err(messages::UPDATE_INVALID_PATH.to_string()));
    };
    let result = compute(
        action,
        &segments,
        step.before.as_ref(),
        ctx,
        &mut step.reads,
    );
    let planned = match result {
        Ok(Some(after)) => {
            step.after.clone_from(&after);
            Ok(Some((segments, after)))
        }
        Ok(None) => {
            step.after.clone_from(&step.before);
            Ok(None)
        }
        Err(e) => Err(e),
    };
    (step, planned)
}

fn clause_keyword(action: &UpdateAction) -> &'static str {
    match action {
        UpdateAction::Set { .. } => "SET",
        UpdateAction::Remove { .. } => "REMOVE",
        UpdateAction::Add { .. } => "ADD",
        UpdateAction::Delete { .. } => "DELETE",
    }
}

/// The new value at the target (`Ok(Some(None))` = remove it, `Ok(None)` = leave everything as it is).
fn compute(
    action: &UpdateAction,
    segments: &[PathSegment],
    before: Option<&Av>,
    ctx: &Context,
    reads: &mut Vec<ValueRead>,
) -> Result<Option<Option<Av>>, String> {
    let writable = parent_is_writable(ctx.snapshot, segments);
    let invalid_path = || Err(messages::UPDATE_INVALID_PATH.to_string());
    match action {
        UpdateAction::Set { value, .. } => {
            let value = set_value(value, ctx, reads)?;
            if !writable {
                return invalid_path();
            }
            Ok(Some(Some(value)))
        }
        UpdateAction::Remove { .. } => {
            if !writable {
                // DynamoDB quirk: through a missing or wrong parent is an error on an existing item, but
                // silently accepted when the whole item is missing (spec §4.6).
                return if ctx.item_missing {
                    Ok(None)
                } else {
                    invalid_path()
                };
            }
            // A missing leaf (attribute, map key, index past the end) is a no-op.
            Ok(before.map(|_| None))
        }
        UpdateAction::Add { value, .. } => {
            let value = operand(value, ctx, reads, 0)?;
            if !writable {
                return invalid_path();
            }
            add(before, value).map(|v| Some(Some(v)))
        }
        UpdateAction::Delete { value, .. } => {
            let value = operand(value, ctx, reads, 0)?;
            if !writable {
                // Like REMOVE: DELETE never creates anything, so it follows REMOVE's missing-item quirk.
                return if ctx.item_missing {
                    Ok(None)
                } else {
                    invalid_path()
                };
            }
            delete(before, value)
        }
    }
}

fn set_value(value: &SetValue, ctx: &Context, reads: &mut Vec<ValueRead>) -> Result<Av, String> {
    match value {
        SetValue::Operand(o) => operand(o, ctx, reads, 0),
        SetValue::Plus(a, b) => arithmetic(a, b, ctx, reads, Number::checked_add),
        SetValue::Minus(a, b) => arithmetic(a, b, ctx, reads, Number::checked_sub),
    }
}

fn arithmetic(
    a: &Operand,
    b: &Operand,
    ctx: &Context,
    reads: &mut Vec<ValueRead>,
    op: fn(&Number, &Number) -> Result<Number, NumberError>,
) -> Result<Av, String> {
    let x = operand(a, ctx, reads, 0)?;
    let y = operand(b, ctx, reads, 0)?;
    match (x, y) {
        (Av::N(x), Av::N(y)) => op(&x, &y).map(Av::N).map_err(number_error),
        _ => Err(messages::UPDATE_OPERAND_TYPE.to_string()),
    }
}

/// DynamoDB reports a computed result with more than 38 significant digits as an overflow (spec §4.7).
fn number_error(e: NumberError) -> String {
    match e {
        NumberError::Overflow | NumberError::TooManyDigits => messages::NUMBER_OVERFLOW.to_string(),
        NumberError::Underflow => messages::NUMBER_UNDERFLOW.to_string(),
        NumberError::NotNumeric(_) => e.message(),
    }
}

/// The value of a right-hand-side operand in the snapshot; a missing path is DynamoDB's
/// UPDATE_MISSING_ATTRIBUTE. Every path and `:value` read is recorded, in evaluation order.
fn operand(
    o: &Operand,
    ctx: &Context,
    reads: &mut Vec<ValueRead>,
    depth: usize,
) -> Result<Av, String> {
    match o {
        Operand::Path(p) => {
            let found = ctx.snapshot.lookup(p, ctx.names);
            let traced = found.as_ref().and_then(Found::traced);
            reads.push(eval_read::path_read(ctx.text, o, p, ctx.names, traced));
            found
                .and_then(Found::into_value)
                .map(Cow::into_owned)
                .ok_or_else(|| messages::UPDATE_MISSING_ATTRIBUTE.to_string())
        }
        Operand::Value { name, .. } => {
            let found = ctx.values.get(name);
            reads.push(eval_read::value_read(ctx.text, o, name, found));
            // An undefined :value is a static error the parser reports first.
            found.cloned().ok_or_else(|| {
                ExpressionKind::UpdateExpression.prefix() + &messages::undefined_value(name)
            })
        }
        Operand::Function(call) => {
            let not_allowed = || {
                Err(ExpressionKind::UpdateExpression.prefix()
                    + &messages::function_not_allowed(call.function.name()))
            };
            if depth >= MAX_OPERAND_DEPTH {
                return not_allowed();
            }
            match (call.function, call.args.as_slice()) {
                (Function::IfNotExists, [first @ Operand::Path(p), fallback]) => {
                    let found = ctx.snapshot.lookup(p, ctx.names);
                    let traced = found.as_ref().and_then(Found::traced);
                    reads.push(eval_read::path_read(ctx.text, first, p, ctx.names, traced));
                    match found.and_then(Found::into_value) {
                        Some(v) => Ok(v.into_owned()),
                        None => operand(fallback, ctx, reads, depth + 1),
                    }
                }
                (Function::ListAppend, [a, b]) => {
                    let x = operand(a, ctx, reads, depth + 1)?;
                    let y = operand(b, ctx, reads, depth + 1)?;
                    match (x, y) {
                        (Av::L(mut x), Av::L(y)) => {
                            x.extend(y);
                            Ok(Av::L(x))
                        }
                        _ => Err(messages::UPDATE_OPERAND_TYPE.to_string()),
                    }
                }
                _ => not_allowed(),
            }
        }
    }
}

/// ADD: numbers add (a missing attribute counts as 0); sets take the union with a set of the same type (a
/// missing attribute counts as empty). Anything else is UPDATE_OPERAND_TYPE.
fn add(before: Option<&Av>, value: Av) -> Result<Av, String> {
    match (before, value) {
        (None, v @ (Av::N(_) | Av::SS(_) | Av::NS(_) | Av::BS(_))) => Ok(v),
        (Some(Av::N(a)), Av::N(b)) => a.checked_add(&b).map(Av::N).map_err(number_error),
        (Some(Av::SS(a)), Av::SS(b)) => Ok(Av::SS(union(a, b))),
        (Some(Av::NS(a)), Av::NS(b)) => Ok(Av::NS(union(a, b))),
        (Some(Av::BS(a)), Av::BS(b)) => Ok(Av::BS(union(a, b))),
        _ => Err(messages::UPDATE_OPERAND_TYPE.to_string()),
    }
}

/// Sorted, without duplicates (NS members compare by value); on a tie the stored member is kept.
fn union<T: Ord + Clone>(stored: &[T], added: Vec<T>) -> Vec<T> {
    let mut out = stored.to_vec();
    out.extend(added);
    out.sort();
    out.dedup();
    out
}

/// DELETE: remove the given members from a stored set of the same type; a set left empty removes the
/// attribute; a missing attribute is a no-op.
fn delete(before: Option<&Av>, value: Av) -> Result<Option<Option<Av>>, String> {
    let left = match (before, value) {
        (None, Av::SS(_) | Av::NS(_) | Av::BS(_)) => return Ok(None),
        (Some(Av::SS(a)), Av::SS(b)) => difference(a, &b).map(Av::SS),
        (Some(Av::NS(a)), Av::NS(b)) => difference(a, &b).map(Av::NS),
        (Some(Av::BS(a)), Av::BS(b)) => difference(a, &b).map(Av::BS),
        _ => return Err(messages::UPDATE_OPERAND_TYPE.to_string()),
    };
    Ok(Some(left))
}

fn difference<T: Ord + Clone>(stored: &[T], removed: &[T]) -> Option<Vec<T>> {
    let removed: BTreeSet<&T> = removed.iter().collect();
    let left: Vec<T> = stored
        .iter()
        .filter(|m| !removed.contains(m))
        .cloned()
        .collect();
    (!left.is_empty()).then_some(left)
}
