//! Tests of the daily reports loader: spellings, absences, and every error naming its cell.

use super::*;
use crate::ErrorKind;

fn load(csv: &str) -> Result<Daily> {
    load_daily(
        Input::from_reader("daily.csv", std::io::Cursor::new(csv.to_owned())),
        &IngestOptions::default(),
    )
}

fn message(csv: &str) -> String {
    let err = load(csv).expect_err("an error");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    err.to_string()
}

#[test]
fn reads_the_contract_with_the_spellings_people_use() {
    let daily = load(
        "Employee,Date,Plan_Status,Late_Minutes,Absence\n\
         Anna,2024-03-18,Done,0,\n\
         Anna,2024-03-19,partly done,7.5,\n\
         Anna,2024-03-20,NOT DONE,,\n\
         Anna,2024-03-21,not-done,\"12,5\",\n\
         Ivan,2024-03-18,,,Day off\n\
         Ivan,2024-03-19,,,sick leave\n\
         Ivan,2024-03-20,,,VACATION\n",
    )
    .expect("loads");
    assert_eq!(daily.employees(), ["Anna", "Ivan"]);
    let days: Vec<DayReport> = daily.reports().iter().map(|r| r.day).collect();
    let worked = |plan, late_minutes| DayReport::Worked { plan, late_minutes };
    assert_eq!(
        days,
        [
            worked(PlanStatus::Done, 0.0),
            worked(PlanStatus::Partial, 7.5),
            worked(PlanStatus::NotDone, 0.0),
            worked(PlanStatus::NotDone, 12.5),
            DayReport::Absent(Absence::DayOff),
            DayReport::Absent(Absence::Sick),
            DayReport::Absent(Absence::Vacation),
        ]
    );
    assert_eq!(daily.reports()[6].line, 8);
    assert!(daily.warnings().is_empty());
}

#[test]
fn absence_wins_and_empty_rows_are_left_out_with_warnings() {
    let daily = load(
        "employee,date,plan_status,late_minutes,absence\n\
         Anna,2024-03-18,done,10,sick\n\
         Anna,2024-03-19,,,\n\
         Anna,2024-03-20,,0,vacation\n",
    )
    .expect("loads");
    assert_eq!(daily.len(), 2);
    assert_eq!(daily.reports()[0].day, DayReport::Absent(Absence::Sick));
    let text: Vec<String> = daily.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(text[0].contains("neither a plan status nor an absence") && text[0].contains("line 3"));
    assert!(text[1].contains("counts as absent") && text[1].contains("line 2"));
}

#[test]
fn an_unknown_plan_status_lists_the_accepted_ones() {
    let m = message("employee,date,plan_status\nAnna,2024-03-18,done\nAnna,2024-03-19,mostly\n");
    for part in [
        "daily.csv",
        "line 3",
        "`plan_status`",
        "\"mostly\"",
        "done, partial or not_done",
    ] {
        assert!(m.contains(part), "{part} in {m}");
    }
}

#[test]
fn negative_or_unreadable_late_minutes_are_errors() {
    let m = message("employee,date,plan_status,late_minutes\nAnna,2024-03-18,done,-5\n");
    for part in ["line 2", "`late_minutes`", "\"-5\"", "negative"] {
        assert!(m.contains(part), "{part} in {m}");
    }
    let m = message("employee,date,plan_status,late_minutes\nAnna,2024-03-18,done,a bit\n");
    assert!(m.contains("not a number of minutes"), "{m}");
}

#[test]
fn an_unreadable_date_an_unknown_absence_and_a_duplicate_are_errors() {
    let m = message("employee,date,plan_status\nAnna,yesterday,done\n");
    for part in ["line 2", "`date`", "\"yesterday\"", "--time-format"] {
        assert!(m.contains(part), "{part} in {m}");
    }
    let m = message("employee,date,absence\nAnna,2024-03-18,remote\n");
    assert!(m.contains("vacation, day_off or sick"), "{m}");
    let m = message("employee,date,plan_status\nAnna,2024-03-18,done\nAnna,18.03.2024,partial\n");
    assert!(
        m.contains("line 3") && m.contains("first is on line 2"),
        "{m}"
    );
    let m = message("employee,date\nAnna,2024-03-18\n");
    assert!(m.contains("plan_status"), "{m}");
}

#[test]
fn an_empty_input_has_no_reports() {
    assert!(load("").expect("loads").is_empty());
    assert!(
        load("employee,date,plan_status\n")
            .expect("loads")
            .is_empty()
    );
}
