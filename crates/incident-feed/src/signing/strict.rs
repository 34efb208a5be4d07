//! The strict rules every verifier of a feed signature applies, as byte
//! comparisons: no curve arithmetic, so the widget can run them before it
//! hands the check to the browser's WebCrypto, and the native tools before
//! ed25519-dalek.
//!
//! Ed25519 implementations disagree at the edges (the "speccheck" cases of
//! Chalkias, Garillot and Nikolaenko, *Taming the many EdDSAs*, 2020):
//! BoringSSL (Chrome, Edge) accepts small-order keys and signatures that
//! HACL* (Firefox) and libsodium refuse; some accept a non-reduced `S`. A
//! feed accepted in one browser must be accepted in all, and exactly when
//! `incident-feed verify` accepts it. So before the cofactorless equation of
//! RFC 8032 §5.1.7 (which every browser computes), these rules refuse what
//! [`ed25519_dalek::VerifyingKey::verify_strict`] refuses beyond it:
//!
//! * `S ≥ L` (a malleable, non-reduced scalar);
//! * a public key `A` or a commitment `R` of small order (the eight torsion
//!   points, in any of their encodings);
//! * a non-canonical `R` (a `y` of `p` or more, or `x = 0` with the sign bit
//!   set). `verify_strict` refuses these too, by comparing `R`'s bytes with
//!   the canonical encoding it computes; outside the small-order points a
//!   non-canonical `R` cannot match.
//!
//! And one rule stricter than `verify_strict`: a non-canonical `A`.
//! `verify_strict` decodes such a key and hashes its bytes as given; HACL*
//! refuses to decode it. Keys made by `incident-feed keygen` are always
//! canonical, so no genuine key is lost.
//!
//! What these rules leave to the equation: whether `R` and `A` are points on
//! the curve at all (the equation fails for a point that is not).
//! `src/signing/speccheck.rs` tests natively that these rules plus dalek's
//! cofactorless `verify` decide every edge case exactly as `verify_strict`.

use std::fmt;

/// The order of the base point, `L = 2^252 + 27742317777372353535851937790883648493`, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// The field's prime, `p = 2^255 - 19`, little-endian.
const P: [u8; 32] = [
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// The `y` coordinates of the eight points of small order, as 255-bit
/// little-endian numbers (the sign bit, bit 255, cleared): every way such a
/// point can be written, with either sign bit. The list libsodium blocks
/// (`has_small_order` in `ed25519_ref10.c`).
///
/// The order-8 points' `y` values are above `2^255 - p`, so they have no
/// second encoding; `0` and `1` have one each (`p` and `p + 1`).
const SMALL_ORDER_Y: [[u8; 32]; 7] = [
    // y = 0: the two points of order 4, (±√-1, 0).
    [0; 32],
    // y = 1: the identity (order 1).
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    // The two y values of the four points of order 8.
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1,
        0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e,
        0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
    ],
    // y = p - 1 = -1: the point of order 2, (0, -1).
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
    // y = p, written for 0.
    P,
    // y = p + 1, written for 1.
    [
        0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
];

/// Which strict rule a key or signature breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// The key is one of the points of small order: signatures of almost
    /// any message would verify with it.
    SmallOrderKey,
    /// The key is not the canonical encoding of its point.
    NonCanonicalKey,
    /// The signature's `R` is a point of small order.
    SmallOrderR,
    /// The signature's `R` is not the canonical encoding of its point.
    NonCanonicalR,
    /// The signature's `S` is not below the group order `L`: a second,
    /// malleable form of a signature.
    UnreducedS,
}

impl fmt::Display for Weakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weakness::SmallOrderKey => "a weak (small-order) key cannot be trusted",
            Weakness::NonCanonicalKey => "the key is not written in its one canonical form",
            Weakness::SmallOrderR => "its R is a small-order point",
            Weakness::NonCanonicalR => "its R is not written in its one canonical form",
            Weakness::UnreducedS => "its S is not below the group order (a malleable form)",
        })
    }
}

/// Checks a 32-byte public key against the strict rules (module documentation).
///
/// ```
/// use incident_feed::signing::strict::{check_public_key, Weakness};
/// let mut identity = [0u8; 32];
/// identity[0] = 1;
/// assert_eq!(check_public_key(&identity), Err(Weakness::SmallOrderKey));
/// ```
pub fn check_public_key(key: &[u8; 32]) -> Result<(), Weakness> {
    if is_small_order(key) {
        Err(Weakness::SmallOrderKey)
    } else if !is_canonical(key) {
        Err(Weakness::NonCanonicalKey)
    } else {
        Ok(())
    }
}

/// Checks a 64-byte signature (`R ‖ S`) against the strict rules (module documentation).
///
/// ```
/// use incident_feed::signing::strict::{check_signature, Weakness};
/// let mut signature = [0u8; 64];
/// signature[0] = 1; // R: the identity
/// assert_eq!(check_signature(&signature), Err(Weakness::SmallOrderR));
/// ```
pub fn check_signature(signature: &[u8; 64]) -> Result<(), Weakness> {
    let (r, s) = signature.split_at(32);
    let r: &[u8; 32] = r.try_into().expect("32 bytes");
    let s: &[u8; 32] = s.try_into().expect("32 bytes");
    if !less_than(s, &L) {
        Err(Weakness::UnreducedS)
    } else if is_small_order(r) {
        Err(Weakness::SmallOrderR)
    } else if !is_canonical(r) {
        Err(Weakness::NonCanonicalR)
    } else {
        Ok(())
    }
}

/// The 255-bit `y` of an encoded point: the sign bit of `x` cleared.
fn y_of(point: &[u8; 32]) -> [u8; 32] {
    let mut y = *point;
    y[31] &= 0x7f;
    y
}

/// Whether the encoding names one of the points of small order.
fn is_small_order(point: &[u8; 32]) -> bool {
    SMALL_ORDER_Y.contains(&y_of(point))
}

/// Whether `y < p`. (The other non-canonical form, `x = 0` with the sign bit
/// set, exists only for `y = ±1`, which are of small order.)
fn is_canonical(point: &[u8; 32]) -> bool {
    less_than(&y_of(point), &P)
}

/// `a < b` for little-endian 256-bit numbers.
fn less_than(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().rev().cmp(b.iter().rev()).is_lt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn less_than_compares_from_the_most_significant_byte() {
        let mut small = [0xff; 32];
        small[31] = 0x0f;
        assert!(less_than(&small, &L));
        assert!(!less_than(&L, &L));
        let mut l_plus_one = L;
        l_plus_one[0] += 1;
        assert!(!less_than(&l_plus_one, &L));
        assert!(less_than(&[0; 32], &[1; 32]));
    }

    #[test]
    fn s_must_be_below_l_and_the_sign_bit_does_not_hide_a_small_order_point() {
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&[0x58; 32]); // some canonical y, not one of small order
        assert_eq!(check_signature(&signature), Ok(()));
        signature[32..].copy_from_slice(&L);
        assert_eq!(check_signature(&signature), Err(Weakness::UnreducedS));
        let mut minus_identity = [0u8; 32];
        minus_identity[0] = 1;
        minus_identity[31] = 0x80;
        assert_eq!(check_public_key(&minus_identity), Err(Weakness::SmallOrderKey));
        let mut y_is_p_plus_2 = P;
        y_is_p_plus_2[0] += 2;
        assert_eq!(check_public_key(&y_is_p_plus_2), Err(Weakness::NonCanonicalKey));
    }
}
