//! The bridge between the `<incident-status>` custom element (defined in
//! `src/loader.js`, since a custom element must be a JavaScript class) and the
//! widget: reads the element's attributes, subscribes to the feed's source,
//! mounts the widget into the element's shadow root, and answers `refresh()`
//! and `search()`.

use std::cell::RefCell;
use std::sync::Arc;

use incident_feed::texts::{Lang, Notice};
use incident_feed::Feed;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::attributes::Attributes;
use crate::feed_source::{subscribe, Subscriber, Subscription};
use crate::options::WidgetOptions;
use crate::search_engine::{self, FaqIndex};
use crate::search_module;
use crate::{mount_widget, WidgetHandle};
use incident_feed::client::{ClientConfig, ClientEvent, ErrorDetail, FeedFormat};

/// The search index of a feed shown, and the language it searches in.
type CachedIndex = (Arc<Feed>, Arc<dyn FaqIndex>, Lang);

/// One widget instance, owned by its custom element.
#[wasm_bindgen]
pub struct IncidentStatusElement {
    host: HtmlElement,
    feed: ArcRwSignal<Option<Arc<Feed>>>,
    notice: ArcRwSignal<Option<Notice>>,
    new_updates: ArcRwSignal<Vec<String>>,
    options: ArcRwSignal<WidgetOptions>,
    subscription: RefCell<Option<Subscription>>,
    source_config: RefCell<Option<ClientConfig>>,
    /// The search index and the language it searches in, for the feed shown.
    index: RefCell<Option<CachedIndex>>,
    _widget: WidgetHandle,
}

#[wasm_bindgen]
impl IncidentStatusElement {
    /// Mounts the widget for `host` into `container` (inside its shadow root).
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, container: HtmlElement) -> IncidentStatusElement {
        // Panic messages in the console while developing; a release build
        // leaves the hook (and its formatting code) out, −0.6 KB brotli: a
        // panic still traps, and the loader shows the fallback.
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let feed = ArcRwSignal::new(None);
        let notice = ArcRwSignal::new(None);
        let new_updates = ArcRwSignal::new(Vec::new());
        let options = ArcRwSignal::new(read_options(&host));
        let widget = {
            let (feed, notice, options, new_updates) = (feed.clone(), notice.clone(), options.clone(), new_updates.clone());
            mount_widget(
                container,
                Signal::derive(move || feed.get()),
                Signal::derive(move || notice.get()),
                Signal::derive(move || options.get()),
                Signal::derive(move || new_updates.get()),
            )
        };
        let element = IncidentStatusElement {
            host,
            feed,
            notice,
            new_updates,
            options,
            subscription: RefCell::new(None),
            source_config: RefCell::new(None),
            index: RefCell::new(None),
            _widget: widget,
        };
        element.connect_source();
        element
    }

    /// Called by the custom element when an observed attribute changed.
    pub fn attribute_changed(&self, name: &str) {
        // The language may have changed: search() works it out again.
        self.index.borrow_mut().take();
        match name {
            "feed" | "public-key" | "format" | "mirrors" | "unsigned-mirrors" => self.connect_source(),
            // A new interval does not make a new source: the shared source
            // polls at the smallest `refresh` of its widgets.
            "refresh" => {
                if let Some(s) = self.subscription.borrow().as_ref() {
                    s.set_refresh_seconds(self.refresh_seconds());
                }
            }
            _ => self.options.set(read_options(&self.host)),
        }
    }

    /// Fetches the feed now.
    pub fn refresh(&self) {
        if let Some(s) = self.subscription.borrow().as_ref() {
            s.refresh();
        }
    }

    /// Searches the FAQ of the shown feed in the widget's language:
    /// `[{ id, score, question }]`, best first (at most 10). The search
    /// loads after the first paint: until it is ready this starts loading
    /// it and returns `[]`.
    pub fn search(&self, query: &str) -> js_sys::Array {
        let results = js_sys::Array::new();
        search_module::start();
        let Some(feed) = self.feed.get_untracked() else { return results };
        let mut cache = self.index.borrow_mut();
        if !cache.as_ref().is_some_and(|(f, _, _)| Arc::ptr_eq(f, &feed)) {
            let Some(index) = search_engine::index(&feed) else { return results };
            // Built once per feed; reading the page's and the browser's
            // languages is DOM work, so that is done once too.
            let lang = crate::browser::LanguageInputs::read().resolve(self.options.get_untracked().lang.as_deref(), &feed.default_language);
            *cache = Some((feed.clone(), index, lang));
        }
        let (_, index, lang) = cache.as_ref().expect("index was just built");
        for hit in index.search(query, lang.code(), 10).unwrap_or_default() {
            let Some(entry) = feed.faq.get(hit.index) else { continue };
            let object = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&object, &"id".into(), &JsValue::from_str(&entry.id));
            let _ = js_sys::Reflect::set(&object, &"score".into(), &JsValue::from_f64(f64::from(hit.score)));
            let question = entry.question.get(lang.code(), &feed.default_language);
            let _ = js_sys::Reflect::set(&object, &"question".into(), &JsValue::from_str(question));
            results.push(&object);
        }
        results
    }
}

impl IncidentStatusElement {
    /// (Re)subscribes to the source the attributes name. A `feed` that is not
    /// an http(s) URL is refused with a visible message and nothing fetched.
    fn connect_source(&self) {
        let attr = |name: &str| self.host.get_attribute(name).filter(|v| !v.trim().is_empty());
        let url = attr("feed").and_then(|raw| absolute_http_url(&raw));
        let Some(url) = url else {
            self.subscription.borrow_mut().take();
            self.source_config.borrow_mut().take();
            self.feed.set(None);
            self.notice.set(Some(Notice::Unreachable));
            let detail = ErrorDetail::invalid_feed_url(attr("feed").as_deref().unwrap_or(""));
            crate::events::dispatch(&self.host, &ClientEvent::Error(detail));
            return;
        };
        // A mirror that is not an http(s) URL goes to the client as written,
        // which refuses it with a `mirror-refused` event naming it.
        let mirrors =
            attr("mirrors").map(|m| m.split_whitespace().map(|raw| absolute_http_url(raw).unwrap_or_else(|| raw.to_owned())).collect()).unwrap_or_default();
        let config = ClientConfig {
            url,
            public_key: attr("public-key"),
            format: FeedFormat::from_attr(attr("format").as_deref()),
            mirrors,
            unsigned_mirrors: attr("unsigned-mirrors").is_some_and(|v| v.trim().eq_ignore_ascii_case("allow")),
        };
        if self.source_config.borrow().as_ref() == Some(&config) {
            return;
        }
        // Drop the old subscription first, so that a source no other widget
        // shares stops before the new one starts.
        self.subscription.borrow_mut().take();
        self.feed.set(None);
        self.notice.set(None);
        let subscriber = Subscriber {
            feed: self.feed.clone(),
            notice: self.notice.clone(),
            new_updates: self.new_updates.clone(),
            host: self.host.clone(),
            refresh_seconds: self.refresh_seconds(),
        };
        *self.subscription.borrow_mut() = Some(subscribe(config.clone(), subscriber));
        *self.source_config.borrow_mut() = Some(config);
    }

    /// The `refresh` attribute in seconds, if it is a number.
    fn refresh_seconds(&self) -> Option<u32> {
        self.host.get_attribute("refresh").and_then(|r| r.trim().parse().ok())
    }
}

/// The widget options an element's attributes ask for.
fn read_options(host: &HtmlElement) -> WidgetOptions {
    Attributes::of(host).options()
}

/// Resolves `raw` against the page and keeps it only if it is http(s).
fn absolute_http_url(raw: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    let url = web_sys::Url::new_with_base(raw.trim(), &base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}
