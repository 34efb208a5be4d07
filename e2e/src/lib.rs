//! The end-to-end harness: real HTTP servers on 127.0.0.1 and headless
//! Chromium driven over WebDriver (ChromeDriver + fantoccini).
//!
//! The tests load the built bundle from `dist/` (run `cargo xtask dist`, or
//! `cargo xtask test`, which does it first) into host-page fixtures from
//! `tests/fixtures/`.

pub mod browser;
pub mod nginx;
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

/// The `incident-feed` command, built first (`cargo build -p
/// incident-feed-cli`, a no-op when it is up to date) into this build's
/// target folder; or the binary named by `E2E_INCIDENT_FEED`.
pub fn incident_feed_cli() -> PathBuf {
    if let Some(bin) = std::env::var_os("E2E_INCIDENT_FEED").filter(|b| !b.is_empty()) {
        return PathBuf::from(bin);
    }
    // The test binary is target/<profile>/deps/<test>-<hash>.
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe.parent().and_then(|d| d.parent()).expect("target/<profile>/deps");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = std::process::Command::new(cargo);
    build.args(["build", "--quiet", "--package", "incident-feed-cli", "--bin", "incident-feed"]).current_dir(root());
    if profile_dir.file_name().is_some_and(|p| p == "release") {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "cargo build -p incident-feed-cli failed");
    let bin = profile_dir.join("incident-feed");
    assert!(bin.exists(), "{} was not built", bin.display());
    bin
}
