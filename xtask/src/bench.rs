//! `cargo xtask bench`: one benchmark report, printed as one Markdown table
//! and written to `docs/benchmarks.md` with the machine and the commands.
//!
//! Steps, one function each, each returning what it measured:
//! 1. [`bundle`]: the release bundle (`cargo xtask dist`), copied to a
//!    private folder (others may rebuild `dist/` meanwhile), and its sizes;
//! 2. [`native_search`]: the native search bench (`search_bench`, which also
//!    dumps the synthetic corpus);
//! 3. [`search_weight`]: what the search module weighs (loaded after first paint);
//! 4. [`static_page_and_feeds`]: the feeds cut to the feed limit (`bench
//!    fit-feed`) and the static pages of the example and the large feeds
//!    (`incident-feed render`);
//! 5. [`native_validation`]: `incident-feed validate` on the large feed;
//! 6. [`browser_half`]: first render, large feeds, search in Chromium, idle
//!    polling (`e2e/src/bin/bench.rs`);
//! 7. [`lighthouse`]: Lighthouse (mobile) on a login page with and without
//!    the compact banner, from nginx with brotli;
//! 8. the report ([`report`]), rendered from the typed results, with the
//!    Lighthouse section spliced in ([`lighthouse::splice`]).
//!
//! `cargo xtask bench --only lighthouse` runs steps 1 and 7 and rewrites
//! only the Lighthouse section of `docs/benchmarks.md`.
//!
//! The steps' programs print one JSON document each on stdout (their
//! progress goes to stderr, which is passed through); [`schema`] holds the
//! structs they are read into.
//!
//! Environment: `BENCH_RUNS` (default 5), `BENCH_POLL_SECONDS` (default 180),
//! `BENCH_LIGHTHOUSE_RUNS` (default 5).

mod lighthouse;
mod report;
// The whole of each document, also the fields kept only for whoever reads
// chromium.json (`sample`, `wasm_error`, …) and not shown in the report.
#[allow(dead_code)]
mod schema;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::de::DeserializeOwned;

use crate::sizes::{self, Sizes};
use crate::tools::{run, Tools};
use crate::{root, step};
use schema::{Chromium, FitFeed, NativeSearch};

const STEPS: usize = 8;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// Runs `cmd` and returns its stdout; its stderr is shown only if it fails.
fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a step's program, passing its progress (stderr) through, and
/// returns its stdout: one JSON document.
fn document(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}", out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{cmd:?} printed no UTF-8: {e}"))
}

/// Reads a step's JSON document into its schema struct.
fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} printed no `{}` document ({e}):\n{text}", std::any::type_name::<T>()))
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `BENCH_RUNS` and `BENCH_POLL_SECONDS`.
pub struct Settings {
    pub runs: usize,
    pub poll_seconds: u64,
}

impl Settings {
    fn from_env() -> Settings {
        Settings {
            runs: std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5),
            poll_seconds: std::env::var("BENCH_POLL_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(180),
        }
    }
}

/// The release bundle in the bench's own folder, and its files' sizes.
pub struct Bundle {
    pub dir: PathBuf,
    pub files: Vec<(String, Sizes)>,
}

/// The FAQ search module (`incident-status-search.wasm`), which the widget
/// loads after its first paint.
pub struct SearchWeight {
    pub module: Sizes,
}

/// The static page and the feeds the browser half serves from `work`, and
/// the release binaries that made them.
pub struct Feeds {
    pub cli: PathBuf,
    pub bench_bin: PathBuf,
    /// The synthetic corpus cut to the feed limit (`search-corpus.json`).
    pub search: FitFeed,
    /// The large feed: one incident of 1,000 updates and as much of the
    /// corpus as fits (`large.json`, its static page `static-large.html`).
    pub large: FitFeed,
    pub large_path: PathBuf,
    /// The many-incidents feed: 10 incidents of 100 updates each and as much
    /// of the corpus as fits (`many.json`, `static-many.html`).
    pub many: FitFeed,
}

/// `incident-feed validate` on the large feed, whole process.
pub struct Validation {
    pub median_ms: f64,
    pub runs: usize,
}

/// Everything the report shows.
pub struct Results {
    pub settings: Settings,
    pub bundle: Bundle,
    pub native: NativeSearch,
    pub weight: SearchWeight,
    pub feeds: Feeds,
    pub validation: Validation,
    pub chromium: Chromium,
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let only_lighthouse = match args {
        [] => false,
        [flag, what] if flag == "--only" && what == "lighthouse" => true,
        _ => return Err(format!("usage: cargo xtask bench [--only lighthouse] (got {args:?})")),
    };
    let started = Instant::now();
    let settings = Settings::from_env();
    let work = target_dir().join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;

    let (tools, bundle) = bundle(&work)?;
    if only_lighthouse {
        return lighthouse_only(&tools, &bundle, &work, started);
    }
    let native = native_search(&tools, &work)?;
    let weight = search_weight(&bundle)?;
    let feeds = static_page_and_feeds(&tools, &work, &native)?;
    let validation = native_validation(&feeds)?;
    let chromium = browser_half(&feeds, &bundle, &work, &settings)?;
    let lighthouse = lighthouse_step(&tools, &bundle, &work)?;

    step(&format!("bench {STEPS}/{STEPS}: report"));
    let results = Results { settings, bundle, native, weight, feeds, validation, chromium };
    let machine = report::Machine::probe(started.elapsed());
    let table = report::table(&results);
    println!("{table}");
    let path = root().join("docs/benchmarks.md");
    let section = lighthouse::section(&lighthouse);
    println!("{section}");
    let doc = lighthouse::splice(&report::document(&results, &machine, &table), &section);
    std::fs::write(&path, doc).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    step(&format!("wrote docs/benchmarks.md ({:.0} s)", started.elapsed().as_secs_f64()));
    Ok(())
}

/// Step 1: `cargo xtask dist`, copied to `work/dist`, measured.
fn bundle(work: &Path) -> Result<(Tools, Bundle), String> {
    step(&format!("bench 1/{STEPS}: release bundle (cargo xtask dist), copied to a private folder"));
    // dist/ is shared: a concurrent trunk build can pull the staging folder
    // away under ours, so a failed build is retried.
    let mut attempt = 0;
    let tools = loop {
        attempt += 1;
        match crate::dist::dist() {
            Ok(t) => break t,
            Err(e) if attempt < 3 => step(&format!("dist failed ({e}); retrying")),
            Err(e) => return Err(e),
        }
    };
    let dir = work.join("dist");
    copy_dir(&root().join("dist"), &dir)?;
    let files = sizes::bundle(&dir)?;
    Ok((tools, Bundle { dir, files }))
}

/// Step 2: the native search bench, which also writes the synthetic corpus
/// to `work/corpus-5000.json`.
fn native_search(tools: &Tools, work: &Path) -> Result<NativeSearch, String> {
    step(&format!("bench 2/{STEPS}: native search bench (cargo run --release -p incident-search --features bench --example search_bench)"));
    let text = document(
        tools
            .command("cargo")
            .args(["run", "--quiet", "--release", "-p", "incident-search", "--features", "bench", "--example", "search_bench", "--", "5000", "--dump"])
            .arg(work.join("corpus-5000.json")),
    )?;
    let native: NativeSearch = parse("search_bench", &text)?;
    if native.dump.is_none() || !native.benches.iter().any(|b| b.name == "synthetic") {
        return Err(format!("search_bench wrote no corpus or did not time it:\n{text}"));
    }
    Ok(native)
}

/// Step 3: the search module's weight, from the bundle of step 1 (as
/// `cargo xtask search-weight` prints it).
fn search_weight(bundle: &Bundle) -> Result<SearchWeight, String> {
    step(&format!("bench 3/{STEPS}: the search module's weight (loaded after first paint, as `cargo xtask search-weight`)"));
    let name = crate::search_module::FILE_NAME;
    let module = bundle.files.iter().find(|(n, _)| n == name).map(|(_, s)| *s).ok_or_else(|| format!("the bundle has no {name}"))?;
    Ok(SearchWeight { module })
}

/// Step 4: the release CLI and bench binary; the static page of the example
/// feed; the corpus cut to the feed limit, and the large feed.
fn static_page_and_feeds(tools: &Tools, work: &Path, native: &NativeSearch) -> Result<Feeds, String> {
    step(&format!("bench 4/{STEPS}: static page (incident-feed render) and the feeds cut to the feed limit if needed"));
    run(tools.command("cargo").args(["build", "--quiet", "--release", "-p", "incident-feed-cli", "--bin", "incident-feed"]))?;
    run(tools.command("cargo").args(["build", "--quiet", "--release", "-p", "e2e", "--bin", "bench"]))?;
    let cli = target_dir().join("release/incident-feed");
    let bench_bin = target_dir().join("release/bench");
    run(Command::new(&cli).arg("render").arg(root().join("examples/feeds/cyberangriff.json")).args(["--lang", "de", "--out"]).arg(work.join("static.html")))?;
    let corpus = &native.dump.as_ref().ok_or("search_bench wrote no corpus")?.path;
    let fit = |out: &Path, shape: &[&str]| -> Result<FitFeed, String> {
        parse("bench fit-feed", &document(Command::new(&bench_bin).arg("fit-feed").arg(corpus).arg(out).args(shape))?)
    };
    let search = fit(&work.join("search-corpus.json"), &[])?;
    let large_path = work.join("large.json");
    let large = fit(&large_path, &["1000"])?;
    let many = fit(&work.join("many.json"), &["100", "10"])?;
    // The static page of each large feed, for the ratio the issue asks for.
    for (feed, page) in [("large.json", "static-large.html"), ("many.json", "static-many.html")] {
        run(Command::new(&cli).arg("render").arg(work.join(feed)).args(["--lang", "de", "--out"]).arg(work.join(page)))?;
    }
    Ok(Feeds { cli, bench_bin, search, large, large_path, many })
}

/// Step 5: `incident-feed validate` on the large feed, 7 times.
fn native_validation(feeds: &Feeds) -> Result<Validation, String> {
    const RUNS: usize = 7;
    step(&format!("bench 5/{STEPS}: native parse + validate of the large feed (incident-feed validate, {RUNS} runs)"));
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        // Exit status 0 means valid; `output` fails otherwise.
        output(Command::new(&feeds.cli).arg("validate").arg(&feeds.large_path))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(Validation { median_ms: median(times), runs: RUNS })
}

/// Step 6: the browser half; its document is kept as `work/chromium.json`.
fn browser_half(feeds: &Feeds, bundle: &Bundle, work: &Path, settings: &Settings) -> Result<Chromium, String> {
    let Settings { runs, poll_seconds } = settings;
    step(&format!("bench 6/{STEPS}: Chromium (e2e bench binary): {runs} runs of first render, large feed and search; {poll_seconds} s of idle polling"));
    let text = document(Command::new(&feeds.bench_bin).args(["run", "--dist"]).arg(&bundle.dir).arg("--work").arg(work).args([
        "--runs",
        &runs.to_string(),
        "--poll-seconds",
        &poll_seconds.to_string(),
    ]))?;
    std::fs::write(work.join("chromium.json"), &text).map_err(|e| e.to_string())?;
    parse("bench run", &text)
}

/// Step 7: Lighthouse on the login page with and without the banner
/// (`BENCH_LIGHTHOUSE_RUNS` runs of each, default 5).
fn lighthouse_step(tools: &Tools, bundle: &Bundle, work: &Path) -> Result<lighthouse::Lighthouse, String> {
    let runs = match std::env::var("BENCH_LIGHTHOUSE_RUNS") {
        Ok(v) => v.parse().ok().filter(|&n: &usize| n > 0).ok_or_else(|| format!("BENCH_LIGHTHOUSE_RUNS={v:?} is no number of runs"))?,
        Err(_) => 5,
    };
    let pages = lighthouse::VARIANTS.len();
    step(&format!("bench 7/{STEPS}: Lighthouse (mobile, simulated throttling), {runs} runs of each of {pages} login pages, from nginx with brotli"));
    lighthouse::measure(tools, &bundle.dir, work, runs)
}

/// `--only lighthouse`: after the bundle, only the Lighthouse step, and
/// only its section of `docs/benchmarks.md` rewritten (the rest stays as the
/// last full run wrote it).
fn lighthouse_only(tools: &Tools, bundle: &Bundle, work: &Path, started: Instant) -> Result<(), String> {
    let lighthouse = lighthouse_step(tools, bundle, work)?;
    let section = lighthouse::section(&lighthouse);
    println!("{section}");
    let path = root().join("docs/benchmarks.md");
    let doc = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::fs::write(&path, lighthouse::splice(&doc, &section)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    step(&format!("wrote the Lighthouse section of docs/benchmarks.md ({:.0} s)", started.elapsed().as_secs_f64()));
    Ok(())
}
