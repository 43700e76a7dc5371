//! Daily plan/fact reports: for each employee and working day, whether the day's plan was done,
//! how late the employee started, or why the employee was away (docs/metrics.md).
//!
//! The contract: `employee, date, plan_status, late_minutes, absence`.
//!
//! - `employee` and `date` are required on every row; one employee has at most one report a
//!   day. Dates are read by the same [`TimestampParser`] rules as
//!   ticket timestamps (the date part; one day/month order for the whole column).
//! - `plan_status` is `done`, `partial` or `not_done`, in any case, with the spellings people
//!   write (`not done`, `partly done`, `partially done`, `completed`, …: see
//!   [`PlanStatus::parse`]).
//! - `late_minutes` is a number of minutes, not negative (`12`, `7.5` or `7,5`); empty means on
//!   time (0). The column may be absent.
//! - `absence` is `vacation`, `day_off` or `sick` (also `day off`, `holiday`, `sick leave`, …:
//!   see [`Absence::parse`]); empty means the employee worked. The column may be absent.
//!
//! A row with an absence is an **absent day**: it counts in the days absent of its kind and in
//! no plan share, and its `plan_status` and `late_minutes`, if any, are ignored (with a
//! warning). A row with neither a plan status nor an absence says nothing and is left out (with
//! a warning).

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use csv::ByteRecord;
use serde::Serialize;

use super::fields::Fields;
use super::reader;
use super::scorecard::parse_number;
use super::tickets::IngestOptions;
use super::timestamp::TimestampParser;
use super::{ColumnSpec, Input, Warning, WarningCounter, resolve_columns};
use crate::error::{Error, Result};

// Positions in DAILY_COLUMNS.
const EMPLOYEE: usize = 0;
const DATE: usize = 1;
const PLAN_STATUS: usize = 2;
const LATE_MINUTES: usize = 3;
const ABSENCE: usize = 4;

/// The daily contract (docs/metrics.md).
pub const DAILY_COLUMNS: &[ColumnSpec] = &[
    spec("employee", true),
    spec("date", true),
    spec("plan_status", false),
    spec("late_minutes", false),
    spec("absence", false),
];

const fn spec(name: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, required }
}

/// How much of the day's plan was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// All of it.
    Done,
    /// Part of it.
    Partial,
    /// None of it.
    NotDone,
}

impl PlanStatus {
    /// Every status, in this order.
    pub const ALL: [PlanStatus; 3] = [PlanStatus::Done, PlanStatus::Partial, PlanStatus::NotDone];

    /// The canonical name: `done`, `partial`, `not_done`.
    pub fn name(self) -> &'static str {
        match self {
            PlanStatus::Done => "done",
            PlanStatus::Partial => "partial",
            PlanStatus::NotDone => "not_done",
        }
    }

    /// Reads a status as people write it, ignoring case, spaces, `-` and `_`: `done`
    /// (`completed`, `complete`, `yes`), `partial` (`partly`, `partly done`, `partially`,
    /// `partially done`, `part`), `not_done` (`not done`, `undone`, `failed`, `no`).
    pub fn parse(text: &str) -> Option<PlanStatus> {
        match squash(text).as_str() {
            "done" | "completed" | "complete" | "yes" => Some(PlanStatus::Done),
            "partial" | "partly" | "partlydone" | "partially" | "partiallydone" | "part" => {
                Some(PlanStatus::Partial)
            }
            "notdone" | "undone" | "failed" | "no" => Some(PlanStatus::NotDone),
            _ => None,
        }
    }
}

/// Why an employee was away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Absence {
    /// Planned leave.
    Vacation,
    /// A single day off.
    DayOff,
    /// Sick.
    Sick,
}

impl Absence {
    /// Every kind, in this order.
    pub const ALL: [Absence; 3] = [Absence::Vacation, Absence::DayOff, Absence::Sick];

    /// The canonical name: `vacation`, `day_off`, `sick`.
    pub fn name(self) -> &'static str {
        match self {
            Absence::Vacation => "vacation",
            Absence::DayOff => "day_off",
            Absence::Sick => "sick",
        }
    }

    /// Reads a kind as people write it, ignoring case, spaces, `-` and `_`: `vacation`
    /// (`holiday`, `leave`, `annual leave`), `day_off` (`day off`, `off`, `time off`), `sick`
    /// (`sick leave`, `sick day`, `illness`, `ill`).
    pub fn parse(text: &str) -> Option<Absence> {
        match squash(text).as_str() {
            "vacation" | "holiday" | "holidays" | "leave" | "annualleave" => {
                Some(Absence::Vacation)
            }
            "dayoff" | "off" | "timeoff" => Some(Absence::DayOff),
            "sick" | "sickleave" | "sickday" | "illness" | "ill" => Some(Absence::Sick),
            _ => None,
        }
    }
}

/// Lower case, without spaces, `-` and `_`.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// What one report says about the day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayReport {
    /// The employee worked.
    Worked {
        /// How much of the plan was done.
        plan: PlanStatus,
        /// Minutes late; 0 when on time.
        late_minutes: f64,
    },
    /// The employee was away.
    Absent(Absence),
}

/// One employee's report of one day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DailyReport {
    /// Index into [`Daily::employees`].
    pub employee: usize,
    /// The day.
    pub date: NaiveDate,
    /// What the report says.
    pub day: DayReport,
    /// The line of the input.
    pub line: u64,
}

/// Daily reports read from one input.
#[derive(Debug, Clone)]
pub struct Daily {
    source: String,
    employees: Vec<String>,
    reports: Vec<DailyReport>,
    warnings: Vec<Warning>,
}

impl Daily {
    /// The input's name.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The employees, in order of first appearance.
    pub fn employees(&self) -> &[String] {
        &self.employees
    }

    /// Every report, in input order (rows left out with a warning are not here).
    pub fn reports(&self) -> &[DailyReport] {
        &self.reports
    }

    /// Number of reports.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    /// Whether there are no reports.
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// The latest reported day.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.reports.iter().map(|r| r.date).max()
    }

    /// Data problems found while reading that did not stop it.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// Reads daily plan/fact reports.
///
/// An empty input gives no reports. A missing `employee` or `date` column or value, a date that
/// does not parse, an unknown plan status or absence, negative or unreadable late minutes, the
/// same employee and day twice, a ragged row or text that is not UTF-8 is an [`Error`] naming
/// the file, line, column and value, with how to fix it.
pub fn load_daily(input: Input, options: &IngestOptions) -> Result<Daily> {
    let (name, reader) = input.open()?;
    let empty = |name: String| Daily {
        source: name,
        employees: Vec::new(),
        reports: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(reader::Whole { header, records }) =
        reader::read_whole(&name, reader, options.delimiter)?
    else {
        return Ok(empty(name));
    };
    let columns = resolve_columns(&name, &header, DAILY_COLUMNS, &options.mapping)?;
    if columns[PLAN_STATUS].is_none() && columns[ABSENCE].is_none() {
        return Err(Error::MissingColumn {
            file: name.clone(),
            column: "plan_status".to_owned(),
            found: header.clone(),
            suggestion: None,
        });
    }
    let fields = Fields::new(name, &header, columns, DAILY_COLUMNS, "daily report");
    let order = fields.date_order(options, &records, DATE)?;
    let mut reading = Reading {
        parser: options.parser(order)?,
        fields,
        employees: Vec::new(),
        reports: Vec::new(),
        seen: HashMap::new(),
        empty_rows: WarningCounter::default(),
        ignored: WarningCounter::default(),
    };
    for (line, record) in &records {
        reading.row(record, *line)?;
    }
    let Reading {
        fields: Fields { name, .. },
        employees,
        reports,
        empty_rows,
        ignored,
        ..
    } = reading;
    let warnings = [
        empty_rows.into_warning(
            &name,
            "neither a plan status nor an absence; those rows are left out",
        ),
        ignored.into_warning(
            &name,
            "an absence and also a plan status or late minutes; the day counts as absent and the \
             rest is ignored",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Daily {
        source: name,
        employees,
        reports,
        warnings,
    })
}

/// The state of one read.
struct Reading {
    parser: TimestampParser,
    fields: Fields,
    employees: Vec<String>,
    reports: Vec<DailyReport>,
    /// (employee, date) → the line of its report.
    seen: HashMap<(usize, NaiveDate), u64>,
    empty_rows: WarningCounter,
    ignored: WarningCounter,
}

impl Reading {
    fn row(&mut self, record: &ByteRecord, line: u64) -> Result<()> {
        let employee = self.fields.required(record, line, EMPLOYEE)?;
        let date_text = self.fields.required(record, line, DATE)?;
        let date = self
            .parser
            .parse_date(&date_text)
            .map_err(|e| Error::BadValue {
                location: self.fields.location(line, DATE),
                value: date_text.clone(),
                problem: e.to_string(),
                hint: format!(
                    "write the day like 2024-03-18; the formats read are: {}; name another with \
                 --time-format (e.g. --time-format '%d/%m/%Y'), or choose the order of ambiguous \
                 dates with --dayfirst / --monthfirst",
                    self.parser.formats_tried().join("; ")
                ),
            })?;
        let plan = match self.fields.text(record, line, PLAN_STATUS)? {
            None => None,
            Some(text) => Some(PlanStatus::parse(&text).ok_or_else(|| {
                Error::BadValue {
                    location: self.fields.location(line, PLAN_STATUS),
                    value: text.clone(),
                    problem: "is not a plan status".to_owned(),
                    hint:
                        "write done, partial or not_done (any case; `not done`, `partly done` and \
                       `completed` are read too), or leave it empty on a day of absence"
                            .to_owned(),
                }
            })?),
        };
        let late = match self.fields.text(record, line, LATE_MINUTES)? {
            None => None,
            Some(text) => Some(self.minutes(&text, line)?),
        };
        let absence = match self.fields.text(record, line, ABSENCE)? {
            None => None,
            Some(text) => Some(Absence::parse(&text).ok_or_else(|| {
                Error::BadValue {
                    location: self.fields.location(line, ABSENCE),
                    value: text.clone(),
                    problem: "is not a kind of absence".to_owned(),
                    hint: "write vacation, day_off or sick (any case; `day off`, `holiday` and \
                       `sick leave` are read too), or leave it empty on a working day"
                        .to_owned(),
                }
            })?),
        };
        let day = match (absence, plan) {
            (Some(kind), plan) => {
                if plan.is_some() || late.is_some_and(|m| m > 0.0) {
                    self.ignored.add(line);
                }
                DayReport::Absent(kind)
            }
            (None, Some(plan)) => DayReport::Worked {
                plan,
                late_minutes: late.unwrap_or(0.0),
            },
            (None, None) => {
                self.empty_rows.add(line);
                return Ok(());
            }
        };
        let index = match self.employees.iter().position(|e| *e == employee) {
            Some(i) => i,
            None => {
                self.employees.push(employee.clone());
                self.employees.len() - 1
            }
        };
        if let Some(first) = self.seen.insert((index, date), line) {
            return Err(Error::BadValue {
                location: self.fields.location(line, DATE),
                value: date_text,
                problem: format!(
                    "is a second report of {employee} for {date} (the first is on line {first})"
                ),
                hint: "keep one report per employee and day; remove or merge the duplicate row"
                    .to_owned(),
            });
        }
        self.reports.push(DailyReport {
            employee: index,
            date,
            day,
            line,
        });
        Ok(())
    }

    /// Late minutes as written: a number, not negative.
    fn minutes(&self, text: &str, line: u64) -> Result<f64> {
        match parse_number(text) {
            Some(m) if m >= 0.0 => Ok(m),
            Some(_) => Err(Error::BadValue {
                location: self.fields.location(line, LATE_MINUTES),
                value: text.to_owned(),
                problem: "is negative; late minutes count how late the day started".to_owned(),
                hint: "write 0 or leave the cell empty for a day started on time, and the \
                       minutes late otherwise (an early start is not negative lateness)"
                    .to_owned(),
            }),
            None => Err(Error::BadValue {
                location: self.fields.location(line, LATE_MINUTES),
                value: text.to_owned(),
                problem: "is not a number of minutes".to_owned(),
                hint: "write the minutes late as a plain number such as 15 or 7.5, or leave the \
                       cell empty for a day started on time"
                    .to_owned(),
            }),
        }
    }
}
