//! Raw, gzip and brotli sizes: what each file costs a customer on a phone.

use std::io::Write;
use std::path::Path;

use crate::root;

/// Sizes of one file in bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::Add for Sizes {
    type Output = Sizes;
    fn add(self, o: Sizes) -> Sizes {
        Sizes { raw: self.raw + o.raw, gzip: self.gzip + o.gzip, brotli: self.brotli + o.brotli }
    }
}

/// Measures with the settings a CDN would use at best (gzip -9, brotli 11).
pub fn measure(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    Sizes { raw: bytes.len(), gzip, brotli: br.len() }
}

pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// The bundle files (`incident-status*` JS, wasm, CSS; not the demo's) in `dir`, measured.
pub fn bundle(dir: &Path) -> Result<Vec<(String, Sizes)>, String> {
    let mut rows = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_bundle = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("incident-status"));
        if is_bundle && matches!(ext, "js" | "wasm" | "css") {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            rows.push((path.file_name().unwrap().to_string_lossy().into_owned(), measure(&bytes)));
        }
    }
    if rows.is_empty() {
        return Err(format!("no .js, .wasm or .css files in {}; run `cargo xtask dist` first", dir.display()));
    }
    Ok(rows)
}

/// A Markdown table of the bundle's sizes.
pub fn table(rows: &[(String, Sizes)]) -> String {
    let mut out = String::from("| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let mut total = Sizes::default();
    for (name, s) in rows {
        out.push_str(&format!("| {name} | {} | {} | {} |\n", kb(s.raw), kb(s.gzip), kb(s.brotli)));
        total = total + *s;
    }
    out.push_str(&format!("| **total** | {} | {} | {} |\n", kb(total.raw), kb(total.gzip), kb(total.brotli)));
    out
}

/// The most the embed may weigh, brotli 11, as a CDN serves it: everything
/// a page fetches before the widget's first paint (today the loader, the
/// wasm and the stylesheet: the whole bundle). `cargo xtask test` fails past
/// it. Set to what the bundle weighs plus a small margin; lower it with every
/// change that makes the bundle lighter, and never raise it without saying
/// why in the commit.
pub const FIRST_LOAD_BUDGET_BROTLI: usize = 226 * 1024;

/// Fails when the bundle in `rows` is heavier than [`FIRST_LOAD_BUDGET_BROTLI`].
pub fn check_budget(rows: &[(String, Sizes)]) -> Result<String, String> {
    let total: usize = rows.iter().map(|(_, s)| s.brotli).sum();
    let line = format!("first-load embed {} brotli, budget {}", kb(total), kb(FIRST_LOAD_BUDGET_BROTLI));
    if total > FIRST_LOAD_BUDGET_BROTLI {
        return Err(format!("size budget exceeded: {line} (xtask/src/sizes.rs FIRST_LOAD_BUDGET_BROTLI)"));
    }
    Ok(line)
}

/// `cargo xtask sizes`: the sizes of `dist/`, held to the budget.
pub fn print_dist() -> Result<(), String> {
    let rows = bundle(&root().join("dist"))?;
    print!("{}", table(&rows));
    println!("{}", check_budget(&rows)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_are_smaller_for_repetitive_input() {
        let s = measure(&b"incident-status ".repeat(1000));
        assert_eq!(s.raw, 16_000);
        assert!(s.gzip < 200 && s.brotli < 200, "{s:?}");
    }

    #[test]
    fn the_budget_fails_a_heavier_bundle_and_passes_a_lighter_one() {
        let row = |brotli| vec![("incident-status_bg.wasm".to_owned(), Sizes { raw: 0, gzip: 0, brotli })];
        assert!(check_budget(&row(FIRST_LOAD_BUDGET_BROTLI)).is_ok());
        let err = check_budget(&row(FIRST_LOAD_BUDGET_BROTLI + 1)).unwrap_err();
        assert!(err.contains("size budget exceeded"), "{err}");
    }

    #[test]
    fn kb_has_one_decimal() {
        assert_eq!(kb(1536), "1.5 KB");
    }
}
