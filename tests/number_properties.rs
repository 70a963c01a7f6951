//! Number properties with `bigdecimal` as the oracle (spec §4.7): parse + canonical text, ordering, equality and
//! hashing, exact + and - (including whether a result fits 38 digits and the range).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use bigdecimal::{BigDecimal, Zero};
use proptest::prelude::*;
use std::str::FromStr;
use txlab::engine::number::{Number, NumberError};
use txlab::engine::value::ValueLayer;

fn hash_of(n: &Number) -> u64 {
    let mut h = DefaultHasher::new();
    n.hash(&mut h);
    h.finish()
}

/// The parts of a literal: sign, integer digits, fraction digits (None: no point), exponent (None: none).
#[derive(Clone, Debug)]
struct Parts {
    sign: &'static str,
    int: String,
    frac: Option<String>,
    exp: Option<i32>,
}

impl Parts {
    fn literal(&self) -> String {
        let mut s = format!("{}{}", self.sign, self.int);
        if let Some(f) = &self.frac {
            s.push('.');
            s.push_str(f);
        }
        if let Some(e) = self.exp {
            s.push_str(&format!("e{e}"));
        }
        s
    }
    /// The same value in a form `bigdecimal` reads.
    fn oracle(&self) -> BigDecimal {
        let sign = if self.sign == "-" { "-" } else { "" };
        let int = if self.int.is_empty() { "0" } else { &self.int };
        let frac = self.frac.as_deref().unwrap_or("");
        let text = format!("{sign}{int}.{frac}0e{}", self.exp.unwrap_or(0));
        BigDecimal::from_str(&text).expect("oracle literal")
    }
}

fn digits(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(0u8..10, 0..max),
        // mostly zeros, to exercise leading/trailing zero handling
        proptest::collection::vec(prop_oneof![9 => Just(0u8), 1 => 0u8..10], 0..max),
    ]
    .prop_map(|v| v.into_iter().map(|d| char::from(b'0' + d)).collect())
}

fn parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![Just(""), Just("+"), Just("-")],
        digits(45),
        proptest::option::of(digits(45)),
        proptest::option::of(-200i32..200),
    )
        .prop_filter("needs a digit", |(_, int, frac, _)| {
            !int.is_empty() || frac.as_ref().is_some_and(|f| !f.is_empty())
        })
        .prop_map(|(sign, int, frac, exp)| Parts {
            sign,
            int,
            frac,
            exp,
        })
}

/// What DynamoDB makes of a literal, computed from the oracle: canonical text or the error.
fn expected(p: &Parts) -> Result<String, NumberError> {
    let value = p.oracle();
    let exp = i64::from(p.exp.unwrap_or(0));
    if value.is_zero() {
        // Zero: the adjusted exponent as written.
        let adjusted = exp - p.frac.as_ref().map_or(0, |f| f.len() as i64);
        return range(adjusted).map(|_| "0".to_string());
    }
    let norm = value.normalized();
    let (_, scale) = norm.as_bigint_and_exponent();
    let adjusted = norm.digits() as i64 - scale - 1;
    range(adjusted)?;
    if norm.digits() > 38 {
        return Err(NumberError::TooManyDigits);
    }
    Ok(norm.to_plain_string())
}

fn range(adjusted: i64) -> Result<(), NumberError> {
    if adjusted > 125 {
        Err(NumberError::Overflow)
    } else if adjusted < -130 {
        Err(NumberError::Underflow)
    } else {
        Ok(())
    }
}

/// A value DynamoDB accepts: 1..=38 significant digits, exponent in range.
fn accepted() -> impl Strategy<Value = (Number, BigDecimal)> {
    (
        any::<bool>(),
        proptest::collection::vec(0u8..10, 1..39),
        -140i32..100,
    )
        .prop_filter_map("in range", |(neg, ds, exp)| {
            let digits: String = ds.into_iter().map(|d| char::from(b'0' + d)).collect();
            let text = format!("{}{digits}e{exp}", if neg { "-" } else { "" });
            let number = Number::parse(&text).ok()?;
            Some((number, BigDecimal::from_str(&text).ok()?))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_and_canonical_text_match_the_oracle(p in parts()) {
        let got = Number::parse(&p.literal()).map(|n| n.to_canonical_string());
        prop_assert_eq!(got, expected(&p), "{}", p.literal());
    }

    #[test]
    fn canonical_text_round_trips(p in parts()) {
        if let Ok(number) = Number::parse(&p.literal()) {
            let text = number.to_canonical_string();
            prop_assert!(!text.contains('e') && !text.contains('E') && !text.starts_with('+'));
            prop_assert_eq!(Number::parse(&text), Ok(number));
            prop_assert_eq!(BigDecimal::from_str(&text).unwrap(), p.oracle());
        }
    }

    #[test]
    fn ordering_equality_and_hash_match_the_oracle((a, x) in accepted(), (b, y) in accepted()) {
        prop_assert_eq!(a.cmp(&b), x.cmp(&y));
        prop_assert_eq!(a == b, x == y);
        if a == b {
            prop_assert_eq!(hash_of(&a), hash_of(&b));
        }
    }

    #[test]
    fn same_value_written_differently_is_equal((a, x) in accepted(), pad in 0usize..5) {
        // Append zeros to the coefficient and move the exponent to compensate.
        let text = x.normalized().to_scientific_notation();
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i64 = exp.parse().unwrap();
        let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.") };
        let moved = format!("{mantissa}{}e{}", "0".repeat(pad), exp);
        let b = Number::parse(&moved).unwrap();
        prop_assert_eq!(a, b);
        prop_assert_eq!(hash_of(&a), hash_of(&b));
    }

    #[test]
    fn add_and_sub_match_the_oracle((a, x) in accepted(), (b, y) in accepted()) {
        for (got, exact) in [(a.checked_add(&b), &x + &y), (a.checked_sub(&b), &x - &y)] {
            let want = if exact.is_zero() {
                Ok("0".to_string())
            } else {
                let norm = exact.normalized();
                let (_, scale) = norm.as_bigint_and_exponent();
                let adjusted = norm.digits() as i64 - scale - 1;
                if norm.digits() > 38 || adjusted > 125 {
                    Err(NumberError::Overflow)
                } else if adjusted < -130 {
                    Err(NumberError::Underflow)
                } else {
                    Ok(norm.to_plain_string())
                }
            };
            prop_assert_eq!(got.map(|n| n.to_canonical_string()), want, "{} {}", x, y);
        }
    }

    #[test]
    fn add_near_the_precision_boundary(digits in proptest::collection::vec(1u8..10, 30..39), shift in 0i32..45, small in 1u64..1000) {
        // A long coefficient plus a small number some places below it: sometimes fits, sometimes not.
        let coefficient: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let a_text = format!("{coefficient}e{shift}");
        let (a, x) = (Number::parse(&a_text).unwrap(), BigDecimal::from_str(&a_text).unwrap());
        let (b, y) = (Number::from_u64(small), BigDecimal::from(small));
        let exact = (&x + &y).normalized();
        let want = if exact.digits() > 38 { Err(NumberError::Overflow) } else { Ok(exact.to_plain_string()) };
        prop_assert_eq!(a.checked_add(&b).map(|n| n.to_canonical_string()), want);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,60}") {
        let _ = Number::parse(&s);
        let _ = Number::parse_for(&s, ValueLayer::Older);
    }

    #[test]
    fn never_panics_on_number_like_text(s in "[-+]?[0-9]{0,50}(\\.[0-9]{0,50})?([eE][-+]?[0-9]{0,25})?") {
        let _ = Number::parse(&s);
        let _ = Number::parse_for(&s, ValueLayer::Older);
    }
}
