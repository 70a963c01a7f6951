//! Undo: what a state-changing request changed, so that it can be put back exactly.
//!
//! Built from the request's trace (every write action records its table, key and item before), plus what the
//! trace does not hold: a deleted table's contents and the previous record of a ClientRequestToken.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::database::{Database, TokenRecord};
use crate::engine::item::Item;
use crate::engine::table::Table;
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace, TraceKey, Verdict};

use super::HistoryEntry;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// An item written or deleted: its state before (absent = `None`).
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

/// What undoes one request. A request run here undoes its item writes from its own trace, shared with its
/// history entry (no copy of a key or an item is made per request); a record read from a session file holds
/// them as `Change::Item`s. Either way it is written to the session file as the same JSON: `history_id` and
/// `changes`, item changes first, in request order.
#[derive(Clone, Debug)]
pub struct UndoRecord {
    /// The history entry this undoes.
    pub history_id: u64,
    /// The entry whose trace holds the item changes: its write actions that have a key, in order (they come
    /// before `changes`).
    from_trace: Option<Arc<HistoryEntry>>,
    changes: Vec<Change>,
}

/// The write actions of a trace whose undo is a `Change::Item`.
fn item_writes(trace: &RequestTrace) -> impl DoubleEndedIterator<Item = (&ActionTrace, &TraceKey)> {
    trace.actions.iter().filter_map(|action| {
        let writes = matches!(
            action.action,
            ActionType::Put | ActionType::Update | ActionType::Delete
        );
        writes.then_some(action).zip(action.key.as_ref())
    })
}

impl UndoRecord {
    /// Every change, in order, as the session file holds them (item changes read from the trace are decoded).
    pub fn changes(&self) -> Vec<Change> {
        let from_trace = self.from_trace.iter().flat_map(|entry| {
            item_writes(&entry.trace).map(|(action, key)| Change::Item {
                table: action.table.to_string(),
                key: key.to_item().into_owned(),
                before: action.before_item().map(Arc::new),
            })
        });
        from_trace.chain(self.changes.iter().cloned()).collect()
    }
}

impl PartialEq for UndoRecord {
    fn eq(&self, other: &UndoRecord) -> bool {
        self.history_id == other.history_id && self.changes() == other.changes()
    }
}

/// `UndoRecord` as the session file holds it.
#[derive(Serialize, Deserialize)]
struct Stored<C> {
    history_id: u64,
    changes: C,
}

impl Serialize for UndoRecord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.from_trace.is_none() {
            return Stored {
                history_id: self.history_id,
                changes: &self.changes,
            }
            .serialize(s);
        }
        Stored {
            history_id: self.history_id,
            changes: self.changes(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for UndoRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UndoRecord, D::Error> {
        let stored = Stored::<Vec<Change>>::deserialize(d)?;
        Ok(UndoRecord {
            history_id: stored.history_id,
            from_trace: None,
            changes: stored.changes,
        })
    }
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

/// An undo record made before the request's history entry exists (the entry holds the trace, and says whether
/// the request is undoable).
pub struct Pending {
    history_id: u64,
    /// Whether the trace holds item changes.
    items_in_trace: bool,
    changes: Vec<Change>,
}

impl Pending {
    /// The record, reading its item changes from `entry`'s trace (the trace `record` was given).
    pub fn shared_with(self, entry: &Arc<HistoryEntry>) -> UndoRecord {
        UndoRecord {
            history_id: self.history_id,
            from_trace: self.items_in_trace.then(|| entry.clone()),
            changes: self.changes,
        }
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
) -> Option<Pending> {
    if trace.verdict != Verdict::Committed {
        return None;
    }
    let mut changes = Vec::new();
    let mut items_in_trace = false;
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
            items_in_trace = item_writes(trace).next().is_some();
            if let Some((token, before)) = before.token {
                changes.push(Change::Token { token, before });
            }
        }
        _ => return None,
    }
    if changes.is_empty() && !items_in_trace {
        None
    } else {
        Some(Pending {
            history_id,
            items_in_trace,
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
    // The item changes come before `changes`: they are put back after them, last first. The item before is
    // put back as the image the trace holds (the table's own bytes), without decoding it.
    if let Some(entry) = &record.from_trace {
        for (action, key) in item_writes(&entry.trace).rev() {
            let table = &*action.table;
            let t = db
                .table_mut(table)
                .ok_or_else(|| format!("table {table} no longer exists"))?;
            let pk = key.primary_key(t.key_schema())?;
            match &action.item_before {
                Some(image) => {
                    t.put_image(&pk, image.as_image());
                }
                None => {
                    t.remove(&pk);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Session;
    use super::*;
    use serde_json::json;

    /// A record made here reads its item changes from the request's trace; the session file gets them as the
    /// `Change::Item`s a record always held, and a record read back from it is the same record and undoes the
    /// same way.
    #[test]
    fn a_record_sharing_its_trace_is_written_as_owned_changes_and_reads_back_the_same() {
        let mut s = Session::in_memory();
        let create = json!({"TableName": "Things", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST"});
        let put = json!({"TableName": "Things", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}});
        let transact = json!({"ClientRequestToken": "tok", "TransactItems": [
            {"Put": {"TableName": "Things", "Item": {"pk": {"S": "a"}, "n": {"N": "2"}}}},
            {"ConditionCheck": {"TableName": "Things", "Key": {"pk": {"S": "c"}},
                "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Delete": {"TableName": "Things", "Key": {"pk": {"S": "b"}}}}]});
        let mut before_transact = None;
        for (op, request) in [
            ("CreateTable", &create),
            ("PutItem", &put),
            ("TransactWriteItems", &transact),
        ] {
            before_transact = Some(s.database().clone());
            let entry = s
                .execute("repl", op, request)
                .map(|e| (e.status, e.response.clone()));
            assert_eq!(entry.as_ref().map(|e| e.0), Ok(200), "{op} {entry:?}");
        }
        let record = s
            .undo
            .back()
            .cloned()
            .unwrap_or_else(|| panic!("no record"));
        assert!(record.from_trace.is_some());
        let written = serde_json::to_value(&*record).unwrap_or_default();
        assert_eq!(
            written,
            json!({"history_id": 3, "changes": [
                {"Item": {"table": "Things", "key": {"pk": {"S": "a"}},
                    "before": {"pk": {"S": "a"}, "n": {"N": "1"}}}},
                {"Item": {"table": "Things", "key": {"pk": {"S": "b"}}, "before": null}},
                {"Token": {"token": "tok", "before": null}}]})
        );
        let text = serde_json::to_string(&*record).unwrap_or_default();
        let read: UndoRecord = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(read.from_trace.is_none());
        assert_eq!(read, *record);
        assert_eq!(serde_json::to_string(&read).ok(), Some(text));
        // Both undo the transaction exactly.
        for r in [&read, &*record] {
            let mut db = s.database().clone();
            assert_ne!(Some(&db), before_transact.as_ref());
            assert_eq!(apply(&mut db, r), Ok(()));
            assert_eq!(Some(&db), before_transact.as_ref());
        }
    }
}
