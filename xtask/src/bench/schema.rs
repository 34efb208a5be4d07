//! The JSON documents the bench's steps print on stdout, as `xtask` reads
//! them: these structs are the schema. Each writer names its struct here in
//! its doc comment and writes exactly these fields (`deny_unknown_fields`
//! makes a renamed or extra field fail the bench instead of showing "n/a").
//!
//! Times are in milliseconds unless the field says `_us`; sizes in bytes
//! unless it says `_mib`. A figure that could not be measured is `null`.

use std::collections::BTreeMap;

use serde::Deserialize;

// ------------------------------------------------- search_bench (native)

/// `cargo run --release -p incident-search --features bench --example
/// search_bench -- N --dump FILE` (`crates/incident-search/examples/search_bench.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeSearch {
    /// The example feed first, then the synthetic corpus.
    pub benches: Vec<NativeBench>,
    /// The synthetic corpus written with `--dump` (absent without it).
    pub dump: Option<Dump>,
}

/// One corpus: index build (median of 7) and query latency (5 rounds of
/// every query).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeBench {
    /// `cyberangriff.json` or `synthetic`.
    pub name: String,
    pub entries: usize,
    /// The index for the feed's default language.
    pub build_ms: f64,
    /// The index prepared for every language of the feed.
    pub build_all_languages_ms: f64,
    pub query_median_us: f64,
    pub query_p95_us: f64,
    pub query_max_us: f64,
    pub queries: usize,
    pub hits: usize,
    pub slowest_query: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    pub path: String,
    pub entries: usize,
    pub bytes: u64,
}

// ------------------------------------------------- bench fit-feed

/// `bench fit-feed IN OUT [UPDATES]` (`e2e/src/bin/bench.rs`): the feed it wrote.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitFeed {
    pub bytes: u64,
    /// FAQ entries kept within the feed limit …
    pub faq: usize,
    /// … of those in IN.
    pub faq_wanted: usize,
    /// Incidents, and updates in all of them.
    pub incidents: usize,
    pub updates: usize,
}

// ------------------------------------------------- bench run (Chromium)

/// `bench run --dist DIR --work DIR --runs N --poll-seconds S`
/// (`e2e/src/bin/bench.rs`); also kept as `$CARGO_TARGET_DIR/bench/chromium.json`.
/// With `--only` (by hand) only the named sections are printed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chromium {
    pub render: Render,
    /// One incident of 1,000 updates, and the FAQ.
    pub large: Large,
    /// Ten incidents of 100 updates each, and the FAQ.
    pub many: Large,
    pub search: Search,
    pub poll: Poll,
}

/// One figure per run, and their median.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub median: Option<f64>,
    pub runs: Vec<Option<f64>>,
}

/// First render: the widget cold, again (last good copy, bundle cached),
/// the static page; the ratios are per run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Render {
    pub runs: usize,
    pub cold: Series,
    pub cached: Series,
    #[serde(rename = "static")]
    pub static_page: Series,
    pub static_fcp: Series,
    pub ratio_cold: Series,
    pub ratio_cached: Series,
}

/// A large feed, cold: time to the header painted, memory 1 s later; the
/// static page of the same feed in the same browser, and the ratio per run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Large {
    pub runs: usize,
    pub painted: Series,
    /// When the feed's response ended (from navigation start).
    pub fetched: Series,
    #[serde(rename = "static")]
    pub static_page: Series,
    pub ratio: Series,
    pub heap_mib: Series,
    pub wasm_mib: Series,
    pub uasm_mib: Series,
    /// Elements in the widget's shadow root.
    pub shadow_nodes: Series,
    /// Elements with `faq-…` and `update-…` ids (first run).
    pub faq_in_dom: Option<u64>,
    pub updates_in_dom: Option<u64>,
    pub wasm_error: Option<String>,
    pub uasm_error: Option<String>,
}

/// Ours, MiniSearch and Fuse.js on one page (`e2e/bench/search.js`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub runs: usize,
    pub cross_origin_isolated: Option<bool>,
    /// FAQ entries of the corpus the page searched (cut to the feed limit).
    pub corpus_entries: usize,
    pub first_call_hits: Option<usize>,
    pub ours: Engine,
    pub minisearch: Engine,
    pub fuse: Engine,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Engine {
    /// On the labelled queries against the example feed (first page load).
    pub quality: Quality,
    /// The same per kind of query, by kind.
    pub kinds: BTreeMap<String, Quality>,
    /// Index builds on the corpus (ms).
    pub build_corpus: Series,
    /// Query times on the example feed, pooled over all page loads.
    pub small: Latency,
    /// Query times on the corpus.
    pub corpus: Latency,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    pub n: usize,
    pub r1: f64,
    pub r3: f64,
    pub mrr: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    pub median_us: Option<f64>,
    pub p95_us: Option<f64>,
    pub queries: usize,
}

/// One idle client with `refresh="30"` against a second origin answering 304.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Poll {
    pub seconds: u64,
    pub get_200: usize,
    pub get_304: usize,
    /// CORS preflights (answered 204).
    pub options: usize,
    pub other: usize,
    /// The first load (200), request and response.
    pub first_bytes: u64,
    pub per_304: Exchange,
    pub per_options: Exchange,
    /// Bytes of every 304 and preflight exchange: what idling costs.
    pub idle_received: u64,
    pub idle_sent: u64,
    /// Seconds between consecutive GETs.
    pub gaps_s: Vec<f64>,
    pub mean_gap_s: Option<f64>,
    /// The first requests, `METHOD path If-None-Match`, to check by eye.
    pub sample: Vec<String>,
}

/// Mean bytes per exchange of one kind (`null` when there was none).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    pub received: Option<f64>,
    pub sent: Option<f64>,
}
