//! DynamoDB's Number: an exact decimal with at most 38 significant digits and a magnitude between 1E-130 and
//! 9.99..E+125 (spec §4.7). CONTRACT: the public API below is what the rest of the engine uses.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Why a number literal or a computed result is not a DynamoDB number. `message()` gives DynamoDB's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not the accepted syntax; carries the literal as sent.
    NotNumeric(String),
    TooManyDigits,
    Overflow,
    Underflow,
}

impl NumberError {
    pub fn message(&self) -> String {
        todo!()
    }
}

/// An exact DynamoDB number. Equality, ordering and hashing are by value (`1000` = `1e3` = `1000.0`).
#[derive(Clone, Debug)]
pub struct Number {
    // representation is the implementer's choice
}

impl Number {
    /// Parse DynamoDB's accepted literal syntax and range-check it as DynamoDB does (exponent as written).
    pub fn parse(_literal: &str) -> Result<Number, NumberError> {
        todo!()
    }
    /// Exact `self + other`, with DynamoDB's overflow/underflow/precision errors on the result.
    pub fn checked_add(&self, _other: &Number) -> Result<Number, NumberError> {
        todo!()
    }
    /// Exact `self - other`.
    pub fn checked_sub(&self, _other: &Number) -> Result<Number, NumberError> {
        todo!()
    }
    pub fn from_u64(_n: u64) -> Number {
        todo!()
    }
    pub fn is_zero(&self) -> bool {
        todo!()
    }
    pub fn is_negative(&self) -> bool {
        todo!()
    }
    /// Bytes this number takes in an item (spec §7.1, base-100 formula).
    pub fn stored_size(&self) -> usize {
        todo!()
    }
    /// Canonical text: plain decimal, never scientific notation (`1e3` -> `1000`, `-0.0` -> `0`).
    pub fn to_canonical_string(&self) -> String {
        todo!()
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_canonical_string())
    }
}
impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Number {}
impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Number {
    fn cmp(&self, _other: &Self) -> Ordering {
        todo!()
    }
}
impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_canonical_string().hash(state)
    }
}
