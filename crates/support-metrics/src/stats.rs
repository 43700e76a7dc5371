//! Pure numeric helpers on small in-memory samples: quantiles and means, the Wilson score interval
//! of a proportion and the margin of error of a Net Promoter Score.
//!
//! The row-scaled statistics are computed by polars; these functions define the same quantities on
//! slices, for small per-group figures and as the reference the polars results are tested
//! against. Quantiles interpolate linearly between closest ranks (numpy's default, DuckDB's
//! `quantile_cont`, polars' `Linear`).

/// The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` values; `None` for an empty slice.
///
/// Position `h = q·(n − 1)`; the result is `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    quantile_sorted_by(sorted.len(), q, |i| sorted[i])
}

/// The `q`-quantile of `n` ascending values read through `value_at(i)`; reads at most two.
pub fn quantile_sorted_by(n: usize, q: f64, value_at: impl Fn(usize) -> f64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (value_at(lo), value_at(hi));
    Some(a + (h - lo as f64) * (b - a))
}

/// The `q`-quantile of unsorted values (sorts a copy).
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, q)
}

/// The median: the middle value, or the mean of the two middle values of an even count.
pub fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// The arithmetic mean; `None` for an empty slice.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The normal quantile of a two-sided 95% interval.
pub const Z_95: f64 = 1.96;

/// The Wilson score interval of a proportion (Wilson 1927): `successes` of `n` trials, at the
/// normal quantile `z` (1.96 for 95%). Returns `(low, high)` as fractions in [0, 1]; `None` when
/// `n` is 0.
///
/// With `p = successes / n`:
/// `centre = (p + z²/2n) / (1 + z²/n)`,
/// `half = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)`, the interval `centre ± half`. Unlike the
/// normal approximation `p ± z√(p(1 − p)/n)`, it stays inside [0, 1] and does not collapse to
/// a point at 0 or 100%, which matters for the small samples satisfaction surveys give.
pub fn wilson_interval(successes: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let successes = successes.min(n);
    let (k, n) = (successes as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // The bounds are exact at the ends: no successes means a low bound of 0, all means 1.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).clamp(0.0, 1.0)
    };
    let high = if successes as f64 == n {
        1.0
    } else {
        (centre + half).clamp(0.0, 1.0)
    };
    Some((low, high))
}

/// The margin of error of a Net Promoter Score, in NPS points, at the normal quantile `z`:
/// `z · √((p + d − (p − d)²) / n) · 100`, with `p` and `d` the shares of promoters and
/// detractors among `n` answers. This is `z` times the standard error of the mean of a score
/// that is +1 for a promoter, 0 for a passive and −1 for a detractor (its variance is
/// `p + d − (p − d)²`). `None` when `n` is 0.
pub fn nps_margin_of_error(promoters: u64, detractors: u64, n: u64, z: f64) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = promoters.min(n) as f64 / n_f;
    let d = detractors.min(n) as f64 / n_f;
    let variance = (p + d - (p - d) * (p - d)).max(0.0);
    Some(z * (variance / n_f).sqrt() * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn hand_worked_wilson_intervals() {
        // 45 of 50, z = 1.96: p = 0.9, z² = 3.8416, z²/n = 0.076832, denominator 1.076832;
        // centre = (0.9 + 0.038416) / 1.076832 = 0.871460;
        // half = 1.96 / 1.076832 · √(0.09/50 + 3.8416/10000) = 1.820154 · √0.00218416
        //      = 1.820154 · 0.046735 = 0.085065 → [0.786395, 0.956525].
        let (low, high) = wilson_interval(45, 50, Z_95).expect("n > 0");
        assert!(close(low, 0.786_395_1), "{low}");
        assert!(close(high, 0.956_524_9), "{high}");
        // 8 of 10: p = 0.8, z²/n = 0.38416, denominator 1.38416;
        // centre = (0.8 + 0.19208) / 1.38416 = 0.716738;
        // half = 1.96 / 1.38416 · √(0.16/10 + 3.8416/400) = 1.416021 · √0.025604
        //      = 1.416021 · 0.160012 = 0.226581 → [0.490157, 0.943319].
        let (low, high) = wilson_interval(8, 10, Z_95).expect("n > 0");
        assert!(close(low, 0.490_156_8), "{low}");
        assert!(close(high, 0.943_319_1), "{high}");
        // None of 5 and all of 5: the interval touches 0 or 1 exactly and is not a point.
        let (low, high) = wilson_interval(0, 5, Z_95).expect("n > 0");
        assert_eq!(low, 0.0);
        assert!(close(high, 0.434_491_5), "{high}");
        let (low, high) = wilson_interval(5, 5, Z_95).expect("n > 0");
        assert!(close(low, 0.565_508_5), "{low}");
        assert_eq!(high, 1.0);
        assert_eq!(wilson_interval(0, 0, Z_95), None);
    }

    #[test]
    fn hand_worked_nps_margins() {
        // 50 promoters, 20 detractors of 100: p = 0.5, d = 0.2;
        // p + d − (p − d)² = 0.7 − 0.09 = 0.61; √(0.61 / 100) = 0.078102;
        // 1.96 · 0.078102 · 100 = 15.308.
        let moe = nps_margin_of_error(50, 20, 100, Z_95).expect("n > 0");
        assert!(close(moe, 15.308_089), "{moe}");
        // {10, 9, 8, 7, 6}: 2 promoters, 1 detractor of 5: p = 0.4, d = 0.2;
        // 0.6 − 0.04 = 0.56; √(0.56 / 5) = √0.112 = 0.334664; · 196 = 65.594.
        let moe = nps_margin_of_error(2, 1, 5, Z_95).expect("n > 0");
        assert!(close(moe, 65.594_146), "{moe}");
        // All promoters: no spread at all, so no margin.
        assert_eq!(nps_margin_of_error(7, 0, 7, Z_95), Some(0.0));
        assert_eq!(nps_margin_of_error(0, 0, 0, Z_95), None);
    }

    #[test]
    fn hand_worked_quantiles() {
        let v = [60.0, 120.0, 180.0, 240.0];
        // mean (60 + 120 + 180 + 240) / 4 = 150
        assert_eq!(mean(&v), Some(150.0));
        // even count: median = (120 + 180) / 2 = 150
        assert_eq!(median(&v), Some(150.0));
        // p90: h = 0.9 · 3 = 2.7 → 180 + 0.7 · (240 − 180) = 222
        assert!((quantile(&v, 0.9).expect("some") - 222.0).abs() < 1e-9);
        // p95: h = 2.85 → 180 + 0.85 · 60 = 231
        assert!((quantile(&v, 0.95).expect("some") - 231.0).abs() < 1e-9);
        assert_eq!(quantile(&v, 1.0), Some(240.0));
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(mean(&[]), None);
    }
}
