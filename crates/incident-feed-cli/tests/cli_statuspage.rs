//! `import-statuspage` on sample Statuspage v2 documents written from the public API documentation.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use incident_feed::model::*;
use incident_feed::statuspage::{import, ImportOptions};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(format!("{}/tests/data/statuspage/{name}", env!("CARGO_MANIFEST_DIR")))
}

fn imported(name: &str, lang: &str) -> Feed {
    let json = fs::read_to_string(sample(name)).unwrap();
    let feed = import(&json, &ImportOptions { lang: lang.into(), org_name: None }).unwrap();
    // What the CLI writes must pass the same validation the widget applies.
    let text = serde_json::to_string_pretty(&feed).unwrap();
    incident_feed::parse_feed(&text).unwrap_or_else(|p| panic!("{name} does not validate:\n{p}"))
}

#[test]
fn summary_maps_status_components_incidents_and_maintenances() {
    let feed = imported("summary.json", "de");
    assert_eq!(feed.organisation.name.get("de", "de"), "Nordlicht Stadtwerke");
    assert_eq!(feed.organisation.url.as_deref(), Some("https://status.nordlicht-stadtwerke.example"));
    assert_eq!(feed.status.level, StatusLevel::PartialOutage);
    assert_eq!(feed.status.headline.get("de", "de"), "Partial System Outage");

    // The group "Kundenservice" is left out; its members stay, in position order.
    let services: Vec<(&str, ServiceStatus)> = feed.services.iter().map(|s| (s.id.as_str(), s.status)).collect();
    assert_eq!(
        services,
        vec![
            ("kundenportal", ServiceStatus::Outage),
            ("telefon-hotline", ServiceStatus::Degraded),
            ("e-mail", ServiceStatus::Outage),
            ("zahlungsverkehr-sepa", ServiceStatus::Maintenance),
            ("ablesetermine-vor-ort", ServiceStatus::Operational),
        ]
    );
    assert!(feed.services[2].note.is_none(), "an empty description is no note");

    let incident = feed.incidents.iter().find(|i| i.id == "p31zjtct2jer").unwrap();
    assert_eq!(incident.kind, IncidentKind::Incident);
    assert_eq!(incident.status, IncidentStatus::Identified);
    assert_eq!(incident.impact, Impact::Major);
    assert_eq!(incident.started_at.as_str(), "2026-11-04T07:40:00.000+01:00");
    let ids: Vec<&str> = incident.updates.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["8l0c6mnzxx7f", "h0rkvd1xfmbc"], "oldest first");
    // Text stays text: the widget escapes it.
    assert!(incident.updates[0].body.get("de", "de").contains("& melden uns in Kürze <wieder>"));

    let maintenance = feed.incidents.iter().find(|i| i.id == "w1zdr745wmfy").unwrap();
    assert_eq!(maintenance.kind, IncidentKind::Maintenance);
    assert_eq!(maintenance.status, IncidentStatus::InProgress);
    // An empty update body becomes a sentence in the feed's language.
    assert_eq!(maintenance.updates[1].body.get("de", "de"), "Die Wartung läuft.");
    assert_eq!(feed.updated_at.unix_seconds(), incident.updates[1].at.unix_seconds());
}

#[test]
fn incidents_list_derives_the_overall_status_and_handles_postmortems_and_backdating() {
    let feed = imported("incidents.json", "en");
    assert_eq!(feed.status.level, StatusLevel::Operational, "nothing is open");
    assert_eq!(feed.status.headline.get("en", "en"), "All systems operational.");
    assert!(feed.services.is_empty());
    let api = &feed.incidents[0];
    assert_eq!(api.status, IncidentStatus::Resolved, "postmortem counts as resolved");
    assert_eq!(api.impact, Impact::Critical);
    assert_eq!(api.updates.len(), 5);
    // The first update was backdated (display_at) before the incident's
    // created_at; the start moves back so that the feed stays valid.
    assert_eq!(api.updates[0].at.as_str(), "2026-09-15T14:00:00.000Z");
    assert_eq!(api.started_at.as_str(), "2026-09-15T14:00:00.000Z");
    assert_eq!(api.resolved_at.as_ref().unwrap().as_str(), "2026-09-15T15:42:11.903Z");
    let db = feed.incidents.iter().find(|i| i.id == "d5lmrx0c1f8s").unwrap();
    assert_eq!((db.kind, db.status, db.impact), (IncidentKind::Maintenance, IncidentStatus::Completed, Impact::None));
}

#[test]
fn the_cli_writes_a_valid_feed_and_refuses_what_is_not_statuspage() {
    let dir = std::env::temp_dir().join(format!("incident-feed-import-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for name in ["summary.json", "incidents.json"] {
        let out = dir.join(name);
        let run = Command::new(env!("CARGO_BIN_EXE_incident-feed"))
            .args(["import-statuspage", sample(name).to_str().unwrap(), "-o", out.to_str().unwrap(), "--lang", "de", "--org-name", "Nordlicht"])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let feed = incident_feed::parse_feed(&fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(feed.organisation.name.get("de", "de"), "Nordlicht");
    }
    let not_statuspage = format!("{}/../../examples/feeds/cyberangriff.json", env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_incident-feed"))
        .args(["import-statuspage", &not_statuspage, "-o", dir.join("x.json").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.join("x.json").exists());
    fs::remove_dir_all(&dir).unwrap();
}
