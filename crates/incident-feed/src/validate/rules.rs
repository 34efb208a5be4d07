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
    let mut c = Checker { feed, problems: Vec::new() };
    c.run();
    c.problems
}

impl Checker<'_> {
    fn run(&mut self) {
        let feed = self.feed;
        if !is_language_tag(&feed.default_language) {
            self.report("$.default_language", format!("{:?} is not a language code such as \"de\" or \"en\"", feed.default_language));
        }
        if let Some(r) = feed.refresh_seconds {
            if !(MIN_REFRESH_SECONDS..=MAX_REFRESH_SECONDS).contains(&r) {
                self.report("$.refresh_seconds", format!("{r} is outside {MIN_REFRESH_SECONDS} to {MAX_REFRESH_SECONDS} seconds"));
            }
        }
        self.text("$.organisation.name", &feed.organisation.name, MAX_SHORT_TEXT_CHARS);
        if let Some(url) = &feed.organisation.url {
            self.web_link("$.organisation.url", url);
        }
        let updated_at = self.timestamp("$.updated_at", &feed.updated_at);
        self.text("$.status.headline", &feed.status.headline, MAX_SHORT_TEXT_CHARS);

        self.list_size("$.incidents", feed.incidents.len(), MAX_INCIDENTS);
        let mut incident_ids = HashMap::new();
        let mut update_ids = HashMap::new();
        for (i, incident) in feed.incidents.iter().enumerate() {
            let p = format!("$.incidents[{i}]");
            self.id(&format!("{p}.id"), &incident.id, &mut incident_ids);
            self.text(&format!("{p}.title"), &incident.title, MAX_SHORT_TEXT_CHARS);
            let started = self.timestamp(&format!("{p}.started_at"), &incident.started_at);
            if let Some(resolved_at) = &incident.resolved_at {
                let resolved = self.timestamp(&format!("{p}.resolved_at"), resolved_at);
                if let (Some(s), Some(r)) = (started, resolved) {
                    if r < s {
                        self.report(format!("{p}.resolved_at"), format!("{resolved_at} is before started_at {}", incident.started_at));
                    }
                }
            }
            self.list_size(&format!("{p}.updates"), incident.updates.len(), MAX_UPDATES_PER_INCIDENT);
            let mut previous: Option<(i64, &str)> = None;
            for (u, update) in incident.updates.iter().enumerate() {
                let up = format!("{p}.updates[{u}]");
                self.id(&format!("{up}.id"), &update.id, &mut update_ids);
                if let Some(title) = &update.title {
                    self.text(&format!("{up}.title"), title, MAX_SHORT_TEXT_CHARS);
                }
                self.text(&format!("{up}.body"), &update.body, MAX_LONG_TEXT_CHARS);
                let Some(at) = self.timestamp(&format!("{up}.at"), &update.at) else { continue };
                if let Some((prev, prev_id)) = previous {
                    if at < prev {
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
                previous = Some((at, &update.id));
            }
        }

        self.list_size("$.services", feed.services.len(), MAX_SERVICES);
        let mut service_ids = HashMap::new();
        for (i, service) in feed.services.iter().enumerate() {
            let p = format!("$.services[{i}]");
            self.id(&format!("{p}.id"), &service.id, &mut service_ids);
            self.text(&format!("{p}.name"), &service.name, MAX_SHORT_TEXT_CHARS);
            if let Some(note) = &service.note {
                self.text(&format!("{p}.note"), note, MAX_MEDIUM_TEXT_CHARS);
            }
        }

        self.list_size("$.advice", feed.advice.len(), MAX_ADVICE);
        for (i, advice) in feed.advice.iter().enumerate() {
            self.text(&format!("$.advice[{i}]"), advice, MAX_MEDIUM_TEXT_CHARS);
        }

        self.list_size("$.faq", feed.faq.len(), MAX_FAQ_ENTRIES);
        let mut faq_ids = HashMap::new();
        for (i, entry) in feed.faq.iter().enumerate() {
            let p = format!("$.faq[{i}]");
            self.id(&format!("{p}.id"), &entry.id, &mut faq_ids);
            self.text(&format!("{p}.question"), &entry.question, MAX_SHORT_TEXT_CHARS);
            self.text(&format!("{p}.answer"), &entry.answer, MAX_LONG_TEXT_CHARS);
            self.list_size(&format!("{p}.keywords"), entry.keywords.len(), MAX_KEYWORDS);
            for (k, keyword) in entry.keywords.iter().enumerate() {
                self.keyword(&format!("{p}.keywords[{k}]"), keyword);
            }
        }

        self.list_size("$.contacts", feed.contacts.len(), MAX_CONTACTS);
        let mut contact_ids = HashMap::new();
        for (i, contact) in feed.contacts.iter().enumerate() {
            let p = format!("$.contacts[{i}]");
            self.id(&format!("{p}.id"), &contact.id, &mut contact_ids);
            self.text(&format!("{p}.label"), &contact.label, MAX_SHORT_TEXT_CHARS);
            if let Some(hours) = &contact.hours {
                self.text(&format!("{p}.hours"), hours, MAX_SHORT_TEXT_CHARS);
            }
            if let Some(note) = &contact.note {
                self.text(&format!("{p}.note"), note, MAX_MEDIUM_TEXT_CHARS);
            }
            if contact.phone.is_none() && contact.email.is_none() && contact.url.is_none() {
                self.report(p.clone(), "a contact needs a phone, an email or a url");
            }
            if let Some(number) = &contact.phone {
                if let Err(problem) = phone::dial_target(number) {
                    self.report(format!("{p}.phone"), problem.describe(number));
                }
            }
            if let Some(email) = &contact.email {
                if !links::is_email(email) {
                    self.report(format!("{p}.email"), format!("{email:?} is not a valid email address"));
                }
            }
            if let Some(url) = &contact.url {
                self.web_link(&format!("{p}.url"), url);
            }
        }

        self.list_size("$.channels", feed.channels.len(), MAX_CHANNELS);
        for (i, channel) in feed.channels.iter().enumerate() {
            let p = format!("$.channels[{i}]");
            if !is_slug(&channel.kind) || channel.kind.len() > 32 {
                self.report(format!("{p}.kind"), format!("{:?} is not a channel kind such as \"x\", \"facebook\" or \"web\"", channel.kind));
            }
            self.web_link(&format!("{p}.url"), &channel.url);
            if let Some(label) = &channel.label {
                self.text(&format!("{p}.label"), label, MAX_SHORT_TEXT_CHARS);
            }
        }
    }

    fn id(&mut self, path: &str, id: &str, seen: &mut HashMap<String, String>) {
        if !is_slug(id) || id.len() > MAX_ID_CHARS {
            self.report(path, format!("{id:?} is not an id: use 1 to {MAX_ID_CHARS} of a-z, 0-9, - and _"));
        } else if let Some(first) = seen.get(id) {
            self.report(path, format!("duplicate id {id:?} (first used at {first})"));
        } else {
            seen.insert(id.to_owned(), path.to_owned());
        }
    }

    fn timestamp(&mut self, path: &str, t: &crate::datetime::Timestamp) -> Option<i64> {
        let parsed = t.parse().map(|i| i.unix_seconds);
        if parsed.is_none() {
            self.report(path, format!("{:?} is not an RFC 3339 timestamp with offset, e.g. \"2026-11-03T14:05:00+01:00\"", t.as_str()));
        }
        parsed
    }

    fn web_link(&mut self, path: &str, url: &str) {
        match safe_href(url) {
            Err(problem) => self.report(path, format!("{}: {url:?}", problem.describe())),
            Ok(_) if !url.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http")) => {
                self.report(path, format!("must be an http or https link: {url:?}"));
            }
            Ok(_) => {}
        }
    }

    fn text(&mut self, path: &str, text: &Text, max_chars: usize) {
        match text {
            Text::Plain(s) => self.text_value(path, s, max_chars),
            Text::Translated(map) => {
                if map.is_empty() {
                    self.report(path, "translations are empty");
                    return;
                }
                self.language_count(path, map.len());
                if !map.contains_key(&self.feed.default_language) {
                    self.report(path, format!("has no text in the default language {:?}", self.feed.default_language));
                }
                for (lang, s) in map {
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

fn is_slug(s: &str) -> bool {
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
