//! `cargo xtask size-report`: where the widget's wasm bytes go.
//!
//! Builds a *named twin* of the shipped wasm: the same cargo build, the same
//! wasm-bindgen and the same wasm-opt level as trunk uses (read from
//! `index.html`), but with `-g` so that wasm-opt keeps the function names.
//! The twin's code is the shipped code (names live in a custom section that
//! does not change a function body), so its function sizes are the shipped
//! ones. Prints the largest functions and data segments, and the bytes per
//! crate, so that anyone can see what a change costs before keeping it.

use std::collections::BTreeMap;

use crate::sizes::{self, kb};
use crate::tools::{self, run};
use crate::{root, step};

/// How many of the largest items to list.
const TOP: usize = 30;

pub fn size_report(args: &[String]) -> Result<(), String> {
    let tools = tools::ensure_all()?;
    let level = wasm_opt_level()?;
    let out = root().join("target/size-report");
    step("building the widget's wasm as trunk does (release, wasm32-unknown-unknown)");
    run(tools.command("cargo").args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--package", "incident-status"]))?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| root().join("target"));
    step("wasm-bindgen, keeping names");
    run(tools
        .command("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-debug", "--out-dir"])
        .arg(&out)
        .arg(target_dir.join("wasm32-unknown-unknown/release/incident_status.wasm")))?;
    let named = out.join("incident_status_bg.wasm");
    step(&format!("wasm-opt -O{level} -g (the shipped level, names kept)"));
    run(tools.command("wasm-opt").arg(format!("-O{level}")).arg("-g").arg("--output").arg(&named).arg(&named))?;
    let bytes = std::fs::read(&named).map_err(|e| format!("cannot read {}: {e}", named.display()))?;
    let items = items(&bytes)?;

    let top = args.iter().position(|a| a == "--top").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(TOP);
    // `--crate NAME`: only that crate's items, to see where its bytes go.
    let items = match args.iter().position(|a| a == "--crate").and_then(|i| args.get(i + 1)) {
        Some(wanted) => items.into_iter().filter(|i| &crate_of(i) == wanted).collect(),
        None => items,
    };
    print!("{}", report(&items, &bytes, top));
    step(&format!("the named twin is {}", named.display()));
    Ok(())
}

/// The `data-wasm-opt` level in `index.html`, which trunk passes to wasm-opt.
fn wasm_opt_level() -> Result<String, String> {
    let html = std::fs::read_to_string(root().join("index.html")).map_err(|e| format!("cannot read index.html: {e}"))?;
    let start = html.find("data-wasm-opt=\"").ok_or("index.html has no data-wasm-opt on its rust link")? + "data-wasm-opt=\"".len();
    let end = html[start..].find('"').ok_or("unterminated data-wasm-opt in index.html")?;
    Ok(html[start..start + end].to_owned())
}

/// One function body or data segment of the wasm.
#[derive(Debug, PartialEq)]
pub struct Item {
    pub name: String,
    pub bytes: usize,
    pub is_data: bool,
}

/// Every function body (named from the name section) and data segment.
pub fn items(wasm: &[u8]) -> Result<Vec<Item>, String> {
    use wasmparser::{KnownCustom, Name, Parser, Payload};
    let mut imported_functions = 0u32;
    let mut bodies = Vec::new();
    let mut data = Vec::new();
    let mut names = BTreeMap::new();
    let mut data_names = BTreeMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| format!("not a wasm module: {e}"))? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import.map_err(|e| e.to_string())?.ty, wasmparser::TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push((range.end - range.start) as usize);
            }
            Payload::DataSection(reader) => {
                for segment in reader {
                    data.push(segment.map_err(|e| e.to_string())?.data.len());
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        match name.map_err(|e| e.to_string())? {
                            Name::Function(map) => {
                                for naming in map {
                                    let naming = naming.map_err(|e| e.to_string())?;
                                    names.insert(naming.index, naming.name.to_owned());
                                }
                            }
                            Name::Data(map) => {
                                for naming in map {
                                    let naming = naming.map_err(|e| e.to_string())?;
                                    data_names.insert(naming.index, naming.name.to_owned());
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut items: Vec<Item> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let index = imported_functions + i as u32;
            let name = names.get(&index).map(|n| rustc_demangle::demangle(n).to_string()).unwrap_or_else(|| format!("func[{index}]"));
            Item { name, bytes, is_data: false }
        })
        .collect();
    items.extend(data.into_iter().enumerate().map(|(i, bytes)| Item {
        name: data_names.get(&(i as u32)).cloned().map(|n| format!("data {n}")).unwrap_or_else(|| format!("data[{i}]")),
        bytes,
        is_data: true,
    }));
    Ok(items)
}

/// The crate an item's code comes from: the first path segment of its
/// demangled name (for `<A as B>::f`, of `A`), or "data" / "(unnamed)".
pub fn crate_of(item: &Item) -> String {
    if item.is_data {
        return "(data segments)".into();
    }
    if item.name.starts_with("func[") {
        return "(unnamed or glue)".into();
    }
    let mut name = item.name.trim_start_matches('<').trim_start_matches('&').trim_start_matches("mut ").trim_start_matches("dyn ");
    // `<F as tachys::…>::invoke`, `<str as core::fmt::Debug>::fmt`: a generic
    // or primitive self type belongs to the trait's crate.
    if let Some((own, trait_path)) = name.split_once(" as ") {
        if !own.contains("::") {
            name = trait_path;
        }
    }
    let end = name.find("::").unwrap_or(name.len());
    // v0 mangling names a crate with its hash: `core[c5930c85a12de822]`.
    let first = name[..end].split('[').next().unwrap_or("");
    if first.is_empty() || first.contains(|c: char| !(c.is_alphanumeric() || c == '_')) {
        "(unnamed or glue)".into()
    } else {
        first.to_owned()
    }
}

/// The report: totals, bytes per crate, and the `top` largest items.
fn report(items: &[Item], wasm: &[u8], top: usize) -> String {
    let whole = sizes::measure(wasm);
    let code: usize = items.iter().filter(|i| !i.is_data).map(|i| i.bytes).sum();
    let data: usize = items.iter().filter(|i| i.is_data).map(|i| i.bytes).sum();
    let mut out = format!(
        "named twin: {} raw, {} brotli (names add a custom section; code and data are the shipped ones)\ncode {} in {} functions, data {}\n\n",
        kb(whole.raw),
        kb(whole.brotli),
        kb(code),
        items.iter().filter(|i| !i.is_data).count(),
        kb(data)
    );
    let mut per_crate: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for item in items {
        let entry = per_crate.entry(crate_of(item)).or_default();
        entry.0 += item.bytes;
        entry.1 += 1;
    }
    let mut crates: Vec<_> = per_crate.into_iter().collect();
    incident_feed::order::sort_by_key(&mut crates, |(_, (bytes, _))| std::cmp::Reverse(*bytes));
    out.push_str("| crate | raw | items |\n|---|---:|---:|\n");
    for (name, (bytes, count)) in &crates {
        out.push_str(&format!("| {name} | {} | {count} |\n", kb(*bytes)));
    }
    let mut largest: Vec<&Item> = items.iter().collect();
    incident_feed::order::sort_by_key(&mut largest, |i| std::cmp::Reverse(i.bytes));
    out.push_str(&format!("\n| top {top} items | raw |\n|---|---:|\n"));
    for item in largest.into_iter().take(top) {
        let mut name = item.name.replace('|', "\\|");
        if name.len() > 140 {
            let cut = (0..=140).rev().find(|&i| name.is_char_boundary(i)).unwrap_or(0);
            name.truncate(cut);
            name.push('…');
        }
        out.push_str(&format!("| `{name}` | {} |\n", kb(item.bytes)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_are_read_from_demangled_paths() {
        let item = |name: &str| Item { name: name.into(), bytes: 1, is_data: false };
        assert_eq!(crate_of(&item("tachys::view::iterators::foo")), "tachys");
        assert_eq!(crate_of(&item("<serde_json::de::Deserializer<R> as serde::de::Deserializer>::deserialize_any")), "serde_json");
        assert_eq!(crate_of(&item("<&mut serde_json::de::Deserializer<R>>::parse")), "serde_json");
        assert_eq!(crate_of(&item("core[c5930c85a12de822]::num::flt2dec::strategy::dragon::format_shortest")), "core");
        assert_eq!(crate_of(&item("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<A>>::malloc")), "dlmalloc");
        assert_eq!(crate_of(&item("<F as tachys::reactive_graph::ReactiveFunction>::invoke::hc8d02c5b5e12f37a")), "tachys");
        assert_eq!(crate_of(&item("<str as core[c5930c85a12de822]::fmt::Debug>::fmt")), "core");
        assert_eq!(crate_of(&item("func[12]")), "(unnamed or glue)");
        assert_eq!(crate_of(&Item { name: "data[0]".into(), bytes: 3, is_data: true }), "(data segments)");
    }

    #[test]
    fn a_hand_made_module_is_read_into_named_items() {
        // (module (func $f (nop)) (func $g (i32.const 7) drop) (memory 1) (data (i32.const 0) "abc"))
        // with a name section naming both functions.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let section = |id: u8, body: &[u8]| {
            let mut s = vec![id, body.len() as u8];
            s.extend_from_slice(body);
            s
        };
        wasm.extend(section(1, &[1, 0x60, 0, 0])); // one type: [] -> []
        wasm.extend(section(3, &[2, 0, 0])); // two functions of type 0
        wasm.extend(section(5, &[1, 0, 1])); // one memory, min 1
        wasm.extend(section(10, &[2, 3, 0, 0x01, 0x0b, 5, 0, 0x41, 7, 0x1a, 0x0b])); // bodies of 3 and 5 bytes' content
        wasm.extend(section(11, &[1, 0, 0x41, 0, 0x0b, 3, b'a', b'b', b'c']));
        let mut names = vec![4, b'n', b'a', b'm', b'e'];
        names.extend([1, 7, 2, 0, 1, b'f', 1, 1, b'g']);
        wasm.extend(section(0, &names));
        let items = items(&wasm).unwrap();
        assert_eq!(items.iter().map(|i| (i.name.as_str(), i.bytes)).collect::<Vec<_>>(), [("f", 3), ("g", 5), ("data[0]", 3)]);
    }
}
