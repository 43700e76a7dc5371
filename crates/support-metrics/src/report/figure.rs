//! A headline figure with its week-over-week change and its recent history.

use serde::Serialize;

/// One headline figure of the report week: its value, the previous week's, the change and the
/// last weeks for a sparkline.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Figure {
    /// This week's value; `None` when it cannot be computed (no tickets, no answers).
    pub value: Option<f64>,
    /// The previous week's value.
    pub previous: Option<f64>,
    /// `value − previous`, in the figure's own unit (seconds, points, percentage points).
    pub change: Option<f64>,
    /// `(value − previous) / |previous| × 100`; `None` when the previous value is 0 or missing.
    pub change_pct: Option<f64>,
    /// The value in each week of [`super::WeeklyReport::weeks`], oldest first; the last entry is
    /// `value`.
    pub series: Vec<Option<f64>>,
}

impl Figure {
    /// The figure whose history is `series` (oldest first, the report week last).
    pub fn from_series(series: Vec<Option<f64>>) -> Figure {
        let value = series.last().copied().flatten();
        let previous = series.len().checked_sub(2).and_then(|i| series[i]);
        let change = value.zip(previous).map(|(v, p)| v - p);
        let change_pct = value
            .zip(previous)
            .filter(|&(_, p)| p != 0.0)
            .map(|(v, p)| (v - p) / p.abs() * 100.0);
        Figure {
            value,
            previous,
            change,
            change_pct,
            series,
        }
    }

    /// A figure from counts, one per week.
    pub fn from_counts(counts: &[Option<u64>]) -> Figure {
        Figure::from_series(counts.iter().map(|c| c.map(|c| c as f64)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_against_the_previous_week() {
        // 120 after 100: +20, +20 %.
        let f = Figure::from_series(vec![Some(90.0), Some(100.0), Some(120.0)]);
        assert_eq!(f.value, Some(120.0));
        assert_eq!(f.previous, Some(100.0));
        assert_eq!(f.change, Some(20.0));
        assert_eq!(f.change_pct, Some(20.0));
        // −50 after −100: +50 on |−100| = +50 % (the figure went up).
        let f = Figure::from_series(vec![Some(-100.0), Some(-50.0)]);
        assert_eq!(f.change_pct, Some(50.0));
    }

    #[test]
    fn no_change_without_both_weeks() {
        let f = Figure::from_series(vec![None, Some(5.0)]);
        assert_eq!((f.previous, f.change, f.change_pct), (None, None, None));
        let f = Figure::from_series(vec![Some(0.0), Some(5.0)]);
        assert_eq!(f.change, Some(5.0));
        assert_eq!(f.change_pct, None, "a rise from 0 has no percentage");
        let f = Figure::from_series(vec![Some(3.0)]);
        assert_eq!((f.value, f.previous), (Some(3.0), None));
        assert_eq!(Figure::from_series(vec![]).value, None);
    }
}
