//! The order-preserving encoding of primary keys: comparing two encodings as unsigned bytes gives the order of
//! the keys in DynamoDB (hash, then range; within a part, N by value, S by UTF-8 bytes, B by unsigned bytes).
//! Keys of one table (or one index) have the same part types, so types are not encoded.
//!
//! - An S or B part that is the last part: its bytes as they are (a shorter prefix sorts first, as it should).
//! - An S or B hash part followed by a range part: each 0x00 byte written as 0x00 0xFF, then the terminator
//!   0x00 0x01. No encoding is a prefix of another, and the terminator sorts before any continuation, so "a"
//!   sorts before "a\0" and "ab", and the range part is compared only between equal hash parts.
//! - An N part: one class byte (0x01 negative, 0x02 zero, 0x03 positive); zero ends there. Otherwise the
//!   adjusted exponent (the power of ten of the first significant digit) as 2 bytes, then the coefficient
//!   scaled to exactly 38 digits as a 16-byte big-endian integer; for negative numbers both are inverted, so a
//!   larger magnitude sorts first. Fixed length, so no terminator is needed.

use super::super::number::{Number, POW10};
use super::{KeyTypes, KeyValue, ScalarType};

/// One key part as the encoder reads it.
#[derive(Clone, Copy)]
pub(super) enum Part<'a> {
    Bytes(&'a [u8]),
    Number(&'a Number),
}

const NEGATIVE: u8 = 0x01;
const ZERO: u8 = 0x02;
const POSITIVE: u8 = 0x03;
/// Bytes of a non-zero number part.
const NUMBER_LEN: usize = 1 + 2 + 16;

/// Keys up to this many encoded bytes are kept inline (ids, numbers): building one allocates nothing.
const INLINE: usize = 22;

/// An encoded key: inline when short, else on the heap. Compares, hashes and orders as its bytes.
#[derive(Clone)]
pub(super) enum KeyBytes {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl KeyBytes {
    pub(super) fn as_slice(&self) -> &[u8] {
        match self {
            KeyBytes::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            KeyBytes::Heap(b) => b,
        }
    }
    pub(super) fn from_slice(slice: &[u8]) -> KeyBytes {
        let mut out = Out::with_len(slice.len());
        out.extend(slice);
        out.finish()
    }
}

impl PartialEq for KeyBytes {
    /// Compared in place (keys are short: a call to `bcmp` costs more than the bytes compared).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.as_slice(), other.as_slice());
        a.len() == b.len() && crate::engine::image::cmp_name(a, b).is_eq()
    }
}

impl Eq for KeyBytes {}

impl PartialOrd for KeyBytes {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyBytes {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl std::hash::Hash for KeyBytes {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

/// Where an encoding is written: inline or a Vec, chosen by the length computed first.
enum Out {
    Inline { len: usize, bytes: [u8; INLINE] },
    Heap(Vec<u8>),
}

impl Out {
    fn with_len(len: usize) -> Out {
        if len <= INLINE {
            Out::Inline {
                len: 0,
                bytes: [0; INLINE],
            }
        } else {
            Out::Heap(Vec::with_capacity(len))
        }
    }
    fn push(&mut self, b: u8) {
        match self {
            Out::Inline { len, bytes } => {
                if let Some(slot) = bytes.get_mut(*len) {
                    *slot = b;
                    *len += 1;
                }
            }
            Out::Heap(v) => v.push(b),
        }
    }
    fn extend(&mut self, more: &[u8]) {
        match self {
            Out::Inline { len, bytes } => {
                // The length was computed before writing, so this always fits.
                if let Some(slot) = bytes.get_mut(*len..*len + more.len()) {
                    slot.copy_from_slice(more);
                    *len += more.len();
                }
            }
            Out::Heap(v) => v.extend_from_slice(more),
        }
    }
    fn finish(self) -> KeyBytes {
        match self {
            Out::Inline { len, bytes } => KeyBytes::Inline {
                len: len as u8,
                bytes,
            },
            Out::Heap(v) => KeyBytes::Heap(v.into_boxed_slice()),
        }
    }
}

pub(super) fn encode(hash: Part<'_>, range: Option<Part<'_>>) -> KeyBytes {
    // The usual key, a short S or B partition key alone: its bytes as they are, inline.
    if let (Part::Bytes(b), None) = (hash, range) {
        if b.len() <= INLINE {
            return KeyBytes::Inline {
                len: b.len() as u8,
                bytes: inline_copy(b),
            };
        }
    }
    encode_general(hash, range)
}

/// `b` (at most `INLINE` bytes) zero-padded, copied in fixed-size pieces: for a few bytes a call to memcpy (what
/// a loop or a variable-length copy becomes) costs more than the copy.
fn inline_copy(b: &[u8]) -> [u8; INLINE] {
    let mut out = [0u8; INLINE];
    let mut at = 0;
    let mut rest = b;
    while let Some((eight, tail)) = rest.split_first_chunk::<8>() {
        if let Some(slot) = out.get_mut(at..at + 8) {
            slot.copy_from_slice(eight);
        }
        at += 8;
        rest = tail;
    }
    if let Some((four, tail)) = rest.split_first_chunk::<4>() {
        if let Some(slot) = out.get_mut(at..at + 4) {
            slot.copy_from_slice(four);
        }
        at += 4;
        rest = tail;
    }
    if let Some((two, tail)) = rest.split_first_chunk::<2>() {
        if let Some(slot) = out.get_mut(at..at + 2) {
            slot.copy_from_slice(two);
        }
        at += 2;
        rest = tail;
    }
    if let (Some(&one), Some(slot)) = (rest.first(), out.get_mut(at)) {
        *slot = one;
    }
    out
}

/// `encode` for every shape of key.
fn encode_general(hash: Part<'_>, range: Option<Part<'_>>) -> KeyBytes {
    let len = part_len(hash, range.is_none()) + range.map_or(0, |r| part_len(r, true));
    let mut out = Out::with_len(len);
    write_part(&mut out, hash, range.is_none());
    if let Some(r) = range {
        write_part(&mut out, r, true);
    }
    out.finish()
}

fn part_len(part: Part<'_>, last: bool) -> usize {
    match part {
        Part::Bytes(b) if last => b.len(),
        Part::Bytes(b) => b.len() + b.iter().filter(|&&x| x == 0).count() + 2,
        Part::Number(n) if n.is_zero() => 1,
        Part::Number(_) => NUMBER_LEN,
    }
}

fn write_part(out: &mut Out, part: Part<'_>, last: bool) {
    match part {
        Part::Bytes(b) if last => out.extend(b),
        Part::Bytes(b) => {
            for &x in b {
                out.push(x);
                if x == 0 {
                    out.push(0xFF);
                }
            }
            out.extend(&[0x00, 0x01]);
        }
        Part::Number(n) => write_number(out, n),
    }
}

fn write_number(out: &mut Out, n: &Number) {
    if n.is_zero() {
        out.push(ZERO);
        return;
    }
    let coefficient = n.coefficient();
    let digits = coefficient.ilog10() as i64 + 1;
    let adjusted = n.exponent() + digits - 1;
    // DynamoDB numbers have adjusted exponents in -130..=125; the clamp only guards the arithmetic.
    let exponent =
        (adjusted.clamp(i64::from(i16::MIN), i64::from(i16::MAX)) as i16 as u16) ^ 0x8000;
    // Below 10^38, so the scaled value fits (38 - digits >= 0 for a valid coefficient).
    let scale = POW10
        .get((38 - digits).clamp(0, 38) as usize)
        .copied()
        .unwrap_or(1);
    let scaled = coefficient.saturating_mul(scale);
    if n.is_negative() {
        out.push(NEGATIVE);
        out.extend(&(!exponent).to_be_bytes());
        out.extend(&(!scaled).to_be_bytes());
    } else {
        out.push(POSITIVE);
        out.extend(&exponent.to_be_bytes());
        out.extend(&scaled.to_be_bytes());
    }
}

/// The parts of an encoded key; `None` for bytes `encode` cannot have written.
pub(super) fn decode(bytes: &[u8], types: KeyTypes) -> Option<(KeyValue, Option<KeyValue>)> {
    match types.range {
        None => Some((read_last(bytes, types.hash)?, None)),
        Some(range_type) => {
            let (hash, rest) = read_inner(bytes, types.hash)?;
            Some((hash, Some(read_last(rest, range_type)?)))
        }
    }
}

/// The encoded partition-key part of a key whose table has a range key: the prefix every key of that
/// partition starts with.
pub(super) fn hash_prefix(hash: Part<'_>) -> Vec<u8> {
    let mut out = Out::Heap(Vec::with_capacity(part_len(hash, false)));
    write_part(&mut out, hash, false);
    out.finish().as_slice().to_vec()
}

fn read_last(bytes: &[u8], t: ScalarType) -> Option<KeyValue> {
    match t {
        ScalarType::S => String::from_utf8(bytes.to_vec()).ok().map(KeyValue::S),
        ScalarType::B => Some(KeyValue::B(bytes.to_vec())),
        ScalarType::N => {
            let (n, rest) = read_number(bytes)?;
            rest.is_empty().then_some(KeyValue::N(n))
        }
    }
}

/// A part followed by another: returns it and the bytes after it.
fn read_inner(bytes: &[u8], t: ScalarType) -> Option<(KeyValue, &[u8])> {
    if t == ScalarType::N {
        let (n, rest) = read_number(bytes)?;
        return Some((KeyValue::N(n), rest));
    }
    let mut raw = Vec::new();
    let mut i = 0;
    loop {
        let b = *bytes.get(i)?;
        if b != 0 {
            raw.push(b);
            i += 1;
            continue;
        }
        match *bytes.get(i + 1)? {
            0xFF => raw.push(0),
            0x01 => break,
            _ => return None,
        }
        i += 2;
    }
    let rest = bytes.get(i + 2..)?;
    let value = match t {
        ScalarType::S => KeyValue::S(String::from_utf8(raw).ok()?),
        _ => KeyValue::B(raw),
    };
    Some((value, rest))
}

fn read_number(bytes: &[u8]) -> Option<(Number, &[u8])> {
    let (&class, rest) = bytes.split_first()?;
    if class == ZERO {
        return Some((Number::ZERO, rest));
    }
    let negative = match class {
        NEGATIVE => true,
        POSITIVE => false,
        _ => return None,
    };
    let exponent: [u8; 2] = rest.get(..2)?.try_into().ok()?;
    let scaled: [u8; 16] = rest.get(2..18)?.try_into().ok()?;
    let (mut exponent, mut scaled) = (u16::from_be_bytes(exponent), u128::from_be_bytes(scaled));
    if negative {
        exponent = !exponent;
        scaled = !scaled;
    }
    let adjusted = i64::from((exponent ^ 0x8000) as i16);
    if scaled == 0 || scaled >= POW10[38] {
        return None;
    }
    // `scaled` has 38 digits: value = scaled x 10^(adjusted - 37); from_parts strips the trailing zeros.
    let n = Number::from_parts(negative, scaled, adjusted - 37);
    Some((n, rest.get(18..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for a lone S or B partition key writes what the general encoder writes, inline or not.
    #[test]
    fn lone_partition_keys_encode_as_the_general_path_does() {
        let bytes: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(41)).collect();
        for len in 0..=bytes.len() {
            let part = Part::Bytes(&bytes[..len]);
            let fast = encode(part, None);
            let general = encode_general(part, None);
            assert_eq!(fast.as_slice(), general.as_slice(), "length {len}");
            assert_eq!(fast.as_slice(), &bytes[..len]);
            assert_eq!(
                matches!(fast, KeyBytes::Inline { .. }),
                matches!(general, KeyBytes::Inline { .. })
            );
        }
    }
}
