//! Undo: what a state-changing request changed, so that it can be put back exactly.
//!
//! Built from the request's trace (every write action records its table, key and item before), plus what the
//! trace does not hold: a deleted table's contents and the previous record of a ClientRequestToken.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::database::{Database, TokenRecord};
use crate::engine::item::Item;
use crate::engine::table::Table;
use crate::engine::trace::{ActionType, RequestTrace, Verdict};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// An item written or deleted: its state before (absent = `None`), shared with the request's trace.
    Item {
        table: String,
        key: Item,
        before: Option<Arc<Item>>,
    },
    TableCreated {
        table: String,
    },
    TableDeleted {
        table: Box<Table>,
    },
    Token {
        token: String,
        before: Option<TokenRecord>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoRecord {
    /// The history entry this undoes.
    pub history_id: u64,
    pub changes: Vec<Change>,
}

/// What must be captured before a request runs (the trace cannot hold it).
#[derive(Default)]
pub struct Before {
    deleted_table: Option<Table>,
    token: Option<(String, Option<TokenRecord>)>,
}

impl Before {
    /// `table_name` and `token` are the request's TableName and ClientRequestToken, when it has them as strings.
    pub fn capture(
        db: &Database,
        operation: &str,
        table_name: Option<&str>,
        token: Option<&str>,
    ) -> Before {
        let mut before = Before::default();
        match operation {
            "DeleteTable" => {
                if let Some(name) = table_name {
                    before.deleted_table = db.table(name).cloned();
                }
            }
            "TransactWriteItems" => {
                if let Some(token) = token {
                    before.token = Some((token.to_string(), db.tokens.get(token).cloned()));
                }
            }
            _ => {}
        }
        before
    }
}

/// The undo record of a request that changed the database, or `None` when it changed nothing.
/// `created_table` is the TableName of a CreateTable request.
pub fn record(
    history_id: u64,
    operation: &str,
    created_table: Option<&str>,
    trace: &RequestTrace,
    before: Before,
) -> Option<UndoRecord> {
    if trace.verdict != Verdict::Committed {
        return None;
    }
    let mut changes = Vec::new();
    match operation {
        "CreateTable" => {
            let name = created_table?;
            changes.push(Change::TableCreated {
                table: name.to_string(),
            });
        }
        "DeleteTable" => changes.push(Change::TableDeleted {
            table: Box::new(before.deleted_table?),
        }),
        "PutItem" | "UpdateItem" | "DeleteItem" | "TransactWriteItems" => {
            for action in &trace.actions {
                if !matches!(
                    action.action,
                    ActionType::Put | ActionType::Update | ActionType::Delete
                ) {
                    continue;
                }
                if let Some(key) = &action.key {
                    changes.push(Change::Item {
                        table: action.table.to_string(),
                        key: key.clone(),
                        before: action.before_item().map(Arc::new),
                    });
                }
            }
            if let Some((token, before)) = before.token {
                changes.push(Change::Token { token, before });
            }
        }
        _ => return None,
    }
    if changes.is_empty() {
        None
    } else {
        Some(UndoRecord {
            history_id,
            changes,
        })
    }
}

/// Put back what `record` describes, last change first.
pub fn apply(db: &mut Database, record: &UndoRecord) -> Result<(), String> {
    for change in record.changes.iter().rev() {
        match change {
            Change::Item { table, key, before } => {
                let t = db
                    .table_mut(table)
                    .ok_or_else(|| format!("table {table} no longer exists"))?;
                let pk = t.key_schema().key_of_key_map(key)?;
                match before {
                    Some(item) => {
                        t.put(&pk, item);
                    }
                    None => {
                        t.remove(&pk);
                    }
                }
            }
            Change::TableCreated { table } => {
                db.tables.remove(table);
            }
            Change::TableDeleted { table } => {
                db.tables
                    .insert(table.name().to_string(), (**table).clone());
            }
            Change::Token { token, before } => match before {
                Some(r) => {
                    db.tokens.insert(token.clone(), r.clone());
                }
                None => {
                    db.tokens.remove(token);
                }
            },
        }
    }
    Ok(())
}
