//! The items a trace holds (`item_before`, `item_after`) are the items as they were and became, whichever way
//! the engine produced them: copied from the table, handed over by the write that replaced or deleted them, or
//! encoded from the new item; for committed and cancelled transactions and single-item writes alike. Table
//! sizes follow every write exactly.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::item::{item_from_json, item_size, Item};
use txlab::engine::trace::ActionTrace;
use txlab::engine::value::ValueLayer;
use txlab::engine::Database;

fn item(v: Value) -> Item {
    item_from_json(&v, ValueLayer::Current).unwrap()
}

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    put(
        &mut db,
        "tbl",
        json!({"pk": s("a"), "n": n("1"), "x": s("old a")}),
    );
    put(&mut db, "tbl", json!({"pk": s("b"), "n": n("2")}));
    put(
        &mut db,
        "tbl",
        json!({"pk": s("c"), "n": n("3"), "l": {"L": [s("x"), n("4")]}}),
    );
    put(&mut db, "tbl", json!({"pk": s("d"), "n": n("4")}));
    db
}

fn table_size(db: &Database) -> u64 {
    db.table("tbl").unwrap().size_bytes()
}

fn recount(db: &Database) -> u64 {
    db.table("tbl")
        .unwrap()
        .iter()
        .map(|r| item_size(&r.item()) as u64)
        .sum()
}

/// Put over a, Update b, ConditionCheck c, Delete d; `check` is c's condition.
fn transaction(check: &str) -> Value {
    json!({"TransactItems": [
        {"Put": {"TableName": "tbl", "Item": {"pk": s("a"), "n": n("10")}}},
        {"Update": {"TableName": "tbl", "Key": {"pk": s("b")}, "UpdateExpression": "SET n = n + :one",
            "ExpressionAttributeValues": {":one": n("1")}}},
        {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("c")}, "ConditionExpression": check}},
        {"Delete": {"TableName": "tbl", "Key": {"pk": s("d")}}}
    ]})
}

fn befores(actions: &[ActionTrace]) -> Vec<Option<Item>> {
    actions.iter().map(ActionTrace::before_item).collect()
}

#[test]
fn a_committed_transaction_traces_each_item_as_it_was_and_became() {
    let mut db = db();
    let out = run(
        &mut db,
        "TransactWriteItems",
        transaction("attribute_exists(l)"),
    );
    assert!(out.response.is_ok());
    let a = &out.trace.actions;
    assert_eq!(
        befores(a),
        vec![
            Some(item(json!({"pk": s("a"), "n": n("1"), "x": s("old a")}))),
            Some(item(json!({"pk": s("b"), "n": n("2")}))),
            Some(item(
                json!({"pk": s("c"), "n": n("3"), "l": {"L": [s("x"), n("4")]}})
            )),
            Some(item(json!({"pk": s("d"), "n": n("4")}))),
        ]
    );
    assert_eq!(
        a[0].after_item(),
        Some(item(json!({"pk": s("a"), "n": n("10")})))
    );
    assert_eq!(
        a[1].after_item(),
        Some(item(json!({"pk": s("b"), "n": n("3")})))
    );
    assert_eq!(a[2].after_item(), None);
    assert_eq!(a[3].after_item(), None);
    // The table holds what the trace says it became.
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("a")})),
        Some(json!({"pk": s("a"), "n": n("10")}))
    );
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("b")})),
        Some(json!({"pk": s("b"), "n": n("3")}))
    );
    assert_eq!(get(&mut db, "tbl", json!({"pk": s("d")})), None);
    assert_eq!(table_size(&db), recount(&db));
    // As DynamoDB JSON (how history entries are saved), an image is the item.
    let saved = serde_json::to_value(&a[2]).unwrap();
    assert_eq!(
        saved["item_before"],
        json!({"l": {"L": [{"S": "x"}, {"N": "4"}]}, "n": {"N": "3"}, "pk": {"S": "c"}})
    );
    let back: ActionTrace = serde_json::from_value(saved).unwrap();
    assert_eq!(&back, &a[2]);
}

#[test]
fn a_cancelled_transaction_traces_the_items_it_read_and_changes_nothing() {
    let mut db = db();
    let before = db.clone();
    let out = run(
        &mut db,
        "TransactWriteItems",
        transaction("attribute_not_exists(l)"),
    );
    assert!(out.response.is_err());
    let a = &out.trace.actions;
    assert_eq!(
        befores(a),
        vec![
            Some(item(json!({"pk": s("a"), "n": n("1"), "x": s("old a")}))),
            Some(item(json!({"pk": s("b"), "n": n("2")}))),
            Some(item(
                json!({"pk": s("c"), "n": n("3"), "l": {"L": [s("x"), n("4")]}})
            )),
            Some(item(json!({"pk": s("d"), "n": n("4")}))),
        ]
    );
    // The Put and the Update computed their new items (shown as "not applied").
    assert_eq!(
        a[0].after_item(),
        Some(item(json!({"pk": s("a"), "n": n("10")})))
    );
    assert_eq!(
        a[1].after_item(),
        Some(item(json!({"pk": s("b"), "n": n("3")})))
    );
    assert_eq!(db, before);
}

#[test]
fn single_item_writes_trace_the_item_they_replaced_or_deleted() {
    let mut db = db();
    let out = run(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a"), "y": s("new")}}),
    );
    assert!(out.response.is_ok());
    let a = &out.trace.actions[0];
    assert_eq!(
        a.before_item(),
        Some(item(json!({"pk": s("a"), "n": n("1"), "x": s("old a")})))
    );
    assert_eq!(
        a.after_item(),
        Some(item(json!({"pk": s("a"), "y": s("new")})))
    );

    // A Put that fails its condition still shows the item it saw.
    let out = run(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)"}),
    );
    assert!(out.response.is_err());
    assert_eq!(
        out.trace.actions[0].before_item(),
        Some(item(json!({"pk": s("a"), "y": s("new")})))
    );

    let out = run(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("c")}}),
    );
    assert!(out.response.is_ok());
    assert_eq!(
        out.trace.actions[0].before_item(),
        Some(item(
            json!({"pk": s("c"), "n": n("3"), "l": {"L": [s("x"), n("4")]}})
        ))
    );
    let out = run(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("c")}}),
    );
    assert_eq!(out.trace.actions[0].before_item(), None);
    assert_eq!(table_size(&db), recount(&db));
}
