//! Headless Chromium over WebDriver.
//!
//! Each [`Browser`] starts its own ChromeDriver on a free port and a Chromium
//! with a fresh profile, with the flags this machine needs as root (no
//! sandbox, no background networking: the closed network refuses it).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: std::path::PathBuf,
}

/// Options for one browser session.
#[derive(Clone, Debug)]
pub struct Options {
    pub width: u32,
    pub height: u32,
    /// Extra Chromium flags, e.g. `--force-prefers-reduced-motion`.
    pub args: Vec<String>,
    /// Classic scrollbars, which take their width from the layout as on a
    /// desktop without overlay scrollbars (a page that grows taller than
    /// the window narrows); else none (`--hide-scrollbars`).
    pub scrollbars: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { width: 1200, height: 900, args: Vec::new(), scrollbars: false }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::with(Options::default()).await
    }

    pub async fn with(options: Options) -> Browser {
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        // Its own process group, so that Chromium, which ChromeDriver starts,
        // can be killed with it when a failing test drops the browser.
        let driver = Command::new(&driver_path)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path}: {e} (run `cargo xtask install`)"));
        let profile = std::env::temp_dir().join(format!("incident-status-e2e-{}-{port}", std::process::id()));
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={},{}", options.width, options.height),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !options.scrollbars {
            args.push("--hide-scrollbars".into());
        }
        args.extend(options.args.iter().cloned());
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new()).capabilities(capabilities.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() > Duration::from_secs(30) => panic!("ChromeDriver did not start a session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser { client, driver, profile }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Runs `script` (a function body; `arguments` are `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an async script: the body gets a callback as its last argument.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute_async(script, args).await.unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }

    /// Waits until `expression` (JavaScript, evaluated in the page) is truthy.
    pub async fn wait_for(&self, expression: &str, timeout: Duration) -> Value {
        let started = Instant::now();
        let script = format!("try {{ return ({expression}) || null; }} catch (e) {{ return null; }}");
        loop {
            let v = self.js(&script, vec![]).await;
            if !v.is_null() && v != Value::Bool(false) {
                return v;
            }
            if started.elapsed() > timeout {
                let body = self.js("return document.documentElement.outerHTML.slice(0, 4000)", vec![]).await;
                panic!("timed out after {timeout:?} waiting for `{expression}`; page: {body}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Console messages of level SEVERE (errors, uncaught exceptions, failed
    /// loads, CSP violations) since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let logs = self.client.issue_cmd(BrowserLog).await.unwrap_or(Value::Null);
        logs.as_array()
            .map(|entries| entries.iter().filter(|e| e["level"] == "SEVERE").map(|e| e["message"].as_str().unwrap_or("").to_owned()).collect())
            .unwrap_or_default()
    }

    /// Runs `script` inside the first `<incident-status>` shadow root
    /// (`root` is bound to it) and returns its value.
    pub async fn in_widget(&self, script: &str) -> Value {
        self.in_widget_n(0, script).await
    }

    /// Like [`Browser::in_widget`], for the n-th widget on the page.
    pub async fn in_widget_n(&self, n: usize, script: &str) -> Value {
        let wrapped =
            format!("const host = document.querySelectorAll('incident-status')[{n}]; const root = host && host.shadowRoot; if (!root) return null; {script}");
        self.js(&wrapped, vec![]).await
    }

    /// Presses and releases one key as real WebDriver key events, sent to
    /// whatever has focus (also inside a shadow root), e.g. `'\u{e004}'`
    /// (Tab), `'\u{e007}'` (Enter) or `' '`; with `shift`, Shift is held.
    pub async fn press(&self, key: char, shift: bool) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        if shift {
            actions = actions.then(KeyAction::Down { value: '\u{e008}' });
        }
        actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        if shift {
            actions = actions.then(KeyAction::Up { value: '\u{e008}' });
        }
        self.client.perform_actions(actions).await.unwrap_or_else(|e| panic!("key {key:?}: {e}"));
    }

    /// Takes the page off the network, or puts it back, as the browser sees
    /// it: `navigator.onLine` changes and `offline`/`online` events fire, and
    /// requests fail in the browser before they reach any server.
    pub async fn set_offline(&self, offline: bool) {
        self.client.issue_cmd(NetworkConditions { offline }).await.unwrap_or_else(|e| panic!("network conditions (offline {offline}): {e}"));
    }

    /// Runs a Chrome DevTools Protocol command in the session's page
    /// (ChromeDriver's `goog/cdp/execute`) and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client.issue_cmd(Cdp { cmd: cmd.to_owned(), params }).await.unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// Gives the page a viewport of `width` x `height` CSS pixels at device
    /// scale 1, as a phone (`mobile`: the page's meta viewport applies) or a
    /// desktop window, whatever the window's size: headless Chromium will
    /// not make a window narrower than 500 px. Lasts until the next call.
    pub async fn viewport(&self, width: u32, height: u32, mobile: bool) {
        let metrics = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
        self.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
    }

    pub async fn screenshot(&self, path: &std::path::Path) {
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap();
    }

    /// The resident memory of every process of this browser (ChromeDriver,
    /// Chromium and its renderer, GPU, network and other helpers: all in
    /// ChromeDriver's process group), from `/proc`: what the machine pays,
    /// whatever inside the browser holds it (JS heap, wasm memory, network
    /// buffers, decoders).
    pub fn processes(&self) -> Vec<ProcessMemory> {
        let group = self.driver.id();
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
            // Fields after the command name, which is in parentheses and may contain spaces:
            // state, ppid, pgrp, …
            let pgrp = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(2)).and_then(|g| g.parse::<u32>().ok());
            if pgrp != Some(group) {
                continue;
            }
            let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
            let kib = |field: &str| {
                status.lines().find_map(|l| l.strip_prefix(field)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()).unwrap_or(0)
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            let kind = cmdline.split(['\0', ' ']).find_map(|a| a.strip_prefix("--type=")).unwrap_or(if pid == group { "chromedriver" } else { "browser" });
            // The network service is one of several utilities; say which.
            let sub_type = cmdline.split(['\0', ' ']).find_map(|a| a.strip_prefix("--utility-sub-type="));
            let kind = sub_type.map_or(kind.to_owned(), |s| format!("{kind} {s}"));
            found.push(ProcessMemory { pid, kind, resident: kib("VmRSS:") * 1024, peak_resident: kib("VmHWM:") * 1024 });
        }
        found
    }

    /// Ends the session politely; dropping the browser then stops the rest.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// One process of the browser and its memory, in bytes.
#[derive(Clone, Debug)]
pub struct ProcessMemory {
    pub pid: u32,
    /// Chromium's `--type=` (`renderer`, `gpu-process`, `utility`, …), or
    /// `browser` for Chromium itself and `chromedriver`.
    pub kind: String,
    /// Resident now (`VmRSS`).
    pub resident: u64,
    /// The most it was ever resident (`VmHWM`), since the process started.
    pub peak_resident: u64,
}

/// ChromeDriver's log endpoint (not in the W3C protocol, but kept by ChromeDriver).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or("")))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// ChromeDriver's network emulation (a Chromium extension of WebDriver).
#[derive(Debug)]
struct NetworkConditions {
    offline: bool,
}

impl fantoccini::wd::WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/chromium/network_conditions", session_id.unwrap_or("")))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let conditions = json!({ "network_conditions": { "offline": self.offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1 } });
        (http::Method::POST, Some(conditions.to_string()))
    }
}

/// ChromeDriver's passage to the DevTools protocol (a Chromium extension of WebDriver).
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or("")))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// After [`Browser::close`] this finds nothing left; after a panic it stops
/// ChromeDriver and the Chromium it left behind, and removes the profile.
impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
