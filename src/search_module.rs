//! Loads `incident-status-search.wasm`, the FAQ search as a plain C-ABI
//! module (crate `incident-search-module`), and makes it the page's
//! [`SearchEngine`].
//!
//! Where and what: the file lies next to the widget's wasm (the loader tells
//! us that URL, [`set_bundle_url`]); its sha384 is baked into this wasm at
//! build time (`INCIDENT_STATUS_SEARCH_SRI`, set by `cargo xtask dist`), so a
//! page that pins the widget's files pins the search too, and `fetch`
//! refuses a file that does not match. It is fetched without credentials and
//! instantiated with `WebAssembly.instantiate` and no imports: no script, so
//! a strict CSP needs only the `'wasm-unsafe-eval'` the widget needs anyway.
//! Any failure (HTTP error, integrity mismatch, a missing export, a trap)
//! makes the search unavailable, never an uncaught error.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use incident_feed::search_wire::{self, PackedHit};
use incident_feed::Feed;
use js_sys::{Function, Object, Reflect, Uint32Array, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::search_engine::{self, FaqIndex, SearchEngine};

/// The module's file name, next to the widget's wasm.
pub const FILE_NAME: &str = "incident-status-search.wasm";

/// The module's `sha384-…` integrity value, baked in by `cargo xtask dist`.
/// A build without it (a plain `cargo build`) has no lazy search.
const INTEGRITY: Option<&str> = option_env!("INCIDENT_STATUS_SEARCH_SRI");

#[wasm_bindgen]
extern "C" {
    /// `WebAssembly.instantiate(bytes, imports)`, taking the fetched bytes as
    /// they are rather than through a copy in this module's memory.
    #[wasm_bindgen(js_namespace = WebAssembly, js_name = instantiate)]
    fn instantiate_bytes(bytes: &js_sys::ArrayBuffer, imports: &Object) -> js_sys::Promise;
}

thread_local! {
    static BUNDLE_URL: RefCell<Option<String>> = const { RefCell::new(None) };
    static MODULE: RefCell<Option<Rc<Module>>> = const { RefCell::new(None) };
}

/// Tells the widget where its own wasm was loaded from; the search module
/// is looked for next to it. Called once by the loader (`src/loader.js`).
#[wasm_bindgen(js_name = setBundleUrl)]
pub fn set_bundle_url(wasm_url: &str) {
    BUNDLE_URL.with(|u| *u.borrow_mut() = Some(wasm_url.to_owned()));
}

/// Starts loading the module now, unless it is loading or settled: on focus
/// or input in the search field, when the compact banner is expanded, or
/// when `search()` is called.
pub fn start() {
    // Offline, the fetch could only fail, and the search would stay
    // unavailable for the rest of the visit: load it once the browser is
    // online again instead.
    if !crate::fetch::navigator_online() {
        start_when_online();
        return;
    }
    if search_engine::claim_loading() {
        load();
    }
}

thread_local! {
    static WAITING_FOR_ONLINE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Calls [`start`] at the next `online` event, once, however often it is asked.
fn start_when_online() {
    if WAITING_FOR_ONLINE.with(|w| w.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(|| {
        WAITING_FOR_ONLINE.with(|w| w.set(false));
        start();
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options("online", callback.unchecked_ref(), &options);
}

/// Starts loading the module when the browser is idle (at the latest after
/// [`IDLE_TIMEOUT_MS`]), so that it never competes with the first paint;
/// [`start`] does it at once.
pub fn start_when_idle() {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(start);
    let idle = Reflect::get(&window, &"requestIdleCallback".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let scheduled = match idle {
        Some(request_idle) => {
            let options = Object::new();
            let _ = Reflect::set(&options, &"timeout".into(), &IDLE_TIMEOUT_MS.into());
            request_idle.call2(&window, &callback, &options).is_ok()
        }
        None => false,
    };
    // Safari has no requestIdleCallback: a short timeout after the paint.
    if !scheduled {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), FALLBACK_DELAY_MS);
    }
}

/// The longest the idle load waits for the browser to be idle.
pub const IDLE_TIMEOUT_MS: u32 = 2000;
/// Where there is no `requestIdleCallback`: the delay after the first paint.
const FALLBACK_DELAY_MS: i32 = 200;

/// Fetches and instantiates the module in the background; the page's
/// engine status becomes ready or unavailable when it settles.
fn load() {
    wasm_bindgen_futures::spawn_local(async {
        match fetch_and_instantiate().await {
            Ok(module) => {
                MODULE.with(|m| *m.borrow_mut() = Some(Rc::new(module)));
                search_engine::install(Rc::new(LazyEngine));
            }
            Err(_) => search_engine::fail(),
        }
    });
}

async fn fetch_and_instantiate() -> Result<Module, JsValue> {
    let integrity = INTEGRITY.ok_or("built without the search module's integrity")?;
    let base = BUNDLE_URL.with(|u| u.borrow().clone()).ok_or("the loader did not say where the bundle is")?;
    let url = web_sys::Url::new_with_base(FILE_NAME, &base)?.href();
    let init = web_sys::RequestInit::new();
    init.set_integrity(integrity);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_mode(web_sys::RequestMode::Cors);
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await?.dyn_into()?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    let bytes: js_sys::ArrayBuffer = JsFuture::from(response.array_buffer()?).await?.dyn_into()?;
    let instantiated = JsFuture::from(instantiate_bytes(&bytes, &Object::new())).await?;
    let exports = Reflect::get(&Reflect::get(&instantiated, &"instance".into())?, &"exports".into())?;
    Module::from_exports(&exports)
}

/// The module's exports (see crate `incident-search-module` for the ABI).
struct Module {
    memory: WebAssembly::Memory,
    alloc_bytes: Function,
    index_build: Function,
    index_free: Function,
    search: Function,
    search_contacts: Function,
    result_free: Function,
}

impl Module {
    fn from_exports(exports: &JsValue) -> Result<Module, JsValue> {
        let get = |name: &str| Reflect::get(exports, &name.into());
        let function = |name: &str| get(name)?.dyn_into::<Function>();
        Ok(Module {
            memory: get("memory")?.dyn_into()?,
            alloc_bytes: function("alloc_bytes")?,
            index_build: function("index_build")?,
            index_free: function("index_free")?,
            search: function("search")?,
            search_contacts: function("search_contacts")?,
            result_free: function("result_free")?,
        })
    }

    /// Copies `bytes` into a fresh buffer in the module's memory.
    fn put(&self, bytes: &[u8]) -> Result<u32, JsValue> {
        let ptr = number(&self.alloc_bytes.call1(&JsValue::NULL, &bytes.len().into())?)?;
        // A view made after the allocation: growing the memory detaches older ones.
        Uint8Array::new_with_byte_offset_and_length(&self.memory.buffer(), ptr, bytes.len() as u32).copy_from(bytes);
        Ok(ptr)
    }

    fn build(&self, faq: &[u8]) -> Result<u32, JsValue> {
        let ptr = self.put(faq)?;
        number(&self.index_build.call2(&JsValue::NULL, &ptr.into(), &faq.len().into())?)
    }

    /// Calls `export` (`search` or `search_contacts`, which take the same
    /// arguments and answer alike) and reads its hits.
    fn search(&self, export: &Function, handle: u32, query: &str, lang: &str, limit: usize) -> Result<Vec<PackedHit>, JsValue> {
        let (q, l) = (self.put(query.as_bytes())?, self.put(lang.as_bytes())?);
        let args = js_sys::Array::new();
        for n in [handle, q, query.len() as u32, l, lang.len() as u32, limit.min(u32::MAX as usize) as u32] {
            args.push(&n.into());
        }
        let result = number(&export.apply(&JsValue::NULL, &args)?)?;
        let buffer = self.memory.buffer();
        let count = Uint32Array::new_with_byte_offset_and_length(&buffer, result, 1).get_index(0);
        let words = Uint32Array::new_with_byte_offset_and_length(&buffer, result + 4, count).to_vec();
        self.result_free.call1(&JsValue::NULL, &result.into())?;
        search_wire::decode_hits(&words).ok_or_else(|| "the search module answered nonsense".into())
    }
}

/// A pointer or handle the module returned (wasm32: a `u32`).
fn number(value: &JsValue) -> Result<u32, JsValue> {
    value.as_f64().map(|n| n as u32).ok_or_else(|| "the search module returned no number".into())
}

fn module() -> Option<Rc<Module>> {
    MODULE.with(|m| m.borrow().clone())
}

/// The engine backed by the loaded module.
struct LazyEngine;

impl SearchEngine for LazyEngine {
    fn index(&self, feed: &Feed) -> Option<Arc<dyn FaqIndex>> {
        let handle = module()?.build(&search_wire::encode_searchable(feed)).ok().filter(|&h| h != 0)?;
        Some(Arc::new(LazyIndex { handle }))
    }
}

/// An index inside the module, freed there when the widget lets go of it.
struct LazyIndex {
    handle: u32,
}

impl LazyIndex {
    fn ask(&self, export: impl Fn(&Module) -> &Function, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>> {
        let module = module()?;
        let hits = module.search(export(&module), self.handle, query, lang, limit).ok();
        if hits.is_none() {
            // A trap leaves the module's state unknown: no further calls.
            MODULE.with(|m| m.borrow_mut().take());
            search_engine::fail();
        }
        hits
    }
}

impl FaqIndex for LazyIndex {
    fn search(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>> {
        self.ask(|m| &m.search, query, lang, limit)
    }

    fn contacts(&self, query: &str, lang: &str, limit: usize) -> Option<Vec<PackedHit>> {
        self.ask(|m| &m.search_contacts, query, lang, limit)
    }
}

impl Drop for LazyIndex {
    fn drop(&mut self) {
        if let Some(module) = module() {
            let _ = module.index_free.call1(&JsValue::NULL, &self.handle.into());
        }
    }
}
