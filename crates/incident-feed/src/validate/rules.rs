//! Phase 3 of reading a feed: what its types cannot express — unique ids,
//! timestamps and their order, safe links, phone numbers and email
//! addresses, language codes, translations in the default language.

use std::collections::HashMap;

use super::checker::Checker;
use super::limits::*;
use super::Problem;
use crate::links::{self, safe_href};
use crate::model::*;
use crate::phone;

/// The checks on a well-shaped feed that its types cannot express.
pub fn check_feed(feed: &Feed) -> Vec<Problem> {
    check_and_repair(&mut feed.clone(), HashMap::new())
}

/// Runs every check on `feed`, repairing what each reports (see
/// `Checker`), and returns the problems. `set_aside`: list elements left
/// out when the feed was read, so that paths name positions in the file.
pub(super) fn check_and_repair(feed: &mut Feed, set_aside: HashMap<String, Vec<usize>>) -> Vec<Problem> {
    let mut c = Checker::new(&feed.default_language, set_aside);
    c.run(feed);
    c.problems
}

/// The words a known state is spelled with, for the message about an unknown one.
const LEVELS: &str = "operational, maintenance, degraded, partial_outage, major_outage";
const INCIDENT_STATUSES: &str = "investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, completed";
const IMPACTS: &str = "none, minor, major, critical";
const SERVICE_STATUSES: &str = "operational, degraded, outage, maintenance";

impl Checker {
    fn run(&mut self, feed: &mut Feed) {
        if !is_language_tag(&feed.default_language) {
            self.report("$.default_language", format!("{:?} is not a language code such as \"de\" or \"en\"", feed.default_language));
        }
        if let Some(r) = feed.refresh_seconds {
            if !(MIN_REFRESH_SECONDS..=MAX_REFRESH_SECONDS).contains(&r) {
                self.report("$.refresh_seconds", format!("{r} is outside {MIN_REFRESH_SECONDS} to {MAX_REFRESH_SECONDS} seconds"));
                feed.refresh_seconds = Some(r.clamp(MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS));
            }
        }
        self.text("$.organisation.name", &mut feed.organisation.name, MAX_SHORT_TEXT_CHARS);
        if let Some(url) = &feed.organisation.url {
            if !self.web_link("$.organisation.url", url) {
                feed.organisation.url = None;
            }
        }
        let updated_at = self.timestamp("$.updated_at", &feed.updated_at);
        if let Some(expires) = &feed.expires_at {
            match self.timestamp("$.expires_at", expires) {
                None => feed.expires_at = None,
                Some(e) if updated_at.is_some_and(|u| e <= u) => {
                    self.report("$.expires_at", format!("{expires} is not after updated_at {}; the feed would be outdated when published", feed.updated_at));
                }
                Some(_) => {}
            }
        }
        if feed.status.level == StatusLevel::Unknown {
            self.report("$.status.level", format!("not a level this version knows; use one of {LEVELS}"));
        }
        self.text("$.status.headline", &mut feed.status.headline, MAX_SHORT_TEXT_CHARS);

        let mut incident_ids = HashMap::new();
        let mut update_ids = HashMap::new();
        for (i, incident) in feed.incidents.iter_mut().enumerate() {
            let p = self.at("$.incidents", i);
            self.id(&format!("{p}.id"), &mut incident.id, &mut incident_ids);
            if incident.kind == IncidentKind::Unknown {
                self.report(format!("{p}.kind"), "not a kind this version knows; use incident or maintenance");
            }
            self.text(&format!("{p}.title"), &mut incident.title, MAX_SHORT_TEXT_CHARS);
            if incident.status == IncidentStatus::Unknown {
                self.report(format!("{p}.status"), format!("not a status this version knows; use one of {INCIDENT_STATUSES}"));
            }
            if incident.impact == Impact::Unknown {
                self.report(format!("{p}.impact"), format!("not an impact this version knows; use one of {IMPACTS}"));
            }
            let started = self.timestamp(&format!("{p}.started_at"), &incident.started_at);
            if let Some(resolved_at) = &incident.resolved_at {
                let resolved = self.timestamp(&format!("{p}.resolved_at"), resolved_at);
                if let (Some(s), Some(r)) = (started, resolved) {
                    if r < s {
                        self.report(format!("{p}.resolved_at"), format!("{resolved_at} is before started_at {}", incident.started_at));
                    }
                }
            }
            let updates_path = format!("{p}.updates");
            let mut previous: Option<(i64, String)> = None;
            for (u, update) in incident.updates.iter_mut().enumerate() {
                let up = self.at(&updates_path, u);
                self.id(&format!("{up}.id"), &mut update.id, &mut update_ids);
                if update.status == IncidentStatus::Unknown {
                    self.report(format!("{up}.status"), format!("not a status this version knows; use one of {INCIDENT_STATUSES}"));
                }
                if let Some(title) = &mut update.title {
                    self.text(&format!("{up}.title"), title, MAX_SHORT_TEXT_CHARS);
                }
                self.text(&format!("{up}.body"), &mut update.body, MAX_LONG_TEXT_CHARS);
                let Some(at) = self.timestamp(&format!("{up}.at"), &update.at) else { continue };
                if let Some((prev, prev_id)) = &previous {
                    if at < *prev {
                        self.report(format!("{up}.at"), format!("updates must be oldest first: {} is before the previous update {prev_id:?}", update.at));
                    }
                }
                if let Some(s) = started {
                    if at < s {
                        self.report(format!("{up}.at"), format!("{} is before the incident's started_at {}", update.at, incident.started_at));
                    }
                }
                if let Some(feed_time) = updated_at {
                    if at > feed_time {
                        self.report(
                            "$.updated_at",
                            format!("{} is older than update {:?} ({}); set updated_at when publishing", feed.updated_at, update.id, update.at),
                        );
                    }
                }
                previous = Some((at, update.id.clone()));
            }
            // A promise that cannot be read is no promise: it is dropped, so
            // that the widget never shows a time it had to guess.
            if let Some(by) = &incident.next_update_by {
                let np = format!("{p}.next_update_by");
                match self.timestamp(&np, by) {
                    None => incident.next_update_by = None,
                    Some(by_unix) => {
                        let latest = incident.updates.iter().filter_map(|u| Some((u.at.parse()?.unix_seconds, &u.id))).max_by_key(|(at, _)| *at);
                        if let Some((_, id)) = latest.filter(|(at, _)| by_unix < *at) {
                            self.report(np, format!("{by} is before the incident's latest update {id:?}; promise a time still to come"));
                        }
                    }
                }
            }
            // Updates are stored oldest first: over the limit, the newest are kept.
            let len = incident.updates.len();
            if len > MAX_UPDATES_PER_INCIDENT {
                self.report(updates_path, format!("has {len} entries, more than the limit of {MAX_UPDATES_PER_INCIDENT}"));
                incident.updates.drain(..len - MAX_UPDATES_PER_INCIDENT);
                incident.omitted_updates = len - MAX_UPDATES_PER_INCIDENT;
            }
        }
        feed.reading.omitted.incidents = self.list_size("$.incidents", &mut feed.incidents, MAX_INCIDENTS);

        let mut service_ids = HashMap::new();
        for (i, service) in feed.services.iter_mut().enumerate() {
            let p = self.at("$.services", i);
            self.id(&format!("{p}.id"), &mut service.id, &mut service_ids);
            self.text(&format!("{p}.name"), &mut service.name, MAX_SHORT_TEXT_CHARS);
            if service.status == ServiceStatus::Unknown {
                self.report(format!("{p}.status"), format!("not a state this version knows; use one of {SERVICE_STATUSES}"));
            }
            if let Some(note) = &mut service.note {
                self.text(&format!("{p}.note"), note, MAX_MEDIUM_TEXT_CHARS);
            }
        }
        feed.reading.omitted.services = self.list_size("$.services", &mut feed.services, MAX_SERVICES);

        for (i, advice) in feed.advice.iter_mut().enumerate() {
            let p = self.at("$.advice", i);
            self.text(&p, advice, MAX_MEDIUM_TEXT_CHARS);
        }
        feed.reading.omitted.advice = self.list_size("$.advice", &mut feed.advice, MAX_ADVICE);

        let mut faq_ids = HashMap::new();
        for (i, entry) in feed.faq.iter_mut().enumerate() {
            let p = self.at("$.faq", i);
            self.id(&format!("{p}.id"), &mut entry.id, &mut faq_ids);
            self.text(&format!("{p}.question"), &mut entry.question, MAX_SHORT_TEXT_CHARS);
            self.text(&format!("{p}.answer"), &mut entry.answer, MAX_LONG_TEXT_CHARS);
            let keywords_path = format!("{p}.keywords");
            let mut k = 0;
            entry.keywords.retain_mut(|keyword| {
                let path = self.at(&keywords_path, k);
                k += 1;
                self.keyword(&path, keyword)
            });
            self.list_size(&keywords_path, &mut entry.keywords, MAX_KEYWORDS);
        }
        feed.reading.omitted.faq = self.list_size("$.faq", &mut feed.faq, MAX_FAQ_ENTRIES);

        let mut contact_ids = HashMap::new();
        for (i, contact) in feed.contacts.iter_mut().enumerate() {
            let p = self.at("$.contacts", i);
            self.id(&format!("{p}.id"), &mut contact.id, &mut contact_ids);
            self.text(&format!("{p}.label"), &mut contact.label, MAX_SHORT_TEXT_CHARS);
            if let Some(hours) = &mut contact.hours {
                self.text(&format!("{p}.hours"), hours, MAX_SHORT_TEXT_CHARS);
            }
            if let Some(note) = &mut contact.note {
                self.text(&format!("{p}.note"), note, MAX_MEDIUM_TEXT_CHARS);
            }
            if contact.phone.is_none() && contact.email.is_none() && contact.url.is_none() {
                self.report(p.clone(), "a contact needs a phone, an email or a url");
            }
            // A number that cannot be dialled stays as printed: the widget
            // shows it without a link (`phone::tel_uri` is `None`).
            if let Some(number) = &contact.phone {
                if let Err(problem) = phone::dial_target(number) {
                    self.report(format!("{p}.phone"), problem.describe(number));
                }
            }
            // Likewise an address that is not one: shown, never linked.
            if let Some(email) = &contact.email {
                if !links::is_email(email) {
                    self.report(format!("{p}.email"), format!("{email:?} is not a valid email address"));
                }
            }
            // An unsafe web address shows as text: the widget links only
            // what `links::safe_href` allows.
            if let Some(url) = &contact.url {
                self.web_link(&format!("{p}.url"), url);
            }
        }
        feed.reading.omitted.contacts = self.list_size("$.contacts", &mut feed.contacts, MAX_CONTACTS);

        for (i, channel) in feed.channels.iter_mut().enumerate() {
            let p = self.at("$.channels", i);
            if !is_slug(&channel.kind) || channel.kind.len() > 32 {
                self.report(format!("{p}.kind"), format!("{:?} is not a channel kind such as \"x\", \"facebook\" or \"web\"", channel.kind));
                channel.kind = "web".into();
            }
            // A channel is its link: without a safe one its name shows unlinked.
            if !self.web_link(&format!("{p}.url"), &channel.url) {
                channel.url.clear();
            }
            if let Some(label) = &mut channel.label {
                self.text(&format!("{p}.label"), label, MAX_SHORT_TEXT_CHARS);
            }
        }
        feed.reading.omitted.channels = self.list_size("$.channels", &mut feed.channels, MAX_CHANNELS);

        // A mirror is fetched, never shown: it must be a place a browser can
        // ask for the same file, nothing more (IP hosts are fine here).
        let mut index = 0;
        feed.mirrors.retain(|mirror| {
            let p = self.at("$.mirrors", index);
            index += 1;
            let fits = mirror.len() <= links::MAX_URL_BYTES && crate::client::config::origin(mirror).is_some();
            if !fits {
                self.report(
                    p,
                    format!("{:?} is not an absolute http(s) URL without user name (at most {} bytes)", crate::texts::cut_to(mirror, 80), links::MAX_URL_BYTES),
                );
            }
            fits
        });
        self.list_size("$.mirrors", &mut feed.mirrors, crate::client::config::MAX_MIRRORS);
    }

    /// An id must be a slug, unique among its kind. One that is not loses
    /// its deep link: it is replaced by `~N`, unique and never a slug, so
    /// the item still shows and the widget still tells items apart
    /// ([`crate::model::is_linkable_id`]).
    fn id(&mut self, path: &str, id: &mut String, seen: &mut HashMap<String, String>) {
        if !is_slug(id) || id.len() > MAX_ID_CHARS {
            self.report(path, format!("{id:?} is not an id: use 1 to {MAX_ID_CHARS} of a-z, 0-9, - and _"));
        } else if let Some(first) = seen.get(id.as_str()) {
            self.report(path, format!("duplicate id {id:?} (first used at {first})"));
        } else {
            seen.insert(id.clone(), path.to_owned());
            return;
        }
        self.replaced_ids += 1;
        *id = format!("~{}", self.replaced_ids);
    }

    fn timestamp(&mut self, path: &str, t: &crate::datetime::Timestamp) -> Option<i64> {
        let parsed = t.parse().map(|i| i.unix_seconds);
        if parsed.is_none() {
            self.report(path, format!("{:?} is not an RFC 3339 timestamp with offset, e.g. \"2026-11-03T14:05:00+01:00\"", t.as_str()));
        }
        parsed
    }

    /// Whether `url` is a safe http(s) link; reports it when not.
    fn web_link(&mut self, path: &str, url: &str) -> bool {
        match safe_href(url) {
            Err(problem) => self.report(path, format!("{}: {url:?}", problem.describe())),
            Ok(_) if !url.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http")) => {
                self.report(path, format!("must be an http or https link: {url:?}"));
            }
            Ok(_) => return true,
        }
        false
    }

    fn text(&mut self, path: &str, text: &mut Text, max_chars: usize) {
        match text {
            Text::Plain(s) => self.text_value(path, s, max_chars),
            Text::Translated(map) => {
                if map.is_empty() {
                    self.report(path, "translations are empty");
                    return;
                }
                self.language_count(path, map.len());
                if !map.contains_key(&self.default_language) {
                    self.report(path, format!("has no text in the default language {:?}", self.default_language));
                }
                for (lang, s) in map.iter_mut() {
                    let p = format!("{path}.{lang}");
                    if !is_language_tag(lang) {
                        self.report(p.clone(), format!("{lang:?} is not a language code such as \"de\" or \"en\""));
                    }
                    self.text_value(&p, s, max_chars);
                }
            }
        }
    }
}

pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `de`, `en`, `de-AT`, `zh-Hant-TW`: a primary tag of 2 or 3 letters and subtags.
pub fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
