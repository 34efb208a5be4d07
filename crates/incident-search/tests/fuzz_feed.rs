//! Fuzzing with proptest: whatever bytes arrive as a feed, whatever a reader
//! types into the search field, whatever a feed puts in a link, a phone
//! number or a timestamp, the core never panics.
//!
//! Inputs: arbitrary strings, JSON-ish token soup, and the example feeds
//! mutated by byte flips, truncations, insertions and by replacing a random
//! field with a random JSON value. Every input goes through `parse_feed`;
//! every feed that has the right shape (validated or not) goes through
//! `check_feed` and `SearchIndex::new(..).search(..)` with random queries,
//! languages and limits; every string field through `phone::to_e164`,
//! `links::safe_href`, `links::mailto` and `datetime::parse_rfc3339`.
//!
//! The number of cases per property is `FUZZ_CASES` (default 256, which keeps
//! `cargo xtask test` fast). A longer run, e.g. before a release:
//!
//! ```sh
//! FUZZ_CASES=100000 cargo test -p incident-search --test fuzz_feed --release
//! ```
//!
//! A failure prints the minimal input proptest shrank it to; add it to a
//! plain `#[test]` so it stays covered.

use incident_feed::datetime::parse_rfc3339;
use incident_feed::links::{mailto, safe_href};
use incident_feed::phone::{dial_target, tel_uri, to_e164, PhoneProblem};
use incident_feed::validate::check_feed;
use incident_feed::{parse_feed, Feed};
use incident_search::SearchIndex;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).filter(|&n| n > 0).unwrap_or(256)
}

fn config() -> Config {
    Config { cases: cases(), max_shrink_iters: 2_000, failure_persistence: None, ..Config::default() }
}

const EXAMPLES: [&str; 4] = ["cyberangriff.json", "resolved.json", "maintenance.json", "all-clear.json"];

fn example(i: usize) -> String {
    let path = format!("{}/../../examples/feeds/{}", env!("CARGO_MANIFEST_DIR"), EXAMPLES[i % EXAMPLES.len()]);
    std::fs::read_to_string(path).unwrap()
}

/// Odd characters that have broken text handling elsewhere: combining marks,
/// zero-width and bidi controls, surrogate-range neighbours, emoji
/// sequences, RTL scripts, case-changing letters, NUL.
fn odd_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Passwort".to_owned()),
        Just("ß".to_owned()),
        Just("İ".to_owned()),
        Just("a\u{0308}".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{ffff}".to_owned()),
        Just("👩‍👩‍👧".to_owned()),
        Just("שלום".to_owned()),
        Just("+49 (0)".to_owned()),
        Just("0800".to_owned()),
        Just("https://".to_owned()),
        Just("javascript:".to_owned()),
        Just("@".to_owned()),
        Just("2026-11-10T16:30:00".to_owned()),
        Just("+01:00".to_owned()),
        Just("Z".to_owned()),
        Just(" ".to_owned()),
        Just("\n\n".to_owned()),
        any::<char>().prop_map(String::from),
        "\\PC{0,16}",
        "[0-9+()/ .:TZ-]{0,24}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// Any JSON value, nested a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        odd_text().prop_map(Value::String),
        Just(Value::from("2026-11-10T16:30:00+01:00")),
        Just(Value::from("https://example.com/")),
        Just(Value::from("de")),
        Just(Value::from("operational")),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop_oneof![Just("de".to_owned()), Just("en".to_owned()), Just("id".to_owned()), "[a-z_]{1,10}"], inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Token soup that looks like JSON, with the feed's own keys and values.
fn jsonish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just("\"".to_owned()),
        Just("\\u00".to_owned()),
        Just("\\ud800".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("1e999".to_owned()),
        Just("-0".to_owned()),
        Just("\"version\":1".to_owned()),
        Just("\"version\":".to_owned()),
        Just("\"status\":".to_owned()),
        Just("\"level\":\"major_outage\"".to_owned()),
        Just("\"headline\":".to_owned()),
        Just("\"organisation\":{\"name\":\"x\"}".to_owned()),
        Just("\"updated_at\":\"2026-11-10T16:30:00+01:00\"".to_owned()),
        Just("\"default_language\":\"de\"".to_owned()),
        Just("\"faq\":[".to_owned()),
        Just("\"incidents\":[".to_owned()),
        Just("\"updates\":[".to_owned()),
        Just("\"contacts\":[{\"id\":\"a\",\"label\":\"b\",\"phone\":".to_owned()),
        "\"\\PC{0,12}\"",
        "[0-9.eE+-]{1,8}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(token, 0..80).prop_map(|v| v.concat())
}

/// Replaces the node a path leads to: at each level the path picks the
/// n-th child (modulo the number of children); where it runs out, or hits a
/// leaf, that node is replaced.
fn replace_at(node: &mut Value, path: &[usize], with: Value) {
    let Some((&pick, rest)) = path.split_first() else {
        *node = with;
        return;
    };
    let child = match node {
        Value::Object(map) if !map.is_empty() => {
            let n = map.len();
            map.values_mut().nth(pick % n)
        }
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            items.get_mut(pick % n)
        }
        _ => None,
    };
    match child {
        Some(child) => replace_at(child, rest, with),
        None => *node = with,
    }
}

/// Everything the widget does with a feed once it has one.
fn exercise(feed: &Feed, queries: &[String], limit: usize) {
    let _ = check_feed(feed);
    let index = SearchIndex::new(feed);
    for q in queries {
        for lang in ["de", "en", "fr", &feed.default_language] {
            let hits = index.search(q, lang, limit);
            assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
            for hit in &hits {
                assert!(hit.index < feed.faq.len());
            }
        }
    }
    for contact in &feed.contacts {
        for s in [&contact.phone, &contact.email, &contact.url].into_iter().flatten() {
            strings(s);
        }
    }
    for channel in &feed.channels {
        strings(&channel.url);
    }
}

/// The string functions: no panic, and their promises hold.
fn strings(s: &str) {
    if let Some(e164) = to_e164(s) {
        assert!(e164.starts_with('+') && e164[1..].bytes().all(|b| b.is_ascii_digit()), "{s:?} -> {e164:?}");
        // A number is linked as itself, unless it is two numbers side by side.
        match dial_target(s) {
            Ok(target) => assert_eq!(target, e164, "{s:?}"),
            Err(problem) => assert_eq!(problem, PhoneProblem::TwoNumbers, "{s:?}"),
        }
    }
    if let Some(uri) = tel_uri(s) {
        assert!(safe_href(&uri).is_ok(), "tel uri {uri:?} is not a safe href");
        assert!(uri[4..].trim_start_matches('+').bytes().all(|b| b.is_ascii_digit()), "{s:?} -> {uri:?}");
    }
    if let Ok(href) = safe_href(s) {
        assert_eq!(href, s);
        let lower = s.to_ascii_lowercase();
        assert!(["http:", "https:", "mailto:", "tel:"].iter().any(|p| lower.starts_with(p)), "safe_href let {s:?} through");
        assert!(!s.chars().any(|c| c.is_whitespace() || c.is_control()), "{s:?}");
    }
    if let Some(uri) = mailto(s) {
        assert!(uri.starts_with("mailto:"), "{uri:?}");
    }
    let _ = parse_rfc3339(s);
}

/// Parse, and if the text has the right shape, exercise the result, both as
/// validated and as merely deserialised (check_feed and search must cope
/// with feeds the validator would refuse: that is what check_feed is for).
fn run(json: &str, queries: &[String], limit: usize) {
    if let Ok(feed) = parse_feed(json) {
        assert!(check_feed(&feed).is_empty(), "parse_feed accepted a feed check_feed refuses");
        exercise(&feed, queries, limit);
    }
    if let Ok(feed) = serde_json::from_str::<Feed>(json) {
        exercise(&feed, queries, limit);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_is_refused_without_panic(text in "\\PC{0,400}") {
        run(&text, &[], 5);
        strings(&text);
    }

    #[test]
    fn jsonish_token_soup(text in jsonish(), query in odd_text()) {
        run(&text, &[query], 10);
    }

    #[test]
    fn byte_flips_in_valid_feeds(
        which in 0usize..4,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        query in odd_text(),
    ) {
        let mut bytes = example(which).into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let text = String::from_utf8_lossy(&bytes);
        run(&text, &[query], 5);
    }

    #[test]
    fn truncations_and_insertions(which in 0usize..4, cut in any::<prop::sample::Index>(), insert in "\\PC{0,8}", tail in any::<bool>()) {
        let text = example(which);
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = if tail { text[..at].to_owned() } else { format!("{}{insert}{}", &text[..at], &text[at..]) };
        run(&mutated, &[insert], 3);
    }

    #[test]
    fn fields_replaced_by_random_json(
        which in 0usize..4,
        edits in prop::collection::vec((prop::collection::vec(any::<usize>(), 0..6), json_value()), 1..4),
        queries in prop::collection::vec(odd_text(), 1..4),
        limit in 0usize..30,
    ) {
        let mut value: Value = serde_json::from_str(&example(which)).unwrap();
        for (path, with) in edits {
            replace_at(&mut value, &path, with);
        }
        run(&value.to_string(), &queries, limit);
    }

    #[test]
    fn valid_feed_with_random_texts_searches(
        texts in prop::collection::vec(odd_text(), 1..12),
        queries in prop::collection::vec(odd_text(), 1..6),
        limit in 0usize..50,
    ) {
        // Keep the shape valid, put odd text in the questions, answers and
        // keywords, so the search index is built from it.
        let mut value: Value = serde_json::from_str(&example(0)).unwrap();
        let faq = value["faq"].as_array_mut().unwrap();
        for (i, t) in texts.iter().enumerate() {
            let n = faq.len();
            let entry = &mut faq[i % n];
            match i % 3 {
                0 => entry["question"] = Value::from(t.clone()),
                1 => entry["answer"] = serde_json::json!({ "de": t, "en": t }),
                _ => entry["keywords"] = serde_json::json!([t]),
            }
        }
        run(&value.to_string(), &queries, limit);
    }

    #[test]
    fn links_phones_and_dates(s in odd_text()) {
        strings(&s);
        strings(&format!("https://{s}"));
        strings(&format!("tel:{s}"));
        strings(&format!("mailto:{s}"));
        strings(&format!("2026-11-10T{s}"));
    }
}

/// Found by `valid_feed_with_random_texts_searches` at `FUZZ_CASES=20000`
/// (shrunk input below): `normalise::fold_into` (incident-search) caps a
/// word at 40 *input* characters, but `ß` folds to `ss`, so a 40-character word with a
/// `ß` becomes a 41-character term and building the index panics at
/// `by_len[chars.len()]` (index.rs) with "index out of bounds: the len is 41
/// but the index is 41". A feed author (or attacker) could take down the
/// widget's FAQ with one word; `fold_into` now caps the characters it writes.
#[test]
fn regression_forty_character_word_with_sharp_s() {
    let mut value: Value = serde_json::from_str(&example(0)).unwrap();
    value["faq"][0]["question"] = Value::from("PasswortßPasswortPasswortPasswortשלום0800");
    let feed = parse_feed(&value.to_string()).expect("a valid feed");
    let index = SearchIndex::new(&feed);
    for lang in ["de", "en"] {
        let _ = index.search("passwort", lang, 5);
    }
}
