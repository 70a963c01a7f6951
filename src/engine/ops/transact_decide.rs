//! TransactWriteItems layer 4 (spec §1.5): each action evaluated against the state before the transaction,
//! its new item computed, and the cancellation reasons DynamoDB reports when any action fails.

use std::borrow::Cow;

use crate::engine::database::Database;
use crate::engine::expr::UpdatedItem;
use crate::engine::image::{self, ItemImage};
use crate::engine::item::{item_size, Item, MAX_ITEM_SIZE};
use crate::engine::messages;
use crate::engine::rows::Spot;
use crate::engine::table::Row;
use crate::engine::trace::{ActionTrace, ActionType, CancellationReason, TraceKey};

use super::common;
use super::expressions;
use super::transact_write::Prepared;
use super::ReturnOnConditionFailure;

/// What layer 4 decided for one action. The new item's image, when there is one, is the trace's
/// `item_after` (the write stores a copy of it).
pub(super) struct Decision<'d> {
    /// The stored item before the action.
    pub(super) old: Option<Row<'d>>,
    pub(super) spot: Option<Spot>,
    /// The item to store (Put, Update) and its size; `None` with `writes` means delete. The item is there
    /// decoded when the action had it so (a Put's item, a created item); an update of a stored item made only
    /// its image, the trace's `item_after`, which readers decode.
    pub(super) new: Option<(Option<Item>, usize)>,
    pub(super) writes: bool,
    /// Boxed: only a failing action has one, and a decision is moved twice (returned, then listed).
    pub(super) reason: Option<Box<CancellationReason>>,
}

impl Decision<'_> {
    /// Before layer 4 (and for actions it never reaches).
    pub(super) fn pending() -> Self {
        Decision {
            old: None,
            spot: None,
            new: None,
            writes: false,
            reason: None,
        }
    }
}

/// Layer 4 for one action. A Put's item is moved out of `a` (it is stored or dropped, never needed again).
pub(super) fn decide<'d>(
    db: &'d Database,
    a: &mut Prepared<'d>,
    trace: &mut ActionTrace,
) -> Decision<'d> {
    let mut d = Decision {
        old: None,
        spot: None,
        new: None,
        writes: a.req.action != ActionType::ConditionCheck,
        reason: None,
    };
    let validation = |m: String| Some(Box::new(CancellationReason::new("ValidationError", m)));
    let Some(table) = a.found else {
        return d;
    };
    let schema = &table.schema;
    // The key moves into the trace (the writes read it there).
    let key = match a.key.take() {
        Some(Ok(k)) => k,
        Some(Err(m)) => {
            d.reason = validation(m);
            return d;
        }
        None => return d,
    };
    // A Put's image and index keys are worked out first (the index-key verdict is reported below, after the
    // conflict check). The trace keeps the key as layer 3 encoded it, with the table's shared key schema: no
    // `Key` map is built or kept per action (`TraceKey::to_item` makes it when a reader asks).
    // The Put's image is made as the table's entry for its key (the write then stores it without a copy).
    let mut put_image = None;
    let mut index_keys = Ok(());
    if a.req.action == ActionType::Put {
        put_image = Some(ItemImage::encode_attributes_keyed(
            key.as_bytes(),
            a.values.iter(),
            a.size,
        ));
        index_keys = common::check_index_keys_with(
            schema,
            |name| a.values.get(name).map(Cow::Borrowed),
            false,
        );
    }
    trace.key = Some(TraceKey::Encoded {
        schema: table.shared_key_schema().clone(),
        key,
    });
    let Some(TraceKey::Encoded { key, .. }) = &trace.key else {
        return d;
    };
    if db.is_held(a.table, key) {
        d.reason = Some(Box::new(CancellationReason::new(
            "TransactionConflict",
            messages::TRANSACTION_CONFLICT_REASON,
        )));
        return d;
    }
    if let Err(m) = index_keys {
        d.reason = validation(m);
        return d;
    }
    // The trace's `item_before` is filled once the outcome is known: a write hands over the entry it replaces.
    let (old, spot) = table.get_spot(key);
    d.old = old;
    d.spot = Some(spot);
    // Conditions and updates read the stored image in place: only the attributes they name are decoded.
    let old_image = d.old.map(|r| r.image());
    if let Some(cond) = &a.exprs.condition {
        let result = expressions::evaluate_image(cond, old_image, &a.exprs.attrs);
        let passed = result.result;
        trace.condition = Some(result);
        if !passed {
            let mut reason = CancellationReason::new(
                "ConditionalCheckFailed",
                messages::CONDITIONAL_CHECK_FAILED,
            );
            if a.req.return_values_on_condition_check_failure == ReturnOnConditionFailure::AllOld {
                reason.item = d.old.map(|r| r.item());
            }
            d.reason = Some(Box::new(reason));
            return d;
        }
    }
    match a.req.action {
        ActionType::Put => {
            // Stored from its image (readers of the new item decode `item_after`).
            d.new = Some((None, a.size));
            trace.item_after = put_image;
            return d;
        }
        ActionType::Update => {
            let Some(update) = &a.exprs.update else {
                let new = d.old.map(|r| r.item()).unwrap_or_else(|| key_item(a));
                let size = item_size(&new);
                trace.item_after = Some(ItemImage::encode_sized(&new, size));
                d.new = Some((Some(new), size));
                return d;
            };
            // A missing item reads as its key attributes: the map is made only then.
            let missing_key = old_image.is_none().then(|| key_item(a));
            let key = missing_key.as_ref().unwrap_or(&EMPTY);
            let result = expressions::apply_update_image(update, old_image, key, &a.exprs.attrs);
            trace.update = Some(result.trace);
            match result.item {
                // A missing item, created from the key.
                Ok(Some(UpdatedItem::Item(new))) => {
                    let (size, len) = image::measure(&new);
                    let checked =
                        common::check_item_limits(&new, size, messages::ITEM_TOO_LARGE_UPDATE)
                            .and_then(|_| common::check_index_keys(schema, &new, true));
                    match checked {
                        Ok(()) => {
                            trace.item_after = Some(ItemImage::encode_measured(&new, size, len));
                            d.new = Some((Some(new), size));
                        }
                        Err(m) => d.reason = validation(m),
                    }
                }
                // A stored item: the checks of `check_item_limits` (nesting of what was written, then size),
                // then the index keys, on the new image.
                Ok(Some(UpdatedItem::Image(new))) => {
                    let checked = if new.deepest > common::MAX_NESTING_DEPTH {
                        Err(messages::NESTING_TOO_DEEP.to_string())
                    } else if new.size > MAX_ITEM_SIZE {
                        Err(messages::ITEM_TOO_LARGE_UPDATE.to_string())
                    } else {
                        common::check_index_keys_of_image(schema, new.image.as_image(), true)
                    };
                    match checked {
                        Ok(()) => {
                            d.new = Some((None, new.size));
                            trace.item_after = Some(new.image);
                        }
                        Err(m) => d.reason = validation(m),
                    }
                }
                // REMOVE-only on a missing item: nothing to write.
                Ok(None) => d.writes = false,
                Err(m) => d.reason = validation(m),
            }
        }
        _ => {}
    }
    d
}

/// What `key_item` stands in with when the item exists (the key map is then not read).
static EMPTY: Item = Item::new();

/// The Key map of a non-Put action (a Put's item), as an `Item`.
pub(super) fn key_item(a: &Prepared<'_>) -> Item {
    a.values.to_item()
}

/// The reasons DynamoDB reports for `actions` once decided (spec §1.5 layer 4, Appendix D #9): the first ValidationError alone, or every
/// ConditionalCheckFailed; all others `None`. `None` when nothing failed.
pub(super) fn reasons(actions: &mut [Prepared<'_>]) -> Option<Vec<CancellationReason>> {
    let first_validation = actions.iter().position(|a| {
        a.d.reason
            .as_ref()
            .is_some_and(|r| r.code == "ValidationError")
    });
    if first_validation.is_none() && actions.iter().all(|a| a.d.reason.is_none()) {
        return None;
    }
    Some(
        actions
            .iter_mut()
            .enumerate()
            .map(|(i, a)| match (first_validation, a.d.reason.take()) {
                (Some(v), Some(r)) if v == i => *r,
                (Some(_), _) => CancellationReason::none(),
                (None, Some(r)) => *r,
                (None, None) => CancellationReason::none(),
            })
            .collect(),
    )
}
