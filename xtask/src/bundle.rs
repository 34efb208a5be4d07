//! `cargo xtask bundle-loader`: trunk's post-build hook. Joins the
//! wasm-bindgen glue and `src/loader.js` into the one `incident-status.js`
//! an embedding page loads, so that one SRI hash on the script tag covers
//! all of the bundle's JavaScript. In release builds it then minifies that
//! JavaScript and the widget's stylesheet with esbuild (from npm, like
//! wasm-opt): every byte is paid by every customer on a phone.

use std::path::PathBuf;

use crate::{root, step};

/// wasm-bindgen's glue, which trunk names after the package; the joined
/// bundle replaces it under the same name.
const BUNDLE: &str = "incident-status.js";
/// The loader's first line, to recognise a bundle that is already joined.
const LOADER_MARK: &str = "// incident-status embed loader.";
/// The glue's default export, which the loader calls to start the wasm.
const GLUE_INIT: &str = "__wbg_init as default";

pub fn bundle_loader() -> Result<(), String> {
    let staging = std::env::var("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .map_err(|_| "TRUNK_STAGING_DIR is not set: this task runs as trunk's post_build hook".to_owned())?;
    let glue_path = staging.join(BUNDLE);
    let glue = std::fs::read_to_string(&glue_path).map_err(|e| format!("cannot read {}: {e}", glue_path.display()))?;
    if glue.contains(LOADER_MARK) {
        return Ok(());
    }
    if !glue.contains(GLUE_INIT) {
        return Err(format!("{BUNDLE} has no `{GLUE_INIT}`: the wasm-bindgen output changed; update src/loader.js"));
    }
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    // The stylesheet first: the loader carries its hash, and the wasm's
    // (trunk has run wasm-opt on it by now), so both must be final here; the
    // loader's own hash, which covers them, is taken after this, for
    // dist/manifest.json.
    if release {
        minify(&staging.join(STYLESHEET))?;
    }
    let loader = std::fs::read_to_string(root().join("src/loader.js")).map_err(|e| format!("cannot read src/loader.js: {e}"))?;
    let loader = with_integrity(&loader, &staging)?;
    std::fs::write(&glue_path, format!("{glue}\n{loader}")).map_err(|e| format!("cannot write {BUNDLE}: {e}"))?;
    step(&format!("joined the wasm-bindgen glue and src/loader.js into {BUNDLE}, with the sha384 of {WASM} and {STYLESHEET}"));
    if release {
        minify(&glue_path)?;
    }
    Ok(())
}

/// The wasm, whose hash the loader carries.
const WASM: &str = "incident-status_bg.wasm";
/// The loader's placeholders for the hashes of the files in `staging`.
const PLACEHOLDERS: [(&str, &str); 2] = [("@WASM_INTEGRITY@", WASM), ("@CSS_INTEGRITY@", STYLESHEET)];

/// `loader` with each placeholder replaced by the `sha384-…` integrity of
/// its file in `staging`, so that the loader fetches only those bytes
/// (from its own origin or from the embedder's `bundle-fallback`).
fn with_integrity(loader: &str, staging: &std::path::Path) -> Result<String, String> {
    let mut out = loader.to_owned();
    for (placeholder, file) in PLACEHOLDERS {
        if out.matches(placeholder).count() != 1 {
            return Err(format!("src/loader.js must hold {placeholder} exactly once (the {file} hash goes there)"));
        }
        let path = staging.join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        out = out.replace(placeholder, &crate::search_module::integrity(&bytes));
    }
    Ok(out)
}

/// The widget's stylesheet, which trunk copies next to the bundle.
const STYLESHEET: &str = "incident-status.css";

/// Minifies `path` in place with esbuild. No bundling and no target: the
/// file keeps its module form (exports, `import.meta.url`) and every
/// syntax it uses, only shorter. Legal comments (`/*! … */`) stay.
fn minify(path: &std::path::Path) -> Result<(), String> {
    let before = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    let esbuild = root().join("tools/node_modules/.bin/esbuild");
    let status = std::process::Command::new(&esbuild)
        .arg(path)
        // The loader (JS or CSS) follows from the file's extension.
        .args(["--minify", "--log-level=warning", "--allow-overwrite"])
        .arg(format!("--outfile={}", path.display()))
        .status()
        .map_err(|e| format!("cannot run {} (run `cargo xtask install`): {e}", esbuild.display()))?;
    if !status.success() {
        return Err(format!("esbuild could not minify {}", path.display()));
    }
    let after = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    step(&format!("minified {} ({before} → {after} bytes)", path.file_name().unwrap_or_default().to_string_lossy()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_gets_the_hashes_of_the_wasm_and_the_stylesheet() {
        let staging = std::env::temp_dir().join(format!("incident-status-bundle-test-{}", std::process::id()));
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join(WASM), b"abc").unwrap();
        std::fs::write(staging.join(STYLESHEET), b":host{}").unwrap();
        let loader = std::fs::read_to_string(root().join("src/loader.js")).unwrap();
        let joined = with_integrity(&loader, &staging).unwrap();
        assert!(joined.contains(&format!("wasm: \"{}\"", crate::search_module::integrity(b"abc"))), "the wasm's hash in the loader");
        assert!(joined.contains(&format!("css: \"{}\"", crate::search_module::integrity(b":host{}"))), "the stylesheet's hash in the loader");
        assert!(!joined.contains("_INTEGRITY@"));
        // A loader without its placeholders is an error, not a loader without hashes.
        assert!(with_integrity("// no placeholders", &staging).is_err());
        std::fs::remove_dir_all(&staging).unwrap();
    }
}
