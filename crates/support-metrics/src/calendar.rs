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

    /// The expression for the seconds from `start` to `end` (both UTC seconds); null where
    /// either is null, negative when `end` comes first.
    pub fn elapsed(self, start: Expr, end: Expr) -> Expr {
        match self {
            TimeBasis::Calendar => end - start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_time_is_plain_subtraction() {
        let frame =
            df!("s" => [Some(100i64), Some(50), None], "e" => [Some(160i64), Some(20), Some(1)])
                .expect("frame")
                .lazy()
                .select([
                    TimeBasis::Calendar.elapsed(col("s"), col("e")).alias("d"),
                    TimeBasis::Calendar
                        .elapsed(col("s"), lit(200i64))
                        .alias("age"),
                ])
                .collect()
                .expect("computes");
        let values = |name: &str| -> Vec<Option<i64>> {
            frame
                .column(name)
                .expect("column")
                .i64()
                .expect("i64")
                .iter()
                .collect()
        };
        // 160 − 100 = 60; 20 − 50 = −30 (end before start); null start → null.
        assert_eq!(values("d"), vec![Some(60), Some(-30), None]);
        // 200 − 100 = 100; 200 − 50 = 150.
        assert_eq!(values("age"), vec![Some(100), Some(150), None]);
    }
}
