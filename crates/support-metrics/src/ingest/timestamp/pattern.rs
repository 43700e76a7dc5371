//! Custom timestamp patterns in chrono's strftime syntax.

use std::fmt;

use chrono::format::{Fixed, Item, Numeric, Parsed, StrftimeItems};
use chrono::{Datelike, NaiveDate, Timelike};

use super::civil::days_from_civil;
use super::shapes::validate_date;
use super::{PatternError, SECS_PER_DAY, TimestampError};

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
pub(super) struct CustomPattern {
    pub(super) text: String,
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
    pub(super) fn new(pattern: &str) -> Result<Self, PatternError> {
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
    pub(super) fn read(
        &self,
        value: &str,
    ) -> Result<(NaiveDate, i64, Option<i32>), TimestampError> {
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
