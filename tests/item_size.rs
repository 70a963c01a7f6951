//! Item size (spec §7): the worked examples, to the byte.

use serde_json::{json, Value};
use txlab::engine::item::{item_from_json, item_size, Item, MAX_ITEM_SIZE};
use txlab::engine::value::ValueLayer;

fn item(json: Value) -> Item {
    item_from_json(&json, ValueLayer::Current).expect("valid item")
}

/// dynalite's capacity items (consistent with AWS, [H]): `a` is a key of `key_len` characters, `b` pads the
/// item, `c` N 12.3456 (4 bytes), `d` B AQI= (2 bytes), `e` a binary set.
fn dynalite_item(key_len: usize, pad: usize, binary_set: &[&str]) -> Item {
    item(json!({
        "a": {"S": "k".repeat(key_len)},
        "b": {"S": "b".repeat(pad)},
        "c": {"N": "12.3456"},
        "d": {"B": "AQI="},
        "e": {"BS": binary_set},
    }))
}

#[test]
fn worked_examples() {
    // (item, bytes)
    let rows: Vec<(Item, usize)> = vec![
        // AWS developer guide: 23 bytes [D]
        (
            item(json!({"shirt-color": {"S": "R"}, "shirt-size": {"S": "M"}})),
            23,
        ),
        // dynalite: `new Array(1010 - a.length).join('b')` pads to exactly 1024 bytes (1 WCU) ...
        (dynalite_item(8, 1009 - 8, &["AQI=", "Ag==", "AQ=="]), 1024),
        (
            dynalite_item(20, 1009 - 20, &["AQI=", "Ag==", "AQ=="]),
            1024,
        ),
        // ... and `1012` with a two-member set to 1025 (2 WCU)
        (dynalite_item(8, 1011 - 8, &["AQI=", "Ag=="]), 1025),
        // reads: 4096 bytes is 0.5 RCU eventually consistent, 4097 is 1
        (dynalite_item(8, 4081 - 8, &["AQI=", "Ag==", "AQ=="]), 4096),
        (dynalite_item(8, 4083 - 8, &["AQI=", "Ag=="]), 4097),
        // names count as UTF-8 bytes; empty item is 0
        (item(json!({"é": {"S": "é"}})), 4),
        (item(json!({})), 0),
        // the exponent does not count: 1E125 costs what 1 costs [V]
        (item(json!({"n": {"N": "1E125"}})), 1 + 2),
        (item(json!({"n": {"N": "1"}})), 1 + 2),
        // L and M: 3 bytes + per element 1 byte + element (M: + key name)
        (
            item(json!({"l": {"L": [{"S": "ab"}, {"NULL": true}]}})),
            1 + 3 + (1 + 2) + (1 + 1),
        ),
        (
            item(json!({"m": {"M": {"k": {"BOOL": true}}}})),
            1 + 3 + (1 + 1 + 1),
        ),
    ];
    for (i, (item, size)) in rows.iter().enumerate() {
        assert_eq!(item_size(item), *size, "row {i}: {item:?}");
    }
}

#[test]
fn the_limit_is_400_kb_inclusive() {
    // 409,600 bytes is accepted; the check is the operations layer's `size > MAX_ITEM_SIZE` [V]
    assert_eq!(MAX_ITEM_SIZE, 409_600);
    let at_limit = item(json!({"p": {"S": "x".repeat(MAX_ITEM_SIZE - 1)}}));
    assert_eq!(item_size(&at_limit), MAX_ITEM_SIZE);
}
