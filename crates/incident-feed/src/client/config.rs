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
    /// Other places that serve the same feed (the `mirrors` attribute),
    /// tried in this order when `url` fails. Default: none. See
    /// [`ClientConfig::mirror_urls`] for which are taken.
    pub mirrors: Vec<String>,
    /// Takes mirrors on other origins than `url` without a public key (the
    /// `unsigned-mirrors` attribute). Default: false, because without a
    /// signature a copy is only as trustworthy as its host: whoever controls
    /// another origin (a lapsed domain, a shared CDN account) could otherwise
    /// speak in the company's name on its own pages.
    pub unsigned_mirrors: bool,
}

/// The most mirrors taken besides the feed's own URL, from the embedder and
/// the feed together: a failing round asks each at most once, so this
/// bounds the requests a dead primary costs.
pub const MAX_MIRRORS: usize = 4;

impl ClientConfig {
    /// A config for `url` with the defaults: no key, the incident feed format.
    pub fn new(url: impl Into<String>) -> ClientConfig {
        ClientConfig { url: url.into(), public_key: None, format: FeedFormat::IncidentFeed, mirrors: Vec::new(), unsigned_mirrors: false }
    }

    /// The places to ask for the feed, in order: `url` first, then the
    /// embedder's mirrors, then those the feed shown names itself (`declared`,
    /// taken only with a public key: an unsigned feed could otherwise send
    /// every reader elsewhere for good), without repeats and at most
    /// [`MAX_MIRRORS`] besides `url`. Returns the taken list and the refused
    /// embedder mirrors: on another origin than `url` without a key (unless
    /// [`ClientConfig::unsigned_mirrors`]), or not http(s).
    ///
    /// ```
    /// use incident_feed::client::ClientConfig;
    /// let config = ClientConfig {
    ///     mirrors: vec!["https://status.example.com/copy.json".into(), "https://mirror.example.net/feed.json".into()],
    ///     ..ClientConfig::new("https://status.example.com/feed.json")
    /// };
    /// let (taken, refused) = config.mirror_urls(&[]);
    /// assert_eq!(taken, ["https://status.example.com/feed.json", "https://status.example.com/copy.json"]);
    /// assert_eq!(refused, ["https://mirror.example.net/feed.json"]);
    ///
    /// let signed = ClientConfig { public_key: Some("key".into()), ..config };
    /// let (taken, refused) = signed.mirror_urls(&["https://other.example.org/feed.json".into()]);
    /// assert_eq!(taken.len(), 4);
    /// assert!(refused.is_empty());
    /// ```
    pub fn mirror_urls(&self, declared: &[String]) -> (Vec<String>, Vec<String>) {
        let primary_origin = origin(&self.url);
        let mut taken = vec![self.url.clone()];
        let mut refused = Vec::new();
        for mirror in &self.mirrors {
            let trusted = self.public_key.is_some() || self.unsigned_mirrors || (primary_origin.is_some() && origin(mirror) == primary_origin);
            if origin(mirror).is_none() || !trusted {
                refused.push(mirror.clone());
            } else if !taken.contains(mirror) && taken.len() <= MAX_MIRRORS {
                taken.push(mirror.clone());
            }
        }
        if self.public_key.is_some() {
            for mirror in declared {
                if origin(mirror).is_some() && !taken.contains(mirror) && taken.len() <= MAX_MIRRORS {
                    taken.push(mirror.clone());
                }
            }
        }
        (taken, refused)
    }

    /// Where the detached signature of the feed is published: `<url>.sig`.
    pub fn signature_url(&self) -> String {
        signature_url_of(&self.url)
    }
}

/// Where the detached signature of the feed at `url` is published: `<url>.sig`
/// (on a mirror too: each place serves the feed and its signature side by side).
pub fn signature_url_of(url: &str) -> String {
    format!("{url}.sig")
}

/// The origin (`scheme://host[:port]`, lower case, default ports dropped)
/// of an absolute http(s) URL without user name, or `None` for anything
/// else: the same origin the redirect rule compares
/// ([`crate::resilience::fetch_rules::check_final_url`]).
///
/// ```
/// use incident_feed::client::config::origin;
/// assert_eq!(origin("https://Status.Example.com:443/feed.json").as_deref(), Some("https://status.example.com"));
/// assert_eq!(origin("http://127.0.0.1:8080"), Some("http://127.0.0.1:8080".to_owned()));
/// assert_eq!(origin("ftp://example.com/feed.json"), None);
/// assert_eq!(origin("https:///feed.json"), None);
/// assert_eq!(origin("https://user@example.com/feed.json"), None);
/// ```
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let web = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    if !web || authority.is_empty() || authority.contains('@') {
        return None;
    }
    crate::resilience::fetch_rules::origin(url)
}
