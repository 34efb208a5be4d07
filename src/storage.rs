//! The last good copy in `localStorage`, as the feed client asks.
//!
//! `localStorage` can be missing or throw (cookies disabled, sandboxed
//! frames, a full quota): then there is simply no last good copy, and the
//! widget works on without one.

use incident_feed::client::StorageWrite;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value under `key`, if any can be read.
pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Performs `write`. A copy the storage refuses (quota) removes the older
/// one under the same key: it must not come back on the next visit in place
/// of what was shown.
pub fn perform(write: StorageWrite) {
    let Some(storage) = local_storage() else { return };
    match write {
        StorageWrite::Put { key, value } => {
            if storage.set_item(&key, &value).is_err() {
                let _ = storage.remove_item(&key);
            }
        }
        StorageWrite::Remove { key } => {
            let _ = storage.remove_item(&key);
        }
    }
}
