//! Signature verification as an effect: the client decides what must be
//! verified and what follows from the answer; the driver computes the
//! Ed25519 equation. In the browser that is WebCrypto (`src/webcrypto.rs`),
//! so the widget links no curve code; natively, [`verify_natively`].
//!
//! Everything that can be decided on the bytes alone, the client decides
//! before it asks: the key's and the signature's form and the strict rules
//! ([`crate::signing::strict`]). A request therefore only ever reaches the
//! equation with inputs every correct verifier judges alike.

/// One signature check for the driver: does `signature` sign `message`
/// under `public_key`? Answer with [`crate::client::FeedClient::on_verified`]
/// and the same `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyRequest {
    /// Tells the answers apart: a restored copy and a fresh body may be
    /// verified at the same time, and an answer may come after it stopped
    /// mattering.
    pub id: u64,
    /// The exact bytes of the feed, as served (or as stored with the copy).
    pub message: String,
    /// The 64-byte detached signature, already past the strict rules.
    pub signature: [u8; 64],
    /// The 32-byte Ed25519 public key, already past the strict rules.
    pub public_key: [u8; 32],
}

/// The driver's answer to a [`VerifyRequest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    /// The signature verifies.
    Valid,
    /// It does not, or the verifier refused the key as no curve point.
    Invalid,
    /// Nothing here can compute Ed25519 (a browser without it in WebCrypto,
    /// or a page that is not a secure context). The feed is then refused,
    /// never shown as if verified (docs/signing.md).
    Unavailable,
}

/// Answers a request with ed25519-dalek, as the native tools and tests do.
///
/// ```
/// use incident_feed::client::verify::{verify_natively, VerifyOutcome, VerifyRequest};
/// use incident_feed::signing::{DetachedSignature, PublicKey};
/// let key = PublicKey::from_base64("zKblsrkW8jy33Wp+0HpGxflYtI5Tb20xf9HSWNjy+hY=").unwrap();
/// let signature = DetachedSignature::from_base64(
///     "7ugEKQiFV9A3wPHxZMfZRlvvSvr1EY6a2J/I63/mTJVN3h0ZH/yVK+BM8ML3bpB5otQCf5OR9K57VkCtPHSSDA==",
/// ).unwrap();
/// let request = |message: &str| VerifyRequest {
///     id: 1,
///     message: message.to_owned(),
///     signature: *signature.as_bytes(),
///     public_key: *key.as_bytes(),
/// };
/// assert_eq!(verify_natively(&request("hello\n")), VerifyOutcome::Valid);
/// assert_eq!(verify_natively(&request("hellO\n")), VerifyOutcome::Invalid);
/// ```
#[cfg(feature = "signing")]
pub fn verify_natively(request: &VerifyRequest) -> VerifyOutcome {
    let key = ed25519_dalek::VerifyingKey::from_bytes(&request.public_key);
    let signature = ed25519_dalek::Signature::from_bytes(&request.signature);
    match key.map(|key| key.verify_strict(request.message.as_bytes(), &signature)) {
        Ok(Ok(())) => VerifyOutcome::Valid,
        _ => VerifyOutcome::Invalid,
    }
}
