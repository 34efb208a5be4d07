//! The widget's own words in German and English, and which of the two a
//! reader gets.
//!
//! Kept here rather than in the widget so that every sentence a customer
//! reads is covered by native tests, and so that the language decision is a
//! pure function of what the browser reports.

use crate::model::{Impact, IncidentKind, IncidentStatus, ServiceStatus, StatusLevel};

/// A language the widget's interface is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// The BCP 47 primary tag, also used to pick translations from the feed.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// A full locale for the browser's `Intl` APIs, used only to name the
    /// reader's time zone ("MESZ" in German, "CEST" in British English).
    pub fn locale(self) -> &'static str {
        match self {
            Lang::De => "de-DE",
            Lang::En => "en-GB",
        }
    }

    /// The supported language a tag such as `de-AT`, `EN_us` or `de` means,
    /// matched on its primary subtag; `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("de") {
            Some(Lang::De)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The interface texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }
}

/// Used when neither the page, the browser nor the feed names a supported
/// language: English is the one most readers of an unknown language share.
pub const FALLBACK_LANG: Lang = Lang::En;

/// Picks the interface language: the widget's own `lang` attribute, else the
/// host page's `<html lang>`, else the browser's preferred languages in order,
/// else the feed's `default_language`. Each source is skipped when it names
/// no supported language, so `lang="fr"` on the widget falls through to the
/// page rather than to a guess.
///
/// ```
/// use incident_feed::texts::{resolve_language, Lang};
/// assert_eq!(resolve_language(None, Some("de-AT"), &["en-US"], "en"), Lang::De);
/// assert_eq!(resolve_language(Some("fr"), None, &["fr-FR", "en-GB"], "de"), Lang::En);
/// ```
pub fn resolve_language<S: AsRef<str>>(widget: Option<&str>, page: Option<&str>, browser: &[S], feed_default: &str) -> Lang {
    widget
        .and_then(Lang::from_tag)
        .or_else(|| page.and_then(Lang::from_tag))
        .or_else(|| browser.iter().find_map(|t| Lang::from_tag(t.as_ref())))
        .or_else(|| Lang::from_tag(feed_default))
        .unwrap_or(FALLBACK_LANG)
}

pub use crate::client::Notice;

/// Every fixed text of the interface in one language.
#[derive(Debug)]
pub struct Texts {
    pub lang: Lang,
    /// Accessible name of the widget's landmark.
    pub widget_label: &'static str,
    /// Before "3. August 2022, 14:05 Uhr MESZ".
    pub updated_prefix: &'static str,
    pub services_heading: &'static str,
    pub timeline_heading: &'static str,
    pub advice_heading: &'static str,
    pub faq_heading: &'static str,
    pub contacts_heading: &'static str,
    pub channels_heading: &'static str,
    pub expand_all: &'static str,
    pub collapse_all: &'static str,
    /// Badge on an update that arrived while the page was open.
    pub new_badge: &'static str,
    /// Announced politely to screen readers before a new update's title.
    pub new_update_announcement: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    /// Heading of the hotlines shown when the search finds nothing.
    pub no_match_call_us: &'static str,
    pub more: &'static str,
    pub less: &'static str,
    pub link_to_update: &'static str,
    pub link_to_question: &'static str,
    pub all_systems_normal: &'static str,
    pub started: &'static str,
    pub resolved: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub web: &'static str,
    pub hours: &'static str,
    pub loading: &'static str,
    /// Shown with the embedder's fallback hotline when no feed can be shown.
    pub unavailable: &'static str,
    pub status_page_link: &'static str,
    pub website: &'static str,
}

static DE: Texts = Texts {
    lang: Lang::De,
    widget_label: "Aktueller Status",
    updated_prefix: "Stand:",
    services_heading: "Was gerade funktioniert",
    timeline_heading: "Verlauf",
    advice_heading: "Was Sie jetzt tun sollten",
    faq_heading: "Häufige Fragen",
    contacts_heading: "So erreichen Sie uns",
    channels_heading: "Neuigkeiten auch hier",
    expand_all: "Alle aufklappen",
    collapse_all: "Alle zuklappen",
    new_badge: "Neu",
    new_update_announcement: "Neue Meldung:",
    search_label: "Fragen durchsuchen",
    search_placeholder: "z. B. Passwort, Rechnung, Termin",
    no_match_call_us: "Rufen Sie uns gern an:",
    more: "mehr",
    less: "weniger",
    link_to_update: "Link zu dieser Meldung",
    link_to_question: "Link zu dieser Frage",
    all_systems_normal: "Alle Systeme normal",
    started: "Beginn",
    resolved: "Behoben",
    phone: "Telefon",
    email: "E-Mail",
    web: "Web",
    hours: "Erreichbar",
    loading: "Aktueller Status wird geladen …",
    unavailable: "Der aktuelle Status kann gerade nicht angezeigt werden.",
    status_page_link: "Zur Statusseite",
    website: "Webseite",
};

static EN: Texts = Texts {
    lang: Lang::En,
    widget_label: "Current status",
    updated_prefix: "Last updated:",
    services_heading: "What works right now",
    timeline_heading: "Updates",
    advice_heading: "What you should do now",
    faq_heading: "Frequently asked questions",
    contacts_heading: "How to reach us",
    channels_heading: "News also on",
    expand_all: "Expand all",
    collapse_all: "Collapse all",
    new_badge: "New",
    new_update_announcement: "New update:",
    search_label: "Search the questions",
    search_placeholder: "e.g. password, bill, appointment",
    no_match_call_us: "Please call us:",
    more: "more",
    less: "less",
    link_to_update: "Link to this update",
    link_to_question: "Link to this question",
    all_systems_normal: "All systems normal",
    started: "Started",
    resolved: "Resolved",
    phone: "Phone",
    email: "Email",
    web: "Web",
    hours: "Hours",
    loading: "Loading the current status …",
    unavailable: "The current status cannot be shown right now.",
    status_page_link: "Go to the status page",
    website: "Website",
};

impl Texts {
    fn de(&self) -> bool {
        self.lang == Lang::De
    }

    /// The overall state in words; the widget always shows these next to the colour.
    pub fn level(&self, level: StatusLevel) -> &'static str {
        match (level, self.de()) {
            (StatusLevel::Operational, true) => "Alle Systeme normal",
            (StatusLevel::Operational, false) => "All systems normal",
            (StatusLevel::Maintenance, true) => "Wartungsarbeiten",
            (StatusLevel::Maintenance, false) => "Maintenance",
            (StatusLevel::Degraded, true) => "Eingeschränkt",
            (StatusLevel::Degraded, false) => "Degraded",
            (StatusLevel::PartialOutage, true) => "Teilweise gestört",
            (StatusLevel::PartialOutage, false) => "Partial outage",
            (StatusLevel::MajorOutage, true) => "Schwere Störung",
            (StatusLevel::MajorOutage, false) => "Major outage",
        }
    }

    pub fn service_status(&self, status: ServiceStatus) -> &'static str {
        match (status, self.de()) {
            (ServiceStatus::Operational, true) => "Funktioniert",
            (ServiceStatus::Operational, false) => "Working",
            (ServiceStatus::Degraded, true) => "Eingeschränkt",
            (ServiceStatus::Degraded, false) => "Limited",
            (ServiceStatus::Outage, true) => "Ausgefallen",
            (ServiceStatus::Outage, false) => "Not working",
            (ServiceStatus::Maintenance, true) => "Wartung",
            (ServiceStatus::Maintenance, false) => "Maintenance",
        }
    }

    pub fn incident_status(&self, status: IncidentStatus) -> &'static str {
        match (status, self.de()) {
            (IncidentStatus::Investigating, true) => "Wird untersucht",
            (IncidentStatus::Investigating, false) => "Investigating",
            (IncidentStatus::Identified, true) => "Ursache erkannt",
            (IncidentStatus::Identified, false) => "Identified",
            (IncidentStatus::Monitoring, true) => "Wird beobachtet",
            (IncidentStatus::Monitoring, false) => "Monitoring",
            (IncidentStatus::Resolved, true) => "Behoben",
            (IncidentStatus::Resolved, false) => "Resolved",
            (IncidentStatus::Scheduled, true) => "Geplant",
            (IncidentStatus::Scheduled, false) => "Scheduled",
            (IncidentStatus::InProgress, true) => "Läuft",
            (IncidentStatus::InProgress, false) => "In progress",
            (IncidentStatus::Verifying, true) => "Wird geprüft",
            (IncidentStatus::Verifying, false) => "Verifying",
            (IncidentStatus::Completed, true) => "Abgeschlossen",
            (IncidentStatus::Completed, false) => "Completed",
        }
    }

    pub fn incident_kind(&self, kind: IncidentKind) -> &'static str {
        match (kind, self.de()) {
            (IncidentKind::Incident, true) => "Störung",
            (IncidentKind::Incident, false) => "Incident",
            (IncidentKind::Maintenance, true) => "Wartung",
            (IncidentKind::Maintenance, false) => "Maintenance",
        }
    }

    pub fn impact(&self, impact: Impact) -> &'static str {
        match (impact, self.de()) {
            (Impact::None, true) => "Keine Auswirkung",
            (Impact::None, false) => "No impact",
            (Impact::Minor, true) => "Geringe Auswirkung",
            (Impact::Minor, false) => "Minor impact",
            (Impact::Major, true) => "Große Auswirkung",
            (Impact::Major, false) => "Major impact",
            (Impact::Critical, true) => "Kritische Auswirkung",
            (Impact::Critical, false) => "Critical impact",
        }
    }

    /// The search result count: "1 Treffer", "3 results".
    pub fn hits(&self, n: usize) -> String {
        match (self.de(), n) {
            (true, _) => format!("{n} Treffer"),
            (false, 1) => "1 result".to_owned(),
            (false, _) => format!("{n} results"),
        }
    }

    /// Said when a search finds nothing; the query is quoted as typed.
    pub fn no_match(&self, query: &str) -> String {
        let query = query.trim();
        if self.de() {
            format!("Keine Frage passt zu „{query}“.")
        } else {
            format!("No question matches “{query}”.")
        }
    }

    /// The usual name of a channel kind, used when the feed gives no label.
    pub fn channel_name(&self, kind: &str) -> String {
        match kind.to_ascii_lowercase().as_str() {
            "x" | "twitter" => "X".into(),
            "facebook" => "Facebook".into(),
            "linkedin" => "LinkedIn".into(),
            "mastodon" => "Mastodon".into(),
            "instagram" => "Instagram".into(),
            "youtube" => "YouTube".into(),
            "bluesky" => "Bluesky".into(),
            "threads" => "Threads".into(),
            "xing" => "XING".into(),
            "web" | "" => self.website.into(),
            _ => {
                let mut chars = kind.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        }
    }

    /// A calm sentence for a notice. `as_of` is the formatted time of what is
    /// shown, when something is shown.
    pub fn notice(&self, notice: Notice, as_of: Option<&str>) -> String {
        let de = self.de();
        let head = match (notice, de) {
            (Notice::Stale, true) => "Aktuelle Daten konnten nicht geladen werden.",
            (Notice::Stale, false) => "The latest information could not be loaded.",
            (Notice::Offline, true) => "Sie sind offline.",
            (Notice::Offline, false) => "You are offline.",
            (Notice::Unreachable, true) => "Die Statusmeldungen sind gerade nicht erreichbar.",
            (Notice::Unreachable, false) => "The status information cannot be reached right now.",
            (Notice::Broken, true) => "Die neueste Statusmeldung ist fehlerhaft und wird nicht angezeigt.",
            (Notice::Broken, false) => "The latest status information is faulty and is not shown.",
            (Notice::Unsupported, true) => "Die neueste Statusmeldung hat ein Format, das dieses Widget noch nicht lesen kann.",
            (Notice::Unsupported, false) => "The latest status information uses a format this widget cannot read yet.",
            (Notice::NotVerified, true) => {
                "Nicht verifiziert: Die neueste Statusmeldung trägt keine gültige Signatur des Herausgebers und wird nicht angezeigt."
            }
            (Notice::NotVerified, false) => "Not verified: the latest status information has no valid signature from the publisher and is not shown.",
        };
        match (as_of, de) {
            (Some(t), true) => format!("Stand: {t} — {head}"),
            (Some(t), false) => format!("As of {t} — {head}"),
            (None, _) => head.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: &[&str] = &[];

    #[test]
    fn language_follows_widget_then_page_then_browser_then_feed() {
        assert_eq!(resolve_language(Some("en"), Some("de"), &["de"], "de"), Lang::En);
        assert_eq!(resolve_language(None, Some("en-GB"), &["de"], "de"), Lang::En);
        assert_eq!(resolve_language(None, None, &["en-US", "de"], "de"), Lang::En);
        assert_eq!(resolve_language(None, None, NONE, "en"), Lang::En);
        assert_eq!(resolve_language(None, None, NONE, "de"), Lang::De);
    }

    #[test]
    fn unsupported_or_empty_sources_fall_through() {
        assert_eq!(resolve_language(Some(""), Some("fr"), &["it", "de-CH"], "en"), Lang::De);
        assert_eq!(resolve_language(Some("  "), Some(""), &["pl"], "de"), Lang::De);
        assert_eq!(resolve_language(None, None, &["fr"], "fr"), FALLBACK_LANG);
        // A tag that merely starts with the letters is another language.
        assert_eq!(Lang::from_tag("den"), None);
        assert_eq!(Lang::from_tag("english"), None);
    }

    #[test]
    fn prefixes_and_case_match() {
        for tag in ["de", "DE", "de-AT", "de_CH", "de-Latn-DE", " de "] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::De), "{tag:?}");
        }
        for tag in ["en", "en-US", "EN-gb", "en_IE"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::En), "{tag:?}");
        }
        let browser = vec!["fr-FR".to_string(), "de-AT".to_string()];
        assert_eq!(resolve_language(None, None, &browser, "en"), Lang::De);
    }

    #[test]
    fn counts_and_no_match_read_naturally() {
        assert_eq!(Lang::De.texts().hits(1), "1 Treffer");
        assert_eq!(Lang::De.texts().hits(3), "3 Treffer");
        assert_eq!(Lang::En.texts().hits(1), "1 result");
        assert_eq!(Lang::En.texts().hits(0), "0 results");
        assert_eq!(Lang::De.texts().no_match(" xyz "), "Keine Frage passt zu „xyz“.");
        assert_eq!(Lang::En.texts().no_match("xyz"), "No question matches “xyz”.");
    }

    #[test]
    fn every_state_has_words_in_both_languages() {
        use StatusLevel::*;
        for t in [Lang::De.texts(), Lang::En.texts()] {
            let levels = [Operational, Maintenance, Degraded, PartialOutage, MajorOutage].map(|l| t.level(l));
            let unique: std::collections::HashSet<_> = levels.iter().collect();
            assert_eq!(unique.len(), levels.len(), "levels must read differently");
            for s in [ServiceStatus::Operational, ServiceStatus::Degraded, ServiceStatus::Outage, ServiceStatus::Maintenance] {
                assert!(!t.service_status(s).is_empty());
            }
        }
        assert_eq!(Lang::De.texts().incident_status(IncidentStatus::Monitoring), "Wird beobachtet");
        assert_eq!(Lang::En.texts().incident_status(IncidentStatus::InProgress), "In progress");
    }

    #[test]
    fn notices_carry_the_time_of_what_is_shown() {
        let t = Lang::De.texts().notice(Notice::Stale, Some("3. August 2022, 14:05 Uhr MESZ"));
        assert_eq!(t, "Stand: 3. August 2022, 14:05 Uhr MESZ — Aktuelle Daten konnten nicht geladen werden.");
        assert_eq!(Lang::En.texts().notice(Notice::Offline, None), "You are offline.");
        for n in [Notice::Stale, Notice::Offline, Notice::Unreachable, Notice::Broken, Notice::Unsupported, Notice::NotVerified] {
            assert_ne!(Lang::De.texts().notice(n, None), Lang::En.texts().notice(n, None));
        }
    }

    #[test]
    fn channel_names() {
        let de = Lang::De.texts();
        assert_eq!(de.channel_name("mastodon"), "Mastodon");
        assert_eq!(de.channel_name("LinkedIn"), "LinkedIn");
        assert_eq!(de.channel_name("web"), "Webseite");
        assert_eq!(Lang::En.texts().channel_name("web"), "Website");
        assert_eq!(de.channel_name("peertube"), "Peertube");
    }
}
