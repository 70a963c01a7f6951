//! Paths that reach inside a key attribute (spec §4.3): a key attribute is a scalar, so `pk.x` or `pk[0]` in a
//! ProjectionExpression, a FilterExpression or an UpdateExpression's targets is refused before any item is read:
//! `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk`
//! (`IndexKey:` for an index's key). A Query's FilterExpression may not name the queried key at all:
//! `Filter Expression can only contain non-primary key attributes: Primary key attribute: pk`.
//!
//! The order follows dynalite (the source of these texts, [H]): the table's key (hash, then range), then the
//! global secondary indexes' keys, last index first, then the local indexes' range keys, last index first.
//! Conditions are not checked (dynalite does not; DynamoDB's behaviour there is not captured).

use std::collections::BTreeMap;

use crate::engine::expr::ast::{Condition, Path, PathElement, Projection, UpdateExpression};
use crate::engine::expr::walk::{self, Reference};
use crate::engine::key::KeySchema;
use crate::engine::messages;
use crate::engine::table::TableSchema;

use crate::engine::ApiError;

/// The top-level attribute a path starts at, `#names` substituted (`None` for an undefined name, which the
/// static checks have already refused).
pub(super) fn head<'a>(path: &'a Path, names: &'a BTreeMap<String, String>) -> Option<&'a str> {
    match path.elements.first()? {
        PathElement::Name {
            name, placeholder, ..
        } => {
            if *placeholder {
                names.get(name.as_str()).map(String::as_str)
            } else {
                Some(name.as_str())
            }
        }
        PathElement::Index { .. } => None,
    }
}

/// The attributes that some path of `paths` reaches inside (a path of two or more elements starting there).
fn nested_heads<'a>(
    paths: impl Iterator<Item = &'a Path>,
    names: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    paths
        .filter(|p| p.elements.len() > 1)
        .filter_map(|p| head(p, names))
        .collect()
}

pub fn projection_paths(projection: &Projection) -> impl Iterator<Item = &Path> {
    projection.paths.iter()
}

pub fn condition_paths(condition: &Condition) -> Vec<&Path> {
    walk::condition_references(condition)
        .into_iter()
        .filter_map(|r| match r {
            Reference::Path(p) => Some(p),
            Reference::Value { .. } => None,
        })
        .collect()
}

pub fn update_targets(update: &UpdateExpression) -> impl Iterator<Item = &Path> {
    walk::actions(update).map(|a| a.path())
}

/// `Key attributes must be scalars…` for the first key attribute (in dynalite's order) that `paths` reach
/// inside.
pub fn check_scalar_keys<'a>(
    paths: impl Iterator<Item = &'a Path>,
    names: &'a BTreeMap<String, String>,
    schema: &TableSchema,
) -> Result<(), ApiError> {
    let nested = nested_heads(paths, names);
    if nested.is_empty() {
        return Ok(());
    }
    let reached = |name: &str| nested.contains(&name);
    if let Some(a) = schema.key_schema.attributes().find(|a| reached(&a.name)) {
        return Err(ApiError::validation(messages::key_attribute_not_scalar(
            "Key", &a.name,
        )));
    }
    let global = schema
        .global_indexes
        .iter()
        .rev()
        .flat_map(|i| i.key_schema.attributes());
    let local = schema
        .local_indexes
        .iter()
        .rev()
        .filter_map(|i| i.key_schema.range.as_ref());
    match global.chain(local).find(|a| reached(&a.name)) {
        Some(a) => Err(ApiError::validation(messages::key_attribute_not_scalar(
            "IndexKey", &a.name,
        ))),
        None => Ok(()),
    }
}

/// A Query's FilterExpression may not name the key it queries (the table's, or the index's).
pub fn check_filter_avoids_key(
    filter: &Condition,
    names: &BTreeMap<String, String>,
    queried: &KeySchema,
) -> Result<(), ApiError> {
    let paths = condition_paths(filter);
    let named = |attr: &str| paths.iter().any(|p| head(p, names) == Some(attr));
    match queried.attributes().find(|a| named(&a.name)) {
        Some(a) => Err(ApiError::validation(messages::filter_names_primary_key(
            &a.name,
        ))),
        None => Ok(()),
    }
}
