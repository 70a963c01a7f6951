//! `explain::account`: the plain-language account of a false condition, one row per node kind:
//! (condition, values) -> (why, to pass), against the item {pk: "a", n: N 5, s: "hello", ss: SS {x, y}}.

use serde_json::{json, Value};
use txlab::api;
use txlab::engine::trace::ActionTrace;
use txlab::engine::{Database, RequestContext};
use txlab::explain::{account, consequence};

fn db() -> Database {
    let mut db = Database::new();
    let ctx = RequestContext::at(1_700_000_000_000);
    let create = json!({
        "TableName": "Things",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"
    });
    assert!(api::execute(&mut db, "CreateTable", &create, &ctx)
        .response
        .is_ok());
    let put = json!({"TableName": "Things", "Item": {
        "pk": {"S": "a"}, "n": {"N": "5"}, "s": {"S": "hello"}, "ss": {"SS": ["x", "y"]}}});
    assert!(api::execute(&mut db, "PutItem", &put, &ctx)
        .response
        .is_ok());
    db
}

/// The trace of a conditional update of item `key` (the condition is expected to be false).
fn action(key: &str, condition: &str, values: Value) -> ActionTrace {
    let mut db = db();
    let mut request = json!({
        "TableName": "Things",
        "Key": {"pk": {"S": key}},
        "UpdateExpression": "SET touched = :one",
        "ConditionExpression": condition,
    });
    let mut vals = json!({":one": {"N": "1"}});
    if let (Some(v), Some(extra)) = (vals.as_object_mut(), values.as_object()) {
        v.extend(extra.clone());
    }
    request["ExpressionAttributeValues"] = vals;
    let outcome = api::execute(&mut db, "UpdateItem", &request, &RequestContext::at(1));
    assert!(outcome.response.is_err(), "{condition} should fail");
    outcome
        .trace
        .actions
        .into_iter()
        .next()
        .expect("one action")
}

#[test]
fn accounts_of_false_conditions() {
    let rows: &[(&str, &str, Value, &str, &str)] = &[
        ("a", "n > :v", json!({":v": {"N": "10"}}),
         "n (N 5) is not greater than N 10, so n > :v is false.",
         "n must be greater than N 10."),
        ("a", "n <= :v", json!({":v": {"S": "x"}}),
         "n is N 5, a number, and :v is \"x\", a string; <= compares only two numbers, two strings or two binaries, so n <= :v is false.",
         "n and :v must both be numbers, both strings or both binaries."),
        ("a", "s = :v", json!({":v": {"N": "5"}}),
         "s is \"hello\", a string, and :v is N 5, a number; values of different types are never equal, so s = :v is false.",
         "s must be N 5 (the same type and value)."),
        ("a", "n <> :v", json!({":v": {"N": "5"}}),
         "n (N 5) is equal to N 5, so n <> :v is false.",
         "n must be different from N 5."),
        ("a", "gone = :v", json!({":v": {"N": "1"}}),
         "gone is absent from this item, so gone = :v is false.",
         "the item must have gone equal to N 1."),
        ("a", "n BETWEEN :lo AND :hi", json!({":lo": {"N": "6"}, ":hi": {"N": "9"}}),
         "n (N 5) lies outside N 6 and N 9 (both included), so n BETWEEN :lo AND :hi is false.",
         "n must lie between N 6 and N 9."),
        ("a", "s IN (:x, :y)", json!({":x": {"S": "x"}, ":y": {"S": "y"}}),
         "s (\"hello\") is none of \"x\", \"y\", so s IN (:x, :y) is false.",
         "s must be one of \"x\", \"y\"."),
        ("a", "attribute_not_exists(n)", json!({}),
         "n exists on this item (N 5), so attribute_not_exists(n) is false.",
         "the item must not have n, or the condition must allow an item that has it."),
        ("a", "attribute_exists(gone)", json!({}),
         "gone is absent from this item, so attribute_exists(gone) is false.",
         "the item must have gone."),
        ("b", "attribute_exists(pk)", json!({}),
         "there is no item with this key, so pk is absent, so attribute_exists(pk) is false.",
         "the item must have pk."),
        ("a", "attribute_type(n, :t)", json!({":t": {"S": "S"}}),
         "n is N 5, of type N, not S, so attribute_type(n, :t) is false.",
         "n must be of type S, or :t must name type N."),
        ("a", "begins_with(s, :p)", json!({":p": {"S": "xyz"}}),
         "s (\"hello\") does not begin with \"xyz\", so begins_with(s, :p) is false.",
         "s must begin with \"xyz\"."),
        ("a", "contains(ss, :v)", json!({":v": {"S": "z"}}),
         "ss (SS {\"x\", \"y\"}) does not contain \"z\", so contains(ss, :v) is false.",
         "ss must contain \"z\"."),
        ("a", "size(n) > :v", json!({":v": {"N": "0"}}),
         "n is N 5, a number, which has no size, so size(n) has no value, so size(n) > :v is false.",
         "n must have a size (be a string, binary, set, list or map), with size(n) greater than N 0."),
        ("a", "NOT contains(s, :p)", json!({":p": {"S": "ell"}}),
         "s (\"hello\") contains \"ell\", so contains(s, :p) is true.\nNOT turns that around, so NOT contains(s, :p) is false.",
         "s must not contain \"ell\"."),
        ("a", "n > :v OR s = :w", json!({":v": {"N": "10"}, ":w": {"S": "bye"}}),
         "n (N 5) is not greater than N 10, so n > :v is false.\ns (\"hello\") is not equal to \"bye\", so s = :w is false.",
         "n must be greater than N 10 or s must be equal to \"bye\"."),
        ("a", "n = :five AND (s = :w OR ss = :w)", json!({":five": {"N": "5"}, ":w": {"S": "bye"}}),
         "s (\"hello\") is not equal to \"bye\", so s = :w is false.\nss is SS {\"x\", \"y\"}, a string set, and :w is \"bye\", a string; values of different types are never equal, so ss = :w is false.",
         "s must be equal to \"bye\" or ss must be \"bye\" (the same type and value)."),
        ("a", "n > :v AND (s = :w OR attribute_exists(gone))", json!({":v": {"N": "10"}, ":w": {"S": "bye"}}),
         "n (N 5) is not greater than N 10, so n > :v is false.\ns (\"hello\") is not equal to \"bye\", so s = :w is false.\ngone is absent from this item, so attribute_exists(gone) is false.",
         "n must be greater than N 10 and (s must be equal to \"bye\" or the item must have gone)."),
    ];
    for (key, condition, values, why, to_pass) in rows {
        let a = action(key, condition, values.clone());
        let got = account(&a).expect("a false condition has an account");
        assert_eq!(
            (got.why.as_str(), got.to_pass.as_str()),
            (*why, *to_pass),
            "{condition}"
        );
    }
}

#[test]
fn a_passing_action_has_no_account() {
    let mut db = db();
    let request = json!({"TableName": "Things", "Key": {"pk": {"S": "a"}},
        "UpdateExpression": "SET touched = :one", "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":one": {"N": "1"}}});
    let outcome = api::execute(&mut db, "UpdateItem", &request, &RequestContext::at(1));
    assert!(outcome.response.is_ok());
    assert_eq!(account(&outcome.trace.actions[0]), None);
    assert_eq!(consequence(&outcome.trace), None);
}

/// The transaction-level consequence names the actions that would have been applied.
#[test]
fn cancelled_transactions_name_the_spared_actions() {
    let mut db = db();
    let t = |i: &str| json!({"Put": {"TableName": "Things", "Item": {"pk": {"S": i}}}});
    let failing = json!({"ConditionCheck": {"TableName": "Things", "Key": {"pk": {"S": "a"}},
        "ConditionExpression": "attribute_not_exists(pk)"}});
    let rows: &[(Value, &str)] = &[
        (
            json!([t("p"), failing]),
            "The transaction is all or nothing, so action 1 was not applied either.",
        ),
        (
            json!([t("p"), t("q"), failing]),
            "The transaction is all or nothing, so actions 1 and 2 were not applied either.",
        ),
        (
            json!([failing]),
            "The transaction is all or nothing: nothing was written.",
        ),
    ];
    for (items, expected) in rows {
        let outcome = api::execute(
            &mut db,
            "TransactWriteItems",
            &json!({"TransactItems": items}),
            &RequestContext::at(1),
        );
        assert_eq!(consequence(&outcome.trace).as_deref(), Some(*expected));
    }
}
