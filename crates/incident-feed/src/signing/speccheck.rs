//! The strict rules ([`super::strict`]) against ed25519-dalek: on the known
//! Ed25519 edge cases and on every encoding of the small-order points, the
//! rules plus dalek's cofactorless `verify` (what a browser computes after
//! the widget's rules) decide exactly as dalek's `verify_strict` (what the
//! CLI computes). So a signature the widget accepts in one browser is
//! accepted in every browser and by `incident-feed verify`.

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::Scalar;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::strict::{check_public_key, check_signature, Weakness};
use super::{verify, DetachedSignature, PublicKey};

/// One case: message, public key and signature, as hex.
struct Case {
    name: &'static str,
    message: &'static str,
    key: &'static str,
    signature: &'static str,
}

/// The twelve cases of ed25519-speccheck (novifinancial/ed25519-speccheck,
/// `cases.txt`; Chalkias, Garillot, Nikolaenko, "Taming the many EdDSAs"),
/// the two later variants of its cases 8 and 9, and RFC 8032's first test
/// vector as the plain valid case.
const CASES: &[Case] = &[
    Case {
        name: "RFC 8032 test 1: valid",
        message: "",
        key: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    },
    Case {
        name: "0: S = 0, small-order A and R",
        message: "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
        key: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        signature: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
    },
    Case {
        name: "1: small-order A and R",
        message: "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        key: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        signature: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    },
    Case {
        name: "2: mixed-order A, small-order R",
        message: "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
        key: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        signature: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
    },
    Case {
        name: "3: mixed-order A and R, both equations pass",
        message: "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        key: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        signature: "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
    },
    Case {
        name: "4: mixed-order A and R, only the cofactored equation passes",
        message: "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        key: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        signature: "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
    },
    Case {
        name: "5: mixed-order A, only the cofactored equation with 8h pre-reduced passes",
        message: "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        key: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        signature: "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
    },
    Case {
        name: "6: S > L, top bits clear",
        message: "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        key: "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        signature: "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
    },
    Case {
        name: "7: S >> L, top bits set",
        message: "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        key: "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        signature: "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
    },
    Case {
        name: "8: non-canonical small-order R (x = 0, sign bit set)",
        message: "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
        key: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        signature: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
    },
    Case {
        name: "9: non-canonical small-order R (x = 0, sign bit set), hashed reduced",
        message: "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
        key: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        signature: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
    },
    Case {
        name: "8 (later version): non-canonical small-order R (y = p)",
        message: "fdaebc429f4a735932a160da1301080c13280eea8bc280d1b392c6b9e6ba3a5a",
        key: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        signature: "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f454d370c8d9fc323a41450f8d513eafeb5b0697390c1e505a0d4ddc71f566607",
    },
    Case {
        name: "9 (later version): non-canonical small-order R (y = p)",
        message: "84b698d39be126ff55fe45079e6c8bf64a0d7db6994560b4e96b7021eb39c1a1",
        key: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        signature: "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f084d5b99c2a9463d9c8bd5026916996984eeec87ddf1d3be329006ace1b37b09",
    },
    Case {
        name: "10: non-canonical small-order A (x = 0, sign bit set)",
        message: "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
        key: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        signature: "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    },
    Case {
        name: "11: non-canonical small-order A (x = 0, sign bit set), hashed reduced",
        message: "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
        key: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        signature: "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    },
];

fn hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "{text}");
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

fn key_bytes(case: &Case) -> [u8; 32] {
    hex(case.key).try_into().expect("32-byte key")
}

fn signature_bytes(case: &Case) -> [u8; 64] {
    hex(case.signature).try_into().expect("64-byte signature")
}

/// What the CLI decides: dalek's `verify_strict`.
fn strict_verdict(message: &[u8], key: &[u8; 32], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(key).is_ok_and(|k| k.verify_strict(message, &Signature::from_bytes(signature)).is_ok())
}

/// What the widget decides: the strict rules, then the cofactorless
/// equation alone, as a browser computes it (dalek's plain `verify`).
fn rules_then_equation(message: &[u8], key: &[u8; 32], signature: &[u8; 64]) -> bool {
    check_public_key(key).is_ok()
        && check_signature(signature).is_ok()
        && VerifyingKey::from_bytes(key).is_ok_and(|k| k.verify(message, &Signature::from_bytes(signature)).is_ok())
}

/// `S + L`: the same signature in its malleable second form.
pub(crate) fn with_s_plus_l(signature: &[u8; 64]) -> [u8; 64] {
    let l_minus_one = -Scalar::ONE; // scalars are taken mod L
    let mut out = *signature;
    let mut carry = 1u16; // (L - 1) + 1 = L
    for (i, byte) in out[32..].iter_mut().enumerate() {
        let sum = u16::from(*byte) + u16::from(l_minus_one.as_bytes()[i]) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
    out
}

#[test]
fn the_rules_plus_the_cofactorless_equation_decide_every_edge_case_as_verify_strict() {
    let mut accepted = Vec::new();
    for case in CASES {
        let (message, key, signature) = (hex(case.message), key_bytes(case), signature_bytes(case));
        let strict = strict_verdict(&message, &key, &signature);
        assert_eq!(rules_then_equation(&message, &key, &signature), strict, "{}", case.name);
        // The public API, as the CLI and the client's native verifier use it.
        let api = PublicKey::from_base64(&super::base64::encode(&key)).and_then(|key| verify(&message, &super::base64::encode(&signature), &key)).is_ok();
        assert_eq!(api, strict, "{}", case.name);
        if strict {
            accepted.push(case.name);
        }
    }
    // dalek's verify_strict row of the speccheck results: only case 3 of
    // the twelve passes (and the plain valid vector).
    assert_eq!(accepted, vec!["RFC 8032 test 1: valid", "3: mixed-order A and R, both equations pass"]);
}

#[test]
fn which_rule_each_edge_case_breaks() {
    let weakness = |name: &str| {
        let case = CASES.iter().find(|c| c.name.starts_with(name)).expect("case");
        check_public_key(&key_bytes(case)).and_then(|()| check_signature(&signature_bytes(case))).err()
    };
    assert_eq!(weakness("RFC"), None);
    assert_eq!(weakness("0:"), Some(Weakness::SmallOrderKey));
    assert_eq!(weakness("2:"), Some(Weakness::SmallOrderR));
    assert_eq!(weakness("3:"), None);
    assert_eq!(weakness("6:"), Some(Weakness::UnreducedS));
    assert_eq!(weakness("7:"), Some(Weakness::UnreducedS));
    assert_eq!(weakness("8:"), Some(Weakness::SmallOrderR));
    assert_eq!(weakness("8 (later"), Some(Weakness::SmallOrderR));
    assert_eq!(weakness("10:"), Some(Weakness::SmallOrderKey));
}

#[test]
fn a_valid_signature_in_its_malleable_form_is_refused_by_both() {
    let signing = SigningKey::from_bytes(&[42; 32]);
    let key = signing.verifying_key().to_bytes();
    let message = b"{\"version\":1}";
    let signature = signing.sign(message).to_bytes();
    assert!(strict_verdict(message, &key, &signature) && rules_then_equation(message, &key, &signature));
    let malleable = with_s_plus_l(&signature);
    assert_ne!(malleable, signature);
    assert_eq!(check_signature(&malleable), Err(Weakness::UnreducedS));
    assert!(!strict_verdict(message, &key, &malleable));
    assert!(DetachedSignature::from_base64(&super::base64::encode(&malleable)).is_err());
}

/// Every 32-byte encoding whose `y` (sign bit cleared) is `y` or `y + p`,
/// with either sign bit.
fn encodings_of(canonical: [u8; 32]) -> Vec<[u8; 32]> {
    let mut y = canonical;
    y[31] &= 0x7f;
    let mut out = vec![y, sign_flipped(y)];
    // y + p fits in 255 bits only for y < 19.
    if y[1..].iter().all(|&b| b == 0) && y[0] < 19 {
        let mut plus_p = [0xff; 32];
        plus_p[0] = 0xed + y[0];
        plus_p[31] = 0x7f;
        out.extend([plus_p, sign_flipped(plus_p)]);
    }
    out
}

fn sign_flipped(mut encoding: [u8; 32]) -> [u8; 32] {
    encoding[31] ^= 0x80;
    encoding
}

#[test]
fn the_small_order_list_is_exactly_the_torsion_points_in_every_encoding() {
    let mut small_order_encodings = std::collections::BTreeSet::new();
    for torsion in EIGHT_TORSION {
        for encoding in encodings_of(torsion.compress().to_bytes()) {
            let Some(point) = CompressedEdwardsY(encoding).decompress() else { continue };
            assert!(point.is_small_order());
            assert_eq!(check_public_key(&encoding), Err(Weakness::SmallOrderKey), "{encoding:02x?}");
            let mut signature = [0u8; 64];
            signature[..32].copy_from_slice(&encoding);
            assert_eq!(check_signature(&signature), Err(Weakness::SmallOrderR), "{encoding:02x?}");
            small_order_encodings.insert(encoding);
        }
    }
    // 8 points; (0, ±1) also written with x = -0 and y + p for y = 1; the two
    // (±√-1, 0) also with y = p: 8 + 2 + 2 + 2 encodings that dalek decodes.
    assert_eq!(small_order_encodings.len(), 14);
    // Points of large and of mixed order (a multiple of the base point plus
    // a torsion point) are never taken for small-order ones.
    for k in 1..40u64 {
        let point = ED25519_BASEPOINT_POINT * Scalar::from(k);
        for torsion in EIGHT_TORSION {
            let mixed = (point + torsion).compress().to_bytes();
            assert!(!CompressedEdwardsY(mixed).decompress().unwrap().is_small_order());
            assert_eq!(check_public_key(&mixed), Ok(()), "{k}");
        }
    }
}

#[test]
fn non_canonical_encodings_are_refused_and_verify_strict_refuses_them_as_r() {
    let signing = SigningKey::from_bytes(&[9; 32]);
    let key = signing.verifying_key().to_bytes();
    let mut on_curve = 0;
    for y in 2..19u8 {
        let mut small_y = [0u8; 32];
        small_y[0] = y;
        for encoding in encodings_of(small_y).into_iter().skip(2) {
            let Some(point) = CompressedEdwardsY(encoding).decompress() else { continue };
            assert!(!point.is_small_order());
            assert_eq!(check_public_key(&encoding), Err(Weakness::NonCanonicalKey), "y = p + {y}");
            // As R, whatever S: verify_strict compares R with the canonical
            // encoding it computes, so it can never match.
            let mut signature = signing.sign(b"x").to_bytes();
            signature[..32].copy_from_slice(&encoding);
            assert_eq!(check_signature(&signature), Err(Weakness::NonCanonicalR));
            assert!(!strict_verdict(b"x", &key, &signature));
            on_curve += 1;
        }
    }
    assert!(on_curve > 0, "some y + p below 2^255 is a curve point");
    eprintln!("{on_curve} non-canonical encodings of large-order points checked");
}
