//! Imports run one way: within each crate of the workspace, no module uses
//! another that uses it back, directly or around a longer loop. Read from
//! the source as text (`use crate::…`, `super::…`, `crate::…` paths), so the
//! check costs no build; test modules are left out, since a test may reach
//! anywhere.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use crate::root;

    /// Every `.rs` file below `dir`, with its module path (`client::decode`;
    /// empty for the crate root).
    fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(src, &mut files);
        files
            .into_iter()
            .filter(|f| !f.starts_with(src.join("bin")))
            .map(|file| {
                let rel = file.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    parts.pop();
                }
                (parts.join("::"), file)
            })
            .filter(|(module, _)| !module.split("::").any(|p| p == "tests"))
            .collect()
    }

    /// The code of a file without its `#[cfg(test)]` modules and comments.
    fn code(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => &text[..at],
            None => &text,
        };
        text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
    }

    /// The paths a file names through `crate::` or `super::`, as module
    /// paths from the crate root (`use crate::{a, b::c}` gives `a` and `b::c`).
    fn references(module: &str, code: &str) -> Vec<Vec<String>> {
        let mut found = Vec::new();
        for (start, prefix) in code.match_indices("crate::").map(|(i, _)| (i, "crate::")).chain(code.match_indices("super::").map(|(i, _)| (i, "super::"))) {
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // `$crate::`, `foo::super::`, or part of a longer path
            }
            let base: Vec<String> = if prefix == "crate::" {
                Vec::new()
            } else {
                let mut parts: Vec<String> = module.split("::").filter(|p| !p.is_empty()).map(str::to_owned).collect();
                parts.pop();
                parts
            };
            let rest = &code[start + prefix.len()..];
            for path in expand(rest) {
                let mut full = base.clone();
                full.extend(path);
                found.push(full);
            }
        }
        found
    }

    /// The paths after `crate::`: `a::b::X` → [[a, b, X]]; `{a, b::c}` → [[a], [b, c]].
    fn expand(rest: &str) -> Vec<Vec<String>> {
        let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut end = inner.len();
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            let mut items = Vec::new();
            let mut depth = 0;
            let mut item_start = 0;
            let body = &inner[..end];
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(body[item_start..i].trim());
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(body[item_start..].trim());
            return items.into_iter().filter(|i| !i.is_empty()).flat_map(|i| expand(i)).collect();
        }
        let mut path = Vec::new();
        let mut rest = rest;
        loop {
            let name = ident(rest);
            if name.is_empty() {
                if rest.starts_with('{') {
                    return expand(rest).into_iter().map(|tail| path.iter().cloned().chain(tail).collect()).collect();
                }
                break;
            }
            rest = &rest[name.len()..];
            path.push(name);
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        vec![path]
    }

    /// The module a path lands in: its longest prefix that is a module file.
    fn target(path: &[String], known: &BTreeMap<String, PathBuf>) -> Option<String> {
        (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| known.contains_key(m))
    }

    fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
            if let Some(at) = stack.iter().position(|n| n == node) {
                let mut loop_ = stack[at..].to_vec();
                loop_.push(node.to_owned());
                return Some(loop_);
            }
            if done.contains(node) {
                return None;
            }
            stack.push(node.to_owned());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(found) = visit(next, graph, stack, done) {
                    return Some(found);
                }
            }
            stack.pop();
            done.insert(node.to_owned());
            None
        }
        let mut done = BTreeSet::new();
        graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
    }

    fn crate_sources() -> Vec<PathBuf> {
        let root = root();
        let mut sources = vec![root.join("src"), root.join("xtask/src"), root.join("e2e/src")];
        for entry in std::fs::read_dir(root.join("crates")).unwrap() {
            sources.push(entry.unwrap().path().join("src"));
        }
        sources.into_iter().filter(|s| s.is_dir()).collect()
    }

    #[test]
    fn no_module_imports_one_that_imports_it_back() {
        let mut edges = 0;
        for src in crate_sources() {
            let known = modules(&src);
            let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (module, file) in &known {
                // The crate root declares and re-exports; its edges say nothing about layering.
                if module.is_empty() {
                    continue;
                }
                for path in references(module, &code(file)) {
                    if let Some(to) = target(&path, &known) {
                        // A module declares and re-exports its own children: only
                        // edges to other modules, or up to a parent, say anything.
                        if !to.is_empty() && &to != module && !to.starts_with(&format!("{module}::")) {
                            graph.entry(module.clone()).or_default().insert(to);
                        }
                    }
                }
            }
            edges += graph.values().map(BTreeSet::len).sum::<usize>();
            if let Some(found) = cycle(&graph) {
                panic!("{}: modules import each other in a loop: {}", src.display(), found.join(" → "));
            }
        }
        assert!(edges > 50, "only {edges} imports found across the workspace: is the parser broken?");
    }

    #[test]
    fn the_check_finds_a_planted_loop() {
        let mut known = BTreeMap::new();
        for m in ["a", "b", "c"] {
            known.insert(m.to_owned(), PathBuf::new());
        }
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, code) in [("a", "use crate::{b::Thing, c};"), ("b", "use crate::c::f;"), ("c", "fn g() { crate::a::h() }")] {
            for path in references(module, code) {
                graph.entry(module.to_owned()).or_default().insert(target(&path, &known).unwrap());
            }
        }
        assert_eq!(cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
        assert_eq!(expand("{x, y::{z, w}}"), vec![vec!["x".to_owned()], vec!["y".to_owned(), "z".to_owned()], vec!["y".to_owned(), "w".to_owned()]]);
    }
}
