//! The bytes the widget and its lazily loaded search module exchange.
//!
//! The FAQ search is a separate wasm module with a C ABI (no JavaScript glue,
//! so no script for a CSP to allow), loaded after the widget's first paint.
//! It cannot see the widget's `Feed`, and parsing the feed's JSON a second
//! time would put a JSON parser in it; so the widget hands it only what the
//! search reads, packed: the default language and, per FAQ entry, its id,
//! question, answer and keywords. The module answers with its hits as
//! little-endian `u32` words. Both halves live here, next to the model they
//! pack, so that one round-trip test covers them; each side links only the
//! half it calls.
//!
//! FAQ bytes: a string is its UTF-8 length as a `u32` LE and its bytes; a
//! [`Text`] is [`PLAIN`] and one string, or its translation count and that
//! many (language, text) string pairs; a list is its length and its items.
//! The whole is: default language, entry count, then per entry id, question,
//! answer, keyword list.
//!
//! Hit words: per hit its FAQ index, its score's `f32` bits, the count of
//! question ranges and their (start, end) byte offsets, then the same for
//! the answer.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{FaqEntry, Feed, Text};

/// The marker of a plain (untranslated) text, in place of a translation count.
pub const PLAIN: u32 = u32::MAX;

/// The FAQ of `feed`, packed for the search module.
pub fn encode_faq(feed: &Feed) -> Vec<u8> {
    let mut out = Vec::new();
    put_str(&mut out, &feed.default_language);
    put_u32(&mut out, feed.faq.len());
    for entry in &feed.faq {
        put_str(&mut out, &entry.id);
        put_text(&mut out, &entry.question);
        put_text(&mut out, &entry.answer);
        put_u32(&mut out, entry.keywords.len());
        for keyword in &entry.keywords {
            put_str(&mut out, keyword);
        }
    }
    out
}

/// The default language and the FAQ entries of [`encode_faq`]'s bytes;
/// `None` for bytes it did not write.
pub fn decode_faq(bytes: &[u8]) -> Option<(String, Vec<FaqEntry>)> {
    let mut r = Reader { rest: bytes };
    let default_language = r.string()?;
    let count = r.u32()? as usize;
    // Each entry takes at least 16 bytes: no allocation from a bogus count.
    let mut faq = Vec::with_capacity(count.min(bytes.len() / 16));
    for _ in 0..count {
        let id = r.string()?;
        let question = r.text()?;
        let answer = r.text()?;
        let n = r.u32()?;
        let keywords = (0..n).map(|_| r.string()).collect::<Option<Vec<_>>>()?;
        faq.push(FaqEntry { id, question, answer, keywords });
    }
    r.rest.is_empty().then_some((default_language, faq))
}

/// One search hit as it crosses between the modules: the entry's position
/// in `feed.faq`, its score and the matched byte ranges of its question and
/// answer in the searched language.
#[derive(Clone, Debug, PartialEq)]
pub struct PackedHit {
    /// Position of the entry in `feed.faq`.
    pub index: usize,
    /// Relevance, higher is better; only comparable within one search.
    pub score: f32,
    /// Matched byte ranges in the question text.
    pub question: Vec<Range<usize>>,
    /// Matched byte ranges in the answer text.
    pub answer: Vec<Range<usize>>,
}

/// `hits` as words, best first as given.
pub fn encode_hits(hits: &[PackedHit]) -> Vec<u32> {
    let mut out = Vec::new();
    for hit in hits {
        out.push(hit.index as u32);
        out.push(hit.score.to_bits());
        for ranges in [&hit.question, &hit.answer] {
            out.push(ranges.len() as u32);
            for r in ranges {
                out.extend([r.start as u32, r.end as u32]);
            }
        }
    }
    out
}

/// The hits of [`encode_hits`]'s words; `None` for words it did not write.
pub fn decode_hits(words: &[u32]) -> Option<Vec<PackedHit>> {
    let mut rest = words;
    let mut take = |n: usize| -> Option<&[u32]> {
        let (head, tail) = (rest.get(..n)?, rest.get(n..)?);
        rest = tail;
        Some(head)
    };
    let mut hits = Vec::new();
    let mut left = words.len();
    while left > 0 {
        let head = take(2)?;
        let (index, score) = (head[0] as usize, f32::from_bits(head[1]));
        let mut ranges = || -> Option<Vec<Range<usize>>> {
            let n = take(1)?[0] as usize;
            Some(take(n.checked_mul(2)?)?.chunks(2).map(|p| p[0] as usize..p[1] as usize).collect())
        };
        let question = ranges()?;
        let answer = ranges()?;
        left -= 4 + 2 * (question.len() + answer.len());
        hits.push(PackedHit { index, score, question, answer });
    }
    Some(hits)
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &Text) {
    match text {
        Text::Plain(s) => {
            out.extend_from_slice(&PLAIN.to_le_bytes());
            put_str(out, s);
        }
        Text::Translated(map) => {
            put_u32(out, map.len());
            for (lang, s) in map {
                put_str(out, lang);
                put_str(out, s);
            }
        }
    }
}

/// Reads the FAQ bytes front to back; every read fails past the end.
struct Reader<'a> {
    rest: &'a [u8],
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (head, tail) = (self.rest.get(..n)?, self.rest.get(n..)?);
        self.rest = tail;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.bytes(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.bytes(n)?).ok().map(str::to_owned)
    }

    fn text(&mut self) -> Option<Text> {
        let n = self.u32()?;
        if n == PLAIN {
            return self.string().map(Text::Plain);
        }
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let lang = self.string()?;
            map.insert(lang, self.string()?);
        }
        Some(Text::Translated(map))
    }
}

#[cfg(test)]
// Hits with one highlighted range are what these tests are about.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn feed() -> Feed {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        crate::parse_feed(&json).unwrap()
    }

    #[test]
    fn the_faq_comes_back_as_it_went() {
        let feed = feed();
        let (lang, faq) = decode_faq(&encode_faq(&feed)).expect("decodes");
        assert_eq!(lang, feed.default_language);
        assert_eq!(faq, feed.faq);
        assert!(faq.iter().any(|e| matches!(e.question, Text::Translated(_))), "the example has translations");
    }

    #[test]
    fn plain_texts_and_keywords_survive() {
        let mut feed = feed();
        feed.faq[0].question = Text::Plain("Wie ändere ich mein Passwort? 👩‍👩‍👧".into());
        feed.faq[0].keywords = vec!["Kennwort".into(), String::new()];
        let (_, faq) = decode_faq(&encode_faq(&feed)).unwrap();
        assert_eq!(faq, feed.faq);
    }

    #[test]
    fn cut_or_padded_bytes_are_refused() {
        let bytes = encode_faq(&feed());
        for cut in [0, 3, 4, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode_faq(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(decode_faq(&padded), None);
        assert_eq!(decode_faq(&[4, 0, 0, 0, 0xff, 0xfe, 0, 0, 0, 0, 0, 0]), None, "not UTF-8");
        assert_eq!(decode_faq(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]), None, "a count with nothing behind it");
    }

    #[test]
    fn hits_come_back_as_they_went() {
        let hits = vec![
            PackedHit { index: 3, score: 7.25, question: vec![0..4, 10..12], answer: vec![] },
            PackedHit { index: 0, score: 0.5, question: vec![], answer: vec![1..2] },
        ];
        assert_eq!(decode_hits(&encode_hits(&hits)), Some(hits));
        assert_eq!(decode_hits(&[]), Some(vec![]));
    }

    #[test]
    fn cut_hit_words_are_refused() {
        let words = encode_hits(&[PackedHit { index: 1, score: 1.0, question: vec![0..4], answer: vec![2..3] }]);
        for cut in 1..words.len() {
            assert_eq!(decode_hits(&words[..cut]), None, "cut at {cut}");
        }
        assert_eq!(decode_hits(&[0, 0, u32::MAX, 0]), None, "a range count past the end");
    }
}
