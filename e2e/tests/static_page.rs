//! The no-JavaScript fallback page (`incident-feed render`) in headless
//! Chromium: complete, and clean under axe-core's WCAG 2.x A/AA rules.

use std::time::Duration;

use e2e::browser::Browser;
use e2e::server::{Response, Server};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn rendered_static_page_is_complete_and_passes_axe() {
    let json = std::fs::read_to_string(e2e::root().join("examples/feeds/cyberangriff.json")).unwrap();
    let feed = incident_feed::parse_feed(&json).unwrap();
    let axe = std::fs::read_to_string(e2e::root().join("tools/node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed by `cargo xtask install` into tools/node_modules");
    for lang in ["de", "en"] {
        let page = incident_publish::render::render_page(&feed, lang, None);
        let server = Server::start(None);
        server.handle(move |r| (r.route() == "/status.html").then(|| Response::new(200, "text/html; charset=utf-8", page.clone())));
        let browser = Browser::start().await;
        browser.goto(&server.url("/status.html")).await;
        let text = browser.js("return document.body.textContent", vec![]).await;
        let text = text.as_str().unwrap();
        for entry in &feed.faq {
            assert!(text.contains(entry.question.get(lang, "de")), "{lang}: FAQ {} missing", entry.id);
        }
        for update in &feed.incidents[0].updates {
            let first_paragraph = update.body.get(lang, "de").split("\n\n").next().unwrap();
            assert!(text.contains(first_paragraph), "{lang}: update {} missing", update.id);
        }
        for contact in feed.contacts.iter().filter_map(|c| c.phone.as_deref()) {
            assert!(text.contains(contact), "{lang}: hotline {contact} missing");
        }
        let scripts = browser.js("return document.querySelectorAll('script').length", vec![]).await;
        assert_eq!(scripts, Value::from(0), "the fallback page must work without JavaScript");
        browser.js(&axe, vec![]).await;
        let result = browser
            .js_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }))),
                          e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await;
        assert_eq!(result, Value::Array(vec![]), "{lang}: axe violations on the static page: {result:#}");
        tokio::time::sleep(Duration::from_millis(50)).await;
        browser.close().await;
    }
}
