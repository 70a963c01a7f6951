//! Nothing panics: random expression text (valid tokens, garbage, deep nesting), random placeholder maps and
//! random items go through parsing, and whatever parses is evaluated or applied.

use std::collections::{BTreeMap, BTreeSet};

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use txlab::engine::expr::{
    apply_update, evaluate_condition, parse_condition, parse_update, ExpressionAttributes,
};
use txlab::engine::messages::ExpressionKind;
use txlab::engine::{AttributeValue, Item, Number};

const NAMES: &[&str] = &["a", "b", "n", "l", "m", "s", "pk", "x"];

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        Just("1e125".to_string()),
        Just("-9.9999999999999999999999999999999999999e125".to_string()),
        Just("1e-130".to_string()),
        Just("0.5".to_string()),
        Just("12345678901234567890123456789012345678".to_string()),
    ]
    .prop_filter_map("valid number", |s| Number::parse(&s).ok())
}

fn scalar() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        "[a-z\u{e9}\u{1d11e}]{0,4}".prop_map(AttributeValue::S),
        number().prop_map(AttributeValue::N),
        prop::collection::vec(any::<u8>(), 0..4).prop_map(AttributeValue::B),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null),
        prop::collection::btree_set("[a-c]{0,2}", 1..4)
            .prop_map(|s| AttributeValue::SS(s.into_iter().collect())),
        prop::collection::vec(number(), 1..4).prop_map(|mut v| {
            v.sort();
            v.dedup();
            AttributeValue::NS(v)
        }),
        prop::collection::btree_set(prop::collection::vec(any::<u8>(), 0..3), 1..3)
            .prop_map(|s: BTreeSet<Vec<u8>>| AttributeValue::BS(s.into_iter().collect())),
    ]
}

fn attribute_value() -> impl Strategy<Value = AttributeValue> {
    scalar().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
            prop::collection::btree_map(
                prop::sample::select(NAMES).prop_map(String::from),
                inner,
                0..4
            )
            .prop_map(AttributeValue::M),
        ]
    })
}

fn item() -> impl Strategy<Value = Item> {
    prop::collection::btree_map(
        prop::sample::select(NAMES).prop_map(String::from),
        attribute_value(),
        0..6,
    )
}

/// Tokens of both expression languages, some near-misses, and some garbage.
const TOKENS: &[&str] = &[
    "a",
    "b",
    "n",
    "l",
    "m",
    "s",
    "pk",
    "#n",
    "#m",
    "#undefined",
    ":v",
    ":w",
    ":t",
    ":undefined",
    "=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "IN",
    "and",
    "not",
    "(",
    ")",
    "(",
    ")",
    ",",
    ".",
    "[0]",
    "[1]",
    "[7]",
    "[99999999999999999999]",
    "[-1]",
    "size",
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
    "if_not_exists",
    "list_append",
    "SET",
    "REMOVE",
    "ADD",
    "DELETE",
    "set",
    "+",
    "-",
    "ATTRIBUTE_EXISTS",
    "f",
    "_x",
    "123",
    "\"a\"",
    "'",
    "#",
    ":",
    "$",
    "é",
    "\u{0}",
    " ",
    "\t",
    "((",
    "))",
    "=:v",
    "SIZE",
    "abort",
];

fn path_text() -> impl Strategy<Value = String> {
    let head = prop::sample::select(&["a", "b", "n", "l", "m", "s", "pk", "#n", "#m"][..]);
    let tail = prop::collection::vec(
        prop::sample::select(&[".a", ".b", "[0]", "[1]", "[3]", ".#n"][..]),
        0..3,
    );
    (head, tail).prop_map(|(h, t)| format!("{h}{}", t.concat()))
}

fn operand_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => path_text(),
        3 => prop::sample::select(&[":v", ":w", ":x"][..]).prop_map(String::from),
        1 => path_text().prop_map(|p| format!("size({p})")),
    ]
}

/// Conditions from the grammar, nested a few levels.
fn condition_text() -> impl Strategy<Value = String> {
    let cmp = prop::sample::select(&["=", "<>", "<", "<=", ">", ">="][..]);
    let leaf = prop_oneof![
        (operand_text(), cmp, operand_text()).prop_map(|(a, c, b)| format!("{a} {c} {b}")),
        (operand_text(), operand_text(), operand_text())
            .prop_map(|(a, b, c)| format!("{a} BETWEEN {b} AND {c}")),
        (operand_text(), prop::collection::vec(operand_text(), 1..4))
            .prop_map(|(a, l)| format!("{a} IN ({})", l.join(", "))),
        path_text().prop_map(|p| format!("attribute_exists({p})")),
        path_text().prop_map(|p| format!("attribute_not_exists({p})")),
        path_text().prop_map(|p| format!("attribute_type({p}, :t)")),
        (operand_text(), operand_text()).prop_map(|(a, b)| format!("begins_with({a}, {b})")),
        (operand_text(), operand_text()).prop_map(|(a, b)| format!("contains({a}, {b})")),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("({c})")),
            inner.clone().prop_map(|c| format!("NOT {c}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} OR {b}")),
        ]
    })
}

/// Updates from the grammar.
fn update_text() -> impl Strategy<Value = String> {
    let rhs = prop_oneof![
        3 => operand_text().prop_filter("no size in updates", |o| !o.starts_with("size")),
        2 => (operand_text(), prop::sample::select(&["+", "-"][..]), operand_text())
            .prop_filter("no size in updates", |(a, _, b)| !a.starts_with("size") && !b.starts_with("size"))
            .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        1 => (path_text(), prop::sample::select(&[":v", ":w", "b", "l"][..]))
            .prop_map(|(p, v)| format!("if_not_exists({p}, {v})")),
        1 => (prop::sample::select(&["l", ":v", "m.b", "if_not_exists(l, :w)"][..]), prop::sample::select(&[":x", "l", "b[0]"][..]))
            .prop_map(|(a, b)| format!("list_append({a}, {b})")),
    ];
    let set = prop::collection::vec((path_text(), rhs), 1..4).prop_map(|actions| {
        let a: Vec<String> = actions
            .into_iter()
            .map(|(p, v)| format!("{p} = {v}"))
            .collect();
        format!("SET {}", a.join(", "))
    });
    let remove =
        prop::collection::vec(path_text(), 1..4).prop_map(|p| format!("REMOVE {}", p.join(", ")));
    let add = (path_text(), prop::sample::select(&[":v", ":s", ":x"][..]))
        .prop_map(|(p, v)| format!("ADD {p} {v}"));
    let delete = (path_text(), prop::sample::select(&[":s", ":x"][..]))
        .prop_map(|(p, v)| format!("DELETE {p} {v}"));
    // Each clause at most once, in any order (a repeated clause is only a static error).
    (
        prop::option::weighted(0.8, set),
        prop::option::weighted(0.5, remove),
        prop::option::weighted(0.3, add),
        prop::option::weighted(0.3, delete),
    )
        .prop_flat_map(|(a, b, c, d)| {
            Just([a, b, c, d].into_iter().flatten().collect::<Vec<_>>()).prop_shuffle()
        })
        .prop_map(|c| c.join(" "))
}

fn expression_text() -> impl Strategy<Value = String> {
    let soup = prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|t| t.join(" "));
    let tight = prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|t| t.concat());
    let nested = (
        0usize..400,
        prop::sample::select(&["(", "NOT ", "size(", "if_not_exists(a, ", "list_append("][..]),
    )
        .prop_map(|(depth, open)| {
            let mut text = format!("SET a = {}", open.repeat(depth));
            text.push_str(":v");
            text.push_str(&")".repeat(depth));
            text
        });
    let deep_condition = (
        0usize..400,
        prop::sample::select(&["(", "NOT ", "(NOT "][..]),
    )
        .prop_map(|(depth, open)| format!("{}a = :v{}", open.repeat(depth), ")".repeat(depth)));
    let garbage = "\\PC{0,40}";
    prop_oneof![
        6 => condition_text(),
        6 => update_text(),
        2 => soup,
        1 => tight,
        1 => nested,
        1 => deep_condition,
        1 => garbage,
    ]
}

fn placeholders() -> impl Strategy<Value = ExpressionAttributes> {
    let some_names = prop::collection::btree_map(
        prop::sample::select(&["#n", "#m", "#x"][..]).prop_map(String::from),
        prop::sample::select(&["a", "b", "m", "a.b", "", "pk", "x y"][..]).prop_map(String::from),
        0..3,
    );
    let all_names = (
        prop::sample::select(&["a", "b", "m", "a.b", "l"][..]),
        prop::sample::select(&["a", "b", "n", "s", "x y"][..]),
    )
        .prop_map(|(n, m)| {
            BTreeMap::from([
                ("#n".to_string(), n.to_string()),
                ("#m".to_string(), m.to_string()),
            ])
        });
    let type_name = prop::sample::select(
        &[
            "S", "N", "B", "L", "M", "SS", "NS", "BS", "BOOL", "NULL", "DOG",
        ][..],
    )
    .prop_map(|t| AttributeValue::S(t.into()));
    let some_values = prop::collection::btree_map(
        prop::sample::select(&[":v", ":w", ":t", ":x", ":s"][..]).prop_map(String::from),
        prop_oneof![attribute_value(), type_name.clone()],
        0..4,
    );
    // Mostly numbers and strings, so that constant type checks pass and evaluation is reached.
    let usable = || {
        prop_oneof![
            3 => number().prop_map(AttributeValue::N),
            3 => "[a-c]{0,2}".prop_map(AttributeValue::S),
            2 => attribute_value(),
        ]
    };
    let set = prop_oneof![
        prop::collection::btree_set("[a-c]{0,2}", 1..4)
            .prop_map(|s| AttributeValue::SS(s.into_iter().collect())),
        prop::collection::vec(number(), 1..4).prop_map(|mut v| {
            v.sort();
            v.dedup();
            AttributeValue::NS(v)
        }),
    ];
    let all_values = (usable(), usable(), usable(), type_name, set).prop_map(|(v, w, x, t, s)| {
        Item::from([
            (":v".to_string(), v),
            (":w".to_string(), w),
            (":x".to_string(), x),
            (":t".to_string(), t),
            (":s".to_string(), s),
        ])
    });
    prop_oneof![
        3 => (all_names, all_values),
        1 => (some_names, some_values),
    ]
    .prop_map(|(names, values)| ExpressionAttributes {
        names,
        values: values.into(),
    })
}

/// How many inputs reached evaluation, so that the property cannot pass by rejecting everything.
static CONDITIONS_EVALUATED: AtomicUsize = AtomicUsize::new(0);
static UPDATES_APPLIED: AtomicUsize = AtomicUsize::new(0);

fn run(
    text: &str,
    attrs: &ExpressionAttributes,
    existing: Option<&Item>,
) -> Result<(), TestCaseError> {
    let mut key = Item::new();
    key.insert("pk".into(), AttributeValue::S("k".into()));
    for kind in [
        ExpressionKind::ConditionExpression,
        ExpressionKind::KeyConditionExpression,
    ] {
        if let Ok(cond) = parse_condition(text, kind, attrs) {
            CONDITIONS_EVALUATED.fetch_add(1, Ordering::Relaxed);
            let trace = evaluate_condition(&cond, text, kind, existing, attrs);
            let nodes = trace.nodes();
            prop_assert_eq!(nodes.last().map(|n| n.result), Some(trace.result));
            prop_assert!(nodes.iter().all(|n| n.span.end <= text.len()));
        }
    }
    if let Ok(update) = parse_update(text, attrs) {
        UPDATES_APPLIED.fetch_add(1, Ordering::Relaxed);
        let outcome = apply_update(&update, text, existing, &key, attrs);
        prop_assert_eq!(outcome.item.as_ref().err(), outcome.trace.error.as_ref());
    }
    Ok(())
}

#[test]
fn parse_evaluate_apply_never_panic() {
    let config = ProptestConfig {
        cases: 3000,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let inputs = (expression_text(), placeholders(), prop::option::of(item()));
    let result = runner.run(&inputs, |(text, attrs, existing)| {
        run(&text, &attrs, existing.as_ref())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (conditions, updates) = (
        CONDITIONS_EVALUATED.load(Ordering::Relaxed),
        UPDATES_APPLIED.load(Ordering::Relaxed),
    );
    eprintln!("evaluated {conditions} conditions, applied {updates} updates");
    assert!(
        conditions >= 500,
        "only {conditions} conditions reached evaluation"
    );
    assert!(updates >= 150, "only {updates} updates reached application");
}
