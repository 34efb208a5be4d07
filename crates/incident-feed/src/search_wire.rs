//! The bytes the widget and its lazily loaded search module exchange.
//!
//! The FAQ search is a separate wasm module with a C ABI (no JavaScript glue,
//! so no script for a CSP to allow), loaded after the widget's first paint.
//! It cannot see the widget's `Feed`, and parsing the feed's JSON a second
//! time would put a JSON parser in it; so the widget hands it only what the
//! search reads, packed ([`Searchable`]): the default language, per FAQ
//! entry its id, question, answer and keywords, and per contact the texts
//! it is found by ([`ContactText`]). The module answers with its hits as
//! little-endian `u32` words. Both halves live here, next to the model they
//! pack, so that one round-trip test covers them; each side links only the
//! half it calls.
//!
//! Searchable bytes: a string is its UTF-8 length as a `u32` LE and its
//! bytes; a [`Text`] is [`PLAIN`] and one string, or its translation count
//! and that many (language, text) string pairs; a list is its length and its
//! items. The whole is: default language, entry count, then per entry id,
//! question, answer, keyword list; then the contact count and per contact
//! its label, note and shown words, three texts.
//!
//! Hit words: per hit its FAQ index (or contact index), its score's `f32`
//! bits, the count of question (label) ranges and their (start, end) byte
//! offsets, then the same for the answer (note).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{Contact, FaqEntry, Feed, Text};
use crate::texts::Lang;

/// The marker of a plain (untranslated) text, in place of a translation count.
pub const PLAIN: u32 = u32::MAX;

/// What the search reads of a feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Searchable {
    /// The feed's `default_language`.
    pub default_language: String,
    /// The feed's FAQ.
    pub faq: Vec<FaqEntry>,
    /// The feed's contacts, in its order, as [`contact_texts`] makes them.
    pub contacts: Vec<ContactText>,
}

/// One contact as the search finds it: like a FAQ entry, with the label in
/// place of the question, the note in place of the answer, and the widget's
/// own words for it in place of the keywords.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactText {
    /// What to call about, e.g. "Hotline zum Cyber-Angriff".
    pub label: Text,
    /// The contact's note; empty when it has none.
    pub note: Text,
    /// In each language of the widget, the words the widget shows with this
    /// contact: the kind of each way to reach it ("Telefon", "E-Mail",
    /// "Web", "Erreichbar"), "Hotlines" when its number can be dialled (the
    /// header's name for its call buttons), and the heading the search shows
    /// it under ("Kontakt und Telefonnummern"). A query that matches none of these words does
    /// not ask how to reach us, and finds no contact.
    pub shown: Text,
}

/// The texts the search finds `contacts` by, in the same order.
pub fn contact_texts(contacts: &[Contact]) -> Vec<ContactText> {
    contacts
        .iter()
        .map(|c| ContactText {
            label: c.label.clone(),
            note: c.note.clone().unwrap_or_else(|| Text::Plain(String::new())),
            shown: Text::Translated(Lang::ALL.into_iter().map(|lang| (lang.code().to_owned(), shown_words(c, lang))).collect()),
        })
        .collect()
}

/// [`ContactText::shown`] in one language.
fn shown_words(c: &Contact, lang: Lang) -> String {
    let t = lang.texts();
    let dialable = c.phone.as_deref().and_then(crate::phone::tel_uri).is_some();
    let mut words = String::new();
    for (has, word) in [
        (c.phone.is_some(), t.phone),
        (dialable, t.header_hotlines_label),
        (c.email.is_some(), t.email),
        (c.url.is_some(), t.web),
        (c.hours.is_some(), t.hours),
        (true, t.search_contacts_heading),
    ] {
        if has {
            if !words.is_empty() {
                words.push_str(" , ");
            }
            words.push_str(word);
        }
    }
    words
}

/// What the search reads of `feed`, packed for the search module.
pub fn encode_searchable(feed: &Feed) -> Vec<u8> {
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
    // As `contact_texts` makes them, written straight into the bytes: the
    // widget, which calls this, then builds no map of its own for them.
    put_u32(&mut out, feed.contacts.len());
    for c in &feed.contacts {
        put_text(&mut out, &c.label);
        match &c.note {
            Some(note) => put_text(&mut out, note),
            None => put_text(&mut out, &Text::Plain(String::new())),
        }
        put_u32(&mut out, Lang::ALL.len());
        for lang in Lang::ALL {
            put_str(&mut out, lang.code());
            put_str(&mut out, &shown_words(c, lang));
        }
    }
    out
}

/// What [`encode_searchable`] packed; `None` for bytes it did not write.
pub fn decode_searchable(bytes: &[u8]) -> Option<Searchable> {
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
    let count = r.u32()? as usize;
    // Each contact takes at least 24 bytes.
    let mut contacts = Vec::with_capacity(count.min(bytes.len() / 24));
    for _ in 0..count {
        contacts.push(ContactText { label: r.text()?, note: r.text()?, shown: r.text()? });
    }
    r.rest.is_empty().then_some(Searchable { default_language, faq, contacts })
}

/// One search hit as it crosses between the modules: the entry's position
/// in `feed.faq` (or the contact's in `feed.contacts`), its score and the
/// matched byte ranges of its question and answer (label and note) in the
/// searched language.
#[derive(Clone, Debug, PartialEq)]
pub struct PackedHit {
    /// Position of the entry in `feed.faq`, or of the contact in `feed.contacts`.
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
    fn the_faq_and_contacts_come_back_as_they_went() {
        let feed = feed();
        let s = decode_searchable(&encode_searchable(&feed)).expect("decodes");
        assert_eq!(s.default_language, feed.default_language);
        assert_eq!(s.faq, feed.faq);
        assert!(s.faq.iter().any(|e| matches!(e.question, Text::Translated(_))), "the example has translations");
        assert_eq!(s.contacts, contact_texts(&feed.contacts));
        assert_eq!(s.contacts.len(), feed.contacts.len());
    }

    #[test]
    fn plain_texts_and_keywords_survive() {
        let mut feed = feed();
        feed.faq[0].question = Text::Plain("Wie ändere ich mein Passwort? 👩‍👩‍👧".into());
        feed.faq[0].keywords = vec!["Kennwort".into(), String::new()];
        feed.contacts[0].label = Text::Plain("Störungs-Hotline 👩‍👩‍👧".into());
        let s = decode_searchable(&encode_searchable(&feed)).unwrap();
        assert_eq!(s.faq, feed.faq);
        assert_eq!(s.contacts[0].label, feed.contacts[0].label);
    }

    #[test]
    fn contacts_are_found_by_the_words_shown_with_them() {
        let feed = feed();
        let texts = contact_texts(&feed.contacts);
        let shown = |i: usize, lang: &str| texts[i].shown.get(lang, "de").to_owned();
        // The attack hotline: a dialable number, hours and a note.
        assert_eq!(shown(0, "de"), "Telefon , Hotlines , Erreichbar , Kontakt und Telefonnummern");
        assert_eq!(shown(0, "en"), "Phone , Hotlines , Hours , Contact and phone numbers");
        assert_eq!(texts[0].note.get("de", "de"), "Kostenfrei aus allen deutschen Netzen");
        // The contact form: a link, no number, no note.
        assert_eq!(shown(2, "de"), "Web , Kontakt und Telefonnummern");
        assert_eq!(texts[2].note.get("de", "de"), "");
        // A number that cannot be dialled for certain is shown, but not as a hotline.
        let mut odd = feed.contacts[1].clone();
        odd.phone = Some("Durchwahl 12".into());
        odd.hours = None;
        assert_eq!(contact_texts(&[odd])[0].shown.get("de", "de"), "Telefon , Kontakt und Telefonnummern");
    }

    #[test]
    fn cut_or_padded_bytes_are_refused() {
        let bytes = encode_searchable(&feed());
        for cut in [0, 3, 4, bytes.len() / 2, bytes.len() - 4, bytes.len() - 1] {
            assert_eq!(decode_searchable(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(decode_searchable(&padded), None);
        assert_eq!(decode_searchable(&[4, 0, 0, 0, 0xff, 0xfe, 0, 0, 0, 0, 0, 0]), None, "not UTF-8");
        assert_eq!(decode_searchable(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]), None, "a count with nothing behind it");
        assert_eq!(decode_searchable(&[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]), None, "a contact count with nothing behind it");
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
