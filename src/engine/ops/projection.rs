//! Keeping only some document paths of an item: ProjectionExpression, and ReturnValues UPDATED_OLD/UPDATED_NEW.
//!
//! DynamoDB returns the selected parts in their place: `a.b` gives `{a: {b: ...}}`, and list elements keep
//! their order but close up (`a[1], a[3]` of `[0,1,2,3]` gives `[1,3]`). Paths that do not resolve give
//! nothing. Path depth is bounded by the parser (32), so the recursion here is bounded.

use std::collections::BTreeMap;

use crate::engine::expr::ast::{PathSegment, Projection};
use crate::engine::expr::path;
use crate::engine::item::Item;
use crate::engine::value::AttributeValue;

#[derive(Debug, Default)]
enum Node {
    /// Take the whole value.
    #[default]
    Leaf,
    Map(BTreeMap<String, Node>),
    List(BTreeMap<usize, Node>),
}

/// A set of paths to keep, merged into a tree.
#[derive(Debug, Default)]
pub struct PathTree {
    top: BTreeMap<String, Node>,
}

impl PathTree {
    pub fn new() -> PathTree {
        PathTree::default()
    }
    pub fn from_projection(projection: &Projection, names: &BTreeMap<String, String>) -> PathTree {
        let mut tree = PathTree::new();
        for p in &projection.paths {
            if let Some(segments) = path::resolve(p, names) {
                tree.insert(&segments);
            }
        }
        tree
    }
    pub fn insert(&mut self, segments: &[PathSegment]) {
        let Some((PathSegment::Attribute(first), rest)) = segments.split_first() else {
            return;
        };
        let node = self.top.entry(first.clone()).or_insert_with(|| {
            if rest.is_empty() {
                Node::Leaf
            } else {
                empty_for(&rest[0])
            }
        });
        if rest.is_empty() {
            *node = Node::Leaf;
            return;
        }
        insert_into(node, rest);
    }
    pub fn is_empty(&self) -> bool {
        self.top.is_empty()
    }
    /// The top-level attribute names the tree touches.
    pub fn top_names(&self) -> impl Iterator<Item = &str> {
        self.top.keys().map(|s| s.as_str())
    }
    /// The parts of `item` the tree selects.
    pub fn apply(&self, item: &Item) -> Item {
        let mut out = Item::new();
        for (name, node) in &self.top {
            if let Some(v) = item.get(name) {
                if let Some(kept) = extract(v, node) {
                    out.insert(name.clone(), kept);
                }
            }
        }
        out
    }
}

fn empty_for(segment: &PathSegment) -> Node {
    match segment {
        PathSegment::Attribute(_) => Node::Map(BTreeMap::new()),
        PathSegment::Index(_) => Node::List(BTreeMap::new()),
    }
}

fn insert_into(node: &mut Node, segments: &[PathSegment]) {
    let mut node = node;
    let mut segments = segments;
    while let Some((seg, rest)) = segments.split_first() {
        let child = match (node, seg) {
            // An enclosing path already takes the whole value.
            (Node::Leaf, _) => return,
            (Node::Map(children), PathSegment::Attribute(name)) => children
                .entry(name.clone())
                .or_insert_with(|| rest.first().map(empty_for).unwrap_or(Node::Leaf)),
            (Node::List(children), PathSegment::Index(i)) => children
                .entry(*i)
                .or_insert_with(|| rest.first().map(empty_for).unwrap_or(Node::Leaf)),
            // Conflicting shapes were refused by the parser; keep the first.
            _ => return,
        };
        if rest.is_empty() {
            *child = Node::Leaf;
            return;
        }
        node = child;
        segments = rest;
    }
}

fn extract(value: &AttributeValue, node: &Node) -> Option<AttributeValue> {
    match (node, value) {
        (Node::Leaf, v) => Some(v.clone()),
        (Node::Map(children), AttributeValue::M(map)) => {
            let kept: BTreeMap<String, AttributeValue> = children
                .iter()
                .filter_map(|(name, child)| {
                    map.get(name)
                        .and_then(|v| extract(v, child))
                        .map(|v| (name.clone(), v))
                })
                .collect();
            (!kept.is_empty()).then_some(AttributeValue::M(kept))
        }
        (Node::List(children), AttributeValue::L(list)) => {
            let kept: Vec<AttributeValue> = children
                .iter()
                .filter_map(|(i, child)| list.get(*i).and_then(|v| extract(v, child)))
                .collect();
            (!kept.is_empty()).then_some(AttributeValue::L(kept))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.to_string())
    }
    fn attr(x: &str) -> PathSegment {
        PathSegment::Attribute(x.to_string())
    }

    #[test]
    fn keeps_selected_parts_in_place() {
        let mut inner = BTreeMap::new();
        inner.insert("b".to_string(), s("B"));
        inner.insert("c".to_string(), s("C"));
        let mut item = Item::new();
        item.insert("a".into(), AttributeValue::M(inner));
        item.insert(
            "l".into(),
            AttributeValue::L(vec![s("0"), s("1"), s("2"), s("3")]),
        );
        item.insert("x".into(), s("X"));
        let mut tree = PathTree::new();
        tree.insert(&[attr("a"), attr("b")]);
        tree.insert(&[attr("l"), PathSegment::Index(3)]);
        tree.insert(&[attr("l"), PathSegment::Index(1)]);
        tree.insert(&[attr("missing")]);
        tree.insert(&[attr("x"), attr("deeper")]);
        let out = tree.apply(&item);
        let mut expect_a = BTreeMap::new();
        expect_a.insert("b".to_string(), s("B"));
        let mut expect = Item::new();
        expect.insert("a".into(), AttributeValue::M(expect_a));
        expect.insert("l".into(), AttributeValue::L(vec![s("1"), s("3")]));
        assert_eq!(out, expect);
    }

    #[test]
    fn an_enclosing_path_wins() {
        let mut item = Item::new();
        item.insert("a".into(), AttributeValue::L(vec![s("0"), s("1")]));
        let mut tree = PathTree::new();
        tree.insert(&[attr("a"), PathSegment::Index(1)]);
        tree.insert(&[attr("a")]);
        assert_eq!(tree.apply(&item), item);
    }
}
