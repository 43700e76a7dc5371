//! Weekly working hours: per weekday, a list of local wall-clock intervals.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::metrics::peak::{WEEKDAYS, parse_days};

const DAY: u32 = 86_400;

/// The grammar of a working-hours spec, shown with every parse error.
pub const HOURS_GRAMMAR: &str = "expected `[DAYS] HH:MM-HH:MM[,HH:MM-HH:MM…]`, several joined by `;`, \
     or `24/7`: DAYS like Mon-Fri, Mon,Wed,Fri or Sat (none: every day); an end at or before \
     the start is an overnight interval that belongs to the day it starts (22:00-06:00); e.g. \
     \"Mon-Fri 09:00-18:00\" or \"Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00\"";

/// Working hours of a week: for each weekday (Monday first), the intervals that start on it, in
/// seconds after its local midnight. An interval ends after it starts and at most 24 hours
/// later; an end past 24:00 is on the next day (an overnight shift, which belongs to the day it
/// starts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkingHours {
    days: [Vec<(u32, u32)>; 7],
}

impl WorkingHours {
    /// Every hour of every day (`24/7`): business time equals calendar time.
    pub fn always() -> Self {
        WorkingHours {
            days: std::array::from_fn(|_| vec![(0, DAY)]),
        }
    }

    /// The intervals starting on `weekday` (0 = Monday), seconds after local midnight, sorted.
    pub fn day(&self, weekday: usize) -> &[(u32, u32)] {
        &self.days[weekday % 7]
    }

    /// Whether every second of the week is working time.
    pub fn is_always(&self) -> bool {
        self.days.iter().all(|d| d.as_slice() == [(0, DAY)])
    }

    /// Whether no day has working time.
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// The first weekday (Monday first) with working time: the hours an extra working day keeps.
    pub fn first_working_day(&self) -> Option<usize> {
        self.days.iter().position(|d| !d.is_empty())
    }

    /// Working seconds in a week (before holidays and daylight-saving changes).
    pub fn weekly_seconds(&self) -> u64 {
        self.days
            .iter()
            .flatten()
            .map(|(s, e)| u64::from(e - s))
            .sum()
    }
}

impl FromStr for WorkingHours {
    type Err = Error;

    /// Parses `Mon-Fri 09:00-18:00`, `Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00`,
    /// `Mon-Fri 22:00-06:00` (overnight) or `24/7`. Errors are [`Error::InvalidOption`] for
    /// `--hours`, with the grammar and an example.
    fn from_str(text: &str) -> Result<Self> {
        let bad = |what: String| Error::option("--hours", text, format!("{what}; {HOURS_GRAMMAR}"));
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(bad("the spec is empty".to_owned()));
        }
        if trimmed == "24/7" {
            return Ok(WorkingHours::always());
        }
        let mut hours = WorkingHours::default();
        for part in trimmed.split(';').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            // The days come before the first digit, the times from it on.
            let split = part
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(part.len());
            let (days_text, times) = part.split_at(split);
            let days = parse_days(days_text.trim()).map_err(bad)?;
            if times.trim().is_empty() {
                return Err(bad(format!("`{part}` has no hours")));
            }
            for range in times.split(',') {
                let (start, end) = parse_range(range.trim()).map_err(bad)?;
                for &day in &days {
                    hours.days[day].push((start, end));
                }
            }
        }
        for day in &mut hours.days {
            day.sort_unstable();
        }
        if hours.is_empty() {
            return Err(bad("the spec has no hours".to_owned()));
        }
        Ok(hours)
    }
}

/// `09:00-18:00` → (32400, 64800); `22:00-06:00` → (79200, 108000).
fn parse_range(text: &str) -> std::result::Result<(u32, u32), String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not a time range like 09:00-18:00"))?;
    let (start, end) = (parse_time(a.trim())?, parse_time(b.trim())?);
    if start == DAY {
        return Err(format!("`{text}` starts at 24:00; start at 00:00 instead"));
    }
    if start == end {
        return Err(format!(
            "`{text}` is empty (start = end); a whole day is 00:00-24:00"
        ));
    }
    // An end at or before the start is on the next day.
    let end = if end < start { end + DAY } else { end };
    Ok((start, end))
}

/// `9:00`, `09:30`, `24:00` → seconds after midnight.
fn parse_time(text: &str) -> std::result::Result<u32, String> {
    let not_a_time = || format!("`{text}` is not a time of day from 00:00 to 24:00 (HH:MM)");
    let (h, m) = text.split_once(':').ok_or_else(not_a_time)?;
    let digits = |s: &str, max_len: usize| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 2) || !digits(m, 2) || m.len() != 2 {
        return Err(not_a_time());
    }
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| not_a_time())?,
        m.parse().map_err(|_| not_a_time())?,
    );
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(not_a_time());
    }
    Ok(h * 3600 + m * 60)
}

fn clock(seconds: u32) -> String {
    let s = seconds % DAY;
    let s = if s == 0 && seconds == DAY { DAY } else { s };
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}

impl fmt::Display for WorkingHours {
    /// The spec in the syntax it parses from, days with the same intervals joined:
    /// `Mon-Fri 09:00-18:00; Sat 10:00-14:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_always() {
            return f.write_str("24/7");
        }
        let mut parts = Vec::new();
        let mut day = 0;
        while day < 7 {
            let mut last = day;
            while last + 1 < 7 && self.days[last + 1] == self.days[day] {
                last += 1;
            }
            if !self.days[day].is_empty() {
                let days = match last - day {
                    0 => WEEKDAYS[day].to_owned(),
                    1 => format!("{},{}", WEEKDAYS[day], WEEKDAYS[last]),
                    _ => format!("{}-{}", WEEKDAYS[day], WEEKDAYS[last]),
                };
                let times: Vec<String> = self.days[day]
                    .iter()
                    .map(|&(s, e)| format!("{}-{}", clock(s), clock(e)))
                    .collect();
                parts.push(format!("{days} {}", times.join(",")));
            }
            day = last + 1;
        }
        f.write_str(&parts.join("; "))
    }
}

impl Serialize for WorkingHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
