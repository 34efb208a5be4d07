//! A tiny seedable pseudo-random generator for scheduling jitter.
//!
//! Jitter only has to decorrelate clients, not resist prediction, so
//! SplitMix64 (one add and three multiply-xorshifts per draw) is plenty and
//! keeps `rand` and `getrandom` out of the wasm bundle. The browser seeds it
//! from `crypto.getRandomValues` or `Math.random()`; tests seed it with a
//! constant so that every run is reproducible.

/// SplitMix64 (Steele, Lea and Flood, 2014).
///
/// ```
/// use incident_feed::resilience::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64()); // same seed, same sequence
/// let x = a.between(10, 20);
/// assert!((10..=20).contains(&x));
/// ```
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for `seed`. Every seed, including 0, is fine.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// A generator seeded from a `Math.random()` result in `[0, 1)`.
    ///
    /// ```
    /// # use incident_feed::resilience::Rng;
    /// let mut rng = Rng::from_unit_f64(0.123_456_789);
    /// let _ = rng.next_u64();
    /// ```
    pub fn from_unit_f64(random: f64) -> Rng {
        // Math.random() carries 52-53 bits; scaling keeps all of them.
        Rng::new((random.clamp(0.0, 1.0) * 9_007_199_254_740_992.0) as u64)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw from `lo..=hi` (`lo` when `hi < lo`).
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u128 + 1;
        // Multiply-shift instead of `%`: no modulo bias worth mentioning and no division.
        lo + ((self.next_u64() as u128 * span) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_in_range_and_cover_it() {
        let mut rng = Rng::new(0);
        let mut seen = [0u32; 11];
        for _ in 0..11_000 {
            let x = rng.between(100, 110);
            assert!((100..=110).contains(&x));
            seen[(x - 100) as usize] += 1;
        }
        // Each of the 11 values is expected 1,000 times.
        assert!(seen.iter().all(|&n| (850..1150).contains(&n)), "{seen:?}");
        assert_eq!(rng.between(5, 5), 5);
        assert_eq!(rng.between(9, 3), 9);
        let _ = rng.between(0, u64::MAX);
    }

    #[test]
    fn seeds_give_different_sequences() {
        let a: Vec<u64> = (0..4).scan(Rng::new(1), |r, _| Some(r.next_u64())).collect();
        let b: Vec<u64> = (0..4).scan(Rng::new(2), |r, _| Some(r.next_u64())).collect();
        assert_ne!(a, b);
        assert_ne!(Rng::from_unit_f64(0.25).next_u64(), Rng::from_unit_f64(0.75).next_u64());
    }
}
