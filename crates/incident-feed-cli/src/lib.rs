//! The file side of the `incident-feed` tool: writing files so that a crash
//! or a full disk never leaves a half-written feed behind, and the clock.
//! What is written is made by `incident-publish` (starter feed, updates,
//! pages) from the format of `incident-feed`; this crate's binary is the
//! `incident-feed` command (`src/main.rs`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use incident_feed::datetime::{format_rfc3339, Timestamp};
use incident_feed::validate::{parse_feed, Problems};
use incident_feed::Feed;

/// The current time as RFC 3339 in UTC (`…Z`).
///
/// UTC rather than the local offset: the standard library does not know the
/// local zone, and readers see times in their own zone anyway.
pub fn now() -> Timestamp {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    Timestamp::new(format_rfc3339(seconds, 0))
}

/// Points in [`write_atomic_with`] where a test can inject a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStage {
    /// Half of the bytes are in the temporary file.
    PartlyWritten,
    /// Everything is written and synced; the rename comes next.
    BeforeRename,
}

/// Replaces `path` with `bytes` atomically; see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// Writes `bytes` to a temporary file in `path`'s directory, syncs it, and
/// renames it over `path`; then syncs the directory so that the rename
/// itself survives a power cut. Readers (and a web server) see either the
/// old file or the new one, never a mixture.
///
/// `hook` is called at each [`WriteStage`]; an error from it aborts the write
/// exactly as an I/O error would there (tests use it to simulate a crash).
/// On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic_with(path: &Path, bytes: &[u8], hook: &mut dyn FnMut(WriteStage) -> io::Result<()>) -> io::Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file name", path.display())))?;
    let temp = dir.join(format!(".{}.{}-{}.tmp", name.to_string_lossy(), std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
    let result = (|| {
        // Keep the old file's permissions: a feed readable by the web server stays so.
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        let half = bytes.len() / 2;
        file.write_all(&bytes[..half])?;
        hook(WriteStage::PartlyWritten)?;
        file.write_all(&bytes[half..])?;
        file.sync_all()?;
        hook(WriteStage::BeforeRename)?;
        fs::rename(&temp, path)
    })();
    drop(file);
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    // The rename is durable only once the directory entry is on disk.
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Why a feed was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The new feed would not validate; nothing was written.
    Invalid(Problems),
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Invalid(problems) => write!(f, "refusing to write an invalid feed:\n{problems}"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

/// Validates `json` and, only if it is a valid feed, writes it atomically.
pub fn write_feed(path: &Path, json: &str) -> Result<Feed, WriteError> {
    let feed = parse_feed(json).map_err(WriteError::Invalid)?;
    write_atomic(path, json.as_bytes()).map_err(WriteError::Io)?;
    Ok(feed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident_feed::model::{Impact, IncidentStatus};
    use incident_publish::authoring::{add_update, starter_feed, NewUpdate};

    fn example(name: &str) -> String {
        fs::read_to_string(format!("{}/../../examples/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn update(status: IncidentStatus, at: &str) -> NewUpdate {
        NewUpdate {
            status,
            text: "Die E-Mail funktioniert wieder.".into(),
            translations: vec![("en".into(), "Email works again.".into())],
            title: None,
            lang: None,
            incident: None,
            new_incident: None,
            impact: Impact::Major,
            level: None,
            headline: None,
            at: Timestamp::new(at),
            next_update: Default::default(),
            expires_at: None,
        }
    }

    #[test]
    fn starter_feeds_are_valid_in_both_languages_at_the_current_time() {
        for lang in ["de", "en"] {
            let text = starter_feed(lang, &now());
            let feed = parse_feed(&text).unwrap_or_else(|p| panic!("{lang}: {p}"));
            assert_eq!(feed.default_language, lang);
        }
        assert!(starter_feed("de", &now()).contains("bitte ersetzen"));
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tmp")).collect()
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_byte_identical() {
        let dir = std::env::temp_dir().join(format!("incident-feed-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("feed.json");
        let old = example("cyberangriff.json");
        fs::write(&path, &old).unwrap();
        let (new, _) = add_update(&old, &update(IncidentStatus::Monitoring, "2026-11-12T09:00:00Z")).unwrap();
        for stage in [WriteStage::PartlyWritten, WriteStage::BeforeRename] {
            let err = write_atomic_with(&path, new.as_bytes(), &mut |s| {
                if s == stage {
                    Err(io::Error::other("simulated crash"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
            assert_eq!(err.to_string(), "simulated crash");
            assert_eq!(fs::read(&path).unwrap(), old.as_bytes(), "{stage:?}");
            assert!(leftovers(&dir).is_empty(), "{stage:?}: {:?}", leftovers(&dir));
        }
        write_atomic(&path, new.as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), new);
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_feed_refuses_invalid_feeds() {
        let dir = std::env::temp_dir().join(format!("incident-feed-refuse-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("feed.json");
        fs::write(&path, "old").unwrap();
        let err = write_feed(&path, r#"{"version": 1}"#).unwrap_err();
        assert!(matches!(err, WriteError::Invalid(_)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        fs::remove_dir_all(&dir).unwrap();
    }
}
