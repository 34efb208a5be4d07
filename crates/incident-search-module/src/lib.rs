//! The FAQ search (`incident-search`) as a plain WebAssembly module with a C
//! ABI, which the widget loads after its first paint so that the first load
//! does not carry it (docs/lazy-search.md).
//!
//! No wasm-bindgen: the module imports nothing and has no JavaScript glue,
//! so a strict CSP needs nothing beyond the `'wasm-unsafe-eval'` the widget
//! already needs, and the widget instantiates it with
//! `WebAssembly.instantiate`. Everything crosses as bytes in this module's
//! memory, in the formats of `incident_feed::search_wire`:
//!
//! 1. [`alloc_bytes`] a buffer, write the packed FAQ and contacts into it,
//!    [`index_build`] it (which frees the buffer) and keep the handle;
//! 2. per query, [`alloc_bytes`] and write the query and the language tag, call
//!    [`search`] (which frees both) and read the result: a pointer to a
//!    `u32` word count followed by that many hit words; [`result_free`] it;
//!    [`search_contacts`] likewise for the contacts;
//! 3. [`index_free`] the handle when the feed is replaced.
//!
//! A handle or pointer this module did not hand out is undefined behaviour,
//! as with any C ABI; the widget is its only caller.

use incident_feed::search_wire::{self, PackedHit};
use incident_search::{ContactHit, Hit, SearchIndex};

/// A buffer of `len` bytes in this module's memory, for the caller to fill.
/// (Not `malloc`/`free`: natively, in the tests, those are the C library's.)
#[no_mangle]
pub extern "C" fn alloc_bytes(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
}

/// Frees a buffer from [`alloc_bytes`] that was not handed to another function.
///
/// # Safety
/// `ptr` and `len` are those of one [`alloc_bytes`] call, freed once.
#[no_mangle]
pub unsafe extern "C" fn free_bytes(ptr: *mut u8, len: usize) {
    drop(take(ptr, len));
}

/// Builds the index over the packed FAQ and contacts in `ptr..ptr+len`
/// (freed here). Returns its handle, or 0 when the bytes are not packed by
/// `incident_feed::search_wire::encode_searchable`.
///
/// # Safety
/// `ptr` and `len` are those of one [`alloc_bytes`] call.
#[no_mangle]
pub unsafe extern "C" fn index_build(ptr: *mut u8, len: usize) -> *mut SearchIndex {
    let bytes = take(ptr, len);
    match search_wire::decode_searchable(&bytes) {
        Some(s) => Box::into_raw(Box::new(SearchIndex::from_parts(&s.default_language, &s.faq, &s.contacts))),
        None => std::ptr::null_mut(),
    }
}

/// Frees an index from [`index_build`].
///
/// # Safety
/// `index` is a handle from [`index_build`], freed once.
#[no_mangle]
pub unsafe extern "C" fn index_free(index: *mut SearchIndex) {
    if !index.is_null() {
        drop(Box::from_raw(index));
    }
}

/// Searches `index` for the UTF-8 query at `query..query+query_len` in the
/// language tagged at `lang..lang+lang_len` (both buffers freed here), at
/// most `limit` hits, best first: [`SearchIndex::search`]. Returns the
/// result words for [`result_free`]: the count of hit words, then the hits
/// (`incident_feed::search_wire::encode_hits`).
///
/// # Safety
/// `index` is a live handle from [`index_build`]; the buffers are those of
/// two [`alloc_bytes`] calls.
#[no_mangle]
pub unsafe extern "C" fn search(index: *const SearchIndex, query: *mut u8, query_len: usize, lang: *mut u8, lang_len: usize, limit: usize) -> *mut u32 {
    answer(index, (query, query_len), (lang, lang_len), |index, query, lang| {
        index.search(query, lang, limit).into_iter().map(|Hit { index, score, question, answer, .. }| PackedHit { index, score, question, answer }).collect()
    })
}

/// [`search`] for the contacts: [`SearchIndex::search_contacts`], each hit
/// with its position in the feed's contacts and its label and note ranges
/// in place of the question and answer ranges.
///
/// # Safety
/// As [`search`].
#[no_mangle]
pub unsafe extern "C" fn search_contacts(
    index: *const SearchIndex,
    query: *mut u8,
    query_len: usize,
    lang: *mut u8,
    lang_len: usize,
    limit: usize,
) -> *mut u32 {
    answer(index, (query, query_len), (lang, lang_len), |index, query, lang| {
        index
            .search_contacts(query, lang, limit)
            .into_iter()
            .map(|ContactHit { index, score, label, note }| PackedHit { index, score, question: label, answer: note })
            .collect()
    })
}

/// Takes back the query and language buffers, runs `find` on them (nothing
/// for a null index or text that is not UTF-8) and returns its hits as
/// result words: their count, then the words.
unsafe fn answer(
    index: *const SearchIndex,
    (query, query_len): (*mut u8, usize),
    (lang, lang_len): (*mut u8, usize),
    find: impl FnOnce(&SearchIndex, &str, &str) -> Vec<PackedHit>,
) -> *mut u32 {
    let (query, lang) = (take(query, query_len), take(lang, lang_len));
    let hits = match (index.as_ref(), std::str::from_utf8(&query), std::str::from_utf8(&lang)) {
        (Some(index), Ok(query), Ok(lang)) => find(index, query, lang),
        _ => Vec::new(),
    };
    let words = search_wire::encode_hits(&hits);
    let mut out = Vec::with_capacity(words.len() + 1);
    out.push(words.len() as u32);
    out.extend(words);
    Box::into_raw(out.into_boxed_slice()).cast()
}

/// Frees a result from [`search`] or [`search_contacts`].
///
/// # Safety
/// `result` is a pointer from [`search`] or [`search_contacts`], freed once.
#[no_mangle]
pub unsafe extern "C" fn result_free(result: *mut u32) {
    if !result.is_null() {
        let len = *result as usize + 1;
        drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(result, len)));
    }
}

/// Takes back a buffer from [`alloc_bytes`].
unsafe fn take(ptr: *mut u8, len: usize) -> Box<[u8]> {
    Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed() -> incident_feed::Feed {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
        incident_feed::parse_feed(&json).unwrap()
    }

    /// Copies `bytes` into a buffer from [`alloc_bytes`], as the widget does.
    fn put(bytes: &[u8]) -> (*mut u8, usize) {
        let ptr = alloc_bytes(bytes.len());
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
        (ptr, bytes.len())
    }

    type Export = unsafe extern "C" fn(*const SearchIndex, *mut u8, usize, *mut u8, usize, usize) -> *mut u32;

    fn call(export: Export, index: *const SearchIndex, query: &str, lang: &str, limit: usize) -> Vec<PackedHit> {
        let (q, ql) = put(query.as_bytes());
        let (l, ll) = put(lang.as_bytes());
        unsafe {
            let result = export(index, q, ql, l, ll, limit);
            let words = std::slice::from_raw_parts(result.add(1), *result as usize).to_vec();
            result_free(result);
            search_wire::decode_hits(&words).expect("hit words")
        }
    }

    fn build(feed: &incident_feed::Feed) -> *mut SearchIndex {
        let (ptr, len) = put(&search_wire::encode_searchable(feed));
        let index = unsafe { index_build(ptr, len) };
        assert!(!index.is_null());
        index
    }

    #[test]
    fn the_module_finds_what_the_crate_finds() {
        let feed = feed();
        let index = build(&feed);
        let direct = SearchIndex::new(&feed);
        for (query, lang) in [("passw", "de"), ("password", "en"), ("Trinkwasseranalyse", "en"), ("qqxzzv", "de"), ("", "de"), ("e", "fr")] {
            let expected: Vec<PackedHit> = direct
                .search(query, lang, 16)
                .into_iter()
                .map(|h| PackedHit { index: h.index, score: h.score, question: h.question, answer: h.answer })
                .collect();
            assert_eq!(call(search, index, query, lang, 16), expected, "{query:?} in {lang}");
        }
        assert!(!call(search, index, "passwort", "de", 16).is_empty());
        unsafe { index_free(index) };
    }

    #[test]
    fn the_module_finds_the_contacts_the_crate_finds() {
        let feed = feed();
        let index = build(&feed);
        let direct = SearchIndex::new(&feed);
        for (query, lang) in [("hotline nummer", "de"), ("telefonnummer", "de"), ("Kontakt", "de"), ("phone number", "en"), ("Passwort", "de"), ("", "de")] {
            let expected: Vec<PackedHit> = direct
                .search_contacts(query, lang, 3)
                .into_iter()
                .map(|h| PackedHit { index: h.index, score: h.score, question: h.label, answer: h.note })
                .collect();
            assert_eq!(call(search_contacts, index, query, lang, 3), expected, "{query:?} in {lang}");
        }
        let hotline = call(search_contacts, index, "hotline nummer", "de", 3);
        assert_eq!(feed.contacts[hotline[0].index].id, "hotline-cyberangriff");
        assert!(call(search_contacts, index, "Passwort", "de", 3).is_empty());
        unsafe { index_free(index) };
    }

    #[test]
    fn bytes_that_are_no_faq_build_no_index() {
        let (ptr, len) = put(b"not a packed faq");
        assert!(unsafe { index_build(ptr, len) }.is_null());
    }

    #[test]
    fn a_query_that_is_not_utf8_finds_nothing() {
        let index = build(&feed());
        let (q, ql) = put(&[0xff, 0xfe]);
        let (l, ll) = put(b"de");
        let (q2, ql2) = put(&[0xff, 0xfe]);
        let (l2, ll2) = put(b"de");
        unsafe {
            let result = search(index, q, ql, l, ll, 5);
            assert_eq!(*result, 0);
            result_free(result);
            let result = search_contacts(index, q2, ql2, l2, ll2, 5);
            assert_eq!(*result, 0);
            result_free(result);
            index_free(index);
        }
    }
}
