//! DescribeTable, and the TableDescription that CreateTable and DeleteTable also return.

use crate::engine::capacity::projected_size;
use crate::engine::database::Database;
use crate::engine::error::ErrorType;
use crate::engine::messages;
use crate::engine::table::{ProjectionType, Table, TableSchema};

use super::OpError;

/// Size and count of one secondary index.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexStats {
    pub name: String,
    pub item_count: usize,
    pub size_bytes: u64,
}

/// What DescribeTable reports (the api renders it in DynamoDB's key order).
#[derive(Clone, Debug, PartialEq)]
pub struct TableDescription {
    pub schema: TableSchema,
    /// `CREATING` (CreateTable), `ACTIVE` (DescribeTable), `DELETING` (DeleteTable).
    pub status: &'static str,
    pub item_count: usize,
    pub size_bytes: u64,
    pub local_indexes: Vec<IndexStats>,
    pub global_indexes: Vec<IndexStats>,
}

pub fn describe(table: &Table, status: &'static str) -> TableDescription {
    let schema = &table.schema;
    let stats = |index: &crate::engine::table::SecondaryIndex| {
        let mut count = 0;
        let mut size = 0u64;
        for row in table.iter() {
            if index.key_schema.index_key_of_image(row.image()).is_some() {
                count += 1;
                // All attributes: the stored size; otherwise only the projected attributes are decoded.
                size += match index.projection.projection_type {
                    ProjectionType::All => row.size(),
                    _ => {
                        let names: Vec<String> = row
                            .image()
                            .names()
                            .filter(|n| index.projects(&schema.key_schema, n))
                            .map(str::to_string)
                            .collect();
                        let projected = row.image().to_item_with(&names);
                        projected_size(index, &schema.key_schema, &projected)
                    }
                } as u64;
            }
        }
        IndexStats {
            name: index.name.clone(),
            item_count: count,
            size_bytes: size,
        }
    };
    TableDescription {
        schema: schema.clone(),
        status,
        item_count: table.item_count(),
        size_bytes: table.size_bytes(),
        local_indexes: schema.local_indexes.iter().map(stats).collect(),
        global_indexes: schema.global_indexes.iter().map(stats).collect(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DescribeTableRequest {
    pub table_name: String,
}

pub fn describe_table(
    db: &Database,
    req: &DescribeTableRequest,
) -> Result<TableDescription, OpError> {
    let name = super::common::table_name_of(&req.table_name);
    let table = db.table(name).ok_or_else(|| {
        OpError::new(
            ErrorType::ResourceNotFoundException,
            messages::table_not_found(name),
        )
    })?;
    Ok(describe(table, "ACTIVE"))
}
