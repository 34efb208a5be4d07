//! `new` and `add-update`: every write validates first and is atomic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident-feed")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("incident-feed-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_writes_a_valid_starter_feed_and_never_overwrites() {
    let dir = temp_dir("new");
    for lang in ["de", "en"] {
        let file = format!("{lang}.json");
        let out = run(&["new", "--lang", lang, "-o", &file], &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let feed = incident_feed::parse_feed(&fs::read_to_string(dir.join(&file)).unwrap()).unwrap();
        assert_eq!(feed.default_language, lang);
        // The guide goes to stderr and names the next commands.
        assert!(stderr(&out).contains("incident-feed validate"), "{}", stderr(&out));
        let again = run(&["new", "--lang", lang, "-o", &file], &dir);
        assert_eq!(again.status.code(), Some(2));
    }
    // Without -o the feed goes to stdout, the guide to stderr.
    let out = run(&["new", "--lang", "en"], &dir);
    assert!(incident_feed::parse_feed(&String::from_utf8_lossy(&out.stdout)).is_ok());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn first_report_of_a_new_incident_is_one_command() {
    let dir = temp_dir("new-incident");
    assert!(run(&["new", "--lang", "de", "-o", "feed.json"], &dir).status.success());
    let add = run(
        &[
            "add-update",
            "feed.json",
            "--new-incident",
            "Telefon und E-Mail gestört",
            "--impact",
            "critical",
            "--status",
            "investigating",
            "--title",
            "Wir sind telefonisch nicht erreichbar",
            "--text",
            "Seit 8 Uhr funktionieren Telefon und E-Mail nicht.",
            "--level",
            "major_outage",
            "--headline",
            "Großstörung: Telefon und E-Mail",
            "--at",
            "2030-01-02T08:30:00+01:00",
        ],
        &dir,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let feed = incident_feed::parse_feed(&fs::read_to_string(dir.join("feed.json")).unwrap()).unwrap();
    assert_eq!(feed.incidents.len(), 1);
    assert_eq!(feed.incidents[0].id, "2030-01-02-telefon-und-e-mail-gestoert");
    assert_eq!(feed.updated_at.as_str(), "2030-01-02T08:30:00+01:00");
    assert_eq!(feed.status.headline.get("de", "de"), "Großstörung: Telefon und E-Mail");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_update_that_would_invalidate_the_feed_leaves_it_byte_identical() {
    let dir = temp_dir("refuse");
    let original = fs::read(format!("{}/../../examples/feeds/cyberangriff.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    fs::write(dir.join("feed.json"), &original).unwrap();
    // Older than the last update: the feed would no longer be oldest-first.
    let add = run(&["add-update", "feed.json", "--status", "monitoring", "--text", "x", "--at", "2020-01-01T00:00:00Z"], &dir);
    assert_eq!(add.status.code(), Some(1), "{}", stderr(&add));
    // An unknown incident.
    let add = run(&["add-update", "feed.json", "--incident", "nope", "--status", "monitoring", "--text", "x"], &dir);
    assert_eq!(add.status.code(), Some(1));
    assert!(stderr(&add).contains("cyberangriff-2026-11"));
    // A text in a language without the default language's text.
    let add = run(&["add-update", "feed.json", "--lang", "en", "--status", "monitoring", "--text", "x"], &dir);
    assert_eq!(add.status.code(), Some(1));
    // A signing key that does not exist: nothing may be written before that is found out.
    let add = run(&["add-update", "feed.json", "--status", "monitoring", "--text", "x", "--sign", "missing.key"], &dir);
    assert_eq!(add.status.code(), Some(2));
    assert_eq!(fs::read(dir.join("feed.json")).unwrap(), original);
    let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("feed.json")], "temporary files left behind");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_write_that_fails_midway_leaves_the_old_feed_intact() {
    // The disk fills up halfway through writing the new feed (injected
    // through the write hook, since tests run as root, where a read-only
    // directory would not stop the write): the old feed must stay as it was.
    use incident_feed_cli::{write_atomic_with, WriteStage};
    let dir = temp_dir("crash");
    let path = dir.join("feed.json");
    let original = fs::read(format!("{}/../../examples/feeds/cyberangriff.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    fs::write(&path, &original).unwrap();
    let new = fs::read(format!("{}/../../examples/feeds/resolved.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let err = write_atomic_with(&path, &new, &mut |stage| match stage {
        WriteStage::PartlyWritten => Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full")),
        _ => Ok(()),
    });
    assert!(err.is_err());
    assert_eq!(fs::read(&path).unwrap(), original);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "temporary file left behind");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn add_update_promises_the_next_update_by_a_time_of_day_and_clears_it() {
    let dir = temp_dir("next-update");
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/feeds/cyberangriff.json");
    fs::copy(&example, dir.join("feed.json")).unwrap();
    let promise = |dir: &Path| {
        let feed = incident_feed::parse_feed(&fs::read_to_string(dir.join("feed.json")).unwrap()).unwrap();
        feed.incidents[0].next_update_by.as_ref().map(|t| t.as_str().to_owned())
    };
    // HH:MM in --at's offset, the next such time after the update.
    let at = ["--at", "2026-11-10T17:00:00+01:00"];
    let add = run(&[&["add-update", "feed.json", "--status", "monitoring", "--text", "Stand 17 Uhr.", "--next-update", "09:30"][..], &at[..]].concat(), &dir);
    assert!(add.status.success(), "{}", stderr(&add));
    assert_eq!(promise(&dir).as_deref(), Some("2026-11-11T09:30:00+01:00"));
    // RFC 3339 as given; expires_at with it.
    let args = ["add-update", "feed.json", "--status", "monitoring", "--text", "Stand 18 Uhr.", "--at", "2026-11-10T18:00:00+01:00"];
    let add = run(&[&args[..], &["--next-update", "2026-11-10T20:00:00+01:00", "--expires-at", "2026-11-11T08:00:00+01:00"][..]].concat(), &dir);
    assert!(add.status.success(), "{}", stderr(&add));
    assert_eq!(promise(&dir).as_deref(), Some("2026-11-10T20:00:00+01:00"));
    // A promise before the update is refused with its path; nothing written.
    let args = ["add-update", "feed.json", "--status", "monitoring", "--text", "x", "--at", "2026-11-10T19:00:00+01:00"];
    let refused = run(&[&args[..], &["--next-update", "2026-11-10T18:30:00+01:00"][..]].concat(), &dir);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("$.incidents[0].next_update_by"), "{}", stderr(&refused));
    assert_eq!(promise(&dir).as_deref(), Some("2026-11-10T20:00:00+01:00"));
    // Not a time at all: a usage error.
    let bad = run(&[&args[..], &["--next-update", "gleich"][..]].concat(), &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--next-update \"gleich\""), "{}", stderr(&bad));
    // none removes it.
    let clear = run(&[&args[..], &["--next-update", "none"][..]].concat(), &dir);
    assert!(clear.status.success(), "{}", stderr(&clear));
    assert_eq!(promise(&dir), None);
    fs::remove_dir_all(&dir).unwrap();
}
