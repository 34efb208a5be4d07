//! The element's attributes are listed three times: the table in
//! `src/attributes.rs` (the widget reads its options through it), the lists
//! in `src/loader.js` (`observedAttributes` and the script tag's `data-*`
//! attributes, which must be known before any wasm runs) and the README's
//! table for embedders. These tests read all three as text and compare them.

use crate::root;

/// One row of `src/attributes.rs`' `ATTRIBUTES`: name, script-tag attribute, `Reacts` variant.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Row {
    name: String,
    script: String,
    reacts: String,
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The text from `start` to the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &text[from..from + len]
}

/// Every `"…"` string literal in `text` (none of ours contains a quote).
fn strings(text: &str) -> Vec<String> {
    text.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The value of `key: "…"` or `key: Path::Variant` after the first `key:` in `text`.
fn field<'a>(text: &'a str, key: &str) -> &'a str {
    let rest = text[text.find(&format!("{key}:")).unwrap_or_else(|| panic!("no {key} in {text}")) + key.len() + 1..].trim_start();
    match rest.strip_prefix('"') {
        Some(quoted) => &quoted[..quoted.find('"').unwrap()],
        None => rest[..rest.find([',', ' ', '}']).unwrap()].rsplit("::").next().unwrap(),
    }
}

fn table() -> Vec<Row> {
    let source = read("src/attributes.rs");
    let body = between(&source, "pub const ATTRIBUTES: &[Attribute] = &[", "\n];");
    let rows: Vec<Row> = body
        .split("Attribute {")
        .skip(1)
        .map(|entry| Row { name: field(entry, "name").to_owned(), script: field(entry, "script").to_owned(), reacts: field(entry, "reacts").to_owned() })
        .collect();
    assert!(rows.len() >= 10, "parsed only {rows:?} from src/attributes.rs");
    rows
}

fn script_only() -> Vec<String> {
    let source = read("src/attributes.rs");
    let body = between(&source, "pub const SCRIPT_ONLY: &[(&str, &str)] = &[", "\n];");
    body.lines().filter(|l| l.trim_start().starts_with("(\"")).map(|l| strings(l)[0].clone()).collect()
}

fn loader_list(name: &str) -> Vec<String> {
    let loader = read("src/loader.js");
    strings(between(&loader, &format!("const {name} = ["), "];"))
}

#[test]
fn the_table_is_consistent() {
    let rows = table();
    for row in &rows {
        assert_eq!(row.script, format!("data-{}", row.name), "the loader maps data-<name> to <name>");
        assert!(["Source", "Options", "Loader"].contains(&row.reacts.as_str()), "{row:?}");
    }
    let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "a name twice in the table");
    assert_eq!(script_only(), ["data-target"]);
}

#[test]
fn loader_observes_and_maps_the_tables_attributes() {
    let rows = table();
    let observed: Vec<String> = rows.iter().filter(|r| r.reacts != "Loader").map(|r| r.name.clone()).collect();
    let loader_only: Vec<String> = rows.iter().filter(|r| r.reacts == "Loader").map(|r| r.name.clone()).collect();
    assert_eq!(loader_list("OBSERVED"), observed, "src/loader.js OBSERVED (observedAttributes) against src/attributes.rs");
    assert_eq!(loader_list("LOADER_ONLY"), loader_only, "src/loader.js LOADER_ONLY against src/attributes.rs");
    let loader = read("src/loader.js");
    assert!(loader.contains("return OBSERVED;"), "observedAttributes returns OBSERVED");
    assert!(
        loader.contains("for (const name of [...OBSERVED, ...LOADER_ONLY])") && loader.contains("script.getAttribute(`data-${name}`)"),
        "script tags map data-<name> for exactly the table's attributes"
    );
    for attribute in script_only() {
        let key = attribute.strip_prefix("data-").unwrap();
        assert!(loader.contains(&format!("script.dataset.{key}")), "the loader reads the script tag's {attribute}");
    }
}

#[test]
fn readme_lists_the_tables_attributes() {
    let readme = read("README.md");
    let table_text = between(&readme, "| attribute (element) | script tag | meaning |\n|---|---|---|\n", "\n\n");
    let mut documented = Vec::new();
    for line in table_text.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
        assert!(cells.len() >= 3, "README attribute row {line:?}");
        let code = |cell: &str| -> Vec<String> { cell.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
        let (element, script) = (code(cells[0]), code(cells[1]));
        if element.is_empty() {
            assert_eq!(cells[0].trim(), "—", "{line:?}");
            documented.extend(script.into_iter().map(|s| (None, s)));
        } else {
            assert_eq!(element.len(), script.len(), "{line:?}");
            documented.extend(element.into_iter().map(Some).zip(script));
        }
    }
    let mut expected: Vec<(Option<String>, String)> = table().into_iter().map(|r| (Some(r.name), r.script)).collect();
    expected.extend(script_only().into_iter().map(|s| (None, s)));
    assert_eq!(documented, expected, "README's attribute table against src/attributes.rs (same rows, same order)");
}
