//! GetItem: read one item by key, optionally projected.

use std::collections::BTreeMap;

use crate::engine::capacity::{self, CapacityKind, ConsumedCapacity};
use crate::engine::database::{Database, RequestContext};
use crate::engine::item::Item;
use crate::engine::key::check_empty_key_map;
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace};
use crate::engine::value::ValueLayer;

use super::common;
use super::expressions::{self, ExpressionTexts};
use super::projection::PathTree;
use super::{OpError, ReturnConsumedCapacity, WireMap};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GetItemRequest {
    pub table_name: String,
    pub key: WireMap,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub consistent_read: bool,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GetItemOutput {
    /// `None` when there is no such item (the response then has no `Item`).
    pub item: Option<Item>,
    pub consumed_capacity: Option<ConsumedCapacity>,
}

pub fn get_item(
    db: &Database,
    req: &GetItemRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<GetItemOutput, OpError> {
    let key_map = common::validate_attribute_map(&req.key, ValueLayer::Current)?;
    let exprs = expressions::prepare(
        &ExpressionTexts {
            projection: req.projection_expression.as_deref(),
            ..Default::default()
        },
        req.expression_attribute_names.as_ref(),
        None,
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
    exprs.check_scalar_keys(schema)?;
    let row = table.get(&key);
    let mut action = ActionTrace::new(0, ActionType::Get, table.shared_name().clone());
    action.key = Some(key_map.into());
    action.item_before = row.map(|r| r.image().to_image());
    trace.actions.push(action);
    let consumed = (req.return_consumed_capacity != ReturnConsumedCapacity::None).then(|| {
        let mut c = ConsumedCapacity::new(&schema.name, CapacityKind::Read, false);
        c.add_table(capacity::read_units(
            row.map(|r| r.size()).unwrap_or(0),
            req.consistent_read,
        ));
        c
    });
    let item = row.map(|r| {
        let item = r.item();
        match &exprs.projection {
            Some(p) => PathTree::from_projection(p, &exprs.attrs.names).apply(&item),
            None => item,
        }
    });
    Ok(GetItemOutput {
        item,
        consumed_capacity: consumed,
    })
}
