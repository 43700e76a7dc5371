//! Tests of the plan/fact figures: a hand-worked week, absences, the period.

use super::*;
use crate::ingest::{IngestOptions, Input, load_daily};

fn reports(csv: &str) -> Daily {
    load_daily(
        Input::from_reader("daily.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
    .expect("loads")
}

/// Anna's week 2024-W12 (Monday 18 to Friday 22 March) and the Monday after.
const WEEK: &str = "employee,date,plan_status,late_minutes,absence\n\
    Anna,2024-03-18,done,0,\n\
    Anna,2024-03-19,done,12,\n\
    Anna,2024-03-20,partial,0,\n\
    Anna,2024-03-21,not_done,33,\n\
    Anna,2024-03-22,,,day_off\n\
    anna,2024-03-18,done,,\n\
    Anna,2024-03-25,,,sick\n";

#[test]
fn a_hand_worked_week() {
    let r = daily(&reports(WEEK), &DailyOptions::default()).expect("computes");
    // Anna before anna (same letters, upper case first), then weeks in order.
    let keys: Vec<(&str, String)> = r
        .rows
        .iter()
        .map(|r| (r.employee.as_str(), r.week.to_string()))
        .collect();
    assert_eq!(
        keys,
        [
            ("Anna", "2024-W12".to_owned()),
            ("Anna", "2024-W13".to_owned()),
            ("anna", "2024-W12".to_owned())
        ]
    );
    let w12 = &r.rows[0];
    // Five reports, one of them a day off: four days worked.
    assert_eq!((w12.days_reported, w12.worked_days), (5, 4));
    // Done 2 of 4 = 50 %, partial 1 of 4 = 25 %, not done 1 of 4 = 25 %.
    assert_eq!((w12.done, w12.partial, w12.not_done), (2, 1, 1));
    assert_eq!(
        (w12.done_pct, w12.partial_pct, w12.not_done_pct),
        (Some(50.0), Some(25.0), Some(25.0))
    );
    // Late on Tuesday (12) and Thursday (33): 2 days, 45 minutes.
    assert_eq!((w12.late_days, w12.late_minutes), (2, 45.0));
    assert_eq!(
        (
            w12.absent_day_off,
            w12.absent_vacation,
            w12.absent_sick,
            w12.absent_days
        ),
        (1, 0, 0, 1)
    );
    // W13: one sick day and nothing worked: no plan shares.
    let w13 = &r.rows[1];
    assert_eq!(
        (w13.days_reported, w13.worked_days, w13.absent_sick),
        (1, 0, 1)
    );
    assert_eq!(w13.done_pct, None);
}

#[test]
fn the_period_selects_the_days() {
    let options = DailyOptions {
        period: PeriodSpec::LastWeeks(1),
        ..DailyOptions::default()
    };
    // The latest day is 2024-03-25 (W13): only that week.
    let r = daily(&reports(WEEK), &options).expect("computes");
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].week.to_string(), "2024-W13");
    let options = DailyOptions {
        period: PeriodSpec::Range {
            from: NaiveDate::from_ymd_opt(2024, 3, 19),
            to: NaiveDate::from_ymd_opt(2024, 3, 21),
        },
        ..DailyOptions::default()
    };
    // 19 and 20 March of Anna: done and partial.
    let r = daily(&reports(WEEK), &options).expect("computes");
    assert_eq!((r.rows[0].done, r.rows[0].partial, r.rows.len()), (1, 1, 1));
}
