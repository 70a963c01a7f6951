//! The item image codec: writing an item's bytes and reading them back (layout in `image.rs`).

use std::collections::BTreeMap;

use super::super::item::Item;
use super::super::number::{Number, POW10};
use super::super::value::AttributeValue;

/// The type tag in front of each encoded value; `trace::TracedValue` encodes with the same tags.
pub(crate) mod tags {
    pub const S: u8 = 1;
    pub const N: u8 = 2;
    pub const B: u8 = 3;
    pub const SS: u8 = 4;
    pub const NS: u8 = 5;
    pub const BS: u8 = 6;
    pub const M: u8 = 7;
    pub const L: u8 = 8;
    pub const NULL: u8 = 9;
    pub const FALSE: u8 = 10;
    pub const TRUE: u8 = 11;
}
use tags::*;

/// Deepest nesting the decoder follows. Stored values nest at most `MAX_READ_DEPTH` (200) levels; the bound
/// keeps a damaged image (or a damaged traced value) from recursing without end.
pub(crate) const MAX_DEPTH: usize = 256;

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

/// Where image bytes are written: a growing `Vec`, or a buffer of the exact length (`Exact`, for an image
/// written straight into its shared allocation, see `ItemImage::encode_attributes_keyed`).
pub(crate) trait Sink {
    fn push(&mut self, byte: u8);
    fn extend_from_slice(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    #[inline]
    fn push(&mut self, byte: u8) {
        Vec::push(self, byte);
    }
    #[inline]
    fn extend_from_slice(&mut self, bytes: &[u8]) {
        Vec::extend_from_slice(self, bytes);
    }
}

/// A buffer measured beforehand (by the `*_len` functions), filled from the start. Writing past its end (which
/// a correct measure never does) is dropped rather than a panic; `is_full` tells.
pub(crate) struct Exact<'a> {
    buf: &'a mut [u8],
    at: usize,
}

impl<'a> Exact<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Exact<'a> {
        Exact { buf, at: 0 }
    }
    /// Whether exactly the whole buffer was written.
    pub(crate) fn is_full(&self) -> bool {
        self.at == self.buf.len()
    }
}

impl Sink for Exact<'_> {
    #[inline]
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.at) {
            *slot = byte;
        }
        self.at += 1;
    }
    #[inline]
    fn extend_from_slice(&mut self, bytes: &[u8]) {
        let end = self.at + bytes.len();
        if let Some(slot) = self.buf.get_mut(self.at..end) {
            slot.copy_from_slice(bytes);
        }
        self.at = end;
    }
}

/// The item's size (spec §7.1) and the length of its image, in one walk.
pub fn measure(item: &Item) -> (usize, usize) {
    let (mut size, mut len) = (0, 0);
    for (name, value) in item {
        size += name.len() + value.size();
        len += str_len(name) + value_len(value);
    }
    (size, len + varint_len(size as u64))
}

/// Bytes `write_image` writes for `item`.
pub(crate) fn image_len(item: &Item, size: usize) -> usize {
    varint_len(size as u64)
        + item
            .iter()
            .map(|(name, value)| str_len(name) + value_len(value))
            .sum::<usize>()
}

/// `image_len` of attributes given in name order.
pub(crate) fn attributes_image_len<'v>(
    attributes: impl Iterator<Item = (&'v str, &'v AttributeValue)>,
    size: usize,
) -> usize {
    varint_len(size as u64)
        + attributes
            .map(|(name, value)| str_len(name) + value_len(value))
            .sum::<usize>()
}

/// `write_image` of attributes given in name order.
pub(crate) fn write_attributes_image<'v>(
    out: &mut impl Sink,
    attributes: impl Iterator<Item = (&'v str, &'v AttributeValue)>,
    size: usize,
) {
    write_varint(out, size as u64);
    for (name, value) in attributes {
        write_str(out, name);
        write_value(out, value);
    }
}

/// Append the image of `item` (whose size is `size`) to `out`.
pub(crate) fn write_image(out: &mut impl Sink, item: &Item, size: usize) {
    write_varint(out, size as u64);
    for (name, value) in item {
        write_str(out, name);
        write_value(out, value);
    }
}

pub(crate) fn varint_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

pub(crate) fn write_varint(out: &mut impl Sink, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint128_len(mut n: u128) -> usize {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

fn write_varint128(out: &mut impl Sink, mut n: u128) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn str_len(s: &str) -> usize {
    varint_len(s.len() as u64) + s.len()
}

fn bytes_len(b: &[u8]) -> usize {
    varint_len(b.len() as u64) + b.len()
}

fn write_bytes(out: &mut impl Sink, b: &[u8]) {
    write_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

pub(crate) fn write_str(out: &mut impl Sink, s: &str) {
    write_bytes(out, s.as_bytes());
}

fn num_head(n: &Number) -> u64 {
    let e = n.exponent();
    let zigzag = ((e << 1) ^ (e >> 63)) as u64;
    (zigzag << 1) | u64::from(n.is_negative())
}

fn num_len(n: &Number) -> usize {
    varint_len(num_head(n)) + varint128_len(n.coefficient())
}

fn write_num(out: &mut impl Sink, n: &Number) {
    write_varint(out, num_head(n));
    write_varint128(out, n.coefficient());
}

pub(crate) fn value_len(value: &AttributeValue) -> usize {
    1 + match value {
        AttributeValue::S(s) => str_len(s),
        AttributeValue::N(n) => num_len(n),
        AttributeValue::B(b) => bytes_len(b),
        AttributeValue::SS(m) => {
            varint_len(m.len() as u64) + m.iter().map(|s| str_len(s)).sum::<usize>()
        }
        AttributeValue::NS(m) => varint_len(m.len() as u64) + m.iter().map(num_len).sum::<usize>(),
        AttributeValue::BS(m) => {
            varint_len(m.len() as u64) + m.iter().map(|b| bytes_len(b)).sum::<usize>()
        }
        AttributeValue::M(map) => 4 + map_contents_len(map),
        AttributeValue::L(list) => 4 + list_contents_len(list),
        AttributeValue::Null | AttributeValue::Bool(_) => 0,
    }
}

fn map_contents_len(map: &BTreeMap<String, AttributeValue>) -> usize {
    varint_len(map.len() as u64)
        + map
            .iter()
            .map(|(k, v)| str_len(k) + value_len(v))
            .sum::<usize>()
}

fn list_contents_len(list: &[AttributeValue]) -> usize {
    varint_len(list.len() as u64) + list.iter().map(value_len).sum::<usize>()
}

pub(crate) fn write_value(out: &mut impl Sink, value: &AttributeValue) {
    match value {
        AttributeValue::S(s) => {
            out.push(S);
            write_str(out, s);
        }
        AttributeValue::N(n) => {
            out.push(N);
            write_num(out, n);
        }
        AttributeValue::B(b) => {
            out.push(B);
            write_bytes(out, b);
        }
        AttributeValue::SS(members) => {
            out.push(SS);
            write_varint(out, members.len() as u64);
            members.iter().for_each(|s| write_str(out, s));
        }
        AttributeValue::NS(members) => {
            out.push(NS);
            write_varint(out, members.len() as u64);
            members.iter().for_each(|n| write_num(out, n));
        }
        AttributeValue::BS(members) => {
            out.push(BS);
            write_varint(out, members.len() as u64);
            members.iter().for_each(|b| write_bytes(out, b));
        }
        AttributeValue::M(map) => {
            out.push(M);
            // Items are at most 400 KB, so the length always fits.
            out.extend_from_slice(&(map_contents_len(map) as u32).to_le_bytes());
            write_varint(out, map.len() as u64);
            for (k, v) in map {
                write_str(out, k);
                write_value(out, v);
            }
        }
        AttributeValue::L(list) => {
            out.push(L);
            out.extend_from_slice(&(list_contents_len(list) as u32).to_le_bytes());
            write_varint(out, list.len() as u64);
            list.iter().for_each(|v| write_value(out, v));
        }
        AttributeValue::Null => out.push(NULL),
        AttributeValue::Bool(false) => out.push(FALSE),
        AttributeValue::Bool(true) => out.push(TRUE),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reading: every step checks its bounds and answers `None` on bytes `write_image` cannot have written.
// ---------------------------------------------------------------------------------------------------------

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    #[inline]
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }
    #[inline]
    pub(crate) fn at_end(&self) -> bool {
        self.bytes.is_empty()
    }
    #[inline]
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.bytes
    }
    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }
    /// Inline for the common case, one byte (lengths, counts, small numbers); longer ones in `varint_long`.
    #[inline]
    pub(crate) fn varint(&mut self) -> Option<u64> {
        let (&first, rest) = self.bytes.split_first()?;
        if first < 0x80 {
            self.bytes = rest;
            return Some(u64::from(first));
        }
        self.varint_long()
    }
    #[inline(never)]
    fn varint_long(&mut self) -> Option<u64> {
        let first = self.byte()?;
        let mut n = u64::from(first & 0x7f);
        let mut shift = 7;
        loop {
            let b = self.byte()?;
            if shift > 63 {
                return None;
            }
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    }
    #[inline]
    fn varint128(&mut self) -> Option<u128> {
        if let Some((&first, rest)) = self.bytes.split_first() {
            if first < 0x80 {
                self.bytes = rest;
                return Some(u128::from(first));
            }
        }
        self.varint128_long()
    }
    #[inline(never)]
    fn varint128_long(&mut self) -> Option<u128> {
        // Up to nine bytes (63 bits: every coefficient below 2^63) in 64-bit arithmetic, then the rest.
        let mut small = 0u64;
        for shift in (0..63).step_by(7) {
            let b = self.byte()?;
            small |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(u128::from(small));
            }
        }
        let mut n = u128::from(small);
        let mut shift = 63;
        loop {
            let b = self.byte()?;
            if shift > 127 {
                return None;
            }
            n |= u128::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    }
    #[inline]
    pub(crate) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(taken)
    }
    #[inline]
    fn bytes_field(&mut self) -> Option<&'a [u8]> {
        let len = self.varint()? as usize;
        self.take(len)
    }
    pub(crate) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes_field()?).ok()
    }
    /// A string field's bytes, not checked as UTF-8: for comparing a name with a known one (equal bytes are
    /// that name; unequal ones are skipped, so checking them would be wasted).
    #[inline]
    pub(crate) fn str_bytes(&mut self) -> Option<&'a [u8]> {
        self.bytes_field()
    }
    fn num(&mut self) -> Option<Number> {
        let head = self.varint()?;
        let coefficient = self.varint128()?;
        let negative = head & 1 == 1;
        let zigzag = head >> 1;
        let exponent = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
        if coefficient >= POW10[38] || i16::try_from(exponent).is_err() {
            return None;
        }
        // Stored numbers are normalised (no trailing zeros in the coefficient): a coefficient that fits 64 bits
        // is checked for that with a cheap 64-bit remainder instead of normalising it again in 128 bits.
        match u64::try_from(coefficient) {
            Ok(0) => Some(Number::ZERO),
            Ok(small) if small % 10 != 0 => {
                Some(Number::from_stripped(negative, coefficient, exponent))
            }
            _ => Some(Number::from_parts(negative, coefficient, exponent)),
        }
    }
    fn count(&mut self) -> Option<usize> {
        let n = self.varint()? as usize;
        // Every member takes at least one byte: a count beyond the bytes left is damage (and must not size a
        // Vec).
        (n <= self.bytes.len()).then_some(n)
    }
    pub(crate) fn value(&mut self, depth: usize) -> Option<AttributeValue> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.byte()? {
            S => AttributeValue::S(self.str()?.to_string()),
            N => AttributeValue::N(self.num()?),
            B => AttributeValue::B(self.bytes_field()?.to_vec()),
            SS => {
                let n = self.count()?;
                let mut members = Vec::with_capacity(n);
                for _ in 0..n {
                    members.push(self.str()?.to_string());
                }
                AttributeValue::SS(members)
            }
            NS => {
                let n = self.count()?;
                let mut members = Vec::with_capacity(n);
                for _ in 0..n {
                    members.push(self.num()?);
                }
                AttributeValue::NS(members)
            }
            BS => {
                let n = self.count()?;
                let mut members = Vec::with_capacity(n);
                for _ in 0..n {
                    members.push(self.bytes_field()?.to_vec());
                }
                AttributeValue::BS(members)
            }
            M => {
                self.take(4)?;
                let n = self.count()?;
                let mut map = BTreeMap::new();
                for _ in 0..n {
                    let k = self.str()?.to_string();
                    map.insert(k, self.value(depth + 1)?);
                }
                AttributeValue::M(map)
            }
            L => {
                self.take(4)?;
                let n = self.count()?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push(self.value(depth + 1)?);
                }
                AttributeValue::L(list)
            }
            NULL => AttributeValue::Null,
            FALSE => AttributeValue::Bool(false),
            TRUE => AttributeValue::Bool(true),
            _ => return None,
        })
    }
    /// Step over a number (`head:varint coefficient:varint`) without decoding it: each varint ends at its
    /// first byte below 0x80 (the lengths `num` accepts: at most 10 and 19 bytes).
    #[inline]
    fn skip_num(&mut self) -> Option<()> {
        let head = self
            .bytes
            .iter()
            .position(|&b| b < 0x80)
            .filter(|&i| i < 10)?;
        let rest = self.bytes.get(head + 1..)?;
        let coefficient = rest.iter().position(|&b| b < 0x80).filter(|&i| i < 19)?;
        self.bytes = rest.get(coefficient + 1..)?;
        Some(())
    }
    /// Step over one value without decoding it.
    pub(crate) fn skip_value(&mut self) -> Option<()> {
        match self.byte()? {
            S | B => {
                self.bytes_field()?;
            }
            N => self.skip_num()?,
            SS | BS => {
                for _ in 0..self.count()? {
                    self.bytes_field()?;
                }
            }
            NS => {
                for _ in 0..self.count()? {
                    self.skip_num()?;
                }
            }
            M | L => {
                let len = self.take(4)?;
                let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
                self.take(len)?;
            }
            NULL | FALSE | TRUE => {}
            _ => return None,
        }
        Some(())
    }
}
