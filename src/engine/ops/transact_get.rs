//! TransactGetItems: up to 100 Gets read as one snapshot (spec §1.6–1.8 for capacity: 2 read units per started
//! 4 KB per item).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::capacity::{self, CapacityKind, CapacityLedger, ConsumedCapacity};
use crate::engine::database::{Database, RequestContext};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::item::Item;
use crate::engine::key::{check_empty_key_map, PrimaryKey};
use crate::engine::messages;
use crate::engine::table::Row;
use crate::engine::trace::{ActionTrace, ActionType, CancellationReason, RequestTrace};
use crate::engine::value::ValueLayer;

use super::common;
use super::expressions::{self, ExpressionTexts};
use super::projection::PathTree;
use super::{OpError, ReturnConsumedCapacity, WireMap};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactGetItem {
    pub table_name: String,
    pub key: WireMap,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactGetItemsRequest {
    pub transact_items: Vec<TransactGetItem>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactGetOutput {
    /// One entry per Get, in request order; `None` for a missing item (rendered `{}`).
    pub responses: Vec<Option<Item>>,
    pub consumed_capacity: Option<Vec<ConsumedCapacity>>,
}

pub fn transact_get_items(
    db: &Database,
    req: &TransactGetItemsRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<TransactGetOutput, OpError> {
    // Layer 2: values, empty keys, expressions, in request order.
    let mut prepared = Vec::with_capacity(req.transact_items.len());
    for get in &req.transact_items {
        let key = common::validate_attribute_map(&get.key, ValueLayer::Older)?;
        check_empty_key_map(&key).map_err(OpError::validation)?;
        let exprs = expressions::prepare(
            &ExpressionTexts {
                projection: get.projection_expression.as_deref(),
                ..Default::default()
            },
            get.expression_attribute_names.as_ref(),
            None,
            ValueLayer::Older,
        )?;
        let table_name = common::table_name_of(&get.table_name);
        // A projection reaching inside a key attribute is refused as GetItem refuses it (spec §4.3); an unknown
        // table is reported after every Get's own checks (layer 3).
        if let Some(table) = db.table(table_name) {
            exprs.check_scalar_keys(&table.schema)?;
            // Key sizes are checked on lookups as on writes (spec §5), here as TransactWriteItems checks them.
            table
                .schema
                .key_schema
                .check_key_sizes(&key)
                .map_err(OpError::validation)?;
        }
        prepared.push((table_name, key, exprs));
    }
    // Layer 3: tables, then the same item twice.
    for (table, _, _) in &prepared {
        if db.table(table).is_none() {
            return Err(OpError::new(
                ErrorType::ResourceNotFoundException,
                messages::RESOURCE_NOT_FOUND,
            ));
        }
    }
    let mut seen: BTreeSet<(&str, PrimaryKey)> = BTreeSet::new();
    for (table, key, _) in &prepared {
        if let Some(k) = db
            .table(table)
            .and_then(|t| t.schema.key_schema.key_of_key_map(key).ok())
        {
            if !seen.insert((table, k)) {
                return Err(OpError::validation(messages::DUPLICATE_TRANSACT_ITEM));
            }
        }
    }
    // Layer 4: key schema mismatches cancel the transaction.
    let mut reasons = Vec::with_capacity(prepared.len());
    let mut found: Vec<Option<Row<'_>>> = Vec::with_capacity(prepared.len());
    for (i, (table_name, key, _)) in prepared.iter().enumerate() {
        let Some(table) = db.table(table_name) else {
            continue;
        };
        let mut action = ActionTrace::new(i, ActionType::Get, table.shared_name().clone());
        match table.schema.key_schema.key_of_key_map(key) {
            Ok(k) => {
                action.key = Some(key.clone().into());
                let hit = table.get(&k);
                action.item_before = hit.map(|r| r.image().to_image());
                found.push(hit);
                reasons.push(None);
            }
            Err(m) => {
                found.push(None);
                reasons.push(Some(CancellationReason::new("ValidationError", m)));
            }
        }
        trace.actions.push(action);
    }
    if let Some(first) = reasons.iter().position(|r| r.is_some()) {
        let reasons: Vec<CancellationReason> = reasons
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Some(r) if i == first => r,
                _ => CancellationReason::none(),
            })
            .collect();
        for (t, r) in trace.actions.iter_mut().zip(reasons.iter()) {
            t.reason = Some(Box::new(r.clone()));
        }
        let codes: Vec<&str> = reasons.iter().map(|r| &*r.code).collect();
        return Err(OpError {
            error: ApiError::new(
                ErrorType::TransactionCanceledException,
                messages::transaction_cancelled(&codes),
            ),
            cancellation_reasons: Some(reasons),
            item: None,
        });
    }
    let mut ledger = CapacityLedger::default();
    let mut responses = Vec::with_capacity(prepared.len());
    for ((table_name, _, exprs), hit) in prepared.iter().zip(found) {
        if req.return_consumed_capacity != ReturnConsumedCapacity::None {
            ledger
                .entry(table_name, CapacityKind::Read, true)
                .add_table(2.0 * capacity::read_units(hit.map_or(0, |r| r.size()), true));
        }
        responses.push(hit.map(|r| {
            let item = r.item();
            match &exprs.projection {
                Some(p) => PathTree::from_projection(p, &exprs.attrs.names).apply(&item),
                None => item,
            }
        }));
    }
    Ok(TransactGetOutput {
        responses,
        consumed_capacity: (req.return_consumed_capacity != ReturnConsumedCapacity::None)
            .then_some(ledger.entries),
    })
}
