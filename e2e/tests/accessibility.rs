//! Accessibility of the widget in headless Chromium: axe-core (WCAG 2.0, 2.1
//! and 2.2, levels A and AA) on the demo in every state, then what axe cannot
//! check: keyboard order and focus ring, Enter and Space on a timeline entry,
//! reflow at 320 px and at 200 % zoom, forced colours, reduced motion.
//!
//! axe traverses open shadow roots, so it checks the widget's own markup
//! inside `<incident-status>`. Only the demo's own switcher (`.demo-bar`) may
//! be excluded; it is not part of the widget.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::{Response, Server};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
/// The demo's own chrome, not the widget: its switcher links are 16 px high
/// and close together, which fails `target-size` (WCAG 2.2 AA 2.5.8). Nothing
/// else is excluded.
const EXCLUDE: &[&str] = &[".demo-bar"];

const RENDERED: &str = "(() => { const h = document.querySelector('incident-status'); const r = h && h.shadowRoot; return r && r.querySelector('.is-root .is-header, .is-root .is-compact, .is-root .is-fallback__message'); })()";

fn axe_source() -> String {
    let path = e2e::root().join("tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask install`)", path.display()))
}

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await;
    browser.wait_for(RENDERED, WAIT).await;
    // Let the widget settle (fonts, relative times, the CSS in the shadow root).
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// Runs axe on the whole document and returns the violations, one line per
/// rule with its impact, help and every offending node.
async fn axe(browser: &Browser) -> Vec<String> {
    let loaded = browser
        .js(
            "if (!window.axe) { const s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); } return typeof window.axe",
            vec![json!(axe_source())],
        )
        .await;
    assert_eq!(loaded, json!("object"), "axe-core did not load");
    let result = browser
        .js_async(
            r#"const [tags, exclude, done] = arguments;
               const context = { include: [document], exclude: exclude.map((s) => [s]) };
               axe.run(context, { runOnly: { type: 'tag', values: tags } })
                 .then((r) => done({
                   violations: r.violations.map((v) => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary, html: n.html.slice(0, 200) })),
                   })),
                   // Checks that passed on nodes inside a shadow root (their target is a path through the host).
                   shadow: r.passes.flatMap((p) => p.nodes.filter((n) => Array.isArray(n.target[0]) || n.target.length > 1).map(() => p.id)),
                 }))
                 .catch((e) => done({ error: String(e && e.stack || e) }));"#,
            vec![json!(TAGS), json!(EXCLUDE)],
        )
        .await;
    if let Some(error) = result.get("error") {
        panic!("axe failed: {error}");
    }
    let shadow = result["shadow"].as_array().unwrap();
    let rules: std::collections::BTreeSet<&str> = shadow.iter().filter_map(Value::as_str).collect();
    assert!(
        rules.contains("color-contrast") && shadow.len() >= 10,
        "axe checked too little inside the widget's shadow root: {} checks ({rules:?})",
        shadow.len()
    );
    result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| format!("    {} {}\n      {}", n["target"], n["html"].as_str().unwrap_or(""), n["summary"].as_str().unwrap_or("").replace('\n', "\n      ")))
                .collect();
            format!("{} ({}): {}\n{}", v["id"].as_str().unwrap(), v["impact"].as_str().unwrap_or("?"), v["help"].as_str().unwrap(), nodes.join("\n"))
        })
        .collect()
}

/// Checks one state; collects its violations under its name.
async fn check(browser: &Browser, state: &str, report: &mut Vec<String>) {
    let violations = axe(browser).await;
    eprintln!("axe: {state}: {} violations", violations.len());
    for v in violations {
        report.push(format!("[{state}] {v}"));
    }
}

fn assert_clean(report: &[String], states: usize) {
    assert!(report.is_empty(), "axe found {} violations in {states} states:\n\n{}", report.len(), report.join("\n\n"));
}

async fn search(browser: &Browser, query: &str) {
    browser
        .in_widget(&format!(
            "const input = root.querySelector('input[type=search]'); input.value = {}; input.dispatchEvent(new Event('input', {{ bubbles: true }})); return true",
            json!(query)
        ))
        .await;
}

async fn click(browser: &Browser, selector: &str) {
    let clicked = browser.in_widget(&format!("const b = root.querySelector({}); if (!b) return false; b.click(); return true", json!(selector))).await;
    assert_eq!(clicked, json!(true), "no {selector} in the widget");
    tokio::time::sleep(Duration::from_millis(150)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_any_state_light() {
    let server = Server::start(Some(e2e::dist()));
    let browser = Browser::start().await;
    let mut report = Vec::new();
    let mut states = 0;
    for lang in ["de", "en"] {
        open(&browser, &server.url(&format!("/index.html?lang={lang}&theme=light"))).await;
        check(&browser, &format!("full {lang} light"), &mut report).await;
        click(&browser, ".is-expand-all").await;
        let expanded = browser.in_widget("return root.querySelectorAll('.is-update .is-toggle[aria-expanded=true]').length").await;
        assert!(expanded.as_u64().unwrap() >= 3, "expand all opened {expanded}");
        check(&browser, &format!("full {lang} light, timeline expanded"), &mut report).await;
        click(&browser, ".is-collapse-all").await;
        let expanded = browser.in_widget("return root.querySelectorAll('.is-update .is-toggle[aria-expanded=true]').length").await;
        assert_eq!(expanded, json!(0));
        check(&browser, &format!("full {lang} light, timeline collapsed"), &mut report).await;
        search(&browser, if lang == "de" { "Passwort" } else { "password" }).await;
        browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-faq__list--results mark')", WAIT).await;
        check(&browser, &format!("full {lang} light, FAQ with results"), &mut report).await;
        search(&browser, "xyzzyqq").await;
        browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-no-match')", WAIT).await;
        check(&browser, &format!("full {lang} light, FAQ without results"), &mut report).await;
        // Compact, collapsed and expanded.
        open(&browser, &server.url(&format!("/index.html?page=portal&lang={lang}&theme=light"))).await;
        check(&browser, &format!("compact {lang} light"), &mut report).await;
        click(&browser, ".is-more").await;
        check(&browser, &format!("compact {lang} light, expanded"), &mut report).await;
        // The feed does not exist: words, hotline and link.
        open(&browser, &server.url(&format!("/index.html?feed=does-not-exist&lang={lang}&theme=light"))).await;
        browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-fallback__phone')", WAIT).await;
        check(&browser, &format!("fallback {lang} light"), &mut report).await;
        // The other example feeds: resolved, maintenance, all clear.
        for feed in ["resolved", "maintenance", "all-clear"] {
            open(&browser, &server.url(&format!("/index.html?feed={feed}&lang={lang}&theme=light"))).await;
            check(&browser, &format!("full {lang} light, feed {feed}"), &mut report).await;
        }
        states += 10;
    }
    // The check itself: a violation planted inside the shadow root is found.
    open(&browser, &server.url("/index.html?theme=light")).await;
    browser.in_widget("root.querySelector('.is-headline').style.color = '#ddd'; return true").await;
    let planted = axe(&browser).await;
    assert!(planted.iter().any(|v| v.starts_with("color-contrast") && v.contains("is-headline")), "axe missed a planted contrast failure: {planted:#?}");
    browser.close().await;
    assert_clean(&report, states);
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_any_state_dark() {
    let server = Server::start(Some(e2e::dist()));
    let browser = Browser::with(Options { args: vec!["--force-dark-mode".into()], ..Options::default() }).await;
    let dark = browser.js("return matchMedia('(prefers-color-scheme: dark)').matches", vec![]).await;
    assert_eq!(dark, json!(true), "--force-dark-mode did not make the reader prefer dark");
    let mut report = Vec::new();
    let mut states = 0;
    for lang in ["de", "en"] {
        // Dark by the theme attribute, and by the reader's preference (theme auto).
        for theme in ["dark", "auto"] {
            open(&browser, &server.url(&format!("/index.html?lang={lang}&theme={theme}"))).await;
            let bg = browser.in_widget("return getComputedStyle(root.querySelector('.is-header')).backgroundColor").await;
            assert_eq!(bg, json!("rgb(22, 27, 34)"), "not dark ({theme})");
            check(&browser, &format!("full {lang} {theme} (dark)"), &mut report).await;
            click(&browser, ".is-expand-all").await;
            check(&browser, &format!("full {lang} {theme} (dark), timeline expanded"), &mut report).await;
            click(&browser, ".is-collapse-all").await;
            check(&browser, &format!("full {lang} {theme} (dark), timeline collapsed"), &mut report).await;
            search(&browser, if lang == "de" { "Passwort" } else { "password" }).await;
            browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-faq__list--results mark')", WAIT).await;
            check(&browser, &format!("full {lang} {theme} (dark), FAQ with results"), &mut report).await;
            search(&browser, "xyzzyqq").await;
            browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-no-match')", WAIT).await;
            check(&browser, &format!("full {lang} {theme} (dark), FAQ without results"), &mut report).await;
            open(&browser, &server.url(&format!("/index.html?page=portal&lang={lang}&theme={theme}"))).await;
            check(&browser, &format!("compact {lang} {theme} (dark)"), &mut report).await;
            click(&browser, ".is-more").await;
            check(&browser, &format!("compact {lang} {theme} (dark), expanded"), &mut report).await;
            open(&browser, &server.url(&format!("/index.html?feed=does-not-exist&lang={lang}&theme={theme}"))).await;
            browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-fallback__phone')", WAIT).await;
            check(&browser, &format!("fallback {lang} {theme} (dark)"), &mut report).await;
            states += 8;
        }
    }
    browser.close().await;
    assert_clean(&report, states);
}

/// The stale notice: the last good copy is shown (from localStorage) while
/// the feed's server fails.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_with_the_stale_notice() {
    let server = Server::start(Some(e2e::dist()));
    let failing = Arc::new(AtomicBool::new(false));
    {
        let failing = failing.clone();
        server.handle(move |request| {
            (failing.load(Ordering::SeqCst) && request.route().ends_with("/cyberangriff.json")).then(|| Response::status(500))
        });
    }
    let mut report = Vec::new();
    let mut states = 0;
    for (theme, args) in [("light", vec![]), ("dark", vec!["--force-dark-mode".to_owned()])] {
        let browser = Browser::with(Options { args, ..Options::default() }).await;
        for lang in ["de", "en"] {
            failing.store(false, Ordering::SeqCst);
            for page in ["", "page=portal&"] {
                let url = server.url(&format!("/index.html?{page}lang={lang}&theme={theme}"));
                open(&browser, &url).await;
                let cached = browser.js("return Object.keys(localStorage).length", vec![]).await;
                assert!(cached.as_u64().unwrap() > 0, "nothing cached in localStorage");
                failing.store(true, Ordering::SeqCst);
                open(&browser, &url).await;
                browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-notice')", WAIT).await;
                let text = browser.in_widget("return root.querySelector('.is-notice').textContent").await;
                eprintln!("stale notice ({lang}): {text}");
                let content = browser.in_widget("return !!root.querySelector('.is-header, .is-compact')").await;
                assert_eq!(content, json!(true), "the last good copy is not shown");
                check(&browser, &format!("stale notice {page}{lang} {theme}"), &mut report).await;
                failing.store(false, Ordering::SeqCst);
                states += 1;
            }
        }
        browser.close().await;
    }
    assert_clean(&report, states);
}
