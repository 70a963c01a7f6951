//! PutItem: replace (or create) a whole item, optionally under a condition.

use std::collections::BTreeMap;

use crate::engine::database::{Database, RequestContext};
use crate::engine::image::ItemImage;
use crate::engine::key::check_empty_key_values;
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
pub struct PutItemRequest {
    pub table_name: String,
    pub item: WireMap,
    pub condition_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: ReturnItemCollectionMetrics,
    pub return_values_on_condition_check_failure: ReturnOnConditionFailure,
}

pub fn put_item(
    db: &mut Database,
    req: &PutItemRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<WriteOutput, OpError> {
    if !matches!(req.return_values, ReturnValues::None | ReturnValues::AllOld) {
        return Err(OpError::validation(messages::RETURN_VALUES_INVALID));
    }
    let (item, new_size) = common::validate_sized_attribute_map(&req.item, ValueLayer::Current)?;
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
    let mut action = ActionTrace::new(0, ActionType::Put, table.shared_name().clone());
    let key = schema
        .key_schema
        .key_of_item(&item)
        .map_err(OpError::validation)?;
    check_empty_key_values(
        &item,
        schema.key_schema.attributes().map(|a| a.name.as_str()),
    )
    .map_err(OpError::validation)?;
    schema
        .key_schema
        .check_key_sizes(&item)
        .map_err(OpError::validation)?;
    common::check_index_keys(schema, &item, false).map_err(OpError::validation)?;
    common::check_item_limits(&item, new_size, messages::ITEM_TOO_LARGE_PUT)
        .map_err(OpError::validation)?;

    if db.is_held(&schema.name, &key) {
        return Err(OpError::new(
            crate::engine::ErrorType::TransactionConflictException,
            messages::TRANSACTION_CONFLICT_SINGLE,
        ));
    }
    // `item_before`: a copy when the request stops here; after the write, the entry it replaced.
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
            action.key = Some(schema.key_schema.key_map_of(&item).into());
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
        Some(&item),
        new_size,
    );
    let metrics = match req.return_item_collection_metrics {
        ReturnItemCollectionMetrics::Size => common::collection_metrics(schema, &item),
        ReturnItemCollectionMetrics::None => None,
    };
    // Made as the table's entry for the key: the write stores it without a copy.
    let image = ItemImage::encode_sized_keyed(key.as_bytes(), &item, new_size);
    let attributes = common::return_attributes(req.return_values, old, None, None);
    // The key attributes, as the key map of the item's key: nothing reads the rest of the item any more, so
    // the item itself, stripped to them, becomes the trace's key.
    let mut key_map = item;
    key_map.retain(|name, _| schema.key_schema.contains(name));
    action.key = Some(key_map.into());
    let table_name = table.shared_name().clone();
    if let Some(t) = db.table_mut(&table_name) {
        action.item_before = t
            .put_item_image_at(Some(spot), &key, &image)
            .map(StoredItem::into_image);
    }
    action.item_after = Some(image);
    trace.actions.push(action);
    Ok(WriteOutput {
        attributes,
        consumed_capacity: consumed,
        item_collection_metrics: metrics,
    })
}
