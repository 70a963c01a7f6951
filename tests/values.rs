//! AttributeValue (spec §6, §7.1): accepted values and DynamoDB JSON out, sizes, bound text, type names,
//! ordering, plain JSON. One-line tables: (JSON, layer) -> value or (error type, message).

use serde_json::{json, Value};
use txlab::engine::error::ErrorType;
use txlab::engine::messages as m;
use txlab::engine::number::Number;
use txlab::engine::value::{from_plain_json, to_plain_json, AttributeValue, ValueLayer};

use AttributeValue as AV;
use ErrorType::ValidationException as Val;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e}"))
}

/// `Ok(DynamoDB JSON text of the value)` or `Err((type, message))`.
fn read(text: &str, layer: ValueLayer) -> Result<String, (ErrorType, String)> {
    AttributeValue::from_json(&parse(text), layer)
        .map(|v| v.to_json().to_string())
        .map_err(|e| (e.error_type, e.message))
}

fn n(s: &str) -> Number {
    Number::parse(s).unwrap()
}

#[test]
fn accepted_values_in_canonical_dynamodb_json() {
    // (value JSON, DynamoDB JSON written back)
    let rows = [
        (r#"{"S": "x"}"#, r#"{"S":"x"}"#),
        (r#"{"S": ""}"#, r#"{"S":""}"#),
        ("{\"S\": \"a\\u0000b\"}", r#"{"S":"a\u0000b"}"#),
        (r#"{"N": "1e3"}"#, r#"{"N":"1000"}"#),
        (r#"{"N": "-0.0"}"#, r#"{"N":"0"}"#),
        (r#"{"B": "AQI="}"#, r#"{"B":"AQI="}"#),
        (r#"{"B": ""}"#, r#"{"B":""}"#),
        (r#"{"BOOL": false}"#, r#"{"BOOL":false}"#),
        (r#"{"BOOL": "TRUE"}"#, r#"{"BOOL":true}"#),
        (r#"{"BOOL": "0"}"#, r#"{"BOOL":false}"#),
        (r#"{"BOOL": "Yes"}"#, r#"{"BOOL":true}"#),
        (r#"{"NULL": true}"#, r#"{"NULL":true}"#),
        (r#"{"NULL": "1"}"#, r#"{"NULL":true}"#),
        // sets sorted: SS by UTF-8 bytes, NS by value, BS by bytes; empty members allowed [V]
        (
            r#"{"SS": ["b", "a", "B", ""]}"#,
            r#"{"SS":["","B","a","b"]}"#,
        ),
        (
            r#"{"NS": ["10", "2", "1.0", "-3"]}"#,
            r#"{"NS":["-3","1","2","10"]}"#,
        ),
        (
            r#"{"BS": ["/w==", "AA==", ""]}"#,
            r#"{"BS":["","AA==","/w=="]}"#,
        ),
        // lists keep order; maps are written in key order; empty L and M allowed [V]
        (
            r#"{"L": [{"N": "2"}, {"S": "a"}, {"L": []}]}"#,
            r#"{"L":[{"N":"2"},{"S":"a"},{"L":[]}]}"#,
        ),
        (
            r#"{"M": {"b": {"S": "x"}, "a": {"M": {}}}}"#,
            r#"{"M":{"a":{"M":{}},"b":{"S":"x"}}}"#,
        ),
        // unknown and null members are ignored
        (r#"{"S": "a", "dog": [1, {}]}"#, r#"{"S":"a"}"#),
        (r#"{"S": "a", "N": null}"#, r#"{"S":"a"}"#),
    ];
    for (text, want) in rows {
        for layer in [ValueLayer::Older, ValueLayer::Current] {
            assert_eq!(
                read(text, layer),
                Ok(want.to_string()),
                "{text} ({layer:?})"
            );
        }
    }
}

#[test]
fn decoded_contents() {
    let v = |t: &str| AttributeValue::from_json(&parse(t), ValueLayer::Current).unwrap();
    assert_eq!(v(r#"{"B": "AQI="}"#), AV::B(vec![1, 2]));
    assert_eq!(
        v(r#"{"BS": ["AQI=", "AQ=="]}"#),
        AV::BS(vec![vec![1], vec![1, 2]])
    );
    assert_eq!(v(r#"{"N": "1e3"}"#), AV::N(n("1000")));
    assert_eq!(v(r#"{"SS": ["b", "a"]}"#), v(r#"{"SS": ["a", "b"]}"#));
    assert_eq!(v(r#"{"NS": ["1", "2"]}"#), v(r#"{"NS": ["2.0", "1"]}"#));
    assert_eq!(v(r#"{"NULL": true}"#), AV::Null);
    assert_eq!(v(r#"{"M": {}}"#), AV::M(Default::default()));
}

#[test]
fn sizes() {
    let v = |t: &str| AttributeValue::from_json(&parse(t), ValueLayer::Current).unwrap();
    // (value, bytes) spec §7.1
    let rows = [
        (r#"{"S": "abc"}"#, 3),
        (r#"{"S": "é"}"#, 2),
        (r#"{"S": ""}"#, 0),
        (r#"{"B": "AQI="}"#, 2),
        (r#"{"BOOL": true}"#, 1),
        (r#"{"NULL": true}"#, 1),
        (r#"{"N": "12.3456"}"#, 4),
        (r#"{"N": "-0"}"#, 1),
        (r#"{"SS": ["a", "bc"]}"#, 3),
        (r#"{"NS": ["1", "12345"]}"#, 6),
        (r#"{"BS": ["AQI=", "Ag==", "AQ=="]}"#, 4),
        (r#"{"L": []}"#, 3),
        (r#"{"M": {}}"#, 3),
        (r#"{"L": [{"S": "a"}, {"N": "1"}]}"#, 8),
        (r#"{"M": {"ab": {"S": "x"}}}"#, 7),
        (
            r#"{"M": {"a": {"L": [{"NULL": true}]}}}"#,
            3 + 1 + 1 + (3 + 1 + 1),
        ),
    ];
    for (text, size) in rows {
        assert_eq!(v(text).size(), size, "{text}");
    }
}

#[test]
fn bound_text() {
    let v = |t: Value| {
        AttributeValue::from_json(&t, ValueLayer::Current)
            .unwrap()
            .to_bound_text()
    };
    // captured [H]
    assert_eq!(v(json!({"N": "1"})), "AttributeValue: {N:1}");
    assert_eq!(v(json!({"S": "a"})), "AttributeValue: {S:a}");
    assert_eq!(v(json!({"S": "b"})), "AttributeValue: {S:b}");
    // our choice for the rest
    assert_eq!(v(json!({"N": "1e3"})), "AttributeValue: {N:1000}");
    assert_eq!(v(json!({"B": "AQI="})), "AttributeValue: {B:AQI=}");
    assert_eq!(v(json!({"BOOL": true})), "AttributeValue: {BOOL:true}");
    assert_eq!(v(json!({"NULL": true})), "AttributeValue: {NULL:true}");
    assert_eq!(v(json!({"SS": ["b", "a"]})), "AttributeValue: {SS:[a, b]}");
    assert_eq!(v(json!({"NS": ["2", "1"]})), "AttributeValue: {NS:[1, 2]}");
    assert_eq!(v(json!({"BS": ["AQI="]})), "AttributeValue: {BS:[AQI=]}");
    assert_eq!(
        v(json!({"L": [{"S": "a"}, {"N": "1"}]})),
        "AttributeValue: {L:[{S:a}, {N:1}]}"
    );
    assert_eq!(
        v(json!({"M": {"k": {"S": "a"}}})),
        "AttributeValue: {M:{k={S:a}}}"
    );
}

#[test]
fn type_names() {
    let rows = [
        (AV::S("a".into()), "S", "STRING"),
        (AV::N(n("1")), "N", "NUMBER"),
        (AV::B(vec![]), "B", "BINARY"),
        (AV::SS(vec!["a".into()]), "SS", "STRING_SET"),
        (AV::NS(vec![n("1")]), "NS", "NUMBER_SET"),
        (AV::BS(vec![vec![]]), "BS", "BINARY_SET"),
        (AV::M(Default::default()), "M", "MAP"),
        (AV::L(vec![]), "L", "LIST"),
        (AV::Null, "NULL", "NULL"),
        (AV::Bool(true), "BOOL", "BOOLEAN"),
    ];
    for (value, short, long) in rows {
        assert_eq!((value.type_name(), value.long_type_name()), (short, long));
    }
}

#[test]
fn ordered_comparison() {
    use std::cmp::Ordering::{Greater, Less};
    let s = |x: &str| AV::S(x.into());
    // S by UTF-8 bytes, B by unsigned bytes, N by value [V]
    assert_eq!(s("a").compare_ordered(&s("A")), Some(Greater));
    assert_eq!(s("¿").compare_ordered(&s("z")), Some(Greater));
    assert_eq!(
        AV::B(vec![0x80]).compare_ordered(&AV::B(vec![0x7f])),
        Some(Greater)
    );
    assert_eq!(AV::N(n("9")).compare_ordered(&AV::N(n("10"))), Some(Less));
    assert_eq!(AV::N(n("1")).compare_ordered(&s("1")), None);
    assert_eq!(AV::Bool(true).compare_ordered(&AV::Bool(false)), None);
}

#[test]
fn set_constructors_sort_and_deduplicate() {
    assert_eq!(
        AV::string_set(["b".to_string(), "a".into(), "b".into()]),
        AV::SS(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        AV::number_set([n("10"), n("1e1"), n("2")]),
        AV::NS(vec![n("2"), n("10")])
    );
    // ADD {1.0, 2.00} to {1, 2, 3} leaves 3 members: NS compares by value (spec §4.6) [V]
    let union = AV::number_set(["1", "2", "3", "1.0", "2.00"].map(n));
    assert_eq!(union, AV::NS(["1", "2", "3"].map(n).to_vec()));
    assert_eq!(
        AV::binary_set([vec![0xff], vec![0], vec![0xff]]),
        AV::BS(vec![vec![0], vec![0xff]])
    );
}

#[test]
fn plain_json_like_the_document_clients() {
    let from = |t: Value| {
        from_plain_json(&t)
            .map(|v| v.to_json())
            .map_err(|e| (e.error_type, e.message))
    };
    // (plain JSON, DynamoDB JSON)
    let rows = [
        (
            json!({"Artist": "Acme", "Year": 2020}),
            json!({"M": {"Artist": {"S": "Acme"}, "Year": {"N": "2020"}}}),
        ),
        (json!("x"), json!({"S": "x"})),
        (json!(1.5), json!({"N": "1.5"})),
        (json!(-7), json!({"N": "-7"})),
        (json!(true), json!({"BOOL": true})),
        (json!(null), json!({"NULL": true})),
        (
            json!([1, "a", []]),
            json!({"L": [{"N": "1"}, {"S": "a"}, {"L": []}]}),
        ),
        (json!({}), json!({"M": {}})),
    ];
    for (plain, dynamo) in rows {
        assert_eq!(from(plain.clone()), Ok(dynamo), "{plain}");
    }
    assert_eq!(
        from(json!(1e300)),
        Err((Val, m::NUMBER_OVERFLOW.to_string()))
    );

    let to = |t: Value| to_plain_json(&AttributeValue::from_json(&t, ValueLayer::Current).unwrap());
    // (DynamoDB JSON, plain JSON)
    let rows = [
        (json!({"N": "2020"}), json!(2020)),
        (json!({"N": "-7"}), json!(-7)),
        (
            json!({"N": "18446744073709551615"}),
            json!(18446744073709551615u64),
        ),
        (json!({"N": "1.5"}), json!(1.5)),
        (json!({"N": "0.1"}), json!(0.1)),
        // too many digits for a JSON (f64) number: kept exact as a string
        (
            json!({"N": "12345678901234567890123"}),
            json!("12345678901234567890123"),
        ),
        (
            json!({"N": "0.12345678901234567890123"}),
            json!("0.12345678901234567890123"),
        ),
        (json!({"S": "x"}), json!("x")),
        (json!({"B": "AQI="}), json!("AQI=")),
        (json!({"BOOL": false}), json!(false)),
        (json!({"NULL": true}), json!(null)),
        (json!({"SS": ["b", "a"]}), json!(["a", "b"])),
        (json!({"NS": ["2", "1.5"]}), json!([1.5, 2])),
        (json!({"BS": ["AQI="]}), json!(["AQI="])),
        (json!({"L": [{"S": "a"}, {"N": "1"}]}), json!(["a", 1])),
        (json!({"M": {"Year": {"N": "2020"}}}), json!({"Year": 2020})),
    ];
    for (dynamo, plain) in rows {
        assert_eq!(to(dynamo.clone()), plain, "{dynamo}");
    }
}

#[test]
fn serde_uses_dynamodb_json() {
    let v = AV::M([("a".to_string(), AV::N(n("1e2")))].into_iter().collect());
    let text = serde_json::to_string(&v).unwrap();
    assert_eq!(text, r#"{"M":{"a":{"N":"100"}}}"#);
    let back: AttributeValue = serde_json::from_str(&text).unwrap();
    assert_eq!(back, v);
    let err = serde_json::from_str::<AttributeValue>(r#"{"NULL": false}"#).unwrap_err();
    assert!(err.to_string().contains(m::NULL_MUST_BE_TRUE));
}
