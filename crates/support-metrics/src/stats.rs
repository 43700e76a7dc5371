//! Pure numeric helpers on small in-memory samples.
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

#[cfg(test)]
mod tests {
    use super::*;

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
