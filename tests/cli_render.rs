//! Rendering: responses as the AWS CLI prints them, errors with txlab's cancellation reasons, colour, one-line
//! attribute values. (Printing compared with the real AWS CLI is in cli_golden.rs.)

use serde_json::{json, Value};
use txlab::cli::render::{
    json_text, json_text_colored, normalize, render_error, render_error_with_keys, render_response,
    value, ServiceError,
};
use txlab::cli::Operation;
use txlab::engine::{ApiError, ErrorType};

/// The documentation's transaction (transact-write-items example 1).
fn doc_transaction() -> Value {
    json!({"TransactItems": [
        {"Update": {
            "Key": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
            "UpdateExpression": "SET AlbumTitle = :newval",
            "ExpressionAttributeValues": {":newval": {"S": "Updated Album Title"}},
            "TableName": "MusicCollection",
            "ConditionExpression": "attribute_not_exists(Rating)"}},
        {"Delete": {
            "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
            "TableName": "MusicCollection",
            "ConditionExpression": "attribute_not_exists(Rating)"}}],
        "ReturnConsumedCapacity": "TOTAL", "ReturnItemCollectionMetrics": "SIZE"})
}

fn cancelled(with_item: bool) -> ServiceError {
    let mut failed =
        json!({"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"});
    if with_item {
        failed["Item"] = json!({"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"},
                                "Rating": {"N": "5"}});
    }
    ServiceError::from_body(&json!({
        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "CancellationReasons": [{"Code": "None"}, failed],
        "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"}))
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_cancelled_transaction_prints_the_aws_line_then_one_line_per_action() {
    let text = render_error(
        Operation::TransactWriteItems,
        &doc_transaction(),
        &cancelled(true),
        false,
    );
    assert_eq!(
        text,
        "\nAn error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: \
         Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]\n\
         Cancellation reasons (txlab shows what the AWS CLI hides):\n\
         \x20 TransactItems[0] Update MusicCollection {Artist: S \"Acme Band\", SongTitle: S \"Happy Day\"}: None\n\
         \x20 TransactItems[1] Delete MusicCollection {Artist: S \"No One You Know\", SongTitle: S \"Call Me Today\"}: \
         ConditionalCheckFailed: The conditional request failed; \
         item {Artist: S \"No One You Know\", SongTitle: S \"Call Me Today\", Rating: N 5}\n"
    );
    // Without ReturnValuesOnConditionCheckFailure there is no item.
    let text = render_error(
        Operation::TransactWriteItems,
        &doc_transaction(),
        &cancelled(false),
        false,
    );
    assert!(
        text.ends_with("ConditionalCheckFailed: The conditional request failed\n"),
        "{text}"
    );
}

#[test]
fn colour_wraps_the_same_text() {
    let plain = render_error(
        Operation::TransactWriteItems,
        &doc_transaction(),
        &cancelled(true),
        false,
    );
    let colored = render_error(
        Operation::TransactWriteItems,
        &doc_transaction(),
        &cancelled(true),
        true,
    );
    assert_ne!(plain, colored);
    assert!(colored.contains("\u{1b}[31mConditionalCheckFailed\u{1b}[0m"));
    assert!(colored.contains("\u{1b}[32mNone\u{1b}[0m"));
    assert_eq!(strip_ansi(&colored), plain);
    let response = json!({"Item": {"a": {"N": "1"}}});
    let colored = render_response(Operation::GetItem, &response, true);
    assert!(colored.contains("\u{1b}[34m\"Item\"\u{1b}[0m"));
    assert_eq!(
        strip_ansi(&colored),
        render_response(Operation::GetItem, &response, false)
    );
}

#[test]
fn put_actions_show_their_key_when_the_schema_is_known() {
    let request = json!({"TransactItems": [
        {"Put": {"TableName": "Music", "Item": {"Artist": {"S": "A"}, "Title": {"S": "T"}, "Year": {"N": "1999"}}}},
        {"ConditionCheck": {"TableName": "Music", "Key": {"Artist": {"S": "B"}},
                            "ConditionExpression": "attribute_exists(Artist)"}}]});
    let error = ServiceError::from_body(&json!({
        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "CancellationReasons": [
            {"Code": "ValidationError", "Message": "One or more parameter values were invalid: Type mismatch for key"},
            {"Code": "None"}],
        "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError, None]"}));
    let keys =
        |table: &str| (table == "Music").then(|| vec!["Artist".to_string(), "Title".to_string()]);
    let with_keys = render_error_with_keys(
        Operation::TransactWriteItems,
        &request,
        &error,
        false,
        &keys,
    );
    assert!(with_keys.contains(
        "  TransactItems[0] Put Music {Artist: S \"A\", Title: S \"T\"}: ValidationError: One or more parameter values were invalid: Type mismatch for key\n"
    ), "{with_keys}");
    assert!(with_keys.contains("  TransactItems[1] ConditionCheck Music {Artist: S \"B\"}: None\n"));
    let without = render_error(Operation::TransactWriteItems, &request, &error, false);
    assert!(without.contains(
        "TransactItems[0] Put Music item {Artist: S \"A\", Title: S \"T\", Year: N 1999}: ValidationError"
    ), "{without}");
}

#[test]
fn transact_get_items_cancellations_name_get_actions() {
    let request =
        json!({"TransactItems": [{"Get": {"TableName": "T", "Key": {"pk": {"S": "x"}}}}]});
    let error = ServiceError::from_body(&json!({
        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "CancellationReasons": [{"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}],
        "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]"}));
    let text = render_error(Operation::TransactGetItems, &request, &error, false);
    assert!(text.starts_with("\nAn error occurred (TransactionCanceledException) when calling the TransactGetItems operation: "));
    assert!(text.ends_with(
        "  TransactItems[0] Get T {pk: S \"x\"}: TransactionConflict: Transaction is ongoing for the item\n"
    ));
}

#[test]
fn other_errors_are_one_line_and_a_returned_item_is_shown() {
    let e = ServiceError::from_api_error(&ApiError::new(
        ErrorType::ResourceNotFoundException,
        "Requested resource not found",
    ));
    assert_eq!(
        render_error(Operation::Scan, &json!({}), &e, false),
        "\nAn error occurred (ResourceNotFoundException) when calling the Scan operation: Requested resource not found\n"
    );
    let e = ServiceError::from_body(&json!({
        "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        "message": "The conditional request failed",
        "Item": {"Artist": {"S": "Acme"}, "Rating": {"N": "5"}}}));
    assert_eq!(
        render_error(Operation::PutItem, &json!({}), &e, false),
        "\nAn error occurred (ConditionalCheckFailedException) when calling the PutItem operation: \
         The conditional request failed\nItem returned with the error: {Artist: S \"Acme\", Rating: N 5}\n"
    );
}

#[test]
fn error_bodies_are_read_as_botocore_reads_them() {
    let rows: &[(Value, &str, &str)] = &[
        (
            json!({"__type": "com.amazon.coral.validate#ValidationException", "message": "m"}),
            "ValidationException",
            "m",
        ),
        (
            json!({"__type": "com.amazon.coral.service#SerializationException", "Message": "M"}),
            "SerializationException",
            "M",
        ),
        (
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ResourceInUseException"}),
            "ResourceInUseException",
            "",
        ),
        (
            json!({"__type": "ThrottlingException:http://internal", "message": "x"}),
            "ThrottlingException",
            "x",
        ),
        (
            json!({"__type": "X", "message": "lower", "Message": "upper"}),
            "X",
            "lower",
        ),
    ];
    for (body, code, message) in rows {
        let e = ServiceError::from_body(body);
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            (*code, *message),
            "{body}"
        );
    }
    // An empty message still prints the colon and space, as the CLI does.
    let e = ServiceError::new("SerializationException", "");
    assert_eq!(
        render_error(Operation::PutItem, &json!({}), &e, false),
        "\nAn error occurred (SerializationException) when calling the PutItem operation: \n"
    );
}

#[test]
fn responses_follow_the_model_and_empty_ones_print_nothing() {
    assert_eq!(render_response(Operation::PutItem, &json!({}), false), "");
    assert_eq!(json_text(&json!({})), "");
    assert_eq!(
        json_text(&json!({"TableNames": []})),
        "{\n    \"TableNames\": []\n}\n"
    );
    // Members in the model's order, unknown members and nulls dropped, timestamps as ISO 8601 (UTC).
    let response = json!({"TableDescription": {
        "TableStatus": "DELETING", "Bogus": 1, "TableName": "T", "ItemCount": null,
        "CreationDateTime": 1.576537386389E9, "TableSizeBytes": 0}});
    assert_eq!(
        normalize(Operation::DeleteTable, &response).to_string(),
        "{\"TableDescription\":{\"TableName\":\"T\",\"TableStatus\":\"DELETING\",\
         \"CreationDateTime\":\"2019-12-16T23:03:06.389000+00:00\",\"TableSizeBytes\":0}}"
    );
    // Items keep DynamoDB's order (maps are not reordered); non-ASCII is printed as is.
    let response = json!({"Item": {"z": {"S": "é☃"}, "a": {"N": "1"}}});
    assert_eq!(
        render_response(Operation::GetItem, &response, false),
        "{\n    \"Item\": {\n        \"z\": {\n            \"S\": \"é☃\"\n        },\n        \"a\": {\n            \"N\": \"1\"\n        }\n    }\n}\n"
    );
}

#[test]
fn timestamps_are_pythons_isoformat_in_utc() {
    let rows: &[(Value, &str)] = &[
        (json!(1576537386.389), "2019-12-16T23:03:06.389000+00:00"),
        (json!(0), "1970-01-01T00:00:00+00:00"),
        (json!(-1.5), "1969-12-31T23:59:58.500000+00:00"),
        (json!(1.0000005), "1970-01-01T00:00:01.000001+00:00"),
        (json!(1.0000015), "1970-01-01T00:00:01.000001+00:00"),
        (json!(1700000000), "2023-11-14T22:13:20+00:00"),
        (json!(951782400.25), "2000-02-29T00:00:00.250000+00:00"),
        (json!(4102444800.999999), "2100-01-01T00:00:00.999999+00:00"),
    ];
    for (wire, expected) in rows {
        let response = json!({"Table": {"CreationDateTime": wire}});
        let parsed = normalize(Operation::DescribeTable, &response);
        assert_eq!(parsed["Table"]["CreationDateTime"], *expected, "{wire}");
    }
}

#[test]
fn attribute_values_on_one_line() {
    let rows: &[(Value, &str)] = &[
        (json!({"S": "Acme \"Band\""}), "S \"Acme \\\"Band\\\"\""),
        (json!({"N": "5"}), "N 5"),
        (json!({"B": "AAE="}), "B AAE="),
        (json!({"BOOL": true}), "BOOL true"),
        (json!({"NULL": true}), "NULL"),
        (json!({"SS": ["a", "b"]}), "SS [\"a\", \"b\"]"),
        (json!({"NS": ["1", "2.5"]}), "NS [1, 2.5]"),
        (json!({"BS": ["AA=="]}), "BS [AA==]"),
        (json!({"L": [{"S": "x"}, {"N": "1"}]}), "L [S \"x\", N 1]"),
        (
            json!({"M": {"a b": {"S": "x"}, "c": {"M": {}}}}),
            "M {\"a b\": S \"x\", c: M {}}",
        ),
        (json!("not DynamoDB JSON"), "\"not DynamoDB JSON\""),
    ];
    for (v, expected) in rows {
        assert_eq!(value::attribute_value(v), *expected);
    }
    let mut deep = json!({"S": "x"});
    for _ in 0..100 {
        deep = json!({"L": [deep]});
    }
    assert!(value::attribute_value(&deep).contains('…'));
    let colored = json_text_colored(&json!({"a": 1}), true);
    assert_eq!(strip_ansi(&colored), "{\n    \"a\": 1\n}\n");
}
