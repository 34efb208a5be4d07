//! `atom` and `jsonfeed`, checked with a third-party parser (feed-rs).

use std::fs;
use std::process::Command;

use feed_rs::model::FeedType;

fn example_path(name: &str) -> String {
    format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_incident-feed")).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// (id, title, unix seconds) of every update in the feed, newest first.
fn expected(name: &str, lang: &str, page: &str) -> Vec<(String, String, i64)> {
    let feed = incident_feed::parse_feed(&fs::read_to_string(example_path(name)).unwrap()).unwrap();
    let mut list: Vec<_> = feed
        .incidents
        .iter()
        .flat_map(|i| {
            let dl = feed.default_language.clone();
            i.updates.iter().map(move |u| {
                let title = match &u.title {
                    Some(t) => format!("{}: {}", i.title.get(lang, &dl), t.get(lang, &dl)),
                    None => format!("{} – {}", i.title.get(lang, &dl), incident_publish::syndication::status_label(u.status, lang)),
                };
                (format!("{page}#update-{}", u.id), title, u.at.unix_seconds())
            })
        })
        .collect();
    list.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    list
}

#[test]
fn atom_parses_with_feed_rs_and_has_one_entry_per_update() {
    let page = "https://www.waermewerk-rheinland.example/status";
    for name in ["cyberangriff.json", "maintenance.json", "resolved.json", "all-clear.json"] {
        for lang in ["de", "en"] {
            let xml =
                run(&["atom", &example_path(name), "--lang", lang, "--page-url", page, "--self-url", "https://www.waermewerk-rheinland.example/status.atom"]);
            let parsed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{name} {lang}: {e}\n{xml}"));
            assert_eq!(parsed.feed_type, FeedType::Atom);
            assert_eq!(parsed.id, page);
            assert_eq!(parsed.language.as_deref(), Some(lang));
            let got: Vec<_> =
                parsed.entries.iter().map(|e| (e.id.clone(), e.title.as_ref().unwrap().content.clone(), e.updated.unwrap().timestamp())).collect();
            assert_eq!(got, expected(name, lang, page), "{name} {lang}");
            for e in &parsed.entries {
                assert_eq!(e.links[0].href, e.id, "entries link to the update's anchor");
                assert!(!e.content.as_ref().unwrap().body.as_deref().unwrap_or("").is_empty());
            }
        }
    }
}

#[test]
fn ids_are_stable_across_runs_and_new_updates() {
    // Without --page-url the organisation's url is the base.
    let first = run(&["atom", &example_path("cyberangriff.json")]);
    let second = run(&["atom", &example_path("cyberangriff.json")]);
    assert_eq!(first, second);
    let ids = |xml: &str| -> Vec<String> { feed_rs::parser::parse(xml.as_bytes()).unwrap().entries.into_iter().map(|e| e.id).collect() };
    let before = ids(&first);
    assert!(before.iter().all(|id| id.starts_with("https://www.waermewerk-rheinland.example/#update-")), "{before:?}");

    // After add-update the old entries keep their ids and one new entry is on top.
    let dir = std::env::temp_dir().join(format!("incident-feed-synd-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let feed = dir.join("feed.json");
    fs::copy(example_path("cyberangriff.json"), &feed).unwrap();
    run(&["add-update", feed.to_str().unwrap(), "--status", "resolved", "--text", "Behoben.", "--at", "2026-11-12T10:00:00+01:00"]);
    let after = ids(&run(&["atom", feed.to_str().unwrap()]));
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(&after[1..], &before[..]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn markup_in_texts_is_escaped_not_interpreted() {
    let dir = std::env::temp_dir().join(format!("incident-feed-synd-esc-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let feed = dir.join("feed.json");
    fs::copy(example_path("cyberangriff.json"), &feed).unwrap();
    let nasty = "<script>alert(1)</script> & ]]> \"quoted\"";
    run(&[
        "add-update",
        feed.to_str().unwrap(),
        "--status",
        "monitoring",
        "--text",
        nasty,
        "--title",
        "A <b>bold</b> & title",
        "--at",
        "2026-11-12T10:00:00+01:00",
    ]);
    let xml = run(&["atom", feed.to_str().unwrap(), "--lang", "de"]);
    assert!(!xml.contains("<script"));
    let parsed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    let top = &parsed.entries[0];
    assert!(top.title.as_ref().unwrap().content.ends_with("A <b>bold</b> & title"));
    assert_eq!(top.content.as_ref().unwrap().body.as_deref(), Some(nasty));

    let json = run(&["jsonfeed", feed.to_str().unwrap(), "--lang", "de"]);
    let parsed = feed_rs::parser::parse(json.as_bytes()).unwrap();
    assert_eq!(parsed.entries[0].content.as_ref().and_then(|c| c.body.as_deref()), Some(nasty));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_feed_parses_with_feed_rs_and_follows_version_1_1() {
    let page = "https://status.example.org/";
    for name in ["cyberangriff.json", "maintenance.json", "resolved.json"] {
        let text = run(&["jsonfeed", &example_path(name), "--lang", "en", "--page-url", page, "--self-url", "https://status.example.org/feed.json"]);
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(raw["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(raw["feed_url"], "https://status.example.org/feed.json");
        let parsed = feed_rs::parser::parse(text.as_bytes()).unwrap();
        assert_eq!(parsed.feed_type, FeedType::JSON);
        let got: Vec<_> = parsed.entries.iter().map(|e| (e.id.clone(), e.title.as_ref().unwrap().content.clone(), e.published.unwrap().timestamp())).collect();
        assert_eq!(got, expected(name, "en", page), "{name}");
    }
}

#[test]
fn an_unsafe_page_url_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_incident-feed"))
        .args(["atom", &example_path("cyberangriff.json"), "--page-url", "javascript:alert(1)"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
