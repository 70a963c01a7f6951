//! An update's writes spliced into the stored item's image (`eval_update::apply_update_image`): attributes the
//! update does not write are copied as bytes, the written ones are encoded, and the item size is the stored
//! size adjusted by the attributes replaced. Same new item as `Edits::apply` on the decoded item, then encoding.

use smallvec::SmallVec;

use super::update_paths::{apply_nested, Edit, Edits, Overlap};
use crate::engine::image::{value_len, varint_len, write_str, write_value, write_varint};
use crate::engine::image::{ImageRef, ItemImage};
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

/// Apply `edits` to the item `image` holds. `Err` when a nested write finds no map or list to descend into
/// (as `Edits::apply`), or the image is damaged.
pub(super) fn splice(edits: Edits, image: ImageRef<'_>) -> Result<Spliced, Overlap> {
    let stored_size = image.size();
    let header = varint_len(stored_size as u64);
    let (mut size, mut body_len) = (stored_size, image.bytes().len().saturating_sub(header));
    let mut deepest = 0;
    // Each written attribute's new value (`None`: removed, or stays absent), in name order.
    let mut changes: SmallVec<[(String, Option<AttributeValue>); 4]> = SmallVec::new();
    for (name, edit) in edits.into_root() {
        let old = image.raw(&name);
        if let Some(raw) = old {
            size = size.saturating_sub(name.len() + raw.size().ok_or(Overlap)?);
            body_len = body_len
                .saturating_sub(varint_len(name.len() as u64) + name.len() + raw.bytes().len());
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
        changes.push((name, new));
    }
    // Sized exactly: the boxed image keeps this allocation.
    let mut out = Vec::with_capacity(1 + varint_len(size as u64) + body_len);
    out.push(0);
    write_varint(&mut out, size as u64);
    let write = |out: &mut Vec<u8>, (name, value): (String, Option<AttributeValue>)| {
        if let Some(value) = value {
            write_str(out, &name);
            write_value(out, &value);
        }
    };
    let mut changes = changes.into_iter().peekable();
    for attribute in image.raw_attributes() {
        // Names compare as bytes in both lists (an item's names are in byte order).
        while let Some(change) = changes.next_if(|(n, _)| n.as_bytes() < attribute.name) {
            write(&mut out, change);
        }
        match changes.next_if(|(n, _)| n.as_bytes() == attribute.name) {
            Some(change) => write(&mut out, change),
            None => out.extend_from_slice(attribute.encoded),
        }
    }
    changes.for_each(|change| write(&mut out, change));
    Ok(Spliced {
        image: ItemImage::from_entry(out.into_boxed_slice()),
        size,
        deepest,
    })
}
