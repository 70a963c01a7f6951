//! Capacity of transactions (spec §1.7, §1.8), ClientRequestToken idempotency (§1.6) and TransactGetItems.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::api;
use txlab::engine::{Database, RequestContext};

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    db
}

/// An item of exactly `size` bytes with key `pk` (spec §7.1: names plus values).
fn sized(pk: &str, size: usize) -> Value {
    let fixed = 2 + pk.len() + 4;
    json!({"pk": s(pk), "data": s(&"x".repeat(size - fixed))})
}

fn capacity(request: Value) -> Value {
    let mut db = db();
    put(&mut db, "tbl", sized("small", 100));
    put(&mut db, "tbl", sized("three", 3 * 1024));
    ok(&mut db, "TransactWriteItems", request)["ConsumedCapacity"].clone()
}

fn total(items: Value) -> Value {
    json!({"TransactItems": items, "ReturnConsumedCapacity": "TOTAL"})
}

fn entry(units: f64) -> Value {
    json!([{"TableName": "tbl", "CapacityUnits": units, "WriteCapacityUnits": units}])
}

#[test]
fn transactional_writes_cost_two_units_per_started_kilobyte_per_item() {
    let p = |item: Value| json!({"Put": {"TableName": "tbl", "Item": item}});
    let rows: Vec<(Value, f64)> = vec![
        // Two small Puts: 4 units (rounded per item, then doubled and summed).
        (json!([p(sized("a", 10)), p(sized("b", 10))]), 4.0),
        (json!([p(sized("a", 1024))]), 2.0),
        (json!([p(sized("a", 1025))]), 4.0),
        // A passing condition adds nothing.
        (
            json!([{"Put": {"TableName": "tbl", "Item": sized("a", 10), "ConditionExpression": "attribute_not_exists(pk)"}}]),
            2.0,
        ),
        // ConditionCheck is billed as a write on the size of the item it reads.
        (
            json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("small")}, "ConditionExpression": "attribute_exists(pk)"}}]),
            2.0,
        ),
        // Delete is charged on the deleted item's size: 3 KB -> 6 units.
        (
            json!([{"Delete": {"TableName": "tbl", "Key": {"pk": s("three")}}}]),
            6.0,
        ),
        // Update: the larger of before and after.
        (
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("three")}, "UpdateExpression": "REMOVE #d",
            "ExpressionAttributeNames": {"#d": "data"}}}]),
            6.0,
        ),
    ];
    for (items, units) in rows {
        assert_eq!(capacity(total(items.clone())), entry(units), "{items}");
    }
}

#[test]
fn one_entry_per_table_in_order_of_first_appearance() {
    let mut db = db();
    simple_table(&mut db, "other", false);
    let r = ok(
        &mut db,
        "TransactWriteItems",
        total(json!([
            {"Put": {"TableName": "other", "Item": {"pk": s("a")}}},
            {"Put": {"TableName": "tbl", "Item": {"pk": s("a")}}},
            {"Put": {"TableName": "other", "Item": {"pk": s("b")}}}
        ])),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!([
            {"TableName": "other", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0},
            {"TableName": "tbl", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
        ])
    );
}

#[test]
fn indexes_mode_shows_the_table_arm_and_undoubled_index_arms() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "gtbl", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}]}),
    );
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Put": {"TableName": "gtbl", "Item": {"pk": s("a"), "g": s("x")}}}
    ], "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!([{
            "TableName": "gtbl", "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0,
            "Table": {"WriteCapacityUnits": 2.0, "CapacityUnits": 2.0},
            "GlobalSecondaryIndexes": {"byG": {"WriteCapacityUnits": 1.0, "CapacityUnits": 1.0}}
        }])
    );
    // An item outside the sparse index: no index arm at all.
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Put": {"TableName": "gtbl", "Item": {"pk": s("b")}}}
    ], "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!([{
            "TableName": "gtbl", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0,
            "Table": {"WriteCapacityUnits": 2.0, "CapacityUnits": 2.0}
        }])
    );
}

#[test]
fn no_capacity_member_without_return_consumed_capacity() {
    let mut db = db();
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": {"pk": s("a")}}}]}),
    );
    assert_eq!(r, json!({}));
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": {"pk": s("a")}}}], "ReturnConsumedCapacity": "NONE"}),
    );
    assert_eq!(r, json!({}));
}

#[test]
fn item_collection_metrics_only_for_tables_with_a_local_index() {
    let mut db = db();
    local_index_table(&mut db, "ltbl");
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Put": {"TableName": "ltbl", "Item": {"pk": s("a"), "sk": s("1")}}},
        {"Put": {"TableName": "tbl", "Item": {"pk": s("a")}}}
    ], "ReturnItemCollectionMetrics": "SIZE"}),
    );
    assert_eq!(
        r,
        json!({"ItemCollectionMetrics": {"ltbl": [{"ItemCollectionKey": {"pk": s("a")}, "SizeEstimateRangeGB": [0.0, 1.0]}]}})
    );
}

// ------------------------------------------------------------------------------------------------
// §1.6 ClientRequestToken
// ------------------------------------------------------------------------------------------------

#[test]
fn item_collection_metrics_of_a_delete_and_an_update_come_from_their_keys() {
    let mut db = db();
    local_index_table(&mut db, "ltbl");
    ok(
        &mut db,
        "PutItem",
        json!({"TableName": "ltbl", "Item": {"pk": s("a"), "sk": s("1")}}),
    );
    // The Delete's item exists; the Update's does not (it is created from its Key).
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Delete": {"TableName": "ltbl", "Key": {"pk": s("a"), "sk": s("1")}}},
        {"Update": {"TableName": "ltbl", "Key": {"pk": s("b"), "sk": s("2")}, "UpdateExpression": "SET x = :x",
            "ExpressionAttributeValues": {":x": s("y")}}}
    ], "ReturnItemCollectionMetrics": "SIZE"}),
    );
    assert_eq!(
        r,
        json!({"ItemCollectionMetrics": {"ltbl": [
            {"ItemCollectionKey": {"pk": s("a")}, "SizeEstimateRangeGB": [0.0, 1.0]},
            {"ItemCollectionKey": {"pk": s("b")}, "SizeEstimateRangeGB": [0.0, 1.0]}]}})
    );
    let got = ok(
        &mut db,
        "GetItem",
        json!({"TableName": "ltbl", "Key": {"pk": s("b"), "sk": s("2")}}),
    );
    assert_eq!(
        got,
        json!({"Item": {"pk": s("b"), "sk": s("2"), "x": s("y")}})
    );
}

fn at(millis: u64) -> RequestContext {
    RequestContext::at(millis)
}

fn increment(token: &str) -> Value {
    json!({"TransactItems": [{"Update": {"TableName": "tbl", "Key": {"pk": s("c")}, "UpdateExpression": "SET x = if_not_exists(x, :zero) + :one",
        "ExpressionAttributeValues": {":one": n("1"), ":zero": n("0")}}}], "ClientRequestToken": token})
}

fn x(db: &mut Database) -> Value {
    get(db, "tbl", json!({"pk": s("c")})).unwrap()["x"].clone()
}

#[test]
fn a_replay_within_ten_minutes_does_not_apply_again() {
    let mut db = db();
    assert!(
        api::execute(&mut db, "TransactWriteItems", &increment("tok"), &at(T0))
            .response
            .is_ok()
    );
    let replay = api::execute(
        &mut db,
        "TransactWriteItems",
        &increment("tok"),
        &at(T0 + 599_999),
    );
    assert!(replay.response.is_ok());
    assert_eq!(
        replay.trace.verdict,
        txlab::engine::trace::Verdict::Replayed
    );
    assert_eq!(x(&mut db), n("1"));
    // After the window the token is new again.
    assert!(api::execute(
        &mut db,
        "TransactWriteItems",
        &increment("tok"),
        &at(T0 + 599_999 + 600_000)
    )
    .response
    .is_ok());
    assert_eq!(x(&mut db), n("2"));
}

#[test]
fn the_window_counts_from_the_first_completion() {
    let mut db = db();
    api::execute(&mut db, "TransactWriteItems", &increment("tok"), &at(T0))
        .response
        .unwrap();
    api::execute(
        &mut db,
        "TransactWriteItems",
        &increment("tok"),
        &at(T0 + 600_000),
    )
    .response
    .unwrap();
    assert_eq!(x(&mut db), n("2"));
}

#[test]
fn same_token_other_request_is_a_mismatch() {
    let mut db = db();
    api::execute(&mut db, "TransactWriteItems", &increment("tok"), &at(T0))
        .response
        .unwrap();
    let mut other = increment("tok");
    other["TransactItems"][0]["Update"]["ExpressionAttributeValues"][":one"] = n("2");
    let body = api::execute(&mut db, "TransactWriteItems", &other, &at(T0 + 1))
        .response
        .unwrap_err()
        .to_json();
    assert_eq!(
        body["__type"],
        "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException"
    );
    assert!(body.get("Message").is_some() && body.get("message").is_none());
    assert_eq!(x(&mut db), n("1"));
}

#[test]
fn the_comparison_is_semantic() {
    let mut db = db();
    api::execute(&mut db, "TransactWriteItems", &increment("tok"), &at(T0))
        .response
        .unwrap();
    // Members in another order, and the number written another way.
    let reordered = json!({"ClientRequestToken": "tok", "TransactItems": [{"Update": {
        "ExpressionAttributeValues": {":zero": n("0.0"), ":one": n("1e0")},
        "UpdateExpression": "SET x = if_not_exists(x, :zero) + :one", "Key": {"pk": s("c")}, "TableName": "tbl"}}]});
    assert!(
        api::execute(&mut db, "TransactWriteItems", &reordered, &at(T0 + 1))
            .response
            .is_ok()
    );
    assert_eq!(x(&mut db), n("1"));
}

#[test]
fn a_replay_reports_read_capacity_in_its_own_mode() {
    let mut db = db();
    let request = |rcc: &str, size: usize| {
        json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": sized("k", size)}}],
        "ClientRequestToken": "tok", "ReturnConsumedCapacity": rcc})
    };
    let first = api::execute(
        &mut db,
        "TransactWriteItems",
        &request("TOTAL", 1536),
        &at(T0),
    )
    .response
    .unwrap();
    assert_eq!(
        first["ConsumedCapacity"],
        json!([{"TableName": "tbl", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}])
    );
    let replay = api::execute(
        &mut db,
        "TransactWriteItems",
        &request("INDEXES", 1536),
        &at(T0 + 1),
    )
    .response
    .unwrap();
    assert_eq!(
        replay["ConsumedCapacity"],
        json!([{"TableName": "tbl", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0,
        "Table": {"ReadCapacityUnits": 2.0, "CapacityUnits": 2.0}}])
    );
    let none = api::execute(
        &mut db,
        "TransactWriteItems",
        &request("NONE", 1536),
        &at(T0 + 2),
    )
    .response
    .unwrap();
    assert_eq!(none, json!({}));
}

#[test]
fn a_failed_first_attempt_does_not_consume_the_token() {
    let mut db = db();
    let conditioned = json!({"TransactItems": [{"Put": {"TableName": "tbl", "Item": {"pk": s("c")}, "ConditionExpression": "attribute_exists(pk)"}}],
        "ClientRequestToken": "tok"});
    assert!(
        api::execute(&mut db, "TransactWriteItems", &conditioned, &at(T0))
            .response
            .is_err()
    );
    put(&mut db, "tbl", json!({"pk": s("c")}));
    assert!(
        api::execute(&mut db, "TransactWriteItems", &conditioned, &at(T0 + 1))
            .response
            .is_ok()
    );
}

#[test]
fn tokens_live_in_the_saved_state() {
    let mut db = db();
    api::execute(&mut db, "TransactWriteItems", &increment("tok"), &at(T0))
        .response
        .unwrap();
    let saved = serde_json::to_string(&db).unwrap();
    let mut restored: Database = serde_json::from_str(&saved).unwrap();
    assert_eq!(restored, db);
    api::execute(
        &mut restored,
        "TransactWriteItems",
        &increment("tok"),
        &at(T0 + 5),
    )
    .response
    .unwrap();
    assert_eq!(x(&mut restored), n("1"));
}

// ------------------------------------------------------------------------------------------------
// TransactGetItems
// ------------------------------------------------------------------------------------------------

#[test]
fn transact_get_items_reads_projects_and_reports_capacity() {
    let mut db = db();
    put(
        &mut db,
        "tbl",
        json!({"pk": s("a"), "x": s("1"), "y": s("2")}),
    );
    let r = ok(
        &mut db,
        "TransactGetItems",
        json!({"TransactItems": [
        {"Get": {"TableName": "tbl", "Key": {"pk": s("a")}, "ProjectionExpression": "y"}},
        {"Get": {"TableName": "tbl", "Key": {"pk": s("none")}}}
    ], "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        r,
        json!({
            "ConsumedCapacity": [{"TableName": "tbl", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0,
                "Table": {"ReadCapacityUnits": 4.0, "CapacityUnits": 4.0}}],
            "Responses": [{"Item": {"y": s("2")}}, {}]
        })
    );
}

#[test]
fn transact_get_items_rules() {
    let mut db = db();
    let (_, m) = fail(
        &mut db,
        "TransactGetItems",
        json!({"TransactItems": [
            {"Get": {"TableName": "tbl", "Key": {"pk": s("a")}}}, {"Get": {"TableName": "tbl", "Key": {"pk": s("a")}}}
        ]}),
    );
    assert_eq!(
        m,
        "Transaction request cannot include multiple operations on one item"
    );
    assert_eq!(
        fail(
            &mut db,
            "TransactGetItems",
            json!({"TransactItems": [{"Get": {"TableName": "nope", "Key": {"pk": s("a")}}}]})
        ),
        (
            "ResourceNotFoundException".into(),
            "Requested resource not found".into()
        )
    );
    let body = err(
        &mut db,
        "TransactGetItems",
        json!({"TransactItems": [{"Get": {"TableName": "tbl", "Key": {"pk": n("1")}}}]}),
    );
    assert_eq!(
        body["CancellationReasons"],
        json!([{"Code": "ValidationError", "Message": "The provided key element does not match the schema"}])
    );
    let (_, m) = fail(&mut db, "TransactGetItems", json!({"TransactItems": []}));
    assert_eq!(m, "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
}
