//! Reading AttributeValues from DynamoDB JSON (spec §6, §1.5): stage 1 SerializationExceptions, stage 2
//! ValidationExceptions in both value layers, items, and nesting. One-line tables: JSON -> exact error.

use serde_json::{json, Value};
use txlab::engine::error::ErrorType;
use txlab::engine::item::{item_from_json, item_to_json, Item};
use txlab::engine::messages as m;
use txlab::engine::value::{
    from_plain_json, AttributeValue, ValueLayer, WireItem, WireValue, MAX_READ_DEPTH,
};

use ErrorType::{SerializationException as Ser, ValidationException as Val};

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e}"))
}

/// `Ok(DynamoDB JSON text of the value)` or `Err((type, message))`.
fn read(text: &str, layer: ValueLayer) -> Result<String, (ErrorType, String)> {
    AttributeValue::from_json(&parse(text), layer)
        .map(|v| v.to_json().to_string())
        .map_err(|e| (e.error_type, e.message))
}

#[test]
fn serialization_exceptions() {
    // (value JSON, message): the same in both layers (spec §6.2; dynalite's current captures [H]; [V] where noted)
    let rows: Vec<(&str, String)> = vec![
        // a JSON number where a string is required [V]
        (r#"{"N": 123}"#, m::SER_NUMBER_NOT_STRING.into()),
        (r#"{"N": 1.5}"#, m::SER_DECIMAL_NOT_STRING.into()),
        (r#"{"S": 2147483648}"#, m::SER_NUMBER_NOT_STRING.into()),
        (r#"{"S": true}"#, m::SER_TRUE_NOT_STRING.into()),
        (r#"{"S": false}"#, m::SER_FALSE_NOT_STRING.into()),
        (r#"{"S": []}"#, m::SER_UNEXPECTED_COLLECTION.into()),
        (r#"{"S": {}}"#, m::SER_UNEXPECTED_STRUCTURE.into()),
        (r#"{"SS": ["a", 1]}"#, m::SER_NUMBER_NOT_STRING.into()),
        (r#"{"NS": ["1", 2.5]}"#, m::SER_DECIMAL_NOT_STRING.into()),
        (r#"{"NS": [true]}"#, m::SER_TRUE_NOT_STRING.into()),
        // lists
        (r#"{"SS": "a"}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"NS": 1}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"BS": true}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"L": "x"}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"SS": {}}"#, m::SER_UNEXPECTED_STRUCTURE.into()),
        (r#"{"L": {}}"#, m::SER_UNEXPECTED_STRUCTURE.into()),
        // maps and nested values
        (r#"{"M": "x"}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"M": 1}"#, m::SER_UNEXPECTED_FIELD_TYPE.into()),
        (r#"{"M": []}"#, m::SER_COLLECTION_NOT_MAP.into()),
        (
            r#"{"M": {"dog": "cat"}}"#,
            m::SER_UNEXPECTED_VALUE_TYPE.into(),
        ),
        (r#"{"L": ["x"]}"#, m::SER_UNEXPECTED_VALUE_TYPE.into()),
        (r#"{"L": [1]}"#, m::SER_UNEXPECTED_VALUE_TYPE.into()),
        (r#"{"L": [[]]}"#, m::SER_COLLECTION_NOT_VALUE.into()),
        (r#""x""#, m::SER_UNEXPECTED_VALUE_TYPE.into()),
        ("5", m::SER_UNEXPECTED_VALUE_TYPE.into()),
        ("true", m::SER_UNEXPECTED_VALUE_TYPE.into()),
        ("[]", m::SER_COLLECTION_NOT_VALUE.into()),
        // booleans (BOOL and NULL)
        (r#"{"BOOL": "maybe"}"#, m::SER_UNEXPECTED_TOKEN.into()),
        (r#"{"BOOL": "23"}"#, m::SER_UNEXPECTED_TOKEN.into()),
        (r#"{"NULL": "x"}"#, m::SER_UNEXPECTED_TOKEN.into()),
        (r#"{"BOOL": 1}"#, m::SER_NUMBER_NOT_BOOLEAN.into()),
        (r#"{"BOOL": 34.56}"#, m::SER_DECIMAL_NOT_BOOLEAN.into()),
        (r#"{"NULL": []}"#, m::SER_COLLECTION_NOT_BOOLEAN.into()),
        (r#"{"BOOL": {}}"#, m::SER_UNEXPECTED_STRUCTURE.into()),
        // base64 [V: SerializationException; texts H]
        (r#"{"B": "23456"}"#, m::base64_bad_length(5)),
        (r#"{"B": "YWJjZGVmZ2g"}"#, m::base64_bad_length(11)),
        (r#"{"B": "YWJj??!!"}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (r#"{"B": "=+/="}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (r#"{"B": "+/+="}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (r#"{"B": "AA==AA=="}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (r#"{"B": "A==="}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (
            "{\"B\": \"\u{ff}\u{ff}\u{ff}\u{ff}\"}",
            m::BASE64_BAD_LAST_CHAR.into(),
        ),
        (r#"{"B": "AQ-_"}"#, m::BASE64_BAD_LAST_CHAR.into()),
        (r#"{"B": true}"#, m::SER_BASE64_ONLY.into()),
        (r#"{"B": 23}"#, m::SER_BASE64_ONLY.into()),
        (r#"{"B": 34.56}"#, m::SER_BASE64_ONLY.into()),
        (r#"{"B": []}"#, m::SER_COLLECTION_NOT_BYTES.into()),
        (r#"{"B": {}}"#, m::SER_UNEXPECTED_STRUCTURE.into()),
        (r#"{"BS": ["AQI=", "x"]}"#, m::base64_bad_length(1)),
        (r#"{"L": [{"B": "AQI"}]}"#, m::base64_bad_length(3)),
        // stage 1 covers the whole value before any validation: these are not "more than one datatype" [V]
        (r#"{"S": "a", "N": 123}"#, m::SER_NUMBER_NOT_STRING.into()),
        (r#"{"NULL": false, "B": "x"}"#, m::base64_bad_length(1)),
        (
            r#"{"L": [{"SS": []}, {"N": 1}]}"#,
            m::SER_NUMBER_NOT_STRING.into(),
        ),
        // first problem in document order
        (
            r#"{"L": [{"N": 1}, {"B": "x"}]}"#,
            m::SER_NUMBER_NOT_STRING.into(),
        ),
        (r#"{"L": [{"B": "x"}, {"N": 1}]}"#, m::base64_bad_length(1)),
        // unknown members are skipped unread
        (r#"{"dog": 1, "S": 5}"#, m::SER_NUMBER_NOT_STRING.into()),
    ];
    for (text, message) in rows {
        for layer in [ValueLayer::Older, ValueLayer::Current] {
            assert_eq!(
                read(text, layer),
                Err((Ser, message.clone())),
                "{text} ({layer:?})"
            );
            assert!(
                WireValue::from_json(&parse(text)).is_err(),
                "stage 1 alone: {text}"
            );
        }
    }
}

#[test]
fn validation_exceptions_in_both_layers() {
    let nn = "The parameter cannot be converted to a numeric value";
    // (value JSON, older layer message, current layer message)
    let rows: Vec<(&str, String, String)> = vec![
        // structure [H/V]
        ("{}", m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        ("null", m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        (r#"{"dog": "cat"}"#, m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        (r#"{"S": null}"#, m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        (r#"{"S": "a", "N": "1"}"#, m::VALUE_MULTIPLE_TYPES.into(), m::VALUE_MULTIPLE_TYPES.into()),
        (r#"{"BOOL": true, "NULL": true}"#, m::VALUE_MULTIPLE_TYPES.into(), m::VALUE_MULTIPLE_TYPES.into()),
        // each type is validated before the type count (dynalite's capture)
        (r#"{"S": "a", "N": "b"}"#, format!("{nn}: b"), format!("{nn}: b")),
        (r#"{"S": "", "N": ""}"#, nn.into(), format!("{nn}: ")),
        (r#"{"L": [{}], "S": "a"}"#, m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        // NULL must be true [V]
        (r#"{"NULL": false}"#, m::NULL_MUST_BE_TRUE.into(), m::NULL_MUST_BE_TRUE.into()),
        (r#"{"NULL": "no"}"#, m::NULL_MUST_BE_TRUE.into(), m::NULL_MUST_BE_TRUE.into()),
        // empty sets, two spaces [V]
        (r#"{"SS": []}"#, m::EMPTY_STRING_SET.into(), m::EMPTY_STRING_SET.into()),
        (r#"{"NS": []}"#, m::EMPTY_NUMBER_SET.into(), m::EMPTY_NUMBER_SET.into()),
        (r#"{"BS": []}"#, m::EMPTY_BINARY_SET.into(), m::EMPTY_BINARY_SET.into()),
        (r#"{"L": [{"SS": []}]}"#, m::EMPTY_STRING_SET.into(), m::EMPTY_STRING_SET.into()),
        (r#"{"M": {"a": {"NS": []}}}"#, m::EMPTY_NUMBER_SET.into(), m::EMPTY_NUMBER_SET.into()),
        // duplicates: older members as sent; current sorted up to the first repeat [V]
        (
            r#"{"SS": ["b", "a", "b"]}"#,
            "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates.".into(),
            r#"One or more parameter values were invalid: Input collection ["a", "b", "b"] contains duplicates."#.into(),
        ),
        (
            r#"{"BS": ["/w==", "AA==", "AA=="]}"#,
            "One or more parameter values were invalid: Input collection [/w==, AA==, AA==]of type BS contains duplicates.".into(),
            r#"One or more parameter values were invalid: Input collection ["AA==","/w==","AA=="]of type BS contains duplicates."#.into(),
        ),
        (
            r#"{"NS": ["2", "1", "2"]}"#,
            "Input collection contains duplicates".into(),
            "One or more parameter values were invalid: Input collection contains duplicates.".into(),
        ),
        // current layer: the members after the first repeat follow as sent
        (
            r#"{"SS": ["c", "a", "c", "b", "a"]}"#,
            "One or more parameter values were invalid: Input collection [c, a, c, b, a] contains duplicates.".into(),
            r#"One or more parameter values were invalid: Input collection ["a", "c", "c", "b", "a"] contains duplicates."#.into(),
        ),
        // NS duplicates by value [V]
        (r#"{"NS": ["1", "1.0"]}"#, "Input collection contains duplicates".into(), m::DUPLICATE_NUMBER_SET_CURRENT.into()),
        (r#"{"NS": ["10", "2e1", "1e1"]}"#, "Input collection contains duplicates".into(), m::DUPLICATE_NUMBER_SET_CURRENT.into()),
        // numbers, in values and in sets [V]
        (r#"{"N": ""}"#, nn.into(), format!("{nn}: ")),
        (r#"{"N": "abc"}"#, format!("{nn}: abc"), format!("{nn}: abc")),
        (r#"{"N": "1e126"}"#, m::NUMBER_OVERFLOW.into(), m::NUMBER_OVERFLOW.into()),
        (r#"{"N": "1e2147483647"}"#, m::NUMBER_UNDERFLOW.into(), m::NUMBER_OVERFLOW.into()),
        (r#"{"N": "1e-131"}"#, m::NUMBER_UNDERFLOW.into(), m::NUMBER_UNDERFLOW.into()),
        (r#"{"N": "1234567890123456789012345678901234567890"}"#, m::NUMBER_PRECISION.into(), m::NUMBER_PRECISION.into()),
        (r#"{"NS": ["1", ""]}"#, nn.into(), format!("{nn}: ")),
        (r#"{"NS": ["1", "b", "a"]}"#, format!("{nn}: b"), format!("{nn}: b")),
        (r#"{"NS": ["1", "1", "x"]}"#, format!("{nn}: x"), format!("{nn}: x")),
        (r#"{"NS": ["1", "1e126"]}"#, m::NUMBER_OVERFLOW.into(), m::NUMBER_OVERFLOW.into()),
        (r#"{"M": {"x": {"L": [{"N": "abc"}]}}}"#, format!("{nn}: abc"), format!("{nn}: abc")),
        // null members: NS reads a null as an empty literal; SS/BS text UNCERTAIN
        (r#"{"NS": ["1", null]}"#, nn.into(), format!("{nn}: ")),
        (r#"{"SS": ["a", null]}"#, m::NULL_SET_MEMBER.into(), m::NULL_SET_MEMBER.into()),
        (r#"{"BS": [null]}"#, m::NULL_SET_MEMBER.into(), m::NULL_SET_MEMBER.into()),
        // null elements of L and M read as empty values
        (r#"{"L": [null]}"#, m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        (r#"{"M": {"a": null}}"#, m::VALUE_EMPTY.into(), m::VALUE_EMPTY.into()),
        // first problem in document order
        (r#"{"L": [{"N": "x"}, {"SS": []}]}"#, format!("{nn}: x"), format!("{nn}: x")),
        (r#"{"L": [{"SS": []}, {"N": "x"}]}"#, m::EMPTY_STRING_SET.into(), m::EMPTY_STRING_SET.into()),
    ];
    for (text, older, current) in rows {
        assert_eq!(
            read(text, ValueLayer::Older),
            Err((Val, older)),
            "older: {text}"
        );
        assert_eq!(
            read(text, ValueLayer::Current),
            Err((Val, current)),
            "current: {text}"
        );
        // stage 1 passes; stage 2 fails
        let wire = WireValue::from_json(&parse(text)).expect("stage 1");
        assert!(wire.validate(ValueLayer::Older).is_err());
    }
}

#[test]
fn items_read_in_two_stages() {
    let item = item_from_json(
        &json!({"b": {"N": "1e1"}, "a": {"S": "x"}}),
        ValueLayer::Older,
    )
    .unwrap();
    assert_eq!(
        item_to_json(&item),
        json!({"a": {"S": "x"}, "b": {"N": "10"}})
    );
    assert_eq!(
        item_to_json(&item).to_string(),
        r#"{"a":{"S":"x"},"b":{"N":"10"}}"#
    );
    // (item JSON, error type, message)
    let rows: Vec<(Value, ErrorType, String)> = vec![
        (json!(5), Ser, m::SER_SCALAR_NOT_MAP.into()),
        (json!("x"), Ser, m::SER_SCALAR_NOT_MAP.into()),
        (json!([]), Ser, m::SER_COLLECTION_NOT_MAP.into()),
        (json!({"a": "x"}), Ser, m::SER_UNEXPECTED_VALUE_TYPE.into()),
        (json!({"a": []}), Ser, m::SER_COLLECTION_NOT_VALUE.into()),
        // a serialization problem in a later attribute beats a validation problem in an earlier one [V]
        (
            json!({"a": {"N": "x"}, "b": {"N": 5}}),
            Ser,
            m::SER_NUMBER_NOT_STRING.into(),
        ),
        // validation: first attribute in document order
        (
            json!({"z": {"NULL": false}, "a": {"SS": []}}),
            Val,
            m::NULL_MUST_BE_TRUE.into(),
        ),
        (json!({"a": {}}), Val, m::VALUE_EMPTY.into()),
    ];
    for (json, error_type, message) in rows {
        let got = item_from_json(&json, ValueLayer::Older).map_err(|e| (e.error_type, e.message));
        assert_eq!(got, Err((error_type, message)), "{json}");
    }
    assert_eq!(
        item_from_json(&Value::Null, ValueLayer::Older),
        Ok(Item::new())
    );
    // entries keep document order for per-key handling (older layer wraps errors with the key)
    let wire = WireItem::from_json(&json!({":v": {"N": "x"}, ":a": {"S": "y"}})).unwrap();
    let names: Vec<&str> = wire.entries().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, [":v", ":a"]);
    assert_eq!(wire.len(), 2);
    let inner = wire.entries()[0]
        .1
        .validate(ValueLayer::Older)
        .unwrap_err()
        .message;
    assert_eq!(
        m::values_invalid_value(&inner, ":v"),
        "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v"
    );
}

/// `{tag: inner}` without `json!`, which would copy `inner` (and recurse over it).
fn wrap(tag: &str, inner: Value) -> Value {
    let mut object = serde_json::Map::new();
    object.insert(tag.to_string(), inner);
    Value::Object(object)
}

fn nested_maps(wraps: usize) -> Value {
    let mut v = json!({"S": "leaf"});
    for _ in 0..wraps {
        v = wrap("M", wrap("n", v));
    }
    v
}

fn nested_lists(wraps: usize, leaf: Value) -> Value {
    let mut v = leaf;
    for _ in 0..wraps {
        v = wrap("L", Value::Array(vec![v]));
    }
    v
}

/// Take a deep JSON value apart without recursion (serde_json's own drop recurses).
fn dismantle(v: Value) {
    let mut stack = vec![v];
    while let Some(mut v) = stack.pop() {
        match &mut v {
            Value::Array(a) => stack.append(a),
            Value::Object(o) => stack.extend(std::mem::take(o).into_iter().map(|(_, x)| x)),
            _ => {}
        }
    }
}

#[test]
fn depth_counts_levels() {
    let v = |t: Value| AttributeValue::from_json(&t, ValueLayer::Current).unwrap();
    assert_eq!(v(json!({"S": "x"})).depth(), 1);
    assert_eq!(v(json!({"SS": ["x"]})).depth(), 1);
    assert_eq!(v(json!({"L": []})).depth(), 1);
    assert_eq!(v(json!({"M": {"a": {"S": "x"}}})).depth(), 2);
    assert_eq!(v(json!({"L": [{"S": "x"}, {"L": [{"L": []}]}]})).depth(), 3);
    // 31 wraps is the deepest DynamoDB stores (32 levels); 32 wraps is 33 — both read fine here, the caller
    // checks (spec §6.4)
    assert_eq!(v(nested_maps(31)).depth(), 32);
    assert_eq!(v(nested_maps(32)).depth(), 33);
    assert_eq!(v(nested_maps(99)).depth(), 100);
}

#[test]
fn absurd_nesting_is_refused_without_a_crash() {
    let read = |t: &Value| {
        AttributeValue::from_json(t, ValueLayer::Older).map_err(|e| (e.error_type, e.message))
    };
    let deepest = nested_maps(MAX_READ_DEPTH - 1);
    assert_eq!(read(&deepest).map(|v| v.depth()), Ok(MAX_READ_DEPTH));
    let too_deep = nested_maps(MAX_READ_DEPTH);
    assert_eq!(read(&too_deep), Err((Val, m::NESTING_TOO_DEEP.to_string())));

    // 100,000 levels: a clean error, no stack overflow
    let huge = nested_maps(100_000);
    assert_eq!(read(&huge), Err((Val, m::NESTING_TOO_DEEP.to_string())));
    dismantle(huge);
    let huge = nested_lists(100_000, json!({"S": "x"}));
    assert_eq!(read(&huge), Err((Val, m::NESTING_TOO_DEEP.to_string())));
    dismantle(huge);
    // a serialization problem far below the limit is still found, so it still beats validation
    let huge = nested_lists(100_000, json!({"N": 1}));
    assert_eq!(
        read(&huge),
        Err((Ser, m::SER_NUMBER_NOT_STRING.to_string()))
    );
    dismantle(huge);
    let wide = wrap("L", Value::Array(vec![nested_maps(300), json!({"B": "x"})]));
    assert_eq!(read(&wide), Err((Ser, m::base64_bad_length(1))));
    // plain JSON too
    let huge = {
        let mut v = json!(1);
        for _ in 0..100_000 {
            v = Value::Array(vec![v]);
        }
        v
    };
    assert_eq!(
        from_plain_json(&huge).map_err(|e| (e.error_type, e.message)),
        Err((Val, m::NESTING_TOO_DEEP.to_string()))
    );
    dismantle(huge);
}
