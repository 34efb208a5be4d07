//! Browser tests, run by wasm-bindgen-test-runner in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::sync::Arc;

use incident_feed::search_wire::PackedHit;
use incident_feed::texts::{Lang, Notice};
use incident_feed::Feed;
use incident_status::browser::LanguageInputs;
use incident_status::components::{paragraphs, segments};
use incident_status::search_engine::{self, FaqIndex, SearchEngine};
use incident_status::{mount_widget, Mode, WidgetHandle, WidgetOptions};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = include_str!("../examples/feeds/cyberangriff.json");
const ALL_CLEAR: &str = include_str!("../examples/feeds/all-clear.json");

fn feed() -> Arc<Feed> {
    Arc::new(incident_feed::parse_feed(FEED).unwrap())
}

fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

struct Mounted {
    parent: web_sys::HtmlElement,
    feed: RwSignal<Option<Arc<Feed>>>,
    notice: RwSignal<Option<Notice>>,
    _handle: WidgetHandle,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.parent.remove();
    }
}

/// The search crate itself as the engine: the bundle loads it as a module of
/// its own after the first paint (the end-to-end tests cover that path);
/// here it is ready from the start, so these tests see its results as they are.
struct InProcess;

struct InProcessIndex(incident_search::SearchIndex);

impl SearchEngine for InProcess {
    fn index(&self, feed: &Feed) -> Option<Arc<dyn FaqIndex>> {
        Some(Arc::new(InProcessIndex(incident_search::SearchIndex::new(feed))))
    }
}

impl FaqIndex for InProcessIndex {
    fn search(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>> {
        let hits = self.0.search(query, lang, limit);
        Some(hits.into_iter().map(|h| PackedHit { index: h.index, score: h.score, question: h.question, answer: h.answer }).collect())
    }

    fn contacts(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>> {
        let hits = self.0.search_contacts(query, lang, limit);
        Some(hits.into_iter().map(|h| PackedHit { index: h.index, score: h.score, question: h.label, answer: h.note }).collect())
    }
}

fn mount(feed: Option<Arc<Feed>>, options: WidgetOptions) -> Mounted {
    search_engine::install(Rc::new(InProcess));
    let parent = container();
    let feed = RwSignal::new(feed);
    let notice = RwSignal::new(None);
    let handle = mount_widget(parent.clone(), feed.into(), notice.into(), Signal::stored(options), Signal::stored(Vec::new()));
    Mounted { parent, feed, notice, _handle: handle }
}

fn german() -> WidgetOptions {
    WidgetOptions { lang: Some("de".into()), ..WidgetOptions::default() }
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn one(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

fn expanded(button: &web_sys::HtmlElement) -> bool {
    button.get_attribute("aria-expanded").as_deref() == Some("true")
}

/// The panel a toggle button controls, found through `aria-controls`.
fn panel_of(root: &web_sys::Element, button: &web_sys::Element) -> web_sys::HtmlElement {
    let id = button.get_attribute("aria-controls").unwrap();
    one(root, &format!("[id=\"{id}\"]"))
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

async fn settle() {
    leptos::task::tick().await;
    sleep(20).await;
}

fn type_into(input: &web_sys::HtmlInputElement, value: &str) {
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn renders_every_update_faq_advice_hotline_and_channel() {
    let f = feed();
    let m = mount(Some(f.clone()), german());
    settle().await;
    let root = &m.parent;
    let page = text(root);

    assert!(page.contains("Wärmewerk Rheinland Messdienste GmbH"));
    assert!(page.contains("Teilweise gestört"), "state in words");
    assert!(page.contains("Stand:"));
    assert!(root.query_selector(".is-header .is-icon").unwrap().is_some(), "state has a shape too");

    for update in f.incidents.iter().flat_map(|i| &i.updates) {
        let li = one(root, &format!("[id=\"update-{}\"]", update.id));
        assert!(li.class_list().contains("is-update"));
        // Collapsed panels are still in the DOM (hidden until found).
        assert!(text(&li).contains(update.body.get("de", "de").split('\n').next().unwrap()), "{}", update.id);
    }
    assert_eq!(all(root, ".is-update").len(), 3);
    for e in &f.faq {
        let li = one(root, &format!("[id=\"faq-{}\"]", e.id));
        assert!(text(&li).contains(e.question.get("de", "de")));
    }
    let advice = all(root, ".is-advice__item");
    assert_eq!(advice.len(), f.advice.len());
    assert!(root.query_selector(".is-advice--prominent").unwrap().is_some(), "advice is prominent while open");
    for service in &f.services {
        assert!(page.contains(service.name.get("de", "de")));
    }
    assert!(page.contains("Ausgefallen") && page.contains("Funktioniert") && page.contains("Eingeschränkt"));

    let tels: Vec<String> = all(root, ".is-contacts-section a.is-tel").iter().map(|a| a.get_attribute("href").unwrap()).collect();
    assert_eq!(tels, ["tel:+498005501234", "tel:+492215550100"]);
    assert!(page.contains("0800 5501234") && page.contains("+49 (0)221 55501-00"), "numbers as printed");
    assert!(page.contains("Mo–Fr 8–20 Uhr, Sa 9–14 Uhr") && page.contains("Kostenfrei aus allen deutschen Netzen"));
    let web = one(root, ".is-contacts-section a.is-web");
    assert_eq!(web.get_attribute("href").unwrap(), "https://hilfe.waermewerk-rheinland.example/kontakt");

    let channels: Vec<(String, String)> = all(root, "a.is-channel__link").iter().map(|a| (text(a), a.get_attribute("href").unwrap())).collect();
    assert_eq!(channels.len(), 3);
    assert_eq!(channels[0], ("Mastodon".into(), "https://social.example/@waermewerk".into()));
    assert_eq!(channels[1].0, "LinkedIn");
    assert_eq!(channels[2].0, "Facebook");

    // No inline styles anywhere (a strict CSP blocks them), every class prefixed.
    assert!(all(root, "[style]").is_empty());
    for el in all(root, "[class]") {
        for class in el.class_list().value().split_whitespace() {
            assert!(class.starts_with("is-"), "class {class:?} is not prefixed");
        }
    }
}

#[wasm_bindgen_test]
async fn newest_update_open_older_collapsed_and_toggle_by_click() {
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    let buttons = all(root, ".is-update .is-toggle");
    assert_eq!(buttons.len(), 3);
    // Newest first.
    let first = one(root, ".is-update");
    assert_eq!(first.id(), "update-2026-11-10-telefon-zurueck");
    assert!(expanded(&buttons[0]));
    assert!(!expanded(&buttons[1]) && !expanded(&buttons[2]));
    assert!(!panel_of(root, &buttons[0]).has_attribute("hidden"));
    assert_eq!(panel_of(root, &buttons[1]).get_attribute("hidden").as_deref(), Some("until-found"));

    // Mouse: a click toggles.
    buttons[1].click();
    settle().await;
    assert!(expanded(&buttons[1]));
    assert!(!panel_of(root, &buttons[1]).has_attribute("hidden"));
    buttons[0].click();
    settle().await;
    assert!(!expanded(&buttons[0]));

    // Keyboard: the toggles are real buttons, so Enter and Space activate
    // them natively (a synthetic key event cannot prove that; that they are
    // focusable <button type=button>s does).
    for b in &buttons {
        assert_eq!(b.tag_name(), "BUTTON");
        assert_eq!(b.get_attribute("type").as_deref(), Some("button"));
        b.focus().unwrap();
        assert_eq!(document().active_element().as_ref(), Some(b.unchecked_ref::<web_sys::Element>()));
    }

    one(root, ".is-expand-all").click();
    settle().await;
    assert!(buttons.iter().all(expanded));
    one(root, ".is-collapse-all").click();
    settle().await;
    assert!(!buttons.iter().any(expanded));
    assert!(all(root, ".is-timeline .is-panel").iter().all(|p| p.has_attribute("hidden")));
}

#[wasm_bindgen_test]
async fn a_replaced_feed_keeps_open_entries_and_the_query() {
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    one(root, ".is-expand-all").click();
    let input: web_sys::HtmlInputElement = one(root, ".is-search__input").unchecked_into();
    input.focus().unwrap();
    type_into(&input, "passwort");
    settle().await;

    let mut newer = (*feed()).clone();
    newer.status.headline = incident_feed::model::Text::from("Neue Lage");
    m.feed.set(Some(Arc::new(newer)));
    settle().await;
    assert!(text(root).contains("Neue Lage"));
    assert!(all(root, ".is-update .is-toggle").iter().all(expanded));
    let input_after: web_sys::HtmlInputElement = one(root, ".is-search__input").unchecked_into();
    assert_eq!(input_after.value(), "passwort");
    assert_eq!(document().active_element().as_ref(), Some(input_after.unchecked_ref::<web_sys::Element>()), "focus stays in the field");
}

#[wasm_bindgen_test]
async fn search_narrows_highlights_counts_and_clears() {
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    let total = all(root, ".is-faq-entry").len();
    assert_eq!(total, 16);
    assert!(all(root, ".is-faq-entry .is-toggle").iter().all(|b| !expanded(b)), "all questions collapsed");
    assert_eq!(text(&one(root, ".is-search__count")), "");

    // The field is labelled by its <label>.
    let input: web_sys::HtmlInputElement = one(root, ".is-search__input").unchecked_into();
    let label = input.closest("label").unwrap().unwrap();
    assert!(text(&label).contains("Fragen durchsuchen"));

    type_into(&input, "passw");
    settle().await;
    let results = all(root, ".is-faq-entry");
    assert!(!results.is_empty() && results.len() < total, "narrowed to {}", results.len());
    assert!(results.iter().any(|r| r.id() == "faq-passwort-aendern"));
    let marks: Vec<String> = all(root, ".is-faq mark").iter().map(|m| text(m).to_lowercase()).collect();
    assert!(!marks.is_empty());
    assert!(marks.iter().any(|m| m.starts_with("passw")), "{marks:?}");
    assert_eq!(text(&one(root, ".is-search__count")), format!("{} Treffer", results.len()));
    assert!(all(root, ".is-faq-entry .is-toggle").iter().all(expanded), "results show their answers");

    type_into(&input, "passwort ändern");
    settle().await;
    assert!(!all(root, ".is-faq-entry").is_empty());

    type_into(&input, "");
    settle().await;
    assert_eq!(all(root, ".is-faq-entry").len(), total);
    assert!(all(root, ".is-faq mark").is_empty());
}

#[wasm_bindgen_test]
async fn no_match_says_so_and_shows_the_hotlines() {
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    let input: web_sys::HtmlInputElement = one(root, ".is-search__input").unchecked_into();
    type_into(&input, "qqxzzv");
    settle().await;
    assert!(all(root, ".is-faq-entry").is_empty());
    let no = one(root, ".is-no-match");
    assert!(text(&no).contains("Keine Frage passt zu „qqxzzv“."));
    let tels: Vec<String> = all(&no, "a.is-tel").iter().map(|a| a.get_attribute("href").unwrap()).collect();
    assert_eq!(tels, ["tel:+498005501234", "tel:+492215550100"]);
    assert_eq!(text(&one(root, ".is-search__count")), "0 Treffer");
}

#[wasm_bindgen_test]
async fn questions_about_calling_show_the_hotlines_above_the_questions() {
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    let input: web_sys::HtmlInputElement = one(root, ".is-search__input").unchecked_into();
    for query in ["hotline nummer", "telefonnummer", "anrufen", "kontakt"] {
        type_into(&input, query);
        settle().await;
        let group = one(root, ".is-faq .is-search-contacts");
        assert!(text(&group).starts_with("Kontakt und Telefonnummern"), "{query:?}: {}", text(&group));
        let tels: Vec<String> = all(&group, "a.is-tel").iter().map(|a| a.get_attribute("href").unwrap()).collect();
        assert!(tels.contains(&"tel:+498005501234".to_owned()), "{query:?}: {tels:?}");
        // Above the questions found, and counted with them.
        let list = one(root, ".is-faq__list--results");
        assert!(group.compare_document_position(&list) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0, "{query:?}: the contacts come first");
        let shown = all(root, ".is-faq-entry").len() + all(&group, ".is-contact").len();
        assert_eq!(text(&one(root, ".is-search__count")), format!("{shown} Treffer"), "{query:?}");
        assert!(root.query_selector(".is-no-match").unwrap().is_none(), "{query:?}");
    }
    // The hotline first for a question about calling; the form first for "Kontakt".
    type_into(&input, "hotline nummer");
    settle().await;
    let labels: Vec<String> = all(root, ".is-search-contacts .is-contact__label").iter().map(|l| text(l)).collect();
    assert_eq!(labels[0], "Hotline zum Cyber-Angriff");
    assert!(all(root, ".is-faq-entry").iter().any(|e| e.id() == "faq-erreichbarkeit"), "the question about reaching us is still found");
    // Not about reaching us: no contacts.
    for query in ["Passwort", "Angriff", "Hausnummer"] {
        type_into(&input, query);
        settle().await;
        assert!(root.query_selector(".is-search-contacts").unwrap().is_none(), "{query:?}");
        assert!(!all(root, ".is-faq-entry").is_empty(), "{query:?}");
    }
}

#[wasm_bindgen_test]
async fn deep_links_open_their_entry_on_load_and_on_hashchange() {
    let history = window().history().unwrap();
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#update-2026-11-03-stoerung")).unwrap();
    let m = mount(Some(feed()), german());
    settle().await;
    let root = &m.parent;
    let button = one(root, "[id=\"update-2026-11-03-stoerung\"] .is-toggle");
    assert!(expanded(&button), "opened from the hash on load");

    window().location().set_hash("faq-behoerden").unwrap();
    sleep(50).await;
    settle().await;
    let faq = one(root, "[id=\"faq-behoerden\"] .is-toggle");
    assert!(expanded(&faq), "opened on hashchange");
    let others = all(root, ".is-faq-entry .is-toggle").iter().filter(|b| expanded(b)).count();
    assert_eq!(others, 1);
    // The permalink inside points at the entry itself.
    let link = one(root, "[id=\"faq-behoerden\"] a.is-permalink");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#faq-behoerden"));
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#")).unwrap();
}

/// A host element with an open shadow root and the widget's container in it,
/// as `src/loader.js` builds it for every `<incident-status>`.
fn shadow_container() -> (web_sys::HtmlElement, web_sys::ShadowRoot, web_sys::HtmlElement) {
    let host = container();
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let inner: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    shadow.append_child(&inner).unwrap();
    (host, shadow, inner)
}

#[wasm_bindgen_test]
async fn two_widgets_keep_the_documented_ids_in_their_own_shadow_roots() {
    // Ids carry no per-instance prefix: each widget renders into its own
    // shadow root (as the custom element does), so two on one page cannot
    // clash and the documented `#update-<id>` / `#faq-<id>` links reach both.
    let history = window().history().unwrap();
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#faq-behoerden")).unwrap();
    let (host_a, shadow_a, a) = shadow_container();
    let (host_b, shadow_b, b) = shadow_container();
    let ha = mount_widget(a.clone(), Signal::stored(Some(feed())), Signal::stored(None), Signal::stored(german()), Signal::stored(Vec::new()));
    let hb = mount_widget(b.clone(), Signal::stored(Some(feed())), Signal::stored(None), Signal::stored(german()), Signal::stored(Vec::new()));
    settle().await;
    for (shadow, root) in [(&shadow_a, &a), (&shadow_b, &b)] {
        assert!(shadow.get_element_by_id("update-2026-11-03-stoerung").is_some());
        let faq = shadow.get_element_by_id("faq-behoerden").expect("the documented faq id");
        let toggle: web_sys::HtmlElement = faq.query_selector(".is-toggle").unwrap().unwrap().unchecked_into();
        assert!(expanded(&toggle), "the deep link opened the entry in each widget");
        let mut ids = std::collections::HashSet::new();
        for el in all(root, "[id]") {
            assert!(ids.insert(el.id()), "duplicate id {} within one widget", el.id());
        }
    }
    // Nothing leaks into the page's own id space.
    assert!(document().get_element_by_id("update-2026-11-03-stoerung").is_none());
    assert!(document().get_element_by_id("faq-behoerden").is_none());
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#")).unwrap();
    drop((ha, hb));
    host_a.remove();
    host_b.remove();
}

#[wasm_bindgen_test]
async fn compact_mode_does_not_move_focus_and_expands_in_place() {
    let input: web_sys::HtmlInputElement = document().create_element("input").unwrap().unchecked_into();
    document().body().unwrap().append_child(&input).unwrap();
    input.focus().unwrap();
    let m = mount(None, WidgetOptions { mode: Mode::Compact, ..german() });
    settle().await;
    let root = &m.parent;
    assert!(text(root).contains("wird geladen"), "loading says so");
    m.feed.set(Some(feed()));
    settle().await;
    assert_eq!(document().active_element().as_ref(), Some(input.unchecked_ref::<web_sys::Element>()));

    let banner = one(root, ".is-compact");
    assert!(text(&banner).contains("Teilweise gestört"));
    assert!(text(&banner).contains("Alle Servicenummern sind wieder erreichbar"));
    // Closed, it says the feed's headline and gives the first hotline to
    // tap, outside the panel; the newest update waits in the panel.
    let headline = incident_feed::parse_feed(FEED).unwrap().status.headline.get("de", "de").to_owned();
    assert_eq!(text(&one(root, ".is-compact__title")), headline);
    assert_eq!(one(root, ".is-compact__call a.is-tel").get_attribute("href").as_deref(), Some("tel:+498005501234"));
    assert!(one(root, ".is-root").class_list().contains("is-mode-compact"));
    assert!(root.query_selector(".is-timeline, .is-faq").unwrap().is_none());
    let more = one(root, ".is-more");
    assert_eq!(text(&more), "mehr");
    assert!(!expanded(&more));
    assert!(panel_of(root, &more).has_attribute("hidden"));
    more.click();
    settle().await;
    assert!(expanded(&more));
    assert_eq!(text(&more), "weniger");
    let panel = panel_of(root, &more);
    assert!(!panel.has_attribute("hidden"));
    assert!(text(&panel).contains("Unsere bekannten Servicenummern funktionieren wieder."));
    assert!(panel.query_selector("a.is-tel").unwrap().is_some());
    assert_eq!(document().active_element().as_ref(), Some(input.unchecked_ref::<web_sys::Element>()));
    input.remove();
}

#[wasm_bindgen_test]
async fn compact_mode_leads_with_the_pages_service() {
    let m = mount(Some(feed()), WidgetOptions { mode: Mode::Compact, service: Some("kundenportal".into()), ..german() });
    settle().await;
    let root = &m.parent;
    assert_eq!(text(&one(root, ".is-compact__lead")).trim(), "Kundenportal: Ausgefallen");
    assert_eq!(text(&one(root, ".is-compact__title")), "Anmelden ist gerade nicht möglich. Bitte rufen Sie uns an.");
    assert!(one(root, ".is-compact").class_list().contains("is-tone-down"), "the service's state sets the tone");
    // The headline is still there, in the panel.
    let headline = incident_feed::parse_feed(FEED).unwrap().status.headline.get("de", "de").to_owned();
    assert_eq!(text(&one(root, ".is-compact__headline")), headline);
    // An id the feed does not know falls back to the level and the headline.
    let unknown = mount(Some(feed()), WidgetOptions { mode: Mode::Compact, service: Some("nope".into()), ..german() });
    settle().await;
    assert_eq!(text(&one(&unknown.parent, ".is-compact__lead")).trim(), "Teilweise gestört");
}

#[wasm_bindgen_test]
async fn compact_mode_when_normal_is_quiet_or_empty() {
    let clear = Arc::new(incident_feed::parse_feed(ALL_CLEAR).unwrap());
    let quiet = mount(Some(clear.clone()), WidgetOptions { mode: Mode::Compact, ..german() });
    let silent = mount(Some(clear), WidgetOptions { mode: Mode::Compact, quiet_when_normal: false, ..german() });
    settle().await;
    assert_eq!(text(&quiet.parent).trim(), "Alle Systeme normal");
    assert_eq!(text(&silent.parent).trim(), "");
}

#[wasm_bindgen_test]
async fn english_ui_and_feed_texts() {
    let m = mount(Some(feed()), WidgetOptions { lang: Some("en-GB".into()), ..WidgetOptions::default() });
    settle().await;
    let page = text(&m.parent);
    assert!(page.contains("Partial outage"));
    assert!(page.contains("Last updated:"));
    assert!(page.contains("Cyber attack on our IT systems"));
    assert!(page.contains("Cyber attack hotline"));
    assert_eq!(one(&m.parent, ".is-root").get_attribute("lang").as_deref(), Some("en"));
    let input: web_sys::HtmlInputElement = one(&m.parent, ".is-search__input").unchecked_into();
    type_into(&input, "password");
    settle().await;
    assert!(text(&one(&m.parent, ".is-search__count")).ends_with("results") || text(&one(&m.parent, ".is-search__count")) == "1 result");
}

#[wasm_bindgen_test]
async fn fallback_and_notices_are_never_empty() {
    let m = mount(None, WidgetOptions { fallback_phone: Some("0800 5501234".into()), fallback_link: Some("https://status.example/".into()), ..german() });
    settle().await;
    let root = &m.parent;
    assert!(text(root).contains("wird geladen"));
    assert_eq!(one(root, "a.is-tel").get_attribute("href").as_deref(), Some("tel:+498005501234"));
    m.notice.set(Some(Notice::Unreachable));
    settle().await;
    assert!(text(root).contains("kann gerade nicht angezeigt werden"));
    assert!(root.query_selector("a.is-tel").unwrap().is_some());
    assert_eq!(one(root, "a.is-web").get_attribute("href").as_deref(), Some("https://status.example/"));

    // With a feed, a notice is shown above it with the time of what is shown.
    m.feed.set(Some(feed()));
    m.notice.set(Some(Notice::Stale));
    settle().await;
    let notice = text(&one(root, ".is-notice"));
    assert!(notice.starts_with("Stand: 10. November 2026"), "{notice}");
    assert!(notice.contains("Aktuelle Daten konnten nicht geladen werden."));
}

#[wasm_bindgen_test]
async fn unsafe_links_are_text_and_bad_numbers_are_not_linked() {
    let mut f = (*feed()).clone();
    f.channels[0].url = "javascript:alert(1)".into();
    f.contacts[0].phone = Some("0800-Hotline".into());
    f.contacts[2].url = Some("https://user@evil.example/".into());
    let m = mount(Some(Arc::new(f)), german());
    settle().await;
    let root = &m.parent;
    assert!(all(root, "a[href^=\"javascript\"]").is_empty());
    assert!(text(root).contains("0800-Hotline"));
    assert_eq!(all(root, ".is-contacts-section a.is-tel").len(), 1);
    assert!(all(root, "a[href*=\"evil\"]").is_empty());
    assert_eq!(all(root, "a.is-channel__link").len(), 2);
}

#[wasm_bindgen_test]
fn language_resolution_reads_the_page_and_browser() {
    let html = document().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "de-AT").unwrap();
    let inputs = LanguageInputs::read();
    assert_eq!(inputs.page.as_deref(), Some("de-AT"));
    assert!(!inputs.browser.is_empty(), "navigator.languages is read");
    assert_eq!(inputs.resolve(Some("en"), "de"), Lang::En, "widget attribute first");
    assert_eq!(inputs.resolve(None, "en"), Lang::De, "then the page");
    html.set_attribute("lang", "fr").unwrap();
    let inputs = LanguageInputs::read();
    let from_browser = incident_feed::texts::resolve_language(None, None, &inputs.browser, "de");
    assert_eq!(inputs.resolve(None, "de"), from_browser, "an unsupported page language falls through");
    match before {
        Some(l) => html.set_attribute("lang", &l).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
}

#[wasm_bindgen_test]
async fn widget_language_follows_the_page_when_not_set() {
    let html = document().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "en-US").unwrap();
    let m = mount(Some(feed()), WidgetOptions::default());
    settle().await;
    assert!(text(&m.parent).contains("Partial outage"));
    match before {
        Some(l) => html.set_attribute("lang", &l).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
}

#[wasm_bindgen_test]
fn highlight_segments_and_paragraphs_are_safe() {
    let t = "Passwort ändern";
    #[allow(clippy::single_range_in_vec_init)]
    let first_word = [0..8];
    assert_eq!(segments(t, &first_word), vec![("Passwort", true), (" ändern", false)]);
    // Off a char boundary, out of bounds, overlapping: skipped, never a panic.
    assert_eq!(segments(t, &[10..11, 0..99, 9..16]), vec![("Passwort ", false), ("ändern", true)]);
    assert_eq!(segments(t, &[0..4, 2..6]), vec![("Pass", true), ("wort ändern", false)]);
    let body = "Eins\nzwei\n\nDrei\r\n\r\n\n Vier ";
    let ps: Vec<&str> = paragraphs(body).into_iter().map(|r| &body[r]).collect();
    assert_eq!(ps, ["Eins\nzwei", "Drei", " Vier "]);
}

/// Feed texts that try to reorder what is around them: right-to-left
/// scripts, unterminated overrides and embeddings, stray isolate ends,
/// invisible characters, stacked combining marks and emoji sequences.
const UNRULY: [&str; 8] = [
    "שירות הלקוחות אינו זמין כרגע",
    "الخدمة غير متاحة حاليا، اتصلوا بنا",
    "\u{202E}Kundenportal gestört",
    "\u{202D}\u{202B}مرحبا override",
    "\u{2067}\u{2069}\u{2069}\u{202E}isolates",
    "Zero\u{200B}width\u{200D}joiner\u{FEFF}bom\u{200F}",
    "Ze\u{0301}\u{0302}\u{0303}\u{0304}\u{0323}\u{0330}ro a\u{0308}\u{0308}\u{0308}\u{0308}",
    "🚨🔥 Störung 👩\u{200D}👩\u{200D}👧\u{200D}👦 🇩🇪 ❤\u{FE0F}",
];

/// The example feed with every text replaced by an unruly one, each ending in
/// a marker of its own (`ftx000`, …), with enough updates and questions that
/// the "show older" and "show more questions" previews render too; and the
/// markers, plus the one number left as printed so that it can be dialled.
fn unruly_feed() -> (Feed, Vec<String>) {
    let mut f = (*feed()).clone();
    let mut markers: Vec<String> = Vec::new();
    let mut next = || {
        let marker = format!("ftx{:03}", markers.len());
        let text = format!("{} {marker}", UNRULY[markers.len() % UNRULY.len()]);
        markers.push(marker);
        text
    };
    let plain = incident_feed::model::Text::Plain;
    f.organisation.name = plain(next());
    f.status.headline = plain(next());
    for s in &mut f.services {
        s.name = plain(next());
        s.note = Some(plain(next()));
    }
    for a in &mut f.advice {
        *a = plain(next());
    }
    let template = f.incidents[0].updates[0].clone();
    // Five show before "show older" (RECENT_UPDATES); checked below.
    for n in 0..5 {
        f.incidents[0].updates.push(incident_feed::model::Update { id: format!("unruly-{n}"), ..template.clone() });
    }
    for i in &mut f.incidents {
        i.title = plain(next());
        for u in &mut i.updates {
            u.title = Some(plain(next()));
            u.body = plain(format!("{}\n{}\n\n{}", next(), next(), next()));
        }
    }
    let question = f.faq[0].clone();
    // Fifty show before "show more questions" (FIRST_QUESTIONS); checked below.
    for n in f.faq.len()..52 {
        f.faq.push(incident_feed::model::FaqEntry { id: format!("unruly-{n}"), ..question.clone() });
    }
    for e in &mut f.faq {
        e.question = plain(next());
        e.answer = plain(format!("{}\n\n{}", next(), next()));
    }
    let dialable = f.contacts[0].phone.clone().unwrap();
    for (n, c) in f.contacts.iter_mut().enumerate() {
        c.label = plain(next());
        c.hours = Some(plain(next()));
        c.note = Some(plain(next()));
        // Each kind of address linked (the first contact) and as text only.
        if n > 0 {
            c.phone = Some(next());
        }
        c.email = Some(if n == 0 { format!("{}@example.org", markers_tail(&next())) } else { next() });
        c.url = Some(if n == 0 { format!("https://{}.example/hilfe", markers_tail(&next())) } else { next() });
    }
    for (n, ch) in f.channels.iter_mut().enumerate() {
        ch.label = Some(plain(next()));
        if n == 0 {
            ch.url = "javascript:alert(1)".into();
        }
    }
    markers.push(dialable);
    (f, markers)
}

/// The marker alone, for the addresses that must stay valid to be linked.
fn markers_tail(text: &str) -> String {
    text.rsplit(' ').next().unwrap().to_owned()
}

/// The widget rendered into a shadow root of its own with the real
/// stylesheet, 320 px wide (a small phone), so that its layout is the one
/// readers get.
fn mount_styled(feed: Feed, options: WidgetOptions) -> (Mounted, web_sys::Element) {
    search_engine::install(Rc::new(InProcess));
    let host = container();
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(&format!("{}\n:host {{ display: block; inline-size: 320px; }}", include_str!("../style/incident-status.css"))));
    shadow.append_child(&style).unwrap();
    let inner: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    shadow.append_child(&inner).unwrap();
    let feed = RwSignal::new(Some(Arc::new(feed)));
    let notice = RwSignal::new(None);
    let handle = mount_widget(inner.clone(), feed.into(), notice.into(), Signal::stored(options), Signal::stored(Vec::new()));
    let root = inner.query_selector(".is-root").unwrap().expect("the widget rendered");
    (Mounted { parent: host, feed, notice, _handle: handle }, root)
}

/// Checks, in the browser's own layout, that (1) every text node holding feed
/// text is inside a `<bdi>` or a `dir="auto"` element, and such an element
/// that starts with right-to-left letters reads right to left; (2) the
/// widget's own words are outside every isolate, and those that follow feed
/// text on a line ("Kundenportal: Ausgefallen", "Label: 0800 …") read left
/// to right after it; (3) nothing is wider than the widget or sticks out of
/// it, and the header's parts and call buttons keep their boxes, in order.
/// Returns what is wrong, the markers seen and how many of the widget's own
/// words and ordered runs were checked.
const BIDI_AND_LAYOUT: &str = r#"
const problems = [];
const where = (node) => { const el = node.nodeType === 1 ? node : node.parentElement; return `<${el.localName} class="${el.getAttribute('class') || ''}">`; };
const isolator = (node) => {
  for (let el = node.nodeType === 1 ? node : node.parentElement; el && root.contains(el); el = el.parentElement) {
    if (el.localName === 'bdi' || el.getAttribute('dir') === 'auto') return el;
  }
  return null;
};
const seen = new Set();
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const found = markers.filter((m) => n.data.includes(m));
  found.forEach((m) => seen.add(m));
  if (found.length && !isolator(n)) problems.push(`feed text not isolated: ${JSON.stringify(n.data)} in ${where(n)}`);
}
for (const el of root.querySelectorAll('[dir=auto], bdi')) {
  const letter = el.textContent.match(/\p{L}/u);
  if (!letter || el.closest('[hidden]')) continue;
  const expected = /[\u0590-\u08FF]/.test(letter[0]) ? 'rtl' : 'ltr';
  const direction = getComputedStyle(el).direction;
  if (direction !== expected) problems.push(`${where(el)} ${JSON.stringify(el.textContent)} is ${direction}, not ${expected}`);
}

let ownWords = 0;
for (const el of root.querySelectorAll('.is-level__words, .is-service__words, .is-section__heading, .is-contact__kind, .is-more, .is-badge, .is-updated, .is-bulk__button, .is-permalink, .is-search__label, .is-compact__when, .is-incident__state, .is-show-older, .is-show-more-questions')) {
  ownWords++;
  if (isolator(el) || el.querySelector('[dir=auto], bdi')) problems.push(`the widget's words are in an isolate: ${where(el)} ${JSON.stringify(el.textContent)}`);
}
// Each character's box, in text order, skipping spaces.
const charBoxes = (node) => {
  const out = [];
  for (let i = 0; i < node.data.length; i++) {
    if (/\s/.test(node.data[i])) continue;
    const range = document.createRange();
    range.setStart(node, i); range.setEnd(node, i + 1);
    const b = range.getBoundingClientRect();
    if (b.width > 0) out.push(b);
  }
  return out;
};
let ordered = 0;
// The widget's text node `node` reads left to right, after the element `before` when on its line.
const readsAfter = (node, before, what) => {
  ordered++;
  const boxes = charBoxes(node);
  if (!boxes.length) { problems.push(`${what}: ${JSON.stringify(node.data)} has no box`); return; }
  for (let i = 1; i < boxes.length; i++) {
    if (Math.abs(boxes[i].top - boxes[i - 1].top) < 2 && boxes[i].left < boxes[i - 1].left - 0.5) { problems.push(`${what}: ${JSON.stringify(node.data)} reads right to left`); return; }
  }
  if (before) {
    const b = [...before.getClientRects()].pop();
    if (b && Math.abs(boxes[0].top - b.top) < 2 && boxes[0].left < b.right - 0.5) problems.push(`${what}: ${JSON.stringify(node.data)} is not after ${JSON.stringify(before.textContent)}`);
  }
};
const textNodes = (el) => [...el.childNodes].filter((n) => n.nodeType === 3 && n.data.trim());
for (const lead of root.querySelectorAll('.is-compact__lead-words')) {
  for (const n of textNodes(lead)) readsAfter(n, lead.querySelector('bdi'), 'the banner lead');
}
for (const call of root.querySelectorAll('.is-compact__call')) {
  const label = call.querySelector('.is-compact__call-label');
  for (const n of textNodes(label)) readsAfter(n, label.querySelector('bdi'), 'the call label');
  for (const n of textNodes(call.querySelector('a.is-tel'))) readsAfter(n, label, 'the banner number');
}
for (const el of root.querySelectorAll('.is-level__words, .is-service__words, .is-call__number, .is-contact__kind')) {
  for (const n of textNodes(el)) readsAfter(n, null, where(el));
}

const box = root.getBoundingClientRect();
if (box.width < 300) problems.push(`the widget is ${box.width} px wide`);
for (const el of [root, ...root.querySelectorAll('*')]) {
  if (el.closest('.is-visually-hidden') || el.closest('[hidden]')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`${where(el)} sticks out of the widget: ${r.left}–${r.right}, the widget ${box.left}–${box.right}`);
  if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) problems.push(`${where(el)} is wider than its box: ${el.scrollWidth} > ${el.clientWidth}`);
}
for (const button of root.querySelectorAll('.is-call__button, .is-compact .is-more')) {
  const r = button.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) problems.push(`${where(button)} shrank to ${r.width} x ${r.height}`);
}
for (const stack of root.querySelectorAll('.is-header, .is-compact:not(.is-compact--normal)')) {
  let bottom = -Infinity;
  for (const part of stack.children) {
    if (part.hidden) continue;
    const r = part.getBoundingClientRect();
    if (r.height === 0) problems.push(`${where(part)} has no box`);
    if (r.top < bottom - 1) problems.push(`${where(part)} overlaps the part before it (${r.top} < ${bottom})`);
    bottom = r.bottom;
  }
}
return { problems, seen: [...seen], ownWords, ordered };
"#;

struct BidiReport {
    problems: Vec<String>,
    seen: Vec<String>,
    own_words: u32,
    ordered: u32,
}

fn check_bidi_and_layout(root: &web_sys::Element, markers: &[String]) -> BidiReport {
    let check = js_sys::Function::new_with_args("root, markers", BIDI_AND_LAYOUT);
    let list: js_sys::Array = markers.iter().map(|m| wasm_bindgen::JsValue::from_str(m)).collect();
    let report = check.call2(&wasm_bindgen::JsValue::NULL, root, &list).unwrap();
    let field = |name: &str| js_sys::Reflect::get(&report, &name.into()).unwrap();
    let strings = |name: &str| js_sys::Array::from(&field(name)).iter().map(|v| v.as_string().unwrap()).collect::<Vec<_>>();
    BidiReport {
        problems: strings("problems"),
        seen: strings("seen"),
        own_words: field("ownWords").as_f64().unwrap() as u32,
        ordered: field("ordered").as_f64().unwrap() as u32,
    }
}

#[wasm_bindgen_test]
async fn feed_text_in_any_direction_cannot_reorder_the_widget_or_break_its_layout() {
    let (f, markers) = unruly_feed();
    let not_seen = |report: &BidiReport| markers.iter().filter(|m| !report.seen.contains(m)).cloned().collect::<Vec<_>>();

    // Full: first as it loads (older updates and later questions as
    // previews), then with everything open, then searched.
    let (full, root) = mount_styled(f.clone(), german());
    settle().await;
    assert!(root.query_selector(".is-update-preview").unwrap().is_some() && root.query_selector(".is-faq-preview").unwrap().is_some(), "previews shown");
    let first = check_bidi_and_layout(&root, &markers);
    assert_eq!(first.problems, Vec::<String>::new(), "as loaded");
    assert!(first.own_words >= 20 && first.ordered >= 10, "checked {} of the widget's words, {} runs in order", first.own_words, first.ordered);
    one(&root, ".is-expand-all").click();
    one(&root, ".is-show-more-questions").click();
    settle().await;
    for toggle in all(&root, ".is-faq-entry .is-toggle") {
        toggle.click();
    }
    settle().await;
    assert!(root.query_selector(".is-update-preview, .is-faq-preview").unwrap().is_none(), "everything is open");
    let open = check_bidi_and_layout(&root, &markers);
    assert_eq!(open.problems, Vec::<String>::new(), "with everything open");
    // Every text the full view shows, each seen at least once: the
    // addresses of the first contact, the others' numbers too.
    assert_eq!(not_seen(&open), Vec::<String>::new(), "feed texts missing from the full view");

    // Search results: a question found with its mark, and the contacts found for a call.
    let input: web_sys::HtmlInputElement = one(&root, ".is-search__input").unchecked_into();
    let question_marker = f.faq[3].question.get("de", "de").rsplit(' ').next().unwrap().to_owned();
    for query in [question_marker.as_str(), "anrufen"] {
        type_into(&input, query);
        settle().await;
        let found = check_bidi_and_layout(&root, &markers);
        assert_eq!(found.problems, Vec::<String>::new(), "searching {query:?}");
        assert!(found.seen.len() > 1, "searching {query:?} found nothing to check");
    }
    assert!(root.query_selector(".is-search-contacts").unwrap().is_some(), "contacts found for \"anrufen\"");
    drop(full);

    // Compact, leading with a service whose name is an override, expanded.
    let mut compact_feed = f;
    let overriding = compact_feed.services.iter().position(|s| s.name.get("de", "de").starts_with('\u{202E}')).expect("a service named with an override");
    compact_feed.contacts[0].label = compact_feed.services[overriding].name.clone();
    let service = compact_feed.services[overriding].id.clone();
    let state = compact_feed.services[overriding].status;
    let (compact, root) = mount_styled(compact_feed, WidgetOptions { mode: Mode::Compact, service: Some(service), ..german() });
    settle().await;
    one(&root, ".is-more").click();
    settle().await;
    let banner = check_bidi_and_layout(&root, &markers);
    assert_eq!(banner.problems, Vec::<String>::new(), "compact");
    assert!(banner.ordered >= 4, "the banner's lead and call line were checked: {}", banner.ordered);
    let lead = text(&one(&root, ".is-compact__lead-words"));
    assert!(lead.starts_with('\u{202E}') && lead.ends_with(&format!(": {}", Lang::De.texts().service_status(state))), "{lead:?}");
    drop(compact);
}

/// A feed whose open incident promises its next update by `by` (Unix seconds).
fn promising(by: i64) -> Feed {
    let mut f = incident_feed::parse_feed(FEED).unwrap();
    f.incidents[0].next_update_by = Some(incident_feed::datetime::Timestamp::from_unix(by));
    f
}

fn js_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[wasm_bindgen_test]
async fn the_promise_of_the_next_update_turns_overdue_on_the_clock_tick() {
    use incident_status::components::NextUpdateLine;
    // Noon UTC of some day, so that an hour either side is the same date in any zone within ±10 h.
    let by = 1_800_000_000 - 1_800_000_000 % 86_400 + 12 * 3600;
    let f = Arc::new(promising(by));
    let now = RwSignal::new(by - 3600);
    let parent = container();
    let _handle = leptos::mount::mount_to(parent.clone(), move || view! { <NextUpdateLine feed=f.clone() lang=Lang::De now=now.into()/> });
    settle().await;
    let line = one(&parent, ".is-next-update");
    let promised = text(&line);
    assert!(promised.starts_with("Nächstes Update spätestens ") && promised.contains(" Uhr"), "{promised}");
    assert!(!promised.contains(". "), "today: the time only, {promised}");
    assert_eq!(one(&parent, ".is-next-update time").get_attribute("datetime"), Some(incident_feed::datetime::format_rfc3339(by, 0)));
    assert!(parent.query_selector(".is-next-update--overdue").unwrap().is_none());
    // Exactly at the time, and within the unconfirmed clock's tolerance: still promised.
    now.set(by + 60);
    settle().await;
    assert_eq!(text(&one(&parent, ".is-next-update")), promised);
    // The tick past it: the same mounted line says so plainly, in words (not colour alone).
    now.set(by + 3600);
    settle().await;
    let overdue = one(&parent, ".is-next-update--overdue");
    let said = text(&overdue);
    assert!(said.starts_with("Das für ") && said.ends_with(" angekündigte Update steht noch aus."), "{said}");
    assert!(overdue.closest("[aria-live]").unwrap().is_none(), "not a live region");
    assert_eq!(all(&parent, ".is-next-update").len(), 1);
    // Days later the date is named.
    now.set(by + 3 * 86_400);
    settle().await;
    assert!(text(&one(&parent, ".is-next-update--overdue")).contains(". "), "with the date: {}", text(&one(&parent, ".is-next-update")));
    parent.remove();
}

#[wasm_bindgen_test]
async fn the_widget_shows_the_promise_in_the_header_and_a_broken_one_in_compact_mode() {
    let ahead = js_now() + 2 * 86_400;
    let m = mount(Some(Arc::new(promising(ahead))), WidgetOptions { lang: Some("en".into()), ..WidgetOptions::default() });
    settle().await;
    let line = one(&m.parent, ".is-header .is-next-update");
    assert!(text(&line).starts_with("Next update by "), "{}", text(&line));
    // A promise long past, without a newer update: overdue, in full and in compact mode.
    m.feed.set(Some(Arc::new(promising(js_now() - 86_400))));
    settle().await;
    let overdue = text(&one(&m.parent, ".is-header .is-next-update--overdue"));
    assert!(overdue.starts_with("The update promised for ") && overdue.ends_with(" is overdue."), "{overdue}");
    drop(m);
    let compact = mount(Some(Arc::new(promising(js_now() - 86_400))), WidgetOptions { mode: Mode::Compact, ..german() });
    settle().await;
    assert!(text(&one(&compact.parent, ".is-notice")).ends_with("angekündigte Update steht noch aus."));
    // A promise still standing is not squeezed into the compact banner's reserved height.
    compact.feed.set(Some(Arc::new(promising(js_now() + 86_400))));
    settle().await;
    assert!(compact.parent.query_selector(".is-next-update, .is-notice").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_feed_past_its_expires_at_says_it_may_be_outdated_though_just_loaded() {
    let mut f = incident_feed::parse_feed(FEED).unwrap();
    f.expires_at = Some(incident_feed::datetime::Timestamp::from_unix(js_now() - 3600));
    let m = mount(Some(Arc::new(f.clone())), german());
    settle().await;
    let notice = text(&one(&m.parent, ".is-notice"));
    assert!(notice.starts_with("Diese Informationen sind möglicherweise veraltet: Sie galten bis "), "{notice}");
    // The rest of the feed still shows.
    assert!(m.parent.query_selector(".is-header").unwrap().is_some());
    f.expires_at = Some(incident_feed::datetime::Timestamp::from_unix(js_now() + 3600));
    m.feed.set(Some(Arc::new(f)));
    settle().await;
    assert!(m.parent.query_selector(".is-notice").unwrap().is_none(), "not yet expired");
}
