//! The fault suite: a real HTTP server on 127.0.0.1, scripted per case, serves
//! the feed while headless Chromium runs the built widget. Every case asserts
//! what the customer sees and what the server was asked.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use e2e::browser::Browser;
use e2e::server::{Framing, Request, Response, Server};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(25);

fn example(name: &str) -> String {
    std::fs::read_to_string(e2e::root().join("examples/feeds").join(name)).unwrap()
}

/// The example feed with `updated_at` moved and, optionally, one update added.
fn feed_at(updated_at: &str, extra_update: Option<(&str, &str)>) -> String {
    let mut feed: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    feed["updated_at"] = updated_at.into();
    if let Some((id, title)) = extra_update {
        let updates = feed["incidents"][0]["updates"].as_array_mut().unwrap();
        updates.push(serde_json::json!({
            "id": id, "at": updated_at, "status": "monitoring",
            "title": { "de": title, "en": title },
            "body": { "de": "Neuer Text.", "en": "New text." }
        }));
    }
    feed.to_string()
}

type Script = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// A host page with one widget, the bundle, and a feed origin whose answers
/// each case scripts (and re-scripts) at will.
struct Case {
    host: Server,
    _bundle: Server,
    feed: Server,
    script: Arc<Mutex<Script>>,
    browser: Browser,
}

impl Case {
    async fn start(first: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Case {
        let host = Server::start(Some(e2e::root().join("tests/fixtures")));
        let bundle = Server::start(Some(e2e::dist()));
        let feed = Server::start(None);
        let script: Arc<Mutex<Script>> = Arc::new(Mutex::new(Arc::new(first)));
        {
            let script = script.clone();
            feed.handle(move |request| (request.route() == "/feed.json").then(|| (script.lock().unwrap().clone())(request)));
        }
        let page = format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Fault case</title><link rel="icon" href="data:,">
<script src="/capture.js"></script><script type="module" src="{b}/incident-status.js"></script></head>
<body><button id="outside">Host page button</button>
<incident-status feed="{f}/feed.json" fallback-phone="0800 5501234" fallback-link="https://www.example.com/status" refresh="30">
<p>Hotline 0800 5501234</p></incident-status></body></html>"#,
            b = bundle.origin(),
            f = feed.origin()
        );
        host.handle(move |request| (request.route() == "/case.html").then(|| Response::new(200, "text/html; charset=utf-8", page.clone())));
        let browser = Browser::start().await;
        let case = Case { host, _bundle: bundle, feed, script, browser };
        case.browser.goto(&case.host.url("/case.html")).await;
        case
    }

    fn then(&self, next: impl Fn(&Request) -> Response + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(next);
    }

    async fn wait(&self, js_in_root: &str) -> Value {
        self.browser
            .wait_for(
                &format!("(() => {{ const root = document.querySelector('incident-status').shadowRoot; if (!root || !root.querySelector('.is-root')) return null; return ({js_in_root}); }})()"),
                WAIT,
            )
            .await
    }

    async fn text(&self) -> String {
        self.browser.in_widget("return root.textContent").await.as_str().unwrap_or("").to_owned()
    }

    /// Waits until the widget reported an error with this code.
    async fn error_event(&self, code: &str) -> Value {
        self.browser.wait_for(&format!("window.__captured.events.find(e => e.type === 'incident-status:error' && e.detail.code === '{code}')"), WAIT).await
    }

    async fn refresh(&self) {
        self.browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
    }

    /// No uncaught error reached the host page, whatever happened.
    async fn finish(self) {
        let captured = self.browser.js("return window.__captured.errors", vec![]).await;
        assert_eq!(captured, Value::Array(vec![]), "errors thrown into the host page");
        self.browser.close().await;
    }
}

fn ok_feed() -> Response {
    Response::json(example("cyberangriff.json")).header("ETag", "\"v1\"")
}

/// With nothing cached, every failure shows the fallback hotline and a clear message.
async fn fallback_case(answer: impl Fn(&Request) -> Response + Send + Sync + 'static, code: &str, message: &str) {
    let case = Case::start(answer).await;
    let event = case.error_event(code).await;
    assert_eq!(event["detail"]["showingLastGoodCopy"], false, "{event}");
    let text = case.wait("root.querySelector('.is-fallback') && root.textContent").await;
    let text = text.as_str().unwrap();
    assert!(text.contains(message), "expected {message:?} in {text:?}");
    assert!(text.contains("0800 5501234"), "no hotline in {text:?}");
    let tel = case.browser.in_widget("return !!root.querySelector('a[href=\"tel:+498005501234\"]')").await;
    assert_eq!(tel, Value::Bool(true));
    // Recovery: the next good answer brings the feed and clears the message.
    case.then(|_| ok_feed());
    case.refresh().await;
    case.wait("root.querySelector('.is-header') && !root.querySelector('.is-fallback, .is-notice')").await;
    assert!(case.text().await.contains("Cyber-Angriff auf unsere IT-Systeme"));
    case.finish().await;
}

const UNREACHABLE: &str = "nicht erreichbar";
const BROKEN: &str = "fehlerhaft";

#[tokio::test(flavor = "multi_thread")]
async fn not_found_404() {
    fallback_case(|_| Response::status(404), "http-error", UNREACHABLE).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_error_500() {
    fallback_case(|_| Response::status(500), "http-error", UNREACHABLE).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_requests_429() {
    fallback_case(|_| Response::status(429).header("Retry-After", "60"), "http-error", UNREACHABLE).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated_json() {
    fallback_case(|_| Response::json(example("cyberangriff.json")[..2000].to_owned()), "broken-json", BROKEN).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn trailing_garbage() {
    fallback_case(|_| Response::json(format!("{}\n<<garbage>>", example("cyberangriff.json"))), "broken-json", BROKEN).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn html_error_page_served_with_200() {
    fallback_case(|_| Response::new(200, "text/html", "<!doctype html><h1>502 Bad Gateway</h1>"), "not-json", BROKEN).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn body_of_ten_megabytes() {
    fallback_case(|_| Response::json(format!("{{\"pad\":\"{}\"}}", "x".repeat(10 * 1024 * 1024))), "too-large", BROKEN).await;
}

/// Two values for one key: readers would disagree on what the feed says
/// (docs/feed-format.md), so the feed is refused as a whole.
#[tokio::test(flavor = "multi_thread")]
async fn duplicate_key() {
    let twice = example("cyberangriff.json").replacen("\"headline\":", "\"headline\": {\"de\": \"Alles wieder in Ordnung\"}, \"headline\":", 1);
    assert_ne!(twice, example("cyberangriff.json"));
    fallback_case(move |_| Response::json(twice.clone()), "broken-duplicate-key", BROKEN).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn valid_json_of_the_wrong_schema() {
    fallback_case(|_| Response::json(r#"{"version": 1, "hello": "world"}"#), "broken-shape", BROKEN).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unsupported_version() {
    let v2 = example("cyberangriff.json").replacen("\"version\": 1", "\"version\": 2", 1);
    fallback_case(move |_| Response::json(v2.clone()), "unsupported-version", "Format").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_to_another_origin_is_never_followed() {
    let elsewhere = Server::start(Some(e2e::root().join("examples/feeds")));
    let target = elsewhere.url("/cyberangriff.json");
    fallback_case(move |_| Response::new(302, "text/plain", "").header("Location", &target), "redirected", UNREACHABLE).await;
    // The policy is that no request goes anywhere because of a redirect,
    // not that the answer from elsewhere is refused afterwards.
    assert!(elsewhere.requests().is_empty(), "the redirect was followed: {:?}", elsewhere.requests().iter().map(|r| &r.path).collect::<Vec<_>>());
}

/// No cookie of the feed's host reaches it (the host page's cookies apply
/// to every port of 127.0.0.1, and the feed server tries to set its own),
/// and a `401` with `WWW-Authenticate` is an error, not a login prompt: a
/// prompt answered or cancelled would show as a second request, with or
/// without `Authorization`, and a pending one would block the page's script.
#[tokio::test(flavor = "multi_thread")]
async fn no_cookies_and_no_login_prompt() {
    let case = Case::start(|_| ok_feed().header("Set-Cookie", "feed_session=from-the-feed; Path=/; SameSite=Lax")).await;
    case.wait("root.querySelector('.is-header')").await;
    case.browser.js("document.cookie = 'host_session=secret; path=/'; return document.cookie", vec![]).await;
    case.feed.clear_log();
    case.then(|_| Response::status(401).header("WWW-Authenticate", "Basic realm=\"feed\"").header("Set-Cookie", "feed_session=again; Path=/"));
    case.refresh().await;
    let event = case.error_event("http-error").await;
    assert_eq!(event["detail"]["status"], 401, "{event}");
    assert_eq!(case.browser.js("return 1 + 1", vec![]).await, Value::from(2), "the page's script is blocked");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let requests = case.feed.requests_to("/feed.json");
    let gets = requests.iter().filter(|r| r.method == "GET").count();
    assert_eq!(
        gets,
        1,
        "one request after the refresh (and its CORS preflight), no retry with credentials: {:?}",
        requests.iter().map(|r| &r.method).collect::<Vec<_>>()
    );
    for request in &requests {
        assert_eq!(request.header("cookie"), None, "a cookie reached the feed host");
        assert_eq!(request.header("authorization"), None, "credentials reached the feed host");
    }
    // The customer still sees the last good copy, with its notice.
    assert!(case.text().await.contains("Cyber-Angriff auf unsere IT-Systeme"));
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn json_with_a_byte_order_mark_is_read() {
    let case = Case::start(|_| Response::json(format!("\u{feff}{}", example("cyberangriff.json")))).await;
    case.wait("root.querySelector('.is-header')").await;
    assert!(case.text().await.contains("Cyber-Angriff"));
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_drip_within_the_timeout_is_read() {
    let case = Case::start(|_| {
        let mut r = Response::json(example("cyberangriff.json"));
        r.drip = Some((2048, Duration::from_millis(60)));
        r
    })
    .await;
    case.wait("root.querySelector('.is-header')").await;
    assert!(case.text().await.contains("Cyber-Angriff"));
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn response_that_never_ends_times_out() {
    let case = Case::start(|_| {
        let mut r = Response::json(example("cyberangriff.json")[..500].to_owned());
        r.never_finish = true;
        r
    })
    .await;
    let event = case.error_event("timeout").await;
    assert_eq!(event["type"], "incident-status:error");
    let text = case.wait("root.querySelector('.is-fallback') && root.textContent").await;
    assert!(text.as_str().unwrap().contains("0800 5501234"));
    // Recovery: a timed-out request must not spoil the next one.
    case.then(|_| ok_feed());
    case.refresh().await;
    case.wait("root.querySelector('.is-header') && !root.querySelector('.is-fallback, .is-notice')").await;
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn connection_refused() {
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let page = format!(
        r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Refused</title><link rel="icon" href="data:,"><script src="/capture.js"></script>
<script type="module" src="{}/incident-status.js"></script></head><body>
<incident-status feed="http://127.0.0.1:{closed_port}/feed.json" fallback-phone="0800 5501234"></incident-status></body></html>"#,
        bundle.origin()
    );
    host.handle(move |r| (r.route() == "/refused.html").then(|| Response::new(200, "text/html", page.clone())));
    let browser = Browser::start().await;
    browser.goto(&host.url("/refused.html")).await;
    let event = browser.wait_for("window.__captured.events.find(e => e.detail && e.detail.code === 'network-error')", WAIT).await;
    assert_eq!(event["type"], "incident-status:error");
    let text = browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-fallback') && document.querySelector('incident-status').shadowRoot.textContent", WAIT).await;
    assert!(text.as_str().unwrap().contains(UNREACHABLE) && text.as_str().unwrap().contains("0800 5501234"));
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn last_good_copy_is_shown_at_once_with_a_calm_notice_when_the_feed_is_down() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    // The feed origin goes down; the reader comes back later.
    case.then(|_| Response::status(503).header("Retry-After", "120"));
    case.browser.goto(&case.host.url("/case.html")).await;
    let notice = case.wait("root.querySelector('.is-header') && root.querySelector('.is-notice') && root.querySelector('.is-notice').textContent").await;
    let notice = notice.as_str().unwrap();
    assert!(notice.starts_with("Stand: 10. November 2026") && notice.contains("Aktuelle Daten konnten nicht geladen werden"), "{notice}");
    assert!(case.text().await.contains("Cyber-Angriff auf unsere IT-Systeme"), "the cached feed is not shown");
    let event = case.error_event("http-error").await;
    assert_eq!(event["detail"]["showingLastGoodCopy"], true);
    // 503 with Retry-After: 120 s: no new request comes within the next seconds.
    let before = case.feed.requests_to("/feed.json").len();
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(case.feed.requests_to("/feed.json").len(), before, "Retry-After was not honoured");
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_older_than_the_one_shown_is_not_taken() {
    let case = Case::start(|_| Response::json(feed_at("2026-11-12T09:00:00+01:00", Some(("u-new", "Neuere Meldung"))))).await;
    case.wait("root.querySelector('.is-header')").await;
    assert!(case.text().await.contains("Neuere Meldung"));
    // A stale cache or a replayed old file.
    case.then(|_| Response::json(example("cyberangriff.json")));
    case.refresh().await;
    case.error_event("stale").await;
    assert!(case.text().await.contains("Neuere Meldung"), "rolled back to an older feed");
    // And on the next page load, the cached newer copy still wins over the old file.
    case.browser.goto(&case.host.url("/case.html")).await;
    case.wait("root.querySelector('.is-header')").await;
    case.error_event("stale").await;
    assert!(case.text().await.contains("Neuere Meldung"));
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn not_modified_after_ok_changes_nothing() {
    let case = Case::start(|r| if r.header("if-none-match") == Some("\"v1\"") { Response::status(304) } else { ok_feed() }).await;
    case.wait("root.querySelector('.is-header')").await;
    let before = case.browser.in_widget("return root.innerHTML").await;
    case.refresh().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    // Cross-origin, If-None-Match needs a CORS preflight (OPTIONS); count the GETs.
    let requests: Vec<Request> = case.feed.requests_to("/feed.json").into_iter().filter(|r| r.method == "GET").collect();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""), "the second request was not conditional");
    assert_eq!(case.browser.in_widget("return root.innerHTML").await, before, "a 304 changed the screen");
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn new_update_is_marked_and_announced_without_moving_focus_or_scrolling() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    case.browser.js("document.querySelector('#outside').focus(); window.scrollTo(0, 0); return 1", vec![]).await;
    case.then(|_| Response::json(feed_at("2026-11-12T09:00:00+01:00", Some(("2026-11-12-email-zurueck", "E-Mail funktioniert wieder")))));
    case.refresh().await;
    let live = case.wait("root.querySelector('[aria-live=polite]').textContent").await;
    assert_eq!(live, "Neue Meldung: E-Mail funktioniert wieder");
    let marked = case.browser.in_widget("return root.querySelector('#update-2026-11-12-email-zurueck').className").await;
    assert!(marked.as_str().unwrap().contains("is-update--new"), "{marked}");
    let event = case.browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:update')", WAIT).await;
    assert_eq!(event["detail"]["id"], "2026-11-12-email-zurueck");
    let state = case.browser.js("return [document.activeElement.id, window.scrollY]", vec![]).await;
    assert_eq!(state, serde_json::json!(["outside", 0]));
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_origin_is_not_hammered() {
    let case = Case::start(|_| Response::status(500)).await;
    case.error_event("http-error").await;
    tokio::time::sleep(Duration::from_secs(20)).await;
    let times: Vec<f64> = case.feed.requests_to("/feed.json").iter().filter(|r| r.method == "GET").map(|r| r.at.as_secs_f64()).collect();
    // A naive client retrying every second would have sent 20; the backoff floor is 5 s.
    assert!(times.len() <= 4, "{} requests in 20 s while failing: {times:?}", times.len());
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= 4.9, "requests only {:.1} s apart: {times:?}", pair[1] - pair[0]);
    }
    println!("requests while failing for 20 s: {} at {times:?}", times.len());
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_requests_while_the_tab_is_hidden() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    case.browser
        .js("window.__vis = []; document.addEventListener('visibilitychange', () => window.__vis.push(document.visibilityState)); return 1", vec![])
        .await;
    let first = case.browser.client.window().await.unwrap();
    // Another tab in front hides this one.
    let other = case.browser.client.new_window(true).await.unwrap();
    case.browser.client.switch_to_window(other.handle).await.unwrap();
    case.feed.clear_log();
    tokio::time::sleep(Duration::from_secs(40)).await; // longer than the 30 s interval (+20 % jitter)
    let while_hidden = case.feed.requests().iter().filter(|r| r.method == "GET").count();
    case.browser.client.close_window().await.unwrap();
    case.browser.client.switch_to_window(first).await.unwrap();
    let states = case.browser.js("return window.__vis", vec![]).await;
    assert_eq!(states[0], "hidden", "the tab never became hidden: {states}");
    assert_eq!(while_hidden, 0, "requests while hidden");
    // Visible again: polling resumes.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert!(!case.feed.requests().is_empty(), "polling did not resume after the tab became visible");
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_says_so_keeps_the_copy_does_not_fetch_and_polls_again_when_back_online() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    // Every fetch the page starts while the browser is offline is counted,
    // whether or not it could reach a server (one started just before, such
    // as the search module's after the first paint, is not one of them).
    case.browser
        .js(
            "window.__net = []; addEventListener('offline', () => __net.push('offline')); addEventListener('online', () => __net.push('online'));
             window.__fetches = 0; const fetch = window.fetch; window.fetch = function (...args) { if (!navigator.onLine) window.__fetches++; return fetch.apply(this, args); }; return 1",
            vec![],
        )
        .await;
    case.browser.set_offline(true).await;
    case.browser.wait_for("window.__net.includes('offline') && !navigator.onLine", WAIT).await;
    let notice = case.wait("root.querySelector('.is-notice') && root.querySelector('.is-notice').textContent").await;
    assert!(notice.as_str().unwrap().contains("Sie sind offline."), "{notice}");
    let text = case.text().await;
    assert!(text.contains("Cyber-Angriff auf unsere IT-Systeme") && text.contains("0800"), "the copy on screen is gone while offline: {text}");
    // Past the 30 s interval (+20 % jitter): the widget does not even try.
    tokio::time::sleep(Duration::from_secs(38)).await;
    let tried = case.browser.js("return window.__fetches", vec![]).await;
    assert_eq!(tried, Value::from(0), "fetches started while offline");
    // Back online, with news waiting: the next poll comes within seconds, not a full interval.
    let newer = feed_at("2026-11-12T09:00:00+01:00", Some(("u-online", "Wieder online gemeldet")));
    case.then(move |_| Response::json(newer.clone()).header("ETag", "\"v2\""));
    case.feed.clear_log();
    case.browser.set_offline(false).await;
    let back = std::time::Instant::now();
    case.browser.wait_for("window.__net.includes('online') && navigator.onLine", WAIT).await;
    case.wait("root.textContent.includes('Wieder online gemeldet') && !root.querySelector('.is-notice')").await;
    let waited = back.elapsed();
    assert!(waited < Duration::from_secs(10), "the first poll after going online took {waited:?}");
    let gets = case.feed.requests().iter().filter(|r| r.method == "GET").count();
    assert_eq!(gets, 1, "requests after going online: {:?}", case.feed.requests());
    println!("back online: the new update was on screen after {waited:?}");
    case.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_feed_one_byte_changed_keeps_last_good_copy_and_says_not_verified() {
    let key = incident_feed::signing::SecretKey::generate().unwrap();
    let public = key.public_key().to_base64();
    let good = example("cyberangriff.json");
    let good_sig = key.sign(good.as_bytes());
    // The attacker changes one byte of a newer feed on the CDN; the signature is the publisher's.
    let newer = feed_at("2026-11-12T09:00:00+01:00", Some(("u-tampered", "Bitte Passwort hier eingeben")));
    let newer_sig = key.sign(newer.as_bytes());
    let tampered = newer.replacen("Bitte", "BITTE", 1);
    assert_eq!(tampered.len(), newer.len());
    let signatures = Arc::new(Mutex::new(good_sig));
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let feed = Server::start(None);
    let body = Arc::new(Mutex::new(good));
    {
        let (body, signatures) = (body.clone(), signatures.clone());
        feed.handle(move |r| match r.route() {
            "/feed.json" => Some(Response::json(body.lock().unwrap().clone())),
            "/feed.json.sig" => Some(Response::new(200, "text/plain", signatures.lock().unwrap().clone())),
            _ => None,
        });
    }
    let page = format!(
        r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Signed</title><link rel="icon" href="data:,"><script src="/capture.js"></script>
<script type="module" src="{}/incident-status.js"></script></head><body>
<incident-status feed="{}/feed.json" public-key="{public}"></incident-status></body></html>"#,
        bundle.origin(),
        feed.origin()
    );
    host.handle(move |r| (r.route() == "/signed.html").then(|| Response::new(200, "text/html", page.clone())));
    let browser = Browser::start().await;
    browser.goto(&host.url("/signed.html")).await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-header')", WAIT).await;
    *body.lock().unwrap() = tampered;
    *signatures.lock().unwrap() = newer_sig;
    browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
    browser.wait_for("window.__captured.events.find(e => e.detail && e.detail.code === 'not-verified')", WAIT).await;
    let notice = browser
        .wait_for("(() => { const n = document.querySelector('incident-status').shadowRoot.querySelector('.is-notice'); return n && n.textContent; })()", WAIT)
        .await;
    assert!(notice.as_str().unwrap().contains("Nicht verifiziert"), "{notice}");
    let text = browser.js("return document.querySelector('incident-status').shadowRoot.textContent", vec![]).await;
    assert!(!text.as_str().unwrap().contains("Passwort hier eingeben"), "the tampered feed was shown");
    assert!(text.as_str().unwrap().contains("Cyber-Angriff auf unsere IT-Systeme"), "the last good copy is gone");
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_the_element_stops_its_timers_and_requests() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    case.browser.js("document.querySelector('incident-status').remove(); return 1", vec![]).await;
    case.feed.clear_log();
    tokio::time::sleep(Duration::from_secs(40)).await; // longer than the 30 s interval (+20 % jitter)
    assert!(case.feed.requests().is_empty(), "requests after removal: {:?}", case.feed.requests());
    case.finish().await;
}

/// How the bundle origin answers for the lazily loaded search module.
#[derive(Clone, Copy, Debug)]
enum SearchModule {
    /// The real file, after this long.
    Slow(Duration),
    /// 404.
    Missing,
    /// A file that is not the one whose hash the widget carries.
    Tampered,
}

/// The FAQ search loads after the first paint, in one browser session, three
/// ways: slowly (what is typed before it is ready is kept, a "preparing"
/// state shows and never a "no results", and the query runs once it is
/// ready), missing (404) and tampered (integrity mismatch): the FAQ stays
/// browsable, the field says search is unavailable, nothing is thrown.
#[tokio::test(flavor = "multi_thread")]
async fn the_search_loads_after_first_paint_and_its_failure_keeps_the_faq() {
    const MODULE: &str = "/incident-status-search.wasm";
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let feed = Server::start(Some(e2e::root().join("examples/feeds")));
    let mode = Arc::new(Mutex::new(SearchModule::Missing));
    {
        let mode = mode.clone();
        let real = std::fs::read(e2e::dist().join(MODULE.trim_start_matches('/'))).expect("cargo xtask dist built the search module");
        bundle.handle(move |request| {
            (request.route() == MODULE).then(|| match *mode.lock().unwrap() {
                SearchModule::Slow(delay) => Response { delay, ..Response::new(200, "application/wasm", real.clone()) },
                SearchModule::Missing => Response::status(404),
                SearchModule::Tampered => {
                    let mut bytes = real.clone();
                    *bytes.last_mut().unwrap() ^= 1;
                    Response::new(200, "application/wasm", bytes)
                }
            })
        });
    }
    let page = format!(
        r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Search module</title><link rel="icon" href="data:,">
<script src="/capture.js"></script><script type="module" src="{b}/incident-status.js"></script></head>
<body><incident-status feed="{f}/cyberangriff.json"></incident-status></body></html>"#,
        b = bundle.origin(),
        f = feed.origin()
    );
    host.handle(move |request| (request.route() == "/search.html").then(|| Response::new(200, "text/html; charset=utf-8", page.clone())));
    let browser = Browser::start().await;
    let in_root = |js: &str| {
        format!("(() => {{ const root = document.querySelector('incident-status').shadowRoot; return root && root.querySelector('.is-root') && ({js}); }})()")
    };
    let status = "root.querySelector('.is-search__count').textContent";
    // Records whether a "no results" ever showed, however briefly.
    let watch = "const seen = () => { if (root.querySelector('.is-no-match')) window.__sawNoMatch = true; };
        window.__sawNoMatch = false; new MutationObserver(seen).observe(root, { subtree: true, childList: true }); seen(); return 1";

    // Slowly: typed with real key events while the module is on its way.
    *mode.lock().unwrap() = SearchModule::Slow(Duration::from_secs(4));
    browser.goto(&host.url("/search.html")).await;
    browser.wait_for(&in_root("root.querySelector('.is-search__input')"), WAIT).await;
    browser.in_widget(watch).await;
    browser.in_widget("root.querySelector('.is-search__input').focus(); return 1").await;
    for key in "passw".chars() {
        browser.press(key, false).await;
    }
    let preparing = browser.wait_for(&in_root(&format!("{status} === 'Suche wird vorbereitet …' && {status}")), WAIT).await;
    assert_eq!(preparing, "Suche wird vorbereitet …");
    for key in "ort".chars() {
        browser.press(key, false).await;
    }
    let early = browser.in_widget("return [root.querySelector('.is-search__input').value, root.querySelectorAll('.is-faq-entry').length]").await;
    assert_eq!(early, serde_json::json!(["passwort", 0]), "while the search loads: every key in the field, no list under a query");
    assert!(!bundle.requests_to(MODULE).is_empty(), "focusing the field starts loading the search");
    let count = browser.wait_for(&in_root(&format!("root.querySelector('#faq-passwort-aendern') && {status}")), WAIT).await;
    assert!(count.as_str().unwrap().ends_with("Treffer"), "{count}");
    assert_eq!(browser.in_widget("return root.querySelector('.is-search__input').value").await, "passwort", "nothing typed was lost");
    assert_eq!(browser.js("return window.__sawNoMatch", vec![]).await, Value::Bool(false), "a \"no results\" showed while the search loaded");
    assert_eq!(bundle.requests_to(MODULE).len(), 1, "one fetch of the module per page");

    // Missing, then tampered: all questions stay, the field says why it cannot search.
    for broken in [SearchModule::Missing, SearchModule::Tampered] {
        *mode.lock().unwrap() = broken;
        browser.goto(&host.url("/search.html")).await;
        browser.wait_for(&in_root("root.querySelector('.is-search__input')"), WAIT).await;
        browser.in_widget(watch).await;
        browser.in_widget("root.querySelector('.is-search__input').focus(); return 1").await;
        for key in "passwort".chars() {
            browser.press(key, false).await;
        }
        let said = browser.wait_for(&in_root(&format!("{status} !== 'Suche wird vorbereitet …' && {status}")), WAIT).await;
        assert_eq!(said, "Die Suche ist gerade nicht verfügbar.", "{broken:?}");
        let shown = browser
            .in_widget("const i = root.querySelector('.is-search__input'); return [i.value, i.placeholder, root.querySelectorAll('.is-faq-entry').length]")
            .await;
        assert_eq!(shown, serde_json::json!(["passwort", "Die Suche ist gerade nicht verfügbar.", 16]), "{broken:?}: the full list, browsable");
        browser.in_widget("root.querySelector('#faq-passwort-aendern .is-toggle').click(); return 1").await;
        browser.wait_for(&in_root("root.querySelector('#faq-passwort-aendern .is-toggle').getAttribute('aria-expanded') === 'true'"), WAIT).await;
        assert_eq!(browser.js("return window.__sawNoMatch", vec![]).await, Value::Bool(false), "{broken:?}");
        assert_eq!(browser.js("return document.querySelector('incident-status').search('passwort')", vec![]).await, serde_json::json!([]), "{broken:?}");
        assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]), "{broken:?}: errors thrown into the page");
    }
    browser.close().await;
}

/// A reader whose clock is days off never sees an absurd relative time:
/// with the server's `Date` readable, times are by the server's clock; without
/// it, a feed "from the future" gets no relative time at all. The absolute
/// time is always there. The page's clock is shifted before the bundle loads.
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_clock_never_shows_an_absurd_relative_time() {
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let published = std::time::SystemTime::now() - Duration::from_secs(60);
    let mut feed: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    feed["updated_at"] = e2e::server::rfc3339_utc(published).into();
    let body = feed.to_string();
    // One feed origin per page, so that the second page does not start from
    // the first one's last good copy.
    let exposed = Server::start(None);
    let hidden = Server::start(None);
    for (server, expose) in [(&exposed, true), (&hidden, false)] {
        let body = body.clone();
        server.handle(move |r| {
            (r.route() == "/feed.json").then(|| {
                let response = Response::json(body.clone());
                if expose {
                    response.header("Access-Control-Expose-Headers", "Date")
                } else {
                    response
                }
            })
        });
    }
    let mut pages = Vec::new();
    for (name, shift_days, feed) in [("ahead", 3, &exposed), ("behind", -1, &hidden)] {
        let page = format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Clock {name}</title><link rel="icon" href="data:,">
<script src="/capture.js"></script>
<script>
  // The reader's clock, {shift_days} days off, for everything on this page.
  const RealDate = Date, shift = {shift_days} * 86400000;
  window.Date = class extends RealDate {{
    constructor(...a) {{ if (a.length === 0) super(RealDate.now() + shift); else super(...a); }}
    static now() {{ return RealDate.now() + shift; }}
  }};
</script>
<script type="module" src="{b}/incident-status.js"></script></head>
<body><incident-status feed="{f}/feed.json" fallback-phone="0800 5501234"></incident-status></body></html>"#,
            b = bundle.origin(),
            f = feed.origin()
        );
        pages.push((format!("/clock-{name}.html"), page));
    }
    host.handle(move |r| pages.iter().find(|(route, _)| r.route() == route).map(|(_, page)| Response::new(200, "text/html; charset=utf-8", page.clone())));
    let browser = Browser::start().await;
    let header = "(() => { const root = document.querySelector('incident-status').shadowRoot; const u = root && root.querySelector('.is-updated'); return u && u.textContent; })()";

    browser.goto(&host.url("/clock-ahead.html")).await;
    let shown = browser.wait_for(header, WAIT).await;
    let shown = shown.as_str().unwrap();
    assert!(shown.contains("(vor 1 Minute)") || shown.contains("(vor 2 Minuten)"), "clock 3 days ahead, server Date readable: {shown:?}");
    assert!(
        browser.js("return new Date().getTime() - Date.now() < 1000 && Date.now() > performance.timeOrigin + 86400000", vec![]).await == Value::Bool(true),
        "the clock was not shifted"
    );

    browser.goto(&host.url("/clock-behind.html")).await;
    let shown = browser.wait_for(header, WAIT).await;
    let shown = shown.as_str().unwrap();
    assert!(!shown.contains('('), "clock a day behind, no server Date: no relative time expected in {shown:?}");
    let stamp = browser.in_widget("const t = root.querySelector('.is-updated time'); return [t.getAttribute('datetime'), t.textContent]").await;
    assert_eq!(stamp[0], Value::from(e2e::server::rfc3339_utc(published)), "the absolute time is shown");
    assert!(stamp[1].as_str().is_some_and(|t| t.chars().any(|c| c.is_ascii_digit())), "{stamp}");
    let relative = browser.in_widget("return root.querySelectorAll('.is-relative').length").await;
    assert_eq!(relative, Value::from(0));
    let captured = browser.js("return window.__captured.errors", vec![]).await;
    assert_eq!(captured, Value::Array(vec![]), "errors thrown into the host page");
    browser.close().await;
}

// Mirrors, in Chromium (issue 14): the feed from several places, each on an
// origin of its own, and the bundle from the embedder's fallback origin. The
// helpers below serve only these cases.

/// One place that serves the feed (`/feed.json`, and `/feed.json.sig` when
/// signed), scripted per case; its request log tells what it was asked.
struct Place {
    server: Server,
    feed: Arc<Mutex<Script>>,
    signature: Arc<Mutex<Option<String>>>,
}

impl Place {
    fn start(first: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Place {
        let server = Server::start(None);
        let feed: Arc<Mutex<Script>> = Arc::new(Mutex::new(Arc::new(first)));
        let signature = Arc::new(Mutex::new(None::<String>));
        {
            let (feed, signature) = (feed.clone(), signature.clone());
            server.handle(move |request| match request.route() {
                "/feed.json" => Some((feed.lock().unwrap().clone())(request)),
                "/feed.json.sig" => Some(signature.lock().unwrap().clone().map_or_else(|| Response::status(404), |s| Response::new(200, "text/plain", s))),
                _ => None,
            });
        }
        Place { server, feed, signature }
    }

    /// Serves `body` with this ETag, and 304 to a request that has it.
    fn serving(body: String, etag: &'static str) -> Place {
        Place::start(move |r| if r.header("if-none-match") == Some(etag) { Response::status(304) } else { Response::json(body.clone()).header("ETag", etag) })
    }

    fn url(&self) -> String {
        self.server.url("/feed.json")
    }

    fn then(&self, next: impl Fn(&Request) -> Response + Send + Sync + 'static) {
        *self.feed.lock().unwrap() = Arc::new(next);
    }

    fn sign_with(&self, signature: &str) {
        *self.signature.lock().unwrap() = Some(signature.to_owned());
    }

    /// GETs of `route` (CORS preflights left out).
    fn gets(&self, route: &str) -> usize {
        self.server.requests_to(route).iter().filter(|r| r.method == "GET").count()
    }
}

/// The host pages of the mirror cases (each on the same host origin, each
/// with its own feed places) and the bundle, for one browser.
struct MirrorPages {
    host: Server,
    bundle: Server,
    pages: Arc<Mutex<Vec<(String, String)>>>,
}

impl MirrorPages {
    fn start() -> MirrorPages {
        let host = Server::start(Some(e2e::root().join("tests/fixtures")));
        let pages: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
        {
            let pages = pages.clone();
            host.handle(move |r| {
                let pages = pages.lock().unwrap();
                pages.iter().find(|(route, _)| r.route() == route).map(|(_, page)| Response::new(200, "text/html; charset=utf-8", page.clone()))
            });
        }
        MirrorPages { host, bundle: Server::start(Some(e2e::dist())), pages }
    }

    /// A page at `/<name>.html` with one widget with these attributes and a hotline as its fallback.
    fn page(&self, name: &str, attributes: &str) -> String {
        let page = format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Mirrors: {name}</title><link rel="icon" href="data:,">
<script src="/capture.js"></script><script type="module" src="{b}/incident-status.js"></script></head>
<body><incident-status {attributes} fallback-phone="0800 5501234" refresh="30"><p>Hotline 0800 5501234</p></incident-status></body></html>"#,
            b = self.bundle.origin()
        );
        let route = format!("/{name}.html");
        self.pages.lock().unwrap().push((route.clone(), page));
        self.host.url(&route)
    }
}

/// Evaluates `expression` with `root` bound to the widget's shadow root, once it has rendered.
fn in_rendered(expression: &str) -> String {
    format!(
        "(() => {{ const root = document.querySelector('incident-status').shadowRoot; return root && root.querySelector('.is-root') && ({expression}); }})()"
    )
}

/// The `loaded` and `error` events the page got so far (`update` events,
/// for the new updates a mirror's feed brings, are left out).
async fn page_events(browser: &Browser) -> Vec<Value> {
    let events = browser.js("return window.__captured.events.filter(e => e.type !== 'incident-status:update')", vec![]).await;
    events.as_array().cloned().unwrap_or_default()
}

/// Waits until `place` has answered `count` GETs of the feed (the widget's
/// own schedule is 30 s: the polls here come from `refresh()`).
async fn wait_gets(place: &Place, count: usize) {
    let started = Instant::now();
    while place.gets("/feed.json") < count {
        assert!(started.elapsed() < WAIT, "{} asked {} times, not {count}", place.url(), place.gets("/feed.json"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The answer is read and judged before the next poll is asked for.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// The primary dies after a first good load: the next poll asks it once and
/// then the first mirror at once (no backoff), whose newer feed is on screen
/// with no notice; over an outage of several polls the widget polls only
/// that mirror, never the second one.
#[tokio::test(flavor = "multi_thread")]
async fn a_dead_primary_hands_over_to_the_mirror_within_one_poll_and_the_mirror_is_polled_from_then_on() {
    const OUTAGE_POLLS: usize = 5;
    let primary = Place::serving(example("cyberangriff.json"), "\"p1\"");
    let newer = feed_at("2026-11-12T09:00:00+01:00", Some(("u-mirror", "Vom Ausweichserver gemeldet")));
    let mirror = Place::serving(newer.clone(), "\"m1\"");
    let second = Place::serving(newer, "\"m2\"");
    let pages = MirrorPages::start();
    let url = pages.page("failover", &format!(r#"feed="{}" mirrors="{} {}" unsigned-mirrors="allow""#, primary.url(), mirror.url(), second.url()));
    let browser = Browser::start().await;
    browser.goto(&url).await;
    browser.wait_for(&in_rendered("root.querySelector('.is-header') && root.textContent.includes('Cyber-Angriff auf unsere IT-Systeme')"), WAIT).await;
    let loaded = browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:loaded')", WAIT).await;
    assert_eq!(loaded["detail"]["url"], primary.url(), "{loaded}");
    assert_eq!((mirror.gets("/feed.json"), second.gets("/feed.json")), (0, 0), "the mirrors are not asked while the primary answers");

    // The primary goes down. The clock runs in the page, from the poll's start to the mirror's news on screen.
    primary.then(|_| Response::status(503));
    let seen = page_events(&browser).await.len();
    browser
        .in_widget(
            "window.__mirrorShownAt = null;
             new MutationObserver(() => { if (!window.__mirrorShownAt && root.textContent.includes('Vom Ausweichserver gemeldet')) window.__mirrorShownAt = performance.now(); })
               .observe(root, { subtree: true, childList: true, characterData: true });
             window.__pollAt = performance.now(); host.refresh(); return 1",
        )
        .await;
    let latency = browser.wait_for("window.__mirrorShownAt && window.__mirrorShownAt - window.__pollAt", WAIT).await;
    println!(
        "failover latency (primary answers 503 → the mirror's feed on screen, measured in the page from the poll's start): {:.0} ms",
        latency.as_f64().unwrap()
    );
    wait_gets(&mirror, 1).await;
    assert_eq!(
        (primary.gets("/feed.json"), mirror.gets("/feed.json"), second.gets("/feed.json")),
        (2, 1, 0),
        "that poll: the primary once (it had one request before), then the first mirror once, the second not at all"
    );
    // No backoff in between: a poll that failed as a whole (and asked the
    // mirror only at a later, backed-off poll) would have sent an error event
    // and shown a notice first.
    let events = page_events(&browser).await[seen..].to_vec();
    assert_eq!(events.len(), 1, "only the mirror's loaded event, no error while a mirror answered: {events:?}");
    assert_eq!(
        (events[0]["type"].as_str(), &events[0]["detail"]["url"], &events[0]["detail"]["first"]),
        (Some("incident-status:loaded"), &Value::from(mirror.url()), &Value::Bool(false))
    );
    assert_eq!(browser.in_widget("return !!root.querySelector('.is-notice')").await, Value::Bool(false), "a notice while the mirror answers");

    // The outage goes on for several polls: each goes to the mirror that answered, conditionally, and only there.
    for poll in 1..=OUTAGE_POLLS {
        browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
        wait_gets(&mirror, 1 + poll).await;
    }
    let counts = [(&primary, "primary"), (&mirror, "first mirror"), (&second, "second mirror")].map(|(p, name)| (name, p.gets("/feed.json")));
    println!("GET /feed.json per origin: first load, the failover poll and {OUTAGE_POLLS} polls of the outage: {counts:?}");
    assert_eq!(counts.map(|(_, n)| n), [2, 1 + OUTAGE_POLLS, 0], "the widget sticks to the mirror that answered");
    let conditional = mirror.server.requests_to("/feed.json").iter().filter(|r| r.method == "GET" && r.header("if-none-match") == Some("\"m1\"")).count();
    assert_eq!(conditional, OUTAGE_POLLS, "the outage's polls are conditional, with the mirror's own ETag");
    assert!(browser.in_widget("return root.textContent").await.as_str().unwrap().contains("Vom Ausweichserver gemeldet"));
    assert_eq!(page_events(&browser).await.len(), seen + 1, "no event during the outage: nothing changed for the reader");
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]), "errors thrown into the host page");
    browser.close().await;
}

/// What is not taken from a mirror, in one browser: a feed older than the
/// one shown (no rollback: the next place is asked, and when none has a
/// newer feed the reader keeps the newest with a notice), and, without a
/// key, a mirror on another origin (refused with `mirror-refused`, never
/// asked) until the embedder allows it.
#[tokio::test(flavor = "multi_thread")]
async fn a_stale_mirror_is_never_taken_and_other_origins_need_a_key_or_the_embedders_consent() {
    let pages = MirrorPages::start();
    let browser = Browser::start().await;

    // Stale: the primary has a newer feed than the first mirror.
    let primary = Place::serving(feed_at("2026-11-12T09:00:00+01:00", Some(("u-newer", "Neuere Meldung"))), "\"p2\"");
    let stale = Place::serving(example("cyberangriff.json"), "\"m1\"");
    // The newest feed keeps the newer one's update and adds one.
    let mut newest: Value = serde_json::from_str(&feed_at("2026-11-12T09:00:00+01:00", Some(("u-newer", "Neuere Meldung")))).unwrap();
    newest["updated_at"] = "2026-11-12T10:00:00+01:00".into();
    let update = serde_json::json!({ "id": "u-newest", "at": "2026-11-12T10:00:00+01:00", "status": "monitoring",
        "title": { "de": "Neueste Meldung", "en": "Newest" }, "body": { "de": "Text.", "en": "Text." } });
    newest["incidents"][0]["updates"].as_array_mut().unwrap().push(update);
    let newest = Place::serving(newest.to_string(), "\"m3\"");
    let url = pages.page("stale", &format!(r#"feed="{}" mirrors="{} {}" unsigned-mirrors="allow""#, primary.url(), stale.url(), newest.url()));
    browser.goto(&url).await;
    browser.wait_for(&in_rendered("root.textContent.includes('Neuere Meldung')"), WAIT).await;
    // Records whether the newer update ever left the screen, however briefly.
    browser
        .in_widget(
            "window.__rolledBack = false;
             new MutationObserver(() => { if (!root.textContent.includes('Neuere Meldung')) window.__rolledBack = true; }).observe(root, { subtree: true, childList: true, characterData: true });
             return 1",
        )
        .await;
    primary.then(|_| Response::status(503));
    let seen = page_events(&browser).await.len();
    browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
    browser.wait_for(&in_rendered("root.textContent.includes('Neueste Meldung')"), WAIT).await;
    wait_gets(&newest, 1).await;
    assert_eq!([primary.gets("/feed.json"), stale.gets("/feed.json"), newest.gets("/feed.json")], [2, 1, 1], "each place asked once in that poll");
    let events = page_events(&browser).await[seen..].to_vec();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0]["type"].as_str(), &events[0]["detail"]["url"]), (Some("incident-status:loaded"), &Value::from(newest.url())), "{events:?}");
    assert_eq!(browser.js("return window.__rolledBack", vec![]).await, Value::Bool(false), "the older feed was shown");

    // Then only the stale mirror answers: the round fails, the newest feed stays, with a notice.
    newest.then(|_| Response::status(503));
    let seen = page_events(&browser).await.len();
    browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
    let error = browser
        .wait_for(
            &format!("window.__captured.events.filter(e => e.type !== 'incident-status:update').slice({seen}).find(e => e.type === 'incident-status:error')"),
            WAIT,
        )
        .await;
    assert_eq!(
        (&error["detail"]["code"], &error["detail"]["url"], &error["detail"]["showingLastGoodCopy"]),
        (&Value::from("http-error"), &Value::from(newest.url()), &Value::Bool(true)),
        "the first real failure of the round, not `stale`: {error}"
    );
    browser.wait_for(&in_rendered("root.querySelector('.is-notice')"), WAIT).await;
    assert_eq!(
        [newest.gets("/feed.json"), primary.gets("/feed.json"), stale.gets("/feed.json")],
        [2, 3, 2],
        "the round started at the mirror that answered last and asked each place once"
    );
    let text = browser.in_widget("return root.textContent").await;
    assert!(text.as_str().unwrap().contains("Neueste Meldung"), "the newest feed is gone: {text}");
    assert_eq!(browser.js("return window.__rolledBack", vec![]).await, Value::Bool(false), "the older feed was shown");

    // Another origin without a key: refused and never asked, until the embedder allows it.
    let primary = Place::start(|_| Response::status(503));
    let elsewhere = Place::serving(example("cyberangriff.json"), "\"e1\"");
    let url = pages.page("refused", &format!(r#"feed="{}" mirrors="{}""#, primary.url(), elsewhere.url()));
    browser.goto(&url).await;
    let refused = browser.wait_for("window.__captured.events.find(e => e.detail && e.detail.code === 'mirror-refused')", WAIT).await;
    assert_eq!(refused["detail"]["url"], elsewhere.url(), "{refused}");
    browser.wait_for(&in_rendered("root.querySelector('.is-fallback') && root.textContent.includes('0800 5501234')"), WAIT).await;
    browser.wait_for("window.__captured.events.find(e => e.detail && e.detail.code === 'http-error')", WAIT).await;
    assert_eq!((primary.gets("/feed.json"), elsewhere.server.requests().len()), (1, 0), "a refused mirror is never asked");
    browser.js("document.querySelector('incident-status').setAttribute('unsigned-mirrors', 'allow'); return 1", vec![]).await;
    browser.wait_for(&in_rendered("root.querySelector('.is-header') && root.textContent.includes('Cyber-Angriff auf unsere IT-Systeme')"), WAIT).await;
    let loaded = browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:loaded')", WAIT).await;
    assert_eq!(loaded["detail"]["url"], elsewhere.url(), "{loaded}");
    assert_eq!((primary.gets("/feed.json"), elsewhere.gets("/feed.json")), (2, 1));
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]), "errors thrown into the host page");
    browser.close().await;
}

/// A signed feed whose primary is down and whose first mirror serves it with
/// one byte changed (and the publisher's signature): refused, the second
/// mirror asked at once, and its verified feed shown with no "not verified"
/// notice and no error event.
#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_signed_mirror_is_refused_and_the_next_mirror_is_shown() {
    let key = incident_feed::signing::SecretKey::generate().unwrap();
    let genuine = feed_at("2026-11-12T09:00:00+01:00", Some(("u-signed", "Bitte nutzen Sie die Hotline")));
    let signature = key.sign(genuine.as_bytes());
    let tampered = genuine.replacen("Bitte nutzen Sie die Hotline", "Bitte nutzen Sie die H0tline", 1);
    assert_eq!(tampered.len(), genuine.len());
    let primary = Place::start(|_| Response::status(503));
    let forged = Place::serving(tampered, "\"t1\"");
    forged.sign_with(&signature);
    let good = Place::serving(genuine, "\"g1\"");
    good.sign_with(&signature);
    let pages = MirrorPages::start();
    let url =
        pages.page("signed", &format!(r#"feed="{}" mirrors="{} {}" public-key="{}""#, primary.url(), forged.url(), good.url(), key.public_key().to_base64()));
    let browser = Browser::start().await;
    browser.goto(&url).await;
    browser.wait_for(&in_rendered("root.querySelector('.is-header') && root.textContent.includes('Bitte nutzen Sie die Hotline')"), WAIT).await;
    let loaded = browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:loaded')", WAIT).await;
    assert_eq!(loaded["detail"]["url"], good.url(), "{loaded}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shown = browser
        .in_widget("return [root.textContent.includes('H0tline'), !!root.querySelector('.is-notice'), root.textContent.includes('Nicht verifiziert')]")
        .await;
    assert_eq!(shown, serde_json::json!([false, false, false]), "tampered text, a notice or \"not verified\" on screen");
    let errors: Vec<Value> = page_events(&browser).await.into_iter().filter(|e| e["type"] == "incident-status:error").collect();
    assert!(errors.is_empty(), "error events although a mirror verified: {errors:?}");
    let asked = [&primary, &forged, &good].map(|p| (p.gets("/feed.json"), p.gets("/feed.json.sig")));
    assert_eq!(asked, [(1, 0), (1, 1), (1, 1)], "(feed, signature) per place: the primary failed before any signature; each mirror's own signature");
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]), "errors thrown into the host page");
    browser.close().await;
}

/// The bundle from the embedder's fallback origin (`bundle-fallback`), under
/// a strict CSP that allows that origin in `connect-src` and `style-src`:
/// when the loader's origin answers 404 for the wasm and the stylesheet,
/// or serves a wasm with one byte changed (no `integrity` on the page: the
/// hash built into the loader refuses it), the widget comes from the
/// fallback, and so does the FAQ search. When the fallback's wasm is
/// tampered too, the embedder's fallback content stays and
/// `bundle-unavailable` names both URLs.
#[tokio::test(flavor = "multi_thread")]
async fn the_bundle_comes_from_its_fallback_origin_with_the_same_hashes() {
    const WASM: &str = "/incident-status_bg.wasm";
    const CSS: &str = "/incident-status.css";
    const SEARCH: &str = "/incident-status-search.wasm";
    let real = Arc::new(std::fs::read(e2e::dist().join(WASM.trim_start_matches('/'))).unwrap());
    let tampered = {
        let mut bytes = (*real).clone();
        *bytes.last_mut().unwrap() ^= 1;
        Arc::new(bytes)
    };
    // A bundle origin with the real files but for `wasm` (404 when `None`) and, with `css_missing`, the stylesheet.
    let bundle_origin = |wasm: Option<Arc<Vec<u8>>>, css_missing: bool| {
        let server = Server::start(Some(e2e::dist()));
        server.handle(move |r| match r.route() {
            WASM => Some(wasm.as_ref().map_or_else(|| Response::status(404), |w| Response::new(200, "application/wasm", (**w).clone()))),
            CSS if css_missing => Some(Response::status(404)),
            _ => None,
        });
        server
    };
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let feed = Server::start(Some(e2e::root().join("examples/feeds")));
    let pages: Arc<Mutex<Vec<(String, String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    {
        let pages = pages.clone();
        host.handle(move |r| {
            let pages = pages.lock().unwrap();
            let (_, page, csp) = pages.iter().find(|(route, ..)| r.route() == route)?;
            Some(Response::new(200, "text/html; charset=utf-8", page.clone()).header("Content-Security-Policy", csp))
        });
    }
    // A page loading the loader from `primary`, with `bundle-fallback` naming `fallback`, under the strict CSP.
    let page = |name: &str, primary: &Server, fallback: &Server, embed: &str| {
        let (a, b, f) = (primary.origin(), fallback.origin(), feed.origin());
        let csp =
            format!("default-src 'self'; script-src 'self' {a} 'wasm-unsafe-eval'; style-src 'self' {a} {b}; connect-src {f} {a} {b}; img-src 'self' data:");
        let embed = embed.replace("{A}", &a).replace("{B}", &b).replace("{F}", &f);
        let html = format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Bundle fallback: {name}</title><link rel="icon" href="data:,">
<script src="/capture.js"></script></head><body>{embed}</body></html>"#
        );
        pages.lock().unwrap().push((format!("/{name}.html"), html, csp));
        host.url(&format!("/{name}.html"))
    };
    let clean = |captured: &Value, what: &str| {
        assert_eq!(captured["violations"], Value::Array(vec![]), "{what}: CSP violations");
        assert_eq!(captured["errors"], Value::Array(vec![]), "{what}: errors in the page");
    };
    let gets = |server: &Server, route: &str| server.requests_to(route).iter().filter(|r| r.method == "GET").count();
    let rendered =
        "(() => { const h = document.querySelector('incident-status'); return h && h.shadowRoot && h.shadowRoot.querySelector('.is-root .is-header'); })()";
    let browser = Browser::start().await;

    // 1. The primary 404s both files; the script tag's data-bundle-fallback names the copy.
    let (primary, fallback) = (bundle_origin(None, true), bundle_origin(Some(real.clone()), false));
    let url = page(
        "missing",
        &primary,
        &fallback,
        r#"<script type="module" src="{A}/incident-status.js" data-feed="{F}/cyberangriff.json" data-bundle-fallback="{B}/"></script>"#,
    );
    browser.goto(&url).await;
    browser.wait_for(rendered, WAIT).await;
    let style = browser
        .in_widget("const l = root.querySelector('link[rel=stylesheet]'); return [l.href, !!l.sheet && l.sheet.cssRules.length > 0, l.integrity.startsWith('sha384-')]")
        .await;
    assert_eq!(style, serde_json::json!([fallback.url(CSS), true, true]), "the stylesheet from the fallback, checked");
    // The FAQ search is fetched from where the wasm came from.
    let hits = browser
        .wait_for("(() => { const h = document.querySelector('incident-status').search('passwort').map(h => h.id); return h.length && h; })()", WAIT)
        .await;
    assert_eq!(hits[0], "passwort-aendern", "{hits}");
    let asked = |server: &Server| [gets(server, "/incident-status.js"), gets(server, WASM), gets(server, CSS), gets(server, SEARCH)];
    assert_eq!((asked(&primary), asked(&fallback)), ([1, 1, 1, 0], [0, 1, 1, 1]), "(loader, wasm, stylesheet, search) from the primary and the fallback");
    clean(&browser.js("return window.__captured", vec![]).await, "missing");

    // 2. The primary serves a wasm with one byte changed, and the page pins nothing: the built-in hash refuses it.
    let (primary, fallback) = (bundle_origin(Some(tampered.clone()), false), bundle_origin(Some(real.clone()), false));
    let url = page(
        "tampered-primary",
        &primary,
        &fallback,
        r#"<script type="module" src="{A}/incident-status.js"></script><incident-status feed="{F}/cyberangriff.json" bundle-fallback="{B}"><p id="fallback">Hotline 0800 5501234</p></incident-status>"#,
    );
    browser.goto(&url).await;
    browser.wait_for(rendered, WAIT).await;
    assert_eq!(
        (gets(&primary, WASM), gets(&fallback, WASM), gets(&primary, CSS), gets(&fallback, CSS)),
        (1, 1, 1, 0),
        "(wasm, wasm, css, css): the primary's stylesheet is the real one"
    );
    clean(&browser.js("return window.__captured", vec![]).await, "tampered primary");

    // 3. Both wasm files are wrong: nothing runs, the fallback content stays, bundle-unavailable names both.
    let (primary, fallback) = (bundle_origin(None, false), bundle_origin(Some(tampered), false));
    let url = page(
        "both-fail",
        &primary,
        &fallback,
        r#"<script type="module" src="{A}/incident-status.js"></script><incident-status feed="{F}/cyberangriff.json" bundle-fallback="{B}/"><p id="fallback">Hotline 0800 5501234</p></incident-status>"#,
    );
    feed.clear_log();
    browser.goto(&url).await;
    let event = browser.wait_for("window.__captured.events.find(e => e.detail && e.detail.code === 'bundle-unavailable')", WAIT).await;
    let message = event["detail"]["message"].as_str().unwrap_or("");
    assert_eq!(event["detail"]["url"], primary.url(WASM), "{event}");
    assert!(message.contains(&primary.url(WASM)) && message.contains(&fallback.url(WASM)), "both URLs named: {event}");
    let state = browser
        .js(
            "const h = document.querySelector('incident-status'); const slot = h.shadowRoot.querySelector('slot');
             return { slotShown: !slot.hidden, fallbackVisible: document.querySelector('#fallback').getBoundingClientRect().height > 0, rendered: !!h.shadowRoot.querySelector('.is-root') }",
            vec![],
        )
        .await;
    assert_eq!(state, serde_json::json!({ "slotShown": true, "fallbackVisible": true, "rendered": false }));
    assert_eq!((gets(&primary, WASM), gets(&fallback, WASM)), (1, 1), "each wasm asked once");
    assert!(feed.requests().is_empty(), "nothing ran, yet the feed was asked: {:?}", feed.requests());
    browser.close().await;
}

/// Item problems (strict writer, tolerant reader): one feed per kind, served
/// one after the other to the same page. Each new feed is shown with only
/// its broken item or field neutralised and the rest intact; the
/// `incident-status:neutralised` event names the JSON path; no notice tells
/// the reader the feed is outdated; nothing is thrown into the page.
#[tokio::test]
async fn each_item_problem_is_neutralised_and_the_rest_is_shown() {
    let case = Case::start(|_| ok_feed()).await;
    case.wait("root.querySelector('.is-header')").await;
    let faq_count = serde_json::from_str::<Value>(&example("cyberangriff.json")).unwrap()["faq"].as_array().unwrap().len();
    type Edit = Box<dyn Fn(&mut Value)>;
    let kinds: Vec<(&str, &[&str], Edit, String)> = vec![
        (
            "a state this version does not know",
            &["$.status.level", "$.incidents[0].updates[1].status"],
            Box::new(|f| {
                f["status"]["level"] = "apocalyptic".into();
                f["incidents"][0]["updates"][1]["status"] = "on_fire".into();
            }),
            "root.querySelector('.is-header').textContent.includes('Status unbekannt') \
             && [...root.querySelectorAll('.is-update .is-badge')].some(b => b.textContent === 'Status unbekannt')"
                .into(),
        ),
        (
            "a text over its limit",
            &["$.faq[0].question"],
            Box::new(|f| f["faq"][0]["question"] = "Frage ".repeat(100).into()),
            "[...root.querySelectorAll('.is-faq-entry__question')].some(q => { const t = q.textContent.trim(); \
             return t.startsWith('Frage Frage') && t.endsWith('…') && [...t].length === 300; })"
                .into(),
        ),
        (
            "a date that cannot be read",
            &["$.incidents[0].updates[0].at"],
            Box::new(|f| f["incidents"][0]["updates"][0]["at"] = "gestern Nachmittag".into()),
            "[...root.querySelectorAll('.is-update__time')].some(t => t.textContent === 'unbekannt' && !t.hasAttribute('datetime'))".into(),
        ),
        (
            "a phone number that cannot become tel:",
            &["$.contacts[0].phone"],
            Box::new(|f| f["contacts"][0]["phone"] = "0800 5501234 oder 0800 5505678".into()),
            "root.textContent.includes('0800 5501234 oder 0800 5505678') \
             && ![...root.querySelectorAll('a[href^=\"tel:\"]')].some(a => a.textContent.includes('oder') || a.href.includes('5505678'))"
                .into(),
        ),
        (
            "an unsafe link",
            &["$.channels[0].url"],
            Box::new(|f| f["channels"][0]["url"] = "https://192.168.0.1/news".into()),
            "!!root.querySelector('.is-channel--mastodon .is-channel__name') && !root.querySelector('.is-channel--mastodon a') \
             && !root.querySelector('a[href*=\"192.168\"]') && !!root.querySelector('.is-channel--linkedin a')"
                .into(),
        ),
        (
            "an id that cannot be a deep link",
            &["$.faq[2].id"],
            Box::new(|f| f["faq"][2]["id"] = "Keine Id!".into()),
            format!(
                "root.querySelectorAll('.is-faq-entry').length === {faq_count} && root.querySelectorAll('.is-faq-entry:not([id])').length === 1 \
                 && !root.querySelector('[id*=\"Keine\"]')"
            ),
        ),
        (
            "a list over its count limit",
            &["$.advice"],
            Box::new(|f| f["advice"] = (0..53).map(|i| Value::from(format!("Hinweis Nummer {i}"))).collect::<Vec<_>>().into()),
            "root.querySelectorAll('.is-advice__item').length === 50 && root.textContent.includes('Hinweis Nummer 49') \
             && !root.textContent.includes('Hinweis Nummer 50') && root.textContent.includes('3 weitere Einträge werden hier nicht angezeigt.')"
                .into(),
        ),
        (
            "a list element of the wrong shape",
            &["$.faq[1]"],
            Box::new(|f| f["faq"][1]["question"] = 42.into()),
            format!("root.querySelectorAll('.is-faq-entry').length === {}", faq_count - 1),
        ),
    ];
    for (n, (kind, paths, edit, shown)) in kinds.into_iter().enumerate() {
        let title = format!("Meldung Nummer {n}");
        let mut feed: Value = serde_json::from_str(&feed_at(&format!("2026-11-20T1{n}:00:00+01:00"), Some((&format!("neu-{n}"), &title)))).unwrap();
        edit(&mut feed);
        let body = feed.to_string();
        case.browser.js("window.__captured.events = []; return 1", vec![]).await;
        case.then(move |_| Response::json(body.clone()));
        case.refresh().await;
        // The new feed is shown (its new update), with the item neutralised.
        case.wait(&format!("root.textContent.includes('{title}')")).await;
        let neutralised = case.wait(&format!("({shown}) || null")).await;
        assert_eq!(neutralised, Value::Bool(true), "{kind}: not shown as expected");
        let event = case.browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:neutralised')", WAIT).await;
        let named: Vec<&str> = event["detail"]["items"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
        assert_eq!(named, *paths, "{kind}: {event}");
        // The rest is intact, and nothing says "outdated".
        let rest = case
            .browser
            .in_widget(
                "return [!!root.querySelector('.is-notice'), root.textContent.includes('Cyber-Angriff auf unsere IT-Systeme'), \
                 !!root.querySelector('a[href=\"tel:+492215550100\"]'), root.querySelectorAll('.is-channel').length]",
            )
            .await;
        assert_eq!(rest, serde_json::json!([false, true, true, 3]), "{kind}: the rest of the feed");
        let errors = case.browser.js("return window.__captured.events.filter(e => e.type === 'incident-status:error').length", vec![]).await;
        assert_eq!(errors, Value::from(0), "{kind}: an item problem is no error");
    }
    case.finish().await;
}

/// A gzip body that inflates to `mib` MiB of spaces and then `tail`: valid
/// JSON for whoever reads it all, about 1 KB on the wire per MiB. Built from
/// one compressed MiB repeated, so that it costs no time to make: each
/// piece is compressed on its own and flushed in full (byte-aligned, with no
/// reference to earlier bytes), so copies of it can follow one another.
fn gzip_bomb(mib: usize, tail: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, Crc, FlushCompress, Status};
    fn deflate(data: &[u8], flush: FlushCompress) -> Vec<u8> {
        let mut compress = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() + 1024);
        let status = compress.compress_vec(data, &mut out, flush).unwrap();
        assert_eq!(compress.total_in(), data.len() as u64, "the output buffer was too small");
        assert!(flush != FlushCompress::Finish || status == Status::StreamEnd);
        out
    }
    let spaces = vec![b' '; 1 << 20];
    let piece = deflate(&spaces, FlushCompress::Full);
    let mut crc = Crc::new();
    let mut one = Crc::new();
    one.update(&spaces);
    let mut bomb = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]; // gzip, deflate, no name, no time
    for _ in 0..mib {
        bomb.extend_from_slice(&piece);
        crc.combine(&one);
    }
    bomb.extend_from_slice(&deflate(tail, FlushCompress::Finish));
    let mut last = Crc::new();
    last.update(tail);
    crc.combine(&last);
    bomb.extend_from_slice(&crc.sum().to_le_bytes());
    bomb.extend_from_slice(&crc.amount().to_le_bytes());
    bomb
}

#[test]
fn a_small_gzip_bomb_inflates_to_what_it_says() {
    use std::io::Read;
    let feed = example("cyberangriff.json");
    let mut inflated = String::new();
    flate2::read::GzDecoder::new(&gzip_bomb(3, feed.as_bytes())[..]).read_to_string(&mut inflated).unwrap();
    assert_eq!(inflated.len(), 3 * (1 << 20) + feed.len());
    assert!(inflated.starts_with("   ") && inflated.ends_with(&feed));
    // Leading white space is JSON's: whoever reads it all has a valid feed.
    assert!(incident_feed::parse_feed(&inflated).is_ok());
}

/// One answer over the 8 MiB cap, and what it should come to.
struct Oversized {
    name: &'static str,
    answer: Response,
    /// The body as the browser hands it to the page, in bytes.
    inflates_to: u64,
    code: &'static str,
}

/// The body read stops at the cap (8 MiB) whatever the server says about
/// the length and however it packs the body, in one browser: a body over
/// the cap sent chunked, with no length at all, or chunked under a small
/// `Content-Length`; a gzip bomb (half a megabyte on the wire, 512 MiB
/// inflated) with its true, small `Content-Length`; and a `Content-Length`
/// that claims a few bytes of a long body, which the browser believes (it
/// reads no more, so the lie can only shorten what the widget sees).
///
/// In each the fallback hotline shows with the right error event within a
/// few seconds; no process of the browser grows by more than a fraction of
/// what was offered (peak resident memory, from /proc, whatever holds it:
/// JS heap, wasm memory, network buffers, decoder); the page's JS heap
/// stays small; and, where the body is long on the wire, the server could
/// send only a little of it before the browser hung up.
#[tokio::test(flavor = "multi_thread")]
async fn the_body_read_stops_at_the_cap_whatever_the_length_and_encoding_say() {
    const MIB: u64 = 1 << 20;
    const SPACES_MIB: usize = 256;
    let spaces = vec![b' '; MIB as usize];
    let long = |framing: Framing| Response { framing, repeat: SPACES_MIB, ..Response::json(spaces.clone()) };
    let bomb = gzip_bomb(512, example("cyberangriff.json").as_bytes());
    let bomb_inflated = 512 * MIB + example("cyberangriff.json").len() as u64;
    println!("gzip bomb: {} KB on the wire, {} MiB inflated", bomb.len() / 1024, bomb_inflated / MIB);
    let cases = [
        Oversized { name: "chunked, no length", answer: long(Framing::Chunked), inflates_to: SPACES_MIB as u64 * MIB, code: "too-large" },
        Oversized { name: "no length, ends at close", answer: long(Framing::UntilClose), inflates_to: SPACES_MIB as u64 * MIB, code: "too-large" },
        Oversized {
            name: "chunked under Content-Length: 2000",
            answer: long(Framing::ChunkedClaiming(2000)),
            inflates_to: SPACES_MIB as u64 * MIB,
            code: "too-large",
        },
        Oversized { name: "gzip bomb", answer: Response::json(bomb.clone()).header("Content-Encoding", "gzip"), inflates_to: bomb_inflated, code: "too-large" },
        Oversized { name: "Content-Length: 2000 on a long body", answer: long(Framing::ClaimedLength(2000)), inflates_to: 2000, code: "broken-json" },
    ];
    let case = Case::start(|_| Response::status(404)).await;
    case.wait("root.querySelector('.is-fallback')").await;
    case.browser.cdp("Performance.enable", serde_json::json!({})).await;
    for Oversized { name, answer, inflates_to, code } in cases {
        let on_the_wire = answer.body.len() as u64 * answer.repeat as u64;
        let peaks_before: Vec<(u32, u64)> = case.browser.processes().iter().map(|p| (p.pid, p.peak_resident)).collect();
        case.feed.clear_traffic();
        case.then(move |_| answer.clone());
        let started = Instant::now();
        case.browser.goto(&case.host.url("/case.html")).await;
        let event = case.error_event(code).await;
        let took = started.elapsed();
        assert_eq!(event["detail"]["showingLastGoodCopy"], false, "{name}: {event}");
        let text = case.wait("root.querySelector('.is-fallback') && root.textContent").await;
        assert!(text.as_str().unwrap().contains("0800 5501234"), "{name}: no hotline in {text}");
        assert!(took < Duration::from_secs(8), "{name}: took {took:?}, the read did not stop early");
        let metrics = case.browser.cdp("Performance.getMetrics", serde_json::json!({})).await;
        let heap = metrics["metrics"].as_array().unwrap().iter().find(|m| m["name"] == "JSHeapUsedSize").unwrap()["value"].as_f64().unwrap() as u64;
        // How much each process of the browser grew at its peak (a new
        // process counts whole), the most first.
        let mut growth: Vec<(u64, String)> = case
            .browser
            .processes()
            .iter()
            .map(|p| {
                let before = peaks_before.iter().find(|(pid, _)| *pid == p.pid).map_or(0, |(_, peak)| *peak);
                (p.peak_resident.saturating_sub(before), p.kind.clone())
            })
            .collect();
        growth.sort_unstable_by(|a, b| b.cmp(a));
        let (grew, kind) = growth[0].clone();
        let renderer = growth.iter().find(|(_, kind)| kind == "renderer").map(|(grew, _)| *grew);
        assert!(renderer.is_some(), "no renderer among the browser's processes: {growth:?}");
        // The server hangs up on its own only after the whole body; a client
        // that stopped reading makes its next write fail.
        let deadline = Instant::now() + Duration::from_secs(10);
        let exchange = loop {
            if let Some(t) = case.feed.traffic().into_iter().find(|t| t.path == "/feed.json") {
                break t;
            }
            assert!(Instant::now() < deadline, "{name}: the server is still sending");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        println!(
            "{name}: `{code}` after {:.2} s; {} KB of {} KB sent ({}); JS heap {:.1} MiB; peak growth {:.1} MiB ({kind}), renderer {:.1} MiB, of {} processes; the body is {} KB",
            took.as_secs_f64(),
            exchange.sent / 1024,
            on_the_wire / 1024,
            if exchange.complete { "all of it" } else { "then the browser hung up" },
            heap as f64 / MIB as f64,
            grew as f64 / MIB as f64,
            renderer.unwrap_or(0) as f64 / MIB as f64,
            growth.len(),
            inflates_to / 1024,
        );
        assert!(heap < 64 * MIB, "{name}: JS heap {heap} bytes");
        assert!(grew < 96 * MIB, "{name}: a {kind} process grew by {grew} bytes at its peak");
        if on_the_wire > 64 * MIB {
            assert!(!exchange.complete && (exchange.sent as u64) < 64 * MIB, "{name}: the server sent {} bytes", exchange.sent);
        }
    }
    case.finish().await;
}

/// "Nächstes Update spätestens …": the promise of the next update shows in
/// the header, and when the page's clock is moved past it (no newer update,
/// no reload) the same widget says plainly that the update is overdue, on
/// its clock tick. A feed past its `expires_at` shows, freshly fetched, with
/// a "may be outdated" notice and the rest of the feed.
#[tokio::test(flavor = "multi_thread")]
async fn the_promised_next_update_turns_overdue_when_the_clock_passes_it_and_an_expired_feed_says_so() {
    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let now = std::time::SystemTime::now();
    let promised_by = e2e::server::rfc3339_utc(now + Duration::from_secs(2 * 3600));
    let mut promising: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    promising["updated_at"] = e2e::server::rfc3339_utc(now - Duration::from_secs(60)).into();
    promising["incidents"][0]["next_update_by"] = promised_by.clone().into();
    let mut expired: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    expired["updated_at"] = e2e::server::rfc3339_utc(now - Duration::from_secs(2 * 3600)).into();
    expired["expires_at"] = e2e::server::rfc3339_utc(now - Duration::from_secs(3600)).into();
    for (name, feed) in [("promising", &promising), ("expired", &expired)] {
        assert!(incident_feed::parse_feed(&feed.to_string()).is_ok(), "{name} is a valid feed");
    }
    let feeds = Server::start(None);
    let (promising, expired) = (promising.to_string(), expired.to_string());
    feeds.handle(move |r| match r.route() {
        "/promising.json" => Some(Response::json(promising.clone())),
        "/expired.json" => Some(Response::json(expired.clone())),
        _ => None,
    });
    let page = |feed: &str| {
        format!(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Next update</title><link rel="icon" href="data:,">
<script src="/capture.js"></script>
<script>
  // The reader's clock, moved by the test through window.__shift (ms).
  const RealDate = Date;
  window.__shift = 0;
  window.Date = class extends RealDate {{
    constructor(...a) {{ if (a.length === 0) super(RealDate.now() + window.__shift); else super(...a); }}
    static now() {{ return RealDate.now() + window.__shift; }}
  }};
</script>
<script type="module" src="{b}/incident-status.js"></script></head>
<body><incident-status feed="{f}/{feed}" fallback-phone="0800 5501234"></incident-status></body></html>"#,
            b = bundle.origin(),
            f = feeds.origin()
        )
    };
    let pages = [("/next-update.html".to_owned(), page("promising.json")), ("/expired.html".to_owned(), page("expired.json"))];
    host.handle(move |r| pages.iter().find(|(route, _)| r.route() == route).map(|(_, page)| Response::new(200, "text/html; charset=utf-8", page.clone())));
    let browser = Browser::start().await;
    let in_root = |js: &str| format!("(() => {{ const root = document.querySelector('incident-status').shadowRoot; if (!root || !root.querySelector('.is-header')) return null; return ({js}); }})()");

    browser.goto(&host.url("/next-update.html")).await;
    let promise = browser.wait_for(&in_root("root.querySelector('.is-header .is-next-update') && root.querySelector('.is-header .is-next-update').textContent"), WAIT).await;
    let promise = promise.as_str().unwrap().to_owned();
    assert!(promise.starts_with("Nächstes Update spätestens ") && promise.contains(" Uhr"), "{promise:?}");
    let datetime = browser.in_widget("return root.querySelector('.is-next-update time').getAttribute('datetime')").await;
    assert_eq!(datetime, Value::from(promised_by.as_str()));
    assert_eq!(browser.in_widget("return root.querySelectorAll('.is-next-update--overdue').length").await, Value::from(0));

    // Three hours later by the page's clock: past the promise, no newer update.
    browser.js("window.__shift = 3 * 3600 * 1000; return 1", vec![]).await;
    // The widget's clock ticks every 30 s; give it two ticks.
    let overdue = browser.wait_for(&in_root("root.querySelector('.is-header .is-next-update--overdue') && root.querySelector('.is-next-update--overdue').textContent"), Duration::from_secs(70)).await;
    let overdue = overdue.as_str().unwrap();
    assert!(overdue.starts_with("Das für ") && overdue.ends_with(" angekündigte Update steht noch aus."), "{overdue:?}");
    assert_eq!(browser.in_widget("return root.querySelectorAll('.is-next-update').length").await, Value::from(1), "the overdue message replaces the promise");
    // A reload would have reset the page's clock shift.
    assert_eq!(browser.js("return window.__shift", vec![]).await, Value::from(3 * 3600 * 1000), "the page was not reloaded");
    let captured = browser.js("return window.__captured.errors", vec![]).await;
    assert_eq!(captured, Value::Array(vec![]), "errors thrown into the host page");

    // Freshly fetched, yet past its expires_at: shown, with the notice.
    browser.goto(&host.url("/expired.html")).await;
    let notice = browser.wait_for(&in_root("root.querySelector('.is-notice') && root.querySelector('.is-notice').textContent"), WAIT).await;
    let notice = notice.as_str().unwrap();
    assert!(notice.starts_with("Diese Informationen sind möglicherweise veraltet: Sie galten bis "), "{notice:?}");
    let headline = browser.in_widget("return root.querySelector('.is-headline').textContent").await;
    assert!(headline.as_str().is_some_and(|h| !h.is_empty()), "the feed is shown: {headline}");
    let captured = browser.js("return window.__captured.errors", vec![]).await;
    assert_eq!(captured, Value::Array(vec![]), "errors thrown into the host page");
    browser.close().await;
}
