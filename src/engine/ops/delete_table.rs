//! DeleteTable.

use crate::engine::database::Database;
use crate::engine::error::ErrorType;
use crate::engine::messages;

use super::describe_table::{describe, TableDescription};
use super::OpError;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteTableRequest {
    pub table_name: String,
}

pub fn delete_table(
    db: &mut Database,
    req: &DeleteTableRequest,
) -> Result<TableDescription, OpError> {
    let name = super::common::table_name_of(&req.table_name).to_string();
    let table = db.tables.remove(&name).ok_or_else(|| {
        OpError::new(
            ErrorType::ResourceNotFoundException,
            messages::table_not_found(&name),
        )
    })?;
    Ok(describe(&table, "DELETING"))
}
