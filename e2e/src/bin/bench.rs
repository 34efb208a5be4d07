//! The browser half of `cargo xtask bench`: first render, large feed, search
//! and idle polling, measured on the release bundle in headless Chromium.
//!
//! ```text
//! bench fit-feed IN OUT [UPDATES [INCIDENTS]]  # IN's FAQ (+ INCIDENTS incidents, default 1, of UPDATES updates each), cut to the feed limit
//! bench run --dist DIR --work DIR [--runs N] [--poll-seconds S]
//! ```
//!
//! Each prints one JSON document on stdout, and its progress on stderr:
//! `fit-feed` the feed it wrote (schema: `FitFeed` in
//! `xtask/src/bench/schema.rs`), `run` every measurement (schema: `Chromium`
//! there, with `Render`, `Large` (twice: `large`, `many`), `Search`, `Poll`; with `--only` just the
//! named sections). `xtask/src/bench.rs` reads them into those structs and
//! writes the report. `--work` holds `search-corpus.json` (the synthetic FAQ
//! corpus, cut to fit the feed limit), the large feeds `large.json` (one
//! incident of 1,000 updates) and `many.json` (10 incidents of 100), and the
//! static pages `static.html`, `static-large.html`, `static-many.html`
//! (`incident-feed render` of the example feed and of the large ones).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use e2e::browser::{Browser, Options};
use e2e::server::{Response, Server};
use serde_json::{json, Map, Value};

const WAIT: Duration = Duration::from_secs(60);
/// The validator's limit (`incident_feed::validate::MAX_FEED_BYTES`).
const MAX_FEED_BYTES: usize = incident_feed::validate::MAX_FEED_BYTES;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("fit-feed") if (3..=5).contains(&args.len()) => {
            let number = |i: usize, default: usize| args.get(i).map_or(default, |n| n.parse().expect("UPDATES and INCIDENTS are numbers"));
            fit_feed(Path::new(&args[1]), Path::new(&args[2]), number(3, 0), number(4, 1))
        }
        Some("run") => {
            let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
            let dist = PathBuf::from(opt("--dist").expect("--dist DIR"));
            let work = PathBuf::from(opt("--work").expect("--work DIR"));
            let runs: usize = opt("--runs").and_then(|r| r.parse().ok()).unwrap_or(5);
            let poll_seconds: u64 = opt("--poll-seconds").and_then(|r| r.parse().ok()).unwrap_or(180);
            let only = opt("--only");
            let rt = tokio::runtime::Runtime::new().unwrap();
            let out = rt.block_on(run(dist, work, runs, poll_seconds, only));
            println!("{}", serde_json::to_string_pretty(&out).unwrap());
        }
        _ => {
            eprintln!(
                "usage: bench fit-feed IN OUT [UPDATES [INCIDENTS]] | bench run --dist DIR --work DIR [--runs N] [--poll-seconds S] [--only render|large|many|search|poll]"
            );
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------- large feed

/// Minutes after 2026-11-03 07:40 (+01:00) as an RFC 3339 time.
fn at(minutes: usize) -> String {
    let total = 7 * 60 + 40 + minutes;
    let (day, rest) = (3 + total / (24 * 60), total % (24 * 60));
    format!("2026-11-{day:02}T{:02}:{:02}:00+01:00", rest / 60, rest % 60)
}

/// Update `i` of `n` of incident `incident`: ids unique across the feed.
/// The last update of a resolved incident says so.
fn update(incident: usize, i: usize, n: usize, start: usize, resolved: bool) -> Value {
    let status = if resolved && i + 1 == n { "resolved" } else { ["investigating", "identified", "monitoring"][i * 3 / n] };
    json!({
        "id": format!("u-{incident:02}-{i:04}"),
        "at": at(start + i),
        "status": status,
        "title": {
            "de": format!("Zwischenstand {i}: Kundenportal und E-Mail weiterhin eingeschränkt"),
            "en": format!("Update {i}: customer portal and email still limited"),
        },
        "body": {
            "de": format!("Unsere Techniker stellen die Systeme Schritt für Schritt wieder her. Zahlungsfristen verlängern wir automatisch; Sie müssen nichts tun. Stand {i}."),
            "en": format!("Our engineers are restoring the systems step by step. We extend payment deadlines automatically; you need not do anything. Update {i}."),
        },
    })
}

/// `incidents` incidents of `updates` updates each, one after the other in
/// time: all but the newest resolved, the newest still open.
fn incidents(incidents: usize, updates: usize) -> Value {
    let list: Vec<Value> = (0..incidents)
        .map(|k| {
            let start = k * (updates + 60);
            let resolved = k + 1 < incidents;
            let mut incident = json!({
                "id": if incidents == 1 { "grossstoerung".to_owned() } else { format!("stoerung-{k:02}") },
                "title": { "de": format!("Cyber-Angriff auf unsere IT-Systeme ({})", k + 1), "en": format!("Cyber attack on our IT systems ({})", k + 1) },
                "status": if resolved { "resolved" } else { "monitoring" },
                "impact": "major",
                "started_at": at(start),
                "updates": (0..updates).map(|i| update(k, i, updates, start, resolved)).collect::<Vec<_>>(),
            });
            if resolved {
                incident["resolved_at"] = at(start + updates).into();
            }
            incident
        })
        .collect();
    Value::Array(list)
}

/// Writes the FAQ of the feed `input` plus (with `updates` > 0) `count`
/// incidents with that many updates each; if that is over the feed limit,
/// drops FAQ entries from the end until it fits, and says how many it kept.
fn fit_feed(input: &Path, out: &Path, updates: usize, count: usize) {
    let mut feed: Value = serde_json::from_str(&std::fs::read_to_string(input).expect("feed readable")).expect("feed is JSON");
    let obj = feed.as_object_mut().expect("feed is an object");
    if updates > 0 {
        obj.insert("incidents".into(), incidents(count, updates));
    }
    let wanted = obj["faq"].as_array().map_or(0, Vec::len);
    let mut text = serde_json::to_string(&feed).unwrap();
    while text.len() > MAX_FEED_BYTES {
        let faq = feed["faq"].as_array_mut().unwrap();
        let over = text.len() - MAX_FEED_BYTES;
        let per = text.len() / faq.len().max(1);
        let drop = (over / per.max(1)).max(1);
        faq.truncate(faq.len() - drop.min(faq.len()));
        text = serde_json::to_string(&feed).unwrap();
    }
    let kept = feed["faq"].as_array().map_or(0, Vec::len);
    std::fs::write(out, &text).expect("write large feed");
    let (count, total) = if updates > 0 { (count, count * updates) } else { (0, 0) };
    eprintln!("bench: wrote {} ({} bytes, {kept} of {wanted} FAQ entries, {count} incidents, {total} updates)", out.display(), text.len());
    // Schema: `FitFeed` in xtask/src/bench/schema.rs.
    println!("{}", json!({ "bytes": text.len(), "faq": kept, "faq_wanted": wanted, "incidents": count, "updates": total }));
}

// ---------------------------------------------------------------- serving

/// Where each route prefix is served from.
struct Routes {
    mounts: Vec<(String, PathBuf)>,
    /// Files with a fixed route (the static page gets the probe appended).
    pages: Vec<(String, Vec<u8>)>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Pages are cross-origin isolated (COOP + COEP), which gives
/// `performance.now()` its fine resolution and allows
/// `performance.measureUserAgentSpecificMemory()`. The bundle is cacheable
/// for an hour, as from a CDN; feeds are `no-store` (the server's default).
fn serve(routes: &Routes, route: &str) -> Option<Response> {
    let isolate = |r: Response| {
        r.header("Cross-Origin-Opener-Policy", "same-origin")
            .header("Cross-Origin-Embedder-Policy", "require-corp")
            .header("Cross-Origin-Resource-Policy", "cross-origin")
    };
    if let Some((_, body)) = routes.pages.iter().find(|(r, _)| r == route) {
        return Some(isolate(Response::new(200, "text/html; charset=utf-8", body.clone())));
    }
    for (prefix, dir) in &routes.mounts {
        if let Some(rest) = route.strip_prefix(prefix.as_str()) {
            if rest.split('/').any(|p| p == "..") {
                return None;
            }
            let path = if rest.is_empty() { dir.clone() } else { dir.join(rest) };
            let body = std::fs::read(&path).ok()?;
            let mut r = isolate(Response::new(200, content_type(&path), body));
            if prefix == "/dist/" || prefix == "/node_modules/" {
                r = r.header("Cache-Control", "public, max-age=3600");
            }
            return Some(r);
        }
    }
    None
}

/// The static pages (`incident-feed render`) of the example feed and of the
/// large feeds, each with the probe appended, by route.
const STATIC_PAGES: [(&str, &str); 3] =
    [("/static.html", "static.html"), ("/static-large.html", "static-large.html"), ("/static-many.html", "static-many.html")];

fn with_probe(page: String) -> Vec<u8> {
    let probe = "<script src=\"/bench/static-probe.js\"></script>";
    match page.rfind("</body>") {
        Some(i) => format!("{}{probe}{}", &page[..i], &page[i..]),
        None => format!("{page}{probe}"),
    }
    .into_bytes()
}

fn start_server(dist: &Path, work: &Path) -> Server {
    let root = e2e::root();
    let mut pages = Vec::new();
    for (route, file) in STATIC_PAGES {
        match std::fs::read_to_string(work.join(file)) {
            Ok(page) => pages.push((route.to_owned(), with_probe(page))),
            // Only the example feed's page is needed by every section.
            Err(e) if file == "static.html" => panic!("{file} (incident-feed render): {e}"),
            Err(_) => {}
        }
    }
    let routes = Arc::new(Routes {
        mounts: vec![
            ("/dist/".into(), dist.to_path_buf()),
            // The engine settings that bench/search/compare.mjs (Node) shares
            // with e2e/bench/search.js, at their path in the repository
            // (before "/bench/": the first matching prefix wins).
            ("/bench/search/".into(), root.join("bench/search")),
            ("/bench/".into(), root.join("e2e/bench")),
            ("/node_modules/".into(), root.join("tools/node_modules")),
            ("/feeds/cyberangriff.json".into(), root.join("examples/feeds/cyberangriff.json")),
            ("/feeds/search-queries.json".into(), root.join("crates/incident-search/tests/data/search-queries.json")),
            ("/feeds/".into(), work.to_path_buf()),
        ],
        pages,
    });
    let server = Server::start(None);
    server.handle(move |request| serve(&routes, request.route()));
    server
}

// ---------------------------------------------------------------- statistics

fn median(v: &[f64]) -> f64 {
    percentile(v, 0.5)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return f64::NAN;
    }
    s.sort_by(f64::total_cmp);
    s[((s.len() - 1) as f64 * p).round() as usize]
}

/// A number rounded to 3 decimals; `null` if not measured (NaN).
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 1000.0).round() / 1000.0)
    } else {
        Value::Null
    }
}

/// `Series`: every run and the median.
fn series(v: &[f64]) -> Value {
    json!({ "median": num(median(v)), "runs": v.iter().map(|x| num(*x)).collect::<Vec<_>>() })
}

/// `Latency`: median and p95 of pooled query times (µs).
fn latency(v: &[f64]) -> Value {
    json!({ "median_us": num(median(v)), "p95_us": num(percentile(v, 0.95)), "queries": v.len() })
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

// ---------------------------------------------------------------- the runs

/// The document `Chromium` (xtask/src/bench/schema.rs): one key per section.
async fn run(dist: PathBuf, work: PathBuf, runs: usize, poll_seconds: u64, only: Option<String>) -> Map<String, Value> {
    let mut out = Map::new();
    let want = |s: &str| only.as_deref().is_none_or(|o| o.split(',').any(|x| x == s));
    let server = start_server(&dist, &work);
    if want("render") {
        out.insert("render".into(), render(&server, runs).await);
    }
    if want("large") {
        out.insert("large".into(), large(&server, runs, "large.json", "/static-large.html").await);
    }
    if want("many") {
        out.insert("many".into(), large(&server, runs, "many.json", "/static-many.html").await);
    }
    if want("search") {
        out.insert("search".into(), search(&server, runs).await);
    }
    if want("poll") {
        out.insert("poll".into(), poll(&server, poll_seconds).await);
    }
    out
}

async fn browser(extra: &[&str]) -> Browser {
    let mut options = Options::default();
    options.args.extend(extra.iter().map(|s| s.to_string()));
    let b = Browser::with(options).await;
    b.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(600)), Some(Duration::from_secs(120)), None))
        .await
        .expect("timeouts");
    b
}

/// Opens `url` and returns the probe's `window.__bench` once `painted` is set.
async fn painted(b: &Browser, url: &str) -> Value {
    b.goto(url).await;
    b.wait_for("window.__bench && window.__bench.painted !== null && window.__bench", WAIT).await
}

/// First render: per run a fresh profile; a warm-up page on the origin, then
/// the widget cold, the widget again (last good copy in localStorage, bundle
/// in the HTTP cache), then the static page. Schema: `Render`.
async fn render(server: &Server, runs: usize) -> Value {
    let (mut cold, mut cached, mut stat, mut fcp, mut r_cold, mut r_cached) = (vec![], vec![], vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let b = browser(&[]).await;
        b.goto(&server.url("/bench/blank.html")).await;
        let c = painted(&b, &server.url("/bench/render.html")).await["painted"].as_f64().unwrap();
        let stored = b.js("return Object.keys(localStorage).length", vec![]).await;
        let w = painted(&b, &server.url("/bench/render.html")).await["painted"].as_f64().unwrap();
        let s = painted(&b, &server.url("/static.html")).await;
        // FCP is reported a moment after the frame.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let f = b.js("return window.__bench.fcp", vec![]).await.as_f64().unwrap_or(f64::NAN);
        let s = s["painted"].as_f64().unwrap();
        eprintln!(
            "bench: render run {}/{runs}: cold {c:.1} ms, cached {w:.1} ms, static {s:.1} ms (FCP {f:.1}), localStorage keys after the first load: {stored}",
            run + 1
        );
        cold.push(c);
        cached.push(w);
        stat.push(s);
        fcp.push(f);
        r_cold.push(c / s);
        r_cached.push(w / s);
        b.close().await;
    }
    json!({
        "runs": runs,
        "cold": series(&cold),
        "cached": series(&cached),
        "static": series(&stat),
        "static_fcp": series(&fcp),
        "ratio_cold": series(&r_cold),
        "ratio_cached": series(&r_cached),
    })
}

/// A large feed (`feed`, under `/feeds/`), cold, per run in a fresh
/// profile: time to the header painted, the elements in the DOM, memory
/// after; then, in the same browser, the static page of the same feed
/// (`static_route`). Schema: `Large`.
async fn large(server: &Server, runs: usize, feed: &str, static_route: &str) -> Value {
    let (mut paint, mut heap, mut wasm, mut uasm, mut nodes, mut stat, mut ratio) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut fetched = vec![];
    let mut first = json!({});
    for run in 0..runs {
        let b = browser(&["--enable-precise-memory-info", "--enable-blink-features=ForceEagerMeasureMemory"]).await;
        b.goto(&server.url("/bench/blank.html")).await;
        let p = painted(&b, &server.url(&format!("/bench/render.html?feed=/feeds/{feed}"))).await["painted"].as_f64().unwrap();
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let m = b
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                (async () => {
                  const r = { heap: performance.memory ? performance.memory.usedJSHeapSize : null, coi: self.crossOriginIsolated };
                  // When the feed's last byte arrived: painted minus this is the wasm's
                  // part (parse, validate, render), before it the network's.
                  const feed = performance.getEntriesByType('resource').find((e) => e.name.includes('/feeds/'));
                  r.fetched = feed ? feed.responseEnd : null;
                  r.nodes = document.querySelector('incident-status').shadowRoot.querySelectorAll('*').length;
                  r.faq = document.querySelector('incident-status').shadowRoot.querySelectorAll('[id^="faq-"]').length;
                  r.updates = document.querySelector('incident-status').shadowRoot.querySelectorAll('[id^="update-"]').length;
                  try {
                    // The glue's default export returns the running instance's exports.
                    const glue = await import('/dist/incident-status.js');
                    const exports = await glue.default();
                    r.wasm = exports.memory.buffer.byteLength;
                  } catch (e) { r.wasmError = String(e); }
                  if (performance.measureUserAgentSpecificMemory) {
                    try {
                      const m = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((_, no) => setTimeout(() => no(new Error('timeout')), 20000))]);
                      r.uasm = m.bytes;
                    } catch (e) { r.uasmError = String(e); }
                  } else { r.uasmError = 'not available'; }
                  return r;
                })().then(done, (e) => done({ error: String(e) }));"#,
                vec![],
            )
            .await;
        let st = painted(&b, &server.url(static_route)).await["painted"].as_f64().unwrap();
        eprintln!("bench: {feed} run {}/{runs}: painted {p:.1} ms, static page {st:.1} ms, {m}", run + 1);
        paint.push(p);
        fetched.push(m["fetched"].as_f64().unwrap_or(f64::NAN));
        stat.push(st);
        ratio.push(p / st);
        heap.push(m["heap"].as_f64().unwrap_or(f64::NAN) / 1048576.0);
        wasm.push(m["wasm"].as_f64().unwrap_or(f64::NAN) / 1048576.0);
        uasm.push(m["uasm"].as_f64().unwrap_or(f64::NAN) / 1048576.0);
        nodes.push(m["nodes"].as_f64().unwrap_or(f64::NAN));
        if run == 0 {
            first = m;
        }
        b.close().await;
    }
    let field = |name: &str| first.get(name).cloned().unwrap_or(Value::Null);
    json!({
        "runs": runs,
        "painted": series(&paint),
        "fetched": series(&fetched),
        "static": series(&stat),
        "ratio": series(&ratio),
        "heap_mib": series(&heap),
        "wasm_mib": series(&wasm),
        "uasm_mib": series(&uasm),
        "shadow_nodes": series(&nodes),
        "faq_in_dom": field("faq"),
        "updates_in_dom": field("updates"),
        "wasm_error": field("wasmError"),
        "uasm_error": field("uasmError"),
    })
}

/// Ours, MiniSearch and Fuse.js on one page, `runs` page loads in one
/// browser; quality from the first load (it is deterministic), build times
/// as the median over loads, query times pooled over all loads. Schema:
/// `Search`, one `Engine` each under `ours`, `minisearch` and `fuse`.
async fn search(server: &Server, runs: usize) -> Value {
    let b = browser(&[]).await;
    // The page's names for the engines, and ours in the document.
    let engines = [("ours", "ours"), ("MiniSearch", "minisearch"), ("Fuse.js", "fuse")];
    let mut builds: Vec<Vec<f64>> = vec![vec![]; 3];
    let mut small: Vec<Vec<f64>> = vec![vec![]; 3];
    let mut corpus: Vec<Vec<f64>> = vec![vec![]; 3];
    let mut first = Value::Null;
    for run in 0..runs {
        b.goto(&server.url("/bench/search.html")).await;
        b.wait_for("window.searchBenchReady", WAIT).await;
        let r = b
            .js_async("const done = arguments[arguments.length - 1]; window.runSearchBench({ rounds: 3, fuseRounds: arguments[0] }).then(done, (e) => done({ error: String(e) }));", vec![json!(if run == 0 { 1 } else { 0 })])
            .await;
        if let Some(e) = r.get("error") {
            panic!("search bench failed in the page: {e}");
        }
        for (i, (name, _)) in engines.iter().enumerate() {
            let e = &r["engines"][*name];
            builds[i].extend(f64s(&e["build"]["corpus"]));
            small[i].extend(f64s(&e["small"]));
            corpus[i].extend(f64s(&e["corpus"]));
        }
        eprintln!(
            "bench: search run {}/{runs}: builds ours {:.1} / MiniSearch {:.1} / Fuse.js {:.1} ms",
            run + 1,
            builds[0].last().copied().unwrap_or(f64::NAN),
            median(&f64s(&r["engines"]["MiniSearch"]["build"]["corpus"])),
            median(&f64s(&r["engines"]["Fuse.js"]["build"]["corpus"]))
        );
        if run == 0 {
            first = r;
        }
    }
    b.close().await;
    let mut out = json!({
        "runs": runs,
        "cross_origin_isolated": first["crossOriginIsolated"],
        "corpus_entries": first["corpusEntries"],
        "first_call_hits": first["firstCallHits"],
    });
    for (i, (name, key)) in engines.iter().enumerate() {
        // Quality is deterministic: the page's figures of the first load.
        let quality = &first["engines"][*name]["quality"];
        out[*key] = json!({
            "quality": quality["all"],
            "kinds": quality["kinds"],
            "build_corpus": series(&builds[i]),
            "small": latency(&small[i]),
            "corpus": latency(&corpus[i]),
        });
    }
    out
}

/// One idle client for `seconds` with `refresh="30"`, the feed on a second
/// origin (as from a CDN) answering 304 to its ETag. Schema: `Poll`.
async fn poll(server: &Server, seconds: u64) -> Value {
    let feed = std::fs::read(e2e::root().join("examples/feeds/cyberangriff.json")).unwrap();
    let cdn = Server::start(None);
    const ETAG: &str = "\"feed-v1\"";
    cdn.handle(move |request| {
        if request.route() != "/feed.json" {
            return None;
        }
        Some(if request.header("if-none-match") == Some(ETAG) {
            Response::new(304, "application/json", Vec::new()).header("ETag", ETAG)
        } else {
            Response::json(feed.clone()).header("ETag", ETAG)
        })
    });
    let b = browser(&[]).await;
    let url = format!("{}?feed={}", server.url("/bench/poll.html"), cdn.url("/feed.json"));
    b.goto(&url).await;
    eprintln!("bench: polling for {seconds} s (refresh=\"30\") …");
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let traffic = cdn.traffic();
    b.close().await;
    let of = |method_status: &dyn Fn(u16) -> bool| -> (usize, usize, usize) {
        let t: Vec<_> = traffic.iter().filter(|t| method_status(t.status)).collect();
        (t.len(), t.iter().map(|t| t.received).sum(), t.iter().map(|t| t.sent).sum())
    };
    let (n200, r200, s200) = of(&|s| s == 200);
    let (n304, r304, s304) = of(&|s| s == 304);
    let (n204, r204, s204) = of(&|s| s == 204);
    let requests = cdn.requests();
    let times: Vec<f64> = requests.iter().filter(|r| r.method == "GET").map(|r| r.at.as_secs_f64()).collect();
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    let per = |n: usize, bytes: usize| if n == 0 { f64::NAN } else { bytes as f64 / n as f64 };
    let sample: Vec<String> = requests.iter().take(4).map(|r| format!("{} {} {:?}", r.method, r.path, r.header("if-none-match"))).collect();
    json!({
        "seconds": seconds,
        "get_200": n200,
        "get_304": n304,
        "options": n204,
        "other": traffic.len() - n200 - n304 - n204,
        "first_bytes": r200 + s200,
        "per_304": { "received": num(per(n304, r304)), "sent": num(per(n304, s304)) },
        "per_options": { "received": num(per(n204, r204)), "sent": num(per(n204, s204)) },
        "idle_received": r304 + r204,
        "idle_sent": s304 + s204,
        "gaps_s": gaps.iter().map(|g| num(*g)).collect::<Vec<_>>(),
        "mean_gap_s": num(if gaps.is_empty() { f64::NAN } else { gaps.iter().sum::<f64>() / gaps.len() as f64 }),
        "sample": sample,
    })
}
