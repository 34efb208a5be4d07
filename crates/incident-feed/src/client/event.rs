//! The DOM events a widget sends to its page, as data: one vocabulary of
//! names and error codes, and one detail shape for every error, whoever
//! raises it (the feed client, the element for a bad `feed` attribute, the
//! loader for a bundle that cannot be had).

use crate::resilience::FetchFailure;

/// `incident-status:loaded`: a feed was taken and is shown.
pub const LOADED: &str = "incident-status:loaded";
/// `incident-status:update`: an update arrived while the page was open.
pub const UPDATE: &str = "incident-status:update";
/// `incident-status:error`: something went wrong; see [`ErrorDetail`].
pub const ERROR: &str = "incident-status:error";
/// `incident-status:neutralised`: the feed shown had items or fields that
/// break the format's rules; the widget neutralised them and shows the rest
/// (`detail.items`: `[{ path, message }]`, see
/// [`crate::validate::read_tolerant`]). Not an error for the reader: no
/// notice says the feed is outdated.
pub const NEUTRALISED: &str = "incident-status:neutralised";

/// Every `detail.code` an `incident-status:error` event can carry. Hosts may
/// switch on them, so a code never changes meaning.
///
/// The first group comes from [`FetchFailure::code`]; `invalid-feed-url` is
/// the element's (a `feed` attribute that is not an http(s) URL),
/// `mirror-refused` the client's for a mirror it does not take, and
/// `bundle-unavailable` and `target-not-found` the loader's (`src/loader.js`:
/// the wasm or the stylesheet could not be loaded or failed its integrity
/// check; a script tag's `data-target` matches no element).
pub const ERROR_CODES: &[&str] = &[
    "offline",
    "timeout",
    "http-error",
    "network-error",
    "too-large",
    "not-json",
    "broken-json",
    "broken-shape",
    "broken-duplicate-key",
    "broken-invalid",
    "unsupported-version",
    "stale",
    "not-verified",
    "verifier-unavailable",
    "redirected",
    MIRROR_REFUSED,
    INVALID_FEED_URL,
    BUNDLE_UNAVAILABLE,
    TARGET_NOT_FOUND,
];

/// The code for a mirror of the `mirrors` attribute that is not taken: not
/// an http(s) URL, or on another origin than the feed without a public key
/// (see [`crate::client::ClientConfig::mirror_urls`]).
pub const MIRROR_REFUSED: &str = "mirror-refused";
/// The code for a `feed` attribute that is not an http(s) URL.
pub const INVALID_FEED_URL: &str = "invalid-feed-url";
/// The code the loader uses when the bundle cannot be had.
pub const BUNDLE_UNAVAILABLE: &str = "bundle-unavailable";
/// The code the loader uses when a script tag's `data-target` matches nothing.
pub const TARGET_NOT_FOUND: &str = "target-not-found";

/// The one detail shape of `incident-status:error`:
/// `{ code, status, url, showingLastGoodCopy, message }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    /// One of [`ERROR_CODES`].
    pub code: &'static str,
    /// The HTTP status behind the failure, if there was one (`null` in JS).
    pub status: Option<u16>,
    /// The URL concerned: the feed's, or what the `feed` attribute said.
    pub url: String,
    /// Whether the reader still sees a last good copy.
    pub showing_last_good_copy: bool,
    /// A human-readable detail for logs; empty when the code says it all.
    pub message: String,
}

impl ErrorDetail {
    /// The detail for a failed poll of `url`.
    ///
    /// ```
    /// use incident_feed::client::ErrorDetail;
    /// use incident_feed::resilience::FetchFailure;
    /// let d = ErrorDetail::for_failure(FetchFailure::Unreachable(Some(503)), "https://s.example/feed.json", true);
    /// assert_eq!((d.code, d.status, d.showing_last_good_copy), ("http-error", Some(503), true));
    /// ```
    pub fn for_failure(failure: FetchFailure, url: &str, showing_last_good_copy: bool) -> ErrorDetail {
        ErrorDetail { code: failure.code(), status: failure.status(), url: url.to_owned(), showing_last_good_copy, message: String::new() }
    }

    /// The detail for a mirror the client does not take.
    pub fn mirror_refused(url: &str, showing_last_good_copy: bool) -> ErrorDetail {
        ErrorDetail {
            code: MIRROR_REFUSED,
            status: None,
            url: url.to_owned(),
            showing_last_good_copy,
            message: "a mirror must be an http(s) URL on the feed's origin, unless the feed is signed (public-key) or unsigned-mirrors is set".to_owned(),
        }
    }

    /// The detail for a `feed` attribute that is not an http(s) URL.
    pub fn invalid_feed_url(raw: &str) -> ErrorDetail {
        ErrorDetail {
            code: INVALID_FEED_URL,
            status: None,
            url: raw.to_owned(),
            showing_last_good_copy: false,
            message: "the feed attribute must be an http(s) URL".to_owned(),
        }
    }
}

/// One event for the page, in the order the client decided them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientEvent {
    /// [`LOADED`], `detail.first`: whether nothing was shown before;
    /// `detail.url`: the place that served it (the feed's URL or a mirror).
    Loaded { first: bool, url: String },
    /// [`UPDATE`], `detail.id`: a new update's id.
    Update { id: String },
    /// [`ERROR`] with its detail.
    Error(ErrorDetail),
    /// [`NEUTRALISED`], `detail.items`: each neutralised item's JSON path and
    /// the rule it broke, in file order.
    Neutralised { items: Vec<(String, String)> },
}

impl ClientEvent {
    /// The [`NEUTRALISED`] event for a feed about to be shown, if its reading
    /// neutralised anything.
    pub fn neutralised(feed: &crate::model::Feed) -> Option<ClientEvent> {
        let items: Vec<(String, String)> = feed.reading.neutralised.iter().map(|p| (p.path.clone(), p.message.clone())).collect();
        (!items.is_empty()).then_some(ClientEvent::Neutralised { items })
    }
}

impl ClientEvent {
    /// The DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            ClientEvent::Loaded { .. } => LOADED,
            ClientEvent::Update { .. } => UPDATE,
            ClientEvent::Error(_) => ERROR,
            ClientEvent::Neutralised { .. } => NEUTRALISED,
        }
    }
}
