//! A business calendar (hours, zone, holidays, extra working days) and the seconds of working
//! time between two instants.
//!
//! The working time of a span of days is laid out once as a sorted list of UTC intervals with a
//! running total (a [`Timeline`]): each local day's intervals are the weekday's wall-clock
//! intervals (none on a holiday, the first working weekday's on an extra working day) converted
//! to UTC through the zone on that very day, so a 09:00-18:00 day is 9 hours in the week the
//! clocks change too. The working seconds up to an instant are then the running total of the
//! intervals before it plus the part of the one it falls in; the seconds between two instants are
//! the difference of the two. Building costs the days spanned; each lookup is a constant-time jump
//! to the instant's UTC day and a short scan of that day's few intervals.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::hours::WorkingHours;
use crate::error::{Error, Result};
use crate::ingest::tickets::to_local;
use crate::ingest::timestamp::local_to_utc;
use crate::period::{DAY_SECONDS, day_number, local_day};

/// A business calendar: weekly hours on a zone's wall clock, holidays and extra working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calendar {
    name: String,
    hours: WorkingHours,
    #[serde(serialize_with = "zone_name")]
    tz: Tz,
    /// Holidays by day number, with their names (may be empty).
    holidays: BTreeMap<i64, String>,
    /// Extra working days by day number.
    workdays: Vec<i64>,
}

fn zone_name<S: serde::Serializer>(tz: &Tz, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl Calendar {
    /// A calendar named `name` (shown in output) with `hours` in `tz`, no holidays.
    pub fn new(name: impl Into<String>, hours: WorkingHours, tz: Tz) -> Self {
        Calendar {
            name: name.into(),
            hours,
            tz,
            holidays: BTreeMap::new(),
            workdays: Vec::new(),
        }
    }

    /// Adds holidays: no working time starts on these local days.
    pub fn with_holidays(mut self, holidays: impl IntoIterator<Item = Holiday>) -> Self {
        for h in holidays {
            self.holidays.insert(day_number(h.date), h.name);
        }
        self
    }

    /// Adds extra working days (a Saturday worked to move a weekend): they keep the hours of the
    /// first weekday, Monday first, that has working hours. A date that is also a holiday is an
    /// error.
    pub fn with_workdays(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Result<Self> {
        for date in dates {
            let day = day_number(date);
            if self.holidays.contains_key(&day) {
                return Err(Error::option(
                    "workdays",
                    date.to_string(),
                    format!(
                        "the date is both a holiday and an extra working day of calendar `{}`; \
                         keep it in one list",
                        self.name
                    ),
                ));
            }
            self.workdays.push(day);
        }
        self.workdays.sort_unstable();
        self.workdays.dedup();
        Ok(self)
    }

    /// The name shown in output.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The weekly hours.
    pub fn hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// The zone of the hours.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// How many holidays and extra working days the calendar has.
    pub fn exceptions(&self) -> (usize, usize) {
        (self.holidays.len(), self.workdays.len())
    }

    /// Whether business time is calendar time under this calendar (24/7, no holidays).
    pub fn is_identity(&self) -> bool {
        self.hours.is_always() && self.holidays.is_empty()
    }

    /// The intervals that start on local day `day`, seconds after its local midnight.
    fn day_hours(&self, day: i64) -> &[(u32, u32)] {
        if self.holidays.contains_key(&day) {
            return &[];
        }
        let weekday = (day + 3).rem_euclid(7) as usize;
        if self.hours.day(weekday).is_empty() && self.workdays.binary_search(&day).is_ok() {
            return self
                .hours
                .first_working_day()
                .map_or(&[], |d| self.hours.day(d));
        }
        self.hours.day(weekday)
    }

    /// The working time of every local day that can touch `[from, to]` (UTC seconds).
    pub fn timeline(&self, from: i64, to: i64) -> Timeline {
        let (from, to) = (from.min(to), from.max(to));
        // Two days of margin: an overnight interval of the day before reaches into the next, and
        // a daylight-saving change moves local midnight by an hour or so.
        let first = local_day(to_local(self.tz, from)) - 2;
        let last = local_day(to_local(self.tz, to)) + 2;
        let mut intervals: Vec<(i64, i64)> = Vec::new();
        for day in first..=last {
            let midnight = day * DAY_SECONDS;
            for &(s, e) in self.day_hours(day) {
                let at = |local: i64| local_to_utc(self.tz, local).unwrap_or(local);
                let (start, end) = (at(midnight + i64::from(s)), at(midnight + i64::from(e)));
                if end > start {
                    intervals.push((start, end));
                }
            }
        }
        Timeline::new(intervals, from, to)
    }
}

/// A holiday: a local date, and its name when the file gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name (empty when not given).
    pub name: String,
}

/// Working time laid out as sorted, disjoint UTC intervals with a running total, indexed by UTC
/// day for constant-time lookups of instants in `[from, to]`.
#[derive(Debug, Clone)]
pub struct Timeline {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Working seconds of the intervals before each one.
    before: Vec<i64>,
    /// The UTC day of `from`.
    first_day: i64,
    /// For each UTC day from `first_day`: how many intervals start before its midnight.
    by_day: Vec<u32>,
}

impl Timeline {
    fn new(mut intervals: Vec<(i64, i64)>, from: i64, to: i64) -> Timeline {
        intervals.sort_unstable();
        // Merge overlaps (an overnight shift running into the next day's morning).
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
        for (s, e) in intervals {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut before = Vec::with_capacity(merged.len());
        let mut total = 0;
        for &(s, e) in &merged {
            before.push(total);
            total += e - s;
        }
        let (starts, ends): (Vec<i64>, Vec<i64>) = merged.into_iter().unzip();
        let first_day = from.div_euclid(DAY_SECONDS);
        let last_day = to.div_euclid(DAY_SECONDS);
        let mut by_day = Vec::with_capacity((last_day - first_day + 1) as usize);
        let mut k = 0usize;
        for day in first_day..=last_day {
            let midnight = day * DAY_SECONDS;
            while k < starts.len() && starts[k] < midnight {
                k += 1;
            }
            by_day.push(k as u32);
        }
        Timeline {
            starts,
            ends,
            before,
            first_day,
            by_day,
        }
    }

    /// Working seconds from the start of the timeline up to the instant `t`.
    pub fn at(&self, t: i64) -> i64 {
        let day = t.div_euclid(DAY_SECONDS) - self.first_day;
        // How many intervals start at or before t.
        let mut k = match usize::try_from(day).ok().and_then(|d| self.by_day.get(d)) {
            Some(&k) => k as usize,
            None => self.starts.partition_point(|&s| s <= t),
        };
        while k < self.starts.len() && self.starts[k] <= t {
            k += 1;
        }
        match k.checked_sub(1) {
            None => 0,
            Some(i) => self.before[i] + t.min(self.ends[i]) - self.starts[i],
        }
    }

    /// Working seconds from `start` to `end`; negative when `end` comes first.
    pub fn between(&self, start: i64, end: i64) -> i64 {
        self.at(end) - self.at(start)
    }
}

/// The working seconds of `calendar` from `start` to `end` (UTC seconds); negative when `end`
/// comes first. Costs the number of days spanned.
pub fn business_seconds(calendar: &Calendar, start: i64, end: i64) -> i64 {
    if calendar.is_identity() {
        return end - start;
    }
    calendar.timeline(start, end).between(start, end)
}
