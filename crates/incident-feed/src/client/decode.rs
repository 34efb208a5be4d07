//! From bytes to a trusted feed: parse in the configured format, validate,
//! and check the detached signature when a public key is configured. The one
//! place that verifies, for fresh bodies and for the last good copy alike.

use super::config::{ClientConfig, FeedFormat};
use crate::model::Feed;
use crate::resilience::FetchFailure;
use crate::validate::{self, ProblemKind, Problems};

/// The longest detached signature read (base64 of 64 bytes is 88 characters;
/// the rest is room for a trailing newline and a comment-free file).
pub const MAX_SIGNATURE_BYTES: usize = 1024;

/// Parses and validates a body in the configured format.
///
/// ```
/// use incident_feed::client::{decode, ClientConfig};
/// let body = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
/// let config = ClientConfig::new("https://status.example.com/feed.json");
/// assert!(decode::parse(&config, &body).is_ok());
/// assert_eq!(decode::parse(&config, "{").unwrap_err().code(), "broken-json");
/// ```
pub fn parse(config: &ClientConfig, body: &str) -> Result<Feed, FetchFailure> {
    match config.format {
        FeedFormat::IncidentFeed => validate::parse_feed(body).map_err(|p| FetchFailure::from_problems(&p)),
        FeedFormat::Statuspage => {
            let options = crate::statuspage::ImportOptions::default();
            let feed = crate::statuspage::import(body, &options).map_err(|_| FetchFailure::Broken(ProblemKind::Shape))?;
            let problems = validate::check_feed(&feed);
            if problems.is_empty() {
                Ok(feed)
            } else {
                Err(FetchFailure::from_problems(&Problems(problems)))
            }
        }
    }
}

/// Whether `body` may be shown under `config`'s key: always without a key;
/// with one, only when `signature` (base64, surrounding white space ignored)
/// verifies. Returns the trimmed signature to keep with the copy.
pub fn verify(config: &ClientConfig, body: &str, signature: Option<&str>) -> Result<Option<String>, FetchFailure> {
    let Some(key) = &config.public_key else { return Ok(None) };
    let signature = signature.map(str::trim).filter(|s| !s.is_empty() && s.len() <= MAX_SIGNATURE_BYTES).ok_or(FetchFailure::NotVerified)?;
    verify_with_key(key, body, signature)?;
    Ok(Some(signature.to_owned()))
}

#[cfg(feature = "signing")]
fn verify_with_key(key: &str, body: &str, signature: &str) -> Result<(), FetchFailure> {
    let key = crate::signing::PublicKey::from_base64(key).map_err(|_| FetchFailure::NotVerified)?;
    crate::signing::verify(body.as_bytes(), signature, &key).map_err(|_| FetchFailure::NotVerified)
}

/// Built without verification, a configured key can never be satisfied:
/// refusing is the only safe answer.
#[cfg(not(feature = "signing"))]
fn verify_with_key(_key: &str, _body: &str, _signature: &str) -> Result<(), FetchFailure> {
    Err(FetchFailure::NotVerified)
}
