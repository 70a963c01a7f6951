//! No request JSON makes the api panic: random shapes built from DynamoDB's member names, attribute-value
//! tags and arbitrary values, against a database that has tables and items.

mod api_common;
use api_common::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use txlab::api;
use txlab::engine::Database;

const MEMBERS: &[&str] = &[
    "TableName",
    "Item",
    "Key",
    "ConditionExpression",
    "UpdateExpression",
    "ProjectionExpression",
    "FilterExpression",
    "KeyConditionExpression",
    "ExpressionAttributeNames",
    "ExpressionAttributeValues",
    "ReturnValues",
    "ReturnConsumedCapacity",
    "ReturnItemCollectionMetrics",
    "ReturnValuesOnConditionCheckFailure",
    "TransactItems",
    "Put",
    "Update",
    "Delete",
    "ConditionCheck",
    "Get",
    "ClientRequestToken",
    "Limit",
    "ExclusiveStartKey",
    "ScanIndexForward",
    "Select",
    "IndexName",
    "ConsistentRead",
    "Segment",
    "TotalSegments",
    "AttributeDefinitions",
    "KeySchema",
    "AttributeName",
    "AttributeType",
    "KeyType",
    "BillingMode",
    "ProvisionedThroughput",
    "ReadCapacityUnits",
    "WriteCapacityUnits",
    "LocalSecondaryIndexes",
    "GlobalSecondaryIndexes",
    "Projection",
    "ProjectionType",
    "NonKeyAttributes",
    "ExclusiveStartTableName",
    "S",
    "N",
    "B",
    "SS",
    "NS",
    "BS",
    "M",
    "L",
    "NULL",
    "BOOL",
    "pk",
    "sk",
    "n",
    ":v",
    "#n",
];

const STRINGS: &[&str] = &[
    "tbl",
    "rng",
    "pk",
    "sk",
    "n",
    "HASH",
    "RANGE",
    "S",
    "N",
    "B",
    "ALL",
    "KEYS_ONLY",
    "INCLUDE",
    "TOTAL",
    "INDEXES",
    "NONE",
    "ALL_OLD",
    "ALL_NEW",
    "UPDATED_NEW",
    "SIZE",
    "COUNT",
    "PAY_PER_REQUEST",
    "1",
    "1e3",
    "-0.5",
    "",
    "AAEC",
    "attribute_exists(pk)",
    "attribute_not_exists(pk)",
    "pk = :v",
    "n = :v",
    "SET n = n + :v",
    "SET #n = :v REMOVE x",
    "ADD n :v",
    "pk = :v AND sk > :v",
    "size(x) > :v",
    "#n, x",
    "begins_with(sk, :v)",
    ":v",
    "#n",
    "((a))",
    "a[1].b",
    "arn:aws:dynamodb:us-east-1:123456789012:table/tbl",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop::sample::select(STRINGS).prop_map(|s| json!(s)),
        "[ -~]{0,12}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS), inner), 0..6).prop_map(
                |entries| {
                    let mut m = Map::new();
                    for (k, v) in entries {
                        m.insert(k.to_string(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

/// A plausible AttributeValue (sometimes wrong in content, never in JSON shape).
fn attribute() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        prop::sample::select(STRINGS).prop_map(|x| json!({"S": x})),
        prop::sample::select(&["1", "1e3", "-0.5", "x", "", "1e126", "0.1"][..])
            .prop_map(|x| json!({"N": x})),
        Just(json!({"B": "AAEC"})),
        Just(json!({"NULL": true})),
        any::<bool>().prop_map(|b| json!({"BOOL": b})),
        Just(json!({"SS": ["a", "b"]})),
        Just(json!({"NS": ["1", "2"]})),
    ];
    scalar.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|l| json!({"L": l})),
            prop::collection::vec(
                (
                    prop::sample::select(&["pk", "sk", "n", "x", "a"][..]),
                    inner
                ),
                0..4
            )
            .prop_map(|entries| {
                let m: Map<String, Value> = entries
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                json!({"M": m})
            }),
        ]
    })
}

fn attribute_map() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            prop::sample::select(&["pk", "sk", "n", "x", ":v", ":w"][..]),
            attribute(),
        ),
        0..4,
    )
    .prop_map(|entries| {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    })
}

/// One action or item-request body with plausible members.
fn body() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(&["tbl", "rng", "nope", "bad!"][..]),
        attribute_map(),
        attribute_map(),
        proptest::option::of(prop::sample::select(STRINGS)),
        proptest::option::of(prop::sample::select(STRINGS)),
        proptest::option::of(attribute_map()),
        proptest::option::of(prop::sample::select(&["ALL_OLD", "NONE", "none"][..])),
    )
        .prop_map(|(table, item, key, cond, update, values, rv)| {
            let mut b = json!({"TableName": table, "Item": item, "Key": key});
            if let Some(c) = cond {
                b["ConditionExpression"] = json!(c);
                b["KeyConditionExpression"] = json!(c);
                b["FilterExpression"] = json!(c);
            }
            if let Some(u) = update {
                b["UpdateExpression"] = json!(u);
                b["ProjectionExpression"] = json!(u);
            }
            if let Some(v) = values {
                b["ExpressionAttributeValues"] = v;
                b["ExpressionAttributeNames"] = json!({"#n": "n"});
            }
            if let Some(r) = rv {
                b["ReturnValuesOnConditionCheckFailure"] = json!(r);
                b["ReturnValues"] = json!(r);
            }
            b
        })
}

fn database() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    simple_table(&mut db, "rng", true);
    put(
        &mut db,
        "tbl",
        json!({"pk": s("1"), "n": n("1"), "x": {"L": [s("a"), {"M": {"b": n("2")}}]}}),
    );
    put(
        &mut db,
        "rng",
        json!({"pk": s("1"), "sk": s("a"), "n": n("1")}),
    );
    db
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn no_request_panics(op in prop::sample::select(txlab::api::OPERATIONS), request in value()) {
        let mut db = database();
        let _ = api::execute(&mut db, op, &request, &ctx());
    }

    #[test]
    fn no_plausible_request_panics(op in prop::sample::select(txlab::api::OPERATIONS), single in body(),
                                   actions in prop::collection::vec((prop::sample::select(&["Put", "Update", "Delete", "ConditionCheck", "Get"][..]), body()), 0..5),
                                   rcc in prop::sample::select(&["TOTAL", "INDEXES", "NONE"][..]), token in proptest::option::of("[a-z]{1,3}")) {
        let mut db = database();
        let mut request = single;
        request["TransactItems"] = Value::Array(actions.into_iter().map(|(k, b)| json!({ k: b })).collect());
        request["ReturnConsumedCapacity"] = json!(rcc);
        if let Some(t) = token {
            request["ClientRequestToken"] = json!(t);
        }
        let _ = api::execute(&mut db, op, &request, &ctx());
        let _ = api::execute(&mut db, op, &request, &ctx());
    }

    #[test]
    fn no_body_panics(op in prop::sample::select(txlab::api::OPERATIONS), body in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut db = database();
        let _ = api::execute_body(&mut db, op, &body, &ctx());
    }
}
