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

/// First year of [`MONTH_STARTS`].
const TABLE_FIRST_YEAR: u32 = 1970;
/// Years covered by [`MONTH_STARTS`].
const TABLE_YEARS: usize = 130;

/// Day number of the first day of each month from 1970-01 to 2099-12, so that the fast path
/// needs no calendar arithmetic.
static MONTH_STARTS: [i32; TABLE_YEARS * 12] = month_starts();

const fn month_starts() -> [i32; TABLE_YEARS * 12] {
    let mut table = [0i32; TABLE_YEARS * 12];
    let mut i = 0;
    while i < TABLE_YEARS * 12 {
        let y = (TABLE_FIRST_YEAR as usize + i / 12) as i64;
        let m = (i % 12 + 1) as i64;
        // days_from_civil, in const form.
        let y = y - (m <= 2) as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        table[i] = (era * 146_097 + doe - 719_468) as i32;
        i += 1;
    }
    table
}

#[inline(always)]
fn two_digits(s: &[u8], i: usize) -> Option<u32> {
    let (a, b) = (s[i].wrapping_sub(b'0'), s[i + 1].wrapping_sub(b'0'));
    (a < 10 && b < 10).then_some(u32::from(a) * 10 + u32::from(b))
}

/// Local seconds of `YYYY-MM-DD[ T]HH:MM[:SS]` at fixed positions, when the value has exactly
/// that layout and every field is in range; `None` sends the value to the general parser.
#[inline]
fn fixed_iso_local(s: &[u8]) -> Option<i64> {
    if !(s.len() == 19 || s.len() == 16)
        || s[4] != b'-'
        || s[7] != b'-'
        || !(s[10] == b' ' || s[10] == b'T')
        || s[13] != b':'
        || (s.len() == 19 && s[16] != b':')
    {
        return None;
    }
    let year = two_digits(s, 0)? * 100 + two_digits(s, 2)?;
    let month = two_digits(s, 5)?;
    let day = two_digits(s, 8)?;
    let hour = two_digits(s, 11)?;
    let minute = two_digits(s, 14)?;
    let second = if s.len() == 19 { two_digits(s, 17)? } else { 0 };
    if !(1..=12).contains(&month) || day == 0 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let index = (year.checked_sub(TABLE_FIRST_YEAR)? as usize) * 12 + month as usize - 1;
    let month_start = i64::from(*MONTH_STARTS.get(index)?);
    if day > days_in_month(year as i32, month) {
        return None;
    }
    Some(
        (month_start + i64::from(day) - 1) * SECS_PER_DAY
            + i64::from(hour * 3600 + minute * 60 + second),
    )
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

    /// Reads one value given as bytes, as [`parse`](Self::parse) does. The common layouts
    /// `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` and `YYYY-MM-DD HH:MM` (local time) take a
    /// fixed-position fast path; everything else goes through [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); bytes that are not UTF-8 are
    /// [`TimestampError::Unrecognised`].
    #[inline]
    pub fn parse_bytes(&self, value: &[u8]) -> Result<Instant, TimestampError> {
        if let (Format::Builtin { .. }, Some(local)) = (&self.format, fixed_iso_local(value)) {
            return self.instant_at_local(local);
        }
        match std::str::from_utf8(value) {
            Ok(text) => self.parse(text),
            Err(_) => Err(TimestampError::Unrecognised),
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
mod tests;
