use super::*;
use crate::ingest::{Criteria, IngestOptions, Input, load_scorecard};

/// A long-form scorecard with its maximums in the `max_points` column.
fn card(csv: &str) -> Scorecard {
    load_scorecard(
        Input::from_reader("scorecard.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
        None,
    )
    .expect("a valid scorecard")
}

fn card_with(csv: &str, criteria: &Criteria) -> Scorecard {
    load_scorecard(
        Input::from_reader("scorecard.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
        Some(criteria),
    )
    .expect("a valid scorecard")
}

fn week(label: &str) -> IsoWeek {
    label.parse().expect("a week label")
}

/// Weekly scores of one employee with a maximum of 80, in consecutive weeks from 2024-W01
/// (`None` leaves a week without a meeting).
fn series(scores: &[Option<f64>]) -> Vec<WeeklyScore> {
    scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.map(|score| WeeklyScore {
                employee: "E".to_owned(),
                week: week("2024-W01").offset(i as i64),
                meetings: 1,
                score,
                max_possible: 80.0,
                score_pct: score / 80.0 * 100.0,
            })
        })
        .collect()
}

fn weeks(scores: &[f64]) -> Vec<WeeklyScore> {
    series(&scores.iter().map(|s| Some(*s)).collect::<Vec<_>>())
}

/// The seed: two criteria (Requests, max 50; Independence, max 30: 80 in all) scored on Tuesdays
/// of 2024-W01..W03 as 35 + 25 = 60, 30 + 20 = 50, 28 + 17 = 45.
const SEED: &str = "employee,date,criterion,points,max_points\n\
    Ivan,2024-01-02,Requests,35,50\n\
    Ivan,2024-01-02,Independence,25,30\n\
    Ivan,2024-01-09,Requests,30,\n\
    Ivan,2024-01-09,Independence,20,\n\
    Ivan,2024-01-16,Requests,28,\n\
    Ivan,2024-01-16,Independence,17,\n";

#[test]
fn the_seed_60_50_45_is_declining_and_escalates() {
    let card = card(SEED);
    let weekly = weekly_scores(&card, &ScorecardOptions::default()).expect("computes");
    let scores: Vec<(String, f64, f64, f64)> = weekly
        .iter()
        .map(|w| (w.week.to_string(), w.score, w.max_possible, w.score_pct))
        .collect();
    assert_eq!(
        scores,
        [
            ("2024-W01".to_owned(), 60.0, 80.0, 75.0),
            ("2024-W02".to_owned(), 50.0, 80.0, 62.5),
            ("2024-W03".to_owned(), 45.0, 80.0, 56.25),
        ]
    );
    let trend = &trends(&card, &ScorecardOptions::default()).expect("computes")[0];
    // Pairwise slopes −10, −7.5, −5 → −7.5 points/week; the threshold is 1 % of 80 = 0.8/week,
    // and −7.5 ≤ −0.8: declining, so the verdict is to escalate.
    assert_eq!(trend.slope_per_week, Some(-7.5));
    assert_eq!(trend.threshold_per_week, 0.8);
    assert_eq!(trend.trend, Trend::Declining);
    assert_eq!(trend.verdict, Verdict::Escalate);
    assert_eq!(
        (
            trend.weeks,
            trend.first_score,
            trend.last_score,
            trend.min_score,
            trend.max_score
        ),
        (3, 60.0, 45.0, 45.0, 60.0)
    );
    // S = −3, Var = 66/18, Z = −2/√3.667 = −1.0445, p = 0.2963 (see stats::tests).
    assert!((trend.mk_p_value.expect("three weeks") - 0.296_270).abs() < 1e-6);
    assert_eq!(trend.series, [Some(60.0), Some(50.0), Some(45.0)]);
}

#[test]
fn fifty_rising_to_sixty_four_over_ten_weeks_is_improving() {
    // 50, 51, 53, 54, 56, 57, 59, 60, 62, 64: of the 45 pairwise slopes 10 are below 1.5, 16 are
    // exactly 1.5 and 19 above, so the median (the 23rd) is 1.5 points/week ≥ 0.8: improving.
    let ten = weeks(&[50.0, 51.0, 53.0, 54.0, 56.0, 57.0, 59.0, 60.0, 62.0, 64.0]);
    let t = trend_of(&ten, &TrendThresholds::default());
    assert_eq!(t.slope_per_week, Some(1.5));
    assert_eq!(t.trend, Trend::Improving);
    // The last two weeks are 62/80 = 77.5 % and 64/80 = 80 %: not both at the 80 % target yet.
    assert_eq!(t.verdict, Verdict::Continue);
    // S = 45 (every pair rises), Var = 10·9·25/18 = 125, Z = 44/√125 = 3.935, p = 0.000083.
    assert!((t.mk_p_value.expect("ten weeks") - 0.000_083).abs() < 1e-6);

    // An eleventh week at 64: the last two are both 80 % of the maximum, close monitoring ends.
    let mut eleven = ten.clone();
    eleven.extend(series(
        &[None; 10]
            .into_iter()
            .chain([Some(64.0)])
            .collect::<Vec<_>>(),
    ));
    let t = trend_of(&eleven, &TrendThresholds::default());
    assert_eq!(t.slope_per_week, Some(1.5));
    assert_eq!(
        (t.trend, t.verdict),
        (Trend::Improving, Verdict::EndMonitoring)
    );
}

#[test]
fn two_weeks_are_insufficient() {
    let t = trend_of(&weeks(&[60.0, 40.0]), &TrendThresholds::default());
    assert_eq!(
        (t.trend, t.verdict),
        (Trend::Insufficient, Verdict::Insufficient)
    );
    // The slope is still reported: (40 − 60)/1 = −20.
    assert_eq!(t.slope_per_week, Some(-20.0));
    let one = trend_of(&weeks(&[60.0]), &TrendThresholds::default());
    assert_eq!((one.slope_per_week, one.mk_p_value), (None, None));
    assert_eq!(one.trend, Trend::Insufficient);
    // With --min-weeks 2 the two weeks make a (declining) trend.
    let two = TrendThresholds {
        min_weeks: 2,
        ..TrendThresholds::default()
    };
    let t = trend_of(&weeks(&[60.0, 40.0]), &two);
    assert_eq!((t.trend, t.verdict), (Trend::Declining, Verdict::Escalate));
}

#[test]
fn slopes_inside_the_threshold_are_stable() {
    // 60, 60.5, 60, 61: slopes 0.5, 0, 0.333, −0.5, 0.25, 1 → median (0.25 + 0.333)/2 = 0.29,
    // below 0.8: stable, continue.
    let t = trend_of(
        &weeks(&[60.0, 60.5, 60.0, 61.0]),
        &TrendThresholds::default(),
    );
    assert_eq!((t.trend, t.verdict), (Trend::Stable, Verdict::Continue));
    // A slope of exactly the threshold counts: +0.8 a week is improving.
    let t = trend_of(&weeks(&[60.0, 60.8, 61.6]), &TrendThresholds::default());
    assert_eq!(t.trend, Trend::Improving);
    // A higher threshold (2 % of 80 = 1.6/week) makes the same 1.5/week of the rising example
    // stable.
    let strict = TrendThresholds {
        slope_pct: 2.0,
        ..TrendThresholds::default()
    };
    let rising = weeks(&[50.0, 51.0, 53.0, 54.0, 56.0, 57.0, 59.0, 60.0, 62.0, 64.0]);
    assert_eq!(trend_of(&rising, &strict).trend, Trend::Stable);
    // A lower target (75 %) ends monitoring of the rising example: 62/80 = 77.5 %, 64/80 = 80 %.
    let lenient = TrendThresholds {
        target_pct: 75.0,
        ..TrendThresholds::default()
    };
    assert_eq!(trend_of(&rising, &lenient).verdict, Verdict::EndMonitoring);
}

#[test]
fn a_week_with_two_meetings_averages_them() {
    // W01: Tuesday 60 and Thursday 50 → (60 + 50)/2 = 55 from 2 meetings.
    let card = card(
        "employee,date,criterion,points,max_points\n\
         Anna,2024-01-02,Requests,60,80\n\
         Anna,2024-01-04,Requests,50,80\n\
         Anna,2024-01-09,Requests,56,80\n",
    );
    let weekly = weekly_scores(&card, &ScorecardOptions::default()).expect("computes");
    assert_eq!(weekly.len(), 2);
    assert_eq!(
        (weekly[0].meetings, weekly[0].score, weekly[0].score_pct),
        (2, 55.0, 68.75)
    );
    assert_eq!((weekly[1].meetings, weekly[1].score), (1, 56.0));
}

#[test]
fn a_week_without_a_meeting_is_a_gap_not_a_zero() {
    // 60 in W01, nothing in W02, 50 in W03, 45 in W04: x = 0, 2, 3.
    // Slopes (50 − 60)/2 = −5, (45 − 60)/3 = −5, (45 − 50)/1 = −5 → −5 points/week.
    let card = card(
        "employee,date,criterion,points,max_points\n\
         Anna,2024-01-02,Requests,60,80\n\
         Anna,2024-01-16,Requests,50,80\n\
         Anna,2024-01-23,Requests,45,80\n",
    );
    let weekly = weekly_scores(&card, &ScorecardOptions::default()).expect("computes");
    let labels: Vec<String> = weekly.iter().map(|w| w.week.to_string()).collect();
    assert_eq!(labels, ["2024-W01", "2024-W03", "2024-W04"]);
    let t = &trends(&card, &ScorecardOptions::default()).expect("computes")[0];
    assert_eq!(t.weeks, 3);
    assert_eq!(t.slope_per_week, Some(-5.0));
    assert_eq!(t.series, [Some(60.0), None, Some(50.0), Some(45.0)]);
    assert_eq!(t.verdict, Verdict::Escalate);
}

#[test]
fn a_meeting_scores_only_the_criteria_it_scored() {
    // Meeting 1: A 8/10 + B 15/20 = 23 of 30. Meeting 2 (next week) scores only A: 9 of 10.
    let card = card(
        "employee,date,criterion,points,max_points\n\
         Anna,2024-01-02,A,8,10\n\
         Anna,2024-01-02,B,15,20\n\
         Anna,2024-01-09,A,9,\n",
    );
    let weekly = weekly_scores(&card, &ScorecardOptions::default()).expect("computes");
    assert_eq!(
        (weekly[0].score, weekly[0].max_possible),
        (23.0, 30.0),
        "{weekly:?}"
    );
    assert_eq!((weekly[1].score, weekly[1].max_possible), (9.0, 10.0));
    // The reader warned about the partial meeting (line 4).
    assert_eq!(card.warnings().len(), 1);
    assert_eq!(card.warnings()[0].lines, [4]);
}

#[test]
fn the_period_and_the_employee_filter_select_meetings() {
    let card = card(&format!("{SEED}Olga,2024-01-03,Requests,40,\n"));
    let w02 = ScorecardOptions {
        period: PeriodSpec::Week(week("2024-W02")),
        ..ScorecardOptions::default()
    };
    let weekly = weekly_scores(&card, &w02).expect("computes");
    assert_eq!(weekly.len(), 1);
    assert_eq!(
        (weekly[0].employee.as_str(), weekly[0].score),
        ("Ivan", 50.0)
    );
    // The last two weeks, ending with the week of the latest meeting (2024-W03).
    let last_two = ScorecardOptions {
        period: PeriodSpec::LastWeeks(2),
        ..ScorecardOptions::default()
    };
    let labels: Vec<String> = weekly_scores(&card, &last_two)
        .expect("computes")
        .iter()
        .map(|w| format!("{} {}", w.employee, w.week))
        .collect();
    assert_eq!(labels, ["Ivan 2024-W02", "Ivan 2024-W03"]);
    // Employees sort by name; the filter matches ignoring case.
    let olga = ScorecardOptions {
        employees: vec!["olga".to_owned()],
        ..ScorecardOptions::default()
    };
    let rows = trends(&card, &olga).expect("computes");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].employee, "Olga");
    assert_eq!(rows[0].trend, Trend::Insufficient);
    let all = trends(&card, &ScorecardOptions::default()).expect("computes");
    let names: Vec<&str> = all.iter().map(|r| r.employee.as_str()).collect();
    assert_eq!(names, ["Ivan", "Olga"]);
}

#[test]
fn an_unknown_employee_names_the_ones_there_are() {
    let card = card(SEED);
    let options = ScorecardOptions {
        employees: vec!["Ivna".to_owned()],
        ..ScorecardOptions::default()
    };
    let err = weekly_scores(&card, &options).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage);
    let text = err.to_string();
    assert!(text.contains("--employee"), "{text}");
    assert!(text.contains("did you mean \"Ivan\"?"), "{text}");
    assert!(text.contains("the employees are: Ivan"), "{text}");
}

#[test]
fn thresholds_are_validated() {
    for bad in [
        TrendThresholds {
            slope_pct: 0.0,
            ..TrendThresholds::default()
        },
        TrendThresholds {
            target_pct: 120.0,
            ..TrendThresholds::default()
        },
        TrendThresholds {
            min_weeks: 1,
            ..TrendThresholds::default()
        },
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
    assert!(TrendThresholds::default().validate().is_ok());
}

/// Two criteria (A max 10, B max 20) for Анна Петрова over four weeks.
const CRITERIA_AB: &str = "criterion,max_points\nA,10\nB,20\n";

fn criteria_ab() -> Criteria {
    crate::ingest::load_criteria(
        Input::from_reader("criteria.csv", std::io::Cursor::new(CRITERIA_AB)),
        &IngestOptions::default(),
    )
    .expect("valid criteria")
}

const WIDE_AB: &str = "employee,date,A,B,note\n\
    Анна Петрова,2024-01-02,9,12,\n\
    Анна Петрова,2024-01-09,8,14,\n\
    Анна Петрова,2024-01-11,6,16,second meeting\n\
    Анна Петрова,2024-01-16,7,,B not scored\n\
    Анна Петрова,2024-01-23,5,18,\n\
    Иван,2024-01-02,10,20,\n";

const LONG_AB: &str = "employee,date,criterion,points,note\n\
    Анна Петрова,2024-01-02,A,9,\n\
    Анна Петрова,2024-01-02,B,12,\n\
    Анна Петрова,2024-01-09,A,8,\n\
    Анна Петрова,2024-01-09,B,14,\n\
    Анна Петрова,2024-01-11,A,6,second meeting\n\
    Анна Петрова,2024-01-11,B,16,\n\
    Анна Петрова,2024-01-16,A,7,B not scored\n\
    Анна Петрова,2024-01-23,A,5,\n\
    Анна Петрова,2024-01-23,B,18,\n\
    Иван,2024-01-02,A,10,\n\
    Иван,2024-01-02,B,20,\n";

#[test]
fn wide_and_long_forms_give_identical_results() {
    let criteria = criteria_ab();
    let wide = card_with(WIDE_AB, &criteria);
    let long = card_with(LONG_AB, &criteria);
    assert_eq!(wide.form(), crate::ingest::ScorecardForm::Wide);
    assert_eq!(long.form(), crate::ingest::ScorecardForm::Long);
    let options = ScorecardOptions::default();
    assert_eq!(
        weekly_scores(&wide, &options).expect("wide"),
        weekly_scores(&long, &options).expect("long")
    );
    assert_eq!(
        trends(&wide, &options).expect("wide"),
        trends(&long, &options).expect("long")
    );
    assert_eq!(
        breakdown(&wide, "Анна Петрова", &options).expect("wide"),
        breakdown(&long, "Анна Петрова", &options).expect("long")
    );
    // W02 had two meetings: (8 + 14 = 22 of 30) and (6 + 16 = 22 of 30) → 22 of 30 = 73.3 %.
    let weekly = weekly_scores(&wide, &options).expect("wide");
    let w02 = &weekly[1];
    assert_eq!(
        (w02.week, w02.meetings, w02.score),
        (week("2024-W02"), 2, 22.0)
    );
    // W03 scored only A: 7 of 10.
    assert_eq!((weekly[2].score, weekly[2].max_possible), (7.0, 10.0));
}

#[test]
fn the_breakdown_puts_the_biggest_recent_loss_first() {
    let card = card_with(WIDE_AB, &criteria_ab());
    let options = ScorecardOptions {
        loss_weeks: 2,
        ..ScorecardOptions::default()
    };
    let b = breakdown(&card, "анна петрова", &options).expect("computes");
    assert_eq!(b.employee, "Анна Петрова");
    let labels: Vec<String> = b.weeks.iter().map(ToString::to_string).collect();
    assert_eq!(labels, ["2024-W01", "2024-W02", "2024-W03", "2024-W04"]);
    // A by week: 9, (8 + 6)/2 = 7, 7, 5. The last two weeks (W03, W04) lose 10 − 7 = 3 and
    // 10 − 5 = 5: 4 on average, 40 % of 10.
    // B by week: 12, (14 + 16)/2 = 15, —, 18. In W03–W04 it was scored once, losing 20 − 18 = 2:
    // 2 on average, 10 % of 20. A loses more, so it comes first.
    assert_eq!(b.rows[0].criterion, "A");
    assert_eq!(
        b.rows[0].points,
        [Some(9.0), Some(7.0), Some(7.0), Some(5.0)]
    );
    assert_eq!(
        (b.rows[0].avg_points_lost, b.rows[0].lost_pct),
        (Some(4.0), Some(40.0))
    );
    assert_eq!(b.rows[1].criterion, "B");
    assert_eq!(b.rows[1].points, [Some(12.0), Some(15.0), None, Some(18.0)]);
    assert_eq!(
        (b.rows[1].avg_points_lost, b.rows[1].lost_pct),
        (Some(2.0), Some(10.0))
    );
    // Over the default four weeks: A loses (1 + 3 + 3 + 5)/4 = 3; B (8 + 5 + 2)/3 = 5: B first.
    let b = breakdown(&card, "Анна Петрова", &ScorecardOptions::default()).expect("computes");
    assert_eq!(b.rows[0].criterion, "B");
    assert_eq!(b.rows[0].avg_points_lost, Some(5.0));
    assert_eq!(b.rows[1].avg_points_lost, Some(3.0));
    // An unknown employee is a usage error naming the argument.
    let err = breakdown(&card, "Пётр", &options).unwrap_err();
    assert!(err.to_string().contains("EMPLOYEE"), "{err}");
}

#[test]
fn the_template_has_a_row_per_employee_and_a_column_per_criterion() {
    let card = card_with(WIDE_AB, &criteria_ab());
    let blank = template(&card, &ScorecardOptions::default(), false).expect("computes");
    let names: Vec<&str> = blank.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    let employees: Vec<&str> = blank.rows.iter().map(|r| r.employee.as_str()).collect();
    assert_eq!(employees, ["Анна Петрова", "Иван"]);
    assert!(blank.rows.iter().all(|r| r.points == [None, None]));

    // With the last week's points: Анна's W04 (A 5, B 18), Иван's W01 (A 10, B 20).
    let with_last = template(&card, &ScorecardOptions::default(), true).expect("computes");
    assert_eq!(with_last.rows[0].last_week, Some(week("2024-W04")));
    assert_eq!(with_last.rows[0].points, [Some(5.0), Some(18.0)]);
    assert_eq!(with_last.rows[1].points, [Some(10.0), Some(20.0)]);

    // Named employees: a known one and a newcomer with a blank row.
    let named = ScorecardOptions {
        employees: vec!["Иван".to_owned(), "Ольга".to_owned()],
        ..ScorecardOptions::default()
    };
    let sheet = template(&card, &named, true).expect("computes");
    let employees: Vec<&str> = sheet.rows.iter().map(|r| r.employee.as_str()).collect();
    assert_eq!(employees, ["Иван", "Ольга"]);
    assert_eq!(sheet.rows[1].points, [None, None]);
}
