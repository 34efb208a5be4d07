//! FAQ search that understands German and English as customers type it.
//!
//! [`SearchIndex::new`] builds one inverted index per language of the feed;
//! [`SearchIndex::search`] matches each query word exactly, by stem, through
//! synonyms and keywords, as a prefix (the word being typed), as a part of a
//! compound and with typos, and ranks entries by BM25F with field weights
//! question > keywords > answer, multiplied by how well each word matched,
//! how many query words matched and how close together they stand.
//!
//! [`SearchIndex::search_contacts`] ranks the feed's contacts the same way,
//! in an index of their own (so that they change nothing in how FAQ entries
//! rank): the label as the question, the note as the answer, and the words
//! the widget shows with each contact ("Telefon", "Hotlines", "Kontakt und
//! Telefonnummern" …) as its keywords; only for a query that matches one
//! of those words, that is, one that asks how to reach us.
//!
//! The concerns live in private modules: `normalise` (folding, stop words),
//! `stem`, `synonyms`, `fuzzy` (bounded Damerau-Levenshtein), `index`,
//! `rank` and `highlight`, with what they share in the leaf `scratch`. With
//! the `bench` feature, `synthetic` makes large feeds for benchmarks.
//!
//! ```
//! let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
//! let feed = incident_feed::parse_feed(&json).expect("valid feed");
//! let index = incident_search::SearchIndex::new(&feed);
//! let hits = index.search("passwort", "de", 5);
//! assert!(!hits.is_empty());
//! ```

use incident_feed::order;
use std::ops::Range;
use std::sync::OnceLock;

use incident_feed::model::{FaqEntry, Feed, Text};
use incident_feed::search_wire::{contact_texts, ContactText};

mod fuzzy;
mod highlight;
mod index;
mod normalise;
mod rank;
mod scratch;
mod stem;
mod synonyms;
#[cfg(feature = "bench")]
pub mod synthetic;
#[cfg(all(test, not(feature = "bench")))]
mod synthetic;

use index::{EntryText, LangIndex, CONTACT_FIELD_B, FIELD_B, KEYWORDS};
use stem::Lang;

/// One FAQ entry that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The entry's `id`.
    pub id: String,
    /// Position of the entry in `feed.faq`.
    pub index: usize,
    /// Relevance, higher is better; only comparable within one search.
    pub score: f32,
    /// Byte ranges in the question text (in the searched language) that
    /// matched: sorted, non-overlapping, on char boundaries.
    pub question: Vec<Range<usize>>,
    /// Byte ranges in the answer text (in the searched language) that matched.
    pub answer: Vec<Range<usize>>,
}

/// One contact that matched a query asking how to reach us
/// ([`SearchIndex::search_contacts`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ContactHit {
    /// Position of the contact in `feed.contacts`.
    pub index: usize,
    /// Relevance, higher is better; only comparable within one search.
    pub score: f32,
    /// Byte ranges in the label (in the searched language) that matched.
    pub label: Vec<Range<usize>>,
    /// Byte ranges in the note that matched.
    pub note: Vec<Range<usize>>,
}

/// An index over one feed's FAQ and contacts, built once per feed.
///
/// The default language is indexed at once; other languages on their first
/// search, since a reader mostly stays in one language and each index costs
/// build time.
pub struct SearchIndex {
    ids: Vec<String>,
    faq: Corpus,
    /// Indexed apart from the FAQ, so that contacts change nothing in how
    /// FAQ entries rank (document frequencies, field lengths).
    contacts: Corpus,
}

/// Entries re-scored with proximity before the final cut: proximity only
/// reorders near neighbours, so a short list suffices.
const RERANK: usize = 24;

/// The shortest query word that can make a query one about reaching us: a
/// word being typed of one or two letters ("te" on the way to "Termin") is
/// a prefix of too much ("Telefon").
const MIN_REACH_WORD_CHARS: usize = 3;

impl SearchIndex {
    /// Indexes every FAQ entry and contact in every language it is written in.
    pub fn new(feed: &Feed) -> Self {
        Self::from_parts(&feed.default_language, &feed.faq, &contact_texts(&feed.contacts))
    }

    /// [`SearchIndex::new`] from the only parts of a feed the search reads:
    /// for the lazily loaded search module, which gets them without the
    /// rest of the feed (`incident_feed::search_wire`).
    pub fn from_parts(default_language: &str, faq: &[FaqEntry], contacts: &[ContactText]) -> Self {
        SearchIndex {
            ids: faq.iter().map(|e| e.id.clone()).collect(),
            faq: Corpus::new(
                default_language,
                faq.iter().map(|e| (e.question.clone(), e.answer.clone(), e.keywords.iter().cloned().map(Text::Plain).collect())).collect(),
                FIELD_B,
            ),
            contacts: Corpus::new(
                default_language,
                contacts.iter().map(|c| (c.label.clone(), c.note.clone(), vec![c.shown.clone()])).collect(),
                CONTACT_FIELD_B,
            ),
        }
    }

    /// Builds the indexes for `lang` now rather than on its first search
    /// (for benchmarks, or to move the work off a key press).
    pub fn prepare(&self, lang: &str) {
        self.faq.prepare(lang);
        self.contacts.prepare(lang);
    }

    /// The languages the FAQ is written in, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.faq.langs.iter().map(|(t, _)| t.as_str())
    }

    /// Number of FAQ entries indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the feed has no FAQ entries.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Entries matching `query` in language `lang`, best first, at most
    /// `limit`. Ties keep FAQ order. An empty or blank query finds nothing.
    ///
    /// When nothing matches in `lang`, the default language is searched:
    /// readers of a translation often type the words of the original
    /// ("Kundenportal" on an English page). Such hits carry no highlights,
    /// as their words are not in the texts shown.
    pub fn search(&self, query: &str, lang: &str, limit: usize) -> Vec<Hit> {
        self.faq
            .search(query, lang, limit, None)
            .into_iter()
            .map(|(score, doc, question, answer)| Hit { id: self.ids[doc].clone(), index: doc, score, question, answer })
            .collect()
    }

    /// Contacts matching `query` in language `lang`, best first, at most
    /// `limit`, ranked like FAQ entries with the label as the question, the
    /// note as the answer and the words the widget shows with a contact as
    /// its keywords ([`ContactText::shown`]: "Telefon", "Hotlines",
    /// "Kontakt" …; with the built-in synonyms "anrufen" and
    /// "Telefonnummer" find them too).
    ///
    /// Only a query that asks how to reach us finds contacts: one of its
    /// words (of three chars or more) must match those shown words of some
    /// contact. Otherwise nothing, however well a label matches: "Angriff"
    /// asks about the attack, which the FAQ answers, even though the
    /// hotline is the "Hotline zum Cyber-Angriff". The default language is
    /// searched as a fallback, as in [`SearchIndex::search`].
    pub fn search_contacts(&self, query: &str, lang: &str, limit: usize) -> Vec<ContactHit> {
        self.contacts
            .search(query, lang, limit, Some(KEYWORDS))
            .into_iter()
            .map(|(score, doc, label, note)| ContactHit { index: doc, score, label, note })
            .collect()
    }
}

/// Documents of one kind (the FAQ's entries, or the contacts) and their
/// inverted indexes, one per language they are written in.
struct Corpus {
    default_language: String,
    /// What the indexes are built from: (question, answer, keywords) per
    /// document; a contact's label, note and shown words.
    docs: Vec<(Text, Text, Vec<Text>)>,
    /// One index per language the documents are written in; the default language first.
    langs: Vec<(String, OnceLock<LangIndex>)>,
    /// Length normalisation per field ([`LangIndex::build_with`]).
    field_b: [f32; 3],
}

/// A document that matched: its score, its position and the matched byte
/// ranges of its question and answer.
type Ranked = (f32, usize, Vec<Range<usize>>, Vec<Range<usize>>);

impl Corpus {
    fn new(default_language: &str, docs: Vec<(Text, Text, Vec<Text>)>, field_b: [f32; 3]) -> Self {
        let default = default_language.to_owned();
        let mut tags: Vec<String> = vec![default.clone()];
        for (q, a, k) in &docs {
            for t in [q, a].into_iter().chain(k) {
                if let Text::Translated(map) = t {
                    for key in map.keys() {
                        if !tags.contains(key) {
                            tags.push(key.clone());
                        }
                    }
                }
            }
        }
        let corpus = Corpus { default_language: default, docs, langs: tags.into_iter().map(|t| (t, OnceLock::new())).collect(), field_b };
        corpus.prepare(&corpus.default_language);
        corpus
    }

    fn prepare(&self, lang: &str) {
        let _ = self.lang_index(lang);
    }

    fn build(&self, tag: &str) -> LangIndex {
        let dl = &self.default_language;
        let keywords: Vec<Vec<&str>> = self.docs.iter().map(|(_, _, k)| k.iter().map(|t| t.get(tag, dl)).collect()).collect();
        let entries: Vec<EntryText<'_>> =
            self.docs.iter().zip(&keywords).map(|((q, a, _), k)| EntryText { question: q.get(tag, dl), answer: a.get(tag, dl), keywords: k }).collect();
        LangIndex::build_with(Lang::from_tag(tag), &entries, self.field_b)
    }

    /// The index whose texts are what `Text::get(lang, default)` returns:
    /// a language no document is translated into reads the default texts.
    fn lang_index(&self, lang: &str) -> Option<&LangIndex> {
        self.langs
            .iter()
            .find(|(t, _)| t == lang)
            .or_else(|| self.langs.iter().find(|(t, _)| *t == self.default_language))
            .map(|(t, cell)| cell.get_or_init(|| self.build(t)))
    }

    /// [`SearchIndex::search`] over these documents; with `gate`, only when
    /// a query word matched that field of some document.
    fn search(&self, query: &str, lang: &str, limit: usize, gate: Option<usize>) -> Vec<Ranked> {
        let Some(ix) = self.lang_index(lang) else { return Vec::new() };
        let hits = search_in(ix, query, limit, gate);
        if !hits.is_empty() {
            return hits;
        }
        match self.lang_index(&self.default_language) {
            Some(default) if !std::ptr::eq(default, ix) => {
                search_in(default, query, limit, gate).into_iter().map(|(score, doc, _, _)| (score, doc, Vec::new(), Vec::new())).collect()
            }
            _ => hits,
        }
    }
}

fn search_in(ix: &LangIndex, query: &str, limit: usize, gate: Option<usize>) -> Vec<Ranked> {
    if limit == 0 || ix.docs == 0 {
        return Vec::new();
    }
    let words = rank::parse(ix, query);
    if words.is_empty() {
        return Vec::new();
    }
    let expansions: Vec<Vec<scratch::Expansion>> = words.iter().map(|w| rank::expand(ix, w)).collect();
    if let Some(field) = gate {
        let reach = |(w, exps): (&rank::QueryWord, &Vec<scratch::Expansion>)| w.chars.len() >= MIN_REACH_WORD_CHARS && rank::in_field(ix, exps, field);
        if !words.iter().zip(&expansions).any(reach) {
            return Vec::new();
        }
    }
    // The index's buffers, or fresh ones if another thread holds them
    // (or a panic left them poisoned, possibly not at rest).
    let mut guard = ix.scratch.try_lock().ok();
    let mut own = None;
    let scratch: &mut scratch::Scratch = match guard.as_deref_mut() {
        Some(s) => s,
        None => own.insert(scratch::Scratch::default()),
    };
    rank::accumulate(ix, &expansions, scratch);
    scratch.mark_terms(&expansions);
    // First pass, over every matching entry: BM25F × coverage. Only the
    // best `keep` go on to proximity and highlights, which need the
    // entry's tokens.
    let keys = &mut scratch.keys;
    keys.clear();
    keys.extend(scratch.candidates.iter().map(|c| rank::key(c.total * rank::coverage(c.covered, words.len()), c.doc)));
    let keep = RERANK.max(limit).min(keys.len());
    if keep < keys.len() {
        keys.select_nth_unstable_by(keep - 1, |a, b| b.cmp(a));
        keys.truncate(keep);
    }
    let word_of = &scratch.word_of[..];
    let mut ranked: Vec<(f32, usize, Vec<Range<usize>>)> = keys
        .iter()
        .map(|&k| {
            let (score, doc) = rank::unkey(k);
            let marks = highlight::mark(ix.question_tokens(doc as usize), word_of);
            (score * highlight::proximity_bonus(&marks.hits, words.len()), doc as usize, marks.ranges)
        })
        .collect();
    order::sort_by(&mut ranked, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.truncate(limit);
    let hits = ranked.into_iter().map(|(score, doc, question)| (score, doc, question, highlight::mark(ix.answer_tokens(doc), word_of).ranges)).collect();
    scratch.unmark_terms(&expansions);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed() -> Feed {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        incident_feed::parse_feed(&json).unwrap()
    }

    #[test]
    fn blank_queries_find_nothing() {
        let ix = SearchIndex::new(&feed());
        for q in ["", "   ", "\u{200B}", "?!", "\n\t"] {
            assert!(ix.search(q, "de", 5).is_empty(), "{q:?}");
        }
        assert!(ix.search("passwort", "de", 0).is_empty());
    }

    #[test]
    fn highlights_point_into_the_searched_language() {
        let f = feed();
        let ix = SearchIndex::new(&f);
        let hits = ix.search("password", "en", 3);
        let hit = hits.iter().find(|h| h.id == "passwort-aendern").expect("found");
        let q = f.faq[hit.index].question.get("en", &f.default_language);
        assert_eq!(hit.question.iter().map(|r| &q[r.clone()]).collect::<Vec<_>>(), vec!["password"]);
        let hits = ix.search("Passwort", "de", 3);
        let hit = hits.iter().find(|h| h.id == "passwort-aendern").expect("found");
        let q = f.faq[hit.index].question.get("de", &f.default_language);
        assert_eq!(hit.question.iter().map(|r| &q[r.clone()]).collect::<Vec<_>>(), vec!["Passwort"]);
    }

    #[test]
    fn original_words_on_a_translated_page_fall_back_without_highlights() {
        let ix = SearchIndex::new(&feed());
        let hits = ix.search("Trinkwasseranalyse", "en", 3);
        assert_eq!(hits[0].id, "trinkwasseranalyse");
        assert!(hits[0].question.is_empty() && hits[0].answer.is_empty());
        assert!(!ix.search("drinking", "en", 3)[0].question.is_empty());
    }

    #[test]
    fn unknown_language_searches_default_texts() {
        let f = feed();
        let ix = SearchIndex::new(&f);
        let hits = ix.search("Kundenportal", "fr", 1);
        assert_eq!(hits[0].id, "kundenportal");
        let q = f.faq[hits[0].index].question.get("fr", &f.default_language);
        assert!(hits[0].question.iter().all(|r| q.is_char_boundary(r.start) && q.is_char_boundary(r.end)));
    }

    #[test]
    fn ties_keep_faq_order_and_limit_holds() {
        let ix = SearchIndex::new(&feed());
        let hits = ix.search("e", "de", 100);
        for w in hits.windows(2) {
            assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].index < w[1].index));
        }
        assert!(ix.search("Angriff", "de", 2).len() <= 2);
    }

    #[test]
    fn hostile_queries_return() {
        let ix = SearchIndex::new(&feed());
        let long = "Passwort ändern Heizkostenabrechnung ".repeat(40);
        assert!(!ix.search(&long, "de", 5).is_empty());
        let _ = ix.search(&"ü\u{0308}\u{200D}👩‍👩‍👧 שלום ".repeat(200), "de", 5);
        let _ = ix.search(&"x".repeat(100_000), "de", 5);
    }
}
