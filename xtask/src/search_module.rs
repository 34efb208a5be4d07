//! Builds `incident-status-search.wasm`, the FAQ search the widget loads
//! after its first paint (crate `incident-search-module`, docs/lazy-search.md).
//!
//! It is built before trunk builds the widget, because the widget's wasm
//! carries the module's sha384 (`INCIDENT_STATUS_SEARCH_SRI`, read with
//! `option_env!` in `src/search_module.rs`): a page that pins the widget's
//! wasm pins the search with it. trunk copies the file into `dist/` next to
//! the widget's wasm (`index.html`, `rel="copy-file"`), so `trunk serve`
//! serves it too.

use std::path::PathBuf;

use sha2::{Digest, Sha384};

use crate::tools::{run, Tools};
use crate::{root, step};

/// The file's name in `dist/`, as `src/search_module.rs` fetches it.
pub const FILE_NAME: &str = "incident-status-search.wasm";

/// The environment variable that carries the module's integrity into the widget's build.
pub const INTEGRITY_VAR: &str = "INCIDENT_STATUS_SEARCH_SRI";

/// The optimised module, where `index.html` has trunk copy it from.
pub fn output() -> PathBuf {
    root().join("target/search-module").join(FILE_NAME)
}

/// Builds the module (release, wasm32, `wasm-opt -O1` as trunk does for the
/// widget: brotli compresses -O1's output best, 44.6 KB against 45.8 with
/// -Oz) into [`output`] and returns its `sha384-…` integrity value.
pub fn build(tools: &Tools) -> Result<String, String> {
    step(&format!("building the lazily loaded search module {FILE_NAME}"));
    run(tools.command("cargo").args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--package", "incident-search-module"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    let built = target.join("wasm32-unknown-unknown/release/incident_search_module.wasm");
    let out = output();
    std::fs::create_dir_all(out.parent().expect("has a folder")).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    // --strip-debug and --strip-producers: the module ships no names.
    run(tools.command("wasm-opt").arg("-O1").args(["--strip-debug", "--strip-producers"]).arg(&built).arg("--output").arg(&out))?;
    let bytes = std::fs::read(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    Ok(integrity(&bytes))
}

/// The SRI value of `bytes`, as `dist/manifest.json` writes it.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", incident_feed::signing::base64::encode(&Sha384::digest(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_the_sri_form_of_sha384() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
    }
}
