//! `supportctl validate`: every problem with counts and first lines; exit 3 only for errors.

use crate::support::{Csv, Sandbox, demo};

const HEADER: [&str; 6] = ["file", "severity", "column", "rows", "lines", "message"];

const INVALID_ORDER: &str = "a first response or resolution before creation; those \
                             durations are left out and counted as invalid_order";

#[test]
fn demo_data_passes_with_the_invalid_order_warning() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    let run = sandbox.run(["validate", "--data", &data, "--format", "csv"]);
    run.success().stderr_is("");
    let out = run.csv();
    assert_eq!(out.header, HEADER);
    let file = demo().join("tickets.csv").display().to_string();
    assert_eq!(
        out.rows,
        [[
            file.as_str(),
            "warning",
            "",
            "2",
            "1753 3653",
            INVALID_ORDER
        ]]
    );

    // The table says how much was read.
    let run = sandbox.run(["validate", "--data", &data]);
    let text = run.success().stdout();
    assert!(
        text.starts_with(&format!(
            "{file}: 5000 rows read, 0 with errors, 1 warning kinds\n"
        )),
        "{text}"
    );
}

/// Nine data rows (lines 2–10) with five kinds of error and one kind of warning.
const SEVERAL_PROBLEMS: &str = "\
id,created_at,first_response_at,resolved_at,agent
1,2024-03-18 10:00,2024-03-18 10:05,,Anna
2,nonsense,,,Ivan
3,2024-03-18 11:00,soon,,Anna
1,2024-03-18 12:00,2024-03-18 12:30,,Ivan
5,2024-03-18 13:00,2024-03-18 12:00,,Anna
6,2024-03-18 14:00,,
7,,,,Ivan
8,2024-13-45 10:00,,,Anna
9,2024-03-18 15:00,2024-03-18 14:00,2024-03-18 13:00,Ivan
";

/// The first line of each message (the second says how to fix it).
fn first_lines(out: &Csv) -> Vec<Vec<String>> {
    out.rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r[5] = r[5].lines().next().unwrap_or_default().to_owned();
            r
        })
        .collect()
}

#[test]
fn several_problems_are_listed_by_kind_with_counts_and_lines() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", SEVERAL_PROBLEMS);
    let run = sandbox.run(["validate", "--tickets", "t.csv", "--format", "csv"]);
    run.code(3)
        .stderr_is("error: t.csv: 6 problem rows in 5 kinds; see the list above\n");
    let out = run.csv();
    assert_eq!(out.header, HEADER);
    // Line 3 `nonsense` and line 9 `2024-13-45`: two unreadable creation times, one kind.
    // Line 4 `soon`: an unreadable reply time. Line 5: id 1 again (first on line 2).
    // Line 7: 4 fields for a header of 5. Line 8: no creation time.
    // Warnings: line 6 (reply before creation) and line 10 (reply and resolution before
    // creation, one row).
    assert_eq!(
        first_lines(&out),
        [
            [
                "t.csv",
                "error",
                "created_at",
                "2",
                "3 9",
                "t.csv, line 3, column `created_at`: \"nonsense\" is not a date-time in any recognised format",
            ],
            [
                "t.csv",
                "error",
                "first_response_at",
                "1",
                "4",
                "t.csv, line 4, column `first_response_at`: \"soon\" is not a date-time in any recognised format",
            ],
            [
                "t.csv",
                "error",
                "",
                "1",
                "5",
                "t.csv: ticket id \"1\" appears twice, on lines 2 and 5",
            ],
            [
                "t.csv",
                "error",
                "",
                "1",
                "7",
                "t.csv, line 7: this row has 4 fields but the header has 5",
            ],
            [
                "t.csv",
                "error",
                "created_at",
                "1",
                "8",
                "t.csv, line 8, column `created_at`: \"\" is empty, but every ticket needs `created_at`",
            ],
            ["t.csv", "warning", "", "2", "6 10", INVALID_ORDER],
        ]
    );
    // Every error message carries its fix on the next line.
    for row in &out.rows[..5] {
        assert!(row[5].contains("\n  fix: "), "{row:?}");
    }
}

#[test]
fn several_problems_in_json() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", SEVERAL_PROBLEMS);
    let run = sandbox.run(["validate", "--tickets", "t.csv", "--format", "json"]);
    let json = run.code(3).json();
    let rows = json.as_array().expect("an array");
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["rows"], serde_json::json!(2));
    assert_eq!(rows[0]["lines"], serde_json::json!("3 9"));
    assert_eq!(rows[2]["column"], serde_json::Value::Null);
    assert_eq!(rows[5]["severity"], serde_json::json!("warning"));
}

#[test]
fn several_problems_table_counts_every_row_read() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", SEVERAL_PROBLEMS);
    let run = sandbox.run(["validate", "--tickets", "t.csv"]);
    // Lines 2–10 are nine rows; six of them have errors.
    assert!(
        run.code(3)
            .stdout()
            .starts_with("t.csv: 9 rows read, 6 with errors, 1 warning kinds\n"),
        "{run:?}"
    );
}

#[test]
fn more_than_five_lines_are_elided() {
    // Seven unreadable creation times on lines 2–8: the first five lines are listed, then "…".
    let mut text = String::from("id,created_at\n");
    for i in 1..=7 {
        text.push_str(&format!("{i},later\n"));
    }
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", text);
    let run = sandbox.run(["validate", "--tickets", "t.csv", "--format", "csv"]);
    let out = run.code(3).csv();
    assert_eq!(out.pick(0, "column,rows,lines"), "created_at,7,2 3 4 5 6 …");
}

#[test]
fn a_missing_column_stops_validation() {
    let sandbox = Sandbox::new();
    // `began` is no name of a creation column supportctl knows (`opened` would be).
    sandbox.write("t.csv", "id,began\n1,2024-03-18 10:00\n");
    sandbox
        .run(["validate", "--tickets", "t.csv", "--format", "csv"])
        .code(3)
        .no_stdout()
        .stderr_has(&[
            "required column `created_at` is missing",
            "--map created_at=",
        ]);
}

#[test]
fn validate_reads_stdin() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_stdin(
        ["validate", "--tickets", "-", "--format", "csv"],
        SEVERAL_PROBLEMS.as_bytes(),
    );
    let out = run.code(3).csv();
    assert_eq!(out.rows.len(), 6);
    assert!(out.rows.iter().all(|r| r[0] == "<stdin>"));
}

#[test]
fn a_clean_file_has_nothing_to_report() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "t.csv",
        "id,created_at,first_response_at,resolved_at\n1,2024-03-18 10:00,2024-03-18 10:30,2024-03-18 11:00\n",
    );
    let run = sandbox.run(["validate", "--tickets", "t.csv", "--format", "csv"]);
    assert_eq!(
        run.success().stderr_is("").stdout(),
        "file,severity,column,rows,lines,message\n"
    );
    let run = sandbox.run(["validate", "--tickets", "t.csv"]);
    assert!(
        run.success().stdout().contains("no problems found"),
        "{run:?}"
    );
}

#[test]
fn figures_a_file_cannot_give_are_listed_with_the_fix() {
    // A Zendesk export whose only reply column is in business hours, and a Russian export read
    // through synonyms, with a closing time under a name supportctl does not know.
    let sandbox = Sandbox::new();
    sandbox.write(
        "zendesk.csv",
        "Id,Created at,First reply time in minutes within business hours,Solved at\n\
         1,2024-03-18 10:00,45,2024-03-18 12:00\n2,2024-03-18 11:00,,\n",
    );
    let run = sandbox.run(["validate", "--tickets", "zendesk.csv", "--format", "csv"]);
    let out = run.success().csv();
    let unavailable: Vec<&Vec<String>> =
        out.rows.iter().filter(|r| r[1] == "unavailable").collect();
    assert_eq!(unavailable.len(), 2, "{out:?}");
    assert!(
        unavailable[0][5].starts_with("first-response figures"),
        "{out:?}"
    );
    assert!(
        unavailable[0][5].contains("only as a duration in business hours"),
        "{out:?}"
    );
    assert!(unavailable[1][5].starts_with("SLA figures"), "{out:?}");
    run.stderr_has(&[
        "first_response_business_minutes ← `First reply time in minutes within business hours` (preset)",
    ]);
    let table = sandbox.run(["validate", "--tickets", "zendesk.csv"]);
    assert!(
        table.success().stdout().starts_with(
            "zendesk.csv: 2 rows read, 0 with errors, 0 warning kinds, 2 kinds of figures unavailable\n"
        ),
        "{table:?}"
    );

    sandbox.write(
        "ru.csv",
        "Номер,Дата создания,Дата первого ответа,Time closed\n\
         1,2024-03-18 10:00,2024-03-18 10:30,2024-03-18 12:00\n",
    );
    let run = sandbox.run(["validate", "--tickets", "ru.csv", "--format", "csv"]);
    let out = run.success().csv();
    assert_eq!(out.rows.len(), 1, "{out:?}");
    assert!(out.rows[0][5].starts_with("resolution figures"), "{out:?}");
    assert!(
        out.rows[0][5].contains("`Time closed` looks like one"),
        "{out:?}"
    );
    run.stderr_has(&[
        "columns read: id ← `Номер` (synonym), created_at ← `Дата создания` (synonym), first_response_at ← `Дата первого ответа` (synonym)",
        "`Time closed` (timestamps; could be resolved_at)",
    ]);
}
