//! The FAQ search the widget uses: the core crate's, or — only to measure
//! what the search adds to the bundle (`cargo xtask search-weight`) — a stand-in
//! that finds nothing, built with `--no-default-features`.

#[cfg(feature = "search")]
pub use incident_search::SearchIndex;

#[cfg(not(feature = "search"))]
pub use stand_in::SearchIndex;

#[cfg(not(feature = "search"))]
mod stand_in {
    use incident_feed::Feed;
    use incident_search::Hit;

    /// Finds nothing; exists so that the bundle can be built without the search.
    pub struct SearchIndex;

    impl SearchIndex {
        pub fn new(_feed: &Feed) -> Self {
            SearchIndex
        }
        pub fn search(&self, _query: &str, _lang: &str, _limit: usize) -> Vec<Hit> {
            Vec::new()
        }
        pub fn len(&self) -> usize {
            0
        }
    }
}
