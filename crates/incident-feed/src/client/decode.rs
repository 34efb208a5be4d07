//! From bytes to a trusted feed: parse in the configured format, validate,
//! and read the detached signature when a public key is configured. The one
//! place that decides what must be verified, for fresh bodies and for the
//! last good copy alike; the equation itself is the driver's
//! ([`super::verify`]).

use super::config::{ClientConfig, FeedFormat};
use crate::model::Feed;
use crate::resilience::FetchFailure;
use crate::signing::{DetachedSignature, PublicKey};
use crate::validate::{self, ProblemKind};

/// The longest signature file read (base64 of 64 bytes is 88 characters, so
/// [`MAX_SIGNATURE_LINES`] of them with newlines take 356; the rest is room).
pub const MAX_SIGNATURE_BYTES: usize = 1024;

/// Reads a body in the configured format, tolerantly
/// ([`validate::read_tolerant`]): only a problem of the feed as a whole
/// refuses it; a broken item is neutralised and listed in `feed.reading`.
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
        FeedFormat::IncidentFeed => validate::read_tolerant(body).map_err(|p| FetchFailure::from_problems(&p)),
        FeedFormat::Statuspage => {
            let options = crate::statuspage::ImportOptions::default();
            let mut feed = crate::statuspage::import(body, &options).map_err(|_| FetchFailure::Broken(ProblemKind::Shape))?;
            validate::neutralise(&mut feed);
            Ok(feed)
        }
    }
}

/// The most signatures a `.sig` file may hold, one per line: the current
/// feed's first, then, while a publish is under way or just done, the
/// previous feed's (docs/signing.md "No torn publish").
pub const MAX_SIGNATURE_LINES: usize = 4;

/// The non-blank lines of a signature file, trimmed, or `None` when there
/// are more than [`MAX_SIGNATURE_LINES`]; shared by the widget and
/// `incident-feed verify`.
///
/// ```
/// use incident_feed::client::decode::signature_lines;
/// assert_eq!(signature_lines(" a \n\nb\n"), Some(vec!["a", "b"]));
/// assert_eq!(signature_lines("a\nb\nc\nd\ne"), None);
/// ```
pub fn signature_lines(text: &str) -> Option<Vec<&str>> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (lines.len() <= MAX_SIGNATURE_LINES).then_some(lines)
}

/// What a configured key asks of a body before it is shown: the key and
/// the signatures, all past the strict rules, for the driver to verify one
/// after the other ([`super::verify::VerifyRequest`]) until one holds, and
/// the signature text to keep with the copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The configured key.
    pub public_key: PublicKey,
    /// The detached signatures of the file, in its order (1 to
    /// [`MAX_SIGNATURE_LINES`]).
    pub signatures: Vec<DetachedSignature>,
    /// The signature file as text, surrounding white space trimmed.
    pub text: String,
}

/// The one place that reads signatures, for fresh bodies and for the last
/// good copy alike: `Ok(None)` without a key (nothing to verify); with one,
/// the check to hand to the driver, or [`FetchFailure::NotVerified`] when
/// the signature file is missing, too long, has more than
/// [`MAX_SIGNATURE_LINES`] lines or a malformed one, breaks a strict rule,
/// or the key does.
///
/// ```
/// use incident_feed::client::{decode, ClientConfig};
/// use incident_feed::resilience::FetchFailure;
/// let config = ClientConfig { public_key: Some("zKblsrkW8jy33Wp+0HpGxflYtI5Tb20xf9HSWNjy+hY=".into()), ..ClientConfig::new("https://s.example/feed.json") };
/// assert_eq!(decode::signature_check(&config, None), Err(FetchFailure::NotVerified));
/// assert_eq!(decode::signature_check(&config, Some("bm90IGEgc2lnbmF0dXJl")), Err(FetchFailure::NotVerified));
/// assert_eq!(decode::signature_check(&ClientConfig::new("https://s.example/feed.json"), None), Ok(None));
///
/// let line = "7ugEKQiFV9A3wPHxZMfZRlvvSvr1EY6a2J/I63/mTJVN3h0ZH/yVK+BM8ML3bpB5otQCf5OR9K57VkCtPHSSDA==";
/// let two = decode::signature_check(&config, Some(&format!("{line}\n{line}\n"))).unwrap().unwrap();
/// assert_eq!(two.signatures.len(), 2);
/// assert_eq!(decode::signature_check(&config, Some(&[line; 5].join("\n"))), Err(FetchFailure::NotVerified));
/// ```
pub fn signature_check(config: &ClientConfig, signature: Option<&str>) -> Result<Option<SignatureCheck>, FetchFailure> {
    let Some(key) = &config.public_key else { return Ok(None) };
    let text = signature.map(str::trim).filter(|s| !s.is_empty() && s.len() <= MAX_SIGNATURE_BYTES).ok_or(FetchFailure::NotVerified)?;
    let public_key = PublicKey::from_base64(key).map_err(|_| FetchFailure::NotVerified)?;
    let lines = signature_lines(text).ok_or(FetchFailure::NotVerified)?;
    let signatures = lines.into_iter().map(DetachedSignature::from_base64).collect::<Result<Vec<_>, _>>().map_err(|_| FetchFailure::NotVerified)?;
    Ok(Some(SignatureCheck { public_key, signatures, text: text.to_owned() }))
}
