//! One source per feed per page: it drives an `incident_feed::client::FeedClient`
//! and does only the I/O the client asks for (fetch, `localStorage`, timers,
//! the browser's visibility and network events, DOM events, signature
//! verification by WebCrypto), then pushes the
//! shown feed and notice to every widget subscribed. However many widgets
//! show one feed, the feed origin sees one client; the decisions themselves
//! are made, and tested natively, in the core.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::Duration;

use incident_feed::client::{ClientConfig, Effects, FeedClient, FeedRequest, VerifyRequest};
use incident_feed::texts::Notice;
use incident_feed::Feed;
use leptos::prelude::*;
use web_sys::{AbortController, HtmlElement};

use crate::events;
use crate::fetch::{fetch_feed, fetch_signature};
use crate::listeners::Listeners;
use crate::storage;
use crate::webcrypto;

/// What a widget receives from its source.
#[derive(Clone)]
pub struct Subscriber {
    pub feed: ArcRwSignal<Option<Arc<Feed>>>,
    pub notice: ArcRwSignal<Option<Notice>>,
    /// Update ids that arrived while the page was open.
    pub new_updates: ArcRwSignal<Vec<String>>,
    /// The element events are dispatched on.
    pub host: HtmlElement,
    /// The embedder's `refresh` in seconds; the source polls at the smallest
    /// of its subscribers'.
    pub refresh_seconds: Option<u32>,
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

    /// The widget's `refresh` attribute changed: the source keeps running
    /// and only its interval follows.
    pub fn set_refresh_seconds(&self, seconds: Option<u32>) {
        if let Some((_, s)) = self.source.subscribers.borrow_mut().iter_mut().find(|(id, _)| *id == self.id) {
            s.refresh_seconds = seconds;
        }
        self.source.update_interval();
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.source.subscribers.borrow_mut().retain(|(id, _)| *id != self.id);
        if self.source.subscribers.borrow().is_empty() {
            self.source.stop();
            SOURCES.with(|s| s.borrow_mut().remove(self.source.client.borrow().config()));
        } else {
            self.source.update_interval();
        }
    }
}

thread_local! {
    static SOURCES: RefCell<HashMap<ClientConfig, Weak<FeedSource>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Subscribes a widget to the source for `config`, creating it if needed.
pub fn subscribe(config: ClientConfig, subscriber: Subscriber) -> Subscription {
    let existing = SOURCES.with(|s| s.borrow().get(&config).and_then(Weak::upgrade));
    let (source, new) = match existing {
        Some(source) => (source, false),
        None => {
            let source = FeedSource::new(config.clone(), subscriber.refresh_seconds);
            SOURCES.with(|s| s.borrow_mut().insert(config, Rc::downgrade(&source)));
            (source, true)
        }
    };
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    subscriber.feed.set(source.client.borrow().shown().cloned());
    subscriber.notice.set(source.client.borrow().notice());
    source.subscribers.borrow_mut().push((id, subscriber));
    // A new source starts once its first widget is subscribed: what starting
    // reports (`mirror-refused`, a stored copy's `neutralised`) needs an
    // element to be dispatched on.
    if new {
        source.begin();
    }
    source.update_interval();
    Subscription { source, id }
}

struct FeedSource {
    client: RefCell<FeedClient>,
    subscribers: RefCell<Vec<(u64, Subscriber)>>,
    timer: RefCell<Option<TimeoutHandle>>,
    stopped: Cell<bool>,
    /// The request in flight; aborted when the last widget goes. One per
    /// request, because a timeout aborts its own controller for good.
    in_flight_request: RefCell<Option<AbortController>>,
    listeners: RefCell<Listeners>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl FeedSource {
    fn new(config: ClientConfig, refresh_seconds: Option<u32>) -> Rc<FeedSource> {
        let client = FeedClient::new(config, refresh_seconds, now_ms(), js_sys::Math::random());
        Rc::new(FeedSource {
            client: RefCell::new(client),
            subscribers: RefCell::new(Vec::new()),
            timer: RefCell::new(None),
            stopped: Cell::new(false),
            in_flight_request: RefCell::new(None),
            listeners: RefCell::new(Listeners::default()),
        })
    }

    /// Shows the stored copy, listens to the browser and polls at once.
    fn begin(self: &Rc<Self>) {
        let key = self.client.borrow().storage_key();
        let stored = storage::read(&key);
        let restored = self.client.borrow_mut().restore(stored.as_deref());
        self.apply(restored);
        self.listen();
        // The first request goes out at once: the cached copy (if any) is
        // already on screen, and a reader deserves to know if it is current.
        self.clone().poll_now();
    }

    /// The smallest `refresh` among the subscribers becomes the interval.
    fn update_interval(self: &Rc<Self>) {
        let smallest = self.subscribers.borrow().iter().filter_map(|(_, s)| s.refresh_seconds).min();
        self.client.borrow_mut().set_interval_override(smallest);
        self.schedule();
    }

    /// The page's visibility and the browser's network state steer the
    /// schedule: no requests from a hidden tab or while offline.
    fn listen(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let Some(document) = window.document() else { return };
        let mut listeners = self.listeners.borrow_mut();
        let weak = Rc::downgrade(self);
        listeners.add(document.clone().into(), "visibilitychange", move || {
            let Some(s) = weak.upgrade() else { return };
            if is_hidden() {
                s.client.borrow_mut().on_hidden();
                s.clear_timer();
            } else {
                s.client.borrow_mut().on_visible(now_ms());
                s.schedule();
            }
        });
        let weak = Rc::downgrade(self);
        listeners.add(window.clone().into(), "online", move || {
            if let Some(s) = weak.upgrade() {
                s.client.borrow_mut().on_online(now_ms());
                s.schedule();
            }
        });
        let weak = Rc::downgrade(self);
        listeners.add(window.into(), "offline", move || {
            if let Some(s) = weak.upgrade() {
                let effects = s.client.borrow_mut().on_offline();
                s.clear_timer();
                s.apply(effects);
            }
        });
        if document.hidden() {
            self.client.borrow_mut().on_hidden();
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        self.clear_timer();
        if let Some(request) = self.in_flight_request.borrow_mut().take() {
            request.abort();
        }
        self.client.borrow_mut().abandon();
        self.listeners.borrow_mut().remove_all();
    }

    fn clear_timer(&self) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.clear();
        }
    }

    fn schedule(self: &Rc<Self>) {
        self.clear_timer();
        if self.stopped.get() {
            return;
        }
        let Some(delay) = self.client.borrow().next_delay_ms(now_ms()) else { return };
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
        if self.stopped.get() {
            return;
        }
        let Some(request) = self.client.borrow_mut().start_poll(now_ms()) else { return };
        self.clear_timer();
        self.perform(request);
    }

    /// Sends `request` (a poll, or the next mirror after a failure) and
    /// hands the answer, and the signature it asks for, to the client.
    fn perform(self: Rc<Self>, request: FeedRequest) {
        let Ok(cancel) = AbortController::new() else {
            self.client.borrow_mut().abandon();
            return;
        };
        *self.in_flight_request.borrow_mut() = Some(cancel.clone());
        leptos::task::spawn_local(async move {
            let response = fetch_feed(&request.url, &request.headers, &cancel).await;
            if self.stopped.get() {
                return;
            }
            let mut effects = self.client.borrow_mut().on_feed_response(now_ms(), response);
            if let Some(url) = effects.fetch_signature.take() {
                self.apply(effects);
                let signature = fetch_signature(&url, &cancel).await;
                if self.stopped.get() {
                    return;
                }
                effects = self.client.borrow_mut().on_signature(now_ms(), signature.as_deref());
            }
            // A verification or a next mirror asked for here reschedules
            // when it is answered; until then the poll counts as in flight
            // and no timer is set.
            self.apply(effects);
            self.schedule();
        });
    }

    /// Has WebCrypto verify `request` and hands the answer to the client.
    /// The client matches it by id, so it may come after a newer poll.
    fn verify(self: &Rc<Self>, request: VerifyRequest) {
        let weak = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let outcome = webcrypto::verify(&request).await;
            let Some(source) = weak.upgrade() else { return };
            if source.stopped.get() {
                return;
            }
            let effects = source.client.borrow_mut().on_verified(now_ms(), request.id, outcome);
            source.apply(effects);
            source.schedule();
        });
    }

    /// Performs what the client decided: storage, screen, events, then a
    /// verification to start.
    fn apply(self: &Rc<Self>, effects: Effects) {
        if let Some(write) = effects.store {
            storage::perform(write);
        }
        for (_, s) in self.subscribers.borrow().iter() {
            if let Some(feed) = &effects.show {
                s.feed.set(Some(feed.clone()));
            }
            if let Some(notice) = effects.notice {
                s.notice.set(notice);
            }
            if !effects.new_update_ids.is_empty() {
                s.new_updates.update(|ids| ids.extend(effects.new_update_ids.iter().cloned()));
            }
        }
        if !effects.events.is_empty() {
            let hosts: Vec<HtmlElement> = self.subscribers.borrow().iter().map(|(_, s)| s.host.clone()).collect();
            for event in &effects.events {
                for host in &hosts {
                    events::dispatch(host, event);
                }
            }
        }
        if let Some(request) = effects.verify {
            self.verify(request);
        }
        if let Some(request) = effects.fetch {
            self.clone().perform(request);
        }
    }
}

fn is_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

impl Drop for FeedSource {
    fn drop(&mut self) {
        self.stop();
    }
}
