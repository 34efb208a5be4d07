//! The static page says what the widget says: the same feed rendered by
//! `render_page` carries, in every language of the word book, the level
//! word, each service's state word and each incident and update status word
//! that the widget shows (`Lang::texts().level(..)`, `.service_status(..)`,
//! `.incident_status(..)`: the functions the widget's components call). The
//! widget itself is tested in the browser (`tests/web.rs`); both take their
//! words from `crates/incident-feed/words/`.

use incident_feed::model::{Feed, IncidentStatus, ServiceStatus, StatusLevel};
use incident_feed::texts::Lang;
use incident_publish::render::{escape, render_page};

fn feed(name: &str) -> Feed {
    let json = std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    incident_feed::parse_feed(&json).unwrap()
}

/// The `<li>` of one service on the page.
fn service_item<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find(&format!("id=\"service-{id}\"")).unwrap_or_else(|| panic!("service {id} missing"));
    &html[start..start + html[start..].find("</li>").unwrap()]
}

/// The `<article>` of one incident on the page.
fn incident_article<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find(&format!("id=\"incident-{id}\"")).unwrap_or_else(|| panic!("incident {id} missing"));
    &html[start..start + html[start..].find("</article>").unwrap()]
}

#[test]
fn the_page_shows_the_widgets_status_words() {
    let feed = feed("cyberangriff.json");
    assert!(!feed.services.is_empty() && !feed.incidents.is_empty());
    for lang in Lang::ALL {
        let t = lang.texts();
        let html = render_page(&feed, lang.code(), None);
        let badge = format!(">{}</span>", escape(t.level(feed.status.level)));
        assert!(html.contains(&badge), "{lang:?}: level word {badge:?} missing");
        for s in &feed.services {
            let word = escape(t.service_status(s.status));
            assert!(service_item(&html, &s.id).contains(&format!(">{word}</span>")), "{lang:?}: service {} should read {word:?}", s.id);
        }
        for i in &feed.incidents {
            let article = incident_article(&html, &i.id);
            let word = escape(t.incident_status(i.status));
            assert!(article.contains(&format!(">{word}</span>")), "{lang:?}: incident {} should read {word:?}", i.id);
            for u in &i.updates {
                let word = escape(t.incident_status(u.status));
                assert!(article.contains(&format!("<strong>{word}</strong>")), "{lang:?}: update {} should read {word:?}", u.id);
            }
        }
        for heading in [t.services_heading, t.timeline_heading, t.advice_heading, t.faq_heading, t.contacts_heading, t.channels_heading] {
            assert!(html.contains(&format!(">{}</h2>", escape(heading))), "{lang:?}: heading {heading:?} missing");
        }
    }
}

#[test]
fn every_level_state_and_status_reads_as_in_the_widget() {
    let mut feed = feed("cyberangriff.json");
    let levels = [StatusLevel::Operational, StatusLevel::Maintenance, StatusLevel::Degraded, StatusLevel::PartialOutage, StatusLevel::MajorOutage];
    let states = [ServiceStatus::Operational, ServiceStatus::Degraded, ServiceStatus::Outage, ServiceStatus::Maintenance];
    let statuses = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
        IncidentStatus::Scheduled,
        IncidentStatus::InProgress,
        IncidentStatus::Verifying,
        IncidentStatus::Completed,
    ];
    for n in 0..levels.len().max(states.len()).max(statuses.len()) {
        feed.status.level = levels[n % levels.len()];
        for s in &mut feed.services {
            s.status = states[n % states.len()];
        }
        feed.incidents[0].updates[0].status = statuses[n % statuses.len()];
        for lang in Lang::ALL {
            let t = lang.texts();
            let html = render_page(&feed, lang.code(), None);
            assert!(html.contains(&format!(">{}</span>", escape(t.level(feed.status.level)))), "{lang:?} {:?}", feed.status.level);
            let s = &feed.services[0];
            assert!(service_item(&html, &s.id).contains(&format!(">{}</span>", escape(t.service_status(s.status)))), "{lang:?} {:?}", s.status);
            let u = &feed.incidents[0].updates[0];
            assert!(html.contains(&format!("<strong>{}</strong>", escape(t.incident_status(u.status)))), "{lang:?} {:?}", u.status);
        }
    }
}
