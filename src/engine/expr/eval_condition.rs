//! Condition evaluation with a complete trace (spec §3.4–3.6): ConditionExpression, FilterExpression and
//! KeyConditionExpression all evaluate here.
//!
//! Every node is evaluated, with no short-circuit, so the trace shows each comparison even when an `AND`
//! was already decided (DynamoDB's answer does not depend on that; its unused-placeholder check is static). The
//! condition's nodes are already in evaluation order, so evaluating is one pass over them: a deep
//! `NOT NOT ... NOT` needs no stack at all.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::{Condition, ConditionKind, Function, Node, NodeId, NodeView, Operand};
use super::eval_functions::{self as f, Verdict};
use super::eval_read::{EMPTY_ITEM, MAX_OPERAND_DEPTH};
use super::eval_trace;
use super::item_view::{Found, ItemView};
use super::ExpressionAttributes;
use crate::engine::item::Item;
use crate::engine::messages::ExpressionKind;
use crate::engine::trace::{ConditionTrace, Label, NodeNote, NodeRecord};
use crate::engine::value::AttributeValue;

/// Evaluate `cond` (parsed from `text`) against `item`; an absent item behaves as an item with no attributes.
/// The trace's `result` is the verdict; its nodes are the condition's nodes in their order (children first,
/// left to right, root last), so trace node `i` is condition node `i`.
pub fn evaluate_condition(
    cond: &Condition,
    text: &str,
    kind: ExpressionKind,
    item: Option<&Item>,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    evaluate_condition_shared(cond, &Arc::from(text), kind, item, attrs)
}

/// `evaluate_condition` with the text as the parsed condition shares it: the trace keeps the same `Arc`.
pub fn evaluate_condition_shared(
    cond: &Condition,
    text: &Arc<str>,
    kind: ExpressionKind,
    item: Option<&Item>,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    evaluate_condition_view(cond, text, kind, item.map(ItemView::Item), attrs)
}

/// `evaluate_condition_shared` on a view of the item: a stored image is read in place (only what the condition
/// reads is decoded). Same result and trace as on the decoded item.
pub fn evaluate_condition_view(
    cond: &Condition,
    text: &Arc<str>,
    kind: ExpressionKind,
    item: Option<ItemView<'_>>,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    let ctx = Context {
        text,
        item: item.unwrap_or(ItemView::Item(&EMPTY_ITEM)),
        names: &attrs.names,
        values: &attrs.values,
    };
    // Room for every node, and for one read per node and one more: a condition of n leaves has n - 1 inner
    // nodes (which read nothing), and most leaves read two operands, so this is usually exact; a BETWEEN or a
    // long IN list grows it.
    let mut trace =
        ConditionTrace::with_capacity(kind, text.clone(), cond.nodes.len(), cond.nodes.len() + 1);
    for (id, node) in cond.nodes.iter().enumerate() {
        let evaluated = match &node.kind {
            ConditionKind::Not(child) => composite(
                &mut trace,
                id,
                node,
                ("NOT", |l, _| !l),
                [Some(*child), None],
            ),
            ConditionKind::And(left, right) => composite(
                &mut trace,
                id,
                node,
                ("AND", |l, r| l && r),
                [Some(*left), Some(*right)],
            ),
            ConditionKind::Or(left, right) => composite(
                &mut trace,
                id,
                node,
                ("OR", |l, r| l || r),
                [Some(*left), Some(*right)],
            ),
            _ => leaf(cond.view(node), node, id, &ctx, &mut trace),
        };
        trace.push_node(evaluated);
    }
    trace.result = trace.last_result();
    trace
}

struct Context<'a> {
    text: &'a str,
    item: ItemView<'a>,
    names: &'a BTreeMap<String, String>,
    values: &'a super::ValueMap,
}

/// NOT, AND or OR at `id`: combines its children's results (already in the trace, since children come first)
/// and adopts them. A child that is not an earlier node (a tree built wrong by hand) counts as false.
fn composite(
    trace: &mut ConditionTrace,
    id: NodeId,
    node: &Node,
    (label, combine): (&'static str, fn(bool, bool) -> bool),
    children: [Option<NodeId>; 2],
) -> NodeRecord {
    let mut results = [false; 2];
    for (slot, child) in results.iter_mut().zip(children) {
        if let Some(child) = child.filter(|c| *c < id).and_then(|c| trace.node_mut(c)) {
            child.parent = Some(id);
            *slot = child.result;
        }
    }
    let [left, right] = results;
    let reads = trace.reads_len();
    NodeRecord {
        id,
        parent: None,
        span: node.span,
        label: Label::Static(label),
        reads: (reads, reads),
        result: combine(left, right),
        note: None,
    }
}

/// One leaf: its operands are read in the order written, each into the trace (which keeps its own encoded copy)
/// and into a local that the verdict compares (the original, borrowed). An operand that exists but has no value
/// of the needed kind (`size()` of a number) makes its absence a type problem.
fn leaf(
    view: NodeView<'_>,
    cond: &Node,
    id: NodeId,
    ctx: &Context,
    trace: &mut ConditionTrace,
) -> NodeRecord {
    let first_read = trace.reads_len();
    let mut unsized_operand = false;
    let mut take = |operand: &Operand| read(ctx, operand, trace, &mut unsized_operand);
    // Every operand is read (and traced) first; values still encoded in an image are decoded only where the
    // verdict compares them.
    let (label, verdict) = match view {
        NodeView::Compare { op, left, right } => {
            let (l, r) = (take(left), take(right));
            let (l, r) = (value(l), value(r));
            (op.symbol(), f::compare(*op, l.as_deref(), r.as_deref()))
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            let (x, lo, hi) = (take(operand), take(lower), take(upper));
            let (x, lo, hi) = (value(x), value(lo), value(hi));
            let v = f::between(x.as_deref(), lo.as_deref(), hi.as_deref());
            ("BETWEEN", v)
        }
        NodeView::In { operand, list } => {
            let x = take(operand);
            let members: Vec<_> = list.iter().map(&mut take).collect();
            let x = value(x);
            let members: Vec<_> = members.into_iter().map(value).collect();
            let v = f::in_list(x.as_deref(), members.iter().map(|m| m.as_deref()));
            ("IN", v)
        }
        NodeView::Function(call) => {
            // Every argument is read (and traced); the functions look at the first two.
            let (mut a, mut b) = (None, None);
            for (i, argument) in call.args.iter().enumerate() {
                let found = take(argument);
                match i {
                    0 => a = found,
                    1 => b = found,
                    _ => {}
                }
            }
            let v = match call.function {
                // Whether the path resolves is all these ask: nothing is decoded.
                Function::AttributeExists => f::attribute_exists(present(&a)),
                Function::AttributeNotExists => f::attribute_not_exists(present(&a)),
                function => {
                    let (a, b) = (value(a), value(b));
                    let (a, b) = (a.as_deref(), b.as_deref());
                    match function {
                        Function::AttributeType => f::attribute_type(a, b),
                        Function::BeginsWith => f::begins_with(a, b),
                        Function::Contains => f::contains(a, b),
                        // Value functions are not conditions; the parser rejects them here.
                        _ => Verdict {
                            result: false,
                            note: None,
                        },
                    }
                }
            };
            (call.function.name(), v)
        }
        // Composite nodes are handled by `walk`; reaching here would be a bug in the walk, and a false node
        // is the harmless answer.
        NodeView::Not(_) | NodeView::And(..) | NodeView::Or(..) => (
            "",
            Verdict {
                result: false,
                note: None,
            },
        ),
    };
    // An operand that exists but has no size is a type problem, not an absence.
    let note = match verdict.note {
        Some(NodeNote::Absent) if unsized_operand => Some(NodeNote::TypeMismatch),
        other => other,
    };
    NodeRecord {
        id,
        parent: None,
        span: cond.span,
        label: Label::Static(label),
        reads: (first_read, trace.reads_len()),
        result: verdict.result,
        note,
    }
}

/// Stands for a value that is there, for the functions that only ask whether an operand resolved
/// (`attribute_exists`, `attribute_not_exists`), so that a value still encoded is not decoded for them.
static PRESENT: AttributeValue = AttributeValue::Null;

/// What an operand found, decoded.
fn value(found: Option<Found<'_>>) -> Option<Cow<'_, AttributeValue>> {
    found.and_then(Found::into_value)
}

fn present(found: &Option<Found<'_>>) -> Option<&'static AttributeValue> {
    found.as_ref().map(|_| &PRESENT)
}

/// Read one operand: records it in the trace and gives what it found; sets `unsized_operand` when it is
/// `size()` of something that has no size.
#[inline]
fn read<'c>(
    ctx: &Context<'c>,
    operand: &Operand,
    trace: &mut ConditionTrace,
    unsized_operand: &mut bool,
) -> Option<Found<'c>> {
    match operand {
        // Paths and `:values`, the usual operands, read directly.
        Operand::Path(p) => {
            let found = ctx.item.lookup(p, ctx.names);
            eval_trace::path(trace, ctx.text, operand, p, ctx.names, found.as_ref());
            found
        }
        Operand::Value { name, .. } => {
            let value = ctx.values.get(name);
            eval_trace::placeholder(trace, ctx.text, operand, name, value);
            value.map(|v| Found::Value(Cow::Borrowed(v)))
        }
        Operand::Function(_) => {
            let value = value_of(ctx, operand, 0, unsized_operand);
            eval_trace::function(trace, ctx.text, operand, ctx.names, value.as_deref());
            value.map(Found::Value)
        }
    }
}

/// The value of an operand: borrowed from the item or the placeholders, or computed (`size()`).
fn value_of<'c>(
    ctx: &Context<'c>,
    operand: &Operand,
    depth: usize,
    unsized_operand: &mut bool,
) -> Option<Cow<'c, AttributeValue>> {
    match operand {
        Operand::Path(p) => ctx.item.lookup(p, ctx.names).and_then(Found::into_value),
        Operand::Value { name, .. } => ctx.values.get(name).map(Cow::Borrowed),
        Operand::Function(call) => match (call.function, call.args.as_slice()) {
            (Function::Size, [arg]) if depth < MAX_OPERAND_DEPTH => {
                let mut inner_unsized = false;
                let v = value_of(ctx, arg, depth + 1, &mut inner_unsized)?;
                let size = f::size(&v);
                *unsized_operand |= size.is_none();
                size.map(|n| Cow::Owned(AttributeValue::N(n)))
            }
            // Only size() yields a value in a condition; the parser rejects anything else here.
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::ast::{Comparator, Leaf, Path, PathElement, Span};

    fn path(name: &str, at: usize) -> Operand {
        let span = Span::new(at, at + name.len());
        Operand::Path(Path {
            elements: smallvec::smallvec![PathElement::Name {
                name: name.into(),
                placeholder: false,
                span,
            }],
            span,
        })
    }
    fn val(name: &str, at: usize) -> Operand {
        Operand::Value {
            name: name.into(),
            span: Span::new(at, at + name.len()),
        }
    }
    fn cond(kind: Leaf, start: usize, end: usize) -> Condition {
        Condition::leaf(kind, Span::new(start, end))
    }

    /// `a = :v AND NOT b = :v`: post-order, parents adopt children, root last, every node evaluated.
    #[test]
    fn nodes_are_post_order_with_parents() {
        let text = "a = :v AND NOT b = :v";
        let left = cond(
            Leaf::Compare {
                op: Comparator::Eq,
                left: path("a", 0),
                right: val(":v", 4),
            },
            0,
            6,
        );
        let inner = cond(
            Leaf::Compare {
                op: Comparator::Eq,
                left: path("b", 15),
                right: val(":v", 19),
            },
            15,
            21,
        );
        let not = Condition::not(inner, Span::new(11, 21));
        let root = Condition::and(left, not, Span::new(0, 21));
        let mut attrs = ExpressionAttributes::default();
        attrs
            .values
            .insert(":v".into(), AttributeValue::S("x".into()));
        let mut item = Item::new();
        item.insert("a".into(), AttributeValue::S("y".into()));
        let trace = evaluate_condition(
            &root,
            text,
            ExpressionKind::ConditionExpression,
            Some(&item),
            &attrs,
        );
        let nodes = trace.nodes();
        let labels: Vec<&str> = nodes.iter().map(|n| n.label.as_ref()).collect();
        assert_eq!(labels, ["=", "=", "NOT", "AND"]);
        let parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
        assert_eq!(parents, [Some(3), Some(2), Some(3), None]);
        let results: Vec<bool> = nodes.iter().map(|n| n.result).collect();
        assert_eq!(results, [false, false, true, false]);
        assert!(!trace.result);
        assert_eq!(nodes[1].note, Some(NodeNote::Absent));
        assert_eq!(nodes[0].note, None);
        assert_eq!(nodes[1].reads[0].source, "b");
        assert_eq!(nodes[1].reads[0].value, None);
        assert_eq!(
            nodes[0].reads[1].value(),
            Some(AttributeValue::S("x".into()))
        );
        assert_eq!(nodes[0].reads[1].resolved, ":v");
    }

    /// A hundred thousand nested NOTs: one pass over the nodes, no recursion (nor in dropping the tree).
    #[test]
    fn deep_not_chains_do_not_recurse() {
        let mut c = cond(
            Leaf::Function(crate::engine::expr::ast::FunctionCall {
                function: Function::AttributeNotExists,
                args: vec![path("a", 0)],
                span: Span::new(0, 0),
            }),
            0,
            0,
        );
        for _ in 0..100_000 {
            c = Condition::not(c, Span::new(0, 0));
        }
        let trace = evaluate_condition(
            &c,
            "",
            ExpressionKind::ConditionExpression,
            None,
            &ExpressionAttributes::default(),
        );
        assert_eq!(trace.len(), 100_001);
        assert!(trace.result);
        let nodes = trace.nodes();
        assert_eq!(nodes[100_000].parent, None);
        assert_eq!(nodes[0].parent, Some(1));
    }
}
