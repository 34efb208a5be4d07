//! The widget's dependencies stay what its bundle needs: of the workspace's
//! crates only `incident-feed` (the format), and none of the native tools'
//! weight: no clap, no schemars, no `incident-publish`, no
//! `incident-feed-cli`, and no Ed25519 code (the browser's WebCrypto
//! verifies signatures, `src/webcrypto.rs`). Not `incident-search` either:
//! the FAQ search is a module of its own (`incident-search-module`), loaded
//! after the first paint, and must not creep back into the first load.
//!
//! `cargo tree` resolves without compiling anything, in well under a second;
//! it runs `--offline` (everything it needs is in `Cargo.lock` and the local
//! registry cache) and asks the registry only if that cache lacks something.

use std::collections::BTreeSet;
use std::process::Command;

use crate::root;

/// `cargo tree` of the widget as its wasm bundle is built, one package per
/// line, following the dependency kinds in `edges`.
fn widget_tree(edges: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let tree = |offline: bool| {
        let mut c = Command::new(&cargo);
        c.arg("tree");
        if offline {
            c.arg("--offline");
        }
        c.args(["-p", "incident-status", "--all-features", "-e", edges, "--target", "wasm32-unknown-unknown", "--prefix", "none"]).current_dir(root());
        c.output().expect("cargo runs")
    };
    // Offline first; only a registry cache that lacks an index entry needs the network.
    let mut out = tree(true);
    if !out.status.success() {
        out = tree(false);
    }
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("cargo tree prints UTF-8")
}

#[test]
fn the_widget_depends_on_the_format_only() {
    let tree = widget_tree("no-dev");
    let names = package_names(&tree);
    for forbidden in ["clap", "schemars", "incident-publish", "incident-feed-cli", "incident-search", "incident-search-module"] {
        assert!(!names.contains(forbidden), "{forbidden} reaches the widget's wasm build:\n{tree}");
    }
    // The workspace's own crates are the ones from a local path.
    let root = root();
    let local: BTreeSet<&str> = tree.lines().filter(|l| l.contains(&format!("({}", root.display()))).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(local, BTreeSet::from(["incident-feed", "incident-status"]), "{tree}");
}

/// The package names in a `cargo tree --prefix none` listing: `name vX.Y.Z
/// (source)` per line, `(*)` marking repeats.
fn package_names(tree: &str) -> BTreeSet<&str> {
    tree.lines().filter_map(|l| l.split_whitespace().next()).collect()
}

#[test]
fn the_widget_links_no_ed25519_code() {
    // What is linked into the wasm: normal dependencies, not the build-time
    // proc macros (leptos's `wasm_split_macros` hashes with sha2 while compiling).
    let tree = widget_tree("normal,no-proc-macro");
    let names = package_names(&tree);
    assert!(names.contains("incident-feed"), "{tree}");
    for forbidden in ["ed25519-dalek", "ed25519", "curve25519-dalek", "sha2"] {
        assert!(!names.contains(forbidden), "{forbidden} reaches the widget's wasm build; the browser verifies signatures (src/webcrypto.rs):\n{tree}");
    }
}
