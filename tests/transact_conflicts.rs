//! The teaching switches DynamoDB Local cannot show: items held by an ongoing transaction, and tokens whose
//! first request is still in progress (spec §1.6, §1.10, §2.2).

mod api_common;
use api_common::*;
use serde_json::json;
use txlab::engine::{Database, Item};

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    put(&mut db, "tbl", json!({"pk": s("a")}));
    let key: Item = serde_json::from_value(json!({"pk": s("a")})).unwrap();
    db.hold_item("tbl", key);
    db
}

#[test]
fn a_transaction_touching_a_held_item_is_cancelled_with_transaction_conflict() {
    let mut db = db();
    let before = serde_json::to_string(&db).unwrap();
    let body = err(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "tbl", "Item": {"pk": s("b")}}},
            {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_exists(pk)"}}
        ]}),
    );
    assert_eq!(
        body["CancellationReasons"],
        json!([{"Code": "None"}, {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}])
    );
    assert_eq!(body["Message"], "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]");
    assert_eq!(serde_json::to_string(&db).unwrap(), before);
}

#[test]
fn a_single_item_write_to_a_held_item_fails() {
    let mut db = db();
    let body = err(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a"), "x": s("1")}}),
    );
    assert_eq!(
        body,
        json!({"__type": "com.amazonaws.dynamodb.v20120810#TransactionConflictException", "message": "Transaction is ongoing for the item"})
    );
    let (t, _) = fail(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}}),
    );
    assert_eq!(t, "TransactionConflictException");
    let (t, _) = fail(
        &mut db,
        "UpdateItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "REMOVE x"}),
    );
    assert_eq!(t, "TransactionConflictException");
    // Reads and other items are not affected; releasing ends the conflict.
    assert!(get(&mut db, "tbl", json!({"pk": s("a")})).is_some());
    put(&mut db, "tbl", json!({"pk": s("b")}));
    let key: Item = serde_json::from_value(json!({"pk": s("a")})).unwrap();
    db.release_item("tbl", &key);
    put(&mut db, "tbl", json!({"pk": s("a"), "x": s("1")}));
}

#[test]
fn a_token_in_progress() {
    let mut db = db();
    db.set_token_in_progress("tok", true);
    let body = err(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": {"pk": s("c")}}}], "ClientRequestToken": "tok"}),
    );
    assert_eq!(
        body,
        json!({"__type": "com.amazonaws.dynamodb.v20120810#TransactionInProgressException", "message": "Transaction from previous request is still in progress"})
    );
    db.set_token_in_progress("tok", false);
    ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": {"pk": s("c")}}}], "ClientRequestToken": "tok"}),
    );
}
