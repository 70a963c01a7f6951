//! Condition evaluation, one row per fact of spec §3.2 and §3.4–3.6:
//! (item, expression, names, values) -> `true` / `false` / the exact ValidationException message.
//!
//! Items, names and values are DynamoDB JSON; `-` as the item means "no such item", `""` means no names/values.
//! An expected message ending in `*` matches by prefix (for facts whose exact text DynamoDB does not pin down).

use txlab::engine::expr::{
    evaluate_condition, evaluate_condition_view, parse_condition, ExpressionAttributes, ItemView,
};
use txlab::engine::image::ItemImage;
use txlab::engine::messages::ExpressionKind;
use txlab::engine::trace::{ConditionTrace, NodeNote};
use txlab::engine::value::ValueLayer;
use txlab::engine::{AttributeValue, Item};

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn value(json: &serde_json::Value) -> AttributeValue {
    AttributeValue::from_json(json, ValueLayer::Current)
        .unwrap_or_else(|e| panic!("bad test value {json}: {e}"))
}

fn item(json: &str) -> Option<Item> {
    if json == "-" {
        return None;
    }
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("bad test item {json}: {e}"));
    Some(map.iter().map(|(k, v)| (k.clone(), value(v))).collect())
}

fn attrs(names: &str, values: &str) -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    if !names.is_empty() {
        attrs.names = serde_json::from_str(names).expect("bad test names");
    }
    if !values.is_empty() {
        attrs.values = item(values).unwrap_or_default().into();
    }
    attrs
}

fn evaluate(
    item_json: &str,
    expr: &str,
    names: &str,
    values: &str,
) -> Result<ConditionTrace, String> {
    let attrs = attrs(names, values);
    let kind = ExpressionKind::ConditionExpression;
    let cond = parse_condition(expr, kind, &attrs).map_err(|e| e.message)?;
    let item = item(item_json);
    let trace = evaluate_condition(&cond, expr, kind, item.as_ref(), &attrs);
    // Evaluated on the item's image, read in place: the same trace, node for node.
    let image = item.as_ref().map(ItemImage::encode);
    let view = image.as_ref().map(|i| ItemView::Image(i.as_image()));
    let on_image = evaluate_condition_view(&cond, &expr.into(), kind, view, &attrs);
    assert_eq!(
        on_image, trace,
        "{expr}: evaluated on the image, the trace differs"
    );
    Ok(trace)
}

fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for (i, (item_json, expr, names, values, want)) in rows.iter().enumerate() {
        let got = match evaluate(item_json, expr, names, values) {
            Ok(trace) => trace.result.to_string(),
            Err(message) => message,
        };
        let ok = match want.strip_suffix('*') {
            Some(prefix) => got.starts_with(prefix) && got != "true" && got != "false",
            None => got == *want,
        };
        if !ok {
            failures.push(format!(
                "row {i}: {expr:?} on {item_json} names {names} values {values}\n   want {want}\n   got  {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const N1: &str = r#"{":v":{"N":"1"}}"#;

/// §3.4 operand resolution.
#[test]
#[rustfmt::skip]
fn operand_resolution() {
    check(&[
        (r#"{"b":{"M":{"y":{"L":[{"N":"1"}]},"z":{"N":"2"}}}}"#, "b.z < b.y[100]", "", "", "false"),
        (r#"{"b":{"M":{"y":{"L":[{"N":"1"}]},"z":{"N":"2"}}}}"#, "b.y[0] < b.z", "", "", "true"),
        (r#"{"b":{"M":{"z":{"N":"2"}}}}"#, "b.q = :v", "", N1, "false"),
        (r#"{"s":{"S":"x"}}"#, "attribute_exists(s.k)", "", "", "false"),
        (r#"{"s":{"S":"x"}}"#, "attribute_exists(s[0])", "", "", "false"),
        (r#"{"m":{"M":{"k":{"N":"1"}}}}"#, "attribute_exists(m[0])", "", "", "false"),
        (r#"{"l":{"L":[{"N":"1"}]}}"#, "attribute_exists(l.k)", "", "", "false"),
        (r#"{"l":{"L":[{"N":"1"}]}}"#, "attribute_exists(l[1])", "", "", "false"),
        (r#"{"l":{"L":[{"N":"1"}]}}"#, "l[0] = :v", "", N1, "true"),
        // A #name is one path element: its dots are literal.
        (r#"{"a.b":{"N":"1"},"a":{"M":{"b":{"N":"2"}}}}"#, "#a = :v", r##"{"#a":"a.b"}"##, N1, "true"),
        (r#"{"a":{"M":{"b":{"N":"1"}}}}"#, "#a = :v", r##"{"#a":"a.b"}"##, N1, "false"),
        (r#"{"a":{"M":{"b":{"N":"1"}}}}"#, "#a.#b = :v", r##"{"#a":"a","#b":"b"}"##, N1, "true"),
        // An absent item has no attributes; key attributes can be read like any other.
        ("-", "attribute_not_exists(pk)", "", "", "true"),
        (r#"{"pk":{"S":"k"}}"#, "attribute_not_exists(pk)", "", "", "false"),
        (r#"{"pk":{"S":"k"}}"#, "pk <> :p", "", r#"{":p":{"S":"other"}}"#, "true"),
        ("-", "a = :v", "", N1, "false"),
        ("-", "a <> :v", "", N1, "true"),
    ]);
}

/// §3.5 `=` and `<>` for every type.
#[test]
#[rustfmt::skip]
fn equality() {
    check(&[
        (r#"{"a":{"S":"x"}}"#, "a = :v", "", r#"{":v":{"S":"x"}}"#, "true"),
        (r#"{"a":{"S":"x"}}"#, "a <> :v", "", r#"{":v":{"S":"y"}}"#, "true"),
        (r#"{"a":{"N":"1000"}}"#, "a = :v", "", r#"{":v":{"N":"1e3"}}"#, "true"),
        (r#"{"a":{"N":"1000"}}"#, "a = :v", "", r#"{":v":{"N":"1000.0"}}"#, "true"),
        (r#"{"a":{"N":"1"}}"#, "a = :v", "", r#"{":v":{"N":"2"}}"#, "false"),
        (r#"{"a":{"B":"AAE="}}"#, "a = :v", "", r#"{":v":{"B":"AAE="}}"#, "true"),
        (r#"{"a":{"B":"AAE="}}"#, "a = :v", "", r#"{":v":{"B":"AAI="}}"#, "false"),
        (r#"{"a":{"BOOL":true}}"#, "a = :v", "", r#"{":v":{"BOOL":true}}"#, "true"),
        (r#"{"a":{"BOOL":true}}"#, "a = :v", "", r#"{":v":{"BOOL":false}}"#, "false"),
        (r#"{"a":{"NULL":true}}"#, "a = :v", "", r#"{":v":{"NULL":true}}"#, "true"),
        (r#"{"a":{"L":[{"N":"1"},{"S":"x"}]}}"#, "a = :v", "", r#"{":v":{"L":[{"N":"1.0"},{"S":"x"}]}}"#, "true"),
        (r#"{"a":{"L":[{"N":"1"},{"S":"x"}]}}"#, "a = :v", "", r#"{":v":{"L":[{"S":"x"},{"N":"1"}]}}"#, "false"),
        (r#"{"a":{"L":[{"N":"1"}]}}"#, "a = :v", "", r#"{":v":{"L":[{"N":"1"},{"N":"1"}]}}"#, "false"),
        (r#"{"a":{"M":{"k":{"N":"1"},"j":{"S":"x"}}}}"#, "a = :v", "", r#"{":v":{"M":{"j":{"S":"x"},"k":{"N":"1"}}}}"#, "true"),
        (r#"{"a":{"M":{"k":{"N":"1"}}}}"#, "a = :v", "", r#"{":v":{"M":{"k":{"N":"1"},"j":{"S":"x"}}}}"#, "false"),
        (r#"{"a":{"M":{"k":{"N":"1"}}}}"#, "a = :v", "", r#"{":v":{"M":{"k":{"S":"1"}}}}"#, "false"),
        (r#"{"a":{"SS":["a","b"]}}"#, "a = :v", "", r#"{":v":{"SS":["b","a"]}}"#, "true"),
        (r#"{"a":{"SS":["a","b"]}}"#, "a = :v", "", r#"{":v":{"SS":["a"]}}"#, "false"),
        (r#"{"a":{"NS":["1","2"]}}"#, "a = :v", "", r#"{":v":{"NS":["2.0","1e0"]}}"#, "true"),
        (r#"{"a":{"BS":["AAE=","AAI="]}}"#, "a = :v", "", r#"{":v":{"BS":["AAI=","AAE="]}}"#, "true"),
        (r#"{"a":{"BS":["AAE="]}}"#, "a <> :v", "", r#"{":v":{"BS":["AAI="]}}"#, "true"),
        (r#"{"a":{"M":{"s":{"SS":["x","y"]}}}}"#, "a = :v", "", r#"{":v":{"M":{"s":{"SS":["y","x"]}}}}"#, "true"),
        (r#"{"a":{"L":[{"NS":["1","2"]}]}}"#, "a = :v", "", r#"{":v":{"L":[{"NS":["2","1.00"]}]}}"#, "true"),
        (r#"{"a":{"L":[{"NS":["1","2"]}]}}"#, "a <> :v", "", r#"{":v":{"L":[{"NS":["2","1.00"]}]}}"#, "false"),
        // Different types: never equal, never an error.
        (r#"{"a":{"N":"1"}}"#, "a = :v", "", r#"{":v":{"S":"1"}}"#, "false"),
        (r#"{"a":{"N":"1"}}"#, "a <> :v", "", r#"{":v":{"S":"1"}}"#, "true"),
        (r#"{"a":{"SS":["1"]}}"#, "a = :v", "", r#"{":v":{"NS":["1"]}}"#, "false"),
        (r#"{"a":{"L":[]}}"#, "a = :v", "", r#"{":v":{"M":{}}}"#, "false"),
        // Missing operands: `=` is false even when both are missing; `<>` is true when either is.
        (r#"{"x":{"N":"1"}}"#, "a = b", "", "", "false"),
        (r#"{"x":{"N":"1"}}"#, "a <> b", "", "", "true"),
        (r#"{"x":{"N":"1"}}"#, "a = :v", "", N1, "false"),
        (r#"{"x":{"N":"1"}}"#, "a <> :v", "", N1, "true"),
        (r#"{"x":{"N":"1"}}"#, ":v <> a", "", N1, "true"),
        (r#"{"x":{"N":"1"}}"#, "x = a", "", "", "false"),
        // The same path on both sides is rejected statically; two constants are fine.
        (r#"{"a":{"N":"1"}}"#, "a = a", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        (r#"{"a":{"N":"1"}}"#, "#a <> a", r##"{"#a":"a"}"##, "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a]"),
        (r#"{"a":{"N":"1"}}"#, ":v = :v", "", N1, "true"),
        (r#"{"a":{"N":"1"}}"#, ":v > :v", "", N1, "false"),
    ]);
}

/// §3.5 `<` `<=` `>` `>=`.
#[test]
#[rustfmt::skip]
fn ordering() {
    check(&[
        (r#"{"a":{"N":"5"}}"#, "a < :v", "", r#"{":v":{"N":"10"}}"#, "true"),
        (r#"{"a":{"N":"-1"}}"#, "a < :v", "", r#"{":v":{"N":"0.5"}}"#, "true"),
        (r#"{"a":{"N":"5"}}"#, "a <= :v", "", r#"{":v":{"N":"5.0"}}"#, "true"),
        (r#"{"a":{"N":"5"}}"#, "a >= :v", "", r#"{":v":{"N":"5"}}"#, "true"),
        (r#"{"a":{"N":"5"}}"#, "a > :v", "", r#"{":v":{"N":"5"}}"#, "false"),
        (r#"{"a":{"N":"1e2"}}"#, "a > :v", "", r#"{":v":{"N":"99.999"}}"#, "true"),
        (r#"{"a":{"S":"a"}}"#, "a > :v", "", r#"{":v":{"S":"A"}}"#, "true"),
        (r#"{"a":{"S":"¿"}}"#, "a > :v", "", r#"{":v":{"S":"z"}}"#, "true"),
        (r#"{"a":{"S":"ab"}}"#, "a > :v", "", r#"{":v":{"S":"a"}}"#, "true"),
        (r#"{"a":{"S":"B"}}"#, "a < :v", "", r#"{":v":{"S":"a"}}"#, "true"),
        (r#"{"a":{"B":"gA=="}}"#, "a > :v", "", r#"{":v":{"B":"fw=="}}"#, "true"),
        (r#"{"a":{"B":"gA=="}}"#, "a < :v", "", r#"{":v":{"B":"fw=="}}"#, "false"),
        // Different types, missing operands, unsupported item types: false, never an error.
        (r#"{"a":{"S":"1"}}"#, "a < :v", "", r#"{":v":{"N":"2"}}"#, "false"),
        (r#"{"a":{"S":"1"}}"#, "a >= :v", "", r#"{":v":{"N":"0"}}"#, "false"),
        (r#"{"x":{"N":"1"}}"#, "a < :v", "", N1, "false"),
        (r#"{"x":{"N":"1"}}"#, "a >= :v", "", N1, "false"),
        (r#"{"x":{"N":"1"}}"#, "a <= b", "", "", "false"),
        (r#"{"l":{"L":[]},"m":{"L":[]}}"#, "l <= m", "", "", "false"),
        (r#"{"a":{"BOOL":true},"b":{"BOOL":true}}"#, "a >= b", "", "", "false"),
        (r#"{"a":{"SS":["x"]},"b":{"SS":["y"]}}"#, "a < b", "", "", "false"),
        // An unsupported *constant* is a request error, reported with the operator as written.
        (r#"{"a":{"N":"1"}}"#, "a < :v", "", r#"{":v":{"BOOL":true}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
        (r#"{"a":{"N":"1"}}"#, ":v >= a", "", r#"{":v":{"BOOL":true}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL"),
        (r#"{"a":{"N":"1"}}"#, "a > :v", "", r#"{":v":{"L":[]}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >, operand type: L"),
        (r#"{"a":{"N":"1"}}"#, "a <= :v", "", r#"{":v":{"NULL":true}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: NULL"),
    ]);
}

/// §3.5 BETWEEN.
#[test]
#[rustfmt::skip]
fn between() {
    let bounds = r#"{":lo":{"N":"1"},":hi":{"N":"10"}}"#;
    check(&[
        (r#"{"x":{"N":"5"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "true"),
        (r#"{"x":{"N":"1"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "true"),
        (r#"{"x":{"N":"10"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "true"),
        (r#"{"x":{"N":"10.001"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "false"),
        (r#"{"x":{"N":"0.999"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "false"),
        (r#"{"x":{"S":"b"}}"#, "x between :lo and :hi", "", r#"{":lo":{"S":"a"},":hi":{"S":"c"}}"#, "true"),
        (r#"{"x":{"B":"gA=="}}"#, "x BETWEEN :lo AND :hi", "", r#"{":lo":{"B":"fw=="},":hi":{"B":"gQ=="}}"#, "true"),
        // All three may be item attributes; then wrong types or order only make it false.
        (r#"{"x":{"N":"2"},"lo":{"N":"1"},"hi":{"N":"3"}}"#, "x BETWEEN lo AND hi", "", "", "true"),
        (r#"{"x":{"N":"2"},"lo":{"N":"1"},"hi":{"S":"3"}}"#, "x BETWEEN lo AND hi", "", "", "false"),
        (r#"{"x":{"N":"2"},"lo":{"N":"3"},"hi":{"N":"1"}}"#, "x BETWEEN lo AND hi", "", "", "false"),
        (r#"{"x":{"N":"2"},"hi":{"N":"3"}}"#, "x BETWEEN :lo AND hi", "", r#"{":lo":{"S":"a"}}"#, "false"),
        (r#"{"x":{"S":"2"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "false"),
        (r#"{"y":{"N":"2"}}"#, "x BETWEEN :lo AND :hi", "", bounds, "false"),
        (r#"{"y":{"N":"2"}}"#, "q BETWEEN z AND x", "", "", "false"),
        // Two constant bounds are checked before reading the item.
        (r#"{"x":{"N":"2"}}"#, "x BETWEEN :lo AND :hi", "", r#"{":lo":{"N":"1"},":hi":{"S":"a"}}"#, "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"),
        (r#"{"x":{"N":"2"}}"#, "x BETWEEN :lo AND :hi", "", r#"{":lo":{"S":"b"},":hi":{"S":"a"}}"#, "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"),
        (r#"{"x":{"N":"2"}}"#, "x BETWEEN :lo AND :hi", "", r#"{":lo":{"BOOL":false},":hi":{"BOOL":true}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL"),
    ]);
}

/// §3.5 IN.
#[test]
#[rustfmt::skip]
fn in_list() {
    let xy = r#"{":x":{"S":"a"},":y":{"N":"1"}}"#;
    check(&[
        (r#"{"a":{"N":"1"}}"#, "a IN (:x, :y)", "", xy, "true"),
        (r#"{"a":{"S":"a"}}"#, "a in (:x,:y)", "", xy, "true"),
        (r#"{"a":{"S":"b"}}"#, "a IN (:x, :y)", "", xy, "false"),
        (r#"{"a":{"N":"1000"}}"#, "a IN (:v)", "", r#"{":v":{"N":"1e3"}}"#, "true"),
        (r#"{"a":{"SS":["p","q"]}}"#, "a IN (:v)", "", r#"{":v":{"SS":["q","p"]}}"#, "true"),
        (r#"{"a":{"M":{"k":{"L":[]}}}}"#, "a IN (:x, :v)", "", r#"{":x":{"S":"a"},":v":{"M":{"k":{"L":[]}}}}"#, "true"),
        (r#"{"b":{"N":"1"}}"#, "a IN (:x, :y)", "", xy, "false"),
        (r#"{"a":{"N":"1"},"b":{"N":"1"}}"#, "a IN (b, :x)", "", r#"{":x":{"S":"a"}}"#, "true"),
    ]);
}

/// §3.6 attribute_exists, attribute_not_exists, attribute_type.
#[test]
#[rustfmt::skip]
fn existence_and_type() {
    check(&[
        (r#"{"a":{"NULL":true}}"#, "attribute_exists(a)", "", "", "true"),
        (r#"{"a":{"NULL":true}}"#, "attribute_not_exists(a)", "", "", "false"),
        (r#"{"a":{"NULL":true}}"#, "attribute_exists(b)", "", "", "false"),
        (r#"{"a":{"NULL":true}}"#, "attribute_not_exists(b)", "", "", "true"),
        (r#"{"m":{"M":{"k":{"S":""}}}}"#, "attribute_exists(m.k)", "", "", "true"),
        (r#"{"m":{"M":{"k":{"S":""}}}}"#, "attribute_not_exists(m.j)", "", "", "true"),
        ("-", "attribute_exists(a)", "", "", "false"),
        (r#"{"a":{"N":"1"}}"#, "attribute_exists(:v)", "", N1, "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
        (r#"{"a":{"N":"1"}}"#, "attribute_exists(a, b)", "", "", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        (r#"{"a":{"S":"x"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"S"}}"#, "true"),
        (r#"{"a":{"N":"1"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"N"}}"#, "true"),
        (r#"{"a":{"B":"AA=="}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"B"}}"#, "true"),
        (r#"{"a":{"BOOL":false}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"BOOL"}}"#, "true"),
        (r#"{"a":{"NULL":true}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"NULL"}}"#, "true"),
        (r#"{"a":{"L":[]}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"L"}}"#, "true"),
        (r#"{"a":{"M":{}}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"M"}}"#, "true"),
        (r#"{"a":{"SS":["x"]}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"SS"}}"#, "true"),
        (r#"{"a":{"NS":["1"]}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"NS"}}"#, "true"),
        (r#"{"a":{"BS":["AA=="]}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"BS"}}"#, "true"),
        (r#"{"a":{"SS":["x"]}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"S"}}"#, "false"),
        (r#"{"a":{"N":"1"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"S"}}"#, "false"),
        (r#"{"b":{"N":"1"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"N"}}"#, "false"),
        (r#"{"b":{"N":"1"}}"#, "attribute_type(:v, :t)", "", r#"{":v":{"S":"x"},":t":{"S":"S"}}"#, "true"),
        (r#"{"a":{"N":"1"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"S":"DOG"}}"#, "Invalid ConditionExpression: Invalid attribute type name found; type: DOG, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        (r#"{"a":{"N":"1"}}"#, "attribute_type(a, :t)", "", r#"{":t":{"N":"1"}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        (r#"{"a":{"N":"1"},"b":{"S":"N"}}"#, "attribute_type(a, b)", "", "", "Invalid ConditionExpression: *"),
    ]);
}

/// §3.6 begins_with.
#[test]
#[rustfmt::skip]
fn begins_with() {
    let item = r#"{"a":{"S":"hello"},"b":{"B":"aGkgdGhlcmU="},"c":{"N":"5"},"h":{"S":"he"}}"#;
    check(&[
        (item, "begins_with(a, :p)", "", r#"{":p":{"S":"hell"}}"#, "true"),
        (item, "begins_with(a, :p)", "", r#"{":p":{"S":"hello"}}"#, "true"),
        (item, "begins_with(a, :p)", "", r#"{":p":{"S":""}}"#, "true"),
        (item, "begins_with(a, :p)", "", r#"{":p":{"S":"dog"}}"#, "false"),
        (item, "begins_with(b, :p)", "", r#"{":p":{"B":"aGk="}}"#, "true"),
        (item, "begins_with(b, :p)", "", r#"{":p":{"S":"hi"}}"#, "false"),
        (item, "begins_with(:s, a)", "", r#"{":s":{"S":"hellohi"}}"#, "true"),
        (item, "begins_with(a, h)", "", "", "true"),
        (item, "begins_with(h, a)", "", "", "false"),
        (item, "begins_with(c, :p)", "", r#"{":p":{"S":"5"}}"#, "false"),
        (item, "begins_with(z, :p)", "", r#"{":p":{"S":"h"}}"#, "false"),
        (item, "begins_with(a, c)", "", "", "false"),
        (item, "begins_with(a, :p)", "", r#"{":p":{"N":"2"}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        (item, "begins_with(c, :p)", "", r#"{":p":{"N":"2"}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
    ]);
}

/// §3.6 contains.
#[test]
#[rustfmt::skip]
fn contains() {
    let item = r#"{"a":{"S":"hello"},"b":{"NS":["2","4","7"]},"c":{"L":[{"N":"2"},{"N":"4"},{"N":"7"}]},"d":{"B":"aGkgdGhlcmU="},"e":{"L":[{"S":"hi"},{"NS":["1","2"]},{"L":[{"N":"3"},{"N":"4"}]}]},"s":{"SS":["x","y"]},"t":{"BS":["AAE="]}}"#;
    check(&[
        (item, "contains(a, :v)", "", r#"{":v":{"S":"ell"}}"#, "true"),
        (item, "contains(a, :v)", "", r#"{":v":{"S":"elo"}}"#, "false"),
        (item, "contains(b, :v)", "", r#"{":v":{"N":"4.0"}}"#, "true"),
        (item, "contains(b, :v)", "", r#"{":v":{"N":"5"}}"#, "false"),
        (item, "contains(c, :v)", "", r#"{":v":{"N":"4"}}"#, "true"),
        (item, "contains(d, :v)", "", r#"{":v":{"B":"aGVyZQ=="}}"#, "true"),
        (item, "contains(d, :v)", "", r#"{":v":{"B":"ZG9n"}}"#, "false"),
        (item, "contains(d, :v)", "", r#"{":v":{"NS":["1","2"]}}"#, "false"),
        (item, "contains(e, :v)", "", r#"{":v":{"NS":["2","1"]}}"#, "true"),
        (item, "contains(e, :v)", "", r#"{":v":{"L":[{"N":"3"},{"N":"4"}]}}"#, "true"),
        (item, "contains(e, :v)", "", r#"{":v":{"S":"h"}}"#, "false"),
        (item, "contains(s, :v)", "", r#"{":v":{"S":"y"}}"#, "true"),
        (item, "contains(s, :v)", "", r#"{":v":{"SS":["y"]}}"#, "false"),
        (item, "contains(t, :v)", "", r#"{":v":{"B":"AAE="}}"#, "true"),
        (item, "contains(a, :v)", "", r#"{":v":{"N":"1"}}"#, "false"),
        (item, "contains(z, :v)", "", r#"{":v":{"S":"x"}}"#, "false"),
        (item, "contains(a, a)", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"),
        (r#"{"data":{"S":"x"}}"#, "contains(#a, #a)", r##"{"#a":"data"}"##, "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]"),
    ]);
}

/// §3.6 size.
#[test]
#[rustfmt::skip]
fn size() {
    let item = r#"{"a":{"S":"hello"},"u":{"S":"é𝄞"},"b":{"NS":["2","4","7"]},"c":{"L":[{"N":"2"},{"S":"dog"},{"N":"7"}]},"d":{"B":"aGkgdGhlcmU="},"e":{"M":{"x":{"N":"2"},"y":{"M":{"m":{"N":"3"},"n":{"N":"4"}}}}},"f":{"N":"5"},"g":{"BOOL":true},"h":{"NULL":true},"ss":{"SS":["p"]},"bs":{"BS":["AA==","AQ=="]}}"#;
    check(&[
        (item, "size(a) = :n", "", r#"{":n":{"N":"5"}}"#, "true"),
        (item, "size(u) = :n", "", r#"{":n":{"N":"3"}}"#, "true"),
        (item, "size(b) = :n", "", r#"{":n":{"N":"3"}}"#, "true"),
        (item, "size(c) = :n", "", r#"{":n":{"N":"3"}}"#, "true"),
        (item, "size(d) = :n", "", r#"{":n":{"N":"8"}}"#, "true"),
        (item, "size(e) = :n", "", r#"{":n":{"N":"2"}}"#, "true"),
        (item, "size(ss) = :n", "", r#"{":n":{"N":"1"}}"#, "true"),
        (item, "size(bs) = :n", "", r#"{":n":{"N":"2"}}"#, "true"),
        (item, "size(f) = :n", "", r#"{":n":{"N":"1"}}"#, "false"),
        (item, "size(g) = :n", "", r#"{":n":{"N":"1"}}"#, "false"),
        (item, "size(h) = :n", "", r#"{":n":{"N":"1"}}"#, "false"),
        (item, "size(z) = :n", "", r#"{":n":{"N":"0"}}"#, "false"),
        (item, "size(f) >= :n", "", r#"{":n":{"N":"0"}}"#, "false"),
        (item, "size(a) = :n", "", r#"{":n":{"S":"dog"}}"#, "false"),
        (item, "size(a) = f", "", "", "true"),
        (item, "size(a) <> :n", "", r#"{":n":{"N":"4"}}"#, "true"),
        (item, "size(a) < :n", "", r#"{":n":{"N":"7"}}"#, "true"),
        (item, "size(a) <= :n", "", r#"{":n":{"N":"5"}}"#, "true"),
        (item, "size(a) > :n", "", r#"{":n":{"N":"2"}}"#, "true"),
        (item, "size(a) >= :n", "", r#"{":n":{"N":"6"}}"#, "false"),
        (item, "size(a) BETWEEN :lo AND :hi", "", r#"{":lo":{"N":"5"},":hi":{"N":"6"}}"#, "true"),
        (item, "size(a) IN (:n)", "", r#"{":n":{"N":"5"}}"#, "true"),
        (item, "size(:s) = :n", "", r#"{":s":{"S":"abc"},":n":{"N":"3"}}"#, "true"),
        (item, "size(:s) = :n", "", r#"{":s":{"N":"3"},":n":{"N":"3"}}"#, "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        (item, "size(a, a) = :n", "", r#"{":n":{"N":"3"}}"#, "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"),
        (item, "size(size(a)) = :n", "", r#"{":n":{"N":"3"}}"#, "Invalid ConditionExpression: *"),
        (item, "size(a)", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
    ]);
}

/// §3.2 precedence, as seen in results: AND binds tighter than OR, NOT tighter than AND.
#[test]
#[rustfmt::skip]
fn precedence_in_results() {
    let item = r#"{"a":{"N":"1"},"b":{"N":"2"},"c":{"N":"0"}}"#;
    let item2 = r#"{"a":{"N":"1"},"b":{"N":"2"},"c":{"N":"3"}}"#;
    check(&[
        // a<b OR (c<b AND b<c) = T OR (T AND F) = T; (a<b OR c<b) AND b<c would be F.
        (item, "a < b OR c < b AND b < c", "", "", "true"),
        // (NOT a<b) AND c<b = F AND F = F; NOT (a<b AND c<b) would be T.
        (item2, "NOT a < b AND c < b", "", "", "false"),
        (item2, "b BETWEEN a AND c AND a < b", "", "", "true"),
        (item2, "NOT NOT NOT NOT a < b", "", "", "true"),
        (item2, "nOt a < b oR c < b aNd b < c", "", "", "false"),
        (item2, "(a < b OR b < a) AND (b < c AND (a < b OR b < c))", "", "", "true"),
    ]);
}

// ----------------------------------------------------------------------------------------------
// Traces
// ----------------------------------------------------------------------------------------------

fn trace(item_json: &str, expr: &str, names: &str, values: &str) -> ConditionTrace {
    evaluate(item_json, expr, names, values).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

#[test]
fn trace_shows_every_node_children_first() {
    let t = trace(
        r#"{"Price":{"N":"30"},"Title":{"S":"Dune"}}"#,
        "attribute_exists(#t) AND Price <= :max OR begins_with(Title, :p)",
        r##"{"#t":"Title"}"##,
        r#"{":max":{"N":"20"},":p":{"S":"Du"}}"#,
    );
    let nodes = t.nodes();
    let labels: Vec<&str> = nodes.iter().map(|n| n.label.as_ref()).collect();
    assert_eq!(
        labels,
        ["attribute_exists", "<=", "AND", "begins_with", "OR"]
    );
    let results: Vec<bool> = nodes.iter().map(|n| n.result).collect();
    assert_eq!(results, [true, false, false, true, true]);
    let parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
    assert_eq!(parents, [Some(2), Some(2), Some(4), Some(4), None]);
    assert!(t.result);
    assert_eq!(
        &*t.expression,
        "attribute_exists(#t) AND Price <= :max OR begins_with(Title, :p)"
    );
    for (i, n) in nodes.iter().enumerate() {
        assert_eq!(n.id, i);
    }
    // The root spans the whole text; each node's span marks its own text.
    let root = &nodes[4];
    assert_eq!((root.span.start, root.span.end), (0, t.expression.len()));
    let cmp = &nodes[1];
    assert_eq!(&t.expression[cmp.span.start..cmp.span.end], "Price <= :max");
    // What the false comparison read.
    assert_eq!(cmp.reads.len(), 2);
    assert_eq!(cmp.reads[0].source, "Price");
    assert_eq!(cmp.reads[0].resolved, "Price");
    assert_eq!(
        cmp.reads[0].value(),
        Some(value(&serde_json::json!({"N":"30"})))
    );
    assert_eq!(cmp.reads[1].source, ":max");
    assert_eq!(
        cmp.reads[1].value(),
        Some(value(&serde_json::json!({"N":"20"})))
    );
    assert_eq!(cmp.note, None);
    // The placeholder is shown as written and as resolved.
    let exists = &nodes[0];
    assert_eq!(exists.reads[0].source, "#t");
    assert_eq!(exists.reads[0].resolved, "Title");
    assert_eq!(
        &t.expression[exists.reads[0].span.start..exists.reads[0].span.end],
        "#t"
    );
}

#[test]
fn trace_notes_explain_false_nodes() {
    let t = trace(
        r#"{"a":{"S":"x"},"n":{"N":"3"}}"#,
        "a < :n AND b = :n AND size(n) > :n AND contains(a, :n)",
        "",
        r#"{":n":{"N":"1"}}"#,
    );
    let nodes = t.nodes();
    // ((a < :n AND b = :n) AND size(n) > :n) AND contains(a, :n), children first.
    let labels: Vec<&str> = nodes.iter().map(|n| n.label.as_ref()).collect();
    assert_eq!(labels, ["<", "=", "AND", ">", "AND", "contains", "AND"]);
    let notes: Vec<Option<NodeNote>> = nodes.iter().map(|n| n.note).collect();
    assert_eq!(
        notes,
        [
            Some(NodeNote::TypeMismatch), // S < N
            Some(NodeNote::Absent),       // b is missing
            None,
            Some(NodeNote::TypeMismatch), // size() of a number
            None,
            Some(NodeNote::TypeMismatch), // contains(S, N)
            None,
        ]
    );
    assert!(nodes.iter().all(|n| !n.result));
    // The missing operand is read as absent, with its resolved path.
    let missing = &nodes[1].reads[0];
    assert_eq!(
        (missing.source.as_str(), missing.value.is_none()),
        ("b", true)
    );
    // size() is one read whose value is the size: none for a number.
    let size = &nodes[3].reads[0];
    assert_eq!(size.source, "size(n)");
    assert_eq!(size.value(), None);
}

#[test]
fn trace_reads_nested_paths_and_sizes() {
    let t = trace(
        r#"{"m":{"M":{"tags":{"L":[{"S":"a"},{"S":"b"}]}}}}"#,
        "size(#m.tags) = :two AND m.tags[1] = :b",
        r##"{"#m":"m"}"##,
        r#"{":two":{"N":"2"},":b":{"S":"b"}}"#,
    );
    let nodes = t.nodes();
    assert!(t.result);
    let size = &nodes[0].reads[0];
    assert_eq!(size.source, "size(#m.tags)");
    assert_eq!(size.resolved, "size(m.tags)");
    assert_eq!(size.value(), Some(value(&serde_json::json!({"N":"2"}))));
    let elem = &nodes[1].reads[0];
    assert_eq!(elem.resolved, "m.tags[1]");
    assert_eq!(elem.value(), Some(value(&serde_json::json!({"S":"b"}))));
}

#[test]
fn no_short_circuit() {
    // OR already true after its left side: the right side is still evaluated and traced.
    let t = trace(
        r#"{"a":{"N":"1"}}"#,
        "attribute_exists(a) OR attribute_exists(b)",
        "",
        "",
    );
    let nodes = t.nodes();
    assert_eq!(nodes.len(), 3);
    assert_eq!(nodes[1].label, "attribute_exists");
    assert!(!nodes[1].result);
    assert_eq!(nodes[1].note, Some(NodeNote::Absent));
}

/// Sessions save history with traces: labels, reads' `source`/`resolved` are plain JSON strings (as they were
/// when they were `String`s), and a saved trace reads back equal, whether its texts fit inline or not.
#[test]
fn traces_save_as_plain_strings_and_load_back() {
    let long = "a_rather_long_attribute_name_past_24_bytes";
    let t = trace(
        &format!(r#"{{"{long}":{{"N":"1"}}}}"#),
        &format!("{long} = :one AND NOT attribute_exists(#n)"),
        r##"{"#n":"Gone"}"##,
        r#"{":one":{"N":"1"}}"#,
    );
    let json = serde_json::to_value(&t).expect("serializes");
    let node = &json["nodes"][0];
    assert_eq!(node["label"], "=");
    assert_eq!(node["reads"][0]["source"], long);
    assert_eq!(node["reads"][0]["resolved"], long);
    assert_eq!(node["reads"][1]["source"], ":one");
    assert_eq!(json["nodes"][1]["reads"][0]["resolved"], "Gone");
    assert_eq!(json["nodes"][2]["label"], "NOT");
    let back: ConditionTrace = serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(back, t);
    assert_eq!(serde_json::to_value(&back).expect("serializes"), json);
}
