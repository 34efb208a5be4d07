//! Duplicate object keys make a feed invalid, wherever they are: in the
//! feed's own fields, inside a text's language map, deep in a list, or in a
//! field this version does not know. Each is named by its path, all in one
//! run, and the example feeds have none.
//!
//! Run in both builds: `cargo test -p incident-feed --test duplicate_keys`
//! (the CLI's, with paths) and with `--no-default-features` (the widget's).

use incident_feed::{parse_feed, Problem, ProblemKind};

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The example feed with `insert` written into its text just after the
/// first `after` (so the key it repeats stays where it was).
fn example_with(after: &str, insert: &str) -> String {
    let feed = example("cyberangriff.json");
    let at = feed.find(after).unwrap_or_else(|| panic!("{after:?} is not in the example")) + after.len();
    format!("{}{insert}{}", &feed[..at], &feed[at..])
}

fn problems(json: &str) -> Vec<Problem> {
    parse_feed(json).expect_err("a feed with a duplicate key must be refused").0
}

fn assert_only_duplicate(json: &str, path: &str, key: &str) {
    let found = problems(json);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].kind, found[0].path.as_str()), (ProblemKind::DuplicateKey, path), "{found:#?}");
    assert!(found[0].message.contains(&format!("\"{key}\"")), "the message names the key: {}", found[0].message);
}

#[test]
fn the_examples_have_no_duplicate_keys() {
    for entry in std::fs::read_dir(format!("{}/../../examples/feeds", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        parse_feed(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn at_the_top_level() {
    assert_only_duplicate(&example_with("\"version\": 1,", " \"version\": 1,"), "$.version", "version");
    // Even when both say the same, and even before the version is known.
    assert_only_duplicate(r#"{"version": 1, "version": 2}"#, "$.version", "version");
    // With a byte order mark, as some editors write.
    assert_only_duplicate(&format!("\u{feff}{}", example_with("\"version\": 1,", " \"updated_at\": \"2020-01-01T00:00:00Z\",")), "$.updated_at", "updated_at");
}

#[test]
fn inside_a_texts_language_map() {
    // The map would silently keep the second German headline.
    let json = example_with("\"headline\": {", " \"de\": \"Alles in Ordnung, keine Störung.\",");
    assert_only_duplicate(&json, "$.status.headline.de", "de");
}

#[test]
fn inside_a_nested_array_item() {
    let json = example_with("\"id\": \"2026-11-03-stoerung\",", " \"status\": \"resolved\",");
    assert_only_duplicate(&json, "$.incidents[0].updates[0].status", "status");
}

#[test]
fn in_a_field_this_version_does_not_know() {
    // Unknown fields are ignored by the reader, but a newer reader, a mirror
    // or a reviewer's tool may not ignore them: still one meaning only.
    let json = example_with("\"version\": 1,", r#" "x_note": {"a": 1, "a": 2},"#);
    assert_only_duplicate(&json, "$.x_note.a", "a");
    let json = example_with("\"version\": 1,", r#" "x_extra": 1, "x_extra": 2,"#);
    assert_only_duplicate(&json, "$.x_extra", "x_extra");
}

#[test]
fn every_duplicate_is_reported_in_one_run() {
    let json = example_with("\"version\": 1,", " \"default_language\": \"en\",");
    let feed = json.replacen("\"headline\": {", "\"headline\": { \"en\": \"All fine.\",", 1);
    let feed = feed.replacen("\"id\": \"2026-11-03-stoerung\",", "\"id\": \"2026-11-03-stoerung\", \"at\": \"2026-11-03T09:15:00+01:00\",", 1);
    let feed = feed.replacen("\"id\": \"cyberangriff-2026-11\",", "\"id\": \"cyberangriff-2026-11\", \"id\": \"other\",", 1);
    let paths: Vec<String> = problems(&feed).into_iter().inspect(|p| assert_eq!(p.kind, ProblemKind::DuplicateKey, "{p}")).map(|p| p.path).collect();
    assert_eq!(paths, ["$.default_language", "$.status.headline.en", "$.incidents[0].id", "$.incidents[0].updates[0].at"]);
}

#[test]
fn broken_json_is_still_reported_as_broken_json() {
    // Not JSON is not JSON, duplicates or not; with line and column.
    let p = problems(r#"{"version": 1, "version": 1"#);
    assert_eq!((p.len(), p[0].kind), (1, ProblemKind::Syntax), "{p:#?}");
    // A document deeper than serde_json's recursion limit (128) is broken
    // JSON with a clean message, not a stack overflow, in both builds, even
    // in a field that readers ignore.
    let deep = format!(r#"{{"version": 1, "x": {}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let p = problems(&deep);
    assert_eq!((p.len(), p[0].kind), (1, ProblemKind::Syntax), "{p:#?}");
    assert!(p[0].message.contains("recursion limit"), "{}", p[0].message);
    let deep_in_a_valid_feed = example_with("\"version\": 1,", &format!(r#" "x_deep": {}{},"#, "[".repeat(200), "]".repeat(200)));
    let p = problems(&deep_in_a_valid_feed);
    assert_eq!((p.len(), p[0].kind), (1, ProblemKind::Syntax), "{p:#?}");
}
