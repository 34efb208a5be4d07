//! The feed format, version 1, as Rust types.
//!
//! The types only describe the shape. Everything a type cannot express —
//! timestamps that parse, ids that are unique, links that are safe, sizes
//! within limits — is checked by [`crate::validate`], which is why most
//! fields are plain strings here. Unknown fields are ignored so that a newer
//! feed stays readable by an older widget.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::datetime::Timestamp;

/// The feed format versions this crate understands.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Polling interval bounds, in seconds. A feed asking for less is polled at
/// the minimum: a million customer tabs must not knock the feed origin over.
pub const MIN_REFRESH_SECONDS: u32 = 30;
pub const MAX_REFRESH_SECONDS: u32 = 3600;
pub const DEFAULT_REFRESH_SECONDS: u32 = 300;

/// A whole incident feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(title = "Incident feed v1"))]
pub struct Feed {
    /// Format version. Only `1` exists.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub version: u32,
    /// Who publishes this feed.
    pub organisation: Organisation,
    /// When this feed was last changed (RFC 3339 with offset). A client never
    /// replaces a feed by one with an older `updated_at`.
    pub updated_at: Timestamp,
    /// Language of plain-string texts and the fallback for translated ones
    /// (BCP 47 primary tag such as `de` or `en`).
    pub default_language: String,
    /// How often clients should poll, in seconds (30 to 3600; default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 30, max = 3600)))]
    pub refresh_seconds: Option<u32>,
    /// The overall state shown at the top.
    pub status: OverallStatus,
    /// Current and past incidents and maintenances.
    #[serde(default, deserialize_with = "lenient_incidents")]
    pub incidents: Vec<Incident>,
    /// Customer-facing services and channels, and whether they work right now.
    #[serde(default, deserialize_with = "lenient_services")]
    pub services: Vec<Service>,
    /// "What you should do now" items.
    #[serde(default, deserialize_with = "lenient_advice")]
    pub advice: Vec<Text>,
    /// Frequently asked questions.
    #[serde(default, deserialize_with = "lenient_faq")]
    pub faq: Vec<FaqEntry>,
    /// Hotlines, email and web contacts.
    #[serde(default, deserialize_with = "lenient_contacts")]
    pub contacts: Vec<Contact>,
    /// Social and web channels where news is also posted.
    #[serde(default, deserialize_with = "lenient_channels")]
    pub channels: Vec<Channel>,
    /// Other places that serve this same feed and its signature (absolute
    /// http(s) URLs, at most 4). A widget with a public key tries them when
    /// the place it polls fails; without a key it ignores them
    /// (docs/resilience.md "Staying up when your own systems are down").
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_mirrors")]
    pub mirrors: Vec<String>,
    /// Until when this information holds (RFC 3339 with offset, after
    /// `updated_at`). Past it the widget shows the feed with a "may be
    /// outdated" notice, even when it was just fetched: a feed nobody kept
    /// up should not look current.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_expires_at")]
    pub expires_at: Option<Timestamp>,
    /// What the tolerant reader set aside or cut when it read this feed;
    /// never part of the JSON.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub reading: Reading,
}

// The lists, read by `crate::lenient` (element by element in a tolerant
// reading, strictly otherwise), one wrapper per field for `deserialize_with`.

fn lenient_mirrors<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    crate::lenient::items(d, "mirrors")
}

// Optional promises, read by `crate::lenient::optional_string`: one that is not
// even a string is dropped by a tolerant reading, not its incident or feed.
fn lenient_expires_at<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    crate::lenient::optional_string(d, "expires_at").map(|t| t.map(Timestamp::new))
}
fn lenient_next_update_by<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    crate::lenient::optional_string(d, "next_update_by").map(|t| t.map(Timestamp::new))
}

fn lenient_incidents<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Incident>, D::Error> {
    crate::lenient::items(d, "incidents")
}
fn lenient_updates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Update>, D::Error> {
    crate::lenient::items(d, "updates")
}
fn lenient_services<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Service>, D::Error> {
    crate::lenient::items(d, "services")
}
fn lenient_advice<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Text>, D::Error> {
    crate::lenient::items(d, "advice")
}
fn lenient_faq<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FaqEntry>, D::Error> {
    crate::lenient::items(d, "faq")
}
fn lenient_keywords<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    crate::lenient::items(d, "keywords")
}
fn lenient_contacts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Contact>, D::Error> {
    crate::lenient::items(d, "contacts")
}
fn lenient_channels<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Channel>, D::Error> {
    crate::lenient::items(d, "channels")
}

/// What the tolerant reader ([`crate::validate::read_tolerant`]) did to make
/// a feed showable: the widget shows the rest and tells its page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Every item or field neutralised, with its JSON path in the file and
    /// the rule it broke (what `validate` reports for it).
    pub neutralised: Vec<Neutralised>,
    /// Entries beyond a list's count limit, left out.
    pub omitted: Omitted,
}

/// One item or field the tolerant reader neutralised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neutralised {
    /// JSONPath in the file, e.g. `$.faq[3].question`.
    pub path: String,
    /// The rule it broke, in `validate`'s words.
    pub message: String,
}

/// Longest id (a slug of `a-z`, `0-9`, `-`, `_`).
pub const MAX_ID_CHARS: usize = 64;

/// How many entries of each list the tolerant reader left out because the
/// list was over its count limit (the first ones are kept).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    pub incidents: usize,
    pub services: usize,
    pub advice: usize,
    pub faq: usize,
    pub contacts: usize,
    pub channels: usize,
}

/// The publisher.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Organisation {
    pub name: Text,
    /// The organisation's home page (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The overall state with a short headline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverallStatus {
    pub level: StatusLevel,
    /// One short sentence, e.g. "Cyber-Angriff: Telefon und E-Mail eingeschränkt".
    pub headline: Text,
}

/// Overall state, from best to worst (Statuspage's indicator, spelled out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatusLevel {
    Operational,
    Maintenance,
    Degraded,
    PartialOutage,
    MajorOutage,
    /// A value this version does not know: the tolerant reader's neutral state, shown in words as "unknown"; `validate` refuses it.
    #[serde(other)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

/// An incident or a planned maintenance with its dated updates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Incident {
    /// Stable slug (`a-z`, `0-9`, `-`), unique in the feed.
    pub id: String,
    #[serde(default, skip_serializing_if = "IncidentKind::is_default")]
    pub kind: IncidentKind,
    pub title: Text,
    pub status: IncidentStatus,
    pub impact: Impact,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    /// When the next update is promised at the latest (RFC 3339 with offset,
    /// not before the latest update). Readers are told "Nächstes Update
    /// spätestens 14:00 Uhr", and plainly that it is overdue once the time
    /// has passed without an update at or after it. Not shown for a
    /// resolved or completed incident.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_next_update_by")]
    pub next_update_by: Option<Timestamp>,
    /// Oldest first, so that a new update is appended at the end.
    #[serde(deserialize_with = "lenient_updates")]
    pub updates: Vec<Update>,
    /// Updates beyond the count limit that the tolerant reader left out (the
    /// oldest); never part of the JSON.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub omitted_updates: usize,
}

/// Whether something broke or was planned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    #[default]
    Incident,
    Maintenance,
    /// A value this version does not know: the tolerant reader's neutral state, shown in words as "unknown"; `validate` refuses it.
    #[serde(other)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

impl IncidentKind {
    fn is_default(&self) -> bool {
        *self == IncidentKind::Incident
    }
}

/// Statuspage's v2 incident and maintenance statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    /// A value this version does not know: the tolerant reader's neutral state, shown in words as "unknown"; `validate` refuses it.
    #[serde(other)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

impl IncidentStatus {
    /// The status as the feed spells it (`in_progress`), for machine-readable
    /// outputs and CSS class names.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Scheduled => "scheduled",
            IncidentStatus::InProgress => "in_progress",
            IncidentStatus::Verifying => "verifying",
            IncidentStatus::Completed => "completed",
            IncidentStatus::Unknown => "unknown",
        }
    }

    /// Whether the incident still needs the reader's attention.
    pub fn is_open(self) -> bool {
        !matches!(self, IncidentStatus::Resolved | IncidentStatus::Completed)
    }
}

/// Statuspage's impact scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
    /// A value this version does not know: the tolerant reader's neutral state, shown in words as "unknown"; `validate` refuses it.
    #[serde(other)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

/// One dated update of an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Update {
    /// Stable slug, unique across the whole feed (it is the `#update-<id>` link).
    pub id: String,
    /// When the update was published.
    pub at: Timestamp,
    pub status: IncidentStatus,
    /// Optional one-line summary; the compact banner shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Plain text; paragraphs are separated by a blank line. Never HTML.
    pub body: Text,
}

/// A customer-facing service or channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Service {
    pub id: String,
    pub name: Text,
    pub status: ServiceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// Statuspage's component states, shortened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Operational,
    Degraded,
    Outage,
    Maintenance,
    /// A value this version does not know: the tolerant reader's neutral state, shown in words as "unknown"; `validate` refuses it.
    #[serde(other)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

/// A question and its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FaqEntry {
    /// Stable slug, the `#faq-<id>` link.
    pub id: String,
    pub question: Text,
    pub answer: Text,
    /// Words customers use that the text does not ("Hackerangriff" for
    /// "Cyber-Angriff"). Searched in every language.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_keywords")]
    pub keywords: Vec<String>,
}

/// A hotline, email address or web contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contact {
    pub id: String,
    /// What to call about, e.g. "Fragen zum Cyber-Angriff".
    pub label: Text,
    /// One number as printed, e.g. `0201/1234567`; linked as a `tel:` URI in
    /// E.164 form (the short codes 110, 112, 115 and 116 xxx as they are).
    /// National numbers are taken as German (+49). Hours go in `hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A plain email address (no `mailto:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// An http(s) link, e.g. a contact form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A social or web channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Channel {
    /// e.g. `x`, `facebook`, `linkedin`, `mastodon`, `instagram`, `youtube`, `web`.
    pub kind: String,
    pub url: String,
    /// Accessible name; defaults to the kind's usual name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// A human text: one plain string in the feed's `default_language`, or a map
/// of language tag to string (one translation per language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Translated(BTreeMap<String, String>),
}

impl Text {
    /// The text in `lang`, else in `default_language`, else any translation.
    ///
    /// ```
    /// use incident_feed::model::Text;
    /// let t: Text = serde_json::from_str(r#"{"de":"Hallo","en":"Hello"}"#).unwrap();
    /// assert_eq!(t.get("en", "de"), "Hello");
    /// assert_eq!(t.get("fr", "de"), "Hallo");
    /// ```
    pub fn get<'a>(&'a self, lang: &str, default_language: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::Translated(map) => map.get(lang).or_else(|| map.get(default_language)).or_else(|| map.values().next()).map(String::as_str).unwrap_or(""),
        }
    }

    /// Every string this text holds, in any language.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Text::Plain(s) => (Some(s.as_str()), None),
            Text::Translated(map) => (None, Some(map.values().map(String::as_str))),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_owned())
    }
}

impl Feed {
    /// Whether any incident is still open.
    pub fn has_open_incident(&self) -> bool {
        self.incidents.iter().any(|i| i.status.is_open())
    }

    /// Incidents, open ones first, each group newest first.
    pub fn incidents_newest_first(&self) -> Vec<&Incident> {
        let mut list: Vec<&Incident> = self.incidents.iter().collect();
        crate::order::sort_by_key(&mut list, |i| {
            let latest = i.latest_update().map(|u| u.at.unix_seconds()).unwrap_or(i.started_at.unix_seconds());
            (!i.status.is_open(), std::cmp::Reverse(latest))
        });
        list
    }
}

/// Whether an id can be a deep link (`#faq-<id>`, `#update-<id>`): a slug of
/// `a-z`, `0-9`, `-` and `_`. The tolerant reader gives an item whose id is
/// unusable or taken a `~N` id instead: the item shows, without a deep link.
pub fn is_linkable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_CHARS && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Incident {
    /// The newest update (updates are stored oldest first).
    pub fn latest_update(&self) -> Option<&Update> {
        self.updates.iter().max_by_key(|u| u.at.unix_seconds())
    }
}
