//! Tests of CSAT and NPS: hand-worked figures on small inline exports.

use super::*;
use crate::ingest::surveys::{Answer, Label, load_surveys};
use crate::ingest::{IngestOptions, Input, load_tickets};

fn surveys(csv: &str) -> Surveys {
    load_surveys(
        Input::from_reader("s.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
    .expect("loads")
}

fn tickets(csv: &str) -> Tickets {
    load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
    .expect("loads")
}

/// A survey export with one answer per score, all on 2024-03-18 (Monday of 2024-W12).
fn answers(scores: &[&str]) -> Surveys {
    let mut csv = String::from("submitted_at,score\n");
    for (i, s) in scores.iter().enumerate() {
        csv.push_str(&format!("2024-03-18 10:{:02},{s}\n", i % 60));
    }
    surveys(&csv)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-4)
}

fn csat_of(s: &Surveys, scale: Option<Scale>) -> CsatReport {
    let options = CsatOptions {
        scale,
        ..CsatOptions::default()
    };
    csat(s, None, &options).expect("computes")
}

#[test]
fn hand_worked_csat_on_a_five_point_scale() {
    let s = answers(&["5", "5", "4", "4", "4", "5", "3", "2", "5", "4"]);
    let r = csat_of(&s, Some(Scale::OneToFive));
    assert_eq!(r.scale, Some(Scale::OneToFive));
    assert_eq!(r.satisfied_from, Some(4));
    assert_eq!(r.rows.len(), 1);
    let row = &r.rows[0];
    // Satisfied: the 4s and 5s, 8 of 10 → 80%.
    assert_eq!((row.responses, row.satisfied), (10, 8));
    assert_eq!(row.csat_pct, Some(80.0));
    // Wilson 95% for 8 of 10 (worked in stats.rs): [49.0157, 94.3319].
    assert!(close(row.ci_low_pct, 49.015_685), "{:?}", row.ci_low_pct);
    assert!(close(row.ci_high_pct, 94.331_905), "{:?}", row.ci_high_pct);
    // Mean (5+5+4+4+4+5+3+2+5+4) / 10 = 41 / 10 = 4.1.
    assert!(close(row.mean, 4.1));
    assert!(row.small_sample);
    // Without tickets there is no response rate.
    assert_eq!((row.resolved, row.response_rate_pct), (None, None));
    assert_eq!(r.rate_basis, None);
    assert_eq!(
        r.total,
        CsatRow {
            group: Vec::new(),
            ..row.clone()
        }
    );
}

#[test]
fn the_top_box_rule_on_each_scale() {
    // 1–10 and 0–10: 8, 9, 10 are satisfied, 7 is not → 3 of 5 = 60%.
    let r = csat_of(&answers(&["10", "9", "8", "7", "1"]), None);
    assert_eq!(r.scale, Some(Scale::OneToTen));
    assert_eq!(r.rows[0].satisfied, 3);
    let r = csat_of(&answers(&["10", "9", "8", "7", "0"]), None);
    assert_eq!(r.scale, Some(Scale::ZeroToTen));
    assert_eq!(r.rows[0].csat_pct, Some(60.0));
    // good/bad: good of 3 answers → 2 of 3; labels have no mean.
    let r = csat_of(&answers(&["good", "Good", "bad"]), None);
    assert_eq!(r.scale, Some(Scale::GoodBad));
    assert_eq!(r.rows[0].satisfied, 2);
    assert_eq!(r.rows[0].mean, None);
    // great/okay/not good: only great by default → 1 of 3.
    let s = answers(&["great", "okay", "not good"]);
    let r = csat_of(&s, None);
    assert_eq!(r.scale, Some(Scale::GreatOkayBad));
    assert_eq!(r.rows[0].satisfied, 1);
    // The threshold is configurable: okay and up → 2 of 3.
    let options = CsatOptions {
        satisfied: Some(Answer::Label(Label::Okay)),
        ..CsatOptions::default()
    };
    let r = csat(&s, None, &options).expect("computes");
    assert_eq!((r.satisfied_from, r.rows[0].satisfied), (Some(1), 2));
    // A threshold off the scale is a usage error.
    let options = CsatOptions {
        satisfied: Some(Answer::Number(4)),
        ..CsatOptions::default()
    };
    let err = csat(&s, None, &options).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage);
    assert!(err.to_string().contains("--satisfied"), "{err}");
}

#[test]
fn hand_worked_nps() {
    // {10, 9, 8, 7, 6}: promoters 2, passives 2, detractors 1 → (2 − 1) / 5 × 100 = 20.
    let r = nps(
        &answers(&["10", "9", "8", "7", "6"]),
        None,
        &NpsOptions::default(),
    )
    .expect("computes");
    let row = &r.rows[0];
    assert_eq!((row.promoters, row.passives, row.detractors), (2, 2, 1));
    assert_eq!(row.nps, Some(20.0));
    // p = 0.4, d = 0.2: 1.96 · √((0.6 − 0.04) / 5) · 100 = 65.594 (stats.rs).
    assert!(close(row.nps_moe, 65.594_146), "{:?}", row.nps_moe);
    assert_eq!(
        (row.promoters_pct, row.passives_pct, row.detractors_pct),
        (Some(40.0), Some(40.0), Some(20.0))
    );
    // {10, 8, 6, 4}: 1 promoter, 2 detractors → (1 − 2) / 4 × 100 = −25.
    let r = nps(
        &answers(&["10", "8", "6", "4"]),
        None,
        &NpsOptions::default(),
    )
    .expect("computes");
    assert_eq!(r.rows[0].nps, Some(-25.0));
}

#[test]
fn nps_of_a_hundred_answers() {
    // 50 promoters, 30 passives, 20 detractors → nps = (50 − 20) / 100 × 100 = 30;
    // moe = 1.96 · √((0.5 + 0.2 − 0.3²) / 100) · 100 = 1.96 · √0.0061 · 100 = 15.308.
    let mut scores = vec!["10"; 50];
    scores.extend(vec!["7"; 30]);
    scores.extend(vec!["3"; 20]);
    let r = nps(&answers(&scores), None, &NpsOptions::default()).expect("computes");
    let row = &r.rows[0];
    assert_eq!(row.nps, Some(30.0));
    assert!(close(row.nps_moe, 15.308_089), "{:?}", row.nps_moe);
    assert!(!row.small_sample);
    // --invited 400: 100 / 400 = 25%.
    let options = NpsOptions {
        invited: Some(400),
        ..NpsOptions::default()
    };
    let r = nps(&answers(&scores), None, &options).expect("computes");
    assert_eq!(r.rows[0].response_rate_pct, Some(25.0));
    assert_eq!(r.rate_basis, Some(RateBasis::Invited));
}

/// Four tickets: T1 and T2 of Anna, T3 of Ivan resolved; T4 (Ivan) open. All created in 2024-W12.
const TICKETS: &str = "id,created_at,first_response_at,resolved_at,agent,channel\n\
    T1,2024-03-18 09:00,2024-03-18 09:10,2024-03-18 12:00,Anna,email\n\
    T2,2024-03-18 09:30,2024-03-18 09:40,2024-03-18 13:00,Anna,chat\n\
    T3,2024-03-19 09:00,2024-03-19 09:05,2024-03-19 10:00,Ivan,email\n\
    T4,2024-03-19 10:00,,,Ivan,email\n";

#[test]
fn response_rate_with_linked_tickets() {
    // Answers about T1 (5), T3 (2) and T9, which is no ticket (4).
    let s = surveys(
        "submitted_at,score,ticket_id\n\
         2024-03-18 14:00,5,T1\n2024-03-19 11:00,2,T3\n2024-03-19 12:00,4,T9\n",
    );
    let t = tickets(TICKETS);
    let options = CsatOptions {
        scale: Some(Scale::OneToFive),
        ..CsatOptions::default()
    };
    let r = csat(&s, Some(&t), &options).expect("computes");
    assert_eq!(r.rate_basis, Some(RateBasis::LinkedAnswers));
    let row = &r.rows[0];
    // 3 answers, 2 linked; 3 resolved tickets → 2 / 3 = 66.67%.
    assert_eq!((row.responses, row.linked, row.resolved), (3, 2, Some(3)));
    assert!(close(row.response_rate_pct, 200.0 / 3.0));
    // The unmatched id is a warning naming line 4; the answer still counts: 2 satisfied of 3.
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(
        (r.warnings[0].count, r.warnings[0].lines.clone()),
        (1, vec![4])
    );
    assert!(r.warnings[0].message.contains("t.csv"));
    assert_eq!(row.satisfied, 2);

    // By agent, through the tickets: Anna has T1's answer and 2 resolved → 50%; Ivan T3's and
    // 1 resolved → 100%; the unmatched answer has no agent (and no resolved tickets).
    let options = CsatOptions {
        group_by: vec![GroupKey::Agent],
        ..options
    };
    let r = csat(&s, Some(&t), &options).expect("computes");
    let got: Vec<String> = r
        .rows
        .iter()
        .map(|r| {
            format!(
                "{:?} {} {:?} {:?}",
                r.group[0], r.responses, r.resolved, r.response_rate_pct
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Some(\"Anna\") 1 Some(2) Some(50.0)",
            "Some(\"Ivan\") 1 Some(1) Some(100.0)",
            "None 1 Some(0) None",
        ]
    );
    // Grouped responses add up to the total.
    assert_eq!(
        r.rows.iter().map(|r| r.responses).sum::<u64>(),
        r.total.responses
    );
}

#[test]
fn response_rate_without_linked_tickets() {
    // No ticket_id: every answer counts, 2 answers / 3 resolved tickets = 66.67%.
    let s = surveys("submitted_at,score\n2024-03-18 14:00,5\n2024-03-19 11:00,1\n");
    let t = tickets(TICKETS);
    let options = CsatOptions {
        scale: Some(Scale::OneToFive),
        ..CsatOptions::default()
    };
    let r = csat(&s, Some(&t), &options).expect("computes");
    assert_eq!(r.rate_basis, Some(RateBasis::AllAnswers));
    assert_eq!(r.rows[0].linked, 2);
    assert!(close(r.rows[0].response_rate_pct, 200.0 / 3.0));
}

#[test]
fn the_survey_row_overrides_the_ticket_and_groups_without_answers_are_kept() {
    // The answer about T1 names Olga: it counts for Olga, not Anna. Ivan resolved T3 and got no
    // answer: a row with 0 responses, no CSAT and a 0% response rate.
    let s = surveys(
        "submitted_at,score,ticket_id,agent\n2024-03-18 14:00,5,T1,Olga\n2024-03-18 15:00,3,T2,\n",
    );
    let t = tickets(TICKETS);
    let options = CsatOptions {
        scale: Some(Scale::OneToFive),
        group_by: vec![GroupKey::Agent],
        ..CsatOptions::default()
    };
    let r = csat(&s, Some(&t), &options).expect("computes");
    let got: Vec<String> = r
        .rows
        .iter()
        .map(|r| {
            format!(
                "{:?} {} {:?} {:?}",
                r.group[0], r.responses, r.csat_pct, r.response_rate_pct
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Some(\"Anna\") 1 Some(0.0) Some(50.0)",
            "Some(\"Ivan\") 0 None Some(0.0)",
            "Some(\"Olga\") 1 Some(100.0) None",
        ]
    );
    // Channel comes from the ticket: T1 email, T2 chat.
    let options = CsatOptions {
        group_by: vec![GroupKey::Channel],
        ..options
    };
    let r = csat(&s, Some(&t), &options).expect("computes");
    let channels: Vec<(Option<&str>, u64)> = r
        .rows
        .iter()
        .map(|r| (r.group[0].as_deref(), r.responses))
        .collect();
    assert_eq!(channels, vec![(Some("chat"), 1), (Some("email"), 1)]);
}

#[test]
fn weeks_and_the_period_follow_submission() {
    // Sunday 2024-03-17 is in W11, Monday 03-18 in W12; the answer on 03-25 (W13) is after
    // --as-of 2024-03-20 and did not exist yet.
    let s = surveys(
        "submitted_at,score\n2024-03-17 23:00,5\n2024-03-18 00:30,1\n2024-03-18 08:00,4\n\
         2024-03-25 10:00,5\n",
    );
    let options = CsatOptions {
        scale: Some(Scale::OneToFive),
        group_by: vec![GroupKey::Week],
        as_of: Some(1_710_892_800), // 2024-03-20 00:00 UTC
        ..CsatOptions::default()
    };
    let r = csat(&s, None, &options).expect("computes");
    let weeks: Vec<(Option<&str>, u64, u64)> = r
        .rows
        .iter()
        .map(|r| (r.group[0].as_deref(), r.responses, r.satisfied))
        .collect();
    assert_eq!(
        weeks,
        vec![(Some("2024-W11"), 1, 1), (Some("2024-W12"), 2, 1)]
    );
    // --week 2024-W12 keeps the two Monday answers.
    let options = CsatOptions {
        group_by: Vec::new(),
        period: PeriodSpec::Week("2024-W12".parse().expect("week")),
        ..options
    };
    let r = csat(&s, None, &options).expect("computes");
    assert_eq!(r.rows[0].responses, 2);
}

#[test]
fn kind_separates_csat_from_nps_in_one_file() {
    let s = surveys(
        "submitted_at,score,kind\n2024-03-18 10:00,5,csat\n2024-03-18 10:00,0,nps\n\
         2024-03-18 11:00,4,csat\n2024-03-18 11:00,10,nps\n2024-03-18 12:00,2,csat\n",
    );
    let r = csat_of(&s, Some(Scale::OneToFive));
    assert_eq!((r.rows[0].responses, r.rows[0].satisfied), (3, 2));
    let r = nps(&s, None, &NpsOptions::default()).expect("computes");
    // One promoter (10), one detractor (0): nps 0.
    assert_eq!((r.rows[0].responses, r.rows[0].nps), (2, Some(0.0)));
}

#[test]
fn no_answers_no_rows() {
    let s = surveys("submitted_at,score\n");
    let r = csat_of(&s, None);
    assert!(r.rows.is_empty());
    assert_eq!(r.scale, None);
    assert_eq!(r.total.csat_pct, None);
    let r = nps(&s, None, &NpsOptions::default()).expect("computes");
    assert!(r.rows.is_empty());
    assert_eq!(r.total.nps_moe, None);
}
