//! `cargo xtask <task>`: the project's tasks. Each task first installs what
//! is missing (idempotently) and says what it does.

#[cfg(test)]
mod attribute_table;
mod bench;
mod bundle;
mod dist;
#[cfg(test)]
mod event_codes;
#[cfg(test)]
mod host_styles;
#[cfg(test)]
mod layering;
#[cfg(test)]
mod module_graph;
mod search_module;
mod search_weight;
mod size_report;
mod sizes;
mod test;
mod tools;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task>

tasks:
  install   install the build and test tools that are missing
  serve     build and serve the demo on http://127.0.0.1:8080/ (German example feed)
  dist      build the release bundle into dist/ (with SRI manifest) and print its sizes
  test      run every test: native, browser (headless Chromium), end-to-end
  sizes     print raw / gzip / brotli sizes of the files in dist/
  bench     benchmark report: bundle, first render, large feed, search, polling, Lighthouse -> docs/benchmarks.md
            (--only lighthouse: the bundle and Lighthouse only, rewriting only that section)
  size-report    build a named twin of the release wasm; print its largest items and bytes per crate (--top N, --crate NAME)
  search-weight  build the lazily loaded FAQ search module and print its size
  bundle-loader  (trunk's post-build hook) join the wasm-bindgen glue and src/loader.js
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("install") => tools::ensure_all().map(|_| ()),
        Some("serve") => dist::serve(&args[1..]),
        Some("dist") => dist::dist().map(|_| ()),
        Some("test") => test::run_all(&args[1..]),
        Some("sizes") => sizes::print_dist(),
        Some("bench") => bench::bench(&args[1..]),
        Some("bundle-loader") => bundle::bundle_loader(),
        Some("size-report") => size_report::size_report(&args[1..]),
        Some("search-weight") => search_weight::search_weight(),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one folder below it).
pub fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// Prints a step in the same form everywhere, so that CI logs read as a list.
pub fn step(message: &str) {
    eprintln!("xtask: {message}");
}
