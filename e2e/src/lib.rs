//! The end-to-end harness: real HTTP servers on 127.0.0.1 and headless
//! Chromium driven over WebDriver (ChromeDriver + fantoccini).
//!
//! The tests load the built bundle from `dist/` (run `cargo xtask dist`, or
//! `cargo xtask test`, which does it first) into host-page fixtures from
//! `tests/fixtures/`.

pub mod browser;
pub mod server;

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("e2e is inside the workspace").to_path_buf()
}

/// `dist/`, which must have been built; or the bundle directory named by
/// `E2E_DIST`, to test a copy while `dist/` is rebuilt by someone else.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST").filter(|d| !d.is_empty()).map(PathBuf::from).unwrap_or_else(|| root().join("dist"));
    assert!(dist.join("incident-status.js").exists(), "{} has no bundle: run `cargo xtask dist` (or `cargo xtask test`) first", dist.display());
    dist
}
