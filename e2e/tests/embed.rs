//! Embedding on other people's pages: the bundle, the host page and the feed
//! each on their own loopback origin, under a strict CSP, with hostile CSS,
//! several widgets, a tampered wasm file, and the README's snippets pasted as
//! they are.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use e2e::browser::Browser;
use e2e::server::{Response, Server};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

/// The three origins of a real embedding: the customer's page, our CDN, the feed host.
struct Origins {
    host: Server,
    bundle: Server,
    feed: Server,
}

impl Origins {
    fn start() -> Origins {
        Origins { host: Server::start(None), bundle: Server::start(Some(e2e::dist())), feed: Server::start(Some(e2e::root().join("examples/feeds"))) }
    }

    /// Serves `tests/fixtures/<name>` from the host origin with the
    /// placeholders filled in, under `csp` when given.
    fn page(&self, name: &str, csp: Option<String>, extra: Vec<(&'static str, String)>) -> String {
        let fixtures = e2e::root().join("tests/fixtures");
        let mut replacements = vec![("{{BUNDLE}}", self.bundle.origin()), ("{{FEED}}", self.feed.origin())];
        replacements.extend(extra);
        let replacements = Arc::new(replacements);
        let page = format!("/{name}");
        self.host.handle(move |request| {
            let route = request.route();
            let file = route.trim_start_matches('/');
            if file.is_empty() || file.contains("..") {
                return None;
            }
            let body = std::fs::read_to_string(fixtures.join(file)).ok()?;
            let content_type = match PathBuf::from(file).extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                _ => "text/javascript",
            };
            let mut body = body;
            for (from, to) in replacements.iter() {
                body = body.replace(from, to);
            }
            let mut response = Response::new(200, content_type, body);
            if route == page {
                if let Some(csp) = &csp {
                    response = response.header("Content-Security-Policy", csp);
                }
            }
            Some(response)
        });
        self.host.url(&format!("/{name}"))
    }

    /// The strict policy from the embedding guide, for these origins.
    fn strict_csp(&self) -> String {
        format!(
            "default-src 'self'; script-src 'self' {b} 'wasm-unsafe-eval'; style-src 'self' {b}; connect-src {f} {b}; img-src 'self' data:",
            b = self.bundle.origin(),
            f = self.feed.origin()
        )
    }
}

async fn captured(browser: &Browser) -> Value {
    browser.js("return window.__captured", vec![]).await
}

async fn wait_rendered(browser: &Browser, n: usize) {
    browser
        .wait_for(
            &format!(
                "(() => {{ const h = document.querySelectorAll('incident-status')[{n}]; return h && h.shadowRoot && h.shadowRoot.querySelector('.is-root .is-header, .is-root .is-compact'); }})()"
            ),
            WAIT,
        )
        .await;
}

fn assert_clean(captured: &Value, errors: &[String]) {
    assert_eq!(captured["violations"], Value::Array(vec![]), "CSP violations");
    assert_eq!(captured["errors"], Value::Array(vec![]), "errors in the page");
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_page_with_strict_csp_renders_the_widget_cleanly() {
    let origins = Origins::start();
    let url = origins.page("hostile-host.html", Some(origins.strict_csp()), vec![]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    wait_rendered(&browser, 0).await;
    // Rendered where data-target says, and really visible despite the page's CSS.
    let placed = browser.js("return document.querySelector('#status > incident-status') !== null", vec![]).await;
    assert_eq!(placed, Value::Bool(true));
    let look = browser
        .in_widget(
            "const r = root.querySelector('.is-root'); const s = getComputedStyle(r); const h = getComputedStyle(root.querySelector('.is-header'));
             return { display: s.display, visibility: h.visibility, bg: s.backgroundColor, color: s.color, width: r.getBoundingClientRect().width,
                      hostDisplay: getComputedStyle(host).display, text: r.textContent.length }",
        )
        .await;
    assert_eq!(look["visibility"], "visible", "{look}");
    assert_ne!(look["display"], "none", "{look}");
    assert_eq!(look["hostDisplay"], "block", "{look}");
    assert_ne!(look["bg"], "rgb(0, 255, 0)", "host background leaked in: {look}");
    assert_ne!(look["color"], "rgb(255, 0, 255)", "host colour leaked in: {look}");
    assert!(look["width"].as_f64().unwrap() > 200.0, "{look}");
    assert!(look["text"].as_u64().unwrap() > 1000, "{look}");
    // Our styles do not leak out.
    let outside = browser.js("return getComputedStyle(document.querySelector('#after')).color", vec![]).await;
    assert_eq!(outside, "rgb(255, 0, 255)");
    let loaded = browser.wait_for("window.__captured.events.some(e => e.type === 'incident-status:loaded')", WAIT).await;
    assert_eq!(loaded, Value::Bool(true));
    assert_clean(&captured(&browser).await, &browser.console_errors().await);
    browser.close().await;
}

/// Trusted Types: what happens when the page also requires them for scripts.
#[tokio::test(flavor = "multi_thread")]
async fn trusted_types_policy_is_respected() {
    let origins = Origins::start();
    let csp = format!("{}; require-trusted-types-for 'script'", origins.strict_csp());
    let url = origins.page("hostile-host.html", Some(csp), vec![]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    wait_rendered(&browser, 0).await;
    // Type in the search field: the highlighting path must not need innerHTML either.
    browser.in_widget("const i = root.querySelector('input[type=search]'); i.value = 'passwort'; i.dispatchEvent(new Event('input')); return 1").await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('mark')", WAIT).await;
    assert_clean(&captured(&browser).await, &browser.console_errors().await);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn portal_login_form_keeps_focus_and_does_not_move() {
    let origins = Origins::start();
    let url = origins.page("portal-login.html", Some(origins.strict_csp()), vec![]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    // The form is laid out before the widget arrives; record where it is.
    let before =
        browser.js("document.querySelector('input[name=email]').focus(); return document.querySelector('#login').getBoundingClientRect().top", vec![]).await;
    wait_rendered(&browser, 0).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = browser.js("return [document.activeElement.name, document.querySelector('#login').getBoundingClientRect().top]", vec![]).await;
    assert_eq!(after[0], "email", "focus moved away from the login form");
    let shift = (after[1].as_f64().unwrap() - before.as_f64().unwrap()).abs();
    assert!(shift < 1.0, "the login form moved by {shift}px");
    // The browser's own measure: the cumulative layout shift of the page's
    // `layout-shift` entries (buffered, so those from before this call count).
    browser
        .js(
            "window.__cls = 0; window.__shifts = [];
             new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push(e.sources.map(s => s.node && s.node.nodeName)); } } })
               .observe({ type: 'layout-shift', buffered: true });
             return true",
            vec![],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let cls = browser.js("return [window.__cls, window.__shifts]", vec![]).await;
    assert_eq!(cls[0].as_f64(), Some(0.0), "the page's layout shifted (CLS, shifted nodes): {cls}");
    assert_clean(&captured(&browser).await, &browser.console_errors().await);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_widgets_on_several_feeds_share_one_registration_and_one_poller_per_feed() {
    let origins = Origins::start();
    let url = origins.page("many-widgets.html", None, vec![]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    for n in 0..3 {
        wait_rendered(&browser, n).await;
    }
    let state = browser
        .js(
            "const hosts = [...document.querySelectorAll('incident-status')];
             return { count: hosts.length, modes: hosts.map(h => h.shadowRoot.querySelector('.is-compact') ? 'compact' : 'full'),
                      texts: hosts.map(h => h.shadowRoot.textContent.slice(0, 400)),
                      defined: customElements.get('incident-status') !== undefined }",
            vec![],
        )
        .await;
    assert_eq!(state["count"], 3, "{state}");
    assert_eq!(state["modes"], serde_json::json!(["full", "compact", "compact"]));
    assert!(state["texts"][0].as_str().unwrap().contains("Cyber-Angriff"), "{state}");
    assert!(state["texts"][1].as_str().unwrap().contains("maintenance") || state["texts"][1].as_str().unwrap().contains("Maintenance"), "{state}");
    // One request per feed URL however many widgets show it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(origins.feed.requests_to("/cyberangriff.json").len(), 1, "{:?}", origins.feed.requests());
    assert_eq!(origins.feed.requests_to("/maintenance.json").len(), 1);
    // Live attributes: switching the language re-renders in place.
    browser.js("document.querySelector('#one').setAttribute('lang', 'en'); return 1", vec![]).await;
    browser.wait_for("document.querySelector('#one').shadowRoot.textContent.includes('Cyber attack')", WAIT).await;
    // Removing an element stops its requests: refresh() on a removed element does nothing,
    // and the other widget on that feed keeps the source alive.
    browser.js("document.querySelector('#one').remove(); return 1", vec![]).await;
    origins.feed.clear_log();
    browser.js("document.querySelectorAll('incident-status')[1].refresh(); return 1", vec![]).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(origins.feed.requests_to("/cyberangriff.json").len(), 1, "the remaining widget still polls its feed");
    // The JS API: search() answers from the shown feed, once the search has
    // loaded (the first call starts loading it; until then it answers []).
    let hits = browser
        .wait_for("(() => { const h = document.querySelectorAll('incident-status')[1].search('password').map(h => h.id); return h.length && h; })()", WAIT)
        .await;
    assert_eq!(hits[0], "passwort-aendern", "{hits}");
    assert_clean(&captured(&browser).await, &browser.console_errors().await);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tampered_wasm_with_integrity_shows_the_fallback_and_runs_nothing() {
    let origins = Origins::start();
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(e2e::dist().join("manifest.json")).unwrap()).unwrap();
    let integrity = manifest["files"]["incident-status_bg.wasm"]["integrity"].as_str().unwrap().to_owned();
    // The CDN now serves a modified file under the same name.
    let mut wasm = std::fs::read(e2e::dist().join("incident-status_bg.wasm")).unwrap();
    let last = wasm.len() - 1;
    wasm[last] ^= 0x01;
    origins.bundle.handle(move |request| (request.route() == "/incident-status_bg.wasm").then(|| Response::new(200, "application/wasm", wasm.clone())));
    let url = origins.page("integrity.html", Some(origins.strict_csp()), vec![("{{WASM_INTEGRITY}}", integrity)]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    let event =
        browser.wait_for("window.__captured.events.find(e => e.type === 'incident-status:error' && e.detail.code === 'bundle-unavailable')", WAIT).await;
    assert!(!event["detail"]["message"].as_str().unwrap_or("").is_empty(), "{event}");
    let state = browser
        .js(
            "const h = document.querySelector('incident-status'); const slot = h.shadowRoot.querySelector('slot');
             return { slotShown: !slot.hidden, fallbackVisible: document.querySelector('#fallback').getBoundingClientRect().height > 0,
                      rendered: !!h.shadowRoot.querySelector('.is-root') }",
            vec![],
        )
        .await;
    assert_eq!(state, serde_json::json!({ "slotShown": true, "fallbackVisible": true, "rendered": false }));
    // Nothing ran: no feed was requested.
    assert!(origins.feed.requests().is_empty(), "the tampered bundle fetched {:?}", origins.feed.requests());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feed_that_is_not_http_is_refused_visibly_and_nothing_is_fetched() {
    let origins = Origins::start();
    let url = origins.page("blank.html", None, vec![(
        "{{SNIPPET}}",
        format!(r#"<script type="module" src="{}/incident-status.js"></script><incident-status feed="javascript:alert(1)" fallback-phone="0800 5501234"></incident-status>"#, origins.bundle.origin()),
    )]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    let event = browser.wait_for("window.__captured.events.find(e => e.detail.code === 'invalid-feed-url')", WAIT).await;
    assert_eq!(event["type"], "incident-status:error");
    let text = browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('a[href=\"tel:+498005501234\"]') && document.querySelector('incident-status').shadowRoot.textContent", WAIT).await;
    assert!(text.as_str().unwrap().contains("0800 5501234"));
    assert!(origins.feed.requests().is_empty());
    browser.close().await;
}

/// The README's embed snippets, copied as they are into a blank page; only
/// the example hosts are pointed at the test servers.
#[tokio::test(flavor = "multi_thread")]
async fn readme_snippets_work_as_written() {
    let readme = std::fs::read_to_string(e2e::root().join("README.md")).unwrap();
    let snippets: Vec<String> = readme
        .split("<!-- embed-snippet -->")
        .skip(1)
        .map(|part| {
            let code = part.split("```html").nth(1).expect("```html block after the marker");
            code.split("```").next().unwrap().trim().to_owned()
        })
        .collect();
    assert!(snippets.len() >= 2, "README has {} embed snippets", snippets.len());
    for snippet in snippets {
        let origins = Origins::start();
        let pasted = snippet
            .replace("https://cdn.example.com/incident-status/v1", &origins.bundle.origin())
            .replace("https://status.example.com/feed.json", &format!("{}/cyberangriff.json", origins.feed.origin()));
        let url = origins.page("blank.html", Some(origins.strict_csp()), vec![("{{SNIPPET}}", pasted)]);
        let browser = Browser::start().await;
        browser.goto(&url).await;
        wait_rendered(&browser, 0).await;
        assert_clean(&captured(&browser).await, &browser.console_errors().await);
        browser.close().await;
    }
}

/// `format="statuspage"`: an Atlassian Statuspage v2 `summary.json` read directly.
#[tokio::test(flavor = "multi_thread")]
async fn statuspage_summary_is_read_directly() {
    let origins = Origins::start();
    let summary = std::fs::read_to_string(e2e::root().join("crates/incident-feed-cli/tests/data/statuspage/summary.json")).unwrap();
    let expected: Value = serde_json::from_str(&summary).unwrap();
    origins.feed.handle(move |r| (r.route() == "/api/v2/summary.json").then(|| Response::json(summary.clone())));
    let snippet = format!(
        r#"<script type="module" src="{}/incident-status.js"></script><incident-status feed="{}/api/v2/summary.json" format="statuspage" lang="en"></incident-status>"#,
        origins.bundle.origin(),
        origins.feed.origin()
    );
    let url = origins.page("blank.html", Some(origins.strict_csp()), vec![("{{SNIPPET}}", snippet)]);
    let browser = Browser::start().await;
    browser.goto(&url).await;
    wait_rendered(&browser, 0).await;
    let text = browser.in_widget("return root.textContent").await;
    let text = text.as_str().unwrap();
    let incident = expected["incidents"][0]["name"].as_str().unwrap();
    assert!(text.contains(incident), "incident {incident:?} not shown in {text:?}");
    let component = expected["components"][0]["name"].as_str().unwrap();
    assert!(text.contains(component), "component {component:?} not shown");
    assert_clean(&captured(&browser).await, &browser.console_errors().await);
    browser.close().await;
}
