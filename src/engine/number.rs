//! DynamoDB's Number: an exact decimal with at most 38 significant digits and a magnitude between 1E-130 and
//! 9.99..E+125 (spec §4.7). CONTRACT: the public API below is what the rest of the engine uses.
//!
//! Representation: sign, a coefficient below 10^38 with its trailing zeros stripped, and a decimal exponent, so
//! that every value has exactly one representation. That makes equality and hashing plain field comparisons,
//! ordering needs no allocation, and a `Number` is `Copy` (it is 32 bytes and never touches the heap).

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use super::messages;
use super::value::ValueLayer;

mod arith;
mod parse;

/// The most significant digits DynamoDB keeps.
pub const MAX_DIGITS: u32 = 38;
/// Largest allowed decimal exponent of the first significant digit (9.99..E+125).
pub const MAX_EXPONENT: i64 = 125;
/// Smallest allowed decimal exponent of the first significant digit (1E-130).
pub const MIN_EXPONENT: i64 = -130;

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
    /// DynamoDB's text in the older value layer (the default layer, used by TransactWriteItems in most regions).
    pub fn message(&self) -> String {
        self.message_for(ValueLayer::Older)
    }

    /// DynamoDB's text in the given value layer: they differ only for the empty literal, where the current layer
    /// keeps the `: ` (spec §4.7).
    pub fn message_for(&self, layer: ValueLayer) -> String {
        match self {
            NumberError::NotNumeric(literal) => match layer {
                ValueLayer::Older => messages::number_not_numeric(literal),
                ValueLayer::Current => messages::number_not_numeric_current(literal),
            },
            NumberError::TooManyDigits => messages::NUMBER_PRECISION.to_string(),
            NumberError::Overflow => messages::NUMBER_OVERFLOW.to_string(),
            NumberError::Underflow => messages::NUMBER_UNDERFLOW.to_string(),
        }
    }
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NumberError {}

/// An exact DynamoDB number. Equality, ordering and hashing are by value (`1000` = `1e3` = `1000.0`).
#[derive(Clone, Copy)]
pub struct Number {
    /// The significant digits; below 10^38; no trailing zeros; 0 only for zero.
    coefficient: u128,
    /// Value = coefficient × 10^exponent. 0 for zero.
    exponent: i16,
    /// Number of decimal digits in `coefficient` (0 for zero).
    digits: u8,
    /// Never set for zero, so `-0` and `0` are the same value.
    negative: bool,
}

/// 10^0 ..= 10^38; every one fits in a u128.
pub(crate) const POW10: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// Decimal digits of a non-zero u128 (0 for 0).
fn digit_count(n: u128) -> u8 {
    if n == 0 {
        0
    } else {
        (n.ilog10() + 1) as u8
    }
}

impl Number {
    /// The number zero.
    pub const ZERO: Number = Number {
        coefficient: 0,
        exponent: 0,
        digits: 0,
        negative: false,
    };

    /// Parse DynamoDB's accepted literal syntax and range-check it as DynamoDB does (exponent as written).
    /// This is the current value layer's reading; see `parse_for` for the older layer's.
    pub fn parse(literal: &str) -> Result<Number, NumberError> {
        parse::parse(literal, ValueLayer::Current)
    }

    /// Parse as the given value layer reads numbers. They differ only for exponents near or beyond 32 bits: the
    /// older layer reads the literal as Java's BigDecimal does, so `1e2147483647` wraps to an underflow there
    /// (spec §4.7).
    pub fn parse_for(literal: &str, layer: ValueLayer) -> Result<Number, NumberError> {
        parse::parse(literal, layer)
    }

    /// Exact `self + other`, with DynamoDB's overflow/underflow/precision errors on the result.
    /// A result that needs more than 38 significant digits is reported as `Overflow`, as DynamoDB does.
    pub fn checked_add(&self, other: &Number) -> Result<Number, NumberError> {
        arith::add(self, other)
    }

    /// Exact `self - other`.
    pub fn checked_sub(&self, other: &Number) -> Result<Number, NumberError> {
        arith::add(self, &other.negated())
    }

    pub fn from_u64(n: u64) -> Number {
        Number::from_parts(false, u128::from(n), 0)
    }

    pub fn is_zero(&self) -> bool {
        self.coefficient == 0
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// `-self` (zero stays zero).
    pub fn negated(&self) -> Number {
        Number {
            negative: !self.negative && !self.is_zero(),
            ..*self
        }
    }

    /// Bytes this number takes in an item (spec §7.1, base-100 formula): 1 byte of header, one byte per base-100
    /// digit pair of the significant digits with pairs aligned on the decimal point, one more if negative; zero
    /// takes 1.
    pub fn stored_size(&self) -> usize {
        if self.is_zero() {
            return 1;
        }
        let last = i64::from(self.exponent);
        let first = last + i64::from(self.digits) - 1;
        let pairs = first.div_euclid(2) - last.div_euclid(2) + 1;
        1 + pairs as usize + usize::from(self.negative)
    }

    /// Canonical text: plain decimal, never scientific notation (`1e3` -> `1000`, `-0.0` -> `0`).
    pub fn to_canonical_string(&self) -> String {
        if self.is_zero() {
            return "0".to_string();
        }
        let digits = self.coefficient.to_string();
        let exponent = i64::from(self.exponent);
        let mut out = String::with_capacity(digits.len() + exponent.unsigned_abs() as usize + 3);
        if self.negative {
            out.push('-');
        }
        if exponent >= 0 {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', exponent as usize));
        } else {
            // Digits before the decimal point; zero or negative means the value is below 1.
            let before = digits.len() as i64 + exponent;
            if before > 0 {
                let (int, frac) = digits.split_at(before as usize);
                out.push_str(int);
                out.push('.');
                out.push_str(frac);
            } else {
                out.push_str("0.");
                out.extend(std::iter::repeat_n('0', (-before) as usize));
                out.push_str(&digits);
            }
        }
        out
    }

    /// Build from sign, coefficient and exponent, stripping trailing zeros. The caller guarantees the coefficient
    /// is below 10^38 and the exponent in range.
    pub(crate) fn from_parts(negative: bool, mut coefficient: u128, mut exponent: i64) -> Number {
        if coefficient == 0 {
            return Number::ZERO;
        }
        while coefficient.is_multiple_of(10) {
            coefficient /= 10;
            exponent += 1;
        }
        Number {
            coefficient,
            exponent: exponent as i16,
            digits: digit_count(coefficient),
            negative,
        }
    }

    /// `from_parts` for a non-zero coefficient that has no trailing zeros.
    pub(crate) fn from_stripped(negative: bool, coefficient: u128, exponent: i64) -> Number {
        debug_assert!(coefficient != 0 && !coefficient.is_multiple_of(10));
        Number {
            coefficient,
            exponent: exponent as i16,
            digits: digit_count(coefficient),
            negative,
        }
    }

    pub(crate) fn coefficient(&self) -> u128 {
        self.coefficient
    }

    pub(crate) fn exponent(&self) -> i64 {
        i64::from(self.exponent)
    }

    /// Decimal exponent of the first significant digit (the "adjusted exponent"); meaningless for zero.
    fn adjusted(&self) -> i64 {
        i64::from(self.exponent) + i64::from(self.digits) - 1
    }

    /// Compare absolute values.
    fn cmp_magnitude(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        match self.adjusted().cmp(&other.adjusted()) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        // Same leading position: align the coefficients on their first digit. Both have at most 38 digits, so
        // the shorter one times 10^(difference) still fits a u128.
        let (a, b) = (self.coefficient, other.coefficient);
        match self.digits.cmp(&other.digits) {
            Ordering::Less => (a * POW10[usize::from(other.digits - self.digits)]).cmp(&b),
            Ordering::Greater => a.cmp(&(b * POW10[usize::from(self.digits - other.digits)])),
            Ordering::Equal => a.cmp(&b),
        }
    }
}

impl Default for Number {
    fn default() -> Self {
        Number::ZERO
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_canonical_string())
    }
}
impl std::fmt::Debug for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Number({})", self.to_canonical_string())
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
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |n: &Number| -> i8 {
            if n.is_zero() {
                0
            } else if n.negative {
                -1
            } else {
                1
            }
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        let magnitude = self.cmp_magnitude(other);
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}
impl Hash for Number {
    /// The representation is canonical (trailing zeros stripped, one zero), so equal values have equal fields.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.negative.hash(state);
        self.coefficient.hash(state);
        self.exponent.hash(state);
    }
}

impl std::str::FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Number::parse(s)
    }
}

/// Serialized as its canonical text, as DynamoDB JSON carries numbers.
impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_canonical_string())
    }
}

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Number::parse(&text)
            .map_err(|e| serde::de::Error::custom(e.message_for(ValueLayer::Current)))
    }
}
