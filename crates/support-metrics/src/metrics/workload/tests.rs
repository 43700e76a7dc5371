//! Tests of the workload figures: hand-worked balance, overdue around `as_of`, empty weeks.

use super::*;
use crate::ingest::{IngestOptions, Input, load_surveys, load_tickets};

fn tickets(csv: &str) -> Tickets {
    load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
    .expect("loads")
}

/// `n` tickets of `agent` created on Monday 2024-03-18 (2024-W12), one a minute from 09:00.
fn rows_of(agent: &str, n: usize, first_id: usize) -> String {
    (0..n)
        .map(|i| format!("{},2024-03-18 09:{:02}:00,{agent}\n", first_id + i, i % 60))
        .collect()
}

#[test]
fn ten_ten_forty_is_the_issues_hand_worked_balance() {
    let csv = format!(
        "id,created_at,agent\n{}{}{}",
        rows_of("Anna", 10, 0),
        rows_of("Boris", 10, 100),
        rows_of("Clara", 40, 200)
    );
    let r = workload(&tickets(&csv), None, &WorkloadOptions::default()).expect("computes");
    let b = &r.balance[0];
    assert_eq!((b.agents, b.tickets, b.unassigned), (3, 60, 0));
    // mean = 60 / 3 = 20.
    assert_eq!(b.mean, Some(20.0));
    // deviations −10, −10, +20: variance (100 + 100 + 400) / 3 = 200; sd = √200 = 14.142.
    let sd = b.sd.expect("sd");
    assert!((sd - 200f64.sqrt()).abs() < 1e-9 && (sd - 14.14).abs() < 0.005);
    // CV = √200 / 20 = 1 / √2 = 0.7071.
    let cv = b.balance_cv.expect("cv");
    assert!((cv - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12 && (cv - 0.707).abs() < 0.0005);
    // max / min = 40 / 10 = 4.
    assert_eq!(b.max_min_ratio, Some(4.0));
    // Margin 25 %: above 25, below 15. Clara (40) is above; Anna and Boris (10) below.
    assert_eq!(b.above, ["Clara"]);
    assert_eq!(b.below, ["Anna", "Boris"]);
    // Shares: 10 / 60 = 16.667 %, 40 / 60 = 66.667 %.
    let shares: Vec<f64> = r.rows.iter().map(|r| r.share_pct.expect("share")).collect();
    assert!((shares[0] - 100.0 / 6.0).abs() < 1e-9);
    assert!((shares[2] - 200.0 / 3.0).abs() < 1e-9);
    let loads: Vec<Option<Load>> = r.rows.iter().map(|r| r.load).collect();
    assert_eq!(
        loads,
        [Some(Load::Below), Some(Load::Below), Some(Load::Above)]
    );
    // With a margin of 200 % nobody is far enough from the mean (20 ± 40).
    let wide = WorkloadOptions {
        margin_pct: 200.0,
        ..WorkloadOptions::default()
    };
    let r = workload(&tickets(&csv), None, &wide).expect("computes");
    assert!(r.balance[0].above.is_empty() && r.balance[0].below.is_empty());
}

/// Six tickets due at 12:00 on 2024-03-18, judged at 13:00 unless said otherwise.
const DUE: &str = "id,created_at,first_response_at,resolved_at,due_at,agent\n\
    1,2024-03-18 09:00,2024-03-18 09:10,2024-03-18 11:00,2024-03-18 12:00,Anna\n\
    2,2024-03-18 09:00,2024-03-18 09:20,2024-03-18 12:30,2024-03-18 12:00,Anna\n\
    3,2024-03-18 09:00,2024-03-18 09:30,,2024-03-18 12:00,Anna\n\
    4,2024-03-18 09:00,,,2024-03-18 14:00,Anna\n\
    5,2024-03-18 09:00,,2024-03-18 12:00,2024-03-18 12:00,Anna\n\
    6,2024-03-18 09:00,,,,Anna\n";

#[test]
fn overdue_around_as_of_with_open_and_resolved_tickets() {
    let at = |time: &str| {
        crate::ingest::TimestampParser::new(chrono_tz::Tz::UTC, None)
            .parse(time)
            .expect("a time")
            .utc
    };
    let options = |as_of: &str| WorkloadOptions {
        as_of: Some(at(as_of)),
        ..WorkloadOptions::default()
    };
    let t = tickets(DUE);
    // At 13:00: 1 resolved at 11:00, on time; 2 resolved at 12:30, late: overdue; 3 open past
    // 12:00: overdue; 4 open, due at 14:00: not yet; 5 resolved exactly at 12:00: on time;
    // 6 has no due date. Overdue 2 of the 5 with a due date: 40 %.
    let r = workload(&t, None, &options("2024-03-18 13:00")).expect("computes");
    let anna = &r.rows[0];
    assert_eq!((anna.tickets, anna.with_due, anna.overdue), (6, 5, 2));
    assert_eq!(anna.overdue_pct, Some(40.0));
    assert_eq!(anna.resolved, 3);
    // FRT of 1, 2, 3: 10, 20, 30 minutes; median 20 minutes = 1200 s.
    assert_eq!(anna.frt_median, Some(1200.0));

    // At 12:15: 2 is not resolved yet but past due (overdue), 3 too; 5 resolved at 12:00.
    let r = workload(&t, None, &options("2024-03-18 12:15")).expect("computes");
    assert_eq!(r.rows[0].overdue, 2);
    assert_eq!(r.rows[0].resolved, 2);

    // At 11:30: nothing is due yet; 1 is resolved.
    let r = workload(&t, None, &options("2024-03-18 11:30")).expect("computes");
    assert_eq!((r.rows[0].overdue, r.rows[0].resolved), (0, 1));

    // At 15:00: 4 is open past 14:00 too: 3 overdue of 5 = 60 %.
    let r = workload(&t, None, &options("2024-03-18 15:00")).expect("computes");
    assert_eq!(r.rows[0].overdue, 3);
    assert_eq!(r.rows[0].overdue_pct, Some(60.0));
}

#[test]
fn a_due_date_before_creation_is_counted_and_kept() {
    let csv = "id,created_at,resolved_at,due_at,agent\n\
        1,2024-03-18 09:00,2024-03-18 10:00,2024-03-18 08:00,Anna\n\
        2,2024-03-18 09:00,2024-03-18 10:00,2024-03-18 11:00,Anna\n";
    let t = tickets(csv);
    assert!(
        t.warnings()
            .iter()
            .any(|w| w.message.contains("due date before creation") && w.lines == [2])
    );
    let r = workload(&t, None, &WorkloadOptions::default()).expect("computes");
    assert_eq!(r.due_before_created, 1);
    // Resolved at 10:00, after its due date of 08:00: overdue as given.
    assert_eq!(r.rows[0].overdue, 1);
}

#[test]
fn an_agent_without_tickets_in_a_week_has_a_row_of_zeros() {
    // Anna works both weeks, Boris only W12; unassigned tickets are a row of their own.
    let csv = "id,created_at,first_response_at,agent\n\
        1,2024-03-18 09:00,2024-03-18 09:30,Anna\n\
        2,2024-03-18 09:00,,Boris\n\
        3,2024-03-19 09:00,,Boris\n\
        4,2024-03-25 09:00,,Anna\n\
        5,2024-03-25 09:00,,\n";
    let options = WorkloadOptions {
        group_by: vec![GroupKey::Agent, GroupKey::Week],
        ..WorkloadOptions::default()
    };
    let r = workload(&tickets(csv), None, &options).expect("computes");
    assert_eq!(r.group_by, [GroupKey::Week]);
    let rows: Vec<(&str, &str, u64)> = r
        .rows
        .iter()
        .map(|r| {
            (
                r.group[0].as_deref().unwrap_or("-"),
                r.agent.as_deref().unwrap_or("-"),
                r.tickets,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2024-W12", "Anna", 1),
            ("2024-W12", "Boris", 2),
            ("2024-W13", "Anna", 1),
            ("2024-W13", "Boris", 0),
            ("2024-W13", "-", 1),
        ]
    );
    // W13: Anna 1, Boris 0 → mean 0.5, sd 0.5, CV 1; max/min has no value (min 0).
    let w13 = &r.balance[1];
    assert_eq!((w13.agents, w13.tickets, w13.unassigned), (2, 1, 1));
    assert_eq!(
        (w13.mean, w13.sd, w13.balance_cv),
        (Some(0.5), Some(0.5), Some(1.0))
    );
    assert_eq!(w13.max_min_ratio, None);
    // Shares in W13 count the unassigned ticket: 1 / 2 = 50 % each, Boris 0 %.
    let shares: Vec<Option<f64>> = r.rows[2..].iter().map(|r| r.share_pct).collect();
    assert_eq!(shares, [Some(50.0), Some(0.0), Some(50.0)]);
    assert_eq!(r.rows[3].frt_median, None);
    assert_eq!(r.rows[4].load, None);
}

#[test]
fn csat_per_agent_comes_from_the_linked_answers() {
    let t = tickets(
        "id,created_at,resolved_at,agent\n\
         1,2024-03-18 09:00,2024-03-18 10:00,Anna\n\
         2,2024-03-18 09:00,2024-03-18 10:00,Anna\n\
         3,2024-03-18 09:00,2024-03-18 10:00,Boris\n",
    );
    let surveys = load_surveys(
        Input::from_reader(
            "s.csv",
            std::io::Cursor::new(
                "submitted_at,score,ticket_id\n\
                 2024-03-18 11:00,5,1\n\
                 2024-03-18 11:00,2,2\n\
                 2024-03-18 11:00,4,3\n",
            ),
        ),
        &IngestOptions::default(),
    )
    .expect("loads");
    let options = WorkloadOptions {
        scale: Some(Scale::OneToFive),
        ..WorkloadOptions::default()
    };
    let r = workload(&t, Some(&surveys), &options).expect("computes");
    // Anna: 5 and 2 → one of two satisfied, 50 %; Boris: 4 → 100 %.
    assert_eq!(r.rows[0].csat_pct, Some(50.0));
    assert_eq!(r.rows[0].csat_responses, Some(2));
    assert_eq!(r.rows[1].csat_pct, Some(100.0));
    assert_eq!(r.csat_scale, Some(Scale::OneToFive));

    // Without a scale, 2, 4, 5 could be on 1-10 too: CSAT is left out with a warning.
    let r = workload(&t, Some(&surveys), &WorkloadOptions::default()).expect("computes");
    assert_eq!(r.rows[0].csat_pct, None);
    assert!(
        r.warnings[0].message.contains("CSAT is left out"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn options_are_checked() {
    let t = tickets("id,created_at,agent\n1,2024-03-18 09:00,Anna\n");
    let by_channel = WorkloadOptions {
        group_by: vec![GroupKey::Channel],
        ..WorkloadOptions::default()
    };
    let err = workload(&t, None, &by_channel).unwrap_err();
    assert!(err.to_string().contains("week, team, site"), "{err}");
    let negative = WorkloadOptions {
        margin_pct: -5.0,
        ..WorkloadOptions::default()
    };
    assert!(workload(&t, None, &negative).is_err());
}
