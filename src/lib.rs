//! The incident-status widget: renders an incident feed with Leptos.
//!
//! Everything that decides *what* to show (the feed model, validation,
//! search, phone numbers, dates, the interface texts and the language
//! choice) lives in the `incident-feed` crate; this crate renders it and
//! reads the few inputs only a browser has (languages, time zone, URL hash).
//!
//! Mounting: build a [`WidgetOptions`], keep the feed and the notice in
//! signals you own, and call [`mount_widget`] (or use the
//! [`IncidentStatus`] component in your own view). Replacing the feed in its
//! signal re-renders in place: no remount, the search query and which entries
//! are open survive.

pub mod attributes;
pub mod browser;
pub mod components;
mod embed;
mod events;
mod feed_source;
mod fetch;
mod listeners;
mod open_state;
pub mod options;
pub mod search_engine;
mod search_module;
mod storage;
mod webcrypto;

pub use embed::IncidentStatusElement;

use std::sync::Arc;

use leptos::mount::UnmountHandle;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;

pub use components::IncidentStatus;
pub use incident_feed::texts::{Lang, Notice};
pub use incident_feed::Feed;
pub use options::{Mode, Theme, WidgetOptions};

/// Keeps a mounted widget alive; dropping it unmounts the widget and stops
/// its timers and listeners.
pub struct WidgetHandle {
    _inner: UnmountHandle<AnyViewState>,
}

/// Mounts the widget as the last child of `parent`.
///
/// `feed`: `None` until a feed is loaded (the widget then shows a loading
/// line and the fallback hotline, never an empty box). `notice`: a calm
/// message about freshness or failure, shown above the feed or with the
/// fallback. Both may change at any time; so may `options`. `new_updates`:
/// ids of updates that arrived while the page is open (marked and announced).
pub fn mount_widget(
    parent: web_sys::HtmlElement,
    feed: Signal<Option<Arc<Feed>>>,
    notice: Signal<Option<Notice>>,
    options: Signal<WidgetOptions>,
    new_updates: Signal<Vec<String>>,
) -> WidgetHandle {
    let inner = mount_to(parent, move || view! { <IncidentStatus feed=feed notice=notice options=options new_updates=new_updates/> }.into_any());
    WidgetHandle { _inner: inner }
}
