//! The last good copy of a feed, as kept in `localStorage`, so that the next
//! page load paints at once and a failing origin still leaves something to
//! read.
//!
//! One entry per feed URL under [`cache_key`], holding a JSON
//! [`CachedFeed`]. The body is the feed exactly as served (not re-serialised)
//! so that a detached signature over those bytes can be checked again on
//! load, and it is parsed and validated again on every load: `localStorage`
//! is writable by any script on the host page and by the reader, and an
//! older widget version may have stored something a newer one rejects.

use serde::{Deserialize, Serialize};

use super::fetch_rules::FetchFailure;
use crate::model::Feed;
use crate::validate::parse_feed;

/// Prefix of every key; `v1` is the record format, so a future format can
/// live beside this one during an upgrade.
pub const CACHE_KEY_PREFIX: &str = "incident-status:v1:";

/// The largest record stored or loaded: 1 MiB of JSON text.
///
/// The widget lives in someone else's origin: the host page's
/// `localStorage` quota (about 5 MB in current browsers) is shared with the
/// host's own data, and a status widget must not crowd it out. Real feeds
/// are tens of kilobytes; a feed beyond this bound is simply not kept, and
/// the widget falls back to the network and the embedder's fallback.
pub const MAX_CACHE_ENTRY_BYTES: usize = 1024 * 1024;

/// Longest `ETag` or `Last-Modified` value carried over into a request.
const MAX_VALIDATOR_CHARS: usize = 512;

/// The `localStorage` key for a feed URL (absolute, as requested).
///
/// ```
/// use incident_feed::resilience::cache::cache_key;
/// assert_eq!(cache_key("https://status.example.com/feed.json"), "incident-status:v1:https://status.example.com/feed.json");
/// ```
pub fn cache_key(url: &str) -> String {
    format!("{CACHE_KEY_PREFIX}{url}")
}

/// One stored last good copy.
///
/// ```
/// use incident_feed::resilience::CachedFeed;
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json");
/// let url = "https://status.example.com/feed.json";
/// let entry = CachedFeed {
///     url: url.into(),
///     fetched_at_unix_ms: 1_767_225_600_000,
///     etag: Some("\"abc\"".into()),
///     last_modified: None,
///     signature: None,
///     body: std::fs::read_to_string(path).unwrap(),
///     source: None,
/// };
/// let stored = entry.to_json().unwrap(); // localStorage.setItem(cache_key(url), stored)
/// let (loaded, feed) = CachedFeed::load(url, &stored).unwrap();
/// assert_eq!(loaded, entry);
/// assert_eq!(feed.version, 1);
/// assert_eq!(loaded.conditional_headers(), vec![("If-None-Match", "\"abc\"")]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedFeed {
    /// The feed URL the body came from; checked against the key on load.
    pub url: String,
    /// When the body was fetched (or last confirmed by a 304), `Date.now()`.
    pub fetched_at_unix_ms: u64,
    /// The response's `ETag`, for `If-None-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The response's `Last-Modified`, for `If-Modified-Since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The detached signature the body was verified with, when the widget
    /// checks signatures, so that the copy can be verified again on load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The feed exactly as served.
    pub body: String,
    /// The mirror that served the body, when it was not `url` itself: its
    /// `etag` and `last_modified` are that server's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Why a stored entry was not used (the widget then removes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// Larger than [`MAX_CACHE_ENTRY_BYTES`]: not stored, or not loaded.
    TooLarge,
    /// Not a record of this format.
    Malformed,
    /// A record for another feed URL.
    OtherUrl,
    /// The body is no longer a valid feed; the failure says how.
    InvalidFeed(FetchFailure),
}

impl CachedFeed {
    /// The URL that served the body: the mirror, or the feed's own.
    pub fn served_by(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.url)
    }

    /// The record as stored, or [`CacheError::TooLarge`] when it would not
    /// fit the bound (the widget then removes any older entry rather than
    /// keep a copy older than what it has shown).
    pub fn to_json(&self) -> Result<String, CacheError> {
        let json = serde_json::to_string(self).map_err(|_| CacheError::Malformed)?;
        if json.len() > MAX_CACHE_ENTRY_BYTES {
            return Err(CacheError::TooLarge);
        }
        Ok(json)
    }

    /// Reads a stored record for `url` and validates its body again.
    ///
    /// Conditional-request validators that could not be sent as header
    /// values (control characters, absurd length) are dropped rather than
    /// failing the whole entry: the copy is still good to show, the next
    /// request is just unconditional.
    pub fn load(url: &str, stored: &str) -> Result<(CachedFeed, Feed), CacheError> {
        let entry = CachedFeed::record(url, stored)?;
        let feed = parse_feed(&entry.body).map_err(|p| CacheError::InvalidFeed(FetchFailure::from_problems(&p)))?;
        Ok((entry, feed))
    }

    /// Reads a stored record for `url` without judging its body, for callers
    /// that parse it themselves (in another format, or after verifying its
    /// signature: `crate::client::FeedClient::restore`).
    pub fn record(url: &str, stored: &str) -> Result<CachedFeed, CacheError> {
        if stored.len() > MAX_CACHE_ENTRY_BYTES {
            return Err(CacheError::TooLarge);
        }
        let mut entry: CachedFeed = serde_json::from_str(stored).map_err(|_| CacheError::Malformed)?;
        if entry.url != url {
            return Err(CacheError::OtherUrl);
        }
        entry.etag = entry.etag.filter(|v| is_header_value(v));
        entry.last_modified = entry.last_modified.filter(|v| is_header_value(v));
        Ok(entry)
    }

    /// The request headers that make the next poll conditional, so that an
    /// unchanged feed costs a 304 without a body.
    pub fn conditional_headers(&self) -> Vec<(&'static str, &str)> {
        let mut headers = Vec::new();
        if let Some(etag) = &self.etag {
            headers.push(("If-None-Match", etag.as_str()));
        }
        if let Some(date) = &self.last_modified {
            headers.push(("If-Modified-Since", date.as_str()));
        }
        headers
    }

    /// How old the copy is at `now_unix_ms` (0 if the clock says it is from
    /// the future).
    pub fn age_ms(&self, now_unix_ms: u64) -> u64 {
        now_unix_ms.saturating_sub(self.fetched_at_unix_ms)
    }
}

/// Visible ASCII, spaces and tabs, not empty and not too long: what a
/// `Headers.set` accepts without throwing into the host page.
fn is_header_value(v: &str) -> bool {
    !v.trim().is_empty() && v.len() <= MAX_VALIDATOR_CHARS && v.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ProblemKind;

    const URL: &str = "https://status.example.com/feed.json";

    fn entry() -> CachedFeed {
        let path = format!("{}/../../examples/feeds/cyberangriff.json", env!("CARGO_MANIFEST_DIR"));
        CachedFeed {
            url: URL.into(),
            fetched_at_unix_ms: 1_767_225_600_000,
            etag: Some("W/\"5f-1\"".into()),
            last_modified: Some("Wed, 31 Dec 2025 23:59:59 GMT".into()),
            signature: Some("c2ln".into()),
            body: std::fs::read_to_string(path).unwrap(),
            source: None,
        }
    }

    #[test]
    fn round_trip() {
        let e = entry();
        let json = e.to_json().unwrap();
        let (back, feed) = CachedFeed::load(URL, &json).unwrap();
        assert_eq!(back, e);
        assert_eq!(feed, parse_feed(&e.body).unwrap());
        assert_eq!(back.conditional_headers().len(), 2);
        assert_eq!(back.age_ms(1_767_225_660_000), 60_000);
        assert_eq!(back.age_ms(0), 0);
    }

    #[test]
    fn optional_fields_may_be_missing() {
        let json = serde_json::json!({"url": URL, "fetched_at_unix_ms": 1, "body": entry().body}).to_string();
        let (e, _) = CachedFeed::load(URL, &json).unwrap();
        assert!(e.conditional_headers().is_empty());
    }

    #[test]
    fn tampered_entries_are_not_trusted() {
        let json = entry().to_json().unwrap();
        // Another feed's entry under this key.
        assert_eq!(CachedFeed::load("https://other.example/feed.json", &json), Err(CacheError::OtherUrl));
        // Not a record.
        for junk in ["", "null", "[]", "{}", "{\"url\": 5}", "<html>", &json[..json.len() / 2]] {
            assert_eq!(CachedFeed::load(URL, junk), Err(CacheError::Malformed), "{junk:?}");
        }
        // A body edited into an invalid feed.
        let mut e = entry();
        e.body = e.body.replacen("\"version\": 1", "\"version\": 9", 1);
        assert_eq!(CachedFeed::load(URL, &e.to_json().unwrap()), Err(CacheError::InvalidFeed(FetchFailure::UnsupportedVersion)));
        let mut e = entry();
        e.body.truncate(e.body.len() - 3);
        assert_eq!(CachedFeed::load(URL, &e.to_json().unwrap()), Err(CacheError::InvalidFeed(FetchFailure::Broken(ProblemKind::Syntax))));
        // Validators that would throw in Headers.set are dropped, the copy is kept.
        let mut e = entry();
        e.etag = Some("\"a\"\r\nX-Evil: 1".into());
        e.last_modified = Some("x".repeat(10_000));
        let (loaded, _) = CachedFeed::load(URL, &e.to_json().unwrap()).unwrap();
        assert_eq!((loaded.etag, loaded.last_modified), (None, None));
    }

    #[test]
    fn size_is_bounded_both_ways() {
        let mut e = entry();
        e.body = format!("{}{}", e.body, " ".repeat(MAX_CACHE_ENTRY_BYTES));
        assert_eq!(e.to_json(), Err(CacheError::TooLarge));
        let huge = format!("{{\"url\":\"{URL}\",\"pad\":\"{}\"}}", "x".repeat(MAX_CACHE_ENTRY_BYTES));
        assert_eq!(CachedFeed::load(URL, &huge), Err(CacheError::TooLarge));
    }

    #[test]
    fn keys_differ_per_url() {
        assert_ne!(cache_key(URL), cache_key("https://status.example.com/feed.json?lang=en"));
        assert!(cache_key(URL).starts_with(CACHE_KEY_PREFIX));
    }
}
