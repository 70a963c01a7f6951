//! Stage 1 of reading a value: the JSON shapes, as DynamoDB's deserializer checks them before anything else.
//! Every problem here is a SerializationException (spec §1.5 layer 0, §6.2); what is left for stage 2
//! (`validate.rs`) is what DynamoDB reports as a ValidationException.
//!
//! Like every AWS JSON structure, an AttributeValue ignores members it does not know (`{"dog": "cat"}` reads as
//! an empty value) and treats a `null` member as absent. Errors are reported in document order.
//!
//! Reading recurses only down to `MAX_READ_DEPTH`; below that the JSON is still checked for serialization
//! errors, iteratively, but not kept, and the value is marked too deep (stage 2 reports the nesting message).

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::engine::error::ApiError;
use crate::engine::messages as m;

mod plain;
pub use plain::PlainWireItem;

/// The deepest value kept by `WireValue::from_json`, counting the value itself as 1. Far beyond DynamoDB's
/// 32-level document limit (values 100 levels deep still reach DynamoDB's validation, spec §6.4), and shallow
/// enough that recursing over a value can never exhaust the stack.
pub const MAX_READ_DEPTH: usize = 200;

/// An AttributeValue as sent: shapes checked, base64 decoded, nothing else validated yet.
#[derive(Clone, Debug, PartialEq)]
pub struct WireValue {
    pub(super) repr: Repr,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Repr {
    /// Exactly one known type member (nearly every value: no list to allocate).
    One(WireField),
    /// The known type members present, in document order, when there are none or several (never one).
    Fields(Vec<WireField>),
    /// Nested deeper than `MAX_READ_DEPTH`; checked for serialization errors but not kept.
    TooDeep,
}

/// One type member of an AttributeValue, as sent. Set members are `None` for a JSON `null`.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum WireField {
    S(String),
    N(String),
    B(Vec<u8>),
    Bool(bool),
    Null(bool),
    SS(Vec<Option<String>>),
    NS(Vec<Option<String>>),
    BS(Vec<Option<Vec<u8>>>),
    L(Vec<WireValue>),
    M(Vec<(String, WireValue)>),
}

/// An item (or a Key, or an ExpressionAttributeValues map) as sent: attribute name -> WireValue, in document
/// order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WireItem {
    entries: Vec<(String, WireValue)>,
}

impl WireValue {
    /// Check the JSON shapes of one AttributeValue (SerializationException only).
    pub fn from_json(json: &Value) -> Result<WireValue, ApiError> {
        read_value(json, 1)
    }

    /// A value with no type member at all (what `{}` or `null` reads as).
    pub(super) fn empty() -> WireValue {
        WireValue {
            repr: Repr::Fields(Vec::new()),
        }
    }
}

impl WireItem {
    /// Check the JSON shapes of a map of AttributeValues (SerializationException only). `null` reads as an
    /// empty map (an absent member).
    pub fn from_json(json: &Value) -> Result<WireItem, ApiError> {
        let map = match json {
            Value::Object(map) => map,
            Value::Null => return Ok(WireItem::default()),
            Value::Array(_) => return Err(ser(m::SER_COLLECTION_NOT_MAP)),
            _ => return Err(ser(m::SER_SCALAR_NOT_MAP)),
        };
        let entries = map
            .iter()
            .map(|(name, v)| Ok((name.clone(), read_value(v, 1)?)))
            .collect::<Result<_, ApiError>>()?;
        Ok(WireItem { entries })
    }

    /// The attributes in document order, for callers that validate or wrap errors per entry (the older layer
    /// wraps ExpressionAttributeValues errors with the key, spec §6.2).
    pub fn entries(&self) -> &[(String, WireValue)] {
        &self.entries
    }

    /// The attributes in document order, handed over (for callers that build an item from them without
    /// copying names and strings).
    pub fn into_entries(self) -> Vec<(String, WireValue)> {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

fn ser(message: &str) -> ApiError {
    ApiError::serialization(message)
}

/// A member of an AttributeValue after its shape is checked: finished, or a container still to read.
enum Member<'a> {
    Field(WireField),
    List(&'a [Value]),
    Map(&'a Map<String, Value>),
}

/// An AttributeValue position (the value itself, an element of L, a value of M or of an item): must be an
/// object; `null` reads as an empty value.
fn value_object(json: &Value) -> Result<Option<&Map<String, Value>>, ApiError> {
    match json {
        Value::Object(map) => Ok(Some(map)),
        Value::Null => Ok(None),
        Value::Array(_) => Err(ser(m::SER_COLLECTION_NOT_VALUE)),
        _ => Err(ser(m::SER_UNEXPECTED_VALUE_TYPE)),
    }
}

/// Read one AttributeValue at nesting level `depth` (1 for the value itself).
fn read_value(json: &Value, depth: usize) -> Result<WireValue, ApiError> {
    let Some(map) = value_object(json)? else {
        return Ok(WireValue::empty());
    };
    if depth > MAX_READ_DEPTH {
        check_deep(map)?;
        return Ok(WireValue {
            repr: Repr::TooDeep,
        });
    }
    let mut fields = Vec::new();
    let mut first = None;
    for (tag, v) in map {
        let field = match read_member(tag, v)? {
            None => continue,
            Some(Member::Field(field)) => field,
            Some(Member::List(elements)) => WireField::L(
                elements
                    .iter()
                    .map(|e| read_value(e, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Some(Member::Map(entries)) => WireField::M(
                entries
                    .iter()
                    .map(|(k, e)| Ok((k.clone(), read_value(e, depth + 1)?)))
                    .collect::<Result<_, ApiError>>()?,
            ),
        };
        match first.take() {
            None if fields.is_empty() => first = Some(field),
            None => fields.push(field),
            Some(earlier) => {
                fields.push(earlier);
                fields.push(field);
            }
        }
    }
    let repr = match first {
        Some(field) => Repr::One(field),
        None => Repr::Fields(fields),
    };
    Ok(WireValue { repr })
}

/// Check everything below the depth limit for serialization errors, in document order, without recursion.
fn check_deep(root: &Map<String, Value>) -> Result<(), ApiError> {
    enum Frame<'a> {
        Members(serde_json::map::Iter<'a>),
        Elements(std::slice::Iter<'a, Value>),
        Entries(serde_json::map::Values<'a>),
    }
    let mut stack = vec![Frame::Members(root.iter())];
    while let Some(top) = stack.last_mut() {
        let next_value = match top {
            Frame::Members(members) => match members.next() {
                None => None,
                Some((tag, v)) => {
                    match read_member(tag, v)? {
                        Some(Member::List(elements)) => {
                            stack.push(Frame::Elements(elements.iter()))
                        }
                        Some(Member::Map(entries)) => stack.push(Frame::Entries(entries.values())),
                        Some(Member::Field(_)) | None => {}
                    }
                    continue;
                }
            },
            Frame::Elements(elements) => elements.next(),
            Frame::Entries(values) => values.next(),
        };
        match next_value {
            None => {
                stack.pop();
            }
            Some(element) => {
                if let Some(map) = value_object(element)? {
                    stack.push(Frame::Members(map.iter()));
                }
            }
        }
    }
    Ok(())
}

/// Check one member of an AttributeValue object. `None` for an unknown tag or a `null` member (both ignored).
fn read_member<'a>(tag: &str, v: &'a Value) -> Result<Option<Member<'a>>, ApiError> {
    if v.is_null() {
        return Ok(None);
    }
    let field = match tag {
        "S" => WireField::S(string(v)?),
        "N" => WireField::N(string(v)?),
        "B" => WireField::B(blob(v)?),
        "BOOL" => WireField::Bool(boolean(v)?),
        "NULL" => WireField::Null(boolean(v)?),
        "SS" => WireField::SS(members(v, string)?),
        "NS" => WireField::NS(members(v, string)?),
        "BS" => WireField::BS(members(v, blob)?),
        "L" => return Ok(Some(Member::List(list(v)?))),
        "M" => {
            return match v {
                Value::Object(map) => Ok(Some(Member::Map(map))),
                Value::Array(_) => Err(ser(m::SER_COLLECTION_NOT_MAP)),
                _ => Err(ser(m::SER_UNEXPECTED_FIELD_TYPE)),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(Member::Field(field)))
}

/// A list member (SS, NS, BS, L).
fn list(v: &Value) -> Result<&[Value], ApiError> {
    match v {
        Value::Array(elements) => Ok(elements),
        Value::Object(_) => Err(ser(m::SER_UNEXPECTED_STRUCTURE)),
        _ => Err(ser(m::SER_UNEXPECTED_FIELD_TYPE)),
    }
}

/// The members of a set, each read by `read`; a `null` member is kept as `None` for stage 2.
fn members<T>(
    v: &Value,
    read: fn(&Value) -> Result<T, ApiError>,
) -> Result<Vec<Option<T>>, ApiError> {
    list(v)?
        .iter()
        .map(|e| {
            if e.is_null() {
                Ok(None)
            } else {
                read(e).map(Some)
            }
        })
        .collect()
}

/// A string member (S, N, and the members of SS and NS).
fn string(v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(true) => Err(ser(m::SER_TRUE_NOT_STRING)),
        Value::Bool(false) => Err(ser(m::SER_FALSE_NOT_STRING)),
        Value::Number(n) if n.is_f64() => Err(ser(m::SER_DECIMAL_NOT_STRING)),
        Value::Number(_) => Err(ser(m::SER_NUMBER_NOT_STRING)),
        Value::Array(_) => Err(ser(m::SER_UNEXPECTED_COLLECTION)),
        Value::Object(_) => Err(ser(m::SER_UNEXPECTED_STRUCTURE)),
        Value::Null => Ok(String::new()),
    }
}

/// A Boolean member (BOOL, NULL). The strings true/false/1/0/yes/no in any case are read as booleans; any other
/// string is refused (spec §6.2).
fn boolean(v: &Value) -> Result<bool, ApiError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(ser(m::SER_UNEXPECTED_TOKEN)),
        },
        Value::Number(n) if n.is_f64() => Err(ser(m::SER_DECIMAL_NOT_BOOLEAN)),
        Value::Number(_) => Err(ser(m::SER_NUMBER_NOT_BOOLEAN)),
        Value::Array(_) => Err(ser(m::SER_COLLECTION_NOT_BOOLEAN)),
        Value::Object(_) => Err(ser(m::SER_UNEXPECTED_STRUCTURE)),
        Value::Null => Ok(false),
    }
}

/// A binary member (B, the members of BS): standard base64 with padding, canonical (no stray bits in the last
/// character). A length that is not a multiple of 4 has its own message; every other defect (bad characters,
/// misplaced padding, stray bits) gets the "last non-pad character" message, as DynamoDB's decoder reports.
fn blob(v: &Value) -> Result<Vec<u8>, ApiError> {
    let text = match v {
        Value::String(s) => s,
        Value::Array(_) => return Err(ser(m::SER_COLLECTION_NOT_BYTES)),
        Value::Object(_) => return Err(ser(m::SER_UNEXPECTED_STRUCTURE)),
        _ => return Err(ser(m::SER_BASE64_ONLY)),
    };
    // Java counts UTF-16 units.
    let length = text.encode_utf16().count();
    if length % 4 != 0 {
        return Err(ser(&m::base64_bad_length(length)));
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ser(m::BASE64_BAD_LAST_CHAR))
}
