//! The bench's Lighthouse step: what the compact banner costs a plain login
//! page on a phone, as Lighthouse scores it.
//!
//! Lighthouse (npm, pinned in `tools/lighthouse/package.json`; installed on
//! first use into `tools/lighthouse/node_modules`, so that `cargo xtask
//! test` never pays for it) runs with its defaults: the mobile form factor
//! and simulated throttling (Lantern: 150 ms RTT, 1.6 Mbit/s, 4× CPU
//! slowdown), performance category only, a fresh Chromium profile per run.
//!
//! The pages are `tests/fixtures/portal-login.html` (+ `portal.css`) in
//! three variants ([`pages`]): without the widget; as the fixture has it
//! (the module script in the head, an `<incident-status mode="compact">`
//! element whose height the page reserves, as the README asks); and the
//! README's one-script-tag embed where the banner stands. They are served by
//! nginx ([`Nginx`]) on three loopback origins, as in a real embedding: the
//! customer's page, our CDN (the bundle of step 1) and the feed host
//! (`examples/feeds/cyberangriff.json`), each with `brotli_static` and
//! `gzip_static` from files the bench compresses itself with the settings of
//! `cargo xtask sizes` (brotli 11, gzip -9), so that the bytes on the wire
//! are the ones the size budget counts.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::median;
use crate::tools::{run, Tools};
use crate::{root, step};

/// The section's heading in `docs/benchmarks.md`; [`splice`] replaces the
/// section from it to the next `## ` heading.
pub const HEADING: &str = "## Lighthouse: a login page with and without the compact banner";

/// What Lighthouse loads: a variant of the login page.
pub struct Variant {
    /// File name on the page origin, and the name of its reports.
    pub file: &'static str,
    /// Column heading in the table.
    pub label: &'static str,
}

pub const VARIANTS: [Variant; 3] = [
    Variant { file: "login-plain.html", label: "plain login page" },
    Variant { file: "login-element.html", label: "with the banner: `<incident-status>`, height reserved" },
    Variant { file: "login-script-tag.html", label: "with the banner: one script tag" },
];

/// The figures of one Lighthouse run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// 0 to 100.
    pub score: f64,
    pub fcp_ms: f64,
    pub lcp_ms: f64,
    pub tbt_ms: f64,
    pub cls: f64,
    pub speed_index_ms: f64,
    /// All requests' transfer sizes (`total-byte-weight`).
    pub transfer_bytes: f64,
    pub requests: usize,
    /// Lighthouse's CPU benchmark of this machine (higher is faster).
    pub benchmark_index: f64,
    /// The LCP element's selector, as Lighthouse names it, or why it could not.
    pub lcp_element: Result<String, String>,
    /// Lighthouse's `runWarnings` (e.g. that the CPU is slower than it expects).
    pub warnings: Vec<String>,
}

/// Every run of one variant.
pub struct Page {
    pub variant: &'static Variant,
    pub runs: Vec<Run>,
}

impl Page {
    /// The median of one figure over the runs (each figure on its own).
    pub fn median(&self, f: impl Fn(&Run) -> f64) -> f64 {
        median(self.runs.iter().map(f).collect())
    }
}

/// What the step measured.
pub struct Lighthouse {
    pub version: String,
    pub chromium: String,
    pub date: String,
    /// Form factor and throttling, as the reports state them ([`settings`]).
    pub settings: String,
    pub pages: Vec<Page>,
    /// Each response's `Content-Encoding` as nginx logged it: (URL path, encoding).
    pub encodings: Vec<(String, String)>,
}

/// Reads the figures out of one Lighthouse report (LHR), failing on a run
/// that Lighthouse itself marks as broken.
pub fn figures(lhr: &Value) -> Result<Run, String> {
    if let Some(e) = lhr.get("runtimeError") {
        return Err(format!("Lighthouse runtime error: {e}"));
    }
    let audit = |id: &str| -> Result<f64, String> {
        let a = &lhr["audits"][id];
        a["numericValue"].as_f64().ok_or_else(|| format!("the report has no numericValue for {id}: {}", a.get("errorMessage").unwrap_or(&Value::Null)))
    };
    let score = lhr["categories"]["performance"]["score"].as_f64().ok_or("the report has no performance score")? * 100.0;
    let requests = lhr["audits"]["network-requests"]["details"]["items"].as_array().map_or(0, Vec::len);
    let lcp_audit = &lhr["audits"]["largest-contentful-paint-element"];
    let lcp_element = lcp_audit["details"]["items"]
        .as_array()
        .and_then(|tables| tables.first())
        .and_then(|table| table["items"].as_array()?.first()?["node"]["selector"].as_str().map(str::to_owned))
        .ok_or_else(|| lcp_audit["errorMessage"].as_str().unwrap_or("no element in the report").to_owned());
    let warnings = lhr["runWarnings"].as_array().map_or(Vec::new(), |w| w.iter().filter_map(|w| w.as_str().map(str::to_owned)).collect());
    Ok(Run {
        score,
        fcp_ms: audit("first-contentful-paint")?,
        lcp_ms: audit("largest-contentful-paint")?,
        tbt_ms: audit("total-blocking-time")?,
        cls: audit("cumulative-layout-shift")?,
        speed_index_ms: audit("speed-index")?,
        transfer_bytes: audit("total-byte-weight")?,
        requests,
        benchmark_index: lhr["environment"]["benchmarkIndex"].as_f64().unwrap_or(0.0),
        lcp_element,
        warnings,
    })
}

/// The form factor and throttling a report was made with, in words.
pub fn settings(lhr: &Value) -> String {
    let c = &lhr["configSettings"];
    let t = &c["throttling"];
    let number = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    format!(
        "{} ({}×{} screen), {} throttling ({:.0} ms RTT, {:.1} Mbit/s, CPU slowed down {} ×)",
        c["formFactor"].as_str().unwrap_or("?"),
        c["screenEmulation"]["width"],
        c["screenEmulation"]["height"],
        c["throttlingMethod"].as_str().map(|m| if m == "simulate" { "simulated" } else { m }).unwrap_or("?"),
        number(&t["rttMs"]),
        number(&t["throughputKbps"]) / 1024.0,
        t["cpuSlowdownMultiplier"]
    )
}

/// Removes the one line of `page` that contains `needle`.
fn remove_line(page: &str, needle: &str) -> Result<String, String> {
    let lines: Vec<&str> = page.lines().collect();
    let kept: Vec<&str> = lines.iter().copied().filter(|l| !l.contains(needle)).collect();
    if lines.len() - kept.len() != 1 {
        return Err(format!("portal-login.html: expected one line with {needle:?}, found {}", lines.len() - kept.len()));
    }
    Ok(kept.join("\n") + "\n")
}

/// Replaces the fixture's `<incident-status …>…</incident-status>` (with its
/// indentation and line end) by `with`.
fn replace_element(page: &str, with: &str) -> Result<String, String> {
    let start = page.find("<incident-status").ok_or("portal-login.html has no <incident-status> element")?;
    let start = page[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = page[start..].find("</incident-status>\n").ok_or("portal-login.html: <incident-status> is not closed")? + start;
    Ok(format!("{}{with}{}", &page[..start], &page[end + "</incident-status>\n".len()..]))
}

/// The three variants of `tests/fixtures/portal-login.html`, in the order
/// of [`VARIANTS`], with `{{BUNDLE}}` and `{{FEED}}` still in them. The
/// fixture's `capture.js` (the tests' event recorder) is left out of all.
pub fn pages(fixture: &str) -> Result<[String; 3], String> {
    let page = remove_line(fixture, "/capture.js")?;
    let without_head_script = remove_line(&page, "{{BUNDLE}}/incident-status.js")?;
    let plain = replace_element(&without_head_script, "")?;
    // The README's first snippet, with the `data-service` it recommends for
    // a login page.
    let script_tag = replace_element(
        &without_head_script,
        "    <script type=\"module\" src=\"{{BUNDLE}}/incident-status.js\"\n            data-feed=\"{{FEED}}/cyberangriff.json\" data-lang=\"de\" data-mode=\"compact\"\n            data-service=\"kundenportal\" data-fallback-phone=\"0800 5501234\"></script>\n",
    )?;
    Ok([plain, page, script_tag])
}

/// Writes `file`, its `.br` (brotli 11, window 22, as `sizes::measure`) and
/// its `.gz` (gzip -9), for nginx's `brotli_static` and `gzip_static`.
fn write_compressed(file: &Path, bytes: &[u8]) -> Result<(), String> {
    let err = |e: std::io::Error| format!("cannot write {}: {e}", file.display());
    std::fs::write(file, bytes).map_err(err)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).map_err(err)?;
    std::fs::write(format!("{}.br", file.display()), br).map_err(err)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(err)?;
    std::fs::write(format!("{}.gz", file.display()), gz.finish().map_err(err)?).map_err(err)
}

/// A free port on 127.0.0.1 (the listener is closed again for nginx to take it).
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).map_err(|e| format!("no free port: {e}"))
}

/// The three origins' folders under `site`: `page/`, `cdn/`, `feed/`.
fn write_site(site: &Path, bundle: &Path, cdn: &str, feed: &str) -> Result<(), String> {
    let dir = |name: &str| -> Result<PathBuf, String> {
        let d = site.join(name);
        std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        Ok(d)
    };
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let fixtures = root().join("tests/fixtures");
    let fixture = String::from_utf8(read(&fixtures.join("portal-login.html"))?).map_err(|e| e.to_string())?;
    let page_dir = dir("page")?;
    for (variant, page) in VARIANTS.iter().zip(pages(&fixture)?) {
        write_compressed(&page_dir.join(variant.file), page.replace("{{BUNDLE}}", cdn).replace("{{FEED}}", feed).as_bytes())?;
    }
    write_compressed(&page_dir.join("portal.css"), &read(&fixtures.join("portal.css"))?)?;
    // The embed's files (README "Embedding it"), not the demo's.
    let cdn_dir = dir("cdn")?;
    for entry in std::fs::read_dir(bundle).map_err(|e| format!("cannot read {}: {e}", bundle.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && (name.starts_with("incident-status") || name == "manifest.json") {
            write_compressed(&cdn_dir.join(&name), &read(&path)?)?;
        }
    }
    let feed_dir = dir("feed")?;
    write_compressed(&feed_dir.join("cyberangriff.json"), &read(&root().join("examples/feeds/cyberangriff.json"))?)
}

const NGINX: &str = "/usr/sbin/nginx";
const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Debian's nginx and its brotli_static module, installed (apt, as root)
/// if missing, as `tools::ensure_all` installs Chromium. Debian's package
/// may start its own nginx service on port 80 where the init system allows
/// it; the bench does not use it.
fn ensure_nginx() -> Result<(), String> {
    if Path::new(NGINX).exists() && Path::new(BROTLI_STATIC).exists() {
        return Ok(());
    }
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !(is_root && Path::new("/etc/debian_version").exists()) {
        return Err(format!("nginx with the brotli_static module is missing ({NGINX}, {BROTLI_STATIC}): install them (Debian: apt-get install nginx libnginx-mod-http-brotli-static)"));
    }
    step("installing nginx and its brotli_static module from Debian (apt-get), for the Lighthouse step");
    let install = || run(Command::new("apt-get").args(["install", "-y", "nginx", "libnginx-mod-http-brotli-static"]).env("DEBIAN_FRONTEND", "noninteractive"));
    install().or_else(|_| {
        run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
        install()
    })
}

/// The pinned Lighthouse's CLI, installed with `npm ci` into
/// `tools/lighthouse/node_modules` if it is missing or another version.
fn ensure_lighthouse() -> Result<(PathBuf, String), String> {
    let dir = root().join("tools/lighthouse");
    let read_json = |p: &Path| -> Option<Value> { serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok() };
    let pinned = read_json(&dir.join("package.json"))
        .and_then(|p| p["devDependencies"]["lighthouse"].as_str().map(str::to_owned))
        .ok_or("tools/lighthouse/package.json pins no lighthouse")?;
    let installed = dir.join("node_modules/lighthouse/package.json");
    let version = || read_json(&installed).and_then(|p| p["version"].as_str().map(str::to_owned));
    if version().as_deref() != Some(pinned.as_str()) {
        step(&format!("installing lighthouse {pinned} into tools/lighthouse/node_modules (npm ci; for the bench only)"));
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&dir))?;
    }
    match version() {
        Some(v) if v == pinned => Ok((dir.join("node_modules/lighthouse/cli/index.js"), v)),
        other => Err(format!("npm ci installed lighthouse {other:?}, not {pinned}")),
    }
}

/// nginx in the foreground (`daemon off`, one process), stopped when dropped.
struct Nginx {
    child: Child,
}

impl Nginx {
    /// Serves `site/{page,cdn,feed}` on `ports` (in that order).
    fn start(dir: &Path, site: &Path, ports: [u16; 3]) -> Result<Nginx, String> {
        let conf = dir.join("nginx.conf");
        let server = |port: u16, root: &str, cache: &str| {
            // CORS for the bundle (module scripts and the wasm are fetched in
            // CORS mode) and the feed (the widget's If-None-Match makes the
            // feed request need a preflight); the max age a CDN would send.
            format!(
                "  server {{\n    listen 127.0.0.1:{port};\n    root {};\n    add_header Cache-Control \"{cache}\" always;\n    add_header Access-Control-Allow-Origin \"*\" always;\n    add_header Access-Control-Allow-Headers \"$http_access_control_request_headers\" always;\n    add_header Access-Control-Max-Age 7200 always;\n    location / {{\n      if ($request_method = OPTIONS) {{ return 204; }}\n    }}\n  }}\n",
                site.join(root).display()
            )
        };
        let temp = dir.join("temp");
        std::fs::create_dir_all(&temp).map_err(|e| e.to_string())?;
        let text = format!(
            "load_module {BROTLI_STATIC};\ndaemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 256; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  charset utf-8;\n  charset_types text/css application/javascript application/json;\n  log_format encodings '$server_port $uri $status $sent_http_content_encoding';\n  access_log {d}/access.log encodings;\n  client_body_temp_path {t}/body;\n  proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n  uwsgi_temp_path {t}/uwsgi;\n  scgi_temp_path {t}/scgi;\n  sendfile on;\n  keepalive_timeout 65;\n  brotli_static on;\n  gzip_static on;\n  gzip_vary on;\n{}{}{}}}\n",
            server(ports[0], "page", "no-cache"),
            server(ports[1], "cdn", "public, max-age=3600"),
            server(ports[2], "feed", "no-cache"),
            d = dir.display(),
            t = temp.display(),
        );
        std::fs::write(&conf, text).map_err(|e| format!("cannot write {}: {e}", conf.display()))?;
        let log = std::fs::File::create(dir.join("stderr.log")).map_err(|e| e.to_string())?;
        let child = Command::new(NGINX)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {NGINX}: {e}"))?;
        let mut nginx = Nginx { child };
        let started = Instant::now();
        while !ports.iter().all(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok()) {
            let error_log = || std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            if let Ok(Some(status)) = nginx.child.try_wait() {
                return Err(format!("nginx exited with {status}:\n{}", error_log()));
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("nginx did not listen on {ports:?} within 10 s:\n{}", error_log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(nginx)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `Content-Encoding` of every response nginx logged, per path.
fn encodings(access_log: &Path) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for line in std::fs::read_to_string(access_log).unwrap_or_default().lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        if let [_, uri, status, encoding] = fields[..] {
            let encoding = match status {
                "204" => "(preflight)".to_owned(),
                // No body: a revalidation of the stylesheet after the load (not in
                // Lighthouse's network records of the page).
                "304" => "(not modified)".to_owned(),
                s if s.starts_with('4') || s.starts_with('5') => format!("(status {s})"),
                _ => encoding.to_owned(),
            };
            let entry = (uri.to_owned(), encoding);
            if !seen.contains(&entry) {
                seen.push(entry);
            }
        }
    }
    seen
}

/// The Lighthouse step: `runs` runs of each variant, in turns (so that the
/// machine's load drifts over all of them alike).
pub fn measure(tools: &Tools, bundle: &Path, work: &Path, runs: usize) -> Result<Lighthouse, String> {
    let (cli, version) = ensure_lighthouse()?;
    ensure_nginx()?;
    let dir = work.join("lighthouse");
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("site");
    let ports = [free_port()?, free_port()?, free_port()?];
    let origin = |i: usize| format!("http://127.0.0.1:{}", ports[i]);
    write_site(&site, bundle, &origin(1), &origin(2))?;
    let nginx = Nginx::start(&dir, &site, ports)?;
    // The flags e2e/src/browser.rs runs Chromium with here (root, no GPU).
    let chrome_flags = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";
    let mut config = None;
    let mut pages: Vec<Page> = VARIANTS.iter().map(|variant| Page { variant, runs: Vec::new() }).collect();
    for n in 1..=runs {
        for page in &mut pages {
            let name = page.variant.file.trim_end_matches(".html");
            let report = dir.join(format!("{name}-{n}.json"));
            let log = dir.join(format!("{name}-{n}.log"));
            let started = Instant::now();
            let out = Command::new("node")
                .arg(&cli)
                .arg(format!("{}/{}", origin(0), page.variant.file))
                .args(["--only-categories=performance", "--output=json", "--quiet"])
                .arg(format!("--output-path={}", report.display()))
                .arg(format!("--chrome-flags={chrome_flags}"))
                .env("CHROME_PATH", &tools.chromium)
                .env("PATH", &tools.path)
                .output()
                .map_err(|e| format!("cannot run lighthouse: {e}"))?;
            std::fs::write(&log, [&out.stdout[..], &out.stderr[..]].concat()).map_err(|e| e.to_string())?;
            if !out.status.success() {
                return Err(format!(
                    "lighthouse failed ({}) on {}; its output: {}\n{}",
                    out.status,
                    page.variant.file,
                    log.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            let text = std::fs::read_to_string(&report).map_err(|e| format!("lighthouse wrote no {}: {e}", report.display()))?;
            let lhr: Value = serde_json::from_str(&text).map_err(|e| format!("{} is no JSON: {e}", report.display()))?;
            let run = figures(&lhr).map_err(|e| format!("{}: {e}", report.display()))?;
            config.get_or_insert_with(|| settings(&lhr));
            step(&format!(
                "  lighthouse {n}/{runs} {name}: score {:.0}, FCP {:.0} ms, LCP {:.0} ms, TBT {:.0} ms, CLS {:.3}, {:.1} KB in {} requests ({:.0} s)",
                run.score,
                run.fcp_ms,
                run.lcp_ms,
                run.tbt_ms,
                run.cls,
                run.transfer_bytes / 1024.0,
                run.requests,
                started.elapsed().as_secs_f64()
            ));
            page.runs.push(run);
        }
    }
    drop(nginx);
    let encodings = encodings(&dir.join("access.log"));
    // The point of the step is a compressing server: fail rather than report
    // figures of uncompressed transfers.
    for (path, encoding) in &encodings {
        let compressible = [".html", ".css", ".js", ".json", ".wasm"].iter().any(|e| path.ends_with(e));
        if encoding.starts_with("(status") {
            return Err(format!("nginx answered {path} with {encoding}: a page or the bundle is incomplete"));
        }
        if compressible && !matches!(encoding.as_str(), "br" | "(preflight)" | "(not modified)") {
            return Err(format!("nginx served {path} with Content-Encoding {encoding:?}, not br: the figures would not be those of a compressing server"));
        }
    }
    let chromium = Command::new(&tools.chromium).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    let date =
        Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]).output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    let result = Lighthouse { version, chromium, date, settings: config.unwrap_or_default(), pages, encodings };
    std::fs::write(work.join("lighthouse.json"), serde_json::to_string_pretty(&document(&result)).unwrap()).map_err(|e| e.to_string())?;
    Ok(result)
}

/// The step's JSON (`$CARGO_TARGET_DIR/bench/lighthouse.json`): every run's
/// figures and the medians; Lighthouse's own reports are next to it in
/// `lighthouse/`.
fn document(l: &Lighthouse) -> Value {
    let pages: Vec<Value> = l
        .pages
        .iter()
        .map(|p| {
            let runs: Vec<Value> = p
                .runs
                .iter()
                .map(|r| {
                    json!({"score": r.score, "fcp_ms": r.fcp_ms, "lcp_ms": r.lcp_ms, "tbt_ms": r.tbt_ms, "cls": r.cls, "speed_index_ms": r.speed_index_ms,
                           "transfer_bytes": r.transfer_bytes, "requests": r.requests, "benchmark_index": r.benchmark_index,
                           "lcp_element": r.lcp_element.as_ref().ok(), "lcp_element_error": r.lcp_element.as_ref().err(), "warnings": r.warnings})
                })
                .collect();
            json!({"page": p.variant.file, "label": p.variant.label, "runs": runs, "median": {
                "score": p.median(|r| r.score), "fcp_ms": p.median(|r| r.fcp_ms), "lcp_ms": p.median(|r| r.lcp_ms), "tbt_ms": p.median(|r| r.tbt_ms),
                "cls": p.median(|r| r.cls), "speed_index_ms": p.median(|r| r.speed_index_ms), "transfer_bytes": p.median(|r| r.transfer_bytes)}})
        })
        .collect();
    json!({"lighthouse": l.version, "chromium": l.chromium, "date": l.date, "settings": l.settings, "pages": pages,
           "encodings": l.encodings.iter().map(|(p, e)| json!({"path": p, "encoding": e})).collect::<Vec<_>>()})
}

fn seconds(ms: f64) -> String {
    format!("{:.1} s", ms / 1000.0)
}

/// "+1.2 s", "−0.1 s", "±0.0 s": the difference `d`, shown as `show` shows the figures.
fn delta(d: f64, show: impl Fn(f64) -> String) -> String {
    let text = show(d.abs());
    let sign = if text == show(0.0) {
        "±"
    } else if d > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{text}")
}

/// A row of the table: its name, the figure, how it is shown.
type Row = (&'static str, fn(&Run) -> f64, fn(f64) -> String);

/// The section of `docs/benchmarks.md`: the table of medians, then how.
pub fn section(l: &Lighthouse) -> String {
    let plain = &l.pages[0];
    let mut t = format!("{HEADING}\n\n");
    t.push_str("| measure (median) |");
    for p in &l.pages {
        t.push_str(&format!(" {} |", p.variant.label));
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|".repeat(l.pages.len()));
    t.push('\n');
    let rows: [Row; 7] = [
        ("performance score", |r| r.score, |v| format!("{v:.0}")),
        ("First Contentful Paint", |r| r.fcp_ms, seconds),
        ("Largest Contentful Paint", |r| r.lcp_ms, seconds),
        ("Total Blocking Time", |r| r.tbt_ms, |v| format!("{v:.0} ms")),
        ("Cumulative Layout Shift", |r| r.cls, |v| format!("{v:.3}")),
        ("Speed Index", |r| r.speed_index_ms, seconds),
        ("transferred (all requests, brotli)", |r| r.transfer_bytes, |v| format!("{:.1} KB", v / 1024.0)),
    ];
    for (name, get, show) in rows {
        t.push_str(&format!("| {name} |"));
        let base = plain.median(get);
        for (i, p) in l.pages.iter().enumerate() {
            let v = p.median(get);
            if i == 0 {
                t.push_str(&format!(" {} |", show(v)));
            } else {
                t.push_str(&format!(" {} ({}) |", show(v), delta(v - base, show)));
            }
        }
        t.push('\n');
    }
    t.push_str("| requests |");
    for p in &l.pages {
        t.push_str(&format!(" {:.0} |", p.median(|r| r.requests as f64)));
    }
    t.push('\n');
    // Lighthouse 12.2.3 cannot name the element on every Chromium (its
    // TraceElements gatherer fails on newer traces): the row only when it can.
    let lcp_element = |p: &Page| p.runs.first().and_then(|r| r.lcp_element.as_ref().ok()).map(|s| format!("`{}`", s.replace('|', "\\|")));
    if l.pages.iter().any(|p| lcp_element(p).is_some()) {
        t.push_str("| LCP element (first run) |");
        for p in &l.pages {
            t.push_str(&format!(" {} |", lcp_element(p).unwrap_or_else(|| "n/a".into())));
        }
        t.push('\n');
    }
    let mut notes: Vec<String> = Vec::new();
    for r in l.pages.iter().flat_map(|p| &p.runs) {
        let first_sentence = |w: &str| w.split(". ").next().unwrap_or(w).trim_end_matches('.').split_whitespace().collect::<Vec<_>>().join(" ");
        for note in r
            .warnings
            .iter()
            .map(|w| first_sentence(w))
            .chain(r.lcp_element.as_ref().err().map(|e| format!("the LCP element audit failed: {}", first_sentence(e))))
        {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    let notes = if notes.is_empty() { "none".to_owned() } else { notes.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join("; ") };

    let runs = plain.runs.len();
    let per_run = |p: &Page| {
        let list = |f: fn(&Run) -> String| p.runs.iter().map(f).collect::<Vec<_>>().join(", ");
        format!(
            "{}: score {}; LCP (ms) {}; TBT (ms) {}; CLS {}; benchmarkIndex {}",
            p.variant.file,
            list(|r| format!("{:.0}", r.score)),
            list(|r| format!("{:.0}", r.lcp_ms)),
            list(|r| format!("{:.0}", r.tbt_ms)),
            list(|r| format!("{:.3}", r.cls)),
            list(|r| format!("{:.0}", r.benchmark_index))
        )
    };
    let benchmark = median(l.pages.iter().flat_map(|p| p.runs.iter().map(|r| r.benchmark_index)).collect());
    let encodings: Vec<String> = l.encodings.iter().filter(|(p, _)| !p.ends_with(".html")).map(|(p, e)| format!("`{p}` {e}")).collect();
    let search_module = crate::search_module::FILE_NAME;
    let search_fetched = if l.encodings.iter().any(|(p, _)| p.ends_with(search_module)) {
        "was fetched in some runs before Lighthouse stopped and counts in their transfer size"
    } else {
        "was not fetched in any run before Lighthouse stopped, so it is in none of the figures"
    };
    t.push_str(&format!(
        "\nMeasured {} by `cargo xtask bench` (`cargo xtask bench --only lighthouse` builds the bundle, runs only this step and rewrites only this section; `BENCH_LIGHTHOUSE_RUNS`, default 5). \
Lighthouse {} (npm, pinned in `tools/lighthouse/package.json`) with its defaults: {}, performance category only; a fresh Chromium profile per run ({}, headless, the flags of `e2e/src/browser.rs`); {runs} runs per page, taken in turns, and the median of each figure on its own. \
Lighthouse's CPU benchmark of this machine (`benchmarkIndex`, median) was {benchmark:.0}: the machine is shared, and TBT is the main thread's observed tasks slowed down as stated above, so it moves with the machine's load (compare each run's TBT with its benchmarkIndex below). Lighthouse's warnings and errors (each once): {notes}. \
Pages: `tests/fixtures/portal-login.html` with `portal.css`, without the tests' recorder `capture.js`: without the widget; as it stands (the module script in the head and `<incident-status mode=\"compact\" service=\"kundenportal\">` with its fallback, its height reserved in `portal.css` as the README asks); and with the README's one-script-tag embed where the banner stands (`data-mode=\"compact\" data-service=\"kundenportal\"`, no reserved height: the loader inserts the element when the module runs). \
Served by nginx 1.22 (Debian, with `libnginx-mod-http-brotli-static`) on three loopback origins, as in a real embedding: the login page; the bundle of step 1 as from a CDN; `examples/feeds/cyberangriff.json` as from the status host (both with CORS and `Access-Control-Max-Age`). HTTP/1.1 with keep-alive; `brotli_static` from files compressed with brotli 11 like `cargo xtask sizes`, and the step fails if a response came without brotli. Content-Encoding as nginx logged it: {}. \
The FAQ search module (`{search_module}`, loaded after the first paint when the browser is idle) {search_fetched}. \
Per run: {}. Lighthouse's reports are in `$CARGO_TARGET_DIR/bench/lighthouse/`, the figures in `$CARGO_TARGET_DIR/bench/lighthouse.json`.\n",
        l.date,
        l.version,
        l.settings,
        l.chromium,
        encodings.join(", "),
        l.pages.iter().map(per_run).collect::<Vec<_>>().join("; "),
    ));
    t
}

/// `doc` with its Lighthouse section replaced by `section`, or `section`
/// inserted before "## Size levers" (else before "## Reproduce", else at the end).
pub fn splice(doc: &str, section: &str) -> String {
    let section = section.trim_end();
    if let Some(start) = doc.find(&format!("\n{HEADING}\n")).map(|i| i + 1) {
        let body = start + HEADING.len();
        return match doc[body..].find("\n## ") {
            Some(i) => format!("{}{section}\n\n{}", &doc[..start], &doc[body + i + 1..]),
            None => format!("{}{section}\n", &doc[..start]),
        };
    }
    for next in ["\n## Size levers", "\n## Reproduce"] {
        if let Some(i) = doc.find(next) {
            return format!("{}\n\n{section}\n{}", doc[..i].trim_end_matches('\n'), &doc[i..]);
        }
    }
    format!("{}\n\n{section}\n", doc.trim_end_matches('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> String {
        std::fs::read_to_string(root().join("tests/fixtures/portal-login.html")).unwrap()
    }

    #[test]
    fn the_variants_of_the_login_page() {
        let [plain, element, script_tag] = pages(&fixture()).unwrap();
        for page in [&plain, &element, &script_tag] {
            assert!(!page.contains("capture.js"), "{page}");
            assert!(page.contains("<form id=\"login\">") && page.contains("/portal.css"), "{page}");
        }
        assert!(!plain.contains("incident-status") && !plain.contains("{{"), "{plain}");
        assert_eq!(element.matches("<incident-status ").count(), 1, "{element}");
        assert!(element.contains("<script type=\"module\" src=\"{{BUNDLE}}/incident-status.js\"></script>"), "{element}");
        assert!(!script_tag.contains("<incident-status"), "{script_tag}");
        assert_eq!(script_tag.matches("{{BUNDLE}}/incident-status.js").count(), 1, "{script_tag}");
        assert!(script_tag.contains("data-mode=\"compact\"") && script_tag.contains("data-feed=\"{{FEED}}/cyberangriff.json\""), "{script_tag}");
        // The tag stands where the element stood: between the heading and the form.
        let at = |s: &str| script_tag.find(s).unwrap();
        assert!(at("<h1>") < at("data-feed") && at("data-feed") < at("<form"), "{script_tag}");
        assert!(pages("<html></html>").is_err(), "a fixture without the widget is an error, not a page without it");
    }

    fn lhr(score: f64, lcp: f64) -> Value {
        let audit = |v: f64| json!({ "numericValue": v });
        json!({
            "categories": { "performance": { "score": score } },
            "environment": { "benchmarkIndex": 1500.0 },
            "configSettings": { "formFactor": "mobile", "throttlingMethod": "simulate", "screenEmulation": { "width": 412, "height": 823 },
                                "throttling": { "rttMs": 150, "throughputKbps": 1638.4, "cpuSlowdownMultiplier": 4 } },
            "audits": {
                "first-contentful-paint": audit(800.0), "largest-contentful-paint": audit(lcp), "total-blocking-time": audit(120.0),
                "cumulative-layout-shift": audit(0.01), "speed-index": audit(900.0), "total-byte-weight": audit(270_000.0),
                "network-requests": { "details": { "items": [{}, {}, {}] } },
                "largest-contentful-paint-element": { "details": { "items": [{ "items": [{ "node": { "selector": "main > h1" } }] }] } }
            }
        })
    }

    #[test]
    fn figures_from_a_report() {
        let run = figures(&lhr(0.95, 1900.0)).unwrap();
        assert_eq!((run.score.round(), run.lcp_ms, run.tbt_ms, run.cls, run.requests), (95.0, 1900.0, 120.0, 0.01, 3));
        assert_eq!(run.lcp_element.as_deref().ok(), Some("main > h1"));
        assert!(run.warnings.is_empty());
        let mut degraded = lhr(0.95, 1900.0);
        degraded["audits"]["largest-contentful-paint-element"] = json!({ "errorMessage": "Required TraceElements gatherer encountered an error" });
        degraded["runWarnings"] = json!(["The tested device appears to have a slower CPU than  Lighthouse expects. This can negatively affect your score."]);
        let run = figures(&degraded).unwrap();
        assert_eq!(run.lcp_element, Err("Required TraceElements gatherer encountered an error".into()));
        let mut l = result();
        l.pages[1].runs[0] = run.clone();
        l.pages[2].runs[1] = run;
        let s = section(&l);
        assert_eq!(s.matches("\"The tested device appears to have a slower CPU than Lighthouse expects\"").count(), 1, "once, whitespace collapsed\n{s}");
        assert!(s.contains("\"the LCP element audit failed: Required TraceElements gatherer encountered an error\""), "{s}");
        let mut broken = lhr(0.95, 1900.0);
        broken["audits"]["largest-contentful-paint"] = json!({ "errorMessage": "NO_LCP" });
        assert!(figures(&broken).unwrap_err().contains("NO_LCP"));
        broken["runtimeError"] = json!({ "code": "NO_FCP" });
        assert!(figures(&broken).unwrap_err().contains("NO_FCP"));
    }

    fn result() -> Lighthouse {
        let runs = |score, lcp| vec![figures(&lhr(score, lcp)).unwrap(), figures(&lhr(score, lcp + 100.0)).unwrap(), figures(&lhr(score, lcp + 50.0)).unwrap()];
        Lighthouse {
            version: "12.2.3".into(),
            chromium: "Chromium 1".into(),
            date: "today".into(),
            settings: settings(&lhr(1.0, 800.0)),
            pages: vec![
                Page { variant: &VARIANTS[0], runs: runs(1.0, 800.0) },
                Page { variant: &VARIANTS[1], runs: runs(0.95, 1900.0) },
                Page { variant: &VARIANTS[2], runs: runs(0.9, 2000.0) },
            ],
            encodings: vec![("/incident-status_bg.wasm".into(), "br".into())],
        }
    }

    #[test]
    fn the_section_shows_medians_and_differences() {
        let s = section(&result());
        assert!(s.starts_with(HEADING), "{s}");
        assert!(
            s.contains("with its defaults: mobile (412×823 screen), simulated throttling (150 ms RTT, 1.6 Mbit/s, CPU slowed down 4 ×), performance"),
            "{s}"
        );
        assert!(s.contains("| performance score | 100 | 95 (−5) | 90 (−10) |"), "{s}");
        assert!(s.contains("| Largest Contentful Paint | 0.8 s | 1.9 s (+1.1 s) | 2.0 s (+1.2 s) |"), "medians: 850 and 1950, 2050\n{s}");
        assert!(s.contains("| Total Blocking Time | 120 ms | 120 ms (±0 ms) |"), "{s}");
        assert!(s.contains("| LCP element (first run) | `main > h1` |"), "{s}");
        assert!(s.contains("Lighthouse's warnings and errors (each once): none."), "{s}");
        assert!(s.contains("login-element.html: score 95, 95, 95; LCP (ms) 1900, 2000, 1950; TBT (ms) 120, 120, 120; CLS 0.010, 0.010, 0.010; benchmarkIndex 1500, 1500, 1500"), "{s}");
        assert!(s.contains("`/incident-status_bg.wasm` br"), "{s}");
        let doc = document(&result());
        assert_eq!(doc["pages"][1]["median"]["lcp_ms"], 1950.0);
    }

    #[test]
    fn splice_replaces_only_its_own_section() {
        let old = format!("# Benchmarks\n\nintro\n\n## How\n\ntext\n\n{HEADING}\n\nold table\n\n## Size levers\n\nlevers\n\n## Reproduce\n\nsh\n");
        let new = splice(&old, &format!("{HEADING}\n\nnew table\n"));
        assert_eq!(new, format!("# Benchmarks\n\nintro\n\n## How\n\ntext\n\n{HEADING}\n\nnew table\n\n## Size levers\n\nlevers\n\n## Reproduce\n\nsh\n"));
        assert_eq!(splice(&new, &format!("{HEADING}\n\nnew table\n")), new, "idempotent");
        let without = "# Benchmarks\n\n## How\n\ntext\n\n## Size levers\n\nlevers\n";
        assert_eq!(splice(without, &format!("{HEADING}\n\nt\n")), format!("# Benchmarks\n\n## How\n\ntext\n\n{HEADING}\n\nt\n\n## Size levers\n\nlevers\n"));
        let last = format!("# B\n\n{HEADING}\n\nold\n");
        assert_eq!(splice(&last, &format!("{HEADING}\n\nnew\n")), format!("# B\n\n{HEADING}\n\nnew\n"));
    }
}
