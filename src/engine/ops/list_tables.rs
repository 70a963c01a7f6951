//! ListTables: table names in order, paged by `Limit` and `ExclusiveStartTableName`.

use crate::engine::database::Database;

/// Most names per page, and the default.
pub const MAX_LIST_TABLES_LIMIT: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTablesRequest {
    pub exclusive_start_table_name: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListTablesOutput {
    pub table_names: Vec<String>,
    /// Present when the page is full and more names may follow.
    pub last_evaluated_table_name: Option<String>,
}

pub fn list_tables(db: &Database, req: &ListTablesRequest) -> ListTablesOutput {
    let limit = req.limit.unwrap_or(MAX_LIST_TABLES_LIMIT);
    let names = db
        .tables
        .keys()
        .filter(|name| match &req.exclusive_start_table_name {
            Some(start) => name.as_str() > start.as_str(),
            None => true,
        });
    let mut page: Vec<String> = Vec::new();
    let mut more = false;
    for name in names {
        if page.len() == limit {
            more = true;
            break;
        }
        page.push(name.clone());
    }
    ListTablesOutput {
        last_evaluated_table_name: if more { page.last().cloned() } else { None },
        table_names: page,
    }
}
