//! Tests of the response-time metrics: hand-worked statistics on small CSV inputs.

use super::*;
use crate::ingest::{IngestOptions, Input, load_tickets};

fn tickets(csv: &str) -> Tickets {
    load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
    .expect("loads")
}

/// Four tickets answered after 60, 120, 180 and 240 seconds.
const FOUR: &str = "id,created_at,first_response_at,resolved_at,agent,priority\n\
    1,2024-03-18 10:00:00,2024-03-18 10:01:00,2024-03-18 11:00:00,Anna,urgent\n\
    2,2024-03-18 10:00:00,2024-03-18 10:02:00,,Anna,urgent\n\
    3,2024-03-18 10:00:00,2024-03-18 10:03:00,2024-03-18 12:00:00,Ivan,normal\n\
    4,2024-03-18 10:00:00,2024-03-18 10:04:00,,,normal\n";

#[test]
fn hand_worked_frt_statistics() {
    let r = response(&tickets(FOUR), &ResponseOptions::default()).expect("computes");
    assert_eq!(r.rows.len(), 1);
    let row = &r.rows[0];
    assert_eq!((row.tickets, row.responded, row.unresponded), (4, 4, 0));
    // mean (60 + 120 + 180 + 240) / 4 = 150; median (120 + 180) / 2 = 150;
    // p90: h = 0.9 · 3 = 2.7 → 180 + 0.7 · 60 = 222; p95: h = 2.85 → 180 + 0.85 · 60 = 231.
    assert_eq!(row.frt.mean, Some(150.0));
    assert_eq!(row.frt.median, Some(150.0));
    assert!((row.frt.p90.expect("p90") - 222.0).abs() < 1e-9);
    assert!((row.frt.p95.expect("p95") - 231.0).abs() < 1e-9);
    assert_eq!(row.frt.max, Some(240.0));
    // resolved after 3600 and 7200 s: mean = median = 5400.
    assert_eq!(row.resolved, 2);
    assert_eq!(row.resolution.median, Some(5400.0));
    // all four answered within their targets (urgent 1h, normal 8h).
    assert_eq!(
        row.sla,
        SlaCounts {
            met: 4,
            breached: 0,
            pending: 0,
            met_pct: Some(100.0)
        }
    );
}

#[test]
fn groups_sort_by_name_with_empty_last() {
    let options = ResponseOptions {
        group_by: vec![GroupKey::Agent],
        ..ResponseOptions::default()
    };
    let r = response(&tickets(FOUR), &options).expect("computes");
    let names: Vec<Option<&str>> = r.rows.iter().map(|r| r.group[0].as_deref()).collect();
    assert_eq!(names, vec![Some("Anna"), Some("Ivan"), None]);
    assert_eq!(r.rows[0].tickets, 2);
    // Anna: 60 and 120 s → median 90.
    assert_eq!(r.rows[0].frt.median, Some(90.0));
}

#[test]
fn invalid_order_drops_only_the_bad_duration() {
    let csv = "id,created_at,first_response_at,resolved_at\n\
        1,2024-03-18 10:00,2024-03-18 09:00,2024-03-18 12:00\n\
        2,2024-03-18 10:00,2024-03-18 10:30,2024-03-18 09:00\n\
        3,2024-03-18 10:00,,\n";
    let r = response(&tickets(csv), &ResponseOptions::default()).expect("computes");
    let row = &r.rows[0];
    // ticket 1: FRT −1h dropped, resolution 2h kept; ticket 2: FRT 30m kept, resolution dropped.
    assert_eq!(row.invalid_order, 2);
    assert_eq!((row.responded, row.unresponded), (1, 1));
    assert_eq!(row.frt.median, Some(1800.0));
    assert_eq!(row.resolved, 1);
    assert_eq!(row.resolution.median, Some(7200.0));
}

#[test]
fn sla_met_breached_pending_at_as_of() {
    // Targets: urgent 1h. as_of = 2024-03-18 12:00.
    let csv = "id,created_at,first_response_at,priority\n\
        1,2024-03-18 10:00,2024-03-18 10:59,urgent\n\
        2,2024-03-18 10:00,2024-03-18 11:01,urgent\n\
        3,2024-03-18 10:00,,urgent\n\
        4,2024-03-18 11:30,,urgent\n\
        5,2024-03-18 11:30,,weird\n";
    let t = tickets(csv);
    let as_of = t
        .frame()
        .column("created_at")
        .expect("col")
        .i64()
        .expect("i64")
        .get(0)
        .expect("v")
        + 2 * 3600;
    let options = ResponseOptions {
        as_of: Some(as_of),
        ..ResponseOptions::default()
    };
    let row = response(&t, &options).expect("computes").rows[0].clone();
    // 1: answered in 59 min → met; 2: in 61 min → breached; 3: open 2h > 1h → breached;
    // 4: open 30 min → pending; 5: no target for "weird" → outside the SLA.
    assert_eq!((row.sla.met, row.sla.breached, row.sla.pending), (1, 2, 1));
    // met % = 1 / (1 + 2) · 100 = 33.33…
    assert!((row.sla.met_pct.expect("pct") - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn as_of_sees_the_data_as_it_stood_then() {
    // as_of = 2024-03-18 10:10: ticket 1's reply at 10:20 has not happened yet, ticket 2
    // does not exist yet; ticket 1 is unanswered, 10 min old, inside its 1 h target.
    let csv = "id,created_at,first_response_at,resolved_at,priority\n\
        1,2024-03-18 10:00,2024-03-18 10:20,2024-03-18 10:30,urgent\n\
        2,2024-03-18 11:00,2024-03-18 11:05,,urgent\n";
    let t = tickets(csv);
    let ten_past_ten = 19800 * 86400 + 10 * 3600 + 600;
    let options = ResponseOptions {
        as_of: Some(ten_past_ten),
        ..ResponseOptions::default()
    };
    let row = response(&t, &options).expect("computes").rows[0].clone();
    assert_eq!(
        (row.tickets, row.responded, row.unresponded, row.resolved),
        (1, 0, 1, 0)
    );
    assert_eq!((row.sla.met, row.sla.breached, row.sla.pending), (0, 0, 1));
    // By default as_of is the latest creation (11:00), and every recorded reply counts, the
    // one at 11:05 too: both tickets, both answered.
    let row = response(&t, &ResponseOptions::default())
        .expect("computes")
        .rows[0]
        .clone();
    assert_eq!((row.tickets, row.responded), (2, 2));
}

#[test]
fn buckets_have_inclusive_lower_bounds() {
    let csv = "id,created_at,first_response_at\n\
        1,2024-03-18 00:00:00,2024-03-18 00:59:59\n\
        2,2024-03-18 00:00:00,2024-03-18 01:00:00\n\
        3,2024-03-18 00:00:00,2024-03-19 00:00:00\n\
        4,2024-03-18 00:00:00,\n";
    let d = frt_distribution(&tickets(csv), &ResponseOptions::default()).expect("computes");
    let counts: Vec<(&str, u64)> = d.rows.iter().map(|r| (r.bucket, r.tickets)).collect();
    // 3599 s → 0-1h; 3600 s → 1-4h; 86 400 s → 24h+; the unanswered ticket is in none.
    assert_eq!(
        counts,
        vec![
            ("0-1h", 1),
            ("1-4h", 1),
            ("4-8h", 0),
            ("8-24h", 0),
            ("24h+", 1)
        ]
    );
    assert!((d.rows[0].share_pct.expect("share") - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn week_attribution_uses_the_local_zone() {
    // Sunday 2024-03-17 22:30 UTC is Monday 01:30 in Moscow: week 12 there, week 11 in UTC.
    let csv = "id,created_at,first_response_at\n1,2024-03-17T22:30:00Z,2024-03-17T23:00:00Z\n";
    let options = ResponseOptions {
        group_by: vec![GroupKey::Week, GroupKey::Day, GroupKey::Month],
        ..ResponseOptions::default()
    };
    let utc = response(&tickets(csv), &options).expect("computes");
    assert_eq!(
        utc.rows[0].group,
        vec![
            Some("2024-W11".into()),
            Some("2024-03-17".into()),
            Some("2024-03".into())
        ]
    );
    let moscow = load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions {
            tz: chrono_tz::Europe::Moscow,
            ..IngestOptions::default()
        },
    )
    .expect("loads");
    let r = response(&moscow, &options).expect("computes");
    assert_eq!(r.rows[0].group[0].as_deref(), Some("2024-W12"));
    assert_eq!(r.rows[0].group[1].as_deref(), Some("2024-03-18"));
}

#[test]
fn period_filters_by_local_creation_day() {
    let csv = "id,created_at\n1,2024-03-17 23:59\n2,2024-03-18 00:00\n3,2024-03-24 23:59\n4,2024-03-25 00:00\n";
    let week = ResponseOptions {
        period: PeriodSpec::Week("2024-W12".parse().expect("week")),
        ..ResponseOptions::default()
    };
    assert_eq!(
        response(&tickets(csv), &week).expect("computes").rows[0].tickets,
        2
    );
    let empty = ResponseOptions {
        period: PeriodSpec::Week("2020-W01".parse().expect("week")),
        group_by: vec![GroupKey::Week],
        ..ResponseOptions::default()
    };
    assert!(
        response(&tickets(csv), &empty)
            .expect("computes")
            .rows
            .is_empty()
    );
    // Without groups too, an empty period has no rows (not a row of zeros).
    let ungrouped = ResponseOptions {
        period: PeriodSpec::Week("2020-W01".parse().expect("week")),
        ..ResponseOptions::default()
    };
    assert!(
        response(&tickets(csv), &ungrouped)
            .expect("computes")
            .rows
            .is_empty()
    );
}
