//! Reading maps of AttributeValues straight from a request body (serde), without a JSON value in between, for
//! the shape every SDK sends: each value an object with exactly one known type member, of the right JSON type,
//! and no name twice in a map.
//!
//! Anything else is refused with an error that means only "not the plain shape": the caller then reads the body
//! as a JSON value, and `WireItem::from_json` decides with DynamoDB's messages and its leniencies (`null`
//! members, unknown tags, several tags, strings read as booleans). For what it accepts, the result is exactly
//! what `WireItem::from_json` makes of the same text; `tests/api_plain.rs` holds the two side by side.
//!
//! Depth: serde_json's parser stops at 128 levels, far below `MAX_READ_DEPTH`, so nothing here is too deep.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Repr, WireField, WireItem, WireValue};

/// A map of AttributeValues (an Item, a Key, ExpressionAttributeValues) in the plain shape.
#[derive(Debug)]
pub struct PlainWireItem(pub WireItem);

/// One AttributeValue in the plain shape.
struct PlainWireValue(WireValue);

/// The entries of a map (an item or an M value), with no name twice.
struct PlainEntries(Vec<(String, WireValue)>);

fn not_plain<E: de::Error>() -> E {
    E::custom("not the plain shape")
}

/// Whether a name occurs twice (a JSON value keeps the last value at the first place: not plain).
fn has_duplicates(entries: &[(String, WireValue)]) -> bool {
    if entries.len() <= 16 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, (name, _))| entries[..i].iter().any(|(other, _)| other == name));
    }
    let mut names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w[0] == w[1])
}

impl<'de> Deserialize<'de> for PlainEntries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PlainEntries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of attribute values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlainEntries, A::Error> {
                let mut entries = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    let PlainWireValue(value) = map.next_value()?;
                    entries.push((name, value));
                }
                if has_duplicates(&entries) {
                    return Err(not_plain());
                }
                Ok(PlainEntries(entries))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for PlainWireItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let PlainEntries(entries) = PlainEntries::deserialize(d)?;
        Ok(PlainWireItem(WireItem { entries }))
    }
}

/// The type member of an AttributeValue.
enum Tag {
    S,
    N,
    B,
    Bool,
    Null,
    SS,
    NS,
    BS,
    L,
    M,
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an AttributeValue type")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag, E> {
                Ok(match v {
                    "S" => Tag::S,
                    "N" => Tag::N,
                    "B" => Tag::B,
                    "BOOL" => Tag::Bool,
                    "NULL" => Tag::Null,
                    "SS" => Tag::SS,
                    "NS" => Tag::NS,
                    "BS" => Tag::BS,
                    "L" => Tag::L,
                    "M" => Tag::M,
                    _ => return Err(not_plain()),
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// A binary member, decoded as `wire::blob` decodes it; what it would refuse is not plain.
fn blob<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    if !text.encode_utf16().count().is_multiple_of(4) {
        return Err(not_plain());
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| not_plain())
}

/// The members of BS.
struct Blobs(Vec<Option<Vec<u8>>>);

impl<'de> Deserialize<'de> for Blobs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Blobs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of base64 strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Blobs, A::Error> {
                let mut out = Vec::new();
                while let Some(text) = seq.next_element::<Cow<'de, str>>()? {
                    out.push(Some(blob(&text)?));
                }
                Ok(Blobs(out))
            }
        }
        d.deserialize_seq(V)
    }
}

fn strings(list: Vec<String>) -> Vec<Option<String>> {
    list.into_iter().map(Some).collect()
}

impl<'de> Deserialize<'de> for PlainWireValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PlainWireValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an AttributeValue")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PlainWireValue, A::Error> {
                let Some(tag) = map.next_key::<Tag>()? else {
                    return Err(not_plain());
                };
                let field = match tag {
                    Tag::S => WireField::S(map.next_value()?),
                    Tag::N => WireField::N(map.next_value()?),
                    Tag::B => WireField::B(blob(&map.next_value::<Cow<'de, str>>()?)?),
                    Tag::Bool => WireField::Bool(map.next_value()?),
                    Tag::Null => WireField::Null(map.next_value()?),
                    Tag::SS => WireField::SS(strings(map.next_value()?)),
                    Tag::NS => WireField::NS(strings(map.next_value()?)),
                    Tag::BS => WireField::BS(map.next_value::<Blobs>()?.0),
                    Tag::L => WireField::L(
                        map.next_value::<Vec<PlainWireValue>>()?
                            .into_iter()
                            .map(|v| v.0)
                            .collect(),
                    ),
                    Tag::M => WireField::M(map.next_value::<PlainEntries>()?.0),
                };
                // Exactly one member.
                if map.next_key::<IgnoredAny>()?.is_some() {
                    return Err(not_plain());
                }
                Ok(PlainWireValue(WireValue {
                    repr: Repr::One(field),
                }))
            }
        }
        d.deserialize_map(V)
    }
}
