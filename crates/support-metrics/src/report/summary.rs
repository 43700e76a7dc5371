//! The summary section: tickets created, resolved and open at the end of each week.

use chrono_tz::Tz;
use polars::prelude::*;
use serde::Serialize;

use super::figure::Figure;
use crate::calendar::TimeBasis;
use crate::error::Result;
use crate::ingest::{Tickets, TimestampParser};
use crate::metrics::{Now, by_as_of};
use crate::period::{DAY_SECONDS, IsoWeek};

/// Volume: what came in, what went out, what is left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Tickets created in the week (local time).
    pub created: Figure,
    /// Tickets resolved in the week, whenever they were created; `None` values when the export
    /// has no resolution times.
    pub resolved: Figure,
    /// Tickets created before the end of the week and not resolved by then (the backlog), counted
    /// at the end of the week or at `as_of`, whichever comes first.
    pub backlog: Figure,
}

impl Summary {
    /// The summary with the weeks flagged in `unknown` (before the data begins) emptied.
    pub(crate) fn before_data(self, unknown: &[bool]) -> Summary {
        let mask = |f: Figure| {
            let series = f
                .series
                .iter()
                .zip(unknown.iter().chain(std::iter::repeat(&false)))
                .map(|(v, &u)| if u { None } else { *v })
                .collect();
            Figure::from_series(series)
        };
        Summary {
            created: mask(self.created),
            resolved: mask(self.resolved),
            backlog: mask(self.backlog),
        }
    }
}

/// The UTC instant at which the local day `day` begins in `tz`, read as a naive timestamp of
/// midnight is read (in a daylight-saving gap: the first instant of the day).
pub(crate) fn day_start_utc(tz: Tz, day: i64) -> i64 {
    TimestampParser::new(tz, None)
        .at_local(day * DAY_SECONDS)
        .map_or(day * DAY_SECONDS, |instant| instant.utc)
}

/// The summary counts of each of `weeks`, with "now" at `now` (UTC seconds).
/// With calendars in zones other than the tickets' own (`basis`), each ticket's weeks are taken
/// on the wall clock of its calendar's zone, as the response figures take them.
pub(crate) fn summary(
    tickets: &Tickets,
    weeks: &[IsoWeek],
    now: Now,
    basis: &TimeBasis,
) -> Result<Summary> {
    let as_of = now.at;
    let has_resolved = tickets.has_resolution_times();
    let resolved = || by_as_of("resolved_at", now.events_until);
    let count = |e: Expr, name: String| e.cast(DataType::UInt64).sum().alias(name);
    let elapsed = basis.resolve(tickets)?;
    let zoned = elapsed
        .local_time(col("created_at"), tickets.tz())
        .zip(elapsed.local_time(resolved(), tickets.tz()));
    let mut exprs = Vec::new();
    let one_zone = zoned.is_none();
    if let Some((created_local, resolved_local)) = zoned {
        // Every boundary on each ticket's own wall clock.
        let existed = col("created_at").lt_eq(lit(as_of));
        for (i, week) in weeks.iter().enumerate() {
            let (from, to) = (
                week.monday_day() * DAY_SECONDS,
                (week.monday_day() + 7) * DAY_SECONDS,
            );
            let inside = |e: Expr| e.clone().gt_eq(lit(from)).and(e.lt(lit(to)));
            exprs.push(count(
                existed.clone().and(inside(created_local.clone())),
                format!("created{i}"),
            ));
            if has_resolved {
                exprs.push(count(
                    inside(resolved_local.clone()).fill_null(lit(false)),
                    format!("resolved{i}"),
                ));
                exprs.push(count(
                    existed.clone().and(created_local.clone().lt(lit(to))).and(
                        resolved_local
                            .clone()
                            .is_null()
                            .or(resolved_local.clone().gt_eq(lit(to))),
                    ),
                    format!("backlog{i}"),
                ));
            }
        }
    }
    // One zone: the tickets' own local creation time, and each week's bounds as UTC instants.
    for (i, week) in weeks.iter().enumerate().filter(|_| one_zone) {
        let (from_day, to_day) = (week.monday_day(), week.monday_day() + 7);
        let local = col("created_local");
        exprs.push(count(
            local
                .clone()
                .gt_eq(lit(from_day * DAY_SECONDS))
                .and(local.lt(lit(to_day * DAY_SECONDS))),
            format!("created{i}"),
        ));
        if has_resolved {
            let (start, end) = (
                day_start_utc(tickets.tz(), from_day),
                day_start_utc(tickets.tz(), to_day),
            );
            exprs.push(count(
                resolved()
                    .gt_eq(lit(start))
                    .and(resolved().lt(lit(end)))
                    .fill_null(lit(false)),
                format!("resolved{i}"),
            ));
            // Open at the cut: created before it and not resolved before it.
            let cut = end.min(as_of.saturating_add(1));
            exprs.push(count(
                col("created_at")
                    .lt(lit(cut))
                    .and(resolved().is_null().or(resolved().gt_eq(lit(cut)))),
                format!("backlog{i}"),
            ));
        }
    }
    let out = tickets.frame().clone().lazy().select(exprs).collect()?;
    let series = |name: &str| -> Result<Vec<Option<u64>>> {
        (0..weeks.len())
            .map(|i| match out.column(&format!("{name}{i}")) {
                Ok(c) => Ok(Some(c.u64()?.get(0).unwrap_or(0))),
                Err(_) => Ok(None),
            })
            .collect()
    };
    Ok(Summary {
        created: Figure::from_counts(&series("created")?),
        resolved: Figure::from_counts(&series("resolved")?),
        backlog: Figure::from_counts(&series("backlog")?),
    })
}
