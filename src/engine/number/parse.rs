//! Reading a number literal: DynamoDB's syntax, then the range check on the literal as written, then the
//! 38-digit check (spec §4.7). One pass over the bytes, no allocation unless the literal is rejected.
//!
//! The range check comes before any conversion, so `1e-99999999999` costs as much as `1`: the exponent is only
//! ever a 64-bit integer and nothing is sized by it.

use super::{Number, NumberError, MAX_DIGITS, MAX_EXPONENT, MIN_EXPONENT};
use crate::engine::value::ValueLayer;

/// The parts of a syntactically valid literal.
struct Literal<'a> {
    negative: bool,
    /// Digits before the decimal point (may be empty: `.5`).
    int: &'a [u8],
    /// Digits after the decimal point (may be empty: `5`, `5.`).
    frac: &'a [u8],
    /// The exponent digits after `e` and its sign (empty when there is no exponent).
    exp_digits: &'a [u8],
    exp_negative: bool,
}

pub(super) fn parse(literal: &str, layer: ValueLayer) -> Result<Number, NumberError> {
    if let Some(n) = parse_short(literal.as_bytes()) {
        return Ok(n);
    }
    parse_general(literal, layer)
}

/// Most digits the short path accepts: their value fits a u64, and with no exponent the adjusted exponent stays
/// within -18..=17, far inside both layers' range, and below the 38-digit limit.
const SHORT_DIGITS: usize = 18;

/// The common short literal, `[+-]? digits [. digits?] | [+-]? . digits` with at most 18 digits and no exponent,
/// read in one pass. Such a literal can fail none of the checks (syntax, range, digit count), so it gives the
/// number the general path gives; anything else (`None`) goes to the general path, which also makes every error.
fn parse_short(bytes: &[u8]) -> Option<Number> {
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if rest.len() > SHORT_DIGITS + 1 {
        return None;
    }
    let mut coefficient: u64 = 0;
    let mut digits = 0usize;
    // Digits seen after the point; None before it.
    let mut frac: Option<i64> = None;
    for &b in rest {
        match b {
            b'0'..=b'9' => {
                coefficient = coefficient * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(f) = frac.as_mut() {
                    *f += 1;
                }
            }
            b'.' if frac.is_none() => frac = Some(0),
            _ => return None,
        }
    }
    if digits == 0 || digits > SHORT_DIGITS {
        return None;
    }
    if coefficient == 0 {
        return Some(Number::ZERO);
    }
    let mut exponent = -frac.unwrap_or(0);
    while coefficient.is_multiple_of(10) {
        coefficient /= 10;
        exponent += 1;
    }
    Some(Number::from_stripped(
        negative,
        u128::from(coefficient),
        exponent,
    ))
}

/// Every literal: syntax, range, digit count, in DynamoDB's order.
fn parse_general(literal: &str, layer: ValueLayer) -> Result<Number, NumberError> {
    let not_numeric = || NumberError::NotNumeric(literal.to_string());
    let lit = split(literal.as_bytes()).ok_or_else(not_numeric)?;

    // First non-zero digit of int ++ frac, as an index into that concatenation (None: the value is zero).
    let all = || lit.int.iter().chain(lit.frac.iter());
    let first = all().position(|&d| d != b'0');
    let int_len = lit.int.len() as i128;

    match layer {
        ValueLayer::Current => {
            // Exponent as a 64-bit integer; beyond that DynamoDB cannot convert the literal at all.
            let exp = exponent_i64(&lit).ok_or_else(not_numeric)?;
            // Adjusted exponent of the literal as written (BigDecimal's precision - scale - 1). For zero the
            // precision is 1, which is why `0e126` overflows while `0.0e126` does not.
            let adjusted = match first {
                Some(k) => int_len - 1 - k as i128 + i128::from(exp),
                None => i128::from(exp) - lit.frac.len() as i128,
            };
            if adjusted > i128::from(MAX_EXPONENT) {
                return Err(NumberError::Overflow);
            }
            if adjusted < i128::from(MIN_EXPONENT) {
                return Err(NumberError::Underflow);
            }
            build(&lit, first, i128::from(exp))
        }
        ValueLayer::Older => {
            // Java's BigDecimal(String): at most 10 exponent digits after leading zeros, and the scale
            // (fraction digits - exponent) must fit an int; otherwise NumberFormatException.
            let exp = exponent_java(&lit).ok_or_else(not_numeric)?;
            let scale = lit.frac.len() as i64 - exp;
            let scale = i32::try_from(scale).map_err(|_| not_numeric())?;
            // BigDecimal's precision counts the unscaled value's digits as written (trailing zeros included);
            // zero has precision 1.
            let precision = match first {
                Some(k) => (lit.int.len() + lit.frac.len() - k) as i32,
                None => 1,
            };
            // The older layer compares precision - scale in 32-bit arithmetic, which wraps for exponents near
            // 2^31: `1e2147483647` becomes an underflow (spec §4.7).
            let magnitude = precision.wrapping_sub(scale);
            if i64::from(magnitude) > MAX_EXPONENT + 1 {
                return Err(NumberError::Overflow);
            }
            if i64::from(magnitude) < MIN_EXPONENT + 1 {
                return Err(NumberError::Underflow);
            }
            // A wrapped reading that lands in range cannot be built; treat it as out of range the way the true
            // value is.
            if magnitude != exact_magnitude(&lit, first, exp) {
                return Err(if exp > 0 {
                    NumberError::Overflow
                } else {
                    NumberError::Underflow
                });
            }
            build(&lit, first, i128::from(exp))
        }
    }
}

/// precision - scale computed without wrapping, as an i32 when it fits (it does whenever the range check passed
/// without wrapping).
fn exact_magnitude(lit: &Literal<'_>, first: Option<usize>, exp: i64) -> i32 {
    let precision = match first {
        Some(k) => (lit.int.len() + lit.frac.len() - k) as i128,
        None => 1,
    };
    let value = precision - (lit.frac.len() as i128 - i128::from(exp));
    i32::try_from(value).unwrap_or(i32::MIN)
}

/// The range is fine; check the digit count and build the canonical number.
fn build(lit: &Literal<'_>, first: Option<usize>, exp: i128) -> Result<Number, NumberError> {
    let Some(first) = first else {
        return Ok(Number::ZERO);
    };
    let total = lit.int.len() + lit.frac.len();
    // Last non-zero digit; exists because `first` does.
    let last = total
        - 1
        - lit
            .frac
            .iter()
            .rev()
            .chain(lit.int.iter().rev())
            .position(|&d| d != b'0')
            .unwrap_or(0);
    let significant = last - first + 1;
    if significant > MAX_DIGITS as usize {
        return Err(NumberError::TooManyDigits);
    }
    let mut coefficient: u128 = 0;
    for &d in lit
        .int
        .iter()
        .chain(lit.frac.iter())
        .take(last + 1)
        .skip(first)
    {
        coefficient = coefficient * 10 + u128::from(d - b'0');
    }
    // Weight of the last significant digit.
    let exponent = lit.int.len() as i128 - 1 - last as i128 + exp;
    // The last digit is non-zero, so there are no trailing zeros to strip.
    Ok(Number::from_stripped(
        lit.negative,
        coefficient,
        exponent as i64,
    ))
}

/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, nothing else (no spaces, no NaN/Infinity, no
/// hex, ASCII digits only).
fn split(bytes: &[u8]) -> Option<Literal<'_>> {
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let int_end = rest
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    let (int, rest) = rest.split_at(int_end);
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => {
            let end = after
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(after.len());
            after.split_at(end)
        }
        _ => (&rest[..0], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let (exp_negative, exp_digits) = match rest.split_first() {
        None => (false, &rest[..0]),
        Some((b'e' | b'E', after)) => {
            let (neg, digits) = match after.split_first() {
                Some((b'-', d)) => (true, d),
                Some((b'+', d)) => (false, d),
                _ => (false, after),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            (neg, digits)
        }
        Some(_) => return None,
    };
    Some(Literal {
        negative,
        int,
        frac,
        exp_digits,
        exp_negative,
    })
}

/// The exponent as an i64, or `None` when it does not fit.
fn exponent_i64(lit: &Literal<'_>) -> Option<i64> {
    let mut magnitude: u64 = 0;
    for &d in lit.exp_digits {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(d - b'0'))?;
    }
    if lit.exp_negative {
        // i64::MIN's magnitude is one more than i64::MAX's.
        if magnitude == 1u64 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|m| -m)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// The exponent as Java's BigDecimal reads it: leading zeros skipped while more than 10 digits remain, then at
/// most 10 digits.
fn exponent_java(lit: &Literal<'_>) -> Option<i64> {
    let mut digits = lit.exp_digits;
    while digits.len() > 10 && digits.first() == Some(&b'0') {
        digits = &digits[1..];
    }
    if digits.len() > 10 {
        return None;
    }
    let magnitude = digits
        .iter()
        .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
    Some(if lit.exp_negative {
        -magnitude
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_general, parse_short, Number, NumberError, ValueLayer};
    use proptest::prelude::*;

    /// Field by field: the short path must build the very representation the general path builds.
    fn fields(n: &Number) -> (bool, u128, i64, String) {
        (
            n.is_negative(),
            n.coefficient(),
            n.exponent(),
            n.to_canonical_string(),
        )
    }

    fn same_in_both_layers(s: &str) {
        for layer in [ValueLayer::Current, ValueLayer::Older] {
            let general: Result<Number, NumberError> = parse_general(s, layer);
            let fast = parse(s, layer);
            match (&general, &fast) {
                (Ok(g), Ok(f)) => assert_eq!(fields(g), fields(f), "{s:?} {layer:?}"),
                _ => assert_eq!(general, fast, "{s:?} {layer:?}"),
            }
            // Whatever the short path accepts, the general path accepts as the same number.
            if let Some(short) = parse_short(s.as_bytes()) {
                assert_eq!(general.map(|g| fields(&g)), Ok(fields(&short)), "{s:?}");
            }
        }
    }

    #[test]
    fn short_literals_at_the_edges() {
        for s in [
            "1",
            "-1",
            "+1",
            "0",
            "-0",
            "00",
            "0.0",
            ".5",
            "5.",
            "-.5",
            ".",
            "-",
            "+",
            "",
            "1..2",
            "1.2.",
            "--1",
            "+-1",
            "1e2",
            "1 ",
            " 1",
            "999999999999999999",
            "-999999999999999999",
            "9999999999999999999",
            "0.000000000000000001",
            "100000000000000000.0",
            "1000000000000000000",
            "000000000000000000001",
            "12.3400",
            "-0.000",
        ] {
            same_in_both_layers(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn short_path_matches_the_general_path(s in "[-+]?[0-9]{0,21}(\\.[0-9]{0,21})?") {
            same_in_both_layers(&s);
        }

        #[test]
        fn short_path_matches_on_zero_heavy_literals(s in "[-+]?[01]{0,20}(\\.[0]{0,20}[01]{0,3})?") {
            same_in_both_layers(&s);
        }

        #[test]
        fn short_path_matches_on_any_short_text(s in "[-+.0-9eE ]{0,22}") {
            same_in_both_layers(&s);
        }
    }
}
