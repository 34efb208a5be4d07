//! Every fixed text the product shows, in each of its languages, and which
//! language a reader gets.
//!
//! The words themselves are data: `crates/incident-feed/words/keys.txt` names
//! every text, `words/de.txt` and `words/en.txt` give them, and `build.rs`
//! turns them into [`Lang`] (one variant per language file) and [`Texts`]
//! (one `&'static str` field per key) at build time. This module adds the
//! rules around them: the language decision ([`Lang::from_tag`],
//! [`resolve_language`]), the words for each state, plurals, and the
//! paragraph rule ([`paragraphs`]). The widget, the static page, the
//! subscriptions and the Statuspage import all take their words from here.
//!
//! Kept in this crate rather than in the widget so that every sentence a
//! customer reads is covered by native tests, and so that the language
//! decision is a pure function of what the browser reports.

use std::ops::Range;

use crate::model::{Impact, IncidentKind, IncidentStatus, ServiceStatus, StatusLevel};

pub use crate::words::{fill, Lang, Texts, FALLBACK_LANG};

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

impl Texts {
    /// The overall state in words; the widget always shows these next to the colour.
    pub fn level(&self, level: StatusLevel) -> &'static str {
        match level {
            StatusLevel::Operational => self.level_operational,
            StatusLevel::Maintenance => self.level_maintenance,
            StatusLevel::Degraded => self.level_degraded,
            StatusLevel::PartialOutage => self.level_partial_outage,
            StatusLevel::MajorOutage => self.level_major_outage,
            StatusLevel::Unknown => self.state_unknown,
        }
    }

    pub fn service_status(&self, status: ServiceStatus) -> &'static str {
        match status {
            ServiceStatus::Operational => self.service_operational,
            ServiceStatus::Degraded => self.service_degraded,
            ServiceStatus::Outage => self.service_outage,
            ServiceStatus::Maintenance => self.service_maintenance,
            ServiceStatus::Unknown => self.state_unknown,
        }
    }

    pub fn incident_status(&self, status: IncidentStatus) -> &'static str {
        match status {
            IncidentStatus::Investigating => self.status_investigating,
            IncidentStatus::Identified => self.status_identified,
            IncidentStatus::Monitoring => self.status_monitoring,
            IncidentStatus::Resolved => self.status_resolved,
            IncidentStatus::Scheduled => self.status_scheduled,
            IncidentStatus::InProgress => self.status_in_progress,
            IncidentStatus::Verifying => self.status_verifying,
            IncidentStatus::Completed => self.status_completed,
            IncidentStatus::Unknown => self.state_unknown,
        }
    }

    pub fn incident_kind(&self, kind: IncidentKind) -> &'static str {
        match kind {
            IncidentKind::Incident => self.kind_incident,
            IncidentKind::Maintenance => self.kind_maintenance,
            IncidentKind::Unknown => self.kind_incident,
        }
    }

    pub fn impact(&self, impact: Impact) -> &'static str {
        match impact {
            Impact::None => self.impact_none,
            Impact::Minor => self.impact_minor,
            Impact::Major => self.impact_major,
            Impact::Critical => self.impact_critical,
            Impact::Unknown => self.state_unknown,
        }
    }

    /// The Statuspage import's headline for a level when Statuspage gives none.
    pub fn import_headline(&self, level: StatusLevel) -> &'static str {
        match level {
            StatusLevel::Operational => self.import_headline_operational,
            StatusLevel::Maintenance => self.import_headline_maintenance,
            StatusLevel::Degraded => self.import_headline_degraded,
            StatusLevel::PartialOutage => self.import_headline_partial_outage,
            StatusLevel::MajorOutage => self.import_headline_major_outage,
            StatusLevel::Unknown => self.state_unknown,
        }
    }

    /// The Statuspage import's body for an update that Statuspage gives without text.
    pub fn import_update(&self, status: IncidentStatus) -> &'static str {
        match status {
            IncidentStatus::Investigating => self.import_update_investigating,
            IncidentStatus::Identified => self.import_update_identified,
            IncidentStatus::Monitoring => self.import_update_monitoring,
            IncidentStatus::Resolved => self.import_update_resolved,
            IncidentStatus::Scheduled => self.import_update_scheduled,
            IncidentStatus::InProgress => self.import_update_in_progress,
            IncidentStatus::Verifying => self.import_update_verifying,
            IncidentStatus::Completed => self.import_update_completed,
            IncidentStatus::Unknown => self.state_unknown,
        }
    }

    /// The search result count: "1 Treffer", "3 results".
    pub fn hits(&self, n: usize) -> String {
        fill(if n == 1 { self.hits_one } else { self.hits_other }, &[("n", &n)])
    }

    /// The button that shows an incident's `n` older updates: "95 ältere Meldungen anzeigen".
    pub fn show_older(&self, n: usize) -> String {
        fill(if n == 1 { self.show_older_one } else { self.show_older_other }, &[("n", &n)])
    }

    /// The button that shows the `n` questions after the first ones of a long FAQ.
    pub fn show_more_questions(&self, n: usize) -> String {
        fill(if n == 1 { self.show_more_questions_one } else { self.show_more_questions_other }, &[("n", &n)])
    }

    /// Under a list cut at its count limit: "3 weitere Einträge werden hier nicht angezeigt."
    pub fn more_not_shown(&self, n: usize) -> String {
        fill(if n == 1 { self.more_not_shown_one } else { self.more_not_shown_other }, &[("n", &n)])
    }

    /// Said when a search finds nothing; the query is quoted as typed.
    pub fn no_match(&self, query: &str) -> String {
        fill(self.no_match, &[("query", &query.trim())])
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
                chars.next().map(|c| std::iter::once(latin_uppercase(c)).chain(chars).collect()).unwrap_or_default()
            }
        }
    }

    /// The promise of the next update, or that it is overdue; `time` is
    /// formatted for the reader ([`crate::datetime::format_time_or_date`]).
    ///
    /// ```
    /// use incident_feed::promise::NextUpdate;
    /// use incident_feed::texts::Lang;
    /// assert_eq!(Lang::De.texts().next_update(NextUpdate::Promised(0), "14:00 Uhr MEZ"), "Nächstes Update spätestens 14:00 Uhr MEZ.");
    /// assert_eq!(Lang::En.texts().next_update(NextUpdate::Overdue(0), "14:00 CET"), "The update promised for 14:00 CET is overdue.");
    /// ```
    pub fn next_update(&self, state: crate::promise::NextUpdate, time: &str) -> String {
        let template = match state {
            crate::promise::NextUpdate::Promised(_) => self.next_update_by,
            crate::promise::NextUpdate::Overdue(_) => self.next_update_overdue,
        };
        fill(template, &[("time", &time)])
    }

    /// A calm sentence for a notice. `as_of` is the formatted time of what is
    /// shown, when something is shown.
    pub fn notice(&self, notice: Notice, as_of: Option<&str>) -> String {
        let head = match notice {
            Notice::Stale => self.notice_stale,
            Notice::Offline => self.notice_offline,
            Notice::Unreachable => self.notice_unreachable,
            Notice::Broken => self.notice_broken,
            Notice::Unsupported => self.notice_unsupported,
            Notice::NotVerified => self.notice_not_verified,
        };
        match as_of {
            Some(t) => fill(self.notice_as_of, &[("time", &t), ("notice", &head)]),
            None => head.to_owned(),
        }
    }
}

/// A text cut to at most `max_chars` characters (Unicode scalar values): a
/// longer one keeps its first `max_chars - 1` and ends in "…". The tolerant
/// reader cuts texts over their limit this way, and so does the Statuspage
/// import.
///
/// ```
/// assert_eq!(incident_feed::texts::cut_to("Störung", 10), "Störung");
/// assert_eq!(incident_feed::texts::cut_to("Störung", 4), "Stö…");
/// ```
pub fn cut_to(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let keep = text.char_indices().nth(max_chars.saturating_sub(1)).map_or(cut, |(i, _)| i);
            let mut cut_text = text[..keep].to_owned();
            cut_text.push('…');
            cut_text
        }
    }
}

/// Byte ranges of the paragraphs of a plain text: paragraphs are separated
/// by a blank line (one that is empty or only whitespace); a single newline
/// stays inside its paragraph. Each range runs from the start of its first
/// line to the end of its last (without the line break). Feed texts are
/// plain text, never HTML: the widget and the static page both split them
/// with this rule.
///
/// ```
/// let text = "Erster Absatz,\nzweite Zeile.\n \r\nZweiter Absatz.\n";
/// let ps: Vec<&str> = incident_feed::texts::paragraphs(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(ps, ["Erster Absatz,\nzweite Zeile.", "Zweiter Absatz."]);
/// ```
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content_len = line.trim_end_matches(['\n', '\r']).len();
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            let end = pos + content_len;
            match &mut current {
                Some(r) => r.end = end,
                None => current = Some(pos..end),
            }
        }
        pos += line.len();
    }
    out.extend(current);
    out
}

/// The capital of a Latin letter (ASCII and Latin-1: `a-z`, `à-þ`, `ÿ`),
/// any other char as it is. Enough for a channel kind's first letter, and it
/// keeps Unicode's case tables (about 12 KB of raw wasm for uppercase alone)
/// out of the widget.
///
/// ```
/// use incident_feed::texts::latin_uppercase;
/// assert_eq!(['m', 'ü', 'ÿ', 'ß', '÷', 'я'].map(latin_uppercase), ['M', 'Ü', 'Ÿ', 'ß', '÷', 'я']);
/// ```
pub fn latin_uppercase(c: char) -> char {
    match c {
        'a'..='z' => c.to_ascii_uppercase(),
        'à'..='þ' if c != '÷' => char::from_u32(c as u32 - 0x20).unwrap_or(c),
        'ÿ' => 'Ÿ',
        _ => c,
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
    fn promises_and_expiry_read_plainly_with_the_date_when_not_today() {
        use crate::datetime::{format_date_time, format_time_or_date};
        use crate::promise::NextUpdate;
        let by = crate::datetime::parse_rfc3339("2026-11-10T18:00:00+01:00").unwrap().unix_seconds;
        let today = format_time_or_date(by, 60, "MEZ", by - 3600, "de");
        assert_eq!(Lang::De.texts().next_update(NextUpdate::Promised(by), &today), "Nächstes Update spätestens 18:00 Uhr MEZ.");
        let tomorrow = format_time_or_date(by, 60, "MEZ", by + 7 * 3600, "de");
        assert_eq!(Lang::De.texts().next_update(NextUpdate::Overdue(by), &tomorrow), "Das für 10. November 2026, 18:00 Uhr MEZ angekündigte Update steht noch aus.");
        let en = format_time_or_date(by, 0, "UTC", by, "en");
        assert_eq!(Lang::En.texts().next_update(NextUpdate::Promised(by), &en), "Next update by 17:00 UTC.");
        assert_eq!(Lang::En.texts().next_update(NextUpdate::Overdue(by), &en), "The update promised for 17:00 UTC is overdue.");
        let until = format_date_time(by, 60, "CET", "en");
        assert_eq!(fill(Lang::En.texts().feed_expired, &[("time", &until)]), "This information may be outdated: it was valid until 10 November 2026, 18:00 CET.");
        assert!(fill(Lang::De.texts().feed_expired, &[("time", &"x")]).contains("möglicherweise veraltet"));
    }

    #[test]
    fn every_template_is_filled_in_every_language() {
        for lang in Lang::ALL {
            let t = lang.texts();
            assert_eq!(t.lang, lang);
            assert!(t.locale.starts_with(lang.code()), "{lang:?}");
            let filled = [
                t.hits(1),
                t.hits(7),
                t.no_match("x"),
                t.notice(Notice::Broken, Some("t")),
                crate::datetime::format_date_time(0, 0, "UTC", lang.code()),
                crate::datetime::format_short(0, 0, lang.code()),
                crate::datetime::relative_time(10_000_000, 0, lang.code()),
            ];
            for text in filled {
                assert!(!text.contains(['{', '}']), "{lang:?}: {text}");
            }
        }
    }

    #[test]
    fn one_language_test_for_every_tag() {
        assert_eq!(Lang::for_tag("de-AT"), Lang::De);
        assert_eq!(Lang::for_tag("EN_us"), Lang::En);
        assert_eq!(Lang::for_tag("fr"), FALLBACK_LANG);
        assert_eq!(Lang::for_tag(""), FALLBACK_LANG);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
            assert_eq!(Lang::from_tag(lang.locale()), Some(lang));
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines_only() {
        let body = "Eins\nzwei\n\nDrei\r\n\r\n\n Vier ";
        let ps: Vec<&str> = paragraphs(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(ps, ["Eins\nzwei", "Drei", " Vier "]);
        // A line of spaces separates too; leading and trailing blank lines make no paragraph.
        let body = "\n\nA\n  \t\nB\n\n";
        let ps: Vec<&str> = paragraphs(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(ps, ["A", "B"]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs(" \n\r\n").is_empty());
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
