//! How elapsed time is counted between two instants.
//!
//! Every duration in the library (first response, resolution, the age of an open ticket against
//! its SLA target) goes through [`TimeBasis`], so that a business-hours calendar can take over
//! all of them in one place.

use polars::prelude::*;
use serde::Serialize;

/// How elapsed time between two instants is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeBasis {
    /// Wall-clock time: every second counts, nights and weekends included.
    #[default]
    Calendar,
}

impl TimeBasis {
    /// The name used in output: `calendar`.
    pub fn name(self) -> &'static str {
        match self {
            TimeBasis::Calendar => "calendar",
        }
    }

    /// Seconds from each `start` to the matching `end`; null where either is null. Negative when
    /// `end` comes first.
    pub fn elapsed(self, start: &Int64Chunked, end: &Int64Chunked) -> Int64Chunked {
        match self {
            TimeBasis::Calendar => end - start,
        }
    }

    /// Seconds from each `start` to the instant `end`.
    pub fn elapsed_until(self, start: &Int64Chunked, end: i64) -> Int64Chunked {
        match self {
            TimeBasis::Calendar => start.apply_values(|s| end - s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_time_is_plain_subtraction() {
        let start =
            Int64Chunked::from_iter_options("s".into(), [Some(100), Some(50), None].into_iter());
        let end =
            Int64Chunked::from_iter_options("e".into(), [Some(160), Some(20), Some(1)].into_iter());
        let d: Vec<Option<i64>> = TimeBasis::Calendar.elapsed(&start, &end).iter().collect();
        // 160 − 100 = 60; 20 − 50 = −30 (end before start); null start → null.
        assert_eq!(d, vec![Some(60), Some(-30), None]);
        let age: Vec<Option<i64>> = TimeBasis::Calendar
            .elapsed_until(&start, 200)
            .iter()
            .collect();
        assert_eq!(age, vec![Some(100), Some(150), None]);
    }
}
