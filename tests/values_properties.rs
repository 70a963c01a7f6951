//! AttributeValue properties: DynamoDB JSON and plain JSON round trips, size/depth consistency, and reading any
//! JSON without a panic.

use serde_json::Value;
use txlab::engine::item::{item_from_json, Item};
use txlab::engine::number::Number;
use txlab::engine::value::{from_plain_json, to_plain_json, AttributeValue, ValueLayer};

use AttributeValue as AV;

use proptest::prelude::*;

fn number() -> impl Strategy<Value = Number> {
    (any::<bool>(), 0u64..u64::MAX, -40i32..40).prop_filter_map("in range", |(neg, c, e)| {
        Number::parse(&format!("{}{c}e{e}", if neg { "-" } else { "" })).ok()
    })
}

fn value() -> impl Strategy<Value = AttributeValue> {
    let leaf = prop_oneof![
        ".{0,8}".prop_map(AV::S),
        number().prop_map(AV::N),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(AV::B),
        any::<bool>().prop_map(AV::Bool),
        Just(AV::Null),
        proptest::collection::vec(".{0,4}", 1..4).prop_map(AV::string_set),
        proptest::collection::vec(number(), 1..4).prop_map(AV::number_set),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..4), 1..4)
            .prop_map(AV::binary_set),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(AV::L),
            proptest::collection::btree_map(".{0,4}", inner, 0..4).prop_map(AV::M),
        ]
    })
}

/// Any JSON at all, to show reading never panics.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("S"),
            Just("N"),
            Just("AQI="),
            Just(""),
            Just("1e3"),
            Just("x")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 40, 4, |inner| {
        let tag = prop_oneof![
            Just("S"),
            Just("N"),
            Just("B"),
            Just("SS"),
            Just("NS"),
            Just("BS"),
            Just("M"),
            Just("L"),
            Just("NULL"),
            Just("BOOL"),
            Just("dog")
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((tag, inner), 0..3).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn dynamodb_json_round_trips(v in value()) {
        for layer in [ValueLayer::Older, ValueLayer::Current] {
            prop_assert_eq!(AttributeValue::from_json(&v.to_json(), layer), Ok(v.clone()));
        }
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(serde_json::from_str::<AttributeValue>(&text).unwrap(), v);
    }

    #[test]
    fn plain_json_round_trips_values_without_sets_or_binary(v in value()) {
        fn plain_only(v: &AttributeValue) -> bool {
            match v {
                AV::B(_) | AV::SS(_) | AV::NS(_) | AV::BS(_) => false,
                AV::L(l) => l.iter().all(plain_only),
                AV::M(m) => m.values().all(plain_only),
                _ => true,
            }
        }
        /// A number comes back as a number when its JSON text carries it exactly, else as its string.
        fn expected(v: &AttributeValue) -> AttributeValue {
            match v {
                AV::N(n) => match to_plain_json(v) {
                    Value::Number(j) => {
                        assert_eq!(Number::parse(&j.to_string()).as_ref(), Ok(n), "exact JSON number");
                        v.clone()
                    }
                    Value::String(s) => {
                        assert_eq!(s, n.to_canonical_string());
                        AV::S(s)
                    }
                    other => panic!("number written as {other}"),
                },
                AV::L(l) => AV::L(l.iter().map(expected).collect()),
                AV::M(m) => AV::M(m.iter().map(|(k, v)| (k.clone(), expected(v))).collect()),
                other => other.clone(),
            }
        }
        if plain_only(&v) {
            prop_assert_eq!(from_plain_json(&to_plain_json(&v)), Ok(expected(&v)));
        }
    }

    #[test]
    fn size_and_depth_are_consistent(v in value()) {
        let item: Item = [("a".to_string(), v.clone())].into_iter().collect();
        prop_assert_eq!(txlab::engine::item::item_size(&item), 1 + v.size());
        prop_assert!(v.depth() >= 1 && v.depth() <= 5);
    }

    #[test]
    fn reading_any_json_never_panics(j in any_json()) {
        for layer in [ValueLayer::Older, ValueLayer::Current] {
            let _ = AttributeValue::from_json(&j, layer);
            let _ = item_from_json(&j, layer);
        }
        let _ = from_plain_json(&j);
    }
}
