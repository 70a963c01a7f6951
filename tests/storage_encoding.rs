//! The compact stored form: item images round-trip (encode -> decode = identity, sizes and single-attribute
//! reads agree with the item), key encodings sort exactly as DynamoDB orders keys (the decoded parts' order is
//! the oracle), and the sorted storage behaves as a sorted map under any sequence of writes.

use std::collections::BTreeMap;

use proptest::prelude::*;
use txlab::engine::image::ItemImage;
use txlab::engine::item::{item_size, Item};
use txlab::engine::key::{KeyValue, PrimaryKey};
use txlab::engine::number::Number;
use txlab::engine::rows::{Rows, StoredItem};
use txlab::engine::value::AttributeValue;

use AttributeValue as AV;

/// Numbers across DynamoDB's whole range: 1 to 38 digits, adjusted exponents from -130 to 125.
fn number() -> impl Strategy<Value = Number> {
    (any::<bool>(), "[1-9][0-9]{0,37}", -130i64..=125).prop_filter_map(
        "in range",
        |(neg, digits, adjusted)| {
            let exponent = adjusted - (digits.len() as i64 - 1);
            Number::parse(&format!(
                "{}{digits}e{exponent}",
                if neg { "-" } else { "" }
            ))
            .ok()
        },
    )
}

fn small_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        number(),
        (-1000i64..1000).prop_map(|n| Number::parse(&n.to_string()).unwrap_or(Number::ZERO)),
        Just(Number::ZERO),
    ]
}

/// Strings and bytes with the awkward bytes in them (NUL, 0xFF, multi-byte UTF-8).
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-c]{0,6}", "[\\x00a\\x{ff}\\x{1F600}]{0,5}", ".{0,8}",]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(
            prop_oneof![Just(0u8), Just(1u8), Just(0xFF), any::<u8>()],
            0..6
        ),
        proptest::collection::vec(any::<u8>(), 0..40),
    ]
}

fn value() -> impl Strategy<Value = AttributeValue> {
    let leaf = prop_oneof![
        text().prop_map(AV::S),
        small_number().prop_map(AV::N),
        bytes().prop_map(AV::B),
        any::<bool>().prop_map(AV::Bool),
        Just(AV::Null),
        proptest::collection::vec(text(), 1..4).prop_map(AV::string_set),
        proptest::collection::vec(small_number(), 1..4).prop_map(AV::number_set),
        proptest::collection::vec(bytes(), 1..4).prop_map(AV::binary_set),
        // Long values: multi-byte lengths.
        "[a-z]{100,300}".prop_map(AV::S),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(AV::L),
            proptest::collection::btree_map(text(), inner, 0..6).prop_map(AV::M),
        ]
    })
}

fn item() -> impl Strategy<Value = Item> {
    proptest::collection::btree_map(text(), value(), 0..8)
}

fn key_value(t: u8) -> BoxedStrategy<KeyValue> {
    match t {
        0 => text().prop_map(KeyValue::S).boxed(),
        1 => small_number().prop_map(KeyValue::N).boxed(),
        _ => bytes().prop_map(KeyValue::B).boxed(),
    }
}

fn range_of(r: Option<u8>) -> BoxedStrategy<Option<KeyValue>> {
    match r {
        Some(r) => key_value(r).prop_map(Some).boxed(),
        None => Just(None).boxed(),
    }
}

/// Key parts of one schema: (hash type, optional range type).
fn parts() -> impl Strategy<Value = (KeyValue, Option<KeyValue>)> {
    (0u8..3, proptest::option::of(0u8..3)).prop_flat_map(|(h, r)| (key_value(h), range_of(r)))
}

/// Two keys of one schema, often sharing the hash part.
fn two_keys() -> impl Strategy<Value = (PrimaryKey, PrimaryKey)> {
    (0u8..3, proptest::option::of(0u8..3), any::<bool>()).prop_flat_map(|(h, r, same_hash)| {
        (key_value(h), range_of(r), key_value(h), range_of(r)).prop_map(move |(h1, r1, h2, r2)| {
            let h2 = if same_hash { h1.clone() } else { h2 };
            (PrimaryKey::new(h1, r1), PrimaryKey::new(h2, r2))
        })
    })
}

/// A write to the storage model: insert key `k` with payload `v`, or remove key `k`.
#[derive(Clone, Debug)]
enum Op {
    Put(u16, u8),
    Remove(u16),
    /// Remember where key k is or would go; later writes of k pass that spot (often stale by then).
    Spot(u16),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        3 => (0u16..400, any::<u8>()).prop_map(|(k, v)| Op::Put(k, v)),
        2 => (0u16..400).prop_map(Op::Remove),
        2 => (0u16..400).prop_map(Op::Spot),
    ];
    proptest::collection::vec(op, 0..1500)
}

/// Key `k` of one of three kinds (one table's keys have one type): 0 numbers; 1 short strings over NUL, "a",
/// "b" of every length up to 6 (keys shorter than 8 bytes, prefixes of one another, NUL bytes); 2 the same
/// after a common 10-byte prefix (every key has the same first 8 bytes, so every comparison is a tie of heads).
fn pk(k: u16, kind: u8) -> PrimaryKey {
    if kind > 0 {
        let mut s = if kind == 2 {
            "USER#0000/".to_string()
        } else {
            String::new()
        };
        let mut n = k;
        while n > 0 {
            s.push(['\u{0}', 'a', 'b'][usize::from(n % 3)]);
            n /= 3;
        }
        PrimaryKey::new(KeyValue::S(s), None)
    } else {
        PrimaryKey::new(KeyValue::N(Number::from_u64(u64::from(k))), None)
    }
}

fn stored_in(k: u16, v: u8, kind: u8) -> StoredItem {
    let mut item = Item::new();
    item.insert("v".into(), AV::N(Number::from_u64(u64::from(v))));
    StoredItem::encode(pk(k, kind).as_bytes(), &item, item_size(&item))
}

fn stored(k: u16, v: u8) -> StoredItem {
    stored_in(k, v, 0)
}

fn key_bytes(k: u16) -> Vec<u8> {
    pk(k, 0).as_bytes().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn images_round_trip(item in item()) {
        let image = ItemImage::encode(&item);
        prop_assert_eq!(image.to_item(), item.clone());
        prop_assert_eq!(image.size(), item_size(&item));
        prop_assert_eq!(image.as_image().names().collect::<Vec<_>>(), item.keys().map(String::as_str).collect::<Vec<_>>());
        for (name, value) in &item {
            prop_assert_eq!(image.get(name), Some(value.clone()));
        }
        for absent in ["", "zz", "\u{0}", "a\u{0}"] {
            prop_assert_eq!(image.get(absent), item.get(absent).cloned());
        }
        // As DynamoDB JSON, exactly the item's JSON (traces and sessions serialise images).
        prop_assert_eq!(serde_json::to_value(&image).unwrap(), serde_json::to_value(&item).unwrap());
        let back: ItemImage = serde_json::from_value(serde_json::to_value(&item).unwrap()).unwrap();
        prop_assert_eq!(back, image);
    }

    #[test]
    fn equal_images_mean_equal_items(a in item(), b in item()) {
        prop_assert_eq!(ItemImage::encode(&a) == ItemImage::encode(&b), a == b);
    }

    #[test]
    fn stored_entries_split_into_key_and_image(k in two_keys(), item in item()) {
        let (key, _) = k;
        let entry = StoredItem::encode(key.as_bytes(), &item, item_size(&item));
        prop_assert_eq!(entry.key_bytes(), key.as_bytes());
        prop_assert_eq!(entry.image().to_item(), item.clone());
        prop_assert_eq!(entry.size(), item_size(&item));
        let again = StoredItem::new(key.as_bytes(), ItemImage::encode(&item).as_image());
        prop_assert_eq!(again, entry);
    }

    #[test]
    fn key_bytes_sort_in_dynamodb_order((a, b) in two_keys()) {
        let oracle = (a.hash(), a.range()).cmp(&(b.hash(), b.range()));
        prop_assert_eq!(a.as_bytes().cmp(b.as_bytes()), oracle);
        prop_assert_eq!(a.cmp(&b), oracle);
        prop_assert_eq!(a == b, oracle.is_eq());
    }

    #[test]
    fn keys_round_trip((hash, range) in parts()) {
        let key = PrimaryKey::new(hash.clone(), range.clone());
        prop_assert_eq!(key.hash(), hash);
        prop_assert_eq!(key.range(), range);
    }

    #[test]
    fn rows_behave_as_a_sorted_map(ops in ops(), kind in 0u8..3) {
        let key_bytes = |k: u16| pk(k, kind).as_bytes().to_vec();
        let mut rows = Rows::default();
        let mut model: BTreeMap<Vec<u8>, StoredItem> = BTreeMap::new();
        let mut spots = BTreeMap::new();
        for op in ops {
            match op {
                Op::Put(k, v) => {
                    let e = stored_in(k, v, kind);
                    let spot = spots.remove(&k);
                    prop_assert_eq!(rows.insert_at(spot, e.clone()), model.insert(key_bytes(k), e));
                }
                Op::Remove(k) => {
                    let spot = spots.remove(&k);
                    prop_assert_eq!(rows.remove_at(spot, &key_bytes(k)), model.remove(&key_bytes(k)));
                }
                Op::Spot(k) => {
                    let (found, spot) = rows.get_spot(&key_bytes(k));
                    prop_assert_eq!(found, model.get(&key_bytes(k)));
                    spots.insert(k, spot);
                }
            }
            prop_assert_eq!(rows.len(), model.len());
            prop_assert!(rows.is_consistent());
        }
        prop_assert!(rows.iter().eq(model.values()));
        prop_assert!(rows.iter().rev().eq(model.values().rev()));
        for k in [0u16, 1, 2, 3, 57, 200, 399, 400, 1000] {
            let kb = key_bytes(k);
            prop_assert_eq!(rows.get(&kb), model.get(&kb));
            prop_assert!(rows.iter_from(&kb, true).eq(model.range(kb.clone()..).map(|(_, v)| v)));
            let after = model
                .range((std::ops::Bound::Excluded(kb.clone()), std::ops::Bound::Unbounded))
                .map(|(_, v)| v);
            prop_assert!(rows.iter_from(&kb, false).eq(after));
        }
    }
}

#[test]
fn rows_loaded_in_order_and_in_reverse_stay_sorted() {
    for reverse in [false, true] {
        let mut rows = Rows::default();
        let keys: Vec<u16> = if reverse {
            (0..1000).rev().collect()
        } else {
            (0..1000).collect()
        };
        for &k in &keys {
            assert!(rows.insert(stored(k, 0)).is_none());
        }
        assert!(rows.is_consistent());
        let got: Vec<Vec<u8>> = rows.iter().map(|e| e.key_bytes().to_vec()).collect();
        let want: Vec<Vec<u8>> = (0..1000).map(key_bytes).collect();
        assert_eq!(got, want);
        for k in 0..1000 {
            assert!(rows.remove(&key_bytes(k)).is_some());
        }
        assert!(rows.is_empty() && rows.iter().next().is_none());
    }
}

#[test]
fn string_keys_with_nul_bytes_and_prefixes_order_by_bytes() {
    let s = |h: &str, r: &str| {
        PrimaryKey::new(KeyValue::S(h.to_string()), Some(KeyValue::S(r.to_string())))
    };
    let mut keys = [
        s("a\u{0}", ""),
        s("a", "z"),
        s("ab", ""),
        s("a", ""),
        s("a\u{0}\u{0}", "a"),
        s("", "x"),
    ];
    keys.sort();
    let hashes: Vec<String> = keys
        .iter()
        .map(|k| match k.hash() {
            KeyValue::S(s) => s,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(hashes, ["", "a", "a", "a\u{0}", "a\u{0}\u{0}", "ab"]);
}

#[test]
fn a_table_reads_back_as_written_whatever_the_member_order() {
    use serde_json::json;
    use txlab::engine::table::Table;
    let mut db = txlab::engine::Database::new();
    let out = txlab::api::execute(
        &mut db,
        "CreateTable",
        &json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}]}),
        &txlab::engine::RequestContext::at(1),
    );
    assert!(out.response.is_ok(), "{:?}", out.response);
    let table = db.table_mut("tbl").unwrap();
    for (pk, sk) in [("b", "2"), ("a", "-1.5"), ("a", "10"), ("a\u{0}", "0")] {
        let mut item = Item::new();
        item.insert("pk".into(), AV::S(pk.into()));
        item.insert("sk".into(), AV::N(Number::parse(sk).unwrap()));
        let key = table.schema.key_schema.key_of_item(&item).unwrap();
        table.put(&key, &item);
    }
    let written = serde_json::to_value(&*table).unwrap();
    // Items in key order: a before a\0 before b; within a, -1.5 before 10.
    let order: Vec<(String, String)> = written["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["pk"]["S"].as_str().unwrap().to_string(),
                i["sk"]["N"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [("a", "-1.5"), ("a", "10"), ("a\u{0}", "0"), ("b", "2")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let back: Table = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(&back, &*table);
    // Items before the schema (a file edited by hand) read the same.
    let reordered = json!({"items": written["items"], "schema": written["schema"]});
    let back: Table = serde_json::from_value(reordered).unwrap();
    assert_eq!(&back, &*table);
    // Without items, or with an item lacking its key, the table does not read.
    assert!(serde_json::from_value::<Table>(json!({"schema": written["schema"]})).is_err());
    let bad = json!({"schema": written["schema"], "items": [{"pk": {"S": "x"}}]});
    let e = serde_json::from_value::<Table>(bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("sk"), "{e}");
}

#[test]
fn describe_table_counts_index_items_and_sizes_from_stored_items() {
    use serde_json::json;
    let ctx = txlab::engine::RequestContext::at(1);
    let mut db = txlab::engine::Database::new();
    let out = txlab::api::execute(
        &mut db,
        "CreateTable",
        &json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [
                {"IndexName": "keys", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}},
                {"IndexName": "some", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["b"]}},
                {"IndexName": "all", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}}]}),
        &ctx,
    );
    assert!(out.response.is_ok(), "{:?}", out.response);
    let items = [
        json!({"pk": {"S": "a"}, "g": {"S": "x"}, "b": {"S": "bee"}, "c": {"N": "12345"}}),
        json!({"pk": {"S": "bb"}, "g": {"S": "yy"}, "c": {"L": [{"S": "z"}]}}),
        // Not in any index (no g).
        json!({"pk": {"S": "ccc"}, "b": {"S": "b"}}),
    ];
    for item in &items {
        let out = txlab::api::execute(
            &mut db,
            "PutItem",
            &json!({"TableName": "tbl", "Item": item}),
            &ctx,
        );
        assert!(out.response.is_ok());
    }
    let size_of = |v: &serde_json::Value, keep: &[&str]| -> u64 {
        let item =
            txlab::engine::item::item_from_json(v, txlab::engine::value::ValueLayer::Current)
                .unwrap();
        let kept: Item = item
            .into_iter()
            .filter(|(k, _)| keep.contains(&k.as_str()))
            .collect();
        item_size(&kept) as u64
    };
    let indexed = &items[..2];
    let expect = |keep: &[&str]| indexed.iter().map(|i| size_of(i, keep)).sum::<u64>();
    let out = txlab::api::execute(&mut db, "DescribeTable", &json!({"TableName": "tbl"}), &ctx);
    let body = out.response.unwrap();
    let gsis = body["Table"]["GlobalSecondaryIndexes"].as_array().unwrap();
    let stat = |name: &str| {
        let i = gsis.iter().find(|i| i["IndexName"] == name).unwrap();
        (
            i["ItemCount"].as_u64().unwrap(),
            i["IndexSizeBytes"].as_u64().unwrap(),
        )
    };
    assert_eq!(stat("keys"), (2, expect(&["pk", "g"])));
    assert_eq!(stat("some"), (2, expect(&["pk", "g", "b"])));
    assert_eq!(stat("all"), (2, expect(&["pk", "g", "b", "c"])));
    assert_eq!(body["Table"]["ItemCount"], json!(3));
}
