//! `supportctl scorecard`: the seed's numbers end to end, both input forms, criteria from a file
//! or the configuration, thresholds, the breakdown, the template, tables with Cyrillic names.

use serde_json::Value;

use crate::golden::{golden_tests, read_csv, read_json};
use crate::support::{Csv, Sandbox, demo};

/// The contract's columns (docs/metrics.md).
pub const WEEKLY_COLUMNS: [&str; 6] = [
    "employee",
    "week",
    "meetings",
    "score",
    "max_possible",
    "score_pct",
];

/// The contract's columns (docs/metrics.md).
pub const TREND_COLUMNS: [&str; 11] = [
    "employee",
    "weeks",
    "first_score",
    "last_score",
    "min_score",
    "max_score",
    "max_possible",
    "slope_per_week",
    "mk_p_value",
    "trend",
    "verdict",
];

/// Two criteria, 80 points in all.
const CRITERIA: &str = "criterion,max_points,description\n\
    Заявки пользователей,50,Handling user requests\n\
    Самостоятельность,30,\n";

/// The seed: Иван Соколов scores 60, 50, 45 in three weeks; Anna rises 50 → 64 over ten weeks
/// (one meeting on Tuesdays), then holds 64 in an eleventh.
fn seed_long() -> String {
    let mut text = String::from("employee,date,criterion,points\n");
    let ivan = [(35, 25), (30, 20), (28, 17)];
    for (week, (a, b)) in ivan.iter().enumerate() {
        let date = format!("2024-01-{:02}", 2 + 7 * week);
        text.push_str(&format!("Иван Соколов,{date},Заявки пользователей,{a}\n"));
        text.push_str(&format!("Иван Соколов,{date},Самостоятельность,{b}\n"));
    }
    let anna = [50, 51, 53, 54, 56, 57, 59, 60, 62, 64, 64];
    for (week, total) in anna.iter().enumerate() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("a date")
            + chrono::Duration::days(7 * week as i64);
        // Split the total as 5/8 and 3/8 of it, rounded.
        let a = (f64::from(*total) * 5.0 / 8.0).round() as i32;
        text.push_str(&format!("Anna Petrova,{date},Заявки пользователей,{a}\n"));
        text.push_str(&format!(
            "Anna Petrova,{date},Самостоятельность,{}\n",
            total - a
        ));
    }
    text
}

/// The same data in the wide form.
fn seed_wide() -> String {
    let long = Csv::parse(&seed_long());
    let mut text = String::from("employee,date,Заявки пользователей,Самостоятельность,note\n");
    for pair in long.rows.chunks(2) {
        text.push_str(&format!(
            "{},{},{},{},\n",
            pair[0][0], pair[0][1], pair[0][3], pair[1][3]
        ));
    }
    text
}

fn seed_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("long.csv", seed_long());
    sandbox.write("wide.csv", seed_wide());
    sandbox.write("criteria.csv", CRITERIA);
    sandbox
}

#[test]
fn the_seed_numbers_end_to_end() {
    let sandbox = seed_sandbox();
    let run = sandbox.run([
        "scorecard",
        "trend",
        "--scorecard",
        "long.csv",
        "--criteria",
        "criteria.csv",
        "--format",
        "csv",
    ]);
    let out = run.success().stderr_is("").csv();
    assert_eq!(out.header, TREND_COLUMNS);
    // Anna: 11 weeks, 50 → 64, slope 1.5/week (see the library's tests), S = 54 of 55 pairs
    // rising with one tie (64, 64): Var = (11·10·27 − 2·1·9)/18 = 2952/18 = 164,
    // Z = 53/√164 = 4.1386, p = 0.000035; the last two weeks at 64/80 = 80 %: end-monitoring.
    // Иван: 60, 50, 45 → −7.5/week, p = 0.29627: declining, escalate.
    assert_eq!(
        out.lines(),
        [
            "Anna Petrova,11,50,64,50,64,80,1.5,0.000035,improving,end-monitoring",
            "Иван Соколов,3,60,45,45,60,80,-7.5,0.29627,declining,escalate",
        ]
    );
}

#[test]
fn weekly_scores_with_the_contract_columns() {
    let sandbox = seed_sandbox();
    let run = sandbox.run([
        "scorecard",
        "weekly",
        "--scorecard",
        "long.csv",
        "--criteria",
        "criteria.csv",
        "--employee",
        "иван соколов",
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    assert_eq!(out.header, WEEKLY_COLUMNS);
    // 60/80 = 75 %, 50/80 = 62.5 %, 45/80 = 56.25 % → 56.25 (three decimals at most).
    assert_eq!(
        out.lines(),
        [
            "Иван Соколов,2024-W01,1,60,80,75",
            "Иван Соколов,2024-W02,1,50,80,62.5",
            "Иван Соколов,2024-W03,1,45,80,56.25",
        ]
    );
    let json = sandbox
        .run([
            "scorecard",
            "weekly",
            "--scorecard",
            "long.csv",
            "--criteria",
            "criteria.csv",
            "--week",
            "2024-W02",
            "--format",
            "json",
        ])
        .success()
        .json();
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[1]["employee"], "Иван Соколов");
    assert_eq!(json[1]["score_pct"], serde_json::json!(62.5));
    assert_eq!(json[1]["meetings"], serde_json::json!(1));
}

#[test]
fn wide_and_long_forms_give_the_same_output() {
    let sandbox = seed_sandbox();
    for command in ["weekly", "trend"] {
        for format in ["csv", "json", "table"] {
            let run = |file: &str| {
                sandbox
                    .run([
                        "scorecard",
                        command,
                        "--scorecard",
                        file,
                        "--criteria",
                        "criteria.csv",
                        "--format",
                        format,
                    ])
                    .success()
                    .stdout
                    .clone()
            };
            assert!(
                run("long.csv") == run("wide.csv"),
                "{command} --format {format} differs between the forms"
            );
        }
    }
    let show = |file: &str| {
        sandbox
            .run([
                "scorecard",
                "show",
                "Иван Соколов",
                "--scorecard",
                file,
                "--criteria",
                "criteria.csv",
                "--format",
                "csv",
            ])
            .success()
            .stdout
            .clone()
    };
    assert!(show("long.csv") == show("wide.csv"));
}

#[test]
fn criteria_from_the_configuration_and_thresholds_from_flags_or_config() {
    let sandbox = seed_sandbox();
    sandbox.write(
        "supportctl.toml",
        "[scorecard]\ntarget = 85\n\n[scorecard.criteria]\n\
         \"Заявки пользователей\" = 50\n\
         \"Самостоятельность\" = { max_points = 30, description = \"без эскалаций\" }\n",
    );
    let trend = |extra: &[&str]| {
        let mut args = vec![
            "scorecard",
            "trend",
            "--scorecard",
            "wide.csv",
            "--format",
            "csv",
        ];
        args.extend(extra);
        sandbox.run(&args).success().csv()
    };
    // A target of 85 % in the configuration: Anna's 80 % is not enough to end monitoring.
    let out = trend(&[]);
    assert_eq!(out.pick(0, "trend,verdict"), "improving,continue");
    // The flag overrides the configuration.
    let out = trend(&["--target", "80"]);
    assert_eq!(out.pick(0, "trend,verdict"), "improving,end-monitoring");
    // A slope threshold of 2 % of 80 = 1.6/week: Anna's 1.5/week is stable.
    let out = trend(&["--slope-threshold", "2", "--target", "80"]);
    assert_eq!(out.pick(0, "trend,verdict"), "stable,continue");
    // Four weeks needed: Иван's three are too few.
    let out = trend(&["--min-weeks", "4"]);
    assert_eq!(out.pick(1, "trend,verdict"), "insufficient,insufficient");
    assert_eq!(out.get(1, "slope_per_week"), "-7.5");
}

#[test]
fn bad_thresholds_and_missing_inputs_are_usage_errors() {
    let sandbox = seed_sandbox();
    for (flag, value, needle) in [
        ("--slope-threshold", "0", "above 0"),
        ("--target", "120", "from 0 to 100"),
        ("--min-weeks", "1", "at least 2"),
    ] {
        sandbox
            .run([
                "scorecard",
                "trend",
                "--scorecard",
                "long.csv",
                "--criteria",
                "criteria.csv",
                flag,
                value,
            ])
            .code(2)
            .no_stdout()
            .stderr_has(&[flag, needle]);
    }
    sandbox
        .run(["scorecard", "weekly"])
        .code(2)
        .no_stdout()
        .stderr_has(&["no scorecard given", "--scorecard", "--data"]);
    sandbox
        .run([
            "scorecard",
            "weekly",
            "--scorecard",
            "long.csv",
            "--criteria",
            "criteria.csv",
            "--employee",
            "Ivan Sokolov",
        ])
        .code(2)
        .no_stdout()
        .stderr_has(&["--employee", "\"Ivan Sokolov\"", "Иван Соколов"]);
    sandbox
        .run([
            "scorecard",
            "show",
            "Петров",
            "--scorecard",
            "long.csv",
            "--criteria",
            "criteria.csv",
        ])
        .code(2)
        .no_stdout()
        .stderr_has(&[
            "EMPLOYEE",
            "\"Петров\"",
            "the employees are: Anna Petrova, Иван Соколов",
        ]);
    // A scorecard configuration with an unknown key is a configuration error.
    sandbox.write("bad.toml", "[scorecard]\ntreshold = 1\n");
    sandbox
        .run([
            "scorecard",
            "trend",
            "--scorecard",
            "long.csv",
            "--config",
            "bad.toml",
        ])
        .code(2)
        .stderr_has(&["treshold"]);
}

#[test]
fn the_scorecard_can_come_from_stdin() {
    let sandbox = seed_sandbox();
    let from_file = sandbox.run([
        "scorecard",
        "trend",
        "--scorecard",
        "long.csv",
        "--criteria",
        "criteria.csv",
        "--format",
        "csv",
    ]);
    let from_stdin = sandbox.run_stdin(
        [
            "scorecard",
            "trend",
            "--scorecard",
            "-",
            "--criteria",
            "criteria.csv",
            "--format",
            "csv",
        ],
        seed_long().as_bytes(),
    );
    assert_eq!(from_stdin.success().stdout, from_file.success().stdout);
}

/// The display width of a line in a terminal: every character here is one column wide
/// (Latin, Cyrillic, box drawing, block elements).
fn width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn tables_align_with_cyrillic_names() {
    let sandbox = seed_sandbox();
    let run = sandbox.run([
        "scorecard",
        "trend",
        "--scorecard",
        "long.csv",
        "--criteria",
        "criteria.csv",
    ]);
    let text = run.success().stdout().to_owned();
    let table: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '├', '└']))
        .collect();
    assert!(table.len() >= 5, "{text}");
    let widths: Vec<usize> = table.iter().map(|l| width(l)).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "ragged table:\n{text}"
    );
    // The border characters of every row line up under the header's.
    let bars = |line: &str| -> Vec<usize> {
        line.chars()
            .enumerate()
            .filter(|(_, c)| *c == '│' || *c == '┆')
            .map(|(i, _)| i)
            .collect()
    };
    let header = bars(table[1]);
    for line in table.iter().filter(|l| l.starts_with('│')) {
        assert_eq!(bars(line), header, "misaligned:\n{text}");
    }
    // The sparkline and the verdict in words are there for people, not in csv.
    assert!(text.contains("Scores"), "{text}");
    assert!(text.contains("escalate: falling"), "{text}");
    assert!(text.contains("end monitoring: at target"), "{text}");
    assert!(text.contains("Scores are points out of 80."), "{text}");
    assert!(text.contains("█▃▁"), "Иван's 60, 50, 45:\n{text}");
    assert!(text.contains("Иван Соколов"), "{text}");
}

#[test]
fn show_puts_the_biggest_loss_first() {
    let sandbox = seed_sandbox();
    let run = sandbox.run([
        "scorecard",
        "show",
        "иван соколов",
        "--scorecard",
        "wide.csv",
        "--criteria",
        "criteria.csv",
        "--loss-weeks",
        "2",
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    assert_eq!(
        out.header,
        [
            "criterion",
            "max_points",
            "avg_points_lost",
            "lost_pct",
            "2024-W01",
            "2024-W02",
            "2024-W03"
        ]
    );
    // Last two weeks: requests lose 50 − 30 = 20 and 50 − 28 = 22 → 21 (42 %); independence
    // loses 30 − 20 = 10 and 30 − 17 = 13 → 11.5 (38.3 %). Requests first.
    assert_eq!(
        out.lines(),
        [
            "Заявки пользователей,50,21,42,35,30,28",
            "Самостоятельность,30,11.5,38.333,25,20,17",
        ]
    );
    let table = sandbox.run([
        "scorecard",
        "show",
        "Иван Соколов",
        "--scorecard",
        "wide.csv",
        "--criteria",
        "criteria.csv",
    ]);
    let text = table.success().stdout();
    assert!(text.contains("W01"), "{text}");
    assert!(
        text.contains(
            "Weekly score 60 → 45 of 80 (3 scored weeks, -7.5 a week): escalate: falling"
        ),
        "{text}"
    );
}

#[test]
fn the_template_is_a_wide_sheet_that_reads_back() {
    let sandbox = seed_sandbox();
    let run = sandbox.run([
        "scorecard",
        "template",
        "--scorecard",
        "long.csv",
        "--criteria",
        "criteria.csv",
        "--with-last",
        "--date",
        "2024-03-19",
    ]);
    let out = run.success().csv();
    assert_eq!(
        out.header,
        [
            "employee",
            "date",
            "Заявки пользователей",
            "Самостоятельность",
            "note"
        ]
    );
    // Anna's last week (2024-W11): 64 = 40 + 24; Иван's (2024-W03): 28 + 17.
    assert_eq!(
        out.lines(),
        [
            "Anna Petrova,2024-03-19,40,24,points of 2024-W11 for reference",
            "Иван Соколов,2024-03-19,28,17,points of 2024-W03 for reference",
        ]
    );
    // Filled in and appended to the wide sheet, it reads back: Anna gets a twelfth week.
    let mut wide = seed_wide();
    for line in &out.lines() {
        wide.push_str(line);
        wide.push('\n');
    }
    sandbox.write("wide.csv", wide);
    let trend = sandbox
        .run([
            "scorecard",
            "trend",
            "--scorecard",
            "wide.csv",
            "--criteria",
            "criteria.csv",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    assert_eq!(trend.pick(0, "employee,weeks"), "Anna Petrova,12");

    // A blank sheet for new employees needs only the criteria.
    let blank = sandbox
        .run([
            "scorecard",
            "template",
            "--criteria",
            "criteria.csv",
            "--employee",
            "Ольга",
            "--employee",
            "Анна",
        ])
        .success()
        .stdout()
        .to_owned();
    assert_eq!(
        blank,
        "employee,date,Заявки пользователей,Самостоятельность,note\nАнна,,,,\nОльга,,,,\n"
    );
    sandbox
        .run(["scorecard", "template", "--criteria", "criteria.csv"])
        .code(2)
        .stderr_has(&["--employee"]);
}

#[test]
fn an_empty_scorecard_gives_an_empty_result() {
    let sandbox = seed_sandbox();
    sandbox.write("empty.csv", "employee,date,criterion,points,max_points\n");
    let run = sandbox.run([
        "scorecard",
        "trend",
        "--scorecard",
        "empty.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.success().stdout(),
        format!("{}\n", TREND_COLUMNS.join(","))
    );
    let run = sandbox.run(["scorecard", "weekly", "--scorecard", "empty.csv"]);
    assert!(
        run.success()
            .stdout()
            .contains("(no scorecard meetings in the period)")
    );
}

#[test]
fn the_demo_holds_a_falling_and_a_rising_employee() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    let out = sandbox
        .run(["scorecard", "trend", "--data", &data, "--format", "csv"])
        .success()
        .stderr_is("")
        .csv();
    let verdicts: Vec<String> = out.rows.iter().map(|r| r[10].clone()).collect();
    assert!(
        verdicts.contains(&"escalate".to_owned()),
        "{:?}",
        out.lines()
    );
    assert!(
        verdicts.contains(&"end-monitoring".to_owned()),
        "{:?}",
        out.lines()
    );
    let trends: Vec<&str> = out.rows.iter().map(|r| r[9].as_str()).collect();
    assert!(trends.contains(&"stable"), "{:?}", out.lines());
    assert!(trends.contains(&"improving"), "{:?}", out.lines());
}

golden_tests! {
    stderr: "";
    golden_weekly_csv: "scorecard_weekly.csv" => ["scorecard", "weekly", "--format", "csv"];
    golden_weekly_json: "scorecard_weekly.json" => ["scorecard", "weekly", "--format", "json"];
    golden_weekly_table: "scorecard_weekly.table.txt" => ["scorecard", "weekly", "--last-weeks", "2", "--format", "table"];
    golden_weekly_markdown: "scorecard_weekly.md" => ["scorecard", "weekly", "--last-weeks", "2", "--format", "markdown"];
    golden_trend_csv: "scorecard_trend.csv" => ["scorecard", "trend", "--format", "csv"];
    golden_trend_json: "scorecard_trend.json" => ["scorecard", "trend", "--format", "json"];
    golden_trend_table: "scorecard_trend.table.txt" => ["scorecard", "trend", "--format", "table"];
    golden_trend_markdown: "scorecard_trend.md" => ["scorecard", "trend", "--format", "markdown"];
    golden_show_table: "scorecard_show_ivan_sokolov.table.txt" => ["scorecard", "show", "Ivan Sokolov"];
    golden_show_csv: "scorecard_show_ivan_sokolov.csv" => ["scorecard", "show", "Ivan Sokolov", "--format", "csv"];
    golden_template_csv: "scorecard_template.csv" => ["scorecard", "template", "--with-last"];
}

#[test]
fn the_golden_trend_agrees_with_the_golden_weekly_scores() {
    let weekly = read_csv("scorecard_weekly.csv");
    let trend = read_csv("scorecard_trend.csv");
    assert_eq!(weekly.header, WEEKLY_COLUMNS);
    assert_eq!(trend.header, TREND_COLUMNS);
    for (i, row) in trend.rows.iter().enumerate() {
        let employee = &row[0];
        let mine: Vec<&Vec<String>> = weekly.rows.iter().filter(|r| &r[0] == employee).collect();
        let scores: Vec<f64> = mine
            .iter()
            .map(|r| r[3].parse().expect("a score"))
            .collect();
        let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let expected = format!(
            "{},{},{},{},{}",
            scores.len(),
            mine[0][3],
            mine[mine.len() - 1][3],
            min,
            max
        );
        assert_eq!(
            trend.pick(i, "weeks,first_score,last_score,min_score,max_score"),
            expected,
            "{employee}"
        );
        // Every weekly score is a share of its maximum.
        for r in &mine {
            let (score, max, pct): (f64, f64, f64) = (
                r[3].parse().expect("score"),
                r[4].parse().expect("max"),
                r[5].parse().expect("pct"),
            );
            assert!((score / max * 100.0 - pct).abs() <= 0.0005 + 1e-9, "{r:?}");
            assert!((0.0..=100.0).contains(&pct), "{r:?}");
        }
    }
    // The csv and json goldens carry the same values.
    for stem in ["scorecard_weekly", "scorecard_trend"] {
        let csv = read_csv(&format!("{stem}.csv"));
        let json = read_json(&format!("{stem}.json"));
        let objects = json.as_array().expect("an array");
        assert_eq!(objects.len(), csv.rows.len(), "{stem}");
        for (row, object) in csv.rows.iter().zip(objects) {
            for (column, cell) in csv.header.iter().zip(row) {
                let same = match &object[column] {
                    Value::Null => cell.is_empty(),
                    Value::String(s) => s == cell,
                    Value::Number(n) => n.as_f64() == cell.parse::<f64>().ok(),
                    _ => false,
                };
                assert!(same, "{stem}: {column} differs: {object:?} vs {cell:?}");
            }
        }
    }
}

#[test]
fn generate_writes_a_scorecard_and_its_criteria_beside_the_tickets() {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "generate",
            "--tickets",
            "300",
            "--weeks",
            "6",
            "--agents",
            "3",
            "--out-dir",
            "data",
        ])
        .success()
        .no_stdout();
    let weekly = sandbox
        .run(["scorecard", "weekly", "--data", "data", "--format", "csv"])
        .success()
        .stderr_is("")
        .csv();
    let mut employees: Vec<&str> = weekly.rows.iter().map(|r| r[0].as_str()).collect();
    employees.dedup();
    assert_eq!(employees.len(), 3, "{:?}", weekly.lines());
    assert!(weekly.rows.len() >= 3 * 5, "{:?}", weekly.lines());
    let criteria =
        Csv::parse(&String::from_utf8(sandbox.read("data/criteria.csv")).expect("UTF-8"));
    assert_eq!(criteria.header, ["criterion", "max_points", "description"]);
    assert_eq!(criteria.rows.len(), 6);
    // The scorecard's agents are the tickets' agents.
    let agents = sandbox
        .run([
            "response", "--data", "data", "--by", "agent", "--format", "csv",
        ])
        .success()
        .csv();
    for employee in employees {
        assert!(
            agents.rows.iter().any(|r| r[0] == employee),
            "{employee} has no tickets"
        );
    }
}

#[test]
fn every_scorecard_subcommand_has_examples_of_itself() {
    let sandbox = Sandbox::new();
    for sub in ["weekly", "trend", "show", "template"] {
        let run = sandbox.run(["scorecard", sub, "--help"]);
        let help = run.success().stdout();
        let examples: Vec<&str> = help
            .split("\nExamples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("scorecard {sub}: no Examples:\n{help}"))
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        assert!(examples.len() >= 2, "scorecard {sub}: {examples:?}");
        for line in examples {
            assert!(
                line.starts_with(&format!("supportctl scorecard {sub} ")),
                "scorecard {sub}: {line:?}"
            );
        }
    }
    let trend = sandbox.run(["scorecard", "trend", "--help"]);
    for needle in [
        "--slope-threshold <PCT>",
        "--target <PCT>",
        "--min-weeks <N>",
        "Theil–Sen",
        "Mann–Kendall",
        "end-monitoring",
    ] {
        assert!(
            trend.stdout().contains(needle),
            "trend --help lacks {needle:?}"
        );
    }
}

#[test]
fn one_columns_table_serves_tickets_and_scorecards() {
    let sandbox = seed_sandbox();
    sandbox.write(
        "supportctl.toml",
        "[columns]\nagent = \"Assignee\"\nemployee = \"Сотрудник\"\n",
    );
    sandbox.write(
        "tickets.csv",
        "id,created_at,first_response_at,Assignee\nT-1,2024-03-18 10:00,2024-03-18 10:30,Анна\n",
    );
    sandbox.write(
        "sheet.csv",
        seed_long().replacen("employee,", "Сотрудник,", 1),
    );
    let tickets = sandbox
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
    assert_eq!(tickets.pick(0, "agent,frt_median_s"), "Анна,1800");
    let trend = sandbox
        .run([
            "scorecard",
            "trend",
            "--scorecard",
            "sheet.csv",
            "--criteria",
            "criteria.csv",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    assert_eq!(trend.rows.len(), 2);
}
