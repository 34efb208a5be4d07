//! One component per file, named after what the reader sees.

mod timeline;

pub use timeline::Timeline;
