//! CreateTable, DeleteTable, DescribeTable, ListTables: request members and responses.

use serde_json::{json, Map, Value};

use super::members::{self as m, Constraints, Obj};
use super::render;
use crate::engine::error::ApiError;
use crate::engine::key::ScalarType;
use crate::engine::messages as msg;
use crate::engine::ops::create_table::{
    CreateTableRequest, IndexRequest, KeyType, ThroughputRequest,
};
use crate::engine::ops::delete_table::DeleteTableRequest;
use crate::engine::ops::describe_table::{DescribeTableRequest, TableDescription};
use crate::engine::ops::list_tables::{ListTablesOutput, ListTablesRequest};
use crate::engine::table::{BillingMode, ProjectionType};

fn key_schema(
    list: Option<&Vec<Value>>,
    path: &str,
    c: &mut Constraints,
) -> Result<Vec<(String, KeyType)>, ApiError> {
    let Some(list) = list else {
        c.not_null(path, false);
        return Ok(Vec::new());
    };
    c.list_length(path, || m::dump_list(list), list.len(), 1, 2);
    let mut out = Vec::new();
    for (i, element) in list.iter().enumerate() {
        let o = m::as_object(element)?;
        let name = m::string(o, "AttributeName")?;
        let key_type = m::string(o, "KeyType")?;
        let base = format!("{path}.{}.member", i + 1);
        c.not_null(&format!("{base}.attributeName"), name.is_some());
        c.length(&format!("{base}.attributeName"), name, 1, 255);
        c.not_null(&format!("{base}.keyType"), key_type.is_some());
        c.enumeration(&format!("{base}.keyType"), key_type, msg::ENUM_KEY_TYPE);
        if let (Some(n), Some(t)) = (name, key_type.and_then(KeyType::parse)) {
            out.push((n.to_string(), t));
        }
    }
    Ok(out)
}

fn throughput(
    o: Option<&Obj>,
    path: &str,
    c: &mut Constraints,
) -> Result<Option<ThroughputRequest>, ApiError> {
    let Some(o) = o else { return Ok(None) };
    let read = m::integer(o, "ReadCapacityUnits")?;
    let write = m::integer(o, "WriteCapacityUnits")?;
    c.not_null(&format!("{path}.readCapacityUnits"), read.is_some());
    c.int_range(&format!("{path}.readCapacityUnits"), read, Some(1), None);
    c.not_null(&format!("{path}.writeCapacityUnits"), write.is_some());
    c.int_range(&format!("{path}.writeCapacityUnits"), write, Some(1), None);
    Ok(Some(ThroughputRequest {
        read_capacity_units: read,
        write_capacity_units: write,
    }))
}

fn indexes(
    list: Option<&Vec<Value>>,
    path: &str,
    global: bool,
    c: &mut Constraints,
) -> Result<Option<Vec<IndexRequest>>, ApiError> {
    let Some(list) = list else { return Ok(None) };
    let mut out = Vec::new();
    for (i, element) in list.iter().enumerate() {
        let o = m::as_object(element)?;
        let base = format!("{path}.{}.member", i + 1);
        let name = m::string(o, "IndexName")?;
        c.not_null(&format!("{base}.indexName"), name.is_some());
        c.table_name(&format!("{base}.indexName"), name, false);
        let keys = key_schema(m::list(o, "KeySchema")?, &format!("{base}.keySchema"), c)?;
        let projection = m::object(o, "Projection")?;
        c.not_null(&format!("{base}.projection"), projection.is_some());
        let (mut projection_type, mut non_key) = (None, None);
        if let Some(p) = projection {
            let t = m::string(p, "ProjectionType")?;
            non_key = m::string_list(p, "NonKeyAttributes")?;
            c.enumeration(
                &format!("{base}.projection.projectionType"),
                t,
                msg::ENUM_PROJECTION_TYPE,
            );
            if let Some(n) = &non_key {
                c.list_length(
                    &format!("{base}.projection.nonKeyAttributes"),
                    || format!("[{}]", n.join(", ")),
                    n.len(),
                    1,
                    20,
                );
            }
            projection_type = t.and_then(ProjectionType::parse);
        }
        let provisioned = if global {
            throughput(
                m::object(o, "ProvisionedThroughput")?,
                &format!("{base}.provisionedThroughput"),
                c,
            )?
        } else {
            None
        };
        out.push(IndexRequest {
            index_name: name.unwrap_or_default().to_string(),
            key_schema: keys,
            projection_type,
            non_key_attributes: non_key,
            provisioned_throughput: provisioned,
        });
    }
    Ok(Some(out))
}

pub fn create_table(obj: &Obj) -> Result<CreateTableRequest, ApiError> {
    let mut c = Constraints::new();
    let defs_json = m::list(obj, "AttributeDefinitions")?;
    let mut defs = Vec::new();
    match defs_json {
        None => c.not_null("attributeDefinitions", false),
        Some(list) => {
            for (i, element) in list.iter().enumerate() {
                let o = m::as_object(element)?;
                let name = m::string(o, "AttributeName")?;
                let t = m::string(o, "AttributeType")?;
                let base = format!("attributeDefinitions.{}.member", i + 1);
                c.not_null(&format!("{base}.attributeName"), name.is_some());
                c.length(&format!("{base}.attributeName"), name, 1, 255);
                c.not_null(&format!("{base}.attributeType"), t.is_some());
                c.enumeration(&format!("{base}.attributeType"), t, msg::ENUM_SCALAR_TYPE);
                if let (Some(n), Some(t)) = (name, t.and_then(ScalarType::parse)) {
                    defs.push((n.to_string(), t));
                }
            }
        }
    }
    let billing = m::string(obj, "BillingMode")?;
    c.enumeration("billingMode", billing, msg::ENUM_BILLING_MODE);
    let gsis = indexes(
        m::list(obj, "GlobalSecondaryIndexes")?,
        "globalSecondaryIndexes",
        true,
        &mut c,
    )?;
    let keys = key_schema(m::list(obj, "KeySchema")?, "keySchema", &mut c)?;
    let lsis = indexes(
        m::list(obj, "LocalSecondaryIndexes")?,
        "localSecondaryIndexes",
        false,
        &mut c,
    )?;
    let provisioned = throughput(
        m::object(obj, "ProvisionedThroughput")?,
        "provisionedThroughput",
        &mut c,
    )?;
    let table = m::string(obj, "TableName")?;
    c.table_name("tableName", table, true);
    c.finish()?;
    Ok(CreateTableRequest {
        table_name: table.unwrap_or_default().to_string(),
        attribute_definitions: defs,
        key_schema: keys,
        local_secondary_indexes: lsis,
        global_secondary_indexes: gsis,
        billing_mode: billing.map(|b| {
            if b == "PAY_PER_REQUEST" {
                BillingMode::PayPerRequest
            } else {
                BillingMode::Provisioned
            }
        }),
        provisioned_throughput: provisioned,
    })
}

fn table_only(obj: &Obj) -> Result<String, ApiError> {
    let table = m::string(obj, "TableName")?;
    let mut c = Constraints::new();
    c.table_name("tableName", table, true);
    c.finish()?;
    Ok(table.unwrap_or_default().to_string())
}

pub fn delete_table(obj: &Obj) -> Result<DeleteTableRequest, ApiError> {
    Ok(DeleteTableRequest {
        table_name: table_only(obj)?,
    })
}

pub fn describe_table(obj: &Obj) -> Result<DescribeTableRequest, ApiError> {
    Ok(DescribeTableRequest {
        table_name: table_only(obj)?,
    })
}

pub fn list_tables(obj: &Obj) -> Result<ListTablesRequest, ApiError> {
    let start = m::string(obj, "ExclusiveStartTableName")?;
    let limit = m::integer(obj, "Limit")?;
    let mut c = Constraints::new();
    c.table_name("exclusiveStartTableName", start, false);
    c.int_range("limit", limit, Some(1), Some(100));
    c.finish()?;
    Ok(ListTablesRequest {
        exclusive_start_table_name: start.map(str::to_string),
        limit: limit.and_then(|l| usize::try_from(l).ok()),
    })
}

/// `{"TableDescription": ...}` (CreateTable, DeleteTable) or `{"Table": ...}` (DescribeTable).
pub fn description(member: &str, d: &TableDescription) -> Value {
    let mut m = Map::new();
    m.insert(member.into(), render::table_description(d));
    Value::Object(m)
}

pub fn list_output(out: &ListTablesOutput) -> Value {
    let mut m = Map::new();
    m.insert("TableNames".into(), json!(out.table_names));
    if let Some(last) = &out.last_evaluated_table_name {
        m.insert("LastEvaluatedTableName".into(), json!(last));
    }
    Value::Object(m)
}
