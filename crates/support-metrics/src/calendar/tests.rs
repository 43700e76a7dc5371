use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::*;
use crate::ingest::{IngestOptions, Input, load_tickets};

const H: i64 = 3600;

/// UTC seconds of a local wall-clock time in `tz`.
fn at(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .expect("a valid local time")
        .timestamp()
}

/// 2024-03-DD hh:00 UTC; 18 March 2024 is a Monday.
fn march(d: u32, h: u32) -> i64 {
    at(Tz::UTC, 2024, 3, d, h, 0)
}

fn calendar(spec: &str, tz: Tz) -> Calendar {
    Calendar::new("test", spec.parse().expect("valid hours"), tz)
}

fn office() -> Calendar {
    calendar("Mon-Fri 09:00-18:00", Tz::UTC)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

#[test]
fn the_issue_cases_mon_fri_nine_to_six() {
    let c = office();
    // Mon 08:00 → Mon 10:00: the clock starts at the 09:00 opening → 1 h.
    assert_eq!(business_seconds(&c, march(18, 8), march(18, 10)), H);
    // Fri 17:00 → Mon 10:00: Fri 17–18 (1 h) + Mon 09–10 (1 h) = 2 h.
    assert_eq!(business_seconds(&c, march(22, 17), march(25, 10)), 2 * H);
    // Sat 10:00 → Sun 15:00: nothing open → 0.
    assert_eq!(business_seconds(&c, march(23, 10), march(24, 15)), 0);
    // Mon 10:00 → Thu 12:00: Mon 10–18 (8) + Tue (9) + Wed (9) + Thu 09–12 (3) = 29 h.
    assert_eq!(business_seconds(&c, march(18, 10), march(21, 12)), 29 * H);
    // Both instants outside hours, no working time between: Mon 19:00 → Tue 08:00 → 0.
    assert_eq!(business_seconds(&c, march(18, 19), march(19, 8)), 0);
    // The sign survives: Thu 12:00 → Mon 10:00 is −29 h.
    assert_eq!(business_seconds(&c, march(21, 12), march(18, 10)), -29 * H);
}

#[test]
fn a_holiday_in_the_middle_counts_zero() {
    let c = office().with_holidays([Holiday {
        date: date(2024, 3, 20),
        name: "Wednesday off".into(),
    }]);
    // Mon 10:00 → Thu 12:00 with Wednesday a holiday: 8 + 9 + 0 + 3 = 20 h.
    assert_eq!(business_seconds(&c, march(18, 10), march(21, 12)), 20 * H);
    // Inside the holiday: 0.
    assert_eq!(business_seconds(&c, march(20, 10), march(20, 16)), 0);
}

#[test]
fn an_extra_working_day_moves_a_weekend() {
    // Saturday 23 March worked with Monday's hours.
    let c = office()
        .with_workdays([date(2024, 3, 23)])
        .expect("not a holiday");
    // Fri 17:00 → Mon 10:00: Fri 1 h + Sat 09–18 (9 h) + Mon 1 h = 11 h.
    assert_eq!(business_seconds(&c, march(22, 17), march(25, 10)), 11 * H);
    let both = office().with_holidays([Holiday {
        date: date(2024, 3, 23),
        name: String::new(),
    }]);
    assert!(both.with_workdays([date(2024, 3, 23)]).is_err());
}

#[test]
fn a_lunch_break_is_not_counted() {
    let c = calendar("Mon-Fri 09:00-13:00,14:00-18:00", Tz::UTC);
    // Mon 12:00 → Mon 15:00: 12–13 (1 h) + 14–15 (1 h) = 2 h, the lunch hour left out.
    assert_eq!(business_seconds(&c, march(18, 12), march(18, 15)), 2 * H);
    // Inside the break: 0.
    let half = 30 * 60;
    assert_eq!(
        business_seconds(&c, march(18, 13) + half / 3, march(18, 13) + half),
        0
    );
    // A whole day is 4 + 4 = 8 h.
    assert_eq!(business_seconds(&c, march(18, 0), march(19, 0)), 8 * H);
}

#[test]
fn an_overnight_shift_belongs_to_the_day_it_starts() {
    let c = calendar("Mon-Fri 22:00-06:00", Tz::UTC);
    // Fri 23:00 → Sat 05:00: Friday's shift runs into Saturday → 6 h.
    assert_eq!(business_seconds(&c, march(22, 23), march(23, 5)), 6 * H);
    // Sat 23:00 → Mon 01:00: no shift starts on Saturday or Sunday, Monday's starts at 22:00 → 0.
    assert_eq!(business_seconds(&c, march(23, 23), march(25, 1)), 0);
    // Mon 23:00 → Tue 23:00: Mon's shift 23:00–06:00 (7 h) + Tue's 22:00–23:00 (1 h) = 8 h.
    assert_eq!(business_seconds(&c, march(18, 23), march(19, 23)), 8 * H);
    // Overlapping intervals are counted once: Sun 22:00–06:00 and Mon 05:00–10:00 overlap
    // 05:00–06:00; Sun 22:00 → Mon 10:00 = 12 h, not 13.
    let c = calendar("Sun 22:00-06:00; Mon 05:00-10:00", Tz::UTC);
    assert_eq!(business_seconds(&c, march(17, 22), march(18, 10)), 12 * H);
}

#[test]
fn berlin_keeps_a_nine_hour_day_when_the_clocks_change() {
    let berlin: Tz = "Europe/Berlin".parse().expect("a zone");
    let every_day = calendar("Mon-Sun 09:00-18:00", berlin);
    // Sunday 31 March 2024: clocks go 02:00 → 03:00, the day has 23 hours, but 09:00–18:00 CEST
    // (07:00–16:00 UTC) is still 9 h.
    let sunday = at(berlin, 2024, 3, 31, 0, 0);
    let monday = at(berlin, 2024, 4, 1, 0, 0);
    assert_eq!(monday - sunday, 23 * H);
    assert_eq!(business_seconds(&every_day, sunday, monday), 9 * H);
    // Mon-Fri: Fri 29 March 09:00 CET (08:00 UTC) → Mon 1 April 18:00 CEST (16:00 UTC): Friday
    // 9 h + Monday 9 h = 18 h, while the wall clock says 3 days 8 hours (one hour skipped).
    let weekdays = calendar("Mon-Fri 09:00-18:00", berlin);
    let (start, end) = (at(berlin, 2024, 3, 29, 9, 0), at(berlin, 2024, 4, 1, 18, 0));
    assert_eq!(end - start, 80 * H);
    assert_eq!(business_seconds(&weekdays, start, end), 18 * H);
    // A night shift across the change lasts what it really lasts: Sat 22:00 CET (21:00 UTC) →
    // Sun 06:00 CEST (04:00 UTC) = 7 h.
    let night = calendar("Sat 22:00-06:00", berlin);
    let (start, end) = (
        at(berlin, 2024, 3, 30, 0, 0),
        at(berlin, 2024, 3, 31, 12, 0),
    );
    assert_eq!(business_seconds(&night, start, end), 7 * H);
    // Autumn, 27 October: 02:00 → 01:00; the night shift has 9 h.
    let (start, end) = (
        at(berlin, 2024, 10, 26, 0, 0),
        at(berlin, 2024, 10, 27, 12, 0),
    );
    assert_eq!(business_seconds(&night, start, end), 9 * H);
    // An edge in the skipped hour moves forward by the gap: Sun 31 March 02:30 does not exist and
    // is read as 03:30 CEST (01:30 UTC); 04:00 CEST is 02:00 UTC → 30 min.
    let early = calendar("Sun 02:30-04:00", berlin);
    let (start, end) = (
        at(berlin, 2024, 3, 31, 0, 0),
        at(berlin, 2024, 3, 31, 12, 0),
    );
    assert_eq!(business_seconds(&early, start, end), H / 2);
    // An edge in the repeated hour takes the earlier instant: Sun 27 October 02:30 is 02:30 CEST
    // (00:30 UTC); 04:00 CET is 03:00 UTC → 2 h 30 min.
    let (start, end) = (
        at(berlin, 2024, 10, 27, 0, 0),
        at(berlin, 2024, 10, 27, 12, 0),
    );
    assert_eq!(business_seconds(&early, start, end), 5 * H / 2);
}

#[test]
fn twenty_four_seven_is_the_identity() {
    let c = calendar("24/7", "Europe/Berlin".parse().expect("zone"));
    assert!(c.is_identity());
    assert_eq!(
        business_seconds(&c, march(18, 8), march(29, 10)),
        11 * 24 * H + 2 * H
    );
    // Through the timeline too (days joined into one interval, the DST day included).
    let t = c.timeline(march(1, 0), march(31, 23));
    assert_eq!(
        t.between(march(2, 5), march(31, 20)),
        march(31, 20) - march(2, 5)
    );
}

#[test]
fn hours_parse_and_print_back() {
    for (spec, shown) in [
        ("Mon-Fri 09:00-18:00", "Mon-Fri 09:00-18:00"),
        (
            "mon-fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00",
            "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00",
        ),
        ("Mon-Fri 22:00-06:00", "Mon-Fri 22:00-06:00"),
        ("09:00-17:00", "Mon-Sun 09:00-17:00"),
        ("Mon,Wed 8:30-24:00", "Mon 08:30-24:00; Wed 08:30-24:00"),
        ("Mon-Sun 00:00-24:00", "24/7"),
        (" 24/7 ", "24/7"),
    ] {
        let hours: WorkingHours = spec.parse().expect(spec);
        assert_eq!(hours.to_string(), shown, "{spec}");
    }
    // 5 days × 9 h = 45 h.
    let hours: WorkingHours = "Mon-Fri 09:00-18:00".parse().expect("valid");
    assert_eq!(hours.weekly_seconds(), 45 * 3600);
}

#[test]
fn malformed_hours_are_usage_errors_with_the_grammar() {
    for (spec, says) in [
        ("", "empty"),
        ("Mon-Fri", "has no hours"),
        ("Mon-Fry 09:00-18:00", "`Fry` is not a day"),
        ("Mon-Fri 9-18", "is not a time of day"),
        ("Mon-Fri 09:00-25:00", "is not a time of day"),
        ("Mon-Fri 09:00", "not a time range"),
        ("Mon-Fri 09:00-09:00", "00:00-24:00"),
        ("Mon-Fri 09:60-18:00", "is not a time of day"),
    ] {
        let err = spec.parse::<WorkingHours>().expect_err(spec);
        assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage, "{spec}");
        let text = err.to_string();
        assert!(text.contains(says), "{spec}: {text}");
        assert!(text.contains("--hours"), "{text}");
        assert!(text.contains("\"Mon-Fri 09:00-18:00\""), "{text}");
    }
}

#[test]
fn holiday_files_are_read_and_bad_dates_named() {
    let input = |text: &'static str| Input::from_reader("holidays.csv", std::io::Cursor::new(text));
    let read = read_holidays(input(
        "date,name\n2024-01-01, New Year\n# comment\n\n2024-05-01\n\"2024-05-09\",\"Victory Day, observed\"\n",
    ))
    .expect("reads");
    assert_eq!(read.len(), 3);
    assert_eq!(read[0].name, "New Year");
    assert_eq!(read[1].date, date(2024, 5, 1));
    assert_eq!(read[2].name, "Victory Day, observed");
    let semicolons = read_holidays(input("Date;Name\n2024-01-01;Новый год\n")).expect("reads");
    assert_eq!(semicolons[0].name, "Новый год");
    let err = read_holidays(input("2024-01-01\n2024-13-01, Nope\n")).expect_err("bad date");
    assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
    let text = err.to_string();
    assert!(text.contains("holidays.csv, line 2"), "{text}");
    assert!(text.contains("\"2024-13-01\""), "{text}");
    assert!(text.contains("YYYY-MM-DD"), "{text}");
}

fn tickets(csv: &'static str) -> Tickets {
    load_tickets(
        Input::from_reader("tickets.csv", std::io::Cursor::new(csv)),
        &IngestOptions::default(),
    )
    .expect("loads")
}

fn durations(tickets: &Tickets, basis: &TimeBasis) -> Vec<Option<i64>> {
    let elapsed = basis.resolve(tickets).expect("resolves");
    let frame = tickets
        .frame()
        .clone()
        .lazy()
        .select([elapsed
            .elapsed(col("created_at"), col("first_response_at"))
            .alias("d")])
        .collect()
        .expect("computes");
    frame
        .column("d")
        .expect("column")
        .i64()
        .expect("i64")
        .iter()
        .collect()
}

#[test]
fn calendar_time_is_plain_subtraction() {
    let t = tickets(
        "id,created_at,first_response_at\n1,2024-03-18 10:00,2024-03-18 10:01\n\
         2,2024-03-18 10:00,2024-03-18 09:59\n3,2024-03-18 10:00,\n",
    );
    // 60 s; −60 s (reply before creation); no reply → null.
    assert_eq!(
        durations(&t, &TimeBasis::Calendar),
        vec![Some(60), Some(-60), None]
    );
}

#[test]
fn the_same_ticket_under_two_site_calendars() {
    // Both tickets: created Mon 18 March 06:00 UTC, answered 12:00 UTC.
    let t = tickets(
        "id,created_at,first_response_at,site\n\
         1,2024-03-18T06:00:00Z,2024-03-18T12:00:00Z,Moscow\n\
         2,2024-03-18T06:00:00Z,2024-03-18T12:00:00Z,Tomsk\n\
         3,2024-03-18T06:00:00Z,2024-03-18T12:00:00Z,\n\
         4,2024-03-18T12:00:00Z,2024-03-18T11:00:00Z,Moscow\n",
    );
    let moscow = calendar(
        "Mon-Fri 09:00-18:00",
        "Europe/Moscow".parse().expect("zone"),
    );
    let tomsk = Calendar::new(
        "tomsk",
        "Mon-Fri 09:00-18:00".parse().expect("hours"),
        "Asia/Tomsk".parse().expect("zone"),
    );
    let mut map = CalendarMap::by(Dimension::Site);
    map.assign("moscow", moscow.clone());
    map.assign("Tomsk", tomsk);
    let basis = TimeBasis::Business(Arc::new(map.clone()));
    // Without a default, the ticket without a site has no calendar: an error naming it.
    let err = basis.resolve(&t).expect_err("no default");
    assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage);
    assert!(err.to_string().contains("tickets without a site"), "{err}");
    map.set_default(calendar("24/7", Tz::UTC));
    let basis = TimeBasis::Business(Arc::new(map));
    // Moscow (UTC+3): 09:00 → 15:00 local, all inside hours → 6 h.
    // Tomsk (UTC+7): 13:00 → 19:00 local, open until 18:00 → 5 h.
    // No site: the default 24/7 calendar → 6 h of wall clock.
    // A reply an hour before creation keeps its sign: −1 h (wall clock), counted invalid.
    assert_eq!(
        durations(&t, &basis),
        vec![Some(6 * H), Some(5 * H), Some(6 * H), Some(-H)]
    );
}

#[test]
fn a_site_without_a_calendar_is_named() {
    let t = tickets("id,created_at,site\n1,2024-03-18 10:00,Kazan\n");
    let mut map = CalendarMap::by(Dimension::Site);
    map.assign("Tomsk", office());
    let err = TimeBasis::Business(Arc::new(map))
        .resolve(&t)
        .expect_err("Kazan has none");
    let text = err.to_string();
    assert!(text.contains("site \"Kazan\" has no calendar"), "{text}");
    assert!(text.contains("Tomsk"), "{text}");
}

#[test]
fn business_time_of_a_literal_end_broadcasts() {
    // The SLA age: created → a fixed "now". Mon 08:00 → Mon 12:00 in office hours = 3 h.
    let t = tickets("id,created_at\n1,2024-03-18 08:00\n2,2024-03-23 08:00\n");
    let elapsed = TimeBasis::business(office()).resolve(&t).expect("resolves");
    let frame = t
        .frame()
        .clone()
        .lazy()
        .select([elapsed
            .elapsed(col("created_at"), lit(march(25, 12)))
            .alias("age")])
        .collect()
        .expect("computes");
    let ages: Vec<Option<i64>> = frame
        .column("age")
        .expect("age")
        .i64()
        .expect("i64")
        .iter()
        .collect();
    // Ticket 1: Mon 18 08:00 → Mon 25 12:00 = a full week (45 h) + Mon 09–12 (3 h) = 48 h.
    // Ticket 2: Sat 23 08:00 → Mon 25 12:00 = Mon 09–12 = 3 h.
    assert_eq!(ages, vec![Some(48 * H), Some(3 * H)]);
}

#[test]
fn weeks_are_attributed_in_each_tickets_calendar_zone() {
    use crate::metrics::{GroupKey, ResponseOptions, response};
    // Both created Sunday 24 March 2024 20:00 UTC: 23:00 Sunday in Moscow (UTC+3), week 12;
    // 03:00 Monday 25 March in Tomsk (UTC+7), week 13.
    let t = tickets(
        "id,created_at,first_response_at,site\n\
         1,2024-03-24T20:00:00Z,2024-03-25T07:00:00Z,Moscow\n\
         2,2024-03-24T20:00:00Z,2024-03-25T07:00:00Z,Tomsk\n",
    );
    let mut map = CalendarMap::by(Dimension::Site);
    map.assign(
        "Moscow",
        calendar(
            "Mon-Fri 09:00-18:00",
            "Europe/Moscow".parse().expect("zone"),
        ),
    );
    map.assign(
        "Tomsk",
        calendar("Mon-Fri 09:00-18:00", "Asia/Tomsk".parse().expect("zone")),
    );
    let options = ResponseOptions {
        group_by: vec![GroupKey::Site, GroupKey::Week],
        basis: TimeBasis::Business(Arc::new(map)),
        ..ResponseOptions::default()
    };
    let report = response(&t, &options).expect("computes");
    let rows: Vec<(Option<&str>, Option<&str>, Option<f64>)> = report
        .rows
        .iter()
        .map(|r| (r.group[0].as_deref(), r.group[1].as_deref(), r.frt.mean))
        .collect();
    // Answered Monday 07:00 UTC: Moscow 10:00 local → 1 h of work (09:00-10:00); Tomsk 14:00
    // local → 5 h (09:00-14:00).
    assert_eq!(
        rows,
        vec![
            (Some("Moscow"), Some("2024-W12"), Some(3600.0)),
            (Some("Tomsk"), Some("2024-W13"), Some(5.0 * 3600.0)),
        ]
    );
    // In calendar time (or one calendar in the tickets' own zone) both are week 12 in UTC.
    let plain = response(
        &t,
        &ResponseOptions {
            group_by: vec![GroupKey::Week],
            ..ResponseOptions::default()
        },
    )
    .expect("computes");
    assert_eq!(plain.rows.len(), 1);
    assert_eq!(plain.rows[0].group[0].as_deref(), Some("2024-W12"));
}
