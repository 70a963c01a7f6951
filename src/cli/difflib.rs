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

/// `get_close_matches(word, possibilities, n, cutoff)`: the best `n` with ratio >= cutoff, best first.
pub fn get_close_matches(
    word: &str,
    possibilities: &[String],
    n: usize,
    cutoff: f64,
) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = possibilities
        .iter()
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
