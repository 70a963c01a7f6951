//! DynamoDB's comparison semantics and condition functions on values (spec §3.5, §3.6). Each takes the operand
//! values (`None` = the operand did not resolve) and gives a `Verdict`: the result plus, where it explains the
//! result, whether an absent operand or unsupported types decided it. Never an error: constants of the wrong type
//! are rejected by the parser before evaluation; values from the item only make a condition false.

use std::cmp::Ordering;

use super::ast::Comparator;
use crate::engine::number::Number;
use crate::engine::trace::NodeNote;
use crate::engine::value::AttributeValue;

type Av = AttributeValue;

/// A node's result and the note that explains it, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Verdict {
    pub result: bool,
    pub note: Option<NodeNote>,
}

impl Verdict {
    fn plain(result: bool) -> Verdict {
        Verdict { result, note: None }
    }
    fn absent(result: bool) -> Verdict {
        Verdict {
            result,
            note: Some(NodeNote::Absent),
        }
    }
    fn mismatch(result: bool) -> Verdict {
        Verdict {
            result,
            note: Some(NodeNote::TypeMismatch),
        }
    }
}

/// `=` `<>` `<` `<=` `>` `>=`. Equality is defined for every type (different types are simply unequal; sets are
/// stored sorted and numbers compare by value, so derived equality is DynamoDB's, deep through lists and maps).
/// A missing operand makes `=` false even when both are missing, and `<>` true. Ordering is defined for N, S
/// and B of the same type only; anything else is false.
pub(super) fn compare(op: Comparator, left: Option<&Av>, right: Option<&Av>) -> Verdict {
    let (Some(l), Some(r)) = (left, right) else {
        return Verdict::absent(op == Comparator::Ne);
    };
    let same_type = l.type_name() == r.type_name();
    match op {
        Comparator::Eq | Comparator::Ne => {
            let equal = l == r;
            let result = if op == Comparator::Eq { equal } else { !equal };
            if same_type {
                Verdict::plain(result)
            } else {
                Verdict::mismatch(result)
            }
        }
        _ => match l.compare_ordered(r) {
            Some(ordering) => Verdict::plain(ordered(op, ordering)),
            None => Verdict::mismatch(false),
        },
    }
}

fn ordered(op: Comparator, ordering: Ordering) -> bool {
    match op {
        Comparator::Lt => ordering == Ordering::Less,
        Comparator::Le => ordering != Ordering::Greater,
        Comparator::Gt => ordering == Ordering::Greater,
        Comparator::Ge => ordering != Ordering::Less,
        Comparator::Eq => ordering == Ordering::Equal,
        Comparator::Ne => ordering != Ordering::Equal,
    }
}

/// `x BETWEEN lo AND hi` is `lo <= x AND x <= hi`, inclusive, with the ordering rules of `<=`.
pub(super) fn between(x: Option<&Av>, lo: Option<&Av>, hi: Option<&Av>) -> Verdict {
    let (Some(x), Some(lo), Some(hi)) = (x, lo, hi) else {
        return Verdict::absent(false);
    };
    match (lo.compare_ordered(x), x.compare_ordered(hi)) {
        (Some(a), Some(b)) => Verdict::plain(a != Ordering::Greater && b != Ordering::Greater),
        _ => Verdict::mismatch(false),
    }
}

/// `x IN (v1, ..., vn)`: true if `x = vi` for some i (equality of any type; the list may mix types).
pub(super) fn in_list<'v>(
    x: Option<&Av>,
    list: impl Iterator<Item = Option<&'v Av>> + Clone,
) -> Verdict {
    let Some(x) = x else {
        return Verdict::absent(false);
    };
    if list.clone().flatten().any(|v| v == x) {
        return Verdict::plain(true);
    }
    // No member even has x's type: the types, not the values, decided it.
    if list.flatten().all(|v| v.type_name() != x.type_name()) {
        Verdict::mismatch(false)
    } else {
        Verdict::plain(false)
    }
}

/// `attribute_exists(path)`.
pub(super) fn attribute_exists(v: Option<&Av>) -> Verdict {
    match v {
        Some(_) => Verdict::plain(true),
        None => Verdict::absent(false),
    }
}

/// `attribute_not_exists(path)`.
pub(super) fn attribute_not_exists(v: Option<&Av>) -> Verdict {
    match v {
        Some(_) => Verdict::plain(false),
        None => Verdict::absent(true),
    }
}

/// `attribute_type(operand, :type)`: the operand exists and its short type name is the S value given.
pub(super) fn attribute_type(v: Option<&Av>, type_name: Option<&Av>) -> Verdict {
    let (Some(v), Some(t)) = (v, type_name) else {
        return Verdict::absent(false);
    };
    match t {
        Av::S(name) => Verdict::plain(v.type_name() == name),
        _ => Verdict::mismatch(false),
    }
}

/// `begins_with(a, b)`: a starts with b, both S (by characters = UTF-8 bytes) or both B (bytes). Either may be
/// a path or a constant; the first is always the whole and the second the prefix.
pub(super) fn begins_with(a: Option<&Av>, b: Option<&Av>) -> Verdict {
    let (Some(a), Some(b)) = (a, b) else {
        return Verdict::absent(false);
    };
    match (a, b) {
        (Av::S(whole), Av::S(prefix)) => Verdict::plain(whole.starts_with(prefix.as_str())),
        (Av::B(whole), Av::B(prefix)) => Verdict::plain(whole.starts_with(prefix)),
        _ => Verdict::mismatch(false),
    }
}

/// `contains(a, b)`: substring for S, byte substring for B, membership of the element type for sets, and for L
/// any element equal to b (b of any type, sets and lists included). Any other pairing is false.
pub(super) fn contains(a: Option<&Av>, b: Option<&Av>) -> Verdict {
    let (Some(a), Some(b)) = (a, b) else {
        return Verdict::absent(false);
    };
    match (a, b) {
        (Av::S(hay), Av::S(needle)) => Verdict::plain(hay.contains(needle.as_str())),
        (Av::B(hay), Av::B(needle)) => Verdict::plain(bytes_contain(hay, needle)),
        (Av::SS(set), Av::S(x)) => Verdict::plain(set.contains(x)),
        (Av::NS(set), Av::N(x)) => Verdict::plain(set.contains(x)),
        (Av::BS(set), Av::B(x)) => Verdict::plain(set.contains(x)),
        (Av::L(list), x) => Verdict::plain(list.iter().any(|e| e == x)),
        _ => Verdict::mismatch(false),
    }
}

fn bytes_contain(hay: &[u8], needle: &[u8]) -> bool {
    // `windows(0)` would panic; the empty sequence is in every sequence.
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// `size(x)`: S in UTF-16 code units, B in bytes, sets and lists in elements, maps in top-level keys. N, BOOL
/// and NULL have no size (`None`, so any comparison with it is false).
pub(super) fn size(v: &Av) -> Option<Number> {
    let n = match v {
        Av::S(s) => s.encode_utf16().count(),
        Av::B(b) => b.len(),
        Av::SS(s) => s.len(),
        Av::NS(s) => s.len(),
        Av::BS(s) => s.len(),
        Av::L(l) => l.len(),
        Av::M(m) => m.len(),
        Av::N(_) | Av::Bool(_) | Av::Null => return None,
    };
    Some(Number::from_u64(u64::try_from(n).unwrap_or(u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Av {
        Av::S(x.to_string())
    }

    #[test]
    fn equality_with_missing_operands() {
        assert_eq!(compare(Comparator::Eq, None, None), Verdict::absent(false));
        assert_eq!(compare(Comparator::Ne, None, None), Verdict::absent(true));
        assert_eq!(
            compare(Comparator::Ne, Some(&s("a")), None),
            Verdict::absent(true)
        );
    }

    #[test]
    fn ordering_is_by_utf8_bytes_and_unsigned_bytes() {
        assert!(compare(Comparator::Gt, Some(&s("a")), Some(&s("A"))).result);
        assert!(compare(Comparator::Gt, Some(&s("¿")), Some(&s("z"))).result);
        assert!(
            compare(
                Comparator::Gt,
                Some(&Av::B(vec![0x80])),
                Some(&Av::B(vec![0x7f]))
            )
            .result
        );
        assert_eq!(
            compare(Comparator::Lt, Some(&s("a")), Some(&Av::Bool(true))),
            Verdict::mismatch(false)
        );
    }

    #[test]
    fn byte_substring_handles_empty_and_longer_needles() {
        assert!(bytes_contain(b"abc", b""));
        assert!(bytes_contain(b"abc", b"bc"));
        assert!(!bytes_contain(b"ab", b"abc"));
        assert!(!bytes_contain(b"", b"a"));
    }

    #[test]
    fn begins_with_is_not_symmetric() {
        assert!(begins_with(Some(&s("hellohi")), Some(&s("hello"))).result);
        assert!(!begins_with(Some(&s("hello")), Some(&s("hellohi"))).result);
        assert_eq!(
            begins_with(Some(&s("a")), Some(&Av::B(b"a".to_vec()))),
            Verdict::mismatch(false)
        );
    }

    #[test]
    fn contains_in_lists_compares_whole_elements() {
        let list = Av::L(vec![s("hi"), Av::SS(vec!["x".into()]), Av::L(vec![s("y")])]);
        assert!(contains(Some(&list), Some(&Av::SS(vec!["x".into()]))).result);
        assert!(contains(Some(&list), Some(&Av::L(vec![s("y")]))).result);
        assert!(!contains(Some(&list), Some(&s("h"))).result);
        assert_eq!(
            contains(
                Some(&Av::B(b"hi".to_vec())),
                Some(&Av::SS(vec!["hi".into()]))
            ),
            Verdict::mismatch(false)
        );
    }
}
