//! DeleteItem: remove one item (deleting a missing item is not an error), optionally under a condition.

use std::collections::BTreeMap;

use crate::engine::database::{Database, RequestContext};
use crate::engine::key::check_empty_key_map;
use crate::engine::messages;
use crate::engine::rows::StoredItem;
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace};
use crate::engine::value::ValueLayer;

use super::common::{self, condition_failed};
use super::expressions::{self, ExpressionTexts};
use super::{
    OpError, ReturnConsumedCapacity, ReturnItemCollectionMetrics, ReturnOnConditionFailure,
    ReturnValues, WireMap, WriteOutput,
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeleteItemRequest {
    pub table_name: String,
    pub key: WireMap,
    pub condition_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: ReturnItemCollectionMetrics,
    pub return_values_on_condition_check_failure: ReturnOnConditionFailure,
}

pub fn delete_item(
    db: &mut Database,
    req: &DeleteItemRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<WriteOutput, OpError> {
    if !matches!(req.return_values, ReturnValues::None | ReturnValues::AllOld) {
        return Err(OpError::validation(messages::RETURN_VALUES_INVALID));
    }
    let key_map = common::validate_attribute_map(&req.key, ValueLayer::Current)?;
    let exprs = expressions::prepare(
        &ExpressionTexts {
            condition: req.condition_expression.as_deref(),
            ..Default::default()
        },
        req.expression_attribute_names.as_ref(),
        req.expression_attribute_values.as_ref(),
        ValueLayer::Current,
    )?;
    let table = common::find_table(db, &req.table_name)?;
    let schema = &table.schema;
    let key = schema
        .key_schema
        .key_of_key_map(&key_map)
        .map_err(OpError::validation)?;
    check_empty_key_map(&key_map).map_err(OpError::validation)?;
    schema
        .key_schema
        .check_key_sizes(&key_map)
        .map_err(OpError::validation)?;

    if db.is_held(&schema.name, &key) {
        return Err(OpError::new(
            crate::engine::ErrorType::TransactionConflictException,
            messages::TRANSACTION_CONFLICT_SINGLE,
        ));
    }
    let mut action = ActionTrace::new(0, ActionType::Delete, table.shared_name().clone());
    action.key = Some(key_map.clone().into());
    // `item_before`: a copy when the request stops here; after the delete, the entry it removed.
    let (before, spot) = table.get_spot(&key);
    let old_item = common::old_item_if_read(
        before,
        schema,
        exprs.condition.is_some(),
        req.return_values,
        req.return_consumed_capacity,
    );
    let old = old_item.as_ref();
    if let Some(cond) = &exprs.condition {
        let result = expressions::evaluate(cond, old, &exprs.attrs);
        let passed = result.result;
        action.condition = Some(result);
        if !passed {
            action.item_before = before.map(|r| r.image().to_image());
            trace.actions.push(action);
            let all_old =
                req.return_values_on_condition_check_failure == ReturnOnConditionFailure::AllOld;
            return Err(condition_failed(all_old, old));
        }
    }
    let consumed = common::single_write_capacity(
        schema,
        req.return_consumed_capacity,
        old,
        before.map(|r| r.size()).unwrap_or(0),
        None,
        0,
    );
    let metrics = match req.return_item_collection_metrics {
        ReturnItemCollectionMetrics::Size => common::collection_metrics(schema, &key_map),
        ReturnItemCollectionMetrics::None => None,
    };
    let attributes = common::return_attributes(req.return_values, old, None, None);
    let table_name = schema.name.clone();
    if let Some(t) = db.table_mut(&table_name) {
        action.item_before = t.remove_at(Some(spot), &key).map(StoredItem::into_image);
    }
    trace.actions.push(action);
    Ok(WriteOutput {
        attributes,
        consumed_capacity: consumed,
        item_collection_metrics: metrics,
    })
}
