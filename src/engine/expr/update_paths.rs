//! Where update actions write, and how all of their writes land on the item at once (spec §4.4–4.6).
//!
//! Every index in one UpdateExpression refers to a position in the *original* list (`REMOVE a[1] SET a[3] = :v`
//! on [2,3,4,5,6,7] gives [2,4,17,6,7], whatever the clause order), and SETs past the end of a list append in
//! ascending index order. So actions are not applied one after another: each records its write in an `Edits`
//! tree keyed by original map keys and list positions, and the tree is applied to the item in one pass that
//! rebuilds each touched list from its original elements.

use std::collections::BTreeMap;

use super::ast::PathSegment;
use super::item_view::ItemView;
use crate::engine::item::Item;
use crate::engine::value::AttributeValue;

// The deepest document path DynamoDB accepts (spec §3.8): the parser rejects deeper ones, and applying an edit
// recurses once per path element, so refusing deeper paths here also bounds that recursion.
use super::MAX_PATH_DEPTH;

/// Whether `segments` can be written in `item`: a top-level attribute always can; a nested path needs its
/// parent to exist and be a map (for `.name`) or a list (for `[i]`). Intermediate maps are never created.
pub(super) fn parent_is_writable(item: ItemView<'_>, segments: &[PathSegment]) -> bool {
    match segments.split_last() {
        Some((PathSegment::Attribute(_), [])) => true,
        Some((last, parent)) if !parent.is_empty() && segments.len() <= MAX_PATH_DEPTH => {
            match (item.get(parent), last) {
                (Some(found), PathSegment::Attribute(_)) => found.is_map(),
                (Some(found), PathSegment::Index(_)) => found.is_list(),
                (None, _) => false,
            }
        }
        _ => false,
    }
}

/// Two actions that write the same or nested paths, or a map key and a list index under the same parent. The
/// parser rejects both statically (spec §4.3); this only answers hand-built trees without panicking.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Overlap;

/// The writes of one update, by original position.
#[derive(Debug, Default)]
pub(super) struct Edits {
    root: BTreeMap<String, Edit>,
}

#[derive(Debug)]
pub(super) enum Edit {
    /// Put this value here (`Some`) or remove what is here (`None`).
    Write(Option<AttributeValue>),
    /// Writes inside the map that is here.
    Map(BTreeMap<String, Edit>),
    /// Writes inside the list that is here, by original index.
    List(BTreeMap<usize, Edit>),
}

fn container_for(next: &PathSegment) -> Edit {
    match next {
        PathSegment::Attribute(_) => Edit::Map(BTreeMap::new()),
        PathSegment::Index(_) => Edit::List(BTreeMap::new()),
    }
}

fn put<K: Ord>(
    map: &mut BTreeMap<K, Edit>,
    key: K,
    write: Option<AttributeValue>,
) -> Result<(), Overlap> {
    match map.entry(key) {
        std::collections::btree_map::Entry::Occupied(_) => Err(Overlap),
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(Edit::Write(write));
            Ok(())
        }
    }
}

impl Edits {
    /// Record that `segments` becomes `write` (`None` = removed). The path is taken by value: its names move
    /// into the tree instead of being copied.
    pub(super) fn record(
        &mut self,
        segments: Vec<PathSegment>,
        write: Option<AttributeValue>,
    ) -> Result<(), Overlap> {
        if segments.len() > MAX_PATH_DEPTH {
            return Err(Overlap);
        }
        let mut rest = segments.into_iter();
        let Some(PathSegment::Attribute(first)) = rest.next() else {
            return Err(Overlap);
        };
        let Some(mut segment) = rest.next() else {
            return put(&mut self.root, first, write);
        };
        let mut node = self
            .root
            .entry(first)
            .or_insert_with(|| container_for(&segment));
        for next in rest {
            node = match (node, segment) {
                (Edit::Map(m), PathSegment::Attribute(k)) => {
                    m.entry(k).or_insert_with(|| container_for(&next))
                }
                (Edit::List(l), PathSegment::Index(ix)) => {
                    l.entry(ix).or_insert_with(|| container_for(&next))
                }
                _ => return Err(Overlap),
            };
            segment = next;
        }
        match (node, segment) {
            (Edit::Map(m), PathSegment::Attribute(k)) => put(m, k, write),
            (Edit::List(l), PathSegment::Index(ix)) => put(l, ix, write),
            _ => Err(Overlap),
        }
    }

    /// The writes to top-level attributes, by name.
    pub(super) fn into_root(self) -> BTreeMap<String, Edit> {
        self.root
    }

    /// Apply every recorded write to `item` (the pre-update item). `Err` only if a recorded path no longer fits
    /// the item, which `parent_is_writable` rules out beforehand.
    pub(super) fn apply(self, item: &mut Item) -> Result<(), Overlap> {
        apply_map(item, self.root)
    }
}

fn apply_map(
    map: &mut BTreeMap<String, AttributeValue>,
    edits: BTreeMap<String, Edit>,
) -> Result<(), Overlap> {
    for (key, edit) in edits {
        match edit {
            // An existing attribute takes its new value where it is (its key stays; no node insert).
            Edit::Write(Some(v)) => match map.get_mut(&key) {
                Some(slot) => *slot = v,
                None => {
                    map.insert(key, v);
                }
            },
            Edit::Write(None) => {
                map.remove(&key);
            }
            nested => match map.get_mut(&key) {
                Some(value) => apply_nested(value, nested)?,
                None => return Err(Overlap),
            },
        }
    }
    Ok(())
}

pub(super) fn apply_nested(value: &mut AttributeValue, edit: Edit) -> Result<(), Overlap> {
    match (value, edit) {
        (AttributeValue::M(m), Edit::Map(edits)) => apply_map(m, edits),
        (AttributeValue::L(l), Edit::List(edits)) => apply_list(l, edits),
        _ => Err(Overlap),
    }
}

/// Rebuild the list from its original elements: replaced ones take their new value, removed ones drop out (so
/// later elements shift down), and writes past the original end are appended in ascending index order.
fn apply_list(
    list: &mut Vec<AttributeValue>,
    mut edits: BTreeMap<usize, Edit>,
) -> Result<(), Overlap> {
    let original = std::mem::take(list);
    for (i, mut element) in original.into_iter().enumerate() {
        match edits.remove(&i) {
            None => list.push(element),
            Some(Edit::Write(Some(v))) => list.push(v),
            Some(Edit::Write(None)) => {}
            Some(nested) => {
                apply_nested(&mut element, nested)?;
                list.push(element);
            }
        }
    }
    for (_, edit) in edits {
        match edit {
            Edit::Write(Some(v)) => list.push(v),
            // Removing past the end is a no-op.
            Edit::Write(None) => {}
            // A nested write needs an existing element to descend into.
            _ => return Err(Overlap),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(n: &str) -> PathSegment {
        PathSegment::Attribute(n.to_string())
    }
    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.to_string())
    }
    fn list(xs: &[&str]) -> AttributeValue {
        AttributeValue::L(xs.iter().map(|x| s(x)).collect())
    }

    #[test]
    fn original_indexes_and_ascending_appends() {
        let mut item = Item::new();
        item.insert("a".into(), list(&["2", "3", "4", "5", "6", "7"]));
        let mut edits = Edits::default();
        edits
            .record(vec![attr("a"), PathSegment::Index(3)], Some(s("17")))
            .unwrap();
        edits
            .record(vec![attr("a"), PathSegment::Index(1)], None)
            .unwrap();
        edits
            .record(vec![attr("a"), PathSegment::Index(84)], Some(s("a1")))
            .unwrap();
        edits
            .record(vec![attr("a"), PathSegment::Index(17)], Some(s("a3")))
            .unwrap();
        edits.apply(&mut item).unwrap();
        assert_eq!(item["a"], list(&["2", "4", "17", "6", "7", "a3", "a1"]));
    }

    #[test]
    fn overlapping_and_conflicting_writes_are_refused() {
        let mut edits = Edits::default();
        edits.record(vec![attr("a"), attr("b")], None).unwrap();
        assert_eq!(edits.record(vec![attr("a")], None), Err(Overlap));
        assert_eq!(
            edits.record(vec![attr("a"), attr("b"), attr("c")], None),
            Err(Overlap)
        );
        assert_eq!(
            edits.record(vec![attr("a"), PathSegment::Index(1)], None),
            Err(Overlap)
        );
        assert_eq!(
            edits.record(vec![PathSegment::Index(1)], None),
            Err(Overlap)
        );
    }

    /// The same answers on the decoded item and on its image.
    #[test]
    fn writable_parents() {
        let mut item = Item::new();
        item.insert("l".into(), list(&["x"]));
        item.insert("s".into(), s("x"));
        let image = crate::engine::image::ItemImage::encode(&item);
        for view in [ItemView::Item(&item), ItemView::Image(image.as_image())] {
            assert!(parent_is_writable(view, &[attr("new")]));
            assert!(parent_is_writable(
                view,
                &[attr("l"), PathSegment::Index(9)]
            ));
            assert!(!parent_is_writable(view, &[attr("l"), attr("k")]));
            assert!(!parent_is_writable(view, &[attr("s"), attr("k")]));
            assert!(!parent_is_writable(view, &[attr("m"), attr("k")]));
            assert!(!parent_is_writable(view, &[PathSegment::Index(0)]));
        }
    }
}
