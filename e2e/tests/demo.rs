//! The demo pages from `dist/`, in headless Chromium: the German example feed
//! rendered whole, the compact banner on the portal page, and the README's
//! screenshots.

use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::{Response, Server};
use serde_json::{json, Value};

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

    // The same browser session (CI time is tight): a long timeline and FAQ.
    long_feed_keeps_older_updates_and_far_entries_reachable(&server, &browser).await;
    browser.close().await;
}

/// Older updates of the example's incident beyond the five shown, and FAQ
/// entries beyond the example's: a feed long enough for "show older" and
/// for entries far down the page.
const OLDER: usize = 7;
const EXTRA_FAQ: usize = 300;

fn long_feed() -> Value {
    let mut feed = feed();
    let updates = feed["incidents"][0]["updates"].as_array_mut().unwrap();
    // After the incident's start (07:40) and before the example's first update (09:15).
    for i in 0..(OLDER + 5 - updates.len()) {
        updates.insert(
            i,
            json!({
                "id": format!("frueh-{i:02}"),
                "at": format!("2026-11-03T08:{:02}:00+01:00", 10 + 3 * i),
                "status": "investigating",
                "title": { "de": format!("Frühe Meldung Nummer {i}"), "en": format!("Early update number {i}") },
                "body": { "de": format!("Inhalt der frühen Meldung {i}."), "en": format!("Body of early update {i}.") },
            }),
        );
    }
    let faq = feed["faq"].as_array_mut().unwrap();
    for i in 0..EXTRA_FAQ {
        faq.push(json!({
            "id": format!("frage-{i:03}"),
            "question": { "de": format!("Weitere Frage Nummer {i}?"), "en": format!("Further question number {i}?") },
            "answer": { "de": format!("Antwort auf die weitere Frage {i}."), "en": format!("Answer to further question {i}.") },
        }));
    }
    feed
}

/// Where an element of the widget is relative to the viewport, and whether
/// its toggle is open: `{ top, open, text }` or null if it is not there.
const PLACE: &str = "const el = root.getElementById(arguments_id); if (!el) return null;
    return { top: el.getBoundingClientRect().top, open: el.querySelector('.is-toggle').getAttribute('aria-expanded') === 'true', text: el.textContent };";

async fn long_feed_keeps_older_updates_and_far_entries_reachable(server: &Server, browser: &Browser) {
    let long = serde_json::to_vec(&long_feed()).unwrap();
    server.handle(move |request| (request.route() == "/examples/feeds/long-timeline.json").then(|| Response::json(long.clone())));
    let page = server.url("/index.html?feed=long-timeline");
    let place = |id: &str| PLACE.replace("arguments_id", &format!("'{id}'"));

    // Older updates wait behind a button with their count; their titles are
    // in the page as text, hidden until found, so find-in-page reaches them.
    open(browser, &page).await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-show-older')", WAIT).await;
    let older = browser
        .in_widget("const list = root.querySelector('.is-updates--older'); return { button: root.querySelector('.is-show-older').textContent, hidden: list.getAttribute('hidden'), text: list.textContent, updates: root.querySelectorAll('.is-update').length }")
        .await;
    assert_eq!(older["button"], json!(format!("{OLDER} ältere Meldungen anzeigen")), "{older}");
    assert_eq!(older["hidden"], json!("until-found"), "{older}");
    assert!(older["text"].as_str().unwrap().contains("Frühe Meldung Nummer 0"), "{older}");
    assert_eq!(older["updates"], json!(5), "only the newest five are rendered: {older}");
    assert_eq!(browser.in_widget(&place("update-frueh-00")).await, Value::Null);

    // From the keyboard: Enter on the button shows them and moves focus to
    // the first one shown.
    browser.in_widget("root.querySelector('.is-show-older').focus(); return true").await;
    browser.press('\u{e007}', false).await;
    // Focus moves once the shown updates are rendered, a frame after they exist.
    browser
        .wait_for("(() => { const r = document.querySelector('incident-status').shadowRoot; return !!(r.getElementById('update-frueh-00') && r.activeElement && r.activeElement.closest('.is-update')); })()", WAIT)
        .await;
    let after = browser
        .in_widget("const f = root.activeElement; return { updates: root.querySelectorAll('.is-update').length, button: !!root.querySelector('.is-show-older'), focused: f && f.closest('.is-update').id }")
        .await;
    assert_eq!(after, json!({ "updates": 5 + OLDER, "button": false, "focused": "update-frueh-06" }));

    // A deep link to an older update, on load: shown, opened, scrolled to.
    open(browser, &format!("{page}#update-frueh-00")).await;
    let oldest = browser
        .wait_for(
            &format!(
                "(() => {{ const root = document.querySelector('incident-status').shadowRoot; {} }})()",
                place("update-frueh-00").replace("return null", "return false")
            ),
            WAIT,
        )
        .await;
    assert_eq!(oldest["open"], json!(true), "{oldest}");
    assert!(oldest["text"].as_str().unwrap().contains("Inhalt der frühen Meldung 0."), "its body is rendered: {oldest}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let top = browser.in_widget(&place("update-frueh-00")).await["top"].as_f64().unwrap();
    assert!(top.abs() < 2.0, "scrolled to the top of the viewport, not {top}px");

    // A deep link to a FAQ entry far down, by hashchange: opened
    // (its answer built) and scrolled to.
    browser.js("location.hash = 'faq-frage-150'; return true", vec![]).await;
    let last = browser
        .wait_for(
            &format!(
                "(() => {{ const root = document.querySelector('incident-status').shadowRoot; const p = (() => {{ {} }})(); return p && p.open && p; }})()",
                place("faq-frage-150")
            ),
            WAIT,
        )
        .await;
    assert!(last["text"].as_str().unwrap().contains("Antwort auf die weitere Frage 150."), "{last}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let top = browser.in_widget(&place("faq-frage-150")).await["top"].as_f64().unwrap();
    assert!(top.abs() < 2.0, "scrolled to the top of the viewport, not {top}px");

    // Find-in-page: WebDriver cannot drive the find bar, so the event it
    // fires on a hidden-until-found element (`beforematch`) stands in for
    // it; the hidden older updates then show.
    open(browser, &page).await;
    browser.in_widget("root.querySelector('.is-updates--older[hidden]').dispatchEvent(new Event('beforematch')); return true").await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.getElementById('update-frueh-00')", WAIT).await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_as_you_type_narrows_highlights_falls_back_to_hotlines_and_finds_contacts() {
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
    // Questions about calling: the matching contacts, with their numbers as
    // tap-to-call links, above the questions found (same session, to keep CI short).
    for query in ["hotline nummer", "telefonnummer", "anrufen", "kontakt"] {
        // From the blank field (the full list, no results), so that what is
        // read below is this query's.
        browser.in_widget(&search.replace("arguments_query", "''")).await;
        browser
            .wait_for("(() => { const r = document.querySelector('incident-status').shadowRoot; return !r.querySelector('.is-faq__list--results, .is-search-contacts, .is-no-match'); })()", WAIT)
            .await;
        browser.in_widget(&search.replace("arguments_query", &format!("'{query}'"))).await;
        let found = browser
            .wait_for(
                "(() => { const r = document.querySelector('incident-status').shadowRoot; const g = r.querySelector('.is-faq .is-search-contacts'); \
                 const list = r.querySelector('.is-faq__list--results'); \
                 return g && g.querySelector('a[href^=\"tel:\"]') && list && (g.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING) && !r.querySelector('.is-no-match') \
                   ? [g.querySelector('h3').textContent, g.querySelector('.is-contact__label').textContent, [...g.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.getAttribute('href'))] : null; })()",
                WAIT,
            )
            .await;
        assert_eq!(found[0], "Kontakt und Telefonnummern", "{query:?}: {found}");
        assert!(found[2].as_array().unwrap().contains(&Value::from("tel:+498005501234")), "{query:?}: {found}");
        if query != "kontakt" {
            assert_eq!(found[1], "Hotline zum Cyber-Angriff", "{query:?}: the hotline comes first");
        }
    }
    // A query not about reaching us shows no contacts.
    browser.in_widget(&search.replace("arguments_query", "'Passwort'")).await;
    browser
        .wait_for(
            "(() => { const r = document.querySelector('incident-status').shadowRoot; return r.querySelector('#faq-passwort-aendern') && !r.querySelector('.is-search-contacts'); })()",
            WAIT,
        )
        .await;
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
