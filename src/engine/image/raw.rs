//! One encoded value inside an image, borrowed: what a reader finds at an attribute (or deeper, at a map key or
//! a list position) before deciding whether to decode it. Conditions and updates evaluated on a stored image
//! read attributes this way, so that only the values an expression reads are decoded, and a value the trace
//! records is copied as bytes (`TracedValue::from_raw`) instead of decoded and encoded again.

use super::codec::{tags, Reader};
use super::ImageRef;
use crate::engine::value::AttributeValue;

/// An encoded value: its tag byte and payload, exactly as the codec wrote it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawValue<'a>(&'a [u8]);

impl<'a> RawValue<'a> {
    /// The encoded bytes (tag first).
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    /// The type tag (`image::tags`).
    pub fn tag(&self) -> u8 {
        self.0.first().copied().unwrap_or(0)
    }
    /// Whether the value is a map or a list (the only values whose encoding has a length field).
    pub fn is_document(&self) -> bool {
        matches!(self.tag(), tags::M | tags::L)
    }
    /// The value, decoded. `None` only for bytes the codec cannot have written.
    pub fn decode(&self) -> Option<AttributeValue> {
        Reader::new(self.0).value(0)
    }
    /// The value's size (spec §7.1); a string or binary is not decoded for it.
    pub fn size(&self) -> Option<usize> {
        match self.0.split_first() {
            Some((&(tags::S | tags::B), rest)) => Reader::new(rest).varint().map(|n| n as usize),
            _ => self.decode().map(|value| value.size()),
        }
    }
    /// The value under `key` when this is a map.
    pub fn field(&self, key: &str) -> Option<RawValue<'a>> {
        let mut r = self.contents(tags::M)?;
        for _ in 0..r.varint()? {
            let here = r.str_bytes()?;
            match super::cmp_name(here, key.as_bytes()) {
                std::cmp::Ordering::Equal => return next_value(&mut r),
                // Keys are in order: `key` is not there.
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Less => r.skip_value()?,
            }
        }
        None
    }
    /// The element at `index` when this is a list.
    pub fn element(&self, index: usize) -> Option<RawValue<'a>> {
        let mut r = self.contents(tags::L)?;
        let count = r.varint()?;
        if index as u64 >= count {
            return None;
        }
        for _ in 0..index {
            r.skip_value()?;
        }
        next_value(&mut r)
    }
    /// A reader at the contents (count, then entries) of a map or list tagged `tag`.
    fn contents(&self, tag: u8) -> Option<Reader<'a>> {
        let (&first, rest) = self.0.split_first()?;
        if first != tag {
            return None;
        }
        let mut r = Reader::new(rest);
        r.take(4)?;
        Some(r)
    }
}

impl std::fmt::Debug for RawValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.decode().fmt(f)
    }
}

/// The value the reader is at, as a `RawValue`; the reader moves past it.
pub(super) fn next_value<'a>(r: &mut Reader<'a>) -> Option<RawValue<'a>> {
    let start = r.rest();
    r.skip_value()?;
    let len = start.len() - r.rest().len();
    start.get(..len).map(RawValue)
}

/// One top-level attribute of an image: its name and value, and the bytes of both (what a splice copies).
#[derive(Clone, Copy, Debug)]
pub struct RawAttribute<'a> {
    pub name: &'a [u8],
    pub value: RawValue<'a>,
    /// The encoded name and value together.
    pub encoded: &'a [u8],
}

impl<'a> ImageRef<'a> {
    /// The encoded value of attribute `name`, not decoded.
    pub fn raw(&self, name: &str) -> Option<RawValue<'a>> {
        let mut r = self.find_reader(name)?;
        next_value(&mut r)
    }
    /// The attributes in order, not decoded (stops at damaged bytes).
    pub fn raw_attributes(&self) -> impl Iterator<Item = RawAttribute<'a>> {
        let mut r = Reader::new(self.bytes());
        let ok = r.varint().is_some();
        std::iter::from_fn(move || {
            if !ok || r.at_end() {
                return None;
            }
            let start = r.rest();
            let name = r.str_bytes()?;
            let value = next_value(&mut r)?;
            let len = start.len() - r.rest().len();
            Some(RawAttribute {
                name,
                value,
                encoded: start.get(..len)?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::engine::image::ItemImage;
    use crate::engine::item::Item;
    use crate::engine::number::Number;

    fn num(text: &str) -> Number {
        Number::parse(text).expect("a number")
    }
    fn n(text: &str) -> AttributeValue {
        AttributeValue::N(num(text))
    }
    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    /// Every attribute, map key and list element found as raw bytes decodes to the value the item holds; names
    /// and positions that are not there are not found.
    #[test]
    fn raw_values_are_the_item_values() {
        let mut inner = BTreeMap::new();
        inner.insert("a".to_string(), s("x"));
        inner.insert("c".to_string(), AttributeValue::L(vec![s("p"), s("q")]));
        let mut item = Item::new();
        item.insert("m".into(), AttributeValue::M(inner.clone()));
        item.insert("n".into(), AttributeValue::N(Number::from_u64(7)));
        item.insert("z".into(), AttributeValue::Bool(true));
        let image = ItemImage::encode(&item);
        let view = image.as_image();
        for (name, value) in &item {
            assert_eq!(
                view.raw(name).and_then(|r| r.decode()).as_ref(),
                Some(value)
            );
        }
        for (name, value) in &item {
            assert_eq!(view.raw(name).and_then(|r| r.size()), Some(value.size()));
        }
        assert!(view.raw("b").is_none());
        assert!(view.raw("zz").is_none());
        let m = view.raw("m").expect("m");
        assert!(m.is_document());
        assert_eq!(m.field("a").and_then(|r| r.decode()), Some(s("x")));
        assert!(m.field("b").is_none());
        let c = m.field("c").expect("c");
        assert_eq!(c.element(1).and_then(|r| r.decode()), Some(s("q")));
        assert!(c.element(2).is_none());
        assert!(c.field("a").is_none());
        assert!(view.raw("n").expect("n").element(0).is_none());
        let names: Vec<&[u8]> = view.raw_attributes().map(|a| a.name).collect();
        assert_eq!(names, [&b"m"[..], b"n", b"z"]);
        let joined: Vec<u8> = view
            .raw_attributes()
            .flat_map(|a| a.encoded.iter().copied())
            .collect();
        assert!(view.bytes().ends_with(&joined));
    }

    /// Names compare in place as slices compare.
    #[test]
    fn names_compare_as_bytes() {
        let names: [&[u8]; 7] = [b"", b"a", b"ab", b"b", b"\xff", b"a\x00", b"ba"];
        for a in names {
            for b in names {
                assert_eq!(
                    crate::engine::image::cmp_name(a, b),
                    a.cmp(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    /// A value read from an image as bytes (`TracedValue::from_raw`) is the value `TracedValue::new` encodes, for every type (inline or not).
    #[test]
    fn values_from_images_equal_encoded_values() {
        let mut inner = BTreeMap::new();
        inner.insert("k".to_string(), n("-2.5"));
        let values = [
            s(""),
            s("Dune"),
            s(&"y".repeat(200)),
            n("0"),
            n("-1E+125"),
            n("99999999999999999999999999999999999999"),
            AttributeValue::B(vec![0, 1]),
            AttributeValue::SS(vec!["a".into(), "b".into()]),
            AttributeValue::NS(vec![num("1"), num("123456789012345678901234567890")]),
            AttributeValue::BS(vec![vec![1], vec![2]]),
            AttributeValue::M(inner.clone()),
            AttributeValue::L(vec![s("x"), AttributeValue::M(inner)]),
            AttributeValue::Null,
            AttributeValue::Bool(false),
            AttributeValue::Bool(true),
        ];
        for value in values {
            let mut item = Item::new();
            item.insert("a".to_string(), value.clone());
            let image = ItemImage::encode(&item);
            let raw = image.as_image().raw("a").expect("attribute");
            let traced = crate::engine::trace::TracedValue::from_raw(raw).expect("traced");
            assert_eq!(
                traced,
                crate::engine::trace::TracedValue::new(&value),
                "{value:?}"
            );
            assert_eq!(traced.get(), Some(value));
        }
    }
}
