//! The bench's report, rendered from the typed results: the Markdown table
//! (also printed) and `docs/benchmarks.md` around it.

use std::process::Command;
use std::time::Duration;

use super::schema::{Exchange, FitFeed, Latency, NativeBench, Quality, Series};
use super::{output, Results};
use crate::sizes::{kb, Sizes};

/// Where and when the bench ran.
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub chromium: String,
    pub rustc: String,
    pub date: String,
    pub elapsed: Duration,
}

impl Machine {
    pub fn probe(elapsed: Duration) -> Machine {
        let version = |program: &str, args: &[&str]| output(Command::new(program).args(args)).unwrap_or_default().trim().to_owned();
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        Machine {
            cpu: std::fs::read_to_string("/proc/cpuinfo")
                .ok()
                .and_then(|c| c.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned()))
                .unwrap_or_else(|| "unknown".into()),
            cores: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            chromium: version(&chromium, &["--version"]),
            rustc: version("rustc", &["--version"]),
            date: version("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            elapsed,
        }
    }
}

const NA: &str = "n/a";

fn ms(v: Option<f64>) -> String {
    v.map_or(NA.into(), |v| format!("{v:.0} ms"))
}

/// Microseconds, as milliseconds from 10 ms on.
fn us(v: Option<f64>) -> String {
    v.map_or(NA.into(), |v| if v >= 10_000.0 { format!("{:.0} ms", v / 1000.0) } else { format!("{v:.0} µs") })
}

fn x2(v: Option<f64>) -> String {
    v.map_or(NA.into(), |v| format!("{v:.2}"))
}

fn mib(v: Option<f64>) -> String {
    v.map_or("not measurable".into(), |v| format!("{v:.1} MiB"))
}

/// Every run, one decimal.
fn runs(s: &Series) -> String {
    s.runs.iter().map(|v| v.map_or(NA.into(), |v| format!("{v:.1}"))).collect::<Vec<_>>().join(", ")
}

fn quality(q: Option<&Quality>) -> String {
    q.map_or(NA.into(), |q| format!("n {} R@1 {:.3} R@3 {:.3} MRR {:.3}", q.n, q.r1, q.r3, q.mrr))
}

fn mrr_r1(q: &Quality) -> String {
    format!("{:.2} / {:.2}", q.mrr, q.r1)
}

fn three(s: &Sizes) -> String {
    format!("{} / {} / {}", kb(s.raw), kb(s.gzip), kb(s.brotli))
}

/// The search_bench line of one corpus, as the example prints it.
fn native_lines(b: &NativeBench) -> String {
    format!(
        "{:<18} entries {:>5}  build (default language) {:>7.2} ms, all languages {:>7.2} ms  query median {:>7.1} µs  p95 {:>7.1} µs  max {:>7.1} µs  ({} queries, {} hits)\n{:<18} slowest query {:?}\n",
        b.name, b.entries, b.build_ms, b.build_all_languages_ms, b.query_median_us, b.query_p95_us, b.query_max_us, b.queries, b.hits, "", b.slowest_query
    )
}

/// "10 incidents × 100 updates, 5000 FAQ entries, 5.43 MiB".
fn shape(fit: &FitFeed) -> String {
    let per = fit.updates / fit.incidents.max(1);
    let incidents = if fit.incidents == 1 { format!("1 incident × {per} updates") } else { format!("{} incidents × {per} updates", fit.incidents) };
    format!("{incidents}, {} FAQ entries, {:.2} MiB", fit.faq, fit.bytes as f64 / 1048576.0)
}

/// Bytes per poll: request plus response, `None` if there was none.
fn exchange(e: &Exchange) -> Option<f64> {
    Some(e.received? + e.sent?)
}

/// The table: one row per figure.
pub fn table(r: &Results) -> String {
    let c = &r.chromium;
    let mut t = String::from("| section | measure | incident-status | reference | ratio |\n|---|---|---:|---|---:|\n");
    let mut row = |a: &str, b: &str, c: String, d: String, e: String| t.push_str(&format!("| {a} | {b} | {c} | {d} | {e} |\n"));
    // 1. bundle
    for (name, s) in &r.bundle.files {
        let when = if crate::sizes::is_first_load(name) { "" } else { " (after first paint)" };
        row("bundle", &format!("{name}{when}"), three(s), "raw / gzip -9 / brotli 11".into(), "".into());
    }
    let (first, whole) = (crate::sizes::first_load(&r.bundle.files), crate::sizes::whole_bundle(&r.bundle.files));
    row("bundle", "**first load** (before the first paint)", format!("**{}**", three(&first)), "raw / gzip -9 / brotli 11".into(), "".into());
    row("bundle", "**whole bundle** (with lazily loaded parts)", format!("**{}**", three(&whole)), "raw / gzip -9 / brotli 11".into(), "".into());
    // 2. first render
    let render = &c.render;
    let static_ms = format!("static HTML page: {}", ms(render.static_page.median));
    row("first render", "cold (fresh profile, empty localStorage)", ms(render.cold.median), static_ms.clone(), format!("{} ×", x2(render.ratio_cold.median)));
    row(
        "first render",
        "second load (last good copy, bundle in HTTP cache)",
        ms(render.cached.median),
        static_ms,
        format!("{} ×", x2(render.ratio_cached.median)),
    );
    // 3. large feed
    let fit = &r.feeds.large;
    let large_desc = format!("{} updates, {} FAQ entries, {:.2} MiB", fit.updates, fit.faq, fit.bytes as f64 / 1048576.0);
    row(
        "large feed",
        &format!("native parse + validate ({large_desc})"),
        format!("{:.0} ms", r.validation.median_ms),
        "`incident-feed validate`, whole process".into(),
        "".into(),
    );
    for (large, fit) in [(&c.large, &r.feeds.large), (&c.many, &r.feeds.many)] {
        row(
            "large feed",
            &format!("fetch + parse + validate + first render, cold: {}", shape(fit)),
            ms(large.painted.median),
            format!("static HTML page of the same feed: {}", ms(large.static_page.median)),
            format!("{} ×", x2(large.ratio.median)),
        );
    }
    row(
        "large feed",
        "JS heap after (usedJSHeapSize)",
        mib(c.large.heap_mib.median),
        format!("wasm linear memory: {}", mib(c.large.wasm_mib.median)),
        "".into(),
    );
    // 4. search
    let s = &c.search;
    let n = s.corpus_entries;
    row(
        "search",
        &format!("MRR / R@1 ({} queries, cyberangriff.json)", s.ours.quality.n),
        mrr_r1(&s.ours.quality),
        format!("MiniSearch {} · Fuse.js {}", mrr_r1(&s.minisearch.quality), mrr_r1(&s.fuse.quality)),
        "".into(),
    );
    let qt = |l: &Latency| format!("{} / {}", us(l.median_us), us(l.p95_us));
    row(
        "search",
        "query median / p95, cyberangriff.json (16 entries)",
        qt(&s.ours.small),
        format!("MiniSearch {} · Fuse.js {}", qt(&s.minisearch.small), qt(&s.fuse.small)),
        "".into(),
    );
    let ratio = match (s.ours.corpus.median_us, s.minisearch.corpus.median_us) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2} × MiniSearch", a / b),
        _ => NA.into(),
    };
    row(
        "search",
        &format!("query median / p95, synthetic corpus ({n} entries)"),
        qt(&s.ours.corpus),
        format!("MiniSearch {} · Fuse.js {}", qt(&s.minisearch.corpus), qt(&s.fuse.corpus)),
        ratio,
    );
    let w = &r.weight;
    row(
        "search",
        "search module, loaded after first paint",
        format!("{} brotli", kb(w.module.brotli)),
        format!("raw {}, gzip {}", kb(w.module.raw), kb(w.module.gzip)),
        "".into(),
    );
    row(
        "search",
        &format!("index build, synthetic corpus ({n} entries)"),
        ms(s.ours.build_corpus.median),
        format!("MiniSearch {} · Fuse.js {}", ms(s.minisearch.build_corpus.median), ms(s.fuse.build_corpus.median)),
        "".into(),
    );
    let native = r.native.benches.iter().find(|b| b.name == "synthetic");
    row(
        "search",
        "native (Rust, release), synthetic 5,000 entries: build / query median / p95",
        native.map_or(NA.into(), |b| format!("{:.2} ms / {:.1} µs / {:.1} µs", b.build_ms, b.query_median_us, b.query_p95_us)),
        "`search_bench` example".into(),
        "".into(),
    );
    // 5. polling
    let p = &c.poll;
    // No 304 yet (polling shorter than the interval): n/a; no preflight: 0 B.
    let per304 = exchange(&p.per_304);
    let per_options = exchange(&p.per_options).unwrap_or(0.0);
    let secs = p.seconds as f64;
    let idle = (p.idle_received + p.idle_sent) as f64;
    let kib = |b: f64| format!("{:.1} KB", b / 1024.0);
    let per_hour = |polls: f64, extra: f64| per304.map_or(NA.into(), |b| format!("{} /h", kib(polls * (b + extra))));
    row(
        "polling",
        &format!("idle client, refresh=\"30\", measured {:.0} s, × {:.0} to an hour", secs, 3600.0 / secs),
        format!("{} /h", kib(idle * 3600.0 / secs)),
        format!("{} polls (304) + {} preflights (OPTIONS) in {:.0} s", p.get_304, p.options, secs),
        "".into(),
    );
    row(
        "polling",
        "per idle poll: GET → 304 (request + response)",
        per304.map_or(NA.into(), |b| format!("{b:.0} B")),
        format!("+ CORS preflight {per_options:.0} B when not cached"),
        "".into(),
    );
    row("polling", "per hour at 30 s (120 polls)", per_hour(120.0, 0.0), format!("with preflights: {}", per_hour(120.0, per_options)), "".into());
    row("polling", "per hour at the default 300 s (12 polls)", per_hour(12.0, 0.0), format!("with preflights: {}", per_hour(12.0, per_options)), "".into());
    t
}

/// `docs/benchmarks.md`: the machine, `table`, how each number is measured,
/// how to reproduce.
pub fn document(r: &Results, m: &Machine, table: &str) -> String {
    let c = &r.chromium;
    let runs_n = r.settings.runs;
    let corpus_mib = r.native.dump.as_ref().map_or(0, |d| d.bytes) as f64 / 1048576.0;
    let mut doc = String::new();
    doc.push_str("# Benchmarks\n\n");
    doc.push_str("Written by `cargo xtask bench` from one real run; do not edit by hand.\n\n");
    doc.push_str(&format!(
        "- machine: {}, {} cores (shared; absolute times are noisy: medians of {runs_n} runs, ratios per run)\n- date: {}\n- browser: {}, headless, driven by ChromeDriver\n- compiler: {}\n- total bench time: {:.0} s\n\n",
        m.cpu,
        m.cores,
        m.date,
        m.chromium,
        m.rustc,
        m.elapsed.as_secs_f64()
    ));
    doc.push_str(table);
    doc.push_str("\n## How each number is measured\n\n");
    let render = &c.render;
    doc.push_str(&format!(
        "**Bundle.** The release bundle of `cargo xtask dist` (`xtask/src/sizes.rs`): gzip -9 and brotli quality 11, as a CDN would serve it.\n\n\
**First render.** Each run starts Chromium with a fresh profile, opens a blank page on the test origin (so that the browser's own start-up is not counted), then: the widget page (`e2e/bench/render.html`: `<incident-status feed=… mode=full lang=de>` with the German example feed) cold; the same page again (second load: the last good copy in localStorage and the bundle in the HTTP cache, `Cache-Control: max-age=3600` as from a CDN; the feed is `no-store`); and the static page of the same feed (`incident-feed render examples/feeds/cyberangriff.json --lang de`, with a probe script appended). \
Time = `performance.now()` (from navigation start) in the first animation frame in which `.is-root .is-header` exists in the widget's shadow root (`e2e/bench/probe.js`), and for the static page the first animation frame after its body is parsed (`e2e/bench/static-probe.js`). Ratios are per run, then the median. \
Per run (ms): cold {}; second load {}; static {} (its first-contentful-paint: {}).\n\n",
        runs(&render.cold),
        runs(&render.cached),
        runs(&render.static_page),
        runs(&render.static_fcp)
    ));
    let large = &c.large;
    let fit = &r.feeds.large;
    let many = &c.many;
    let count = |v: Option<u64>| v.map_or(NA.into(), |v| v.to_string());
    let nodes = |l: &super::schema::Large| l.shadow_nodes.median.map_or(NA.into(), |v| format!("{v:.0}"));
    doc.push_str(&format!(
        "**Large feeds.** The issue asks for 1,000 updates and 5,000 FAQ entries, in two shapes: one incident of 1,000 updates, and 10 incidents of 100 updates each. With the synthetic FAQ of `incident_search::synthetic::large_feed(5000)` (about 1 KB per entry, German and English) that is {:.2} MiB of JSON before the updates; the feed limit of the validator and of the widget's fetch (`MAX_FEED_BYTES`) is {} MiB. \
The bench keeps the updates and the largest prefix of the FAQ that fits within it: **{} of {} entries, {} bytes** for one incident, {} entries and {} bytes for ten (`e2e/src/bin/bench.rs fit-feed`); `incident-feed validate` accepts them (it runs `parse_feed`). \
Native time is the whole `incident-feed validate` process (read, parse, validate) on the one-incident feed, median of {}. In Chromium: a fresh profile per run, navigation start to the header painted (the widget fetches, parses and validates in wasm, then renders what is visible: older updates wait behind \"show older\" and answers until opened; one incident: {} elements with `update-…` ids and {} with `faq-…` ids, {} elements in all in the shadow root; ten incidents: {} elements in all); then, in the same browser, the static page of the same feed (`incident-feed render … --lang de`, probe appended, as for the example feed), and the ratio per run. \
Per run (ms), one incident: widget {} (the feed's last byte arrived at {}), static page {}; ten incidents: widget {} (feed at {}), static page {}. \
Then, after 1 s (one incident): `performance.memory.usedJSHeapSize` (with `--enable-precise-memory-info`) per run (MiB): {}; the wasm linear memory, read as `memory.buffer.byteLength` of the running instance's exports (the bundle's default export returns them once initialised) per run (MiB): {}; `performance.measureUserAgentSpecificMemory()` (page cross-origin isolated): {} MiB per run{}.\n\n",
        corpus_mib,
        incident_feed::validate::MAX_FEED_BYTES / (1024 * 1024),
        fit.faq,
        fit.faq_wanted,
        fit.bytes,
        r.feeds.many.faq,
        r.feeds.many.bytes,
        r.validation.runs,
        count(large.updates_in_dom),
        count(large.faq_in_dom),
        nodes(large),
        nodes(many),
        runs(&large.painted),
        runs(&large.fetched),
        runs(&large.static_page),
        runs(&many.painted),
        runs(&many.fetched),
        runs(&many.static_page),
        runs(&large.heap_mib),
        runs(&large.wasm_mib),
        runs(&large.uasm_mib),
        large.uasm_error.as_ref().map(|e| format!(" (error: {e})")).unwrap_or_default()
    ));
    let s = &c.search;
    doc.push_str(&format!(
        "**Search.** One page in Chromium (`e2e/bench/search.html`, `search.js`), cross-origin isolated (`crossOriginIsolated` = {}) so that `performance.now()` resolves to 5 µs. Ours runs through the real bundle: `element.search(q)` on `<incident-status>` elements (compact mode, one per language, since the widget searches in its own language; it returns up to 10 hits with their questions, like the others' limit 10). MiniSearch and Fuse.js are imported from `tools/node_modules` (ESM builds) with exactly the settings of `bench/search/compare.mjs` (both take them from `bench/search/engines.mjs`). \
Quality: the {} labelled queries of `crates/incident-search/tests/data/search-queries.json` against `examples/feeds/cyberangriff.json`. Query times: those queries plus typing sequences (as in `compare.mjs`), 3 rounds per page load, pooled over {runs_n} page loads; Fuse.js on the corpus only 1 round in the first load (it takes a tenth of a second and more per query there). \
Corpus: the synthetic corpus of 5,000 entries is {:.2} MiB; all three engines use its largest prefix within the feed limit, **{} entries** (the native row is always the full 5,000). Index build: ours is the first `element.search` call on the German corpus widget (build + one query), one per page load: {} ms; MiniSearch and Fuse.js 5 builds per load (including mapping the feed to documents, as in `compare.mjs`). \
Weight of the search: it is not in the widget's wasm but a module of its own, `incident-status-search.wasm` (crate `incident-search-module`, release, `wasm-opt -Oz`), which the widget loads after its first paint (docs/lazy-search.md); the row is that file.\n\n",
        s.cross_origin_isolated.map_or(NA.into(), |b| b.to_string()),
        s.ours.quality.n,
        corpus_mib,
        r.feeds.search.faq,
        runs(&s.ours.build_corpus),
    ));
    doc.push_str("Per kind of query (R@1, R@3, MRR), measured in Chromium:\n\n| kind | ours | MiniSearch | Fuse.js |\n|---|---|---|---|\n");
    for kind in s.ours.kinds.keys() {
        doc.push_str(&format!(
            "| {kind} | {} | {} | {} |\n",
            quality(s.ours.kinds.get(kind)),
            quality(s.minisearch.kinds.get(kind)),
            quality(s.fuse.kinds.get(kind))
        ));
    }
    doc.push_str(&format!("\nNative search bench output:\n\n```\n{}```\n\n", r.native.benches.iter().map(native_lines).collect::<String>()));
    let p = &c.poll;
    let secs = p.seconds as f64;
    doc.push_str(&format!(
        "**Polling.** One idle client (fresh profile) with `refresh=\"30\"` (the minimum) for {:.0} s; the feed on a second origin, as from a CDN, with an ETag, answering 304 to `If-None-Match`. The e2e server records, per exchange, the bytes received (request line, headers, body) and sent (status line, headers, body); HTTP only, without TCP/IP or TLS overhead, one connection per request (`Connection: close`). \
In that time: {} first load (200, {} B), {} polls answered 304, {} CORS preflights (OPTIONS), gaps between requests (s): {}. \
The widget sends `If-None-Match` itself, which is not a CORS-safelisted header, so a cross-origin feed needs a preflight; the test server sends no `Access-Control-Max-Age`, so Chromium re-asks every time (its default cache is 5 s). A CDN answering with `Access-Control-Max-Age: 7200` (Chromium's cap) turns that into one preflight every two hours. \
The hourly figures: the measured idle bytes × 3600 / {:.0}; and per-request bytes × 120 (30 s) or × 12 (300 s, the default interval; the jitter of ±20 % averages out).\n\n",
        secs,
        p.get_200,
        p.first_bytes,
        p.get_304,
        p.options,
        p.gaps_s.iter().map(|g| format!("{g:.1}")).collect::<Vec<_>>().join(", "),
        secs
    ));
    // The size ledger is kept by hand (each lever needs its own build); the
    // report carries it so that docs/benchmarks.md stays whole.
    if let Ok(levers) = std::fs::read_to_string(crate::root().join("docs/size-levers.md")) {
        doc.push_str(&levers);
        doc.push('\n');
    }
    doc.push_str(&format!(
        "## Reproduce\n\n```sh\ncargo xtask bench                                   # everything: about {:.0} minutes\nBENCH_RUNS=7 BENCH_POLL_SECONDS=600 cargo xtask bench   # more runs, longer polling\n\n# the parts by hand\ncargo xtask dist\ncargo run --release -p incident-search --features bench --example search_bench -- 5000 --dump /tmp/bench/corpus-5000.json\ncargo run --release -p incident-feed-cli -- render examples/feeds/cyberangriff.json --lang de --out /tmp/bench/static.html\ncargo run --release -p e2e --bin bench -- fit-feed /tmp/bench/corpus-5000.json /tmp/bench/search-corpus.json\ncargo run --release -p e2e --bin bench -- fit-feed /tmp/bench/corpus-5000.json /tmp/bench/large.json 1000\ncargo run --release -p e2e --bin bench -- fit-feed /tmp/bench/corpus-5000.json /tmp/bench/many.json 100 10\nfor f in large many; do cargo run --release -p incident-feed-cli -- render /tmp/bench/$f.json --lang de --out /tmp/bench/static-$f.html; done\ncargo run --release -p e2e --bin bench -- run --dist dist --work /tmp/bench --runs 5 --poll-seconds 180   # --only large,many: just the large feeds\nnode bench/search/compare.mjs --corpus /tmp/bench/corpus-5000.json   # the same comparison in Node\n```\n\nThe raw results of the browser half are in `$CARGO_TARGET_DIR/bench/chromium.json` after a run.\n",
        (m.elapsed.as_secs_f64() / 60.0).ceil()
    ));
    doc
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::schema::{Chromium, FitFeed, NativeSearch};
    use super::super::{parse, Bundle, Feeds, Results, SearchWeight, Settings, Validation};
    use super::*;

    const NATIVE: &str = r#"{"benches":[
        {"name":"cyberangriff.json","entries":16,"build_ms":0.41,"build_all_languages_ms":0.73,"query_median_us":2.5,"query_p95_us":7.2,"query_max_us":67.5,"queries":685,"hits":1860,"slowest_query":"passw"},
        {"name":"synthetic","entries":5000,"build_ms":42.8,"build_all_languages_ms":72.27,"query_median_us":25.6,"query_p95_us":66.8,"query_max_us":258.7,"queries":685,"hits":5700,"slowest_query":"passw"}],
        "dump":{"path":"/tmp/bench/corpus-5000.json","entries":5000,"bytes":5174297}}"#;

    fn series(v: f64) -> String {
        format!(r#"{{"median":{v},"runs":[{v},null]}}"#)
    }

    /// A `Chromium` document as `bench run` prints it (two runs).
    fn chromium() -> String {
        let q = r#"{"n":90,"r1":0.99,"r3":1.0,"mrr":0.99}"#;
        let engine = |with_kinds: bool| {
            let kinds = if with_kinds { format!(r#"{{"typo":{q},"umlaut":{q}}}"#) } else { format!(r#"{{"typo":{q}}}"#) };
            format!(
                r#"{{"quality":{q},"kinds":{kinds},"build_corpus":{},"small":{{"median_us":10,"p95_us":25,"queries":1370}},"corpus":{{"median_us":55,"p95_us":null,"queries":1370}}}}"#,
                series(65.0)
            )
        };
        format!(
            r#"{{
            "render":{{"runs":2,"cold":{s81},"cached":{s40},"static":{s30},"static_fcp":{s40},"ratio_cold":{s2},"ratio_cached":{s2}}},
            "large":{{"runs":2,"painted":{s81},"fetched":{s30},"static":{s30},"ratio":{s2},"heap_mib":{s30},"wasm_mib":{s40},"uasm_mib":{s40},"shadow_nodes":{s40},
                     "faq_in_dom":10000,"updates_in_dom":2000,"wasm_error":null,"uasm_error":"not available"}},
            "many":{{"runs":2,"painted":{s40},"fetched":{s30},"static":{s30},"ratio":{s2},"heap_mib":{s30},"wasm_mib":{s40},"uasm_mib":{s40},"shadow_nodes":{s40},
                     "faq_in_dom":10000,"updates_in_dom":2000,"wasm_error":null,"uasm_error":"not available"}},
            "search":{{"runs":2,"cross_origin_isolated":true,"corpus_entries":5000,"first_call_hits":10,
                      "ours":{ours},"minisearch":{other},"fuse":{other}}},
            "poll":{{"seconds":180,"get_200":1,"get_304":6,"options":6,"other":0,"first_bytes":20253,
                    "per_304":{{"received":400,"sent":431}},"per_options":{{"received":null,"sent":null}},
                    "idle_received":4000,"idle_sent":4000,"gaps_s":[30.1,33.3],"mean_gap_s":31.7,"sample":["GET /feed.json None"]}}
            }}"#,
            s81 = series(81.0),
            s40 = series(40.0),
            s30 = series(30.0),
            s2 = series(2.0),
            ours = engine(true),
            other = engine(false),
        )
    }

    fn results() -> Results {
        let fit = |faq, incidents| -> FitFeed {
            parse("fit-feed", &format!(r#"{{"bytes":5698064,"faq":{faq},"faq_wanted":5000,"incidents":{incidents},"updates":1000}}"#)).unwrap()
        };
        let native: NativeSearch = parse("search_bench", NATIVE).unwrap();
        let chromium: Chromium = parse("bench run", &chromium()).unwrap();
        let s = Sizes { raw: 1000, gzip: 500, brotli: 400 };
        Results {
            settings: Settings { runs: 2, poll_seconds: 180 },
            bundle: Bundle {
                dir: PathBuf::new(),
                files: vec![("incident-status.js".into(), s), ("incident-status_bg.wasm".into(), s), (crate::search_module::FILE_NAME.into(), s)],
            },
            native,
            weight: SearchWeight { module: Sizes { raw: 900, gzip: 450, brotli: 300 } },
            feeds: Feeds {
                cli: PathBuf::new(),
                bench_bin: PathBuf::new(),
                search: fit(5000, 0),
                large: fit(4990, 1),
                large_path: PathBuf::new(),
                many: fit(5000, 10),
            },
            validation: Validation { median_ms: 47.0, runs: 7 },
            chromium,
        }
    }

    #[test]
    fn a_renamed_field_fails_instead_of_showing_na() {
        let renamed = NATIVE.replace("query_p95_us", "p95_us");
        assert!(parse::<NativeSearch>("search_bench", &renamed).unwrap_err().contains("p95_us"));
        assert!(parse::<FitFeed>("fit-feed", r#"{"bytes":1,"faq":1,"faq_wanted":1,"incidents":1}"#).is_err(), "updates is required");
    }

    #[test]
    fn the_report_has_every_row_and_section() {
        let r = results();
        let table = table(&r);
        let measures: Vec<&str> = table.lines().skip(2).map(|l| l.split(" | ").nth(1).unwrap()).collect();
        assert_eq!(measures.len(), 3 + 2 + 2 + 4 + 6 + 4, "{table}");
        for (section, n) in [("bundle", 5), ("first render", 2), ("large feed", 4), ("search", 6), ("polling", 4)] {
            assert_eq!(table.lines().filter(|l| l.starts_with(&format!("| {section} |"))).count(), n, "{section}\n{table}");
        }
        assert!(table.contains("| bundle | incident-status-search.wasm (after first paint) |"), "{table}");
        assert!(table.contains("| bundle | **first load** (before the first paint) | **2.0 KB / 1.0 KB / 0.8 KB** |"), "{table}");
        assert!(table.contains("| bundle | **whole bundle** (with lazily loaded parts) | **2.9 KB / 1.5 KB / 1.2 KB** |"), "{table}");
        assert!(table.contains("| large feed | native parse + validate (1000 updates, 4990 FAQ entries, 5.43 MiB) | 47 ms |"), "{table}");
        assert!(
            table.contains("| large feed | fetch + parse + validate + first render, cold: 10 incidents × 100 updates, 5000 FAQ entries, 5.43 MiB | 40 ms | static HTML page of the same feed: 30 ms | 2.00 × |"),
            "{table}"
        );
        assert!(table.contains("first render, cold: 1 incident × 1000 updates, 4990 FAQ entries, 5.43 MiB | 81 ms |"), "{table}");
        assert!(table.contains("| 42.80 ms / 25.6 µs / 66.8 µs |"), "{table}");
        assert!(table.contains("| 55 µs / n/a | MiniSearch 55 µs / n/a · Fuse.js 55 µs / n/a | 1.00 × MiniSearch |"), "{table}");
        assert!(table.contains("| 831 B | + CORS preflight 0 B when not cached |"), "{table}");
        assert!(table.contains("| per hour at 30 s (120 polls) | 97.4 KB /h | with preflights: 97.4 KB /h |"), "{table}");

        let m = Machine {
            cpu: "cpu".into(),
            cores: 2,
            chromium: "Chromium 1".into(),
            rustc: "rustc 1".into(),
            date: "today".into(),
            elapsed: Duration::from_secs(300),
        };
        let doc = document(&r, &m, &table);
        for heading in [
            "# Benchmarks",
            "## How each number is measured",
            "**Bundle.**",
            "**First render.**",
            "**Large feeds.**",
            "**Search.**",
            "**Polling.**",
            "## Reproduce",
        ] {
            assert!(doc.contains(heading), "{heading}");
        }
        assert!(doc.contains("Per run (ms): cold 81.0, n/a;"), "runs with a null");
        assert!(doc.contains("2000 elements with `update-…` ids and 10000 with `faq-…` ids, 40 elements in all"));
        assert!(doc.contains("ten incidents: widget 40.0, n/a (feed at 30.0, n/a), static page 30.0, n/a."), "{doc}");
        assert!(doc.contains("MiB per run (error: not available)."));
        assert!(doc.contains("| umlaut | n 90 R@1 0.990 R@3 1.000 MRR 0.990 | n/a | n/a |"), "a kind only ours has");
        assert!(doc.contains("gaps between requests (s): 30.1, 33.3."));
        assert!(doc.contains("synthetic          entries  5000  build (default language)   42.80 ms, all languages   72.27 ms  query median    25.6 µs  p95    66.8 µs  max   258.7 µs  (685 queries, 5700 hits)\n                   slowest query \"passw\"\n"));
        assert!(doc.contains("about 5 minutes"));
    }
}
