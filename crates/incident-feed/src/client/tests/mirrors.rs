//! Mirrors, as the fault suite's mirror cases drive them in Chromium
//! (`e2e/tests/faults.rs`): a failing place hands over to the next at once,
//! the reader hears of trouble only when every place failed, a stale or
//! tampered copy is never taken, and only a key lets other origins in.

use super::*;

const MIRROR: &str = "https://status.example.com/mirror/feed.json";
const OTHER_ORIGIN: &str = "https://backup.example.net/feed.json";

fn with_mirrors(mirrors: &[&str]) -> ClientConfig {
    ClientConfig { mirrors: mirrors.iter().map(|m| (*m).to_owned()).collect(), ..ClientConfig::new(URL) }
}

fn mirrored_client(mirrors: &[&str]) -> FeedClient {
    let mut c = FeedClient::new(with_mirrors(mirrors), None, 0, 0.25);
    assert_eq!(c.restore(None), Effects::default(), "nothing refused");
    c
}

fn down() -> FeedResponse {
    failed(FetchFailure::Unreachable(None))
}

#[test]
fn a_dead_primary_hands_over_to_the_mirror_at_once_and_the_mirror_is_polled_from_then_on() {
    let mut c = mirrored_client(&[MIRROR]);
    assert_eq!(c.start_poll(0).unwrap().url, URL);
    let e = c.on_feed_response(10, down());
    let next = e.fetch.clone().expect("the mirror is asked within the same poll");
    assert_eq!(next.url, MIRROR);
    assert_eq!(Effects { fetch: None, ..e }, Effects::default(), "no notice, no event, nothing stored while a mirror may answer");
    assert_eq!(c.next_delay_ms(10), None, "no timer: the mirror's request is in flight");

    let e = c.on_feed_response(20, body(example("cyberangriff.json")));
    assert!(e.show.is_some());
    assert_eq!(e.events[0], ClientEvent::Loaded { first: true, url: MIRROR.into() });
    let Some(StorageWrite::Put { key, value }) = e.store else { panic!("stored") };
    assert_eq!(key, c.storage_key(), "the copy is kept under the feed's own URL");
    assert!(value.contains(MIRROR), "with the place that served it");

    // The next poll asks the mirror that answered, conditionally (its ETag).
    let request = c.start_poll(c.next_delay_ms(20).unwrap() + 20).unwrap();
    assert_eq!(request.url, MIRROR);
    assert_eq!(request.headers, vec![("If-None-Match", "\"v1\"".to_owned())]);
}

#[test]
fn every_place_failing_gives_one_notice_one_event_and_a_backoff_each_place_asked_once() {
    let mut c = mirrored_client(&[MIRROR, "https://status.example.com/second.json"]);
    let mut asked = vec![c.start_poll(0).unwrap().url];
    let mut e = c.on_feed_response(10, failed(FetchFailure::Unreachable(Some(503))));
    while let Some(next) = e.fetch.take() {
        asked.push(next.url);
        e = c.on_feed_response(20, failed(FetchFailure::Timeout));
    }
    assert_eq!(asked, [URL, MIRROR, "https://status.example.com/second.json"]);
    assert_eq!(e.notice, Some(Some(Notice::Unreachable)), "the first place's failure");
    assert_eq!(error_codes(&e), vec!["http-error"]);
    let ClientEvent::Error(detail) = &e.events[0] else { panic!() };
    assert_eq!((detail.url.as_str(), detail.status), (URL, Some(503)));
    assert!(c.next_delay_ms(20).unwrap() > 0, "backs off after a whole failed round");
    // The next round starts where the last answer came from: the feed's URL.
    assert_eq!(c.start_poll(100_000).unwrap().url, URL);
}

#[test]
fn a_mirror_with_an_older_feed_is_not_taken_and_the_next_place_is_asked() {
    let mut c = mirrored_client(&[MIRROR, "https://status.example.com/second.json"]);
    poll(&mut c, 0, body(feed_at("2026-11-12T10:00:00+01:00", None)));
    let shown = c.shown().cloned();

    c.start_poll(400_000).unwrap();
    let e = c.on_feed_response(400_010, down());
    assert_eq!(e.fetch.as_ref().unwrap().url, MIRROR);
    let e = c.on_feed_response(400_020, body(feed_at("2026-11-12T09:00:00+01:00", Some(("u-old", "Alt")))));
    assert_eq!(e.show, None, "an older updated_at never replaces what is shown");
    assert_eq!(e.fetch.as_ref().map(|r| r.url.as_str()), Some("https://status.example.com/second.json"), "a stale mirror is skipped");
    let e = c.on_feed_response(400_030, body(feed_at("2026-11-12T11:00:00+01:00", Some(("u-new", "Neu")))));
    assert!(e.show.is_some());
    assert_ne!(c.shown().cloned(), shown);
    assert!(c.shown().unwrap().incidents[0].updates.iter().any(|u| u.id == "u-new"));

    // Primary down, the only other answer stale: the reader is told the
    // feed could not be had (a stale answer alone would earn no notice).
    let mut c = mirrored_client(&[MIRROR]);
    poll(&mut c, 0, body(feed_at("2026-11-12T10:00:00+01:00", None)));
    c.start_poll(400_000).unwrap();
    c.on_feed_response(400_010, down());
    let e = c.on_feed_response(400_020, body(feed_at("2026-11-12T09:00:00+01:00", None)));
    assert_eq!((e.notice, error_codes(&e)), (Some(Some(Notice::Stale)), vec!["network-error"]));
}

#[test]
fn going_offline_does_not_run_through_the_mirrors() {
    let mut c = mirrored_client(&[MIRROR]);
    c.start_poll(0).unwrap();
    let e = c.on_feed_response(10, failed(FetchFailure::Offline));
    assert_eq!(e.fetch, None, "no other server is reachable either");
    assert_eq!(error_codes(&e), vec!["offline"]);
}

#[test]
fn without_a_key_only_mirrors_on_the_feeds_origin_are_taken_unless_the_embedder_opts_in() {
    let mut c = FeedClient::new(with_mirrors(&[OTHER_ORIGIN, MIRROR, "ftp://status.example.com/feed.json"]), None, 0, 0.25);
    assert_eq!(c.places(), [URL, MIRROR]);
    let e = c.restore(None);
    assert_eq!(error_codes(&e), vec!["mirror-refused", "mirror-refused"]);
    let urls: Vec<&str> = e.events.iter().filter_map(|ev| if let ClientEvent::Error(d) = ev { Some(d.url.as_str()) } else { None }).collect();
    assert_eq!(urls, [OTHER_ORIGIN, "ftp://status.example.com/feed.json"]);

    let opted_in = ClientConfig { unsigned_mirrors: true, ..with_mirrors(&[OTHER_ORIGIN]) };
    assert_eq!(FeedClient::new(opted_in, None, 0, 0.25).places(), [URL, OTHER_ORIGIN]);
    let keyed = ClientConfig { public_key: Some("k".into()), ..with_mirrors(&[OTHER_ORIGIN]) };
    assert_eq!(FeedClient::new(keyed, None, 0, 0.25).places(), [URL, OTHER_ORIGIN]);
}

#[test]
fn the_mirrors_a_feed_names_are_ignored_without_a_key() {
    let mut feed: serde_json::Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    feed["mirrors"] = serde_json::json!([OTHER_ORIGIN]);
    let mut c = client();
    assert!(poll(&mut c, 0, body(feed.to_string())).show.is_some());
    assert_eq!(c.places(), [URL], "an unsigned feed cannot send its readers elsewhere");
}

#[test]
fn the_same_feed_from_another_place_is_kept_with_that_places_validators() {
    let mut c = mirrored_client(&[MIRROR]);
    poll(&mut c, 0, body(example("cyberangriff.json")));
    c.start_poll(400_000).unwrap();
    c.on_feed_response(400_010, down());
    let e = c.on_feed_response(400_020, FeedResponse::Body { text: example("cyberangriff.json"), etag: Some("\"m1\"".into()), last_modified: None });
    assert_eq!(e.show, None, "nothing changed for the reader");
    assert!(matches!(e.store, Some(StorageWrite::Put { .. })), "the mirror's copy and validators are kept");
    let request = c.start_poll(800_000).unwrap();
    assert_eq!((request.url.as_str(), request.headers), (MIRROR, vec![("If-None-Match", "\"m1\"".to_owned())]));
}

#[cfg(feature = "signing")]
mod signed_mirrors {
    use super::super::signed::{key, perform_verification, sign};
    use super::*;

    fn signed_with_mirrors(mirrors: &[&str]) -> FeedClient {
        let public_key = crate::signing::base64::encode(key().verifying_key().as_bytes());
        FeedClient::new(ClientConfig { public_key: Some(public_key), ..with_mirrors(mirrors) }, None, 0, 0.5)
    }

    /// One answer from the place asked: a body, its signature, verification.
    fn answer(c: &mut FeedClient, now: u64, text: &str, signature: &str) -> Effects {
        let e = c.on_feed_response(now, body(text.to_owned()));
        let sig_url = e.fetch_signature.clone().expect("a signature is asked for");
        assert_eq!(sig_url, format!("{}.sig", c.asking()), "from the same place as the feed");
        let e = c.on_signature(now, Some(signature));
        verified(c, now, e)
    }

    /// Every verification asked for, one line of the signature file after the other.
    fn verified(c: &mut FeedClient, now: u64, mut e: Effects) -> Effects {
        while e.verify.is_some() {
            e = perform_verification(c, now, e);
        }
        e
    }

    #[test]
    fn a_tampered_mirror_is_refused_and_the_next_place_is_asked() {
        let mut c = signed_with_mirrors(&[OTHER_ORIGIN, MIRROR]);
        let text = example("cyberangriff.json");
        c.start_poll(0).unwrap();
        let e = c.on_feed_response(10, down());
        assert_eq!(e.fetch.unwrap().url, OTHER_ORIGIN, "another origin is fine with a key");
        let tampered = text.replacen("Telefon-Hotlines", "Telefon-Hotlinez", 1);
        assert_ne!(tampered, text);
        let e = answer(&mut c, 20, &tampered, &sign(&text));
        assert_eq!(e.show, None, "not verified: refused");
        assert_eq!(e.fetch.as_ref().map(|r| r.url.as_str()), Some(MIRROR));
        let e = answer(&mut c, 30, &text, &sign(&text));
        assert!(e.show.is_some());
        assert_eq!(e.events[0], ClientEvent::Loaded { first: true, url: MIRROR.into() });
    }

    #[test]
    fn a_signed_feed_adds_its_own_mirrors_and_a_stored_copy_brings_them_back() {
        let mut feed: serde_json::Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
        feed["mirrors"] = serde_json::json!([OTHER_ORIGIN, URL]);
        let text = feed.to_string();
        let mut c = signed_with_mirrors(&[]);
        c.start_poll(0).unwrap();
        let e = answer(&mut c, 10, &text, &sign(&text));
        assert_eq!(c.places(), [URL, OTHER_ORIGIN], "its own URL is not asked twice");
        let Some(StorageWrite::Put { value, .. }) = e.store else { panic!("stored") };

        // Next visit, the feed's own host is gone: the stored copy knows where else to ask.
        let mut next_visit = signed_with_mirrors(&[]);
        let e = next_visit.restore(Some(&value));
        assert!(perform_verification(&mut next_visit, 0, e).show.is_some());
        next_visit.start_poll(10).unwrap();
        assert_eq!(next_visit.on_feed_response(20, down()).fetch.unwrap().url, OTHER_ORIGIN);
    }

    #[test]
    fn a_signature_file_with_the_new_and_the_previous_signature_verifies_either_feed() {
        let old = feed_at("2026-11-12T09:00:00+01:00", None);
        let new = feed_at("2026-11-12T10:00:00+01:00", Some(("u-next", "Weiter")));
        // Mid-publish: the new signature is up, the feed not yet (and the other way round).
        let file = format!("{}\n{}\n", sign(&new), sign(&old));
        let mut c = signed_with_mirrors(&[]);
        c.start_poll(0).unwrap();
        let e = answer(&mut c, 10, &old, &file);
        assert!(e.show.is_some(), "the old feed verifies by the second line");
        c.start_poll(400_000).unwrap();
        let e = answer(&mut c, 400_010, &new, &file);
        assert!(e.show.is_some(), "the new one by the first");
        let Some(StorageWrite::Put { value, .. }) = e.store else { panic!("stored") };
        let mut next_visit = signed_with_mirrors(&[]);
        let e = next_visit.restore(Some(&value));
        assert!(verified(&mut next_visit, 0, e).show.is_some(), "the stored copy verifies again with the two-line file");

        // Neither line signs it: refused, after both were tried.
        c.start_poll(800_000).unwrap();
        let e = answer(&mut c, 800_010, &feed_at("2026-11-12T11:00:00+01:00", None), &file);
        assert_eq!((e.show.is_none(), error_codes(&e)), (true, vec!["not-verified"]));
    }
}
