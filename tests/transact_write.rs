//! TransactWriteItems behaviour tables: spec §1 and §2, one row per [V] fact, plus the AWS CLI example.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::Database;

fn twi(items: Value) -> Value {
    json!({ "TransactItems": items })
}

fn with_table() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    db
}

fn put_action(item: Value) -> Value {
    json!({"Put": {"TableName": "tbl", "Item": item}})
}

// ------------------------------------------------------------------------------------------------
// The AWS CLI documentation example (MusicCollection)
// ------------------------------------------------------------------------------------------------

fn cli_example() -> Value {
    json!({"TransactItems": [
        {"Update": {"TableName": "MusicCollection",
            "Key": {"Artist": s("Acme Band"), "SongTitle": s("Happy Day")},
            "UpdateExpression": "SET AlbumTitle = :newval",
            "ExpressionAttributeValues": {":newval": s("Updated Album Title")},
            "ConditionExpression": "attribute_not_exists(Rating)"}},
        {"Delete": {"TableName": "MusicCollection",
            "Key": {"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")},
            "ConditionExpression": "attribute_not_exists(Rating)"}}
    ], "ReturnConsumedCapacity": "TOTAL", "ReturnItemCollectionMetrics": "SIZE"})
}

fn music_with_songs(rating_on_delete_target: bool) -> Database {
    let mut db = Database::new();
    music_collection(&mut db);
    put(
        &mut db,
        "MusicCollection",
        json!({"Artist": s("Acme Band"), "SongTitle": s("Happy Day"), "AlbumTitle": s("Songs About Life")}),
    );
    let mut second = json!({"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")});
    if rating_on_delete_target {
        second["Rating"] = n("5");
    }
    put(&mut db, "MusicCollection", second);
    db
}

#[test]
fn aws_cli_example_commits_both_actions() {
    let mut db = music_with_songs(false);
    let r = ok(&mut db, "TransactWriteItems", cli_example());
    // The CLI documentation's output: one entry per table, 2 units per action.
    assert_eq!(
        r,
        json!({"ConsumedCapacity": [{"TableName": "MusicCollection", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]})
    );
    assert_eq!(
        get(
            &mut db,
            "MusicCollection",
            json!({"Artist": s("Acme Band"), "SongTitle": s("Happy Day")})
        ),
        Some(
            json!({"AlbumTitle": s("Updated Album Title"), "Artist": s("Acme Band"), "SongTitle": s("Happy Day")})
        )
    );
    assert_eq!(
        get(
            &mut db,
            "MusicCollection",
            json!({"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")})
        ),
        None
    );
}

#[test]
fn aws_cli_example_cancelled_when_a_rating_exists() {
    let mut db = music_with_songs(true);
    let before = serde_json::to_string(&db).unwrap();
    let body = err(&mut db, "TransactWriteItems", cli_example());
    assert_eq!(
        body,
        json!({"__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
               "CancellationReasons": [{"Code": "None"},
                   {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}],
               "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"})
    );
    assert_eq!(
        serde_json::to_string(&db).unwrap(),
        before,
        "nothing changes on cancellation"
    );
}

// ------------------------------------------------------------------------------------------------
// §1.3 Action semantics
// ------------------------------------------------------------------------------------------------

#[test]
fn put_replaces_the_whole_item() {
    let mut db = with_table();
    put(
        &mut db,
        "tbl",
        json!({"pk": s("a"), "x": s("1"), "y": s("2")}),
    );
    ok(
        &mut db,
        "TransactWriteItems",
        twi(json!([put_action(json!({"pk": s("a"), "z": s("3")}))])),
    );
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("a")})),
        Some(json!({"pk": s("a"), "z": s("3")}))
    );
}

#[test]
fn update_with_attribute_not_exists_upserts() {
    let mut db = with_table();
    ok(
        &mut db,
        "TransactWriteItems",
        twi(
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("new")},
        "UpdateExpression": "SET v = :v", "ConditionExpression": "attribute_not_exists(pk)",
        "ExpressionAttributeValues": {":v": n("1")}}}]),
        ),
    );
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("new")})),
        Some(json!({"pk": s("new"), "v": n("1")}))
    );
}

#[test]
fn delete_of_a_missing_item_is_not_an_error() {
    let mut db = with_table();
    ok(
        &mut db,
        "TransactWriteItems",
        twi(json!([{"Delete": {"TableName": "tbl", "Key": {"pk": s("none")}}}])),
    );
}

#[test]
fn condition_check_only_transaction_succeeds_and_writes_nothing() {
    let mut db = with_table();
    put(&mut db, "tbl", json!({"pk": s("a")}));
    let before = serde_json::to_string(&db).unwrap();
    ok(
        &mut db,
        "TransactWriteItems",
        twi(
            json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")},
        "ConditionExpression": "attribute_exists(pk)"}}]),
        ),
    );
    assert_eq!(serde_json::to_string(&db).unwrap(), before);
}

#[test]
fn condition_check_without_condition_expression_is_a_member_error() {
    let mut db = with_table();
    assert_eq!(
        fail(&mut db, "TransactWriteItems", twi(json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}}}]))),
        ("ValidationException".into(), "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null".into())
    );
}

#[test]
fn actions_may_target_different_tables() {
    let mut db = with_table();
    simple_table(&mut db, "utb", true);
    ok(
        &mut db,
        "TransactWriteItems",
        twi(json!([
            put_action(json!({"pk": s("a")})),
            {"Put": {"TableName": "utb", "Item": {"pk": s("a"), "sk": s("b")}}}
        ])),
    );
    assert!(get(&mut db, "tbl", json!({"pk": s("a")})).is_some());
    assert!(get(&mut db, "utb", json!({"pk": s("a"), "sk": s("b")})).is_some());
}

#[test]
fn cancellation_writes_nothing_even_for_passing_actions() {
    let mut db = with_table();
    put(&mut db, "tbl", json!({"pk": s("exists")}));
    let before = serde_json::to_string(&db).unwrap();
    let (t, m) = fail(
        &mut db,
        "TransactWriteItems",
        twi(json!([
            put_action(json!({"pk": s("a")})),
            {"Put": {"TableName": "tbl", "Item": {"pk": s("exists")}, "ConditionExpression": "attribute_not_exists(pk)"}}
        ])),
    );
    assert_eq!(t, "TransactionCanceledException");
    assert_eq!(m, "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
    assert_eq!(serde_json::to_string(&db).unwrap(), before);
}

#[test]
fn failing_update_on_a_missing_key_creates_no_ghost_item() {
    let mut db = with_table();
    fail(
        &mut db,
        "TransactWriteItems",
        twi(
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("ghost")},
        "UpdateExpression": "SET v = :v", "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":v": n("1")}}}]),
        ),
    );
    assert_eq!(get(&mut db, "tbl", json!({"pk": s("ghost")})), None);
}

// ------------------------------------------------------------------------------------------------
// §1.4 Limits
// ------------------------------------------------------------------------------------------------

fn puts(count: usize) -> Value {
    Value::Array(
        (0..count)
            .map(|i| put_action(json!({"pk": s(&format!("k{i}"))})))
            .collect(),
    )
}

#[test]
fn one_hundred_actions_succeed_and_101_fail_on_the_length_constraint() {
    let mut db = with_table();
    ok(&mut db, "TransactWriteItems", twi(puts(100)));
    let (t, m) = fail(&mut db, "TransactWriteItems", twi(puts(101)));
    assert_eq!(t, "ValidationException");
    assert!(
        m.starts_with("1 validation error detected: Value '["),
        "{m}"
    );
    assert!(m.ends_with("' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"), "{m}");
}

#[test]
fn legacy_profile_allows_25_actions() {
    let mut db = with_table();
    let mut ctx = ctx();
    ctx.profile = txlab::engine::Profile::Legacy25;
    let r = txlab::api::execute(&mut db, "TransactWriteItems", &twi(puts(25)), &ctx);
    assert!(r.response.is_ok());
    let r = txlab::api::execute(&mut db, "TransactWriteItems", &twi(puts(26)), &ctx);
    let m = r.response.unwrap_err().error.message;
    assert!(m.ends_with("' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 25"), "{m}");
}

#[test]
fn empty_transact_items() {
    let mut db = with_table();
    assert_eq!(
        fail(&mut db, "TransactWriteItems", twi(json!([]))),
        ("ValidationException".into(), "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1".into())
    );
}

#[test]
fn the_same_item_twice_is_refused_whatever_the_order_of_key_attributes() {
    let mut db = Database::new();
    simple_table(&mut db, "rtb", true);
    let cases = [
        json!([{"Put": {"TableName": "rtb", "Item": {"pk": s("a"), "sk": s("b")}}},
               {"Delete": {"TableName": "rtb", "Key": {"sk": s("b"), "pk": s("a")}}}]),
        json!([{"ConditionCheck": {"TableName": "rtb", "Key": {"pk": s("a"), "sk": s("b")}, "ConditionExpression": "attribute_exists(pk)"}},
               {"Update": {"TableName": "rtb", "Key": {"sk": s("b"), "pk": s("a")}, "UpdateExpression": "REMOVE x"}}]),
    ];
    for case in cases {
        assert_eq!(
            fail(&mut db, "TransactWriteItems", twi(case)),
            (
                "ValidationException".into(),
                "Transaction request cannot include multiple operations on one item".into()
            )
        );
    }
}

#[test]
fn numeric_keys_are_compared_by_value_for_duplicates() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "nums", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
    );
    let (_, m) = fail(
        &mut db,
        "TransactWriteItems",
        twi(json!([
            {"Put": {"TableName": "nums", "Item": {"id": n("1000")}}},
            {"Delete": {"TableName": "nums", "Key": {"id": n("1e3")}}}
        ])),
    );
    assert_eq!(
        m,
        "Transaction request cannot include multiple operations on one item"
    );
}

fn big_put(i: usize, bytes: usize) -> Value {
    put_action(json!({"pk": s(&format!("k{i}")), "data": s(&"x".repeat(bytes))}))
}

#[test]
fn four_megabyte_payload_limit() {
    let mut db = with_table();
    let ten = Value::Array((0..10).map(|i| big_put(i, 350 * 1024)).collect());
    ok(&mut db, "TransactWriteItems", twi(ten));
    let twelve = Value::Array((0..12).map(|i| big_put(i + 100, 350 * 1024)).collect());
    let (t, m) = fail(&mut db, "TransactWriteItems", twi(twelve));
    assert_eq!(t, "ValidationException");
    assert!(
        m.contains("size cannot exceed") && m.contains("transaction payload"),
        "{m}"
    );
}

#[test]
fn deleting_large_stored_items_is_not_limited_by_their_size() {
    let mut db = with_table();
    for i in 0..50 {
        put(
            &mut db,
            "tbl",
            json!({"pk": s(&format!("k{i}")), "data": s(&"x".repeat(100 * 1024))}),
        );
    }
    let deletes = Value::Array(
        (0..50)
            .map(|i| json!({"Delete": {"TableName": "tbl", "Key": {"pk": s(&format!("k{i}"))}}}))
            .collect(),
    );
    ok(&mut db, "TransactWriteItems", twi(deletes));
}

#[test]
fn item_size_limit_is_409600_bytes_inclusive() {
    let mut db = with_table();
    // "pk" + "k" = 3 bytes, "data" = 4 bytes: 7 bytes besides the string.
    ok(
        &mut db,
        "TransactWriteItems",
        twi(json!([put_action(
            json!({"pk": s("k"), "data": s(&"x".repeat(409_593))})
        )])),
    );
    assert_eq!(
        fail(
            &mut db,
            "TransactWriteItems",
            twi(json!([put_action(
                json!({"pk": s("k"), "data": s(&"x".repeat(409_594))})
            )]))
        ),
        (
            "ValidationException".into(),
            "Item size has exceeded the maximum allowed size".into()
        )
    );
}
