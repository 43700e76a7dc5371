//! ISO weeks, local calendar days and reporting periods.
//!
//! Days are counted as whole local days since 1970-01-01 in the configured zone ("day numbers");
//! a ticket's local day is `floor(created_local / 86400)` where `created_local` is its creation
//! instant on the zone's wall clock. Weeks are ISO weeks, Monday to Sunday, labelled `2024-W12`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;

/// The day number (days since 1970-01-01) of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - EPOCH).num_days()
}

/// The date of a day number.
pub fn date_of_day(day: i64) -> NaiveDate {
    EPOCH + Duration::days(day)
}

/// The day number of a local wall-clock instant in seconds.
pub fn local_day(local_seconds: i64) -> i64 {
    local_seconds.div_euclid(DAY_SECONDS)
}

/// The day number of the Monday of the ISO week containing `day`.
pub fn monday_of(day: i64) -> i64 {
    // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
    day - (day + 3).rem_euclid(7)
}

/// Parses an IANA time-zone name (`Europe/Moscow`, `UTC`); an unknown name is an error that
/// suggests the closest names.
pub fn parse_time_zone(name: &str) -> Result<chrono_tz::Tz> {
    let trimmed = name.trim();
    if let Ok(tz) = trimmed.parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
    {
        return Ok(*tz);
    }
    let wanted = trimmed.to_lowercase();
    let mut scored: Vec<(f64, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            let candidate = tz.name().to_lowercase();
            let city = candidate
                .rsplit('/')
                .next()
                .unwrap_or(&candidate)
                .to_owned();
            let score =
                strsim::jaro_winkler(&wanted, &candidate).max(strsim::jaro_winkler(&wanted, &city));
            (score, tz.name())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let close: Vec<&str> = scored.iter().take(3).map(|(_, n)| *n).collect();
    Err(Error::option(
        "--tz",
        name,
        format!(
            "not a time zone of the IANA database; closest: {} (names look like Europe/Moscow)",
            close.join(", ")
        ),
    ))
}

/// Parses a `YYYY-MM-DD` date given for `option`.
pub fn parse_date(text: &str, option: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::option(option, text, "expected a date like 2024-03-18 (YYYY-MM-DD)"))
}

/// An ISO 8601 week, e.g. `2024-W12` (18–24 March 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The ISO week containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The ISO week containing day number `day`.
    pub fn of_day(day: i64) -> Self {
        IsoWeek::of(date_of_day(day))
    }

    /// The ISO week-numbering year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The week number, 1 to 53.
    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday that starts the week.
    pub fn monday(self) -> NaiveDate {
        // from_isoywd_opt only fails for weeks that do not exist, which `parse` rejects.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(EPOCH)
    }

    /// The day number of the Monday that starts the week.
    pub fn monday_day(self) -> i64 {
        day_number(self.monday())
    }

    /// The week `n` weeks later (negative: earlier).
    pub fn offset(self, n: i64) -> Self {
        IsoWeek::of_day(self.monday_day() + 7 * n)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = Error;

    /// Parses `2024-W12` (also `2024-w12` and `2024W12`).
    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::option(
                "--week",
                s,
                format!("{why}; expected an ISO week like 2024-W12"),
            )
        };
        let t = s.trim();
        let (year, week) = t
            .split_once(['W', 'w'])
            .ok_or_else(|| bad("no `W` separating year and week"))?;
        let year: i32 = year
            .trim_end_matches('-')
            .parse()
            .map_err(|_| bad("the year is not a number"))?;
        let week: u32 = week.parse().map_err(|_| bad("the week is not a number"))?;
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
            return Err(bad(&format!("{year} has no ISO week {week}")));
        }
        Ok(IsoWeek { year, week })
    }
}

impl TryFrom<String> for IsoWeek {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<IsoWeek> for String {
    fn from(w: IsoWeek) -> String {
        w.to_string()
    }
}

/// Which tickets a computation looks at, by the local day they were created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodSpec {
    /// Everything in the data.
    #[default]
    All,
    /// From `from` (inclusive) to `to` (exclusive); either end may be open.
    Range {
        /// First day included.
        from: Option<NaiveDate>,
        /// First day no longer included.
        to: Option<NaiveDate>,
    },
    /// One ISO week.
    Week(IsoWeek),
    /// The last `n` ISO weeks, ending with the week that contains "now" (`as_of`), which may be
    /// partial.
    LastWeeks(u32),
}

impl PeriodSpec {
    /// Checks the spec for contradictions (an empty range, zero weeks).
    pub fn validate(&self) -> Result<()> {
        match *self {
            PeriodSpec::Range {
                from: Some(from),
                to: Some(to),
            } if to <= from => Err(Error::option(
                "--to",
                to.to_string(),
                format!("must be after --from {from} (--from is inclusive, --to exclusive)"),
            )),
            PeriodSpec::LastWeeks(0) => {
                Err(Error::option("--last-weeks", "0", "must be at least 1"))
            }
            _ => Ok(()),
        }
    }

    /// Resolves the spec into day bounds, given the local day of "now".
    pub fn resolve(&self, as_of_day: i64) -> Period {
        match *self {
            PeriodSpec::All => Period::default(),
            PeriodSpec::Range { from, to } => Period {
                from_day: from.map(day_number),
                to_day: to.map(day_number),
            },
            PeriodSpec::Week(week) => Period {
                from_day: Some(week.monday_day()),
                to_day: Some(week.monday_day() + 7),
            },
            PeriodSpec::LastWeeks(n) => {
                let this_monday = monday_of(as_of_day);
                Period {
                    from_day: Some(this_monday - 7 * (i64::from(n) - 1)),
                    to_day: Some(this_monday + 7),
                }
            }
        }
    }
}

/// A half-open range of local days, `[from_day, to_day)`; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Period {
    /// First local day included.
    pub from_day: Option<i64>,
    /// First local day excluded.
    pub to_day: Option<i64>,
}

impl Period {
    /// Whether the local day `day` falls in the period.
    pub fn contains_day(&self, day: i64) -> bool {
        self.from_day.is_none_or(|f| day >= f) && self.to_day.is_none_or(|t| day < t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn day_numbers() {
        // 2024-03-18: 54 years after 1970 with 13 leap days → 54·365 + 13 = 19723 days to
        // 2024-01-01, plus 31 + 29 + 17 = 77 → 19800.
        assert_eq!(day_number(d(2024, 3, 18)), 19800);
        assert_eq!(date_of_day(19800), d(2024, 3, 18));
        assert_eq!(local_day(19800 * 86400 + 86399), 19800);
        assert_eq!(local_day(-1), -1);
    }

    #[test]
    fn monday_of_each_weekday() {
        // 2024-03-18 is a Monday (day 19800); the whole week maps to it.
        for i in 0..7 {
            assert_eq!(monday_of(19800 + i), 19800);
        }
        assert_eq!(monday_of(19799), 19793);
        // 1970-01-01 (Thursday) belongs to the week starting Monday 1969-12-29 = day −3.
        assert_eq!(monday_of(0), -3);
    }

    #[test]
    fn iso_week_labels() {
        let w: IsoWeek = "2024-W12".parse().expect("parses");
        assert_eq!(w.monday(), d(2024, 3, 18));
        assert_eq!(w.to_string(), "2024-W12");
        assert_eq!(IsoWeek::of(d(2024, 3, 24)), w);
        // 2024-12-30 belongs to ISO week 1 of 2025.
        assert_eq!(IsoWeek::of(d(2024, 12, 30)).to_string(), "2025-W01");
        assert_eq!(w.offset(-12).to_string(), "2023-W52");
        assert!("2023-W53".parse::<IsoWeek>().is_err());
        assert!("2020-W53".parse::<IsoWeek>().is_ok());
        assert!("2024-12".parse::<IsoWeek>().is_err());
    }

    #[test]
    fn last_weeks_ends_with_the_week_of_now() {
        // now = Wednesday 2024-03-20 (day 19802); two weeks = Monday 03-11 to Monday 03-25.
        let p = PeriodSpec::LastWeeks(2).resolve(19802);
        assert_eq!(p.from_day, Some(19800 - 7));
        assert_eq!(p.to_day, Some(19807));
        assert!(p.contains_day(19793) && p.contains_day(19806) && !p.contains_day(19807));
    }

    #[test]
    fn time_zones_with_suggestions() {
        assert_eq!(
            parse_time_zone("Europe/Moscow").expect("known"),
            chrono_tz::Europe::Moscow
        );
        assert_eq!(
            parse_time_zone("europe/berlin").expect("any case"),
            chrono_tz::Europe::Berlin
        );
        let err = parse_time_zone("Europe/Moskow").unwrap_err().to_string();
        assert!(err.contains("Europe/Moscow"), "{err}");
        assert!(parse_date("2024-03-18", "--from").is_ok());
        assert!(parse_date("18.03.2024", "--from").is_err());
    }

    #[test]
    fn empty_range_is_rejected() {
        let spec = PeriodSpec::Range {
            from: Some(d(2024, 3, 18)),
            to: Some(d(2024, 3, 18)),
        };
        assert!(spec.validate().is_err());
        assert!(PeriodSpec::LastWeeks(0).validate().is_err());
    }
}
