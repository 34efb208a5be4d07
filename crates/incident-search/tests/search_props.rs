//! Property tests: arbitrary queries never panic, stay within their limit,
//! and every highlight is a sorted, non-overlapping range on char boundaries
//! of the text shown.

use incident_feed::Feed;
use incident_search::SearchIndex;
use proptest::prelude::*;

fn feed() -> Feed {
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
    incident_feed::parse_feed(&json).unwrap()
}

/// Odd text: combining marks, zero-width and bidi controls, emoji, RTL
/// scripts, umlauts, hyphens, mixed with plain words from the feed.
fn odd_query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Passwort".to_string()),
        Just("Heizkostenabrechnung".to_string()),
        Just("ä".to_string()),
        Just("ß".to_string()),
        Just("a\u{0308}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{202E}".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("שלום".to_string()),
        Just("مرحبا".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("İ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(index: &SearchIndex, feed: &Feed, query: &str, lang: &str, limit: usize) {
    let hits = index.search(query, lang, limit);
    assert!(hits.len() <= limit);
    for h in &hits {
        assert!(h.score.is_finite() && h.score > 0.0);
        let e = &feed.faq[h.index];
        assert_eq!(e.id, h.id);
        for (text, ranges) in [(e.question.get(lang, &feed.default_language), &h.question), (e.answer.get(lang, &feed.default_language), &h.answer)] {
            for w in ranges.windows(2) {
                assert!(w[0].end <= w[1].start);
            }
            for r in ranges {
                assert!(r.start < r.end && r.end <= text.len());
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn odd_unicode_never_panics(query in odd_query(), limit in 0usize..20, en in any::<bool>()) {
        let feed = feed();
        let index = SearchIndex::new(&feed);
        check(&index, &feed, &query, if en { "en" } else { "de" }, limit);
    }

    #[test]
    fn arbitrary_strings_never_panic(query in any::<String>(), limit in 0usize..20) {
        let feed = feed();
        let index = SearchIndex::new(&feed);
        check(&index, &feed, &query, "de", limit);
    }
}

#[test]
fn long_queries_return_fast() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    let queries = [
        "Passwort ".repeat(200),
        "ä\u{0308}".repeat(1_000),
        "👩‍👩‍👧\u{200B}".repeat(500),
        "abcdefghijklmnopqrstuvwxyz".repeat(40),
        (0..1_000).map(|i| char::from_u32(0x05D0 + i % 27).unwrap()).collect(),
    ];
    for q in &queries {
        let start = std::time::Instant::now();
        check(&index, &feed, q, "de", 10);
        // Generous for debug builds on a loaded machine; the point is that
        // work is capped, not the exact figure.
        assert!(start.elapsed() < std::time::Duration::from_millis(500), "{} chars took {:?}", q.chars().count(), start.elapsed());
    }
}
