//! The client's rules, one or more tests per case of the browser fault suite
//! (`e2e/tests/faults.rs`): the same decisions, without a browser.

use super::*;
use crate::resilience::fetch_rules::{check_final_url, check_size, classify};
use crate::resilience::RetryAfter;

/// Verification as the driver's step: pending answers, late answers, no verifier.
#[cfg(feature = "signing")]
mod verification;

/// Mirrors: failover within one poll, no rollback, origins and keys.
mod mirrors;

const URL: &str = "https://status.example.com/feed.json";

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The example feed with another `updated_at`, optionally with one more update.
fn feed_at(updated_at: &str, extra_update: Option<(&str, &str)>) -> String {
    let mut feed: serde_json::Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    feed["updated_at"] = updated_at.into();
    if let Some((id, title)) = extra_update {
        feed["incidents"][0]["updates"].as_array_mut().unwrap().push(serde_json::json!({
            "id": id, "at": updated_at, "status": "monitoring",
            "title": { "de": title, "en": title }, "body": { "de": "Neuer Text.", "en": "New text." }
        }));
    }
    feed.to_string()
}

fn client() -> FeedClient {
    FeedClient::new(ClientConfig::new(URL), None, 0, 0.25)
}

fn body(text: String) -> FeedResponse {
    FeedResponse::Body { text, etag: Some("\"v1\"".into()), last_modified: None }
}

fn failed(failure: FetchFailure) -> FeedResponse {
    FeedResponse::Failed { failure, retry_after: None }
}

/// Polls once at `now` and answers with `response`.
fn poll(c: &mut FeedClient, now: u64, response: FeedResponse) -> Effects {
    c.start_poll(now).expect("no request in flight");
    c.on_feed_response(now + 50, response)
}

fn error_codes(e: &Effects) -> Vec<&'static str> {
    e.events
        .iter()
        .filter_map(|ev| match ev {
            ClientEvent::Error(d) => Some(d.code),
            _ => None,
        })
        .collect()
}

/// A client that has shown the example feed once.
fn loaded() -> FeedClient {
    let mut c = client();
    let e = poll(&mut c, 10, body(example("cyberangriff.json")));
    assert!(e.show.is_some());
    c
}

/// The fault suite's fallback cases: with nothing shown, the failure's own
/// notice and code, no feed, and recovery on the next good answer.
fn fallback_case(failure: FetchFailure, code: &str, notice: Notice) {
    let mut c = client();
    let e = poll(&mut c, 10, failed(failure));
    assert_eq!(e.show, None);
    assert_eq!(e.notice, Some(Some(notice)), "{code}");
    assert_eq!(error_codes(&e), vec![code]);
    let ClientEvent::Error(detail) = &e.events[0] else { panic!() };
    assert_eq!(detail.url, URL);
    assert!(!detail.showing_last_good_copy);
    assert_eq!(c.shown(), None);
    // refresh() with the origin healthy again:
    let e = poll(&mut c, 20_000, body(example("cyberangriff.json")));
    assert!(e.show.is_some());
    assert_eq!(e.notice, Some(None));
    assert_eq!(e.events, vec![ClientEvent::Loaded { first: true, url: URL.into() }]);
}

fn body_case(text: &str, code: &str, notice: Notice) {
    let mut c = client();
    let e = poll(&mut c, 10, body(text.to_owned()));
    assert_eq!(error_codes(&e), vec![code], "{text:.60}");
    assert_eq!(e.notice, Some(Some(notice)));
    assert_eq!(e.store, None, "a broken body is never stored");
}

#[test]
fn not_found_404() {
    fallback_case(FetchFailure::Unreachable(Some(404)), "http-error", Notice::Unreachable);
}

#[test]
fn server_error_500() {
    fallback_case(FetchFailure::Unreachable(Some(500)), "http-error", Notice::Unreachable);
}

#[test]
fn too_many_requests_429_honours_retry_after() {
    fallback_case(FetchFailure::Unreachable(Some(429)), "http-error", Notice::Unreachable);
    let mut c = client();
    c.start_poll(0).unwrap();
    c.on_feed_response(0, FeedResponse::Failed { failure: FetchFailure::Unreachable(Some(429)), retry_after: RetryAfter::parse("60") });
    assert!(c.next_delay_ms(0).unwrap() >= 60_000);
}

#[test]
fn truncated_json() {
    body_case(&example("cyberangriff.json")[..2000], "broken-json", Notice::Broken);
}

#[test]
fn trailing_garbage() {
    body_case(&format!("{}\n<<garbage>>", example("cyberangriff.json")), "broken-json", Notice::Broken);
}

#[test]
fn html_error_page_served_with_200() {
    let failure = classify(200, Some("text/html"), b"<!doctype html><h1>502 Bad Gateway</h1>").unwrap_err();
    fallback_case(failure, "not-json", Notice::Broken);
}

#[test]
fn body_of_ten_megabytes() {
    fallback_case(check_size(10 * 1024 * 1024).unwrap_err(), "too-large", Notice::Broken);
    body_case(&format!("{{\"pad\":\"{}\"}}", "x".repeat(10 * 1024 * 1024)), "too-large", Notice::Broken);
}

#[test]
fn valid_json_of_the_wrong_schema() {
    body_case(r#"{"version": 1, "hello": "world"}"#, "broken-shape", Notice::Broken);
}

#[test]
fn duplicate_keys_refuse_the_feed() {
    // The example with its headline given twice: which one would a reader see?
    let twice = example("cyberangriff.json").replacen("\"headline\":", "\"headline\": \"Alles in Ordnung\", \"headline\":", 1);
    assert_ne!(twice, example("cyberangriff.json"));
    body_case(&twice, "broken-duplicate-key", Notice::Broken);
}

#[test]
fn unsupported_version() {
    let v2 = example("cyberangriff.json").replacen("\"version\": 1", "\"version\": 2", 1);
    body_case(&v2, "unsupported-version", Notice::Unsupported);
}

#[test]
fn redirect_to_another_origin() {
    let failure = check_final_url(URL, "https://elsewhere.example/feed.json").unwrap_err();
    fallback_case(failure, "redirected", Notice::Unreachable);
}

#[test]
fn json_with_a_byte_order_mark_is_read() {
    let mut c = client();
    let e = poll(&mut c, 10, body(format!("\u{feff}{}", example("cyberangriff.json"))));
    assert!(e.show.is_some());
    assert!(error_codes(&e).is_empty());
}

#[test]
fn slow_drip_and_never_ending_bodies_time_out_then_recover() {
    // The driver turns a body that does not end within the timeout into
    // FetchFailure::Timeout; a slow one that ends in time is just a body.
    fallback_case(FetchFailure::Timeout, "timeout", Notice::Unreachable);
    let mut c = client();
    poll(&mut c, 0, failed(FetchFailure::Timeout));
    assert!(c.next_delay_ms(50).unwrap() >= 4_950, "a timeout backs off");
}

#[test]
fn connection_refused() {
    fallback_case(FetchFailure::Unreachable(None), "network-error", Notice::Unreachable);
}

#[test]
fn last_good_copy_is_shown_at_once_with_a_calm_notice_when_the_feed_is_down() {
    let mut first = loaded();
    let Some(StorageWrite::Put { key, value }) = poll(&mut first, 400_000, body(feed_at("2026-12-01T10:00:00+01:00", None))).store else {
        panic!("a new feed is stored")
    };
    assert_eq!(key, first.storage_key());

    // Next visit: the copy is on screen before any request.
    let mut c = client();
    let restored = c.restore(Some(&value));
    assert!(restored.show.is_some());
    assert_eq!(restored.store, None);
    let request = c.start_poll(5).unwrap();
    assert_eq!(request.headers, vec![("If-None-Match", "\"v1\"".to_owned())], "conditional, from the copy");
    let e = c.on_feed_response(60, FeedResponse::Failed { failure: FetchFailure::Unreachable(Some(503)), retry_after: RetryAfter::parse("120") });
    assert_eq!(e.show, None, "the copy stays");
    assert_eq!(e.notice, Some(Some(Notice::Stale)));
    let ClientEvent::Error(detail) = &e.events[0] else { panic!() };
    assert_eq!((detail.code, detail.status, detail.showing_last_good_copy), ("http-error", Some(503), true));
    assert!(c.next_delay_ms(60).unwrap() >= 120_000, "Retry-After is honoured");
}

#[test]
fn an_unusable_stored_copy_is_removed() {
    for stored in ["not json", r#"{"url":"https://other.example/feed.json","fetched_at_unix_ms":1,"body":"{}"}"#] {
        let mut c = client();
        let e = c.restore(Some(stored));
        assert_eq!(e.show, None);
        assert_eq!(e.store, Some(StorageWrite::Remove { key: c.storage_key() }));
    }
    assert_eq!(client().restore(None), Effects::default());
}

#[test]
fn a_feed_older_than_the_one_shown_is_not_taken() {
    let mut c = client();
    poll(&mut c, 0, body(feed_at("2026-11-12T09:00:00+01:00", Some(("u-new", "Neuere Meldung")))));
    let e = poll(&mut c, 400_000, body(feed_at("2026-11-12T08:00:00+01:00", None)));
    assert_eq!(e.show, None);
    assert_eq!(e.notice, None, "an older feed changes nothing for the reader");
    assert_eq!(error_codes(&e), vec!["stale"]);
    assert!(c.shown().unwrap().incidents[0].updates.iter().any(|u| u.id == "u-new"));
    let interval = c.poller.interval_ms();
    assert!(c.next_delay_ms(400_050).unwrap() >= interval * 8 / 10, "content failures keep the normal interval, no backoff");
}

#[test]
fn not_modified_after_ok_changes_nothing() {
    let mut c = loaded();
    let request = c.start_poll(400_000).unwrap();
    assert_eq!(request.headers, vec![("If-None-Match", "\"v1\"".to_owned())]);
    let e = c.on_feed_response(400_050, FeedResponse::NotModified);
    assert_eq!(e, Effects { notice: Some(None), ..Effects::default() });
    // Same bytes served again with 200: unchanged, nothing re-rendered.
    let e = poll(&mut c, 800_000, body(example("cyberangriff.json")));
    assert_eq!((e.show, e.events.len(), e.store), (None, 0, None));
}

#[test]
fn new_update_is_marked_and_announced() {
    let mut c = client();
    let first = poll(&mut c, 0, body(feed_at("2026-11-12T09:00:00+01:00", None)));
    assert!(first.new_update_ids.is_empty(), "nothing is new on first sight");
    let e = poll(&mut c, 400_000, body(feed_at("2026-11-12T09:30:00+01:00", Some(("u-next", "Nächste Meldung")))));
    assert_eq!(e.new_update_ids, vec!["u-next".to_owned()]);
    assert_eq!(e.events, vec![ClientEvent::Loaded { first: false, url: URL.into() }, ClientEvent::Update { id: "u-next".into() }]);
}

#[test]
fn failing_origin_is_not_hammered() {
    let mut c = client();
    let mut now = 0;
    let mut requests = 0;
    while now < 20_000 {
        poll(&mut c, now, failed(FetchFailure::Unreachable(Some(500))));
        requests += 1;
        let wait = c.next_delay_ms(now + 50).unwrap();
        assert!(wait >= 4_950, "at least 5 s between requests, got {wait}");
        now += 50 + wait;
    }
    assert!(requests <= 4, "{requests} requests in 20 s");
}

#[test]
fn no_requests_while_the_tab_is_hidden() {
    let mut c = loaded();
    c.on_hidden();
    assert_eq!(c.next_delay_ms(1_000_000), None);
    c.on_visible(1_000_000);
    assert!(c.next_delay_ms(1_000_000).unwrap() <= 2_000, "an overdue poll comes soon");
}

#[test]
fn offline_says_so_keeps_the_copy_does_not_fetch_and_polls_again_when_back_online() {
    let mut c = loaded();
    let e = c.on_offline();
    assert_eq!(e.notice, Some(Some(Notice::Offline)), "offline says more than 'outdated'");
    assert_eq!(error_codes(&e), vec!["offline"]);
    assert_eq!(e.show, None);
    assert_eq!(c.next_delay_ms(100_000), None, "no fetch while offline");
    c.on_online(100_000);
    assert!(c.next_delay_ms(100_000).unwrap() <= 2_000);
}

#[test]
fn removing_the_element_abandons_the_request_and_ignores_a_late_answer() {
    let mut c = client();
    c.start_poll(0).unwrap();
    assert_eq!(c.next_delay_ms(0), None, "no timer while a request is in flight");
    assert_eq!(c.start_poll(1), None, "one request at a time");
    c.abandon();
    assert_eq!(c.on_feed_response(10, body(example("cyberangriff.json"))), Effects::default());
    assert_eq!(c.shown(), None);
}

#[test]
fn the_smallest_refresh_among_subscribers_sets_the_interval() {
    let mut c = loaded();
    c.set_interval_override(Some(60));
    poll(&mut c, 100_000, FeedResponse::NotModified);
    let wait = c.next_delay_ms(100_050).unwrap();
    assert!((48_000..=72_000).contains(&wait), "{wait}");
    c.set_interval_override(None);
    poll(&mut c, 200_000, FeedResponse::NotModified);
    let feeds_own = u64::from(c.shown().unwrap().refresh_seconds.unwrap_or(300)) * 1000;
    assert_eq!(c.poller.interval_ms(), feeds_own, "without an override, the feed's refresh_seconds");
    assert!(c.next_delay_ms(200_050).unwrap() >= feeds_own * 8 / 10);
}

#[test]
fn a_feed_too_large_to_keep_removes_the_older_stored_copy() {
    // Stored records are bounded (cache::MAX_CACHE_ENTRY_BYTES): what does
    // not fit must not leave an older copy to come back on the next visit.
    let mut feed: serde_json::Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    let filler: Vec<serde_json::Value> =
        (0..1500).map(|i| serde_json::json!({"id": format!("q{i}"), "question": {"de": "Frage?"}, "answer": {"de": "x".repeat(1900)}})).collect();
    feed["faq"] = filler.into();
    let text = feed.to_string();
    assert!(text.len() > crate::resilience::cache::MAX_CACHE_ENTRY_BYTES);
    let mut c = client();
    let e = poll(&mut c, 0, body(text));
    assert!(e.show.is_some());
    assert_eq!(e.store, Some(StorageWrite::Remove { key: c.storage_key() }));
}

#[test]
fn every_failure_code_is_in_the_vocabulary() {
    use crate::validate::ProblemKind;
    let all = [
        FetchFailure::Offline,
        FetchFailure::Timeout,
        FetchFailure::Unreachable(Some(500)),
        FetchFailure::Unreachable(None),
        FetchFailure::TooLarge,
        FetchFailure::NotJson,
        FetchFailure::Broken(ProblemKind::Syntax),
        FetchFailure::Broken(ProblemKind::Shape),
        FetchFailure::Broken(ProblemKind::DuplicateKey),
        FetchFailure::Broken(ProblemKind::Invalid),
        FetchFailure::UnsupportedVersion,
        FetchFailure::Stale,
        FetchFailure::NotVerified,
        FetchFailure::Redirected,
    ];
    for failure in all {
        assert!(event::ERROR_CODES.contains(&failure.code()), "{failure:?}");
        assert!(failure == FetchFailure::Stale || Notice::for_failure(failure, false).is_some());
    }
    assert_eq!(Notice::for_failure(FetchFailure::Timeout, false), Some(Notice::Unreachable));
    assert_eq!(Notice::for_failure(FetchFailure::Broken(ProblemKind::Shape), false), Some(Notice::Broken));
    assert_eq!(Notice::for_failure(FetchFailure::UnsupportedVersion, false), Some(Notice::Unsupported));
    assert_eq!(Notice::for_failure(FetchFailure::Offline, true), Some(Notice::Offline));
}

#[test]
fn statuspage_bodies_are_read_in_their_format_and_restored_from_storage() {
    // The CLI's import tests keep the full sample (crates/incident-feed-cli/tests/data/statuspage).
    let summary = r#"{"page": {"id": "p1", "name": "Beispiel AG", "url": "https://status.example.com", "updated_at": "2026-11-12T09:00:00Z"},
        "status": {"indicator": "minor", "description": "Partially Degraded Service"},
        "components": [{"id": "c1", "name": "Portal", "status": "partial_outage"}],
        "incidents": [{"id": "i1", "name": "Portal langsam", "status": "investigating", "impact": "minor",
            "created_at": "2026-11-12T08:00:00Z", "updated_at": "2026-11-12T09:00:00Z",
            "incident_updates": [{"id": "u1", "status": "investigating", "body": "Wir prüfen das.", "created_at": "2026-11-12T08:00:00Z"}]}]}"#
        .to_owned();
    let config = ClientConfig { format: FeedFormat::Statuspage, ..ClientConfig::new(URL) };
    let mut c = FeedClient::new(config.clone(), None, 0, 0.5);
    let e = poll(&mut c, 0, body(summary));
    let Some(StorageWrite::Put { value, .. }) = e.store else { panic!("stored") };
    let mut next_visit = FeedClient::new(config, None, 0, 0.5);
    assert!(next_visit.restore(Some(&value)).show.is_some());
}

#[cfg(feature = "signing")]
mod signed {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    pub(in crate::client) fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    pub(in crate::client) fn sign(body: &str) -> String {
        crate::signing::base64::encode(&key().sign(body.as_bytes()).to_bytes())
    }

    pub(in crate::client) fn signed_client() -> FeedClient {
        let public_key = crate::signing::base64::encode(key().verifying_key().as_bytes());
        FeedClient::new(ClientConfig { public_key: Some(public_key), ..ClientConfig::new(URL) }, None, 0, 0.5)
    }

    /// What the driver does with `effects`: a verification asked for is
    /// computed (natively, with dalek) and its outcome handed back.
    pub(in crate::client) fn perform_verification(c: &mut FeedClient, now: u64, effects: Effects) -> Effects {
        match effects.verify {
            Some(request) => {
                assert_eq!(Effects { verify: None, ..effects }, Effects::default(), "the client only asks, and decides on the answer");
                c.on_verified(now, request.id, crate::client::verify::verify_natively(&request))
            }
            None => effects,
        }
    }

    /// The signature arrives and is verified.
    fn signature_then_verify(c: &mut FeedClient, now: u64, signature: Option<&str>) -> Effects {
        let effects = c.on_signature(now, signature);
        perform_verification(c, now, effects)
    }

    /// The stored copy is read and, with a key, verified.
    fn restore_then_verify(c: &mut FeedClient, stored: Option<&str>) -> Effects {
        let effects = c.restore(stored);
        perform_verification(c, 0, effects)
    }

    #[test]
    fn a_signed_feed_is_shown_only_after_its_signature_verifies() {
        let text = example("cyberangriff.json");
        let mut c = signed_client();
        c.start_poll(0).unwrap();
        let e = c.on_feed_response(10, body(text.clone()));
        assert_eq!(e.fetch_signature.as_deref(), Some("https://status.example.com/feed.json.sig"));
        assert_eq!(e.show, None, "nothing before the signature");
        assert_eq!(c.next_delay_ms(10), None, "still in flight");
        let e = signature_then_verify(&mut c, 20, Some(&format!("{}\n", sign(&text))));
        assert!(e.show.is_some());
        let Some(StorageWrite::Put { value, .. }) = e.store else { panic!() };
        // The stored copy carries its signature and verifies again on load.
        let mut next_visit = signed_client();
        assert!(restore_then_verify(&mut next_visit, Some(&value)).show.is_some());
    }

    #[test]
    fn signed_feed_one_byte_changed_keeps_last_good_copy_and_says_not_verified() {
        let text = feed_at("2026-11-12T09:00:00+01:00", None);
        let mut c = signed_client();
        c.start_poll(0).unwrap();
        c.on_feed_response(10, body(text.clone()));
        assert!(signature_then_verify(&mut c, 20, Some(&sign(&text))).show.is_some());

        let newer = feed_at("2026-11-12T10:00:00+01:00", Some(("u-evil", "Alles gut")));
        let tampered = newer.replacen("Alles gut", "Alles gu7", 1);
        c.start_poll(400_000).unwrap();
        c.on_feed_response(400_010, body(tampered));
        let e = signature_then_verify(&mut c, 400_020, Some(&sign(&newer)));
        assert_eq!(e.show, None);
        assert_eq!(e.notice, Some(Some(Notice::NotVerified)), "'not verified' stays over the copy");
        assert_eq!(error_codes(&e), vec!["not-verified"]);
        assert!(!c.shown().unwrap().incidents[0].updates.iter().any(|u| u.id == "u-evil"));

        // A missing signature is just as unverified.
        c.start_poll(800_000).unwrap();
        c.on_feed_response(800_010, body(newer));
        assert_eq!(error_codes(&signature_then_verify(&mut c, 800_020, None)), vec!["not-verified"]);
    }

    #[test]
    fn an_unsigned_or_altered_stored_copy_is_not_trusted_with_a_key() {
        let mut unsigned = client();
        let Some(StorageWrite::Put { value, .. }) = poll(&mut unsigned, 0, body(example("cyberangriff.json"))).store else { panic!() };
        let mut c = signed_client();
        let e = restore_then_verify(&mut c, Some(&value));
        assert_eq!(e.show, None);
        assert_eq!(e.store, Some(StorageWrite::Remove { key: c.storage_key() }));
    }
}
