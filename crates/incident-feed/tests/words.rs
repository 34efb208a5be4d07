//! The word book (`words/`): every language file is complete, and the
//! checks that stop the build say which file and which key is wrong.

#[path = "../build.rs"]
#[allow(dead_code)]
mod book;

use std::path::Path;

use incident_feed::texts::Lang;

fn words() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("words")
}

const KEYS: &str = "# doc of a\na\n\nb {n}\n";

#[test]
fn every_language_file_is_complete() {
    let (keys, languages) = book::load(&words()).unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    // A new language: its file in words/, and its code here.
    assert_eq!(codes, ["de", "en"]);
    assert_eq!(Lang::ALL.map(Lang::code), ["de", "en"]);
    for l in &languages {
        assert_eq!(l.values.len(), keys.len(), "{}", l.code);
        assert!(l.values.iter().all(|v| !v.trim().is_empty()), "{}", l.code);
    }
    // What the build generated is what the files say.
    for (lang, file) in Lang::ALL.iter().zip(&languages) {
        let locale = keys.iter().position(|k| k.name == "locale").unwrap();
        assert_eq!(lang.locale(), file.values[locale]);
    }
}

#[test]
fn a_missing_key_is_named_with_its_file() {
    let keys = book::parse_keys("keys.txt", KEYS).unwrap();
    assert_eq!(keys[0].doc, ["doc of a"]);
    assert!(keys[1].doc.is_empty());
    let errors = book::parse_language("xx.txt", "a = A\n", &keys, "keys.txt").unwrap_err();
    assert_eq!(errors, ["xx.txt: lacks the key `b` (declared in keys.txt:4)"]);
}

#[test]
fn an_unknown_duplicate_or_empty_key_is_named_with_its_line() {
    let keys = book::parse_keys("keys.txt", KEYS).unwrap();
    let errors = book::parse_language("xx.txt", "# comment\na = A\nc = C\nb = {n}\na = again\nb =\n", &keys, "keys.txt").unwrap_err();
    assert_eq!(
        errors,
        [
            "xx.txt:3: unknown key `c` (not declared in keys.txt)",
            "xx.txt:5: the key `a` is given twice (first on line 2)",
            "xx.txt:6: the key `b` is given twice (first on line 4)",
        ]
    );
    let errors = book::parse_language("xx.txt", "a =  \nb = x\n", &keys, "keys.txt").unwrap_err();
    assert_eq!(errors, ["xx.txt:1: the key `a` has an empty value", "xx.txt: lacks the key `a` (declared in keys.txt:2)"]);
}

#[test]
fn only_declared_placeholders() {
    let keys = book::parse_keys("keys.txt", KEYS).unwrap();
    let errors = book::parse_language("xx.txt", "a = {n}\nb = {n} {m\n", &keys, "keys.txt").unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("xx.txt:1: `a` uses {n}, which keys.txt:2 does not declare for it (declared: none)"), "{}", errors[0]);
    assert!(errors[1].starts_with("xx.txt:2: `b`: a `{` without `}`"), "{}", errors[1]);
    assert!(book::parse_language("xx.txt", "a = A\nb = {n} of them\n", &keys, "keys.txt").is_ok());
}

#[test]
fn keys_are_checked_too() {
    let errors = book::parse_keys("keys.txt", "a\na\nB\nc n\nlang\n").unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].contains("keys.txt:2: the key `a` is declared twice"));
}
