//! `incident-feed validate` as a user runs it: exit codes and one line per problem.

use std::process::Command;

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_incident-feed"));
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    c
}

#[test]
fn example_feeds_are_valid() {
    let mut c = cli();
    c.arg("validate");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds")).unwrap() {
        c.arg(entry.unwrap().path());
    }
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
}

#[test]
fn planted_errors_are_each_named_by_path() {
    let file = "crates/incident-feed-cli/tests/data/planted-errors.json";
    let out = cli().args(["validate", file]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for expected in [
        format!("{file}: $.faq[3].id: duplicate id \"passwort-aendern\""),
        format!("{file}: $.incidents[0].updates[2].at: updates must be oldest first"),
        format!("{file}: $.channels[0].url: link scheme is not allowed"),
        format!("{file}: $.contacts[0].phone: \"0800-Hilfe\" cannot be turned into a tel: link"),
        format!("{file}: $.updated_at: \"10.11.2026 16:30\" is not an RFC 3339 timestamp"),
    ] {
        assert!(stdout.lines().any(|l| l.starts_with(&expected)), "missing {expected:?} in\n{stdout}");
    }
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
}

#[test]
fn syntax_error_reports_line_and_column() {
    let dir = std::env::temp_dir().join(format!("incident-feed-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.json");
    std::fs::write(&file, "{\n  \"version\": 1,\n  \"faq\": [\n}\n").unwrap();
    let out = cli().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("$: not valid JSON") && stdout.contains("(line 4, column 1)"), "{stdout}");
}

#[test]
fn duplicate_keys_are_each_named_by_path() {
    let dir = std::env::temp_dir().join(format!("incident-feed-cli-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("twice.json");
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
    let twice = example.replacen("\"headline\": {", "\"headline\": { \"de\": \"Alles in Ordnung.\",", 1).replacen(
        "\"version\": 1,",
        "\"version\": 1, \"x_note\": 1, \"x_note\": 2,",
        1,
    );
    std::fs::write(&file, twice).unwrap();
    let out = cli().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let name = file.display();
    for expected in [format!("{name}: $.status.headline.de: duplicate key \"de\""), format!("{name}: $.x_note: duplicate key \"x_note\"")] {
        assert!(stdout.lines().any(|l| l.starts_with(&expected)), "missing {expected:?} in\n{stdout}");
    }
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_file_and_usage_errors_exit_2() {
    let out = cli().args(["validate", "does/not/exist.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert_eq!(cli().arg("validate").output().unwrap().status.code(), Some(2));
    assert_eq!(cli().arg("no-such-command").output().unwrap().status.code(), Some(2));
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["validate", "schema", "search"] {
        let out = cli().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
    }
}

#[test]
fn search_prints_ranked_ids_and_json() {
    let out = cli().args(["search", "examples/feeds/cyberangriff.json", "passwort", "--limit", "3"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().next(), Some("passwort-aendern"), "{stdout}");
    let out = cli().args(["search", "examples/feeds/cyberangriff.json", "passwort", "--json"]).output().unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["id"], "passwort-aendern");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
}
