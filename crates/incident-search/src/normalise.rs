//! Turning text into comparable words: case folding, diacritic folding,
//! umlaut spellings, stop words.
//!
//! Customers write "Straße", "Strasse", "ändern", "aendern" and "andern" for
//! the same words, so every spelling must end up as one key. Umlauts and
//! their digraphs collapse to the bare vowel (ä = ae = a). Collapsing "ae",
//! "oe" and "ue" also merges a few unrelated English spellings ("does" and
//! "dos"), which costs little: both sides of a comparison are folded alike.

use incident_feed::order;
use std::ops::Range;

use super::stem::{self, Lang};

/// Normalised words are cut to this many chars: longer runs (URLs, garbage)
/// add nothing to matching and would make edit distances costly.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// One word of a text, normalised.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    /// Folded form (case, diacritics, umlaut digraphs), used for exact,
    /// prefix, compound and typo matching.
    pub(crate) norm: String,
    /// Light stem of the folded form.
    pub(crate) stem: String,
    /// Bytes of the original text this word covers (on char boundaries).
    pub(crate) range: Range<usize>,
    /// Position in the text counted in words; hyphen-joined words take the
    /// position of their first part.
    pub(crate) pos: u32,
    /// Whether this is the joined form of a hyphenated compound
    /// ("Cyber-Angriff" → "cyberangriff"), emitted besides its parts.
    pub(crate) joined: bool,
}

/// Zero-width characters, soft hyphens, bidi controls, variation selectors
/// and combining marks: they never separate words and never count as letters,
/// so "Pass\u{200B}wort" and "a\u{0308}ndern" read as "Passwort" and "andern".
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{FEFF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_ignorable(c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Lower-case `c` with diacritics removed, pushed onto `out`. Only Latin
/// letters are folded; other scripts pass through lower-cased.
fn push_folded(c: char, out: &mut String) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// Case and diacritic folding of one raw word (umlaut digraphs kept, so the
/// stemmer still sees "issues" rather than "issus").
pub(crate) fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    fold_into(raw, &mut out);
    out
}

/// [`fold`] into a reused buffer: indexing folds every word of every entry,
/// and an allocation per word would dominate the build.
pub(crate) fn fold_into(raw: &str, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        out.push_str(&raw[..raw.len().min(MAX_WORD_CHARS)]);
        out.make_ascii_lowercase();
        return;
    }
    let mut chars = 0;
    for c in raw.chars() {
        if chars >= MAX_WORD_CHARS {
            break;
        }
        if is_ignorable(c) {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                if !is_ignorable(l) {
                    push_folded(l, out);
                }
            }
        }
        chars += 1;
    }
    // Folding can lengthen a word ("ß" → "ss"): the cap is on what is
    // written, since the index sizes its tables by it.
    if let Some((byte, _)) = out.char_indices().nth(MAX_WORD_CHARS) {
        out.truncate(byte);
    }
}

/// "ae", "oe", "ue" → "a", "o", "u": the typed-out umlauts.
pub(crate) fn collapse_umlauts(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    collapse_into(folded, &mut out);
    out
}

/// [`collapse_umlauts`] into a reused buffer.
pub(crate) fn collapse_into(folded: &str, out: &mut String) {
    out.clear();
    // Bytes suffice: the letters involved are ASCII, and copying the
    // segments between dropped letters keeps multi-byte chars whole.
    let b = folded.as_bytes();
    let mut segment = 0;
    let mut prev = 0u8;
    for (j, &c) in b.iter().enumerate() {
        if c == b'e' && matches!(prev, b'a' | b'o' | b'u') {
            // The vowel already stands for the umlaut; a second "e" after
            // this one is a letter again ("aee" stays "ae").
            out.push_str(&folded[segment..j]);
            segment = j + 1;
            prev = 0;
            continue;
        }
        prev = c;
    }
    out.push_str(&folded[segment..]);
}

/// The comparable form of one raw word: folded and umlaut-collapsed.
pub(crate) fn normalise(raw: &str) -> String {
    collapse_umlauts(&fold(raw))
}

/// The comparable stem of a folded word.
pub(crate) fn stem_of(folded: &str, lang: Lang) -> String {
    collapse_umlauts(&stem::stem(folded, lang))
}

/// One word as [`scan`] passes it, borrowing reused buffers.
pub(crate) struct WordRef<'a> {
    /// Folded and umlaut-collapsed.
    pub(crate) norm: &'a str,
    /// Folded only, the stemmer's input.
    pub(crate) folded: &'a str,
    pub(crate) range: Range<usize>,
    pub(crate) pos: u32,
    pub(crate) joined: bool,
}

/// Calls `f` for each word of `text`, at most `max_words` raw words, without
/// allocating per word. Hyphenated compounds are passed as their parts and,
/// after the last part, once more joined.
pub(crate) fn scan(text: &str, max_words: usize, mut f: impl FnMut(&WordRef<'_>)) {
    let mut folded = String::new();
    let mut norm = String::new();
    let mut chain = String::new();
    let (mut chain_start, mut chain_pos, mut chain_parts) = (0usize, 0u32, 0usize);
    let mut pos = 0u32;
    let mut last_end = 0usize;
    let mut raw_count = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    let flush = |chain: &mut String, start: usize, pos: u32, parts: usize, end: usize, f: &mut dyn FnMut(&WordRef<'_>)| {
        if parts > 1 {
            if chain.chars().count() > MAX_WORD_CHARS {
                *chain = chain.chars().take(MAX_WORD_CHARS).collect();
            }
            let n = collapse_umlauts(chain);
            f(&WordRef { norm: &n, folded: chain, range: start..end, pos, joined: true });
        }
    };
    // ASCII bytes are classified without decoding: nearly all feed text is.
    // The loops below test ASCII inline and call this only for other chars:
    // as a closure per byte it was a third of the index build.
    let word_at = |i: usize| -> (bool, usize) {
        let c = text[i..].chars().next().expect("on a char boundary");
        (is_word_char(c), c.len_utf8())
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let (is_word, len) = word_at(i);
            if !is_word {
                i += len;
                continue;
            }
        }
        if raw_count >= max_words {
            break;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let b = bytes[end];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                end += 1;
                continue;
            }
            let (is_word, len) = word_at(end);
            if !is_word {
                break;
            }
            end += len;
        }
        i = end;
        raw_count += 1;
        fold_into(&text[start..end], &mut folded);
        if folded.is_empty() {
            continue;
        }
        collapse_into(&folded, &mut norm);
        let hyphenated = start > last_end && {
            let mut g = text[last_end..start].chars();
            matches!((g.next(), g.next()), (Some(h), None) if is_hyphen(h))
        };
        if hyphenated && chain_parts > 0 {
            chain.push_str(&folded);
            chain_parts += 1;
        } else {
            flush(&mut chain, chain_start, chain_pos, chain_parts, last_end, &mut f);
            chain.clear();
            chain.push_str(&folded);
            chain_start = start;
            chain_pos = pos;
            chain_parts = 1;
        }
        f(&WordRef { norm: &norm, folded: &folded, range: start..end, pos, joined: false });
        pos += 1;
        last_end = end;
    }
    flush(&mut chain, chain_start, chain_pos, chain_parts, last_end, &mut f);
}

/// Splits `text` into normalised words with stems, at most `max_words` raw
/// words; see [`scan`].
pub(crate) fn words(text: &str, lang: Lang, max_words: usize) -> Vec<Word> {
    let mut out = Vec::new();
    scan(text, max_words, |w| out.push(Word { norm: w.norm.to_owned(), stem: stem_of(w.folded, lang), range: w.range.clone(), pos: w.pos, joined: w.joined }));
    out
}

/// German and English words too common to tell FAQ entries apart, including
/// the question words and modal verbs of whole-sentence queries.
const STOP_WORDS: &[&str] = &[
    // German
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "beim", "bin", "bis", "bist", "bitte", "da",
    "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "dich", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "dir", "doch",
    "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "etwas", "euch", "euer", "für", "gibt", "hab", "habe", "haben", "hat",
    "hatte", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in", "ins", "ist", "ja", "jetzt", "kann", "kannst", "können",
    "könnt", "man", "mein", "meine", "meinem", "meinen", "meiner", "meines", "mich", "mir", "mit", "muss", "musst", "müssen", "nach", "nicht", "noch", "nun",
    "nur", "ob", "oder", "ohne", "sich", "sie", "sind", "so", "soll", "sollen", "sollte", "um", "und", "uns", "unser", "unsere", "unter", "vom", "von", "vor",
    "war", "waren", "warum", "was", "wann", "weil", "welche", "welcher", "welches", "wenn", "wer", "werde", "werden", "wie", "wieso", "wir", "wird", "wo",
    "woher", "wohin", "zu", "zum", "zur", "über", // English
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
    "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "need", "no", "not", "of", "on", "or", "our", "should", "so",
    "that", "the", "their", "them", "then", "there", "this", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
    "would", "you", "your",
];

/// The stop words in normalised form, sorted for binary search.
pub(crate) fn stop_words() -> Vec<String> {
    let mut v: Vec<String> = STOP_WORDS.iter().map(|w| normalise(w)).collect();
    order::sort(&mut v);
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        words(text, Lang::German, 100).into_iter().map(|w| w.norm).collect()
    }

    #[test]
    fn umlauts_match_however_typed() {
        assert_eq!(normalise("ändern"), normalise("aendern"));
        assert_eq!(normalise("ändern"), normalise("andern"));
        assert_eq!(normalise("Straße"), normalise("Strasse"));
        assert_eq!(normalise("ÜBER"), normalise("ueber"));
        assert_eq!(normalise("Zähler"), "zahler");
    }

    #[test]
    fn other_diacritics_and_case_fold() {
        assert_eq!(normalise("Café"), "cafe");
        assert_eq!(normalise("ŁÓDŹ"), "lodz");
    }

    #[test]
    fn invisible_and_combining_chars_do_not_split_words() {
        assert_eq!(norms("Pass\u{200B}wort"), vec!["passwort"]);
        assert_eq!(norms("a\u{0308}ndern"), vec!["andern"]);
        assert_eq!(norms("\u{200F}\u{200E}"), Vec::<String>::new());
    }

    #[test]
    fn hyphenated_compounds_yield_parts_and_joined_form() {
        let w = words("Der Cyber-Angriff, E-Mail", Lang::German, 100);
        let n: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(n, vec!["der", "cyber", "angriff", "cyberangriff", "e", "mail", "email"]);
        let joined = w.iter().find(|w| w.norm == "cyberangriff").unwrap();
        assert!(joined.joined);
        assert_eq!(&"Der Cyber-Angriff, E-Mail"[joined.range.clone()], "Cyber-Angriff");
        assert_eq!(joined.pos, 1);
    }

    #[test]
    fn ranges_cover_the_original_multibyte_text() {
        let text = "Größere Schäden";
        let w = words(text, Lang::German, 100);
        assert_eq!(&text[w[0].range.clone()], "Größere");
        assert_eq!(&text[w[1].range.clone()], "Schäden");
    }

    #[test]
    fn long_words_are_cut() {
        let long = "x".repeat(500);
        assert_eq!(normalise(&long).chars().count(), MAX_WORD_CHARS);
    }

    #[test]
    fn stop_words_are_normalised_and_sorted() {
        let s = stop_words();
        assert!(s.binary_search(&"fur".to_string()).is_ok());
        assert!(s.binary_search(&"the".to_string()).is_ok());
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }
}
