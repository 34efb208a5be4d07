//! Reading and checking a feed, reporting every problem with its JSON path.
//!
//! A feed is written by hand under stress, so one error at a time is not
//! good enough: [`parse_feed`] reports all of them in one run. It works in
//! phases, each of which reports everything it finds:
//!
//! 1. size, JSON syntax (with line and column) and `version`;
//! 2. shape (types, required fields): an element that does not fit is set
//!    aside and the rest is read again, so every bad element is named;
//! 3. meaning (ids, timestamps, order, links, phone numbers, sizes) — run
//!    when the shape is right, because positions would not match otherwise.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::links::{self, safe_href};
use crate::model::*;
use crate::phone;

/// Largest feed accepted, in bytes (8 MiB): 5,000 FAQ entries in two
/// languages plus 1,000 updates fit (the large-feed benchmark is 5–6 MiB),
/// and a runaway file is refused before it is parsed.
pub const MAX_FEED_BYTES: usize = 8 * 1024 * 1024;
/// Longest id (a slug of `a-z`, `0-9`, `-`, `_`).
pub const MAX_ID_CHARS: usize = 64;
/// Headlines, titles, names, labels, questions, hours, keywords' owners.
pub const MAX_SHORT_TEXT_CHARS: usize = 300;
/// Notes and advice items.
pub const MAX_MEDIUM_TEXT_CHARS: usize = 2_000;
/// Update bodies and FAQ answers.
pub const MAX_LONG_TEXT_CHARS: usize = 20_000;
pub const MAX_LANGUAGES: usize = 20;
pub const MAX_INCIDENTS: usize = 100;
pub const MAX_UPDATES_PER_INCIDENT: usize = 1_000;
pub const MAX_FAQ_ENTRIES: usize = 5_000;
pub const MAX_SERVICES: usize = 100;
pub const MAX_ADVICE: usize = 50;
pub const MAX_CONTACTS: usize = 50;
pub const MAX_CHANNELS: usize = 30;
pub const MAX_KEYWORDS: usize = 50;
pub const MAX_KEYWORD_CHARS: usize = 100;
/// Shape problems reported before giving up on a badly broken file.
#[cfg(feature = "paths")]
const MAX_SHAPE_PROBLEMS: usize = 200;

/// What kind of problem, so that a client can pick the right message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is larger than [`MAX_FEED_BYTES`].
    TooLarge,
    /// Not JSON at all (or JSON followed by garbage).
    Syntax,
    /// A `version` this software does not understand.
    UnsupportedVersion,
    /// Wrong type or missing field.
    Shape,
    /// Well-formed but wrong: duplicate ids, bad timestamps, unsafe links, …
    Invalid,
}

/// One problem in a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// JSONPath of the offending value, e.g. `$.faq[3].id`.
    pub path: String,
    pub message: String,
    /// 1-based line and column, for syntax errors.
    pub line_column: Option<(usize, usize)>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Every problem found in one feed; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The most telling kind: what a reader of the widget should be told.
    pub fn kind(&self) -> ProblemKind {
        self.0.first().map(|p| p.kind).unwrap_or(ProblemKind::Invalid)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Reads and checks a feed.
///
/// ```
/// let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
/// let feed = incident_feed::validate::parse_feed(&json).unwrap();
/// assert_eq!(feed.version, 1);
/// ```
pub fn parse_feed(json: &str) -> Result<Feed, Problems> {
    let one = |kind, path: &str, message: String, line_column| Problems(vec![Problem { kind, path: path.into(), message, line_column }]);
    if json.len() > MAX_FEED_BYTES {
        return Err(one(ProblemKind::TooLarge, "$", format!("feed is {} bytes, more than the limit of {MAX_FEED_BYTES}", json.len()), None));
    }
    // A byte order mark is what some editors write; it is not an error worth failing a feed for.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value = serde_json::from_str(json).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        one(ProblemKind::Syntax, "$", format!("not valid JSON: {message}"), Some((e.line(), e.column())))
    })?;
    check_version(&value).map_err(|p| Problems(vec![p]))?;

    let feed = read_shape(value).map_err(Problems)?;
    let semantic = check_feed(&feed);
    if semantic.is_empty() {
        Ok(feed)
    } else {
        Err(Problems(semantic))
    }
}

/// Reads the feed's shape, naming every misfit element by its path: an
/// element that does not fit is set aside and the rest is read again.
#[cfg(feature = "paths")]
fn read_shape(mut value: Value) -> Result<Feed, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut set_aside = SetAside::default();
    loop {
        match serde_path_to_error::deserialize::<_, Feed>(&value) {
            Ok(feed) if problems.is_empty() => return Ok(feed),
            Ok(_) => return Err(problems),
            Err(err) => {
                let segments = segments_of(err.path());
                let original = set_aside.original_segments(&segments);
                let (path, message) = describe_shape_error(&original, &err.inner().to_string());
                let removed = remove_deepest_element(&mut value, &segments);
                if removed {
                    set_aside.record(&original);
                }
                problems.push(Problem { kind: ProblemKind::Shape, path, message, line_column: None });
                if !removed || problems.len() >= MAX_SHAPE_PROBLEMS {
                    return Err(problems);
                }
            }
        }
    }
}

/// Without the `paths` feature (the widget's build, where every KB counts) a
/// misfit is reported once, without its path: the reader sees "broken feed"
/// either way, and `incident-feed validate` names every problem.
#[cfg(not(feature = "paths"))]
fn read_shape(value: Value) -> Result<Feed, Vec<Problem>> {
    use serde::Deserialize;
    Feed::deserialize(value).map_err(|e| {
        let message = format!("{e} (run `incident-feed validate` to see every problem with its path)");
        vec![Problem { kind: ProblemKind::Shape, path: "$".into(), message, line_column: None }]
    })
}

fn check_version(value: &Value) -> Result<(), Problem> {
    let supported = SUPPORTED_VERSIONS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let problem = |message: String| Problem { kind: ProblemKind::UnsupportedVersion, path: "$.version".into(), message, line_column: None };
    let Some(object) = value.as_object() else {
        return Err(Problem { kind: ProblemKind::Shape, path: "$".into(), message: "a feed must be a JSON object".into(), line_column: None });
    };
    match object.get("version") {
        None => Err(problem(format!("missing; this software understands version {supported}"))),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| SUPPORTED_VERSIONS.iter().any(|s| u64::from(*s) == v)) => Ok(()),
        Some(other) => Err(problem(format!("unsupported version {other}; this software understands version {supported}"))),
    }
}

#[cfg(feature = "paths")]
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

#[cfg(feature = "paths")]
fn segments_of(path: &serde_path_to_error::Path) -> Vec<Segment> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

#[cfg(feature = "paths")]
fn json_path(segments: &[Segment]) -> String {
    let mut path = String::from("$");
    for s in segments {
        match s {
            Segment::Key(k) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                path.push('.');
                path.push_str(k);
            }
            Segment::Key(k) => path.push_str(&format!("[{}]", Value::String(k.clone()))),
            Segment::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// Turns serde's wording into a path and a message a communications team can act on.
#[cfg(feature = "paths")]
fn describe_shape_error(segments: &[Segment], serde_message: &str) -> (String, String) {
    let message = serde_message.split(" at line ").next().unwrap_or(serde_message);
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        let mut with_field = segments.to_vec();
        with_field.push(Segment::Key(field.to_owned()));
        return (json_path(&with_field), "required field is missing".into());
    }
    let message = if message.contains("untagged enum Text") {
        "expected a text: a string, or an object mapping language codes to strings".to_owned()
    } else {
        message.replace('`', "\"")
    };
    (json_path(segments), message)
}

/// Array elements already set aside, so that later problems are reported at
/// their positions in the original file rather than in the shortened copy.
#[cfg(feature = "paths")]
#[derive(Default)]
struct SetAside {
    /// Original-coordinates path of an array → original indices removed from it, sorted.
    removed: HashMap<String, Vec<usize>>,
}

#[cfg(feature = "paths")]
impl SetAside {
    fn original_segments(&self, current: &[Segment]) -> Vec<Segment> {
        let mut original = Vec::with_capacity(current.len());
        for s in current {
            match s {
                Segment::Index(i) => {
                    let mut index = *i;
                    if let Some(gone) = self.removed.get(&json_path(&original)) {
                        for r in gone {
                            if *r <= index {
                                index += 1;
                            }
                        }
                    }
                    original.push(Segment::Index(index));
                }
                key => original.push(key.clone()),
            }
        }
        original
    }

    fn record(&mut self, original: &[Segment]) {
        if let Some(cut) = original.iter().rposition(|s| matches!(s, Segment::Index(_))) {
            if let Segment::Index(i) = original[cut] {
                let list = self.removed.entry(json_path(&original[..cut])).or_default();
                let at = list.partition_point(|r| *r < i);
                list.insert(at, i);
            }
        }
    }
}

/// Sets aside the innermost array element (or, outside arrays, the field) that
/// failed, so that the next pass can find the next problem. Returns false when
/// nothing could be removed (the problem is at the top of the feed).
#[cfg(feature = "paths")]
fn remove_deepest_element(value: &mut Value, segments: &[Segment]) -> bool {
    let cut = segments.iter().rposition(|s| matches!(s, Segment::Index(_)));
    let (parent, last) = match cut {
        Some(i) => (&segments[..i], &segments[i]),
        None if segments.len() >= 2 => (&segments[..segments.len() - 1], &segments[segments.len() - 1]),
        None => return false,
    };
    let mut node = value;
    for s in parent {
        node = match (s, node) {
            (Segment::Key(k), Value::Object(map)) => match map.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Segment::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Segment::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Segment::Key(k), Value::Object(map)) => map.remove(k).is_some(),
        _ => false,
    }
}

/// The checks on a well-shaped feed that its types cannot express.
pub fn check_feed(feed: &Feed) -> Vec<Problem> {
    let mut c = Checker { feed, problems: Vec::new() };
    c.run();
    c.problems
}

struct Checker<'a> {
    feed: &'a Feed,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { kind: ProblemKind::Invalid, path: path.into(), message: message.into(), line_column: None });
    }

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
                let n = keyword.chars().count();
                if keyword.trim().is_empty() || n > MAX_KEYWORD_CHARS {
                    self.report(format!("{p}.keywords[{k}]"), format!("keyword must have 1 to {MAX_KEYWORD_CHARS} characters (has {n})"));
                }
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
                if phone::to_e164(number).is_none() {
                    self.report(
                        format!("{p}.phone"),
                        format!("{number:?} cannot be turned into a tel: link (write it with area code, e.g. \"0201 1234567\" or \"+49 201 1234567\")"),
                    );
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

    fn list_size(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.report(path, format!("has {len} entries, more than the limit of {max}"));
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
                if map.len() > MAX_LANGUAGES {
                    self.report(path, format!("has {} languages, more than the limit of {MAX_LANGUAGES}", map.len()));
                }
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

    fn text_value(&mut self, path: &str, s: &str, max_chars: usize) {
        let n = s.chars().count();
        if s.trim().is_empty() {
            self.report(path, "text is empty");
        } else if n > max_chars {
            self.report(path, format!("text has {n} characters, more than the limit of {max_chars}"));
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

#[cfg(test)]
mod tests;
