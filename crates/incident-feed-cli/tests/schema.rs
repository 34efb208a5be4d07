//! The committed JSON Schema matches the Rust types, accepts every example
//! feed and rejects broken ones — checked by an independent validator.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("schema/incident-feed.v1.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn example_feeds() -> Vec<(String, serde_json::Value)> {
    let mut feeds = Vec::new();
    for entry in std::fs::read_dir(root().join("examples/feeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            feeds.push((path.display().to_string(), value));
        }
    }
    assert!(feeds.len() >= 4, "example feeds missing");
    feeds
}

#[test]
fn committed_schema_is_what_the_types_generate() {
    assert_eq!(
        committed_schema(),
        incident_feed::json_schema(),
        "schema/incident-feed.v1.json is out of date: run `cargo run -p incident-feed-cli -- schema > schema/incident-feed.v1.json`"
    );
}

#[test]
fn schema_accepts_every_example_feed() {
    let validator = jsonschema::validator_for(&committed_schema()).unwrap();
    for (name, feed) in example_feeds() {
        let errors: Vec<String> = validator.iter_errors(&feed).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_broken_feeds() {
    let validator = jsonschema::validator_for(&committed_schema()).unwrap();
    let (_, good) = example_feeds().into_iter().find(|(n, _)| n.ends_with("cyberangriff.json")).unwrap();
    let breakages: Vec<(&str, Box<dyn Fn(&mut serde_json::Value)>)> = vec![
        ("version 2", Box::new(|v| v["version"] = 2.into())),
        (
            "no organisation",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("organisation");
            }),
        ),
        ("status level unknown", Box::new(|v| v["status"]["level"] = "on_fire".into())),
        ("question is a number", Box::new(|v| v["faq"][0]["question"] = 7.into())),
        ("translation is not a string", Box::new(|v| v["faq"][0]["answer"]["de"] = serde_json::json!(["x"]))),
        (
            "update without body",
            Box::new(|v| {
                v["incidents"][0]["updates"][0].as_object_mut().unwrap().remove("body");
            }),
        ),
        ("timestamp without offset", Box::new(|v| v["updated_at"] = "2026-11-10T16:30:00".into())),
        ("refresh too often", Box::new(|v| v["refresh_seconds"] = 1.into())),
        ("service status unknown", Box::new(|v| v["services"][0]["status"] = "fine".into())),
        ("incidents not a list", Box::new(|v| v["incidents"] = serde_json::json!({}))),
    ];
    for (what, breakage) in breakages {
        let mut feed = good.clone();
        breakage(&mut feed);
        assert!(!validator.is_valid(&feed), "schema accepted a feed with {what}");
        assert!(incident_feed::parse_feed(&feed.to_string()).is_err(), "parse_feed accepted a feed with {what}");
    }
}
