//! A value as a trace keeps it: one compact encoding, stored inline when it takes at most 24 bytes (a number, a
//! short string, a short list of short strings), so that recording what a condition read costs a few byte copies
//! instead of a deep clone with an allocation per string. Equal values have equal encodings (numbers are
//! canonical, sets and maps sorted), so comparing encodings compares values. Serialized as the value itself
//! (DynamoDB JSON), so saved traces keep their shape.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::number::Number;
use crate::engine::value::AttributeValue;

// The image codec's type tags and nesting bound: a traced value is encoded as a stored value's field is.
use crate::engine::image::tags::*;
use crate::engine::image::{RawValue, MAX_DEPTH};

/// An encoded `AttributeValue` (see the module comment).
#[derive(Clone)]
pub struct TracedValue(Repr);

/// Inline up to `INLINE` bytes, else on the heap. Hand-rolled rather than a `SmallVec`: making and dropping one
/// is then a few stores and one test.
#[derive(Clone)]
enum Repr {
    Inline(InlineValue),
    Heap(Box<[u8]>),
}

/// An encoding of at most `INLINE` bytes, stored in place (`Copy`: a condition trace keeps these in its read
/// records, which then need no dropping).
#[derive(Clone, Copy)]
pub(crate) struct InlineValue {
    len: u8,
    buf: [u8; INLINE],
}

impl InlineValue {
    /// The encoding.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or(&self.buf)
    }

    /// An empty encoding, to write into.
    pub(crate) const EMPTY: InlineValue = InlineValue {
        len: 0,
        buf: [0; INLINE],
    };

    /// `bytes` stored in place, if they fit.
    #[inline]
    pub(crate) fn from_slice(bytes: &[u8]) -> Option<InlineValue> {
        let mut slot = InlineValue::EMPTY;
        let body = slot.buf.get_mut(..bytes.len())?;
        body.copy_from_slice(bytes);
        slot.len = bytes.len() as u8;
        Some(slot)
    }
}

/// Encodes `value` into `slot`, if its encoding takes at most `INLINE` bytes; false if not (`slot` then holds
/// no value, and `encode_into` writes it). The usual short string or number is written right here, with no
/// call; anything else by `encode_short`.
#[inline(always)]
pub(crate) fn encode_inline(value: &AttributeValue, slot: &mut InlineValue) -> bool {
    match value {
        AttributeValue::S(s) if s.len() <= INLINE - 2 => {
            let bytes = s.as_bytes();
            slot.buf[0] = S;
            slot.buf[1] = bytes.len() as u8;
            if let Some(body) = slot.buf.get_mut(2..2 + bytes.len()) {
                copy_short(body, bytes);
            }
            slot.len = bytes.len() as u8 + 2;
            true
        }
        AttributeValue::N(n) if number_in_place(slot, n) => true,
        _ => encode_short(value, slot),
    }
}

/// `dst.copy_from_slice(src)` (same lengths, at most `INLINE` bytes) as two overlapping fixed-size copies
/// instead of a call to `memcpy`.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    fn halves<const N: usize>(dst: &mut [u8], src: &[u8]) -> bool {
        match (
            src.first_chunk::<N>(),
            src.last_chunk::<N>(),
            dst.len() == src.len(),
        ) {
            (Some(head), Some(tail), true) => {
                if let Some(d) = dst.first_chunk_mut::<N>() {
                    *d = *head;
                }
                if let Some(d) = dst.last_chunk_mut::<N>() {
                    *d = *tail;
                }
                true
            }
            _ => false,
        }
    }
    let done = match src.len() {
        16.. => halves::<16>(dst, src),
        8.. => halves::<8>(dst, src),
        4.. => halves::<4>(dst, src),
        _ => false,
    };
    if !done {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

/// A number whose head (exponent and sign) takes one byte and whose coefficient fits 64 bits, as `write_num`
/// writes it (varints of seven bits a byte), in place; false for any other (then `encode_short` writes it).
#[inline(always)]
fn number_in_place(slot: &mut InlineValue, n: &Number) -> bool {
    let e = n.exponent();
    let zigzag = ((e << 1) ^ (e >> 63)) as u64;
    let head = (zigzag << 1) | u64::from(n.is_negative());
    let (Ok(mut rest), true) = (u64::try_from(n.coefficient()), head < 0x80) else {
        return false;
    };
    slot.buf[0] = N;
    slot.buf[1] = head as u8;
    // At most ten bytes of coefficient: the buffer has room.
    let mut len = 2;
    for byte in slot.buf.iter_mut().skip(2) {
        len += 1;
        if rest < 0x80 {
            *byte = rest as u8;
            break;
        }
        *byte = (rest as u8) | 0x80;
        rest >>= 7;
    }
    slot.len = len as u8;
    true
}

/// Appends `value`'s encoding to `out` (for values `encode_inline` does not hold).
pub(crate) fn encode_into(out: &mut Vec<u8>, value: &AttributeValue) {
    write_value(out, value);
}

/// Serializes an encoding as the value it holds (exactly as a `TracedValue` with these bytes serializes).
pub(crate) struct EncodedOut<'a>(pub &'a [u8]);

impl Serialize for EncodedOut<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        match decode(self.0) {
            Some(value) => value.serialize(serializer),
            None => Err(serde::ser::Error::custom("damaged traced value")),
        }
    }
}

/// See `encode_inline`.
fn encode_short(value: &AttributeValue, slot: &mut InlineValue) -> bool {
    let mut inline = Inline {
        buf: &mut slot.buf,
        len: 0,
    };
    let fitted = inline.value(value);
    slot.len = inline.len as u8;
    fitted
}

impl Inline<'_> {
    /// Writes `value`; false when it does not fit.
    #[inline(always)]
    fn value(&mut self, value: &AttributeValue) -> bool {
        // The usual values, short strings and numbers, in a few stores (a number always fits: at most 3 bytes
        // of exponent and sign and 19 of coefficient).
        match value {
            AttributeValue::S(s) if s.len() < 0x80 => {
                let len = s.len() + 2;
                if let Some(body) = self.buf.get_mut(2..len) {
                    body.copy_from_slice(s.as_bytes());
                    self.buf[0] = S;
                    self.buf[1] = s.len() as u8;
                    self.len = len;
                    return true;
                }
            }
            AttributeValue::N(n) => {
                self.buf[0] = N;
                self.len = 1;
                if write_num(self, n) {
                    return true;
                }
            }
            // Lists and sets of short scalars (tags, a few numbers) member by member in place, without the
            // general writer's per-byte checks and recursion.
            AttributeValue::L(list)
                if self.head(L, list.len()) && list.iter().all(|v| self.short_scalar(v)) =>
            {
                return true;
            }
            AttributeValue::SS(members)
                if self.head(SS, members.len())
                    && members.iter().all(|s| self.short_bytes(s.as_bytes())) =>
            {
                return true;
            }
            AttributeValue::NS(members)
                if self.head(NS, members.len()) && members.iter().all(|n| write_num(self, n)) =>
            {
                return true;
            }
            _ => {}
        }
        // Anything else (or what a fast path gave up on) is written again from the start, if it fits.
        self.len = 0;
        write_value(self, value)
    }
}

impl TracedValue {
    pub fn new(value: &AttributeValue) -> TracedValue {
        let mut inline = InlineValue::EMPTY;
        if encode_inline(value, &mut inline) {
            return TracedValue(Repr::Inline(inline));
        }
        let mut heap = Vec::new();
        write_value(&mut heap, value);
        TracedValue(Repr::Heap(heap.into_boxed_slice()))
    }

    /// The value of an encoding stored in place.
    pub(crate) fn from_inline(inline: InlineValue) -> TracedValue {
        TracedValue(Repr::Inline(inline))
    }

    /// The value of an encoding `new` wrote (inline when it fits, as `new` stores it).
    pub(crate) fn from_encoded(bytes: &[u8]) -> TracedValue {
        match InlineValue::from_slice(bytes) {
            Some(inline) => TracedValue(Repr::Inline(inline)),
            None => TracedValue(Repr::Heap(bytes.into())),
        }
    }

    /// The encoding, when it is stored in place.
    pub(crate) fn as_inline(&self) -> Option<InlineValue> {
        match &self.0 {
            Repr::Inline(inline) => Some(*inline),
            Repr::Heap(_) => None,
        }
    }

    /// The value an image holds, from its encoded bytes: scalars and sets are encoded here exactly as in an
    /// image (same tags and fields), so their bytes are copied; a map or list (whose image encoding also
    /// carries its length) is decoded and encoded. `None` only for bytes the image codec cannot have written.
    pub fn from_raw(raw: RawValue<'_>) -> Option<TracedValue> {
        if raw.is_document() {
            return raw.decode().map(|value| TracedValue::new(&value));
        }
        Some(TracedValue::from_encoded(raw.bytes()))
    }

    /// The encoding.
    pub(crate) fn bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(inline) => inline.bytes(),
            Repr::Heap(bytes) => bytes,
        }
    }

    /// Whether the encoding is stored inline (no allocation).
    #[cfg(test)]
    fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }

    /// The value, decoded. `None` only for bytes `new` cannot have written.
    pub fn get(&self) -> Option<AttributeValue> {
        decode(self.bytes())
    }
}

/// The value an encoding holds; `None` for bytes `write_value` cannot have written.
fn decode(bytes: &[u8]) -> Option<AttributeValue> {
    let mut reader = Reader { bytes };
    let value = reader.value(0)?;
    reader.bytes.is_empty().then_some(value)
}

impl PartialEq for TracedValue {
    fn eq(&self, other: &TracedValue) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for TracedValue {}

impl From<&AttributeValue> for TracedValue {
    fn from(value: &AttributeValue) -> TracedValue {
        TracedValue::new(value)
    }
}

impl fmt::Debug for TracedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(value) => value.fmt(f),
            None => f.write_str("<damaged>"),
        }
    }
}

impl Serialize for TracedValue {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        match self.get() {
            Some(value) => value.serialize(serializer),
            None => Err(serde::ser::Error::custom("damaged traced value")),
        }
    }
}

impl<'de> Deserialize<'de> for TracedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TracedValue, D::Error> {
        AttributeValue::deserialize(deserializer).map(|value| TracedValue::new(&value))
    }
}

/// Bytes stored inline: a number, a string of up to 28 bytes, a list of three short strings.
const INLINE: usize = 30;

/// Where an encoding is written: each write says whether it fitted.
trait Out {
    fn byte(&mut self, b: u8) -> bool;
    fn slice(&mut self, bytes: &[u8]) -> bool;
}

/// The inline buffer: a write that does not fit fails, and the value is written to the heap instead.
struct Inline<'a> {
    buf: &'a mut [u8; INLINE],
    len: usize,
}

impl Inline<'_> {
    /// A list's or set's tag and its count of members (below 0x80: one varint byte), at the start.
    #[inline(always)]
    fn head(&mut self, tag: u8, count: usize) -> bool {
        self.buf[0] = tag;
        self.buf[1] = count as u8;
        self.len = 2;
        count < 0x80
    }

    /// A field of fewer than 0x80 bytes (its one-byte length, then the bytes); false if it is longer or does
    /// not fit (the general writer then takes over).
    #[inline(always)]
    fn short_bytes(&mut self, bytes: &[u8]) -> bool {
        let start = self.len;
        let end = start + 1 + bytes.len();
        match self.buf.get_mut(start..end) {
            Some(slots) if bytes.len() < 0x80 => {
                if let Some((len, body)) = slots.split_first_mut() {
                    *len = bytes.len() as u8;
                    body.copy_from_slice(bytes);
                }
                self.len = end;
                true
            }
            _ => false,
        }
    }

    /// A list member that is a short string, a number, a boolean or null; false for anything else (or what
    /// does not fit), which the general writer then encodes.
    #[inline(always)]
    fn short_scalar(&mut self, value: &AttributeValue) -> bool {
        match value {
            AttributeValue::S(s) => self.byte(S) && self.short_bytes(s.as_bytes()),
            AttributeValue::N(n) => self.byte(N) && write_num(self, n),
            AttributeValue::Null => self.byte(NULL),
            AttributeValue::Bool(false) => self.byte(FALSE),
            AttributeValue::Bool(true) => self.byte(TRUE),
            _ => false,
        }
    }
}

impl Out for Inline<'_> {
    #[inline]
    fn byte(&mut self, b: u8) -> bool {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
                true
            }
            None => false,
        }
    }
    #[inline]
    fn slice(&mut self, bytes: &[u8]) -> bool {
        match self.buf.get_mut(self.len..self.len + bytes.len()) {
            Some(slots) => {
                slots.copy_from_slice(bytes);
                self.len += bytes.len();
                true
            }
            None => false,
        }
    }
}

impl Out for Vec<u8> {
    fn byte(&mut self, b: u8) -> bool {
        self.push(b);
        true
    }
    fn slice(&mut self, bytes: &[u8]) -> bool {
        self.extend_from_slice(bytes);
        true
    }
}

#[inline]
fn write_varint(out: &mut impl Out, mut n: u64) -> bool {
    while n >= 0x80 {
        if !out.byte((n as u8) | 0x80) {
            return false;
        }
        n >>= 7;
    }
    out.byte(n as u8)
}

fn write_varint128(out: &mut impl Out, n: u128) -> bool {
    match u64::try_from(n) {
        Ok(small) => write_varint(out, small),
        Err(_) => {
            // The low 63 bits in nine groups of seven, then the rest.
            let mut rest = n;
            for _ in 0..9 {
                if !out.byte((rest as u8) | 0x80) {
                    return false;
                }
                rest >>= 7;
            }
            let high = u64::try_from(rest).unwrap_or(u64::MAX);
            write_varint(out, high)
        }
    }
}

#[inline]
fn write_bytes(out: &mut impl Out, bytes: &[u8]) -> bool {
    write_varint(out, bytes.len() as u64) && out.slice(bytes)
}

fn write_num(out: &mut impl Out, n: &Number) -> bool {
    let e = n.exponent();
    let zigzag = ((e << 1) ^ (e >> 63)) as u64;
    write_varint(out, (zigzag << 1) | u64::from(n.is_negative()))
        && write_varint128(out, n.coefficient())
}

/// Writes `value`; false when it did not fit. Recursion follows the value's nesting, which validation bounds
/// (see `MAX_DEPTH`), as `Clone` does.
fn write_value(out: &mut impl Out, value: &AttributeValue) -> bool {
    match value {
        AttributeValue::S(s) => out.byte(S) && write_bytes(out, s.as_bytes()),
        AttributeValue::N(n) => out.byte(N) && write_num(out, n),
        AttributeValue::B(b) => out.byte(B) && write_bytes(out, b),
        AttributeValue::SS(members) => {
            out.byte(SS)
                && write_varint(out, members.len() as u64)
                && members.iter().all(|s| write_bytes(out, s.as_bytes()))
        }
        AttributeValue::NS(members) => {
            out.byte(NS)
                && write_varint(out, members.len() as u64)
                && members.iter().all(|n| write_num(out, n))
        }
        AttributeValue::BS(members) => {
            out.byte(BS)
                && write_varint(out, members.len() as u64)
                && members.iter().all(|b| write_bytes(out, b))
        }
        AttributeValue::M(map) => {
            out.byte(M)
                && write_varint(out, map.len() as u64)
                && map
                    .iter()
                    .all(|(k, v)| write_bytes(out, k.as_bytes()) && write_value(out, v))
        }
        AttributeValue::L(list) => {
            out.byte(L)
                && write_varint(out, list.len() as u64)
                && list.iter().all(|v| write_value(out, v))
        }
        AttributeValue::Null => out.byte(NULL),
        AttributeValue::Bool(false) => out.byte(FALSE),
        AttributeValue::Bool(true) => out.byte(TRUE),
    }
}

/// Every step checks its bounds and answers `None` on bytes `write_value` cannot have written.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }
    fn varint(&mut self) -> Option<u128> {
        let mut n = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            n |= u128::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }
    /// A count of members, each at least one byte long: a count beyond the bytes left is damage.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }
    fn bytes_field(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        let field = self.bytes.get(..len)?;
        self.bytes = self.bytes.get(len..)?;
        Some(field)
    }
    fn string(&mut self) -> Option<String> {
        std::str::from_utf8(self.bytes_field()?)
            .ok()
            .map(str::to_string)
    }
    fn num(&mut self) -> Option<Number> {
        let head = u64::try_from(self.varint()?).ok()?;
        let coefficient = self.varint()?;
        let zigzag = head >> 1;
        let exponent = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
        Some(Number::from_parts(head & 1 == 1, coefficient, exponent))
    }
    fn value(&mut self, depth: usize) -> Option<AttributeValue> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.byte()? {
            S => AttributeValue::S(self.string()?),
            N => AttributeValue::N(self.num()?),
            B => AttributeValue::B(self.bytes_field()?.to_vec()),
            SS => {
                let n = self.count()?;
                let members = (0..n).map(|_| self.string()).collect::<Option<_>>()?;
                AttributeValue::SS(members)
            }
            NS => {
                let n = self.count()?;
                let members = (0..n).map(|_| self.num()).collect::<Option<_>>()?;
                AttributeValue::NS(members)
            }
            BS => {
                let n = self.count()?;
                let members = (0..n)
                    .map(|_| self.bytes_field().map(<[u8]>::to_vec))
                    .collect::<Option<_>>()?;
                AttributeValue::BS(members)
            }
            M => {
                let n = self.count()?;
                let mut map = BTreeMap::new();
                for _ in 0..n {
                    let k = self.string()?;
                    map.insert(k, self.value(depth + 1)?);
                }
                AttributeValue::M(map)
            }
            L => {
                let n = self.count()?;
                let list = (0..n)
                    .map(|_| self.value(depth + 1))
                    .collect::<Option<_>>()?;
                AttributeValue::L(list)
            }
            NULL => AttributeValue::Null,
            FALSE => AttributeValue::Bool(false),
            TRUE => AttributeValue::Bool(true),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Number {
        Number::parse(text).expect("a number")
    }
    fn n(text: &str) -> AttributeValue {
        AttributeValue::N(num(text))
    }
    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.to_string())
    }

    /// Every type, nested, signed and fractional numbers, long and empty strings: decoding gives the value back;
    /// equal values encode equally and unequal ones differ; small values stay inline.
    #[test]
    fn values_round_trip_and_compare() {
        let mut inner = BTreeMap::new();
        inner.insert("Name".to_string(), s("Putnam"));
        inner.insert("n".to_string(), n("-0.000125"));
        let values = vec![
            s(""),
            s("Dune Messiah"),
            s(&"x".repeat(300)),
            n("0"),
            n("12.99"),
            n("-1E+125"),
            n("99999999999999999999999999999999999999"),
            n("1E-130"),
            AttributeValue::B(vec![0, 0x89, 0xff]),
            AttributeValue::SS(vec!["a".into(), "b".into()]),
            AttributeValue::NS(vec![num("1"), num("2.5")]),
            AttributeValue::BS(vec![vec![1], vec![2, 3]]),
            AttributeValue::M(inner.clone()),
            AttributeValue::L(vec![
                s("sf"),
                AttributeValue::M(inner),
                AttributeValue::L(vec![]),
            ]),
            AttributeValue::Null,
            AttributeValue::Bool(false),
            AttributeValue::Bool(true),
        ];
        for (i, value) in values.iter().enumerate() {
            let traced = TracedValue::new(value);
            assert_eq!(traced.get().as_ref(), Some(value), "{value:?}");
            for (j, other) in values.iter().enumerate() {
                assert_eq!(TracedValue::new(other) == traced, i == j);
            }
        }
        assert_eq!(
            TracedValue::new(&n("12.990")),
            TracedValue::new(&n("12.99"))
        );
        let tags = AttributeValue::L(vec![s("sf"), s("classic"), s("desert")]);
        assert!(TracedValue::new(&tags).is_inline());
        assert!(TracedValue::new(&s("Dune Messiah")).is_inline());
        assert!(!TracedValue::new(&s(&"x".repeat(29))).is_inline());
    }

    /// The in-place paths for lists and sets of short scalars write exactly what the general writer writes,
    /// for members of every kind, lengths at the limits, and lists that fit only partly (then on the heap).
    #[test]
    fn short_lists_and_sets_encode_as_the_general_writer() {
        let general = |value: &AttributeValue| {
            let mut out = Vec::new();
            write_value(&mut out, value);
            out
        };
        let values = vec![
            AttributeValue::L(vec![]),
            AttributeValue::L(vec![s("sf"), s("classic"), s("desert")]),
            AttributeValue::L(vec![
                n("-1.5"),
                AttributeValue::Null,
                AttributeValue::Bool(true),
                AttributeValue::Bool(false),
            ]),
            AttributeValue::L(vec![s(&"x".repeat(27))]),
            AttributeValue::L(vec![s(&"x".repeat(28))]),
            AttributeValue::L(vec![s(&"x".repeat(200))]),
            AttributeValue::L(vec![s("a"), AttributeValue::L(vec![s("b")])]),
            AttributeValue::L(vec![s("a"), AttributeValue::B(vec![1])]),
            AttributeValue::L((0..200).map(|i| n(&i.to_string())).collect()),
            AttributeValue::SS(vec!["ebook".into(), "hardcover".into()]),
            AttributeValue::SS(vec!["y".repeat(27)]),
            AttributeValue::SS(vec!["y".repeat(28)]),
            AttributeValue::SS(vec!["y".repeat(130)]),
            AttributeValue::NS(vec![num("3"), num("4"), num("5")]),
            AttributeValue::NS(vec![num("99999999999999999999999999999999999999"); 3]),
        ];
        for value in &values {
            let traced = TracedValue::new(value);
            assert_eq!(traced.bytes(), general(value).as_slice(), "{value:?}");
            assert_eq!(traced.get().as_ref(), Some(value));
        }
    }

    /// The in-place writes of short strings and numbers (`encode_inline`) give exactly `new`'s encodings, for
    /// every string length around the copy sizes and the inline limit, and numbers with one- and two-byte
    /// heads, small and 38-digit coefficients, negative and fractional; a value that does not fit is left to
    /// the heap, as `new` leaves it.
    #[test]
    fn in_place_writes_encode_as_new() {
        let mut values: Vec<AttributeValue> = (0..=40)
            .map(|len| s(&("é".repeat(len / 2) + &"x".repeat(len % 2))))
            .collect();
        values.extend((0..=40).map(|len| s(&"q".repeat(len))));
        for text in [
            "0",
            "1",
            "-1",
            "20",
            "12.99",
            "-0.000125",
            "123456",
            "1E+125",
            "-1E-130",
            "9.9E-60",
            "1E+63",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999999999999999999",
        ] {
            values.push(n(text));
        }
        values.push(AttributeValue::L(vec![s("sf"), n("2")]));
        for value in &values {
            let mut slot = InlineValue::EMPTY;
            let fitted = encode_inline(value, &mut slot);
            let traced = TracedValue::new(value);
            assert_eq!(fitted, traced.is_inline(), "{value:?}");
            if fitted {
                assert_eq!(slot.bytes(), traced.bytes(), "{value:?}");
            }
        }
    }

    /// Serialized exactly as the value is; read back to the same encoding.
    #[test]
    fn serializes_as_the_value() {
        let value = AttributeValue::L(vec![s("a"), n("1.5")]);
        let traced = TracedValue::new(&value);
        let json = serde_json::to_string(&traced).expect("serializes");
        assert_eq!(json, serde_json::to_string(&value).expect("serializes"));
        let back: TracedValue = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, traced);
    }

    /// A `ValueRead` serializes exactly as it did when its value was an `Option<AttributeValue>` (saved session
    /// files hold that shape), present or absent, and reads back equal.
    #[test]
    fn value_reads_keep_their_serialized_shape() {
        use crate::engine::expr::ast::Span;
        use crate::engine::trace::ValueRead;
        #[derive(Serialize)]
        struct Before {
            source: &'static str,
            resolved: &'static str,
            span: Span,
            value: Option<AttributeValue>,
        }
        for value in [Some(AttributeValue::L(vec![s("sf"), n("2")])), None] {
            let before = Before {
                source: "#t",
                resolved: "Tags",
                span: Span::new(3, 5),
                value: value.clone(),
            };
            let read = ValueRead {
                source: "#t".into(),
                resolved: "Tags".into(),
                span: Span::new(3, 5),
                value: value.as_ref().map(TracedValue::new),
            };
            let json = serde_json::to_string(&read).expect("serializes");
            assert_eq!(json, serde_json::to_string(&before).expect("serializes"));
            let back: ValueRead = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, read);
            assert_eq!(back.value(), value);
        }
    }

    /// Bytes no value encodes to decode to nothing instead of panicking.
    #[test]
    fn damaged_bytes_decode_to_none() {
        for bytes in [
            &[][..],
            &[0],
            &[S, 5, b'a'],
            &[L, 0xff, 0xff],
            &[N, 0x80],
            &[S, 0, 0],
        ] {
            assert_eq!(
                TracedValue(Repr::Heap(bytes.into())).get(),
                None,
                "{bytes:?}"
            );
        }
    }
}
