//! Update application, one row per fact of spec §4.4–4.7:
//! (item, expression, names, values) -> resulting item / `none` (no item created) / the exact error message.
//!
//! Every item has the key `{"pk":{"S":"k"}}`; rows leave it out of both the item and the result. `-` as the item
//! means "no such item" (the update then reads the key attributes only). Names and values are DynamoDB JSON,
//! `""` for none.

use txlab::engine::expr::{
    apply_update, apply_update_image, apply_update_owned, parse_update, ExpressionAttributes,
    UpdateOutcome, UpdatedItem,
};
use txlab::engine::image::ItemImage;
use txlab::engine::item::item_size;
use txlab::engine::messages::{
    NUMBER_OVERFLOW, NUMBER_UNDERFLOW, UPDATE_INVALID_PATH, UPDATE_MISSING_ATTRIBUTE,
    UPDATE_OPERAND_TYPE,
};
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

fn map(json: &str) -> Item {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("bad test JSON {json}: {e}"));
    map.iter().map(|(k, v)| (k.clone(), value(v))).collect()
}

fn key() -> Item {
    map(r#"{"pk":{"S":"k"}}"#)
}

/// A row's item: the key plus the attributes written.
fn keyed(json: &str) -> Item {
    let mut item = map(json);
    item.extend(key());
    item
}

fn attrs(names: &str, values: &str) -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    if !names.is_empty() {
        attrs.names = serde_json::from_str(names).expect("bad test names");
    }
    if !values.is_empty() {
        attrs.values = map(values).into();
    }
    attrs
}

fn apply(item_json: &str, expr: &str, names: &str, values: &str) -> Result<UpdateOutcome, String> {
    let attrs = attrs(names, values);
    let update = parse_update(expr, &attrs).map_err(|e| e.message)?;
    let existing = (item_json != "-").then(|| keyed(item_json));
    let borrowed = apply_update(&update, expr, existing.as_ref(), &key(), &attrs);
    // The owned form (the item handed over and written in place) answers exactly as the borrowed one.
    // The image form (the stored image read and spliced in place) answers exactly as well: same trace, same
    // item, its size as counted on the item, and the nesting of what it wrote.
    let image = existing.as_ref().map(ItemImage::encode);
    let spliced = apply_update_image(
        &update,
        expr,
        image.as_ref().map(ItemImage::as_image),
        &key(),
        &attrs,
    );
    assert_eq!(
        spliced.trace, borrowed.trace,
        "{expr}: apply_update_image's trace differs"
    );
    match (&spliced.item, &borrowed.item) {
        (Ok(Some(UpdatedItem::Image(new))), Ok(Some(want))) => {
            assert_eq!(
                &new.image.to_item(),
                want,
                "{expr}: apply_update_image's item differs"
            );
            assert_eq!(new.size, item_size(want), "{expr}: size");
            assert_eq!(new.image.size(), item_size(want), "{expr}: stored size");
            assert_eq!(new.image, ItemImage::encode(want), "{expr}: image bytes");
            let written_deepest = want
                .iter()
                .filter(|(name, value)| {
                    existing.as_ref().and_then(|e| e.get(*name)) != Some(*value)
                })
                .map(|(_, value)| value.depth())
                .max()
                .unwrap_or(0);
            assert!(new.deepest >= written_deepest, "{expr}: nesting");
        }
        (Ok(Some(UpdatedItem::Item(new))), Ok(Some(want))) => {
            assert!(
                existing.is_none(),
                "{expr}: decoded although the item exists"
            );
            assert_eq!(new, want, "{expr}: apply_update_image's item differs");
        }
        (Ok(None), Ok(None)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "{expr}: apply_update_image's error differs"),
        (got, want) => panic!("{expr}: apply_update_image gave {got:?}, apply_update {want:?}"),
    }
    let owned = apply_update_owned(&update, expr, existing, &key(), &attrs);
    assert_eq!(owned, borrowed, "{expr}: apply_update_owned differs");
    Ok(borrowed)
}

/// The row's verdict in the row's own terms: the item without its key, `none`, or the message.
fn outcome(item_json: &str, expr: &str, names: &str, values: &str) -> Result<String, String> {
    let outcome = apply(item_json, expr, names, values)?;
    match outcome.item {
        Ok(None) => Ok("none".to_string()),
        Ok(Some(mut item)) => {
            assert_eq!(
                item.remove("pk"),
                key().remove("pk"),
                "{expr}: the key changed"
            );
            let json: serde_json::Map<String, serde_json::Value> =
                item.iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
            Ok(serde_json::Value::Object(json).to_string())
        }
        Err(message) => Err(message),
    }
}

fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for (i, (item_json, expr, names, values, want)) in rows.iter().enumerate() {
        let got = match outcome(item_json, expr, names, values) {
            Ok(s) | Err(s) => s,
        };
        // Compare items as values (attribute order and number spelling do not matter).
        let same = if want.starts_with('{') && got.starts_with('{') {
            map(want) == map(&got)
        } else {
            got == *want
        };
        if !same {
            failures.push(format!(
                "row {i}: {expr:?} on {item_json} values {values}\n   want {want}\n   got  {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const V1: &str = r#"{":v":{"N":"1"}}"#;
const LIST6: &str = r#"{"a":{"L":[{"N":"2"},{"N":"3"},{"N":"4"},{"N":"5"},{"N":"6"},{"N":"7"}]}}"#;

/// §4.4: every right-hand side reads the item as it was before the update; missing items; runtime errors.
#[test]
#[rustfmt::skip]
fn evaluation_model() {
    check(&[
        (r#"{"a":{"S":"hello"}}"#, "REMOVE a SET b = a", "", "", r#"{"b":{"S":"hello"}}"#),
        (r#"{"b":{"S":"hello"}}"#, "SET c = b REMOVE b", "", "", r#"{"c":{"S":"hello"}}"#),
        (r#"{"q":{"N":"0"}}"#, "SET x = :v, y = x", "", V1, UPDATE_MISSING_ATTRIBUTE),
        (r#"{"x":{"N":"5"}}"#, "SET x = :v, y = x", "", V1, r#"{"x":{"N":"1"},"y":{"N":"5"}}"#),
        (r#"{"a":{"N":"1"},"b":{"N":"2"}}"#, "SET a = b, b = a", "", "", r#"{"a":{"N":"2"},"b":{"N":"1"}}"#),
        // A missing item reads as its key; only-removing updates do not create it, anything else does.
        ("-", "SET n = pk", "", "", r#"{"n":{"S":"k"}}"#),
        ("-", "SET #n = #p", r##"{"#n":"n","#p":"pk"}"##, "", r#"{"n":{"S":"k"}}"#),
        ("-", "REMOVE a", "", "", "none"),
        ("-", "REMOVE a, b.c, d[0]", "", "", "none"),
        ("-", "DELETE s :s", "", r#"{":s":{"SS":["x"]}}"#, "none"),
        ("-", "REMOVE a DELETE s :s", "", r#"{":s":{"SS":["x"]}}"#, "none"),
        ("-", "REMOVE a SET b = :v", "", V1, r#"{"b":{"N":"1"}}"#),
        ("-", "SET a = if_not_exists(a, :v)", "", V1, r#"{"a":{"N":"1"}}"#),
        ("-", "ADD n :v", "", V1, r#"{"n":{"N":"1"}}"#),
        (r#"{"a":{"N":"1"}}"#, "REMOVE a", "", "", "{}"),
        // Runtime errors.
        (r#"{"a":{"S":"hello"}}"#, "SET c = z", "", "", UPDATE_MISSING_ATTRIBUTE),
        ("-", "SET c = z", "", "", UPDATE_MISSING_ATTRIBUTE),
        (r#"{"a":{"S":"hello"}}"#, "SET z = z", "", "", UPDATE_MISSING_ATTRIBUTE),
        (r#"{"a":{"S":"hello"}}"#, "SET a = a", "", "", r#"{"a":{"S":"hello"}}"#),
        (r#"{"a":{"N":"1"}}"#, "SET b = b + :v", "", V1, UPDATE_MISSING_ATTRIBUTE),
        (r#"{"a":{"N":"1"}}"#, "SET b = :v - b", "", V1, UPDATE_MISSING_ATTRIBUTE),
        (r#"{"a":{"N":"1"}}"#, "SET a = list_append(b, :l)", "", r#"{":l":{"L":[]}}"#, UPDATE_MISSING_ATTRIBUTE),
        ("-", "SET a = list_append(:l, b)", "", r#"{":l":{"L":[]}}"#, UPDATE_MISSING_ATTRIBUTE),
        (r#"{"s":{"S":"x"}}"#, "SET n = s + :v", "", V1, UPDATE_OPERAND_TYPE),
        (r#"{"s":{"S":"x"}}"#, "SET n = :v - s", "", V1, UPDATE_OPERAND_TYPE),
        (r#"{"s":{"SS":["x"]}}"#, "SET n = s + s", "", "", UPDATE_OPERAND_TYPE),
        (r#"{"b":{"N":"7"}}"#, "SET a = list_append(b, :l)", "", r#"{":l":{"L":[]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"b":{"S":"hello"}}"#, "SET a = list_append(:l, b)", "", r#"{":l":{"L":[]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"b":{"B":"aGk="}}"#, "SET a = list_append(b, :l)", "", r#"{":l":{"L":[]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"b":{"NS":["1","2"]}}"#, "SET a = list_append(b, :l)", "", r#"{":l":{"L":[]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"b":{"M":{"a":{"N":"3"}}}}"#, "SET a = list_append(:l, b)", "", r#"{":l":{"L":[]}}"#, UPDATE_OPERAND_TYPE),
        // Writing through a missing or non-container parent.
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "SET a.c = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "SET b.c = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "SET c.c = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE a.c", "", "", UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE b.c", "", "", UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE c.c", "", "", UPDATE_INVALID_PATH),
        ("-", "SET c.c = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"}}"#, "SET a[0] = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"}}"#, "SET b[0] = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"M":{"k":{"N":"1"}}}}"#, "SET a[0] = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"}}"#, "REMOVE a[0]", "", "", UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"}}"#, "REMOVE b[0]", "", "", UPDATE_INVALID_PATH),
        ("-", "SET b[0] = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"S":"hello"}}"#, "ADD a.b :v", "", V1, UPDATE_INVALID_PATH),
        // The first failing action decides; nothing is written.
        (r#"{"a":{"S":"x"}}"#, "SET b = :v, c = z, d = a.q.r", "", V1, UPDATE_MISSING_ATTRIBUTE),
    ]);
}

/// §4.5 SET.
#[test]
#[rustfmt::skip]
fn set() {
    check(&[
        ("-", "SET b = :v", "", V1, r#"{"b":{"N":"1"}}"#),
        (r#"{"a":{"S":"hi"}}"#, "SET b = :v", "", r#"{":v":{"S":"hello"}}"#, r#"{"a":{"S":"hi"},"b":{"S":"hello"}}"#),
        (r#"{"a":{"N":"1"}}"#, "SET a = :v", "", r#"{":v":{"S":"x"}}"#, r#"{"a":{"S":"x"}}"#),
        (r#"{"a":{"M":{"b":{"N":"3"},"c":{"M":{"one":{"N":"1"}}}}}}"#, "SET a.c = :v", "", r#"{":v":{"N":"7"}}"#, r#"{"a":{"M":{"b":{"N":"3"},"c":{"N":"7"}}}}"#),
        (r#"{"a":{"M":{"b":{"N":"3"}}}}"#, "SET a.d = :v", "", V1, r#"{"a":{"M":{"b":{"N":"3"},"d":{"N":"1"}}}}"#),
        (r#"{"a":{"M":{}}}"#, "SET a.b.c = :v", "", V1, UPDATE_INVALID_PATH),
        (r#"{"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"5"},{"N":"7"}]}}}}}]}}}}"#, "SET a.c[1].#name.y[1] = :v", r##"{"#name":"x"}"##, r#"{":v":{"N":"9"}}"#, r#"{"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"9"},{"N":"7"}]}}}}}]}}}}"#),
        (r#"{"a":{"M":{"c":{"L":[{"S":"hi"},{"M":{"x":{"N":"9"}}}]}}}}"#, "SET z = a.c[1].x", "", "", r#"{"a":{"M":{"c":{"L":[{"S":"hi"},{"M":{"x":{"N":"9"}}}]}}},"z":{"N":"9"}}"#),
        (r#"{"a":{"N":"1"}}"#, "SET #a = :v", r##"{"#a":"a.b"}"##, r#"{":v":{"N":"3"}}"#, r#"{"a":{"N":"1"},"a.b":{"N":"3"}}"#),
        // Lists: replace in range, append past the end, several appends in ascending index order.
        (r#"{"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"}]}}"#, "SET a[1] = :v", "", r#"{":v":{"S":"hello"}}"#, r#"{"a":{"L":[{"S":"one"},{"S":"hello"},{"S":"three"}]}}"#),
        (r#"{"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"}]}}"#, "SET a[7] = :v", "", r#"{":v":{"S":"hello"}}"#, r#"{"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"},{"S":"hello"}]}}"#),
        (r#"{"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"},{"S":"hello"}]}}"#, "SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", "", r#"{":a1":{"S":"a1"},":a2":{"S":"a2"},":a3":{"S":"a3"},":a4":{"S":"a4"}}"#, r#"{"a":{"L":[{"S":"one"},{"S":"two"},{"S":"three"},{"S":"hello"},{"S":"a3"},{"S":"a2"},{"S":"a4"},{"S":"a1"}]}}"#),
        (r#"{"a":{"L":[]}}"#, "SET a[0] = :v", "", V1, r#"{"a":{"L":[{"N":"1"}]}}"#),
        // Indexes are original positions, whichever clause comes first.
        (LIST6, "REMOVE a[1] SET a[3] = :v", "", r#"{":v":{"N":"17"}}"#, r#"{"a":{"L":[{"N":"2"},{"N":"4"},{"N":"17"},{"N":"6"},{"N":"7"}]}}"#),
        (LIST6, "SET a[3] = :v REMOVE a[1]", "", r#"{":v":{"N":"17"}}"#, r#"{"a":{"L":[{"N":"2"},{"N":"4"},{"N":"17"},{"N":"6"},{"N":"7"}]}}"#),
        (LIST6, "SET a[9] = :v, a[0] = :v REMOVE a[5], a[2]", "", r#"{":v":{"N":"0"}}"#, r#"{"a":{"L":[{"N":"0"},{"N":"3"},{"N":"5"},{"N":"6"},{"N":"0"}]}}"#),
        // + and -: exact decimal arithmetic, operands from the item or the request.
        ("-", "SET b = :x + :y", "", r#"{":x":{"N":"4"},":y":{"N":"3"}}"#, r#"{"b":{"N":"7"}}"#),
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"5"},":y":{"N":"2"}}"#, r#"{"b":{"N":"3"}}"#),
        ("-", "SET b = :x + :y", "", r#"{":x":{"N":"1"},":y":{"N":"10000000000000000000000"}}"#, r#"{"b":{"N":"10000000000000000000001"}}"#),
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"0.1"},":y":{"N":"0.3"}}"#, r#"{"b":{"N":"-0.2"}}"#),
        (r#"{"a":{"N":"2"}}"#, "SET a = a + :v", "", r#"{":v":{"N":"3"}}"#, r#"{"a":{"N":"5"}}"#),
        (r#"{"a":{"N":"5"}}"#, "SET a = :v + a", "", r#"{":v":{"N":"4"}}"#, r#"{"a":{"N":"9"}}"#),
        (r#"{"a":{"N":"9"},"b":{"N":"10"}}"#, "SET a = b + a", "", "", r#"{"a":{"N":"19"},"b":{"N":"10"}}"#),
        (r#"{"n":{"N":"2"}}"#, "SET #nn = :seven - #n", r##"{"#nn":"nn","#n":"n"}"##, r#"{":seven":{"N":"7"}}"#, r#"{"n":{"N":"2"},"nn":{"N":"5"}}"#),
        // The key can be read on the right-hand side.
        ("-", "SET n = pk", "", "", r#"{"n":{"S":"k"}}"#),
        // if_not_exists
        ("-", "SET a = if_not_exists(a, :v)", "", r#"{":v":{"N":"2"}}"#, r#"{"a":{"N":"2"}}"#),
        (r#"{"a":{"N":"2"}}"#, "SET a = if_not_exists(a, :v)", "", r#"{":v":{"N":"3"}}"#, r#"{"a":{"N":"2"}}"#),
        (r#"{"a":{"N":"2"}}"#, "SET b = if_not_exists(c, :v)", "", r#"{":v":{"N":"4"}}"#, r#"{"a":{"N":"2"},"b":{"N":"4"}}"#),
        (r#"{"a":{"N":"2"},"b":{"N":"4"}}"#, "SET b = if_not_exists(a, :v)", "", r#"{":v":{"N":"6"}}"#, r#"{"a":{"N":"2"},"b":{"N":"2"}}"#),
        (r#"{"a":{"N":"2"}}"#, "SET b = if_not_exists(c, a)", "", "", r#"{"a":{"N":"2"},"b":{"N":"2"}}"#),
        ("-", "SET a = if_not_exists(a, :zero) + :val", "", r#"{":zero":{"N":"0"},":val":{"N":"5"}}"#, r#"{"a":{"N":"5"}}"#),
        (r#"{"a":{"N":"3"}}"#, "SET a = if_not_exists(a, :zero) + :val", "", r#"{":zero":{"N":"0"},":val":{"N":"5"}}"#, r#"{"a":{"N":"8"}}"#),
        ("-", "SET b = if_not_exists(b, :one) + :two", "", r#"{":one":{"N":"2"},":two":{"N":"3"}}"#, r#"{"b":{"N":"5"}}"#),
        // list_append: concatenation in either order, paths or constants, empty lists fine.
        ("-", "SET a = list_append(:x, :y)", "", r#"{":x":{"L":[{"N":"4"},{"S":"hello"}]},":y":{"L":[{"S":"hi"},{"N":"7"}]}}"#, r#"{"a":{"L":[{"N":"4"},{"S":"hello"},{"S":"hi"},{"N":"7"}]}}"#),
        (r#"{"a":{"L":[{"S":"hi"}]}}"#, "SET a = list_append(a, :v)", "", r#"{":v":{"L":[{"N":"4"}]}}"#, r#"{"a":{"L":[{"S":"hi"},{"N":"4"}]}}"#),
        (r#"{"a":{"L":[{"S":"hi"}]}}"#, "SET a = list_append(:v, a)", "", r#"{":v":{"L":[{"S":"dog"}]}}"#, r#"{"a":{"L":[{"S":"dog"},{"S":"hi"}]}}"#),
        (r#"{"a":{"L":[{"N":"1"}]},"b":{"L":[{"N":"2"}]}}"#, "SET c = list_append(a, b)", "", "", r#"{"a":{"L":[{"N":"1"}]},"b":{"L":[{"N":"2"}]},"c":{"L":[{"N":"1"},{"N":"2"}]}}"#),
        (r#"{"b":{"L":[]}}"#, "SET a = list_append(b, :v)", "", r#"{":v":{"L":[]}}"#, r#"{"a":{"L":[]},"b":{"L":[]}}"#),
        ("-", "SET a = list_append(if_not_exists(a, :empty), :v)", "", r#"{":empty":{"L":[]},":v":{"L":[{"S":"x"}]}}"#, r#"{"a":{"L":[{"S":"x"}]}}"#),
        // Empty lists, maps, strings and binaries can be written.
        ("-", "SET d = :v1, e = :v2, f = :v3, g = :v4", "", r#"{":v1":{"L":[]},":v2":{"M":{}},":v3":{"S":""},":v4":{"B":""}}"#, r#"{"d":{"L":[]},"e":{"M":{}},"f":{"S":""},"g":{"B":""}}"#),
    ]);
}

/// §4.6 REMOVE.
#[test]
#[rustfmt::skip]
fn remove() {
    check(&[
        (r#"{"a":{"S":"hello"},"b":{"S":"hi"}}"#, "REMOVE a", "", "", r#"{"b":{"S":"hi"}}"#),
        (r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE c", "", "", r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#),
        (r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE a.y", "", "", r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#),
        (r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#, "REMOVE b[7]", "", "", r#"{"a":{"M":{"x":{"N":"3"}}},"b":{"L":[{"S":"hi"}]}}"#),
        (r#"{"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"},{"S":"e"}]}}"#, "REMOVE l[1], l[2]", "", "", r#"{"l":{"L":[{"S":"a"},{"S":"d"},{"S":"e"}]}}"#),
        (r#"{"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"},{"S":"e"}]}}"#, "REMOVE l[2], l[1]", "", "", r#"{"l":{"L":[{"S":"a"},{"S":"d"},{"S":"e"}]}}"#),
        (r#"{"a":{"M":{"b":{"N":"1"}}}}"#, "REMOVE a.b", "", "", r#"{"a":{"M":{}}}"#),
        (r#"{"a":{"L":[{"N":"1"}]}}"#, "REMOVE a[0]", "", "", r#"{"a":{"L":[]}}"#),
        (r#"{"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"5"},{"N":"7"}]}}},"q":{"N":"2"}}}]}}}}"#, "REMOVE a.c[1].x.y[1], a.c[1].q", "", "", r#"{"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"M":{"y":{"L":[{"N":"3"},{"N":"7"}]}}}}}]}}}}"#),
        // Through a missing parent: an error on an existing item, silently accepted on a missing one.
        (r#"{"a":{"N":"1"}}"#, "REMOVE x.y", "", "", UPDATE_INVALID_PATH),
        (r#"{"a":{"N":"1"}}"#, "REMOVE x[0]", "", "", UPDATE_INVALID_PATH),
        ("-", "REMOVE x.y", "", "", "none"),
        ("-", "REMOVE x[0]", "", "", "none"),
    ]);
}

/// §4.6 ADD.
#[test]
#[rustfmt::skip]
fn add() {
    check(&[
        (r#"{"a":{"N":"3"},"b":{"S":"hi"}}"#, "ADD a :v", "", r#"{":v":{"N":"4"}}"#, r#"{"a":{"N":"7"},"b":{"S":"hi"}}"#),
        (r#"{"a":{"N":"3"}}"#, "ADD a :v", "", r#"{":v":{"N":"-5"}}"#, r#"{"a":{"N":"-2"}}"#),
        (r#"{"a":{"S":"hello"}}"#, "ADD b :v", "", r#"{":v":{"N":"7"}}"#, r#"{"a":{"S":"hello"},"b":{"N":"7"}}"#),
        ("-", "ADD b :v", "", r#"{":v":{"N":"8"}}"#, r#"{"b":{"N":"8"}}"#),
        (r#"{"a":{"SS":["dog","cat","mouse"]}}"#, "ADD a :v", "", r#"{":v":{"SS":["pig"]}}"#, r#"{"a":{"SS":["cat","dog","mouse","pig"]}}"#),
        (r#"{"a":{"SS":["beaver","lynx","coati"]}}"#, "ADD a :v", "", r#"{":v":{"SS":["coati","beaver","badger"]}}"#, r#"{"a":{"SS":["badger","beaver","coati","lynx"]}}"#),
        (r#"{"a":{"NS":["1","2","3"]}}"#, "ADD a :v", "", r#"{":v":{"NS":["1.0","2.00"]}}"#, r#"{"a":{"NS":["1","2","3"]}}"#),
        (r#"{"a":{"BS":["AAE="]}}"#, "ADD a :v", "", r#"{":v":{"BS":["AAI=","AAE="]}}"#, r#"{"a":{"BS":["AAE=","AAI="]}}"#),
        (r#"{"a":{"S":"hello"}}"#, "ADD b :v", "", r#"{":v":{"SS":["dog"]}}"#, r#"{"a":{"S":"hello"},"b":{"SS":["dog"]}}"#),
        ("-", "ADD b :v", "", r#"{":v":{"SS":["cat"]}}"#, r#"{"b":{"SS":["cat"]}}"#),
        (r#"{"a":{"M":{"d":{"L":[{"N":"1"},{"N":"2"},{"SS":["x"]}]},"i":{"NS":["1"]}}}}"#, "ADD a.d[2] :s, a.i :t", "", r#"{":s":{"SS":["y"]},":t":{"NS":["2"]}}"#,
            r#"{"a":{"M":{"d":{"L":[{"N":"1"},{"N":"2"},{"SS":["x","y"]}]},"i":{"NS":["1","2"]}}}}"#),
        // Type mismatches with the stored value are runtime errors.
        (r#"{"b":{"S":"hi"}}"#, "ADD b :v", "", V1, UPDATE_OPERAND_TYPE),
        (r#"{"a":{"NS":["1"]}}"#, "ADD a :v", "", r#"{":v":{"SS":["1"]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"a":{"L":[{"N":"1"},{"N":"2"}]}}"#, "ADD a :v", "", r#"{":v":{"NS":["3","4"]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"a":{"N":"1"}}"#, "ADD a :v", "", r#"{":v":{"NS":["3"]}}"#, UPDATE_OPERAND_TYPE),
        (r#"{"a":{"SS":["x"]}}"#, "ADD a :v", "", V1, UPDATE_OPERAND_TYPE),
        // Constants that are neither a number nor a set are rejected before the item is read (spec §4.2).
        (r#"{"a":{"L":[{"N":"1"}]}}"#, "ADD a :v", "", r#"{":v":{"L":[{"N":"3"}]}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST"),
        (r#"{"a":{"N":"1"}}"#, "ADD a :v", "", r#"{":v":{"S":"hello"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
    ]);
}

/// §4.6 DELETE.
#[test]
#[rustfmt::skip]
fn delete() {
    let pets = r#"{"a":{"SS":["dog","cat","mouse"]},"b":{"S":"hi"}}"#;
    check(&[
        (pets, "DELETE a :v", "", r#"{":v":{"SS":["cat","mouse"]}}"#, r#"{"a":{"SS":["dog"]},"b":{"S":"hi"}}"#),
        (pets, "DELETE a :v", "", r#"{":v":{"SS":["pig"]}}"#, pets),
        (pets, "DELETE a :v", "", r#"{":v":{"SS":["dog","cat","mouse","pig"]}}"#, r#"{"b":{"S":"hi"}}"#),
        (r#"{"b":{"S":"hi"}}"#, "DELETE a :v", "", r#"{":v":{"SS":["dog"]}}"#, r#"{"b":{"S":"hi"}}"#),
        (r#"{"ns":{"NS":["10.0","20","30"]}}"#, "DELETE ns :v", "", r#"{":v":{"NS":["10","2e1"]}}"#, r#"{"ns":{"NS":["30"]}}"#),
        (r#"{"bs":{"BS":["AAE=","AAI="]}}"#, "DELETE bs :v", "", r#"{":v":{"BS":["AAI="]}}"#, r#"{"bs":{"BS":["AAE="]}}"#),
        (r#"{"m":{"M":{"s":{"SS":["x","y"]}}}}"#, "DELETE m.s :v", "", r#"{":v":{"SS":["x"]}}"#, r#"{"m":{"M":{"s":{"SS":["y"]}}}}"#),
        (r#"{"m":{"M":{"s":{"SS":["x"]}}}}"#, "DELETE m.s :v", "", r#"{":v":{"SS":["x"]}}"#, r#"{"m":{"M":{}}}"#),
        // Stored attribute of another type: runtime error. A non-set constant: static error (spec §4.2).
        (pets, "DELETE b :v", "", r#"{":v":{"SS":["hi"]}}"#, UPDATE_OPERAND_TYPE),
        (pets, "DELETE a :v", "", r#"{":v":{"NS":["1"]}}"#, UPDATE_OPERAND_TYPE),
        (pets, "DELETE a :v", "", r#"{":v":{"S":"hello"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING"),
    ]);
}

/// §4.7 computed numbers are range-checked; more than 38 significant digits reports the overflow message.
#[test]
#[rustfmt::skip]
fn number_limits() {
    let big = r#"{":x":{"N":"9e125"},":y":{"N":"9e125"}}"#;
    check(&[
        ("-", "SET b = :x + :y", "", big, NUMBER_OVERFLOW),
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"-9e125"},":y":{"N":"9e125"}}"#, NUMBER_OVERFLOW),
        ("-", "SET b = :x + :y", "", r#"{":x":{"N":"1e50"},":y":{"N":"1"}}"#, NUMBER_OVERFLOW),
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"1e50"},":y":{"N":"1"}}"#, NUMBER_OVERFLOW),
        (r#"{"n":{"N":"9e125"}}"#, "ADD n :y", "", r#"{":y":{"N":"9e125"}}"#, NUMBER_OVERFLOW),
        ("-", "SET b = :x + :y", "", r#"{":x":{"N":"9.9999999999999999999999999999999999999e125"},":y":{"N":"0"}}"#, r#"{"b":{"N":"9.9999999999999999999999999999999999999e125"}}"#),
        // Inferred, not captured: a difference below 1e-130 in magnitude is an underflow.
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"1.1e-130"},":y":{"N":"1e-130"}}"#, NUMBER_UNDERFLOW),
        ("-", "SET b = :x - :y", "", r#"{":x":{"N":"1e-130"},":y":{"N":"1e-130"}}"#, r#"{"b":{"N":"0"}}"#),
    ]);
}

// ----------------------------------------------------------------------------------------------
// Traces
// ----------------------------------------------------------------------------------------------

fn json_value(json: &str) -> AttributeValue {
    value(&serde_json::from_str(json).expect("bad test value"))
}

#[test]
fn trace_has_one_step_per_action_in_written_order() {
    let outcome = apply(
        r#"{"n":{"N":"2"},"l":{"L":[{"S":"a"},{"S":"b"}]},"stale":{"S":"x"}}"#,
        "SET n = n + :one, #c = if_not_exists(#c, :zero) REMOVE l[0], stale ADD s :set",
        r##"{"#c":"count"}"##,
        r#"{":one":{"N":"1"},":zero":{"N":"0"},":set":{"SS":["x"]}}"#,
    )
    .expect("parses");
    assert!(outcome.item.is_ok());
    let t = &outcome.trace;
    assert_eq!(t.error, None);
    let summary: Vec<(&str, &str)> = t
        .steps
        .iter()
        .map(|s| (s.clause.as_ref(), s.path.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("SET", "n"),
            ("SET", "count"),
            ("REMOVE", "l[0]"),
            ("REMOVE", "stale"),
            ("ADD", "s")
        ]
    );
    let n = &t.steps[0];
    assert_eq!(n.before, Some(json_value(r#"{"N":"2"}"#)));
    assert_eq!(n.after, Some(json_value(r#"{"N":"3"}"#)));
    let reads: Vec<(&str, &str)> = n
        .reads
        .iter()
        .map(|r| (r.source.as_str(), r.resolved.as_str()))
        .collect();
    assert_eq!(reads, [("n", "n"), (":one", ":one")]);
    assert_eq!(n.reads[0].value(), Some(json_value(r#"{"N":"2"}"#)));
    assert_eq!(&t.expression[n.span.start..n.span.end], "n = n + :one");
    // if_not_exists reads its path (absent here), then the fallback.
    let count = &t.steps[1];
    assert_eq!(count.before, None);
    assert_eq!(count.reads.len(), 2);
    assert_eq!(
        (
            count.reads[0].source.as_str(),
            count.reads[0].resolved.as_str()
        ),
        ("#c", "count")
    );
    assert_eq!(count.reads[0].value(), None);
    assert_eq!(count.after, Some(json_value(r#"{"N":"0"}"#)));
    let removed = &t.steps[2];
    assert_eq!(removed.before, Some(json_value(r#"{"S":"a"}"#)));
    assert_eq!(removed.after, None);
    let added = &t.steps[4];
    assert_eq!(
        (added.before.clone(), added.after.clone()),
        (None, Some(json_value(r#"{"SS":["x"]}"#)))
    );
}

#[test]
fn trace_stops_at_the_failing_step() {
    let outcome = apply(
        r#"{"a":{"S":"x"}}"#,
        "SET b = :v, c = a + :v, d = :v",
        "",
        V1,
    )
    .expect("parses");
    assert_eq!(outcome.item, Err(UPDATE_OPERAND_TYPE.to_string()));
    let t = &outcome.trace;
    assert_eq!(t.error.as_deref(), Some(UPDATE_OPERAND_TYPE));
    assert_eq!(t.steps.len(), 2);
    assert_eq!(t.steps[0].error, None);
    let failing = &t.steps[1];
    assert_eq!(failing.path, "c");
    assert_eq!(failing.error.as_deref(), Some(UPDATE_OPERAND_TYPE));
    assert_eq!(failing.reads[0].value(), Some(json_value(r#"{"S":"x"}"#)));
    assert_eq!(failing.after, None);
}

#[test]
fn trace_of_no_ops_keeps_before_as_after() {
    let outcome = apply(
        r#"{"s":{"SS":["x"]}}"#,
        "REMOVE gone DELETE s :other",
        "",
        r#"{":other":{"SS":["y"]}}"#,
    )
    .expect("parses");
    let t = &outcome.trace;
    assert_eq!(t.steps[0].before, None);
    assert_eq!(t.steps[0].after, None);
    assert_eq!(t.steps[1].before, Some(json_value(r#"{"SS":["x"]}"#)));
    assert_eq!(t.steps[1].after, t.steps[1].before);
    assert_eq!(t.steps[1].reads[0].resolved, ":other");
}

/// Update traces are saved with sessions: a step's `clause` and `path` are plain JSON strings, and a saved trace
/// reads back equal.
#[test]
fn update_traces_save_as_plain_strings_and_load_back() {
    let outcome = apply(
        r#"{"n":{"N":"2"}}"#,
        "SET n = n + :one REMOVE a_rather_long_attribute_name_past_24_bytes",
        "",
        r#"{":one":{"N":"1"}}"#,
    )
    .expect("parses");
    let json = serde_json::to_value(&outcome.trace).expect("serializes");
    assert_eq!(json["steps"][0]["clause"], "SET");
    assert_eq!(json["steps"][0]["path"], "n");
    assert_eq!(json["steps"][0]["reads"][1]["source"], ":one");
    assert_eq!(json["steps"][1]["clause"], "REMOVE");
    assert_eq!(
        json["steps"][1]["path"],
        "a_rather_long_attribute_name_past_24_bytes"
    );
    let back: txlab::engine::trace::UpdateTrace =
        serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(back, outcome.trace);
    assert_eq!(serde_json::to_value(&back).expect("serializes"), json);
}
