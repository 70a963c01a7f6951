//! Query and Scan: key conditions, order, paging, filters, projections, indexes, Select, capacity.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::Database;

fn v(message: &str) -> (String, String) {
    ("ValidationException".to_string(), message.to_string())
}

/// Table `mus`: pk (S) + sk (N), an LSI on `l` (S) and a GSI on `g` (S) projecting KEYS_ONLY.
fn db() -> Database {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "mus", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "l", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}],
        "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}]}),
    );
    for (sk, l, g) in [
        ("1", "e", "x"),
        ("2", "d", "y"),
        ("10", "c", "x"),
        ("-5", "b", ""),
        ("3.5", "a", "x"),
    ] {
        let mut item = json!({"pk": s("p"), "sk": n(sk), "l": s(l), "data": s(&format!("d{sk}"))});
        if !g.is_empty() {
            item["g"] = s(g);
        }
        put(&mut db, "mus", item);
    }
    put(
        &mut db,
        "mus",
        json!({"pk": s("q"), "sk": n("1"), "l": s("z"), "g": s("x")}),
    );
    db
}

fn query(extra: Value) -> Value {
    let mut request = json!({"TableName": "mus", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")}});
    for (k, val) in extra.as_object().unwrap() {
        if k == "ExpressionAttributeValues" {
            for (vk, vv) in val.as_object().unwrap() {
                request["ExpressionAttributeValues"][vk] = vv.clone();
            }
        } else {
            request[k] = val.clone();
        }
    }
    ok(&mut db(), "Query", request)
}

fn sks(r: &Value) -> Vec<String> {
    r["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["N"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn query_returns_one_partition_in_sort_key_order() {
    let r = query(json!({}));
    assert_eq!(sks(&r), ["-5", "1", "2", "3.5", "10"]);
    assert_eq!(
        (r["Count"].clone(), r["ScannedCount"].clone()),
        (json!(5), json!(5))
    );
    let r = query(json!({"ScanIndexForward": false}));
    assert_eq!(sks(&r), ["10", "3.5", "2", "1", "-5"]);
}

#[test]
fn sort_key_conditions() {
    let rows: Vec<(&str, Value, Vec<&str>)> = vec![
        ("pk = :p AND sk = :a", json!({":a": n("2")}), vec!["2"]),
        (
            "pk = :p AND sk < :a",
            json!({":a": n("2")}),
            vec!["-5", "1"],
        ),
        (
            "pk = :p AND sk <= :a",
            json!({":a": n("2")}),
            vec!["-5", "1", "2"],
        ),
        (
            "pk = :p AND sk > :a",
            json!({":a": n("2")}),
            vec!["3.5", "10"],
        ),
        (
            "pk = :p AND sk >= :a",
            json!({":a": n("2")}),
            vec!["2", "3.5", "10"],
        ),
        (
            "pk = :p AND sk BETWEEN :a AND :b",
            json!({":a": n("1"), ":b": n("3.5")}),
            vec!["1", "2", "3.5"],
        ),
        (
            "sk > :a AND pk = :p",
            json!({":a": n("3")}),
            vec!["3.5", "10"],
        ),
        (
            ":a < sk AND pk = :p",
            json!({":a": n("3")}),
            vec!["3.5", "10"],
        ),
        (
            "(pk = :p) AND (sk = :a)",
            json!({":a": n("10")}),
            vec!["10"],
        ),
    ];
    for (expression, values, expected) in rows {
        let r = query(
            json!({"KeyConditionExpression": expression, "ExpressionAttributeValues": values}),
        );
        assert_eq!(sks(&r), expected, "{expression}");
    }
}

#[test]
fn begins_with_on_a_string_sort_key() {
    let mut db = Database::new();
    simple_table(&mut db, "str", true);
    for sk in ["apple", "apricot", "banana", "ap"] {
        put(&mut db, "str", json!({"pk": s("k"), "sk": s(sk)}));
    }
    let r = ok(
        &mut db,
        "Query",
        json!({"TableName": "str", "KeyConditionExpression": "pk = :k AND begins_with(sk, :ap)",
        "ExpressionAttributeValues": {":k": s("k"), ":ap": s("ap")}}),
    );
    let got: Vec<&str> = r["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["S"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["ap", "apple", "apricot"]);
}

#[test]
fn key_condition_rules() {
    let q = |expression: &str, values: Value| {
        fail(
            &mut db(),
            "Query",
            json!({"TableName": "mus", "KeyConditionExpression": expression, "ExpressionAttributeValues": values}),
        )
    };
    assert_eq!(
        q("sk = :a", json!({":a": n("1")})),
        v("Query condition missed key schema element: pk")
    );
    assert_eq!(
        q("pk > :p", json!({":p": s("p")})),
        v("Query key condition not supported")
    );
    assert_eq!(
        q(
            "pk = :p AND colour = :a",
            json!({":p": s("p"), ":a": s("x")})
        ),
        v("Query condition missed key schema element: sk")
    );
    assert_eq!(
        q("pk = :p OR sk = :a", json!({":p": s("p"), ":a": n("1")})),
        v("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR")
    );
    assert_eq!(
        q("pk = :p AND sk <> :a", json!({":p": s("p"), ":a": n("1")})),
        v("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>")
    );
    assert_eq!(q("pk = :p AND attribute_exists(sk)", json!({":p": s("p")})), v("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists"));
    assert_eq!(q("pk = :p AND sk = :a", json!({":p": s("p"), ":a": s("1")})), v("One or more parameter values were invalid: Condition parameter type does not match schema type"));
    assert_eq!(
        fail(&mut db(), "Query", json!({"TableName": "mus"})),
        v("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    );
}

#[test]
fn limit_and_exclusive_start_key_page_through() {
    let mut db = db();
    let mut seen = Vec::new();
    let mut start: Option<Value> = None;
    let mut pages = 0;
    loop {
        let mut request = json!({"TableName": "mus", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")}, "Limit": 2});
        if let Some(k) = &start {
            request["ExclusiveStartKey"] = k.clone();
        }
        let r = ok(&mut db, "Query", request);
        seen.extend(sks(&r));
        pages += 1;
        match r.get("LastEvaluatedKey") {
            Some(k) => start = Some(k.clone()),
            None => break,
        }
    }
    assert_eq!(seen, ["-5", "1", "2", "3.5", "10"]);
    // Three full pages report a LastEvaluatedKey; the fourth is empty.
    assert_eq!(pages, 3);
    let r = ok(
        &mut db,
        "Query",
        json!({"TableName": "mus", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")}, "Limit": 2}),
    );
    assert_eq!(r["LastEvaluatedKey"], json!({"pk": s("p"), "sk": n("1")}));
    assert_eq!(
        fail(
            &mut db,
            "Query",
            json!({"TableName": "mus", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")},
            "ExclusiveStartKey": {"pk": s("q"), "sk": n("1")}})
        ),
        v("The provided starting key is outside query boundaries based on provided conditions")
    );
    assert_eq!(
        fail(&mut db, "Query", json!({"TableName": "mus", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")},
            "ExclusiveStartKey": {"pk": s("p")}})),
        v("The provided starting key is invalid: The provided key element does not match the schema")
    );
}

#[test]
fn filter_projection_and_select_count() {
    // (A Query's filter may not name the queried key: `l`, not `sk`, picks the items with sk 2, 3.5 and 10.)
    let r = query(
        json!({"FilterExpression": "l <> :b AND l <> :e", "ExpressionAttributeValues": {":b": s("b"), ":e": s("e")}, "ProjectionExpression": "sk"}),
    );
    assert_eq!(
        r["Items"],
        json!([{"sk": n("2")}, {"sk": n("3.5")}, {"sk": n("10")}])
    );
    assert_eq!(
        (r["Count"].clone(), r["ScannedCount"].clone()),
        (json!(3), json!(5))
    );
    let r = query(json!({"Select": "COUNT"}));
    assert_eq!(r, json!({"Count": 5, "ScannedCount": 5}));
    // Limit counts items read, not items that pass the filter.
    let r = query(
        json!({"FilterExpression": "l <> :b AND l <> :e", "ExpressionAttributeValues": {":b": s("b"), ":e": s("e")}, "Limit": 2}),
    );
    assert_eq!(
        (r["Count"].clone(), r["ScannedCount"].clone()),
        (json!(0), json!(2))
    );
    assert_eq!(r["LastEvaluatedKey"], json!({"pk": s("p"), "sk": n("1")}));
}

#[test]
fn queries_on_local_and_global_indexes() {
    let r = query(json!({"IndexName": "byL"}));
    let ls: Vec<&str> = r["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["l"]["S"].as_str().unwrap())
        .collect();
    assert_eq!(ls, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        r["Items"][0]["data"],
        s("d3.5"),
        "an ALL projection returns whole items"
    );
    let mut db = db();
    let r = ok(
        &mut db,
        "Query",
        json!({"TableName": "mus", "IndexName": "byG", "KeyConditionExpression": "g = :x",
        "ExpressionAttributeValues": {":x": s("x")}, "Limit": 2}),
    );
    // KEYS_ONLY: table keys and index keys only; LastEvaluatedKey carries both.
    assert_eq!(
        r["Items"],
        json!([{"g": s("x"), "pk": s("p"), "sk": n("1")}, {"g": s("x"), "pk": s("p"), "sk": n("3.5")}])
    );
    assert_eq!(
        r["LastEvaluatedKey"],
        json!({"g": s("x"), "pk": s("p"), "sk": n("3.5")})
    );
    let r = ok(
        &mut db,
        "Query",
        json!({"TableName": "mus", "IndexName": "byG", "KeyConditionExpression": "g = :x",
        "ExpressionAttributeValues": {":x": s("x")}, "ExclusiveStartKey": {"g": s("x"), "pk": s("p"), "sk": n("3.5")}}),
    );
    assert_eq!(
        r["Items"],
        json!([{"g": s("x"), "pk": s("p"), "sk": n("10")}, {"g": s("x"), "pk": s("q"), "sk": n("1")}])
    );
}

#[test]
fn index_rules() {
    let mut db = db();
    let q = |extra: Value| {
        let mut request = json!({"TableName": "mus", "KeyConditionExpression": "g = :x", "ExpressionAttributeValues": {":x": s("x")}});
        for (k, val) in extra.as_object().unwrap() {
            request[k] = val.clone();
        }
        request
    };
    assert_eq!(
        fail(
            &mut db,
            "Query",
            q(json!({"IndexName": "byG", "ConsistentRead": true}))
        ),
        v("Consistent reads are not supported on global secondary indexes")
    );
    assert_eq!(
        fail(&mut db, "Query", q(json!({"IndexName": "nope"}))),
        v("The table does not have the specified index: nope")
    );
    assert_eq!(
        fail(&mut db, "Query", q(json!({"IndexName": "byG", "Select": "ALL_ATTRIBUTES"}))),
        v("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byG because its projection type is not ALL")
    );
    assert_eq!(
        fail(&mut db, "Scan", json!({"TableName": "mus", "Select": "ALL_PROJECTED_ATTRIBUTES"})),
        v("One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is supported only for index queries")
    );
}

#[test]
fn scan_pages_filters_and_segments() {
    let mut db = db();
    let r = ok(&mut db, "Scan", json!({"TableName": "mus"}));
    assert_eq!(
        (r["Count"].clone(), r["ScannedCount"].clone()),
        (json!(6), json!(6))
    );
    let r = ok(&mut db, "Scan", json!({"TableName": "mus", "Limit": 4}));
    assert_eq!(r["Count"], 4);
    let next = ok(
        &mut db,
        "Scan",
        json!({"TableName": "mus", "ExclusiveStartKey": r["LastEvaluatedKey"].clone()}),
    );
    assert_eq!(next["Count"], 2);
    assert!(next.get("LastEvaluatedKey").is_none());
    let r = ok(
        &mut db,
        "Scan",
        json!({"TableName": "mus", "FilterExpression": "attribute_exists(g)", "Select": "COUNT"}),
    );
    assert_eq!(r, json!({"Count": 5, "ScannedCount": 6}));
    let r = ok(
        &mut db,
        "Scan",
        json!({"TableName": "mus", "IndexName": "byG"}),
    );
    assert_eq!(
        r["Count"], 5,
        "sparse index: the item without g is not in it"
    );
    let total: u64 = (0..3)
        .map(|seg| {
            ok(
                &mut db,
                "Scan",
                json!({"TableName": "mus", "Segment": seg, "TotalSegments": 3}),
            )["Count"]
                .as_u64()
                .unwrap()
        })
        .sum();
    assert_eq!(total, 6);
    assert_eq!(
        fail(&mut db, "Scan", json!({"TableName": "mus", "Segment": 3, "TotalSegments": 3})),
        v("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3")
    );
}

#[test]
fn read_capacity() {
    let r = query(json!({"ReturnConsumedCapacity": "TOTAL"}));
    assert_eq!(
        r["ConsumedCapacity"],
        json!({"TableName": "mus", "CapacityUnits": 0.5})
    );
    let r = query(json!({"ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true}));
    assert_eq!(
        r["ConsumedCapacity"],
        json!({"TableName": "mus", "CapacityUnits": 1.0})
    );
    let mut db = db();
    let r = ok(
        &mut db,
        "Query",
        json!({"TableName": "mus", "IndexName": "byG", "KeyConditionExpression": "g = :x",
        "ExpressionAttributeValues": {":x": s("x")}, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        r["ConsumedCapacity"],
        json!({"TableName": "mus", "CapacityUnits": 0.5, "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 0.5}}})
    );
}

#[test]
fn a_page_stops_after_one_megabyte() {
    let mut db = Database::new();
    simple_table(&mut db, "big", false);
    for i in 0..12 {
        put(
            &mut db,
            "big",
            json!({"pk": s(&format!("k{i:02}")), "data": s(&"x".repeat(100_000))}),
        );
    }
    let r = ok(
        &mut db,
        "Scan",
        json!({"TableName": "big", "Select": "COUNT"}),
    );
    assert_eq!(r["ScannedCount"], 11);
    assert!(r.get("LastEvaluatedKey").is_some());
}

#[test]
fn an_lsi_query_returns_the_projection_unless_all_attributes_are_asked_for() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "lsk", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                                 {"AttributeName": "l", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}]}),
    );
    put(
        &mut db,
        "lsk",
        json!({"pk": s("p"), "sk": s("1"), "l": s("x"), "colour": s("o")}),
    );
    let q = |select: Option<&str>| {
        let mut r = json!({"TableName": "lsk", "IndexName": "byL", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("p")},
            "FilterExpression": "colour = :o"});
        r["ExpressionAttributeValues"][":o"] = s("o");
        if let Some(sel) = select {
            r["Select"] = json!(sel);
        }
        r
    };
    // The filter reads a non-projected attribute (an LSI fetches it); the result is the projection.
    assert_eq!(
        ok(&mut db, "Query", q(None))["Items"],
        json!([{"l": s("x"), "pk": s("p"), "sk": s("1")}])
    );
    assert_eq!(
        ok(&mut db, "Query", q(Some("ALL_ATTRIBUTES")))["Items"],
        json!([{"l": s("x"), "colour": s("o"), "pk": s("p"), "sk": s("1")}])
    );
}
