//! Verification is the driver's step (WebCrypto in the browser): the client
//! asks, waits, and decides on the answer. These cases have no counterpart
//! in a synchronous verifier: a stored copy still being verified while a
//! fresh feed arrives, late and unknown answers, and no verifier at all.

use ed25519_dalek::Signer;

use super::signed::{key, perform_verification, sign, signed_client};
use super::*;

/// The last good copy a signed client stores after showing `text`.
fn stored_copy(text: &str) -> String {
    let mut c = signed_client();
    c.start_poll(0).unwrap();
    c.on_feed_response(10, body(text.to_owned()));
    let asked = c.on_signature(20, Some(&sign(text)));
    let Some(StorageWrite::Put { value, .. }) = perform_verification(&mut c, 20, asked).store else { panic!("stored") };
    value
}

/// Polls once with a signed body and returns the verification asked for.
fn poll_signed(c: &mut FeedClient, now: u64, text: &str) -> VerifyRequest {
    c.start_poll(now).expect("no request in flight");
    let fetch = c.on_feed_response(now + 10, body(text.to_owned()));
    assert!(fetch.fetch_signature.is_some());
    let asked = c.on_signature(now + 20, Some(&sign(text)));
    asked.verify.expect("a readable signature is verified by the driver")
}

fn has_update(c: &FeedClient, id: &str) -> bool {
    c.shown().is_some_and(|f| f.incidents[0].updates.iter().any(|u| u.id == id))
}

#[test]
fn the_request_carries_the_exact_bytes_the_key_and_the_signature() {
    let text = format!("\u{feff}{}", example("cyberangriff.json"));
    let mut c = signed_client();
    let request = poll_signed(&mut c, 0, &text);
    assert_eq!(request.message, text, "the bytes as served, byte order mark and all");
    assert_eq!(request.public_key, key().verifying_key().to_bytes());
    assert_eq!(crate::signing::base64::encode(&request.signature), sign(&text));
    assert_eq!(c.next_delay_ms(30), None, "still in flight while the driver verifies");
    assert_eq!(c.start_poll(30), None, "one poll at a time, verification included");
    let e = c.on_verified(40, request.id, VerifyOutcome::Valid);
    assert!(e.show.is_some());
    assert_eq!(e.events, vec![ClientEvent::Loaded { first: true, url: URL.into() }]);
}

#[test]
fn a_fresh_feed_verified_while_the_stored_copy_is_pending_wins_over_the_late_copy() {
    let value = stored_copy(&feed_at("2026-11-12T09:00:00+01:00", None));
    let mut c = signed_client();
    let restoring = c.restore(Some(&value));
    assert_eq!((restoring.show.clone(), restoring.store.clone()), (None, None), "nothing before the copy verifies");
    let copy_request = restoring.verify.expect("the copy is verified first");

    // The first poll goes out at once; nothing is shown yet, so it is unconditional.
    let newer = feed_at("2026-11-12T10:00:00+01:00", Some(("u-fresh", "Frische Meldung")));
    let fresh_request = poll_signed(&mut c, 5, &newer);
    assert_ne!(fresh_request.id, copy_request.id);
    let e = c.on_verified(40, fresh_request.id, VerifyOutcome::Valid);
    assert_eq!(e.events, vec![ClientEvent::Loaded { first: true, url: URL.into() }]);
    assert!(matches!(e.store, Some(StorageWrite::Put { .. })));

    // The copy's answer comes last: it must neither replace nor remove the fresh feed.
    assert_eq!(c.on_verified(50, copy_request.id, VerifyOutcome::Valid), Effects::default());
    assert!(has_update(&c, "u-fresh"));

    let mut c = signed_client();
    let copy_request = c.restore(Some(&value)).verify.unwrap();
    let fresh_request = poll_signed(&mut c, 5, &newer);
    c.on_verified(40, fresh_request.id, VerifyOutcome::Valid);
    assert_eq!(c.on_verified(50, copy_request.id, VerifyOutcome::Invalid), Effects::default(), "the fresh copy in storage stays");
}

#[test]
fn the_copy_verified_first_is_shown_and_a_failed_poll_meanwhile_turns_into_a_calm_notice() {
    let value = stored_copy(&example("cyberangriff.json"));
    let mut c = signed_client();
    let copy_request = c.restore(Some(&value)).verify.unwrap();
    c.start_poll(5).unwrap();
    let failed_poll = c.on_feed_response(60, failed(FetchFailure::Unreachable(Some(503))));
    assert_eq!(failed_poll.notice, Some(Some(Notice::Unreachable)), "nothing shown yet");
    let e = c.on_verified(70, copy_request.id, VerifyOutcome::Valid);
    assert!(e.show.is_some());
    assert_eq!(e.notice, Some(Some(Notice::Stale)), "the copy is on screen now: it may be outdated");
    assert_eq!(e.events, Vec::new());

    // The next poll is conditional on the copy, and a newer feed replaces it.
    let request = c.start_poll(c.next_delay_ms(70).unwrap() + 70).unwrap();
    assert_eq!(request.headers, vec![("If-None-Match", "\"v1\"".to_owned())]);
}

#[test]
fn a_stored_copy_that_does_not_verify_is_removed() {
    let value = stored_copy(&example("cyberangriff.json"));
    let mut c = signed_client();
    let copy_request = c.restore(Some(&value)).verify.unwrap();
    let e = c.on_verified(10, copy_request.id, VerifyOutcome::Invalid);
    assert_eq!(e, Effects { store: Some(StorageWrite::Remove { key: c.storage_key() }), ..Effects::default() });
    assert_eq!(c.shown(), None);
}

#[test]
fn without_a_verifier_a_signed_feed_is_refused_and_the_event_says_why() {
    let mut c = signed_client();
    let request = poll_signed(&mut c, 0, &example("cyberangriff.json"));
    let e = c.on_verified(30, request.id, VerifyOutcome::Unavailable);
    assert_eq!(e.show, None, "never shown as if verified");
    assert_eq!(e.store, None);
    assert_eq!(e.notice, Some(Some(Notice::NotVerified)));
    assert_eq!(error_codes(&e), vec!["verifier-unavailable"]);
    assert!(event::ERROR_CODES.contains(&"verifier-unavailable"));
    let interval = c.poller.interval_ms();
    assert!(c.next_delay_ms(30).unwrap() >= interval * 8 / 10, "the origin is not to blame: no backoff");

    // A stored copy cannot be verified here either: not shown, but kept for
    // a browser that can.
    let value = stored_copy(&example("cyberangriff.json"));
    let mut c = signed_client();
    let copy_request = c.restore(Some(&value)).verify.unwrap();
    assert_eq!(c.on_verified(10, copy_request.id, VerifyOutcome::Unavailable), Effects::default());
    assert_eq!(c.shown(), None);
}

#[test]
fn answers_nobody_waits_for_change_nothing() {
    let mut c = signed_client();
    let request = poll_signed(&mut c, 0, &example("cyberangriff.json"));
    assert_eq!(c.on_verified(30, request.id + 100, VerifyOutcome::Valid), Effects::default(), "an unknown id");
    assert!(c.on_verified(31, request.id, VerifyOutcome::Valid).show.is_some());
    assert_eq!(c.on_verified(32, request.id, VerifyOutcome::Valid), Effects::default(), "the same answer twice");

    let mut c = signed_client();
    let request = poll_signed(&mut c, 0, &example("cyberangriff.json"));
    c.abandon(); // the element went
    assert_eq!(c.on_verified(30, request.id, VerifyOutcome::Valid), Effects::default());
    assert_eq!(c.shown(), None);
}

#[test]
fn the_strict_rules_refuse_before_the_driver_is_asked() {
    let text = example("cyberangriff.json");
    let signature = key().sign(text.as_bytes()).to_bytes();
    let malleable = crate::signing::base64::encode(&crate::signing::speccheck::with_s_plus_l(&signature));
    let mut c = signed_client();
    c.start_poll(0).unwrap();
    c.on_feed_response(10, body(text.clone()));
    let e = c.on_signature(20, Some(&malleable));
    assert_eq!(e.verify, None);
    assert_eq!(error_codes(&e), vec!["not-verified"]);

    // A small-order key (the identity) in the embed code: nothing can be trusted with it.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let config = ClientConfig { public_key: Some(crate::signing::base64::encode(&identity)), ..ClientConfig::new(URL) };
    let mut c = FeedClient::new(config, None, 0, 0.5);
    c.start_poll(0).unwrap();
    c.on_feed_response(10, body(text));
    let e = c.on_signature(20, Some(&crate::signing::base64::encode(&signature)));
    assert_eq!((e.verify.as_ref(), error_codes(&e)), (None, vec!["not-verified"]));
}

#[test]
fn without_a_key_nothing_is_ever_verified() {
    let mut c = client();
    let e = poll(&mut c, 0, body(example("cyberangriff.json")));
    assert_eq!((e.fetch_signature.as_deref(), e.verify.as_ref()), (None, None));
    let Some(StorageWrite::Put { value, .. }) = e.store else { panic!() };
    let restored = client().restore(Some(&value));
    assert!(restored.show.is_some() && restored.verify.is_none());
}
