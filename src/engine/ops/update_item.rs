//! UpdateItem: change (or create) one item with an UpdateExpression, optionally under a condition.

use std::collections::BTreeMap;

use crate::engine::database::{Database, RequestContext};
use crate::engine::image::ItemImage;
use crate::engine::item::item_size;
use crate::engine::key::check_empty_key_map;
use crate::engine::messages;
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace};
use crate::engine::value::ValueLayer;

use super::common::{self, condition_failed};
use super::expressions::{self, ExpressionTexts};
use super::{
    OpError, ReturnConsumedCapacity, ReturnItemCollectionMetrics, ReturnOnConditionFailure,
    ReturnValues, WireMap, WriteOutput,
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateItemRequest {
    pub table_name: String,
    pub key: WireMap,
    pub update_expression: Option<String>,
    pub condition_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: ReturnItemCollectionMetrics,
    pub return_values_on_condition_check_failure: ReturnOnConditionFailure,
}

pub fn update_item(
    db: &mut Database,
    req: &UpdateItemRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<WriteOutput, OpError> {
    let key_map = common::validate_attribute_map(&req.key, ValueLayer::Current)?;
    let exprs = expressions::prepare(
        &ExpressionTexts {
            update: req.update_expression.as_deref(),
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
    let key_names: Vec<&str> = schema
        .key_schema
        .attributes()
        .map(|a| a.name.as_str())
        .collect();
    exprs.check_update_keys(&key_names)?;
    exprs.check_scalar_keys(schema)?;

    if db.is_held(&schema.name, &key) {
        return Err(OpError::new(
            crate::engine::ErrorType::TransactionConflictException,
            messages::TRANSACTION_CONFLICT_SINGLE,
        ));
    }
    let mut action = ActionTrace::new(0, ActionType::Update, table.shared_name().clone());
    action.key = Some(key_map.clone().into());
    let before = table.get(&key);
    action.item_before = before.map(|r| r.image().to_image());
    let old_item = before.map(|r| r.item());
    let old = old_item.as_ref();
    if let Some(cond) = &exprs.condition {
        let result = expressions::evaluate(cond, old, &exprs.attrs);
        let passed = result.result;
        action.condition = Some(result);
        if !passed {
            trace.actions.push(action);
            let all_old =
                req.return_values_on_condition_check_failure == ReturnOnConditionFailure::AllOld;
            return Err(condition_failed(all_old, old));
        }
    }
    // Without an UpdateExpression the item is created with its key alone (or left as it is).
    let new = match &exprs.update {
        Some(update) => {
            let result = expressions::apply_update(update, old, &key_map, &exprs.attrs);
            action.update = Some(result.trace);
            match result.item {
                Ok(new) => new,
                Err(message) => {
                    trace.actions.push(action);
                    return Err(OpError::validation(message));
                }
            }
        }
        None => Some(old.cloned().unwrap_or_else(|| key_map.clone())),
    };
    let new_size = new.as_ref().map(item_size).unwrap_or(0);
    if let Some(n) = &new {
        let checked = common::check_item_limits(n, new_size, messages::ITEM_TOO_LARGE_UPDATE)
            .and_then(|_| common::check_index_keys(schema, n, true));
        if let Err(message) = checked {
            trace.actions.push(action);
            return Err(OpError::validation(message));
        }
    }
    let consumed = common::single_write_capacity(
        schema,
        req.return_consumed_capacity,
        old,
        before.map(|r| r.size()).unwrap_or(0),
        new.as_ref(),
        new_size,
    );
    let metrics = match (req.return_item_collection_metrics, &new) {
        (ReturnItemCollectionMetrics::Size, Some(n)) => common::collection_metrics(schema, n),
        _ => None,
    };
    let updated = exprs
        .update
        .as_ref()
        .map(|u| common::updated_paths(u, &exprs.attrs.names));
    let attributes =
        common::return_attributes(req.return_values, old, new.as_ref(), updated.as_ref());
    let image = new.map(|n| ItemImage::encode_sized(&n, new_size));
    let table_name = schema.name.clone();
    if let (Some(image), Some(t)) = (&image, db.table_mut(&table_name)) {
        t.put_image(&key, image.as_image());
    }
    action.item_after = image;
    trace.actions.push(action);
    Ok(WriteOutput {
        attributes,
        consumed_capacity: consumed,
        item_collection_metrics: metrics,
    })
}
