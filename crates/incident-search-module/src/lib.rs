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
//! 1. [`alloc_bytes`] a buffer, write the packed FAQ into it, [`index_build`] it
//!    (which frees the buffer) and keep the handle;
//! 2. per query, [`alloc_bytes`] and write the query and the language tag, call
//!    [`search`] (which frees both) and read the result: a pointer to a
//!    `u32` word count followed by that many hit words; [`result_free`] it;
//! 3. [`index_free`] the handle when the feed is replaced.
//!
//! A handle or pointer this module did not hand out is undefined behaviour,
//! as with any C ABI; the widget is its only caller.

use incident_feed::search_wire::{self, PackedHit};
use incident_search::SearchIndex;

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

/// Builds the index over the packed FAQ in `ptr..ptr+len` (freed here).
/// Returns its handle, or 0 when the bytes are not a packed FAQ.
///
/// # Safety
/// `ptr` and `len` are those of one [`alloc_bytes`] call.
#[no_mangle]
pub unsafe extern "C" fn index_build(ptr: *mut u8, len: usize) -> *mut SearchIndex {
    let bytes = take(ptr, len);
    match search_wire::decode_faq(&bytes) {
        Some((default_language, faq)) => Box::into_raw(Box::new(SearchIndex::from_faq(&default_language, &faq))),
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
    let (query, lang) = (take(query, query_len), take(lang, lang_len));
    let hits = match (index.as_ref(), std::str::from_utf8(&query), std::str::from_utf8(&lang)) {
        (Some(index), Ok(query), Ok(lang)) => index.search(query, lang, limit),
        _ => Vec::new(),
    };
    let packed: Vec<PackedHit> = hits.into_iter().map(|h| PackedHit { index: h.index, score: h.score, question: h.question, answer: h.answer }).collect();
    let words = search_wire::encode_hits(&packed);
    let mut out = Vec::with_capacity(words.len() + 1);
    out.push(words.len() as u32);
    out.extend(words);
    Box::into_raw(out.into_boxed_slice()).cast()
}

/// Frees a result from [`search`].
///
/// # Safety
/// `result` is a pointer from [`search`], freed once.
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

    fn call_search(index: *const SearchIndex, query: &str, lang: &str, limit: usize) -> Vec<PackedHit> {
        let (q, ql) = put(query.as_bytes());
        let (l, ll) = put(lang.as_bytes());
        unsafe {
            let result = search(index, q, ql, l, ll, limit);
            let words = std::slice::from_raw_parts(result.add(1), *result as usize).to_vec();
            result_free(result);
            search_wire::decode_hits(&words).expect("hit words")
        }
    }

    #[test]
    fn the_module_finds_what_the_crate_finds() {
        let feed = feed();
        let (ptr, len) = put(&search_wire::encode_faq(&feed));
        let index = unsafe { index_build(ptr, len) };
        assert!(!index.is_null());
        let direct = SearchIndex::new(&feed);
        for (query, lang) in [("passw", "de"), ("password", "en"), ("Trinkwasseranalyse", "en"), ("qqxzzv", "de"), ("", "de"), ("e", "fr")] {
            let expected: Vec<PackedHit> = direct
                .search(query, lang, 16)
                .into_iter()
                .map(|h| PackedHit { index: h.index, score: h.score, question: h.question, answer: h.answer })
                .collect();
            assert_eq!(call_search(index, query, lang, 16), expected, "{query:?} in {lang}");
        }
        assert!(!call_search(index, "passwort", "de", 16).is_empty());
        unsafe { index_free(index) };
    }

    #[test]
    fn bytes_that_are_no_faq_build_no_index() {
        let (ptr, len) = put(b"not a packed faq");
        assert!(unsafe { index_build(ptr, len) }.is_null());
    }

    #[test]
    fn a_query_that_is_not_utf8_finds_nothing() {
        let (ptr, len) = put(&search_wire::encode_faq(&feed()));
        let index = unsafe { index_build(ptr, len) };
        let (q, ql) = put(&[0xff, 0xfe]);
        let (l, ll) = put(b"de");
        unsafe {
            let result = search(index, q, ql, l, ll, 5);
            assert_eq!(*result, 0);
            result_free(result);
            index_free(index);
        }
    }
}
