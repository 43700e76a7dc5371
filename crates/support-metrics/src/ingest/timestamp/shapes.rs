//! Byte-level parsing of the built-in timestamp shapes, including the fixed-position fast path
//! for ISO local date-times and its table of month starts.

use super::civil::{days_from_civil, days_in_month};
use super::{DateOrder, SECS_PER_DAY, TimestampError};

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

/// A run of ASCII digits: its value (of the first nine digits) and length.
#[derive(Debug, Clone, Copy)]
pub(super) struct Num {
    pub(super) value: u32,
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
pub(super) struct RawDate {
    pub(super) a: Num,
    pub(super) b: Num,
    c: Num,
    sep: u8,
    end: usize,
}

impl RawDate {
    /// A slashed or dashed date with a four-digit year last.
    #[inline]
    pub(super) fn needs_order(&self) -> bool {
        self.sep != b'.' && self.c.len == 4 && self.a.is_short() && self.b.is_short()
    }
}

#[inline]
pub(super) fn scan_date(s: &[u8]) -> Option<RawDate> {
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
pub(super) struct Fields {
    pub(super) year: i32,
    pub(super) month: u32,
    pub(super) day: u32,
    /// Seconds since midnight, rounding included (so up to 86 400).
    secs: u32,
    /// Seconds east of UTC, when the value has an offset.
    pub(super) offset: Option<i32>,
}

impl Fields {
    #[inline]
    pub(super) fn seconds(&self) -> i64 {
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
pub(super) fn validate_date(year: i32, month: u32, day: u32) -> Result<(), TimestampError> {
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
pub(super) const TABLE_FIRST_YEAR: u32 = 1970;
/// Years covered by [`MONTH_STARTS`].
const TABLE_YEARS: usize = 130;

/// Day number of the first day of each month from 1970-01 to 2099-12, so that the fast path
/// needs no calendar arithmetic.
pub(super) static MONTH_STARTS: [i32; TABLE_YEARS * 12] = month_starts();

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
pub(super) fn fixed_iso_local(s: &[u8]) -> Option<i64> {
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
pub(super) fn parse_fields(s: &[u8], order: Option<DateOrder>) -> Result<Fields, TimestampError> {
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
