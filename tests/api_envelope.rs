//! The api envelope: dispatch by operation name, error bodies (`__type`, `message` / `Message`), wire-shape
//! errors of request members, and the raw-body entry point.

mod api_common;
use api_common::*;
use serde_json::json;
use txlab::api::{self, ErrorResponse};
use txlab::engine::{ApiError, Database, ErrorType};

#[test]
fn unknown_operation() {
    let mut db = Database::new();
    let body = err(&mut db, "DescribeLimits", json!({}));
    assert_eq!(
        body,
        json!({"__type": "com.amazon.coral.service#UnknownOperationException"})
    );
}

#[test]
fn the_target_prefix_is_accepted() {
    let mut db = Database::new();
    let out = api::execute(&mut db, "DynamoDB_20120810.ListTables", &json!({}), &ctx());
    assert_eq!(out.response.unwrap(), json!({"TableNames": []}));
    assert_eq!(out.trace.operation, "ListTables");
}

#[test]
fn error_bodies_spell_message_as_dynamodb_does() {
    let rows = [
        (
            ErrorType::ValidationException,
            "com.amazon.coral.validate#ValidationException",
            "message",
        ),
        (
            ErrorType::ResourceNotFoundException,
            "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
            "message",
        ),
        (
            ErrorType::ConditionalCheckFailedException,
            "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
            "message",
        ),
        (
            ErrorType::TransactionCanceledException,
            "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            "Message",
        ),
        (
            ErrorType::IdempotentParameterMismatchException,
            "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
            "Message",
        ),
        (
            ErrorType::SerializationException,
            "com.amazon.coral.service#SerializationException",
            "Message",
        ),
    ];
    for (t, wire, key) in rows {
        let body = ErrorResponse::from(ApiError::new(t, "text")).to_json();
        assert_eq!(body["__type"], wire);
        assert_eq!(body[key], "text", "{wire}");
    }
}

#[test]
fn malformed_bodies() {
    let mut db = Database::new();
    for body in [&b"{"[..], b"", b"not json", b"{\"TableName\": }"] {
        let out = api::execute_body(&mut db, "ListTables", body, &ctx());
        let e = out.response.unwrap_err();
        assert_eq!(
            e.to_json(),
            json!({"__type": "com.amazon.coral.service#SerializationException"})
        );
        assert_eq!(e.status(), 400);
    }
}

#[test]
fn member_wire_shapes_are_serialization_errors() {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    let rows = [
        (
            json!({"TableName": 5, "Key": {"pk": s("a")}}),
            "NUMBER_VALUE cannot be converted to String",
        ),
        (
            json!({"TableName": 5.5, "Key": {"pk": s("a")}}),
            "DECIMAL_VALUE cannot be converted to String",
        ),
        (
            json!({"TableName": true, "Key": {"pk": s("a")}}),
            "TRUE_VALUE cannot be converted to String",
        ),
        (
            json!({"TableName": {}, "Key": {"pk": s("a")}}),
            "Start of structure or map found where not expected",
        ),
        (
            json!({"TableName": [], "Key": {"pk": s("a")}}),
            "Unrecognized collection type class java.lang.String",
        ),
        (
            json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ConsistentRead": "maybe"}),
            "Unexpected token received from parser",
        ),
        (
            json!({"TableName": "tbl", "Key": {"pk": 5}}),
            "Unexpected value type in payload",
        ),
    ];
    for (request, message) in rows {
        assert_eq!(
            fail(&mut db, "GetItem", request.clone()),
            ("SerializationException".into(), message.into()),
            "{request}"
        );
    }
    // Jackson's boolean coercions are accepted.
    ok(
        &mut db,
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ConsistentRead": "yes"}),
    );
}

#[test]
fn the_request_must_be_an_object() {
    let mut db = Database::new();
    let (t, _) = fail(&mut db, "ListTables", json!([1, 2]));
    assert_eq!(t, "SerializationException");
    ok(&mut db, "ListTables", json!(null));
}

#[test]
fn missing_required_members() {
    let mut db = Database::new();
    assert_eq!(
        fail(&mut db, "PutItem", json!({})),
        ("ValidationException".into(), "2 validation errors detected: Value null at 'item' failed to satisfy constraint: Member must not be null; Value null at 'tableName' failed to satisfy constraint: Member must not be null".into())
    );
}

#[test]
fn placeholders_without_expressions() {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    assert_eq!(
        fail(
            &mut db,
            "PutItem",
            json!({"TableName": "tbl", "Item": {"pk": s("a")}, "ExpressionAttributeNames": {"#a": "a"}})
        ),
        (
            "ValidationException".into(),
            "ExpressionAttributeNames can only be specified when using expressions".into()
        )
    );
    assert_eq!(
        fail(
            &mut db,
            "DeleteItem",
            json!({"TableName": "tbl", "Key": {"pk": s("a")}, "ExpressionAttributeValues": {":a": s("a")}})
        ),
        (
            "ValidationException".into(),
            "ExpressionAttributeValues can only be specified when using expressions".into()
        )
    );
}

#[test]
fn table_arns_name_tables() {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    ok(
        &mut db,
        "PutItem",
        json!({"TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/tbl", "Item": {"pk": s("a")}}),
    );
    assert!(get(&mut db, "tbl", json!({"pk": s("a")})).is_some());
}

#[test]
fn traces_record_errors() {
    let mut db = Database::new();
    let out = run(
        &mut db,
        "GetItem",
        json!({"TableName": "nope", "Key": {"pk": s("a")}}),
    );
    assert_eq!(
        out.trace.verdict,
        txlab::engine::trace::Verdict::Error {
            error_type: ErrorType::ResourceNotFoundException,
            message: "Requested resource not found".into()
        }
    );
}
