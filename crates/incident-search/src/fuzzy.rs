//! Typo tolerance: bounded Damerau-Levenshtein distance (optimal string
//! alignment: a swap of two neighbours counts as one edit).
//!
//! The distance is only ever needed up to a small bound, so the computation
//! stops as soon as a whole row exceeds it; most vocabulary words are
//! rejected after two or three rows. A letter-set bitmask rejects most
//! candidates before any row is computed.

/// Up to this many edits are allowed for a query word of `chars` chars:
/// none for short words (too many false friends), one from four, two from seven.
pub(crate) fn max_edits(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A 64-bit set of the letters in `word`. Every edit changes at most two
/// bits, so `(a ^ b).count_ones() > 2 * k` proves a distance above `k`.
pub(crate) fn letter_mask(word: &[char]) -> u64 {
    word.iter().fold(0u64, |m, &c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        m | 1 << bit
    })
}

/// The OSA distance between `a` and `b` if it is at most `k`.
///
/// With `prefix`, `b` may go on after the part matched: the result is the
/// smallest distance between `a` and any prefix of `b`, so a misspelt first
/// part ("heitzkosten") finds its compound ("heizkostenabrechnung").
pub(crate) fn distance(a: &[char], b: &[char], k: u8, prefix: bool) -> Option<u8> {
    let k = k as usize;
    let (n, m) = (a.len(), b.len());
    if !prefix && n.abs_diff(m) > k {
        return None;
    }
    if prefix && m + k < n {
        return None;
    }
    // Only the band |i - j| <= k matters; cells outside stay "too far".
    let m_eff = if prefix { m.min(n + k) } else { m };
    let big = k + 1;
    let width = m_eff + 1;
    // Three rows: two back for transpositions. Words are capped at 40 chars,
    // so these stay small.
    let mut prev2 = vec![big; width];
    let mut prev: Vec<usize> = (0..width).map(|j| j.min(big)).collect();
    let mut cur = vec![big; width];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m_eff);
        cur.iter_mut().for_each(|c| *c = big);
        cur[0] = i.min(big);
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v.min(big);
            row_min = row_min.min(cur[j]);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = if prefix {
        let lo = n.saturating_sub(k);
        let hi = (n + k).min(m_eff);
        (lo..=hi).map(|j| prev[j]).min().unwrap_or(big)
    } else {
        prev[m]
    };
    (d <= k).then_some(d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, k: u8) -> Option<u8> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, k, false)
    }

    fn p(a: &str, b: &str, k: u8) -> Option<u8> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, k, true)
    }

    #[test]
    fn counts_edits() {
        assert_eq!(d("passwort", "passwort", 2), Some(0));
        assert_eq!(d("pasword", "password", 2), Some(1));
        assert_eq!(d("pasword", "passwort", 2), Some(2));
        assert_eq!(d("termin", "temrin", 1), Some(1), "a swap is one edit");
        assert_eq!(d("abc", "xyz", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("kurz", "kurzwellenempfang", 2), None);
    }

    #[test]
    fn agrees_with_unbounded_distance() {
        // A plain O(nm) OSA as the reference.
        fn full(a: &[char], b: &[char]) -> usize {
            let (n, m) = (a.len(), b.len());
            let mut t = vec![vec![0usize; m + 1]; n + 1];
            for (i, row) in t.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in t[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=n {
                for j in 1..=m {
                    let c = usize::from(a[i - 1] != b[j - 1]);
                    t[i][j] = (t[i - 1][j - 1] + c).min(t[i - 1][j] + 1).min(t[i][j - 1] + 1);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        t[i][j] = t[i][j].min(t[i - 2][j - 2] + 1);
                    }
                }
            }
            t[n][m]
        }
        let words = ["zahler", "zahlre", "zaehler", "zahl", "ahler", "zahlerstand", "heizung", "hiezung", "", "z"];
        for a in words {
            for b in words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let reference = full(&ac, &bc);
                for k in 0..=2u8 {
                    let expected = (reference <= k as usize).then_some(reference as u8);
                    assert_eq!(distance(&ac, &bc, k, false), expected, "{a} {b} {k}");
                }
            }
        }
    }

    #[test]
    fn prefix_mode_matches_misspelt_first_parts() {
        assert_eq!(p("heitzkosten", "heizkostenabrechnung", 2), Some(1));
        assert_eq!(p("pasw", "passwort", 1), Some(1));
        assert_eq!(p("abrechnung", "heizkostenabrechnung", 2), None);
    }

    #[test]
    fn mask_bound_holds() {
        let a: Vec<char> = "zahler".chars().collect();
        let b: Vec<char> = "zahlre".chars().collect();
        assert_eq!((letter_mask(&a) ^ letter_mask(&b)).count_ones(), 0);
        let c: Vec<char> = "zxhler".chars().collect();
        assert!((letter_mask(&a) ^ letter_mask(&c)).count_ones() <= 2);
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(5), 1);
        assert_eq!(max_edits(9), 2);
    }
}
