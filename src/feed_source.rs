//! One source per feed URL per page: it shows the last good copy at once,
//! polls on the schedule of `incident_feed::resilience::Poller`, keeps the
//! last good copy in `localStorage`, and pushes the shown feed and notice to
//! every widget subscribed to that URL. However many widgets show one feed,
//! the feed origin sees one client.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::Duration;

use incident_feed::resilience::{accept_feed, CachedFeed, FetchFailure, MessageKind, PollPolicy, Poller, Rng, Verdict};
use incident_feed::texts::Notice;
use incident_feed::{parse_feed, Feed};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, CustomEvent, CustomEventInit, HtmlElement};

use crate::fetch::{fetch_feed, fetch_signature, Fetched};

/// Which feed, and how to trust it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceKey {
    /// Absolute http(s) URL.
    pub url: String,
    /// Base64 Ed25519 public key: when set, only a feed whose detached
    /// signature (`<url>.sig`) verifies is shown.
    pub public_key: Option<String>,
    /// The embedder's `refresh` attribute, in seconds (bounded by the policy).
    pub refresh_seconds: Option<u32>,
    /// The URL serves Atlassian Statuspage's v2 JSON (`format="statuspage"`).
    pub statuspage: bool,
}

/// What a widget receives from its source.
#[derive(Clone)]
pub struct Subscriber {
    pub feed: ArcRwSignal<Option<Arc<Feed>>>,
    pub notice: ArcRwSignal<Option<Notice>>,
    /// Update ids that arrived while the page was open.
    pub new_updates: ArcRwSignal<Vec<String>>,
    /// The element events are dispatched on.
    pub host: HtmlElement,
}

/// Keeps a subscription; dropping it unsubscribes, and the last one out stops
/// the source's timer, listeners and request.
pub struct Subscription {
    source: Rc<FeedSource>,
    id: u64,
}

impl Subscription {
    /// Fetches now, outside the schedule.
    pub fn refresh(&self) {
        self.source.clone().poll_now();
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.source.subscribers.borrow_mut().retain(|(id, _)| *id != self.id);
        if self.source.subscribers.borrow().is_empty() {
            self.source.stop();
            SOURCES.with(|s| s.borrow_mut().remove(&self.source.key));
        }
    }
}

thread_local! {
    static SOURCES: RefCell<HashMap<SourceKey, Weak<FeedSource>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Subscribes a widget to the source for `key`, creating it if needed.
pub fn subscribe(key: SourceKey, subscriber: Subscriber) -> Subscription {
    let existing = SOURCES.with(|s| s.borrow().get(&key).and_then(Weak::upgrade));
    let source = existing.unwrap_or_else(|| {
        let source = FeedSource::start(key.clone());
        SOURCES.with(|s| s.borrow_mut().insert(key, Rc::downgrade(&source)));
        source
    });
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    subscriber.feed.set(source.shown.borrow().clone());
    subscriber.notice.set(source.notice.get());
    source.subscribers.borrow_mut().push((id, subscriber));
    Subscription { source, id }
}

struct FeedSource {
    key: SourceKey,
    shown: RefCell<Option<Arc<Feed>>>,
    notice: Cell<Option<Notice>>,
    cached: RefCell<Option<CachedFeed>>,
    subscribers: RefCell<Vec<(u64, Subscriber)>>,
    poller: RefCell<Poller>,
    rng: RefCell<Rng>,
    timer: RefCell<Option<TimeoutHandle>>,
    in_flight: Cell<bool>,
    stopped: Cell<bool>,
    /// The request in flight; aborted when the last widget goes. One per
    /// request, because a timeout aborts its own controller for good.
    in_flight_request: RefCell<Option<AbortController>>,
    listeners: RefCell<Vec<(web_sys::EventTarget, &'static str, Closure<dyn FnMut()>)>>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn storage() -> Option<web_sys::Storage> {
    // localStorage can throw (disabled cookies, sandboxed frames): then there
    // is simply no last good copy.
    web_sys::window()?.local_storage().ok().flatten()
}

impl FeedSource {
    fn start(key: SourceKey) -> Rc<FeedSource> {
        let mut rng = Rng::from_unit_f64(js_sys::Math::random());
        let mut policy = PollPolicy::default();
        if let Some(seconds) = key.refresh_seconds {
            policy.interval_override_seconds = Some(seconds);
        }
        let poller = Poller::new(policy, now_ms(), &mut rng);
        let source = Rc::new(FeedSource {
            key,
            shown: RefCell::new(None),
            notice: Cell::new(None),
            cached: RefCell::new(None),
            subscribers: RefCell::new(Vec::new()),
            poller: RefCell::new(poller),
            rng: RefCell::new(rng),
            timer: RefCell::new(None),
            in_flight: Cell::new(false),
            stopped: Cell::new(false),
            in_flight_request: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        });
        source.restore_last_good_copy();
        source.listen();
        // The first request goes out at once: the cached copy (if any) is
        // already on screen, and a reader deserves to know if it is current.
        source.clone().poll_now();
        source
    }

    fn restore_last_good_copy(&self) {
        let key = incident_feed::resilience::cache::cache_key(&self.key.url);
        let Some(stored) = storage().and_then(|s| s.get_item(&key).ok().flatten()) else { return };
        match CachedFeed::load(&self.key.url, &stored) {
            // With a public key, the copy must carry a signature that still verifies:
            // a copy written by an unsigned widget, or altered, is not trusted.
            Ok((cached, _)) if !self.cached_signature_verifies(&cached) => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(&key);
                }
            }
            Ok((cached, feed)) => {
                *self.shown.borrow_mut() = Some(Arc::new(feed));
                *self.cached.borrow_mut() = Some(cached);
            }
            Err(_) => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(&key);
                }
            }
        }
    }

    fn cached_signature_verifies(&self, cached: &CachedFeed) -> bool {
        let Some(key) = &self.key.public_key else { return true };
        let (Ok(key), Some(signature)) = (incident_feed::signing::PublicKey::from_base64(key), cached.signature.as_deref()) else {
            return false;
        };
        incident_feed::signing::verify(cached.body.as_bytes(), signature, &key).is_ok()
    }

    fn listen(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let document: web_sys::EventTarget = match window.document() {
            Some(d) => d.into(),
            None => return,
        };
        let add = |target: web_sys::EventTarget, event: &'static str, f: Box<dyn FnMut()>| {
            let closure = Closure::wrap(f);
            let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            self.listeners.borrow_mut().push((target, event, closure));
        };
        let weak = Rc::downgrade(self);
        add(
            document,
            "visibilitychange",
            Box::new(move || {
                let Some(s) = weak.upgrade() else { return };
                let hidden = web_sys::window().and_then(|w| w.document()).map(|d| d.hidden()).unwrap_or(false);
                if hidden {
                    s.poller.borrow_mut().on_hidden();
                    s.clear_timer();
                } else {
                    s.poller.borrow_mut().on_visible(now_ms(), &mut s.rng.borrow_mut());
                    s.schedule();
                }
            }),
        );
        let weak = Rc::downgrade(self);
        add(
            window.clone().into(),
            "online",
            Box::new(move || {
                if let Some(s) = weak.upgrade() {
                    s.poller.borrow_mut().on_online(now_ms(), &mut s.rng.borrow_mut());
                    s.schedule();
                }
            }),
        );
        let weak = Rc::downgrade(self);
        add(
            window.into(),
            "offline",
            Box::new(move || {
                if let Some(s) = weak.upgrade() {
                    s.poller.borrow_mut().on_offline();
                    s.clear_timer();
                    s.fail(FetchFailure::Offline);
                }
            }),
        );
        if web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden()) {
            self.poller.borrow_mut().on_hidden();
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        self.clear_timer();
        if let Some(request) = self.in_flight_request.borrow_mut().take() {
            request.abort();
        }
        for (target, event, closure) in self.listeners.borrow_mut().drain(..) {
            let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
    }

    fn clear_timer(&self) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.clear();
        }
    }

    fn schedule(self: &Rc<Self>) {
        self.clear_timer();
        if self.stopped.get() || self.in_flight.get() {
            return;
        }
        let Some(delay) = self.poller.borrow().next_delay_ms(now_ms()) else { return };
        let weak = Rc::downgrade(self);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(s) = weak.upgrade() {
                    s.poll_now();
                }
            },
            Duration::from_millis(delay),
        );
        *self.timer.borrow_mut() = handle.ok();
    }

    fn poll_now(self: Rc<Self>) {
        if self.in_flight.get() || self.stopped.get() {
            return;
        }
        self.clear_timer();
        self.in_flight.set(true);
        leptos::task::spawn_local(async move {
            self.poll_once().await;
            self.in_flight.set(false);
            self.schedule();
        });
    }

    async fn poll_once(self: &Rc<Self>) {
        self.poller.borrow_mut().on_request_sent(now_ms());
        let conditional: Vec<(&'static str, String)> = self
            .cached
            .borrow()
            .as_ref()
            .filter(|_| self.shown.borrow().is_some())
            .map(|c| c.conditional_headers().into_iter().map(|(k, v)| (k, v.to_owned())).collect())
            .unwrap_or_default();
        let conditional: Vec<(&str, &str)> = conditional.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let Ok(cancel) = AbortController::new() else { return };
        *self.in_flight_request.borrow_mut() = Some(cancel.clone());
        let result = fetch_feed(&self.key.url, &conditional, &cancel).await;
        if self.stopped.get() {
            return;
        }
        let now = now_ms();
        match result {
            Ok(Fetched::NotModified) => {
                self.poller.borrow_mut().on_not_modified(now, &mut self.rng.borrow_mut());
                self.set_notice(None);
            }
            Ok(Fetched::Body { text, etag, last_modified }) => match self.judge(&text, &cancel).await {
                Ok((Verdict::Replace { feed, new_update_ids }, signature)) => {
                    self.poller.borrow_mut().set_feed_refresh_seconds(feed.refresh_seconds);
                    self.poller.borrow_mut().on_success(now, &mut self.rng.borrow_mut());
                    let cached = CachedFeed { url: self.key.url.clone(), fetched_at_unix_ms: now, etag, last_modified, body: text, signature };
                    if let (Some(s), Ok(json)) = (storage(), cached.to_json()) {
                        let _ = s.set_item(&incident_feed::resilience::cache::cache_key(&self.key.url), &json);
                    }
                    *self.cached.borrow_mut() = Some(cached);
                    let first = self.shown.borrow().is_none();
                    let feed: Arc<Feed> = Arc::from(feed);
                    *self.shown.borrow_mut() = Some(feed.clone());
                    self.notice.set(None);
                    for (_, s) in self.subscribers.borrow().iter() {
                        s.feed.set(Some(feed.clone()));
                        s.notice.set(None);
                        if !new_update_ids.is_empty() {
                            s.new_updates.update(|ids| ids.extend(new_update_ids.iter().cloned()));
                        }
                    }
                    self.dispatch("incident-status:loaded", &[("first", JsValue::from_bool(first))]);
                    for id in &new_update_ids {
                        self.dispatch("incident-status:update", &[("id", JsValue::from_str(id))]);
                    }
                }
                Ok((Verdict::Unchanged, _)) => {
                    self.poller.borrow_mut().on_success(now, &mut self.rng.borrow_mut());
                    self.set_notice(None);
                }
                Err(failure) => {
                    self.poller.borrow_mut().on_error(now, &mut self.rng.borrow_mut(), &failure, None);
                    self.fail(failure);
                }
            },
            Err(error) => {
                self.poller.borrow_mut().on_error(now, &mut self.rng.borrow_mut(), &error.failure, error.retry_after);
                self.fail(error.failure);
            }
        }
    }

    /// Parses, checks the signature when a key is configured, and decides
    /// whether the fetched feed may replace the shown one.
    async fn judge(&self, text: &str, cancel: &AbortController) -> Result<(Verdict, Option<String>), FetchFailure> {
        let feed = if self.key.statuspage {
            let options = incident_feed::statuspage::ImportOptions::default();
            let feed = incident_feed::statuspage::import(text, &options).map_err(|_| FetchFailure::Broken(incident_feed::ProblemKind::Shape))?;
            let problems = incident_feed::validate::check_feed(&feed);
            if !problems.is_empty() {
                return Err(FetchFailure::from_problems(&incident_feed::Problems(problems)));
            }
            feed
        } else {
            parse_feed(text).map_err(|p| FetchFailure::from_problems(&p))?
        };
        let mut signature = None;
        if let Some(key) = &self.key.public_key {
            let key = incident_feed::signing::PublicKey::from_base64(key).map_err(|_| FetchFailure::NotVerified)?;
            let sig = fetch_signature(&format!("{}.sig", self.key.url), cancel).await.ok_or(FetchFailure::NotVerified)?;
            incident_feed::signing::verify(text.as_bytes(), sig.trim(), &key).map_err(|_| FetchFailure::NotVerified)?;
            signature = Some(sig.trim().to_owned());
        }
        let shown = self.shown.borrow().clone();
        accept_feed(shown.as_deref(), feed).map(|verdict| (verdict, signature))
    }

    fn set_notice(&self, notice: Option<Notice>) {
        self.notice.set(notice);
        for (_, s) in self.subscribers.borrow().iter() {
            s.notice.set(notice);
        }
    }

    /// Shows what went wrong: a calm "not current" notice over the last good
    /// copy, or the failure itself when there is nothing to show.
    fn fail(&self, failure: FetchFailure) {
        let has_copy = self.shown.borrow().is_some();
        let event = [
            ("code", JsValue::from_str(failure.code())),
            ("status", failure.status().map(JsValue::from).unwrap_or(JsValue::NULL)),
            ("url", JsValue::from_str(&self.key.url)),
            ("showingLastGoodCopy", JsValue::from_bool(has_copy)),
        ];
        if failure == FetchFailure::Stale {
            // An older feed than the one shown changes nothing for the reader.
            self.dispatch("incident-status:error", &event);
            return;
        }
        let notice = match failure.message_kind() {
            MessageKind::Offline => Notice::Offline,
            MessageKind::NotVerified => Notice::NotVerified,
            MessageKind::Broken => Notice::Broken,
            MessageKind::Unsupported => Notice::Unsupported,
            MessageKind::Unreachable => Notice::Unreachable,
        };
        // Over a good copy the reader mostly needs to know it may be outdated;
        // "not verified" and "offline" say more than that, so they stay.
        let notice = if has_copy && !matches!(notice, Notice::NotVerified | Notice::Offline) { Notice::Stale } else { notice };
        self.set_notice(Some(notice));
        self.dispatch("incident-status:error", &event);
    }

    fn dispatch(&self, name: &str, detail: &[(&str, JsValue)]) {
        let object = js_sys::Object::new();
        for (k, v) in detail {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), v);
        }
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&object);
        let hosts: Vec<HtmlElement> = self.subscribers.borrow().iter().map(|(_, s)| s.host.clone()).collect();
        for host in hosts {
            if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = host.dispatch_event(&event);
            }
        }
    }
}

impl Drop for FeedSource {
    fn drop(&mut self) {
        self.stop();
    }
}
