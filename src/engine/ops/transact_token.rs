//! ClientRequestToken idempotency for TransactWriteItems (spec §1.6).
//!
//! A successful transaction with a token is remembered for 10 minutes after it completed. The same token with
//! the same request (compared semantically: values normalised, member order ignored, ReturnConsumedCapacity
//! left out) succeeds again without applying anything and reports *read* capacity for the items as they are
//! now; with any other request it is IdempotentParameterMismatchException. Failures are not remembered.

use serde_json::{json, Map, Value};

use crate::engine::capacity::{self, CapacityKind, CapacityLedger};
use crate::engine::database::{Database, RequestContext, TokenRecord};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::item::Item;
use crate::engine::messages;
use crate::engine::trace::ActionType;

use super::common;
use super::transact_decide::key_item;
use super::transact_write::{Prepared, TransactWriteItemsRequest, TransactWriteOutput};
use super::{ReturnConsumedCapacity, ReturnItemCollectionMetrics, ReturnOnConditionFailure};

fn item_json<'a>(
    item: impl IntoIterator<Item = (&'a String, &'a crate::engine::value::AttributeValue)>,
) -> Value {
    Value::Object(
        item.into_iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect(),
    )
}

/// The request in canonical form.
pub(super) fn canonical(actions: &[Prepared<'_>], req: &TransactWriteItemsRequest) -> Value {
    let items: Vec<Value> = actions
        .iter()
        .map(|a| {
            let mut m = Map::new();
            m.insert("Action".into(), json!(a.req.action.name()));
            m.insert("TableName".into(), json!(a.table));
            let member = if a.req.action == ActionType::Put {
                "Item"
            } else {
                "Key"
            };
            m.insert(member.into(), item_json(&key_item(a)));
            if let Some(t) = &a.req.condition_expression {
                m.insert("ConditionExpression".into(), json!(t));
            }
            if let Some(t) = &a.req.update_expression {
                m.insert("UpdateExpression".into(), json!(t));
            }
            if let Some(names) = &a.req.expression_attribute_names {
                m.insert("ExpressionAttributeNames".into(), json!(names));
            }
            if a.req.expression_attribute_values.is_some() {
                m.insert(
                    "ExpressionAttributeValues".into(),
                    item_json(&a.exprs.attrs.values),
                );
            }
            let all_old =
                a.req.return_values_on_condition_check_failure == ReturnOnConditionFailure::AllOld;
            m.insert(
                "ReturnValuesOnConditionCheckFailure".into(),
                json!(if all_old { "ALL_OLD" } else { "NONE" }),
            );
            Value::Object(m)
        })
        .collect();
    let size = req.return_item_collection_metrics == ReturnItemCollectionMetrics::Size;
    json!({
        "TransactItems": items,
        "ReturnItemCollectionMetrics": if size { "SIZE" } else { "NONE" },
    })
}

fn targets(db: &Database, actions: &[Prepared<'_>]) -> Vec<(String, Item)> {
    actions
        .iter()
        .map(|a| {
            let key = match (a.req.action, db.table(a.table)) {
                (ActionType::Put, Some(t)) => t.schema.key_schema.key_map_of(&key_item(a)),
                _ => key_item(a),
            };
            (a.table.to_string(), key)
        })
        .collect()
}

/// What to remember after a successful transaction (computed before the writes; the time is now).
pub(super) fn record(
    db: &Database,
    actions: &[Prepared<'_>],
    req: &TransactWriteItemsRequest,
    ctx: &RequestContext,
) -> TokenRecord {
    TokenRecord {
        request: canonical(actions, req),
        completed_millis: ctx.now_millis,
        targets: targets(db, actions),
    }
}

/// `Some(output)` when this is a replay of a remembered transaction; `None` when the token is new (or its
/// window has passed); IdempotentParameterMismatchException when the request differs.
/// A record whose window has passed counts as absent (the caller forgets such records afterwards,
/// `Database::expire_tokens`).
pub(super) fn replay(
    db: &Database,
    token: &str,
    actions: &[Prepared<'_>],
    req: &TransactWriteItemsRequest,
    ctx: &RequestContext,
) -> Result<Option<TransactWriteOutput>, ApiError> {
    let Some(record) = db.tokens.get(token).filter(|r| r.is_live(ctx.now_millis)) else {
        return Ok(None);
    };
    if record.request != canonical(actions, req) {
        return Err(ApiError::new(
            ErrorType::IdempotentParameterMismatchException,
            messages::IDEMPOTENT_PARAMETER_MISMATCH,
        ));
    }
    let consumed = (req.return_consumed_capacity != ReturnConsumedCapacity::None).then(|| {
        let mut ledger = CapacityLedger::default();
        for (table_name, key) in &record.targets {
            let Some(table) = db.table(table_name) else {
                continue;
            };
            let size = table
                .schema
                .key_schema
                .key_of_key_map(key)
                .ok()
                .and_then(|k| table.get(&k))
                .map_or(0, |r| r.size());
            ledger
                .entry(table_name, CapacityKind::Read, true)
                .add_table(2.0 * capacity::read_units(size, true));
        }
        ledger.entries
    });
    let metrics =
        (req.return_item_collection_metrics == ReturnItemCollectionMetrics::Size).then(|| {
            let mut metrics = Vec::new();
            for a in actions
                .iter()
                .filter(|a| a.req.action != ActionType::ConditionCheck)
            {
                let Some(table) = db.table(a.table) else {
                    continue;
                };
                if let Some(m) = common::collection_metrics(&table.schema, &key_item(a)) {
                    match metrics
                        .iter_mut()
                        .find(|(t, _): &&mut (String, Vec<_>)| t == a.table)
                    {
                        Some((_, list)) => {
                            if !list.contains(&m) {
                                list.push(m)
                            }
                        }
                        None => metrics.push((a.table.to_string(), vec![m])),
                    }
                }
            }
            metrics
        });
    Ok(Some(TransactWriteOutput {
        consumed_capacity: consumed,
        item_collection_metrics: metrics,
    }))
}
