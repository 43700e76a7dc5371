//! Tests of survey ingest and scale decisions on small inline exports.

use super::*;
use crate::ErrorKind;
use crate::ingest::ColumnMapping;

fn load(text: &str) -> Result<Surveys> {
    load_with(text, &IngestOptions::default())
}

fn load_with(text: &str, options: &IngestOptions) -> Result<Surveys> {
    load_surveys(
        Input::from_reader("s.csv", std::io::Cursor::new(text.to_owned())),
        options,
    )
}

fn scores(s: &Surveys, kind: SurveyKind, scale: Option<Scale>) -> Vec<Option<i64>> {
    let (_, column) = s.scored(kind, scale).expect("scores");
    column.i64().expect("i64").iter().collect()
}

#[test]
fn reads_numbers_labels_kinds_and_links() {
    let s = load(
        "submitted_at,score,kind,ticket_id,agent,comment\n\
         2024-03-18 10:00,5,csat,T1,Anna,thanks\n\
         2024-03-18 11:00, Good ,,T2,,\n\
         2024-03-19 09:00,9,NPS,,Ivan,\"slow, but fine\"\n",
    )
    .expect("loads");
    assert_eq!(s.len(), 3);
    let frame = s.frame();
    let lines: Vec<Option<u32>> = frame
        .column("line")
        .expect("line")
        .u32()
        .expect("u32")
        .iter()
        .collect();
    assert_eq!(lines, vec![Some(2), Some(3), Some(4)]);
    // 2024-03-18 10:00 UTC = 1_710_756_000.
    let submitted: Vec<Option<i64>> = frame
        .column("submitted_at")
        .expect("column")
        .i64()
        .expect("i64")
        .iter()
        .collect();
    assert_eq!(submitted[0], Some(1_710_756_000));
    let kinds: Vec<Option<u32>> = frame
        .column("kind")
        .expect("kind")
        .u32()
        .expect("u32")
        .iter()
        .collect();
    assert_eq!(kinds, vec![Some(0), None, Some(1)]);
    let numbers: Vec<Option<i64>> = frame
        .column("number")
        .expect("n")
        .i64()
        .expect("i64")
        .iter()
        .collect();
    assert_eq!(numbers, vec![Some(5), None, Some(9)]);
    let labels: Vec<Option<u32>> = frame
        .column("label")
        .expect("l")
        .u32()
        .expect("u32")
        .iter()
        .collect();
    assert_eq!(labels, vec![None, Some(Label::Good.code()), None]);
    let ids: Vec<Option<&str>> = frame
        .column("ticket_id")
        .expect("t")
        .str()
        .expect("str")
        .iter()
        .collect();
    assert_eq!(ids, vec![Some("T1"), Some("T2"), None]);
    assert_eq!(s.values(Dimension::Agent), ["Anna", "Ivan"]);
    assert!(s.values(Dimension::Priority).is_empty());
    assert!(s.has_column("kind") && !s.has_column("team"));
    // 2024-03-19 09:00 = 1_710_756_000 + 23 h.
    assert_eq!(s.latest_instant(), Some(1_710_756_000 + 23 * 3600));
}

#[test]
fn an_empty_score_is_left_out_with_a_warning() {
    let s = load("submitted_at,score\n2024-03-18 10:00,4\n2024-03-18 11:00,\n2024-03-18 12:00,5\n")
        .expect("loads");
    assert_eq!(s.len(), 2);
    assert_eq!(s.warnings().len(), 1);
    assert_eq!(s.warnings()[0].count, 1);
    assert_eq!(s.warnings()[0].lines, vec![3]);
}

#[test]
fn an_unknown_label_names_line_column_and_value() {
    let err =
        load("submitted_at,Score\n2024-03-18 10:00,4\n2024-03-18 11:00,superb\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let text = err.to_string();
    assert!(
        text.starts_with("s.csv, line 3, column `Score`: \"superb\""),
        "{text}"
    );
    assert!(
        text.contains("not good") && text.contains("--map score="),
        "{text}"
    );
}

#[test]
fn a_missing_submitted_at_column_is_named() {
    let err = load("date,score\n2024-03-18 10:00,4\n").unwrap_err();
    match err {
        Error::MissingColumn { column, .. } => assert_eq!(column, "submitted_at"),
        other => panic!("unexpected {other:?}"),
    }
    let err = load("submitted_at,score\n,4\n").unwrap_err();
    assert!(
        err.to_string().contains("line 2, column `submitted_at`"),
        "{err}"
    );
}

#[test]
fn an_unknown_kind_is_an_error() {
    let err = load("submitted_at,score,kind\n2024-03-18 10:00,4,ces\n").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("line 2, column `kind`: \"ces\""), "{text}");
    assert!(text.contains("csat or nps"), "{text}");
}

#[test]
fn the_scale_is_inferred_only_without_doubt() {
    let tens = load("submitted_at,score\n2024-03-18 10:00,3\n2024-03-18 11:00,9\n").expect("loads");
    assert_eq!(
        tens.scale(SurveyKind::Csat, None).expect("decides"),
        Some(Scale::OneToTen)
    );
    let labels =
        load("submitted_at,score\n2024-03-18 10:00,great\n2024-03-18 11:00,OKAY\n").expect("loads");
    assert_eq!(
        scores(&labels, SurveyKind::Csat, None),
        vec![Some(2), Some(1)]
    );

    let fives =
        load("submitted_at,score\n2024-03-18 10:00,4\n2024-03-18 11:00,5\n").expect("loads");
    let err = fives.scale(SurveyKind::Csat, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let text = err.to_string();
    assert!(text.contains("column `score`"), "{text}");
    assert!(text.contains("1-5, 1-10, 0-10"), "{text}");
    assert!(text.contains("--scale 1-5"), "{text}");
    assert_eq!(
        scores(&fives, SurveyKind::Csat, Some(Scale::OneToFive)),
        vec![Some(4), Some(5)]
    );
    // No answers, no scale needed.
    let none = load("submitted_at,score\n").expect("loads");
    assert_eq!(none.scale(SurveyKind::Csat, None).expect("ok"), None);
}

#[test]
fn a_score_outside_the_scale_names_its_line() {
    let s = load("submitted_at,score\n2024-03-18 10:00,4\n2024-03-18 11:00,6\n").expect("loads");
    let err = s
        .scale(SurveyKind::Csat, Some(Scale::OneToFive))
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("s.csv, line 3, column `score`: \"6\" is outside the 1-5 scale"),
        "{text}"
    );
    assert!(text.contains("--scale"), "{text}");
    // NPS is 0–10: an 11 is reported, a 1-5 scale is refused.
    let s = load("submitted_at,score\n2024-03-18 10:00,11\n").expect("loads");
    assert!(
        s.scale(SurveyKind::Nps, None)
            .unwrap_err()
            .to_string()
            .contains("line 2")
    );
    let err = s
        .scale(SurveyKind::Nps, Some(Scale::OneToFive))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidUsage);
}

#[test]
fn mixed_scales_without_kind_are_an_error_and_kind_separates_them() {
    let mixed = "submitted_at,score\n2024-03-18 10:00,9\n2024-03-18 11:00,good\n";
    let err = load(mixed)
        .expect("loads")
        .scale(SurveyKind::Csat, None)
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("s.csv, line 3, column `score`: \"good\""),
        "{text}"
    );
    assert!(
        text.contains("line 2") && text.contains("`kind` column"),
        "{text}"
    );

    let with_kind = load(
        "submitted_at,score,kind\n2024-03-18 10:00,9,nps\n2024-03-18 11:00,good,csat\n\
         2024-03-18 12:00,0,nps\n",
    )
    .expect("loads");
    assert_eq!(
        with_kind.scale(SurveyKind::Csat, None).expect("labels"),
        Some(Scale::GoodBad)
    );
    assert_eq!(
        scores(&with_kind, SurveyKind::Nps, None),
        vec![Some(9), None, Some(0)]
    );
}

#[test]
fn a_ticket_mapping_of_a_shared_column_does_not_break_the_surveys() {
    // `--map agent=Assignee` names the tickets' header; the surveys have `agent` itself.
    let mut mapping = ColumnMapping::new();
    mapping.insert_arg("agent=Assignee").expect("valid");
    mapping.insert_arg("created_at=Created").expect("valid");
    let options = IngestOptions {
        mapping,
        ..IngestOptions::default()
    };
    let s = load_with(
        "submitted_at,score,agent\n2024-03-18 10:00,4,Anna\n",
        &options,
    )
    .expect("loads");
    assert_eq!(s.values(Dimension::Agent), ["Anna"]);
    // A survey-only column mapped to a header the file lacks is still an error.
    let mut mapping = ColumnMapping::new();
    mapping.insert_arg("score=Rating").expect("valid");
    let options = IngestOptions {
        mapping,
        ..IngestOptions::default()
    };
    assert!(load_with("submitted_at,score\n2024-03-18 10:00,4\n", &options).is_err());
}

#[test]
fn naive_times_are_local_in_the_zone() {
    let options = IngestOptions {
        tz: chrono_tz::Europe::Moscow,
        ..IngestOptions::default()
    };
    let s = load_with("submitted_at,score\n2024-03-18 10:00,4\n", &options).expect("loads");
    let local: Vec<Option<i64>> = s
        .frame()
        .column("submitted_local")
        .expect("column")
        .i64()
        .expect("i64")
        .iter()
        .collect();
    // 10:00 in Moscow (UTC+3): the local clock keeps 10:00, UTC is 07:00.
    assert_eq!(local, vec![Some(1_710_756_000)]);
    assert_eq!(s.latest_instant(), Some(1_710_756_000 - 3 * 3600));
}
