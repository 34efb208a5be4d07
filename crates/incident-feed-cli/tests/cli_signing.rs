//! `keygen`, `sign`, `verify` and `add-update --sign`, run as the built binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_incident-feed"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("incident-feed-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn example(name: &str) -> String {
    fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn sign_verify_round_trip_and_one_byte_change_fails() {
    let dir = temp_dir("sign-verify");
    let keygen = run(&["keygen", "--out-dir", ".", "--name", "k"], &dir);
    assert!(keygen.status.success(), "{}", stderr(&keygen));
    let public = fs::read_to_string(dir.join("k.pub")).unwrap();
    // keygen prints the public key (and only it) on stdout.
    assert_eq!(String::from_utf8_lossy(&keygen.stdout).trim(), public.trim());
    let private = fs::read_to_string(dir.join("k.key")).unwrap();
    let secret_part = private.trim().split(':').nth(1).unwrap();
    assert!(!String::from_utf8_lossy(&keygen.stdout).contains(secret_part) && !stderr(&keygen).contains(secret_part), "private key printed");

    fs::write(dir.join("feed.json"), example("cyberangriff.json")).unwrap();
    let sign = run(&["sign", "feed.json", "--key", "k.key"], &dir);
    assert!(sign.status.success(), "{}", stderr(&sign));
    assert!(dir.join("feed.json.sig").exists());

    // Verify with the .pub file and with the base64 key itself.
    for key in ["k.pub", public.trim()] {
        let verify = run(&["verify", "feed.json", "--public-key", key], &dir);
        assert!(verify.status.success(), "{}", stderr(&verify));
    }

    // Change one byte (a letter in a body, still valid JSON): verification fails with exit 1.
    let mut bytes = fs::read(dir.join("feed.json")).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Hotline").unwrap();
    bytes[at] = b'h';
    fs::write(dir.join("feed.json"), &bytes).unwrap();
    let verify = run(&["verify", "feed.json", "--public-key", "k.pub"], &dir);
    assert_eq!(verify.status.code(), Some(1), "{}", stderr(&verify));
    assert!(stderr(&verify).contains("NOT VERIFIED"));

    // A key from another pair does not verify either.
    fs::write(dir.join("feed.json"), example("cyberangriff.json")).unwrap();
    assert!(run(&["keygen", "--name", "other"], &dir).status.success());
    assert_eq!(run(&["verify", "feed.json", "--public-key", "other.pub"], &dir).status.code(), Some(1));
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn private_key_is_owner_only_and_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("key-mode");
    assert!(!run(&["keygen", "--out-dir", "keys"], &dir).status.success(), "missing out dir must fail");
    fs::create_dir(dir.join("keys")).unwrap();
    assert!(run(&["keygen", "--out-dir", "keys"], &dir).status.success());
    let mode = fs::metadata(dir.join("keys/feed-signing.key")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let before = fs::read(dir.join("keys/feed-signing.key")).unwrap();
    let again = run(&["keygen", "--out-dir", "keys"], &dir);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("refusing to overwrite"));
    assert_eq!(fs::read(dir.join("keys/feed-signing.key")).unwrap(), before);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_to_sign_an_invalid_feed_and_rejects_a_private_key_as_public() {
    let dir = temp_dir("sign-invalid");
    assert!(run(&["keygen", "--name", "k"], &dir).status.success());
    fs::write(dir.join("bad.json"), r#"{"version": 1}"#).unwrap();
    let sign = run(&["sign", "bad.json", "--key", "k.key"], &dir);
    assert_eq!(sign.status.code(), Some(1));
    assert!(!dir.join("bad.json.sig").exists());
    fs::write(dir.join("feed.json"), example("all-clear.json")).unwrap();
    assert!(run(&["sign", "feed.json", "--key", "k.key"], &dir).status.success());
    let verify = run(&["verify", "feed.json", "--public-key", "k.key"], &dir);
    assert_eq!(verify.status.code(), Some(2));
    assert!(stderr(&verify).contains("PRIVATE"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn add_update_leaves_a_valid_re_signed_feed() {
    let dir = temp_dir("add-update-sign");
    assert!(run(&["keygen", "--name", "k"], &dir).status.success());
    fs::write(dir.join("feed.json"), example("cyberangriff.json")).unwrap();
    assert!(run(&["sign", "feed.json", "--key", "k.key"], &dir).status.success());
    let add = run(
        &[
            "add-update",
            "feed.json",
            "--status",
            "resolved",
            "--text",
            "E-Mail und Portal funktionieren wieder.",
            "--translation",
            "en=Email and the portal work again.",
            "--level",
            "operational",
            "--sign",
            "k.key",
        ],
        &dir,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let text = fs::read_to_string(dir.join("feed.json")).unwrap();
    let feed = incident_feed::parse_feed(&text).expect("valid after add-update");
    let incident = &feed.incidents[0];
    assert_eq!(incident.updates.len(), 4);
    assert_eq!(incident.updates[3].body.get("en", "de"), "Email and the portal work again.");
    assert_eq!(feed.updated_at, incident.updates[3].at);
    assert!(run(&["validate", "feed.json"], &dir).status.success());
    let verify = run(&["verify", "feed.json", "--public-key", "k.pub"], &dir);
    assert!(verify.status.success(), "{}", stderr(&verify));

    // Without --sign the old signature is stale, and the command says so.
    let add = run(&["add-update", "feed.json", "--incident", &incident.id, "--status", "resolved", "--text", "Nachtrag."], &dir);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stderr(&add).contains("no longer matches"));
    assert_eq!(run(&["verify", "feed.json", "--public-key", "k.pub"], &dir).status.code(), Some(1));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_signature_file_with_the_new_and_the_previous_signature_verifies_both_feeds() {
    let dir = temp_dir("sign-two-lines");
    assert!(run(&["keygen", "--out-dir", ".", "--name", "k"], &dir).status.success());
    fs::write(dir.join("old.json"), example("cyberangriff.json")).unwrap();
    fs::write(dir.join("new.json"), example("all-clear.json")).unwrap();
    for feed in ["old.json", "new.json"] {
        let sign = run(&["sign", feed, "--key", "k.key"], &dir);
        assert!(sign.status.success(), "{}", stderr(&sign));
    }
    let (old_sig, new_sig) = (fs::read_to_string(dir.join("old.json.sig")).unwrap(), fs::read_to_string(dir.join("new.json.sig")).unwrap());
    // As a publish leaves it: the new feed's signature first, then the previous one.
    fs::write(dir.join("both.sig"), format!("{}\n{}\n", new_sig.trim(), old_sig.trim())).unwrap();
    for (feed, line) in [("new.json", "line 1 of 2"), ("old.json", "line 2 of 2")] {
        let verify = run(&["verify", feed, "--public-key", "k.pub", "--signature", "both.sig"], &dir);
        assert!(verify.status.success(), "{feed}: {}", stderr(&verify));
        assert!(stderr(&verify).contains(line), "{feed}: {}", stderr(&verify));
    }
    // A feed neither line signs is refused; so is a file of more than 4 lines.
    fs::write(dir.join("other.json"), example("cyberangriff.json").replacen("Hotline", "hotline", 1)).unwrap();
    let verify = run(&["verify", "other.json", "--public-key", "k.pub", "--signature", "both.sig"], &dir);
    assert_eq!(verify.status.code(), Some(1), "{}", stderr(&verify));
    fs::write(dir.join("five.sig"), [new_sig.trim(); 5].join("\n")).unwrap();
    let verify = run(&["verify", "new.json", "--public-key", "k.pub", "--signature", "five.sig"], &dir);
    assert_eq!(verify.status.code(), Some(1), "{}", stderr(&verify));
    assert!(stderr(&verify).contains("more than 4"), "{}", stderr(&verify));
}
