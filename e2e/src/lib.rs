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

/// `dist/`, which must have been built.
pub fn dist() -> PathBuf {
    let dist = root().join("dist");
    assert!(
        dist.join("incident-status.js").exists(),
        "dist/ has no bundle: run `cargo xtask dist` (or `cargo xtask test`) first"
    );
    dist
}
