//! CreateTable: key schema over S/N/B attribute definitions, local and global secondary indexes, billing.
//! The checks after the member constraints follow dynalite's captures of DynamoDB ([H]), in its order.

use crate::engine::database::{Database, RequestContext};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::key::{KeyAttribute, KeySchema, ScalarType};
use crate::engine::messages;
use crate::engine::table::{
    BillingMode, IndexProjection, ProjectionType, ProvisionedThroughput, SecondaryIndex, Table,
    TableSchema,
};

use super::describe_table::{describe, TableDescription};
use super::OpError;

/// Most LSIs / GSIs per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Key attribute names are limited to 255 bytes (spec §5).
pub const MAX_KEY_NAME_BYTES: usize = 255;
/// Largest ReadCapacityUnits / WriteCapacityUnits CreateTable accepts [H].
pub const MAX_THROUGHPUT: i64 = 1_000_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Hash,
    Range,
}

impl KeyType {
    pub fn parse(text: &str) -> Option<KeyType> {
        match text {
            "HASH" => Some(KeyType::Hash),
            "RANGE" => Some(KeyType::Range),
            _ => None,
        }
    }
}

/// `ProvisionedThroughput` as sent (both members are required by the model; absent ones are caught there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThroughputRequest {
    pub read_capacity_units: Option<i64>,
    pub write_capacity_units: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndexRequest {
    pub index_name: String,
    pub key_schema: Vec<(String, KeyType)>,
    pub projection_type: Option<ProjectionType>,
    pub non_key_attributes: Option<Vec<String>>,
    pub provisioned_throughput: Option<ThroughputRequest>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateTableRequest {
    pub table_name: String,
    pub attribute_definitions: Vec<(String, ScalarType)>,
    pub key_schema: Vec<(String, KeyType)>,
    pub local_secondary_indexes: Option<Vec<IndexRequest>>,
    pub global_secondary_indexes: Option<Vec<IndexRequest>>,
    pub billing_mode: Option<BillingMode>,
    pub provisioned_throughput: Option<ThroughputRequest>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

fn throughput(t: &ThroughputRequest) -> Result<ProvisionedThroughput, ApiError> {
    let (Some(read), Some(write)) = (t.read_capacity_units, t.write_capacity_units) else {
        return Err(invalid(messages::PROVISIONED_WITHOUT_THROUGHPUT));
    };
    if read > MAX_THROUGHPUT {
        return Err(invalid(messages::throughput_out_of_bounds(
            read,
            "ReadCapacityUnits",
        )));
    }
    if write > MAX_THROUGHPUT {
        return Err(invalid(messages::throughput_out_of_bounds(
            write,
            "WriteCapacityUnits",
        )));
    }
    Ok(ProvisionedThroughput {
        read_capacity_units: read,
        write_capacity_units: write,
    })
}

/// Join a KeySchema with the definitions, checking the rules shared by tables and indexes.
fn key_schema(
    keys: &[(String, KeyType)],
    defs: &[(String, ScalarType)],
) -> Result<KeySchema, ApiError> {
    let def_names: Vec<&str> = defs.iter().map(|(n, _)| n.as_str()).collect();
    let key_names: Vec<&str> = keys.iter().map(|(n, _)| n.as_str()).collect();
    let lookup = |name: &str| defs.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
    if key_names.iter().any(|k| lookup(k).is_none()) {
        return Err(invalid(messages::keys_not_defined(&key_names, &def_names)));
    }
    if keys.len() == 2 && keys[0].0 == keys[1].0 {
        return Err(invalid(messages::HASH_AND_RANGE_SAME_NAME));
    }
    let Some((hash_name, hash_type)) = keys.first() else {
        return Err(invalid(messages::FIRST_KEY_NOT_HASH));
    };
    if *hash_type != KeyType::Hash {
        return Err(invalid(messages::FIRST_KEY_NOT_HASH));
    }
    let range = match keys.get(1) {
        Some((_, KeyType::Hash)) => return Err(invalid(messages::SECOND_KEY_NOT_RANGE)),
        Some((name, KeyType::Range)) => Some(KeyAttribute {
            name: name.clone(),
            attribute_type: lookup(name).unwrap_or(ScalarType::S),
        }),
        None => None,
    };
    for name in &key_names {
        if name.len() > MAX_KEY_NAME_BYTES {
            return Err(invalid(messages::key_name_too_long(name)));
        }
    }
    Ok(KeySchema {
        hash: KeyAttribute {
            name: hash_name.clone(),
            attribute_type: lookup(hash_name).unwrap_or(ScalarType::S),
        },
        range,
    })
}

fn projection(index: &IndexRequest) -> Result<IndexProjection, ApiError> {
    let Some(projection_type) = index.projection_type else {
        return Err(invalid(messages::PROJECTION_TYPE_NULL));
    };
    if index.non_key_attributes.is_some() && projection_type != ProjectionType::Include {
        return Err(invalid(messages::non_key_attributes_without_include(
            projection_type.name(),
        )));
    }
    Ok(IndexProjection {
        projection_type,
        non_key_attributes: index.non_key_attributes.clone().unwrap_or_default(),
    })
}

/// Everything after the member constraints; `Ok` is the schema to create.
pub fn validate(req: &CreateTableRequest, now_millis: u64) -> Result<TableSchema, ApiError> {
    let billing_mode = req.billing_mode.unwrap_or(BillingMode::Provisioned);
    let provisioned = match billing_mode {
        BillingMode::PayPerRequest => {
            if req.provisioned_throughput.is_some() {
                return Err(invalid(messages::PAY_PER_REQUEST_WITH_THROUGHPUT));
            }
            None
        }
        BillingMode::Provisioned => match &req.provisioned_throughput {
            Some(t) => Some(throughput(t)?),
            None => return Err(invalid(messages::PROVISIONED_WITHOUT_THROUGHPUT)),
        },
    };
    let defs = &req.attribute_definitions;
    if req.key_schema.len() > defs.len() {
        return Err(invalid(messages::KEY_ATTRIBUTES_WITHOUT_DEFINITION));
    }
    let table_keys = key_schema(&req.key_schema, defs)?;
    let has_indexes =
        req.local_secondary_indexes.is_some() || req.global_secondary_indexes.is_some();
    if !has_indexes && req.key_schema.len() != defs.len() {
        return Err(invalid(messages::DEFINITIONS_MISMATCH));
    }
    let mut names: Vec<&str> = Vec::new();
    let mut local_indexes = Vec::new();
    if let Some(lsis) = &req.local_secondary_indexes {
        if lsis.is_empty() {
            return Err(invalid(messages::LSI_LIST_EMPTY));
        }
        if table_keys.range.is_none() {
            return Err(invalid(messages::LSI_WITHOUT_TABLE_RANGE));
        }
        for index in lsis {
            let keys = key_schema(&index.key_schema, defs)?;
            if keys.range.is_none() {
                return Err(invalid(messages::lsi_without_range(&index.index_name)));
            }
            if keys.hash.name != table_keys.hash.name {
                return Err(invalid(messages::lsi_hash_differs(
                    &index.index_name,
                    &keys.hash.name,
                    &table_keys.hash.name,
                )));
            }
            let projection = projection(index)?;
            if names.contains(&index.index_name.as_str()) {
                return Err(invalid(messages::duplicate_index_name(&index.index_name)));
            }
            names.push(&index.index_name);
            local_indexes.push(SecondaryIndex {
                name: index.index_name.clone(),
                key_schema: keys,
                projection,
                provisioned_throughput: None,
            });
        }
        if lsis.len() > MAX_LOCAL_INDEXES {
            return Err(invalid(messages::TOO_MANY_LSIS));
        }
    }
    let mut global_indexes = Vec::new();
    if let Some(gsis) = &req.global_secondary_indexes {
        if gsis.is_empty() {
            return Err(invalid(messages::GSI_LIST_EMPTY));
        }
        for index in gsis {
            let keys = key_schema(&index.key_schema, defs)?;
            let projection = projection(index)?;
            let provisioned_throughput = match (billing_mode, &index.provisioned_throughput) {
                (BillingMode::PayPerRequest, Some(_)) => {
                    return Err(invalid(messages::gsi_throughput_with_pay_per_request(
                        &index.index_name,
                    )))
                }
                (BillingMode::PayPerRequest, None) => None,
                (BillingMode::Provisioned, Some(t)) => Some(throughput(t)?),
                (BillingMode::Provisioned, None) => {
                    return Err(invalid(messages::gsi_without_throughput(&index.index_name)))
                }
            };
            if names.contains(&index.index_name.as_str()) {
                return Err(invalid(messages::duplicate_index_name(&index.index_name)));
            }
            names.push(&index.index_name);
            global_indexes.push(SecondaryIndex {
                name: index.index_name.clone(),
                key_schema: keys,
                projection,
                provisioned_throughput,
            });
        }
        if gsis.len() > MAX_GLOBAL_INDEXES {
            return Err(invalid(messages::TOO_MANY_GSIS));
        }
    }
    if has_indexes {
        let used = |name: &str| {
            table_keys.contains(name)
                || local_indexes
                    .iter()
                    .chain(global_indexes.iter())
                    .any(|i: &SecondaryIndex| i.key_schema.contains(name))
        };
        if defs.iter().any(|(n, _)| !used(n)) {
            let def_names: Vec<&str> = defs.iter().map(|(n, _)| n.as_str()).collect();
            let mut used_names: Vec<&str> = Vec::new();
            for a in table_keys.attributes().chain(
                local_indexes
                    .iter()
                    .chain(global_indexes.iter())
                    .flat_map(|i| i.key_schema.attributes()),
            ) {
                if !used_names.contains(&a.name.as_str()) {
                    used_names.push(&a.name);
                }
            }
            return Err(invalid(messages::unused_definitions(
                &def_names,
                &used_names,
            )));
        }
    }
    Ok(TableSchema {
        name: req.table_name.clone(),
        attribute_definitions: defs
            .iter()
            .map(|(n, t)| KeyAttribute {
                name: n.clone(),
                attribute_type: *t,
            })
            .collect(),
        key_schema: table_keys,
        local_indexes,
        global_indexes,
        billing_mode,
        billing_mode_given: req.billing_mode.is_some(),
        provisioned_throughput: provisioned,
        created_millis: now_millis,
    })
}

pub fn create_table(
    db: &mut Database,
    req: &CreateTableRequest,
    ctx: &RequestContext,
) -> Result<TableDescription, OpError> {
    let schema = validate(req, ctx.now_millis)?;
    if db.tables.contains_key(&schema.name) {
        return Err(OpError::new(
            ErrorType::ResourceInUseException,
            messages::table_already_exists(&schema.name),
        ));
    }
    let table = Table::new(schema);
    // DynamoDB answers CREATING; this engine's tables are usable at once (DescribeTable says ACTIVE).
    let description = describe(&table, "CREATING");
    db.tables.insert(table.name().to_string(), table);
    Ok(description)
}
