//! Daily plan/fact: per employee and ISO week, how many days were reported, on what share of
//! the working days the plan was done, partly done or not done, how often and how late the
//! employee started, and the days away by kind.
//!
//! Definitions (docs/metrics.md has them in full):
//!
//! - `days_reported`: the employee's reports in the week, absent days included;
//! - `worked_days`: the reports with a plan status (not absent); the plan shares are over them:
//!   `done_pct = done / worked_days × 100`, and so `partial_pct` and `not_done_pct`, which add up
//!   to 100; none when every reported day was an absence;
//! - `late_days`: worked days with more than 0 late minutes; `late_minutes`: their sum;
//! - `absent_vacation`, `absent_day_off`, `absent_sick`: absent days of each kind, and
//!   `absent_days` their sum.
//!
//! A day without a report is not counted anywhere: the report cannot tell a missed report from a
//! day nobody was expected to work. The data are small (a row per employee and day), so this is
//! plain Rust over the reports.
//!
//! # Example
//!
//! ```
//! use support_metrics::ingest::{IngestOptions, Input, load_daily};
//! use support_metrics::metrics::{DailyOptions, daily};
//!
//! let csv = "employee,date,plan_status,late_minutes,absence\n\
//!            Anna,2024-03-18,done,0,\n\
//!            Anna,2024-03-19,partial,15,\n\
//!            Anna,2024-03-20,,,sick\n";
//! let reports = load_daily(
//!     Input::from_reader("daily.csv", std::io::Cursor::new(csv)),
//!     &IngestOptions::default(),
//! )?;
//! let week = &daily(&reports, &DailyOptions::default())?.rows[0];
//! assert_eq!((week.days_reported, week.worked_days, week.absent_sick), (3, 2, 1));
//! // One of the two working days done: 50 %.
//! assert_eq!(week.done_pct, Some(50.0));
//! assert_eq!((week.late_days, week.late_minutes), (1, 15.0));
//! # Ok::<(), support_metrics::Error>(())
//! ```

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::ingest::daily::{Absence, Daily, DayReport, PlanStatus};
use crate::period::{IsoWeek, Period, PeriodSpec, day_number};

/// What to compute the plan/fact figures over.
#[derive(Debug, Clone, Default)]
pub struct DailyOptions {
    /// Which reports count, by their day.
    pub period: PeriodSpec,
    /// "Today" for [`PeriodSpec::LastWeeks`]; by default the latest reported day.
    pub as_of: Option<NaiveDate>,
}

/// One employee's week (in the style of the machine columns: `employee, week, days_reported, …`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFactRow {
    /// The employee.
    pub employee: String,
    /// The ISO week.
    pub week: IsoWeek,
    /// Reports in the week, absent days included.
    pub days_reported: u64,
    /// Reports with a plan status (the days worked).
    pub worked_days: u64,
    /// Days with the plan done.
    pub done: u64,
    /// Days with the plan partly done.
    pub partial: u64,
    /// Days with the plan not done.
    pub not_done: u64,
    /// `done / worked_days × 100`; `None` without a day worked.
    pub done_pct: Option<f64>,
    /// `partial / worked_days × 100`.
    pub partial_pct: Option<f64>,
    /// `not_done / worked_days × 100`.
    pub not_done_pct: Option<f64>,
    /// Days worked that started late.
    pub late_days: u64,
    /// Minutes late over the week.
    pub late_minutes: f64,
    /// Days on vacation.
    pub absent_vacation: u64,
    /// Days off.
    pub absent_day_off: u64,
    /// Days sick.
    pub absent_sick: u64,
    /// Days absent, of any kind.
    pub absent_days: u64,
}

/// Plan/fact figures per employee and week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFactReport {
    /// The local days covered.
    pub period: Period,
    /// One row per employee and week with a report, by employee (alphabetically, ignoring case)
    /// and then week.
    pub rows: Vec<PlanFactRow>,
}

/// Computes the plan/fact figures of the reports in the period.
pub fn daily(reports: &Daily, options: &DailyOptions) -> Result<PlanFactReport> {
    options.period.validate()?;
    let as_of = options.as_of.or_else(|| reports.latest_date());
    let period = options
        .period
        .resolve(as_of.map(day_number).unwrap_or_default());
    let mut weeks: BTreeMap<(usize, IsoWeek), PlanFactRow> = BTreeMap::new();
    for report in reports.reports() {
        if !period.contains_day(day_number(report.date)) {
            continue;
        }
        let week = IsoWeek::of(report.date);
        let row = weeks
            .entry((report.employee, week))
            .or_insert_with(|| empty_row(reports.employees()[report.employee].clone(), week));
        row.days_reported += 1;
        match report.day {
            DayReport::Worked { plan, late_minutes } => {
                row.worked_days += 1;
                match plan {
                    PlanStatus::Done => row.done += 1,
                    PlanStatus::Partial => row.partial += 1,
                    PlanStatus::NotDone => row.not_done += 1,
                }
                if late_minutes > 0.0 {
                    row.late_days += 1;
                    row.late_minutes += late_minutes;
                }
            }
            DayReport::Absent(kind) => {
                row.absent_days += 1;
                match kind {
                    Absence::Vacation => row.absent_vacation += 1,
                    Absence::DayOff => row.absent_day_off += 1,
                    Absence::Sick => row.absent_sick += 1,
                }
            }
        }
    }
    let mut rows: Vec<PlanFactRow> = weeks
        .into_values()
        .map(|mut row| {
            let share =
                |n: u64| (row.worked_days > 0).then(|| n as f64 * 100.0 / row.worked_days as f64);
            row.done_pct = share(row.done);
            row.partial_pct = share(row.partial);
            row.not_done_pct = share(row.not_done);
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        a.employee
            .to_lowercase()
            .cmp(&b.employee.to_lowercase())
            .then_with(|| a.employee.cmp(&b.employee))
            .then(a.week.cmp(&b.week))
    });
    Ok(PlanFactReport { period, rows })
}

fn empty_row(employee: String, week: IsoWeek) -> PlanFactRow {
    PlanFactRow {
        employee,
        week,
        days_reported: 0,
        worked_days: 0,
        done: 0,
        partial: 0,
        not_done: 0,
        done_pct: None,
        partial_pct: None,
        not_done_pct: None,
        late_days: 0,
        late_minutes: 0.0,
        absent_vacation: 0,
        absent_day_off: 0,
        absent_sick: 0,
        absent_days: 0,
    }
}
