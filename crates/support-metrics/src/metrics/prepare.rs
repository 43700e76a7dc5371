//! What the ticket figures share before they aggregate: "now", the period it resolves, and the
//! data as it stood then.

use polars::prelude::*;

use crate::ingest::Tickets;
use crate::period::{Period, PeriodSpec, local_day};

/// "Now": `as_of` when given, else the latest instant in the tickets (0 without any); and
/// `period` resolved on its local day.
pub(crate) fn as_of_and_period(
    tickets: &Tickets,
    as_of: Option<i64>,
    period: &PeriodSpec,
) -> (i64, Period) {
    let as_of = as_of.or(tickets.latest_instant()).unwrap_or(0);
    let period = period.resolve(local_day(tickets.to_local(as_of)));
    (as_of, period)
}

/// The instant column `c` as it stood at `as_of`: a response or resolution after it has not
/// happened yet (null).
pub(crate) fn by_as_of(c: &str, as_of: i64) -> Expr {
    when(col(c).lt_eq(lit(as_of)))
        .then(col(c))
        .otherwise(lit(NULL).cast(DataType::Int64))
}

/// The duration `d` where it is not negative, else null.
pub(crate) fn non_negative(d: Expr) -> Expr {
    when(d.clone().gt_eq(lit(0)))
        .then(d)
        .otherwise(lit(NULL).cast(DataType::Int64))
}
