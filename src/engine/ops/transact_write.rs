//! TransactWriteItems: Put, Update, Delete and ConditionCheck across tables, all or nothing (spec §1, §2).
//!
//! Layers (spec §1.5): the api has done 0 (wire shape) and 1 (member constraints, 1..N actions). Here:
//! layer 2, per action in request order: values, placeholder maps, expressions, empty keys, Put item limits;
//! layer 3: unknown tables, the same item twice, the 4 MB payload; then the ClientRequestToken; layer 4:
//! every action is evaluated against the state before the transaction and its new item computed, and only if
//! every action passes are the new items written. Nothing is cloned but the items written and traced.

use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::CompactString;
use smallvec::SmallVec;

use crate::engine::capacity::{self, CapacityKind, CapacityLedger, ConsumedCapacity};
use crate::engine::database::{Database, RequestContext};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::item::Item;
use crate::engine::key::{check_empty_key_entries, AttributeList, PrimaryKey};
use crate::engine::messages;
use crate::engine::rows::{Spot, StoredItem};
use crate::engine::table::Table;
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace, TraceKey, Verdict};
use crate::engine::value::ValueLayer;

use super::common;
use super::expressions::{self, ExpressionTexts, Expressions};
use super::transact_decide::{decide, key_item, reasons, Decision};
use super::transact_token as token;
use super::{
    ItemCollectionMetrics, OpError, ReturnConsumedCapacity, ReturnItemCollectionMetrics,
    ReturnOnConditionFailure, WireMap,
};

/// The largest request payload a transaction may carry (spec §1.4).
pub const MAX_TRANSACTION_PAYLOAD: usize = 4 * 1024 * 1024;

/// One entry of `TransactItems`; `action` says which member was set. The table name and the expression
/// texts are kept inline up to 24 bytes (`CompactString`): table names and many expressions
/// (`attribute_not_exists(pk)`) are that short, and a request then allocates nothing for them.
#[derive(Clone, Debug, PartialEq)]
pub struct TransactWriteItem {
    pub action: ActionType,
    pub table_name: CompactString,
    /// Put only.
    pub item: Option<WireMap>,
    /// Update, Delete, ConditionCheck.
    pub key: Option<WireMap>,
    pub update_expression: Option<CompactString>,
    pub condition_expression: Option<CompactString>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub return_values_on_condition_check_failure: ReturnOnConditionFailure,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactWriteItemsRequest {
    pub transact_items: Vec<TransactWriteItem>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: ReturnItemCollectionMetrics,
    pub client_request_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactWriteOutput {
    pub consumed_capacity: Option<Vec<ConsumedCapacity>>,
    /// Table name -> metrics, tables in order of first appearance.
    pub item_collection_metrics: Option<Vec<(String, Vec<ItemCollectionMetrics>)>>,
}

/// Per-action lists: most transactions have a few actions, which then live on the stack.
pub(super) type PerAction<T> = SmallVec<[T; 4]>;

/// An action after layer 2. `'r` covers the request and the database as it was before the transaction.
pub(super) struct Prepared<'r> {
    pub req: &'r TransactWriteItem,
    pub table: &'r str,
    /// The table, looked up once in layer 2 (`None`: no such table, reported in layer 3).
    pub found: Option<&'r Table>,
    /// The Put item, or the Key map (of an Update, Delete or ConditionCheck).
    pub values: AttributeList,
    pub exprs: std::sync::Arc<Expressions>,
    /// The target item's key, or the layer-4 message when the key does not fit the table (set in layer 2 when
    /// the table exists).
    pub key: Option<Result<PrimaryKey, String>>,
    /// The size (spec §7.1) of `values`, counted once in layer 2.
    pub size: usize,
    /// The table's name as the table shares it (set in layer 3), for the trace.
    pub table_name: Option<Arc<str>>,
    /// What layer 4 decided (kept here rather than in a list of its own).
    pub d: Decision<'r>,
}

/// Layer 2 for one action (top-level ValidationException on the first problem). `owned`: the action's Put item
/// or Key, when the caller handed it over (taken out of `req`, see `transact_write_items_owned`).
fn prepare<'r>(
    db: &'r Database,
    req: &'r TransactWriteItem,
    owned: Option<WireMap>,
    last: &mut Option<(&'r str, Option<&'r Table>)>,
) -> Result<Prepared<'r>, ApiError> {
    let layer = ValueLayer::Older;
    let empty = WireMap::default();
    // The Put item or the Key, as a list in name order (no `Item` is built: see `AttributeList`).
    let (values, size) = match owned {
        Some(map) => common::validate_sized_owned_key_map(map, layer)?,
        None => common::validate_sized_key_map(values_member(req).unwrap_or(&empty), layer)?,
    };
    let exprs = expressions::prepare(
        &ExpressionTexts {
            update: req.update_expression.as_deref(),
            condition: req.condition_expression.as_deref(),
            ..Default::default()
        },
        req.expression_attribute_names.as_ref(),
        req.expression_attribute_values.as_ref(),
        ValueLayer::Older,
    )?;
    let table = common::table_name_of(&req.table_name);
    // The previous action's table when this one names it too (the usual case): one lookup per table.
    let found = match *last {
        Some((name, found)) if name == table => found,
        _ => {
            let found = db.table(table);
            *last = Some((table, found));
            found
        }
    };
    let schema = found.map(|t| &t.schema);
    // The target item's key, worked out here (once the values are looked up for the checks) and reported in
    // layers 3 and 4.
    let mut key = None;
    match (req.action, schema) {
        (ActionType::Put, Some(s)) => {
            let keys = s.key_schema.key_values_of_map(&values);
            s.key_schema
                .check_empty_key_values_of(&keys)
                .map_err(ApiError::validation)?;
            s.key_schema
                .check_key_sizes_of(&keys)
                .map_err(ApiError::validation)?;
            key = Some(s.key_schema.key_of_item_values(&keys));
        }
        (ActionType::Put, None) => {}
        (_, schema) => {
            check_empty_key_entries(&values).map_err(ApiError::validation)?;
            if let Some(s) = schema {
                let keys = s.key_schema.key_values_of_map(&values);
                s.key_schema
                    .check_key_sizes_of(&keys)
                    .map_err(ApiError::validation)?;
                // At most two key attributes: no Vec needed.
                let mut names = [""; 2];
                let mut count = 0;
                for (slot, a) in names.iter_mut().zip(s.key_schema.attributes()) {
                    *slot = a.name.as_str();
                    count += 1;
                }
                exprs.check_update_keys(names.get(..count).unwrap_or(&[]))?;
                exprs.check_scalar_keys(s)?;
                key = Some(s.key_schema.key_of_key_map_values(&keys));
            }
        }
    }
    if req.action == ActionType::Put {
        common::check_list_limits(&values, size, messages::ITEM_TOO_LARGE_PUT)
            .map_err(ApiError::validation)?;
    }
    Ok(Prepared {
        req,
        table,
        found,
        values,
        exprs,
        key,
        size,
        table_name: None,
        d: Decision::pending(),
    })
}

/// The member that holds an action's values: the Put item, or the Key.
fn values_member(req: &TransactWriteItem) -> Option<&WireMap> {
    match req.action {
        ActionType::Put => req.item.as_ref(),
        _ => req.key.as_ref(),
    }
}

/// The request payload as DynamoDB measures it, approximately: items, keys, values and expression texts.
fn payload_size(actions: &[Prepared<'_>]) -> usize {
    actions.iter().map(|a| a.size + a.exprs.payload).sum()
}

/// Layer 3: unknown table (first in request order), then the same item twice, then the payload size. Each
/// action's key is worked out here once (keys that do not fit are layer-4 reasons, not duplicates).
fn check_catalogue(actions: &mut [Prepared<'_>]) -> Result<(), ApiError> {
    for a in actions.iter_mut() {
        let Some(table) = a.found else {
            return Err(ApiError::new(
                ErrorType::ResourceNotFoundException,
                messages::RESOURCE_NOT_FOUND,
            ));
        };
        if a.key.is_none() {
            a.key = Some(target_key(a, &table.schema.key_schema));
        }
        a.table_name = Some(table.shared_name().clone());
    }
    // (key, table): keys first, so that most comparisons end before comparing table names.
    let keyed = || {
        actions.iter().filter_map(|a| match &a.key {
            Some(Ok(k)) => Some((k, a.table)),
            _ => None,
        })
    };
    // Few actions (the usual case): compare pairs in place; many: sort (no quadratic cost up to 100 actions).
    let duplicate = if actions.len() <= 8 {
        keyed()
            .enumerate()
            .any(|(i, x)| keyed().skip(i + 1).any(|y| x == y))
    } else {
        let mut keys: Vec<(&PrimaryKey, &str)> = keyed().collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    };
    if duplicate {
        return Err(ApiError::validation(messages::DUPLICATE_TRANSACT_ITEM));
    }
    if payload_size(actions) > MAX_TRANSACTION_PAYLOAD {
        return Err(ApiError::validation(
            messages::TRANSACTION_PAYLOAD_TOO_LARGE,
        ));
    }
    Ok(())
}

/// The item an action writes, decoded from its trace's `item_after` when the decision kept only the image.
fn new_item<'d>(d: &'d Decision<'_>, t: &ActionTrace) -> Option<std::borrow::Cow<'d, Item>> {
    let (item, _) = d.new.as_ref()?;
    match item {
        Some(item) => Some(std::borrow::Cow::Borrowed(item)),
        None => t
            .item_after
            .as_ref()
            .map(|i| std::borrow::Cow::Owned(i.to_item())),
    }
}

/// The item an action targets, or DynamoDB's message when its key does not fit the table.
fn target_key(
    a: &Prepared<'_>,
    keys: &crate::engine::key::KeySchema,
) -> Result<PrimaryKey, String> {
    match a.req.action {
        ActionType::Put => keys.key_of_item_values(&keys.key_values_of_map(&a.values)),
        _ => keys.key_of_key_map_values(&keys.key_values_of_map(&a.values)),
    }
}

pub fn transact_write_items(
    db: &mut Database,
    req: &TransactWriteItemsRequest,
    ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<TransactWriteOutput, OpError> {
    run_outer(db, req, PerAction::new(), ctx, trace)
}

/// `transact_write_items` on a request handed over: each Put item and Key moves into the action's item (names
/// and strings are not copied). Same outcome, errors and trace.
pub fn transact_write_items_owned(
    db: &mut Database,
    mut req: TransactWriteItemsRequest,
    ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<TransactWriteOutput, OpError> {
    // Taken out of the request (nothing else reads these members once layer 2 has the values); an absent member
    // reads as an empty map, as in `prepare`.
    let owned = req
        .transact_items
        .iter_mut()
        .map(|a| {
            let member = match a.action {
                ActionType::Put => &mut a.item,
                _ => &mut a.key,
            };
            Some(member.take().unwrap_or_default())
        })
        .collect();
    run_outer(db, &req, owned, ctx, trace)
}

/// `owned`: the actions' values members handed over, in order (empty: read them from `req`).
fn run_outer(
    db: &mut Database,
    req: &TransactWriteItemsRequest,
    owned: PerAction<Option<WireMap>>,
    ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<TransactWriteOutput, OpError> {
    let mut looked_up_token = false;
    let result = run(db, req, owned, ctx, trace, &mut looked_up_token);
    // Once a token has been looked up, the tokens whose window has passed are forgotten (the lookup treated
    // them as absent), so the cache stays small. Done here, after the request, because until its writes the
    // request reads the database as it was.
    if looked_up_token {
        db.expire_tokens(ctx.now_millis);
    }
    result
}

fn run(
    db: &mut Database,
    req: &TransactWriteItemsRequest,
    owned: PerAction<Option<WireMap>>,
    ctx: &RequestContext,
    trace: &mut RequestTrace,
    looked_up_token: &mut bool,
) -> Result<TransactWriteOutput, OpError> {
    // Everything that reads the state before the transaction, in a block: what it borrows is dropped in place
    // at its end (a `drop(...)` would move each per-action list once more) before the tables change.
    let (writes, mut traces, record, ledger, metrics) = {
        let before: &Database = db;
        let mut owned = owned.into_iter();
        // Pushed one by one (rather than collected through a Result) so that each action is moved once.
        let mut actions: PerAction<Prepared<'_>> = PerAction::new();
        let mut last = None;
        for a in &req.transact_items {
            actions.push(prepare(before, a, owned.next().flatten(), &mut last)?);
        }
        check_catalogue(&mut actions)?;
        if let Some(t) = &req.client_request_token {
            if before.tokens_in_progress.iter().any(|p| p == t) {
                return Err(OpError::new(
                    ErrorType::TransactionInProgressException,
                    messages::TRANSACTION_IN_PROGRESS,
                ));
            }
            *looked_up_token = true;
            if let Some(output) = token::replay(before, t, &actions, req, ctx)? {
                trace.verdict = Verdict::Replayed;
                return Ok(output);
            }
        }

        // The shared table name moves into the trace (nothing else reads it).
        let mut traces: Vec<ActionTrace> = actions
            .iter_mut()
            .enumerate()
            .map(|(i, a)| {
                let table = a.table_name.take().unwrap_or_else(|| Arc::from(a.table));
                ActionTrace::new(i, a.req.action, table)
            })
            .collect();
        // Remembered before the Put items move out of `actions` (only kept if the transaction commits).
        let record = req
            .client_request_token
            .as_ref()
            .map(|t| (t.clone(), token::record(before, &actions, req, ctx)));
        let accounted = req.return_consumed_capacity != ReturnConsumedCapacity::None
            || req.return_item_collection_metrics == ReturnItemCollectionMetrics::Size;
        for (a, t) in actions.iter_mut().zip(traces.iter_mut()) {
            a.d = decide(before, a, t);
        }
        if let Some(reasons) = reasons(&mut actions) {
            let codes: Vec<&str> = reasons.iter().map(|r| &*r.code).collect();
            let message = messages::transaction_cancelled(&codes);
            for ((t, r), a) in traces.iter_mut().zip(reasons.iter()).zip(&actions) {
                t.reason = Some(Box::new(r.clone()));
                t.item_before = a.d.old.map(|r| r.share_image());
            }
            trace.actions = traces;
            return Err(OpError {
                error: ApiError::new(ErrorType::TransactionCanceledException, message),
                cancellation_reasons: Some(reasons),
                item: None,
            });
        }

        // Capacity and metrics come from the state before the writes.
        let mut ledger = CapacityLedger::default();
        let mut metrics: Vec<(String, Vec<ItemCollectionMetrics>)> = Vec::new();
        let accounted_actions: &[Prepared<'_>] = if accounted { &actions } else { &[] };
        for (a, t) in accounted_actions.iter().zip(traces.iter()) {
            let d = &a.d;
            let Some(table) = a.found else {
                continue;
            };
            let schema = &table.schema;
            let old_size = d.old.map_or(0, |r| r.size());
            let new_size = d.new.as_ref().map_or(0, |(_, s)| *s);
            if req.return_consumed_capacity != ReturnConsumedCapacity::None {
                let entry = ledger.entry(&schema.name, CapacityKind::Write, true);
                entry.add_table(2.0 * capacity::write_units(old_size.max(new_size)));
                if d.writes && schema.indexes().next().is_some() {
                    let old = d.old.map(|r| r.item());
                    let new = new_item(d, t);
                    let arms = capacity::index_write_units(schema, old.as_ref(), new.as_deref());
                    for (name, global, units) in arms {
                        entry.add_index(&name, global, units);
                    }
                }
            }
            if req.return_item_collection_metrics == ReturnItemCollectionMetrics::Size && d.writes {
                let new = new_item(d, t);
                let key = key_item(a);
                let written = new.as_deref().unwrap_or(&key);
                if let Some(m) = common::collection_metrics(schema, written) {
                    match metrics.iter_mut().find(|(t, _)| t == &schema.name) {
                        Some((_, list)) => {
                            if !list.contains(&m) {
                                list.push(m)
                            }
                        }
                        None => metrics.push((schema.name.clone(), vec![m])),
                    }
                }
            }
        }

        // Apply: each new item is stored from its image in the trace. Every key is distinct (layer 3), so the order
        // does not matter. The writes are listed first (key, where layer 4 found it, the action's position), so
        // that nothing borrowed from the state before the transaction is held while the tables change.
        let mut writes: PerAction<(usize, Option<Spot>)> = SmallVec::new();
        for (i, (a, t)) in actions.iter().zip(traces.iter_mut()).enumerate() {
            if !a.d.writes {
                t.item_before = a.d.old.map(|r| r.share_image());
                continue;
            }
            // Layer 4 moved the action's key into its trace when it had one.
            if matches!(t.key, Some(TraceKey::Encoded { .. })) {
                writes.push((i, a.d.spot));
            }
        }
        (writes, traces, record, ledger, metrics)
    };
    // The table of the previous write, kept for the next one when it is the same (the usual case): one map
    // lookup per table rather than per write.
    let mut current: Option<(&str, &mut Table)> = None;
    for (i, spot) in writes {
        let (Some(t), Some(item)) = (traces.get_mut(i), req.transact_items.get(i)) else {
            continue;
        };
        let ActionTrace {
            key: Some(TraceKey::Encoded { key, .. }),
            item_after,
            item_before,
            ..
        } = t
        else {
            continue;
        };
        let name = common::table_name_of(&item.table_name);
        if current.as_ref().is_none_or(|(n, _)| *n != name) {
            current = db.table_mut(name).map(|table| (name, table));
        }
        if let Some((_, table)) = current.as_mut() {
            let old = match item_after {
                Some(image) => table.put_item_image_at(spot, key, image),
                None => table.remove_at(spot, key),
            };
            // The entry the write replaced is the item before (keys are distinct, so it is the state the
            // action saw).
            *item_before = old.map(StoredItem::into_image);
        }
    }
    if let Some((t, r)) = record {
        db.tokens.insert(t, r);
    }
    trace.actions = traces;
    Ok(TransactWriteOutput {
        consumed_capacity: (req.return_consumed_capacity != ReturnConsumedCapacity::None)
            .then_some(ledger.entries),
        item_collection_metrics: (req.return_item_collection_metrics
            == ReturnItemCollectionMetrics::Size)
            .then_some(metrics),
    })
}
