//! Ed25519 signature verification by the browser's WebCrypto, so that the
//! widget's wasm links no curve or hash code (measured: docs/size-levers.md).
//!
//! The client (`incident_feed::client`) has already applied the strict
//! rules to the key and the signature; what is left is RFC 8032's
//! cofactorless equation, which every supported browser computes alike.

use incident_feed::client::{VerifyOutcome, VerifyRequest};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// WebCrypto's name for the algorithm (Secure Curves, now in the main spec).
const ED25519: &str = "Ed25519";

/// Verifies `request` with `crypto.subtle`: `importKey("raw", key,
/// "Ed25519", false, ["verify"])`, then `verify`.
///
/// [`VerifyOutcome::Unavailable`] when the page has no `crypto.subtle` (not
/// a secure context) or the browser does not know Ed25519
/// (`NotSupportedError`); any other refusal, of the key as no curve point
/// for instance, is [`VerifyOutcome::Invalid`].
pub async fn verify(request: &VerifyRequest) -> VerifyOutcome {
    let Some(subtle) = subtle_crypto() else { return VerifyOutcome::Unavailable };
    let usages = Array::of1(&JsValue::from_str("verify"));
    let key_data = Uint8Array::from(&request.public_key[..]);
    let key = match subtle.import_key_with_str("raw", &key_data, ED25519, false, &usages) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let key: CryptoKey = match key {
        Ok(key) => key.unchecked_into(),
        Err(error) => return refusal(&error),
    };
    // The message is handed over as a view of wasm memory; `verify` copies
    // it before it returns its promise.
    let verdict = match subtle.verify_with_str_and_u8_array_and_u8_array(ED25519, &key, &request.signature, request.message.as_bytes()) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    match verdict {
        Ok(valid) if valid.as_bool() == Some(true) => VerifyOutcome::Valid,
        Ok(_) => VerifyOutcome::Invalid,
        Err(error) => refusal(&error),
    }
}

/// `crypto.subtle`, which exists only in secure contexts (https, localhost).
fn subtle_crypto() -> Option<SubtleCrypto> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    (!subtle.is_undefined() && !subtle.is_null()).then(|| subtle.unchecked_into())
}

/// What a rejected WebCrypto call means for the feed.
fn refusal(error: &JsValue) -> VerifyOutcome {
    let name = Reflect::get(error, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    match name.as_deref() {
        Some("NotSupportedError") => VerifyOutcome::Unavailable,
        _ => VerifyOutcome::Invalid,
    }
}
