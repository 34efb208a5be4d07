//! Building the release bundle and serving the demo.

use std::fmt::Write as _;

use sha2::{Digest, Sha384};

use crate::tools::{self, run};
use crate::{root, step};
use crate::{search_module, sizes};

/// Builds `dist/` in release mode, writes `dist/manifest.json` with the SRI
/// hash of every file, and prints the bundle's sizes.
pub fn dist() -> Result<tools::Tools, String> {
    let tools = tools::ensure_all()?;
    let search_integrity = search_module::build(&tools)?;
    step("building the release bundle with trunk into dist/");
    run(tools.command("trunk").args(["build", "--release", "--dist"]).arg(root().join("dist")).env(search_module::INTEGRITY_VAR, &search_integrity))?;
    write_manifest()?;
    let rows = sizes::bundle(&root().join("dist"))?;
    print!("{}", sizes::table(&rows));
    Ok(tools)
}

/// `dist/manifest.json`: every file with its size and `sha384-…` integrity value.
fn write_manifest() -> Result<(), String> {
    let dist = root().join("dist");
    let mut files = Vec::new();
    collect(&dist, &dist, &mut files)?;
    files.sort();
    let mut json = String::from("{\n  \"name\": \"incident-status\",\n");
    let _ = writeln!(json, "  \"version\": \"{}\",\n  \"files\": {{", env!("CARGO_PKG_VERSION"));
    let entries: Vec<String> = files
        .iter()
        .filter(|f| f.as_str() != "manifest.json")
        .map(|f| {
            let bytes = std::fs::read(dist.join(f)).expect("listed file is readable");
            let digest = Sha384::digest(&bytes);
            format!("    \"{f}\": {{ \"bytes\": {}, \"integrity\": \"sha384-{}\" }}", bytes.len(), incident_feed::signing::base64::encode(&digest))
        })
        .collect();
    json.push_str(&entries.join(",\n"));
    json.push_str("\n  }\n}\n");
    std::fs::write(dist.join("manifest.json"), json).map_err(|e| format!("cannot write dist/manifest.json: {e}"))?;
    step(&format!("wrote dist/manifest.json ({} files with sha384 integrity)", entries.len()));
    Ok(())
}

fn collect(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(base, &path, out)?;
        } else {
            out.push(path.strip_prefix(base).unwrap().to_string_lossy().into_owned());
        }
    }
    Ok(())
}

/// Builds and serves the demo on 127.0.0.1 (port 8080 unless `--port N`).
pub fn serve(args: &[String]) -> Result<(), String> {
    let tools = tools::ensure_all()?;
    let search_integrity = search_module::build(&tools)?;
    let port = args.iter().position(|a| a == "--port").and_then(|i| args.get(i + 1)).cloned().unwrap_or_else(|| "8080".into());
    step(&format!("serving the demo at http://127.0.0.1:{port}/ (German example feed; Ctrl-C stops)"));
    run(tools.command("trunk").args(["serve", "--release", "--address", "127.0.0.1", "--port", &port]).env(search_module::INTEGRITY_VAR, &search_integrity))
}
