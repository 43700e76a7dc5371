//! Tests of the peak figures: hand-worked heatmaps, peaks, waits and queues on small inputs,
//! and property tests of their invariants.

use proptest::prelude::*;

use super::queue::walk;
use super::*;
use crate::ingest::{IngestOptions, Input, load_tickets};
use crate::period::day_number;

fn load(csv: &str, tz: chrono_tz::Tz) -> Tickets {
    load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions {
            tz,
            ..IngestOptions::default()
        },
    )
    .expect("loads")
}

fn tickets(csv: &str) -> Tickets {
    load(csv, chrono_tz::Tz::UTC)
}

/// UTC seconds of a naive UTC date-time `YYYY-MM-DD HH:MM`.
fn utc(text: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .expect("a date-time")
        .and_utc()
        .timestamp()
}

/// Eight tickets over two weeks, Monday 2024-03-18 to Wednesday 2024-03-27 (UTC):
///
/// | id | created | slot | first response | FRT |
/// |---|---|---|---|---|
/// | 1 | Mon 03-18 10:05 | Mon 10 | 10:25 | 1200 |
/// | 2 | Mon 03-18 10:40 | Mon 10 | 11:40 | 3600 |
/// | 3 | Mon 03-25 10:10 | Mon 10 | 10:20 | 600 |
/// | 4 | Tue 03-19 10:30 | Tue 10 | 10:45 | 900 |
/// | 5 | Thu 03-21 14:00 | Thu 14 | 14:30 | 1800 |
/// | 6 | Thu 03-21 14:20 | Thu 14 | none | — |
/// | 7 | Sat 03-23 09:00 | Sat 09 | 09:05 | 300 |
/// | 8 | Wed 03-27 11:00 | Wed 11 | 13:00, after `as_of` | — |
///
/// With `as_of` = Wed 03-27 12:00 the days are 03-18 to 03-27: Monday, Tuesday and Wednesday
/// occur twice, the other weekdays once.
const TWO_WEEKS: &str = "id,created_at,first_response_at,team\n\
    1,2024-03-18 10:05,2024-03-18 10:25,L1\n\
    2,2024-03-18 10:40,2024-03-18 11:40,L1\n\
    3,2024-03-25 10:10,2024-03-25 10:20,L1\n\
    4,2024-03-19 10:30,2024-03-19 10:45,L1\n\
    5,2024-03-21 14:00,2024-03-21 14:30,L2\n\
    6,2024-03-21 14:20,,L2\n\
    7,2024-03-23 09:00,2024-03-23 09:05,L2\n\
    8,2024-03-27 11:00,2024-03-27 13:00,L2\n";

fn options(peak: PeakSelection) -> PeakOptions {
    PeakOptions {
        as_of: Some(utc("2024-03-27 12:00")),
        peak,
        ..PeakOptions::default()
    }
}

const MON_10: usize = 10;
const TUE_10: usize = 24 + 10;
const WED_11: usize = 2 * 24 + 11;
const THU_14: usize = 3 * 24 + 14;
const SAT_09: usize = 5 * 24 + 9;

#[test]
fn weekday_occurrences_of_partial_weeks() {
    // Monday 2024-03-18 (day 19800) to Wednesday 03-27 inclusive: 10 days, one full week plus
    // Monday to Wednesday.
    assert_eq!(weekday_days(19800, 19810), [2, 2, 2, 1, 1, 1, 1]);
    // Wednesday to Friday.
    assert_eq!(weekday_days(19802, 19805), [0, 0, 1, 1, 1, 0, 0]);
    // Saturday to the next Tuesday: Sat, Sun, Mon, Tue.
    assert_eq!(weekday_days(19805, 19809), [1, 1, 0, 0, 0, 1, 1]);
    assert_eq!(weekday_days(19800, 19800 + 84), [12; 7]);
    assert_eq!(weekday_days(19800, 19800), [0; 7]);
}

#[test]
fn hand_worked_heatmap() {
    let r = peak(&tickets(TWO_WEEKS), &options(PeakSelection::Top(1))).expect("computes");
    assert_eq!(r.days.from_day, Some(day_number(chrono_date(2024, 3, 18))));
    assert_eq!(r.days.to_day, Some(day_number(chrono_date(2024, 3, 28))));
    assert_eq!(r.weekday_days, [2, 2, 2, 1, 1, 1, 1]);
    // as_of is Wednesday 12:00: Wednesday's later hours, 13:00 to 23:00, occurred once only.
    assert_eq!(r.slot_days[2 * 24 + 12], 2);
    assert_eq!(r.slot_days[2 * 24 + 13], 1);
    assert_eq!(r.slot_days[2 * 24 + 23], 1);
    assert_eq!(r.slot_days[3 * 24], 1);
    assert_eq!(r.rows.len(), 1);
    let row = &r.rows[0];
    assert_eq!(row.tickets, 8);
    assert_eq!(row.heatmap.len(), SLOTS);
    let cell = |slot: usize| row.heatmap[slot];
    // Mon 10: 3 tickets / 2 Mondays = 1.5; FRTs 1200, 3600, 600 → mean 1800, median 1200.
    assert_eq!(cell(MON_10).tickets, 3);
    assert_eq!(cell(MON_10).arrivals_per_week, Some(1.5));
    assert_eq!(cell(MON_10).frt_mean, Some(1800.0));
    assert_eq!(cell(MON_10).frt_median, Some(1200.0));
    // Tue 10: 1 / 2 = 0.5. Wed 11: 1 / 2 = 0.5, its answer came after as_of: no FRT.
    assert_eq!(cell(TUE_10).arrivals_per_week, Some(0.5));
    assert_eq!((cell(WED_11).tickets, cell(WED_11).responded), (1, 0));
    assert_eq!(cell(WED_11).frt_mean, None);
    // Thu 14: 2 / 1 Thursday = 2.0; one answered (1800), one not.
    assert_eq!(cell(THU_14).arrivals_per_week, Some(2.0));
    assert_eq!(cell(THU_14).responded, 1);
    assert_eq!(cell(THU_14).frt_median, Some(1800.0));
    // Sat 09: 1 / 1 = 1.0. An empty slot is 0 per week, without FRT.
    assert_eq!(cell(SAT_09).arrivals_per_week, Some(1.0));
    assert_eq!(cell(0).arrivals_per_week, Some(0.0));
    assert_eq!((cell(0).weekday, cell(0).hour), (0, 0));
    assert_eq!((cell(SAT_09).weekday, cell(SAT_09).hour), (5, 9));
    // Σ arrivals_per_week × occurrences = 1.5·2 + 0.5·2 + 0.5·2 + 2·1 + 1·1 = 8 tickets.
    let total: f64 = row
        .heatmap
        .iter()
        .map(|c| c.arrivals_per_week.unwrap_or(0.0) * r.slot_days[c.slot()] as f64)
        .sum();
    assert_eq!(total, 8.0);
}

#[test]
fn hand_worked_peak_and_wait() {
    let r = peak(&tickets(TWO_WEEKS), &options(PeakSelection::Top(1))).expect("computes");
    let row = &r.rows[0];
    // Top 1 %: ceil(1.68) = 2 slots, the two busiest: Thu 14 (2.0) and Mon 10 (1.5).
    assert_eq!(
        row.peak_slots.iter().collect::<Vec<_>>(),
        vec![MON_10, THU_14]
    );
    assert_eq!(
        row.peak_slots.to_string(),
        "Mon 10:00-11:00; Thu 14:00-15:00"
    );
    assert_eq!(row.heatmap.iter().filter(|c| c.is_peak).count(), 2);
    // Peak tickets 1, 2, 3, 5, 6: five of eight = 62.5 %. Answered: 600, 1200, 1800, 3600 →
    // mean 1800, median (1200 + 1800) / 2 = 1500, p90: h = 0.9 · 3 = 2.7 → 1800 + 0.7 · 1800
    // = 3060.
    assert_eq!(row.peak_arrivals_share_pct, Some(62.5));
    assert_eq!((row.peak.tickets, row.peak.responded), (5, 4));
    assert_eq!(row.peak.mean, Some(1800.0));
    assert_eq!(row.peak.median, Some(1500.0));
    assert!((row.peak.p90.expect("p90") - 3060.0).abs() < 1e-9);
    // Off peak: tickets 4, 7, 8; answered 900 and 300 → mean = median = 600,
    // p90: h = 0.9 → 300 + 0.9 · 600 = 840.
    assert_eq!((row.offpeak.tickets, row.offpeak.responded), (3, 2));
    assert_eq!(row.offpeak.mean, Some(600.0));
    assert_eq!(row.offpeak.median, Some(600.0));
    assert!((row.offpeak.p90.expect("p90") - 840.0).abs() < 1e-9);

    // Top 2 %: ceil(3.36) = 4 slots: Thu 14, Mon 10, Sat 09, then Tue 10 and Wed 11 tie at 0.5
    // and the earlier, Tue 10, is taken.
    let r = peak(&tickets(TWO_WEEKS), &options(PeakSelection::Top(2))).expect("computes");
    assert_eq!(
        r.rows[0].peak_slots.iter().collect::<Vec<_>>(),
        vec![MON_10, TUE_10, THU_14, SAT_09]
    );
}

#[test]
fn hand_worked_queue() {
    let r = peak(&tickets(TWO_WEEKS), &options(PeakSelection::Top(1))).expect("computes");
    let q = r.rows[0].queue;
    // Waits: 1 [03-18 10:05, 10:25), 2 [10:40, 11:40), 4 [03-19 10:30, 10:45),
    // 5 [03-21 14:00, 14:30), 6 [03-21 14:20, as_of) (never answered),
    // 7 [03-23 09:00, 09:05), 3 [03-25 10:10, 10:20), 8 [03-27 11:00, as_of) (its answer at
    // 13:00 comes after as_of 12:00). At most two wait at once: 5 and 6 from Thu 14:20 (first),
    // later 6 and 8 from Wed 11:00.
    assert_eq!(q.max, 2);
    assert_eq!(q.max_at, Some(utc("2024-03-21 14:20")));
    // Peak instants: Mon 03-18 10-11, Thu 03-21 14-15, Mon 03-25 10-11 = 10 800 s.
    // Waiting in them: 03-18: 1 for 1200 s + 2 for 1200 s = 2400; 03-21: 5 for 1800 s + 6 for
    // 2400 s = 4200; 03-25: 6 all hour 3600 s + 3 for 600 s = 4200. 10 800 / 10 800 = 1.
    assert_eq!(q.mean_peak, Some(1.0));
    assert_eq!(r.queue_from, utc("2024-03-18 00:00"));
    assert_eq!(r.queue_to, utc("2024-03-27 12:00"));
}

#[test]
fn each_group_has_its_own_peak_and_queue() {
    let opts = PeakOptions {
        group_by: vec![GroupKey::Team],
        ..options(PeakSelection::Top(1))
    };
    let r = peak(&tickets(TWO_WEEKS), &opts).expect("computes");
    let names: Vec<Option<&str>> = r.rows.iter().map(|r| r.group[0].as_deref()).collect();
    assert_eq!(names, vec![Some("L1"), Some("L2")]);
    let (l1, l2) = (&r.rows[0], &r.rows[1]);
    // L1: Mon 10 (1.5) and Tue 10 (0.5), every other slot 0. L2: Thu 14 (2.0), Sat 09 (1.0).
    assert_eq!(
        l1.peak_slots.iter().collect::<Vec<_>>(),
        vec![MON_10, TUE_10]
    );
    assert_eq!(
        l2.peak_slots.iter().collect::<Vec<_>>(),
        vec![THU_14, SAT_09]
    );
    // L1 is all peak; L2's peak holds 5, 6, 7 (3 of 4).
    assert_eq!(l1.peak_arrivals_share_pct, Some(100.0));
    assert_eq!(l2.peak_arrivals_share_pct, Some(75.0));
    assert_eq!(l1.offpeak, Wait::default());
    // L1's tickets never overlap: the first wait, 03-18 10:05, is its deepest queue (1).
    assert_eq!(
        (l1.queue.max, l1.queue.max_at),
        (1, Some(utc("2024-03-18 10:05")))
    );
    assert_eq!(
        (l2.queue.max, l2.queue.max_at),
        (2, Some(utc("2024-03-21 14:20")))
    );
    assert_eq!(l1.tickets + l2.tickets, 8);
}

#[test]
fn an_explicit_window_is_the_peak() {
    let window: HourSlots = "Mon-Fri 10:00-12:00".parse().expect("a window");
    let r = peak(&tickets(TWO_WEEKS), &options(PeakSelection::Window(window))).expect("computes");
    let row = &r.rows[0];
    assert_eq!(row.peak_slots, window);
    assert_eq!(row.heatmap.iter().filter(|c| c.is_peak).count(), 10);
    // In the window: 1, 2, 3 (Mon 10), 4 (Tue 10), 8 (Wed 11); off: 5, 6, 7.
    assert_eq!((row.peak.tickets, row.offpeak.tickets), (5, 3));
    // Answered in the window: 1200, 3600, 600, 900 → mean 1575, median (900 + 1200) / 2 = 1050.
    assert_eq!(row.peak.mean, Some(1575.0));
    assert_eq!(row.peak.median, Some(1050.0));
}

#[test]
fn the_same_instants_in_moscow_land_three_hours_later() {
    let csv = "id,created_at,first_response_at\n\
        1,2024-03-18T10:05:00Z,2024-03-18T10:25:00Z\n\
        2,2024-03-18T22:30:00Z,2024-03-18T23:00:00Z\n";
    let opts = PeakOptions::default();
    let in_utc = peak(&tickets(csv), &opts).expect("computes");
    let in_moscow = peak(&load(csv, chrono_tz::Europe::Moscow), &opts).expect("computes");
    let busy = |r: &PeakReport| -> Vec<(u8, u8)> {
        r.rows[0]
            .heatmap
            .iter()
            .filter(|c| c.tickets > 0)
            .map(|c| (c.weekday, c.hour))
            .collect()
    };
    // UTC: Monday 10:00 and Monday 22:00. Moscow (UTC+3): Monday 13:00 and Tuesday 01:00.
    assert_eq!(busy(&in_utc), vec![(0, 10), (0, 22)]);
    assert_eq!(busy(&in_moscow), vec![(0, 13), (1, 1)]);
    // The queue's instants are the same instants in both zones.
    assert_eq!(in_utc.rows[0].queue.max_at, in_moscow.rows[0].queue.max_at);
}

#[test]
fn a_ticket_closed_without_an_answer_leaves_the_queue_when_closed() {
    // 1 waits 10:00–10:30 (closed unanswered); 2 waits 10:10 until as_of 12:00 (still open);
    // 3 has its answer before creation: a data error, out of the queue and out of the FRTs.
    let csv = "id,created_at,first_response_at,resolved_at\n\
        1,2024-03-18 10:00,,2024-03-18 10:30\n\
        2,2024-03-18 10:10,,\n\
        3,2024-03-18 10:20,2024-03-18 10:15,\n";
    let opts = PeakOptions {
        as_of: Some(utc("2024-03-18 12:00")),
        peak: PeakSelection::Window("Mon 10:00-11:00".parse().expect("window")),
        ..PeakOptions::default()
    };
    let row = peak(&tickets(csv), &opts).expect("computes").rows[0].clone();
    assert_eq!(
        (row.queue.max, row.queue.max_at),
        (2, Some(utc("2024-03-18 10:10")))
    );
    // Peak hour 10:00–11:00: 1 waits 1800 s, 2 waits 3000 s → 4800 / 3600 = 1.333…
    assert!((row.queue.mean_peak.expect("mean") - 4800.0 / 3600.0).abs() < 1e-12);
    assert_eq!((row.peak.tickets, row.peak.responded), (3, 0));
}

#[test]
fn dates_without_a_time_of_day_give_no_peak_figures() {
    // Three tickets created on two days, no time of day: "100% of arrivals at peak" would be an
    // artefact of every ticket sitting at 00:00. No rows, and the reason.
    let t = tickets("id,created_at\n1,2024-03-18\n2,2024-03-19\n3,2024-03-19\n");
    let r = peak(&t, &PeakOptions::default()).expect("computes");
    assert!(r.rows.is_empty());
    assert_eq!(r.unavailable.as_deref(), Some(NO_TIME_OF_DAY));
    // Midnight written out is a time of day: figures as usual.
    let t = tickets("id,created_at\n1,2024-03-18 00:00\n2,2024-03-19 00:00\n");
    let r = peak(&t, &PeakOptions::default()).expect("computes");
    assert_eq!((r.unavailable.as_deref(), r.total_tickets()), (None, 2));
}

#[test]
fn an_abandoned_call_leaves_the_queue_when_abandoned() {
    // A call centre's export: 1 answered at 10:05; 2 and 3 hang up at 10:02 and 10:04, never
    // answered and never "resolved". Without abandoned_at they would wait until as_of (12:00)
    // and the queue would stay at 2 all morning. The queue: 1 from 10:00, 2 from 10:01, 3 from
    // 10:03 → 3 at 10:03; 2 leaves at 10:02 — so 10:00 1, 10:01 2, 10:02 1, 10:03 2, 10:04 1,
    // 10:05 0. Deepest 2, first reached at 10:01.
    let csv = "id,created_at,first_response_at,abandoned_at\n\
        1,2024-03-18 10:00,2024-03-18 10:05,\n\
        2,2024-03-18 10:01,,2024-03-18 10:02\n\
        3,2024-03-18 10:03,,2024-03-18 10:04\n";
    let opts = PeakOptions {
        as_of: Some(utc("2024-03-18 12:00")),
        peak: PeakSelection::Window("Mon 10:00-11:00".parse().expect("window")),
        ..PeakOptions::default()
    };
    let row = peak(&tickets(csv), &opts).expect("computes").rows[0].clone();
    assert_eq!(
        (row.queue.max, row.queue.max_at),
        (2, Some(utc("2024-03-18 10:01")))
    );
    // Peak hour 10:00–11:00: waits 300 + 60 + 60 = 420 s → 420 / 3600 calls on average.
    assert!((row.queue.mean_peak.expect("mean") - 420.0 / 3600.0).abs() < 1e-12);
}

#[test]
fn the_days_are_clipped_to_the_export_and_to_as_of() {
    // --from long before the first ticket and --to long after as_of: the days run from the
    // first ticket's day (Mon 03-18) to as_of's day (Wed 03-27).
    let opts = PeakOptions {
        period: PeriodSpec::Range {
            from: Some(chrono_date(2024, 1, 1)),
            to: Some(chrono_date(2024, 6, 1)),
        },
        ..options(PeakSelection::Top(10))
    };
    let r = peak(&tickets(TWO_WEEKS), &opts).expect("computes");
    assert_eq!(r.weekday_days, [2, 2, 2, 1, 1, 1, 1]);
    // One ISO week: the second, partial at as_of (Mon–Wed): tickets 3 and 8.
    let week = PeakOptions {
        period: PeriodSpec::Week("2024-W13".parse().expect("week")),
        ..options(PeakSelection::Top(10))
    };
    let r = peak(&tickets(TWO_WEEKS), &week).expect("computes");
    assert_eq!(r.weekday_days, [1, 1, 1, 0, 0, 0, 0]);
    assert_eq!(r.total_tickets(), 2);
    // A Thursday slot cannot be measured in a week that stopped on Wednesday.
    assert_eq!(r.rows[0].heatmap[THU_14].arrivals_per_week, None);
    // Top 10 % is 17 slots whatever the data.
    assert_eq!(r.rows[0].peak_slots.len(), 17);
}

#[test]
fn hours_after_as_of_on_its_day_have_not_occurred() {
    // Two Mondays, 03-18 and 03-25, with a ticket at 09:00 and at 15:00 each, and as_of on
    // Monday 03-25 at 10:30: Monday 09:00 occurred twice (2 tickets / 2 = 1 a week); Monday
    // 15:00 only once, and its one ticket (03-18) is 1 a week too. The ticket of 03-25 15:00
    // comes after as_of: it does not exist yet.
    let csv = "id,created_at\n1,2024-03-18 09:00\n2,2024-03-18 15:00\n\
        3,2024-03-25 09:00\n4,2024-03-25 15:00\n";
    let opts = PeakOptions {
        as_of: Some(utc("2024-03-25 10:30")),
        ..PeakOptions::default()
    };
    let r = peak(&tickets(csv), &opts).expect("computes");
    assert_eq!(
        (r.slot_days[9], r.slot_days[10], r.slot_days[11]),
        (2, 2, 1)
    );
    let row = &r.rows[0];
    assert_eq!(row.heatmap[9].arrivals_per_week, Some(1.0));
    assert_eq!(row.heatmap[15].arrivals_per_week, Some(1.0));
    assert_eq!(row.tickets, 3);
}

#[test]
fn an_empty_period_has_no_rows() {
    let opts = PeakOptions {
        period: PeriodSpec::Week("2020-W01".parse().expect("week")),
        ..PeakOptions::default()
    };
    assert!(
        peak(&tickets(TWO_WEEKS), &opts)
            .expect("computes")
            .rows
            .is_empty()
    );
    let empty = tickets("id,created_at\n");
    assert!(
        peak(&empty, &PeakOptions::default())
            .expect("computes")
            .rows
            .is_empty()
    );
}

#[test]
fn time_keys_and_bad_percentages_are_refused() {
    let t = tickets(TWO_WEEKS);
    let by_week = PeakOptions {
        group_by: vec![GroupKey::Week],
        ..PeakOptions::default()
    };
    let e = peak(&t, &by_week).expect_err("week is not a peak group");
    assert_eq!(e.kind(), crate::ErrorKind::InvalidUsage);
    assert!(e.to_string().contains("team, channel"), "{e}");
    let zero = PeakOptions {
        peak: PeakSelection::Top(0),
        ..PeakOptions::default()
    };
    assert!(peak(&t, &zero).is_err());
}

fn chrono_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// Random tickets: created within four weeks from Wednesday 2024-03-06 00:00 UTC, with an
/// optional FRT (sometimes negative) and an optional team.
fn random_csv(rows: &[(i64, Option<i64>, Option<u8>)]) -> String {
    const BASE: i64 = 1_709_683_200; // 2024-03-06T00:00:00Z, a Wednesday
    let stamp = |t: i64| {
        chrono::DateTime::from_timestamp(BASE + t, 0)
            .expect("in range")
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let mut out = String::from("id,created_at,first_response_at,team\n");
    for (i, (created, frt, team)) in rows.iter().enumerate() {
        out.push_str(&format!(
            "T{i},{},{},{}\n",
            stamp(*created),
            frt.map(|d| stamp(created + d)).unwrap_or_default(),
            team.map(|t| format!("team {t}")).unwrap_or_default(),
        ));
    }
    out
}

fn random_rows() -> impl Strategy<Value = Vec<(i64, Option<i64>, Option<u8>)>> {
    prop::collection::vec(
        (
            0i64..28 * 86_400,
            prop::option::weighted(0.8, -600i64..50_000),
            prop::option::weighted(0.8, 0u8..3),
        ),
        1..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arrivals_per_week_times_occurrences_add_up_to_the_tickets(
        rows in random_rows(),
        from in 0i64..20,
        span in 1i64..30,
        grouped in any::<bool>(),
    ) {
        let t = tickets(&random_csv(&rows));
        let first = day_number(chrono_date(2024, 3, 6));
        let opts = PeakOptions {
            group_by: if grouped { vec![GroupKey::Team] } else { Vec::new() },
            period: PeriodSpec::Range {
                from: Some(crate::period::date_of_day(first + from)),
                to: Some(crate::period::date_of_day(first + from + span)),
            },
            ..PeakOptions::default()
        };
        let r = peak(&t, &opts).expect("computes");
        let mut all = 0u64;
        for row in &r.rows {
            let mut sum = 0.0;
            for cell in &row.heatmap {
                let days = r.slot_days[cell.slot()];
                match cell.arrivals_per_week {
                    Some(v) => sum += v * days as f64,
                    None => prop_assert_eq!((days, cell.tickets), (0, 0)),
                }
            }
            prop_assert!((sum - row.tickets as f64).abs() < 1e-9, "{} vs {}", sum, row.tickets);
            prop_assert_eq!(row.peak.tickets + row.offpeak.tickets, row.tickets);
            all += row.tickets;
        }
        // The rows hold every ticket of the period, each once.
        let ungrouped = peak(&t, &PeakOptions { group_by: Vec::new(), ..opts.clone() }).expect("computes");
        prop_assert_eq!(all, ungrouped.total_tickets());
    }

    #[test]
    fn the_peak_has_ceil_168_p_over_100_slots(rows in random_rows(), percent in 1u32..=100) {
        let t = tickets(&random_csv(&rows));
        let r = peak(&t, &PeakOptions { peak: PeakSelection::Top(percent), ..PeakOptions::default() })
            .expect("computes");
        let expected = (168 * percent as usize).div_ceil(100);
        for row in &r.rows {
            prop_assert_eq!(row.peak_slots.len(), expected);
            prop_assert_eq!(row.heatmap.iter().filter(|c| c.is_peak).count(), expected);
            // No slot outside the peak has more arrivals per week than one inside it.
            let low = row.heatmap.iter().filter(|c| c.is_peak).filter_map(|c| c.arrivals_per_week)
                .fold(f64::INFINITY, f64::min);
            let high = row.heatmap.iter().filter(|c| !c.is_peak).filter_map(|c| c.arrivals_per_week)
                .fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(expected == 168 || high <= low);
        }
    }

    #[test]
    fn the_queue_is_never_negative_and_matches_a_count_by_hand(
        waits in prop::collection::vec((0i64..2_000, 0i64..500), 0..40),
        start in 0i64..1_000,
        length in 0i64..2_500,
    ) {
        let mut joins: Vec<i64> = waits.iter().map(|(c, _)| *c).collect();
        let mut leaves: Vec<i64> = waits.iter().map(|(c, d)| c + d).collect();
        joins.sort_unstable();
        leaves.sort_unstable();
        let end = start + length;
        let mut covered = start;
        walk(&joins, &leaves, start, end, |from, to, queue| {
            assert!(queue >= 0, "negative queue {queue} at {from}");
            assert_eq!(from, covered, "the stretches leave a gap");
            assert!(to > from);
            // At any instant of the stretch, the tickets with join ≤ t < leave.
            let by_hand = waits.iter().filter(|(c, d)| *c <= from && from < c + d).count() as i64;
            assert_eq!(queue, by_hand, "at {from}");
            covered = to;
        });
        prop_assert_eq!(covered, end);
        // The time-weighted mean over "peak" = every instant equals the total wait inside the
        // window over its length (the integral of a sum is the sum of the integrals).
        let clock = PeakClock::new(start, end, |t| t);
        let q = sweep(&joins, &leaves, &clock.prefix(&HourSlots::all()));
        let inside: i64 = waits.iter().map(|(c, d)| ((c + d).min(end) - (*c).max(start)).max(0)).sum();
        match q.mean_peak {
            Some(mean) => prop_assert!((mean - inside as f64 / length as f64).abs() < 1e-9),
            None => prop_assert_eq!(length, 0),
        }
    }
}
