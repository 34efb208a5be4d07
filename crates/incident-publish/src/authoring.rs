//! Editing feeds: a starter feed and appending an update. Pure functions
//! from feed text to feed text; reading and writing files (atomically) and
//! the clock are the CLI's (`incident-feed-cli`).
//!
//! Edits work on the JSON value rather than on [`Feed`](incident_feed::Feed), so that fields this
//! version does not know (a newer feed's) survive, and key order stays as the
//! author wrote it (this crate turns on serde_json's `preserve_order`).

use serde_json::{json, Map, Value};

use incident_feed::datetime::Timestamp;
use incident_feed::model::{Impact, IncidentStatus, StatusLevel};
use incident_feed::statuspage::slugify;
use incident_feed::texts::Lang;
use incident_feed::validate::MAX_ID_CHARS;
use incident_feed::validate::{parse_feed, Problems};

/// Pretty JSON with a trailing newline, the way feeds are written.
pub fn to_feed_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// A valid starter feed in German (`de`) or English (anything else).
///
/// JSON has no comments, so the placeholders explain themselves: every text
/// says what to put there, and the example domains are `.example`.
pub fn starter_feed(lang: &str, now: &Timestamp) -> String {
    let de = Lang::for_tag(lang) == Lang::De;
    let t = |de_text: &str, en_text: &str| if de { de_text.to_owned() } else { en_text.to_owned() };
    let value = json!({
        "version": 1,
        "organisation": {
            "name": t("Ihr Firmenname (bitte ersetzen)", "Your organisation's name (please replace)"),
            "url": "https://www.ihre-firma.example/"
        },
        "updated_at": now.as_str(),
        "default_language": if de { "de" } else { "en" },
        "refresh_seconds": 120,
        "status": {
            "level": "operational",
            "headline": t(
                "Alle Dienste laufen normal. (Diese Zeile ist die Überschrift oben im Widget.)",
                "All services are running normally. (This line is the headline at the top of the widget.)"
            )
        },
        "incidents": [],
        "services": [
            {
                "id": "telefon",
                "name": t("Telefon-Hotline (Beispiel-Dienst: Name und Status anpassen)", "Telephone hotline (example service: adjust name and status)"),
                "status": "operational"
            },
            {
                "id": "kundenportal",
                "name": t("Kundenportal (Beispiel-Dienst)", "Customer portal (example service)"),
                "status": "operational"
            }
        ],
        "advice": [
            t(
                "Hier stehen Hinweise, was Kundinnen und Kunden jetzt tun sollen. Wir fragen nie am Telefon nach Passwörtern.",
                "Advice goes here: what customers should do now. We never ask for passwords on the phone."
            )
        ],
        "faq": [
            {
                "id": "was-ist-passiert",
                "question": t("Was ist passiert? (Beispielfrage)", "What happened? (example question)"),
                "answer": t(
                    "Hier steht die Antwort. Absätze trennen Sie durch eine Leerzeile.",
                    "The answer goes here. Separate paragraphs with a blank line."
                ),
                "keywords": [t("Störung", "outage")]
            }
        ],
        "contacts": [
            {
                "id": "hotline",
                "label": t("Service-Hotline (Nummer ersetzen)", "Service hotline (replace the number)"),
                "phone": "+49 201 1234567",
                "hours": t("Mo–Fr 8–18 Uhr", "Mon–Fri 8am–6pm")
            }
        ],
        "channels": [
            { "kind": "web", "url": "https://www.ihre-firma.example/aktuelles" }
        ]
    });
    to_feed_json(&value)
}

/// The guide printed after `incident-feed new`.
pub fn starter_guide(lang: &str, file: &str) -> String {
    if Lang::for_tag(lang) == Lang::De {
        format!(
            "Startvorlage geschrieben: {file}\n\
             1. Ersetzen Sie alle Texte mit \"(bitte ersetzen)\", \"(Beispiel…)\" sowie die .example-Adressen und die Telefonnummer.\n\
             2. Prüfen:            incident-feed validate {file}\n\
             3. Meldung anlegen:   incident-feed add-update {file} --new-incident \"Störung …\" --status investigating --text \"…\"\n\
             4. Signieren:         incident-feed sign {file} --key feed-signing.key\n"
        )
    } else {
        format!(
            "Starter feed written: {file}\n\
             1. Replace every text marked \"(please replace)\" or \"(example …)\", the .example addresses and the phone number.\n\
             2. Check it:          incident-feed validate {file}\n\
             3. Report something:  incident-feed add-update {file} --new-incident \"Outage …\" --status investigating --text \"…\"\n\
             4. Sign it:           incident-feed sign {file} --key feed-signing.key\n"
        )
    }
}

/// What `add-update` should do.
#[derive(Clone, Debug)]
pub struct NewUpdate {
    pub status: IncidentStatus,
    /// The update's body in `lang`.
    pub text: String,
    /// Further translations of the body, `(language, text)`.
    pub translations: Vec<(String, String)>,
    pub title: Option<String>,
    /// Language of `text` and `title`; the feed's default language when `None`.
    pub lang: Option<String>,
    /// The incident to update; when `None`, the one open incident.
    pub incident: Option<String>,
    /// Open a new incident with this title instead of updating one.
    pub new_incident: Option<String>,
    /// Impact of a new incident.
    pub impact: Impact,
    /// Also set the overall status level…
    pub level: Option<StatusLevel>,
    /// …and headline.
    pub headline: Option<String>,
    /// When the update is published.
    pub at: Timestamp,
    /// The promise of the next update (`next_update_by`).
    pub next_update: Promise,
    /// The feed's `expires_at`: `None` leaves it as it is, `Some(None)`
    /// removes it, `Some(Some(t))` sets it.
    pub expires_at: Option<Option<Timestamp>>,
}

/// What an update does to the incident's promise of the next update.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Promise {
    /// Keep a promise that is still ahead of this update; one this update
    /// keeps (at or before its time) is removed, as is any promise of an
    /// update that resolves or completes the incident.
    #[default]
    KeepIfAhead,
    /// Remove it (`--next-update none`).
    Clear,
    /// Promise the next update by this time.
    By(Timestamp),
}

/// `--next-update HH:MM`: the next such wall-clock time after `after` (Unix
/// seconds) at `offset_minutes`, as RFC 3339 in that offset. `HH:MM` may
/// carry its own offset (`14:00+01:00`, `14:00Z`). `None` for anything else.
///
/// ```
/// use incident_publish::authoring::next_time_of_day;
/// let at = incident_feed::datetime::parse_rfc3339("2026-11-10T16:30:00+01:00").unwrap().unix_seconds;
/// assert_eq!(next_time_of_day("18:00", at, 60).unwrap().as_str(), "2026-11-10T18:00:00+01:00");
/// assert_eq!(next_time_of_day("09:00", at, 60).unwrap().as_str(), "2026-11-11T09:00:00+01:00");
/// assert_eq!(next_time_of_day("17:00Z", at, 60).unwrap().as_str(), "2026-11-10T17:00:00Z");
/// assert!(next_time_of_day("25:00", at, 60).is_none());
/// ```
pub fn next_time_of_day(hhmm: &str, after: i64, offset_minutes: i32) -> Option<Timestamp> {
    let (clock, zone) = hhmm.split_at(hhmm.len().min(5));
    let offset = match zone {
        "" => offset_minutes,
        _ => incident_feed::datetime::parse_rfc3339(&format!("2000-01-01T00:00:00{zone}"))?.offset_minutes,
    };
    let b = clock.as_bytes();
    if b.len() != 5 || b[2] != b':' || !clock[..2].bytes().chain(clock[3..].bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hour, minute): (i64, i64) = (clock[..2].parse().ok()?, clock[3..].parse().ok()?);
    if hour > 23 || minute > 59 {
        return None;
    }
    let shift = i64::from(offset) * 60;
    let local_day = (after + shift).div_euclid(86_400) * 86_400;
    let mut t = local_day + hour * 3600 + minute * 60 - shift;
    if t <= after {
        t += 86_400;
    }
    Some(Timestamp::new(incident_feed::datetime::format_rfc3339(t, offset)))
}

/// Why an update could not be added.
#[derive(Debug, PartialEq, Eq)]
pub enum AddUpdateError {
    /// The feed was invalid before the change.
    InvalidBefore(Problems),
    /// The change would make the feed invalid (e.g. a clock behind the last update).
    InvalidAfter(Problems),
    /// Which incident to update is unclear or unknown.
    Incident(String),
}

impl std::fmt::Display for AddUpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddUpdateError::InvalidBefore(p) => write!(f, "the feed is not valid; fix it first:\n{p}"),
            AddUpdateError::InvalidAfter(p) => write!(f, "the update would make the feed invalid, nothing written:\n{p}"),
            AddUpdateError::Incident(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for AddUpdateError {}

/// Appends an update to the feed text and returns the new feed text (validated)
/// and the id of the new update.
pub fn add_update(feed_json: &str, update: &NewUpdate) -> Result<(String, String), AddUpdateError> {
    let feed = parse_feed(feed_json).map_err(AddUpdateError::InvalidBefore)?;
    let mut value: Value = serde_json::from_str(feed_json.strip_prefix('\u{feff}').unwrap_or(feed_json)).expect("parse_feed accepted it");
    let lang = update.lang.clone().unwrap_or_else(|| feed.default_language.clone());
    let text_value = |main: &str, extra: &[(String, String)]| -> Value {
        if extra.is_empty() && lang == feed.default_language {
            Value::String(main.to_owned())
        } else {
            let mut map = Map::new();
            map.insert(lang.clone(), Value::String(main.to_owned()));
            for (l, t) in extra {
                map.insert(l.clone(), Value::String(t.clone()));
            }
            Value::Object(map)
        }
    };

    let incidents = value.as_object_mut().expect("a feed is an object").entry("incidents").or_insert_with(|| json!([]));
    let incidents = incidents.as_array_mut().expect("validated: incidents is an array");
    let index = if let Some(title) = &update.new_incident {
        let mut id = slugify(&format!("{}-{}", &update.at.as_str()[..update.at.as_str().len().min(10)], title));
        id.truncate(MAX_ID_CHARS - 4);
        let id = unique(&id, |c| feed.incidents.iter().any(|i| i.id == c));
        incidents.push(json!({
            "id": id,
            "title": text_value(title, &[]),
            "status": update.status,
            "impact": update.impact,
            "started_at": update.at.as_str(),
            "updates": []
        }));
        incidents.len() - 1
    } else if let Some(id) = &update.incident {
        feed.incidents.iter().position(|i| &i.id == id).ok_or_else(|| {
            let known: Vec<&str> = feed.incidents.iter().map(|i| i.id.as_str()).collect();
            AddUpdateError::Incident(format!("no incident {id:?} in the feed (it has: {})", known.join(", ")))
        })?
    } else {
        let open: Vec<usize> = feed.incidents.iter().enumerate().filter(|(_, i)| i.status.is_open()).map(|(n, _)| n).collect();
        match open.as_slice() {
            [one] => *one,
            [] => return Err(AddUpdateError::Incident("no open incident: pass --new-incident \"TITLE\" to open one, or --incident ID".into())),
            many => {
                let ids: Vec<&str> = many.iter().map(|n| feed.incidents[*n].id.as_str()).collect();
                return Err(AddUpdateError::Incident(format!("several open incidents, pass --incident with one of: {}", ids.join(", "))));
            }
        }
    };

    let status_word = serde_json::to_value(update.status).expect("status serialises");
    let update_id = {
        let stamp: String = update.at.as_str().chars().filter(char::is_ascii_digit).take(12).collect();
        let base = format!("{stamp}-{}", status_word.as_str().unwrap_or("update").replace('_', "-"));
        unique(&base, |c| feed.incidents.iter().flat_map(|i| &i.updates).any(|u| u.id == c))
    };
    let incident = incidents[index].as_object_mut().expect("validated: an incident is an object");
    let mut new = Map::new();
    new.insert("id".into(), Value::String(update_id.clone()));
    new.insert("at".into(), Value::String(update.at.as_str().to_owned()));
    new.insert("status".into(), status_word.clone());
    if let Some(title) = &update.title {
        new.insert("title".into(), text_value(title, &[]));
    }
    new.insert("body".into(), text_value(&update.text, &update.translations));
    incident.entry("updates").or_insert_with(|| json!([])).as_array_mut().expect("validated").push(Value::Object(new));
    incident.insert("status".into(), status_word);
    if update.status.is_open() {
        incident.remove("resolved_at");
    } else if !incident.contains_key("resolved_at") {
        incident.insert("resolved_at".into(), Value::String(update.at.as_str().to_owned()));
    }
    match &update.next_update {
        Promise::By(t) => {
            incident.insert("next_update_by".into(), Value::String(t.as_str().to_owned()));
        }
        Promise::Clear => {
            incident.remove("next_update_by");
        }
        Promise::KeepIfAhead => {
            let ahead = feed.incidents.get(index).and_then(|i| i.next_update_by.as_ref()).is_some_and(|t| t.unix_seconds() > update.at.unix_seconds());
            if !ahead || !update.status.is_open() {
                incident.remove("next_update_by");
            }
        }
    }

    let root = value.as_object_mut().expect("a feed is an object");
    root.insert("updated_at".into(), Value::String(update.at.as_str().to_owned()));
    match &update.expires_at {
        Some(Some(t)) => {
            root.insert("expires_at".into(), Value::String(t.as_str().to_owned()));
        }
        Some(None) => {
            root.remove("expires_at");
        }
        None => {}
    }
    if update.level.is_some() || update.headline.is_some() {
        let status = root.get_mut("status").and_then(Value::as_object_mut).expect("validated: status is an object");
        if let Some(level) = update.level {
            status.insert("level".into(), serde_json::to_value(level).expect("level serialises"));
        }
        if let Some(headline) = &update.headline {
            status.insert("headline".into(), text_value(headline, &[]));
        }
    }
    let text = to_feed_json(&value);
    parse_feed(&text).map_err(AddUpdateError::InvalidAfter)?;
    Ok((text, update_id))
}

/// `base`, or `base-2`, `base-3`, … whichever is not `taken`.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|c| !taken(c)).expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn update(status: IncidentStatus, at: &str) -> NewUpdate {
        NewUpdate {
            status,
            text: "Die E-Mail funktioniert wieder.".into(),
            translations: vec![("en".into(), "Email works again.".into())],
            title: None,
            lang: None,
            incident: None,
            new_incident: None,
            impact: Impact::Major,
            level: None,
            headline: None,
            at: Timestamp::new(at),
            next_update: Promise::KeepIfAhead,
            expires_at: None,
        }
    }

    #[test]
    fn an_update_sets_keeps_or_clears_the_promise_of_the_next() {
        let by = |text: &str| parse_feed(text).unwrap().incidents[0].next_update_by.clone().map(|t| t.as_str().to_owned());
        let mut u = update(IncidentStatus::Monitoring, "2026-11-10T17:00:00+01:00");
        u.next_update = Promise::By(Timestamp::new("2026-11-10T19:00:00+01:00"));
        let (text, _) = add_update(&example("cyberangriff.json"), &u).unwrap();
        assert_eq!(by(&text).as_deref(), Some("2026-11-10T19:00:00+01:00"));
        // An interim update before the promised time keeps it…
        let (kept, _) = add_update(&text, &update(IncidentStatus::Monitoring, "2026-11-10T18:00:00+01:00")).unwrap();
        assert_eq!(by(&kept).as_deref(), Some("2026-11-10T19:00:00+01:00"));
        // …one at or after it keeps the promise, which then goes.
        let (done, _) = add_update(&kept, &update(IncidentStatus::Monitoring, "2026-11-10T19:00:00+01:00")).unwrap();
        assert_eq!(by(&done), None);
        // Resolving removes it; so does --next-update none.
        assert_eq!(by(&add_update(&text, &update(IncidentStatus::Resolved, "2026-11-10T18:00:00+01:00")).unwrap().0), None);
        let mut clear = update(IncidentStatus::Monitoring, "2026-11-10T18:00:00+01:00");
        clear.next_update = Promise::Clear;
        assert_eq!(by(&add_update(&text, &clear).unwrap().0), None);
        // A promise before the update itself is refused with its path.
        let mut past = update(IncidentStatus::Monitoring, "2026-11-10T18:00:00+01:00");
        past.next_update = Promise::By(Timestamp::new("2026-11-10T17:30:00+01:00"));
        let err = add_update(&text, &past).unwrap_err();
        assert!(err.to_string().contains("$.incidents[0].next_update_by"), "{err}");
    }

    #[test]
    fn an_update_sets_or_removes_expires_at() {
        let mut u = update(IncidentStatus::Monitoring, "2026-11-10T17:00:00+01:00");
        u.expires_at = Some(Some(Timestamp::new("2026-11-11T08:00:00+01:00")));
        let (text, _) = add_update(&example("cyberangriff.json"), &u).unwrap();
        assert_eq!(parse_feed(&text).unwrap().expires_at.map(|t| t.as_str().to_owned()).as_deref(), Some("2026-11-11T08:00:00+01:00"));
        // Left as it is, an expiry the new update passes is refused, not dropped silently.
        let err = add_update(&text, &update(IncidentStatus::Monitoring, "2026-11-11T09:00:00+01:00")).unwrap_err();
        assert!(err.to_string().contains("$.expires_at"), "{err}");
        let mut remove = update(IncidentStatus::Monitoring, "2026-11-11T09:00:00+01:00");
        remove.expires_at = Some(None);
        assert_eq!(parse_feed(&add_update(&text, &remove).unwrap().0).unwrap().expires_at, None);
    }

    #[test]
    fn starter_feeds_are_valid_in_both_languages() {
        // The CLI checks the same with the clock's time (`incident_feed_cli::now`).
        let now = || Timestamp::new("2026-11-01T08:00:00Z");
        for lang in ["de", "en"] {
            let text = starter_feed(lang, &now());
            let feed = parse_feed(&text).unwrap_or_else(|p| panic!("{lang}: {p}"));
            assert_eq!(feed.default_language, lang);
        }
        assert!(starter_feed("de", &now()).contains("bitte ersetzen"));
    }

    #[test]
    fn appends_to_the_open_incident_and_bumps_updated_at() {
        let before = example("cyberangriff.json");
        let (after, id) = add_update(&before, &update(IncidentStatus::Resolved, "2026-11-12T09:00:00Z")).unwrap();
        let feed = parse_feed(&after).unwrap();
        assert_eq!(feed.updated_at.as_str(), "2026-11-12T09:00:00Z");
        let incident = &feed.incidents[0];
        assert_eq!(incident.status, IncidentStatus::Resolved);
        assert_eq!(incident.resolved_at.as_ref().map(Timestamp::as_str), Some("2026-11-12T09:00:00Z"));
        let last = incident.updates.last().unwrap();
        assert_eq!(last.id, id);
        assert_eq!(id, "202611120900-resolved");
        assert_eq!(last.body.get("en", "de"), "Email works again.");
        assert_eq!(last.body.get("de", "de"), "Die E-Mail funktioniert wieder.");
        // Key order is kept: "version" still comes first.
        assert!(after.trim_start().starts_with("{\n  \"version\": 1,"));
    }

    #[test]
    fn keeps_fields_it_does_not_know() {
        let before = example("cyberangriff.json").replacen("\"version\": 1,", "\"version\": 1,\n  \"x_future_field\": {\"a\": 1},", 1);
        let (after, _) = add_update(&before, &update(IncidentStatus::Monitoring, "2026-11-12T09:00:00Z")).unwrap();
        assert!(after.contains("x_future_field"));
    }

    #[test]
    fn refuses_an_update_older_than_the_last_one() {
        let before = example("cyberangriff.json");
        let err = add_update(&before, &update(IncidentStatus::Monitoring, "2026-11-01T09:00:00Z")).unwrap_err();
        assert!(matches!(err, AddUpdateError::InvalidAfter(_)), "{err}");
    }

    #[test]
    fn opens_a_new_incident_when_asked() {
        let before = starter_feed("en", &Timestamp::new("2026-11-01T08:00:00Z"));
        let mut u = update(IncidentStatus::Investigating, "2026-11-01T09:00:00Z");
        assert!(matches!(add_update(&before, &u), Err(AddUpdateError::Incident(_))));
        u.new_incident = Some("Telefon gestört!".into());
        u.level = Some(StatusLevel::PartialOutage);
        let (after, _) = add_update(&before, &u).unwrap();
        let feed = parse_feed(&after).unwrap();
        assert_eq!(feed.incidents[0].id, "2026-11-01-telefon-gestoert");
        assert_eq!(feed.status.level, StatusLevel::PartialOutage);
        // A second update goes to the now single open incident.
        let (again, _) = add_update(&after, &update(IncidentStatus::Identified, "2026-11-01T10:00:00Z")).unwrap();
        assert_eq!(parse_feed(&again).unwrap().incidents[0].updates.len(), 2);
    }
}
