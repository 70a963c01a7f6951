//! PutItem, GetItem, UpdateItem, DeleteItem: request members and responses.

use serde_json::{Map, Value};

use super::members::{self as m, Constraints, Obj};
use super::render;
use crate::engine::capacity::ReturnConsumedCapacity;
use crate::engine::error::ApiError;
use crate::engine::messages as msg;
use crate::engine::ops::delete_item::DeleteItemRequest;
use crate::engine::ops::get_item::{GetItemOutput, GetItemRequest};
use crate::engine::ops::put_item::PutItemRequest;
use crate::engine::ops::update_item::UpdateItemRequest;
use crate::engine::ops::{
    ReturnItemCollectionMetrics, ReturnOnConditionFailure, ReturnValues, WriteOutput,
};

/// The members every conditional write has, read and checked in the model's (alphabetical) order.
#[derive(Default)]
pub(super) struct WriteMembers<'a> {
    pub condition: Option<&'a str>,
    pub names: Option<std::collections::BTreeMap<String, String>>,
    pub values: Option<crate::engine::ops::WireMap>,
    pub rcc: Option<&'a str>,
    pub ricm: Option<&'a str>,
    pub rv: Option<&'a str>,
    pub rvoccf: Option<&'a str>,
    pub table: Option<&'a str>,
}

fn write_members<'a>(obj: &'a Obj) -> Result<WriteMembers<'a>, ApiError> {
    Ok(WriteMembers {
        condition: m::string(obj, "ConditionExpression")?,
        names: m::string_map(obj, "ExpressionAttributeNames")?,
        values: m::attribute_map(obj, "ExpressionAttributeValues")?,
        rcc: m::string(obj, "ReturnConsumedCapacity")?,
        ricm: m::string(obj, "ReturnItemCollectionMetrics")?,
        rv: m::string(obj, "ReturnValues")?,
        rvoccf: m::string(obj, "ReturnValuesOnConditionCheckFailure")?,
        table: m::string(obj, "TableName")?,
    })
}

/// Constraints of the shared members; `key_member` (`item` or `key`) is checked in its alphabetical place.
fn check_write_members(
    w: &WriteMembers<'_>,
    key_member: (&str, bool),
    extra: impl FnOnce(&mut Constraints),
) -> Result<(), ApiError> {
    let mut c = Constraints::new();
    c.not_null(key_member.0, key_member.1);
    c.enumeration(
        "returnConsumedCapacity",
        w.rcc,
        msg::ENUM_RETURN_CONSUMED_CAPACITY,
    );
    c.enumeration(
        "returnItemCollectionMetrics",
        w.ricm,
        msg::ENUM_RETURN_ITEM_COLLECTION_METRICS,
    );
    c.enumeration("returnValues", w.rv, msg::ENUM_RETURN_VALUES);
    c.enumeration(
        "returnValuesOnConditionCheckFailure",
        w.rvoccf,
        msg::ENUM_RETURN_VALUES_ON_CCF,
    );
    c.table_name("tableName", w.table, true);
    extra(&mut c);
    c.finish()
}

pub(super) const RCC: &[&str] = msg::ENUM_RETURN_CONSUMED_CAPACITY;

pub(super) fn rcc(text: Option<&str>) -> ReturnConsumedCapacity {
    text.and_then(ReturnConsumedCapacity::parse)
        .unwrap_or_default()
}
pub(super) fn ricm(text: Option<&str>) -> ReturnItemCollectionMetrics {
    text.and_then(ReturnItemCollectionMetrics::parse)
        .unwrap_or_default()
}
fn rv(text: Option<&str>) -> ReturnValues {
    text.and_then(ReturnValues::parse).unwrap_or_default()
}
pub(super) fn rvoccf(text: Option<&str>) -> ReturnOnConditionFailure {
    text.and_then(ReturnOnConditionFailure::parse)
        .unwrap_or_default()
}

pub fn put_item(obj: &Obj) -> Result<PutItemRequest, ApiError> {
    let w = write_members(obj)?;
    let item = m::attribute_map(obj, "Item")?;
    put_item_checked(w, item)
}

/// PutItem's member constraints (layer 1), once its members are read (from a JSON value, or straight from the
/// body by `fast.rs`).
pub(super) fn put_item_checked(
    w: WriteMembers<'_>,
    item: Option<crate::engine::ops::WireMap>,
) -> Result<PutItemRequest, ApiError> {
    check_write_members(&w, ("item", item.is_some()), |_| {})?;
    Ok(PutItemRequest {
        table_name: w.table.unwrap_or_default().to_string(),
        item: item.unwrap_or_default(),
        condition_expression: w.condition.map(str::to_string),
        expression_attribute_names: w.names,
        expression_attribute_values: w.values,
        return_values: rv(w.rv),
        return_consumed_capacity: rcc(w.rcc),
        return_item_collection_metrics: ricm(w.ricm),
        return_values_on_condition_check_failure: rvoccf(w.rvoccf),
    })
}

pub fn update_item(obj: &Obj) -> Result<UpdateItemRequest, ApiError> {
    let w = write_members(obj)?;
    let key = m::attribute_map(obj, "Key")?;
    let update = m::string(obj, "UpdateExpression")?;
    check_write_members(&w, ("key", key.is_some()), |_| {})?;
    Ok(UpdateItemRequest {
        table_name: w.table.unwrap_or_default().to_string(),
        key: key.unwrap_or_default(),
        update_expression: update.map(str::to_string),
        condition_expression: w.condition.map(str::to_string),
        expression_attribute_names: w.names,
        expression_attribute_values: w.values,
        return_values: rv(w.rv),
        return_consumed_capacity: rcc(w.rcc),
        return_item_collection_metrics: ricm(w.ricm),
        return_values_on_condition_check_failure: rvoccf(w.rvoccf),
    })
}

pub fn delete_item(obj: &Obj) -> Result<DeleteItemRequest, ApiError> {
    let w = write_members(obj)?;
    let key = m::attribute_map(obj, "Key")?;
    check_write_members(&w, ("key", key.is_some()), |_| {})?;
    Ok(DeleteItemRequest {
        table_name: w.table.unwrap_or_default().to_string(),
        key: key.unwrap_or_default(),
        condition_expression: w.condition.map(str::to_string),
        expression_attribute_names: w.names,
        expression_attribute_values: w.values,
        return_values: rv(w.rv),
        return_consumed_capacity: rcc(w.rcc),
        return_item_collection_metrics: ricm(w.ricm),
        return_values_on_condition_check_failure: rvoccf(w.rvoccf),
    })
}

pub fn get_item(obj: &Obj) -> Result<GetItemRequest, ApiError> {
    let consistent = m::boolean(obj, "ConsistentRead")?;
    let names = m::string_map(obj, "ExpressionAttributeNames")?;
    let key = m::attribute_map(obj, "Key")?;
    let projection = m::string(obj, "ProjectionExpression")?;
    let rcc_text = m::string(obj, "ReturnConsumedCapacity")?;
    let table = m::string(obj, "TableName")?;
    let mut c = Constraints::new();
    c.not_null("key", key.is_some());
    c.enumeration(
        "returnConsumedCapacity",
        rcc_text,
        msg::ENUM_RETURN_CONSUMED_CAPACITY,
    );
    c.table_name("tableName", table, true);
    c.finish()?;
    Ok(GetItemRequest {
        table_name: table.unwrap_or_default().to_string(),
        key: key.unwrap_or_default(),
        projection_expression: projection.map(str::to_string),
        expression_attribute_names: names,
        consistent_read: consistent.unwrap_or(false),
        return_consumed_capacity: rcc(rcc_text),
    })
}

/// `{"Attributes", "ConsumedCapacity", "ItemCollectionMetrics"}`, each only when present.
pub fn write_output(out: &WriteOutput, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    if let Some(a) = &out.attributes {
        m.insert("Attributes".into(), render::item(a));
    }
    if let Some(c) = &out.consumed_capacity {
        m.insert(
            "ConsumedCapacity".into(),
            render::consumed_capacity(c, mode),
        );
    }
    if let Some(icm) = &out.item_collection_metrics {
        m.insert(
            "ItemCollectionMetrics".into(),
            render::item_collection_metrics(icm),
        );
    }
    Value::Object(m)
}

pub fn get_output(out: &GetItemOutput, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    if let Some(i) = &out.item {
        m.insert("Item".into(), render::item(i));
    }
    if let Some(c) = &out.consumed_capacity {
        m.insert(
            "ConsumedCapacity".into(),
            render::consumed_capacity(c, mode),
        );
    }
    Value::Object(m)
}
