//! Query and Scan: request members and responses.

use serde_json::{json, Map, Value};

use super::items::{rcc, RCC};
use super::members::{self as m, Constraints, Obj};
use super::render;
use crate::engine::capacity::ReturnConsumedCapacity;
use crate::engine::error::ApiError;
use crate::engine::messages as msg;
use crate::engine::ops::query::QueryRequest;
use crate::engine::ops::read_page::{ReadOutput, Select};
use crate::engine::ops::scan::ScanRequest;

/// Members Query and Scan share.
struct ReadMembers<'a> {
    consistent: Option<bool>,
    start: Option<crate::engine::ops::WireMap>,
    names: Option<std::collections::BTreeMap<String, String>>,
    values: Option<crate::engine::ops::WireMap>,
    filter: Option<&'a str>,
    index: Option<&'a str>,
    limit: Option<i64>,
    projection: Option<&'a str>,
    rcc: Option<&'a str>,
    select: Option<&'a str>,
    table: Option<&'a str>,
}

fn read_members(obj: &Obj) -> Result<ReadMembers<'_>, ApiError> {
    Ok(ReadMembers {
        consistent: m::boolean(obj, "ConsistentRead")?,
        start: m::attribute_map(obj, "ExclusiveStartKey")?,
        names: m::string_map(obj, "ExpressionAttributeNames")?,
        values: m::attribute_map(obj, "ExpressionAttributeValues")?,
        filter: m::string(obj, "FilterExpression")?,
        index: m::string(obj, "IndexName")?,
        limit: m::integer(obj, "Limit")?,
        projection: m::string(obj, "ProjectionExpression")?,
        rcc: m::string(obj, "ReturnConsumedCapacity")?,
        select: m::string(obj, "Select")?,
        table: m::string(obj, "TableName")?,
    })
}

fn check_shared(r: &ReadMembers<'_>, c: &mut Constraints) {
    c.table_name("indexName", r.index, false);
    c.int_range("limit", r.limit, Some(1), None);
}

fn check_tail(r: &ReadMembers<'_>, c: &mut Constraints) {
    c.enumeration("returnConsumedCapacity", r.rcc, RCC);
    c.enumeration("select", r.select, msg::ENUM_SELECT);
    c.table_name("tableName", r.table, true);
}

pub fn query(obj: &Obj) -> Result<QueryRequest, ApiError> {
    let r = read_members(obj)?;
    let key_condition = m::string(obj, "KeyConditionExpression")?;
    let forward = m::boolean(obj, "ScanIndexForward")?;
    let mut c = Constraints::new();
    check_shared(&r, &mut c);
    check_tail(&r, &mut c);
    c.finish()?;
    Ok(QueryRequest {
        table_name: r.table.unwrap_or_default().to_string(),
        index_name: r.index.map(str::to_string),
        select: r.select.and_then(Select::parse),
        limit: r.limit.and_then(|l| usize::try_from(l).ok()),
        consistent_read: r.consistent.unwrap_or(false),
        key_condition_expression: key_condition.map(str::to_string),
        filter_expression: r.filter.map(str::to_string),
        projection_expression: r.projection.map(str::to_string),
        expression_attribute_names: r.names,
        expression_attribute_values: r.values,
        exclusive_start_key: r.start,
        scan_index_forward: forward.unwrap_or(true),
        return_consumed_capacity: rcc(r.rcc),
    })
}

pub fn scan(obj: &Obj) -> Result<ScanRequest, ApiError> {
    let r = read_members(obj)?;
    let segment = m::integer(obj, "Segment")?;
    let total = m::integer(obj, "TotalSegments")?;
    let mut c = Constraints::new();
    check_shared(&r, &mut c);
    check_tail(&r, &mut c);
    c.int_range("segment", segment, Some(0), Some(999_999));
    c.int_range("totalSegments", total, Some(1), Some(1_000_000));
    c.finish()?;
    let segment = match (segment, total) {
        (None, None) => None,
        (Some(_), None) => return Err(ApiError::validation(msg::SCAN_SEGMENT_WITHOUT_TOTAL)),
        (None, Some(_)) => return Err(ApiError::validation(msg::SCAN_TOTAL_WITHOUT_SEGMENT)),
        (Some(s), Some(t)) if s >= t => {
            return Err(ApiError::validation(msg::scan_segment_too_large(s, t)))
        }
        (Some(s), Some(t)) => Some((s.max(0) as u64, t.max(1) as u64)),
    };
    Ok(ScanRequest {
        table_name: r.table.unwrap_or_default().to_string(),
        index_name: r.index.map(str::to_string),
        select: r.select.and_then(Select::parse),
        limit: r.limit.and_then(|l| usize::try_from(l).ok()),
        consistent_read: r.consistent.unwrap_or(false),
        filter_expression: r.filter.map(str::to_string),
        projection_expression: r.projection.map(str::to_string),
        expression_attribute_names: r.names,
        expression_attribute_values: r.values,
        exclusive_start_key: r.start,
        segment,
        return_consumed_capacity: rcc(r.rcc),
    })
}

/// `{"Items", "Count", "ScannedCount", "LastEvaluatedKey", "ConsumedCapacity"}`.
pub fn output(out: &ReadOutput, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    if let Some(items) = &out.items {
        m.insert(
            "Items".into(),
            Value::Array(items.iter().map(render::item).collect()),
        );
    }
    m.insert("Count".into(), json!(out.count));
    m.insert("ScannedCount".into(), json!(out.scanned_count));
    if let Some(k) = &out.last_evaluated_key {
        m.insert("LastEvaluatedKey".into(), render::item(k));
    }
    if let Some(c) = &out.consumed_capacity {
        m.insert(
            "ConsumedCapacity".into(),
            render::consumed_capacity(c, mode),
        );
    }
    Value::Object(m)
}
