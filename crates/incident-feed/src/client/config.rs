//! What the embedder asks of one feed source.

/// How the body at the feed URL is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// This project's incident feed, format v1 (the default).
    #[default]
    IncidentFeed,
    /// Atlassian Statuspage's public v2 JSON (`format="statuspage"`), read
    /// through [`crate::statuspage::import`].
    Statuspage,
}

impl FeedFormat {
    /// The `format` attribute's value: `statuspage` (any case) or anything
    /// else, which means the incident feed.
    ///
    /// ```
    /// use incident_feed::client::FeedFormat;
    /// assert_eq!(FeedFormat::from_attr(Some("StatusPage")), FeedFormat::Statuspage);
    /// assert_eq!(FeedFormat::from_attr(None), FeedFormat::IncidentFeed);
    /// ```
    pub fn from_attr(value: Option<&str>) -> FeedFormat {
        match value {
            Some(v) if v.trim().eq_ignore_ascii_case("statuspage") => FeedFormat::Statuspage,
            _ => FeedFormat::IncidentFeed,
        }
    }
}

/// Which feed, and how to trust it: the identity of a feed source.
///
/// Widgets whose configs are equal share one source and so one poller. The
/// polling interval is deliberately not part of it (see
/// [`crate::client::FeedClient::set_interval_override`]): two widgets on one
/// feed with different `refresh` attributes still make one client.
///
/// ```
/// use incident_feed::client::{ClientConfig, FeedFormat};
/// let config = ClientConfig::new("https://status.example.com/feed.json");
/// assert_eq!(config.public_key, None);
/// assert_eq!(config.format, FeedFormat::IncidentFeed);
/// assert_eq!(config.signature_url(), "https://status.example.com/feed.json.sig");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientConfig {
    /// Absolute http(s) URL of the feed.
    pub url: String,
    /// Base64 Ed25519 public key. When set, only a feed whose detached
    /// signature ([`ClientConfig::signature_url`]) verifies is shown, and a
    /// last good copy is trusted only if its stored signature still verifies.
    /// Default: none.
    pub public_key: Option<String>,
    /// How the body is written. Default: [`FeedFormat::IncidentFeed`].
    pub format: FeedFormat,
}

impl ClientConfig {
    /// A config for `url` with the defaults: no key, the incident feed format.
    pub fn new(url: impl Into<String>) -> ClientConfig {
        ClientConfig { url: url.into(), public_key: None, format: FeedFormat::IncidentFeed }
    }

    /// Where the detached signature of the feed is published: `<url>.sig`.
    pub fn signature_url(&self) -> String {
        format!("{}.sig", self.url)
    }
}
