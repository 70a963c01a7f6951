//! The expressions of one action, parsed once and checked together (placeholders, unused entries), then
//! evaluated against items. ADAPTER over `engine::expr`: the only file here that calls the parser and the
//! evaluator, so the operations do not depend on their exact signatures.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::Arc;

use crate::engine::error::ApiError;
use crate::engine::expr::ast::{Condition, Projection, UpdateExpression};
use crate::engine::expr::{ExpressionAttributes, ImageUpdateOutcome, ItemView};
use crate::engine::image::ImageRef;
use crate::engine::item::Item;
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::trace::{ConditionTrace, UpdateTrace};
use crate::engine::value::ValueLayer;

use super::WireMap;

/// A parsed condition-like expression with its text (the trace shows the text).
#[derive(Clone, Debug)]
pub struct ParsedCondition {
    pub tree: Condition,
    /// Shared with every trace of the condition (`ConditionTrace::expression`).
    pub text: Arc<str>,
    pub kind: ExpressionKind,
    /// The top-level attributes the condition reads, sorted: evaluating it against an item that has only these
    /// (`ImageRef::to_item_with`) gives the same result and trace as against the whole item, since every
    /// operand and function reads a path.
    pub attributes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ParsedUpdate {
    pub tree: UpdateExpression,
    /// Shared with every trace of the expression (`UpdateTrace::expression`).
    pub text: Arc<str>,
    /// The top-level attribute each action writes (`#names` substituted), worked out once: an update that
    /// writes none of a table's key attributes passes `check_update_keys` without walking the tree again.
    pub target_heads: Vec<String>,
    /// Whether some action writes below a top-level attribute (`a.b`, `a[0]`): only then can it reach inside a
    /// key attribute (`check_scalar_keys`).
    pub nested_targets: bool,
}

/// The expression texts an action carries.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpressionTexts<'a> {
    pub key_condition: Option<&'a str>,
    pub update: Option<&'a str>,
    pub condition: Option<&'a str>,
    pub filter: Option<&'a str>,
    pub projection: Option<&'a str>,
}

impl ExpressionTexts<'_> {
    fn any(&self) -> bool {
        self.key_condition.is_some()
            || self.update.is_some()
            || self.condition.is_some()
            || self.filter.is_some()
            || self.projection.is_some()
    }
}

/// Everything parsed.
#[derive(Clone, Debug, Default)]
pub struct Expressions {
    pub attrs: ExpressionAttributes,
    pub key_condition: Option<ParsedCondition>,
    pub update: Option<ParsedUpdate>,
    pub condition: Option<ParsedCondition>,
    pub filter: Option<ParsedCondition>,
    pub projection: Option<Projection>,
    /// What the placeholder maps and the update and condition texts add to a transaction's payload (counted
    /// once here, as the memo keeps the result).
    pub payload: usize,
}

/// Validate the ExpressionAttributeValues (spec §6.2, in `layer`'s wording), then parse and statically check an
/// action's expressions, in DynamoDB's order (spec §3.7, §1.5 layer 2): empty placeholder maps, placeholder key
/// syntax, maps without expressions, each expression (key condition, update, condition, filter, projection),
/// then unused placeholders across all of them.
///
/// The result is a pure function of the texts, the placeholder maps as sent and the layer, so it is remembered
/// (per thread, a bounded memo): requests repeat their expressions (scripts, retries, workloads), and reading
/// an expression with every static check, and the values with theirs, is the largest cost of a small
/// transaction. A hit compares the values as sent and validates nothing again.
pub fn prepare(
    texts: &ExpressionTexts<'_>,
    names: Option<&BTreeMap<String, String>>,
    values: Option<&WireMap>,
    layer: ValueLayer,
) -> Result<Arc<Expressions>, ApiError> {
    // No expressions and no placeholder maps (a plain Delete, a Get): nothing to read or check.
    if !texts.any() && names.is_none() && values.is_none() {
        return Ok(NONE.with(Arc::clone));
    }
    let hash = memo_hash(texts, names, values, layer);
    let found = MEMO.with(|m| m.borrow().find(hash, texts, names, values, layer));
    if let Some(result) = found {
        return result;
    }
    let key = MemoKey {
        texts: [
            texts.key_condition.map(str::to_string),
            texts.update.map(str::to_string),
            texts.condition.map(str::to_string),
            texts.filter.map(str::to_string),
            texts.projection.map(str::to_string),
        ],
        names: names.cloned(),
        values: values.cloned(),
        layer,
    };
    let result = super::common::validate_expression_values(values, layer)
        .and_then(|values| prepare_uncached(texts, names, values))
        .map(Arc::new);
    MEMO.with(|m| m.borrow_mut().insert(hash, key, result.clone()));
    result
}

/// How many results the memo keeps before it starts over.
const MEMO_CAPACITY: usize = 1024;

struct MemoKey {
    texts: [Option<String>; 5],
    names: Option<BTreeMap<String, String>>,
    values: Option<WireMap>,
    layer: ValueLayer,
}

/// A kept result with its key and the key's hash (compared first: most entries of a slot have another hash).
type MemoEntry = (u64, MemoKey, Result<Arc<Expressions>, ApiError>);

/// Slots of the memo, a power of two: a key's slot is the top bits of its hash (`slot`).
const MEMO_SLOTS: usize = 1024;

/// The memo: a table of slots indexed by the hash (`memo_hash` mixes well, so its top bits spread the keys;
/// a general hash map would probe and hash again), each slot the results whose hash falls there.
struct Memo {
    slots: Vec<Vec<MemoEntry>>,
    len: usize,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            slots: (0..MEMO_SLOTS).map(|_| Vec::new()).collect(),
            len: 0,
        }
    }
}

/// The slot of a hash.
fn slot(hash: u64) -> usize {
    (hash >> (64 - MEMO_SLOTS.trailing_zeros())) as usize
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    /// What an action without expressions or placeholder maps prepares to (every check passes on nothing).
    static NONE: Arc<Expressions> = Arc::new(Expressions::default());
}

fn text_list<'a>(texts: &ExpressionTexts<'a>) -> [Option<&'a str>; 5] {
    [
        texts.key_condition,
        texts.update,
        texts.condition,
        texts.filter,
        texts.projection,
    ]
}

fn memo_hash(
    texts: &ExpressionTexts<'_>,
    names: Option<&BTreeMap<String, String>>,
    values: Option<&WireMap>,
    layer: ValueLayer,
) -> u64 {
    // Which texts are present (a bit each) with the layer, then each present text and placeholder key with its
    // length (so that no two different lists of strings feed the same words).
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    let list = text_list(texts);
    let present = list
        .iter()
        .enumerate()
        .fold(u64::from(layer == ValueLayer::Older), |bits, (i, t)| {
            bits | u64::from(t.is_some()) << (i + 1)
        });
    h.add(present | u64::from(names.is_some()) << 8 | u64::from(values.is_some()) << 9);
    for t in list.iter().flatten() {
        h.string(t);
    }
    if let Some(names) = names {
        for (name, value) in names {
            h.string(name);
            h.string(value);
        }
    }
    if let Some(values) = values {
        for (key, _) in values.entries() {
            h.string(key);
        }
    }
    h.finish()
}

/// A word-at-a-time hash (FxHash's mixing): the memo hashes a few short strings per request; values are
/// compared on a hit, not hashed.
struct Fnv(u64);

impl Fnv {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    /// A string's bytes, then its length (so that no two lists of strings feed the same words).
    #[inline]
    fn string(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.add(s.len() as u64);
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(<[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            self.add(tail_word(rest) ^ (rest.len() as u64) << 56);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// The last 1 to 7 bytes of a hashed string as a little-endian word (zero-padded), read in at most three
/// pieces (a copy into a padded buffer would call memcpy).
fn tail_word(rest: &[u8]) -> u64 {
    let mut word = 0u64;
    let mut shift = 0;
    let mut rest = rest;
    if let Some((four, tail)) = rest.split_first_chunk::<4>() {
        word |= u64::from(u32::from_le_bytes(*four));
        shift = 32;
        rest = tail;
    }
    if let Some((two, tail)) = rest.split_first_chunk::<2>() {
        word |= u64::from(u16::from_le_bytes(*two)) << shift;
        shift += 16;
        rest = tail;
    }
    if let Some(&one) = rest.first() {
        word |= u64::from(one) << shift;
    }
    word
}

impl Memo {
    fn find(
        &self,
        hash: u64,
        texts: &ExpressionTexts<'_>,
        names: Option<&BTreeMap<String, String>>,
        values: Option<&WireMap>,
        layer: ValueLayer,
    ) -> Option<Result<Arc<Expressions>, ApiError>> {
        let list = text_list(texts);
        let same_text = |kept: &Option<String>, given: &Option<&str>| match (kept, given) {
            (Some(a), Some(b)) => a == b,
            (None, None) => true,
            _ => false,
        };
        let same_values = |kept: Option<&WireMap>| match (kept, values) {
            (Some(a), Some(b)) => {
                a.len() == b.len()
                    && a.entries()
                        .iter()
                        .zip(b.entries())
                        .all(|((n, v), (m, w))| n == m && v == w)
            }
            (None, None) => true,
            _ => false,
        };
        self.slots
            .get(slot(hash))?
            .iter()
            .find_map(|(h, k, result)| {
                let same = *h == hash
                    && k.layer == layer
                    && k.texts.iter().zip(&list).all(|(a, b)| same_text(a, b))
                    && same_values(k.values.as_ref())
                    && k.names.as_ref() == names;
                same.then(|| result.clone())
            })
    }
    fn insert(&mut self, hash: u64, key: MemoKey, result: Result<Arc<Expressions>, ApiError>) {
        if self.len >= MEMO_CAPACITY {
            self.slots.iter_mut().for_each(Vec::clear);
            self.len = 0;
        }
        if let Some(entries) = self.slots.get_mut(slot(hash)) {
            entries.push((hash, key, result));
            self.len += 1;
        }
    }
}

fn prepare_uncached(
    texts: &ExpressionTexts<'_>,
    names: Option<&BTreeMap<String, String>>,
    values: Option<Item>,
) -> Result<Expressions, ApiError> {
    if names.is_some_and(|n| n.is_empty()) {
        return Err(ApiError::validation(messages::NAMES_EMPTY));
    }
    if values.as_ref().is_some_and(|v| v.is_empty()) {
        return Err(ApiError::validation(messages::VALUES_EMPTY));
    }
    let attrs = ExpressionAttributes {
        names: names.cloned().unwrap_or_default(),
        values: values.unwrap_or_default().into(),
    };
    parser::check_placeholder_keys(&attrs)?;
    if !texts.any() {
        if names.is_some() {
            return Err(ApiError::validation(messages::NAMES_WITHOUT_EXPRESSIONS));
        }
        if !attrs.values.is_empty() {
            return Err(ApiError::validation(messages::VALUES_WITHOUT_EXPRESSIONS));
        }
    }
    let condition = |text: Option<&str>, kind: ExpressionKind| -> Result<_, ApiError> {
        text.map(|t| {
            let tree = parser::parse_condition(t, kind, &attrs)?;
            Ok(ParsedCondition {
                attributes: read_attributes(&tree, &attrs.names),
                tree,
                text: Arc::from(t),
                kind,
            })
        })
        .transpose()
    };
    let key_condition = condition(texts.key_condition, ExpressionKind::KeyConditionExpression)?;
    let update = texts
        .update
        .map(|t| {
            let tree = parser::parse_update(t, &attrs)?;
            let target_heads = super::key_paths::update_targets(&tree)
                .filter_map(|p| super::key_paths::head(p, &attrs.names))
                .map(str::to_string)
                .collect();
            let nested_targets =
                super::key_paths::update_targets(&tree).any(|p| p.elements.len() > 1);
            Ok::<_, ApiError>(ParsedUpdate {
                target_heads,
                nested_targets,
                tree,
                text: Arc::from(t),
            })
        })
        .transpose()?;
    let cond = condition(texts.condition, ExpressionKind::ConditionExpression)?;
    let filter = condition(texts.filter, ExpressionKind::FilterExpression)?;
    let projection = texts
        .projection
        .map(|t| parser::parse_projection(t, &attrs))
        .transpose()?;
    let payload = attrs
        .values
        .iter()
        .map(|(name, value)| name.len() + value.size())
        .sum::<usize>()
        + texts.update.map_or(0, str::len)
        + texts.condition.map_or(0, str::len)
        + attrs
            .names
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>();
    let parsed = Expressions {
        attrs,
        key_condition,
        update,
        condition: cond,
        filter,
        projection,
        payload,
    };
    parser::check_unused(&parsed)?;
    Ok(parsed)
}

/// The top-level attribute names a condition's paths start with (`#names` substituted), sorted, distinct.
fn read_attributes(tree: &Condition, names: &BTreeMap<String, String>) -> Vec<String> {
    use crate::engine::expr::ast::PathElement;
    use crate::engine::expr::walk::{for_each_condition_reference, Reference};
    let mut out = Vec::new();
    for_each_condition_reference(tree, |reference| {
        if let Reference::Path(path) = reference {
            if let Some(PathElement::Name {
                name, placeholder, ..
            }) = path.elements.first()
            {
                let resolved = if *placeholder {
                    names.get(name.as_str()).map(String::as_str)
                } else {
                    Some(name.as_str())
                };
                if let Some(n) = resolved {
                    out.push(n.to_string());
                }
            }
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

impl Expressions {
    /// `Key attributes must be scalars…` (spec §4.3) for the paths this request reads (projection and filter)
    /// and the update's targets; an update reaching inside the table's key was refused earlier as
    /// `Cannot update attribute`, so only index keys remain for it.
    pub fn check_scalar_keys(
        &self,
        schema: &crate::engine::table::TableSchema,
    ) -> Result<(), ApiError> {
        use super::key_paths;
        let names = &self.attrs.names;
        if let Some(p) = &self.projection {
            key_paths::check_scalar_keys(key_paths::projection_paths(p), names, schema)?;
        }
        if let Some(f) = &self.filter {
            key_paths::check_scalar_keys(
                key_paths::condition_paths(&f.tree).into_iter(),
                names,
                schema,
            )?;
        }
        if let Some(u) = self.update.as_ref().filter(|u| u.nested_targets) {
            key_paths::check_scalar_keys(key_paths::update_targets(&u.tree), names, schema)?;
        }
        Ok(())
    }

    /// `Cannot update attribute <k>. This attribute is part of the key` (spec §4.3), for the table's key names.
    pub fn check_update_keys(&self, key_names: &[&str]) -> Result<(), ApiError> {
        match &self.update {
            // Only an update writing a key attribute is refused: the full check (for its message) then.
            Some(u)
                if u.target_heads
                    .iter()
                    .any(|h| key_names.iter().any(|k| h == k)) =>
            {
                parser::check_update_keys(&u.tree, &self.attrs, key_names)
            }
            _ => Ok(()),
        }
    }
}

/// Evaluate a condition against an item (an absent item is an item without attributes).
pub fn evaluate(
    condition: &ParsedCondition,
    item: Option<&Item>,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    eval::evaluate_condition(condition, item, attrs)
}

/// `evaluate` on a stored item's image, read in place (only what the condition reads is decoded).
pub fn evaluate_image(
    condition: &ParsedCondition,
    item: Option<ImageRef<'_>>,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    crate::engine::expr::evaluate_condition_view(
        &condition.tree,
        &condition.text,
        condition.kind,
        item.map(ItemView::Image),
        attrs,
    )
}

/// `apply_update` on a stored item's image (absent: start from the key attributes in `key`): an existing
/// item's new image is its image with the written attributes re-encoded (nothing else decoded).
pub fn apply_update_image(
    update: &ParsedUpdate,
    item: Option<ImageRef<'_>>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> ImageUpdateOutcome {
    crate::engine::expr::apply_update_image(&update.tree, update.text.clone(), item, key, attrs)
}

/// The result of applying an UpdateExpression: the new item (`None` when the item stays absent) or DynamoDB's
/// runtime message, and the step-by-step trace.
pub struct UpdateResult {
    pub item: Result<Option<Item>, String>,
    pub trace: UpdateTrace,
}

/// Apply an UpdateExpression to `item` (absent: start from the key attributes in `key`).
pub fn apply_update(
    update: &ParsedUpdate,
    item: Option<&Item>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> UpdateResult {
    eval::apply_update(update, item, key, attrs)
}

/// `apply_update` on an item handed over: the writes land on it (no copy of the item).
pub fn apply_update_owned(
    update: &ParsedUpdate,
    item: Option<Item>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> UpdateResult {
    eval::apply_update_owned(update, item, key, attrs)
}

/// Calls into the parser (`engine::expr`).
mod parser {
    use std::collections::BTreeSet;

    use super::*;
    use crate::engine::expr;

    pub fn check_placeholder_keys(attrs: &ExpressionAttributes) -> Result<(), ApiError> {
        expr::check_placeholder_keys(&attrs.names, &attrs.values)
    }
    pub fn parse_condition(
        text: &str,
        kind: ExpressionKind,
        attrs: &ExpressionAttributes,
    ) -> Result<Condition, ApiError> {
        Ok(expr::parse_condition(text, kind, attrs)?)
    }
    pub fn parse_update(
        text: &str,
        attrs: &ExpressionAttributes,
    ) -> Result<UpdateExpression, ApiError> {
        Ok(expr::parse_update(text, attrs)?)
    }
    pub fn parse_projection(
        text: &str,
        attrs: &ExpressionAttributes,
    ) -> Result<Projection, ApiError> {
        Ok(expr::parse_projection(text, attrs)?)
    }
    /// Unused definitions across every expression of the action.
    pub fn check_unused(parsed: &Expressions) -> Result<(), ApiError> {
        let mut names = BTreeSet::new();
        let mut values = BTreeSet::new();
        let mut add = |(n, v): expr::UsedPlaceholders| {
            names.extend(n);
            values.extend(v);
        };
        for c in [&parsed.key_condition, &parsed.condition, &parsed.filter]
            .into_iter()
            .flatten()
        {
            add(expr::used_placeholders_condition(&c.tree));
        }
        if let Some(u) = &parsed.update {
            add(expr::used_placeholders_update(&u.tree));
        }
        if let Some(p) = &parsed.projection {
            add(expr::used_placeholders_projection(p));
        }
        expr::check_unused(&parsed.attrs, &names, &values)
    }
    pub fn check_update_keys(
        update: &UpdateExpression,
        attrs: &ExpressionAttributes,
        key_names: &[&str],
    ) -> Result<(), ApiError> {
        expr::check_update_keys(update, &attrs.names, key_names)
    }
}

/// Calls into the evaluator (`engine::expr`).
mod eval {
    use super::*;
    use crate::engine::expr;

    pub fn evaluate_condition(
        condition: &ParsedCondition,
        item: Option<&Item>,
        attrs: &ExpressionAttributes,
    ) -> ConditionTrace {
        expr::evaluate_condition_shared(
            &condition.tree,
            &condition.text,
            condition.kind,
            item,
            attrs,
        )
    }
    pub fn apply_update(
        update: &ParsedUpdate,
        item: Option<&Item>,
        key: &Item,
        attrs: &ExpressionAttributes,
    ) -> UpdateResult {
        let outcome = expr::apply_update(&update.tree, update.text.clone(), item, key, attrs);
        UpdateResult {
            item: outcome.item,
            trace: outcome.trace,
        }
    }
    pub fn apply_update_owned(
        update: &ParsedUpdate,
        item: Option<Item>,
        key: &Item,
        attrs: &ExpressionAttributes,
    ) -> UpdateResult {
        let outcome = expr::apply_update_owned(&update.tree, update.text.clone(), item, key, attrs);
        UpdateResult {
            item: outcome.item,
            trace: outcome.trace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tail of a hashed string is its bytes, little-endian, zero-padded.
    #[test]
    fn tail_words_are_the_bytes_padded() {
        let bytes = [0x81u8, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7];
        for len in 0..=bytes.len() {
            let mut padded = [0u8; 8];
            padded
                .iter_mut()
                .zip(&bytes[..len])
                .for_each(|(p, b)| *p = *b);
            assert_eq!(tail_word(&bytes[..len]), u64::from_le_bytes(padded));
        }
    }

    /// The shortcut for actions without expressions answers what the full path computes.
    #[test]
    fn no_expressions_prepare_as_the_full_path_would() {
        for layer in [ValueLayer::Older, ValueLayer::Current] {
            let fast = prepare(&ExpressionTexts::default(), None, None, layer);
            let full = prepare_uncached(&ExpressionTexts::default(), None, None);
            assert_eq!(
                format!("{:?}", fast.map(|e| (*e).clone())),
                format!("{full:?}")
            );
        }
    }
}
