//! Helpers shared by the api/ops/transact behaviour tables: run a request, read the error, build tables.
#![allow(dead_code)]

use serde_json::{json, Value};
use txlab::api::{self, Outcome};
use txlab::engine::{Database, Profile, RequestContext};

pub const T0: u64 = 1_700_000_000_000;

pub fn ctx() -> RequestContext {
    RequestContext {
        now_millis: T0,
        profile: Profile::Aws,
    }
}

pub fn run(db: &mut Database, op: &str, request: Value) -> Outcome {
    api::execute(db, op, &request, &ctx())
}

/// The response, or a panic showing the error body.
pub fn ok(db: &mut Database, op: &str, request: Value) -> Value {
    match run(db, op, request).response {
        Ok(v) => v,
        Err(e) => panic!("{op} failed: {}", e.to_json()),
    }
}

/// The error body, or a panic showing the response.
pub fn err(db: &mut Database, op: &str, request: Value) -> Value {
    match run(db, op, request).response {
        Ok(v) => panic!("{op} succeeded: {v}"),
        Err(e) => e.to_json(),
    }
}

/// (`__type` after the `#`, message) of a failed request.
pub fn fail(db: &mut Database, op: &str, request: Value) -> (String, String) {
    let body = err(db, op, request);
    let t = body["__type"].as_str().unwrap_or("").to_string();
    let short = t.rsplit('#').next().unwrap_or("").to_string();
    let message = body
        .get("message")
        .or_else(|| body.get("Message"))
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_string();
    (short, message)
}

/// A table with a string hash key `pk` (and a string range key `sk` when `range`).
pub fn simple_table(db: &mut Database, name: &str, range: bool) {
    let mut defs = vec![json!({"AttributeName": "pk", "AttributeType": "S"})];
    let mut keys = vec![json!({"AttributeName": "pk", "KeyType": "HASH"})];
    if range {
        defs.push(json!({"AttributeName": "sk", "AttributeType": "S"}));
        keys.push(json!({"AttributeName": "sk", "KeyType": "RANGE"}));
    }
    ok(
        db,
        "CreateTable",
        json!({"TableName": name, "AttributeDefinitions": defs, "KeySchema": keys,
               "BillingMode": "PAY_PER_REQUEST"}),
    );
}

/// A table with `pk` HASH and `sk` RANGE (strings) and a local secondary index `byL` on `l` (KEYS_ONLY): the
/// tables for which DynamoDB reports ItemCollectionMetrics.
pub fn local_index_table(db: &mut Database, name: &str) {
    ok(
        db,
        "CreateTable",
        json!({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                                 {"AttributeName": "l", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}]}),
    );
}

/// The AWS CLI documentation's MusicCollection table (Artist HASH, SongTitle RANGE).
pub fn music_collection(db: &mut Database) {
    ok(
        db,
        "CreateTable",
        json!({
            "TableName": "MusicCollection",
            "AttributeDefinitions": [
                {"AttributeName": "Artist", "AttributeType": "S"},
                {"AttributeName": "SongTitle", "AttributeType": "S"}
            ],
            "KeySchema": [
                {"AttributeName": "Artist", "KeyType": "HASH"},
                {"AttributeName": "SongTitle", "KeyType": "RANGE"}
            ],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        }),
    );
}

pub fn put(db: &mut Database, table: &str, item: Value) {
    ok(db, "PutItem", json!({"TableName": table, "Item": item}));
}

pub fn get(db: &mut Database, table: &str, key: Value) -> Option<Value> {
    let r = ok(
        db,
        "GetItem",
        json!({"TableName": table, "Key": key, "ConsistentRead": true}),
    );
    r.get("Item").cloned()
}

pub fn s(x: &str) -> Value {
    json!({"S": x})
}
pub fn n(x: &str) -> Value {
    json!({"N": x})
}
