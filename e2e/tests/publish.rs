//! `incident-feed publish` against a real nginx taking WebDAV `PUT`
//! (e2e/src/nginx.rs): one command to local folders, nginx and a target
//! that is down; and, in headless Chromium, a widget polling nginx as fast
//! as it can while publishes replace the feed and its signature under it —
//! it never says "not verified" (docs/signing.md "No torn publish").

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use e2e::browser::Browser;
use e2e::nginx::{Logged, Nginx};
use e2e::server::{Response, Server};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(25);
const FILES: [&str; 5] = ["feed.json.sig", "feed.json", "status.html", "status.atom", "status.feed.json"];

fn example(name: &str) -> String {
    std::fs::read_to_string(e2e::root().join("examples/feeds").join(name)).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn report(o: &Output) -> String {
    format!("status {:?}\nstdout:\n{}\nstderr:\n{}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

/// A folder with the `incident-feed` command, a key pair (`k.key`, `k.pub`) and `feed.json`.
struct Work {
    dir: PathBuf,
    cli: PathBuf,
    public_key: String,
}

impl Work {
    fn new(name: &str) -> Work {
        let dir = std::env::temp_dir().join(format!("e2e-publish-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut work = Work { dir, cli: e2e::incident_feed_cli(), public_key: String::new() };
        let keygen = work.run(&["keygen", "--out-dir", ".", "--name", "k"]);
        assert!(keygen.status.success(), "{}", report(&keygen));
        work.public_key = text(&keygen.stdout).trim().to_owned();
        work.write_feed(&example("cyberangriff.json"));
        work
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(&self.cli).args(args).current_dir(&self.dir).env_remove("INCIDENT_FEED_PUBLISH_AUTH").output().expect("incident-feed runs")
    }

    fn write_feed(&self, feed: &str) {
        std::fs::write(self.dir.join("feed.json"), feed).unwrap();
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The example feed after `round` more updates, one a minute: each round a
/// newer `updated_at` and a new update titled "Stand {round}".
fn feed_after(round: u32) -> String {
    let mut feed: Value = serde_json::from_str(&example("cyberangriff.json")).unwrap();
    let at = |n: u32| format!("2026-12-01T{:02}:{:02}:00Z", 8 + n / 60, n % 60);
    let updates = feed["incidents"][0]["updates"].as_array_mut().unwrap();
    for n in 1..=round {
        updates.push(serde_json::json!({
            "id": format!("u-stand-{n}"), "at": at(n), "status": "monitoring",
            "title": { "de": format!("Stand {n}"), "en": format!("Update {n}") },
            "body": { "de": "Wir arbeiten weiter daran.", "en": "We keep working on it." }
        }));
    }
    feed["updated_at"] = at(round).into();
    feed.to_string()
}

/// A port on 127.0.0.1 that nothing listens on: a target that is down.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

/// `GET` over a fresh connection: (status, body).
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
    let head = text(&raw[..split]);
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "static files are sent with a length");
    (status, raw[split + 4..].to_vec())
}

#[test]
fn one_command_publishes_to_two_folders_and_nginx_and_names_the_target_that_is_down() {
    let nginx = Nginx::start("publish");
    let work = Work::new("targets");
    for t in ["a", "b"] {
        std::fs::create_dir(work.dir.join(t)).unwrap();
    }
    let dav = nginx.url("/status/");
    let down = format!("http://127.0.0.1:{}/status/", closed_port());
    let out = work.run(&["publish", "feed.json", "--to", "a", "--to", &dav, "--to", &down, "--to", "b", "--key", "k.key"]);
    assert_eq!(out.status.code(), Some(1), "{}", report(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("{down}: FAILED: ")), "the target that is down is not named: {}", report(&out));
    assert!(stdout.contains("3 of 4 target(s) published"), "{}", report(&out));
    assert!(stdout.contains(&format!("  failed: {down}: ")), "{}", report(&out));
    for target in ["a", dav.as_str(), "b"] {
        assert_eq!(stdout.lines().filter(|l| l.starts_with(&format!("{target}: ")) && !l.contains("FAILED")).count(), FILES.len(), "{target}: {stdout}");
    }

    // All three complete and byte-identical, and nginx serves them back.
    for name in FILES {
        let a = std::fs::read(work.dir.join("a").join(name)).unwrap();
        assert_eq!(std::fs::read(work.dir.join("b").join(name)).unwrap(), a, "{name}: the folders differ");
        assert_eq!(std::fs::read(nginx.root.join("status").join(name)).unwrap(), a, "{name}: nginx stored something else");
        let (status, body) = get(nginx.port, &format!("/status/{name}"));
        assert_eq!((status, body), (200, a), "{name}: nginx serves something else");
    }
    assert_eq!(std::fs::read_to_string(work.dir.join("a/feed.json")).unwrap(), example("cyberangriff.json"));
    std::fs::write(work.dir.join("served.json"), get(nginx.port, "/status/feed.json").1).unwrap();
    std::fs::write(work.dir.join("served.json.sig"), get(nginx.port, "/status/feed.json.sig").1).unwrap();
    let verify = work.run(&["verify", "served.json", "--public-key", "k.pub"]);
    assert!(verify.status.success(), "{}", report(&verify));

    // At nginx: the signature file was read (none yet), then written before the feed.
    let log: Vec<String> = nginx
        .access_log()
        .iter()
        .filter(|l| l.method != "GET" || l.path == "/status/feed.json.sig")
        .map(|l| format!("{} {} {}", l.method, l.path, l.status))
        .collect();
    let expected: Vec<String> =
        std::iter::once("GET /status/feed.json.sig 404".to_owned()).chain(FILES.iter().map(|f| format!("PUT /status/{f} 201"))).collect();
    assert_eq!(log[..expected.len()], expected[..], "{}", nginx.error_log());
}

/// Polls between the first and the last write of the publishes, and those of
/// them whose feed and signature requests had a write in between: the
/// moments a torn publish would show "not verified".
fn overlapping_polls(log: &[Logged]) -> (usize, usize) {
    let puts: Vec<f64> = log.iter().filter(|l| l.method == "PUT").map(|l| l.at_ms).collect();
    let (Some(&first), Some(&last)) = (puts.first(), puts.last()) else { return (0, 0) };
    let feed_gets = log.iter().filter(|l| l.method == "GET" && l.path == "/feed.json" && l.at_ms >= first && l.at_ms <= last).count();
    let mut straddling = 0;
    for (i, l) in log.iter().enumerate() {
        if !(l.method == "GET" && l.path == "/feed.json" && l.status == 200) {
            continue;
        }
        // The widget's next request after a new feed is its signature.
        let Some(sig) = log[i + 1..].iter().find(|n| n.method == "GET" && n.path == "/feed.json.sig") else { continue };
        if puts.iter().any(|&p| p > l.at_ms && p < sig.at_ms) {
            straddling += 1;
        }
    }
    (feed_gets, straddling)
}

/// The widget polls nginx back to back (`refresh()` whenever it is idle)
/// while the feed is published again and again with a new update each time;
/// every error event and every state of the widget's text is recorded in
/// the page. No "not verified" at any moment, and at the end the last update.
#[tokio::test(flavor = "multi_thread")]
async fn a_widget_polling_during_publishes_never_says_not_verified() {
    const ROUNDS: u32 = 60;
    let nginx = Nginx::start("race");
    let work = Work::new("race");
    let dav = nginx.url("/");
    let first = work.run(&["publish", "feed.json", "--to", &dav, "--key", "k.key"]);
    assert!(first.status.success(), "{}", report(&first));

    let host = Server::start(Some(e2e::root().join("tests/fixtures")));
    let bundle = Server::start(Some(e2e::dist()));
    let page = format!(
        r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Publish race</title><link rel="icon" href="data:,"><script src="/capture.js"></script>
<script type="module" src="{}/incident-status.js"></script></head><body>
<incident-status feed="{}" public-key="{}" lang="de"></incident-status></body></html>"#,
        bundle.origin(),
        nginx.url("/feed.json"),
        work.public_key
    );
    host.handle(move |r| (r.route() == "/race.html").then(|| Response::new(200, "text/html", page.clone())));
    let browser = Browser::start().await;
    browser.goto(&host.url("/race.html")).await;
    browser.wait_for("document.querySelector('incident-status').shadowRoot.querySelector('.is-header')", WAIT).await;
    // Every text the widget shows, as it changes, is checked for the
    // not-verified notice; `refresh()` every few milliseconds starts a poll
    // whenever none is in flight.
    browser
        .js(
            r#"const el = document.querySelector('incident-status'); const root = el.shadowRoot;
window.__notVerified = [];
const check = () => { const t = root.textContent; if (/verifiziert|not verified/i.test(t)) window.__notVerified.push(t.slice(0, 300)); };
new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
window.__racing = setInterval(() => el.refresh(), 2);
return 1"#,
            vec![],
        )
        .await;

    let publishing = {
        let (cli, dir, dav) = (work.cli.clone(), work.dir.clone(), dav.clone());
        tokio::task::spawn_blocking(move || {
            for round in 1..=ROUNDS {
                std::fs::write(dir.join("feed.json"), feed_after(round)).unwrap();
                let out = Command::new(&cli).args(["publish", "feed.json", "--to", &dav, "--key", "k.key"]).current_dir(&dir).output().unwrap();
                assert!(out.status.success(), "round {round}: {}", report(&out));
            }
        })
    };
    publishing.await.unwrap();
    browser.js("clearInterval(window.__racing); return 1", vec![]).await;
    // The last update shows (one more poll if the last publish came after the last one).
    browser.js("document.querySelector('incident-status').refresh(); return 1", vec![]).await;
    let shown = browser
        .wait_for(
            &format!("(() => {{ const t = document.querySelector('incident-status').shadowRoot.textContent; return t.includes('Stand {ROUNDS}') && t; }})()"),
            WAIT,
        )
        .await;
    assert!(shown.as_str().unwrap().contains(&format!("Stand {ROUNDS}")));

    let errors = browser.js("return window.__captured.events.filter(e => e.type === 'incident-status:error')", vec![]).await;
    let not_verified = browser.js("return window.__notVerified", vec![]).await;
    let log = nginx.access_log();
    let (polls, straddling) = overlapping_polls(&log);
    let signature_gets = log.iter().filter(|l| l.method == "GET" && l.path == "/feed.json.sig").count();
    let revalidated = log.iter().filter(|l| l.path == "/feed.json.sig" && l.status == 304).count();
    println!(
        "{ROUNDS} publishes; {polls} polls during them ({signature_gets} signature fetches in all, {revalidated} answered 304), {straddling} with a publish write between the feed and its signature"
    );
    assert_eq!(errors, Value::Array(vec![]), "error events during the publishes (not-verified is the torn publish)");
    assert_eq!(not_verified, Value::Array(vec![]), "the widget said not verified");
    assert_eq!(browser.js("return window.__captured.errors", vec![]).await, Value::Array(vec![]));
    // nginx serves it no-cache, but the widget asks for it no-store: never
    // revalidated, since a 304 could hand back an older file with the same
    // one-second ETag (docs/signing.md).
    assert_eq!(revalidated, 0, "signature requests answered 304");
    // A race that no poll ran into would prove nothing.
    assert!(polls >= ROUNDS as usize / 4, "only {polls} polls during {ROUNDS} publishes");
    assert!(straddling >= 3, "only {straddling} polls had a write between their feed and their signature ({polls} polls)");
    browser.close().await;
}

#[test]
fn feed_after_makes_valid_feeds_each_newer_than_the_last() {
    let mut last = String::new();
    for round in [0, 1, 59, 60] {
        let feed = incident_feed::parse_feed(&feed_after(round)).unwrap_or_else(|p| panic!("round {round}: {p}"));
        let at = feed.updated_at.to_string();
        assert!(at > last, "{at} after {last}");
        last = at;
    }
}
