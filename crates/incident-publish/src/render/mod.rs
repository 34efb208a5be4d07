//! The static fallback page: the feed as one complete HTML document without
//! JavaScript, for `<noscript>`, for crawlers, and for hosting where the
//! widget cannot run.
//!
//! The feed is untrusted (see [`incident_feed::links`]): every text is escaped, and
//! only links that [`safe_href`], [`tel_uri`] and [`mailto`] accept become
//! `href`s; anything else is shown as plain text. Class names use the
//! widget's `is-` prefix, so the widget's stylesheet can style this page too.
//!
//! Every feed text is isolated from the page's own words: inline in a
//! `<bdi>` ([`isolated`]), and an element that holds nothing but feed text
//! (a paragraph, the headline, an advice item) with `dir="auto"`. Then
//! right-to-left text and bidi controls (U+202E and friends) in the feed
//! take their direction from their own text and cannot reorder the page's
//! words or another text next to them ("Telefon: " and its number).

use std::fmt::Write as _;

use incident_feed::datetime::{format_date_time, Timestamp};
use incident_feed::links::{mailto, safe_href};
use incident_feed::model::*;
use incident_feed::phone::tel_uri;
use incident_feed::promise::NextUpdate;
use incident_feed::texts::{fill, paragraphs, Lang, Texts};

/// The stylesheet embedded when no other is given: small, readable, high
/// contrast, and working without any class from the widget.
pub const DEFAULT_CSS: &str = include_str!("page.css");

/// Renders the whole page in `lang`. `css` replaces [`DEFAULT_CSS`]; it is
/// the operator's own file, so it is embedded as is (only `</style` is
/// neutralised so that it cannot end the element early).
///
/// ```
/// # let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
/// let feed = incident_feed::parse_feed(&json).unwrap();
/// let html = incident_publish::render::render_page(&feed, "de", None);
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"de\">"));
/// ```
pub fn render_page(feed: &Feed, lang: &str, css: Option<&str>) -> String {
    render_page_at(feed, lang, css, feed.updated_at.unix_seconds())
}

/// [`render_page`] as of `now` (Unix seconds; [`render_page`] takes the
/// feed's `updated_at`, the page as published): the next update's promise,
/// or that it is overdue, and whether the feed is past its `expires_at`,
/// are said as they stand then, since a static page cannot change by itself.
/// The promise shows its machine-readable time in a `<time datetime>`.
pub fn render_page_at(feed: &Feed, lang: &str, css: Option<&str>, now: i64) -> String {
    let r = Renderer { feed, lang, dl: &feed.default_language, words: Lang::for_tag(lang).texts(), now };
    r.page(css.unwrap_or(DEFAULT_CSS))
}

pub use crate::escape::html as escape;

/// Feed text escaped and isolated in a `<bdi>`, for feed text inline with
/// the page's own words: its direction comes from its own first strong
/// character, and nothing in it (right-to-left letters, U+202E) reaches
/// past it.
///
/// ```
/// assert_eq!(incident_publish::render::isolated("\u{202e}<b>"), "<bdi>\u{202e}&lt;b&gt;</bdi>");
/// ```
pub fn isolated(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

struct Renderer<'a> {
    feed: &'a Feed,
    lang: &'a str,
    dl: &'a str,
    /// The widget's own words ([`Texts`]): the page says what the widget says.
    words: &'static Texts,
    /// When the page is built, for the promise and the expiry.
    now: i64,
}

impl Renderer<'_> {
    fn t<'t>(&self, text: &'t Text) -> &'t str {
        text.get(self.lang, self.dl)
    }

    /// A `<time>` with the machine-readable instant and the date as written
    /// in the feed's offset (no browser here to tell the reader's zone).
    fn time(&self, ts: &Timestamp) -> String {
        match ts.parse() {
            Some(i) => {
                let zone = match i.offset_minutes {
                    0 => "UTC".to_owned(),
                    m => format!("UTC{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60),
                };
                let shown = format_date_time(i.unix_seconds, i.offset_minutes, &zone, self.lang);
                format!("<time datetime=\"{}\">{}</time>", escape(ts.as_str()), escape(&shown))
            }
            None => escape(ts.as_str()),
        }
    }

    /// Plain text to paragraphs by the widget's rule ([`paragraphs`]: a
    /// blank line separates paragraphs); a single newline breaks the line.
    fn paragraphs(&self, text: &str, out: &mut String) {
        for range in paragraphs(text) {
            let lines: Vec<String> = text[range].trim().lines().map(escape).collect();
            let _ = writeln!(out, "<p dir=\"auto\">{}</p>", lines.join("<br>\n"));
        }
    }

    fn page(&self, css: &str) -> String {
        let f = self.feed;
        let w = self.words;
        let org = self.t(&f.organisation.name);
        let headline = self.t(&f.status.headline);
        let mut h = String::with_capacity(16 * 1024);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"incident-feed\">\n\
             <title>{title} – {org}</title>\n<meta name=\"description\" content=\"{headline}\">\n<style>\n{css}\n</style>\n</head>\n<body>\n",
            lang = escape(self.lang),
            title = w.page_title,
            org = escape(org),
            headline = escape(headline),
            css = css.replace("</style", "<\\/style"),
        );
        h.push_str("<main class=\"is-root is-page\">\n");
        let _ = writeln!(h, "<header class=\"is-header is-level-{}\">", level_class(f.status.level));
        match f.organisation.url.as_deref().and_then(|u| safe_href(u).ok()) {
            Some(url) => {
                let _ = writeln!(h, "<p class=\"is-org\"><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>", escape(url), isolated(org));
            }
            None => {
                let _ = writeln!(h, "<p class=\"is-org\">{}</p>", isolated(org));
            }
        }
        let _ = writeln!(h, "<h1 class=\"is-headline\" dir=\"auto\">{}</h1>", escape(headline));
        let _ = writeln!(h, "<p class=\"is-level\"><span class=\"is-badge is-badge-{}\">{}</span></p>", level_class(f.status.level), w.level(f.status.level));
        let _ = writeln!(h, "<p class=\"is-updated\">{} {}</p>", w.updated_prefix, self.time(&f.updated_at));
        if let Some((incident, state)) = incident_feed::promise::next_update(f, self.now, true) {
            let class = if matches!(state, NextUpdate::Overdue(_)) { " is-next-update--overdue" } else { "" };
            let by = incident.next_update_by.as_ref().map(|t| self.time(t)).unwrap_or_default();
            let _ = writeln!(h, "<p class=\"is-next-update{class}\">{}</p>", w.next_update(state, &by));
        }
        if let Some(expires) = f.expires_at.as_ref().filter(|_| incident_feed::promise::is_expired(f, self.now, true)) {
            let _ = writeln!(h, "<p class=\"is-notice is-expired\">{}</p>", fill(w.feed_expired, &[("time", &self.time(expires))]));
        }
        h.push_str("</header>\n");

        self.services(&mut h);
        self.advice(&mut h);
        self.timeline(&mut h);
        self.faq(&mut h);
        self.contacts(&mut h);
        self.channels(&mut h);
        h.push_str("</main>\n");
        let _ = writeln!(h, "<footer class=\"is-footer\"><p>{}</p></footer>", w.page_noscript_note);
        h.push_str("</body>\n</html>\n");
        h
    }

    fn section_start(&self, h: &mut String, class: &str, heading: &str) {
        let _ = writeln!(h, "<section class=\"is-section is-{class}\" aria-labelledby=\"is-{class}-heading\">");
        let _ = writeln!(h, "<h2 id=\"is-{class}-heading\">{heading}</h2>");
    }

    fn services(&self, h: &mut String) {
        if self.feed.services.is_empty() {
            return;
        }
        self.section_start(h, "services", self.words.services_heading);
        h.push_str("<ul class=\"is-service-list\">\n");
        for s in &self.feed.services {
            let class = match s.status {
                ServiceStatus::Operational => "operational",
                ServiceStatus::Degraded => "degraded",
                ServiceStatus::Outage => "outage",
                ServiceStatus::Maintenance => "maintenance",
                ServiceStatus::Unknown => "unknown",
            };
            let _ = write!(
                h,
                "<li class=\"is-service is-service-{class}\" id=\"service-{}\"><span class=\"is-service-name\">{}</span> <span class=\"is-badge is-badge-{class}\">{}</span>",
                escape(&s.id),
                isolated(self.t(&s.name)),
                self.words.service_status(s.status)
            );
            if let Some(note) = &s.note {
                let _ = write!(h, "<br><span class=\"is-service-note\">{}</span>", isolated(self.t(note)));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n</section>\n");
    }

    fn advice(&self, h: &mut String) {
        if self.feed.advice.is_empty() {
            return;
        }
        self.section_start(h, "advice", self.words.advice_heading);
        h.push_str("<ul class=\"is-advice-list\">\n");
        for a in &self.feed.advice {
            let _ = writeln!(h, "<li dir=\"auto\">{}</li>", escape(self.t(a)));
        }
        h.push_str("</ul>\n</section>\n");
    }

    fn timeline(&self, h: &mut String) {
        let w = self.words;
        self.section_start(h, "timeline", w.timeline_heading);
        let incidents = self.feed.incidents_newest_first();
        if incidents.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", w.page_no_incidents);
        }
        for incident in incidents {
            let _ = writeln!(h, "<article class=\"is-incident\" id=\"incident-{}\">", escape(&incident.id));
            let kind = if incident.kind == IncidentKind::Maintenance { format!("{}: ", w.incident_kind(IncidentKind::Maintenance)) } else { String::new() };
            let _ = writeln!(h, "<h3 class=\"is-incident-title\">{kind}{}</h3>", isolated(self.t(&incident.title)));
            let _ = write!(
                h,
                "<p class=\"is-incident-meta\"><span class=\"is-badge is-badge-{}\">{}</span> {}: {}",
                if incident.status.is_open() { "open" } else { "closed" },
                w.incident_status(incident.status),
                w.started,
                self.time(&incident.started_at)
            );
            if let Some(r) = &incident.resolved_at {
                let _ = write!(h, " · {}: {}", w.resolved, self.time(r));
            }
            h.push_str("</p>\n<ol class=\"is-updates\" reversed>\n");
            for update in incident.updates.iter().rev() {
                let _ = writeln!(h, "<li class=\"is-update\" id=\"update-{}\">", escape(&update.id));
                let _ = writeln!(h, "<p class=\"is-update-meta\">{} · <strong>{}</strong></p>", self.time(&update.at), w.incident_status(update.status));
                if let Some(title) = &update.title {
                    let _ = writeln!(h, "<p class=\"is-update-title\"><strong>{}</strong></p>", isolated(self.t(title)));
                }
                h.push_str("<div class=\"is-update-body\">\n");
                self.paragraphs(self.t(&update.body), h);
                h.push_str("</div>\n</li>\n");
            }
            h.push_str("</ol>\n</article>\n");
        }
        h.push_str("</section>\n");
    }

    fn faq(&self, h: &mut String) {
        if self.feed.faq.is_empty() {
            return;
        }
        self.section_start(h, "faq", self.words.faq_heading);
        for entry in &self.feed.faq {
            let _ = writeln!(
                h,
                "<details class=\"is-faq-entry\" id=\"faq-{}\">\n<summary>{}</summary>\n<div class=\"is-faq-answer\">",
                escape(&entry.id),
                isolated(self.t(&entry.question))
            );
            self.paragraphs(self.t(&entry.answer), h);
            h.push_str("</div>\n</details>\n");
        }
        h.push_str("</section>\n");
    }

    fn contacts(&self, h: &mut String) {
        if self.feed.contacts.is_empty() {
            return;
        }
        let w = self.words;
        self.section_start(h, "contacts", w.contacts_heading);
        h.push_str("<ul class=\"is-contact-list\">\n");
        for c in &self.feed.contacts {
            let _ = writeln!(h, "<li class=\"is-contact\" id=\"contact-{}\">", escape(&c.id));
            let _ = writeln!(h, "<p class=\"is-contact-label\"><strong>{}</strong></p>", isolated(self.t(&c.label)));
            if let Some(number) = &c.phone {
                let shown = isolated(number);
                let link = match tel_uri(number) {
                    Some(uri) => format!("<a class=\"is-phone\" href=\"{}\">{shown}</a>", escape(&uri)),
                    None => shown,
                };
                let _ = writeln!(h, "<p>{}: {link}</p>", w.phone);
            }
            if let Some(address) = &c.email {
                let shown = isolated(address);
                let link = match mailto(address) {
                    Some(uri) => format!("<a href=\"{}\">{shown}</a>", escape(&uri)),
                    None => shown,
                };
                let _ = writeln!(h, "<p>{}: {link}</p>", w.email);
            }
            if let Some(url) = &c.url {
                let link = match safe_href(url) {
                    Ok(u) => format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", escape(u), isolated(u)),
                    Err(_) => isolated(url),
                };
                let _ = writeln!(h, "<p>{}: {link}</p>", w.web);
            }
            if let Some(hours) = &c.hours {
                let _ = writeln!(h, "<p>{}: {}</p>", w.hours, isolated(self.t(hours)));
            }
            if let Some(note) = &c.note {
                let _ = writeln!(h, "<p class=\"is-contact-note\" dir=\"auto\">{}</p>", escape(self.t(note)));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n</section>\n");
    }

    fn channels(&self, h: &mut String) {
        if self.feed.channels.is_empty() {
            return;
        }
        self.section_start(h, "channels", self.words.channels_heading);
        h.push_str("<ul class=\"is-channel-list\">\n");
        for ch in &self.feed.channels {
            let label = match &ch.label {
                Some(l) => self.t(l).to_owned(),
                None => self.words.channel_name(&ch.kind),
            };
            match safe_href(&ch.url) {
                Ok(url) => {
                    let _ = writeln!(
                        h,
                        "<li class=\"is-channel is-channel-{}\"><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></li>",
                        escape(&ch.kind),
                        escape(url),
                        isolated(&label)
                    );
                }
                Err(_) => {
                    let _ = writeln!(h, "<li class=\"is-channel\">{}</li>", isolated(&label));
                }
            }
        }
        h.push_str("</ul>\n</section>\n");
    }
}

fn level_index(level: StatusLevel) -> usize {
    match level {
        StatusLevel::Operational => 0,
        StatusLevel::Maintenance => 1,
        StatusLevel::Degraded => 2,
        StatusLevel::PartialOutage => 3,
        StatusLevel::MajorOutage => 4,
        // Never published (`validate` refuses it); a neutral look if it were.
        StatusLevel::Unknown => 5,
    }
}

fn level_class(level: StatusLevel) -> &'static str {
    ["operational", "maintenance", "degraded", "partial-outage", "major-outage", "unknown"][level_index(level)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(name: &str) -> Feed {
        let json = std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        incident_feed::parse_feed(&json).unwrap()
    }

    #[test]
    fn the_promise_is_said_as_of_the_build_with_its_machine_readable_time() {
        let mut f = feed("cyberangriff.json");
        f.incidents[0].next_update_by = Some(Timestamp::new("2026-11-10T18:00:00+01:00"));
        let by = f.incidents[0].next_update_by.as_ref().unwrap().unix_seconds();
        let html = render_page(&f, "de", None);
        assert!(
            html.contains("<p class=\"is-next-update\">Nächstes Update spätestens <time datetime=\"2026-11-10T18:00:00+01:00\">10. November 2026, 18:00 Uhr UTC+01:00</time>.</p>"),
            "{}",
            &html[html.find("is-updated").unwrap()..][..400]
        );
        let late = render_page_at(&f, "en", None, by + 60);
        assert!(late.contains("<p class=\"is-next-update is-next-update--overdue\">The update promised for <time datetime=\"2026-11-10T18:00:00+01:00\">"), "{late}");
        assert!(late.contains("</time> is overdue.</p>"));
        // Resolved: no promise, whatever the time.
        f.incidents[0].status = IncidentStatus::Resolved;
        assert!(!render_page_at(&f, "de", None, by + 60).contains("<p class=\"is-next-update"));
    }

    #[test]
    fn a_page_built_after_expires_at_says_it_may_be_outdated() {
        let mut f = feed("all-clear.json");
        assert!(!render_page_at(&f, "de", None, i64::MAX).contains("<p class=\"is-notice is-expired\">"), "no expires_at");
        f.expires_at = Some(Timestamp::new("2030-01-01T00:00:00Z"));
        let expires = f.expires_at.as_ref().unwrap().unix_seconds();
        assert!(!render_page(&f, "de", None).contains("<p class=\"is-notice is-expired\">"));
        assert!(!render_page_at(&f, "de", None, expires).contains("<p class=\"is-notice is-expired\">"));
        let html = render_page_at(&f, "en", None, expires + 1);
        assert!(html.contains("This information may be outdated: it was valid until <time datetime=\"2030-01-01T00:00:00Z\">1 January 2030, 00:00 UTC</time>."), "{html}");
    }

    /// Every link to another site opens without handing it this page
    /// (`window.opener`) or its address (the referrer).
    #[test]
    fn every_web_link_is_noopener_noreferrer() {
        for name in ["cyberangriff.json", "resolved.json", "all-clear.json", "maintenance.json"] {
            let html = render_page(&feed(name), "de", None);
            let mut web_links = 0;
            for (i, _) in html.match_indices("<a ") {
                let tag = &html[i..i + html[i..].find('>').unwrap()];
                if tag.contains("href=\"http") {
                    web_links += 1;
                    assert!(tag.contains("rel=\"noopener noreferrer\""), "{name}: {tag}");
                }
            }
            assert!(web_links > 0 || name != "cyberangriff.json", "{name}: no web links to check");
        }
    }

    /// Whether the text at byte `at` of `html` (a page this module wrote)
    /// sits inside a `<bdi>` or an element with `dir="auto"`; `None` when
    /// `at` is inside a tag (an attribute value, not text).
    fn isolated_at(html: &str, at: usize) -> Option<bool> {
        let before = &html[..at];
        if before.rfind('<') > before.rfind('>') {
            return None;
        }
        // The open elements at `at`, each with whether it isolates.
        let mut open: Vec<(&str, bool)> = Vec::new();
        let mut rest = before;
        while let Some(start) = rest.find('<') {
            let end = start + rest[start..].find('>').unwrap();
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let closed = open.pop().map(|(n, _)| n);
                assert_eq!(closed, Some(name.trim()), "unbalanced </{name}>");
            } else if !tag.starts_with('!') {
                let name = tag.split_whitespace().next().unwrap();
                if !matches!(name, "br" | "meta" | "link" | "hr" | "img" | "input") {
                    open.push((name, name == "bdi" || tag.contains("dir=\"auto\"")));
                }
            }
        }
        Some(open.iter().any(|(_, isolates)| *isolates))
    }

    /// Every text of a feed is a unique marker; each shows on the page, and
    /// every time inside a `<bdi>` or a `dir="auto"` element, while the
    /// page's own words next to them are not.
    #[test]
    fn every_feed_text_is_isolated() {
        let mut f = feed("cyberangriff.json");
        let mut markers: Vec<String> = Vec::new();
        let mut next = || {
            markers.push(format!("feedtext{:03}x", markers.len()));
            markers.last().unwrap().clone()
        };
        f.organisation.name = Text::Plain(next());
        f.status.headline = Text::Plain(next());
        for s in &mut f.services {
            s.name = Text::Plain(next());
            s.note = Some(Text::Plain(next()));
        }
        for a in &mut f.advice {
            *a = Text::Plain(next());
        }
        for i in &mut f.incidents {
            i.title = Text::Plain(next());
            for u in &mut i.updates {
                u.title = Some(Text::Plain(next()));
                u.body = Text::Plain(format!("{}\n{}\n\n{}", next(), next(), next()));
            }
        }
        for e in &mut f.faq {
            e.question = Text::Plain(next());
            e.answer = Text::Plain(next());
        }
        let dialable = f.contacts[0].phone.clone().expect("the first contact has a phone");
        assert!(tel_uri(&dialable).is_some());
        for (n, c) in f.contacts.iter_mut().enumerate() {
            c.label = Text::Plain(next());
            c.hours = Some(Text::Plain(next()));
            c.note = Some(Text::Plain(next()));
            // Linked and unlinked, each kind of address.
            if n > 0 {
                c.phone = Some(next());
            }
            c.email = Some(if n == 0 { format!("{}@example.org", next()) } else { next() });
            c.url = Some(if n == 0 { format!("https://{}.example/", next()) } else { format!("javascript:{}", next()) });
        }
        for (n, ch) in f.channels.iter_mut().enumerate() {
            ch.label = Some(Text::Plain(next()));
            // Unlinked: the label shows as text.
            if n == 0 {
                ch.url = "javascript:alert(1)".into();
            }
        }
        drop(next);
        for lang in ["de", "en"] {
            let html = render_page(&f, lang, None);
            // The document's title and description cannot hold elements; the
            // body is what the reader sees laid out.
            let body_start = html.find("<body>").unwrap();
            for text in markers.iter().map(String::as_str).chain([dialable.as_str()]) {
                let shown: Vec<bool> = html.match_indices(text).filter(|(at, _)| *at > body_start).filter_map(|(at, _)| isolated_at(&html, at)).collect();
                assert!(!shown.is_empty(), "{lang}: {text} is not on the page");
                assert!(
                    shown.iter().all(|isolated| *isolated),
                    "{lang}: {text} is not isolated: {}",
                    html.lines().find(|l| l.contains(text)).unwrap_or_default()
                );
            }
            let w = Lang::for_tag(lang).texts();
            for word in [w.phone, w.email, w.web, w.hours, w.level(f.status.level), w.updated_prefix, w.services_heading] {
                let at = html[body_start..].find(word).unwrap_or_else(|| panic!("{lang}: {word} missing")) + body_start;
                assert_eq!(isolated_at(&html, at), Some(false), "{lang}: the page's word {word:?} is inside an isolate");
            }
        }
    }

    #[test]
    fn escapes_everything_from_the_feed() {
        assert_eq!(escape("<script>alert('x')</script>&\u{7}"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
        let mut f = feed("cyberangriff.json");
        f.status.headline = Text::Plain("<script>alert(1)</script>".into());
        f.faq[0].answer = Text::Plain("<img src=x onerror=alert(1)>\n\nzweiter <b>Absatz</b>".into());
        f.channels[0].url = "javascript:alert(1)".into();
        let html = render_page(&f, "de", None);
        assert!(!html.to_lowercase().contains("<script"), "a script tag got through");
        assert!(!html.contains("<img"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<p dir=\"auto\">zweiter &lt;b&gt;Absatz&lt;/b&gt;</p>"));
    }

    #[test]
    fn a_stylesheet_cannot_end_the_style_element() {
        let html = render_page(&feed("all-clear.json"), "en", Some("p{}</style><script>x</script>"));
        assert_eq!(html.matches("</style>").count(), 1);
    }

    #[test]
    fn the_page_uses_the_widgets_words() {
        let mut f = feed("cyberangriff.json");
        f.status.level = StatusLevel::MajorOutage;
        f.services[0].status = ServiceStatus::Operational;
        let de = render_page(&f, "de-AT", None);
        assert!(de.contains(">Schwere Störung</span>"));
        assert!(de.contains(">Funktioniert</span>"));
        assert!(de.contains(">Was gerade funktioniert</h2>"));
        assert!(de.contains("<p class=\"is-updated\">Stand: <time"));
        f.status.level = StatusLevel::Operational;
        let en = render_page(&f, "en", None);
        assert!(en.contains(">All systems normal</span>"));
        assert!(en.contains(">Working</span>"));
        assert!(en.contains("<p class=\"is-updated\">Last updated: <time"));
        // A language the word book does not have reads in the fallback language.
        assert!(render_page(&f, "fr", None).contains(">All systems normal</span>"));
    }

    #[test]
    fn paragraphs_follow_the_widgets_rule() {
        let mut f = feed("cyberangriff.json");
        f.faq[0].answer = Text::Plain("Eins\nzwei\n \r\nDrei\r\n\r\n\n Vier ".into());
        let html = render_page(&f, "de", None);
        assert!(
            html.contains("<p dir=\"auto\">Eins<br>\nzwei</p>\n<p dir=\"auto\">Drei</p>\n<p dir=\"auto\">Vier</p>\n</div>"),
            "{}",
            &html[html.find("is-faq-answer").unwrap()..][..200]
        );
    }

    #[test]
    fn updates_are_newest_first_in_both_languages() {
        let f = feed("cyberangriff.json");
        for lang in ["de", "en"] {
            let html = render_page(&f, lang, None);
            let first = html.find("update-2026-11-10-telefon-zurueck").unwrap();
            let last = html.find("update-2026-11-03-stoerung").unwrap();
            assert!(first < last, "{lang}");
        }
        assert!(render_page(&f, "en", None).contains("Frequently asked questions"));
    }
}
