//! Tests of ticket ingest on small inline exports.

use super::*;
use crate::ErrorKind;
use crate::ingest::columns::{ColumnOrigin, Lookalike, MappingSource, ValueShape};

fn load(text: &str) -> Result<Tickets> {
    load_with(text, &IngestOptions::default())
}

fn load_with(text: &str, options: &IngestOptions) -> Result<Tickets> {
    load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(text.to_owned())),
        options,
    )
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

#[test]
fn reads_canonical_columns() {
    let t = load(
        "id,created_at,first_response_at,resolved_at,agent,priority,extra\n\
         1,2024-03-18 10:00,2024-03-18 10:30,,Anna,high,x\n\
         2,2024-03-18T11:00:00Z,,2024-03-19 11:00:00,Ivan,,y\n",
    )
    .expect("loads");
    assert_eq!(t.len(), 2);
    // 2024-03-18 is day 19800 → 19800 · 86400 = 1_710_720_000; 10:00 adds 36_000.
    assert_eq!(
        ints(&t, "created_at"),
        vec![Some(1_710_756_000), Some(1_710_759_600)]
    );
    assert_eq!(
        ints(&t, "first_response_at"),
        vec![Some(1_710_757_800), None]
    );
    assert_eq!(ints(&t, "resolved_at"), vec![None, Some(1_710_846_000)]);
    assert_eq!(t.values(Dimension::Agent), ["Anna", "Ivan"]);
    assert_eq!(t.values(Dimension::Priority), ["high"]);
    assert!(t.has_column("agent") && !t.has_column("team"));
    // "Now" is the latest creation (ticket 2, 11:00); the latest event is the resolution.
    assert_eq!(t.latest_instant(), Some(1_710_759_600));
    assert_eq!(t.latest_event(), Some(1_710_846_000));
}

#[test]
fn naive_times_are_local_in_the_zone() {
    let options = IngestOptions {
        tz: chrono_tz::Europe::Moscow,
        ..IngestOptions::default()
    };
    let t = load_with("id,created_at\n1,2024-03-18 10:00\n", &options).expect("loads");
    // 10:00 in Moscow (UTC+3) is 07:00 UTC; the local clock keeps 10:00.
    assert_eq!(ints(&t, "created_at"), vec![Some(1_710_720_000 + 7 * 3600)]);
    assert_eq!(
        ints(&t, "created_local"),
        vec![Some(1_710_720_000 + 10 * 3600)]
    );
}

#[test]
fn minutes_columns_derive_timestamps() {
    let t = load(
        "id,created_at,first_response_minutes,resolution_minutes\n\
         1,2024-03-18 10:00,90,1.5\n2,2024-03-18 10:00,,\n",
    )
    .expect("loads");
    // 90 min = 5400 s; 1.5 min = 90 s.
    assert_eq!(
        ints(&t, "first_response_at"),
        vec![Some(1_710_756_000 + 5400), None]
    );
    assert_eq!(
        ints(&t, "resolved_at"),
        vec![Some(1_710_756_000 + 90), None]
    );
}

#[test]
fn empty_input_and_header_only_are_empty_results() {
    assert!(load("").expect("empty ok").is_empty());
    let t = load("id,created_at\n").expect("header only ok");
    assert!(t.is_empty());
    // The 16 columns of the module docs and the local creation time.
    assert_eq!(t.frame().width(), 17);
}

#[test]
fn bad_timestamp_names_line_column_and_value() {
    let err = load("id,created_at\n1,2024-03-18 10:00\n2,yesterday\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let text = err.to_string();
    assert!(
        text.starts_with("t.csv, line 3, column `created_at`: \"yesterday\""),
        "{text}"
    );
    assert!(text.contains("--time-format"), "{text}");
}

#[test]
fn ambiguous_day_month_order_is_an_error_with_a_way_out() {
    let text = "id,created_at\n1,03/04/2024 10:00\n2,05/06/2024 11:00\n";
    let err = load(text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("--dayfirst"), "{err}");
    let options = IngestOptions {
        date_order: Some(DateOrder::DayFirst),
        ..IngestOptions::default()
    };
    let t = load_with(text, &options).expect("order given");
    // 3 April 2024 10:00 UTC: 2024-03-18 is day 19800; 13 days to 31 March + 3 → 19816.
    assert_eq!(ints(&t, "created_at")[0], Some(19816 * 86400 + 36000));
    // A day above 12 proves the order.
    let t = load("id,created_at\n1,03/04/2024 10:00\n2,25/06/2024 11:00\n").expect("proven");
    assert_eq!(ints(&t, "created_at")[0], Some(19816 * 86400 + 36000));
}

#[test]
fn duplicate_ids_name_both_lines() {
    let err = load("id,created_at\nA,2024-03-18\nB,2024-03-18\nA,2024-03-19\n").unwrap_err();
    match err {
        Error::DuplicateId {
            id,
            first_line,
            line,
            ..
        } => assert_eq!((id.as_str(), first_line, line), ("A", 2, 4)),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn ragged_row_names_its_line() {
    let err = load("id,created_at\n1,2024-03-18\n2,2024-03-18,extra\n").unwrap_err();
    match err {
        Error::Malformed { line, message, .. } => {
            assert_eq!(line, 3);
            assert!(message.contains("3 fields but the header has 2"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn non_utf8_is_an_encoding_error() {
    // Latin-1 `José`: not UTF-8, and not Cyrillic either.
    let bytes = b"id,created_at,agent\n1,2024-03-18,Jos\xe9\n".to_vec();
    let err = load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(bytes)),
        &IngestOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Encoding { .. }), "{err:?}");
    assert!(err.to_string().contains("line 2, column `agent`"), "{err}");
    assert!(err.to_string().contains("--encoding"), "{err}");
}

#[test]
fn windows_1251_is_detected_and_a_named_encoding_is_used() {
    // `Анна` in Windows-1251.
    let bytes = b"id,created_at,agent\n1,2024-03-18,\xc0\xed\xed\xe0\n".to_vec();
    let t = load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(bytes.clone())),
        &IngestOptions::default(),
    )
    .expect("detected");
    assert_eq!(t.values(Dimension::Agent), ["Анна"]);
    assert_eq!(t.read_as().encoding.as_deref(), Some("windows-1251"));
    // The same bytes read as KOI8-R, because the caller says so.
    let options = IngestOptions {
        encoding: Some(super::TextEncoding::from_label("koi8-r").expect("known")),
        ..IngestOptions::default()
    };
    let t = load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(bytes)),
        &options,
    )
    .expect("decoded");
    assert_eq!(t.values(Dimension::Agent), ["юММЮ"]);
}

#[test]
fn response_before_creation_is_a_warning_not_an_error() {
    let t = load(
        "id,created_at,first_response_at\n1,2024-03-18 10:00,2024-03-18 09:00\n2,2024-03-18 10:00,\n",
    )
    .expect("loads");
    assert_eq!(t.warnings().len(), 1);
    assert_eq!(t.warnings()[0].count, 1);
    assert_eq!(t.warnings()[0].lines, vec![2]);
}

#[test]
fn check_reports_every_problem_with_counts() {
    let text = "id,created_at,first_response_at\n\
        1,2024-03-18 10:00,\n\
        2,nonsense,\n\
        3,2024-13-01 10:00,\n\
        1,2024-03-18 11:00,2024-03-18 10:00\n\
        5,2024-03-18 10:00,2024-03-18 10:00,extra\n\
        6,2024-03-18 10:00,soon\n";
    let check = check_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(text.to_owned())),
        &IngestOptions::default(),
    )
    .expect("checks");
    let summary: Vec<(Option<&str>, u64, Vec<u64>)> = check
        .problems
        .iter()
        .map(|p| (p.column.as_deref(), p.count, p.lines.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            // lines 3 and 4: two unreadable creation times, one problem entry
            (Some("created_at"), 2, vec![3, 4]),
            // id 1 again on line 5
            (None, 1, vec![5]),
            // a ragged row
            (None, 1, vec![6]),
            (Some("first_response_at"), 1, vec![7]),
        ]
    );
    // six data rows, the ragged one included
    assert_eq!(check.rows, 6);
    assert_eq!(check.warnings.len(), 1);
}

#[test]
fn empty_required_value_is_an_error() {
    let err = load("id,created_at\n1,\n").unwrap_err();
    assert!(
        err.to_string().contains("line 2, column `created_at`"),
        "{err}"
    );
}

#[test]
fn one_column_proves_the_order_for_the_others() {
    // created_at has 25/03 (day first); first_response_at alone would be ambiguous.
    let t = load(
        "id,created_at,first_response_at\n\
         1,25/03/2024 10:00,03/04/2024 10:00\n\
         2,03/04/2024 09:00,03/04/2024 10:00\n",
    )
    .expect("the file proves day-first");
    // 3 April 2024 is day 19816 (see above); 10:00 → + 36 000 s.
    assert_eq!(
        ints(&t, "first_response_at")[0],
        Some(19816 * 86400 + 36000)
    );
}

#[test]
fn columns_not_read_do_not_stop_the_load() {
    let options = IngestOptions {
        needed: Some(vec!["first_response_at"]),
        ..IngestOptions::default()
    };
    // due_at is ambiguous (and would be an error if read), but nothing needs it.
    let t = load_with(
        "id,created_at,due_at\n1,2024-03-18 10:00,03/04/2024\n2,2024-03-18 10:00,05/06/2024\n",
        &options,
    )
    .expect("loads");
    assert_eq!(t.len(), 2);
    assert!(load("id,created_at,due_at\n1,2024-03-18 10:00,03/04/2024\n").is_err());
}

fn cp1251(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable, "{text:?} is not all Windows-1251");
    bytes.into_owned()
}

#[test]
fn russian_headers_are_read_through_synonyms() {
    // A Russian helpdesk's export: Windows-1251, `;`, day-first dates with dots.
    let text = "Номер;Дата создания;Дата первого ответа;Дата решения;Ответственный;Группа;Канал;Приоритет;Статус;Оценка\n\
                101;05.03.2024 09:15;05.03.2024 09:40;;Анна Петрова;Первая линия;Почта;Высокий;Открыта;\n\
                102;18.03.2024 10:00;;18.03.2024 16:00;Иван Орлов;Вторая линия;Телефон;Низкий;Решена;5\n";
    let t = load_tickets(
        Input::from_reader("t.csv", std::io::Cursor::new(cp1251(text))),
        &IngestOptions::default(),
    )
    .expect("read through the synonyms");
    assert_eq!(t.len(), 2);
    // 2024-03-05 09:15 UTC = 1_709_630_100; the reply at 09:40 = 1_709_631_600;
    // 2024-03-18 10:00 = 1_710_756_000 and 16:00 = 1_710_777_600.
    assert_eq!(
        ints(&t, "created_at"),
        vec![Some(1_709_630_100), Some(1_710_756_000)]
    );
    assert_eq!(
        ints(&t, "first_response_at"),
        vec![Some(1_709_631_600), None]
    );
    assert_eq!(ints(&t, "resolved_at"), vec![None, Some(1_710_777_600)]);
    assert_eq!(t.values(Dimension::Agent), ["Анна Петрова", "Иван Орлов"]);
    assert_eq!(t.values(Dimension::Team), ["Первая линия", "Вторая линия"]);
    assert_eq!(t.values(Dimension::Priority), ["Высокий", "Низкий"]);
    // Each column says how it was found.
    let report = t.columns();
    for (column, header) in [
        ("id", "Номер"),
        ("created_at", "Дата создания"),
        ("first_response_at", "Дата первого ответа"),
        ("resolved_at", "Дата решения"),
        ("agent", "Ответственный"),
        ("satisfaction", "Оценка"),
    ] {
        let found = report
            .get(column)
            .unwrap_or_else(|| panic!("{column} found"));
        assert_eq!(found.headers, [header]);
        assert_eq!(found.origin, ColumnOrigin::Synonym, "{column}");
    }
    assert!(report.lookalikes.is_empty(), "{:?}", report.lookalikes);
}

#[test]
fn two_headers_for_one_column_are_an_error_naming_both() {
    let err = load("id,Created,Opened\n1,2024-03-18 10:00,2024-03-18 10:00\n").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::AmbiguousColumn { .. }), "{err:?}");
    assert!(text.contains("`Created`, `Opened`"), "{text}");
    assert!(text.contains("--map created_at="), "{text}");
}

#[test]
fn a_mapping_wins_over_a_synonym_and_says_where_it_came_from() {
    let mut options = IngestOptions::default();
    options
        .mapping
        .insert_arg("created_at=Opened")
        .expect("a mapping");
    // `Created` would be a synonym of created_at; the mapping names `Opened`.
    let t = load_with(
        "id,Created,Opened,Time closed\n1,2024-03-17 08:00,2024-03-18 10:00,2024-03-18 12:00\n",
        &options,
    )
    .expect("loads");
    assert_eq!(ints(&t, "created_at"), vec![Some(1_710_756_000)]);
    let found = t.columns().get("created_at").expect("found");
    assert_eq!(
        found.origin,
        ColumnOrigin::Mapped(MappingSource::CommandLine)
    );
    assert_eq!(
        t.columns().get("id").expect("id").origin,
        ColumnOrigin::Canonical
    );
    // `Time closed` is no name supportctl knows, but it holds timestamps and its name speaks of
    // closing: it is listed as what it could be. `Created`, another creation time beside the
    // one mapped, is not.
    assert_eq!(
        t.columns().lookalikes,
        [Lookalike {
            header: "Time closed".into(),
            shape: ValueShape::Timestamps,
            could_be: Some("resolved_at"),
        }]
    );

    // A mapped header that is not there: the message names the mapping and its source.
    let mut options = IngestOptions::default();
    options
        .mapping
        .insert_arg("first_response_at=Replied")
        .expect("a mapping");
    let err = load_with("id,created_at\n1,2024-03-18 10:00\n", &options).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::MappedColumnMissing { .. }), "{err:?}");
    assert!(
        text.contains("`Replied`, mapped to `first_response_at` by --map"),
        "{text}"
    );
}

#[test]
fn a_date_and_a_time_of_day_column_make_one_timestamp() {
    // Freshdesk kept as a workbook: `Created` holds the day (as a spreadsheet writes a date,
    // with midnight), `time` the time of day. 2025-01-08 15:00:06 UTC = 1_736_348_406.
    let t = load(
        "Ticket ID,Created,time,Agent\n\
         1,2025-01-08 00:00:00,15:00:06,Anna\n\
         2,2025-01-08,1899-12-31 15:00:06,Anna\n",
    )
    .expect("loads");
    assert_eq!(
        ints(&t, "created_at"),
        vec![Some(1_736_348_406), Some(1_736_348_406)]
    );
    let found = t.columns().get("created_at").expect("found");
    assert_eq!(found.headers, ["Created", "time"]);
    assert_eq!(found.origin, ColumnOrigin::DateAndTime);
    assert!(t.has_times_of_day());

    // The same, said explicitly for columns with other names.
    let mut options = IngestOptions::default();
    options
        .mapping
        .insert_arg("created_at=Day+Clock")
        .expect("a mapping");
    let t = load_with("id,Day,Clock\n1,2025-01-08,15:00:06\n", &options).expect("loads");
    assert_eq!(ints(&t, "created_at"), vec![Some(1_736_348_406)]);
}

#[test]
fn durations_in_seconds_and_hours_past_24() {
    // A call centre's speed of answer in seconds: 90 s, not 90 minutes. A resolution of
    // `64:00:00` hours is 64 · 3600 = 230_400 s.
    let t = load(
        "id,created_at,first_response_seconds,resolution_hours\n\
         1,2024-03-18 10:00,90,64:00:00\n",
    )
    .expect("loads");
    assert_eq!(
        ints(&t, "first_response_at"),
        vec![Some(1_710_756_000 + 90)]
    );
    assert_eq!(ints(&t, "resolved_at"), vec![Some(1_710_756_000 + 230_400)]);
}

#[test]
fn business_time_durations_are_kept_as_the_export_gives_them() {
    // Zendesk's `First reply time in minutes within business hours` mapped as business minutes:
    // 45 min = 2700 s, kept as a duration (a business duration gives no reply timestamp). A
    // negative one is left out with a warning.
    let t = load(
        "id,created_at,first_response_business_minutes\n\
         1,2024-03-18 10:00,45\n2,2024-03-18 11:00,-5\n3,2024-03-18 12:00,\n",
    )
    .expect("loads");
    assert_eq!(
        ints(&t, "first_response_business_s"),
        vec![Some(2700), None, None]
    );
    assert!(t.has_business_first_responses());
    assert!(!t.has_first_responses());
    assert_eq!(ints(&t, "first_response_at"), vec![None, None, None]);
    let warning = t
        .warnings()
        .iter()
        .find(|w| w.message.contains("business-time duration"))
        .expect("a warning");
    assert_eq!((warning.count, warning.lines.clone()), (1, vec![3]));
}

#[test]
fn placeholder_and_far_off_timestamps_are_left_out_with_a_warning() {
    // Line 3's resolution is a placeholder (9999-12-31); line 4 was "created" in 1900. The
    // latest creation, 2024-03-19 00:00 (line 5), stays "now", not year 9999.
    let t = load(
        "id,created_at,resolved_at\n\
         1,2024-03-18 10:00,2024-03-18 12:00\n\
         2,2024-03-18 11:00,9999-12-31 00:00\n\
         3,1900-01-01 00:00,\n\
         4,2024-03-19 00:00,\n",
    )
    .expect("loads");
    assert_eq!(t.len(), 3, "the ticket created in 1900 is left out");
    // 2024-03-18 12:00 = 1_710_763_200.
    assert_eq!(
        ints(&t, "resolved_at"),
        vec![Some(1_710_763_200), None, None]
    );
    assert_eq!(t.latest_instant(), Some(1_710_806_400));
    let find = |needle: &str| {
        t.warnings()
            .iter()
            .find(|w| w.message.contains(needle))
            .unwrap_or_else(|| panic!("a warning about {needle}: {:?}", t.warnings()))
    };
    assert_eq!(find("`resolved_at` outside").lines, vec![3]);
    assert_eq!(find("`created_at` outside").lines, vec![4]);
}

#[test]
fn a_date_only_creation_column_is_warned_about() {
    // 2024-03-18 and 2024-03-19 with no time of day: the hour of arrival is unknown.
    let t = load("id,created_at\n1,2024-03-18\n2,2024-03-19\n").expect("loads");
    assert!(!t.has_times_of_day());
    let warning = t
        .warnings()
        .iter()
        .find(|w| w.message.contains("without a time of day"))
        .expect("a warning");
    assert_eq!(warning.count, 2);
    // Midnight written out is a time of day.
    let t = load("id,created_at\n1,2024-03-18 00:00\n2,2024-03-19 00:00\n").expect("loads");
    assert!(t.has_times_of_day());
}

#[test]
fn every_missing_required_column_is_named_in_one_message() {
    let err = load("Ref,Opened when,agent\nT-1,2024-03-18 10:00,Anna\n").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`id`, `created_at`"), "{text}");
}

#[test]
fn durations_in_excel_time_cells_are_read_as_durations() {
    // A workbook's `h:mm:ss` cells arrive as times on Excel's day zero: 45 minutes as
    // 1899-12-31 00:45:00 (2700 s), 36 hours as 1900-01-01 12:00:00 (1 day + 12 h = 129 600 s).
    let t = load(
        "id,created_at,first_response_hours,resolution_hours\n\
         1,2024-03-18 10:00,1899-12-31 00:45:00,1900-01-01 12:00:00\n",
    )
    .expect("loads");
    assert_eq!(
        ints(&t, "first_response_at"),
        vec![Some(1_710_756_000 + 2700)]
    );
    assert_eq!(ints(&t, "resolved_at"), vec![Some(1_710_756_000 + 129_600)]);
    // A real date in a duration column is still an error.
    assert!(
        load("id,created_at,first_response_hours\n1,2024-03-18 10:00,2024-03-18 10:45:00\n")
            .is_err()
    );
}

#[test]
fn a_creation_time_without_a_date_says_where_the_date_is() {
    // A workbook's time-of-day cell read as created_at: Excel's day zero, 1899-12-31. The
    // tickets are left out, and the warning says to join it with the date column.
    let t = load("id,created_at\n1,1899-12-31 10:00:00\n2,2024-03-18 10:00\n").expect("loads");
    assert_eq!(t.len(), 1);
    let warning = t
        .warnings()
        .iter()
        .find(|w| w.message.contains("Excel's day zero"))
        .expect("a warning");
    assert_eq!(warning.lines, vec![2]);
    assert!(
        warning.message.contains("--map created_at=DATE+TIME"),
        "{}",
        warning.message
    );
}
