//! The placeholder maps of a request (spec §3.7): which keys are well formed, which the expressions use, and
//! the error for definitions no expression uses. These messages carry no `Invalid <Kind>: ` prefix.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{Condition, PathElement, Projection, UpdateExpression};
use super::walk::{self, Reference};
use super::ExpressionAttributes;
use crate::engine::error::ApiError;
use crate::engine::messages;

/// `#name` placeholders and `:value` placeholders an expression mentions.
pub type UsedPlaceholders = (BTreeSet<String>, BTreeSet<String>);

fn collect(references: &[Reference<'_>]) -> UsedPlaceholders {
    let mut names = BTreeSet::new();
    let mut values = BTreeSet::new();
    for reference in references {
        match reference {
            Reference::Path(path) => {
                for element in &path.elements {
                    if let PathElement::Name {
                        name,
                        placeholder: true,
                        ..
                    } = element
                    {
                        names.insert(name.to_string());
                    }
                }
            }
            Reference::Value { name, .. } => {
                values.insert((*name).to_string());
            }
        }
    }
    (names, values)
}

/// Every placeholder in the text counts as used, in evaluated branches or not (spec §3.2).
pub fn used_placeholders_condition(condition: &Condition) -> UsedPlaceholders {
    collect(&walk::condition_references(condition))
}

pub fn used_placeholders_update(update: &UpdateExpression) -> UsedPlaceholders {
    collect(&walk::update_references(update))
}

pub fn used_placeholders_projection(projection: &Projection) -> UsedPlaceholders {
    collect(&walk::projection_references(projection))
}

/// Definitions that no expression of the request uses (pass the union over all its expressions). Names are
/// checked before values (dynalite's order); keys are listed in sorted order, joined by ", " (DynamoDB's own
/// order is unspecified).
pub fn check_unused(
    attrs: &ExpressionAttributes,
    used_names: &BTreeSet<String>,
    used_values: &BTreeSet<String>,
) -> Result<(), ApiError> {
    let unused_names: Vec<&str> = attrs
        .names
        .keys()
        .filter(|key| !used_names.contains(*key))
        .map(String::as_str)
        .collect();
    if !unused_names.is_empty() {
        return Err(ApiError::validation(messages::names_unused(
            &unused_names.join(", "),
        )));
    }
    let unused_values: Vec<&str> = attrs
        .values
        .keys()
        .filter(|key| !used_values.contains(*key))
        .map(String::as_str)
        .collect();
    if !unused_values.is_empty() {
        return Err(ApiError::validation(messages::values_unused(
            &unused_values.join(", "),
        )));
    }
    Ok(())
}

fn well_formed(key: &str, sigil: char) -> bool {
    key.strip_prefix(sigil).is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Keys must be at most 255 bytes long and match `^#[0-9a-zA-Z_]+$` (names) and `^:[0-9a-zA-Z_]+$` (values),
/// the length checked first; a name must not be empty. Checked before any expression is parsed, names first,
/// each map in key order, each entry whole before the next.
pub fn check_placeholder_keys(
    names: &BTreeMap<String, String>,
    values: &super::ValueMap,
) -> Result<(), ApiError> {
    for (key, name) in names {
        if key.len() > messages::MAX_PLACEHOLDER_BYTES {
            return Err(ApiError::validation(messages::names_key_too_long(
                key.len(),
            )));
        }
        if !well_formed(key, '#') {
            return Err(ApiError::validation(messages::names_invalid_key(key)));
        }
        if name.is_empty() {
            return Err(ApiError::validation(messages::names_empty_value(key)));
        }
    }
    for key in values.keys() {
        if key.len() > messages::MAX_PLACEHOLDER_BYTES {
            return Err(ApiError::validation(messages::VALUES_KEY_TOO_LONG));
        }
        if !well_formed(key, ':') {
            return Err(ApiError::validation(messages::values_invalid_key(key)));
        }
    }
    let size = names.iter().map(|(k, n)| k.len() + n.len()).sum::<usize>()
        + values
            .iter()
            .map(|(k, v)| k.len() + v.size())
            .sum::<usize>();
    if size > messages::MAX_PLACEHOLDER_MAPS_BYTES {
        return Err(ApiError::validation(messages::placeholder_maps_too_large(
            size,
        )));
    }
    Ok(())
}
