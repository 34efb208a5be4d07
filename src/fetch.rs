//! One request for the feed, with every safeguard the resilience rules ask
//! for: a timeout that also covers a body that never ends, a byte limit
//! enforced while reading, no cookies, no redirect to another origin,
//! conditional requests, and HTML error pages recognised as failures.
//!
//! What counts as a failure is decided by `incident_feed::resilience`; this
//! file only talks to the browser.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::Request;
use incident_feed::resilience::fetch_rules::{self, FetchFailure, FETCH_TIMEOUT_MS, MAX_BODY_BYTES};
use incident_feed::resilience::RetryAfter;
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::set_timeout_with_handle;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestCredentials, RequestRedirect};

/// A successful answer.
pub enum Fetched {
    /// 304: what is shown is still current.
    NotModified,
    Body {
        text: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// A failed answer, with the server's wish about when to ask again.
pub struct FetchError {
    pub failure: FetchFailure,
    pub retry_after: Option<RetryAfter>,
}

impl From<FetchFailure> for FetchError {
    fn from(failure: FetchFailure) -> Self {
        FetchError { failure, retry_after: None }
    }
}

/// Fetches `url`. `conditional` are the `If-None-Match` / `If-Modified-Since`
/// headers of the copy shown. `cancel` aborts the request when the widget goes.
pub async fn fetch_feed(url: &str, conditional: &[(&str, &str)], cancel: &AbortController) -> Result<Fetched, FetchError> {
    if !navigator_online() {
        return Err(FetchFailure::Offline.into());
    }
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (cancel, timed_out) = (cancel.clone(), timed_out.clone());
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                cancel.abort();
            },
            Duration::from_millis(u64::from(FETCH_TIMEOUT_MS)),
        )
        .ok()
    };
    let result = fetch_inner(url, conditional, cancel).await;
    if let Some(t) = timer {
        t.clear();
    }
    result.map_err(|mut e| {
        if timed_out.get() {
            e.failure = FetchFailure::Timeout;
        } else if matches!(e.failure, FetchFailure::Unreachable(None)) && !navigator_online() {
            e.failure = FetchFailure::Offline;
        }
        e
    })
}

async fn fetch_inner(url: &str, conditional: &[(&str, &str)], cancel: &AbortController) -> Result<Fetched, FetchError> {
    let mut request = Request::get(url).credentials(RequestCredentials::Omit).redirect(RequestRedirect::Follow).abort_signal(Some(&cancel.signal()));
    for (name, value) in conditional {
        request = request.header(name, value);
    }
    let response = request.send().await.map_err(|_| FetchError::from(FetchFailure::Unreachable(None)))?;
    let status = response.status();
    let headers = response.headers();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        let retry_after = headers.get("retry-after").and_then(|h| RetryAfter::parse(&h));
        return Err(FetchError { failure: FetchFailure::Unreachable(Some(status)), retry_after });
    }
    fetch_rules::check_final_url(url, &response.url())?;
    if let Some(length) = headers.get("content-length").and_then(|l| l.trim().parse::<u64>().ok()) {
        fetch_rules::check_size(length)?;
    }
    let content_type = headers.get("content-type");
    let bytes = read_limited(response.body()).await?;
    fetch_rules::classify(status, content_type.as_deref(), &bytes[..bytes.len().min(512)])?;
    let text = String::from_utf8(bytes).map_err(|_| FetchError::from(FetchFailure::NotJson))?;
    Ok(Fetched::Body { text, etag: headers.get("etag"), last_modified: headers.get("last-modified") })
}

/// Reads a body chunk by chunk and stops at [`MAX_BODY_BYTES`]: a 10 MB
/// answer must not be read whole into a phone's memory.
async fn read_limited(body: Option<web_sys::ReadableStream>) -> Result<Vec<u8>, FetchError> {
    let Some(stream) = body else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| FetchError::from(FetchFailure::Unreachable(None)))?;
        if Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let value: Uint8Array =
            Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| FetchError::from(FetchFailure::Unreachable(None)))?.unchecked_into();
        if bytes.len() + value.length() as usize > MAX_BODY_BYTES {
            let _ = reader.cancel();
            return Err(FetchFailure::TooLarge.into());
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
    }
    Ok(bytes)
}

/// Fetches a detached signature (`feed.json.sig`): small, text, same rules.
pub async fn fetch_signature(url: &str, cancel: &AbortController) -> Option<String> {
    match fetch_feed(url, &[], cancel).await {
        Ok(Fetched::Body { text, .. }) if text.len() <= 1024 => Some(text),
        _ => None,
    }
}

fn navigator_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
