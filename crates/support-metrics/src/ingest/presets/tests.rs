//! Tests of the presets: the tables themselves, header matching, the event-log rewrite, and
//! each preset's fixture in `testdata/presets/` read end to end.

use std::path::PathBuf;

use super::*;
use crate::ErrorKind;
use crate::ingest::{IngestOptions, Input, Tickets, load_tickets, ticket_ratings};

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_owned()).collect()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/presets")
        .join(name)
}

fn load(name: &str) -> Tickets {
    load_tickets(Input::path(fixture(name)), &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ints(t: &Tickets, col: &str) -> Vec<Option<i64>> {
    t.frame()
        .column(col)
        .expect("column")
        .i64()
        .expect("i64")
        .iter()
        .collect()
}

fn choose_for(h: &[&str]) -> Result<Option<(&'static Preset, bool)>> {
    let header = headers(h);
    let canonical =
        crate::ingest::resolve_columns("t.csv", &header, TICKET_COLUMNS, &ColumnMapping::new())
            .err();
    choose("t.csv", &header, None, &ColumnMapping::new(), canonical)
}

#[test]
fn every_preset_parses_with_a_unique_name_and_the_required_columns() {
    let all = presets();
    assert_eq!(all.len(), SOURCES.len());
    for (p, (name, _)) in all.iter().zip(SOURCES) {
        assert_eq!(p.name, name, "the file name and `name` agree");
        assert!(p.headers_for("id").is_some() && p.headers_for("created_at").is_some());
        assert!(!p.how.is_empty() && !p.notes.is_empty());
        // A preset's time format must itself be valid.
        if let Some(f) = &p.time_format {
            crate::ingest::TimestampParser::with_pattern(chrono_tz::Tz::UTC, f)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    assert!(preset("ZENDESK").is_some());
    let err = find_preset("zendsk").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidUsage);
    assert!(
        err.to_string()
            .contains("zendesk, freshdesk, jira, chatwoot, helpscout, servicenow")
    );
}

#[test]
fn canonical_headers_need_no_preset() {
    assert!(
        choose_for(&["id", "created_at", "agent"])
            .expect("ok")
            .is_none()
    );
}

#[test]
fn each_fixture_header_picks_its_preset() {
    for (file, want) in [
        ("zendesk.csv", "zendesk"),
        ("freshdesk.csv", "freshdesk"),
        ("jira.csv", "jira"),
        ("chatwoot.csv", "chatwoot"),
        ("helpscout.csv", "helpscout"),
        ("servicenow.csv", "servicenow"),
        ("zendesk_excel_ru.csv", "zendesk"),
    ] {
        let t = load(file);
        assert_eq!(t.read_as().preset.as_deref(), Some(want), "{file}");
        assert!(t.read_as().preset_detected, "{file}");
    }
}

#[test]
fn a_header_that_fits_two_presets_equally_is_an_error() {
    // Chatwoot and Help Scout both call these three columns so.
    let err = choose_for(&["Conversation ID", "Created At", "Status"]).unwrap_err();
    match &err {
        Error::AmbiguousPreset { names, matched, .. } => {
            assert_eq!(names, &["chatwoot", "helpscout"]);
            assert_eq!(*matched, 3);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("--preset NAME"));
}

#[test]
fn no_fit_lists_the_closest_presets() {
    // `Id` and `Created At` are Zendesk's, but two headers are too few to call it Zendesk.
    let err = choose_for(&["id", "Created At", "agent", "channel"]).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("required column `created_at` is missing"),
        "{text}"
    );
    assert!(
        text.contains("--preset zendesk: has `Id`, `Created at`"),
        "{text}"
    );
    assert!(text.contains("expects also `Solved at`"), "{text}");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn event_log_keeps_each_tickets_last_row_on_its_own_line() {
    let text = "number,state,opened_at,assigned_to\n\
                INC1,New,29-02-2016 01:16,?\n\
                INC1,Active,29-02-2016 01:16,Ann\n\
                INC2,New,01-03-2016 09:00,?\n\
                INC1,Closed,29-02-2016 01:16,Ann\n";
    let p = preset("servicenow").expect("exists");
    let out = rewrite(
        "t.csv",
        Box::new(std::io::Cursor::new(text)),
        b',',
        p,
        Some(0),
    )
    .expect("rewrites")
    .ok()
    .expect("servicenow rewrites");
    assert_eq!(out.superseded, 2);
    // Lines 2 and 3 are blank; INC2 stays on line 4, INC1's last row on line 5; `?` is empty.
    assert_eq!(
        String::from_utf8(out.bytes).expect("utf-8"),
        "number,state,opened_at,assigned_to\n\n\nINC2,New,01-03-2016 09:00,\nINC1,Closed,29-02-2016 01:16,Ann\n"
    );
}

#[test]
fn zendesk_fixture_reads_durations_and_satisfaction() {
    let t = load("zendesk.csv");
    assert_eq!(t.len(), 5);
    // Ticket 1041: created 2024-03-18 09:00 +03:00 = 06:00 UTC = 1_710_720_000 + 21_600;
    // first reply 30 minutes later.
    assert_eq!(ints(&t, "created_at")[0], Some(1_710_741_600));
    assert_eq!(ints(&t, "first_response_at")[0], Some(1_710_741_600 + 1800));
    assert_eq!(ints(&t, "first_response_at")[3], None);
    let ratings = ticket_ratings(&t).expect("ratings");
    let scores: Vec<&str> = ratings.iter().map(|r| r.score.as_str()).collect();
    assert_eq!(scores, ["Good", "Bad", "Offered", "Not Offered", "Good"]);
    assert_eq!(ratings[0].ticket_id, "1041");
    assert_eq!(ratings[0].agent.as_deref(), Some("Anna Petrova"));
    // Solved at 11:00 +03:00: two hours after creation.
    assert_eq!(ratings[0].answered_at(), 1_710_741_600 + 7200);
    assert_eq!(ratings[2].resolved_at, None);
}

#[test]
fn freshdesk_hours_in_both_forms() {
    let t = load("freshdesk.csv");
    let created = ints(&t, "created_at");
    let first = ints(&t, "first_response_at");
    // 00:45:00 → 2700 s; 2.5 h → 9000 s; 0.1 h → 360 s; none.
    let frt: Vec<Option<i64>> = first
        .iter()
        .zip(&created)
        .map(|(f, c)| f.zip(*c).map(|(f, c)| f - c))
        .collect();
    assert_eq!(frt, vec![Some(2700), Some(9000), Some(360), None]);
    let scores: Vec<String> = ticket_ratings(&t)
        .expect("ratings")
        .into_iter()
        .map(|r| r.score)
        .collect();
    assert_eq!(scores, ["Extremely satisfied", "Not satisfied"]);
}

#[test]
fn jira_dates_repeated_headers_and_text_durations() {
    let t = load("jira.csv");
    // 18/Mar/24 9:00 AM = 2024-03-18 09:00 UTC; first response 1h 30m later.
    assert_eq!(ints(&t, "created_at")[0], Some(1_710_720_000 + 9 * 3600));
    assert_eq!(
        ints(&t, "first_response_at")[0],
        Some(1_710_720_000 + 9 * 3600 + 5400)
    );
    // 19/Mar/24 11:15 AM, a day after 18/Mar/24 11:15 AM.
    let resolved = ints(&t, "resolved_at");
    assert_eq!(resolved[1], Some(1_710_720_000 + 86_400 + 11 * 3600 + 900));
    assert_eq!(
        t.values(crate::ingest::Dimension::Team),
        ["IT Support", "Facilities"]
    );
    let scores: Vec<String> = ticket_ratings(&t)
        .expect("ratings")
        .into_iter()
        .map(|r| r.score)
        .collect();
    assert_eq!(scores, ["5", "3"]);
}

#[test]
fn servicenow_slice_keeps_the_last_event_of_each_incident() {
    let t = load("servicenow.csv");
    // Five incidents in 32 event rows: 27 rows superseded.
    assert_eq!(t.len(), 5);
    assert_eq!(t.read_as().superseded_rows, 27);
    assert_eq!(t.values(crate::ingest::Dimension::Status), ["Closed"]);
    // `?` in assigned_to is no agent: INC0000045 and INC0000062 have none.
    assert_eq!(
        t.values(crate::ingest::Dimension::Agent),
        ["Resolver 89", "Resolver 6", "Resolver 125"]
    );
    // INC0000045: opened 29-02-2016 01:16, resolved 11:29 the same day (day first).
    let created = ints(&t, "created_at");
    let resolved = ints(&t, "resolved_at");
    assert_eq!(
        resolved[0].zip(created[0]).map(|(r, c)| r - c),
        Some(10 * 3600 + 13 * 60)
    );
}

#[test]
fn russian_excel_csv_is_decoded_split_and_read() {
    let t = load("zendesk_excel_ru.csv");
    let info = t.read_as();
    assert_eq!(info.encoding.as_deref(), Some("windows-1251"));
    assert_eq!(info.delimiter, Some(';'));
    assert_eq!(
        t.values(crate::ingest::Dimension::Agent),
        ["Анна Петрова", "Иван Соколов"]
    );
    let created = ints(&t, "created_at");
    let first = ints(&t, "first_response_at");
    // 12,5 minutes = 750 s; 90,5 minutes = 5430 s; 30 minutes = 1800 s.
    let frt: Vec<i64> = first
        .iter()
        .zip(&created)
        .filter_map(|(f, c)| f.zip(*c).map(|(f, c)| f - c))
        .collect();
    assert_eq!(frt, vec![750, 5430, 1800]);
}

#[test]
fn utf16_tab_separated_text_is_read() {
    let t = load("excel_unicode.txt");
    assert_eq!(t.read_as().encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(t.read_as().delimiter, Some('\t'));
    assert_eq!(t.len(), 3);
    assert_eq!(
        t.values(crate::ingest::Dimension::Agent),
        ["Анна Петрова", "Иван Соколов"]
    );
}

#[test]
fn xlsx_serial_dates_below_a_title_row() {
    let t = load("tickets.xlsx");
    assert_eq!(t.read_as().sheet.as_deref(), Some("Tickets"));
    // Serial 45369.375 = 2024-03-18 09:00; the first reply 45369.3958… = 09:30.
    assert_eq!(ints(&t, "created_at")[0], Some(1_710_720_000 + 9 * 3600));
    assert_eq!(
        ints(&t, "first_response_at")[0],
        Some(1_710_720_000 + 9 * 3600 + 1800)
    );
    let options = IngestOptions {
        sheet: Some("Nope".to_owned()),
        ..IngestOptions::default()
    };
    let err = load_tickets(Input::path(fixture("tickets.xlsx")), &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidUsage);
    assert!(err.to_string().contains("\"Tickets\", \"Notes\""), "{err}");
}
