//! `publish` to local folders (and an HTTP target that is down), run as the
//! built binary. The real WebDAV server is in e2e/tests/publish.rs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FILES: [&str; 5] = ["feed.json.sig", "feed.json", "status.html", "status.atom", "status.feed.json"];

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident-feed")).args(args).current_dir(dir).env_remove("INCIDENT_FEED_PUBLISH_AUTH").output().expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("incident-feed-publish-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn example(name: &str) -> String {
    fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn report(o: &Output) -> String {
    format!("status {:?}\nstdout:\n{}\nstderr:\n{}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

/// A work folder with a key pair, the example feed and two empty target folders.
fn setup(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let keygen = run(&["keygen", "--out-dir", ".", "--name", "k"], &dir);
    assert!(keygen.status.success(), "{}", report(&keygen));
    fs::write(dir.join("feed.json"), example("cyberangriff.json")).unwrap();
    for t in ["a", "b"] {
        fs::create_dir(dir.join(t)).unwrap();
    }
    dir
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

fn verify(dir: &Path, feed: &str, signature: &str) -> Output {
    run(&["verify", feed, "--public-key", "k.pub", "--signature", signature], dir)
}

/// Every file is in the folder and is what `publish` made: the same bytes as
/// in the other folder, the feed as given.
fn assert_complete(dir: &Path, target: &str, feed: &str) {
    for name in FILES {
        assert!(dir.join(target).join(name).is_file(), "{target}/{name} missing");
    }
    assert_eq!(fs::read_to_string(dir.join(target).join("feed.json")).unwrap(), feed);
    let leftovers: Vec<_> =
        fs::read_dir(dir.join(target)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_folders_get_every_file_signature_first_and_the_next_publish_keeps_the_previous_signature() {
    let dir = setup("two-folders");
    let first = example("cyberangriff.json");
    let out = run(&["publish", "feed.json", "--to", "a", "--to", "b", "--key", "k.key"], &dir);
    assert!(out.status.success(), "{}", report(&out));
    let stdout = text(&out.stdout);
    for target in ["a", "b"] {
        assert_complete(&dir, target, &first);
        // One line per file, the signature before the feed.
        let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with(&format!("{target}: "))).collect();
        assert_eq!(lines.len(), FILES.len(), "{stdout}");
        for (line, name) in lines.iter().zip(FILES) {
            assert!(line.starts_with(&format!("{target}: {name} (")), "{line} (expected {name}) in\n{stdout}");
        }
        assert_eq!(fs::read_to_string(dir.join(target).join("feed.json.sig")).unwrap().lines().count(), 1);
        let v = verify(&dir, &format!("{target}/feed.json"), &format!("{target}/feed.json.sig"));
        assert!(v.status.success(), "{}", report(&v));
    }
    for name in FILES {
        assert_eq!(fs::read(dir.join("a").join(name)).unwrap(), fs::read(dir.join("b").join(name)).unwrap(), "{name} differs");
    }
    assert!(stdout.contains("2 of 2 target(s) published"), "{stdout}");
    fs::write(dir.join("previous.json"), &first).unwrap();

    // The next update: the signature file holds the new feed's signature,
    // then the previous one, so a widget that fetched the previous feed a
    // moment before still finds its signature.
    let add = run(&["add-update", "feed.json", "--status", "monitoring", "--text", "Die Telefone funktionieren wieder.", "--at", "2026-12-01T10:00:00Z"], &dir);
    assert!(add.status.success(), "{}", report(&add));
    let second = fs::read_to_string(dir.join("feed.json")).unwrap();
    assert_ne!(second, first);
    let out = run(&["publish", "feed.json", "--to", "a", "--to", "b", "--key", "k.key"], &dir);
    assert!(out.status.success(), "{}", report(&out));
    for target in ["a", "b"] {
        assert_complete(&dir, target, &second);
        let sig = fs::read_to_string(dir.join(target).join("feed.json.sig")).unwrap();
        assert_eq!(sig.lines().count(), 2, "{sig}");
        let sig_path = format!("{target}/feed.json.sig");
        for feed in [format!("{target}/feed.json"), "previous.json".to_owned()] {
            let v = verify(&dir, &feed, &sig_path);
            assert!(v.status.success(), "{feed}: {}", report(&v));
        }
        // Line 1 signs the new feed.
        fs::write(dir.join("line1.sig"), sig.lines().next().unwrap()).unwrap();
        let v = verify(&dir, &format!("{target}/feed.json"), "line1.sig");
        assert!(v.status.success(), "{}", report(&v));
    }
    // Publishing the same feed again adds no line; never more than four.
    for n in 0..5 {
        let add = run(&["add-update", "feed.json", "--status", "monitoring", "--text", "Noch ein Stand.", "--at", &format!("2026-12-01T11:0{n}:00Z")], &dir);
        assert!(add.status.success(), "{}", report(&add));
        let out = run(&["publish", "feed.json", "--to", "a", "--key", "k.key"], &dir);
        assert!(out.status.success(), "{}", report(&out));
        let out = run(&["publish", "feed.json", "--to", "a", "--key", "k.key"], &dir);
        assert!(out.status.success(), "{}", report(&out));
        let lines = fs::read_to_string(dir.join("a/feed.json.sig")).unwrap().lines().count();
        assert_eq!(lines, (n + 3).min(4), "after publish {n}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_invalid_feed_touches_no_target() {
    let dir = setup("invalid");
    fs::write(dir.join("a/feed.json"), "old feed").unwrap();
    let mut feed: serde_json::Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    feed["channels"][0]["url"] = "javascript:alert(1)".into();
    fs::write(dir.join("feed.json"), feed.to_string()).unwrap();
    let port = closed_port();
    let http = format!("http://127.0.0.1:{port}/status");
    let out = run(&["publish", "feed.json", "--to", "a", "--to", &http, "--to", "b", "--key", "k.key"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    assert!(text(&out.stderr).contains("feed.json: $.channels[0].url: link scheme is not allowed"), "{}", report(&out));
    assert_eq!(text(&out.stdout), "", "a target was tried: {}", report(&out));
    assert_eq!(fs::read_dir(dir.join("a")).unwrap().count(), 1);
    assert_eq!(fs::read_to_string(dir.join("a/feed.json")).unwrap(), "old feed");
    assert_eq!(fs::read_dir(dir.join("b")).unwrap().count(), 0);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_target_that_is_down_is_named_the_others_complete_and_the_exit_code_is_1() {
    let dir = setup("down");
    let port = closed_port();
    // Credentials in the URL are used, never printed.
    let http = format!("http://publisher:s3cret-pw@127.0.0.1:{port}/status/");
    let out = run(&["publish", "feed.json", "--to", "a", "--to", &http, "--to", "b", "--to", "missing-folder", "--key", "k.key"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    let all = report(&out);
    assert!(!all.contains("s3cret-pw"), "password printed: {all}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("http://127.0.0.1:{port}/status/: FAILED: feed.json.sig: cannot read")), "{all}");
    assert!(stdout.contains("missing-folder: FAILED: missing-folder is not a folder"), "{all}");
    assert!(stdout.contains("2 of 4 target(s) published"), "{all}");
    assert!(stdout.contains(&format!("  failed: http://127.0.0.1:{port}/status/: ")), "{all}");
    for target in ["a", "b"] {
        assert_complete(&dir, target, &example("cyberangriff.json"));
    }
    assert!(!dir.join("missing-folder").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_key_no_signature_is_written_and_a_target_with_one_is_refused() {
    let dir = setup("unsigned");
    fs::write(dir.join("b/feed.json.sig"), "a stale signature\n").unwrap();
    fs::write(dir.join("b/feed.json"), "old feed").unwrap();
    let out = run(&["publish", "feed.json", "--to", "a", "--to", "b"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("unsigned (no --key: no feed.json.sig is written)"), "{stdout}");
    assert!(stdout.contains("b: FAILED: has a feed.json.sig, which would not sign the new feed"), "{stdout}");
    // a is complete without a signature; b is untouched.
    for name in &FILES[1..] {
        assert!(dir.join("a").join(name).is_file(), "a/{name}");
    }
    assert!(!dir.join("a/feed.json.sig").exists());
    assert_eq!(fs::read_to_string(dir.join("b/feed.json")).unwrap(), "old feed");
    assert_eq!(fs::read_dir(dir.join("b")).unwrap().count(), 2);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn targets_other_than_folders_and_http_are_refused_before_anything_is_written() {
    let dir = setup("scheme");
    let out = run(&["publish", "feed.json", "--to", "a", "--to", "s3://bucket/status", "--key", "k.key"], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", report(&out));
    assert!(text(&out.stderr).contains("only local folders and http(s):// URLs are targets"), "{}", report(&out));
    assert_eq!(fs::read_dir(dir.join("a")).unwrap().count(), 0);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_target_that_fails_midway_is_reported_and_the_next_one_still_gets_everything() {
    let dir = setup("midway");
    // A folder where the page should go: the signature and the feed are
    // written, the page cannot be.
    fs::create_dir(dir.join("a/status.html")).unwrap();
    let out = run(&["publish", "feed.json", "--to", "a", "--to", "b", "--key", "k.key"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("a: feed.json (") && stdout.contains("a: FAILED: status.html: cannot write"), "{}", report(&out));
    assert!(stdout.contains("1 of 2 target(s) published") && stdout.contains("  failed: a: status.html"), "{}", report(&out));
    // What a got is consistent: the new feed with its signature.
    let v = verify(&dir, "a/feed.json", "a/feed.json.sig");
    assert!(v.status.success(), "{}", report(&v));
    assert!(!dir.join("a/status.atom").exists());
    assert_complete(&dir, "b", &example("cyberangriff.json"));
    fs::remove_dir_all(&dir).unwrap();
}
