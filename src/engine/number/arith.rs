//! Exact addition. Both operands have at most 38 significant digits, so after aligning them on the smaller
//! exponent the coefficients are below 10^76 < 2^256 whenever the alignment shift is at most 38 digits; a wider
//! shift always needs more than 38 digits in the result (the smaller operand's last digit survives, the larger
//! operand's first digit is more than 38 places above it), which DynamoDB rejects. So a small 256-bit integer
//! is all the arithmetic ever needs, and nothing is allocated.

use std::cmp::Ordering;

use super::{Number, NumberError, MAX_DIGITS, MAX_EXPONENT, MIN_EXPONENT, POW10};

pub(super) fn add(a: &Number, b: &Number) -> Result<Number, NumberError> {
    if a.is_zero() {
        return Ok(*b);
    }
    if b.is_zero() {
        return Ok(*a);
    }
    let (hi, lo) = if a.exponent() >= b.exponent() {
        (a, b)
    } else {
        (b, a)
    };
    let shift = hi.exponent() - lo.exponent();
    if shift > i64::from(MAX_DIGITS) {
        // The result's digits run from lo's last digit to at least hi's first: more than 38 of them.
        return Err(NumberError::Overflow);
    }
    // Fast path: the aligned coefficients fit a u128 (the usual case: similar magnitudes, few digits).
    if let Some(hi_c) = hi.coefficient().checked_mul(POW10[shift as usize]) {
        let lo_c = lo.coefficient();
        let exact = if hi.is_negative() == lo.is_negative() {
            hi_c.checked_add(lo_c).map(|m| (hi.is_negative(), m))
        } else {
            match hi_c.cmp(&lo_c) {
                Ordering::Equal => return Ok(Number::ZERO),
                Ordering::Greater => Some((hi.is_negative(), hi_c - lo_c)),
                Ordering::Less => Some((lo.is_negative(), lo_c - hi_c)),
            }
        };
        if let Some((negative, magnitude)) = exact {
            return finish(negative, U256::from(magnitude), lo.exponent());
        }
    }
    // Align on lo's exponent: hi's coefficient gets `shift` zeros.
    let hi_c = U256::from(hi.coefficient()).mul_pow10(shift as u32);
    let lo_c = U256::from(lo.coefficient());
    let (negative, magnitude) = if hi.is_negative() == lo.is_negative() {
        (hi.is_negative(), hi_c.add(&lo_c))
    } else {
        match hi_c.cmp(&lo_c) {
            Ordering::Equal => return Ok(Number::ZERO),
            Ordering::Greater => (hi.is_negative(), hi_c.sub(&lo_c)),
            Ordering::Less => (lo.is_negative(), lo_c.sub(&hi_c)),
        }
    };
    finish(negative, magnitude, lo.exponent())
}

/// Strip trailing zeros, then check the digit count and the range of an exact result.
fn finish(negative: bool, mut magnitude: U256, mut exponent: i64) -> Result<Number, NumberError> {
    // Most results fit a u128; strip their zeros there (cheaper than 256-bit division).
    let mut coefficient = loop {
        if let Some(small) = magnitude.to_u128() {
            break small;
        }
        match magnitude.div_exact_10() {
            Some(q) => {
                magnitude = q;
                exponent += 1;
            }
            // More than 38 digits that are not all trailing zeros.
            None => return Err(NumberError::Overflow),
        }
    };
    while coefficient != 0 && coefficient % 10 == 0 {
        coefficient /= 10;
        exponent += 1;
    }
    // DynamoDB reports a result that needs more than 38 digits as an overflow (spec §4.7).
    if coefficient >= POW10[MAX_DIGITS as usize] {
        return Err(NumberError::Overflow);
    }
    let digits = i64::from(coefficient.ilog10() + 1);
    let adjusted = exponent + digits - 1;
    if adjusted > MAX_EXPONENT {
        return Err(NumberError::Overflow);
    }
    if adjusted < MIN_EXPONENT {
        return Err(NumberError::Underflow);
    }
    Ok(Number::from_parts(negative, coefficient, exponent))
}

/// An unsigned 256-bit integer as four 64-bit limbs, least significant first. Only what `add` needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct U256([u64; 4]);

impl From<u128> for U256 {
    fn from(n: u128) -> Self {
        U256([n as u64, (n >> 64) as u64, 0, 0])
    }
}

impl U256 {
    fn to_u128(self) -> Option<u128> {
        let [a, b, c, d] = self.0;
        (c == 0 && d == 0).then(|| u128::from(a) | (u128::from(b) << 64))
    }

    /// `self * m`; the callers keep the product below 2^256.
    fn mul_small(self, m: u64) -> U256 {
        let mut out = [0u64; 4];
        let mut carry: u128 = 0;
        for (o, &limb) in out.iter_mut().zip(self.0.iter()) {
            let t = u128::from(limb) * u128::from(m) + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        U256(out)
    }

    /// `self * 10^k` for k <= 38 (the product stays below 10^76 < 2^256 for inputs below 10^38).
    fn mul_pow10(self, mut k: u32) -> U256 {
        let mut v = self;
        while k > 0 {
            let step = k.min(19);
            v = v.mul_small(POW10[step as usize] as u64);
            k -= step;
        }
        v
    }

    /// `self + other`; the callers keep the sum below 2^256 (both are below 10^76 + 10^38).
    fn add(&self, other: &U256) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (o, (&x, &y)) in out.iter_mut().zip(self.0.iter().zip(other.0.iter())) {
            let (s1, c1) = x.overflowing_add(y);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *o = s2;
            carry = c1 || c2;
        }
        U256(out)
    }

    /// `self - other` for `self >= other`.
    fn sub(&self, other: &U256) -> U256 {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (o, (&x, &y)) in out.iter_mut().zip(self.0.iter().zip(other.0.iter())) {
            let (d1, b1) = x.overflowing_sub(y);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            *o = d2;
            borrow = b1 || b2;
        }
        U256(out)
    }

    /// `Some(self / 10)` when `self` is a non-zero multiple of 10.
    fn div_exact_10(&self) -> Option<U256> {
        if self.0 == [0; 4] {
            return None;
        }
        let mut out = [0u64; 4];
        let mut rem: u128 = 0;
        for (o, &limb) in out.iter_mut().zip(self.0.iter()).rev() {
            let cur = (rem << 64) | u128::from(limb);
            *o = (cur / 10) as u64;
            rem = cur % 10;
        }
        (rem == 0).then_some(U256(out))
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

#[cfg(test)]
mod tests {
    use super::U256;

    #[test]
    fn u256_round_trips_through_pow10_and_division() {
        let x = U256::from(u128::MAX / 3);
        let big = x.mul_pow10(38);
        let mut back = big;
        for _ in 0..38 {
            back = back.div_exact_10().expect("a multiple of 10");
        }
        assert_eq!(back, x);
        assert_eq!(big.add(&x).sub(&x), big);
        assert!(big > x);
        assert_eq!(U256::from(7).div_exact_10(), None);
        assert_eq!(U256::from(0).div_exact_10(), None);
    }
}
