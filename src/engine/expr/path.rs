//! Document paths after `#name` substitution: resolving, reading from an item, and rendering.

use std::collections::BTreeMap;
use std::fmt::Write;

use compact_str::CompactString;

use super::ast::{Path, PathElement, PathSegment};
use crate::engine::item::Item;
use crate::engine::value::AttributeValue;

/// Substitute `#name` placeholders. `None` if a placeholder is not defined (the parser reports that first, so
/// evaluators can treat `None` as unreachable-in-practice and fall back to "absent").
pub fn resolve(path: &Path, names: &BTreeMap<String, String>) -> Option<Vec<PathSegment>> {
    path.elements
        .iter()
        .map(|element| match element {
            PathElement::Name {
                name,
                placeholder: true,
                ..
            } => names
                .get(name.as_str())
                .map(|n| PathSegment::Attribute(n.clone())),
            PathElement::Name { name, .. } => Some(PathSegment::Attribute(name.to_string())),
            PathElement::Index { index, .. } => Some(PathSegment::Index(*index)),
        })
        .collect()
}

/// The value at `segments` in `item`, or `None` when the path does not resolve (missing attribute, missing map
/// key, index past the end, or descending into something that is not a map or list).
pub fn get<'a>(item: &'a Item, segments: &[PathSegment]) -> Option<&'a AttributeValue> {
    let (first, rest) = segments.split_first()?;
    let mut current = match first {
        PathSegment::Attribute(name) => item.get(name)?,
        PathSegment::Index(_) => return None,
    };
    for segment in rest {
        current = match (segment, current) {
            (PathSegment::Attribute(name), AttributeValue::M(map)) => map.get(name)?,
            (PathSegment::Index(i), AttributeValue::L(list)) => list.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// DynamoDB's rendering inside messages: `[a, b, [1], c]` (spec §3.8).
pub fn render_for_message(segments: &[PathSegment]) -> String {
    let parts: Vec<String> = segments
        .iter()
        .map(|s| match s {
            PathSegment::Attribute(name) => name.clone(),
            PathSegment::Index(i) => format!("[{i}]"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// A readable rendering for traces and front ends: `a.b[1].c`.
pub fn render_dotted(segments: &[PathSegment]) -> String {
    render_dotted_compact(segments).into()
}

/// `render_dotted` as the trace keeps it (inline when short: an update step's path is usually one name).
pub fn render_dotted_compact(segments: &[PathSegment]) -> CompactString {
    let mut out = CompactString::default();
    for (i, s) in segments.iter().enumerate() {
        match s {
            PathSegment::Attribute(name) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(name);
            }
            PathSegment::Index(n) => {
                // Writing to a string cannot fail.
                let _ = write!(out, "[{n}]");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_dynamodb() {
        let segs = vec![
            PathSegment::Attribute("a".into()),
            PathSegment::Attribute("b".into()),
            PathSegment::Index(1),
            PathSegment::Attribute("c".into()),
        ];
        assert_eq!(render_for_message(&segs), "[a, b, [1], c]");
        assert_eq!(render_dotted(&segs), "a.b[1].c");
    }

    #[test]
    fn get_follows_maps_and_lists_and_stops_on_anything_else() {
        let mut inner = BTreeMap::new();
        inner.insert(
            "x".to_string(),
            AttributeValue::L(vec![AttributeValue::Bool(true)]),
        );
        let mut item = Item::new();
        item.insert("a".into(), AttributeValue::M(inner));
        item.insert("s".into(), AttributeValue::S("str".into()));
        let a = PathSegment::Attribute("a".into());
        let x = PathSegment::Attribute("x".into());
        assert_eq!(
            get(&item, &[a.clone(), x.clone(), PathSegment::Index(0)]),
            Some(&AttributeValue::Bool(true))
        );
        assert_eq!(
            get(&item, &[a.clone(), x.clone(), PathSegment::Index(1)]),
            None
        );
        assert_eq!(get(&item, &[a, PathSegment::Index(0)]), None);
        assert_eq!(get(&item, &[PathSegment::Attribute("s".into()), x]), None);
    }
}
