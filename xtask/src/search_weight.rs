//! `cargo xtask search-weight`: what the FAQ search weighs. It is no longer
//! in the widget's wasm but a module of its own, loaded after the first
//! paint (`incident-status-search.wasm`, xtask/src/search_module.rs), so its
//! weight is simply that file's: built as `cargo xtask dist` builds it, and
//! measured.

use crate::sizes::{self, kb, Sizes};
use crate::tools;

pub fn search_weight() -> Result<(), String> {
    let tools = tools::ensure_all()?;
    let module = measure(&tools)?;
    println!("| search module (loaded after first paint) | raw | gzip | brotli |\n|---|---:|---:|---:|");
    println!("| {} | {} | {} | {} |", crate::search_module::FILE_NAME, kb(module.raw), kb(module.gzip), kb(module.brotli));
    Ok(())
}

/// The search module's sizes, built as `cargo xtask dist` builds it.
pub fn measure(tools: &tools::Tools) -> Result<Sizes, String> {
    crate::search_module::build(tools)?;
    let path = crate::search_module::output();
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(sizes::measure(&bytes))
}
