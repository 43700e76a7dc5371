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

use chrono::NaiveDate;
use chrono_tz::Tz;

mod civil;
mod pattern;
mod shapes;
mod zone;

pub use civil::{civil_from_days, days_from_civil, is_leap_year};
use pattern::CustomPattern;
use shapes::{fixed_iso_local, parse_fields, scan_date};
use zone::{OffsetCache, Zone, is_utc_zone, local_to_utc_slow, offset_at_utc};

const SECS_PER_DAY: i64 = 86_400;

/// The UTC instant of the local wall-clock seconds `local` in `tz`: the earlier instant of a
/// repeated time, a skipped time moved forward by the length of the gap.
pub(crate) fn local_to_utc(tz: Tz, local: i64) -> Option<i64> {
    local_to_utc_slow(tz, local)
}

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

/// How to tell the user to settle the day/month order.
const HOW_TO_CHOOSE: &str =
    "pass --dayfirst or --monthfirst, or name the format with --time-format";

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

    /// The instant whose wall clock in the parser's zone reads `local` (seconds since 1970-01-01
    /// local), as a naive timestamp would be read.
    #[inline]
    pub fn at_local(&self, local: i64) -> Result<Instant, TimestampError> {
        self.instant_at_local(local)
    }

    /// The instant `utc` (seconds since 1970-01-01 UTC), with its wall clock in the parser's zone.
    #[inline]
    pub fn at_utc(&self, utc: i64) -> Result<Instant, TimestampError> {
        self.instant_at_utc(utc)
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
