//! Which parts of a question or answer matched, as byte ranges of the
//! original text, plus the word positions the proximity bonus needs.
//!
//! Marking reads the tokens the index kept for each text
//! ([`LangIndex::question_tokens`](super::index::LangIndex::question_tokens)),
//! so a search never folds or hashes a text's words again.

use incident_feed::order;
use std::ops::Range;

use super::index::Token;
use super::scratch::NO_WORD;

/// Marks in one text.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// Byte ranges of matched words, sorted, non-overlapping, on char boundaries.
    pub(crate) ranges: Vec<Range<usize>>,
    /// (word position, query word index) of each matched word, in text order.
    pub(crate) hits: Vec<(u32, u8)>,
}

/// Marks the tokens of one text whose term a query word matched:
/// `word_of[term]` is the index of that query word, or [`NO_WORD`].
pub(crate) fn mark(tokens: &[Token], word_of: &[u8]) -> Marks {
    let mut marks = Marks::default();
    for t in tokens {
        let qi = word_of[t.term as usize];
        if qi != NO_WORD {
            marks.ranges.push(t.start as usize..t.end as usize);
            marks.hits.push((t.pos, qi));
        }
    }
    marks.ranges = merge(marks.ranges);
    marks
}

/// Sorts ranges and merges the overlapping ones: a hyphenated compound and
/// its parts may all have matched.
pub(crate) fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    order::sort_by_key(&mut ranges, |r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A multiplier above 1 when consecutive query words appear close together
/// in the text, more when in the query's order: "Passwort ändern" should
/// prefer "Passwort ändern" over a text mentioning both far apart.
pub(crate) fn proximity_bonus(hits: &[(u32, u8)], query_words: usize) -> f32 {
    if query_words < 2 {
        return 1.0;
    }
    let mut score = 0f32;
    for qi in 0..query_words as u8 - 1 {
        let mut best = 0f32;
        for &(pa, _) in hits.iter().filter(|h| h.1 == qi) {
            for &(pb, _) in hits.iter().filter(|h| h.1 == qi + 1) {
                let gap = pb as i64 - pa as i64;
                let s = match gap {
                    1..=3 => 1.0,
                    -3..=-1 => 0.6,
                    _ => 0.0,
                };
                best = best.max(s);
            }
        }
        score += best;
    }
    1.0 + 0.3 * score / (query_words - 1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{EntryText, LangIndex};
    use crate::stem::Lang;

    #[test]
    fn merges_overlaps_and_sorts() {
        assert_eq!(merge(vec![6..13, 0..5, 0..13]), vec![0..13]);
        assert_eq!(merge(vec![4..6, 0..2]), vec![0..2, 4..6]);
        assert_eq!(merge(vec![0..2, 2..4]), vec![0..2, 2..4]);
    }

    #[test]
    fn marks_original_spelling() {
        let text = "Größere Schäden am Zähler";
        let ix = LangIndex::build(Lang::German, &[EntryText { question: text, answer: "", keywords: &[] }]);
        let mut word_of = vec![NO_WORD; ix.terms.len()];
        word_of[ix.lookup["zahler"] as usize] = 0;
        let m = mark(ix.question_tokens(0), &word_of);
        assert_eq!(m.ranges.len(), 1);
        assert_eq!(&text[m.ranges[0].clone()], "Zähler");
        assert_eq!(m.hits, vec![(3, 0)]);
    }

    #[test]
    fn proximity_prefers_close_and_ordered() {
        let ordered = proximity_bonus(&[(0, 0), (1, 1)], 2);
        let reversed = proximity_bonus(&[(1, 0), (0, 1)], 2);
        let far = proximity_bonus(&[(0, 0), (20, 1)], 2);
        assert!(ordered > reversed && reversed > far);
        assert_eq!(far, 1.0);
        assert_eq!(proximity_bonus(&[(0, 0)], 1), 1.0);
    }
}
