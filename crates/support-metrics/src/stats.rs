//! Pure numeric helpers on small in-memory samples: quantiles and means, the Wilson score interval
//! of a proportion and the margin of error of a Net Promoter Score.
//!
//! The row-scaled statistics are computed by polars; these functions define the same quantities on
//! slices, for small per-group figures and as the reference the polars results are tested
//! against. Quantiles interpolate linearly between closest ranks (numpy's default, DuckDB's
//! `quantile_cont`, polars' `Linear`).
//!
//! The trend statistics ([`theil_sen_slope`], [`mann_kendall`]) serve the scorecard: a handful of
//! weekly scores per employee, where robustness to one odd week matters more than speed.

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

/// The Theil–Sen slope of the points `(x, y)`: the median of the slopes `(yⱼ − yᵢ) / (xⱼ − xᵢ)`
/// over every pair with `xᵢ ≠ xⱼ`; `None` when no such pair exists (fewer than two distinct x).
///
/// Missing observations are simply absent from `points`: a week without a meeting leaves no point,
/// and the pairs that span it divide by the real distance in weeks (it is never a zero score).
/// The estimator ignores up to about 29 % of outlying points (Sen 1968).
pub fn theil_sen_slope(points: &[(f64, f64)]) -> Option<f64> {
    let mut slopes = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for (i, &(xi, yi)) in points.iter().enumerate() {
        for &(xj, yj) in &points[i + 1..] {
            if xj != xi {
                slopes.push((yj - yi) / (xj - xi));
            }
        }
    }
    median(&slopes)
}

/// The result of Mann–Kendall's test for a monotonic trend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannKendall {
    /// `S = Σᵢ<ⱼ sgn(yⱼ − yᵢ)`: positive for a rising series, negative for a falling one.
    pub s: i64,
    /// The variance of `S` under "no trend", corrected for ties.
    pub variance: f64,
    /// The standardised statistic with the continuity correction.
    pub z: f64,
    /// The two-sided p-value from the normal approximation.
    pub p_value: f64,
}

/// Mann–Kendall's test on `values` in time order (Mann 1945; Kendall 1975; as in Gilbert 1987,
/// §16.4): `None` for fewer than two values.
///
/// - `S = Σᵢ<ⱼ sgn(yⱼ − yᵢ)`;
/// - `Var(S) = [n(n−1)(2n+5) − Σₜ t(t−1)(2t+5)] / 18`, the sum over groups of `t` tied values;
/// - `Z = (S − 1)/√Var(S)` for `S > 0`, `(S + 1)/√Var(S)` for `S < 0`, `0` for `S = 0`
///   (the continuity correction);
/// - `p = 2·(1 − Φ(|Z|)) = erfc(|Z|/√2)`, two-sided.
///
/// The normal approximation is rough below about ten values (Gilbert tabulates exact
/// probabilities for n ≤ 10): three values falling every time have an exact two-sided probability
/// of 2/3! = 0.333 under "no trend", and the approximation gives 0.296. A series of equal values
/// has `Var(S) = 0`, `Z = 0` and `p = 1`.
pub fn mann_kendall(values: &[f64]) -> Option<MannKendall> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let mut s = 0i64;
    for (i, yi) in values.iter().enumerate() {
        for yj in &values[i + 1..] {
            s += match yj.total_cmp(yi) {
                std::cmp::Ordering::Greater => 1,
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
            };
        }
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let term = |t: f64| t * (t - 1.0) * (2.0 * t + 5.0);
    let mut ties = 0.0;
    let mut start = 0;
    while start < n {
        let end = sorted[start..]
            .iter()
            .position(|v| v.total_cmp(&sorted[start]).is_ne())
            .map_or(n, |k| start + k);
        ties += term((end - start) as f64);
        start = end;
    }
    let variance = (term(n as f64) - ties) / 18.0;
    let z = if variance <= 0.0 || s == 0 {
        0.0
    } else if s > 0 {
        (s - 1) as f64 / variance.sqrt()
    } else {
        (s + 1) as f64 / variance.sqrt()
    };
    Some(MannKendall {
        s,
        variance,
        z,
        p_value: two_sided_normal_p(z),
    })
}

/// The two-sided tail probability of a standard normal deviate: `P(|N(0,1)| ≥ |z|)`.
pub fn two_sided_normal_p(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
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

    #[test]
    fn hand_worked_wilson_intervals() {
        // 45 of 50, z = 1.96: p = 0.9, z² = 3.8416, z²/n = 0.076832, denominator 1.076832;
        // centre = (0.9 + 0.038416) / 1.076832 = 0.871460;
        // half = 1.96 / 1.076832 · √(0.09/50 + 3.8416/10000) = 1.820154 · √0.00218416
        //      = 1.820154 · 0.046735 = 0.085065 → [0.786395, 0.956525].
        let (low, high) = wilson_interval(45, 50, Z_95).expect("n > 0");
        assert!(close(low, 0.786_395_1, 1e-6), "{low}");
        assert!(close(high, 0.956_524_9, 1e-6), "{high}");
        // 8 of 10: p = 0.8, z²/n = 0.38416, denominator 1.38416;
        // centre = (0.8 + 0.19208) / 1.38416 = 0.716738;
        // half = 1.96 / 1.38416 · √(0.16/10 + 3.8416/400) = 1.416021 · √0.025604
        //      = 1.416021 · 0.160012 = 0.226581 → [0.490157, 0.943319].
        let (low, high) = wilson_interval(8, 10, Z_95).expect("n > 0");
        assert!(close(low, 0.490_156_8, 1e-6), "{low}");
        assert!(close(high, 0.943_319_1, 1e-6), "{high}");
        // None of 5 and all of 5: the interval touches 0 or 1 exactly and is not a point.
        let (low, high) = wilson_interval(0, 5, Z_95).expect("n > 0");
        assert_eq!(low, 0.0);
        assert!(close(high, 0.434_491_5, 1e-6), "{high}");
        let (low, high) = wilson_interval(5, 5, Z_95).expect("n > 0");
        assert!(close(low, 0.565_508_5, 1e-6), "{low}");
        assert_eq!(high, 1.0);
        assert_eq!(wilson_interval(0, 0, Z_95), None);
    }

    #[test]
    fn hand_worked_nps_margins() {
        // 50 promoters, 20 detractors of 100: p = 0.5, d = 0.2;
        // p + d − (p − d)² = 0.7 − 0.09 = 0.61; √(0.61 / 100) = 0.078102;
        // 1.96 · 0.078102 · 100 = 15.308.
        let moe = nps_margin_of_error(50, 20, 100, Z_95).expect("n > 0");
        assert!(close(moe, 15.308_089, 1e-6), "{moe}");
        // {10, 9, 8, 7, 6}: 2 promoters, 1 detractor of 5: p = 0.4, d = 0.2;
        // 0.6 − 0.04 = 0.56; √(0.56 / 5) = √0.112 = 0.334664; · 196 = 65.594.
        let moe = nps_margin_of_error(2, 1, 5, Z_95).expect("n > 0");
        assert!(close(moe, 65.594_146, 1e-6), "{moe}");
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

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn theil_sen_on_the_seed_series() {
        // Weekly scores 60, 50, 45 in weeks 0, 1, 2. Pairwise slopes:
        // (50 − 60)/1 = −10, (45 − 60)/2 = −7.5, (45 − 50)/1 = −5 → median −7.5 points/week.
        let points = [(0.0, 60.0), (1.0, 50.0), (2.0, 45.0)];
        assert_eq!(theil_sen_slope(&points), Some(-7.5));
    }

    #[test]
    fn theil_sen_skips_a_gap_week_instead_of_scoring_it_zero() {
        // Weeks 0, 1, 3, 4 scored (week 2 had no meeting): 50, 52, 56, 58.
        // Pairs: (0,1) 2/1 = 2; (0,3) 6/3 = 2; (0,4) 8/4 = 2; (1,3) 4/2 = 2; (1,4) 6/3 = 2;
        // (3,4) 2/1 = 2 → slope 2. Treating week 2 as a zero would drag the median down.
        let points = [(0.0, 50.0), (1.0, 52.0), (3.0, 56.0), (4.0, 58.0)];
        assert_eq!(theil_sen_slope(&points), Some(2.0));
        // With an uneven gap: weeks 0, 2, 3 scored 60, 50, 48.
        // (0,2) −10/2 = −5; (0,3) −12/3 = −4; (2,3) −2/1 = −2 → median −4.
        assert_eq!(
            theil_sen_slope(&[(0.0, 60.0), (2.0, 50.0), (3.0, 48.0)]),
            Some(-4.0)
        );
        // One outlier week does not move it: 10, 11, 12, 40, 14 → slopes
        // 1, 1, 10, 1 | 1, 14.5, 1.5 | 28, 1 | −26 → sorted: −26, 1, 1, 1, 1, 1, 1.5, 10, 14.5, 28;
        // median of ten = (1 + 1)/2 = 1.
        let outlier = [
            (0.0, 10.0),
            (1.0, 11.0),
            (2.0, 12.0),
            (3.0, 40.0),
            (4.0, 14.0),
        ];
        assert_eq!(theil_sen_slope(&outlier), Some(1.0));
        assert_eq!(theil_sen_slope(&[(0.0, 1.0)]), None);
        assert_eq!(theil_sen_slope(&[(2.0, 1.0), (2.0, 5.0)]), None);
    }

    #[test]
    fn mann_kendall_on_the_seed_series() {
        // 60, 50, 45: every later value is lower, S = −3.
        // Var = 3·2·11/18 = 66/18 = 3.667; Z = (−3 + 1)/√3.667 = −2/1.9149 = −1.0445;
        // p = erfc(1.0445/√2) = 0.2963: three weeks are too few for significance.
        let mk = mann_kendall(&[60.0, 50.0, 45.0]).expect("three values");
        assert_eq!(mk.s, -3);
        assert!(close(mk.variance, 66.0 / 18.0, 1e-12));
        assert!(close(mk.z, -1.044_466, 1e-6), "{mk:?}");
        assert!(close(mk.p_value, 0.296_270, 1e-6), "{mk:?}");
    }

    #[test]
    fn mann_kendall_with_a_tie() {
        // 3, 5, 5, 4, 7. Signs of later − earlier:
        // from 3: +, +, +, +   = 4;  from 5: 0, −, + = 0;  from 5: −, + = 0;  from 4: + = 1.
        // S = 5. One group of two tied values (5, 5): Var = (5·4·15 − 2·1·9)/18 = 282/18 = 15.667.
        // Z = (5 − 1)/√15.667 = 4/3.9581 = 1.0106; p = erfc(1.0106/√2) = 0.3122.
        let mk = mann_kendall(&[3.0, 5.0, 5.0, 4.0, 7.0]).expect("five values");
        assert_eq!(mk.s, 5);
        assert!(close(mk.variance, 282.0 / 18.0, 1e-12));
        assert!(close(mk.z, 1.010_582, 1e-6), "{mk:?}");
        assert!(close(mk.p_value, 0.312_216, 1e-6), "{mk:?}");
    }

    #[test]
    fn mann_kendall_reproduces_a_published_example() {
        // The worked example "A Mann-Kendall Example (By Hand)" (College of the Holy Cross,
        // following Gilbert 1987): 14 values with one tie (12.9 twice); 72 pairs rise, 18 fall,
        // 1 is tied, so S = 72 − 18 = 54; V = 14·13·33/18 − 2·1·9/18 = 333.667 − 1 = 332.667;
        // Z = 53/√332.667 = 2.9058; one-sided p ≈ 0.0018, so two-sided p = 0.00366.
        let series = [
            12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7,
        ];
        let mk = mann_kendall(&series).expect("fourteen values");
        assert_eq!(mk.s, 54);
        assert!(close(mk.variance, 332.0 + 2.0 / 3.0, 1e-9));
        assert!(close(mk.z, 2.905_837, 1e-6), "{mk:?}");
        assert!(close(mk.p_value, 0.003_663, 1e-6), "{mk:?}");
    }

    #[test]
    fn mann_kendall_edge_cases() {
        assert_eq!(mann_kendall(&[1.0]), None);
        // All equal: every pair tied, Var = (3·2·11 − 3·2·11)/18 = 0 → Z = 0, p = 1.
        let flat = mann_kendall(&[7.0, 7.0, 7.0]).expect("three values");
        assert_eq!(
            (flat.s, flat.variance, flat.z, flat.p_value),
            (0, 0.0, 0.0, 1.0)
        );
        // Two values: S = 1, Var = 2·1·9/18 = 1, Z = (1 − 1)/1 = 0, p = 1.
        let two = mann_kendall(&[1.0, 2.0]).expect("two values");
        assert_eq!((two.s, two.z, two.p_value), (1, 0.0, 1.0));
        // Φ(1.959964) = 0.975: the two-sided tail is 5 %.
        assert!(close(two_sided_normal_p(1.959_964), 0.05, 1e-6));
        assert!(close(two_sided_normal_p(-1.959_964), 0.05, 1e-6));
    }
}
