//! Native timings of the FAQ search: index build and query latency on the
//! example feed and on a synthetic 5,000-entry feed.
//!
//! `cargo run --release -p incident-search --features bench --example search_bench [N] [--dump FILE]`
//!
//! `N` sets the synthetic corpus size (default 5,000); `--dump FILE` writes
//! that corpus as feed JSON for `bench/search/compare.mjs`. It prints one
//! line per corpus on stderr and one JSON document on stdout for `cargo xtask
//! bench` (schema: `NativeSearch` in `xtask/src/bench/schema.rs`).
//!
//! `--profile` runs
//! the synthetic queries once, untimed, after one build, for an instruction
//! count per query under callgrind:
//!
//! `--slowest` adds the 15 slowest queries, `--hits` every hit (to diff two
//! versions' results).
//!
//! `valgrind --tool=callgrind --toggle-collect='*SearchIndex*search*' target/release/examples/search_bench --profile`
//!
//! The queries are those of `tests/data/search-queries.json` (the same the
//! JavaScript comparison uses) plus typing sequences ("p", "pa", "pas", …),
//! since a widget searches on every key press.

use std::time::Instant;

use incident_feed::Feed;
use incident_search::{synthetic, SearchIndex};
use serde_json::{json, Value};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn queries() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/search-queries.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut out: Vec<(String, String)> =
        v["queries"].as_array().unwrap().iter().map(|q| (q["query"].as_str().unwrap().to_owned(), q["lang"].as_str().unwrap().to_owned())).collect();
    for word in ["Heizkostenabrechnung", "Passwort ändern", "Kundenportal"] {
        for end in word.char_indices().map(|(i, c)| i + c.len_utf8()) {
            out.push((word[..end].to_owned(), "de".to_owned()));
        }
    }
    out
}

/// Times one corpus; returns its `NativeBench` (xtask/src/bench/schema.rs).
fn bench(name: &str, feed: &Feed, queries: &[(String, String)]) -> Value {
    let mut builds = Vec::new();
    let mut builds_all = Vec::new();
    let mut index = None;
    for _ in 0..7 {
        let t = Instant::now();
        let ix = SearchIndex::new(feed);
        builds.push(t.elapsed().as_secs_f64() * 1e3);
        let langs: Vec<String> = ix.languages().map(str::to_owned).collect();
        for l in &langs {
            ix.prepare(l);
        }
        builds_all.push(t.elapsed().as_secs_f64() * 1e3);
        index = Some(ix);
    }
    builds.sort_by(f64::total_cmp);
    builds_all.sort_by(f64::total_cmp);
    let index = index.unwrap();
    let mut times = Vec::new();
    let mut found = 0usize;
    let mut slowest = (0f64, "");
    for _round in 0..5 {
        for (q, lang) in queries {
            let t = Instant::now();
            let hits = index.search(q, lang, 10);
            let us = t.elapsed().as_secs_f64() * 1e6;
            if us > slowest.0 {
                slowest = (us, q.as_str());
            }
            times.push(us);
            found += hits.len();
        }
    }
    times.sort_by(f64::total_cmp);
    let out = json!({
        "name": name,
        "entries": feed.faq.len(),
        "build_ms": percentile(&builds, 0.5),
        "build_all_languages_ms": percentile(&builds_all, 0.5),
        "query_median_us": percentile(&times, 0.5),
        "query_p95_us": percentile(&times, 0.95),
        "query_max_us": times[times.len() - 1],
        "queries": times.len(),
        "hits": found,
        "slowest_query": slowest.1,
    });
    eprintln!(
        "{name:<18} entries {:>5}  build (default language) {:>7.2} ms, all languages {:>7.2} ms  query median {:>7.1} µs  p95 {:>7.1} µs  max {:>7.1} µs  ({} queries, {found} hits)",
        feed.faq.len(),
        percentile(&builds, 0.5),
        percentile(&builds_all, 0.5),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1],
        times.len(),
    );
    eprintln!("{:<18} slowest query {:?}", "", slowest.1);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--profile") {
        // Only the searches count under `--toggle-collect`; one round, so the
        // total divided by the printed number of queries is Ir per query.
        let n = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5_000);
        let index = SearchIndex::new(&synthetic::large_feed(n));
        let langs: Vec<String> = index.languages().map(str::to_owned).collect();
        for l in &langs {
            index.prepare(l);
        }
        let qs = queries();
        let t = Instant::now();
        let hits: usize = qs.iter().map(|(q, lang)| index.search(q, lang, 10).len()).sum();
        let us = t.elapsed().as_secs_f64() * 1e6;
        println!("{} queries, {hits} hits, mean {:.1} µs", qs.len(), us / qs.len() as f64);
        if args.iter().any(|a| a == "--slowest") {
            // Per query, the median of 9 timed runs; the 15 slowest.
            let mut per: Vec<(f64, &str)> = qs
                .iter()
                .map(|(q, lang)| {
                    let mut t: Vec<f64> = (0..9)
                        .map(|_| {
                            let s = Instant::now();
                            index.search(q, lang, 10);
                            s.elapsed().as_secs_f64() * 1e6
                        })
                        .collect();
                    t.sort_by(f64::total_cmp);
                    (t[4], q.as_str())
                })
                .collect();
            per.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (us, q) in per.iter().take(15) {
                println!("{us:>8.1} µs  {q:?}");
            }
        }
        if args.iter().any(|a| a == "--hits") {
            // Every hit in full, to diff the results of two versions.
            for (q, lang) in &qs {
                for h in index.search(q, lang, 10) {
                    println!("{q:?} {lang} {} {:.4} {:?} {:?}", h.id, h.score, h.question, h.answer);
                }
            }
        }
        return;
    }
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
    let example = incident_feed::parse_feed(&json).unwrap();
    let qs = queries();
    let small = bench("cyberangriff.json", &example, &qs);
    let n = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5_000);
    let large = synthetic::large_feed(n);
    let mut dump = Value::Null;
    if let Some(path) = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)) {
        let text = serde_json::to_string(&large).unwrap();
        std::fs::write(path, &text).unwrap();
        eprintln!("wrote {n} entries to {path}");
        dump = json!({ "path": path, "entries": large.faq.len(), "bytes": text.len() });
    }
    let synthetic = bench("synthetic", &large, &qs);
    // Schema: `NativeSearch` in xtask/src/bench/schema.rs.
    println!("{}", json!({ "benches": [small, synthetic], "dump": dump }));
}
