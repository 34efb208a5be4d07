//! Signed feeds verified by Chromium's WebCrypto: a valid signature shows
//! the feed; a signature that BoringSSL's Ed25519 would accept but the
//! strict rules refuse is refused; and without Ed25519 in WebCrypto the
//! feed is refused, never shown as verified (docs/signing.md).
//! The tampered case is `faults.rs`'s `signed_feed_one_byte_changed_…`.

use std::time::Duration;

use e2e::browser::Browser;
use e2e::server::{Response, Server};
use incident_feed::signing::base64;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(25);

/// The shadow root of the one widget on the page.
const ROOT: &str = "document.querySelector('incident-status').shadowRoot";

fn example() -> String {
    std::fs::read_to_string(e2e::root().join("examples/feeds/cyberangriff.json")).unwrap()
}

/// A page with one widget for `feed` under `public_key`, `before` run ahead of the bundle.
struct Signed {
    _host: Server,
    _bundle: Server,
    _feed: Server,
    browser: Browser,
}

impl Signed {
    async fn open(feed: String, signature: String, public_key: &str, before: &str) -> Signed {
        let host = Server::start(Some(e2e::root().join("tests/fixtures")));
        let bundle = Server::start(Some(e2e::dist()));
        let feed_server = Server::start(None);
        feed_server.handle(move |r| match r.route() {
            "/feed.json" => Some(Response::json(feed.clone())),
            "/feed.json.sig" => Some(Response::new(200, "text/plain", signature.clone())),
            _ => None,
        });
        let page = format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Signed</title><link rel="icon" href="data:,"><script src="/capture.js"></script>
<script>{before}</script><script type="module" src="{}/incident-status.js"></script></head><body>
<incident-status feed="{}/feed.json" public-key="{public_key}"></incident-status></body></html>"#,
            bundle.origin(),
            feed_server.origin()
        );
        host.handle(move |r| (r.route() == "/signed.html").then(|| Response::new(200, "text/html", page.clone())));
        let browser = Browser::start().await;
        browser.goto(&host.url("/signed.html")).await;
        Signed { _host: host, _bundle: bundle, _feed: feed_server, browser }
    }

    async fn error_code(&self) -> Value {
        self.browser.wait_for("(window.__captured.events.find(e => e.type === 'incident-status:error') || {}).detail?.code", WAIT).await
    }

    async fn notice(&self) -> String {
        let notice = self.browser.wait_for(&format!("{ROOT}.querySelector('.is-notice')?.textContent"), WAIT).await;
        notice.as_str().unwrap().to_owned()
    }

    async fn text(&self) -> String {
        self.browser.js(&format!("return {ROOT}.textContent"), vec![]).await.as_str().unwrap().to_owned()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_valid_signature_is_verified_by_webcrypto_and_the_feed_shown() {
    let key = incident_feed::signing::SecretKey::generate().unwrap();
    let feed = example();
    let signature = key.sign(feed.as_bytes());
    let page = Signed::open(feed, signature, &key.public_key().to_base64(), "").await;
    page.browser.wait_for(&format!("{ROOT}.querySelector('.is-header')"), WAIT).await;
    assert!(page.text().await.contains("Cyber-Angriff auf unsere IT-Systeme"));
    assert_eq!(page.browser.js(&format!("return !!{ROOT}.querySelector('.is-notice')"), vec![]).await, Value::Bool(false));
    let events = page.browser.js("return window.__captured.events.map(e => e.type)", vec![]).await;
    assert_eq!(events, serde_json::json!(["incident-status:loaded"]));
    assert_eq!(page.browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]));
    page.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_small_order_key_that_webcrypto_would_accept_for_any_feed_is_refused() {
    // The identity point as the key and as R, with S = 0: [0]B = R + [k]A
    // holds for every message. BoringSSL's Ed25519 does not check for small
    // order, so Chromium's WebCrypto accepts it (asserted below); the strict
    // rules must refuse it before WebCrypto is asked.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut signature = [0u8; 64];
    signature[0] = 1;
    let forged = example().replacen("Cyber-Angriff auf unsere IT-Systeme", "Alles in Ordnung, Passwort hier eingeben", 1);
    let page = Signed::open(forged, base64::encode(&signature), &base64::encode(&identity), "").await;
    assert_eq!(page.error_code().await, Value::from("not-verified"));
    assert!(page.notice().await.contains("Nicht verifiziert"));
    assert!(!page.text().await.contains("Passwort hier eingeben"), "the forged feed was shown");

    let webcrypto_alone = page
        .browser
        .js_async(
            "const [key, sig, done] = arguments; const bytes = (a) => new Uint8Array(a);
             crypto.subtle.importKey('raw', bytes(key), 'Ed25519', false, ['verify'])
               .then((k) => crypto.subtle.verify('Ed25519', k, bytes(sig), new TextEncoder().encode('any feed at all')))
               .then((ok) => done(ok ? 'accepted' : 'refused'), (e) => done('error: ' + e.name));",
            vec![serde_json::json!(identity.to_vec()), serde_json::json!(signature.to_vec())],
        )
        .await;
    println!("Chromium's WebCrypto alone on the small-order forgery: {webcrypto_alone}");
    assert!(webcrypto_alone.as_str().is_some_and(|s| !s.starts_with("error")), "WebCrypto Ed25519 answered: {webcrypto_alone}");
    page.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_ed25519_in_webcrypto_a_signed_feed_is_refused_not_shown_unverified() {
    let key = incident_feed::signing::SecretKey::generate().unwrap();
    let feed = example();
    let signature = key.sign(feed.as_bytes());
    // What a browser without Ed25519 answers to importKey("raw", …, "Ed25519", …).
    let no_ed25519 = "SubtleCrypto.prototype.importKey = function () { return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')); };";
    let page = Signed::open(feed, signature, &key.public_key().to_base64(), no_ed25519).await;
    assert_eq!(page.error_code().await, Value::from("verifier-unavailable"));
    assert!(page.notice().await.contains("Nicht verifiziert"));
    assert!(!page.text().await.contains("Cyber-Angriff auf unsere IT-Systeme"), "an unverifiable feed was shown");
    page.browser.close().await;
}
