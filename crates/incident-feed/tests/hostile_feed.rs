//! Hostile feeds, natively: the validator names every unsafe link by its
//! JSON path, and texts full of XSS payloads, bidi overrides and zero-width
//! characters are valid (a text is only ever text) as long as they keep to
//! their limits; one character beyond a limit is reported at its path.
//!
//! The corpus and the generator live in `tests/fixtures/hostile/` and are
//! shared with the browser test `e2e/tests/hostile.rs`.

#[path = "../../../tests/fixtures/hostile/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};

use generator::{
    at_limit, at_mut, base, corpus_card, corpus_index, hostile_texts, hostile_urls, placed, public_corpus, shown, text_slots, url_slots, Corpus, FieldKind,
};
use incident_feed::links::safe_href;
use incident_feed::{parse_feed, ProblemKind};
use serde_json::json;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn source_says(words: &str) -> bool {
    std::fs::read_to_string(root().join("tests/fixtures/hostile/SOURCE.md")).unwrap().contains(words)
}

#[test]
fn the_corpus_is_what_source_md_says() {
    let corpus = Corpus::load(&root());
    let public = std::fs::read_to_string(root().join("tests/fixtures/hostile/xss-payloads.txt")).unwrap();
    assert_eq!(public.lines().count(), 200);
    assert!(corpus.payloads.len() > 230, "{}", corpus.payloads.len());
    assert_eq!(corpus.urls.len(), 55);
    assert!(source_says(&format!("{} links the validator must refuse", corpus.urls.len())));
    let source = std::fs::read_to_string(root().join("tests/fixtures/hostile/SOURCE.md")).unwrap();
    assert!(source.contains("MIT License") && source.contains("payloadbox/xss-payload-list"));
}

#[test]
fn every_dangerous_url_is_refused_by_safe_href() {
    for url in Corpus::load(&root()).urls {
        let ok = safe_href(&url);
        // mailto: and tel: forms in the corpus are refused as malformed, the rest by scheme, host or characters.
        assert!(ok.is_err(), "safe_href let {url:?} through");
    }
}

#[test]
fn the_validator_reports_each_unsafe_url_at_its_json_path() {
    let base = base(&root());
    let corpus = Corpus::load(&root());
    let paths = url_slots(&base);
    assert_eq!(paths.len(), 1 + 3 + 3, "organisation, 3 contacts, 3 channels: {paths:?}");
    for url in &corpus.urls {
        let (feed, paths) = hostile_urls(&base, url);
        let problems = parse_feed(&feed.to_string()).expect_err(&format!("{url:?} in every link field was accepted")).0;
        for path in &paths {
            let found = problems.iter().find(|p| &p.path == path);
            let p = found.unwrap_or_else(|| panic!("{url:?} at {path} not reported; problems: {problems:#?}"));
            assert_eq!(p.kind, ProblemKind::Invalid, "{p}");
            // The message quotes the link (escaped), so the author can find it.
            assert!(p.message.contains(&format!("{url:?}")), "{p}");
        }
        for p in &problems {
            assert!(paths.contains(&p.path), "{url:?}: unexpected problem {p}");
        }
    }
}

#[test]
fn each_url_field_alone_is_reported() {
    let base = base(&root());
    for path in url_slots(&base) {
        for url in ["javascript:alert(1)", " https://example.com/", "//evil.example", "https://bank.example@evil.example/"] {
            let mut feed = base.clone();
            *at_mut(&mut feed, &path) = json!(url);
            let problems = parse_feed(&feed.to_string()).expect_err(url).0;
            assert_eq!(problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), vec![path.as_str()], "{url:?}");
        }
    }
}

#[test]
fn emails_and_phones_with_payloads_are_refused_at_their_path() {
    let base = base(&root());
    for (field, value) in [
        ("email", "\"><script>alert(1)</script>@evil.example"),
        ("email", "javascript:alert(1)//@evil.example"),
        ("email", "a@b.example?body=<script>"),
        ("phone", "javascript:alert(1)"),
        ("phone", "0800<script>1</script>"),
        ("phone", "+49\u{202e}800 123"),
    ] {
        let mut feed = base.clone();
        feed["contacts"][0][field] = json!(value);
        let problems = parse_feed(&feed.to_string()).expect_err(value).0;
        let path = format!("$.contacts[0].{field}");
        assert!(problems.iter().any(|p| p.path == path), "{value:?}: {problems:#?}");
    }
}

#[test]
fn texts_with_payloads_are_valid_text() {
    let corpus = Corpus::load(&root());
    let (feed, placed) = hostile_texts(&base(&root()), &corpus.payloads);
    let slots = text_slots(&base(&root())).len();
    assert!(slots >= 60, "only {slots} text fields in the example");
    for payload in &corpus.payloads {
        assert!(placed.iter().any(|(_, text)| text == payload), "{payload:?} not placed");
    }
    let parsed = parse_feed(&feed.to_string()).unwrap_or_else(|p| panic!("a feed with payload texts is refused:\n{p}"));
    // And the texts are kept exactly.
    let round = serde_json::to_value(&parsed).unwrap();
    for (slot, text) in &placed {
        let mut copy = round.clone();
        assert_eq!(at_mut(&mut copy, &slot.path).as_str(), Some(text.as_str()), "{}", slot.path);
    }
}

#[test]
fn texts_exactly_at_their_limit_are_valid_and_one_more_is_reported() {
    let base = generator::with_all_fields(base(&root()));
    let vector = "<img src=x onerror=alert(1)>\u{202e}\u{200b}";
    let slots = text_slots(&base);
    // Within the limits: every field at once.
    let mut feed = base.clone();
    for slot in &slots {
        *at_mut(&mut feed, &slot.path) = json!(at_limit(vector, slot.limit));
    }
    let json = feed.to_string();
    assert!(json.len() > 100_000, "{} bytes", json.len());
    parse_feed(&json).unwrap_or_else(|p| panic!("texts at their limits refused:\n{p}"));
    // Beyond: one character too many, reported at that path alone.
    for slot in &slots {
        let mut feed = base.clone();
        *at_mut(&mut feed, &slot.path) = json!(at_limit(vector, slot.limit + 1));
        let problems = parse_feed(&feed.to_string()).expect_err(&slot.path).0;
        // A translated text's problem is named at the translation or at the text.
        let owner = slot.path.rsplit_once('.').map(|(o, _)| o).unwrap_or(&slot.path);
        assert!(problems.iter().all(|p| p.path == slot.path || p.path == owner), "{}: {:#?}", slot.path, problems);
        assert!(!problems.is_empty());
    }
}

#[test]
fn a_feed_beyond_the_size_limit_is_refused_before_parsing() {
    let mut feed = base(&root());
    feed["advice"] = json!(vec![at_limit("<script>alert(1)</script>", 2_000); 50]);
    let mut json = feed.to_string();
    json.push_str(&" ".repeat(incident_feed::validate::MAX_FEED_BYTES + 1 - json.len()));
    let problems = parse_feed(&json).expect_err("5 MB accepted").0;
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::TooLarge);
}

#[test]
fn the_public_corpus_is_what_source_md_says() {
    let corpus = public_corpus(&root());
    assert_eq!(corpus.len(), 6_590);
    assert!(source_says("`xss-corpus.txt` | the whole public list: 6,590 XSS vectors"));
    let unique: std::collections::HashSet<&String> = corpus.iter().collect();
    assert_eq!(unique.len(), corpus.len(), "duplicate lines");
    assert!(corpus.iter().all(|p| !p.trim().is_empty()), "a blank line");
    // The sample is taken from it (with trailing whitespace removed).
    let sample = std::fs::read_to_string(root().join("tests/fixtures/hostile/xss-payloads.txt")).unwrap();
    for line in sample.lines() {
        assert!(corpus.iter().any(|p| p.trim_end() == line), "{line:?} is not in the corpus");
    }
}

#[test]
fn an_over_limit_text_shows_its_first_characters_and_an_ellipsis() {
    assert_eq!(shown("<b>x</b>", 8), "<b>x</b>");
    assert_eq!(shown("<b>x</b>", 7), "<b>x</\u{2026}");
    // Characters are Unicode scalar values, not bytes or UTF-16 units.
    assert_eq!(shown("ä😀\u{202e}z", 3), "ä😀\u{2026}");
    assert_eq!(shown(&"<".repeat(301), 300).chars().count(), 300);
}

#[test]
fn corpus_cards_carry_every_payload_in_every_kind_and_are_valid_while_within_limits() {
    let corpus = public_corpus(&root());
    let n = corpus.len();
    for kind in 0..FieldKind::ALL.len() {
        let mut seen = vec![false; n];
        for card in 0..n {
            seen[corpus_index(card, kind, n)] = true;
        }
        assert!(seen.iter().all(|s| *s), "kind {kind} misses a payload");
    }
    let base = base(&root());
    // The longest payloads that fit, and the longest one cut to each limit.
    let longest = corpus.iter().max_by_key(|p| p.chars().count()).unwrap();
    let texts: Vec<String> = FieldKind::ALL.iter().map(|k| placed(longest, k.limit(), false)).collect();
    let card = corpus_card(&base, &texts, "2026-11-10T16:30:00+01:00");
    let feed = parse_feed(&card.to_string()).unwrap_or_else(|p| panic!("{p}"));
    let round = serde_json::to_value(&feed).unwrap();
    for (kind, text) in FieldKind::ALL.iter().zip(&texts) {
        let mut copy = round.clone();
        assert_eq!(at_mut(&mut copy, kind.path()).as_str(), Some(text.as_str()), "{kind:?}");
    }
    // Whole, an over-limit payload is refused at its path: why the browser
    // test places it cut until the widget cuts such texts itself.
    for kind in FieldKind::ALL {
        let over = corpus.iter().find(|p| p.chars().count() > kind.limit());
        let Some(over) = over else { continue };
        let mut texts = texts.clone();
        texts[FieldKind::ALL.iter().position(|k| *k == kind).unwrap()] = placed(over, kind.limit(), true);
        let problems = parse_feed(&corpus_card(&base, &texts, "2026-11-10T16:30:00+01:00").to_string()).expect_err(kind.path()).0;
        assert!(problems.iter().all(|p| p.path == kind.path()) && !problems.is_empty(), "{kind:?}: {problems:#?}");
    }
}
