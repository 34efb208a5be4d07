//! `cargo xtask test`: every test of the project, in one command.

use std::time::Instant;

use crate::tools::{self, run};
use crate::step;

/// Runs native tests (core crate with its CLI, fuzz-style property tests,
/// xtask), then the browser tests in headless Chromium.
pub fn run_all(_args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tools = tools::ensure_all()?;

    step("1/2 native tests: feed model, validation, search, phone numbers, dates, CLI (cargo test)");
    run(tools.command("cargo").args(["test", "--package", "incident-feed", "--package", "xtask"]))?;

    step("2/2 browser tests: Leptos components in headless Chromium (wasm-bindgen-test-runner + ChromeDriver)");
    run(tools.command("cargo").args(["test", "--package", "incident-status", "--target", "wasm32-unknown-unknown"]))?;

    step(&format!("all tests passed in {:.0} s", started.elapsed().as_secs_f64()));
    Ok(())
}

