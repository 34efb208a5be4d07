//! What a search shares between its steps, and nothing else: the per-search
//! buffers ([`Scratch`]), the expansions of query words into vocabulary
//! terms ([`Expansion`]) and the [`NO_WORD`] marker. A leaf: it imports no
//! other module of the search, so that `index`, `rank` and `highlight` all
//! depend on it and never on each other in a circle.

/// In a per-term table of query words, a term no query word matched.
pub(crate) const NO_WORD: u8 = u8::MAX;

/// How a vocabulary term answered a query word, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MatchKind {
    Exact,
    Stem,
    Synonym,
    Prefix,
    Compound,
    Typo,
}

/// A vocabulary term standing in for a query word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expansion {
    pub(crate) term: u32,
    /// How it matched; read by the tests (and `Debug`), not by the ranking.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) kind: MatchKind,
    /// Multiplier on the term's BM25F weight: exact 1.0 down to far typos.
    pub(crate) quality: f32,
}

/// One entry that matched at least one query word: summed best weight per
/// query word, which words matched, and how well they are covered (see
/// [`coverage`](super::rank::coverage)).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) doc: u32,
    pub(crate) total: f32,
    pub(crate) covered: f32,
    pub(crate) matched: u16,
}

/// Per-entry state while one query word is accumulated.
#[derive(Clone, Copy, Default)]
pub(crate) struct Acc {
    pub(crate) total: f32,
    pub(crate) covered: f32,
    /// Best weight and field cover of the current query word.
    pub(crate) best: f32,
    pub(crate) best_cover: f32,
    pub(crate) matched: u16,
}

/// Buffers reused from one search to the next (see `LangIndex::scratch`):
/// a search on a 5,000-entry index otherwise allocates and zeroes per-entry
/// arrays every key press. Every per-entry and per-term table is back in
/// its resting state when a search ends.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Per entry, all zero between searches.
    pub(crate) acc: Vec<Acc>,
    /// Entries touched by the current query word.
    pub(crate) word_docs: Vec<u32>,
    /// What [`accumulate`](super::rank::accumulate) found, in order of first match.
    pub(crate) candidates: Vec<Candidate>,
    /// First-pass ranking keys (see [`key`](super::rank::key)).
    pub(crate) keys: Vec<u64>,
    /// Per term, the query word it answers ([`NO_WORD`] between searches)
    /// and that expansion's quality.
    pub(crate) word_of: Vec<u8>,
    quality_of: Vec<f32>,
}

impl Scratch {
    /// Sizes the tables for an index of `docs` entries and `terms` terms
    /// (a no-op after the first search).
    pub(crate) fn fit(&mut self, docs: usize, terms: usize) {
        if self.acc.len() != docs {
            self.acc = vec![Acc::default(); docs];
        }
        if self.word_of.len() != terms {
            self.word_of = vec![NO_WORD; terms];
            self.quality_of = vec![-1.0; terms];
        }
    }

    /// Which term answers which query word, for marking texts: the best
    /// expansion wins when two words reach the same term, the earlier word
    /// on a tie. Undone by [`Scratch::unmark_terms`].
    pub(crate) fn mark_terms(&mut self, expansions: &[Vec<Expansion>]) {
        let (word_of, quality_of) = (&mut self.word_of[..], &mut self.quality_of[..]);
        for (qi, exps) in expansions.iter().enumerate() {
            for e in exps {
                let t = e.term as usize;
                if e.quality > quality_of[t] {
                    quality_of[t] = e.quality;
                    word_of[t] = qi as u8;
                }
            }
        }
    }

    /// Puts the per-term tables back to rest after [`Scratch::mark_terms`].
    pub(crate) fn unmark_terms(&mut self, expansions: &[Vec<Expansion>]) {
        for e in expansions.iter().flatten() {
            self.word_of[e.term as usize] = NO_WORD;
            self.quality_of[e.term as usize] = -1.0;
        }
    }
}
