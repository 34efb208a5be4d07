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
use incident_feed::client::decode::MAX_SIGNATURE_BYTES;
use incident_feed::client::FeedResponse;
use incident_feed::resilience::fetch_rules::{self, FetchFailure, FETCH_TIMEOUT_MS, MAX_BODY_BYTES};
use incident_feed::resilience::RetryAfter;
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::set_timeout_with_handle;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

/// A failed answer, with the server's wish about when to ask again.
struct FetchError {
    failure: FetchFailure,
    retry_after: Option<RetryAfter>,
}

impl From<FetchFailure> for FetchError {
    fn from(failure: FetchFailure) -> Self {
        FetchError { failure, retry_after: None }
    }
}

/// Fetches `url`. `headers` are the conditional headers the client asked
/// for. `cancel` aborts the request when the widget goes.
pub async fn fetch_feed(url: &str, headers: &[(&'static str, String)], cancel: &AbortController) -> FeedResponse {
    match fetch_guarded(url, headers, RequestCache::Default, cancel).await {
        Ok(response) => response,
        Err(FetchError { failure, retry_after }) => FeedResponse::Failed { failure, retry_after },
    }
}

/// [`fetch_inner`] under the timeout, with failures told apart: a timeout,
/// going offline, or the request itself failing.
async fn fetch_guarded(url: &str, headers: &[(&'static str, String)], cache: RequestCache, cancel: &AbortController) -> Result<FeedResponse, FetchError> {
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
    let result = fetch_inner(url, headers, cache, cancel).await;
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

async fn fetch_inner(url: &str, headers: &[(&'static str, String)], cache: RequestCache, cancel: &AbortController) -> Result<FeedResponse, FetchError> {
    let mut request =
        Request::get(url).credentials(RequestCredentials::Omit).redirect(RequestRedirect::Manual).cache(cache).abort_signal(Some(&cancel.signal()));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().await.map_err(|_| FetchError::from(FetchFailure::Unreachable(None)))?;
    // A redirect is never followed (fetch_rules): the browser hands back an
    // opaque answer without asking the other address.
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(FetchFailure::Redirected.into());
    }
    let status = response.status();
    let headers = response.headers();
    crate::browser::observe_server_clock(headers.get("date"), headers.get("age"));
    if status == 304 {
        return Ok(FeedResponse::NotModified);
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
    Ok(FeedResponse::Body { text, etag: headers.get("etag"), last_modified: headers.get("last-modified") })
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

/// Fetches a detached signature (`feed.json.sig`): small, text, same rules,
/// and never from the browser's cache. A publish rewrites the file within
/// a second of the last one, and servers whose ETag is the modification
/// time in seconds plus the size (nginx) would then answer a revalidation
/// with 304 for the previous file: the new feed beside the old signature,
/// "not verified" (docs/signing.md, No torn publish). The file is a few
/// hundred bytes; asking for it whole each time costs nothing worth saving.
pub async fn fetch_signature(url: &str, cancel: &AbortController) -> Option<String> {
    match fetch_guarded(url, &[], RequestCache::NoStore, cancel).await {
        Ok(FeedResponse::Body { text, .. }) if text.len() <= MAX_SIGNATURE_BYTES => Some(text),
        _ => None,
    }
}

/// Whether the browser says it is online (`navigator.onLine`; true where it cannot tell).
pub(crate) fn navigator_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
