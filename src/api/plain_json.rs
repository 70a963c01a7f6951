//! A JSON reader for the bodies `api::plain` reads: a serde `Deserializer` over a `str` that accepts a subset
//! of what serde_json accepts and reads it into the same values, with less work per byte.
//!
//! Why: on a two-Put TransactWriteItems, serde_json spent ~2,700 instructions in `txlab serve` scanning the
//! strings of a 300-byte body byte by byte, and more on its peeking and position bookkeeping. This reader scans
//! a string eight bytes at a time and hands it over borrowed when it has no escape, and its error is a unit
//! (what went wrong does not matter: the caller falls back to serde_json, then to the ordinary path). Reading
//! the body into the typed request went from 10,700 to 8,900 instructions; most of the rest is the visitors
//! (`PlainWireItem`'s costs ~1,000 instructions per attribute: two strings allocated, a tag matched, a value
//! built and moved) and the allocator.
//!
//! The contract that keeps the answers the same: what this reader accepts, serde_json accepts and reads into
//! the same value (the visitors, `api::plain`'s and `PlainWireItem`'s, are the same code either way). So it
//! refuses anything it is not sure of: numbers, lone surrogates, nesting deeper than serde_json's default
//! limit, and, as serde_json does, control characters in strings and anything but whitespace after the value.
//! `tests/api_plain.rs` reads random and mutated bodies with both.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

/// The deepest nesting serde_json reads by default (its recursion limit, 128, refuses 128 levels): deeper
/// bodies are refused here, and serde_json refuses them too.
const MAX_DEPTH: u32 = 127;

/// "Not read here": the caller reads the body another way.
#[derive(Debug)]
pub(super) struct NotRead;

impl fmt::Display for NotRead {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not read by the plain JSON reader")
    }
}

impl std::error::Error for NotRead {}

impl de::Error for NotRead {
    // The message is not even formatted: nobody reads it.
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotRead
    }
}

/// Read `text` (one JSON value, whitespace around it) as a `T`.
pub(super) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, NotRead> {
    let mut r = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut r)?;
    r.skip_whitespace();
    if r.pos == text.len() {
        Ok(value)
    } else {
        Err(NotRead)
    }
}

struct Reader<'de> {
    text: &'de str,
    pos: usize,
    depth: u32,
}

/// A string as read: borrowed from the body when it has no escape.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Reader<'de> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte() {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace (not consumed).
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.byte()
    }

    /// Consume `word` (a literal such as `true`).
    fn literal(&mut self, word: &str) -> Result<(), NotRead> {
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(NotRead)
        }
    }

    /// Consume `b` after whitespace.
    fn expect(&mut self, b: u8) -> Result<(), NotRead> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(NotRead)
        }
    }

    fn enter(&mut self) -> Result<(), NotRead> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(NotRead);
        }
        self.pos += 1;
        Ok(())
    }

    /// A string, the reader on its opening quote.
    fn string(&mut self) -> Result<Text<'de>, NotRead> {
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let rest = bytes.get(start..).unwrap_or_default();
        let mut i = match stop(rest) {
            Some(n) if rest.get(n) == Some(&b'"') => {
                self.pos = start + n + 1;
                // Both ends are next to ASCII quotes: character boundaries.
                return self
                    .text
                    .get(start..start + n)
                    .map(Text::Borrowed)
                    .ok_or(NotRead);
            }
            Some(n) if rest.get(n) == Some(&b'\\') => start + n,
            _ => return Err(NotRead),
        };
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(self.text.get(start..i).ok_or(NotRead)?);
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(Text::Owned(out));
                }
                Some(b'\\') => {
                    let (c, len) = escape(bytes.get(i + 1..).unwrap_or_default())?;
                    out.push(c);
                    i += 1 + len;
                }
                Some(0..=0x1f) | None => return Err(NotRead),
                Some(_) => {
                    // Up to the next quote, backslash or control character, in one piece.
                    let run = stop(bytes.get(i..).unwrap_or_default()).ok_or(NotRead)?;
                    out.push_str(self.text.get(i..i + run).ok_or(NotRead)?);
                    i += run;
                }
            }
        }
    }
}

/// Where the first `"`, `\` or control character is in `bytes`: where a string's plain run ends (eight bytes
/// at a time, `crate::byte_scan`).
fn stop(bytes: &[u8]) -> Option<usize> {
    use crate::byte_scan::{find_first, flag_below, flag_equal};
    find_first(
        bytes,
        |w| flag_equal(w, b'"') | flag_equal(w, b'\\') | flag_below(w, 0x20),
        |b| b == b'"' || b == b'\\' || b < 0x20,
    )
}

/// One escape after its backslash: the character and how many bytes it took (after the backslash).
fn escape(rest: &[u8]) -> Result<(char, usize), NotRead> {
    let c = match rest.first() {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let first = hex4(rest.get(1..5))?;
            return match first {
                0xD800..=0xDBFF => {
                    // A surrogate pair: `\uD83D\uDE00`. Anything else is left to serde_json.
                    if rest.get(5..7) != Some(b"\\u") {
                        return Err(NotRead);
                    }
                    let second = hex4(rest.get(7..11))?;
                    if !(0xDC00..=0xDFFF).contains(&second) {
                        return Err(NotRead);
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    char::from_u32(code).map(|c| (c, 11)).ok_or(NotRead)
                }
                _ => char::from_u32(first).map(|c| (c, 5)).ok_or(NotRead),
            };
        }
        _ => return Err(NotRead),
    };
    Ok((c, 1))
}

fn hex4(digits: Option<&[u8]>) -> Result<u32, NotRead> {
    let mut n = 0u32;
    for &d in digits.ok_or(NotRead)? {
        let v = (d as char).to_digit(16).ok_or(NotRead)?;
        n = n * 16 + v;
    }
    Ok(n)
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = NotRead;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                let mut access = Entries {
                    r: &mut *self,
                    first: true,
                    done: false,
                };
                let value = visitor.visit_map(&mut access)?;
                // A visitor that stops before the end is refused, as serde_json refuses it.
                if !access.done {
                    return Err(NotRead);
                }
                self.depth -= 1;
                Ok(value)
            }
            Some(b'[') => {
                self.enter()?;
                let mut access = Entries {
                    r: &mut *self,
                    first: true,
                    done: false,
                };
                let value = visitor.visit_seq(&mut access)?;
                if !access.done {
                    return Err(NotRead);
                }
                self.depth -= 1;
                Ok(value)
            }
            Some(b'"') => match self.string()? {
                Text::Borrowed(s) => visitor.visit_borrowed_str(s),
                Text::Owned(s) => visitor.visit_string(s),
            },
            Some(b't') => {
                self.literal("true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal("false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.literal("null")?;
                visitor.visit_unit()
            }
            // Numbers (the plain shape has none) and everything else.
            _ => Err(NotRead),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NotRead> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The members of an object or the elements of an array.
struct Entries<'a, 'de> {
    r: &'a mut Reader<'de>,
    first: bool,
    /// The closing bracket was read.
    done: bool,
}

impl Entries<'_, '_> {
    /// Whether another member or element follows (the reader then on it); reads the closing `close`.
    fn more(&mut self, close: u8) -> Result<bool, NotRead> {
        if self.done {
            return Ok(false);
        }
        if self.r.peek() == Some(close) {
            self.r.pos += 1;
            self.done = true;
            return Ok(false);
        }
        if self.first {
            self.first = false;
        } else {
            self.r.expect(b',')?;
        }
        Ok(true)
    }
}

impl<'de> MapAccess<'de> for &mut Entries<'_, 'de> {
    type Error = NotRead;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, NotRead> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.r.peek() != Some(b'"') {
            return Err(NotRead);
        }
        let key = self.r.string()?;
        self.r.expect(b':')?;
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NotRead> {
        seed.deserialize(&mut *self.r)
    }
}

impl<'de> SeqAccess<'de> for &mut Entries<'_, 'de> {
    type Error = NotRead;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NotRead> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

/// An object's member name.
struct Key<'de>(Text<'de>);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = NotRead;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        match self.0 {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What this reader makes of `text` is what serde_json makes of it, when it reads it at all.
    fn same(text: &str) -> bool {
        let mine: Result<Value, _> = from_str(text);
        match mine {
            Ok(v) => {
                assert_eq!(serde_json::from_str::<Value>(text).ok(), Some(v), "{text}");
                true
            }
            Err(_) => false,
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":"b","c":[true,false,null,{}],"d":{"e":[]}}"#,
            " { \"a\" :\t\"b\" ,\r\n\"c\" : [ ] } ",
            r#"{"\u0070k":"\u00e9\n\"x\"\/\\\b\f\r\t","s":"\ud83d\ude00 ok"}"#,
            r#"{"a":"é ü 漢"}"#,
        ] {
            assert!(same(text), "{text}");
        }
    }

    #[test]
    fn stop_finds_the_first_quote_backslash_or_control_character() {
        let special = [b'"', b'\\', 0u8, 0x1f, b'\n'];
        for len in 0..20 {
            for at in 0..=len {
                for &c in &special {
                    // Every other byte ordinary, including bytes just above the special ones and non-ASCII.
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|i| [b'#', b'!', b']', 0x20, 0xff, b'a'][i % 6])
                        .collect();
                    if at < len {
                        bytes[at] = c;
                        // A second one after it does not matter.
                        if at + 1 < len {
                            bytes[at + 1] = b'"';
                        }
                    }
                    let expected = (at < len).then_some(at);
                    assert_eq!(stop(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn refuses_what_it_is_not_sure_of() {
        for text in [
            "",
            "{",
            r#"{"a":1}"#,
            r#"{"a":-1}"#,
            r#"{"a":"b"} x"#,
            r#"{"a":"b",}"#,
            r#"["a",]"#,
            r#"{"a" "b"}"#,
            r#"{a:"b"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\ud83d"}"#,
            r#"{"a":"\ude00"}"#,
            r#"{"a":"\ud83d\u0041"}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"a":"abc"#,
            r#"{"a":tru}"#,
            r#"{"a":nul}"#,
        ] {
            assert!(!same(text), "{text}");
        }
        let deep = "[".repeat(128) + &"]".repeat(128);
        assert!(!same(&deep));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let fine = "[".repeat(127) + &"]".repeat(127);
        assert!(same(&fine));
    }
}
