//! `cargo xtask bench`: one benchmark report, printed as one Markdown table
//! and written to `docs/benchmarks.md` with the machine and the commands.
//!
//! Steps: build the release bundle (`cargo xtask dist`) and copy it to a
//! private folder (others may rebuild `dist/` meanwhile); the native search
//! bench (which also dumps the synthetic corpus); the static page
//! (`incident-feed render`); the large feed (cut to the feed limit if needed) and its
//! native validation time; then the browser half (`e2e/src/bin/bench.rs`):
//! first render, large feed, search in Chromium, idle polling.
//!
//! Environment: `BENCH_RUNS` (default 5), `BENCH_POLL_SECONDS` (default 180).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::sizes;
use crate::tools::{run, Tools};
use crate::{root, step};

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The flat JSON the bench binary prints: one `"key": value` per line.
fn flat_json(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim().trim_end_matches(',');
        if let Some(rest) = line.strip_prefix('"') {
            if let Some((key, value)) = rest.split_once("\": ") {
                map.insert(key.to_owned(), value.trim_matches('"').to_owned());
            }
        }
    }
    map
}

/// A number after `label` in a line of the native search bench.
fn after(line: &str, label: &str) -> String {
    line.split(label).nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or("?").to_owned()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn bench(_args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let poll_seconds: u64 = std::env::var("BENCH_POLL_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(180);
    let work = target_dir().join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;

    step("bench 1/6: release bundle (cargo xtask dist), copied to a private folder");
    // dist/ is shared: a concurrent trunk build can pull the staging folder
    // away under ours, so a failed build is retried.
    let mut attempt = 0;
    let tools: Tools = loop {
        attempt += 1;
        match crate::dist::dist() {
            Ok(t) => break t,
            Err(e) if attempt < 3 => step(&format!("dist failed ({e}); retrying")),
            Err(e) => return Err(e),
        }
    };
    let dist = work.join("dist");
    copy_dir(&root().join("dist"), &dist)?;
    let bundle = sizes::bundle(&dist)?;

    step("bench 2/6: native search bench (cargo run --release -p incident-search --features bench --example search_bench)");
    let corpus = work.join("corpus-5000.json");
    let native = output(
        tools
            .command("cargo")
            .args(["run", "--quiet", "--release", "-p", "incident-search", "--features", "bench", "--example", "search_bench", "--", "5000", "--dump"])
            .arg(&corpus),
    )?;
    eprint!("{native}");
    let synthetic = native.lines().find(|l| l.starts_with("synthetic")).ok_or("search_bench printed no synthetic line")?.to_owned();
    step("bench 2/6 (cont.): the search's weight in the wasm (built with and without it, as `cargo xtask search-weight`)");
    let (with_search, without_search) = crate::search_weight::measure(&tools)?;

    step("bench 3/6: static page (incident-feed render) and the feeds cut to the feed limit if needed");
    run(tools.command("cargo").args(["build", "--quiet", "--release", "-p", "incident-feed-cli", "--bin", "incident-feed"]))?;
    run(tools.command("cargo").args(["build", "--quiet", "--release", "-p", "e2e", "--bin", "bench"]))?;
    let cli = target_dir().join("release/incident-feed");
    let bench_bin = target_dir().join("release/bench");
    run(Command::new(&cli).arg("render").arg(root().join("examples/feeds/cyberangriff.json")).args(["--lang", "de", "--out"]).arg(work.join("static.html")))?;
    // fit-feed prints one line `{"bytes": …, "faq": …, …}`: one key per line for flat_json.
    let one_per_line = |s: String| s.trim().trim_start_matches('{').trim_end_matches('}').replace(", ", ",\n");
    let search_fit = flat_json(&one_per_line(output(Command::new(&bench_bin).arg("fit-feed").arg(&corpus).arg(work.join("search-corpus.json")))?));
    let large_fit = flat_json(&one_per_line(output(Command::new(&bench_bin).arg("fit-feed").arg(&corpus).arg(work.join("large.json")).arg("1000"))?));
    let corpus_bytes = std::fs::metadata(&corpus).map(|m| m.len()).unwrap_or(0);

    step("bench 4/6: native parse + validate of the large feed (incident-feed validate, 7 runs)");
    let mut validate = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        // Exit status 0 means valid; `output` fails otherwise.
        output(Command::new(&cli).arg("validate").arg(work.join("large.json")))?;
        validate.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let validate_ms = median(validate);

    step(&format!("bench 5/6: Chromium (e2e bench binary): {runs} runs of first render, large feed and search; {poll_seconds} s of idle polling"));
    let browser = output(Command::new(&bench_bin).args(["run", "--dist"]).arg(&dist).arg("--work").arg(&work).args([
        "--runs",
        &runs.to_string(),
        "--poll-seconds",
        &poll_seconds.to_string(),
    ]))?;
    std::fs::write(work.join("chromium.json"), &browser).map_err(|e| e.to_string())?;
    let r = flat_json(&browser);

    step("bench 6/6: report");
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let chromium_bin = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let chromium = output(Command::new(&chromium_bin).arg("--version")).unwrap_or_default().trim().to_owned();
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default().trim().to_owned();
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default().trim().to_owned();

    let g = |k: &str| r.get(k).cloned().unwrap_or_else(|| "n/a".into());
    let f = |k: &str| r.get(k).and_then(|v| v.parse::<f64>().ok());
    let ms = |k: &str| f(k).map_or("n/a".into(), |v| format!("{v:.0} ms"));
    let us = |k: &str| f(k).map_or("n/a".into(), |v| if v >= 10_000.0 { format!("{:.0} ms", v / 1000.0) } else { format!("{v:.0} µs") });
    let x = |k: &str| f(k).map_or("n/a".into(), |v| format!("{v:.2}"));
    let mib = |k: &str| f(k).map_or("not measurable".into(), |v| format!("{v:.1} MiB"));

    let mut t = String::from("| section | measure | incident-status | reference | ratio |\n|---|---|---:|---|---:|\n");
    let mut row = |a: &str, b: &str, c: String, d: String, e: String| t.push_str(&format!("| {a} | {b} | {c} | {d} | {e} |\n"));
    // 1. bundle
    let mut total = sizes::Sizes::default();
    for (name, s) in &bundle {
        row("bundle", name, format!("{} / {} / {}", sizes::kb(s.raw), sizes::kb(s.gzip), sizes::kb(s.brotli)), "raw / gzip -9 / brotli 11".into(), "".into());
        total = total + *s;
    }
    row(
        "bundle",
        "**total**",
        format!("**{} / {} / {}**", sizes::kb(total.raw), sizes::kb(total.gzip), sizes::kb(total.brotli)),
        "raw / gzip -9 / brotli 11".into(),
        "".into(),
    );
    // 2. first render
    row(
        "first render",
        "cold (fresh profile, empty localStorage)",
        ms("render.cold.median"),
        format!("static HTML page: {}", ms("render.static.median")),
        format!("{} ×", x("render.ratio_cold.median")),
    );
    row(
        "first render",
        "second load (last good copy, bundle in HTTP cache)",
        ms("render.cached.median"),
        format!("static HTML page: {}", ms("render.static.median")),
        format!("{} ×", x("render.ratio_cached.median")),
    );
    // 3. large feed
    let large_desc = format!(
        "{} updates, {} FAQ entries, {:.2} MiB",
        large_fit.get("updates").map_or("?", |s| s),
        large_fit.get("faq").map_or("?", |s| s),
        large_fit.get("bytes").and_then(|b| b.parse::<f64>().ok()).unwrap_or(0.0) / 1048576.0
    );
    row(
        "large feed",
        &format!("native parse + validate ({large_desc})"),
        format!("{validate_ms:.0} ms"),
        "`incident-feed validate`, whole process".into(),
        "".into(),
    );
    row(
        "large feed",
        "fetch + parse + validate + first render, cold",
        ms("large.painted.median"),
        format!("test feed: {}", ms("render.cold.median")),
        "".into(),
    );
    row(
        "large feed",
        "JS heap after (usedJSHeapSize)",
        mib("large.heap_mib.median"),
        format!("wasm linear memory: {}", mib("large.wasm_mib.median")),
        "".into(),
    );
    // 4. search
    let n = g("search.corpus_entries");
    let q = |e: &str| format!("{} / {}", x(&format!("search.{e}.mrr")), x(&format!("search.{e}.r1")));
    row(
        "search",
        &format!("MRR / R@1 ({} queries, cyberangriff.json)", g("search.ours.n")),
        q("ours"),
        format!("MiniSearch {} · Fuse.js {}", q("minisearch"), q("fuse")),
        "".into(),
    );
    let qt = |e: &str, set: &str| format!("{} / {}", us(&format!("search.{e}.{set}.median_us")), us(&format!("search.{e}.{set}.p95_us")));
    row(
        "search",
        "query median / p95, cyberangriff.json (16 entries)",
        qt("ours", "small"),
        format!("MiniSearch {} · Fuse.js {}", qt("minisearch", "small"), qt("fuse", "small")),
        "".into(),
    );
    let ratio = |a: &str, b: &str| match (f(a), f(b)) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2} × MiniSearch", a / b),
        _ => "n/a".into(),
    };
    row(
        "search",
        &format!("query median / p95, synthetic corpus ({n} entries)"),
        qt("ours", "corpus"),
        format!("MiniSearch {} · Fuse.js {}", qt("minisearch", "corpus"), qt("fuse", "corpus")),
        ratio("search.ours.corpus.median_us", "search.minisearch.corpus.median_us"),
    );
    row(
        "search",
        "added to the wasm (built with and without the search)",
        format!("{} brotli", sizes::kb(with_search.brotli.saturating_sub(without_search.brotli))),
        format!(
            "{} → {} brotli; raw {} → {}",
            sizes::kb(without_search.brotli),
            sizes::kb(with_search.brotli),
            sizes::kb(without_search.raw),
            sizes::kb(with_search.raw)
        ),
        "".into(),
    );
    row(
        "search",
        &format!("index build, synthetic corpus ({n} entries)"),
        ms("search.ours.build_corpus.median"),
        format!("MiniSearch {} · Fuse.js {}", ms("search.minisearch.build_corpus.median"), ms("search.fuse.build_corpus.median")),
        "".into(),
    );
    row(
        "search",
        "native (Rust, release), synthetic 5,000 entries: build / query median / p95",
        format!("{} ms / {} µs / {} µs", after(&synthetic, "build (default language)"), after(&synthetic, "query median"), after(&synthetic, "p95")),
        "`search_bench` example".into(),
        "".into(),
    );
    // 5. polling
    let per304 = f("poll.per_304.received").unwrap_or(f64::NAN) + f("poll.per_304.sent").unwrap_or(f64::NAN);
    let per_options = f("poll.per_options.received").unwrap_or(0.0) + f("poll.per_options.sent").unwrap_or(0.0);
    let secs = f("poll.seconds").unwrap_or(f64::NAN);
    let idle = f("poll.idle_received").unwrap_or(0.0) + f("poll.idle_sent").unwrap_or(0.0);
    let kib = |b: f64| format!("{:.1} KB", b / 1024.0);
    row(
        "polling",
        &format!("idle client, refresh=\"30\", measured {:.0} s, × {:.0} to an hour", secs, 3600.0 / secs),
        format!("{} /h", kib(idle * 3600.0 / secs)),
        format!("{} polls (304) + {} preflights (OPTIONS) in {:.0} s", g("poll.get_304"), g("poll.options"), secs),
        "".into(),
    );
    row(
        "polling",
        "per idle poll: GET → 304 (request + response)",
        format!("{per304:.0} B"),
        format!("+ CORS preflight {per_options:.0} B when not cached"),
        "".into(),
    );
    row(
        "polling",
        "per hour at 30 s (120 polls)",
        format!("{} /h", kib(120.0 * per304)),
        format!("with preflights: {} /h", kib(120.0 * (per304 + per_options))),
        "".into(),
    );
    row(
        "polling",
        "per hour at the default 300 s (12 polls)",
        format!("{} /h", kib(12.0 * per304)),
        format!("with preflights: {} /h", kib(12.0 * (per304 + per_options))),
        "".into(),
    );

    println!("{t}");

    let corpus_mib = corpus_bytes as f64 / 1048576.0;
    let mut doc = String::new();
    doc.push_str("# Benchmarks\n\n");
    doc.push_str("Written by `cargo xtask bench` from one real run; do not edit by hand.\n\n");
    doc.push_str(&format!(
        "- machine: {cpu}, {cores} cores (shared; absolute times are noisy: medians of {runs} runs, ratios per run)\n- date: {date}\n- browser: {chromium}, headless, driven by ChromeDriver\n- compiler: {rustc}\n- total bench time: {:.0} s\n\n",
        started.elapsed().as_secs_f64()
    ));
    doc.push_str(&t);
    doc.push_str("\n## How each number is measured\n\n");
    doc.push_str(&format!(
        "**Bundle.** The release bundle of `cargo xtask dist` (`xtask/src/sizes.rs`): gzip -9 and brotli quality 11, as a CDN would serve it.\n\n\
**First render.** Each run starts Chromium with a fresh profile, opens a blank page on the test origin (so that the browser's own start-up is not counted), then: the widget page (`e2e/bench/render.html`: `<incident-status feed=… mode=full lang=de>` with the German example feed) cold; the same page again (second load: the last good copy in localStorage and the bundle in the HTTP cache, `Cache-Control: max-age=3600` as from a CDN; the feed is `no-store`); and the static page of the same feed (`incident-feed render examples/feeds/cyberangriff.json --lang de`, with a probe script appended). \
Time = `performance.now()` (from navigation start) in the first animation frame in which `.is-root .is-header` exists in the widget's shadow root (`e2e/bench/probe.js`), and for the static page the first animation frame after its body is parsed (`e2e/bench/static-probe.js`). Ratios are per run, then the median. \
Per run (ms): cold {}; second load {}; static {} (its first-contentful-paint: {}).\n\n",
        g("render.cold.runs"),
        g("render.cached.runs"),
        g("render.static.runs"),
        g("render.static_fcp.runs")
    ));
    doc.push_str(&format!(
        "**Large feed.** The issue asks for 1,000 updates and 5,000 FAQ entries. With the synthetic FAQ of `incident_search::synthetic::large_feed(5000)` (about 1 KB per entry, German and English) that is {:.2} MiB of JSON before the updates; the feed limit of the validator and of the widget's fetch (`MAX_FEED_BYTES`) is {} MiB. \
The bench keeps the 1,000 updates and the largest prefix of the FAQ that fits within it: **{} of {} entries, {} bytes** (`e2e/src/bin/bench.rs fit-feed`); `incident-feed validate` accepts it (it runs `parse_feed`). \
Native time is the whole `incident-feed validate` process (read, parse, validate), median of 7. In Chromium: a fresh profile per run, navigation start to the header painted (the widget fetches, parses and validates in wasm, then renders every update and FAQ entry: {} elements with `update-…` ids and {} with `faq-…` ids, {} elements in all in the shadow root). \
Then, after 1 s: `performance.memory.usedJSHeapSize` (with `--enable-precise-memory-info`) per run (MiB): {}; the wasm linear memory, read as `memory.buffer.byteLength` of the running instance's exports (the bundle's default export returns them once initialised; nothing in `src/` changed) per run (MiB): {}; `performance.measureUserAgentSpecificMemory()` (page cross-origin isolated): {} MiB per run{}.\n\n",
        corpus_mib,
        incident_feed::validate::MAX_FEED_BYTES / (1024 * 1024),
        large_fit.get("faq").map_or("?", |s| s),
        large_fit.get("faq_wanted").map_or("?", |s| s),
        large_fit.get("bytes").map_or("?", |s| s),
        g("large.updates_in_dom"),
        g("large.faq_in_dom"),
        g("large.shadow_nodes.median"),
        g("large.heap_mib.runs"),
        g("large.wasm_mib.runs"),
        g("large.uasm_mib.runs"),
        r.get("large.uasm_error").filter(|e| *e != "null").map(|e| format!(" (error: {e})")).unwrap_or_default()
    ));
    doc.push_str(&format!(
        "**Search.** One page in Chromium (`e2e/bench/search.html`, `search.js`), cross-origin isolated (`crossOriginIsolated` = {}) so that `performance.now()` resolves to 5 µs. Ours runs through the real bundle: `element.search(q)` on `<incident-status>` elements (compact mode, one per language, since the widget searches in its own language; it returns up to 10 hits with their questions, like the others' limit 10). MiniSearch and Fuse.js are imported from `tools/node_modules` (ESM builds) with exactly the settings of `bench/search/compare.mjs`. \
Quality: the {} labelled queries of `crates/incident-search/tests/data/search-queries.json` against `examples/feeds/cyberangriff.json`. Query times: those queries plus typing sequences (as in `compare.mjs`), 3 rounds per page load, pooled over {runs} page loads; Fuse.js on the corpus only 1 round in the first load (it takes a tenth of a second and more per query there). \
Corpus: the synthetic corpus of 5,000 entries is {:.2} MiB; all three engines use its largest prefix within the feed limit, **{} entries** (the native row is always the full 5,000). Index build: ours is the first `element.search` call on the German corpus widget (build + one query), one per page load: {} ms; MiniSearch and Fuse.js 5 builds per load (including mapping the feed to documents, as in `compare.mjs`). \
Added weight of the search code: the widget's wasm built as trunk builds it (release, wasm-bindgen, `wasm-opt -Oz`), once as shipped and once with `--no-default-features`, which swaps the search for a stand-in that finds nothing (`src/search_engine.rs`); the difference is what the search costs.\n\n",
        g("search.cross_origin_isolated"),
        g("search.ours.n"),
        corpus_mib,
        search_fit.get("faq").map_or("?", |s| s),
        g("search.ours.build_corpus.runs"),
    ));
    doc.push_str("Per kind of query (R@1, R@3, MRR), measured in Chromium:\n\n| kind | ours | MiniSearch | Fuse.js |\n|---|---|---|---|\n");
    let kinds: Vec<String> = r.keys().filter_map(|k| k.strip_prefix("search.ours.kind.")).map(str::to_owned).collect();
    for kind in kinds {
        doc.push_str(&format!(
            "| {kind} | {} | {} | {} |\n",
            g(&format!("search.ours.kind.{kind}")),
            g(&format!("search.minisearch.kind.{kind}")),
            g(&format!("search.fuse.kind.{kind}"))
        ));
    }
    doc.push_str(&format!(
        "\nNative search bench output:\n\n```\n{}```\n\n",
        native.lines().filter(|l| !l.starts_with("wrote")).map(|l| format!("{l}\n")).collect::<String>()
    ));
    doc.push_str(&format!(
        "**Polling.** One idle client (fresh profile) with `refresh=\"30\"` (the minimum) for {:.0} s; the feed on a second origin, as from a CDN, with an ETag, answering 304 to `If-None-Match`. The e2e server records, per exchange, the bytes received (request line, headers, body) and sent (status line, headers, body); HTTP only, without TCP/IP or TLS overhead, one connection per request (`Connection: close`). \
In that time: {} first load (200, {} B), {} polls answered 304, {} CORS preflights (OPTIONS), gaps between requests (s): {}. \
The widget sends `If-None-Match` itself, which is not a CORS-safelisted header, so a cross-origin feed needs a preflight; the test server sends no `Access-Control-Max-Age`, so Chromium re-asks every time (its default cache is 5 s). A CDN answering with `Access-Control-Max-Age: 7200` (Chromium's cap) turns that into one preflight every two hours. \
The hourly figures: the measured idle bytes × 3600 / {:.0}; and per-request bytes × 120 (30 s) or × 12 (300 s, the default interval; the jitter of ±20 % averages out).\n\n",
        secs,
        g("poll.get_200"),
        g("poll.first_bytes"),
        g("poll.get_304"),
        g("poll.options"),
        g("poll.gaps_s"),
        secs
    ));
    doc.push_str(&format!(
        "## Reproduce\n\n```sh\ncargo xtask bench                                   # everything: about {:.0} minutes\nBENCH_RUNS=7 BENCH_POLL_SECONDS=600 cargo xtask bench   # more runs, longer polling\n\n# the parts by hand\ncargo xtask dist\ncargo run --release -p incident-search --features bench --example search_bench -- 5000 --dump /tmp/bench/corpus-5000.json\ncargo run --release -p incident-feed-cli -- render examples/feeds/cyberangriff.json --lang de --out /tmp/bench/static.html\ncargo run --release -p e2e --bin bench -- fit-feed /tmp/bench/corpus-5000.json /tmp/bench/search-corpus.json\ncargo run --release -p e2e --bin bench -- fit-feed /tmp/bench/corpus-5000.json /tmp/bench/large.json 1000\ncargo run --release -p e2e --bin bench -- run --dist dist --work /tmp/bench --runs 5 --poll-seconds 180\nnode bench/search/compare.mjs --corpus /tmp/bench/corpus-5000.json   # the same comparison in Node\n```\n\nThe raw results of the browser half are in `$CARGO_TARGET_DIR/bench/chromium.json` after a run.\n",
        (started.elapsed().as_secs_f64() / 60.0).ceil()
    ));
    let path = root().join("docs/benchmarks.md");
    std::fs::write(&path, doc).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    step(&format!("wrote docs/benchmarks.md ({:.0} s)", started.elapsed().as_secs_f64()));
    Ok(())
}
