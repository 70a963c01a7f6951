//! Engine throughput on a 100,000-item table, each next to a reference measured in the same run (a plain
//! `BTreeMap<String, Item>` insert of the same items), so that figures can be quoted as ratios:
//! (a) a 4-action TransactWriteItems (Put with attribute_not_exists, Update `SET n = n + :one` with a
//!     condition, ConditionCheck, Delete), through the JSON api and through the typed engine call (the request
//!     handed over, `transact_write_items_owned`);
//! (b) PutItem; (c) GetItem.
//! Before the benchmarks, `main` prints the resident memory of the loaded table next to the JSON size of its
//! items.
//!
//! Run: `cargo bench --bench engine`.

use std::collections::BTreeMap;

use divan::{black_box, Bencher};
use serde_json::{json, Value};
use txlab::api;
use txlab::engine::ops::transact_write::{
    transact_write_items_owned, TransactWriteItem, TransactWriteItemsRequest,
};
use txlab::engine::ops::ReturnOnConditionFailure;
use txlab::engine::trace::{ActionType, RequestTrace};
use txlab::engine::{AttributeValue, Database, Item, Number, RequestContext};

const ITEMS: u64 = 100_000;

pub fn ctx() -> RequestContext {
    RequestContext::at(1_700_000_000_000)
}

pub fn key(i: u64) -> String {
    format!("k{:06}", i % ITEMS)
}

pub fn item(i: u64) -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), AttributeValue::S(key(i)));
    item.insert("n".into(), AttributeValue::N(Number::from_u64(i)));
    item.insert(
        "data".into(),
        AttributeValue::S("twenty bytes of data".into()),
    );
    item
}

pub fn loaded() -> Database {
    let mut db = Database::new();
    let out = api::execute(
        &mut db,
        "CreateTable",
        &json!({"TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
        &ctx(),
    );
    assert!(out.response.is_ok());
    let table = db.table_mut("bench").expect("bench table");
    for i in 0..ITEMS {
        let it = item(i);
        let k = table.schema.key_schema.key_of_item(&it).expect("bench key");
        table.put(&k, &it);
    }
    db
}

/// The 4-action transaction of iteration `i`: Put a new item, update and check two existing ones, delete the
/// item the previous iteration put (so the table keeps its size and every transaction commits).
pub fn transaction(i: u64) -> Value {
    json!({"TransactItems": [
        {"Put": {"TableName": "bench", "Item": {"pk": {"S": format!("new{i}")}, "n": {"N": "1"}},
            "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": "bench", "Key": {"pk": {"S": key(i)}},
            "UpdateExpression": "SET n = n + :one", "ConditionExpression": "n >= :zero",
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}}}},
        {"ConditionCheck": {"TableName": "bench", "Key": {"pk": {"S": key(i + ITEMS / 2)}},
            "ConditionExpression": "attribute_exists(pk)"}},
        {"Delete": {"TableName": "bench", "Key": {"pk": {"S": format!("new{}", i.wrapping_sub(1))}}}}
    ]})
}

pub fn typed(i: u64) -> TransactWriteItemsRequest {
    let wire = |v: Value| txlab::engine::ops::wire::parse_map(&v).expect("bench wire");
    let action = |action,
                  key: Option<Value>,
                  item: Option<Value>,
                  update: Option<&str>,
                  cond: Option<&str>,
                  values: Option<Value>| TransactWriteItem {
        action,
        table_name: "bench".into(),
        item: item.map(wire),
        key: key.map(wire),
        update_expression: update.map(Into::into),
        condition_expression: cond.map(Into::into),
        expression_attribute_names: None,
        expression_attribute_values: values.map(wire),
        return_values_on_condition_check_failure: ReturnOnConditionFailure::None,
    };
    TransactWriteItemsRequest {
        transact_items: vec![
            action(
                ActionType::Put,
                None,
                Some(json!({"pk": {"S": format!("new{i}")}, "n": {"N": "1"}})),
                None,
                Some("attribute_not_exists(pk)"),
                None,
            ),
            action(
                ActionType::Update,
                Some(json!({"pk": {"S": key(i)}})),
                None,
                Some("SET n = n + :one"),
                Some("n >= :zero"),
                Some(json!({":one": {"N": "1"}, ":zero": {"N": "0"}})),
            ),
            action(
                ActionType::ConditionCheck,
                Some(json!({"pk": {"S": key(i + ITEMS / 2)}})),
                None,
                None,
                Some("attribute_exists(pk)"),
                None,
            ),
            action(
                ActionType::Delete,
                Some(json!({"pk": {"S": format!("new{}", i.wrapping_sub(1))}})),
                None,
                None,
                None,
                None,
            ),
        ],
        ..Default::default()
    }
}

#[divan::bench(sample_count = 100, sample_size = 200)]
fn a_transact_write_4_actions_json(bencher: Bencher) {
    let mut db = loaded();
    let ctx = ctx();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 1;
            transaction(i)
        })
        .bench_local_values(|request| {
            let out = api::execute(&mut db, "TransactWriteItems", &request, &ctx);
            debug_assert!(out.response.is_ok());
            black_box(out)
        });
}

#[divan::bench(sample_count = 100, sample_size = 200)]
fn a_transact_write_4_actions_typed(bencher: Bencher) {
    let mut db = loaded();
    let ctx = ctx();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 1;
            typed(i)
        })
        .bench_local_values(|request| {
            let mut trace = RequestTrace::new("TransactWriteItems");
            let out = transact_write_items_owned(&mut db, request, &ctx, &mut trace);
            debug_assert!(out.is_ok());
            black_box((out.is_ok(), trace))
        });
}

#[divan::bench(sample_count = 100, sample_size = 200)]
fn b_put_item_json(bencher: Bencher) {
    let mut db = loaded();
    let ctx = ctx();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 1;
            put_request(i)
        })
        .bench_local_values(|request| black_box(api::execute(&mut db, "PutItem", &request, &ctx)));
}

#[divan::bench(sample_count = 100, sample_size = 200)]
fn c_get_item_json(bencher: Bencher) {
    let mut db = loaded();
    let ctx = ctx();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 7919;
            json!({"TableName": "bench", "Key": {"pk": {"S": key(i)}}})
        })
        .bench_local_values(|request| black_box(api::execute(&mut db, "GetItem", &request, &ctx)));
}

/// Reference: a plain `BTreeMap<String, Item>` insert (overwrite) of the same items into 100,000 entries.
#[divan::bench(sample_count = 100, sample_size = 200)]
fn reference_btreemap_insert(bencher: Bencher) {
    let mut map: BTreeMap<String, Item> = (0..ITEMS).map(|i| (key(i), item(i))).collect();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 1;
            (key(i), item(i))
        })
        .bench_local_values(|(k, it)| black_box(map.insert(k, it)));
}

/// Reference for a lookup: `BTreeMap::get` plus a clone of the item (what a read hands out).
#[divan::bench(sample_count = 100, sample_size = 200)]
fn reference_btreemap_get_clone(bencher: Bencher) {
    let map: BTreeMap<String, Item> = (0..ITEMS).map(|i| (key(i), item(i))).collect();
    let mut i = 0u64;
    bencher
        .with_inputs(|| {
            i += 7919;
            key(i)
        })
        .bench_local_values(|k| black_box(map.get(&k).cloned()));
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// `TXLAB_BENCH_LOOP=<n> TXLAB_BENCH_OP=tx|txjson|put|get|insert`: run n operations and exit. Each operation
/// runs inside a `run_*` function that is never inlined, so `valgrind --tool=callgrind
/// --toggle-collect=engine::run_tx` counts its instructions alone (counts do not depend on how busy the
/// machine is).
fn loop_mode() -> bool {
    let Some(n) = std::env::var("TXLAB_BENCH_LOOP")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return false;
    };
    let op = std::env::var("TXLAB_BENCH_OP").unwrap_or_else(|_| "tx".into());
    let mut db = loaded();
    // Only the reference keeps its map: 100,000 live items would change the allocator's state (which pages of
    // which size are in use) under the other operations, and so their counts.
    let mut map: BTreeMap<String, Item> = if op == "insert" {
        reference_map()
    } else {
        BTreeMap::new()
    };
    let ctx = ctx();
    let start = std::time::Instant::now();
    for i in 1..=n {
        match op.as_str() {
            "txjson" => run_tx_json(&mut db, &transaction(i), &ctx),
            "put" => run_put(&mut db, &put_request(i), &ctx),
            "get" => run_get(&mut db, &get_request(i * 7919), &ctx),
            "insert" => run_insert(&mut map, key(i), item(i)),
            _ => run_tx(&mut db, typed(i), &ctx),
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{n} x {op} in {elapsed:?} ({:.0} ns each, including request building)",
        elapsed.as_nanos() as f64 / n.max(1) as f64
    );
    true
}

#[inline(never)]
pub fn run_tx(db: &mut Database, request: TransactWriteItemsRequest, ctx: &RequestContext) {
    let mut trace = RequestTrace::new("TransactWriteItems");
    black_box(transact_write_items_owned(db, request, ctx, &mut trace).is_ok());
    black_box(trace);
}

#[inline(never)]
pub fn run_tx_json(db: &mut Database, request: &Value, ctx: &RequestContext) {
    black_box(api::execute(db, "TransactWriteItems", request, ctx));
}

#[inline(never)]
pub fn run_put(db: &mut Database, request: &Value, ctx: &RequestContext) {
    black_box(api::execute(db, "PutItem", request, ctx));
}

#[inline(never)]
pub fn run_get(db: &mut Database, request: &Value, ctx: &RequestContext) {
    black_box(api::execute(db, "GetItem", request, ctx));
}

#[inline(never)]
pub fn run_insert(map: &mut BTreeMap<String, Item>, k: String, it: Item) {
    black_box(map.insert(k, it));
}

/// The GetItem request of key `i`.
pub fn get_request(i: u64) -> Value {
    json!({"TableName": "bench", "Key": {"pk": {"S": key(i)}}})
}

/// The reference map: the same items in a `BTreeMap<String, Item>`.
pub fn reference_map() -> BTreeMap<String, Item> {
    (0..ITEMS).map(|i| (key(i), item(i))).collect()
}

pub fn put_request(i: u64) -> Value {
    let it = item(i);
    json!({"TableName": "bench", "Item": Value::Object(it.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())})
}

pub fn main() {
    if loop_mode() {
        return;
    }
    let before = resident_bytes();
    let db = loaded();
    let after = resident_bytes();
    let json_bytes: usize = db
        .table("bench")
        .map(|t| {
            t.iter()
                .map(|row| {
                    let it = row.item();
                    serde_json::to_string(&Value::Object(
                        it.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
                    ))
                    .map_or(0, |s| s.len())
                })
                .sum()
        })
        .unwrap_or(0);
    if let (Some(b), Some(a)) = (before, after) {
        let rss = a.saturating_sub(b);
        println!(
            "memory: {} items, JSON {} bytes, resident +{} bytes ({:.2}x the JSON)",
            ITEMS,
            json_bytes,
            rss,
            rss as f64 / json_bytes.max(1) as f64
        );
    }
    drop(db);
    divan::main();
}
