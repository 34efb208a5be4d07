//! FAQ search (a simple first version: normalised words, prefix on the last
//! word typed). The API is what the widget and the CLI depend on; the ranking
//! behind it may change.

use std::ops::Range;

use crate::model::Feed;

/// One FAQ entry that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The entry's `id`.
    pub id: String,
    /// Position of the entry in `feed.faq`.
    pub index: usize,
    pub score: f32,
    /// Byte ranges in the question text (in the searched language) that matched.
    pub question: Vec<Range<usize>>,
    /// Byte ranges in the answer text (in the searched language) that matched.
    pub answer: Vec<Range<usize>>,
}

struct Entry {
    id: String,
    /// Per language: (question, answer) texts.
    texts: Vec<(String, String, String)>,
    keywords: Vec<String>,
}

/// An index over one feed's FAQ, built once per feed.
pub struct SearchIndex {
    default_language: String,
    entries: Vec<Entry>,
}

impl SearchIndex {
    pub fn new(feed: &Feed) -> Self {
        let mut languages: Vec<String> = vec![feed.default_language.clone()];
        for e in &feed.faq {
            for t in [&e.question, &e.answer] {
                if let crate::model::Text::Translated(map) = t {
                    for k in map.keys() {
                        if !languages.contains(k) {
                            languages.push(k.clone());
                        }
                    }
                }
            }
        }
        let entries = feed
            .faq
            .iter()
            .map(|e| Entry {
                id: e.id.clone(),
                texts: languages
                    .iter()
                    .map(|l| (l.clone(), e.question.get(l, &feed.default_language).to_owned(), e.answer.get(l, &feed.default_language).to_owned()))
                    .collect(),
                keywords: e.keywords.iter().map(|k| fold(k)).collect(),
            })
            .collect();
        SearchIndex { default_language: feed.default_language.clone(), entries }
    }

    /// Entries matching every word of `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, lang: &str, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).take(32).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (index, entry) in self.entries.iter().enumerate() {
            let Some((_, q, a)) = entry.texts.iter().find(|t| t.0 == lang).or_else(|| entry.texts.iter().find(|t| t.0 == self.default_language)) else {
                continue;
            };
            let (mut score, mut qr, mut ar) = (0.0, Vec::new(), Vec::new());
            let mut all = true;
            for w in &words {
                let in_q = ranges(q, w);
                let in_a = ranges(a, w);
                let in_k = entry.keywords.iter().any(|k| k.starts_with(w.as_str()));
                if in_q.is_empty() && in_a.is_empty() && !in_k {
                    all = false;
                    break;
                }
                score += 3.0 * in_q.len().min(1) as f32 + 2.0 * in_k as u8 as f32 + in_a.len().min(1) as f32;
                qr.extend(in_q);
                ar.extend(in_a);
            }
            if all {
                hits.push(Hit { id: entry.id.clone(), index, score, question: qr, answer: ar });
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        hits.truncate(limit);
        hits
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase().replace('ä', "a").replace('ö', "o").replace('ü', "u").replace('ß', "ss")
}

/// Byte ranges of words in `text` that start with `word` (after folding).
fn ranges(text: &str, word: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if fold(&text[s..i]).starts_with(word) {
                    out.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}
