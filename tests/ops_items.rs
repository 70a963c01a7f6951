//! PutItem, GetItem, UpdateItem, DeleteItem and the key rules (spec §5), as behaviour tables.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::Database;

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    simple_table(&mut db, "rng", true);
    put(
        &mut db,
        "tbl",
        json!({"pk": s("a"), "n": n("1"), "s": s("x")}),
    );
    db
}

fn v(message: &str) -> (String, String) {
    ("ValidationException".to_string(), message.to_string())
}

// ------------------------------------------------------------------------------------------------
// §5 Keys
// ------------------------------------------------------------------------------------------------

#[test]
fn key_rules_on_put_item() {
    let rows: Vec<(Value, (String, String))> = vec![
        (json!({"n": n("1")}), v("One or more parameter values were invalid: Missing the key pk in the item")),
        (json!({"pk": n("1")}), v("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")),
        (json!({"pk": {"SS": ["a"]}}), v("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: SS")),
        (json!({"pk": s("")}), v("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")),
        (json!({"pk": s(&"k".repeat(2049))}), v("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")),
    ];
    for (item, expected) in rows {
        assert_eq!(
            fail(
                &mut db(),
                "PutItem",
                json!({"TableName": "tbl", "Item": item.clone()})
            ),
            expected,
            "{item}"
        );
    }
    let rows: Vec<(Value, (String, String))> = vec![
        (json!({"pk": s("a")}), v("One or more parameter values were invalid: Missing the key sk in the item")),
        (json!({"pk": s("a"), "sk": {"B": ""}}), v("One or more parameter values were invalid: Type mismatch for key sk expected: S actual: B")),
        (json!({"pk": s("a"), "sk": s(&"k".repeat(1025))}), v("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")),
    ];
    for (item, expected) in rows {
        assert_eq!(
            fail(
                &mut db(),
                "PutItem",
                json!({"TableName": "rng", "Item": item.clone()})
            ),
            expected,
            "{item}"
        );
    }
}

#[test]
fn key_size_limits_are_inclusive_and_apply_to_lookups() {
    let mut db = db();
    put(
        &mut db,
        "rng",
        json!({"pk": s(&"h".repeat(2048)), "sk": s(&"r".repeat(1024))}),
    );
    assert!(get(
        &mut db,
        "rng",
        json!({"pk": s(&"h".repeat(2048)), "sk": s(&"r".repeat(1024))})
    )
    .is_some());
    assert_eq!(
        fail(&mut db, "GetItem", json!({"TableName": "rng", "Key": {"pk": s(&"h".repeat(2049)), "sk": s("r")}})),
        v("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
    );
    assert_eq!(
        fail(&mut db, "DeleteItem", json!({"TableName": "rng", "Key": {"pk": s("h"), "sk": s(&"r".repeat(1025))}})),
        v("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
    );
}

/// TransactGetItems refuses an oversized key as GetItem does: a ValidationException for the whole request, not a
/// cancellation; a key at the limit is looked up.
#[test]
fn key_size_limits_apply_to_transact_get_items() {
    let mut db = db();
    put(
        &mut db,
        "rng",
        json!({"pk": s(&"h".repeat(2048)), "sk": s(&"r".repeat(1024))}),
    );
    let get = |key: Value| {
        json!({"TransactItems": [
        {"Get": {"TableName": "tbl", "Key": {"pk": s("a")}}},
        {"Get": {"TableName": "rng", "Key": key}}]})
    };
    let at_limit = ok(
        &mut db,
        "TransactGetItems",
        get(json!({"pk": s(&"h".repeat(2048)), "sk": s(&"r".repeat(1024))})),
    );
    assert_eq!(at_limit["Responses"][1]["Item"]["sk"], s(&"r".repeat(1024)));
    assert_eq!(
        fail(&mut db, "TransactGetItems", get(json!({"pk": s(&"h".repeat(2049)), "sk": s("r")}))),
        v("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
    );
    assert_eq!(
        fail(&mut db, "TransactGetItems", get(json!({"pk": s("h"), "sk": s(&"r".repeat(1025))}))),
        v("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
    );
}

#[test]
fn the_range_limit_is_per_sort_key() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "lsi", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                                 {"AttributeName": "l", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}]}),
    );
    put(
        &mut db,
        "lsi",
        json!({"pk": s("a"), "sk": s(&"r".repeat(1024)), "l": s(&"l".repeat(1024))}),
    );
}

#[test]
fn key_maps_must_match_the_schema_exactly() {
    let schema = v("The provided key element does not match the schema");
    for key in [
        json!({"pk": n("1")}),
        json!({"pk": s("a"), "x": s("b")}),
        json!({"other": s("a")}),
        json!({}),
        json!({"pk": {"L": []}}),
    ] {
        assert_eq!(
            fail(
                &mut db(),
                "GetItem",
                json!({"TableName": "tbl", "Key": key.clone()})
            ),
            schema,
            "GetItem {key}"
        );
        assert_eq!(
            fail(
                &mut db(),
                "DeleteItem",
                json!({"TableName": "tbl", "Key": key.clone()})
            ),
            schema,
            "DeleteItem {key}"
        );
        assert_eq!(
            fail(
                &mut db(),
                "UpdateItem",
                json!({"TableName": "tbl", "Key": key.clone(), "UpdateExpression": "REMOVE q"})
            ),
            schema,
            "UpdateItem {key}"
        );
    }
    assert_eq!(
        fail(
            &mut db(),
            "GetItem",
            json!({"TableName": "rng", "Key": {"pk": s("a")}})
        ),
        schema
    );
}

#[test]
fn empty_key_values_are_refused_but_empty_non_key_values_are_fine() {
    let mut db = db();
    assert_eq!(
        fail(&mut db, "GetItem", json!({"TableName": "tbl", "Key": {"pk": s("")}})),
        v("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
    );
    put(
        &mut db,
        "tbl",
        json!({"pk": s("e"), "empty": s(""), "bin": {"B": ""}, "l": {"L": []}, "m": {"M": {}}}),
    );
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("e")})),
        Some(
            json!({"bin": {"B": ""}, "empty": s(""), "l": {"L": []}, "m": {"M": {}}, "pk": s("e")})
        )
    );
}

#[test]
fn numeric_keys_address_items_by_value() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "nums", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
    );
    put(&mut db, "nums", json!({"id": n("1e3"), "v": s("x")}));
    for form in ["1000", "1E+3", "1000.0", "001000", "+1000"] {
        assert_eq!(
            get(&mut db, "nums", json!({"id": n(form)})),
            Some(json!({"id": n("1000"), "v": s("x")})),
            "{form}"
        );
    }
}

#[test]
fn index_key_attributes_must_have_their_type() {
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
    assert_eq!(
        fail(&mut db, "PutItem", json!({"TableName": "gtbl", "Item": {"pk": s("a"), "g": n("1")}})),
        v("One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG")
    );
}

#[test]
fn item_size_limit_on_put_item_is_inclusive() {
    let mut db = db();
    put(
        &mut db,
        "tbl",
        json!({"pk": s("k"), "data": s(&"x".repeat(409_593))}),
    );
    assert_eq!(
        fail(
            &mut db,
            "PutItem",
            json!({"TableName": "tbl", "Item": {"pk": s("k"), "data": s(&"x".repeat(409_594))}})
        ),
        v("Item size has exceeded the maximum allowed size")
    );
}

// ------------------------------------------------------------------------------------------------
// Conditions, ReturnValues, ReturnValuesOnConditionCheckFailure
// ------------------------------------------------------------------------------------------------

#[test]
fn conditional_check_failed_body() {
    let mut db = db();
    let body = err(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)"}),
    );
    assert_eq!(
        body,
        json!({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": "The conditional request failed"})
    );
    let body = err(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "n = :two",
        "ExpressionAttributeValues": {":two": n("2")}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
    );
    assert_eq!(
        body,
        json!({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": "The conditional request failed",
        "Item": {"n": n("1"), "pk": s("a"), "s": s("x")}})
    );
    // No item to return when it does not exist.
    let body = err(
        &mut db,
        "UpdateItem",
        json!({"TableName": "tbl", "Key": {"pk": s("zz")}, "UpdateExpression": "SET q = :two",
        "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":two": n("2")}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
    );
    assert!(body.get("Item").is_none());
    assert_eq!(get(&mut db, "tbl", json!({"pk": s("zz")})), None);
}

#[test]
fn return_values_allowed_per_operation() {
    let mut db = db();
    for rv in ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"] {
        assert_eq!(
            fail(
                &mut db,
                "PutItem",
                json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ReturnValues": rv})
            ),
            v("Return values set to invalid value")
        );
        assert_eq!(
            fail(
                &mut db,
                "DeleteItem",
                json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ReturnValues": rv})
            ),
            v("Return values set to invalid value")
        );
    }
    assert_eq!(
        fail(&mut db, "PutItem", json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ReturnValues": "BOGUS"})),
        v("1 validation error detected: Value 'BOGUS' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
    );
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a"), "n": n("5")}, "ReturnValues": "ALL_OLD"}),
    );
    assert_eq!(
        r,
        json!({"Attributes": {"n": n("1"), "pk": s("a"), "s": s("x")}})
    );
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("fresh")}, "ReturnValues": "ALL_OLD"}),
    );
    assert_eq!(r, json!({}));
    let r = ok(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ReturnValues": "ALL_OLD"}),
    );
    assert_eq!(r, json!({"Attributes": {"n": n("5"), "pk": s("a")}}));
}

#[test]
fn update_item_return_values() {
    let update = |rv: &str| {
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET n = n + :one REMOVE s",
        "ExpressionAttributeValues": {":one": n("1")}, "ReturnValues": rv})
    };
    let rows = [
        ("NONE", json!({})),
        (
            "ALL_OLD",
            json!({"Attributes": {"n": n("1"), "pk": s("a"), "s": s("x")}}),
        ),
        (
            "ALL_NEW",
            json!({"Attributes": {"n": n("2"), "pk": s("a")}}),
        ),
        (
            "UPDATED_OLD",
            json!({"Attributes": {"n": n("1"), "s": s("x")}}),
        ),
        ("UPDATED_NEW", json!({"Attributes": {"n": n("2")}})),
    ];
    for (rv, expected) in rows {
        assert_eq!(ok(&mut db(), "UpdateItem", update(rv)), expected, "{rv}");
    }
}

#[test]
fn update_item_upserts_and_refuses_key_updates() {
    let mut db = db();
    ok(
        &mut db,
        "UpdateItem",
        json!({"TableName": "tbl", "Key": {"pk": s("new")}, "UpdateExpression": "SET v = :v",
        "ExpressionAttributeValues": {":v": s("x")}}),
    );
    assert_eq!(
        get(&mut db, "tbl", json!({"pk": s("new")})),
        Some(json!({"pk": s("new"), "v": s("x")}))
    );
    assert_eq!(
        fail(&mut db, "UpdateItem", json!({"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET pk = :v",
            "ExpressionAttributeValues": {":v": s("x")}})),
        v("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
    );
    assert_eq!(
        fail(
            &mut db,
            "UpdateItem",
            json!({"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET q = nothere + :v",
            "ExpressionAttributeValues": {":v": n("1")}})
        ),
        v("The provided expression refers to an attribute that does not exist in the item")
    );
}

#[test]
fn get_item_projection_and_missing_item() {
    let mut db = db();
    let r = ok(
        &mut db,
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ProjectionExpression": "#n, s", "ExpressionAttributeNames": {"#n": "n"}}),
    );
    assert_eq!(r, json!({"Item": {"n": n("1"), "s": s("x")}}));
    assert_eq!(
        ok(
            &mut db,
            "GetItem",
            json!({"TableName": "tbl", "Key": {"pk": s("zz")}})
        ),
        json!({})
    );
    assert_eq!(
        fail(
            &mut db,
            "GetItem",
            json!({"TableName": "nope", "Key": {"pk": s("zz")}})
        ),
        (
            "ResourceNotFoundException".into(),
            "Requested resource not found".into()
        )
    );
}

// ------------------------------------------------------------------------------------------------
// Capacity of single-item operations (spec §1.7: CapacityUnits only, no Read/Write split)
// ------------------------------------------------------------------------------------------------

#[test]
fn single_item_capacity() {
    let mut db = db();
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("c")}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(
        r,
        json!({"ConsumedCapacity": {"TableName": "tbl", "CapacityUnits": 1.0}})
    );
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("c")}, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        r,
        json!({"ConsumedCapacity": {"TableName": "tbl", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}})
    );
    let r = ok(
        &mut db,
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": s("c")}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!({"TableName": "tbl", "CapacityUnits": 0.5})
    );
    let r = ok(
        &mut db,
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": s("c")}, "ConsistentRead": true, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!({"TableName": "tbl", "CapacityUnits": 1.0})
    );
    let big = json!({"pk": s("big"), "data": s(&"x".repeat(1100))});
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": big, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(r["ConsumedCapacity"]["CapacityUnits"], json!(2.0));
    let r = ok(
        &mut db,
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": s("big")}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(r["ConsumedCapacity"]["CapacityUnits"], json!(2.0));
}

#[test]
fn item_collection_metrics_on_single_writes() {
    let mut db = db();
    local_index_table(&mut db, "ltbl");
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "ltbl", "Item": {"pk": s("a"), "sk": s("1")}, "ReturnItemCollectionMetrics": "SIZE"}),
    );
    assert_eq!(
        r,
        json!({"ItemCollectionMetrics": {"ItemCollectionKey": {"pk": s("a")}, "SizeEstimateRangeGB": [0.0, 1.0]}})
    );
    let r = ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ReturnItemCollectionMetrics": "SIZE"}),
    );
    assert_eq!(r, json!({}));
}
