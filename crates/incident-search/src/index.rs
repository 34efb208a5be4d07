//! The inverted index of one language: vocabulary, postings with
//! precomputed BM25F weights, and the side tables that make prefix, compound
//! and typo lookups cheap (sorted vocabulary, 4-gram lists, length buckets).

use incident_feed::order;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use super::fuzzy::letter_mask;
use super::normalise::{scan, stem_of, stop_words, MAX_WORD_CHARS};
use super::scratch::Scratch;
use super::stem::Lang;
use super::synonyms::Synonyms;

/// FxHash: the vocabulary is hashed on every query word and keys are short,
/// where SipHash's DoS resistance buys nothing and costs time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set with [`FxHasher`].
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// Fields of an entry, in the order of [`FIELD_WEIGHTS`].
pub(crate) const QUESTION: usize = 0;
pub(crate) const KEYWORDS: usize = 1;
pub(crate) const ANSWER: usize = 2;

/// BM25F field weights: the question says what an entry is about, keywords
/// are the publisher's own hints, the answer mentions much in passing.
pub(crate) const FIELD_WEIGHTS: [f32; 3] = [3.0, 2.0, 1.0];
/// Length normalisation per field; keyword lists are short and deliberate,
/// so their length matters less.
pub(crate) const FIELD_B: [f32; 3] = [0.75, 0.3, 0.75];
/// For contacts: their keywords are the widget's fixed words for the ways
/// to reach each one ("Telefon", "E-Mail", …), whose number says nothing
/// about how much a contact is about a word; a contact with more ways to
/// reach it must not rank lower for the words they all share.
pub(crate) const CONTACT_FIELD_B: [f32; 3] = [0.75, 0.0, 0.75];
const K1: f32 = 1.2;

/// Raw words read per field: enough for any real answer (20,000 chars),
/// bounded for hostile feeds.
const MAX_FIELD_WORDS: usize = 4_000;

/// One vocabulary word.
pub(crate) struct Term {
    /// Normalised form.
    pub(crate) norm: Box<str>,
    /// Index into [`LangIndex::stems`]. No search reads it yet (the
    /// stem tables do the work); unread since the module became private.
    #[allow(dead_code)]
    pub(crate) stem: u32,
    /// Chars of `norm` in [`LangIndex::arena`].
    pub(crate) chars: (u32, u8),
}

/// One entry containing a term, with the term's BM25F weight in it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Posting {
    pub(crate) doc: u32,
    pub(crate) score: f32,
    /// Bit per field ([`QUESTION`], [`KEYWORDS`], [`ANSWER`]) the term occurs in.
    pub(crate) fields: u8,
}

/// One indexed word of a question or answer: highlights and proximity read
/// these instead of re-tokenising the text on every search (folding and
/// hashing each word of 34 texts was half of a query's time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) term: u32,
    /// Byte range in the original text, on char boundaries.
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// Word position, as [`super::normalise::WordRef::pos`].
    pub(crate) pos: u32,
}

/// Everything searched in one language.
pub(crate) struct LangIndex {
    pub(crate) lang: Lang,
    pub(crate) terms: Vec<Term>,
    pub(crate) lookup: FxMap<Box<str>, u32>,
    pub(crate) stems: Vec<Box<str>>,
    pub(crate) stem_lookup: FxMap<Box<str>, u32>,
    /// Terms sharing each stem.
    pub(crate) stem_terms: Vec<Vec<u32>>,
    /// Term ids sorted by `norm`, for prefix ranges.
    pub(crate) sorted: Vec<u32>,
    /// Per term, the entries containing it, in entry order.
    pub(crate) postings: Vec<Vec<Posting>>,
    /// Per char length, (letter mask, term id) of the terms of that length.
    pub(crate) by_len: Vec<Vec<(u64, u32)>>,
    /// Per packed 4-gram, the terms of 5+ chars containing it.
    pub(crate) grams: FxMap<u64, Vec<u32>>,
    pub(crate) arena: Vec<char>,
    /// Number of entries.
    pub(crate) docs: usize,
    /// The indexed words of every question and answer, entry by entry.
    pub(crate) tokens: Vec<Token>,
    /// Entry `d`'s question is `tokens[bounds[2d]..bounds[2d + 1]]`, its
    /// answer `tokens[bounds[2d + 1]..bounds[2d + 2]]`.
    pub(crate) bounds: Vec<u32>,
    pub(crate) stop: FxSet<Box<str>>,
    pub(crate) synonyms: Synonyms,
    /// Buffers of the last search, reused by the next one; a search that
    /// finds them in use (another thread) takes fresh ones.
    pub(crate) scratch: Mutex<Scratch>,
}

/// Packs four chars into one key; collisions above U+FFFF only cost a
/// wasted verification.
pub(crate) fn gram_key(g: &[char]) -> u64 {
    g.iter().fold(0u64, |k, &c| k << 16 ^ (c as u64 & 0xFFFF))
}

/// One entry's texts as the index reads them.
pub(crate) struct EntryText<'a> {
    pub(crate) question: &'a str,
    pub(crate) answer: &'a str,
    pub(crate) keywords: &'a [&'a str],
}

impl LangIndex {
    /// Indexes `entries` under `lang`'s rules, with the FAQ's length
    /// normalisation (the crate's own tests build indexes this way).
    #[cfg(test)]
    pub(crate) fn build(lang: Lang, entries: &[EntryText<'_>]) -> Self {
        Self::build_with(lang, entries, FIELD_B)
    }

    /// [`LangIndex::build`] with the length normalisation `field_b` per field.
    pub(crate) fn build_with(lang: Lang, entries: &[EntryText<'_>], field_b: [f32; 3]) -> Self {
        let stop = stop_words().into_iter().map(String::into_boxed_str).collect();
        let mut ix = LangIndex {
            lang,
            terms: Vec::new(),
            lookup: FxMap::default(),
            stems: Vec::new(),
            stem_lookup: FxMap::default(),
            stem_terms: Vec::new(),
            sorted: Vec::new(),
            postings: Vec::new(),
            by_len: vec![Vec::new(); MAX_WORD_CHARS + 1],
            grams: FxMap::default(),
            arena: Vec::new(),
            docs: entries.len(),
            tokens: Vec::new(),
            bounds: Vec::with_capacity(2 * entries.len() + 1),
            stop,
            synonyms: Synonyms::new(lang),
            scratch: Mutex::new(Scratch::default()),
        };
        // Pass 1: term frequencies per entry and field, and field lengths.
        let mut doc_terms: Vec<Vec<(u32, [u16; 3])>> = Vec::with_capacity(entries.len());
        let mut lens: Vec<[u32; 3]> = Vec::with_capacity(entries.len());
        // Per term, its slot in the current entry's list (or u32::MAX): a
        // second hash lookup per word would cost as much as the first.
        let mut slot: Vec<u32> = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        let mut bounds: Vec<u32> = Vec::with_capacity(2 * entries.len() + 1);
        for e in entries {
            let mut list: Vec<(u32, [u16; 3])> = Vec::new();
            let mut len = [0u32; 3];
            let keywords = e.keywords.join(" , ");
            for (field, text) in [(QUESTION, e.question), (KEYWORDS, keywords.as_str()), (ANSWER, e.answer)] {
                if field != KEYWORDS {
                    bounds.push(tokens.len() as u32);
                }
                scan(text, MAX_FIELD_WORDS, |w| {
                    if !w.joined {
                        len[field] += 1;
                    }
                    let id = match ix.lookup.get(w.norm) {
                        Some(&id) => id,
                        None if ix.is_stop(w.norm) => return,
                        None => ix.intern(w.norm, &stem_of(w.folded, lang)),
                    };
                    if field != KEYWORDS {
                        // Texts are bounded far below 4 GiB (feeds to 4 MiB).
                        tokens.push(Token { term: id, start: w.range.start as u32, end: w.range.end as u32, pos: w.pos });
                    }
                    if slot.len() <= id as usize {
                        slot.resize(id as usize + 1, u32::MAX);
                    }
                    if slot[id as usize] == u32::MAX {
                        slot[id as usize] = list.len() as u32;
                        list.push((id, [0; 3]));
                    }
                    let counts = &mut list[slot[id as usize] as usize].1;
                    counts[field] = counts[field].saturating_add(1);
                });
            }
            for &(id, _) in &list {
                slot[id as usize] = u32::MAX;
            }
            doc_terms.push(list);
            lens.push(len);
        }
        bounds.push(tokens.len() as u32);
        tokens.shrink_to_fit();
        ix.tokens = tokens;
        ix.bounds = bounds;
        // Pass 2: BM25F weights, now that document frequencies and average
        // field lengths are known.
        let n = entries.len().max(1) as f32;
        let mut avg = [0f32; 3];
        for l in &lens {
            for f in 0..3 {
                avg[f] += l[f] as f32;
            }
        }
        for a in &mut avg {
            *a = (*a / n).max(1.0);
        }
        let mut df = vec![0u32; ix.terms.len()];
        for list in &doc_terms {
            for &(t, _) in list {
                df[t as usize] += 1;
            }
        }
        ix.postings = df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
        for (doc, list) in doc_terms.iter().enumerate() {
            for &(t, counts) in list {
                let mut pseudo = 0f32;
                let mut fields = 0u8;
                for f in 0..3 {
                    if counts[f] > 0 {
                        fields |= 1 << f;
                        let norm = 1.0 - field_b[f] + field_b[f] * lens[doc][f] as f32 / avg[f];
                        pseudo += FIELD_WEIGHTS[f] * counts[f] as f32 / norm;
                    }
                }
                let d = df[t as usize] as f32;
                let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
                let score = idf * pseudo * (K1 + 1.0) / (K1 + pseudo);
                ix.postings[t as usize].push(Posting { doc: doc as u32, score, fields });
            }
        }
        // Side tables.
        let mut sorted: Vec<u32> = (0..ix.terms.len() as u32).collect();
        order::sort_by(&mut sorted, |&a, &b| ix.terms[a as usize].norm.cmp(&ix.terms[b as usize].norm));
        ix.sorted = sorted;
        for (id, t) in ix.terms.iter().enumerate() {
            let chars = &ix.arena[t.chars.0 as usize..][..t.chars.1 as usize];
            ix.by_len[chars.len()].push((letter_mask(chars), id as u32));
            if chars.len() >= 5 {
                for g in chars.windows(4) {
                    let list = ix.grams.entry(gram_key(g)).or_default();
                    if list.last() != Some(&(id as u32)) {
                        list.push(id as u32);
                    }
                }
            }
        }
        ix
    }

    fn intern(&mut self, norm: &str, stem: &str) -> u32 {
        if let Some(&id) = self.lookup.get(norm) {
            return id;
        }
        let stem_id = match self.stem_lookup.get(stem) {
            Some(&s) => s,
            None => {
                let s = self.stems.len() as u32;
                self.stems.push(stem.into());
                self.stem_lookup.insert(stem.into(), s);
                self.stem_terms.push(Vec::new());
                s
            }
        };
        let id = self.terms.len() as u32;
        let start = self.arena.len() as u32;
        self.arena.extend(norm.chars());
        let len = (self.arena.len() as u32 - start) as u8;
        self.terms.push(Term { norm: norm.into(), stem: stem_id, chars: (start, len) });
        self.lookup.insert(norm.into(), id);
        self.stem_terms[stem_id as usize].push(id);
        id
    }

    /// Whether `norm` is a stop word.
    pub(crate) fn is_stop(&self, norm: &str) -> bool {
        self.stop.contains(norm)
    }

    /// The chars of term `id`.
    pub(crate) fn chars(&self, id: u32) -> &[char] {
        let (start, len) = self.terms[id as usize].chars;
        &self.arena[start as usize..][..len as usize]
    }

    /// Terms starting with `prefix`, in vocabulary order.
    pub(crate) fn prefix_range(&self, prefix: &str) -> &[u32] {
        let lo = self.sorted.partition_point(|&t| &*self.terms[t as usize].norm < prefix);
        let hi = lo + self.sorted[lo..].partition_point(|&t| self.terms[t as usize].norm.starts_with(prefix));
        &self.sorted[lo..hi]
    }

    /// Terms whose stem is `stem`.
    pub(crate) fn terms_with_stem(&self, stem: &str) -> &[u32] {
        self.stem_lookup.get(stem).map(|&s| self.stem_terms[s as usize].as_slice()).unwrap_or(&[])
    }

    /// The indexed words of entry `doc`'s question, in text order (a
    /// hyphenated compound's joined form after its parts).
    pub(crate) fn question_tokens(&self, doc: usize) -> &[Token] {
        &self.tokens[self.bounds[2 * doc] as usize..self.bounds[2 * doc + 1] as usize]
    }

    /// The indexed words of entry `doc`'s answer.
    pub(crate) fn answer_tokens(&self, doc: usize) -> &[Token] {
        &self.tokens[self.bounds[2 * doc + 1] as usize..self.bounds[2 * doc + 2] as usize]
    }

    /// Number of entries containing term `id`.
    pub(crate) fn df(&self, id: u32) -> usize {
        self.postings[id as usize].len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> LangIndex {
        let kw = ["Kennwort"];
        let entries = [
            EntryText { question: "Muss ich mein Passwort ändern?", answer: "Ja, bitte ändern Sie das Passwort.", keywords: &kw },
            EntryText { question: "Wann kommt die Heizkostenabrechnung?", answer: "Bald.", keywords: &[] },
        ];
        LangIndex::build(Lang::German, &entries)
    }

    #[test]
    fn postings_weight_question_above_answer() {
        let ix = tiny();
        let passwort = ix.lookup["passwort"];
        assert_eq!(ix.postings[passwort as usize].len(), 1);
        let bald = ix.lookup["bald"];
        assert!(ix.postings[passwort as usize][0].score > ix.postings[bald as usize][0].score);
    }

    #[test]
    fn stop_words_are_not_indexed() {
        let ix = tiny();
        assert!(!ix.lookup.contains_key("ich"));
        assert!(!ix.lookup.contains_key("die"));
    }

    #[test]
    fn prefix_ranges_and_grams_find_terms() {
        let ix = tiny();
        let found: Vec<&str> = ix.prefix_range("pass").iter().map(|&t| &*ix.terms[t as usize].norm).collect();
        assert_eq!(found, vec!["passwort"]);
        assert!(ix.prefix_range("zzz").is_empty());
        let g: Vec<char> = "rech".chars().collect();
        let hits = &ix.grams[&gram_key(&g)];
        assert!(hits.iter().any(|&t| &*ix.terms[t as usize].norm == "heizkostenabrechnung"));
    }

    #[test]
    fn keywords_are_indexed() {
        let ix = tiny();
        assert!(ix.lookup.contains_key("kennwort"));
        assert_eq!(ix.df(ix.lookup["kennwort"]), 1);
    }
}
