//! Tests of the timestamp parser; expected values are worked out by hand in the comments.

use super::civil::days_in_month;
use super::shapes::{MONTH_STARTS, TABLE_FIRST_YEAR};
use super::zone::{CACHE_SLOTS, UTC_NAMES, pack};
use super::*;
use chrono::{NaiveDateTime, TimeZone};
use proptest::prelude::*;
use std::sync::atomic::Ordering;

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
    let parser = TimestampParser::with_pattern(berlin, "%d/%b/%y %I:%M %p").expect("valid pattern");
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
    let parser = TimestampParser::with_pattern(moscow, "%d.%m.%Y %H:%M %z").expect("valid pattern");
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
    let naive =
        |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid test date");
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
    (1_i32..=9999, 1_u32..=12, 1_u32..=31).prop_map(|(y, m, d)| (y, m, d.min(days_in_month(y, m))))
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

#[test]
fn bytes_fast_path_agrees_with_the_general_parser() {
    let utc = TimestampParser::new(Tz::UTC, None);
    let berlin = TimestampParser::new(chrono_tz::Europe::Berlin, None);
    for value in [
        "2024-03-18 10:15:00",
        "2024-03-18T10:15:00",
        "2024-03-18 10:15",
        "2024-02-29 23:59:59",
        "2024-03-31 02:30:00", // Berlin's spring-forward gap
        "2024-10-27 02:30:00", // Berlin's repeated hour
        "2023-02-29 10:00:00", // no such day: both refuse
        "2024-03-18 24:00:00",
        "2024-03-18T10:15:00Z",
        "18.03.2024 10:15",
    ] {
        for parser in [&utc, &berlin] {
            assert_eq!(
                parser.parse_bytes(value.as_bytes()),
                parser.parse(value),
                "{value}"
            );
        }
    }
    // 2024-03-18 is day 19800: 19800 · 86400 + 10 h 15 min = 1_710_756_900.
    assert_eq!(
        utc.parse_bytes(b"2024-03-18 10:15:00").map(|i| i.utc),
        Ok(1_710_756_900)
    );
    assert_eq!(utc.parse_bytes(b"\xff").ok(), None);
}

#[test]
fn month_table_matches_days_from_civil() {
    for (i, start) in MONTH_STARTS.iter().enumerate() {
        let (y, m) = (
            TABLE_FIRST_YEAR as i32 + (i / 12) as i32,
            (i % 12) as u32 + 1,
        );
        assert_eq!(i64::from(*start), days_from_civil(y, m, 1), "{y}-{m:02}");
    }
    // Outside the table the general parser answers.
    let utc = TimestampParser::new(Tz::UTC, None);
    assert_eq!(
        utc.parse_bytes(b"1969-12-31 23:59:59").map(|i| i.utc),
        Ok(-1)
    );
    assert_eq!(
        utc.parse_bytes(b"2100-01-01 00:00:00").map(|i| i.utc),
        utc.parse("2100-01-01 00:00:00").map(|i| i.utc)
    );
}
