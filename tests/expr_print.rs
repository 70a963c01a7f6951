//! The printer: canonical text, precedence kept with the fewest parentheses, and the round trip
//! tree -> text -> tree (spans aside), with printing a fixed point. Random trees come from proptest.

mod common;

use proptest::prelude::*;
use txlab::engine::expr::ast::{
    ClauseKind, Comparator, Condition, ConditionKind, Function, FunctionCall, Leaf, NodeId,
    NodeView, Operand, Path, PathElement, Projection, SetValue, Span, UpdateAction, UpdateClause,
    UpdateExpression,
};
use txlab::engine::expr::{self, printer};
use txlab::engine::messages::ExpressionKind;

const KIND: ExpressionKind = ExpressionKind::ConditionExpression;

/// A fully parenthesised rendering, to show the tree's shape.
fn shape(condition: &Condition) -> String {
    shape_at(condition, condition.root_id())
}

fn shape_at(condition: &Condition, id: NodeId) -> String {
    match &condition.node(id).expect("a node").kind {
        ConditionKind::And(l, r) => format!(
            "({} AND {})",
            shape_at(condition, *l),
            shape_at(condition, *r)
        ),
        ConditionKind::Or(l, r) => format!(
            "({} OR {})",
            shape_at(condition, *l),
            shape_at(condition, *r)
        ),
        ConditionKind::Not(inner) => format!("(NOT {})", shape_at(condition, *inner)),
        _ => format!("[{}]", printer::print_condition_node(condition, id)),
    }
}

fn parse(text: &str) -> Condition {
    expr::parse_condition_syntax(text, KIND).expect("valid syntax")
}

#[rustfmt::skip]
const CANONICAL: &[(&str, &str, &str)] = &[
    // (written, canonical text, shape)
    ("a < b OR c < b AND b < c", "a < b OR c < b AND b < c", "([a < b] OR ([c < b] AND [b < c]))"),
    ("NOT a < b AND c < b", "NOT a < b AND c < b", "((NOT [a < b]) AND [c < b])"),
    ("b BETWEEN a AND c AND a < b", "b BETWEEN a AND c AND a < b", "([b BETWEEN a AND c] AND [a < b])"),
    ("a<b and c<d and e<f", "a < b AND c < d AND e < f", "(([a < b] AND [c < d]) AND [e < f])"),
    ("a<b and (c<d and e<f)", "a < b AND (c < d AND e < f)", "([a < b] AND ([c < d] AND [e < f]))"),
    ("(a<b or c<d) and e<f", "(a < b OR c < d) AND e < f", "(([a < b] OR [c < d]) AND [e < f])"),
    ("a<b or (c<d or e<f)", "a < b OR (c < d OR e < f)", "([a < b] OR ([c < d] OR [e < f]))"),
    ("(a<b and c<d) or e<f", "a < b AND c < d OR e < f", "(([a < b] AND [c < d]) OR [e < f])"),
    ("not (a<b or c<d)", "NOT (a < b OR c < d)", "(NOT ([a < b] OR [c < d]))"),
    ("not not a<b", "NOT NOT a < b", "(NOT (NOT [a < b]))"),
    ("NOT (NOT a<b)", "NOT NOT a < b", "(NOT (NOT [a < b]))"),
    ("(a)between(b)and(c)", "a BETWEEN b AND c", "[a BETWEEN b AND c]"),
    ("a in(b,:c ,  size(d))", "a IN (b, :c, size(d))", "[a IN (b, :c, size(d))]"),
    ("(attribute_exists(a))", "attribute_exists(a)", "[attribute_exists(a)]"),
    ("#a.b[3].#c  <>  :v", "#a.b[3].#c <> :v", "[#a.b[3].#c <> :v]"),
    ("contains( a , :v )", "contains(a, :v)", "[contains(a, :v)]"),
    ("size((a)) >= (:v)", "size(a) >= :v", "[size(a) >= :v]"),
];

#[test]
fn canonical_text_and_precedence() {
    for (written, canonical, expected_shape) in CANONICAL {
        let tree = parse(written);
        assert_eq!(
            expr::print_condition(&tree),
            *canonical,
            "printing {written:?}"
        );
        assert_eq!(shape(&tree), *expected_shape, "shape of {written:?}");
    }
}

#[test]
fn updates_and_projections_print_canonically() {
    let rows = [
        (
            "set a=:v,b = c+ :w   remove x[1] , y add n :n delete s :s",
            "SET a = :v, b = c + :w REMOVE x[1], y ADD n :n DELETE s :s",
        ),
        ("SET a = (b - c)", "SET a = b - c"),
        (
            "SET a = list_append(if_not_exists(a,:e),(:v))",
            "SET a = list_append(if_not_exists(a, :e), :v)",
        ),
        ("remove a SET b = a", "REMOVE a SET b = a"),
    ];
    for (written, canonical) in rows {
        let tree = expr::parse_update_syntax(written).expect("valid");
        assert_eq!(expr::print_update(&tree), canonical);
    }
    let projection = expr::parse_projection_syntax(" a.b ,#c[2] ,d").expect("valid");
    assert_eq!(expr::print_projection(&projection), "a.b, #c[2], d");
    let spaced = expr::parse_projection_syntax("a.b,#c [2],d").expect("valid");
    assert!(expr::same_projection(&projection, &spaced));
    assert_ne!(projection, spaced);
    let one = expr::parse_update_syntax("SET a=b+c").expect("valid");
    assert!(expr::same_update(
        &one,
        &expr::parse_update_syntax("set a = b + c").expect("valid")
    ));
    assert!(!expr::same_update(
        &one,
        &expr::parse_update_syntax("SET a = b - c").expect("valid")
    ));
    assert!(expr::same_condition(&parse("a<b"), &parse("( a < b )")));
    assert!(!expr::same_condition(&parse("a<b"), &parse("a<=b")));
}

#[test]
fn spans_point_at_the_written_text() {
    let text = "(a < b) AND NOT size(c) > :v";
    let tree = parse(text);
    let at = |span: Span| &text[span.start..span.end];
    assert_eq!(at(tree.span()), text);
    let node = |id: NodeId| tree.node(id).expect("a node");
    let ConditionKind::And(left, right) = &tree.root().expect("a root").kind else {
        panic!("an AND")
    };
    let (left, right) = (node(*left), node(*right));
    assert_eq!(at(left.span), "(a < b)");
    assert_eq!(at(right.span), "NOT size(c) > :v");
    let ConditionKind::Not(inner) = &right.kind else {
        panic!("a NOT")
    };
    let NodeView::Compare { left, right, .. } = tree.view(node(*inner)) else {
        panic!("a comparison")
    };
    assert_eq!((at(left.span()), at(right.span())), ("size(c)", ":v"));
    let update = "SET a.b[2] = if_not_exists(x, :v) + :w";
    let tree = expr::parse_update_syntax(update).expect("valid");
    let action = &tree.clauses[0].actions[0];
    assert_eq!(
        &update[action.path().span.start..action.path().span.end],
        "a.b[2]"
    );
    assert_eq!(
        &update[action.span().start..action.span().end],
        "a.b[2] = if_not_exists(x, :v) + :w"
    );
}

// ---- random trees

fn name() -> impl Strategy<Value = PathElement> {
    prop_oneof![
        prop::sample::select(vec!["a", "b", "Artist", "x_1", "Z9"]).prop_map(|n| (n, false)),
        prop::sample::select(vec!["#n", "#m", "#_0"]).prop_map(|n| (n, true)),
    ]
    .prop_map(|(name, placeholder)| PathElement::Name {
        name: name.into(),
        placeholder,
        span: Span::default(),
    })
}

fn path() -> impl Strategy<Value = Path> {
    let tail = prop_oneof![
        name(),
        (0usize..40).prop_map(|index| PathElement::Index {
            index,
            span: Span::default()
        }),
    ];
    (name(), prop::collection::vec(tail, 0..3)).prop_map(|(first, rest)| {
        let mut elements = vec![first];
        elements.extend(rest);
        Path {
            elements: elements.into(),
            span: Span::default(),
        }
    })
}

fn value() -> impl Strategy<Value = Operand> {
    prop::sample::select(vec![":v", ":w", ":_1"]).prop_map(|name| Operand::Value {
        name: name.into(),
        span: Span::default(),
    })
}

fn function() -> impl Strategy<Value = Function> {
    prop::sample::select(Function::ALL.to_vec())
}

fn call(args: impl Strategy<Value = Operand>) -> impl Strategy<Value = FunctionCall> {
    (function(), prop::collection::vec(args, 1..4)).prop_map(|(function, args)| FunctionCall {
        function,
        args,
        span: Span::default(),
    })
}

fn operand() -> impl Strategy<Value = Operand> {
    let leaf = prop_oneof![path().prop_map(Operand::Path), value()];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            2 => path().prop_map(Operand::Path),
            1 => call(inner).prop_map(Operand::Function),
        ]
    })
}

fn comparator() -> impl Strategy<Value = Comparator> {
    prop::sample::select(vec![
        Comparator::Eq,
        Comparator::Ne,
        Comparator::Lt,
        Comparator::Le,
        Comparator::Gt,
        Comparator::Ge,
    ])
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        (comparator(), operand(), operand()).prop_map(|(op, left, right)| Leaf::Compare {
            op,
            left,
            right
        }),
        (operand(), operand(), operand()).prop_map(|(operand, lower, upper)| {
            Leaf::Between {
                operand,
                lower,
                upper,
            }
        }),
        (operand(), prop::collection::vec(operand(), 1..4))
            .prop_map(|(operand, list)| Leaf::In { operand, list }),
        call(operand()).prop_map(Leaf::Function),
    ]
    .prop_map(|kind| Condition::leaf(kind, Span::default()));
    let none = Span::default();
    leaf.prop_recursive(6, 40, 2, move |inner| {
        prop_oneof![
            inner.clone().prop_map(move |c| Condition::not(c, none)),
            (inner.clone(), inner.clone()).prop_map(move |(l, r)| Condition::and(l, r, none)),
            (inner.clone(), inner).prop_map(move |(l, r)| Condition::or(l, r, none)),
        ]
    })
}

fn set_value() -> impl Strategy<Value = SetValue> {
    prop_oneof![
        operand().prop_map(SetValue::Operand),
        (operand(), operand()).prop_map(|(l, r)| SetValue::Plus(l, r)),
        (operand(), operand()).prop_map(|(l, r)| SetValue::Minus(l, r)),
    ]
}

fn clause() -> impl Strategy<Value = UpdateClause> {
    let span = Span::default();
    let set = (path(), set_value()).prop_map(move |(path, value)| UpdateAction::Set {
        path,
        value,
        span,
    });
    let remove = path().prop_map(move |path| UpdateAction::Remove { path, span });
    let add =
        (path(), value()).prop_map(move |(path, value)| UpdateAction::Add { path, value, span });
    let delete =
        (path(), value()).prop_map(move |(path, value)| UpdateAction::Delete { path, value, span });
    prop_oneof![
        prop::collection::vec(set, 1..4).prop_map(|a| (ClauseKind::Set, a)),
        prop::collection::vec(remove, 1..4).prop_map(|a| (ClauseKind::Remove, a)),
        prop::collection::vec(add, 1..4).prop_map(|a| (ClauseKind::Add, a)),
        prop::collection::vec(delete, 1..4).prop_map(|a| (ClauseKind::Delete, a)),
    ]
    .prop_map(move |(kind, actions)| UpdateClause {
        kind,
        actions,
        span,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn conditions_round_trip(tree in condition()) {
        let text = expr::print_condition(&tree);
        let mut back = expr::parse_condition_syntax(&text, KIND)
            .map_err(|e| TestCaseError::fail(format!("{text:?}: {}", e.message)))?;
        prop_assert_eq!(expr::print_condition(&back), text.clone());
        expr::erase_condition_spans(&mut back);
        prop_assert_eq!(back, tree, "text {:?}", text);
    }

    #[test]
    fn updates_round_trip(clauses in prop::collection::vec(clause(), 1..4)) {
        let tree = UpdateExpression { clauses };
        let text = expr::print_update(&tree);
        let mut back = expr::parse_update_syntax(&text)
            .map_err(|e| TestCaseError::fail(format!("{text:?}: {}", e.message)))?;
        prop_assert_eq!(expr::print_update(&back), text.clone());
        expr::erase_update_spans(&mut back);
        prop_assert_eq!(back, tree, "text {:?}", text);
    }

    #[test]
    fn projections_round_trip(paths in prop::collection::vec(path(), 1..5)) {
        let tree = Projection { paths };
        let text = expr::print_projection(&tree);
        let mut back = expr::parse_projection_syntax(&text)
            .map_err(|e| TestCaseError::fail(format!("{text:?}: {}", e.message)))?;
        prop_assert_eq!(expr::print_projection(&back), text.clone());
        expr::erase_projection_spans(&mut back);
        prop_assert_eq!(back, tree, "text {:?}", text);
    }

    /// Any text at all: reading never panics, and whatever reads back prints to a fixed point.
    #[test]
    fn arbitrary_text_never_panics(text in "[a-c#:()<>=, .\\[\\]0-9NOTANDORBETWEENIsize_+-]{0,40}") {
        let attrs = common::attrs("#a=a", ":a=S:x");
        let _ = expr::parse_condition(&text, KIND, &attrs);
        let _ = expr::parse_update(&text, &attrs);
        let _ = expr::parse_projection(&text, &attrs);
        if let Ok(tree) = expr::parse_condition_syntax(&text, KIND) {
            let printed = expr::print_condition(&tree);
            let again = expr::parse_condition_syntax(&printed, KIND).expect("printed text reads back");
            prop_assert_eq!(expr::print_condition(&again), printed);
        }
    }
}

#[test]
fn printer_module_is_reachable() {
    // The printer's helpers are public for front ends that show one operand or path.
    let tree = parse("a.b[1] = :v");
    let NodeView::Compare { left, .. } = tree.view(tree.root().expect("a root")) else {
        panic!("a comparison")
    };
    assert_eq!(printer::print_operand(left), "a.b[1]");
}
