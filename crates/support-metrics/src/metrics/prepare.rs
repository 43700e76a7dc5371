//! What the ticket figures share before they aggregate: "now", the period it resolves, and the
//! data as it stood then.

use polars::prelude::*;

use crate::ingest::Tickets;
use crate::period::{Period, PeriodSpec, local_day};

/// "Now" and the last instant an event may carry to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Now {
    /// "Now", UTC seconds: tickets created after it did not exist yet; an open ticket waits
    /// until it.
    pub at: i64,
    /// Responses and resolutions after it have not happened yet. A given as-of is both; the
    /// default "now" (the latest creation) counts every recorded event.
    pub events_until: i64,
}

impl Now {
    /// `given` when there is one, else `default` (0 without either); see [`Now`].
    pub(crate) fn new(given: Option<i64>, default: Option<i64>) -> Now {
        match given {
            Some(at) => Now {
                at,
                events_until: at,
            },
            None => Now {
                at: default.unwrap_or(0),
                events_until: i64::MAX,
            },
        }
    }
}

/// "Now": `as_of` when given, else the latest creation in the tickets (0 without any); and
/// `period` resolved on its local day.
pub(crate) fn as_of_and_period(
    tickets: &Tickets,
    as_of: Option<i64>,
    period: &PeriodSpec,
) -> (Now, Period) {
    let now = Now::new(as_of, tickets.latest_instant());
    let period = period.resolve(local_day(tickets.to_local(now.at)));
    (now, period)
}

/// The instant column `c` as it stood at `until`: a response or resolution after it has not
/// happened yet (null).
pub(crate) fn by_as_of(c: &str, until: i64) -> Expr {
    when(col(c).lt_eq(lit(until)))
        .then(col(c))
        .otherwise(lit(NULL).cast(DataType::Int64))
}

/// The duration `d` where it is not negative, else null.
pub(crate) fn non_negative(d: Expr) -> Expr {
    when(d.clone().gt_eq(lit(0)))
        .then(d)
        .otherwise(lit(NULL).cast(DataType::Int64))
}
