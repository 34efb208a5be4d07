//! Atom 1.0 (RFC 4287) and JSON Feed 1.1 versions of a feed: one entry per
//! incident update, newest first, so that feed readers notice each new update.
//!
//! Entry ids must never change once published, or readers show an update
//! twice: they are `PAGE#update-<update id>` when the status page's address
//! is known (the same anchor the widget gives each update), else a `urn:`
//! built from the organisation name and the update id. Update ids are stable
//! by the feed's own rules, so entry ids are too.

use std::fmt::Write as _;

use serde_json::json;

use incident_feed::datetime::format_rfc3339;
use incident_feed::links::safe_href;
use incident_feed::model::{Feed, Incident, IncidentStatus, Update};
use incident_feed::statuspage::slugify;
use incident_feed::texts::{fill, Lang};

/// What the Atom or JSON Feed output needs besides the feed.
#[derive(Clone, Debug, Default)]
pub struct SyndicationOptions {
    /// Language of the texts.
    pub lang: String,
    /// The public page showing the widget; entries link to `PAGE#update-ID`.
    /// Defaults to the organisation's url.
    pub page_url: Option<String>,
    /// Where the Atom / JSON Feed file itself is served (`rel="self"`, `feed_url`).
    pub self_url: Option<String>,
    /// When the file is built (Unix seconds), for the next update's promise
    /// and the expiry; `None`: the feed's `updated_at` (as published).
    pub now: Option<i64>,
}

/// A link given in the options is not a safe http(s) URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeUrl(pub String);

impl std::fmt::Display for UnsafeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a safe http or https URL", self.0)
    }
}

impl std::error::Error for UnsafeUrl {}

struct Entry<'a> {
    id: String,
    link: Option<String>,
    title: String,
    body: String,
    /// The incident's promise, on its newest entry while it stands.
    next_update_by: Option<String>,
    at: String,
    status: &'static str,
    incident: &'a Incident,
    update: &'a Update,
}

struct Prepared<'a> {
    lang: String,
    feed_id: String,
    title: String,
    subtitle: String,
    org: String,
    org_url: Option<String>,
    page: Option<String>,
    self_url: Option<String>,
    updated: String,
    expires_at: Option<String>,
    entries: Vec<Entry<'a>>,
}

fn http_url(url: &str) -> Result<String, UnsafeUrl> {
    match safe_href(url) {
        Ok(u) if u.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http")) => Ok(u.to_owned()),
        _ => Err(UnsafeUrl(url.to_owned())),
    }
}

/// RFC 3339 as Atom wants it (upper-case `T`, `Z` or `±hh:mm`), whatever the feed's spelling.
fn normalised(t: &incident_feed::datetime::Timestamp) -> String {
    t.parse().map(|i| format_rfc3339(i.unix_seconds, i.offset_minutes)).unwrap_or_else(|| t.as_str().to_owned())
}

/// A time for readers of a subscription, whose zone is unknown: the whole
/// date in the offset the feed wrote it with, the offset named.
fn in_own_offset(t: &incident_feed::datetime::Timestamp, lang: &str) -> String {
    match t.parse() {
        Some(i) => {
            let zone = match i.offset_minutes {
                0 => "UTC".to_owned(),
                m => format!("UTC{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60),
            };
            incident_feed::datetime::format_date_time(i.unix_seconds, i.offset_minutes, &zone, lang)
        }
        None => t.as_str().to_owned(),
    }
}

fn prepare<'a>(feed: &'a Feed, options: &SyndicationOptions) -> Result<Prepared<'a>, UnsafeUrl> {
    let lang = if options.lang.is_empty() { feed.default_language.clone() } else { options.lang.clone() };
    let dl = &feed.default_language;
    let page = match options.page_url.as_deref().or(feed.organisation.url.as_deref()) {
        Some(u) => Some(http_url(u)?.split('#').next().unwrap_or_default().to_owned()),
        None => None,
    };
    let self_url = options.self_url.as_deref().map(http_url).transpose()?;
    let org = feed.organisation.name.get(&lang, dl).to_owned();
    let urn_base = format!("urn:incident-feed:{}", slugify(feed.organisation.name.get(dl, dl)));
    let words = Lang::for_tag(&lang).texts();
    let now = options.now.unwrap_or_else(|| feed.updated_at.unix_seconds());
    let mut entries = Vec::new();
    for incident in &feed.incidents {
        let incident_title = incident.title.get(&lang, dl);
        // The promise of the next update, said in the incident's newest entry.
        let promise = incident_feed::promise::incident_next_update(incident, now, true)
            .zip(incident.next_update_by.as_ref())
            .map(|(state, by)| words.next_update(state, &in_own_offset(by, &lang)));
        let newest = incident.latest_update().map(|u| u.id.clone());
        for update in &incident.updates {
            let anchor = format!("update-{}", update.id);
            let status = status_label(update.status, &lang);
            entries.push(Entry {
                id: match &page {
                    Some(p) => format!("{p}#{anchor}"),
                    None => format!("{urn_base}:{anchor}"),
                },
                link: page.as_ref().map(|p| format!("{p}#{anchor}")),
                title: match &update.title {
                    Some(t) => format!("{incident_title}: {}", t.get(&lang, dl)),
                    None => format!("{incident_title} – {status}"),
                },
                body: match promise.as_ref().filter(|_| newest.as_ref() == Some(&update.id)) {
                    Some(p) => format!("{}\n\n{p}", update.body.get(&lang, dl)),
                    None => update.body.get(&lang, dl).to_owned(),
                },
                next_update_by: incident.next_update_by.as_ref().filter(|_| promise.is_some() && newest.as_ref() == Some(&update.id)).map(normalised),
                at: normalised(&update.at),
                status,
                incident,
                update,
            });
        }
    }
    // Newest first; ties keep a stable order by id so output does not jitter.
    entries.sort_by(|a, b| b.update.at.unix_seconds().cmp(&a.update.at.unix_seconds()).then_with(|| a.id.cmp(&b.id)));
    let headline = feed.status.headline.get(&lang, dl);
    let expired = feed.expires_at.as_ref().filter(|_| incident_feed::promise::is_expired(feed, now, true));
    Ok(Prepared {
        feed_id: page.clone().unwrap_or_else(|| urn_base.clone()),
        title: fill(words.syndication_title, &[("org", &org)]),
        subtitle: match expired {
            Some(e) => format!("{headline} {}", fill(words.feed_expired, &[("time", &in_own_offset(e, &lang))])),
            None => headline.to_owned(),
        },
        expires_at: feed.expires_at.as_ref().map(normalised),
        org_url: feed.organisation.url.as_deref().and_then(|u| http_url(u).ok()),
        org,
        page,
        self_url,
        updated: normalised(&feed.updated_at),
        entries,
        lang,
    })
}

/// The feed as Atom 1.0.
///
/// ```
/// # let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
/// let feed = incident_feed::parse_feed(&json).unwrap();
/// let xml = incident_publish::syndication::atom(&feed, &Default::default()).unwrap();
/// assert!(xml.contains("<entry>"));
/// ```
pub fn atom(feed: &Feed, options: &SyndicationOptions) -> Result<String, UnsafeUrl> {
    let p = prepare(feed, options)?;
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", xml(&p.lang));
    let _ = writeln!(x, "  <id>{}</id>", xml(&p.feed_id));
    let _ = writeln!(x, "  <title type=\"text\">{}</title>", xml(&p.title));
    let _ = writeln!(x, "  <subtitle type=\"text\">{}</subtitle>", xml(&p.subtitle));
    let _ = writeln!(x, "  <updated>{}</updated>", xml(&p.updated));
    x.push_str("  <author>\n");
    let _ = writeln!(x, "    <name>{}</name>", xml(&p.org));
    if let Some(u) = &p.org_url {
        let _ = writeln!(x, "    <uri>{}</uri>", xml(u));
    }
    x.push_str("  </author>\n");
    if let Some(page) = &p.page {
        let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(page));
    }
    if let Some(s) = &p.self_url {
        let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml(s));
    }
    x.push_str("  <generator>incident-feed</generator>\n");
    for e in &p.entries {
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <id>{}</id>", xml(&e.id));
        let _ = writeln!(x, "    <title type=\"text\">{}</title>", xml(&e.title));
        let _ = writeln!(x, "    <published>{}</published>", xml(&e.at));
        let _ = writeln!(x, "    <updated>{}</updated>", xml(&e.at));
        if let Some(link) = &e.link {
            let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(link));
        }
        let _ = writeln!(x, "    <category term=\"{}\" label=\"{}\"/>", e.update.status.as_str(), xml(e.status));
        let _ = writeln!(x, "    <category term=\"incident-{}\"/>", xml(&e.incident.id));
        let _ = writeln!(x, "    <content type=\"text\">{}</content>", xml(&e.body));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(x)
}

/// The feed as JSON Feed 1.1.
pub fn json_feed(feed: &Feed, options: &SyndicationOptions) -> Result<String, UnsafeUrl> {
    let p = prepare(feed, options)?;
    let items: Vec<_> = p
        .entries
        .iter()
        .map(|e| {
            let mut item = json!({
                "id": e.id,
                "title": e.title,
                "content_text": e.body,
                "date_published": e.at,
                "tags": [e.update.status.as_str(), format!("incident-{}", e.incident.id)],
            });
            if let Some(link) = &e.link {
                item["url"] = json!(link);
            }
            // JSON Feed's extension style: machine-readable for clients that know it.
            if let Some(by) = &e.next_update_by {
                item["_incident_status"] = json!({ "next_update_by": by });
            }
            item
        })
        .collect();
    let mut author = json!({ "name": p.org });
    if let Some(u) = &p.org_url {
        author["url"] = json!(u);
    }
    let mut doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": p.title,
        "description": p.subtitle,
        "language": p.lang,
        "authors": [author],
        "items": items,
    });
    if let Some(page) = &p.page {
        doc["home_page_url"] = json!(page);
    }
    if let Some(s) = &p.self_url {
        doc["feed_url"] = json!(s);
    }
    if let Some(e) = &p.expires_at {
        doc["_incident_status"] = json!({ "expires_at": e });
    }
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON serialises");
    text.push('\n');
    Ok(text)
}

/// A status as readers see it, in German or English: the widget's own words.
pub fn status_label(status: IncidentStatus, lang: &str) -> &'static str {
    Lang::for_tag(lang).texts().incident_status(status)
}

pub use crate::escape::xml;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(xml("a<b>&\"c'\u{0}\u{1b}\n"), "a&lt;b&gt;&amp;&quot;c&apos;\n");
    }

    fn promised() -> Feed {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        let mut feed = incident_feed::parse_feed(&json).unwrap();
        feed.incidents[0].next_update_by = Some(incident_feed::datetime::Timestamp::new("2026-11-10T18:00:00+01:00"));
        feed.expires_at = Some(incident_feed::datetime::Timestamp::new("2026-11-11T08:00:00+01:00"));
        feed
    }

    #[test]
    fn the_newest_entry_carries_the_promise_and_json_feed_its_extension() {
        let feed = promised();
        let options = SyndicationOptions { lang: "de".into(), ..Default::default() };
        let xml = atom(&feed, &options).unwrap();
        let promise = "Nächstes Update spätestens 10. November 2026, 18:00 Uhr UTC+01:00.";
        assert_eq!(xml.matches(promise).count(), 1, "{xml}");
        let newest = &xml[xml.find("<entry>").unwrap()..xml.find("</entry>").unwrap()];
        assert!(newest.contains(promise), "the newest entry: {newest}");
        let doc: serde_json::Value = serde_json::from_str(&json_feed(&feed, &options).unwrap()).unwrap();
        assert_eq!(doc["items"][0]["_incident_status"]["next_update_by"], "2026-11-10T18:00:00+01:00");
        assert!(doc["items"][0]["content_text"].as_str().unwrap().ends_with(promise));
        assert!(doc["items"][1].get("_incident_status").is_none());
        assert_eq!(doc["_incident_status"]["expires_at"], "2026-11-11T08:00:00+01:00");
        assert!(!doc["description"].as_str().unwrap().contains("veraltet"), "not expired as published");
    }

    #[test]
    fn built_late_the_entry_says_overdue_and_the_feed_outdated() {
        let feed = promised();
        let late = incident_feed::datetime::parse_rfc3339("2026-11-11T09:00:00+01:00").unwrap().unix_seconds;
        let options = SyndicationOptions { lang: "en".into(), now: Some(late), ..Default::default() };
        let xml = atom(&feed, &options).unwrap();
        assert!(xml.contains("The update promised for 10 November 2026, 18:00 UTC+01:00 is overdue."), "{xml}");
        assert!(xml.contains("This information may be outdated: it was valid until 11 November 2026, 08:00 UTC+01:00.</subtitle>"), "{xml}");
        // Resolved: no promise in any entry.
        let mut resolved = promised();
        resolved.incidents[0].status = IncidentStatus::Resolved;
        assert!(!atom(&resolved, &options).unwrap().contains("promised"));
    }

    #[test]
    fn rejects_unsafe_page_urls() {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        let feed = incident_feed::parse_feed(&json).unwrap();
        let options = SyndicationOptions { page_url: Some("javascript:alert(1)".into()), ..Default::default() };
        assert!(atom(&feed, &options).is_err());
    }
}
