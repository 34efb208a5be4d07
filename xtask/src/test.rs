//! `cargo xtask test`: every test of the project, in one command.

use std::time::Instant;

use crate::step;
use crate::tools::{self, run};

/// Runs native tests (the format, the search, publishing, the CLI, property
/// tests, xtask), the component tests in headless Chromium, then builds the
/// release bundle and runs the end-to-end tests against it.
pub fn run_all(_args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tools = tools::ensure_all()?;

    step("1/3 native tests: feed model, validation, search (and its lazily loaded module), phone numbers, dates, publishing, CLI (cargo test)");
    let crates = ["incident-feed", "incident-search", "incident-search-module", "incident-publish", "incident-feed-cli", "xtask"];
    run(tools.command("cargo").arg("test").args(crates.iter().flat_map(|c| ["--package", c])))?;

    step("2/3 browser tests: Leptos components in headless Chromium (wasm-bindgen-test-runner + ChromeDriver)");
    // wasm-bindgen-test-runner ends its session by closing the window, which
    // leaves the profile ChromeDriver made in /tmp (about 110 MB per run):
    // give Chromium a profile of ours and remove it afterwards.
    let profile = std::env::temp_dir().join(format!("incident-status-wasm-tests-{}", std::process::id()));
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    let capabilities = profile.join("webdriver.json");
    let user_data_dir = format!("--user-data-dir={}", profile.join("chromium").display()).replace('\\', "\\\\").replace('"', "\\\"");
    let json = format!(r#"{{"goog:chromeOptions": {{"args": ["{user_data_dir}", "--disable-gpu", "--no-first-run", "--disable-background-networking"]}}}}"#);
    std::fs::write(&capabilities, json).map_err(|e| format!("{}: {e}", capabilities.display()))?;
    let browser_tests = run(tools
        .command("cargo")
        .args(["test", "--package", "incident-status", "--target", "wasm32-unknown-unknown"])
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &capabilities));
    let _ = std::fs::remove_dir_all(&profile);
    browser_tests?;

    step("3/3 end-to-end tests: the release bundle in headless Chromium over WebDriver, against local HTTP servers and nginx (publish)");
    crate::dist::dist()?;
    // Sizes are deterministic: a check, not a timed test.
    step(&crate::sizes::check_budget(&crate::sizes::bundle(&crate::root().join("dist"))?)?);
    // One browser at a time: two cores, and timing-sensitive fault cases.
    run(tools.command("cargo").args(["test", "--package", "e2e", "--", "--test-threads=1"]))?;

    step(&format!("all tests passed in {:.0} s", started.elapsed().as_secs_f64()));
    Ok(())
}
