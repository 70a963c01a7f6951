//! Stage 2 of reading a value: what DynamoDB reports as a ValidationException (spec §6.2, §4.7).
//!
//! Order, as DynamoDB (and the emulators matching it) check: each type member present is validated in document
//! order, nested values first-error-wins, and only then is "more than one datatype" reported — so
//! `{"S": "a", "N": "x"}` is a number error.

use std::collections::BTreeMap;

use base64::Engine as _;

use super::wire::{Repr, WireField, WireItem, WireValue};
use super::{AttributeValue, ValueLayer};
use crate::engine::error::ApiError;
use crate::engine::item::Item;
use crate::engine::messages as m;
use crate::engine::number::Number;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

impl WireValue {
    /// Validate and build the value (ValidationException only), with the given layer's wording.
    pub fn validate(&self, layer: ValueLayer) -> Result<AttributeValue, ApiError> {
        let fields = match &self.repr {
            Repr::TooDeep => return Err(invalid(m::NESTING_TOO_DEEP)),
            Repr::One(field) => return validate_field(field, layer),
            Repr::Fields(fields) => fields,
        };
        let mut first = None;
        for field in fields {
            let value = validate_field(field, layer)?;
            first.get_or_insert(value);
        }
        if fields.len() > 1 {
            return Err(invalid(m::VALUE_MULTIPLE_TYPES));
        }
        first.ok_or_else(|| invalid(m::VALUE_EMPTY))
    }
}

impl WireValue {
    /// `validate`, handing the value over: a string or binary moves into the value instead of being copied
    /// (the rest, which needs reading anyway, goes through `validate`: same result, same errors).
    pub fn into_validated(self, layer: ValueLayer) -> Result<AttributeValue, ApiError> {
        match self.repr {
            Repr::One(WireField::S(s)) => Ok(AttributeValue::S(s)),
            Repr::One(WireField::B(bytes)) => Ok(AttributeValue::B(bytes)),
            _ => self.validate(layer),
        }
    }
}

impl WireItem {
    /// Validate every attribute in document order; the first problem wins.
    pub fn validate(&self, layer: ValueLayer) -> Result<Item, ApiError> {
        let mut item = Item::new();
        for (name, value) in self.entries() {
            item.insert(name.clone(), value.validate(layer)?);
        }
        Ok(item)
    }
}

fn validate_field(field: &WireField, layer: ValueLayer) -> Result<AttributeValue, ApiError> {
    Ok(match field {
        WireField::S(s) => AttributeValue::S(s.clone()),
        WireField::N(text) => AttributeValue::N(number(text, layer)?),
        WireField::B(bytes) => AttributeValue::B(bytes.clone()),
        WireField::Bool(b) => AttributeValue::Bool(*b),
        WireField::Null(true) => AttributeValue::Null,
        WireField::Null(false) => return Err(invalid(m::NULL_MUST_BE_TRUE)),
        WireField::SS(members) => string_set(members, layer)?,
        WireField::NS(members) => number_set(members, layer)?,
        WireField::BS(members) => binary_set(members, layer)?,
        WireField::L(elements) => AttributeValue::L(
            elements
                .iter()
                .map(|e| e.validate(layer))
                .collect::<Result<_, _>>()?,
        ),
        WireField::M(entries) => {
            let mut map = BTreeMap::new();
            for (key, value) in entries {
                map.insert(key.clone(), value.validate(layer)?);
            }
            AttributeValue::M(map)
        }
    })
}

fn number(text: &str, layer: ValueLayer) -> Result<Number, ApiError> {
    Number::parse_for(text, layer).map_err(|e| invalid(e.message_for(layer)))
}

fn string_set(members: &[Option<String>], layer: ValueLayer) -> Result<AttributeValue, ApiError> {
    if members.is_empty() {
        return Err(invalid(m::EMPTY_STRING_SET));
    }
    let members: Vec<&str> = members
        .iter()
        .map(|s| s.as_deref().ok_or_else(|| invalid(m::NULL_SET_MEMBER)))
        .collect::<Result<_, _>>()?;
    if let Some(shown) = duplicates(&members, |s: &&str| s.as_bytes()) {
        return Err(invalid(match layer {
            ValueLayer::Older => m::duplicate_string_set(&members),
            ValueLayer::Current => m::duplicate_string_set_current(&shown),
        }));
    }
    Ok(AttributeValue::string_set(
        members.into_iter().map(str::to_string),
    ))
}

fn number_set(members: &[Option<String>], layer: ValueLayer) -> Result<AttributeValue, ApiError> {
    if members.is_empty() {
        return Err(invalid(m::EMPTY_NUMBER_SET));
    }
    // A null member reads like an empty literal (dynalite treats both alike).
    let numbers: Vec<Number> = members
        .iter()
        .map(|s| number(s.as_deref().unwrap_or(""), layer))
        .collect::<Result<_, _>>()?;
    // Duplicates by value: `1` and `1.0` are the same member.
    if duplicates(&numbers, |n: &Number| *n).is_some() {
        return Err(invalid(match layer {
            ValueLayer::Older => m::DUPLICATE_NUMBER_SET,
            ValueLayer::Current => m::DUPLICATE_NUMBER_SET_CURRENT,
        }));
    }
    Ok(AttributeValue::number_set(numbers))
}

fn binary_set(members: &[Option<Vec<u8>>], layer: ValueLayer) -> Result<AttributeValue, ApiError> {
    if members.is_empty() {
        return Err(invalid(m::EMPTY_BINARY_SET));
    }
    let members: Vec<&[u8]> = members
        .iter()
        .map(|b| b.as_deref().ok_or_else(|| invalid(m::NULL_SET_MEMBER)))
        .collect::<Result<_, _>>()?;
    if let Some(shown) = duplicates(&members, |b: &&[u8]| *b) {
        // Strict decoding means re-encoding gives back the text as sent.
        let encode = |list: &[&[u8]]| -> Vec<String> {
            list.iter()
                .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
                .collect()
        };
        return Err(invalid(match layer {
            ValueLayer::Older => m::duplicate_binary_set(&encode(&members)),
            ValueLayer::Current => m::duplicate_binary_set_current(&encode(&shown)),
        }));
    }
    Ok(AttributeValue::binary_set(
        members.into_iter().map(<[u8]>::to_vec),
    ))
}

/// `None` if the members are distinct under `key`. Otherwise the members the current layer lists: those seen up
/// to the first repeat in key order, then the repeat, then the rest as sent (spec §6.2: `[b, a, b]` is shown
/// as `["a", "b", "b"]`).
fn duplicates<T: Copy, K: Ord>(members: &[T], key: impl Fn(&T) -> K) -> Option<Vec<T>> {
    let mut seen: BTreeMap<K, T> = BTreeMap::new();
    for (i, member) in members.iter().enumerate() {
        let k = key(member);
        if seen.contains_key(&k) {
            let mut shown: Vec<T> = seen.into_values().collect();
            shown.push(*member);
            shown.extend(members.get(i + 1..).unwrap_or(&[]).iter().copied());
            return Some(shown);
        }
        seen.insert(k, *member);
    }
    None
}
