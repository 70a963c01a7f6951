//! Condition evaluation with a complete trace (spec §3.4–3.6): ConditionExpression, FilterExpression and
//! KeyConditionExpression all evaluate here.
//!
//! Every node is evaluated, with no short-circuit, so the trace shows each comparison even when an `AND`
//! was already decided (DynamoDB's answer does not depend on that; its unused-placeholder check is static). The
//! condition's nodes are already in evaluation order, so evaluating is one pass over them: a deep
//! `NOT NOT ... NOT` needs no stack at all.
//!
//! The pass is compiled once per kind of item (`Source`): a decoded item's paths find `&AttributeValue`s that
//! are compared and recorded as they are, and a stored image's paths find encoded values that are decoded only
//! where a verdict compares them (and recorded as bytes). Neither pays for the other's representation.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::{
    Condition, ConditionKind, Function, Node, NodeId, NodeView, Operand, Path, PathElement, Span,
};
use super::attribute_key::Key;
use super::eval_functions::{self as f, Verdict};
use super::eval_read::{EMPTY_ITEM, MAX_OPERAND_DEPTH};
use super::eval_trace;
use super::item_view::{self, ItemView};
use super::ExpressionAttributes;
use crate::engine::image::{ImageRef, RawValue};
use crate::engine::item::Item;
use crate::engine::messages::ExpressionKind;
use crate::engine::trace::{ConditionTrace, Label, NodeNote, NodeRecord, ReadRecord, Text};
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
    match item {
        None => evaluate(cond, text, kind, Decoded(&EMPTY_ITEM), attrs),
        Some(ItemView::Item(item)) => evaluate(cond, text, kind, Decoded(item), attrs),
        Some(ItemView::Image(image)) => evaluate(cond, text, kind, Encoded(image), attrs),
    }
}

/// What a condition's paths are read from.
trait Source<'c>: Copy {
    /// What a path finds, before any decoding.
    type Found: Copy;
    /// The value path `p` addresses (`eval_read::lookup`'s rules); `None` when it does not resolve.
    fn lookup(self, p: &Path, names: &BTreeMap<String, String>) -> Option<Self::Found>;
    /// The top-level attribute `name`.
    fn attribute(self, name: &str) -> Option<Self::Found>;
    /// Records a read that found `found`.
    fn record(
        trace: &mut ConditionTrace,
        source: Text,
        resolved: Text,
        span: Span,
        found: Option<Self::Found>,
    );
    /// The value found, decoded if need be (`None` only for a damaged image, read as absent); with
    /// `presence_only`, something that stands for it when decoding would cost (`attribute_exists` asks no
    /// more).
    fn value(found: Self::Found, presence_only: bool) -> Option<Cow<'c, AttributeValue>>;
}

/// A decoded item: paths find its values, borrowed.
#[derive(Clone, Copy)]
struct Decoded<'c>(&'c Item);

impl<'c> Source<'c> for Decoded<'c> {
    type Found = &'c AttributeValue;
    #[inline(always)]
    fn lookup(self, p: &Path, names: &BTreeMap<String, String>) -> Option<&'c AttributeValue> {
        super::eval_read::lookup(self.0, p, names)
    }
    #[inline(always)]
    fn attribute(self, name: &str) -> Option<&'c AttributeValue> {
        self.0.get(Key::new(name))
    }
    #[inline(always)]
    fn record(
        trace: &mut ConditionTrace,
        source: Text,
        resolved: Text,
        span: Span,
        found: Option<&'c AttributeValue>,
    ) {
        trace.push_read_of(source, resolved, span, found);
    }
    #[inline(always)]
    fn value(found: &'c AttributeValue, _: bool) -> Option<Cow<'c, AttributeValue>> {
        Some(Cow::Borrowed(found))
    }
}

/// A stored item's image: paths find encoded values.
#[derive(Clone, Copy)]
struct Encoded<'c>(ImageRef<'c>);

impl<'c> Source<'c> for Encoded<'c> {
    type Found = RawValue<'c>;
    #[inline]
    fn lookup(self, p: &Path, names: &BTreeMap<String, String>) -> Option<RawValue<'c>> {
        item_view::lookup_raw(self.0, p, names)
    }
    #[inline]
    fn attribute(self, name: &str) -> Option<RawValue<'c>> {
        self.0.raw(name)
    }
    #[inline]
    fn record(
        trace: &mut ConditionTrace,
        source: Text,
        resolved: Text,
        span: Span,
        found: Option<RawValue<'c>>,
    ) {
        let value = match found {
            Some(raw) => trace.store_raw(raw),
            None => crate::engine::trace::StoredValue::Absent,
        };
        trace.push_read(ReadRecord {
            source,
            resolved,
            span,
            value,
        });
    }
    #[inline]
    fn value(found: RawValue<'c>, presence_only: bool) -> Option<Cow<'c, AttributeValue>> {
        if presence_only {
            return Some(Cow::Borrowed(&PRESENT));
        }
        found.decode().map(Cow::Owned)
    }
}

struct Context<'t, 'c, S> {
    text: &'t str,
    source: S,
    names: &'t BTreeMap<String, String>,
    values: &'c super::ValueMap,
}

/// The pass over the nodes, for one kind of source.
fn evaluate<'c, S: Source<'c>>(
    cond: &Condition,
    text: &Arc<str>,
    kind: ExpressionKind,
    source: S,
    attrs: &'c ExpressionAttributes,
) -> ConditionTrace {
    let ctx = Context {
        text,
        source,
        names: &attrs.names,
        values: &attrs.values,
    };
    // Room for every node, and for one read per node and one more: a condition of n leaves has n - 1 inner
    // nodes (which read nothing), and most leaves read two operands, so this is usually exact; a BETWEEN or a
    // long IN list grows it.
    let mut trace =
        ConditionTrace::with_capacity(kind, text.clone(), cond.nodes.len(), cond.nodes.len() + 1);
    for (id, node) in cond.nodes.iter().enumerate() {
        let evaluated = match node.kind {
            ConditionKind::Not(child) => {
                let result = !trace.adopt(child, id);
                composite(&trace, id, node, "NOT", result)
            }
            ConditionKind::And(left, right) => {
                let (l, r) = (trace.adopt(left, id), trace.adopt(right, id));
                composite(&trace, id, node, "AND", l && r)
            }
            ConditionKind::Or(left, right) => {
                let (l, r) = (trace.adopt(left, id), trace.adopt(right, id));
                composite(&trace, id, node, "OR", l || r)
            }
            _ => leaf(cond.view(node), node, id, &ctx, &mut trace),
        };
        trace.push_node(evaluated);
    }
    trace.result = trace.last_result();
    trace
}

/// NOT, AND or OR at `id`, whose children (already in the trace, since children come first) it adopted.
#[inline(always)]
fn composite(
    trace: &ConditionTrace,
    id: NodeId,
    node: &Node,
    label: &'static str,
    result: bool,
) -> NodeRecord {
    let reads = trace.reads_len();
    NodeRecord {
        id,
        parent: None,
        span: node.span,
        label: Label::Static(label),
        reads: (reads, reads),
        result,
        note: None,
    }
}

/// One leaf: its operands are read in the order written, each into the trace (which keeps its own encoded copy)
/// and into a local that the verdict compares (the original, borrowed). An operand that exists but has no value
/// of the needed kind (`size()` of a number) makes its absence a type problem.
#[inline(always)]
fn leaf<'c, S: Source<'c>>(
    view: NodeView<'_>,
    cond: &Node,
    id: NodeId,
    ctx: &Context<'_, 'c, S>,
    trace: &mut ConditionTrace,
) -> NodeRecord {
    let first_read = trace.reads_len();
    let mut unsized_operand = false;
    // Every operand is read (and traced) first, then the verdict compares what they found (a value still
    // encoded in an image is decoded as it is read, unless only its presence matters).
    let (label, verdict) = match view {
        NodeView::Compare { op, left, right } => {
            let l = read(ctx, left, trace, &mut unsized_operand, false);
            let r = read(ctx, right, trace, &mut unsized_operand, false);
            (op.symbol(), f::compare(*op, l.as_deref(), r.as_deref()))
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            let x = read(ctx, operand, trace, &mut unsized_operand, false);
            let lo = read(ctx, lower, trace, &mut unsized_operand, false);
            let hi = read(ctx, upper, trace, &mut unsized_operand, false);
            let v = f::between(x.as_deref(), lo.as_deref(), hi.as_deref());
            ("BETWEEN", v)
        }
        NodeView::In { operand, list } => {
            let x = read(ctx, operand, trace, &mut unsized_operand, false);
            let members: Vec<_> = list
                .iter()
                .map(|m| read(ctx, m, trace, &mut unsized_operand, false))
                .collect();
            let v = f::in_list(x.as_deref(), members.iter().map(|m| m.as_deref()));
            ("IN", v)
        }
        NodeView::Function(call) => {
            // Every argument is read (and traced); the functions look at the first two.
            // Whether the path resolves is all `attribute_exists` and `attribute_not_exists` ask: a value
            // still encoded is not decoded for them.
            let presence_only = matches!(
                call.function,
                Function::AttributeExists | Function::AttributeNotExists
            );
            let (mut a, mut b) = (None, None);
            for (i, argument) in call.args.iter().enumerate() {
                let got = read(ctx, argument, trace, &mut unsized_operand, presence_only);
                match i {
                    0 => a = got,
                    1 => b = got,
                    _ => {}
                }
            }
            let v = match call.function {
                Function::AttributeExists => f::attribute_exists(a.as_deref()),
                Function::AttributeNotExists => f::attribute_not_exists(a.as_deref()),
                function => {
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
        // Composite nodes are handled by `evaluate`; reaching here would be a bug there, and a false node is
        // the harmless answer.
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

/// Read one operand: records it in the trace and gives what it found; sets `unsized_operand` when it is
/// `size()` of something that has no size.
#[inline(always)]
fn read<'c, S: Source<'c>>(
    ctx: &Context<'_, 'c, S>,
    operand: &Operand,
    trace: &mut ConditionTrace,
    unsized_operand: &mut bool,
    presence_only: bool,
) -> Option<Cow<'c, AttributeValue>> {
    match operand {
        // Paths and `:values`, the usual operands, read directly. A one-name path (nearly every path) is
        // resolved once, for the lookup and the trace alike.
        Operand::Path(p) => {
            if let [PathElement::Name {
                name, placeholder, ..
            }] = p.elements.as_slice()
            {
                let name = name.as_str();
                let attribute = match placeholder {
                    true => ctx.names.get(Key::new(name)).map(String::as_str),
                    false => Some(name),
                };
                let found = attribute.and_then(|a| ctx.source.attribute(a));
                let (source, is_name) =
                    eval_trace::named_source(trace, ctx.text, operand, p.span, name);
                // `eval_read::render_path`: the name, `#name` substituted when defined.
                let resolved = match attribute {
                    Some(_) if is_name && !placeholder => source,
                    Some(attribute) => trace.push_text(attribute),
                    None => trace.push_text(name),
                };
                S::record(trace, source, resolved, p.span, found);
                return found.and_then(|found| S::value(found, presence_only));
            }
            let found = ctx.source.lookup(p, ctx.names);
            let (source, resolved) = eval_trace::path_texts(trace, ctx.text, operand, p, ctx.names);
            S::record(trace, source, resolved, p.span, found);
            found.and_then(|found| S::value(found, presence_only))
        }
        Operand::Value { name, .. } => {
            let value = ctx.values.get(name);
            eval_trace::placeholder(trace, ctx.text, operand, name, value);
            value.map(Cow::Borrowed)
        }
        Operand::Function(_) => {
            let value = value_of(ctx, operand, 0, unsized_operand);
            eval_trace::function(trace, ctx.text, operand, ctx.names, value.as_deref());
            value
        }
    }
}

/// The value of an operand: borrowed from the item or the placeholders, or computed (`size()`).
fn value_of<'c, S: Source<'c>>(
    ctx: &Context<'_, 'c, S>,
    operand: &Operand,
    depth: usize,
    unsized_operand: &mut bool,
) -> Option<Cow<'c, AttributeValue>> {
    match operand {
        Operand::Path(p) => ctx
            .source
            .lookup(p, ctx.names)
            .and_then(|found| S::value(found, false)),
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
    use crate::engine::expr::ast::{Comparator, Leaf};
    use crate::engine::expr::eval_read;
    use crate::engine::trace::TracedValue;

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

    /// The reads of one-name paths and `:values` (read without rendering) record what an update's reads record
    /// (`eval_read::path_read` / `value_read`), whether the operand's span holds its name, other text of the
    /// same length, text of another length, or nothing; `#names` defined or not; on an item and an image.
    #[test]
    fn one_name_reads_record_what_update_reads_record() {
        use crate::engine::image::ItemImage;
        let text = "Price = Prize AND #a <> :vv AND Pr = :v AND #u = :nope";
        let mut attrs = ExpressionAttributes::default();
        attrs.names.insert("#a".into(), "Author".into());
        attrs
            .values
            .insert(":v".into(), AttributeValue::S("x".into()));
        let mut item = Item::new();
        item.insert("Price".into(), AttributeValue::S("p".into()));
        item.insert("Author".into(), AttributeValue::S("a".into()));
        let named = |name: &str, placeholder: bool, span: Span| {
            Operand::Path(Path {
                elements: smallvec::smallvec![PathElement::Name {
                    name: name.into(),
                    placeholder,
                    span,
                }],
                span,
            })
        };
        let operands = [
            named("Price", false, Span::new(0, 5)),
            // Same length as the text under its span, different bytes.
            named("Price", false, Span::new(8, 13)),
            named("#a", true, Span::new(18, 20)),
            Operand::Value {
                name: ":v".into(),
                span: Span::new(24, 27),
            },
            named("Price", false, Span::new(32, 34)),
            Operand::Value {
                name: ":v".into(),
                span: Span::new(37, 39),
            },
            named("#u", true, Span::new(44, 46)),
            Operand::Value {
                name: ":nope".into(),
                span: Span::new(49, 54),
            },
            named("Author", false, Span::new(400, 406)),
            named("#a", true, Span::new(0, 0)),
        ];
        for pair in operands.chunks(2) {
            let [left, right] = pair else { continue };
            let leaf = cond(
                Leaf::Compare {
                    op: Comparator::Eq,
                    left: left.clone(),
                    right: right.clone(),
                },
                0,
                text.len(),
            );
            let image = ItemImage::encode(&item);
            let on_item = evaluate_condition(
                &leaf,
                text,
                ExpressionKind::ConditionExpression,
                Some(&item),
                &attrs,
            );
            let on_image = evaluate_condition_view(
                &leaf,
                &text.into(),
                ExpressionKind::ConditionExpression,
                Some(ItemView::Image(image.as_image())),
                &attrs,
            );
            assert_eq!(on_image, on_item);
            let reads = on_item.nodes().remove(0).reads;
            for (read, operand) in reads.iter().zip([left, right]) {
                let want = match operand {
                    Operand::Path(p) => {
                        let value = eval_read::lookup(&item, p, &attrs.names);
                        eval_read::path_read(
                            text,
                            operand,
                            p,
                            &attrs.names,
                            value.map(TracedValue::new),
                        )
                    }
                    Operand::Value { name, .. } => {
                        eval_read::value_read(text, operand, name, attrs.values.get(name))
                    }
                    Operand::Function(_) => continue,
                };
                assert_eq!(*read, want, "{operand:?}");
            }
        }
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
