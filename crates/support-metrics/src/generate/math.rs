//! Platform-independent numerics for the generator.
//!
//! `f64::exp` and `f64::ln` call the platform's libm, whose last-bit results
//! differ between systems, so the generator uses its own versions built from
//! `+ - * /`, `round` and `sqrt` only: those are exactly specified by IEEE 754,
//! so the same seed gives the same bytes on every platform.

use rand::Rng;

const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// 1/k! for k = 0..=13, for the Taylor series of `exp` on |r| <= ln2/2.
const INV_FACT: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `e^x`, relative error below 1e-15, the same bits on every platform.
/// The argument is clamped to [-700, 700].
pub(crate) fn det_exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = INV_FACT[13];
    for c in INV_FACT[..13].iter().rev() {
        p = p * r + c;
    }
    // |k| <= 1010, so the biased exponent stays in the normal range.
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    p * scale
}

/// Natural logarithm of a positive finite `x`, relative error below 1e-15,
/// the same bits on every platform.
pub(crate) fn det_ln(x: f64) -> f64 {
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * 18_014_398_509_481_984.0, -54) // 2^54: lift subnormals
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023 + bias;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...), |f| <= 0.1716.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let mut p = 1.0 / 25.0;
    let mut k = 23.0;
    while k > 0.0 {
        p = p * s + 1.0 / k;
        k -= 2.0;
    }
    let e = e as f64;
    2.0 * f * p + e * LN2_LO + e * LN2_HI
}

/// A uniform `f64` in `[0, 1)` with 53 random bits.
pub(crate) fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}

/// Two independent standard normal variates (Marsaglia's polar method).
pub(crate) fn normal_pair<R: Rng + ?Sized>(rng: &mut R) -> (f64, f64) {
    loop {
        let u = 2.0 * unit(rng) - 1.0;
        let v = 2.0 * unit(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let f = (-2.0 * det_ln(s) / s).sqrt();
            return (u * f, v * f);
        }
    }
}

/// True with probability `ppm` / 1,000,000.
pub(crate) fn chance<R: Rng + ?Sized>(rng: &mut R, ppm: u32) -> bool {
    ((u64::from(rng.next_u32()) * 1_000_000) >> 32) < u64::from(ppm)
}

/// A uniform integer in `[0, n)` (multiply-shift; the bias is below n / 2^32).
pub(crate) fn below<R: Rng + ?Sized>(rng: &mut R, n: u32) -> u32 {
    ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32
}

/// Cumulative integer weights for picking an index with probability
/// proportional to its weight.
#[derive(Debug, Clone)]
pub(crate) struct Cumulative {
    cum: Vec<u32>,
}

impl Cumulative {
    /// Builds from weights; at least one must be positive and their sum must fit in `u32`.
    pub(crate) fn new(weights: &[u32]) -> Self {
        let mut total = 0u32;
        let cum = weights
            .iter()
            .map(|w| {
                total = total.saturating_add(*w);
                total
            })
            .collect();
        Self { cum }
    }

    /// Picks an index.
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let total = self.cum.last().copied().unwrap_or(0);
        let x = below(rng, total);
        self.cum.partition_point(|&c| c <= x)
    }
}

/// SplitMix64 finaliser: a stateless hash for per-week factors.
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn exp_and_ln_match_std() {
        let mut x = -50.0;
        while x < 50.0 {
            assert!(rel(det_exp(x), x.exp()) < 2e-15, "exp({x})");
            x += 0.0137;
        }
        for &x in &[
            1e-300, 1e-30, 1e-5, 0.3, 0.5, 0.7, 0.72, 1.0, 1.41, 1.42, 1.5, 2.0, 10.0, 1e10, 1e300,
        ] {
            let (a, b) = (det_ln(x), x.ln());
            assert!(
                (a - b).abs() <= 2e-15 * b.abs().max(1.0),
                "ln({x}): {a} vs {b}"
            );
        }
        assert!((det_ln(5e-324) - 5e-324f64.ln()).abs() < 1e-12);
        assert_eq!(det_ln(1.0), 0.0);
    }

    #[test]
    fn normals_have_unit_variance() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (mut sum, mut sq) = (0.0, 0.0);
        let n = 100_000;
        for _ in 0..n / 2 {
            let (a, b) = normal_pair(&mut rng);
            sum += a + b;
            sq += a * a + b * b;
        }
        let mean = sum / n as f64;
        let var = sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.02, "{mean}");
        assert!((var - 1.0).abs() < 0.02, "{var}");
    }

    #[test]
    fn cumulative_picks_in_proportion() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let c = Cumulative::new(&[1, 0, 3]);
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[c.pick(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(
            (counts[2] as f64 / counts[0] as f64 - 3.0).abs() < 0.2,
            "{counts:?}"
        );
    }
}
