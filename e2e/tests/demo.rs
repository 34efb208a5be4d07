//! The demo pages from `dist/`, in headless Chromium: the German example feed
//! rendered whole, the compact banner on the portal page, and the README's
//! screenshots.

use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::Server;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

fn feed() -> Value {
    serde_json::from_str(&std::fs::read_to_string(e2e::root().join("examples/feeds/cyberangriff.json")).unwrap()).unwrap()
}

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await;
    browser
        .wait_for(
            "(() => { const h = document.querySelector('incident-status'); return h && h.shadowRoot && h.shadowRoot.querySelector('.is-root .is-header, .is-root .is-compact'); })()",
            WAIT,
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn corporate_page_renders_the_whole_german_feed() {
    let server = Server::start(Some(e2e::dist()));
    let browser = Browser::start().await;
    open(&browser, &server.url("/index.html")).await;
    let feed = feed();
    let text = browser.in_widget("return root.textContent").await;
    let text = text.as_str().unwrap();
    let de = |v: &Value| v.get("de").and_then(Value::as_str).or(v.as_str()).unwrap().to_owned();
    for update in feed["incidents"][0]["updates"].as_array().unwrap() {
        let id = update["id"].as_str().unwrap();
        let found = browser.in_widget(&format!("return !!root.getElementById('update-{id}')")).await;
        assert_eq!(found, Value::Bool(true), "update {id} has no element");
        let title = de(&update["title"]);
        assert!(text.contains(&title), "update title {title:?} not shown");
    }
    for entry in feed["faq"].as_array().unwrap() {
        let question = de(&entry["question"]);
        assert!(text.contains(&question), "FAQ {question:?} not shown");
    }
    for advice in feed["advice"].as_array().unwrap() {
        assert!(text.contains(&de(advice)), "advice {:?} not shown", de(advice));
    }
    let tel = browser.in_widget("return [...root.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.getAttribute('href'))").await;
    let tel: Vec<&str> = tel.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(tel.contains(&"tel:+498005501234") && tel.contains(&"tel:+492215550100"), "{tel:?}");
    // Whom to call comes first: the header's call buttons, right under the
    // headline, before the advice, the services and the timeline.
    let calls = browser
        .in_widget("return [...root.querySelectorAll('.is-header .is-hotlines a.is-call__button')].map(a => [a.getAttribute('href'), a.textContent, Math.round(a.getBoundingClientRect().height)])")
        .await;
    let calls = calls.as_array().unwrap();
    assert_eq!(calls.len(), 2, "two call buttons in the header: {calls:?}");
    assert_eq!(calls[0][0], Value::from("tel:+498005501234"));
    assert!(calls[0][1].as_str().unwrap().contains("0800 5501234"), "{calls:?}");
    assert!(calls.iter().all(|c| c[2].as_i64().unwrap() >= 44), "call buttons are at least 44 px high: {calls:?}");
    let first_tel_in_header = browser
        .in_widget("const tel = root.querySelector('a[href^=\"tel:\"]'); return !!tel.closest('.is-header') && tel.getBoundingClientRect().top < root.querySelector('.is-timeline').getBoundingClientRect().top")
        .await;
    assert_eq!(first_tel_in_header, Value::from(true), "the first tel: link is the header's, above the timeline");
    let channels = browser.in_widget("return [...root.querySelectorAll('a')].filter(a => /social.example|linkedin|facebook/.test(a.href)).length").await;
    assert_eq!(channels, Value::from(3));
    // The page's CSS does not reach into the shadow root, and ours is loaded there.
    let styled = browser.in_widget("return getComputedStyle(root.querySelector('.is-root')).display !== 'inline'").await;
    assert_eq!(styled, Value::Bool(true));
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_as_you_type_narrows_highlights_and_falls_back_to_hotlines() {
    let server = Server::start(Some(e2e::dist()));
    let browser = Browser::start().await;
    open(&browser, &server.url("/index.html")).await;
    let search = r#"
        const input = root.querySelector('input[type=search]');
        input.value = arguments_query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return true;"#;
    browser.in_widget(&search.replace("arguments_query", "'Pasword'")).await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('mark')", WAIT).await;
    let first = browser.in_widget("return root.querySelector('.is-faq-entry, [id^=faq-]').id").await;
    assert_eq!(first, Value::from("faq-passwort-aendern"));
    // The marked word shares its line box with the words around it: the
    // last line of the text before the mark and the first line of the text
    // after it are at the mark's height (a column flexbox stacked them).
    let lines = browser
        .in_widget(
            r#"const mark = root.querySelector('.is-faq-entry .is-toggle mark');
            const line = (node, last) => { const range = document.createRange(); range.selectNodeContents(node);
                const rects = [...range.getClientRects()].filter(r => r.width > 0); return rects.length ? Math.round((last ? rects[rects.length - 1] : rects[0]).top) : null; };
            const before = mark.previousSibling, after = mark.nextSibling;
            return [before && line(before, true), Math.round(mark.getClientRects()[0].top), after && line(after, false), mark.closest('button').textContent];"#,
        )
        .await;
    let lines = lines.as_array().expect("three line positions and the question").clone();
    assert!(lines[0].is_number() && lines[2].is_number(), "the question has words before and after its mark: {lines:?}");
    assert_eq!(lines[0], lines[1], "the mark starts a new line: {lines:?}");
    assert_eq!(lines[1], lines[2], "the text after the mark is on another line: {lines:?}");
    browser.in_widget(&search.replace("arguments_query", "'xyzzyqq'")).await;
    let hotline = browser
        .wait_for(
            "(() => { const r = document.querySelector('incident-status').shadowRoot; return r.querySelector('.is-faq .is-no-match a[href=\"tel:+498005501234\"]') && !r.querySelector('mark') ? r.querySelector('.is-faq').textContent : null; })()",
            WAIT,
        )
        .await;
    assert!(hotline.as_str().unwrap().contains("0800 5501234"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn portal_login_keeps_focus_with_the_compact_banner() {
    let server = Server::start(Some(e2e::dist()));
    let browser = Browser::start().await;
    browser.goto(&server.url("/index.html?page=portal")).await;
    browser.js("document.querySelector('input[name=email]').focus(); return true", vec![]).await;
    let before = browser.js("return document.querySelector('form').getBoundingClientRect().top", vec![]).await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-compact')", WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let focused = browser.js("return document.activeElement && document.activeElement.name", vec![]).await;
    assert_eq!(focused, Value::from("email"), "the compact banner moved focus");
    let after = browser.js("return document.querySelector('form').getBoundingClientRect().top", vec![]).await;
    let moved = (before.as_f64().unwrap() - after.as_f64().unwrap()).abs();
    assert!(moved < 1.0, "the login form moved by {moved}px when the banner loaded");
    browser.close().await;
}

/// The README's screenshots, taken from the real bundle.
#[tokio::test(flavor = "multi_thread")]
async fn screenshots_for_the_readme() {
    let server = Server::start(Some(e2e::dist()));
    let dir = e2e::root().join("docs/screenshots");
    for (name, query, dark) in [
        ("full-de-light", "?lang=de&theme=light", false),
        ("full-en-dark", "?lang=en&theme=dark", true),
        ("compact-de-light", "?page=portal&lang=de&theme=light", false),
        ("compact-en-dark", "?page=portal&lang=en&theme=dark", true),
    ] {
        let mut options = Options { width: 1000, height: 1400, ..Options::default() };
        if dark {
            options.args.push("--force-dark-mode".into());
        }
        if name.starts_with("compact") {
            options.height = 700;
        }
        let browser = Browser::with(options).await;
        open(&browser, &server.url(&format!("/index.html{query}"))).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        browser.screenshot(&dir.join(format!("{name}.png"))).await;
        browser.close().await;
    }
}
