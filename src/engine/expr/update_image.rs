//! An update's writes spliced into the stored item's image (`eval_update::apply_update_image`): attributes the
//! update does not write are copied as bytes, the written ones are encoded, and the item size is the stored
//! size adjusted by the attributes replaced. Same new item as `Edits::apply` on the decoded item, then encoding.

use std::cmp::Ordering;

use smallvec::SmallVec;

use super::update_paths::{apply_nested, Edit, Edits, Overlap};
use crate::engine::image::{cmp_name, ImageRef, ItemImage};
use crate::engine::image::{value_len, varint_len, write_str, write_value, write_varint};
use crate::engine::value::AttributeValue;

/// The new item as an image.
#[derive(Debug)]
pub struct Spliced {
    pub image: ItemImage,
    /// The item size (spec §7.1).
    pub size: usize,
    /// The deepest nesting among the attributes the update wrote (0 when it wrote none): the others are as
    /// stored, and every stored attribute passed the nesting check when it was written.
    pub deepest: usize,
}

fn encoded_len(name: &str, value: &AttributeValue) -> usize {
    varint_len(name.len() as u64) + name.len() + value_len(value)
}

/// A stretch of the new image: an attribute copied as it is stored, or one written (`None`: removed, or stays
/// absent).
enum Piece<'a> {
    Copy(&'a [u8]),
    Write(String, Option<AttributeValue>),
}

/// Apply `edits` to the item `image` holds. `Err` when a nested write finds no map or list to descend into
/// (as `Edits::apply`), or the image is damaged.
pub(super) fn splice(edits: Edits, image: ImageRef<'_>) -> Result<Spliced, Overlap> {
    let (mut size, mut body_len) = (image.size(), 0);
    let mut deepest = 0;
    // One walk over the stored attributes and the edits (both in name order, compared as bytes).
    let mut pieces: SmallVec<[Piece<'_>; 8]> = SmallVec::new();
    let mut attributes = image.raw_attributes().peekable();
    let mut edits = edits.into_root().into_iter().peekable();
    loop {
        let (attribute, edit) = match (attributes.peek(), edits.peek()) {
            (None, None) => break,
            (Some(a), Some((name, _))) => match cmp_name(a.name, name.as_bytes()) {
                Ordering::Equal => (attributes.next(), edits.next()),
                Ordering::Less => (attributes.next(), None),
                Ordering::Greater => (None, edits.next()),
            },
            (Some(_), None) => (attributes.next(), None),
            (None, Some(_)) => (None, edits.next()),
        };
        let Some((name, edit)) = edit else {
            if let Some(a) = attribute {
                body_len += a.encoded.len();
                pieces.push(Piece::Copy(a.encoded));
            }
            continue;
        };
        let old = attribute.map(|a| a.value);
        if let Some(raw) = old {
            size = size.saturating_sub(name.len() + raw.size().ok_or(Overlap)?);
        }
        let new = match edit {
            Edit::Write(value) => value,
            nested => {
                let mut value = old.and_then(|raw| raw.decode()).ok_or(Overlap)?;
                apply_nested(&mut value, nested)?;
                Some(value)
            }
        };
        if let Some(value) = &new {
            size += name.len() + value.size();
            body_len += encoded_len(&name, value);
            deepest = deepest.max(value.depth());
        }
        pieces.push(Piece::Write(name, new));
    }
    // Sized exactly: the boxed image keeps this allocation.
    let mut out = Vec::with_capacity(1 + varint_len(size as u64) + body_len);
    out.push(0);
    write_varint(&mut out, size as u64);
    for piece in pieces {
        match piece {
            Piece::Copy(bytes) => out.extend_from_slice(bytes),
            Piece::Write(name, Some(value)) => {
                write_str(&mut out, &name);
                write_value(&mut out, &value);
            }
            Piece::Write(_, None) => {}
        }
    }
    Ok(Spliced {
        image: ItemImage::from_entry(out.into_boxed_slice()),
        size,
        deepest,
    })
}
