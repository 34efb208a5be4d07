//! `cargo xtask search-weight`: what the FAQ search adds to the wasm bundle.
//! Builds the widget's wasm twice the way trunk does (release, wasm-bindgen,
//! wasm-opt -Oz): with the search, and with a stand-in that finds nothing
//! (`--no-default-features`), and prints both sizes and the difference.

use crate::sizes::{self, kb, Sizes};
use crate::tools::{self, run};
use crate::{root, step};

pub fn search_weight() -> Result<(), String> {
    let tools = tools::ensure_all()?;
    let (with, without) = measure(&tools)?;
    let measured = [("with search", with), ("without search", without)];
    print(with, without, &measured);
    Ok(())
}

/// The wasm's sizes with and without the search, built as trunk builds it.
pub fn measure(tools: &tools::Tools) -> Result<(Sizes, Sizes), String> {
    let out = root().join("target/search-weight");
    let mut measured = Vec::new();
    for (name, extra) in [("with search", &[][..]), ("without search", &["--no-default-features"][..])] {
        step(&format!("building the widget's wasm {name}"));
        run(tools.command("cargo").args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--package", "incident-status"]).args(extra))?;
        let dir = out.join(name.replace(' ', "-"));
        run(tools
            .command("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&dir)
            .arg(root().join("target/wasm32-unknown-unknown/release/incident_status.wasm")))?;
        let wasm = dir.join("incident_status_bg.wasm");
        run(tools.command("wasm-opt").arg("-Oz").arg("--output").arg(&wasm).arg(&wasm))?;
        let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
        measured.push(sizes::measure(&bytes));
    }
    Ok((measured[0], measured[1]))
}

/// Prints the comparison as a Markdown table.
fn print(with: Sizes, without: Sizes, measured: &[(&str, Sizes)]) {
    println!("| wasm | raw | gzip | brotli |\n|---|---:|---:|---:|");
    for (name, s) in measured {
        println!("| {name} | {} | {} | {} |", kb(s.raw), kb(s.gzip), kb(s.brotli));
    }
    println!(
        "| **the search adds** | {} | {} | {} |",
        kb(with.raw.saturating_sub(without.raw)),
        kb(with.gzip.saturating_sub(without.gzip)),
        kb(with.brotli.saturating_sub(without.brotli))
    );
}
