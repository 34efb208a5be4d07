//! From a query to ranked entries: query words, their expansions to
//! vocabulary terms (exact, stem, synonym, prefix, compound part, typo),
//! BM25F accumulation, coverage and proximity.
//!
//! Work is bounded at every step so that any input returns quickly: the
//! query is cut, at most [`MAX_QUERY_WORDS`] words are used, each expands to
//! at most [`MAX_EXPANSIONS`] terms, and vocabulary scans stop after
//! [`MAX_SCAN`] candidates.

use super::fuzzy::{distance, letter_mask, max_edits};
use super::index::{gram_key, FxMap, LangIndex, KEYWORDS, QUESTION};
use super::normalise::{is_ignorable, words, MAX_WORD_CHARS};
use super::scratch::{Acc, Candidate, Expansion, MatchKind, Scratch};
use incident_feed::order;

/// Bytes of a query read; nobody types more, and it bounds tokenising.
pub(crate) const MAX_QUERY_BYTES: usize = 2_000;
/// Content words of a query used for matching.
pub(crate) const MAX_QUERY_WORDS: usize = 12;
/// Vocabulary terms one query word may stand for.
pub(crate) const MAX_EXPANSIONS: usize = 48;
/// Candidates examined per prefix range, gram list or typo scan.
pub(crate) const MAX_SCAN: usize = 4_096;

/// One query word after normalisation.
#[derive(Clone, Debug)]
pub(crate) struct QueryWord {
    pub(crate) norm: String,
    pub(crate) stem: String,
    pub(crate) chars: Vec<char>,
    /// The word still being typed (last in the query, nothing after it).
    pub(crate) prefix: bool,
}

/// The content words of `query`, normalised under `ix`'s rules.
pub(crate) fn parse(ix: &LangIndex, query: &str) -> Vec<QueryWord> {
    let mut cut = query.len().min(MAX_QUERY_BYTES);
    while !query.is_char_boundary(cut) {
        cut -= 1;
    }
    let query = &query[..cut];
    let typed_end = query.trim_end_matches(is_ignorable).len();
    let mut raw = words(query, ix.lang, MAX_QUERY_WORDS * 4);
    // A hyphenated query word stands for itself, not for its parts: the
    // index holds the joined form, and its parts would count twice.
    let mut kept: Vec<RawWord> = Vec::new();
    for w in raw.drain(..) {
        if w.joined {
            kept.retain(|k| k.pos < w.pos);
        }
        kept.push(RawWord { pos: w.pos, end: w.range.end, norm: w.norm, stem: w.stem });
    }
    let last_end = kept.last().map(|w| w.end);
    let to_word = |w: &RawWord| QueryWord {
        chars: w.norm.chars().collect(),
        norm: w.norm.clone(),
        stem: w.stem.clone(),
        prefix: Some(w.end) == last_end && w.end == typed_end,
    };
    let content: Vec<QueryWord> = kept.iter().filter(|w| !ix.is_stop(&w.norm)).take(MAX_QUERY_WORDS).map(to_word).collect();
    if !content.is_empty() {
        return content;
    }
    // Only stop words: the last one may be the start of a real word ("was"
    // on the way to "Wasser").
    kept.last().map(to_word).filter(|w| w.prefix).into_iter().collect()
}

struct RawWord {
    pos: u32,
    end: usize,
    norm: String,
    stem: String,
}

/// The vocabulary terms that may stand for `q`, best quality per term,
/// at most [`MAX_EXPANSIONS`].
pub(crate) fn expand(ix: &LangIndex, q: &QueryWord) -> Vec<Expansion> {
    let mut found: FxMap<u32, Expansion> = FxMap::default();
    let add = |found: &mut FxMap<u32, Expansion>, term: u32, kind: MatchKind, quality: f32| {
        if ix.df(term) == 0 {
            return;
        }
        let e = found.entry(term).or_insert(Expansion { term, kind, quality });
        if quality > e.quality {
            *e = Expansion { term, kind, quality };
        }
    };
    let n = q.chars.len();
    if let Some(&id) = ix.lookup.get(q.norm.as_str()) {
        add(&mut found, id, MatchKind::Exact, 1.0);
    }
    for &id in ix.terms_with_stem(&q.stem) {
        add(&mut found, id, MatchKind::Stem, 0.9);
    }
    for s in ix.synonyms.of(&q.stem) {
        for &id in ix.terms_with_stem(s) {
            add(&mut found, id, MatchKind::Synonym, 0.8);
        }
    }
    if q.prefix {
        for &id in ix.prefix_range(&q.norm).iter().take(MAX_SCAN) {
            let len = ix.chars(id).len();
            add(&mut found, id, MatchKind::Prefix, 0.5 + 0.3 * n as f32 / len as f32);
        }
    }
    let direct = !found.is_empty();
    // Compound parts: the query word inside a longer vocabulary word. The
    // stem is searched when long enough, so "Abrechnungen" finds
    // "Heizkostenabrechnung" too.
    let stem_chars: Vec<char> = q.stem.chars().collect();
    let part: (&str, &[char]) = if stem_chars.len() >= 4 { (&q.stem, &stem_chars) } else { (&q.norm, &q.chars) };
    if part.1.len() >= 4 {
        if let Some(list) = ix.grams.get(&gram_key(&part.1[..4])) {
            for &id in list.iter().take(MAX_SCAN) {
                let t = &ix.terms[id as usize].norm;
                let len = ix.chars(id).len();
                if len > part.1.len() && t.contains(part.0) {
                    // The last part of a German compound is its head: "Portal"
                    // in "Kundenportal" is a portal, in "Portalgebühr" it is not.
                    let head = if t.ends_with(part.0) { 0.05 } else { 0.0 };
                    add(&mut found, id, MatchKind::Compound, 0.45 + head + 0.15 * part.1.len() as f32 / len as f32);
                }
            }
        }
    }
    // The other way round: a vocabulary word that is a part of the query
    // word ("Hackerangriff" → "Angriff").
    if n >= 8 {
        for split in 4..=n - 4 {
            let head: String = q.chars[split..].iter().collect();
            let modifier: String = q.chars[..split].iter().collect();
            // Quality grows with how much of the query word the part covers:
            // a short part of a long word says little about the whole.
            let covered = |part: usize| part as f32 / n as f32;
            if let Some(&id) = ix.lookup.get(head.as_str()) {
                add(&mut found, id, MatchKind::Compound, 0.25 + 0.3 * covered(n - split));
            }
            if let Some(&id) = ix.lookup.get(modifier.as_str()) {
                add(&mut found, id, MatchKind::Compound, 0.2 + 0.2 * covered(split));
            }
        }
    }
    // Typos only when nothing matched as written: a real word is rarely
    // meant as a misspelling of another.
    let k = max_edits(n);
    if !direct && k > 0 && n <= MAX_WORD_CHARS {
        let mask = letter_mask(&q.chars);
        let mut scanned = 0;
        for len in n.saturating_sub(k as usize)..=(n + k as usize).min(MAX_WORD_CHARS) {
            for &(m, id) in &ix.by_len[len] {
                scanned += 1;
                if scanned > MAX_SCAN * 4 {
                    break;
                }
                if (m ^ mask).count_ones() > 2 * k as u32 {
                    continue;
                }
                if let Some(d) = distance(&q.chars, ix.chars(id), k, false) {
                    add(&mut found, id, MatchKind::Typo, if d <= 1 { 0.45 } else { 0.3 });
                }
            }
        }
        // A misspelt first part of a compound, or a misspelt word being typed.
        if n >= 5 {
            let mut first = [0u8; 4];
            let first = q.chars[0].encode_utf8(&mut first);
            for &id in ix.prefix_range(first).iter().take(MAX_SCAN) {
                let chars = ix.chars(id);
                if chars.len() <= n {
                    continue;
                }
                if let Some(d) = distance(&q.chars, chars, k, true) {
                    // One slip in a long first part is still a confident match.
                    let q = if d <= 1 { 0.35 + if n >= 8 { 0.05 } else { 0.0 } } else { 0.22 };
                    add(&mut found, id, MatchKind::Typo, q);
                }
            }
        }
    }
    let mut list: Vec<Expansion> = found.into_values().collect();
    order::sort_by(&mut list, |a, b| b.quality.total_cmp(&a.quality).then(ix.df(b.term).cmp(&ix.df(a.term))).then(a.term.cmp(&b.term)));
    list.truncate(MAX_EXPANSIONS);
    list
}

/// Whether one of `expansions` (a query word's) occurs in `field` of some entry.
pub(crate) fn in_field(ix: &LangIndex, expansions: &[Expansion], field: usize) -> bool {
    expansions.iter().any(|e| ix.postings[e.term as usize].iter().any(|p| p.fields & 1 << field != 0))
}

/// How much a match in these fields says that the entry is about the word:
/// fully in the question or keywords, half when only the answer mentions it.
fn field_cover(fields: u8) -> f32 {
    if fields & (1 << QUESTION | 1 << KEYWORDS) != 0 {
        1.0
    } else {
        0.5
    }
}

/// BM25F accumulation into `scratch.candidates`: for each query word the
/// best expansion per entry counts, so a word found three ways is not
/// counted three times.
///
/// This is the inner loop of a search (a common word on a large feed has a
/// posting in most entries), so it indexes slices, not `Vec`s, and compares
/// floats by hand: in the size-optimised release build `Vec` indexing and
/// `f32::max` stay calls.
pub(crate) fn accumulate(ix: &LangIndex, expansions: &[Vec<Expansion>], scratch: &mut Scratch) {
    scratch.fit(ix.docs, ix.terms.len());
    scratch.candidates.clear();
    let acc = &mut scratch.acc[..];
    let word_docs = &mut scratch.word_docs;
    let postings = &ix.postings[..];
    for (qi, exps) in expansions.iter().enumerate() {
        for e in exps {
            let quality = e.quality;
            for p in &postings[e.term as usize] {
                let a = &mut acc[p.doc as usize];
                // Weights are positive, so 0 means "not yet touched by this word".
                if a.best == 0.0 {
                    word_docs.push(p.doc);
                }
                let s = p.score * quality;
                if s > a.best {
                    a.best = s;
                }
                let c = field_cover(p.fields);
                if c > a.best_cover {
                    a.best_cover = c;
                }
            }
        }
        for &doc in word_docs.iter() {
            let a = &mut acc[doc as usize];
            if a.matched == 0 {
                scratch.candidates.push(Candidate { doc, ..Candidate::default() });
            }
            a.total += a.best;
            a.covered += a.best_cover;
            a.matched |= 1 << qi;
            a.best = 0.0;
            a.best_cover = 0.0;
        }
        word_docs.clear();
    }
    // Read the sums out and leave every accumulator at rest for the next search.
    for c in scratch.candidates.iter_mut() {
        let a = &mut acc[c.doc as usize];
        (c.total, c.covered, c.matched) = (a.total, a.covered, a.matched);
        *a = Acc::default();
    }
}

/// A ranking key that orders as (score descending, entry ascending) when
/// compared as a plain integer, larger first: the bits of a positive `f32`
/// order like its value. Selecting the top entries by `u64` comparison is
/// several times cheaper than by a float comparator closure.
pub(crate) fn key(score: f32, doc: u32) -> u64 {
    debug_assert!(score >= 0.0);
    (score.to_bits() as u64) << 32 | (u32::MAX - doc) as u64
}

/// The score and entry of a [`key`].
pub(crate) fn unkey(key: u64) -> (f32, u32) {
    (f32::from_bits((key >> 32) as u32), u32::MAX - key as u32)
}

/// Entries matching only some query words drop steeply: a whole-sentence
/// query should find the entry that has all of its words. `covered` is the
/// sum of per-word cover from [`Scores::covered`].
pub(crate) fn coverage(covered: f32, words: usize) -> f32 {
    if words <= 1 {
        // Every candidate has the one word; field weights already rank
        // question matches above answer matches.
        return 1.0;
    }
    let c = (covered / words.max(1) as f32).min(1.0);
    c * c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{EntryText, ANSWER};
    use crate::stem::Lang;

    fn ix() -> LangIndex {
        let kw = ["Hackerangriff"];
        let entries = [
            EntryText { question: "Muss ich mein Passwort ändern?", answer: "Bitte ändern Sie das Kennwort.", keywords: &[] },
            EntryText { question: "Verzögert sich die Heizkostenabrechnung?", answer: "Abrechnungen kommen.", keywords: &[] },
            EntryText { question: "Was ist passiert?", answer: "Ein Cyber-Angriff.", keywords: &kw },
        ];
        LangIndex::build(Lang::German, &entries)
    }

    fn kinds(ix: &LangIndex, query: &str) -> Vec<(String, MatchKind)> {
        let q = parse(ix, query);
        expand(ix, &q[0]).into_iter().map(|e| (ix.terms[e.term as usize].norm.to_string(), e.kind)).collect()
    }

    #[test]
    fn parse_drops_stop_words_and_marks_the_typed_word() {
        let ix = ix();
        let q = parse(&ix, "wie ändere ich mein Passw");
        assert_eq!(q.iter().map(|w| w.norm.as_str()).collect::<Vec<_>>(), vec!["andere", "passw"]);
        assert!(!q[0].prefix && q[1].prefix);
        assert!(!parse(&ix, "passwort ")[0].prefix);
        assert!(parse(&ix, "   ").is_empty());
    }

    #[test]
    fn parse_keeps_hyphenated_words_whole() {
        let ix = ix();
        let q = parse(&ix, "Cyber-Angriff heute");
        assert_eq!(q.iter().map(|w| w.norm.as_str()).collect::<Vec<_>>(), vec!["cyberangriff", "heute"]);
    }

    #[test]
    fn expansion_kinds() {
        let ix = ix();
        assert!(kinds(&ix, "passwort ").contains(&("passwort".into(), MatchKind::Exact)));
        assert!(kinds(&ix, "passw").contains(&("passwort".into(), MatchKind::Prefix)));
        assert!(kinds(&ix, "kosten ").contains(&("heizkostenabrechnung".into(), MatchKind::Compound)));
        assert!(kinds(&ix, "abrechnung ").contains(&("abrechnungen".into(), MatchKind::Stem)));
        assert!(kinds(&ix, "pasword ").contains(&("passwort".into(), MatchKind::Typo)));
        assert!(kinds(&ix, "heitzkosten ").contains(&("heizkostenabrechnung".into(), MatchKind::Typo)));
        assert!(kinds(&ix, "zugangsdaten ").contains(&("kennwort".into(), MatchKind::Synonym)));
        assert!(kinds(&ix, "hackerangriff ").contains(&("hackerangriff".into(), MatchKind::Exact)));
        assert!(kinds(&ix, "cyberangriffe ").contains(&("cyberangriff".into(), MatchKind::Stem)));
    }

    #[test]
    fn expansions_are_bounded() {
        let ix = ix();
        for q in ["a", "e", "p"] {
            let words = parse(&ix, q);
            for w in &words {
                assert!(expand(&ix, w).len() <= MAX_EXPANSIONS);
            }
        }
    }

    #[test]
    fn coverage_rewards_all_words() {
        assert_eq!(coverage(2.0, 2), 1.0);
        assert_eq!(coverage(0.5, 1), 1.0);
        assert!(coverage(1.0, 2) < coverage(2.0, 2));
        assert!(coverage(1.5, 2) < coverage(2.0, 2));
        assert_eq!(field_cover(1 << ANSWER), 0.5);
        assert_eq!(field_cover(1 << ANSWER | 1 << QUESTION), 1.0);
    }

    #[test]
    fn accumulate_counts_each_query_word_once() {
        let ix = ix();
        let q = parse(&ix, "passwort kennwort ");
        let exps: Vec<Vec<Expansion>> = q.iter().map(|w| expand(&ix, w)).collect();
        let mut s = Scratch::default();
        accumulate(&ix, &exps, &mut s);
        let first = s.candidates.clone();
        assert_eq!(first.len(), 1);
        assert_eq!((first[0].doc, first[0].matched), (0, 0b11));
        assert!(first[0].total > 0.0);
        // The scratch is at rest again: a second search adds nothing stale.
        accumulate(&ix, &exps, &mut s);
        assert_eq!(s.candidates, first);
    }

    #[test]
    fn keys_order_by_score_then_entry() {
        let mut keys = vec![key(1.0, 3), key(2.5, 7), key(1.0, 1), key(0.25, 0)];
        keys.sort_unstable_by(|a, b| b.cmp(a));
        let order: Vec<(f32, u32)> = keys.into_iter().map(unkey).collect();
        assert_eq!(order, vec![(2.5, 7), (1.0, 1), (1.0, 3), (0.25, 0)]);
    }
}
