//! The FAQ search as the widget sees it: an engine that arrives after the
//! first paint, or not at all.
//!
//! The search code is not in the widget's wasm: it is a module of its own
//! (`incident-status-search.wasm`, `crate::search_module`) that loads on
//! idle, on focus or input in the search field, when the compact banner is
//! expanded or when `search()` is called, whichever comes first, once per
//! page for all widgets. Until then the engine's [`status`] is
//! [`EngineStatus::Preparing`]; the components show that, keep what is
//! typed, and search for the field's value as soon as it turns
//! [`EngineStatus::Ready`]. [`EngineStatus::Unavailable`] (the module did
//! not load, or broke) leaves the FAQ browsable without search.
//!
//! The widget only knows the traits here. The component tests put the
//! search crate in directly with [`install`]; the embed loads the module.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use incident_feed::search_wire::PackedHit;
use incident_feed::Feed;
use leptos::prelude::{ArcRwSignal, Set};

/// Where the page-wide search engine stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineStatus {
    /// Not loaded yet (or loading): what is typed waits for it.
    Preparing,
    /// Searching works.
    Ready,
    /// It could not be loaded or stopped working; the FAQ stays browsable.
    Unavailable,
}

/// Builds the search index of a feed.
pub trait SearchEngine {
    /// The index over `feed`'s FAQ; `None` when the engine cannot build it.
    fn index(&self, feed: &Feed) -> Option<Arc<dyn FaqIndex>>;
}

/// A built index over one feed's FAQ and contacts. `Send + Sync` because the widget keeps
/// it in memos; in the browser everything runs on one thread.
pub trait FaqIndex: Send + Sync {
    /// Entries matching `query` in language `lang`, best first, at most
    /// `limit`: what `incident_search::SearchIndex::search` returns. `None`
    /// when the engine broke while searching.
    fn search(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>>;

    /// Contacts matching `query`, best first, at most `limit`, each with its
    /// position in `feed.contacts`: what
    /// `incident_search::SearchIndex::search_contacts` returns (none for a
    /// query that does not ask how to reach us). `None` when the engine broke.
    fn contacts(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>>;
}

struct Engine {
    status: ArcRwSignal<EngineStatus>,
    engine: Option<Rc<dyn SearchEngine>>,
    loading_started: bool,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine {
        status: ArcRwSignal::new(EngineStatus::Preparing),
        engine: None,
        loading_started: false,
    });
}

/// The engine's status, a signal shared by every widget on the page.
pub fn status() -> ArcRwSignal<EngineStatus> {
    ENGINE.with(|e| e.borrow().status.clone())
}

/// Makes `engine` the page's search engine, ready at once.
pub fn install(engine: Rc<dyn SearchEngine>) {
    let status = ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        e.engine = Some(engine);
        e.loading_started = true;
        e.status.clone()
    });
    status.set(EngineStatus::Ready);
}

/// Marks the search as unavailable for the rest of the page's life. The
/// status changes in a microtask: this may be called while a memo runs,
/// which must not write signals.
pub fn fail() {
    let status = ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        e.engine = None;
        e.loading_started = true;
        e.status.clone()
    });
    wasm_bindgen_futures::spawn_local(async move { status.set(EngineStatus::Unavailable) });
}

/// The index of `feed`, if the engine is ready.
pub fn index(feed: &Feed) -> Option<Arc<dyn FaqIndex>> {
    let engine = ENGINE.with(|e| e.borrow().engine.clone())?;
    let index = engine.index(feed);
    if index.is_none() {
        fail();
    }
    index
}

/// Whether loading is still to start; claims it for the caller, so that the
/// module is fetched once per page ([`crate::search_module::start`]).
pub fn claim_loading() -> bool {
    ENGINE.with(|e| !std::mem::replace(&mut e.borrow_mut().loading_started, true))
}
