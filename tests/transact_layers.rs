//! TransactWriteItems validation pipeline (spec §1.5 layers 0–4), cancellation reasons (§2) and
//! ReturnValuesOnConditionCheckFailure (§1.9): one row per [V] fact.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::api;
use txlab::engine::Database;

fn twi(items: Value) -> Value {
    json!({ "TransactItems": items })
}

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    put(&mut db, "tbl", json!({"pk": s("a"), "n": n("1")}));
    put(&mut db, "tbl", json!({"pk": s("b"), "n": n("2")}));
    db
}

fn p(item: Value) -> Value {
    json!({"Put": {"TableName": "tbl", "Item": item}})
}

fn v(message: &str) -> (String, String) {
    ("ValidationException".to_string(), message.to_string())
}

fn ser(message: &str) -> (String, String) {
    ("SerializationException".to_string(), message.to_string())
}

// ------------------------------------------------------------------------------------------------
// Layer 0: wire shapes
// ------------------------------------------------------------------------------------------------

#[test]
fn malformed_json_is_a_serialization_exception_without_message() {
    let mut db = db();
    let out = api::execute_body(
        &mut db,
        "TransactWriteItems",
        b"{\"TransactItems\": [",
        &ctx(),
    );
    let body = out.response.unwrap_err().to_json();
    assert_eq!(
        body,
        json!({"__type": "com.amazon.coral.service#SerializationException"})
    );
}

#[test]
fn layer0_wrong_json_types() {
    let rows: Vec<(Value, (String, String))> = vec![
        // {"N": 123} instead of a string
        (
            twi(json!([p(json!({"pk": s("z"), "x": {"N": 123}}))])),
            ser("NUMBER_VALUE cannot be converted to String"),
        ),
        // an ExpressionAttributeNames value that is a number
        (
            twi(
                json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(#a)",
            "ExpressionAttributeNames": {"#a": 5}}}]),
            ),
            ser("NUMBER_VALUE cannot be converted to String"),
        ),
    ];
    for (request, expected) in rows {
        assert_eq!(
            fail(&mut db(), "TransactWriteItems", request.clone()),
            expected,
            "{request}"
        );
    }
    // Invalid base64 in B: a SerializationException (the exact text belongs to the values layer).
    let (t, _) = fail(
        &mut db(),
        "TransactWriteItems",
        twi(json!([p(json!({"pk": s("z"), "b": {"B": "YWJj??!!"}}))])),
    );
    assert_eq!(t, "SerializationException");
}

// ------------------------------------------------------------------------------------------------
// Layer 1: member constraints
// ------------------------------------------------------------------------------------------------

#[test]
fn layer1_member_constraints() {
    let token37 = "x".repeat(37);
    let rows: Vec<(Value, &str)> = vec![
        (json!({"TransactItems": [p(json!({"pk": s("z")}))], "ReturnConsumedCapacity": "BOGUS", "ReturnItemCollectionMetrics": "BOGUS2"}),
         "2 validation errors detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'BOGUS2' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]"),
        (json!({"TransactItems": [p(json!({"pk": s("z")}))], "ClientRequestToken": token37, "ReturnConsumedCapacity": "BOGUS"}),
         &*Box::leak(format!("2 validation errors detected: Value '{token37}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36; Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]").into_boxed_str())),
        (twi(json!([{"Put": {"TableName": "bad!name", "Item": {"pk": s("z")}}}])),
         "1 validation error detected: Value 'bad!name' at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (twi(json!([p(json!({"pk": s("z")})), {"Update": {"TableName": "bad!name", "Key": {"pk": s("y")}, "UpdateExpression": "REMOVE q"}}])),
         "1 validation error detected: Value 'bad!name' at 'transactItems.2.member.update.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (twi(json!([{"Delete": {"TableName": "bad!name", "Key": {"pk": s("y")}}}])),
         "1 validation error detected: Value 'bad!name' at 'transactItems.1.member.delete.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (twi(json!([{"ConditionCheck": {"TableName": "bad!name", "Key": {"pk": s("y")}, "ConditionExpression": "attribute_exists(pk)"}}])),
         "1 validation error detected: Value 'bad!name' at 'transactItems.1.member.conditionCheck.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(pk)", "ReturnValuesOnConditionCheckFailure": "BOGUS"}}])),
         "1 validation error detected: Value 'BOGUS' at 'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"),
        // Case-sensitive: `none` is not NONE.
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ReturnValuesOnConditionCheckFailure": "none"}}])),
         "1 validation error detected: Value 'none' at 'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"),
        (twi(json!([{}])),
         "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"),
    ];
    for (request, expected) in rows {
        assert_eq!(
            fail(&mut db(), "TransactWriteItems", request.clone()),
            v(expected),
            "{request}"
        );
    }
}

#[test]
fn a_36_character_token_is_accepted() {
    let mut db = db();
    ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [p(json!({"pk": s("z")}))], "ClientRequestToken": "x".repeat(36)}),
    );
}

#[test]
fn member_constraints_win_over_missing_tables_and_duplicates() {
    let mut db = db();
    let (t, m) = fail(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Put": {"TableName": "missing", "Item": {"pk": s("a")}}},
        p(json!({"pk": s("a")})), p(json!({"pk": s("a")}))
    ], "ReturnConsumedCapacity": "BOGUS"}),
    );
    assert_eq!(t, "ValidationException");
    assert!(
        m.starts_with("1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity'"),
        "{m}"
    );
}

// ------------------------------------------------------------------------------------------------
// Layer 2: per-action checks, request order, before any table lookup
// ------------------------------------------------------------------------------------------------

#[test]
fn layer2_per_action_checks() {
    let deep = (0..32).fold(s("leaf"), |acc, _| json!({"M": {"a": acc}}));
    let rows: Vec<(Value, &str)> = vec![
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeNames": {}}}])),
         "ExpressionAttributeNames must not be empty"),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {}}}])),
         "ExpressionAttributeValues must not be empty"),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_not_exists("}}])),
         "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": ""}}])),
         "Invalid ConditionExpression: The expression can not be empty;"),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(#xyz)"}}])),
         "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #xyz"),
        (twi(json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("z")}, "UpdateExpression": "SET a = :v"}}])),
         "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
        (twi(json!([{"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":v": s("x")}}}])),
         "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"),
        (twi(json!([p(json!({"pk": s("")}))])),
         "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
        (twi(json!([{"Delete": {"TableName": "tbl", "Key": {"pk": s("")}}}])),
         "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
        (twi(json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"B": ""}}, "ConditionExpression": "attribute_exists(pk)"}}])),
         "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk"),
        (twi(json!([p(json!({"pk": s("z"), "deep": deep}))])),
         "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"),
        (twi(json!([p(json!({"pk": s("z"), "ss": {"SS": ["b", "a", "b"]}}))])),
         "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates."),
        (twi(json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "contains(ss, :t)",
            "ExpressionAttributeValues": {":t": {"SS": ["b", "a", "b"]}}}}])),
         "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Input collection [b, a, b] contains duplicates. for key :t"),
        (twi(json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": s("x")}}}])),
         "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
    ];
    for (request, expected) in rows {
        assert_eq!(
            fail(&mut db(), "TransactWriteItems", request.clone()),
            v(expected),
            "{request}"
        );
    }
}

#[test]
fn a_bad_condition_on_a_later_action_beats_a_missing_table_on_an_earlier_one() {
    let (_, m) = fail(
        &mut db(),
        "TransactWriteItems",
        twi(json!([
            {"Put": {"TableName": "missing", "Item": {"pk": s("a")}}},
            {"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_not_exists("}}
        ])),
    );
    assert_eq!(
        m,
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""
    );
}

#[test]
fn unused_values_beat_a_missing_table_in_either_position_and_a_duplicate() {
    let unused = json!({"Put": {"TableName": "tbl", "Item": {"pk": s("z")}, "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":v": s("x")}}});
    let missing = json!({"Put": {"TableName": "missing", "Item": {"pk": s("a")}}});
    for items in [
        json!([missing, unused]),
        json!([unused, missing]),
        json!([p(json!({"pk": s("z")})), unused]),
    ] {
        let (_, m) = fail(&mut db(), "TransactWriteItems", twi(items));
        assert_eq!(
            m,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
        );
    }
}

#[test]
fn the_first_action_wins_between_a_deep_item_and_a_bad_condition() {
    let deep = (0..32).fold(s("leaf"), |acc, _| json!({"M": {"a": acc}}));
    let bad = json!({"Put": {"TableName": "tbl", "Item": {"pk": s("y")}, "ConditionExpression": "attribute_not_exists("}});
    let too_deep = p(json!({"pk": s("z"), "deep": deep}));
    let (_, m) = fail(
        &mut db(),
        "TransactWriteItems",
        twi(json!([too_deep.clone(), bad.clone()])),
    );
    assert!(m.starts_with("Nesting Levels"), "{m}");
    let (_, m) = fail(&mut db(), "TransactWriteItems", twi(json!([bad, too_deep])));
    assert!(m.starts_with("Invalid ConditionExpression"), "{m}");
}

#[test]
fn a_31_level_item_is_accepted() {
    let ok_depth = (0..31).fold(s("leaf"), |acc, _| json!({"M": {"a": acc}}));
    ok(
        &mut db(),
        "TransactWriteItems",
        twi(json!([p(json!({"pk": s("z"), "deep": ok_depth}))])),
    );
}

// ------------------------------------------------------------------------------------------------
// Layer 3: catalogue
// ------------------------------------------------------------------------------------------------

#[test]
fn unknown_table() {
    assert_eq!(
        fail(
            &mut db(),
            "TransactWriteItems",
            twi(json!([{"Put": {"TableName": "missing", "Item": {"pk": s("a")}}}]))
        ),
        (
            "ResourceNotFoundException".into(),
            "Requested resource not found".into()
        )
    );
}

// ------------------------------------------------------------------------------------------------
// Layer 4: execution and cancellation reasons (§2)
// ------------------------------------------------------------------------------------------------

fn reasons(request: Value) -> Value {
    let body = err(&mut db(), "TransactWriteItems", request);
    assert_eq!(
        body["__type"],
        "com.amazonaws.dynamodb.v20120810#TransactionCanceledException"
    );
    body["CancellationReasons"].clone()
}

#[test]
fn put_key_type_mismatch_is_a_cancellation_even_alone() {
    assert_eq!(
        reasons(twi(json!([p(json!({"pk": n("1")}))]))),
        json!([{"Code": "ValidationError", "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"}])
    );
    assert_eq!(
        reasons(twi(json!([p(json!({"pk": {"L": []}}))]))),
        json!([{"Code": "ValidationError", "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: L"}])
    );
}

#[test]
fn key_schema_mismatch_for_update_delete_and_condition_check() {
    let schema = json!([{"Code": "ValidationError", "Message": "The provided key element does not match the schema"}]);
    for action in [
        json!({"Update": {"TableName": "tbl", "Key": {"pk": n("1")}, "UpdateExpression": "REMOVE x"}}),
        json!({"Delete": {"TableName": "tbl", "Key": {"pk": s("a"), "extra": s("x")}}}),
        json!({"ConditionCheck": {"TableName": "tbl", "Key": {"other": s("a")}, "ConditionExpression": "attribute_exists(pk)"}}),
        json!({"Delete": {"TableName": "tbl", "Key": {"pk": {"SS": ["a"]}}}}),
    ] {
        assert_eq!(reasons(twi(json!([action]))), schema);
    }
}

#[test]
fn update_result_too_large_is_a_cancellation() {
    let mut db = db();
    put(
        &mut db,
        "tbl",
        json!({"pk": s("big"), "data": s(&"x".repeat(409_000))}),
    );
    let body = err(
        &mut db,
        "TransactWriteItems",
        twi(
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("big")},
        "UpdateExpression": "SET more = :m", "ExpressionAttributeValues": {":m": s(&"y".repeat(1000))}}}]),
        ),
    );
    assert_eq!(
        body["CancellationReasons"],
        json!([{"Code": "ValidationError", "Message": "Item size to update has exceeded the maximum allowed size"}])
    );
}

#[test]
fn update_writing_too_deep_a_value_is_a_cancellation() {
    let deep = (0..32).fold(s("leaf"), |acc, _| json!({"M": {"a": acc}}));
    assert_eq!(
        reasons(twi(
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET d = :d",
            "ExpressionAttributeValues": {":d": deep}}}])
        )),
        json!([{"Code": "ValidationError", "Message": "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"}])
    );
}

#[test]
fn update_evaluation_error_is_a_cancellation() {
    assert_eq!(
        reasons(twi(
            json!([{"Update": {"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET x = nothere + :one",
            "ExpressionAttributeValues": {":one": n("1")}}}])
        )),
        json!([{"Code": "ValidationError", "Message": "The provided expression refers to an attribute that does not exist in the item"}])
    );
}

#[test]
fn a_validation_error_silences_every_other_reason_and_only_the_first_is_reported() {
    let false_condition = json!({"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)"}});
    let bad_key_1 = json!({"Delete": {"TableName": "tbl", "Key": {"pk": n("1")}}});
    let bad_key_2 = json!({"Put": {"TableName": "tbl", "Item": {"pk": n("2")}}});
    let body = err(
        &mut db(),
        "TransactWriteItems",
        twi(json!([false_condition, bad_key_1, bad_key_2])),
    );
    assert_eq!(
        body["CancellationReasons"],
        json!([
            {"Code": "None"},
            {"Code": "ValidationError", "Message": "The provided key element does not match the schema"},
            {"Code": "None"}
        ])
    );
    assert_eq!(body["Message"], "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError, None]");
}

#[test]
fn every_condition_is_evaluated_and_each_false_one_is_reported() {
    let cc = |pk: &str| json!({"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s(pk)}, "ConditionExpression": "attribute_not_exists(pk)"}});
    let body = err(
        &mut db(),
        "TransactWriteItems",
        twi(json!([cc("a"), cc("nobody"), cc("b")])),
    );
    assert_eq!(
        body["CancellationReasons"],
        json!([
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
            {"Code": "None"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
        ])
    );
    assert_eq!(body["Message"], "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, ConditionalCheckFailed]");
    assert!(body.get("ConsumedCapacity").is_none());
}

#[test]
fn cancelled_body_has_capital_message_and_reasons_and_no_capacity() {
    let body = err(
        &mut db(),
        "TransactWriteItems",
        json!({"TransactItems": [
        {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)"}}
    ], "ReturnConsumedCapacity": "TOTAL"}),
    );
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["__type", "CancellationReasons", "Message"]);
}

// ------------------------------------------------------------------------------------------------
// §1.9 ReturnValuesOnConditionCheckFailure
// ------------------------------------------------------------------------------------------------

#[test]
fn all_old_returns_the_existing_item_for_each_action_type() {
    let item = json!({"n": n("1"), "pk": s("a")});
    let fails = [
        json!({"Put": {"TableName": "tbl", "Item": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}),
        json!({"Update": {"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "REMOVE n", "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}),
        json!({"Delete": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}),
        json!({"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}),
    ];
    for action in fails {
        assert_eq!(
            reasons(twi(json!([action]))),
            json!([{"Code": "ConditionalCheckFailed", "Item": item, "Message": "The conditional request failed"}])
        );
    }
}

#[test]
fn no_item_with_none_or_when_the_item_is_missing() {
    assert_eq!(
        reasons(twi(
            json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "NONE"}}])
        )),
        json!([{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}])
    );
    assert_eq!(
        reasons(twi(
            json!([{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("nobody")}, "ConditionExpression": "attribute_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
        )),
        json!([{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}])
    );
}

// ------------------------------------------------------------------------------------------------
// The trace
// ------------------------------------------------------------------------------------------------

#[test]
fn the_trace_records_each_action_and_the_verdict() {
    use txlab::engine::trace::{ActionType, Verdict};
    let mut db = db();
    let out = run(
        &mut db,
        "TransactWriteItems",
        twi(json!([
            {"Update": {"TableName": "tbl", "Key": {"pk": s("a")}, "UpdateExpression": "SET n = n + :one",
                "ConditionExpression": "n = :one", "ExpressionAttributeValues": {":one": n("1")}}},
            {"ConditionCheck": {"TableName": "tbl", "Key": {"pk": s("b")}, "ConditionExpression": "attribute_not_exists(pk)"}}
        ])),
    );
    let t = out.trace;
    assert_eq!(
        t.verdict,
        Verdict::Cancelled {
            codes: vec!["None".into(), "ConditionalCheckFailed".into()]
        }
    );
    assert_eq!(t.actions.len(), 2);
    assert_eq!(t.actions[0].action, ActionType::Update);
    assert_eq!(&*t.actions[0].table, "tbl");
    assert!(t.actions[0].condition.as_ref().unwrap().result);
    assert_eq!(t.actions[0].after_item().unwrap()["n"].to_json(), n("2"));
    assert!(t.actions[0].update.is_some());
    assert!(!t.actions[1].condition.as_ref().unwrap().result);
    assert_eq!(
        t.actions[1].reason.as_ref().unwrap().code,
        "ConditionalCheckFailed"
    );
    assert_eq!(t.actions[1].before_item().unwrap()["pk"].to_json(), s("b"));
}
