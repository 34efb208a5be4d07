//! What the browser fetcher checks before a response body is parsed, and the
//! failure taxonomy shared by the notice, the `incident-status:error` event
//! and the poller.
//!
//! The request itself (done by the widget) is a `GET` with
//! `credentials: "omit"` (no cookies sent or stored, no HTTP authentication
//! prompt), `redirect: "manual"`, conditional headers from the last good copy
//! and an abort after [`FETCH_TIMEOUT_MS`].
//!
//! Redirects are never followed: with `"follow"` the browser would already
//! have asked the other origin before the widget could refuse the answer, and
//! a `"manual"` redirect hides its `Location`, so even one within the origin
//! cannot be followed safely by hand. A redirect fails with
//! [`FetchFailure::Redirected`]; the embedder writes the feed's final URL.

use crate::validate::{self, ProblemKind, Problems};

/// How long one request may take, headers and body together, before it is
/// aborted: 10 s.
///
/// A feed is small (tens of KB) and served from a CDN, so a healthy answer
/// takes well under a second even on a poor mobile link. Ten seconds leaves
/// room for a slow network without letting a server that never answers (or
/// drips its body) keep a request, and the "loading" state, open; the poller
/// then backs off, so a hanging origin sees fewer requests, not more.
pub const FETCH_TIMEOUT_MS: u32 = 10_000;

/// The most body bytes read; the reader stops and fails with
/// [`FetchFailure::TooLarge`] beyond it. The same limit as
/// [`validate::MAX_FEED_BYTES`], so anything that fits can also be parsed.
pub const MAX_BODY_BYTES: usize = validate::MAX_FEED_BYTES;

/// Why a poll did not bring a usable feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchFailure {
    /// The browser is offline (`navigator.onLine` is false, or the request
    /// failed while it was).
    Offline,
    /// No complete answer within [`FETCH_TIMEOUT_MS`].
    Timeout,
    /// No usable answer: `Some(status)` for an HTTP error status, `None` when
    /// the connection failed (refused, reset, DNS, blocked by CORS).
    Unreachable(Option<u16>),
    /// The body is longer than [`MAX_BODY_BYTES`] (or says it will be).
    TooLarge,
    /// The body is not JSON: most often an HTML error page served with 200
    /// by a proxy, a CDN or a captive portal.
    NotJson,
    /// JSON that is not a valid feed; the kind says how.
    Broken(ProblemKind),
    /// A feed in a format version this widget does not read.
    UnsupportedVersion,
    /// A valid feed older than the one shown (a stale cache or a replayed
    /// file); the shown one stays.
    Stale,
    /// The feed's signature is missing or does not verify.
    NotVerified,
    /// A key is configured but nothing here can verify Ed25519 (a browser
    /// without it in WebCrypto, or a page that is not a secure context):
    /// the feed is refused like an unverified one (docs/signing.md).
    VerifierUnavailable,
    /// The server answered with a redirect, which is not followed (see the
    /// module documentation), or the answer came from another origin.
    Redirected,
}

impl FetchFailure {
    /// The failure a validation result stands for.
    ///
    /// ```
    /// use incident_feed::resilience::FetchFailure;
    /// let problems = incident_feed::parse_feed("{\"version\": 1").unwrap_err();
    /// assert_eq!(FetchFailure::from_problems(&problems).code(), "broken-json");
    /// ```
    pub fn from_problems(problems: &Problems) -> FetchFailure {
        match problems.kind() {
            ProblemKind::TooLarge => FetchFailure::TooLarge,
            ProblemKind::UnsupportedVersion => FetchFailure::UnsupportedVersion,
            kind => FetchFailure::Broken(kind),
        }
    }

    /// A stable machine-readable code for the `incident-status:error` event
    /// (`event.detail.code`); hosts may switch on it, so codes never change
    /// meaning. The HTTP status, if any, is [`FetchFailure::status`].
    ///
    /// ```
    /// use incident_feed::resilience::FetchFailure;
    /// assert_eq!(FetchFailure::Unreachable(Some(404)).code(), "http-error");
    /// assert_eq!(FetchFailure::Unreachable(None).code(), "network-error");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            FetchFailure::Offline => "offline",
            FetchFailure::Timeout => "timeout",
            FetchFailure::Unreachable(Some(_)) => "http-error",
            FetchFailure::Unreachable(None) => "network-error",
            FetchFailure::TooLarge => "too-large",
            FetchFailure::NotJson => "not-json",
            FetchFailure::Broken(ProblemKind::Syntax) => "broken-json",
            FetchFailure::Broken(ProblemKind::Shape) => "broken-shape",
            FetchFailure::Broken(ProblemKind::DuplicateKey) => "broken-duplicate-key",
            FetchFailure::Broken(_) => "broken-invalid",
            FetchFailure::UnsupportedVersion => "unsupported-version",
            FetchFailure::Stale => "stale",
            FetchFailure::NotVerified => "not-verified",
            FetchFailure::VerifierUnavailable => "verifier-unavailable",
            FetchFailure::Redirected => "redirected",
        }
    }

    /// The HTTP status behind the failure, for the event detail.
    pub fn status(self) -> Option<u16> {
        match self {
            FetchFailure::Unreachable(status) => status,
            _ => None,
        }
    }

    /// Whether the poller backs off after this failure.
    ///
    /// Failures of the transport or the server (offline, timeout, error
    /// status, an HTML error page, an oversized body) do: the origin may be
    /// overloaded, and retrying at full rate would make that worse. Failures
    /// of the content (a broken, unsupported, stale or unverified feed, a
    /// redirect) do not: the server answered normally, and
    /// the publisher's fix should reach readers at the normal interval.
    ///
    /// ```
    /// use incident_feed::resilience::FetchFailure;
    /// assert!(FetchFailure::Unreachable(Some(500)).backs_off());
    /// assert!(!FetchFailure::Stale.backs_off());
    /// ```
    pub fn backs_off(self) -> bool {
        matches!(self, FetchFailure::Offline | FetchFailure::Timeout | FetchFailure::Unreachable(_) | FetchFailure::NotJson | FetchFailure::TooLarge)
    }

    /// Whether `Retry-After` on this failure is honoured: only on 429 and
    /// 503, the two statuses for which RFC 9110 and RFC 6585 define it as
    /// "come back later".
    pub fn honours_retry_after(self) -> bool {
        matches!(self, FetchFailure::Unreachable(Some(429 | 503)))
    }
}

/// Checks a response before its body is parsed: the status, the declared
/// content type and the first bytes of the body (a few hundred are enough;
/// the whole body is fine too).
///
/// * 2xx passes; 304 passes too (it is not a failure: the caller keeps what
///   is shown and never parses its empty body); any other status is
///   [`FetchFailure::Unreachable`].
/// * The content type is otherwise ignored (feeds are served as
///   `application/json`, `text/plain`, `application/octet-stream`, …), except
///   that an HTML page is not a feed: a body whose first character after a
///   byte order mark and white space is `<`, or a `text/html` /
///   `application/xhtml+xml` response whose body does not start like JSON
///   (`{`), is [`FetchFailure::NotJson`]. The body wins over the header so
///   that a feed mislabelled as HTML by a careless server still works.
///
/// ```
/// use incident_feed::resilience::{fetch_rules::classify, FetchFailure};
/// assert_eq!(classify(200, Some("application/json"), b"{\"version\":1}"), Ok(()));
/// assert_eq!(classify(200, Some("text/html"), b"\xEF\xBB\xBF \n<!doctype html>"), Err(FetchFailure::NotJson));
/// assert_eq!(classify(503, None, b""), Err(FetchFailure::Unreachable(Some(503))));
/// ```
pub fn classify(status: u16, content_type: Option<&str>, body_prefix: &[u8]) -> Result<(), FetchFailure> {
    if status == 304 {
        return Ok(());
    }
    if !(200..300).contains(&status) {
        return Err(FetchFailure::Unreachable(Some(status)));
    }
    let first = first_significant_byte(body_prefix);
    if first == Some(b'<') {
        return Err(FetchFailure::NotJson);
    }
    if content_type.is_some_and(is_html) && first != Some(b'{') {
        return Err(FetchFailure::NotJson);
    }
    Ok(())
}

/// Checks a declared `Content-Length` (before reading) or the bytes read so
/// far (while reading), so that a 10 MB body is abandoned early instead of
/// being downloaded into memory.
///
/// ```
/// use incident_feed::resilience::fetch_rules::{check_size, MAX_BODY_BYTES};
/// assert!(check_size(1234).is_ok());
/// assert!(check_size(MAX_BODY_BYTES as u64 + 1).is_err());
/// ```
pub fn check_size(bytes: u64) -> Result<(), FetchFailure> {
    if bytes > MAX_BODY_BYTES as u64 {
        Err(FetchFailure::TooLarge)
    } else {
        Ok(())
    }
}

/// Checks where an answer came from (`Response.url`): another scheme, host
/// or port than the feed URL is refused, so that nothing in between (a
/// service worker, a browser that followed a redirect after all) can
/// substitute someone else's feed. The request itself follows no redirect.
///
/// ```
/// use incident_feed::resilience::{fetch_rules::check_final_url, FetchFailure};
/// let feed = "https://status.example.com/feed.json";
/// assert!(check_final_url(feed, "https://status.example.com/v2/feed.json").is_ok());
/// assert_eq!(check_final_url(feed, "https://evil.example/feed.json"), Err(FetchFailure::Redirected));
/// ```
pub fn check_final_url(requested: &str, final_url: &str) -> Result<(), FetchFailure> {
    // An empty Response.url happens for synthetic responses (service workers,
    // test doubles); there was no redirect to judge.
    if final_url.is_empty() || origin(requested) == origin(final_url) {
        Ok(())
    } else {
        Err(FetchFailure::Redirected)
    }
}

/// `scheme://host[:port]`, lower-cased with default ports dropped; `None`
/// for a relative URL (which is resolved against the page, so same-origin).
pub(crate) fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Userinfo is not part of the origin.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase();
    let scheme = scheme.to_ascii_lowercase();
    let host_port = match (scheme.as_str(), host_port.rsplit_once(':')) {
        ("https", Some((host, "443"))) | ("http", Some((host, "80"))) => host.to_owned(),
        _ => host_port,
    };
    Some(format!("{scheme}://{host_port}"))
}

fn first_significant_byte(body: &[u8]) -> Option<u8> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

fn is_html(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("text/html") || essence.eq_ignore_ascii_case("application/xhtml+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(classify(200, None, b"{}"), Ok(()));
        assert_eq!(classify(203, None, b"{}"), Ok(()));
        assert_eq!(classify(304, None, b""), Ok(()));
        for status in [301, 400, 403, 404, 429, 500, 502, 503, 504] {
            assert_eq!(classify(status, Some("application/json"), b"{}"), Err(FetchFailure::Unreachable(Some(status))));
        }
    }

    #[test]
    fn html_error_pages_served_with_200() {
        for (ct, body) in [
            (None, &b"<!DOCTYPE html><title>502</title>"[..]),
            (Some("application/json"), b"  \r\n\t<html>"),
            (Some("text/plain"), b"\xEF\xBB\xBF<html>"),
            (Some("text/html; charset=utf-8"), b"Service unavailable"),
            (Some("TEXT/HTML"), b""),
            (Some("application/xhtml+xml"), b"[1]"),
        ] {
            assert_eq!(classify(200, ct, body), Err(FetchFailure::NotJson), "{ct:?} {body:?}");
        }
    }

    #[test]
    fn tolerant_of_content_types() {
        for ct in [None, Some("application/json"), Some("text/plain"), Some("application/octet-stream"), Some("application/feed+json")] {
            assert_eq!(classify(200, ct, b"\xEF\xBB\xBF\n{\"version\":1}"), Ok(()));
        }
        // A feed mislabelled as HTML is still a feed.
        assert_eq!(classify(200, Some("text/html"), b" {\"version\":1}"), Ok(()));
        // Truncated or garbage bodies pass here and fail in parsing, with a better message.
        assert_eq!(classify(200, Some("application/json"), b"{\"versi"), Ok(()));
    }

    #[test]
    fn sizes() {
        assert_eq!(check_size(0), Ok(()));
        assert_eq!(check_size(MAX_BODY_BYTES as u64), Ok(()));
        assert_eq!(check_size(10 * 1024 * 1024), Err(FetchFailure::TooLarge));
        let huge = "x".repeat(MAX_BODY_BYTES + 1);
        let problems = validate::parse_feed(&huge).unwrap_err();
        assert_eq!(FetchFailure::from_problems(&problems), FetchFailure::TooLarge);
    }

    #[test]
    fn origins() {
        let feed = "https://Status.Example.com/feed.json?x=1";
        assert!(check_final_url(feed, "https://status.example.com:443/other").is_ok());
        assert!(check_final_url(feed, "").is_ok());
        assert!(check_final_url("/feed.json", "/feed.json").is_ok());
        for other in [
            "http://status.example.com/feed.json",
            "https://status.example.com:8443/feed.json",
            "https://example.com/feed.json",
            "https://status.example.com.evil.example/feed.json",
        ] {
            assert_eq!(check_final_url(feed, other), Err(FetchFailure::Redirected), "{other}");
        }
        assert!(check_final_url("https://user@a.example/x", "https://a.example/y").is_ok());
    }

    #[test]
    fn every_failure_has_a_message_and_a_distinct_code() {
        let all = [
            FetchFailure::Offline,
            FetchFailure::Timeout,
            FetchFailure::Unreachable(Some(500)),
            FetchFailure::Unreachable(None),
            FetchFailure::TooLarge,
            FetchFailure::NotJson,
            FetchFailure::Broken(ProblemKind::Syntax),
            FetchFailure::Broken(ProblemKind::Shape),
            FetchFailure::Broken(ProblemKind::DuplicateKey),
            FetchFailure::Broken(ProblemKind::Invalid),
            FetchFailure::UnsupportedVersion,
            FetchFailure::Stale,
            FetchFailure::NotVerified,
            FetchFailure::VerifierUnavailable,
            FetchFailure::Redirected,
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(|f| f.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(codes.iter().all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        assert_eq!(FetchFailure::Unreachable(Some(503)).status(), Some(503));
        assert!(FetchFailure::Unreachable(Some(429)).honours_retry_after());
        assert!(!FetchFailure::Unreachable(Some(500)).honours_retry_after());
    }

    #[test]
    fn problems_map_to_failures() {
        let version = validate::parse_feed(r#"{"version": 2}"#).unwrap_err();
        assert_eq!(FetchFailure::from_problems(&version), FetchFailure::UnsupportedVersion);
        let shape = validate::parse_feed(r#"{"version": 1}"#).unwrap_err();
        assert_eq!(FetchFailure::from_problems(&shape), FetchFailure::Broken(ProblemKind::Shape));
        let syntax = validate::parse_feed("{} trailing").unwrap_err();
        assert_eq!(FetchFailure::from_problems(&syntax), FetchFailure::Broken(ProblemKind::Syntax));
        let duplicate = validate::parse_feed(r#"{"version": 1, "version": 1}"#).unwrap_err();
        assert_eq!(FetchFailure::from_problems(&duplicate).code(), "broken-duplicate-key");
    }
}
