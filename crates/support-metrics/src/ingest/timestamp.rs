//! Fast, exact parsing of the timestamp strings found in helpdesk CSV exports.
//!
//! A [`TimestampParser`] turns one cell into an [`Instant`]: the UTC epoch
//! seconds of the moment, plus the wall-clock time of that moment in the
//! configured IANA time zone (also as epoch-style seconds, see [`Instant`]).
//!
//! # Recognised shapes
//!
//! Surrounding whitespace is ignored. Hours may have one or two digits;
//! minutes and seconds always have two.
//!
//! * RFC 3339 / ISO 8601 with an offset is read as given:
//!   `2024-03-18T10:15:00+03:00`, `2024-03-18T10:15:00Z`,
//!   `2024-03-18 10:15:00+0300`, `2024-03-18 10:15:00 +03`,
//!   `2024-03-18T10:15Z`, `2024-03-18 10:15:00 UTC`.
//! * A date-time without an offset is **local time in the configured zone**:
//!   `2024-03-18 10:15`, `2024-03-18 10:15:00`, `2024-03-18T10:15`,
//!   `2024-03-18T10:15:00.5`, and a date alone (`2024-03-18`) is local
//!   midnight. Year-first dates may also use slashes or dots
//!   (`2024/03/18 10:15`), and their month and day may have one digit.
//! * Dotted dates with the year last are **always day-first**:
//!   `18.03.2024 10:15[:00]` is 18 March.
//! * Slashed and dashed dates with the year last (`03/18/2024 10:15 AM`,
//!   `18/03/2024 10:15`, `18-03-2024 10:15`) need the column's day/month
//!   order, which is never guessed per value: feed every value of the column
//!   to a [`DateOrderEvidence`] and build the parser with its decision. A
//!   value whose two numbers are equal (`05/05/2024`) reads the same either
//!   way and needs no order.
//! * Day and month may have one or two digits (`3/8/2024 9:05 AM`).
//! * A 12-hour clock is recognised by a trailing `AM`/`PM` (any case, with or
//!   without a space before it): `12:xx AM` is `00:xx`, `12:xx PM` is `12:xx`.
//! * Fractional seconds (after `.` or `,`) are rounded to the nearest whole
//!   second, halves upwards: `10:15:00.5` is `10:15:01`.
//! * Two-digit years (`18.03.24`, `03/18/24`) are refused with
//!   [`TimestampError::TwoDigitYear`]; name the format with a custom pattern
//!   instead.
//!
//! Values are validated exactly: month 1–12, day within the month (leap years
//! included), hour 0–23, minute and second 0–59 (a leap second `:60` is
//! refused), year 1–9999.
//!
//! A custom pattern ([`TimestampParser::with_pattern`], chrono's strftime
//! syntax, e.g. `%d/%b/%y %I:%M %p`) replaces all of the shapes above. If it
//! contains an offset (`%z`, `%:z`, ...) the offset is taken from the value,
//! otherwise the value is local time.
//!
//! # Local time and daylight saving time
//!
//! Local wall-clock times are converted to UTC with the chrono-tz database:
//!
//! * A local time that occurs **twice** (the repeated hour when clocks fall
//!   back) is read as the **earlier** instant, i.e. its first occurrence:
//!   Europe/Berlin 2024-10-27 02:30 is 00:30 UTC (02:30 CEST), not 01:30 UTC.
//! * A local time that **does not exist** (skipped when clocks spring forward)
//!   is moved forward by the length of the gap: Europe/Berlin 2024-03-31
//!   02:30 becomes 03:30 CEST, which is 01:30 UTC.
//!
//! # Speed
//!
//! The built-in shapes are read by a hand-written byte-level parser that does
//! not allocate, and dates are turned into day numbers with Howard Hinnant's
//! `days_from_civil`. UTC (and its aliases such as `Etc/UTC`) never calls
//! chrono-tz. Other zones use a small per-parser cache of UTC offsets keyed by
//! day: a day is cached when the zone's offset is the same at both ends of the
//! three-day window around it, which proves that it is constant over the whole
//! window because the time zone database never changes a zone's offset twice
//! within three days (the closest changes in the bundled database are almost
//! seven days apart; the tests check the cache against chrono-tz). Days with a
//! change fall back to chrono-tz for every value. The cache uses relaxed
//! atomics, so a parser can be shared between threads.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::format::{Fixed, Item, Numeric, Parsed, StrftimeItems};
use chrono::{DateTime, Datelike, LocalResult, NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::{GapInfo, Tz};

const SECS_PER_DAY: i64 = 86_400;

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What the error messages name when a day does not exist in its month.
const MONTH_DAY_NAMES: [&str; 12] = [
    "January day",
    "February day",
    "March day",
    "April day",
    "May day",
    "June day",
    "July day",
    "August day",
    "September day",
    "October day",
    "November day",
    "December day",
];

/// How to tell the user to settle the day/month order.
const HOW_TO_CHOOSE: &str =
    "pass --dayfirst or --monthfirst, or name the format with --time-format";

// ---------------------------------------------------------------------------
// Calendar arithmetic
// ---------------------------------------------------------------------------

/// Whether `y` is a leap year in the proleptic Gregorian calendar
/// (divisible by 4, except centuries not divisible by 400).
pub fn is_leap_year(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The number of days in month `m` (1–12) of year `y`; 0 for other months.
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the proleptic Gregorian date `y`-`m`-`d`
/// (Howard Hinnant's `days_from_civil`); negative before 1970.
///
/// The date is not validated: `m` must be 1–12 and `d` 1–31 for a meaningful
/// result (a day past the end of the month simply runs on into the next one).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let m = i64::from(m);
    let d = i64::from(d);
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `(year, month, day)` of `days` since
/// 1970-01-01; the inverse of [`days_from_civil`].
///
/// Exact for every day whose year fits in an `i32`.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    // `d` and `m` are small and positive by construction.
    (y as i32, m as u32, d as u32)
}

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// One parsed moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub utc: i64,
    /// The wall-clock time in the parser's zone at that moment, as seconds
    /// since 1970-01-01T00:00:00 of the local clock: `utc` plus the zone's
    /// UTC offset at that moment. Equal to `utc` for UTC.
    pub local: i64,
}

/// The order of day and month in slashed or dashed dates with the year last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `18/03/2024`: day, month, year.
    DayFirst,
    /// `03/18/2024`: month, day, year.
    MonthFirst,
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        })
    }
}

/// Why a column's day/month order could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// Every value that needs an order reads as a valid date both ways.
    #[error(
        "the day/month order of this column cannot be told: {}, and no value has a number above 12 that would settle it; {HOW_TO_CHOOSE}",
        both_readings(.example)
    )]
    Ambiguous {
        /// A value of the column that can be read both ways.
        example: String,
    },
    /// Some values can only be day-first, others only month-first.
    #[error(
        "this column mixes day/month orders: {day_first_example} can only be day-first, but {month_first_example} can only be month-first; {HOW_TO_CHOOSE}"
    )]
    Conflict {
        /// A value that can only be read day-first.
        day_first_example: String,
        /// A value that can only be read month-first.
        month_first_example: String,
    },
}

/// Explains both readings of an ambiguous value, e.g.
/// "03/04/2024 could be 3 April or 4 March".
fn both_readings(example: &str) -> String {
    let trimmed = example.trim();
    if let Some(raw) = scan_date(trimmed.as_bytes()) {
        let (a, b) = (raw.a.value, raw.b.value);
        if (1..=12).contains(&a) && (1..=12).contains(&b) {
            return format!(
                "{trimmed} could be {a} {} or {b} {} (read day-first or month-first)",
                MONTH_NAMES[b as usize - 1],
                MONTH_NAMES[a as usize - 1]
            );
        }
    }
    format!("{trimmed} could be read day-first or month-first")
}

/// Collects the day/month order evidence of one column.
///
/// Only slashed or dashed dates with a four-digit year last
/// (`03/18/2024`, `18-03-2024 10:15`) raise the question. A value whose first
/// number is above 12 proves day-first, one whose second number is above 12
/// proves month-first; values of other shapes, values with equal numbers and
/// values that are not a date either way are ignored.
#[derive(Debug, Clone, Default)]
pub struct DateOrderEvidence {
    day_first_example: Option<String>,
    month_first_example: Option<String>,
    ambiguous_example: Option<String>,
}

impl DateOrderEvidence {
    /// Takes one value of the column into account. Cheap: it only looks at
    /// the date part and allocates at most once per kind of evidence.
    pub fn observe(&mut self, value: &str) {
        let value = value.trim();
        let Some(raw) = scan_date(value.as_bytes()) else {
            return;
        };
        if !raw.needs_order() {
            return;
        }
        let (a, b) = (raw.a.value, raw.b.value);
        let slot = if (13..=31).contains(&a) && (1..=12).contains(&b) {
            &mut self.day_first_example
        } else if (13..=31).contains(&b) && (1..=12).contains(&a) {
            &mut self.month_first_example
        } else if (1..=12).contains(&a) && (1..=12).contains(&b) && a != b {
            &mut self.ambiguous_example
        } else {
            return;
        };
        if slot.is_none() {
            *slot = Some(value.to_owned());
        }
    }

    /// The order the observed values prove: `Ok(None)` when no value needed
    /// an order, an error when the values contradict each other or none of
    /// them settles the question.
    ///
    /// # Errors
    ///
    /// [`OrderError::Conflict`] when some values prove day-first and others
    /// month-first; [`OrderError::Ambiguous`] when values need an order but
    /// none proves one.
    pub fn decide(&self) -> Result<Option<DateOrder>, OrderError> {
        match (
            &self.day_first_example,
            &self.month_first_example,
            &self.ambiguous_example,
        ) {
            (Some(day), Some(month), _) => Err(OrderError::Conflict {
                day_first_example: day.clone(),
                month_first_example: month.clone(),
            }),
            (Some(_), None, _) => Ok(Some(DateOrder::DayFirst)),
            (None, Some(_), _) => Ok(Some(DateOrder::MonthFirst)),
            (None, None, Some(example)) => Err(OrderError::Ambiguous {
                example: example.clone(),
            }),
            (None, None, None) => Ok(None),
        }
    }
}

/// Why a custom time format was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// The pattern is empty.
    #[error("the time format is empty")]
    Empty,
    /// The pattern has an unknown or unfinished `%` specifier.
    #[error(
        "the time format {pattern:?} is not a valid strftime pattern (it has an unknown or unfinished % specifier); e.g. %d/%m/%Y %H:%M"
    )]
    Invalid {
        /// The pattern as given.
        pattern: String,
    },
    /// The pattern does not pin down a whole date or time.
    #[error("the time format {pattern:?} is incomplete: {missing}")]
    Incomplete {
        /// The pattern as given.
        pattern: String,
        /// What it lacks.
        missing: &'static str,
    },
}

/// Why one value could not be read. The messages are short phrases about the
/// value; the caller adds the file, line and value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// The value has none of the recognised shapes.
    #[error("is not a date-time in any recognised format")]
    Unrecognised,
    /// A field is outside its range, e.g. month 13 or 30 February.
    #[error("{what} {value} does not exist")]
    OutOfRange {
        /// The field, e.g. "month", "hour" or "February day".
        what: &'static str,
        /// The value found in the field.
        value: u32,
    },
    /// The year has only two digits.
    #[error("has a two-digit year; name the format with --time-format")]
    TwoDigitYear,
    /// A slashed or dashed date with the year last met a parser without a
    /// day/month order.
    #[error("day/month order unknown; {HOW_TO_CHOOSE}")]
    NeedsOrder,
    /// The month position holds a day (a number above 12) for the column's
    /// order.
    #[error("has a number above 12 in the month position, but this column is read {order}")]
    WrongOrder {
        /// The order the column is read in.
        order: DateOrder,
    },
    /// The value does not match the custom time format.
    #[error("does not match the time format {pattern:?}")]
    Pattern {
        /// The custom pattern.
        pattern: String,
    },
}

// ---------------------------------------------------------------------------
// Byte-level scanning
// ---------------------------------------------------------------------------

/// A run of ASCII digits: its value (of the first nine digits) and length.
#[derive(Debug, Clone, Copy)]
struct Num {
    value: u32,
    len: usize,
}

impl Num {
    #[inline]
    fn is_short(self) -> bool {
        self.len == 1 || self.len == 2
    }
}

#[inline]
fn read_num(s: &[u8], i: &mut usize) -> Num {
    let start = *i;
    let mut value: u32 = 0;
    while let Some(&c) = s.get(*i) {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if *i - start < 9 {
            value = value * 10 + u32::from(digit);
        }
        *i += 1;
    }
    Num {
        value,
        len: *i - start,
    }
}

#[inline]
fn skip_spaces(s: &[u8], i: &mut usize) {
    while s.get(*i) == Some(&b' ') {
        *i += 1;
    }
}

/// Three numbers separated twice by the same `-`, `/` or `.`.
#[derive(Debug, Clone, Copy)]
struct RawDate {
    a: Num,
    b: Num,
    c: Num,
    sep: u8,
    end: usize,
}

impl RawDate {
    /// A slashed or dashed date with a four-digit year last.
    #[inline]
    fn needs_order(&self) -> bool {
        self.sep != b'.' && self.c.len == 4 && self.a.is_short() && self.b.is_short()
    }
}

#[inline]
fn scan_date(s: &[u8]) -> Option<RawDate> {
    let mut i = 0;
    let a = read_num(s, &mut i);
    if a.len == 0 {
        return None;
    }
    let sep = *s.get(i)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    i += 1;
    let b = read_num(s, &mut i);
    if b.len == 0 || s.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let c = read_num(s, &mut i);
    if c.len == 0 {
        return None;
    }
    Some(RawDate {
        a,
        b,
        c,
        sep,
        end: i,
    })
}

/// The time of day as written, not yet validated.
#[derive(Debug, Clone, Copy)]
struct RawTime {
    hour: u32,
    minute: u32,
    second: u32,
    /// 1 when the fraction rounds the second up.
    round_up: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pm: Option<bool>,
}

/// An explicit UTC offset as written, not yet validated.
#[derive(Debug, Clone, Copy)]
struct RawOffset {
    negative: bool,
    hours: u32,
    minutes: u32,
}

/// A validated date-time as written.
#[derive(Debug, Clone, Copy)]
struct Fields {
    year: i32,
    month: u32,
    day: u32,
    /// Seconds since midnight, rounding included (so up to 86 400).
    secs: u32,
    /// Seconds east of UTC, when the value has an offset.
    offset: Option<i32>,
}

impl Fields {
    #[inline]
    fn seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * SECS_PER_DAY + i64::from(self.secs)
    }
}

/// Reads the time, AM/PM and offset that follow a date at `i`.
#[inline]
fn scan_time(s: &[u8], mut i: usize) -> Option<(RawTime, Option<RawOffset>)> {
    match *s.get(i)? {
        b'T' | b't' => i += 1,
        b' ' => skip_spaces(s, &mut i),
        b',' => {
            i += 1;
            if s.get(i) != Some(&b' ') {
                return None;
            }
            skip_spaces(s, &mut i);
        }
        _ => return None,
    }
    let hour = read_num(s, &mut i);
    if !hour.is_short() || s.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let minute = read_num(s, &mut i);
    if minute.len != 2 {
        return None;
    }
    let mut second = 0;
    let mut round_up = 0;
    if s.get(i) == Some(&b':') {
        i += 1;
        let sec = read_num(s, &mut i);
        if sec.len != 2 {
            return None;
        }
        second = sec.value;
        if matches!(s.get(i), Some(b'.' | b',')) {
            i += 1;
            let first = *s.get(i)?;
            if !first.is_ascii_digit() {
                return None;
            }
            round_up = u32::from(first >= b'5');
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    skip_spaces(s, &mut i);
    let mut pm = None;
    if let (Some(&c), Some(b'm' | b'M')) = (s.get(i), s.get(i + 1)) {
        match c {
            b'a' | b'A' => pm = Some(false),
            b'p' | b'P' => pm = Some(true),
            _ => {}
        }
        if pm.is_some() {
            i += 2;
            skip_spaces(s, &mut i);
        }
    }
    let offset = match s.get(i) {
        None => None,
        Some(b'Z' | b'z') => {
            i += 1;
            Some(RawOffset {
                negative: false,
                hours: 0,
                minutes: 0,
            })
        }
        Some(b'U' | b'u') => {
            if !s.get(i..i + 3)?.eq_ignore_ascii_case(b"UTC") {
                return None;
            }
            i += 3;
            Some(RawOffset {
                negative: false,
                hours: 0,
                minutes: 0,
            })
        }
        Some(&sign @ (b'+' | b'-')) => {
            i += 1;
            let n = read_num(s, &mut i);
            let (hours, minutes) = match n.len {
                2 if s.get(i) == Some(&b':') => {
                    i += 1;
                    let m = read_num(s, &mut i);
                    if m.len != 2 {
                        return None;
                    }
                    (n.value, m.value)
                }
                2 => (n.value, 0),
                4 => (n.value / 100, n.value % 100),
                _ => return None,
            };
            Some(RawOffset {
                negative: sign == b'-',
                hours,
                minutes,
            })
        }
        Some(_) => return None,
    };
    if i != s.len() {
        return None;
    }
    Some((
        RawTime {
            hour: hour.value,
            minute: minute.value,
            second,
            round_up,
            pm,
        },
        offset,
    ))
}

/// Decides which number is the year, the month and the day.
#[inline]
fn resolve_date(
    raw: &RawDate,
    order: Option<DateOrder>,
) -> Result<(i32, u32, u32), TimestampError> {
    let (a, b, c) = (raw.a.value, raw.b.value, raw.c.value);
    if raw.a.len == 4 && raw.b.is_short() && raw.c.is_short() {
        // Year first: always year, month, day. A four-digit number fits an i32.
        return Ok((a as i32, b, c));
    }
    if raw.c.len == 4 && raw.a.is_short() && raw.b.is_short() {
        let year = c as i32;
        if raw.sep == b'.' {
            return Ok((year, b, a));
        }
        return match order {
            Some(DateOrder::DayFirst) => {
                if (13..=31).contains(&b) && (1..=12).contains(&a) {
                    Err(TimestampError::WrongOrder {
                        order: DateOrder::DayFirst,
                    })
                } else {
                    Ok((year, b, a))
                }
            }
            Some(DateOrder::MonthFirst) => {
                if (13..=31).contains(&a) && (1..=12).contains(&b) {
                    Err(TimestampError::WrongOrder {
                        order: DateOrder::MonthFirst,
                    })
                } else {
                    Ok((year, a, b))
                }
            }
            // Equal numbers read the same either way.
            None if a == b => Ok((year, a, a)),
            None => Err(TimestampError::NeedsOrder),
        };
    }
    if raw.a.is_short()
        && raw.b.is_short()
        && raw.c.is_short()
        && (raw.a.len == 2 || raw.c.len == 2)
    {
        return Err(TimestampError::TwoDigitYear);
    }
    Err(TimestampError::Unrecognised)
}

#[inline]
fn validate_date(year: i32, month: u32, day: u32) -> Result<(), TimestampError> {
    if year < 1 {
        return Err(TimestampError::OutOfRange {
            what: "year",
            value: year.unsigned_abs(),
        });
    }
    if !(1..=12).contains(&month) {
        return Err(TimestampError::OutOfRange {
            what: "month",
            value: month,
        });
    }
    if day == 0 || day > 31 {
        return Err(TimestampError::OutOfRange {
            what: "day",
            value: day,
        });
    }
    if day > days_in_month(year, month) {
        return Err(TimestampError::OutOfRange {
            what: MONTH_DAY_NAMES[month as usize - 1],
            value: day,
        });
    }
    Ok(())
}

/// Validates a time of day and returns its seconds since midnight, rounding
/// included.
#[inline]
fn validate_time(t: &RawTime) -> Result<u32, TimestampError> {
    let hour = match t.pm {
        None if t.hour <= 23 => t.hour,
        None => {
            return Err(TimestampError::OutOfRange {
                what: "hour",
                value: t.hour,
            });
        }
        Some(pm) if (1..=12).contains(&t.hour) => t.hour % 12 + if pm { 12 } else { 0 },
        Some(_) => {
            return Err(TimestampError::OutOfRange {
                what: "12-hour-clock hour",
                value: t.hour,
            });
        }
    };
    if t.minute > 59 {
        return Err(TimestampError::OutOfRange {
            what: "minute",
            value: t.minute,
        });
    }
    if t.second > 59 {
        return Err(TimestampError::OutOfRange {
            what: "second",
            value: t.second,
        });
    }
    Ok(hour * 3600 + t.minute * 60 + t.second + t.round_up)
}

#[inline]
fn validate_offset(o: &RawOffset) -> Result<i32, TimestampError> {
    if o.hours > 23 {
        return Err(TimestampError::OutOfRange {
            what: "offset hour",
            value: o.hours,
        });
    }
    if o.minutes > 59 {
        return Err(TimestampError::OutOfRange {
            what: "offset minute",
            value: o.minutes,
        });
    }
    // At most 23 * 3600 + 59 * 60, so it fits an i32.
    let secs = (o.hours * 3600 + o.minutes * 60) as i32;
    Ok(if o.negative { -secs } else { secs })
}

/// Reads one value (already trimmed) in the built-in shapes.
#[inline]
fn parse_fields(s: &[u8], order: Option<DateOrder>) -> Result<Fields, TimestampError> {
    let raw = scan_date(s).ok_or(TimestampError::Unrecognised)?;
    let time = if raw.end == s.len() {
        None
    } else {
        Some(scan_time(s, raw.end).ok_or(TimestampError::Unrecognised)?)
    };
    let (year, month, day) = resolve_date(&raw, order)?;
    validate_date(year, month, day)?;
    let (secs, offset) = match time {
        None => (0, None),
        Some((t, o)) => {
            let secs = validate_time(&t)?;
            let offset = match o {
                Some(o) => Some(validate_offset(&o)?),
                None => None,
            };
            (secs, offset)
        }
    };
    Ok(Fields {
        year,
        month,
        day,
        secs,
        offset,
    })
}

// ---------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------

/// Zones whose offset is zero at all times.
const UTC_NAMES: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "GMT",
    "Etc/GMT",
    "Etc/GMT0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "GMT0",
    "GMT+0",
    "GMT-0",
    "Etc/Greenwich",
    "Greenwich",
];

fn is_utc_zone(tz: Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

/// The zone's UTC offset in seconds at the UTC instant `utc`.
fn offset_at_utc(tz: Tz, utc: i64) -> Option<i32> {
    let dt = DateTime::from_timestamp(utc, 0)?;
    Some(
        tz.offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// The UTC instant of the local wall-clock seconds `local`, straight from
/// chrono-tz: the earlier instant of a repeated time, and a skipped time moved
/// forward by the length of the gap.
fn local_to_utc_slow(tz: Tz, local: i64) -> Option<i64> {
    let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => Some(local - i64::from(o.fix().local_minus_utc())),
        LocalResult::Ambiguous(a, b) => {
            let a = local - i64::from(a.fix().local_minus_utc());
            let b = local - i64::from(b.fix().local_minus_utc());
            Some(a.min(b))
        }
        LocalResult::None => {
            // In a gap: read the time with the offset in force before the gap,
            // which lands it the length of the gap later on the new clock.
            let before = match GapInfo::new(&naive, &tz).and_then(|gap| gap.begin) {
                Some((_, offset)) => offset.fix().local_minus_utc(),
                None => offset_at_utc(tz, local - 2 * SECS_PER_DAY)?,
            };
            Some(local - i64::from(before))
        }
    }
}

/// The offset the zone keeps throughout the UTC window from the start of the
/// day before `day` to the end of the day after it, if it keeps one.
///
/// Two equal samples at the ends prove a constant offset because the tz
/// database never changes a zone's offset twice within three days.
fn constant_offset_around(tz: Tz, day: i64) -> Option<i32> {
    let before = offset_at_utc(tz, (day - 1) * SECS_PER_DAY)?;
    let after = offset_at_utc(tz, (day + 2) * SECS_PER_DAY)?;
    (before == after && i64::from(before).abs() < SECS_PER_DAY).then_some(before)
}

const CACHE_SLOTS: usize = 2048;
/// A slot's day that no real day has.
const NO_DAY: i32 = i32::MIN;
/// A slot's offset meaning "the offset changes around this day".
const NO_OFFSET: i32 = i32::MIN;

#[inline]
fn pack(day: i32, offset: i32) -> u64 {
    (u64::from(day as u32) << 32) | u64::from(offset as u32)
}

/// Direct-mapped cache: day number → the offset constant around that day.
struct OffsetCache {
    slots: Box<[AtomicU64; CACHE_SLOTS]>,
}

impl OffsetCache {
    fn new() -> Self {
        OffsetCache {
            slots: Box::new(std::array::from_fn(|_| AtomicU64::new(pack(NO_DAY, 0)))),
        }
    }

    /// The offset in force over the whole of `day` (UTC or local day alike),
    /// or `None` when it changes near that day.
    #[inline]
    fn offset_for_day(&self, tz: Tz, day: i64) -> Option<i32> {
        let key = i32::try_from(day).ok().filter(|&k| k != NO_DAY)?;
        let slot = &self.slots[(key as u32 as usize) % CACHE_SLOTS];
        let packed = slot.load(Ordering::Relaxed);
        if (packed >> 32) as u32 as i32 == key {
            let offset = packed as u32 as i32;
            return (offset != NO_OFFSET).then_some(offset);
        }
        let offset = constant_offset_around(tz, day);
        slot.store(pack(key, offset.unwrap_or(NO_OFFSET)), Ordering::Relaxed);
        offset
    }
}

impl Clone for OffsetCache {
    fn clone(&self) -> Self {
        OffsetCache {
            slots: Box::new(std::array::from_fn(|i| {
                AtomicU64::new(self.slots[i].load(Ordering::Relaxed))
            })),
        }
    }
}

impl fmt::Debug for OffsetCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OffsetCache")
            .field("slots", &CACHE_SLOTS)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
enum Zone {
    /// Offset zero at all times: no chrono-tz calls.
    Utc,
    /// Any other zone.
    Tz(OffsetCache),
}

// ---------------------------------------------------------------------------
// Custom patterns
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternMode {
    /// No offset in the value: local time.
    Local,
    /// The value carries its UTC offset.
    Offset,
    /// The value is (or contains) a Unix timestamp.
    Timestamp,
}

#[derive(Clone)]
struct CustomPattern {
    text: String,
    items: Vec<Item<'static>>,
    mode: PatternMode,
    has_time: bool,
}

impl fmt::Debug for CustomPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomPattern")
            .field("text", &self.text)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl CustomPattern {
    fn new(pattern: &str) -> Result<Self, PatternError> {
        if pattern.trim().is_empty() {
            return Err(PatternError::Empty);
        }
        let items =
            StrftimeItems::new(pattern)
                .parse_to_owned()
                .map_err(|_| PatternError::Invalid {
                    pattern: pattern.to_owned(),
                })?;
        let (mut year, mut month, mut day, mut ordinal) = (false, false, false, false);
        let (mut hour24, mut hour12, mut ampm, mut minute) = (false, false, false, false);
        let (mut offset, mut timestamp, mut whole) = (false, false, false);
        for item in &items {
            match item {
                Item::Numeric(n, _) => match n {
                    Numeric::Year | Numeric::YearMod100 => year = true,
                    Numeric::Month => month = true,
                    Numeric::Day => day = true,
                    Numeric::Ordinal => ordinal = true,
                    Numeric::Hour => hour24 = true,
                    Numeric::Hour12 => hour12 = true,
                    Numeric::Minute => minute = true,
                    Numeric::Timestamp => timestamp = true,
                    _ => {}
                },
                Item::Fixed(f) => match f {
                    Fixed::ShortMonthName | Fixed::LongMonthName => month = true,
                    Fixed::LowerAmPm | Fixed::UpperAmPm => ampm = true,
                    Fixed::TimezoneOffset
                    | Fixed::TimezoneOffsetColon
                    | Fixed::TimezoneOffsetDoubleColon
                    | Fixed::TimezoneOffsetTripleColon
                    | Fixed::TimezoneOffsetColonZ
                    | Fixed::TimezoneOffsetZ => offset = true,
                    Fixed::RFC2822 | Fixed::RFC3339 => whole = true,
                    _ => {}
                },
                _ => {}
            }
        }
        let incomplete = |missing| PatternError::Incomplete {
            pattern: pattern.to_owned(),
            missing,
        };
        let mode = if timestamp {
            PatternMode::Timestamp
        } else if whole || offset {
            PatternMode::Offset
        } else {
            PatternMode::Local
        };
        if !timestamp && !whole {
            if !(year && ((month && day) || ordinal)) {
                return Err(incomplete(
                    "it needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d or %e), or a year and a day of the year (%j)",
                ));
            }
            if hour12 && !ampm {
                return Err(incomplete(
                    "it has a 12-hour clock hour (%I or %l) but no AM/PM (%p)",
                ));
            }
            if (hour24 || hour12) && !minute {
                return Err(incomplete("it has an hour but no minutes (%M)"));
            }
            if minute && !(hour24 || hour12) {
                return Err(incomplete("it has minutes but no hour (%H or %I)"));
            }
        }
        Ok(CustomPattern {
            text: pattern.to_owned(),
            items,
            mode,
            has_time: whole || hour24 || hour12,
        })
    }

    fn mismatch(&self) -> TimestampError {
        TimestampError::Pattern {
            pattern: self.text.clone(),
        }
    }

    /// Reads `value`: the date as written, the seconds of the value (local
    /// or as written), and the offset when the value has one.
    fn read(&self, value: &str) -> Result<(NaiveDate, i64, Option<i32>), TimestampError> {
        let mut parsed = Parsed::new();
        chrono::format::parse(&mut parsed, value, self.items.iter())
            .map_err(|_| self.mismatch())?;
        if parsed.second() == Some(60) {
            return Err(TimestampError::OutOfRange {
                what: "second",
                value: 60,
            });
        }
        if self.mode == PatternMode::Timestamp {
            let dt = parsed
                .to_naive_datetime_with_offset(0)
                .map_err(|_| self.mismatch())?;
            let secs = dt.and_utc().timestamp() + i64::from(rounding(dt.nanosecond()));
            return Ok((dt.date(), secs, Some(0)));
        }
        let date = parsed.to_naive_date().map_err(|_| {
            match (parsed.year(), parsed.month(), parsed.day()) {
                (Some(y), Some(m), Some(d)) => validate_date(y, m, d).err(),
                _ => None,
            }
            .unwrap_or_else(|| self.mismatch())
        })?;
        let secs = if self.has_time {
            let time = parsed.to_naive_time().map_err(|_| self.mismatch())?;
            time.num_seconds_from_midnight() + rounding(time.nanosecond())
        } else {
            0
        };
        let total =
            days_from_civil(date.year(), date.month(), date.day()) * SECS_PER_DAY + i64::from(secs);
        let offset = match self.mode {
            PatternMode::Local => None,
            _ => Some(parsed.offset().ok_or_else(|| self.mismatch())?),
        };
        Ok((date, total, offset))
    }
}

/// 1 when `nanos` rounds the second up.
#[inline]
fn rounding(nanos: u32) -> u32 {
    u32::from(nanos % 1_000_000_000 >= 500_000_000)
}

// ---------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Format {
    Builtin { order: Option<DateOrder> },
    Pattern(Box<CustomPattern>),
}

/// Reads timestamps into [`Instant`]s for one zone and one column format.
///
/// Build one per column (with the column's [`DateOrder`]) or one per custom
/// pattern. Parsing takes `&self`; the parser's offset cache is safe to share
/// between threads.
#[derive(Debug, Clone)]
pub struct TimestampParser {
    tz: Tz,
    zone: Zone,
    format: Format,
}

impl TimestampParser {
    /// A parser for the built-in shapes in zone `tz`. `order` is the day/month
    /// order of slashed and dashed dates with the year last (see
    /// [`DateOrderEvidence`]); with `None` such values are refused with
    /// [`TimestampError::NeedsOrder`] unless both numbers are equal.
    pub fn new(tz: Tz, order: Option<DateOrder>) -> Self {
        TimestampParser {
            tz,
            zone: Self::zone_for(tz),
            format: Format::Builtin { order },
        }
    }

    /// A parser that reads every value with the chrono strftime `pattern`
    /// instead of the built-in shapes. The value is local time in `tz` unless
    /// the pattern has an offset (`%z`, `%:z`, ...). The pattern is checked
    /// now: it must be valid and name a whole date.
    ///
    /// # Errors
    ///
    /// A [`PatternError`] when the pattern is empty, has an unknown `%`
    /// specifier, or does not pin down a whole date (or has an hour without
    /// minutes, or a 12-hour clock without AM/PM).
    pub fn with_pattern(tz: Tz, pattern: &str) -> Result<Self, PatternError> {
        let pattern = CustomPattern::new(pattern)?;
        Ok(TimestampParser {
            tz,
            zone: Self::zone_for(tz),
            format: Format::Pattern(Box::new(pattern)),
        })
    }

    fn zone_for(tz: Tz) -> Zone {
        if is_utc_zone(tz) {
            Zone::Utc
        } else {
            Zone::Tz(OffsetCache::new())
        }
    }

    /// The zone local times are read in and [`Instant::local`] is given in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Reads one value. Surrounding whitespace is ignored; an empty value is
    /// [`TimestampError::Unrecognised`] (callers treat empty cells as missing
    /// before calling).
    ///
    /// # Errors
    ///
    /// A [`TimestampError`] saying why the value is not a date-time.
    pub fn parse(&self, value: &str) -> Result<Instant, TimestampError> {
        let value = value.trim();
        match &self.format {
            Format::Builtin { order } => {
                let fields = parse_fields(value.as_bytes(), *order)?;
                match fields.offset {
                    Some(offset) => self.instant_at_utc(fields.seconds() - i64::from(offset)),
                    None => self.instant_at_local(fields.seconds()),
                }
            }
            Format::Pattern(pattern) => {
                let (_, seconds, offset) = pattern.read(value)?;
                match offset {
                    Some(offset) => self.instant_at_utc(seconds - i64::from(offset)),
                    None => self.instant_at_local(seconds),
                }
            }
        }
    }

    /// Reads the date of a value in any shape [`parse`](Self::parse) accepts,
    /// with the same day/month order rules: a date alone, or the date part of
    /// a date-time (as written, without converting between zones). The rest
    /// of the value is still validated.
    ///
    /// # Errors
    ///
    /// The same [`TimestampError`]s as [`parse`](Self::parse).
    pub fn parse_date(&self, value: &str) -> Result<NaiveDate, TimestampError> {
        let value = value.trim();
        match &self.format {
            Format::Builtin { order } => {
                let f = parse_fields(value.as_bytes(), *order)?;
                NaiveDate::from_ymd_opt(f.year, f.month, f.day).ok_or(TimestampError::Unrecognised)
            }
            Format::Pattern(pattern) => Ok(pattern.read(value)?.0),
        }
    }

    /// The formats this parser accepts, one example each, for error messages.
    pub fn formats_tried(&self) -> Vec<String> {
        let order = match &self.format {
            Format::Pattern(pattern) => return vec![pattern.text.clone()],
            Format::Builtin { order } => *order,
        };
        let mut formats = vec![
            "2024-03-18T10:15:00+03:00 (RFC 3339 / ISO 8601 with an offset or Z)".to_owned(),
            "2024-03-18 10:15[:00] (local time; also with T, fractional seconds, or a date alone)"
                .to_owned(),
            "2024/03/18 10:15 (year first, local time)".to_owned(),
            "18.03.2024 10:15 (dots: always day first)".to_owned(),
        ];
        match order {
            Some(DateOrder::DayFirst) => {
                formats.push("18/03/2024 10:15 (day first)".to_owned());
                formats.push("18-03-2024 10:15 (day first)".to_owned());
            }
            Some(DateOrder::MonthFirst) => {
                formats.push("03/18/2024 10:15 AM (month first)".to_owned());
                formats.push("03-18-2024 10:15 (month first)".to_owned());
            }
            None => {
                formats.push(
                    "03/18/2024 10:15 AM or 18/03/2024 10:15 (once the column's day/month order is known)"
                        .to_owned(),
                );
                formats.push(
                    "18-03-2024 10:15 (once the column's day/month order is known)".to_owned(),
                );
            }
        }
        formats
    }

    /// The instant whose local wall clock reads `local`.
    #[inline]
    fn instant_at_local(&self, local: i64) -> Result<Instant, TimestampError> {
        match &self.zone {
            Zone::Utc => Ok(Instant { utc: local, local }),
            Zone::Tz(cache) => {
                if let Some(offset) = cache.offset_for_day(self.tz, local.div_euclid(SECS_PER_DAY))
                {
                    return Ok(Instant {
                        utc: local - i64::from(offset),
                        local,
                    });
                }
                let utc = local_to_utc_slow(self.tz, local).ok_or(TimestampError::Unrecognised)?;
                let offset = offset_at_utc(self.tz, utc).ok_or(TimestampError::Unrecognised)?;
                Ok(Instant {
                    utc,
                    local: utc + i64::from(offset),
                })
            }
        }
    }

    /// The instant `utc`, with its local wall clock.
    #[inline]
    fn instant_at_utc(&self, utc: i64) -> Result<Instant, TimestampError> {
        let offset = match &self.zone {
            Zone::Utc => 0,
            Zone::Tz(cache) => match cache.offset_for_day(self.tz, utc.div_euclid(SECS_PER_DAY)) {
                Some(offset) => offset,
                None => offset_at_utc(self.tz, utc).ok_or(TimestampError::Unrecognised)?,
            },
        };
        Ok(Instant {
            utc,
            local: utc + i64::from(offset),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use proptest::prelude::*;

    // Day numbers used below, all from days_from_civil and checked in
    // `fixed_points`:
    //   2024-03-18 = 19800 (2024-01-01 = 19723, + 31 Jan + 29 Feb + 17),
    //   so 2024-03-18T00:00:00Z = 19800 * 86400 = 1_710_720_000.
    const MAR18: i64 = 1_710_720_000;

    fn utc() -> TimestampParser {
        TimestampParser::new(Tz::UTC, None)
    }

    fn p(parser: &TimestampParser, value: &str) -> Instant {
        match parser.parse(value) {
            Ok(instant) => instant,
            Err(e) => panic!("{value:?} did not parse: {e}"),
        }
    }

    fn err(parser: &TimestampParser, value: &str) -> TimestampError {
        match parser.parse(value) {
            Ok(instant) => panic!("{value:?} parsed as {instant:?}"),
            Err(e) => e,
        }
    }

    fn at(utc: i64, local: i64) -> Instant {
        Instant { utc, local }
    }

    fn same(utc: i64) -> Instant {
        Instant { utc, local: utc }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn tz(name: &str) -> Tz {
        name.parse().expect("known zone")
    }

    #[test]
    fn fixed_points() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // 2000-03-01: 30 years 1970..2000 = 30*365 + 7 leap days (72..96)
        // = 10957, + 31 Jan + 29 Feb = 11017.
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        // 2024-01-01: 54*365 + 13 leap days (72..2020) = 19723; + 31 + 29 + 17.
        assert_eq!(days_from_civil(2024, 3, 18), 19800);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        // 0001-01-01 is 719162 days before 1970 (1969 years, 477 leap days:
        // 1969/4 - 1969/100 + 1969/400 = 492 - 19 + 4).
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11017), (2000, 3, 1));
        assert_eq!(civil_from_days(19800), (2024, 3, 18));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 19800 - 18 = 19782 is the day before 1 March 2024: 29 February.
        assert_eq!(civil_from_days(19782), (2024, 2, 29));
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
        assert!(!is_leap_year(-100));
    }

    #[test]
    fn rfc3339_with_offsets() {
        let u = utc();
        // 10:15 at +03:00 is 07:15 UTC: MAR18 + 7*3600 + 15*60 = MAR18 + 26100.
        assert_eq!(p(&u, "2024-03-18T10:15:00+03:00"), same(MAR18 + 26_100));
        assert_eq!(p(&u, "2024-03-18 10:15:00+0300"), same(MAR18 + 26_100));
        assert_eq!(p(&u, "2024-03-18 10:15:00 +03"), same(MAR18 + 26_100));
        assert_eq!(p(&u, "2024-03-18T10:15+03:00"), same(MAR18 + 26_100));
        // 10:15Z: MAR18 + 36900.
        assert_eq!(p(&u, "2024-03-18T10:15:00Z"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18T10:15Z"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18t10:15:00z"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18 10:15:00 UTC"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18T10:15:00+00:00"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18T10:15:00-00:00"), same(MAR18 + 36_900));
        // 10:15 at -05:30 is 15:45 UTC: 15*3600 + 45*60 = 56700.
        assert_eq!(p(&u, "2024-03-18T10:15:00-05:30"), same(MAR18 + 56_700));
        assert_eq!(p(&u, "2024-03-18T10:15:00-0530"), same(MAR18 + 56_700));
        // 01:00 at +03:00 is 22:00 UTC the day before: MAR18 - 2*3600.
        assert_eq!(p(&u, "2024-03-18T01:00:00+03:00"), same(MAR18 - 7_200));
    }

    #[test]
    fn fractional_seconds_round_to_nearest() {
        let u = utc();
        // .123456 rounds down: 10:15:00 = MAR18 + 36900.
        assert_eq!(p(&u, "2024-03-18T10:15:00.123456Z"), same(MAR18 + 36_900));
        assert_eq!(
            p(&u, "2024-03-18T10:15:00.499999999Z"),
            same(MAR18 + 36_900)
        );
        // .5 rounds up: 10:15:01.
        assert_eq!(p(&u, "2024-03-18T10:15:00.5Z"), same(MAR18 + 36_901));
        assert_eq!(p(&u, "2024-03-18T10:15:00,75+00:00"), same(MAR18 + 36_901));
        assert_eq!(p(&u, "2024-03-18T10:15:00.5"), same(MAR18 + 36_901));
        assert_eq!(p(&u, "2024-03-18 10:15:59.9"), same(MAR18 + 36_960));
        // 23:59:59.6 rounds into the next day: MAR18 + 86400.
        assert_eq!(p(&u, "2024-03-18 23:59:59.6"), same(MAR18 + 86_400));
    }

    #[test]
    fn naive_values_are_local_time() {
        let u = utc();
        assert_eq!(p(&u, "2024-03-18 10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18 10:15:00"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18T10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18 10:15:07"), same(MAR18 + 36_907));
        assert_eq!(p(&u, "2024-03-18 9:05"), same(MAR18 + 32_700)); // 9*3600 + 5*60
        assert_eq!(p(&u, "2024-03-18 00:00"), same(MAR18));
        assert_eq!(p(&u, "2024-03-18 23:59:59"), same(MAR18 + 86_399));
        assert_eq!(p(&u, "2024-03-18"), same(MAR18));
        assert_eq!(p(&u, "2024-3-8"), same(MAR18 - 10 * 86_400));
        assert_eq!(p(&u, "2024/03/18 10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024.03.18"), same(MAR18));
        assert_eq!(p(&u, "  2024-03-18 10:15 \t"), same(MAR18 + 36_900));
        assert_eq!(p(&u, "2024-03-18  10:15"), same(MAR18 + 36_900));
        // In Moscow (+3 all year since 2014) local 10:15 is 07:15 UTC.
        let moscow = TimestampParser::new(tz("Europe/Moscow"), None);
        assert_eq!(
            p(&moscow, "2024-03-18 10:15"),
            at(MAR18 + 26_100, MAR18 + 36_900)
        );
        assert_eq!(p(&moscow, "2024-03-18"), at(MAR18 - 10_800, MAR18));
    }

    #[test]
    fn dotted_dates_are_day_first() {
        for order in [None, Some(DateOrder::DayFirst), Some(DateOrder::MonthFirst)] {
            let parser = TimestampParser::new(Tz::UTC, order);
            assert_eq!(p(&parser, "18.03.2024 10:15"), same(MAR18 + 36_900));
            assert_eq!(p(&parser, "18.03.2024 10:15:00"), same(MAR18 + 36_900));
            assert_eq!(p(&parser, "18.03.2024"), same(MAR18));
            // 4.3.2024 is 4 March: 14 days before the 18th; 9:05 = 32700 s.
            assert_eq!(
                p(&parser, "4.3.2024 9:05"),
                same(MAR18 - 14 * 86_400 + 32_700)
            );
            // 03.04.2024 is 3 April: 16 days after 18 March (13 + 3).
            assert_eq!(p(&parser, "03.04.2024"), same(MAR18 + 16 * 86_400));
        }
    }

    #[test]
    fn slashes_month_first_with_am_pm() {
        let mf = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst));
        assert_eq!(p(&mf, "03/18/2024 10:15 AM"), same(MAR18 + 36_900));
        // 10:15:00 PM = 22:15 = 80100 s.
        assert_eq!(p(&mf, "03/18/2024 10:15:00 PM"), same(MAR18 + 80_100));
        assert_eq!(p(&mf, "03/18/2024 10:15pm"), same(MAR18 + 80_100));
        assert_eq!(p(&mf, "03/18/2024 10:15 Pm"), same(MAR18 + 80_100));
        // 12 AM is midnight, 12 PM is noon.
        assert_eq!(p(&mf, "03/18/2024 12:00 AM"), same(MAR18));
        assert_eq!(p(&mf, "03/18/2024 12:30 am"), same(MAR18 + 1_800));
        assert_eq!(p(&mf, "03/18/2024 12:00 PM"), same(MAR18 + 43_200));
        assert_eq!(p(&mf, "03/18/2024 12:59:59 PM"), same(MAR18 + 46_799));
        assert_eq!(p(&mf, "03/18/2024 1:00 PM"), same(MAR18 + 46_800));
        assert_eq!(p(&mf, "03/18/2024 11:59:59 PM"), same(MAR18 + 86_399));
        // 3/8/2024 is 8 March, 10 days before the 18th; 9:05 AM = 32700 s.
        assert_eq!(
            p(&mf, "3/8/2024 9:05 AM"),
            same(MAR18 - 10 * 86_400 + 32_700)
        );
        assert_eq!(p(&mf, "03/18/2024 22:15"), same(MAR18 + 80_100));
        assert_eq!(p(&mf, "03/18/2024"), same(MAR18));
        assert_eq!(p(&mf, "03-18-2024 10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&mf, "03/18/2024, 10:15 AM"), same(MAR18 + 36_900));
    }

    #[test]
    fn slashes_and_dashes_day_first() {
        let df = TimestampParser::new(Tz::UTC, Some(DateOrder::DayFirst));
        assert_eq!(p(&df, "18/03/2024 10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&df, "18/03/2024 10:15:30"), same(MAR18 + 36_930));
        assert_eq!(p(&df, "18-03-2024 10:15"), same(MAR18 + 36_900));
        assert_eq!(p(&df, "18-03-2024"), same(MAR18));
        // 8/3/2024 day-first is 8 March.
        assert_eq!(
            p(&df, "8/3/2024 9:05 pm"),
            same(MAR18 - 10 * 86_400 + 75_900)
        );
        // 03/04/2024 day-first is 3 April (MAR18 + 16 days).
        assert_eq!(p(&df, "03/04/2024"), same(MAR18 + 16 * 86_400));
    }

    #[test]
    fn order_is_needed_for_year_last_slashes_and_dashes() {
        let none = utc();
        assert_eq!(err(&none, "03/04/2024"), TimestampError::NeedsOrder);
        assert_eq!(err(&none, "18/03/2024 10:15"), TimestampError::NeedsOrder);
        assert_eq!(err(&none, "18-03-2024 10:15"), TimestampError::NeedsOrder);
        // Equal numbers read the same either way: 5 May 2024 = day 19848
        // (MAR18 + 13 + 30 + 5 days = 48 days).
        assert_eq!(p(&none, "05/05/2024"), same(MAR18 + 48 * 86_400));
        let df = TimestampParser::new(Tz::UTC, Some(DateOrder::DayFirst));
        assert_eq!(
            err(&df, "03/18/2024"),
            TimestampError::WrongOrder {
                order: DateOrder::DayFirst
            }
        );
        let mf = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst));
        assert_eq!(
            err(&mf, "18/03/2024 10:15"),
            TimestampError::WrongOrder {
                order: DateOrder::MonthFirst
            }
        );
        assert_eq!(
            err(&df, "03/18/2024").to_string(),
            "has a number above 12 in the month position, but this column is read day-first"
        );
        // A number too large for a day is not an order question.
        assert_eq!(
            err(&df, "03/45/2024"),
            TimestampError::OutOfRange {
                what: "month",
                value: 45
            }
        );
    }

    #[test]
    fn out_of_range_values() {
        let u = utc();
        let mf = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst));
        let range = |what, value| TimestampError::OutOfRange { what, value };
        assert_eq!(err(&u, "2024-13-01"), range("month", 13));
        assert_eq!(err(&u, "2024-00-01"), range("month", 0));
        assert_eq!(err(&u, "0000-00-00 00:00:00"), range("year", 0));
        assert_eq!(err(&u, "2024-02-30"), range("February day", 30));
        assert_eq!(err(&u, "2023-02-29"), range("February day", 29));
        // 2024 is a leap year: 29 February is day 19800 - 18 = 19782,
        // 19782 * 86400 = 1_709_164_800.
        assert_eq!(p(&u, "2024-02-29"), same(1_709_164_800));
        assert_eq!(err(&u, "1900-02-29"), range("February day", 29));
        assert_eq!(err(&u, "2024-04-31"), range("April day", 31));
        assert_eq!(err(&u, "2024-01-32"), range("day", 32));
        assert_eq!(err(&u, "2024-01-00"), range("day", 0));
        assert_eq!(err(&u, "2024-03-18 24:00"), range("hour", 24));
        assert_eq!(err(&u, "2024-03-18 10:60"), range("minute", 60));
        assert_eq!(err(&u, "2024-03-18 10:15:60"), range("second", 60));
        assert_eq!(
            err(&u, "2024-03-18T10:15:00+24:00"),
            range("offset hour", 24)
        );
        assert_eq!(
            err(&u, "2024-03-18T10:15:00+03:60"),
            range("offset minute", 60)
        );
        assert_eq!(
            err(&mf, "03/18/2024 13:00 PM"),
            range("12-hour-clock hour", 13)
        );
        assert_eq!(
            err(&mf, "03/18/2024 0:15 AM"),
            range("12-hour-clock hour", 0)
        );
        assert_eq!(err(&mf, "02/30/2024"), range("February day", 30));
        assert_eq!(err(&u, "31.04.2024"), range("April day", 31));
        assert_eq!(err(&u, "2024-13-01").to_string(), "month 13 does not exist");
        assert_eq!(
            err(&u, "2023-02-29").to_string(),
            "February day 29 does not exist"
        );
    }

    #[test]
    fn garbage_is_unrecognised() {
        let u = TimestampParser::new(Tz::UTC, Some(DateOrder::DayFirst));
        for value in [
            "",
            "   ",
            "abc",
            "2024",
            "2024-03",
            "2024-03-18T",
            "2024-03-18 10",
            "2024-03-18 10:1",
            "2024-03-18 10:15:0",
            "2024-03-18 10:15:000",
            "2024-03-18 100:15",
            "2024-03-18 10:15 xyz",
            "2024-03-18 10:15:00.",
            "2024-03-18 10:15:00.Z",
            "2024-03-18 10:15.5",
            "2024-03-18Z",
            "2024-03-18+03:00",
            "2024-03-18T10:15:00+3",
            "2024-03-18T10:15:00+03:0",
            "2024-03-18T10:15:00+030",
            "2024-03-18T10:15:00 UT",
            "2024-03/18",
            "2024-003-18",
            "12345-01-01",
            "18.03.2024 10.15",
            "18/03/2024,10:15",
            "18/03/02024",
            "2024-03-18 10:15 AM PM",
            "2024-03-18x",
            "1.2.3",
            "n/a",
        ] {
            assert_eq!(err(&u, value), TimestampError::Unrecognised, "{value:?}");
        }
        assert_eq!(
            err(&u, "garbage").to_string(),
            "is not a date-time in any recognised format"
        );
    }

    #[test]
    fn two_digit_years_are_refused() {
        let u = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst));
        for value in [
            "18.03.24",
            "03/18/24 10:15 AM",
            "24-03-18",
            "18-03-24",
            "1/2/24",
        ] {
            assert_eq!(err(&u, value), TimestampError::TwoDigitYear, "{value:?}");
        }
        assert_eq!(
            err(&u, "18.03.24").to_string(),
            "has a two-digit year; name the format with --time-format"
        );
    }

    #[test]
    fn explicit_offset_local_comes_from_the_configured_zone() {
        // The brief's example: +03:00 read in UTC: 07:00 UTC, local 07:00.
        assert_eq!(p(&utc(), "2024-03-18T10:00:00+03:00"), same(MAR18 + 25_200));
        // 10:00Z seen from Moscow (+3): local 13:00 = MAR18 + 46800.
        let moscow = TimestampParser::new(tz("Europe/Moscow"), None);
        assert_eq!(
            p(&moscow, "2024-03-18T10:00:00Z"),
            at(MAR18 + 36_000, MAR18 + 46_800)
        );
        // 10:00-05:00 is 15:00 UTC (54000), 18:00 in Moscow (64800).
        assert_eq!(
            p(&moscow, "2024-03-18T10:00:00-05:00"),
            at(MAR18 + 54_000, MAR18 + 64_800)
        );
        // Berlin in March before the switch is +1: 10:00+03:00 = 07:00 UTC,
        // 08:00 in Berlin.
        let berlin = TimestampParser::new(tz("Europe/Berlin"), None);
        assert_eq!(
            p(&berlin, "2024-03-18T10:00:00+03:00"),
            at(MAR18 + 25_200, MAR18 + 28_800)
        );
    }

    #[test]
    fn berlin_spring_forward() {
        let berlin = TimestampParser::new(tz("Europe/Berlin"), None);
        // 2024-03-31 = day 19813 (19800 + 13), 19813 * 86400 = 1_711_843_200.
        // The clocks go 02:00 CET -> 03:00 CEST at 01:00 UTC.
        let day = 1_711_843_200;
        // 01:59:59 CET (+1) = 00:59:59 UTC = day + 3599.
        assert_eq!(
            p(&berlin, "2024-03-31 01:59:59"),
            at(day + 3_599, day + 7_199)
        );
        // 03:00:00 CEST (+2) = 01:00:00 UTC = day + 3600: one second later.
        assert_eq!(
            p(&berlin, "2024-03-31 03:00:00"),
            at(day + 3_600, day + 10_800)
        );
        // 02:30 does not exist; moved forward by the 1 h gap to 03:30 CEST
        // = 01:30 UTC = day + 5400, local 03:30 = day + 12600.
        assert_eq!(
            p(&berlin, "2024-03-31 02:30"),
            at(day + 5_400, day + 12_600)
        );
        assert_eq!(
            p(&berlin, "2024-03-31 02:00"),
            at(day + 3_600, day + 10_800)
        );
        // The same instants with explicit offsets.
        assert_eq!(
            p(&berlin, "2024-03-31T01:59:59+01:00"),
            at(day + 3_599, day + 7_199)
        );
        assert_eq!(
            p(&berlin, "2024-03-31T00:59:59Z"),
            at(day + 3_599, day + 7_199)
        );
        assert_eq!(
            p(&berlin, "2024-03-31T01:00:00Z"),
            at(day + 3_600, day + 10_800)
        );
        // Midnight of the switch day is still CET: 23:00 UTC the day before.
        assert_eq!(p(&berlin, "31.03.2024"), at(day - 3_600, day));
    }

    #[test]
    fn berlin_fall_back() {
        let berlin = TimestampParser::new(tz("Europe/Berlin"), None);
        // 2024-10-27 = day 20023: Mar 31 = 19813, + 30 Apr + 31 May + 30 Jun
        // + 31 Jul + 31 Aug + 30 Sep = 19996 (Sep 30), + 27 = 20023;
        // 20023 * 86400 = 1_729_987_200. The clocks go 03:00 CEST -> 02:00 CET
        // at 01:00 UTC, so 02:30 happens at 00:30 UTC and at 01:30 UTC.
        let day = 1_729_987_200;
        // The earlier one: 00:30 UTC = day + 1800, local 02:30 = day + 9000.
        assert_eq!(p(&berlin, "2024-10-27 02:30"), at(day + 1_800, day + 9_000));
        // The later one can only be named with an offset: 01:30 UTC.
        assert_eq!(
            p(&berlin, "2024-10-27T02:30:00+01:00"),
            at(day + 5_400, day + 9_000)
        );
        // 01:59:59 CEST = 23:59:59 UTC the day before; 03:00 CET = 02:00 UTC.
        assert_eq!(p(&berlin, "2024-10-27 01:59:59"), at(day - 1, day + 7_199));
        assert_eq!(
            p(&berlin, "2024-10-27 03:00:00"),
            at(day + 7_200, day + 10_800)
        );
    }

    #[test]
    fn new_york_transitions() {
        let ny = TimestampParser::new(tz("America/New_York"), Some(DateOrder::MonthFirst));
        // 2024-03-10 = day 19792 (19800 - 8); 19792 * 86400 = 1_710_028_800.
        // 02:00 EST (-5) -> 03:00 EDT (-4) at 07:00 UTC.
        let spring = 1_710_028_800;
        // 01:59:59 EST = 06:59:59 UTC = spring + 25199.
        assert_eq!(
            p(&ny, "03/10/2024 1:59:59 AM"),
            at(spring + 25_199, spring + 7_199)
        );
        // 03:00 EDT = 07:00 UTC = spring + 25200: one second later.
        assert_eq!(
            p(&ny, "03/10/2024 3:00 AM"),
            at(spring + 25_200, spring + 10_800)
        );
        // 02:30 is skipped: 03:30 EDT = 07:30 UTC = spring + 27000.
        assert_eq!(
            p(&ny, "2024-03-10 02:30"),
            at(spring + 27_000, spring + 12_600)
        );
        // 2024-11-03 = day 20030 (Oct 27 = 20023, + 7); * 86400 = 1_730_592_000.
        // 02:00 EDT -> 01:00 EST at 06:00 UTC; 01:30 happens at 05:30 UTC
        // (EDT) and 06:30 UTC (EST); the earlier is 05:30 UTC = fall + 19800.
        let fall = 1_730_592_000;
        assert_eq!(
            p(&ny, "11/03/2024 1:30 AM"),
            at(fall + 19_800, fall + 5_400)
        );
        assert_eq!(
            p(&ny, "2024-11-03T01:30:00-05:00"),
            at(fall + 23_400, fall + 5_400)
        );
    }

    #[test]
    fn utc_aliases_take_the_fast_path_and_are_zero() {
        for name in UTC_NAMES {
            let zone = tz(name);
            assert!(is_utc_zone(zone), "{name}");
            for t in [-3_000_000_000_i64, 0, MAR18, 4_000_000_000] {
                assert_eq!(offset_at_utc(zone, t), Some(0), "{name}");
            }
        }
        assert!(!is_utc_zone(tz("Europe/London")));
        assert!(!is_utc_zone(tz("Etc/GMT+1")));
    }

    #[test]
    fn evidence_decides_per_column() {
        let decide = |values: &[&str]| {
            let mut evidence = DateOrderEvidence::default();
            for v in values {
                evidence.observe(v);
            }
            evidence.decide()
        };
        assert_eq!(
            decide(&["03/04/2024", "18/03/2024 10:15", "01/02/2024"]),
            Ok(Some(DateOrder::DayFirst))
        );
        assert_eq!(
            decide(&["03/04/2024", "03/18/2024 10:15 AM"]),
            Ok(Some(DateOrder::MonthFirst))
        );
        assert_eq!(decide(&["18-03-2024"]), Ok(Some(DateOrder::DayFirst)));
        assert_eq!(
            decide(&["18/03/2024", "03/18/2024", "13/01/2024"]),
            Err(OrderError::Conflict {
                day_first_example: "18/03/2024".to_owned(),
                month_first_example: "03/18/2024".to_owned(),
            })
        );
        let ambiguous = decide(&[" 03/04/2024 10:00 ", "05/06/2024"]);
        assert_eq!(
            ambiguous,
            Err(OrderError::Ambiguous {
                example: "03/04/2024 10:00".to_owned()
            })
        );
        // Values with no order question are ignored.
        assert_eq!(
            decide(&[
                "2024-03-18",
                "2024/03/04",
                "18.03.2024",
                "03.04.2024",
                "05/05/2024",
                "45/03/2024",
                "03/18/24",
                "garbage",
                "",
            ]),
            Ok(None)
        );
        assert_eq!(decide(&[]), Ok(None));
    }

    #[test]
    fn order_error_messages_explain_and_say_how_to_choose() {
        let ambiguous = OrderError::Ambiguous {
            example: "03/04/2024".to_owned(),
        }
        .to_string();
        assert!(
            ambiguous.contains("03/04/2024 could be 3 April or 4 March"),
            "{ambiguous}"
        );
        assert!(
            ambiguous.contains("--dayfirst or --monthfirst"),
            "{ambiguous}"
        );
        assert!(ambiguous.contains("--time-format"), "{ambiguous}");
        let conflict = OrderError::Conflict {
            day_first_example: "18/03/2024".to_owned(),
            month_first_example: "03/18/2024".to_owned(),
        }
        .to_string();
        assert!(
            conflict.contains("18/03/2024 can only be day-first")
                && conflict.contains("03/18/2024 can only be month-first")
                && conflict.contains("--dayfirst or --monthfirst")
                && conflict.contains("--time-format"),
            "{conflict}"
        );
    }

    #[test]
    fn parse_date_in_every_shape() {
        let df = TimestampParser::new(tz("Europe/Berlin"), Some(DateOrder::DayFirst));
        assert_eq!(df.parse_date("2024-03-18"), Ok(date(2024, 3, 18)));
        // The date as written, not converted: 23:30-05:00 is the 19th in Berlin.
        assert_eq!(
            df.parse_date("2024-03-18T23:30:00-05:00"),
            Ok(date(2024, 3, 18))
        );
        assert_eq!(df.parse_date(" 18.03.2024 10:15 "), Ok(date(2024, 3, 18)));
        assert_eq!(df.parse_date("18/03/2024"), Ok(date(2024, 3, 18)));
        assert_eq!(df.parse_date("3/4/2024"), Ok(date(2024, 4, 3)));
        assert_eq!(df.parse_date("18-03-2024 10:15"), Ok(date(2024, 3, 18)));
        assert_eq!(
            df.parse_date("03/18/2024"),
            Err(TimestampError::WrongOrder {
                order: DateOrder::DayFirst
            })
        );
        assert_eq!(
            df.parse_date("2024-03-18 25:00"),
            Err(TimestampError::OutOfRange {
                what: "hour",
                value: 25
            })
        );
        let mf = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst));
        assert_eq!(mf.parse_date("3/4/2024 9:05 AM"), Ok(date(2024, 3, 4)));
        let none = utc();
        assert_eq!(none.parse_date("3/4/2024"), Err(TimestampError::NeedsOrder));
        assert_eq!(
            none.parse_date("18.3.24"),
            Err(TimestampError::TwoDigitYear)
        );
    }

    #[test]
    fn custom_pattern_local_time() {
        let berlin = tz("Europe/Berlin");
        let parser =
            TimestampParser::with_pattern(berlin, "%d/%b/%y %I:%M %p").expect("valid pattern");
        // 18/Mar/24 10:15 PM = 2024-03-18 22:15 CET (+1) = 21:15 UTC
        // = MAR18 + 76500, local MAR18 + 80100.
        assert_eq!(
            p(&parser, "18/Mar/24 10:15 PM"),
            at(MAR18 + 76_500, MAR18 + 80_100)
        );
        assert_eq!(
            parser.parse_date("18/Mar/24 10:15 PM"),
            Ok(date(2024, 3, 18))
        );
        assert_eq!(parser.formats_tried(), vec!["%d/%b/%y %I:%M %p".to_owned()]);
        // The fall-back rule applies to patterns too: 27/Oct/24 02:30 AM is
        // the earlier 00:30 UTC (see berlin_fall_back).
        assert_eq!(
            p(&parser, "27/Oct/24 02:30 AM"),
            at(1_729_987_200 + 1_800, 1_729_987_200 + 9_000)
        );
        let mismatch = err(&parser, "2024-03-18 10:15");
        assert_eq!(
            mismatch,
            TimestampError::Pattern {
                pattern: "%d/%b/%y %I:%M %p".to_owned()
            }
        );
        assert_eq!(
            mismatch.to_string(),
            "does not match the time format \"%d/%b/%y %I:%M %p\""
        );
        // A date-only pattern is local midnight.
        let dates = TimestampParser::with_pattern(Tz::UTC, "%Y%m%d").expect("valid pattern");
        assert_eq!(p(&dates, "20240318"), same(MAR18));
        // Fractions round like the built-in shapes: 10:15:00.6 -> 10:15:01.
        let frac =
            TimestampParser::with_pattern(Tz::UTC, "%Y-%m-%d %H:%M:%S%.f").expect("valid pattern");
        assert_eq!(p(&frac, "2024-03-18 10:15:00.6"), same(MAR18 + 36_901));
        assert_eq!(
            err(&frac, "2024-02-30 10:15:00.6"),
            TimestampError::OutOfRange {
                what: "February day",
                value: 30
            }
        );
        assert_eq!(
            err(&frac, "2024-03-18 10:15:60.0"),
            TimestampError::OutOfRange {
                what: "second",
                value: 60
            }
        );
    }

    #[test]
    fn custom_pattern_with_offset() {
        let moscow = tz("Europe/Moscow");
        let parser =
            TimestampParser::with_pattern(moscow, "%d.%m.%Y %H:%M %z").expect("valid pattern");
        // 10:15 at -0500 = 15:15 UTC = MAR18 + 54900; Moscow +3 = 18:15 = 65700.
        assert_eq!(
            p(&parser, "18.03.2024 10:15 -0500"),
            at(MAR18 + 54_900, MAR18 + 65_700)
        );
        let colon =
            TimestampParser::with_pattern(Tz::UTC, "%Y-%m-%dT%H:%M:%S%:z").expect("valid pattern");
        // 10:15 at +03:00 = 07:15 UTC = MAR18 + 26100.
        assert_eq!(p(&colon, "2024-03-18T10:15:00+03:00"), same(MAR18 + 26_100));
        let epoch = TimestampParser::with_pattern(Tz::UTC, "%s").expect("valid pattern");
        assert_eq!(p(&epoch, "1710720000"), same(MAR18));
    }

    #[test]
    fn bad_patterns_are_refused_up_front() {
        assert_eq!(
            TimestampParser::with_pattern(Tz::UTC, "  ").map(|_| ()),
            Err(PatternError::Empty)
        );
        for bad in ["%Y-%m-%d %", "%Y-%m-%d %Q"] {
            assert_eq!(
                TimestampParser::with_pattern(Tz::UTC, bad).map(|_| ()),
                Err(PatternError::Invalid {
                    pattern: bad.to_owned()
                }),
                "{bad}"
            );
        }
        for incomplete in [
            "%H:%M",
            "%d/%m %H:%M",
            "%Y-%m-%d %I:%M",
            "%Y-%m-%d %H",
            "%Y-%m-%d %M",
        ] {
            match TimestampParser::with_pattern(Tz::UTC, incomplete) {
                Err(PatternError::Incomplete { pattern, .. }) => assert_eq!(pattern, incomplete),
                other => panic!("{incomplete}: {other:?}"),
            }
        }
        let message = match TimestampParser::with_pattern(Tz::UTC, "%H:%M") {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        assert!(message.contains("needs a year"), "{message}");
        assert!(TimestampParser::with_pattern(Tz::UTC, "%Y-%j").is_ok());
        assert!(TimestampParser::with_pattern(Tz::UTC, "%+").is_ok());
    }

    #[test]
    fn formats_tried_follow_the_order() {
        let df = TimestampParser::new(Tz::UTC, Some(DateOrder::DayFirst)).formats_tried();
        assert!(
            df.iter()
                .any(|f| f.starts_with("2024-03-18T10:15:00+03:00"))
        );
        assert!(df.iter().any(|f| f.starts_with("18.03.2024 10:15")));
        assert!(df.iter().any(|f| f.starts_with("18/03/2024 10:15")));
        assert!(df.iter().any(|f| f.starts_with("18-03-2024 10:15")));
        let mf = TimestampParser::new(Tz::UTC, Some(DateOrder::MonthFirst)).formats_tried();
        assert!(mf.iter().any(|f| f.starts_with("03/18/2024 10:15 AM")));
        let none = TimestampParser::new(Tz::UTC, None).formats_tried();
        assert!(none.iter().any(|f| f.contains("order is known")));
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            TimestampError::NeedsOrder.to_string(),
            "day/month order unknown; pass --dayfirst or --monthfirst, or name the format with --time-format"
        );
        assert_eq!(
            TimestampError::WrongOrder {
                order: DateOrder::MonthFirst
            }
            .to_string(),
            "has a number above 12 in the month position, but this column is read month-first"
        );
        assert_eq!(
            TimestampError::OutOfRange {
                what: "hour",
                value: 24
            }
            .to_string(),
            "hour 24 does not exist"
        );
    }

    #[test]
    fn clones_and_debug() {
        let parser = TimestampParser::new(tz("Europe/Berlin"), Some(DateOrder::DayFirst));
        let first = p(&parser, "18/03/2024 10:15");
        let copy = parser.clone();
        assert_eq!(p(&copy, "18/03/2024 10:15"), first);
        assert_eq!(copy.tz(), tz("Europe/Berlin"));
        assert!(format!("{parser:?}").contains("Berlin"));
        let custom = TimestampParser::with_pattern(Tz::UTC, "%Y%m%d").expect("valid pattern");
        assert!(format!("{custom:?}").contains("%Y%m%d"));
    }

    /// The cache must agree with chrono-tz everywhere; scan every hour and
    /// quarter hour around the transitions of zones with unusual rules.
    #[test]
    fn cache_matches_chrono_tz_hourly() {
        for (name, from, to) in [
            ("Europe/Berlin", 2019, 2031),
            ("America/New_York", 2019, 2031),
            ("Australia/Lord_Howe", 2019, 2031), // 30-minute DST
            ("Pacific/Chatham", 2019, 2031),     // +12:45 / +13:45
            ("America/Recife", 1999, 2002),      // changes a week apart in 2000
            ("Asia/Gaza", 2040, 2042),           // changes a week apart around Ramadan
        ] {
            let zone = tz(name);
            let parser = TimestampParser::new(zone, None);
            // 1 January of `from` up to 1 January of `to`, in 15-minute steps.
            let start = days_from_civil(from, 1, 1) * 86_400;
            let end = days_from_civil(to, 1, 1) * 86_400;
            let mut local = start;
            while local < end {
                let fast = parser.instant_at_local(local).expect("in range");
                let utc = local_to_utc_slow(zone, local).expect("in range");
                let offset = offset_at_utc(zone, utc).expect("in range");
                assert_eq!(fast, at(utc, utc + i64::from(offset)), "{name} {local}");
                let via_utc = parser.instant_at_utc(local).expect("in range");
                let offset = offset_at_utc(zone, local).expect("in range");
                assert_eq!(
                    via_utc,
                    at(local, local + i64::from(offset)),
                    "{name} {local}"
                );
                local += 900;
            }
        }
    }

    #[test]
    fn cache_is_filled_and_marks_transition_days() {
        let zone = tz("Europe/Berlin");
        let Zone::Tz(cache) = TimestampParser::new(zone, None).zone else {
            panic!("Berlin is not UTC");
        };
        // 2024-03-18 (day 19800) is far from a change: CET, +3600.
        assert_eq!(cache.offset_for_day(zone, 19_800), Some(3_600));
        let slot = cache.slots[19_800 % CACHE_SLOTS].load(Ordering::Relaxed);
        assert_eq!(slot, pack(19_800, 3_600));
        // Days 19812..=19814 (30 March .. 1 April) have the change of
        // 31 March 01:00 UTC in their three-day window.
        for day in 19_812..=19_814 {
            assert_eq!(cache.offset_for_day(zone, day), None, "{day}");
        }
        assert_eq!(cache.offset_for_day(zone, 19_811), Some(3_600));
        assert_eq!(cache.offset_for_day(zone, 19_815), Some(7_200));
        // A second lookup is answered from the slot.
        assert_eq!(cache.offset_for_day(zone, 19_815), Some(7_200));
    }

    /// The slow path itself against chrono's own answers where the local time
    /// is unique, and against the documented rules where it is not.
    #[test]
    fn slow_path_rules() {
        let zone = tz("America/New_York");
        let naive = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid test date")
        };
        let secs = |s: &str| naive(s).and_utc().timestamp();
        // Unique: chrono agrees.
        let single = secs("2024-07-01 12:00:00");
        let expected = zone
            .from_local_datetime(&naive("2024-07-01 12:00:00"))
            .single()
            .expect("unique")
            .timestamp();
        assert_eq!(local_to_utc_slow(zone, single), Some(expected));
        // Repeated 01:30 on 2024-11-03: the earlier (EDT, 05:30 UTC).
        let earliest = zone
            .from_local_datetime(&naive("2024-11-03 01:30:00"))
            .earliest()
            .expect("repeated")
            .timestamp();
        assert_eq!(
            local_to_utc_slow(zone, secs("2024-11-03 01:30:00")),
            Some(earliest)
        );
        assert_eq!(earliest, secs("2024-11-03 05:30:00"));
    }

    #[test]
    #[ignore = "timing; run with --release -- --ignored"]
    fn speed_of_iso_values() {
        use std::hint::black_box;
        let values: Vec<String> = (0..100_000_i64)
            .map(|i| {
                let (y, m, d) = civil_from_days(19_000 + i % 1_500);
                let s = i * 7_919 % 86_400;
                format!(
                    "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                )
            })
            .collect();
        let parser = utc();
        let rounds = 20;
        let started = std::time::Instant::now();
        let mut sum = 0_i64;
        for _ in 0..rounds {
            for v in &values {
                if let Ok(instant) = parser.parse(black_box(v)) {
                    sum = sum.wrapping_add(instant.utc);
                }
            }
        }
        black_box(sum);
        let ns = started.elapsed().as_nanos() as f64 / (rounds * values.len()) as f64;
        let budget = if cfg!(debug_assertions) {
            2_000.0
        } else {
            60.0
        };
        assert!(ns < budget, "{ns:.1} ns per ISO value (budget {budget} ns)");
    }

    fn valid_date() -> impl Strategy<Value = (i32, u32, u32)> {
        (1_i32..=9999, 1_u32..=12, 1_u32..=31)
            .prop_map(|(y, m, d)| (y, m, d.min(days_in_month(y, m))))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn civil_round_trip(days in -400_000_000_i64..400_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m));
            prop_assert!(d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn days_match_chrono((y, m, d) in valid_date()) {
            let expected = date(y, m, d)
                .signed_duration_since(date(1970, 1, 1))
                .num_days();
            prop_assert_eq!(days_from_civil(y, m, d), expected);
            prop_assert_eq!(civil_from_days(expected), (y, m, d));
        }

        #[test]
        fn formatted_values_parse_back(
            (y, m, d) in valid_date(),
            h in 0_u32..24,
            mi in 0_u32..60,
            s in 0_u32..60,
            shape in 0_usize..8,
        ) {
            let expected = date(y, m, d)
                .and_hms_opt(h, mi, s)
                .expect("valid test time")
                .and_utc()
                .timestamp();
            let (h12, ampm) = (if h % 12 == 0 { 12 } else { h % 12 }, if h < 12 { "AM" } else { "PM" });
            let (value, order) = match shape {
                0 => (format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"), None),
                1 => (format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"), None),
                2 => (format!("{y:04}-{m:02}-{d:02}T{h}:{mi:02}:{s:02}+00:00"), None),
                3 => (format!("{d}.{m}.{y:04} {h}:{mi:02}:{s:02}"), None),
                4 => (format!("{m}/{d}/{y:04} {h12}:{mi:02}:{s:02} {ampm}"), Some(DateOrder::MonthFirst)),
                5 => (format!("{d:02}/{m:02}/{y:04} {h:02}:{mi:02}:{s:02}"), Some(DateOrder::DayFirst)),
                6 => (format!("{d:02}-{m:02}-{y:04} {h:02}:{mi:02}:{s:02}"), Some(DateOrder::DayFirst)),
                _ => (format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.4999"), None),
            };
            let parser = TimestampParser::new(Tz::UTC, order);
            prop_assert_eq!(parser.parse(&value), Ok(same(expected)), "{}", value);
            prop_assert_eq!(parser.parse_date(&value), Ok(date(y, m, d)), "{}", value);
        }

        #[test]
        fn cache_matches_chrono_tz_anywhere(
            zone_index in 0_usize..chrono_tz::TZ_VARIANTS.len(),
            local in -2_500_000_000_i64..4_500_000_000,
        ) {
            let zone = chrono_tz::TZ_VARIANTS[zone_index];
            let parser = TimestampParser::new(zone, None);
            let utc = local_to_utc_slow(zone, local).expect("in range");
            let offset = offset_at_utc(zone, utc).expect("in range");
            prop_assert_eq!(parser.instant_at_local(local), Ok(at(utc, utc + i64::from(offset))));
            let offset = offset_at_utc(zone, local).expect("in range");
            prop_assert_eq!(parser.instant_at_utc(local), Ok(at(local, local + i64::from(offset))));
        }
    }
}
