//! The loader's constructed host sheet (applied at once, `src/loader.js`)
//! and the stylesheet's `:host` rules must reserve the same compact height,
//! or the page moves when the stylesheet arrives.

use crate::root;

/// Every default of `var(--incident-status-compact-min-height, …)` in `text`.
fn reserved_heights(text: &str) -> Vec<String> {
    let needle = "var(--incident-status-compact-min-height,";
    text.match_indices(needle)
        .filter_map(|(i, _)| {
            let rest = &text[i + needle.len()..];
            rest.find(')').map(|end| rest[..end].trim().to_owned())
        })
        .collect()
}

#[test]
fn the_loader_and_the_stylesheet_reserve_the_same_compact_height() {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let loader = reserved_heights(&read("src/loader.js"));
    let css = reserved_heights(&read("style/incident-status.css"));
    assert!(!loader.is_empty() && !css.is_empty(), "loader {loader:?}, css {css:?}");
    let all: Vec<&String> = loader.iter().chain(&css).collect();
    assert!(all.iter().all(|h| *h == all[0]), "different reserved heights: loader {loader:?}, css {css:?}");
    // What the README asks a page to reserve, and what the demo and the
    // test page do, is the same height.
    let rule = format!("incident-status[mode=\"compact\"] {{ display: block; min-height: {}; }}", all[0]);
    for page in ["README.md", "demo/demo.css", "tests/fixtures/portal.css"] {
        let text = read(page).replace("{\n  display: block;\n  min-height:", "{ display: block; min-height:").replace(";\n}", "; }");
        assert!(text.contains(&rule), "{page} does not reserve `{rule}`");
    }
}
