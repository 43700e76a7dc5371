//! `supportctl generate`: deterministic, exactly --tickets rows, readable by `response`.

use crate::support::{Csv, Sandbox};

const HEADER: &str =
    "id,created_at,first_response_at,resolved_at,agent,team,channel,priority,status,site,due_at";

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let sandbox = Sandbox::new();
    let args = [
        "generate",
        "--tickets",
        "2000",
        "--seed",
        "17",
        "--weeks",
        "3",
    ];
    let first = sandbox.run(args);
    let second = sandbox.run(args);
    first.success().stderr_is("");
    assert!(first.stdout == second.success().stdout);
    // Another seed gives other data with the same shape.
    let other = sandbox.run([
        "generate",
        "--tickets",
        "2000",
        "--seed",
        "18",
        "--weeks",
        "3",
    ]);
    assert!(other.success().stdout != first.stdout);
    assert_eq!(other.stdout().lines().count(), 2001);
}

#[test]
fn rows_equal_tickets_with_the_canonical_header() {
    for tickets in ["100", "1234"] {
        let sandbox = Sandbox::new();
        let run = sandbox.run(["generate", "--tickets", tickets]);
        let out = run.success().csv();
        assert_eq!(out.header.join(","), HEADER);
        assert_eq!(out.rows.len().to_string(), tickets);
        // Ids are unique and numbered from T0000001.
        assert_eq!(out.get(0, "id"), "T0000001");
        let mut ids: Vec<&str> = out.rows.iter().map(|r| r[0].as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), out.rows.len());
    }
}

#[test]
fn out_dir_writes_tickets_csv_with_the_stdout_bytes() {
    let sandbox = Sandbox::new();
    let args = ["generate", "--tickets", "500", "--seed", "3"];
    let to_stdout = sandbox.run(args);
    let mut with_dir = args.to_vec();
    with_dir.extend(["--out-dir", "nested/demo"]);
    sandbox.run(&with_dir).success().no_stdout().stderr_is("");
    assert!(sandbox.read("nested/demo/tickets.csv") == to_stdout.success().stdout);
    assert_eq!(sandbox.entries(), ["nested"]);
}

#[test]
fn out_dir_writes_tickets_surveys_scorecard_criteria_and_daily() {
    let sandbox = Sandbox::new();
    for (format, tickets) in [("csv", "tickets.csv"), ("parquet", "tickets.parquet")] {
        sandbox
            .run([
                "generate",
                "--tickets",
                "300",
                "--weeks",
                "3",
                "--format",
                format,
                "--out-dir",
                format,
            ])
            .success()
            .no_stdout()
            .stderr_is("");
        let mut names: Vec<String> = std::fs::read_dir(sandbox.join(format))
            .expect("list the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        let mut expected = vec![
            "criteria.csv",
            "daily.csv",
            "scorecard.csv",
            "surveys.csv",
            tickets,
        ];
        expected.sort_unstable();
        assert_eq!(names, expected, "--format {format}");
    }
    // The surveys, scorecard, criteria and daily reports do not depend on the tickets' format.
    for name in ["surveys.csv", "scorecard.csv", "criteria.csv", "daily.csv"] {
        assert!(
            sandbox.read(&format!("csv/{name}")) == sandbox.read(&format!("parquet/{name}")),
            "{name}"
        );
    }
}

#[test]
fn generated_data_loads_with_response() {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "generate",
            "--tickets",
            "3000",
            "--weeks",
            "4",
            "--start",
            "2024-03-06",
            "--out-dir",
            "data",
        ])
        .success();
    let run = sandbox.run(["response", "--data", "data", "--format", "csv"]);
    let out = run.success().csv();
    assert_eq!(out.get(0, "tickets"), "3000");

    // --start is moved back to its Monday: 2024-03-06 is a Wednesday, so the four weeks are
    // 2024-W10 (Monday 4 March) to 2024-W13.
    let weeks: Csv = sandbox
        .run([
            "response", "--data", "data", "--by", "week", "--format", "csv",
        ])
        .success()
        .csv();
    let labels: Vec<&str> = weeks.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(labels, ["2024-W10", "2024-W11", "2024-W12", "2024-W13"]);
    assert_eq!(weeks.sum("tickets"), 3000);
}

#[test]
fn agents_sets_the_roster_size() {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "generate",
            "--tickets",
            "2000",
            "--agents",
            "3",
            "--out-dir",
            ".",
        ])
        .success();
    let out = sandbox
        .run([
            "response",
            "--tickets",
            "tickets.csv",
            "--by",
            "agent",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    // Three named agents, plus the empty group of unassigned tickets (about 2 %) when present.
    let named = out.rows.iter().filter(|r| !r[0].is_empty()).count();
    assert_eq!(named, 3, "{:?}", out.lines());
}

#[test]
fn out_of_range_options_are_usage_errors() {
    let sandbox = Sandbox::new();
    for (args, needle) in [
        (&["--tickets", "0"][..], "number of tickets"),
        (&["--weeks", "0"][..], "week"),
        (&["--agents", "0"][..], "agent"),
        (&["--start", "March"][..], "--start"),
    ] {
        let mut all = vec!["generate"];
        all.extend(args);
        sandbox.run(&all).code(2).no_stdout().stderr_has(&[needle]);
    }
}

#[test]
fn tickets_outside_the_documented_range_are_refused() {
    let sandbox = Sandbox::new();
    let help = sandbox.run(["generate", "--help"]);
    let text = help.success().stdout();
    // "Number of tickets (LOW to HIGH)": whichever way the two are reconciled, LOW must work
    // and LOW − 1 must not.
    let range = text
        .split("Number of tickets (")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .unwrap_or_else(|| panic!("no documented range in\n{text}"));
    let (low, _) = range.split_once(" to ").expect("LOW to HIGH");
    let low: u64 = low.replace(',', "").parse().expect("a number");
    let low_arg = low.to_string();
    sandbox
        .run(["generate", "--tickets", low_arg.as_str()])
        .success();
    let below = (low - 1).to_string();
    sandbox
        .run(["generate", "--tickets", below.as_str()])
        .code(2)
        .no_stdout();
}
