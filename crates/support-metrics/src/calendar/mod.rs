//! How elapsed time is counted between two instants: wall-clock time, or business time under a
//! calendar of working hours, holidays and a time zone — one calendar for every ticket, or one
//! per site, team or channel.
//!
//! Every duration in the library (first response, resolution, the age of an open ticket against
//! its SLA target, the wait at peak) goes through [`TimeBasis`], resolved against the tickets
//! into an [`Elapsed`].
//!
//! Business time (docs/metrics.md, "Business time", has it in full):
//! - a duration counts only the seconds inside working hours ([`WorkingHours`], local wall-clock
//!   intervals per weekday; an overnight interval belongs to the day it starts); a ticket created
//!   outside hours starts its clock at the next opening; weekends and holidays count zero;
//! - the hours are converted to UTC through the calendar's zone on each day, so a 9-hour day is
//!   9 hours in the week the clocks change; an interval edge that falls in a skipped hour moves
//!   forward by the length of the gap, one in a repeated hour takes the earlier instant;
//! - a reversed span (the end before the start) is a data error: its value is the negative
//!   wall-clock difference, so that it is dropped and counted in `invalid_order` exactly as in
//!   calendar time;
//! - the cost per ticket is a constant-time lookup into a [`Timeline`] laid out once over the
//!   days the data spans.
//!
//! When a calendar's zone differs from the tickets' zone, periods, weeks and hour-of-week slots
//! are taken on the wall clock of each ticket's calendar ([`Elapsed::local_time`]).

mod business;
mod holidays;
mod hours;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::array::PrimitiveArray;
use rayon::prelude::*;
use serde::Serialize;

pub use business::{Calendar, Holiday, Timeline, business_seconds};
pub use holidays::{parse_dates, read_holidays};
pub use hours::{HOURS_GRAMMAR, WorkingHours};

use crate::error::{Error, Result};
use crate::ingest::tickets::to_local;
use crate::ingest::{Dimension, Tickets};
use chrono_tz::Tz;

/// How elapsed time between two instants is counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimeBasis {
    /// Wall-clock time: every second counts, nights and weekends included.
    #[default]
    Calendar,
    /// Business time: only the seconds inside working hours of each ticket's calendar.
    Business(Arc<CalendarMap>),
}

impl TimeBasis {
    /// Business time under one calendar for every ticket.
    pub fn business(calendar: Calendar) -> Self {
        TimeBasis::Business(Arc::new(CalendarMap::single(calendar)))
    }

    /// The name used in output: `calendar` or `business`.
    pub fn name(&self) -> &'static str {
        match self {
            TimeBasis::Calendar => "calendar",
            TimeBasis::Business(_) => "business",
        }
    }

    /// Whether durations are business time.
    pub fn is_business(&self) -> bool {
        matches!(self, TimeBasis::Business(_))
    }

    /// The calendars, in business time.
    pub fn calendars(&self) -> Option<&CalendarMap> {
        match self {
            TimeBasis::Calendar => None,
            TimeBasis::Business(map) => Some(map),
        }
    }

    /// The ticket column the calendars are chosen by (`site`, `team`, `channel`), which a loader
    /// must read ([`IngestOptions::needed`](crate::ingest::IngestOptions::needed)).
    pub fn key_column(&self) -> Option<&'static str> {
        self.calendars()?.key().map(Dimension::column)
    }

    /// Resolves the calendar of every ticket: a key value (site, team or channel) without a
    /// calendar, when there is no default one, is an [`Error::InvalidOption`] naming it.
    pub fn resolve(&self, tickets: &Tickets) -> Result<Elapsed> {
        match self {
            TimeBasis::Calendar => Ok(Elapsed { business: None }),
            TimeBasis::Business(map) => Ok(Elapsed {
                business: Some(Arc::new(map.resolve(tickets)?)),
            }),
        }
    }
}

impl Serialize for TimeBasis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Which calendar each ticket's durations are counted in: one for all, or one per value of a
/// key (site, team or channel) with an optional default for the values without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarMap {
    calendars: Vec<Calendar>,
    by: Option<Dimension>,
    /// Key value → index into `calendars`.
    keys: Vec<(String, usize)>,
    default: Option<usize>,
}

impl CalendarMap {
    /// One calendar for every ticket.
    pub fn single(calendar: Calendar) -> Self {
        CalendarMap {
            calendars: vec![calendar],
            by: None,
            keys: Vec::new(),
            default: Some(0),
        }
    }

    /// A calendar per value of `by` (add them with [`CalendarMap::assign`]), no default yet.
    pub fn by(by: Dimension) -> Self {
        CalendarMap {
            calendars: Vec::new(),
            by: Some(by),
            keys: Vec::new(),
            default: None,
        }
    }

    fn index_of(&mut self, calendar: Calendar) -> usize {
        match self.calendars.iter().position(|c| *c == calendar) {
            Some(i) => i,
            None => {
                self.calendars.push(calendar);
                self.calendars.len() - 1
            }
        }
    }

    /// The tickets whose key is `value` (matched exactly, else ignoring case and surrounding
    /// spaces) use `calendar`.
    pub fn assign(&mut self, value: impl Into<String>, calendar: Calendar) {
        let i = self.index_of(calendar);
        self.keys.push((value.into(), i));
    }

    /// The calendar of tickets whose key has no calendar of its own, or no value.
    pub fn set_default(&mut self, calendar: Calendar) {
        self.default = Some(self.index_of(calendar));
    }

    /// The key the calendars are chosen by; `None` for one calendar for all.
    pub fn key(&self) -> Option<Dimension> {
        self.by
    }

    /// The default calendar.
    pub fn default_calendar(&self) -> Option<&Calendar> {
        self.default.map(|i| &self.calendars[i])
    }

    /// The calendars, each once.
    pub fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    /// The key values given a calendar, with its name.
    pub fn assignments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.keys
            .iter()
            .map(|(k, i)| (k.as_str(), self.calendars[*i].name()))
    }

    fn lookup(&self, value: &str) -> Option<usize> {
        let exact = self.keys.iter().find(|(k, _)| k == value);
        let loose = || {
            self.keys
                .iter()
                .find(|(k, _)| k.trim().to_lowercase() == value.trim().to_lowercase())
        };
        exact.or_else(loose).map(|(_, i)| *i).or(self.default)
    }

    fn resolve(&self, tickets: &Tickets) -> Result<Resolved> {
        let Some(by) = self.by else {
            return Ok(Resolved {
                calendars: self.calendars.clone(),
                column: None,
                of_code: Vec::new(),
                default: self.default.unwrap_or(0),
            });
        };
        let key = by.column();
        let mut of_code = Vec::new();
        for value in tickets.values(by) {
            match self.lookup(value) {
                Some(i) => of_code.push(i),
                None => return Err(self.missing(key, value)),
            }
        }
        let has_empty = tickets
            .frame()
            .column(key)
            .map(|c| c.null_count() > 0)
            .unwrap_or(!tickets.is_empty());
        let default = match self.default {
            Some(d) => d,
            None if has_empty => return Err(self.missing(key, "")),
            // Never used: every ticket has a key with a calendar.
            None => 0,
        };
        Ok(Resolved {
            calendars: self.calendars.clone(),
            column: Some(key),
            of_code,
            default,
        })
    }

    fn missing(&self, key: &str, value: &str) -> Error {
        let known: Vec<&str> = self.keys.iter().map(|(k, _)| k.as_str()).collect();
        let known = if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        };
        let message = if value.is_empty() {
            format!(
                "tickets without a {key} have no calendar and there is no default calendar \
                 (calendars are given for: {known}); set `calendar = \"NAME\"` in \
                 supportctl.toml for them"
            )
        } else {
            format!(
                "{key} {value:?} has no calendar and there is no default calendar (calendars \
                 are given for: {known}); add a [calendars.NAME] table for it in supportctl.toml \
                 (with `keys = [\"{value}\"]` when the name differs), or set \
                 `calendar = \"NAME\"` for the rest"
            )
        };
        Error::option("calendar_by", key, message)
    }
}

/// The calendars of one set of tickets, resolved to their key codes.
#[derive(Debug)]
struct Resolved {
    calendars: Vec<Calendar>,
    /// The key column (codes), or `None` for one calendar.
    column: Option<&'static str>,
    /// Key code → calendar index.
    of_code: Vec<usize>,
    /// The calendar of tickets without a key value (or of all, without a key).
    default: usize,
}

impl Resolved {
    /// The calendar of a ticket with key code `code`.
    fn calendar_of(&self, code: Option<i64>) -> usize {
        code.and_then(|c| usize::try_from(c).ok())
            .and_then(|c| self.of_code.get(c).copied())
            .unwrap_or(self.default)
    }
}

/// A [`TimeBasis`] resolved for one set of tickets: builds the duration expressions.
#[derive(Debug, Clone)]
pub struct Elapsed {
    business: Option<Arc<Resolved>>,
}

impl Elapsed {
    /// Calendar (wall-clock) time.
    pub fn calendar() -> Self {
        Elapsed { business: None }
    }

    /// The expression for the time from `start` to `end` (both UTC seconds, Int64) in seconds;
    /// null where either is null, negative when `end` comes first (in business time the negative
    /// wall-clock difference, see the module docs).
    pub fn elapsed(&self, start: Expr, end: Expr) -> Expr {
        let Some(resolved) = &self.business else {
            return end - start;
        };
        let resolved = Arc::clone(resolved);
        let mut args = vec![end];
        if let Some(column) = resolved.column {
            args.push(col(column));
        }
        start.map_many(
            move |columns: &mut [Column]| business_column(&resolved, columns),
            &args,
            |_, fields: &[Field]| Ok(Field::new(fields[0].name().clone(), DataType::Int64)),
        )
    }
}

impl Elapsed {
    /// The expression for the wall-clock seconds of the instant `utc` (UTC seconds, Int64) in
    /// each ticket's calendar zone, for attribution (weeks, days, hour-of-week slots) in the zone
    /// of each ticket's calendar; `None` in calendar time, or when every calendar is in `zone`
    /// (the tickets' own zone), where the ingested `created_local` already is that.
    pub fn local_time(&self, utc: Expr, zone: Tz) -> Option<Expr> {
        let resolved = self.business.as_ref()?;
        if resolved.calendars.iter().all(|c| c.tz() == zone) {
            return None;
        }
        let resolved = Arc::clone(resolved);
        let mut args = Vec::new();
        if let Some(column) = resolved.column {
            args.push(col(column));
        }
        Some(utc.map_many(
            move |columns: &mut [Column]| local_column(&resolved, columns),
            &args,
            |_, fields: &[Field]| Ok(Field::new(fields[0].name().clone(), DataType::Int64)),
        ))
    }
}

/// Local wall-clock seconds for each row of `columns` = [instant, key codes?].
fn local_column(resolved: &Resolved, columns: &mut [Column]) -> PolarsResult<Column> {
    let len = columns.iter().map(Column::len).max().unwrap_or(0);
    let name = columns[0].name().clone();
    let instants = Ints::new(&columns[0], len)?;
    let codes = Codes::new(columns.get(1), len)?;
    let Some((lo, hi)) = instants.bounds() else {
        return Ok(Column::full_null(name, len, &DataType::Int64));
    };
    let tables: Vec<ZoneTable> = resolved
        .calendars
        .iter()
        .map(|c| ZoneTable::new(c.tz(), lo, hi))
        .collect();
    let out: Int64Chunked = (0..len)
        .into_par_iter()
        .with_min_len(4096)
        .map(|row| {
            let t = instants.get(row)?;
            Some(tables[resolved.calendar_of(codes.get(row))].local(t))
        })
        .collect();
    Ok(out.with_name(name).into_column())
}

/// A zone's UTC offset for each UTC day of a span, where it is the same all day; other days
/// (a daylight-saving change) ask the zone database.
struct ZoneTable {
    tz: Tz,
    first_day: i64,
    offsets: Vec<Option<i64>>,
}

impl ZoneTable {
    fn new(tz: Tz, lo: i64, hi: i64) -> ZoneTable {
        if lo > hi {
            return ZoneTable {
                tz,
                first_day: 0,
                offsets: Vec::new(),
            };
        }
        let day = crate::period::DAY_SECONDS;
        let (first_day, last_day) = (lo.div_euclid(day), hi.div_euclid(day));
        let offset = |t: i64| to_local(tz, t) - t;
        let offsets = (first_day..=last_day)
            .map(|d| {
                let (start, end) = (offset(d * day), offset(d * day + day - 1));
                (start == end).then_some(start)
            })
            .collect();
        ZoneTable {
            tz,
            first_day,
            offsets,
        }
    }

    fn local(&self, t: i64) -> i64 {
        let day = t.div_euclid(crate::period::DAY_SECONDS) - self.first_day;
        match usize::try_from(day).ok().and_then(|d| self.offsets.get(d)) {
            Some(Some(offset)) => t + offset,
            _ => to_local(self.tz, t),
        }
    }
}

/// An Int64 column read in place (one chunk), a length-1 column standing for every row.
struct Ints {
    chunk: Option<PrimitiveArray<i64>>,
    broadcast: bool,
}

impl Ints {
    fn new(column: &Column, len: usize) -> PolarsResult<Ints> {
        let cast = column.cast(&DataType::Int64)?;
        let ca = cast.i64()?.rechunk();
        Ok(Ints {
            chunk: ca.downcast_iter().next().cloned(),
            broadcast: ca.len() == 1 && len != 1,
        })
    }

    fn get(&self, row: usize) -> Option<i64> {
        let chunk = self.chunk.as_ref()?;
        let i = if self.broadcast { 0 } else { row };
        match chunk.validity() {
            Some(valid) if !valid.get_bit(i) => None,
            _ => chunk.values().get(i).copied(),
        }
    }

    /// The smallest and largest value.
    fn bounds(&self) -> Option<(i64, i64)> {
        let chunk = self.chunk.as_ref()?;
        let valid = |i: usize| chunk.validity().is_none_or(|v| v.get_bit(i));
        chunk
            .values()
            .iter()
            .enumerate()
            .filter(|&(i, _)| valid(i))
            .fold(None, |acc: Option<(i64, i64)>, (_, &t)| match acc {
                None => Some((t, t)),
                Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
            })
    }
}

/// The key codes (UInt32) of a column read in place; none without a key.
struct Codes {
    chunk: Option<PrimitiveArray<u32>>,
    broadcast: bool,
}

impl Codes {
    fn new(column: Option<&Column>, len: usize) -> PolarsResult<Codes> {
        let Some(column) = column else {
            return Ok(Codes {
                chunk: None,
                broadcast: false,
            });
        };
        let cast = column.cast(&DataType::UInt32)?;
        let ca = cast.u32()?.rechunk();
        Ok(Codes {
            chunk: ca.downcast_iter().next().cloned(),
            broadcast: ca.len() == 1 && len != 1,
        })
    }

    fn get(&self, row: usize) -> Option<i64> {
        let chunk = self.chunk.as_ref()?;
        let i = if self.broadcast { 0 } else { row };
        match chunk.validity() {
            Some(valid) if !valid.get_bit(i) => None,
            _ => chunk.values().get(i).map(|&c| i64::from(c)),
        }
    }
}

/// Business seconds for each row of `columns` = [start, end, key codes?].
fn business_column(resolved: &Resolved, columns: &mut [Column]) -> PolarsResult<Column> {
    let len = columns.iter().map(Column::len).max().unwrap_or(0);
    let name = columns[0].name().clone();
    let starts = Ints::new(&columns[0], len)?;
    let ends = Ints::new(&columns[1], len)?;
    let codes = Codes::new(columns.get(2), len)?;
    let calendar_of = |row: usize| resolved.calendar_of(codes.get(row));
    // One timeline per calendar over every instant of the columns.
    let bounds = match (starts.bounds(), ends.bounds()) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    };
    let Some((lo, hi)) = bounds else {
        return Ok(Column::full_null(name, len, &DataType::Int64));
    };
    let timelines: Vec<Option<Timeline>> = resolved
        .calendars
        .iter()
        .map(|c| (!c.is_identity()).then(|| c.timeline(lo, hi)))
        .collect();
    let out: Int64Chunked = (0..len)
        .into_par_iter()
        .with_min_len(4096)
        .map(|row| {
            let (s, e) = (starts.get(row)?, ends.get(row)?);
            if e < s {
                // A reversed span keeps its sign: dropped and counted as invalid_order.
                return Some(e - s);
            }
            Some(match &timelines[calendar_of(row)] {
                Some(t) => t.between(s, e),
                None => e - s,
            })
        })
        .collect();
    Ok(out.with_name(name).into_column())
}
