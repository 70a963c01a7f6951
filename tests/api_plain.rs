//! `api::plain` (bodies read straight into the engine's types) answers exactly as the ordinary path (the body
//! read as a JSON value): the same outcome, trace and database, for the bodies it accepts; the bodies it does
//! not accept go to the ordinary path. Random PutItem and TransactWriteItems bodies, mostly in the shape the SDKs
//! send with defects mixed in, plus the edge cases by name.

mod api_common;
use api_common::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use txlab::api::{self, plain, Outcome};
use txlab::engine::{Database, Profile, RequestContext};

fn db() -> Database {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    simple_table(&mut db, "rng", true);
    ok(
        &mut db,
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}),
    );
    db
}

/// Run `text` both ways on two copies of the same database. Returns whether the plain path took it.
fn both_ways(operation: &str, text: &str, ctx: &RequestContext) -> bool {
    let mut slow_db = db();
    let slow: Option<Outcome> = api::parse_body(text.as_bytes())
        .ok()
        .map(|v| api::execute(&mut slow_db, operation, &v, ctx));
    let mut plain_db = db();
    let (fast, took) = match plain::read(operation, text.as_bytes().to_vec()) {
        Err(_) => (None, false),
        Ok(body) => {
            assert!(slow.is_some(), "plain took a body that is not JSON: {text}");
            match body.into_request(ctx) {
                (_, Some(typed)) => (Some(api::execute_typed(&mut plain_db, typed, ctx)), true),
                (text, None) => {
                    let v = api::parse_body(text.as_bytes()).unwrap_or(Value::Null);
                    (Some(api::execute(&mut plain_db, operation, &v, ctx)), false)
                }
            }
        }
    };
    if took {
        assert_eq!(fast, slow, "{operation} {text}");
        assert!(
            plain_db == slow_db,
            "{operation} {text}: the databases differ"
        );
    }
    took
}

fn aws() -> RequestContext {
    ctx()
}

#[test]
fn plain_bodies_are_taken_and_answer_as_the_ordinary_path() {
    let put = json!({"TableName": "tbl", "Item": {"pk": {"S": "b"}, "n": {"N": "2"}, "l": {"L": [{"S": "x"}, {"M": {"a": {"BOOL": true}}}]},
        "s": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "b": {"B": "AAEC"}, "bs": {"BS": ["AAEC"]}, "z": {"NULL": true}},
        "ConditionExpression": "attribute_not_exists(pk) AND #n <> :v", "ExpressionAttributeNames": {"#n": "n"},
        "ExpressionAttributeValues": {":v": {"N": "5"}}, "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL",
        "ReturnItemCollectionMetrics": "SIZE", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"});
    let tx = json!({"TransactItems": [
        {"Put": {"TableName": "tbl", "Item": {"pk": {"S": "c"}}}},
        {"Update": {"TableName": "tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": "rng", "Key": {"pk": {"S": "q"}, "sk": {"S": "r"}},
            "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"Delete": {"TableName": "tbl", "Key": {"pk": {"S": "d"}}}}
    ], "ClientRequestToken": "tok-1", "ReturnConsumedCapacity": "INDEXES", "ReturnItemCollectionMetrics": "SIZE"});
    // A condition that fails, a cancellation, a validation error in layer 2: all taken, all the same.
    let failing_put = json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)"});
    let cancelled = json!({"TransactItems": [{"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"S": "a"}},
        "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]});
    let bad_number = json!({"TableName": "tbl", "Item": {"pk": {"S": "a"}, "n": {"N": "1e999"}}});
    let missing_table = json!({"TableName": "nope", "Item": {"pk": {"S": "a"}}});
    for (op, body) in [
        ("PutItem", &put),
        ("TransactWriteItems", &tx),
        ("PutItem", &failing_put),
        ("TransactWriteItems", &cancelled),
        ("PutItem", &bad_number),
        ("PutItem", &missing_table),
    ] {
        assert!(both_ways(op, &body.to_string(), &aws()), "{op} {body}");
        // Pretty-printed, and with escapes: the same.
        let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
        assert!(both_ways(op, &pretty, &aws()), "{op} {pretty}");
    }
    assert!(both_ways(
        "PutItem",
        r#"{"TableName":"tbl","Item":{"\u0070k":{"S":"\u00e9\n\"x\""}}}"#,
        &aws()
    ));
    // A member that is JSON null is absent, as in the ordinary path.
    assert!(both_ways(
        "PutItem",
        r#"{"TableName":"tbl","Item":{"pk":{"S":"a"}},"ReturnValues":null}"#,
        &aws()
    ));
    assert!(both_ways(
        "TransactWriteItems",
        r#"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"a"}}},"Delete":null}],"ClientRequestToken":null}"#,
        &aws()
    ));
}

#[test]
fn other_shapes_go_to_the_ordinary_path() {
    for (op, text) in [
        // Unknown members, several or no tags, strings as booleans, a name twice, an unknown tag, a null
        // element, a set holding null.
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"}},"Other":1}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a","N":"1"}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"BOOL":"yes"}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"pk":{"S":"b"}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","TableName":"rng","Item":{"pk":{"S":"a"}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"dog":"cat"}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"L":[null]}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"SS":["a",null]}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"M":{"a":{"S":"1"},"a":{"S":"2"}}}}}"#,
        ),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"x":{"B":"AAE"}}}"#,
        ),
        ("PutItem", r#"{"TableName":"tbl","Item":{"pk":{"S":1}}}"#),
        // Member constraints (layer 1): answered by the ordinary path, with its messages.
        ("PutItem", r#"{"TableName":"t","Item":{"pk":{"S":"a"}}}"#),
        ("PutItem", r#"{"TableName":"tbl"}"#),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"}},"ReturnValues":"ALL"}"#,
        ),
        ("TransactWriteItems", r#"{"TransactItems":[]}"#),
        ("TransactWriteItems", r#"{"TransactItems":[{}]}"#),
        (
            "TransactWriteItems",
            r#"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"a"}}},"Delete":{"TableName":"tbl","Key":{"pk":{"S":"a"}}}}]}"#,
        ),
        (
            "TransactWriteItems",
            r#"{"TransactItems":[{"Put":{"TableName":"tbl"}}]}"#,
        ),
        (
            "TransactWriteItems",
            r#"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"a"}}}}],"ClientRequestToken":""}"#,
        ),
        ("TransactWriteItems", r#"{"TransactItems":[null]}"#),
        ("TransactWriteItems", r#"[]"#),
        ("TransactWriteItems", r#"null"#),
        ("TransactWriteItems", r#"{"TransactItems":{}}"#),
        (
            "PutItem",
            r#"{"TableName":"tbl","Item":{"pk":{"S":"a"}}} x"#,
        ),
        (
            "PutItem",
            "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"\u{1}\"}}}",
        ),
    ] {
        assert!(!both_ways(op, text, &aws()), "{op} {text} was taken");
    }
    // More actions than the profile allows: the limit comes from the session's profile, at run time.
    let actions: Vec<Value> = (0..30)
        .map(|i| json!({"Put": {"TableName": "tbl", "Item": {"pk": {"S": format!("k{i}")}}}}))
        .collect();
    let text = json!({ "TransactItems": actions }).to_string();
    assert!(both_ways("TransactWriteItems", &text, &aws()));
    let legacy = RequestContext {
        profile: Profile::Legacy25,
        ..aws()
    };
    assert!(!both_ways("TransactWriteItems", &text, &legacy));
    // A body that is not UTF-8 goes back whole, to be answered by the ordinary path.
    let bad = b"{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"\xff\"}}}".to_vec();
    assert_eq!(plain::read("PutItem", bad.clone()).err(), Some(bad));
    // Operations it does not read.
    assert!(plain::read(
        "GetItem",
        br#"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#.to_vec()
    )
    .is_err());
}

const NAMES: &[&str] = &["pk", "sk", "n", "x", ":v", "#n"];
const ODD: &[&str] = &["", "t", "nope", "1", "x y", "ALL", "AAE"];

/// One of `good` nearly always; now and then an odd string, JSON null, or another JSON type.
fn member(good: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop_oneof![
        40 => prop::sample::select(good).prop_map(|s| json!(s)),
        2 => prop::sample::select(ODD).prop_map(|s| json!(s)),
        1 => Just(Value::Null),
        1 => Just(json!(1)),
        1 => Just(json!(true)),
        1 => Just(json!({})),
    ]
    .boxed()
}

fn attribute() -> impl Strategy<Value = Value> {
    let good = prop_oneof![
        prop::sample::select(&["a", "b", "", "x y", "é\n\""][..]).prop_map(|x| json!({"S": x})),
        prop::sample::select(&["1", "-0.5", "1e3", "x", "1e999"][..]).prop_map(|x| json!({"N": x})),
        prop::sample::select(&["AAEC", ""][..]).prop_map(|x| json!({"B": x})),
        any::<bool>().prop_map(|b| json!({"BOOL": b})),
        Just(json!({"NULL": true})),
        Just(json!({"SS": ["a", "b"]})),
        Just(json!({"NS": ["1", "1"]})),
        Just(json!({"BS": ["AAEC"]})),
    ];
    let odd = prop_oneof![
        Just(json!({"B": "AAE"})),
        Just(json!({"BOOL": "true"})),
        Just(json!({})),
        Just(json!({"S": "a", "N": "1"})),
        Just(json!({"S": null})),
        Just(json!({"S": 1})),
        Just(json!({"dog": "cat"})),
        Just(json!({"SS": ["a", null]})),
        Just(Value::Null),
        Just(json!("S")),
    ];
    let scalar = prop_oneof![30 => good, 1 => odd];
    scalar.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|l| json!({"L": l})),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..3).prop_map(|e| {
                let m: Map<String, Value> =
                    e.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                json!({"M": m})
            }),
        ]
    })
}

/// A map of attribute values holding `pk` (and `sk`) nearly always.
fn attribute_map() -> BoxedStrategy<Value> {
    prop_oneof![
        30 => (
            prop::sample::select(&["a", "b", "c"][..]),
            prop::option::weighted(0.5, prop::sample::select(&["s", "t"][..])),
            prop::collection::vec((prop::sample::select(NAMES), attribute()), 0..3)
        )
            .prop_map(|(pk, sk, rest)| {
                let mut m = Map::new();
                m.insert("pk".into(), json!({"S": pk}));
                if let Some(sk) = sk {
                    m.insert("sk".into(), json!({"S": sk}));
                }
                for (k, v) in rest {
                    m.insert(k.to_string(), v);
                }
                Value::Object(m)
            }),
        1 => Just(Value::Null),
        1 => Just(json!([])),
        1 => Just(json!({"pk": 1})),
    ]
    .boxed()
}

/// An object of the given members, each present or not (`weight`: how often), in a shuffled order.
fn object(members: Vec<(&'static str, f64, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let parts: Vec<_> = members
        .into_iter()
        .map(|(name, weight, s)| prop::option::weighted(weight, s).prop_map(move |v| (name, v)))
        .collect();
    (parts, any::<u64>()).prop_map(|(parts, seed)| {
        let mut present: Vec<(&str, Value)> = parts
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n, v)))
            .collect();
        let len = present.len().max(1);
        present.rotate_left((seed as usize) % len);
        Value::Object(
            present
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    })
}

fn names() -> BoxedStrategy<Value> {
    prop_oneof![10 => Just(json!({"#n": "n"})), 1 => Just(json!({"#n": 1})), 1 => Just(json!({}))]
        .boxed()
}

const TABLES: &[&str] = &["tbl", "rng", "nope"];
const CONDITIONS: &[&str] = &[
    "attribute_exists(pk)",
    "attribute_not_exists(pk)",
    "#n = :v",
    "n > :v",
    "x = :v",
];
const RCC: &[&str] = &["TOTAL", "INDEXES", "NONE"];
const RICM: &[&str] = &["SIZE", "NONE"];
const RV: &[&str] = &["ALL_OLD", "NONE"];

fn put_item() -> impl Strategy<Value = Value> {
    object(vec![
        ("TableName", 0.97, member(TABLES)),
        ("Item", 0.97, attribute_map()),
        ("ConditionExpression", 0.3, member(CONDITIONS)),
        ("ExpressionAttributeNames", 0.3, names()),
        ("ExpressionAttributeValues", 0.3, attribute_map()),
        ("ReturnValues", 0.3, member(RV)),
        ("ReturnConsumedCapacity", 0.3, member(RCC)),
        ("ReturnItemCollectionMetrics", 0.3, member(RICM)),
        ("ReturnValuesOnConditionCheckFailure", 0.3, member(RV)),
    ])
}

/// One entry of TransactItems: nearly always exactly one action, with the members that action has (and now
/// and then one it does not).
fn entry() -> BoxedStrategy<Value> {
    let action = |kind: &'static str| {
        let (item, key, update, condition) = match kind {
            "Put" => (0.97, 0.03, 0.03, 0.3),
            "Update" => (0.03, 0.97, 0.97, 0.3),
            "Delete" => (0.03, 0.97, 0.03, 0.3),
            _ => (0.03, 0.97, 0.03, 0.97),
        };
        object(vec![
            ("TableName", 0.97, member(TABLES)),
            ("Item", item, attribute_map()),
            ("Key", key, attribute_map()),
            ("ConditionExpression", condition, member(CONDITIONS)),
            (
                "UpdateExpression",
                update,
                member(&["SET n = :v", "REMOVE x", "ADD n :v"]),
            ),
            ("ExpressionAttributeNames", 0.2, names()),
            ("ExpressionAttributeValues", 0.4, attribute_map()),
            ("ReturnValuesOnConditionCheckFailure", 0.2, member(RV)),
        ])
        .prop_map(move |a| json!({ kind: a }))
    };
    prop_oneof![
        30 => prop::sample::select(&["Put", "Update", "Delete", "ConditionCheck"][..]).prop_flat_map(action),
        1 => Just(json!({})),
        1 => Just(json!({"Put": null})),
        1 => (action("Put"), action("Delete")).prop_map(|(a, b)| {
            let mut m = a.as_object().cloned().unwrap_or_default();
            m.extend(b.as_object().cloned().unwrap_or_default());
            Value::Object(m)
        }),
    ]
    .boxed()
}

fn transact_write() -> impl Strategy<Value = Value> {
    object(vec![
        (
            "TransactItems",
            0.97,
            prop::collection::vec(entry(), 0..4)
                .prop_map(Value::Array)
                .boxed(),
        ),
        ("ClientRequestToken", 0.3, member(&["tok-1", "tok-2"])),
        ("ReturnConsumedCapacity", 0.3, member(RCC)),
        ("ReturnItemCollectionMetrics", 0.3, member(RICM)),
    ])
}

/// The body reader `plain::read` uses first and serde_json read `text` into the same members, or both refuse
/// it (the first reader leaves only bodies nested deeper than 127 levels to serde_json, which refuses them).
fn readers_agree(operation: &str, text: &str) {
    let [mine, serde] = plain::members_by_each_reader(operation, text);
    assert_eq!(mine, serde, "{operation} {text}");
}

/// Characters that matter to a JSON reader, to mutate bodies with.
const MUTATIONS: &[char] = &[
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ':',
    ',',
    ' ',
    '\n',
    'n',
    'u',
    'l',
    't',
    '0',
    '1',
    '-',
    'e',
    'D',
    '\u{1}',
    'é',
    'S',
    'N',
    '/',
    '\u{1F600}',
];

/// `text` with up to three characters inserted, deleted or replaced.
fn mutated(text: &str, edits: &[(usize, u8, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, kind, with) in edits {
        let c = MUTATIONS[with % MUTATIONS.len()];
        let at = at % (chars.len() + 1);
        match kind % 3 {
            0 => chars.insert(at, c),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = c,
            _ => chars.push(c),
        }
    }
    chars.into_iter().collect()
}

/// Escapes the SDKs send (botocore escapes every non-ASCII character), and ones they do not.
fn escaped(text: &str) -> String {
    text.replace('é', "\\u00e9")
        .replace("\"a\"", "\"\\u0061\"")
        .replace("\"x\"", "\"\\ud83d\\ude00\"")
        .replace("\"x y\"", "\"x\\/\\ty\"")
}

#[test]
fn both_readers_read_the_named_bodies_alike() {
    for text in [
        r#"{"TableName":"tbl","Item":{"\u0070k":{"S":"\u00e9\n\"x\""}}}"#,
        r#"{"TableName":"tbl","Item":{"pk":{"S":"\ud83d\ude00"}}}"#,
        r#"{"TableName":"tbl","Item":{"pk":{"S":"\ud83d"}}}"#,
        r#"{"TableName":"tbl","Item":{"pk":{"S":"\ude00"}}}"#,
        r#"{"TableName":"tbl","Item":{"pk":{"N":1}}}"#,
        r#"["tbl",null,null,{"pk":{"S":"a"}}]"#,
        r#" {"TableName" : "tbl" , "Item" : { "pk" : { "S" : "a" } } } "#,
    ] {
        readers_agree("PutItem", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn random_put_items_answer_the_same(body in put_item()) {
        both_ways("PutItem", &body.to_string(), &aws());
        readers_agree("PutItem", &body.to_string());
    }

    #[test]
    fn random_transactions_answer_the_same(body in transact_write()) {
        both_ways("TransactWriteItems", &body.to_string(), &aws());
        readers_agree("TransactWriteItems", &body.to_string());
    }

    #[test]
    fn mutated_bodies_read_alike_and_answer_the_same(
        put in put_item(),
        tx in transact_write(),
        pretty in any::<bool>(),
        escape in any::<bool>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 0..4),
    ) {
        for (op, body) in [("PutItem", &put), ("TransactWriteItems", &tx)] {
            let text = if pretty {
                serde_json::to_string_pretty(body).unwrap_or_default()
            } else {
                body.to_string()
            };
            let text = if escape { escaped(&text) } else { text };
            let text = mutated(&text, &edits);
            readers_agree(op, &text);
            both_ways(op, &text, &aws());
        }
    }
}
