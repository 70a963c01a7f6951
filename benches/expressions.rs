//! Condition expressions: parse + evaluate (with the full trace) a 5-clause condition against a 20-attribute
//! item, parse only, evaluate only; parse only of a typical UpdateExpression; parse + apply of an update; and a
//! reference in the same run (cloning that item) to quote ratios against.
//!
//! Run: `cargo bench --bench expressions`.
//!
//! Instruction counts (repeatable on a noisy machine): `EXPR_LOOP=<mode>:<n>` runs one workload `n` times
//! instead of divan, for `valgrind --tool=callgrind`; the per-iteration cost is the difference between two
//! counts divided by the difference in `n`. Modes: `both`, `parse`, `evaluate`, `update`, `parse_update`,
//! `clone`. `scripts/expr-instructions.sh` does the arithmetic.

use divan::{black_box, Bencher};
use txlab::engine::expr::{
    apply_update, evaluate_condition, parse_condition, parse_update, ExpressionAttributes,
};
use txlab::engine::messages::ExpressionKind;
use txlab::engine::{AttributeValue, Item, Number};

pub fn main() {
    match std::env::var("EXPR_LOOP") {
        Ok(spec) => loop_mode(&spec),
        Err(_) => divan::main(),
    }
}

/// Runs one workload `n` times (see the module comment).
fn loop_mode(spec: &str) {
    let (mode, n) = spec.split_once(':').expect("EXPR_LOOP=<mode>:<n>");
    let n: usize = n.parse().expect("a count");
    let item = item();
    let attrs = attrs();
    let cond = parse_condition(CONDITION, KIND, &attrs).expect("condition parses");
    let u_attrs = update_attrs();
    let t_attrs = typical_update_attrs();
    let mut key = Item::new();
    key.insert("pk".into(), s("book#0451"));
    let mut ok = 0usize;
    for _ in 0..n {
        let text = black_box(CONDITION);
        ok += match mode {
            "both" => {
                let cond = parse_condition(text, KIND, &attrs).expect("condition parses");
                evaluate_condition(&cond, text, KIND, Some(&item), &attrs).result as usize
            }
            "parse" => parse_condition(text, KIND, &attrs).is_ok() as usize,
            "evaluate" => {
                evaluate_condition(black_box(&cond), text, KIND, Some(&item), &attrs).result
                    as usize
            }
            "update" => {
                let text = black_box(UPDATE);
                let update = parse_update(text, &u_attrs).expect("update parses");
                apply_update(&update, text, Some(&item), &key, &u_attrs)
                    .item
                    .is_ok() as usize
            }
            "parse_update" => parse_update(black_box(TYPICAL_UPDATE), &t_attrs).is_ok() as usize,
            "clone" => black_box(&item).clone().len(),
            _ => panic!("unknown mode {mode}"),
        };
    }
    black_box(ok);
}

const CONDITION: &str = "attribute_exists(#a) AND Price <= :max AND begins_with(Title, :p) \
     AND Stock BETWEEN :lo AND :hi AND NOT contains(Tags, :t)";

/// A typical UpdateExpression, for parse-only figures (`OldPrice`, not `Old`: OLD is a reserved word).
const TYPICAL_UPDATE: &str = "SET #n = #n + :one, Tags = list_append(Tags, :t) REMOVE OldPrice";

const UPDATE: &str =
    "SET Price = Price - :one, Tags = list_append(Tags, :more) REMOVE Note ADD ViewCount :one";

fn n(text: &str) -> AttributeValue {
    AttributeValue::N(Number::parse(text).expect("bench number"))
}
fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_string())
}

/// A book with 20 attributes of mixed types.
fn item() -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), s("book#0451"));
    item.insert("Title".into(), s("Dune Messiah"));
    item.insert("Author".into(), s("Frank Herbert"));
    item.insert("Price".into(), n("12.99"));
    item.insert("Stock".into(), n("40"));
    item.insert("ViewCount".into(), n("123456"));
    item.insert("Isbn".into(), s("978-0593098233"));
    item.insert("Published".into(), n("1969"));
    item.insert("InPrint".into(), AttributeValue::Bool(true));
    item.insert("Note".into(), AttributeValue::Null);
    item.insert(
        "Tags".into(),
        AttributeValue::L(vec![s("sf"), s("classic"), s("desert")]),
    );
    item.insert(
        "Formats".into(),
        AttributeValue::SS(vec!["ebook".into(), "hardcover".into(), "paperback".into()]),
    );
    item.insert(
        "Ratings".into(),
        AttributeValue::NS(
            ["3", "4", "5"]
                .iter()
                .map(|x| Number::parse(x).expect("bench number"))
                .collect(),
        ),
    );
    item.insert(
        "Cover".into(),
        AttributeValue::B(vec![0x89, 0x50, 0x4e, 0x47]),
    );
    let mut publisher = Item::new();
    publisher.insert("Name".into(), s("Putnam"));
    publisher.insert("City".into(), s("New York"));
    item.insert("Publisher".into(), AttributeValue::M(publisher));
    item.insert("Series".into(), s("Dune"));
    item.insert("SeriesIndex".into(), n("2"));
    item.insert("Language".into(), s("en"));
    item.insert("Pages".into(), n("256"));
    item.insert(
        "Summary".into(),
        s("Twelve years after Paul Atreides took the throne..."),
    );
    assert_eq!(item.len(), 20);
    item
}

fn attrs() -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    attrs.names.insert("#a".into(), "Author".into());
    attrs.values.insert(":max".into(), n("20"));
    attrs.values.insert(":p".into(), s("Dune"));
    attrs.values.insert(":lo".into(), n("1"));
    attrs.values.insert(":hi".into(), n("100"));
    attrs.values.insert(":t".into(), s("romance"));
    attrs
}

/// Separate maps: a request's placeholders must all be used by its expressions.
fn update_attrs() -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    attrs.values.insert(":one".into(), n("1"));
    attrs
        .values
        .insert(":more".into(), AttributeValue::L(vec![s("messiah")]));
    attrs
}

fn typical_update_attrs() -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    attrs.names.insert("#n".into(), "ViewCount".into());
    attrs.values.insert(":one".into(), n("1"));
    attrs
        .values
        .insert(":t".into(), AttributeValue::L(vec![s("messiah")]));
    attrs
}

const KIND: ExpressionKind = ExpressionKind::ConditionExpression;

#[divan::bench]
fn parse_and_evaluate_condition(bencher: Bencher) {
    let item = item();
    let attrs = attrs();
    bencher.bench_local(|| {
        let text = black_box(CONDITION);
        let cond = parse_condition(text, KIND, &attrs).expect("condition parses");
        evaluate_condition(&cond, text, KIND, Some(&item), &attrs).result
    });
}

#[divan::bench]
fn parse_condition_only(bencher: Bencher) {
    let attrs = attrs();
    assert!(parse_condition(CONDITION, KIND, &attrs).is_ok());
    bencher.bench_local(|| parse_condition(black_box(CONDITION), KIND, &attrs).is_ok());
}

#[divan::bench]
fn parse_update_only(bencher: Bencher) {
    let attrs = typical_update_attrs();
    assert!(parse_update(TYPICAL_UPDATE, &attrs).is_ok());
    bencher.bench_local(|| parse_update(black_box(TYPICAL_UPDATE), &attrs).is_ok());
}

#[divan::bench]
fn evaluate_condition_only(bencher: Bencher) {
    let item = item();
    let attrs = attrs();
    let cond = parse_condition(CONDITION, KIND, &attrs).expect("condition parses");
    assert!(evaluate_condition(&cond, CONDITION, KIND, Some(&item), &attrs).result);
    bencher.bench_local(|| {
        evaluate_condition(black_box(&cond), CONDITION, KIND, Some(&item), &attrs).result
    });
}

#[divan::bench]
fn parse_and_apply_update(bencher: Bencher) {
    let item = item();
    let attrs = update_attrs();
    let mut key = Item::new();
    key.insert("pk".into(), s("book#0451"));
    bencher.bench_local(|| {
        let text = black_box(UPDATE);
        let update = parse_update(text, &attrs).expect("update parses");
        apply_update(&update, text, Some(&item), &key, &attrs)
            .item
            .is_ok()
    });
}

/// The reference: copying the same 20-attribute item once.
#[divan::bench]
fn reference_clone_item(bencher: Bencher) {
    let item = item();
    bencher.bench_local(|| black_box(&item).clone());
}
