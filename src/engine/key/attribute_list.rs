//! A small attribute map as a request sends it (a transaction's Put item, or its Update, Delete or
//! ConditionCheck `Key`), validated but not built into an `Item`: a key has one or two attributes and a Put item
//! a few, and a tree map costs more to build and free (a node of about 700 bytes, rebalancing code) than
//! everything the action does with it (its key, its checks, its image). A single entry (a partition key, the
//! usual `Key`) is kept inline; more go in a plain `Vec` (not a `SmallVec`: an action is moved several times,
//! and several entries inline would make it twice as large). Entries are in name order, one per name (a name
//! sent twice keeps its last value, as the map would).
use super::super::item::Item;
use super::super::value::AttributeValue;

/// See the module comment.
#[derive(Clone, Debug)]
pub struct AttributeList(Entries);

#[derive(Clone, Debug)]
enum Entries {
    One((String, AttributeValue)),
    Many(Vec<(String, AttributeValue)>),
}

impl Default for AttributeList {
    fn default() -> Self {
        AttributeList(Entries::Many(Vec::new()))
    }
}

/// Equal when the entries are (however they are kept).
impl PartialEq for AttributeList {
    fn eq(&self, other: &Self) -> bool {
        self.entries() == other.entries()
    }
}

impl AttributeList {
    /// The map of `entries`, in any order; of a name given twice, the last value is kept. `n log n` in the
    /// number of entries (a request may send many; only one or two fit a table).
    pub fn from_entries(mut entries: Vec<(String, AttributeValue)>) -> AttributeList {
        // Two entries (a hash and range key, a small item): one comparison, no sort.
        if let [first, second] = entries.as_mut_slice() {
            match first.0.cmp(&second.0) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Greater => std::mem::swap(first, second),
                std::cmp::Ordering::Equal => {
                    // The last given wins.
                    entries.swap_remove(0);
                }
            }
            return AttributeList(Entries::Many(entries));
        }
        if entries.len() > 1 {
            // Stable: equal names stay in the order given. `dedup_by` keeps the first of equal neighbours, so
            // each later one hands it its value: the last given wins.
            entries.sort_by(|(a, _), (b, _)| a.cmp(b));
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        AttributeList(Entries::Many(entries))
    }
    /// The map of one attribute (no allocation).
    pub fn one(name: String, value: AttributeValue) -> AttributeList {
        AttributeList(Entries::One((name, value)))
    }
    /// The entries in name order.
    fn entries(&self) -> &[(String, AttributeValue)] {
        match &self.0 {
            Entries::One(entry) => std::slice::from_ref(entry),
            Entries::Many(entries) => entries,
        }
    }
    pub fn get(&self, name: &str) -> Option<&AttributeValue> {
        self.entries()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
    pub fn len(&self) -> usize {
        self.entries().len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }
    /// The entries in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttributeValue)> + Clone {
        self.entries().iter().map(|(n, v)| (n.as_str(), v))
    }
    /// The item size (spec §7.1) of the map.
    pub fn size(&self) -> usize {
        self.entries().iter().map(|(n, v)| n.len() + v.size()).sum()
    }
    /// Whether every attribute nests at most `max` levels.
    pub fn nests_within(&self, max: usize) -> bool {
        self.entries().iter().all(|(_, v)| v.depth() <= max)
    }
    /// The map as an `Item`.
    pub fn to_item(&self) -> Item {
        self.entries().iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    /// A single attribute kept inline is the map `from_entries` builds of it.
    #[test]
    fn one_attribute_is_the_list_of_it() {
        let one = AttributeList::one("pk".into(), s("a"));
        let listed = AttributeList::from_entries(vec![("pk".into(), s("a"))]);
        assert_eq!(one, listed);
        assert_eq!(one.to_item(), listed.to_item());
        assert!(one.iter().eq(listed.iter()));
        assert_eq!((one.len(), one.size()), (listed.len(), listed.size()));
        assert_eq!(one.get("pk"), Some(&s("a")));
        assert_eq!(one.get("sk"), None);
        assert_ne!(one, AttributeList::one("pk".into(), s("b")));
    }

    /// Built from entries in any order, with repeated names, the map holds what an `Item` built by inserting
    /// them in order holds, in the same order.
    #[test]
    fn key_maps_are_what_items_would_hold() {
        let cases: [&[(&str, &str)]; 7] = [
            &[],
            &[("pk", "a")],
            &[("sk", "1"), ("pk", "a")],
            &[("pk", "a"), ("sk", "1")],
            &[("pk", "a"), ("pk", "b")],
            &[
                ("pk", "a"),
                ("sk", "1"),
                ("pk", "b"),
                ("x", "y"),
                ("pk", "c"),
            ],
            &[("b", "1"), ("a", "2"), ("b", "3"), ("a", "4")],
        ];
        for entries in cases {
            let owned = || entries.iter().map(|(n, v)| (n.to_string(), s(v)));
            let map = AttributeList::from_entries(owned().collect());
            let mut item = Item::new();
            for (n, v) in owned() {
                item.insert(n, v);
            }
            assert_eq!(map.to_item(), item);
            assert!(map.iter().eq(item.iter().map(|(n, v)| (n.as_str(), v))));
            assert_eq!(map.len(), item.len());
            assert_eq!(map.size(), crate::engine::item::item_size(&item));
            for (n, v) in &item {
                assert_eq!(map.get(n), Some(v));
            }
            assert_eq!(map.get("zz"), None);
        }
    }
}
