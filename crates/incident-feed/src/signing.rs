//! Detached Ed25519 signatures over feed files.
//!
//! A signature covers the exact bytes of the feed file as served, not a
//! re-serialisation of the parsed feed: the widget verifies what it fetched
//! before it parses anything, and no canonical JSON form is needed.
//!
//! Formats (all ASCII text, a trailing newline is allowed):
//!
//! * public key: standard base64 (with padding) of the 32-byte Ed25519 public
//!   key — the same string goes into the widget's `data-public-key`;
//! * private key: `incident-feed-ed25519-secret-v1:` followed by base64 of
//!   the 32-byte seed. The prefix exists so that a private key pasted where a
//!   public key belongs is refused instead of silently published;
//! * signature (`feed.json.sig`): base64 of the 64-byte signature.
//!
//! Verification is always strict: the rules of [`strict`] (weak keys,
//! malleable signatures), then RFC 8032's cofactorless equation. The widget
//! leaves the equation to the browser (WebCrypto Ed25519, `src/webcrypto.rs`)
//! and links no curve code; the native tools compute it with ed25519-dalek
//! ([`verify`], the `signing` feature). The formats and the strict rules are
//! always here, for both.
//!
//! Key generation and signing (`SecretKey`) need randomness and come with
//! the `keygen` feature (the CLI's).
//!
//! ```
//! # #[cfg(feature = "signing")] {
//! use incident_feed::signing::{verify, PublicKey};
//! // A key pair and signature made with `incident-feed keygen` / `sign`.
//! let key = PublicKey::from_base64("zKblsrkW8jy33Wp+0HpGxflYtI5Tb20xf9HSWNjy+hY=").unwrap();
//! let sig = "7ugEKQiFV9A3wPHxZMfZRlvvSvr1EY6a2J/I63/mTJVN3h0ZH/yVK+BM8ML3bpB5otQCf5OR9K57VkCtPHSSDA==";
//! assert!(verify(b"hello\n", sig, &key).is_ok());
//! assert!(verify(b"hellO\n", sig, &key).is_err());
//! # }
//! ```

use std::fmt;

#[cfg(all(test, feature = "signing"))]
pub(crate) mod speccheck;
pub mod strict;

/// The length of an Ed25519 public key.
pub const PUBLIC_KEY_LENGTH: usize = 32;
/// The length of an Ed25519 signature (`R ‖ S`).
pub const SIGNATURE_LENGTH: usize = 64;

/// Marks a private key file's content; see the module documentation.
pub const SECRET_KEY_PREFIX: &str = "incident-feed-ed25519-secret-v1:";

/// Why a feed's signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The public key is not base64 of 32 bytes, or not a usable Ed25519 point.
    BadPublicKey(String),
    /// The signature text is not base64 of 64 bytes, or breaks a strict rule.
    BadSignature(String),
    /// Well-formed, but it does not sign these bytes with this key.
    Mismatch,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::BadPublicKey(why) => write!(f, "the public key is not usable: {why}"),
            VerifyError::BadSignature(why) => write!(f, "the signature is malformed: {why}"),
            VerifyError::Mismatch => f.write_str("the signature does not match this file and key"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// An Ed25519 public key, as given to the widget, that passed the strict
/// rules ([`strict::check_public_key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey([u8; PUBLIC_KEY_LENGTH]);

impl PublicKey {
    /// Reads base64 of the 32 raw key bytes (surrounding whitespace ignored).
    ///
    /// With the `signing` feature (the native tools) the key is also decoded
    /// as a curve point, so that `incident-feed verify` names a key that is
    /// none. The widget cannot tell without curve code; the browser refuses
    /// such a key when it verifies, with the same outcome: not verified.
    pub fn from_base64(text: &str) -> Result<Self, VerifyError> {
        let text = text.trim();
        if text.starts_with(SECRET_KEY_PREFIX) {
            return Err(VerifyError::BadPublicKey("this is a PRIVATE key; use the .pub file, and never publish the private one".into()));
        }
        let bytes = base64::decode(text).map_err(|e| VerifyError::BadPublicKey(e.to_string()))?;
        let bytes: [u8; PUBLIC_KEY_LENGTH] =
            bytes.try_into().map_err(|b: Vec<u8>| VerifyError::BadPublicKey(format!("expected {PUBLIC_KEY_LENGTH} bytes, got {}", b.len())))?;
        strict::check_public_key(&bytes).map_err(|weakness| VerifyError::BadPublicKey(weakness.to_string()))?;
        #[cfg(feature = "signing")]
        dalek_key(&bytes)?;
        Ok(PublicKey(bytes))
    }

    /// The 32 raw key bytes, as WebCrypto's `importKey("raw", …)` takes them.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        &self.0
    }

    /// Base64 of the 32 raw key bytes: the `.pub` file content and `data-public-key` value.
    pub fn to_base64(&self) -> String {
        base64::encode(&self.0)
    }
}

/// A detached signature that passed the strict rules ([`strict::check_signature`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetachedSignature([u8; SIGNATURE_LENGTH]);

impl DetachedSignature {
    /// Reads base64 of the 64 signature bytes (surrounding whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self, VerifyError> {
        let raw = base64::decode(text.trim()).map_err(|e| VerifyError::BadSignature(e.to_string()))?;
        let raw: [u8; SIGNATURE_LENGTH] =
            raw.try_into().map_err(|b: Vec<u8>| VerifyError::BadSignature(format!("expected {SIGNATURE_LENGTH} bytes, got {}", b.len())))?;
        strict::check_signature(&raw).map_err(|weakness| VerifyError::BadSignature(weakness.to_string()))?;
        Ok(DetachedSignature(raw))
    }

    /// The 64 raw bytes, as WebCrypto's `verify` takes them.
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LENGTH] {
        &self.0
    }
}

/// Checks a detached signature (base64 text, as in `feed.json.sig`) over
/// `bytes` natively: the strict rules, then ed25519-dalek's `verify_strict`
/// (which, after those rules, decides as the cofactorless equation alone
/// does; see `speccheck.rs`).
#[cfg(feature = "signing")]
pub fn verify(bytes: &[u8], signature_base64: &str, key: &PublicKey) -> Result<(), VerifyError> {
    let signature = DetachedSignature::from_base64(signature_base64)?;
    verify_parsed(bytes, &signature, key)
}

/// [`verify`] for a signature already read.
#[cfg(feature = "signing")]
pub fn verify_parsed(bytes: &[u8], signature: &DetachedSignature, key: &PublicKey) -> Result<(), VerifyError> {
    let signature = ed25519_dalek::Signature::from_bytes(signature.as_bytes());
    dalek_key(key.as_bytes())?.verify_strict(bytes, &signature).map_err(|_| VerifyError::Mismatch)
}

#[cfg(feature = "signing")]
fn dalek_key(bytes: &[u8; PUBLIC_KEY_LENGTH]) -> Result<ed25519_dalek::VerifyingKey, VerifyError> {
    ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| VerifyError::BadPublicKey("not an Ed25519 public key".into()))
}

#[cfg(feature = "keygen")]
pub use secret::{SecretKey, SecretKeyError};

#[cfg(feature = "keygen")]
mod secret {
    use std::fmt;

    use ed25519_dalek::{Signer, SigningKey, SECRET_KEY_LENGTH};

    use super::{base64, PublicKey, SECRET_KEY_PREFIX};

    /// An Ed25519 private key. Only the CLI has one; its `Debug` hides the bytes.
    pub struct SecretKey(SigningKey);

    impl fmt::Debug for SecretKey {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "SecretKey(public {})", self.public_key().to_base64())
        }
    }

    /// Why a private key could not be made or read.
    #[derive(Debug)]
    pub enum SecretKeyError {
        /// The operating system gave no randomness.
        Random(getrandom::Error),
        /// The text is not a private key file written by `keygen`.
        Format(String),
    }

    impl fmt::Display for SecretKeyError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                SecretKeyError::Random(e) => write!(f, "no randomness from the operating system: {e}"),
                SecretKeyError::Format(why) => write!(f, "not an incident-feed private key: {why}"),
            }
        }
    }

    impl std::error::Error for SecretKeyError {}

    impl SecretKey {
        /// A new key from the operating system's random source.
        pub fn generate() -> Result<Self, SecretKeyError> {
            let mut seed = [0u8; SECRET_KEY_LENGTH];
            getrandom::getrandom(&mut seed).map_err(SecretKeyError::Random)?;
            let key = SigningKey::from_bytes(&seed);
            // The seed copy on the stack is not needed any more; SigningKey zeroizes its own.
            seed.iter_mut().for_each(|b| *b = 0);
            Ok(SecretKey(key))
        }

        /// Reads the private key file format (see the module documentation).
        pub fn from_file_text(text: &str) -> Result<Self, SecretKeyError> {
            let text = text.trim();
            let Some(encoded) = text.strip_prefix(SECRET_KEY_PREFIX) else {
                return Err(SecretKeyError::Format(format!("the file does not start with {SECRET_KEY_PREFIX:?}")));
            };
            let bytes = base64::decode(encoded).map_err(|e| SecretKeyError::Format(e.to_string()))?;
            let seed: [u8; SECRET_KEY_LENGTH] =
                bytes.try_into().map_err(|b: Vec<u8>| SecretKeyError::Format(format!("expected {SECRET_KEY_LENGTH} bytes, got {}", b.len())))?;
            Ok(SecretKey(SigningKey::from_bytes(&seed)))
        }

        /// The private key file's content, newline-terminated.
        pub fn to_file_text(&self) -> String {
            format!("{SECRET_KEY_PREFIX}{}\n", base64::encode(self.0.as_bytes()))
        }

        /// The matching public key.
        pub fn public_key(&self) -> PublicKey {
            PublicKey(self.0.verifying_key().to_bytes())
        }

        /// A detached signature over `bytes`, as base64 (the `.sig` file content without newline).
        pub fn sign(&self, bytes: &[u8]) -> String {
            base64::encode(&self.0.sign(bytes).to_bytes())
        }
    }
}

/// Standard base64 (RFC 4648 §4, `+/`, `=` padding), written by hand.
///
/// Keys and signatures are a few dozen bytes; a dependency would cost the
/// widget more than these forty lines.
pub mod base64 {
    use std::fmt;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Why a text is not base64.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Base64Error {
        /// A character outside `A-Z a-z 0-9 + /` (or misplaced `=`), at this byte offset.
        InvalidCharacter(usize),
        /// The length (without padding) cannot be base64 of whole bytes.
        InvalidLength,
        /// The unused low bits of the last character are not zero, so the text
        /// is not the one encoding of its bytes.
        NonCanonical,
    }

    impl fmt::Display for Base64Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Base64Error::InvalidCharacter(at) => write!(f, "not base64: unexpected character at position {}", at + 1),
                Base64Error::InvalidLength => f.write_str("not base64: wrong length"),
                Base64Error::NonCanonical => f.write_str("not base64: trailing bits are not zero"),
            }
        }
    }

    impl std::error::Error for Base64Error {}

    /// Encodes with padding.
    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Decodes, with or without padding; rejects whitespace inside, wrong
    /// padding and non-canonical trailing bits.
    pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
        let bytes = text.as_bytes();
        let data_len = bytes.iter().rposition(|&b| b != b'=').map_or(0, |p| p + 1);
        let padding = bytes.len() - data_len;
        if padding > 2 || (padding > 0 && bytes.len() % 4 != 0) || data_len % 4 == 1 {
            return Err(Base64Error::InvalidLength);
        }
        let mut out = Vec::with_capacity(data_len * 3 / 4);
        let mut acc = 0u32;
        let mut bits = 0u32;
        for (at, &c) in bytes[..data_len].iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return Err(Base64Error::InvalidCharacter(at)),
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        if acc != 0 {
            return Err(Base64Error::NonCanonical);
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn rfc4648_test_vectors() {
            for (plain, encoded) in
                [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
            {
                assert_eq!(encode(plain.as_bytes()), encoded);
                assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
                assert_eq!(decode(encoded.trim_end_matches('=')).unwrap(), plain.as_bytes(), "unpadded {encoded}");
            }
        }

        #[test]
        fn round_trips_every_byte_and_length() {
            let data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
            for len in 0..data.len() {
                assert_eq!(decode(&encode(&data[..len])).unwrap(), &data[..len]);
            }
        }

        #[test]
        fn rejects_what_is_not_canonical_base64() {
            assert_eq!(decode("Zm9v YmF"), Err(Base64Error::InvalidCharacter(4)));
            assert_eq!(decode("Zm9-"), Err(Base64Error::InvalidCharacter(3)));
            assert_eq!(decode("Zg="), Err(Base64Error::InvalidLength));
            assert_eq!(decode("Zg==="), Err(Base64Error::InvalidLength));
            assert_eq!(decode("Z"), Err(Base64Error::InvalidLength));
            assert_eq!(decode("Zm=v"), Err(Base64Error::InvalidCharacter(2)));
            // "Zh==" decodes to "f" in lenient decoders, but its spare bits are set.
            assert_eq!(decode("Zh=="), Err(Base64Error::NonCanonical));
        }
    }
}

#[cfg(all(test, feature = "keygen"))]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_round_trip_and_tampering() {
        let secret = SecretKey::generate().unwrap();
        let public = secret.public_key();
        let feed = br#"{"version":1}"#;
        let sig = secret.sign(feed);
        assert_eq!(verify(feed, &sig, &public), Ok(()));
        // Any one-byte change anywhere fails.
        for i in 0..feed.len() {
            let mut changed = feed.to_vec();
            changed[i] ^= 0x01;
            assert_eq!(verify(&changed, &sig, &public), Err(VerifyError::Mismatch), "byte {i}");
        }
        // Another key fails too.
        let other = SecretKey::generate().unwrap().public_key();
        assert_eq!(verify(feed, &sig, &other), Err(VerifyError::Mismatch));
    }

    #[test]
    fn key_files_round_trip_and_are_not_confused() {
        let secret = SecretKey::generate().unwrap();
        let text = secret.to_file_text();
        assert!(text.starts_with(SECRET_KEY_PREFIX));
        let again = SecretKey::from_file_text(&text).unwrap();
        assert_eq!(again.public_key(), secret.public_key());
        let public_text = secret.public_key().to_base64();
        assert_eq!(PublicKey::from_base64(&format!("{public_text}\n")).unwrap(), secret.public_key());
        // A private key is refused as a public key, and vice versa.
        assert!(matches!(PublicKey::from_base64(&text), Err(VerifyError::BadPublicKey(m)) if m.contains("PRIVATE")));
        assert!(SecretKey::from_file_text(&public_text).is_err());
        // The private bytes never show in Debug output.
        let debug = format!("{secret:?}");
        assert!(!debug.contains(text.trim().trim_start_matches(SECRET_KEY_PREFIX)));
    }

    #[test]
    fn malformed_signatures_and_keys_are_named() {
        let secret = SecretKey::generate().unwrap();
        let public = secret.public_key();
        assert!(matches!(verify(b"x", "not base64!", &public), Err(VerifyError::BadSignature(_))));
        assert!(matches!(verify(b"x", &base64::encode(&[0u8; 63]), &public), Err(VerifyError::BadSignature(_))));
        assert!(matches!(PublicKey::from_base64(&base64::encode(&[1u8; 31])), Err(VerifyError::BadPublicKey(_))));
        // The identity point is a weak key: any signature of the right shape might pass with it.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(matches!(PublicKey::from_base64(&base64::encode(&identity)), Err(VerifyError::BadPublicKey(_))));
    }
}
