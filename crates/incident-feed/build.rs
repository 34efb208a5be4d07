//! The word book: `words/keys.txt` names every text the product shows, and
//! one file per language (`words/de.txt`, `words/en.txt`, …) gives each of
//! them as `key = value`. This script checks them and writes
//! `$OUT_DIR/words.rs`: the `Lang` enum (one variant per language file), and
//! the `Texts` struct with one `&'static str` field per key and one static
//! per language, so nothing is parsed at run time and the wasm carries only
//! the strings themselves.
//!
//! The build stops, naming the file, the line and the key, when a language
//! lacks a key, has one that keys.txt does not declare, has it twice, leaves
//! it empty or uses a `{placeholder}` that keys.txt does not declare for it.
//!
//! `tests/words.rs` includes this file as a module and runs the same checks.
//! No build dependencies: plain std.

use std::fmt::Write as _;
use std::path::Path;

/// A key of the word book as declared in keys.txt.
#[derive(Debug)]
pub struct Key {
    pub name: String,
    pub placeholders: Vec<String>,
    pub doc: Vec<String>,
    pub line: usize,
}

/// One language file, its values in the order of keys.txt.
#[derive(Debug)]
pub struct Language {
    /// The file's stem: the language's primary tag, e.g. `de`.
    pub code: String,
    pub values: Vec<String>,
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The placeholders of a value, in order; an error for an unmatched brace.
pub fn placeholders(value: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a `}}` without `{{` in {value:?}"));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| format!("a `{{` without `}}` in {value:?}"))?;
        let name = &after[..close];
        if !is_ident(name) {
            return Err(format!("`{{{name}}}` is not a placeholder name (a-z, 0-9, _) in {value:?}"));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Reads keys.txt: a key per line, optionally followed by its `{placeholders}`;
/// `#` lines directly above a key are its documentation.
pub fn parse_keys(file: &str, text: &str) -> Result<Vec<Key>, Vec<String>> {
    let mut keys: Vec<Key> = Vec::new();
    let mut errors = Vec::new();
    let mut doc = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            doc.clear();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            doc.push(comment.strip_prefix(' ').unwrap_or(comment).to_owned());
            continue;
        }
        let mut words = line.split_whitespace();
        let name = words.next().unwrap_or_default();
        let mut found = Vec::new();
        for word in words {
            match word.strip_prefix('{').and_then(|w| w.strip_suffix('}')).filter(|w| is_ident(w)) {
                Some(p) if found.iter().any(|f| f == p) => errors.push(format!("{file}:{}: `{name}` declares {{{p}}} twice", n + 1)),
                Some(p) => found.push(p.to_owned()),
                None => errors.push(format!("{file}:{}: `{word}` after the key `{name}` is not a {{placeholder}}", n + 1)),
            }
        }
        if !is_ident(name) || name == "lang" {
            errors.push(format!("{file}:{}: `{name}` cannot be a key (a-z, 0-9 and _, starting with a letter; `lang` is taken)", n + 1));
        } else if let Some(first) = keys.iter().find(|k| k.name == name) {
            errors.push(format!("{file}:{}: the key `{name}` is declared twice (first on line {})", n + 1, first.line));
        } else {
            keys.push(Key { name: name.to_owned(), placeholders: found, doc: std::mem::take(&mut doc), line: n + 1 });
        }
        doc.clear();
    }
    if keys.is_empty() && errors.is_empty() {
        errors.push(format!("{file}: declares no key"));
    }
    if errors.is_empty() {
        Ok(keys)
    } else {
        Err(errors)
    }
}

/// Reads one language file against the keys: `key = value` lines and `#`
/// comments. Every key exactly once, no other, none empty, only declared
/// placeholders.
pub fn parse_language(file: &str, text: &str, keys: &[Key], keys_file: &str) -> Result<Vec<String>, Vec<String>> {
    let mut values: Vec<Option<(String, usize)>> = keys.iter().map(|_| None).collect();
    let mut errors = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let at = format!("{file}:{}", n + 1);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            errors.push(format!("{at}: expected `key = value`, found {line:?}"));
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        let Some(i) = keys.iter().position(|k| k.name == name) else {
            errors.push(format!("{at}: unknown key `{name}` (not declared in {keys_file})"));
            continue;
        };
        let key = &keys[i];
        if let Some((_, first)) = &values[i] {
            errors.push(format!("{at}: the key `{name}` is given twice (first on line {first})"));
            continue;
        }
        if value.is_empty() {
            errors.push(format!("{at}: the key `{name}` has an empty value"));
            continue;
        }
        match placeholders(value) {
            Err(e) => errors.push(format!("{at}: `{name}`: {e}")),
            Ok(used) => {
                for p in used.iter().filter(|p| !key.placeholders.iter().any(|d| d == *p)) {
                    let declared: Vec<String> = key.placeholders.iter().map(|d| format!("{{{d}}}")).collect();
                    let declared = if declared.is_empty() { "none".to_owned() } else { declared.join(" ") };
                    errors.push(format!("{at}: `{name}` uses {{{p}}}, which {keys_file}:{} does not declare for it (declared: {declared})", key.line));
                }
            }
        }
        values[i] = Some((value.to_owned(), n + 1));
    }
    for (key, value) in keys.iter().zip(&values) {
        if value.is_none() {
            errors.push(format!("{file}: lacks the key `{}` (declared in {keys_file}:{})", key.name, key.line));
        }
    }
    if errors.is_empty() {
        Ok(values.into_iter().map(|v| v.map(|(v, _)| v).unwrap_or_default()).collect())
    } else {
        Err(errors)
    }
}

/// Reads and checks the whole word book in `dir`: keys.txt and every other
/// `*.txt`, whose stem (two or three lower-case letters) is the language code.
pub fn load(dir: &Path) -> Result<(Vec<Key>, Vec<Language>), Vec<String>> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())]);
    let keys_path = dir.join("keys.txt");
    let keys_file = keys_path.display().to_string();
    let keys = parse_keys(&keys_file, &read(&keys_path)?)?;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| vec![format!("{}: {e}", dir.display())])?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && p.file_name().is_some_and(|n| n != "keys.txt"))
        .collect();
    files.sort();
    let mut errors = Vec::new();
    let mut languages = Vec::new();
    for path in files {
        let code = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            errors.push(format!("{}: a language file is named by its language code, e.g. de.txt", path.display()));
            continue;
        }
        match read(&path).and_then(|text| parse_language(&path.display().to_string(), &text, &keys, &keys_file)) {
            Ok(values) => languages.push(Language { code, values }),
            Err(e) => errors.extend(e),
        }
    }
    if languages.is_empty() && errors.is_empty() {
        errors.push(format!("{}: no language file (de.txt, en.txt, …)", dir.display()));
    }
    if errors.is_empty() {
        Ok((keys, languages))
    } else {
        Err(errors)
    }
}

fn variant(code: &str) -> String {
    let mut chars = code.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The Rust source of `Lang` and `Texts`.
pub fn generate(keys: &[Key], languages: &[Language]) -> String {
    let mut r = String::new();
    r.push_str("// Generated by crates/incident-feed/build.rs from crates/incident-feed/words/; edit those files, not this one.\n\n");
    r.push_str("/// A language the product is written in: one per file in `crates/incident-feed/words/`.\n");
    r.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Lang {\n");
    for l in languages {
        let _ = writeln!(r, "    #[doc = {:?}]\n    {},", format!("The words of `words/{}.txt`.", l.code), variant(&l.code));
    }
    r.push_str("}\n\nimpl Lang {\n    /// Every language of the word book, in the order of the file names.\n");
    let all: Vec<String> = languages.iter().map(|l| format!("Lang::{}", variant(&l.code))).collect();
    let _ = writeln!(r, "    pub const ALL: [Lang; {}] = [{}];\n", languages.len(), all.join(", "));
    r.push_str("    /// The BCP 47 primary tag (the file's name), also used to pick translations from the feed.\n");
    r.push_str("    pub fn code(self) -> &'static str {\n        match self {\n");
    for l in languages {
        let _ = writeln!(r, "            Lang::{} => {:?},", variant(&l.code), l.code);
    }
    r.push_str("        }\n    }\n\n    /// Every text in this language.\n    pub fn texts(self) -> &'static Texts {\n        match self {\n");
    for l in languages {
        let _ = writeln!(r, "            Lang::{} => &{},", variant(&l.code), l.code.to_ascii_uppercase());
    }
    r.push_str("        }\n    }\n}\n\n");
    r.push_str(
        "/// Every fixed text of the product in one language: the fields are the\n/// keys of `words/keys.txt`, the values those of the language's file.\n",
    );
    r.push_str("#[derive(Debug)]\npub struct Texts {\n    pub lang: Lang,\n");
    for k in keys {
        for d in &k.doc {
            let _ = writeln!(r, "    #[doc = {:?}]", format!(" {d}"));
        }
        if !k.placeholders.is_empty() {
            let names: Vec<String> = k.placeholders.iter().map(|p| format!("`{{{p}}}`")).collect();
            if !k.doc.is_empty() {
                r.push_str("    #[doc = \"\"]\n");
            }
            let _ = writeln!(r, "    #[doc = {:?}]", format!(" Placeholders: {}.", names.join(", ")));
        }
        let _ = writeln!(r, "    pub {}: &'static str,", k.name);
    }
    r.push_str("}\n");
    for l in languages {
        let _ = writeln!(r, "\nstatic {}: Texts = Texts {{\n    lang: Lang::{},", l.code.to_ascii_uppercase(), variant(&l.code));
        for (k, v) in keys.iter().zip(&l.values) {
            let _ = writeln!(r, "    {}: {:?},", k.name, v);
        }
        r.push_str("};\n");
    }
    r
}

#[allow(dead_code)] // also included as a module by tests/words.rs
fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("words");
    println!("cargo:rerun-if-changed={}", dir.display());
    match load(&dir) {
        Ok((keys, languages)) => {
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("words.rs");
            std::fs::write(&out, generate(&keys, &languages)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        }
        Err(errors) => {
            eprintln!("error: the word book in {} is incomplete or wrong:", dir.display());
            for e in &errors {
                eprintln!("error: {e}");
            }
            std::process::exit(1);
        }
    }
}
