//! The item an expression reads: a decoded `Item`, or a stored item's image read in place. On an image, a path
//! is followed through the encoded bytes (`RawValue`), and only what the expression compares is decoded; what
//! the trace records is copied from the image as bytes (`TracedValue::from_raw`). Same rules as
//! `eval_read::lookup` and `path::get` on the decoded item: a missing attribute, map key or list position, or a
//! step into something that is not a map or list, does not resolve.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::ast::{Path, PathElement, PathSegment};
use super::attribute_key::Key;
use super::eval_read;
use crate::engine::image::{tags, ImageRef, RawValue};
use crate::engine::item::Item;
use crate::engine::trace::TracedValue;
use crate::engine::value::AttributeValue;

/// What an expression is evaluated against.
#[derive(Clone, Copy)]
pub enum ItemView<'a> {
    Item(&'a Item),
    Image(ImageRef<'a>),
}

/// A value an operand found: borrowed from a decoded item (or computed), or still encoded in an image.
#[derive(Clone, Debug)]
pub(super) enum Found<'a> {
    Value(Cow<'a, AttributeValue>),
    Raw(RawValue<'a>),
}

impl<'a> Found<'a> {
    /// The value, decoded if it was still encoded (`None` only for a damaged image, read as absent).
    pub(super) fn into_value(self) -> Option<Cow<'a, AttributeValue>> {
        match self {
            Found::Value(v) => Some(v),
            Found::Raw(raw) => raw.decode().map(Cow::Owned),
        }
    }
    /// The value as the trace keeps it.
    #[inline]
    pub(super) fn traced(&self) -> Option<TracedValue> {
        match self {
            Found::Value(v) => Some(TracedValue::new(v)),
            Found::Raw(raw) => TracedValue::from_raw(*raw),
        }
    }
    /// Whether the value is a map (`M`) or a list (`L`), as `tag` says.
    fn has_tag(&self, tag: u8) -> bool {
        match self {
            Found::Value(v) => match &**v {
                AttributeValue::M(_) => tag == tags::M,
                AttributeValue::L(_) => tag == tags::L,
                _ => false,
            },
            Found::Raw(raw) => raw.tag() == tag,
        }
    }
    pub(super) fn is_map(&self) -> bool {
        self.has_tag(tags::M)
    }
    pub(super) fn is_list(&self) -> bool {
        self.has_tag(tags::L)
    }
}

/// One step down from a found value: the map key `name`, or the list position `index`.
enum Step<'s> {
    Key(&'s str),
    Index(usize),
}

fn step<'a>(current: Found<'a>, step: Step<'_>) -> Option<Found<'a>> {
    match current {
        Found::Value(Cow::Borrowed(value)) => match (step, value) {
            (Step::Key(k), AttributeValue::M(map)) => {
                map.get(Key::new(k)).map(|v| Found::Value(Cow::Borrowed(v)))
            }
            (Step::Index(i), AttributeValue::L(list)) => {
                list.get(i).map(|v| Found::Value(Cow::Borrowed(v)))
            }
            _ => None,
        },
        // Only the item's own values are followed (computed values are never paths' starting points).
        Found::Value(Cow::Owned(_)) => None,
        Found::Raw(raw) => match step {
            Step::Key(k) => raw.field(k),
            Step::Index(i) => raw.element(i),
        }
        .map(Found::Raw),
    }
}

/// `eval_read::lookup` on a stored image: the encoded value a path addresses, `None` when it does not resolve
/// (an undefined `#name` included).
pub(super) fn lookup_raw<'a>(
    image: ImageRef<'a>,
    p: &Path,
    names: &BTreeMap<String, String>,
) -> Option<RawValue<'a>> {
    let (first, rest) = p.elements.split_first()?;
    let mut current = image.raw(eval_read::element_name(first, names)?)?;
    for element in rest {
        current = match element {
            PathElement::Index { index, .. } => current.element(*index),
            PathElement::Name { .. } => current.field(eval_read::element_name(element, names)?),
        }?;
    }
    Some(current)
}

impl<'a> ItemView<'a> {
    /// The top-level attribute `name`.
    pub(super) fn attribute(&self, name: &str) -> Option<Found<'a>> {
        match self {
            ItemView::Item(item) => item
                .get(Key::new(name))
                .map(|v| Found::Value(Cow::Borrowed(v))),
            ItemView::Image(image) => image.raw(name).map(Found::Raw),
        }
    }

    /// `eval_read::lookup` on this view: the value a path addresses, `None` when it does not resolve (an
    /// undefined `#name` included).
    pub(super) fn lookup(&self, p: &Path, names: &BTreeMap<String, String>) -> Option<Found<'a>> {
        match self {
            ItemView::Item(item) => {
                eval_read::lookup(item, p, names).map(|v| Found::Value(Cow::Borrowed(v)))
            }
            ItemView::Image(image) => lookup_raw(*image, p, names).map(Found::Raw),
        }
    }

    /// `path::get` on this view: the value at resolved `segments`.
    pub(super) fn get(&self, segments: &[PathSegment]) -> Option<Found<'a>> {
        if let ItemView::Item(item) = self {
            return super::path::get(item, segments).map(|v| Found::Value(Cow::Borrowed(v)));
        }
        let (first, rest) = segments.split_first()?;
        let mut current = match first {
            PathSegment::Attribute(name) => self.attribute(name)?,
            PathSegment::Index(_) => return None,
        };
        for segment in rest {
            let next = match segment {
                PathSegment::Attribute(k) => Step::Key(k),
                PathSegment::Index(i) => Step::Index(*i),
            };
            current = step(current, next)?;
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::ast::Span;
    use crate::engine::image::ItemImage;
    use crate::engine::number::Number;

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    fn path(elements: &[Result<&str, usize>]) -> Path {
        let span = Span::new(0, 0);
        Path {
            elements: elements
                .iter()
                .map(|e| match e {
                    Ok(name) if name.starts_with('#') => PathElement::Name {
                        name: (*name).into(),
                        placeholder: true,
                        span,
                    },
                    Ok(name) => PathElement::Name {
                        name: (*name).into(),
                        placeholder: false,
                        span,
                    },
                    Err(index) => PathElement::Index {
                        index: *index,
                        span,
                    },
                })
                .collect(),
            span,
        }
    }

    /// On an image, every path finds what it finds on the decoded item (values, absences, steps into
    /// scalars, undefined names), and traces the same value.
    #[test]
    fn image_views_find_what_items_find() {
        let mut inner = BTreeMap::new();
        inner.insert("a".to_string(), AttributeValue::L(vec![s("p"), s("q")]));
        inner.insert("b".to_string(), AttributeValue::N(Number::from_u64(3)));
        let mut item = Item::new();
        item.insert("m".into(), AttributeValue::M(inner));
        item.insert("n".into(), AttributeValue::N(Number::from_u64(7)));
        item.insert("t".into(), AttributeValue::L(vec![s("x")]));
        let image = ItemImage::encode(&item);
        let mut names = BTreeMap::new();
        names.insert("#m".to_string(), "m".to_string());
        let paths = [
            path(&[Ok("n")]),
            path(&[Ok("m")]),
            path(&[Ok("#m"), Ok("a"), Err(1)]),
            path(&[Ok("m"), Ok("a"), Err(2)]),
            path(&[Ok("m"), Ok("b")]),
            path(&[Ok("m"), Ok("c")]),
            path(&[Ok("n"), Ok("x")]),
            path(&[Ok("t"), Err(0)]),
            path(&[Ok("t"), Ok("x")]),
            path(&[Ok("#undefined")]),
            path(&[Ok("zz")]),
        ];
        let (decoded, encoded) = (ItemView::Item(&item), ItemView::Image(image.as_image()));
        for p in &paths {
            let want = decoded.lookup(p, &names);
            let got = encoded.lookup(p, &names);
            assert_eq!(
                got.as_ref().and_then(Found::traced),
                want.as_ref().and_then(Found::traced),
                "{p:?}"
            );
            assert_eq!(
                got.as_ref().map(|f| (f.is_map(), f.is_list())),
                want.as_ref().map(|f| (f.is_map(), f.is_list()))
            );
            assert_eq!(
                got.and_then(Found::into_value),
                want.and_then(Found::into_value)
            );
            if let Some(segments) = super::super::path::resolve(p, &names) {
                assert_eq!(
                    encoded.get(&segments).and_then(Found::into_value),
                    decoded.get(&segments).and_then(Found::into_value)
                );
            }
        }
    }
}
