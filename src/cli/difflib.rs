//! Python's `difflib.get_close_matches`, which the AWS CLI uses for "maybe you meant" suggestions.

/// The Ratcliff/Obershelp similarity `SequenceMatcher(None, a, b).ratio()` (no junk heuristic: the words compared
/// here are far shorter than the 200 characters where Python's autojunk starts).
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_characters(&a, &b) as f64 / total as f64
}

/// The number of characters in all matching blocks: the longest common run, then recursively on both sides
/// (iterative, with an explicit work list). Ties go to the earliest run in `a`, then in `b`, as Python does.
fn matching_characters(a: &[char], b: &[char]) -> usize {
    let mut total = 0;
    let mut work = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((alo, ahi, blo, bhi)) = work.pop() {
        let (i, j, k) = longest_match(a, b, alo, ahi, blo, bhi);
        if k > 0 {
            total += k;
            if alo < i && blo < j {
                work.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                work.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    total
}

fn longest_match(
    a: &[char],
    b: &[char],
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    for i in alo..ahi {
        for j in blo..bhi {
            let mut k = 0;
            while i + k < ahi && j + k < bhi && a.get(i + k) == b.get(j + k) {
                k += 1;
            }
            if k > best_k {
                (best_i, best_j, best_k) = (i, j, k);
            }
        }
    }
    (best_i, best_j, best_k)
}

/// An upper bound on `ratio` from the lengths alone (Python checks it first, which also keeps long words cheap).
fn real_quick_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la + lb == 0 {
        return 1.0;
    }
    2.0 * la.min(lb) as f64 / (la + lb) as f64
}

/// An upper bound on `ratio` from the characters in common, ignoring order.
fn quick_ratio(a: &str, b: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in b.chars() {
        *counts.entry(c).or_insert(0i64) += 1;
    }
    let mut matches = 0usize;
    for c in a.chars() {
        if let Some(n) = counts.get_mut(&c) {
            if *n > 0 {
                *n -= 1;
                matches += 1;
            }
        }
    }
    let total = a.chars().count() + b.chars().count();
    if total == 0 {
        return 1.0;
    }
    2.0 * matches as f64 / total as f64
}

/// `get_close_matches(word, possibilities, n, cutoff)`: the best `n` with ratio >= cutoff, best first.
pub fn get_close_matches(
    word: &str,
    possibilities: &[String],
    n: usize,
    cutoff: f64,
) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = possibilities
        .iter()
        .filter(|p| real_quick_ratio(p, word) >= cutoff && quick_ratio(p, word) >= cutoff)
        .map(|p| (ratio(p, word), p))
        .filter(|(score, _)| *score >= cutoff)
        .collect();
    // heapq.nlargest on (score, word): ties broken by the larger word.
    scored.sort_by(|x, y| {
        y.0.partial_cmp(&x.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| y.1.cmp(x.1))
    });
    scored.into_iter().take(n).map(|(_, p)| p.clone()).collect()
}
