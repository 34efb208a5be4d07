//! Reading Atlassian Statuspage's public v2 JSON (`/api/v2/summary.json` or
//! `/api/v2/incidents.json`) as an incident feed.
//!
//! Pure data mapping with serde only, so that the widget can read a
//! Statuspage URL directly (`data-format="statuspage"`) with the same code
//! the CLI's `import-statuspage` uses.
//!
//! Mapping, in short:
//!
//! | Statuspage | feed |
//! | --- | --- |
//! | `page.name`, `page.url` | `organisation` |
//! | `status.indicator` none/minor/major/critical/maintenance | `status.level` operational/degraded/partial_outage/major_outage/maintenance |
//! | `status.description` | `status.headline` |
//! | `components[]` (groups left out) | `services[]`; operational → operational, degraded_performance → degraded, partial_outage and major_outage → outage, under_maintenance → maintenance |
//! | `incidents[]`, `scheduled_maintenances[]` | `incidents[]`, ids from Statuspage's ids (stable) |
//! | `incident_updates[]` (newest first) | `updates[]` oldest first, `at` = `display_at` or `created_at` |
//! | status `postmortem` | `resolved` |
//! | impact `maintenance` or `scheduled_for` set | `kind: maintenance`, impact `none` |
//!
//! Texts are truncated to the feed's limits and empty ones replaced, so that
//! every import validates; incidents.json carries no overall status, so it is
//! derived from the open incidents.

use std::collections::HashSet;

use serde::Deserialize;

use crate::datetime::Timestamp;
use crate::links::safe_href;
use crate::model::*;
use crate::texts::Lang;
use crate::validate::{MAX_ID_CHARS, MAX_INCIDENTS, MAX_LONG_TEXT_CHARS, MAX_MEDIUM_TEXT_CHARS, MAX_SERVICES, MAX_SHORT_TEXT_CHARS, MAX_UPDATES_PER_INCIDENT};

/// A Statuspage v2 document: summary.json, incidents.json, or the
/// scheduled-maintenances endpoints. Unknown fields are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct Document {
    pub page: Page,
    #[serde(default)]
    pub status: Option<PageStatus>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub incidents: Vec<SpIncident>,
    #[serde(default)]
    pub scheduled_maintenances: Vec<SpIncident>,
}

/// `page`.
#[derive(Clone, Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `status`: the page's overall indicator.
#[derive(Clone, Debug, Deserialize)]
pub struct PageStatus {
    pub indicator: String,
    #[serde(default)]
    pub description: String,
}

/// `components[]`.
#[derive(Clone, Debug, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub position: Option<i64>,
    /// A group only holds other components.
    #[serde(default)]
    pub group: bool,
}

/// `incidents[]` and `scheduled_maintenances[]`.
#[derive(Clone, Debug, Deserialize)]
pub struct SpIncident {
    pub id: String,
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub impact: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub scheduled_for: Option<String>,
    #[serde(default)]
    pub incident_updates: Vec<SpUpdate>,
}

/// `incident_updates[]`.
#[derive(Clone, Debug, Deserialize)]
pub struct SpUpdate {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub body: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub display_at: Option<String>,
}

/// Why a document could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not JSON, or not shaped like a Statuspage v2 document.
    Shape(String),
    /// A timestamp that is not RFC 3339.
    Timestamp { at: String, value: String },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Shape(why) => write!(f, "not a Statuspage v2 summary.json or incidents.json: {why}"),
            ImportError::Timestamp { at, value } => write!(f, "{at}: {value:?} is not an RFC 3339 timestamp"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Options for [`import`].
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The feed's `default_language`; Statuspage texts are taken to be in it.
    pub lang: String,
    /// Replaces `page.name` as the organisation name.
    pub org_name: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { lang: "en".into(), org_name: None }
    }
}

/// Reads a Statuspage v2 JSON document as a feed.
///
/// ```
/// use incident_feed::statuspage::{import, ImportOptions};
/// let json = r#"{"page":{"id":"x","name":"Example","url":"https://status.example.com","updated_at":"2026-01-05T10:00:00Z"},
///   "status":{"indicator":"none","description":"All Systems Operational"}}"#;
/// let feed = import(json, &ImportOptions::default()).unwrap();
/// assert!(incident_feed::validate::check_feed(&feed).is_empty());
/// ```
pub fn import(json: &str, options: &ImportOptions) -> Result<Feed, ImportError> {
    let doc: Document = serde_json::from_str(json).map_err(|e| ImportError::Shape(e.to_string()))?;
    from_document(&doc, options)
}

/// [`import`] for an already parsed document.
pub fn from_document(doc: &Document, options: &ImportOptions) -> Result<Feed, ImportError> {
    let lang = &options.lang;
    let words = Lang::for_tag(lang).texts();
    let mut latest = match &doc.page.updated_at {
        Some(t) => Some(parse(t, "$.page.updated_at")?),
        None => None,
    };

    let mut seen_incidents = HashSet::new();
    let mut seen_updates = HashSet::new();
    let mut incidents = Vec::new();
    let all = doc.incidents.iter().map(|i| ("incidents", i)).chain(doc.scheduled_maintenances.iter().map(|i| ("scheduled_maintenances", i)));
    for (n, (list, sp)) in all.enumerate() {
        let path = format!("$.{list}[{}]", if list == "incidents" { n } else { n - doc.incidents.len() });
        let id = unique(&slugify(&sp.id), &mut seen_incidents, "incident");
        if id.is_empty() {
            continue; // a duplicate of an incident already imported (summary lists may overlap)
        }
        let maintenance = sp.impact.as_deref() == Some("maintenance") || sp.scheduled_for.is_some();
        let mut updates = Vec::new();
        for (u, spu) in sp.incident_updates.iter().enumerate() {
            let raw_at = spu.display_at.as_deref().unwrap_or(&spu.created_at);
            let at = parse(raw_at, &format!("{path}.incident_updates[{u}].display_at"))?;
            let status = incident_status(&spu.status, maintenance);
            let body = match spu.body.as_deref().map(str::trim) {
                Some(b) if !b.is_empty() => truncate(b, MAX_LONG_TEXT_CHARS),
                _ => words.import_update(status).to_owned(),
            };
            updates.push((
                at,
                Update { id: unique(&slugify(&spu.id), &mut seen_updates, "update"), at: Timestamp::new(raw_at), status, title: None, body: Text::Plain(body) },
            ));
        }
        // Statuspage lists updates newest first; the feed wants them oldest first.
        crate::order::sort_by_key(&mut updates, |(at, _)| *at);
        if updates.len() > MAX_UPDATES_PER_INCIDENT {
            updates.drain(..updates.len() - MAX_UPDATES_PER_INCIDENT);
        }
        let created = parse(&sp.created_at, &format!("{path}.created_at"))?;
        let mut started = (created, sp.created_at.clone());
        for (field, value) in [("started_at", &sp.started_at), ("scheduled_for", &sp.scheduled_for)] {
            if let Some(v) = value {
                started = (parse(v, &format!("{path}.{field}"))?, v.clone());
            }
        }
        // A backdated update must not precede the incident's start.
        if let Some((first_at, first)) = updates.first() {
            if *first_at < started.0 {
                started = (*first_at, first.at.as_str().to_owned());
            }
        }
        let status = incident_status(&sp.status, maintenance);
        let resolved_at = match &sp.resolved_at {
            Some(r) if !status.is_open() => {
                let at = parse(r, &format!("{path}.resolved_at"))?;
                Some(if at < started.0 { Timestamp::new(started.1.clone()) } else { Timestamp::new(r.clone()) })
            }
            _ => None,
        };
        for t in updates.iter().map(|(at, _)| *at).chain([created]) {
            latest = Some(latest.map_or(t, |l: i64| l.max(t)));
        }
        incidents.push(Incident {
            id,
            kind: if maintenance { IncidentKind::Maintenance } else { IncidentKind::Incident },
            title: Text::Plain(non_empty(truncate(sp.name.trim(), MAX_SHORT_TEXT_CHARS), words.kind_incident)),
            status,
            impact: match sp.impact.as_deref() {
                Some("minor") => Impact::Minor,
                Some("major") => Impact::Major,
                Some("critical") => Impact::Critical,
                _ => Impact::None,
            },
            started_at: Timestamp::new(started.1),
            resolved_at,
            next_update_by: None,
            updates: updates.into_iter().map(|(_, u)| u).collect(),
            omitted_updates: 0,
        });
    }
    // Keep the newest when Statuspage returns more than a feed may hold.
    if incidents.len() > MAX_INCIDENTS {
        crate::order::sort_by_key(&mut incidents, |i: &Incident| std::cmp::Reverse(i.started_at.unix_seconds()));
        incidents.truncate(MAX_INCIDENTS);
    }

    let mut components: Vec<&Component> = doc.components.iter().filter(|c| !c.group).collect();
    crate::order::sort_by_key(&mut components, |c| c.position.unwrap_or(i64::MAX));
    let mut seen_services = HashSet::new();
    let services: Vec<Service> = components
        .into_iter()
        .take(MAX_SERVICES)
        .map(|c| {
            let slug = slugify(&c.name);
            Service {
                id: unique(if slug.is_empty() { &c.id } else { &slug }, &mut seen_services, "service"),
                name: Text::Plain(non_empty(truncate(c.name.trim(), MAX_SHORT_TEXT_CHARS), &c.id)),
                status: match c.status.as_str() {
                    "degraded_performance" => ServiceStatus::Degraded,
                    "partial_outage" | "major_outage" => ServiceStatus::Outage,
                    "under_maintenance" => ServiceStatus::Maintenance,
                    _ => ServiceStatus::Operational,
                },
                note: c.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(|d| Text::Plain(truncate(d, MAX_MEDIUM_TEXT_CHARS))),
            }
        })
        .collect();

    let level = match doc.status.as_ref().map(|s| s.indicator.as_str()) {
        Some("none") => StatusLevel::Operational,
        Some("minor") => StatusLevel::Degraded,
        Some("major") => StatusLevel::PartialOutage,
        Some("critical") => StatusLevel::MajorOutage,
        Some("maintenance") => StatusLevel::Maintenance,
        _ => derived_level(&incidents),
    };
    let headline = doc
        .status
        .as_ref()
        .map(|s| s.description.trim())
        .filter(|d| !d.is_empty())
        .map(|d| truncate(d, MAX_SHORT_TEXT_CHARS))
        .unwrap_or_else(|| words.import_headline(level).to_owned());

    let url = doc.page.url.as_deref().filter(|u| safe_href(u).is_ok() && u.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http")));
    let org_name = options.org_name.as_deref().unwrap_or(&doc.page.name).trim();
    Ok(Feed {
        version: 1,
        organisation: Organisation { name: Text::Plain(non_empty(truncate(org_name, MAX_SHORT_TEXT_CHARS), &doc.page.id)), url: url.map(str::to_owned) },
        updated_at: Timestamp::from_unix(latest.unwrap_or(0)),
        default_language: lang.clone(),
        refresh_seconds: None,
        status: OverallStatus { level, headline: Text::Plain(headline) },
        incidents,
        services,
        advice: Vec::new(),
        faq: Vec::new(),
        contacts: Vec::new(),
        channels: Vec::new(),
        mirrors: Vec::new(),
        expires_at: None,
        reading: Default::default(),
    })
}

/// An id slug (`a-z`, `0-9`, `-`) from any text: lowercased, German
/// umlauts transliterated, other characters and runs of them turned into one
/// `-`, at most [`MAX_ID_CHARS`] long. Empty when nothing usable is left.
///
/// ```
/// assert_eq!(incident_feed::statuspage::slugify("Störung: E-Mail & Portal!"), "stoerung-e-mail-portal");
/// ```
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(slug_lowercase) {
        let piece: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'a'..='z' | '0'..='9' => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c);
                continue;
            }
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out.truncate(MAX_ID_CHARS);
    out.trim_end_matches('-').to_owned()
}

/// The lowercase of `c` as far as [`slugify`] can tell: only letters whose
/// lowercase it keeps (`a-z`, `ä ö ü ß`) are mapped, everything else becomes
/// a separator anyway. Exactly what `char::to_lowercase` would give here
/// (a test compares every char), without linking Unicode's case tables into
/// the widget (about 23 KB of raw wasm).
fn slug_lowercase(c: char) -> impl Iterator<Item = char> {
    // Capital I with dot lowercases to "i\u{307}": an `i`, then a combining mark (a separator here).
    let combining_dot = (c == '\u{130}').then_some('\u{307}');
    let lower = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'Ä' => 'ä',
        'Ö' => 'ö',
        'Ü' => 'ü',
        '\u{1E9E}' => 'ß', // capital sharp s
        '\u{212A}' => 'k', // Kelvin sign
        '\u{130}' => 'i',
        _ => c,
    };
    std::iter::once(lower).chain(combining_dot)
}

/// `slug`, made unique among `seen` with a numeric suffix; empty when `slug`
/// was already seen verbatim as a Statuspage id would be (an overlap).
fn unique(slug: &str, seen: &mut HashSet<String>, fallback: &str) -> String {
    let base = if slug.is_empty() { fallback } else { slug };
    if seen.insert(base.to_owned()) {
        return base.to_owned();
    }
    if !slug.is_empty() && fallback == "incident" {
        return String::new();
    }
    let mut n = 2;
    loop {
        let mut candidate = base.to_owned();
        let suffix = format!("-{n}");
        candidate.truncate(MAX_ID_CHARS - suffix.len());
        candidate.push_str(&suffix);
        if seen.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

fn parse(value: &str, at: &str) -> Result<i64, ImportError> {
    crate::datetime::parse_rfc3339(value).map(|i| i.unix_seconds).ok_or_else(|| ImportError::Timestamp { at: at.to_owned(), value: value.to_owned() })
}

fn incident_status(s: &str, maintenance: bool) -> IncidentStatus {
    match s {
        "investigating" => IncidentStatus::Investigating,
        "identified" => IncidentStatus::Identified,
        "monitoring" => IncidentStatus::Monitoring,
        "resolved" | "postmortem" => IncidentStatus::Resolved,
        "scheduled" => IncidentStatus::Scheduled,
        "in_progress" => IncidentStatus::InProgress,
        "verifying" => IncidentStatus::Verifying,
        "completed" => IncidentStatus::Completed,
        // An unknown status is taken as still open rather than silently closed.
        _ if maintenance => IncidentStatus::InProgress,
        _ => IncidentStatus::Investigating,
    }
}

fn derived_level(incidents: &[Incident]) -> StatusLevel {
    let open = incidents.iter().filter(|i| i.status.is_open());
    let mut level = StatusLevel::Operational;
    for i in open {
        let l = match (i.kind, i.impact) {
            (IncidentKind::Maintenance, _) if i.status == IncidentStatus::Scheduled => continue,
            (IncidentKind::Maintenance, _) => StatusLevel::Maintenance,
            (_, Impact::None | Impact::Minor | Impact::Unknown) => StatusLevel::Degraded,
            (_, Impact::Major) => StatusLevel::PartialOutage,
            (_, Impact::Critical) => StatusLevel::MajorOutage,
        };
        level = level.max(l);
    }
    level
}

fn truncate(s: &str, max_chars: usize) -> String {
    crate::texts::cut_to(s, max_chars)
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.trim().is_empty() {
        fallback.to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_lowercase_every_char_as_unicode_does() {
        // As it was: Unicode's lowercase first, then the same rules. On text
        // that is lowercase already, `slug_lowercase` changes nothing, so
        // slugifying the lowercased text is the old definition.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("x{c}y");
            let by_unicode: String = text.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(slugify(&text), slugify(&by_unicode), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("p31zjtct2jer"), "p31zjtct2jer");
        assert_eq!(slugify("  API -- Requests "), "api-requests");
        assert_eq!(slugify("Größe"), "groesse");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify(&"a".repeat(100)).len(), MAX_ID_CHARS);
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("äöü", 5), "äöü");
        assert_eq!(truncate("äöüß", 3), "äö…");
        assert_eq!(truncate("äöüß", 3).chars().count(), 3);
    }

    #[test]
    fn unknown_statuses_stay_open() {
        assert!(incident_status("something_new", false).is_open());
        assert_eq!(incident_status("postmortem", false), IncidentStatus::Resolved);
    }
}
