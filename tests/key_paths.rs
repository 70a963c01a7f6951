//! Paths inside key attributes (spec §4.3) and placeholder-map entries (spec §3.7), as behaviour tables:
//! each row is a request and DynamoDB's answer, and a refused request changes nothing.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::Database;

/// `Orders`: hash `pk`, range `sk`, a GSI `ByStage` on `stage`/`placed`, an LSI `ByAmount` on `amount`.
fn db() -> Database {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({
            "TableName": "Orders",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "stage", "AttributeType": "S"},
                {"AttributeName": "placed", "AttributeType": "N"},
                {"AttributeName": "amount", "AttributeType": "N"}
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "GlobalSecondaryIndexes": [{
                "IndexName": "ByStage",
                "KeySchema": [
                    {"AttributeName": "stage", "KeyType": "HASH"},
                    {"AttributeName": "placed", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "ALL"}
            }],
            "LocalSecondaryIndexes": [{
                "IndexName": "ByAmount",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "amount", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "ALL"}
            }],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    put(
        &mut db,
        "Orders",
        json!({"pk": s("c#1"), "sk": s("o#1"), "stage": s("open"), "placed": n("7"),
               "amount": n("30"), "info": {"M": {"a": n("1")}}}),
    );
    db
}

fn v(message: &str) -> (String, String) {
    ("ValidationException".to_string(), message.to_string())
}

fn scalars(kind: &str, attr: &str) -> (String, String) {
    v(&format!(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: {kind}: {attr}"
    ))
}

fn key() -> Value {
    json!({"pk": s("c#1"), "sk": s("o#1")})
}

#[test]
fn projections_may_not_reach_inside_a_key() {
    let rows: Vec<(&str, Value, (String, String))> = vec![
        ("pk.x", json!(null), scalars("Key", "pk")),
        ("#k[0]", json!({"#k": "sk"}), scalars("Key", "sk")),
        ("info, stage.a", json!(null), scalars("IndexKey", "stage")),
        ("placed[2]", json!(null), scalars("IndexKey", "placed")),
        ("amount.t", json!(null), scalars("IndexKey", "amount")),
        // The table's key comes before the indexes', whatever the order written.
        ("stage.a, sk.b", json!(null), scalars("Key", "sk")),
        // The GSI's keys before the LSI's.
        (
            "amount.t, placed.p",
            json!(null),
            scalars("IndexKey", "placed"),
        ),
    ];
    for (projection, names, expected) in rows {
        let mut get =
            json!({"TableName": "Orders", "Key": key(), "ProjectionExpression": projection});
        let mut scan = json!({"TableName": "Orders", "ProjectionExpression": projection});
        if !names.is_null() {
            get["ExpressionAttributeNames"] = names.clone();
            scan["ExpressionAttributeNames"] = names.clone();
        }
        assert_eq!(
            fail(&mut db(), "GetItem", get.clone()),
            expected,
            "GetItem {projection}"
        );
        assert_eq!(fail(&mut db(), "Scan", scan), expected, "Scan {projection}");
        let tx = json!({"TransactItems": [
            {"Get": {"TableName": "Orders", "Key": {"pk": s("c#2"), "sk": s("o#1")}}},
            {"Get": get.clone()}
        ]});
        assert_eq!(
            fail(&mut db(), "TransactGetItems", tx),
            expected,
            "TransactGetItems {projection}"
        );
    }
    // Whole key attributes and paths inside other attributes are fine.
    let item = ok(
        &mut db(),
        "GetItem",
        json!({"TableName": "Orders", "Key": key(), "ProjectionExpression": "pk, stage, info.a"}),
    );
    assert_eq!(
        item["Item"],
        json!({"pk": s("c#1"), "stage": s("open"), "info": {"M": {"a": n("1")}}})
    );
}

#[test]
fn filters_may_not_reach_inside_a_key() {
    let rows: Vec<(&str, (String, String))> = vec![
        ("pk.x = :v", scalars("Key", "pk")),
        ("attribute_exists(stage.c)", scalars("IndexKey", "stage")),
        (
            "size(amount[1]) > :n AND info.a = :n",
            scalars("IndexKey", "amount"),
        ),
    ];
    for (filter, expected) in rows {
        let mut values = json!({});
        if filter.contains(":v") {
            values[":v"] = s("x");
        }
        if filter.contains(":n") {
            values[":n"] = n("1");
        }
        let mut scan = json!({"TableName": "Orders", "FilterExpression": filter});
        if values.as_object().is_some_and(|m| !m.is_empty()) {
            scan["ExpressionAttributeValues"] = values;
        }
        assert_eq!(fail(&mut db(), "Scan", scan), expected, "{filter}");
    }
}

#[test]
fn a_query_filter_may_not_name_the_queried_key() {
    let query = |filter: &str, index: Option<&str>| {
        let mut q = json!({
            "TableName": "Orders",
            "KeyConditionExpression": "pk = :p",
            "FilterExpression": filter,
            "ExpressionAttributeValues": {":p": s("c#1"), ":v": s("o#1")}
        });
        if let Some(i) = index {
            q["IndexName"] = json!(i);
            q["KeyConditionExpression"] = json!("#s = :p");
            q["ExpressionAttributeNames"] = json!({"#s": "stage"});
        }
        q
    };
    assert_eq!(
        fail(&mut db(), "Query", query("sk = :v", None)),
        v("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
    );
    assert_eq!(
        fail(&mut db(), "Query", query("begins_with(pk, :v)", None)),
        v("Filter Expression can only contain non-primary key attributes: Primary key attribute: pk")
    );
    // On an index, its own key is the primary key; the table's key may be filtered.
    assert_eq!(
        fail(&mut db(), "Query", query("attribute_exists(placed) AND :v = :v", Some("ByStage"))),
        v("Filter Expression can only contain non-primary key attributes: Primary key attribute: placed")
    );
    let found = ok(&mut db(), "Query", query("sk = :v", Some("ByStage")));
    assert_eq!(found["Count"], json!(0), "stage = c#1 matches nothing");
    // Naming the key beats reaching inside an index key (dynalite's order).
    assert_eq!(
        fail(&mut db(), "Query", query("stage.x = :v OR sk = :v", None)),
        v("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
    );
    assert_eq!(
        fail(&mut db(), "Query", query("stage.x = :v", None)),
        scalars("IndexKey", "stage")
    );
}

#[test]
fn updates_may_not_reach_inside_an_index_key() {
    let mut db = db();
    let before = get(&mut db, "Orders", key());
    let update = |expression: &str| {
        json!({"TableName": "Orders", "Key": key(), "UpdateExpression": expression,
               "ExpressionAttributeValues": {":v": n("1")}})
    };
    // Inside the table's key: the key rule speaks first.
    assert_eq!(
        fail(&mut db, "UpdateItem", update("SET pk.x = :v")),
        v("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
    );
    assert_eq!(
        fail(
            &mut db,
            "UpdateItem",
            update("SET info.a = :v, stage.x = :v")
        ),
        scalars("IndexKey", "stage")
    );
    assert_eq!(
        fail(
            &mut db,
            "UpdateItem",
            update("REMOVE amount[0] SET info.a = :v")
        ),
        scalars("IndexKey", "amount")
    );
    // In a transaction it is the request's error, as for the key rule.
    let tx = json!({"TransactItems": [{"Update": {"TableName": "Orders", "Key": key(),
        "UpdateExpression": "ADD placed.n :v", "ExpressionAttributeValues": {":v": n("1")}}}]});
    assert_eq!(
        fail(&mut db, "TransactWriteItems", tx),
        scalars("IndexKey", "placed")
    );
    assert_eq!(get(&mut db, "Orders", key()), before, "nothing changed");
    // Reading inside an index key on the right-hand side is not refused statically.
    ok(&mut db, "UpdateItem", update("SET info.a = :v"));
}

/// ExpressionAttributeNames and ExpressionAttributeValues together: 2 MB (2,097,152 bytes: keys, names and the
/// values' item sizes) is accepted, one byte more is refused before any expression is parsed or checked for
/// unused keys, and a PutItem refused so writes nothing.
#[test]
fn names_and_values_together_are_at_most_2_mb() {
    const LIMIT: usize = 2 * 1024 * 1024;
    // `#n` + `info` = 6 bytes of names; `:v` = 2 bytes of key; the rest is the string.
    let put = |string_len: usize| {
        json!({"TableName": "Orders", "Item": {"pk": s("p1"), "sk": s("s1"), "info": s("x")},
            "ConditionExpression": "attribute_not_exists(#n) AND info <> :v",
            "ExpressionAttributeNames": {"#n": "info"},
            "ExpressionAttributeValues": {":v": s(&"y".repeat(string_len))}})
    };
    let mut d = db();
    let before = ok(&mut d, "Scan", json!({"TableName": "Orders"}));
    assert_eq!(
        fail(&mut d, "PutItem", put(LIMIT - 8 + 1)),
        v(&format!(
            "ExpressionAttributeNames and ExpressionAttributeValues together exceed the maximum size of 2 MB; size: {}",
            LIMIT + 1
        ))
    );
    assert_eq!(ok(&mut d, "Scan", json!({"TableName": "Orders"})), before);
    // At the limit the request goes on to its expressions: here it writes the item.
    ok(&mut d, "PutItem", put(LIMIT - 8));
    assert_eq!(
        ok(&mut d, "Scan", json!({"TableName": "Orders"}))["Count"],
        before["Count"].as_u64().unwrap_or(0) + 1
    );
    // Before the unused-key check too: an over-limit map of unused values gets the size error.
    let unused = json!({"TableName": "Orders", "ProjectionExpression": "info",
        "ExpressionAttributeValues": {":big": s(&"z".repeat(LIMIT))}});
    assert_eq!(
        fail(&mut db(), "Scan", unused).1,
        format!(
            "ExpressionAttributeNames and ExpressionAttributeValues together exceed the maximum size of 2 MB; size: {}",
            LIMIT + 4
        )
    );
}

#[test]
fn placeholder_keys_are_at_most_255_bytes_checked_before_their_syntax() {
    let scan = |names: Value, values: Value| {
        let mut r = json!({"TableName": "Orders", "ProjectionExpression": "info"});
        if !names.is_null() {
            r["ExpressionAttributeNames"] = names;
        }
        if !values.is_null() {
            r["ExpressionAttributeValues"] = values;
            r["FilterExpression"] = json!("attribute_exists(info)");
        }
        r
    };
    let long_name = format!("#{}", "a".repeat(254));
    let too_long_name = format!("#{}", "a".repeat(255));
    let too_long_and_bad = format!("#{}-x", "a".repeat(255));
    let too_long_value = format!(":{}", "v".repeat(255));
    // 255 bytes is accepted (then unused, which is the next check).
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!({long_name.clone(): "info"}), json!(null))),
        v(&format!("Value provided in ExpressionAttributeNames unused in expressions: keys: {{{long_name}}}"))
    );
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!({too_long_name: "info"}), json!(null))),
        v("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256")
    );
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!({too_long_and_bad: "info"}), json!(null))),
        v("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 258")
    );
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!(null), json!({too_long_value: s("x")}))),
        v("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;")
    );
    // Multi-byte characters count in bytes: 128 two-byte characters after '#' make 257 bytes.
    let wide = format!("#{}", "é".repeat(128));
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!({wide: "info"}), json!(null))),
        v("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 257")
    );
    assert_eq!(
        fail(&mut db(), "Scan", scan(json!({"#i": ""}), json!(null))),
        v("ExpressionAttributeNames contains invalid value: Empty attribute name for key #i")
    );
}

#[test]
fn explain_accounts_for_these_errors() {
    let cases = [
        (
            fail(
                &mut db(),
                "GetItem",
                json!({"TableName": "Orders", "Key": key(), "ProjectionExpression": "pk.x"}),
            )
            .1,
            "name the key attribute whole",
        ),
        (
            fail(
                &mut db(),
                "Query",
                json!({"TableName": "Orders", "KeyConditionExpression": "pk = :p",
            "FilterExpression": "sk = :p", "ExpressionAttributeValues": {":p": s("c#1")}}),
            )
            .1,
            "KeyConditionExpression",
        ),
        (
            fail(
                &mut db(),
                "Scan",
                json!({"TableName": "Orders", "ProjectionExpression": "info",
            "ExpressionAttributeNames": {format!("#{}", "n".repeat(300)): "x"}}),
            )
            .1,
            "shorter placeholder",
        ),
    ];
    for (message, advice) in cases {
        let account = txlab::explain::error_account("ValidationException", &message)
            .unwrap_or_else(|| panic!("no account for {message}"));
        assert!(
            account.to_pass.contains(advice) || account.why.contains(advice),
            "{message}: {account:?}"
        );
    }
}
