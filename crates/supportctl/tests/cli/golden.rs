//! Golden outputs of `response` on the demo data (`testdata/golden/`), and sanity checks of the
//! golden files themselves: contract columns, grouped totals, csv/json agreement, invariants.
//!
//! `SUPPORTCTL_BLESS=1 cargo test -p supportctl --test cli golden` rewrites the files.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{Csv, RESPONSE_COLUMNS, Sandbox, demo, demo_warning, testdata};

pub(crate) fn golden_path(name: &str) -> PathBuf {
    testdata().join("golden").join(name)
}

pub(crate) fn blessing() -> bool {
    std::env::var_os("SUPPORTCTL_BLESS").is_some_and(|v| v == "1")
}

/// The text of the golden file `name`.
pub(crate) fn read_golden(name: &str) -> String {
    let path = golden_path(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless the goldens first)", path.display()))
}

/// Compares `actual` with the golden file `name` byte for byte, or writes it when blessing.
pub(crate) fn assert_golden(name: &str, actual: &[u8]) {
    let path = golden_path(name);
    if blessing() {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("bless {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with SUPPORTCTL_BLESS=1 cargo test -p supportctl --test cli golden",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let (expected, actual) = (
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual),
    );
    let first_difference = expected
        .split_inclusive('\n')
        .zip(actual.split_inclusive('\n'))
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "stdout differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
         (expected {} bytes, got {}); if the change is intended, re-bless with \
         SUPPORTCTL_BLESS=1 cargo test -p supportctl --test cli golden and review the diff",
        path.display(),
        first_difference + 1,
        expected.split_inclusive('\n').nth(first_difference),
        actual.split_inclusive('\n').nth(first_difference),
        expected.len(),
        actual.len(),
    );
}

/// Runs `supportctl response --data testdata/demo ARGS` and checks stdout against `golden`,
/// stderr (the demo's one warning) and the exit code.
fn check(golden: &str, args: &[&str]) {
    let sandbox = Sandbox::new();
    let mut all = vec!["response".to_owned(), "--data".to_owned()];
    all.push(demo().display().to_string());
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let run = sandbox.run(&all);
    run.success().stderr_is(&demo_warning());
    assert_golden(golden, &run.stdout);
}

macro_rules! golden {
    ($($test:ident: $file:literal => [$($arg:literal),*];)*) => {
        $(
            #[test]
            fn $test() {
                check($file, &[$($arg),*]);
            }
        )*
    };
}

golden! {
    overall_csv: "response.csv" => ["--format", "csv"];
    overall_json: "response.json" => ["--format", "json"];
    by_week_csv: "response_by_week.csv" => ["--by", "week", "--format", "csv"];
    by_week_json: "response_by_week.json" => ["--by", "week", "--format", "json"];
    by_week_table: "response_by_week.table.txt" => ["--by", "week", "--format", "table"];
    by_week_markdown: "response_by_week.md" => ["--by", "week", "--format", "markdown"];
    by_agent_week_csv: "response_by_agent_week.csv" => ["--by", "agent,week", "--format", "csv"];
    by_agent_week_json: "response_by_agent_week.json" => ["--by", "agent,week", "--format", "json"];
    by_team_priority_csv: "response_by_team_priority.csv" => ["--by", "team,priority", "--format", "csv"];
    by_team_priority_json: "response_by_team_priority.json" => ["--by", "team,priority", "--format", "json"];
    buckets_by_channel_csv: "response_buckets_by_channel.csv" => ["--buckets", "--by", "channel", "--format", "csv"];
    buckets_by_channel_json: "response_buckets_by_channel.json" => ["--buckets", "--by", "channel", "--format", "json"];
    week_05_by_agent_csv: "response_week_2024-W05_by_agent.csv" => ["--week", "2024-W05", "--by", "agent", "--format", "csv"];
    week_05_by_agent_json: "response_week_2024-W05_by_agent.json" => ["--week", "2024-W05", "--by", "agent", "--format", "json"];
}

/// The response goldens in csv, with their group columns.
const RESPONSE_CSV: [(&str, &[&str]); 5] = [
    ("response.csv", &[]),
    ("response_by_week.csv", &["week"]),
    ("response_by_agent_week.csv", &["agent", "week"]),
    ("response_by_team_priority.csv", &["team", "priority"]),
    ("response_week_2024-W05_by_agent.csv", &["agent"]),
];

/// The golden csv file `name`.
pub(crate) fn read_csv(name: &str) -> Csv {
    let path = golden_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless the goldens first)", path.display()));
    Csv::parse(&text)
}

/// The golden json file `name`.
pub(crate) fn read_json(name: &str) -> Value {
    let path = golden_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless the goldens first)", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn csv_goldens_have_the_contract_columns_in_order_group_columns_first() {
    for (name, groups) in RESPONSE_CSV {
        let expected: Vec<&str> = groups.iter().chain(&RESPONSE_COLUMNS).copied().collect();
        assert_eq!(read_csv(name).header, expected, "{name}");
    }
    assert_eq!(
        read_csv("response_buckets_by_channel.csv").header,
        ["channel", "bucket", "tickets", "share_pct"]
    );
}

#[test]
fn grouped_counts_add_up_to_the_ungrouped_total() {
    let total = read_csv("response.csv");
    assert_eq!(total.rows.len(), 1);
    // Every count column is additive over a partition of the tickets.
    let counts = [
        "tickets",
        "responded",
        "unresponded",
        "invalid_order",
        "resolved",
        "sla_met",
        "sla_breached",
        "sla_pending",
    ];
    for (name, groups) in &RESPONSE_CSV[1..4] {
        let grouped = read_csv(name);
        for count in counts {
            assert_eq!(
                grouped.sum(count),
                total.sum(count),
                "{name}: the {count} of the groups do not add up to the total"
            );
        }
        // Each group appears once.
        let keys: Vec<String> = grouped
            .rows
            .iter()
            .map(|r| r[..groups.len()].join("|"))
            .collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{name}: a group appears twice");
    }
    assert_eq!(
        total.get(0, "tickets"),
        "5000",
        "the demo has 5,000 tickets"
    );

    // One week by agent adds up to that week's row of the weekly table.
    let weekly = read_csv("response_by_week.csv");
    let w05 = weekly
        .rows
        .iter()
        .position(|r| r[0] == "2024-W05")
        .expect("2024-W05 in the weekly golden");
    let week_by_agent = read_csv("response_week_2024-W05_by_agent.csv");
    for count in counts {
        assert_eq!(
            week_by_agent.sum(count).to_string(),
            weekly.get(w05, count),
            "2024-W05 by agent: {count}"
        );
    }

    // The FRT distribution counts answered tickets: its buckets add up to `responded`.
    let buckets = read_csv("response_buckets_by_channel.csv");
    assert_eq!(buckets.sum("tickets"), total.sum("responded"));
}

#[test]
fn bucket_counts_match_each_channels_responded_tickets() {
    let buckets = read_csv("response_buckets_by_channel.csv");
    let sandbox = Sandbox::new();
    let demo_dir = demo().display().to_string();
    let by_channel = sandbox
        .run([
            "response", "--data", &demo_dir, "--by", "channel", "--format", "csv",
        ])
        .success()
        .csv();
    for (row, channel) in by_channel.rows.iter().enumerate() {
        let channel = &channel[0];
        let mine: Vec<&Vec<String>> = buckets.rows.iter().filter(|r| &r[0] == channel).collect();
        // Five buckets per group, in order.
        let labels: Vec<&str> = mine.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            labels,
            ["0-1h", "1-4h", "4-8h", "8-24h", "24h+"],
            "{channel}"
        );
        let answered: u64 = mine
            .iter()
            .map(|r| r[2].parse::<u64>().expect("a count"))
            .sum();
        assert_eq!(
            answered.to_string(),
            by_channel.get(row, "responded"),
            "{channel}"
        );
        let share: f64 = mine
            .iter()
            .map(|r| r[3].parse::<f64>().expect("a share"))
            .sum();
        // Shares are rounded to 3 decimals: five of them sum to 100 within 5 × 0.0005.
        assert!(
            (share - 100.0).abs() <= 0.0025,
            "{channel}: shares sum to {share}"
        );
    }
}

fn number(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().expect("a number"))
}

#[test]
fn figures_in_every_row_are_consistent() {
    for (name, _) in RESPONSE_CSV {
        let csv = read_csv(name);
        for (i, row) in csv.rows.iter().enumerate() {
            let at = |c: &str| number(&row[csv.index(c)]);
            let count = |c: &str| at(c).expect("counts are never empty");
            let context = format!("{name}, row {}: {row:?}", i + 1);
            assert!(
                count("responded") + count("unresponded") <= count("tickets"),
                "{context}"
            );
            assert!(count("resolved") <= count("tickets"), "{context}");
            assert!(count("invalid_order") <= count("tickets"), "{context}");
            assert!(
                count("sla_met") + count("sla_breached") + count("sla_pending") <= count("tickets"),
                "{context}"
            );
            for prefix in ["frt", "res"] {
                let stats: Vec<Option<f64>> = ["median", "p90"]
                    .iter()
                    .map(|s| at(&format!("{prefix}_{s}_s")))
                    .collect();
                assert!(stats[0] <= stats[1], "{context}: {prefix} median > p90");
            }
            if count("responded") == 0.0 {
                assert_eq!(at("frt_mean_s"), None, "{context}");
            } else {
                let frt: Vec<f64> = ["frt_median_s", "frt_p90_s", "frt_p95_s", "frt_max_s"]
                    .iter()
                    .map(|c| at(c).expect("stats exist when some tickets were answered"))
                    .collect();
                assert!(frt.windows(2).all(|w| w[0] <= w[1]), "{context}");
                assert!(at("frt_mean_s") <= at("frt_max_s"), "{context}");
            }
            let (met, breached) = (count("sla_met"), count("sla_breached"));
            match at("sla_met_pct") {
                None => assert_eq!(met + breached, 0.0, "{context}"),
                Some(pct) => {
                    // Rounded to 3 decimals, halves away from zero: 95.3125 is written 95.313.
                    let exact = met / (met + breached) * 100.0;
                    assert!(
                        (pct - exact).abs() <= 0.0005 + 1e-9,
                        "{context}: {pct} vs {exact}"
                    );
                }
            }
        }
    }
}

#[test]
fn json_goldens_carry_the_same_values_as_the_csv_goldens() {
    let pairs = [
        "response",
        "response_by_week",
        "response_by_agent_week",
        "response_by_team_priority",
        "response_buckets_by_channel",
        "response_week_2024-W05_by_agent",
    ];
    for stem in pairs {
        assert_json_matches_csv(stem);
    }
}

/// Checks that `{stem}.json` carries the values of `{stem}.csv`, keys in the csv column order.
pub(crate) fn assert_json_matches_csv(stem: &str) {
    let csv = read_csv(&format!("{stem}.csv"));
    let json = read_json(&format!("{stem}.json"));
    let objects = json.as_array().expect("a JSON array");
    assert_eq!(objects.len(), csv.rows.len(), "{stem}: row count");
    for (row, object) in csv.rows.iter().zip(objects) {
        let object = object.as_object().expect("an object per row");
        // The same names in the same order (serde_json keeps it: preserve_order).
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys, csv.header,
            "{stem}: JSON keys are the csv columns, in order"
        );
        for (column, cell) in csv.header.iter().zip(row) {
            let value = &object[column];
            let same = match value {
                Value::Null => cell.is_empty(),
                Value::String(s) => s == cell,
                Value::Number(n) => {
                    // Integral values are integers in both, fractions have a decimal point in both.
                    n.as_f64() == cell.parse::<f64>().ok() && n.is_f64() == cell.contains('.')
                }
                _ => false,
            };
            assert!(
                same,
                "{stem}: {column} is {value} in JSON but {cell:?} in csv"
            );
        }
    }
}

#[test]
fn human_formats_show_the_same_weekly_counts() {
    let weekly = read_csv("response_by_week.csv");
    let markdown = std::fs::read_to_string(golden_path("response_by_week.md")).expect("markdown");
    let table = std::fs::read_to_string(golden_path("response_by_week.table.txt")).expect("table");
    for row in 0..weekly.rows.len() {
        let (week, tickets, responded, unresponded) = (
            weekly.get(row, "week"),
            weekly.get(row, "tickets"),
            weekly.get(row, "responded"),
            weekly.get(row, "unresponded"),
        );
        let md_row = format!("| {week} | {tickets} | {responded} | {unresponded} |");
        assert!(markdown.contains(&md_row), "markdown lacks {md_row:?}");
        let table_row = table
            .lines()
            .find(|l| l.contains(week))
            .unwrap_or_else(|| panic!("table lacks {week}"));
        let cells: Vec<&str> = table_row
            .split(['│', '┆'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells[..4], [week, tickets, responded, unresponded]);
    }
    // The weekly table fits the 120 columns the tests set.
    for line in table.lines() {
        assert!(line.chars().count() <= 120, "too wide: {line}");
    }
}

#[test]
fn the_system_time_zone_does_not_leak_into_the_output() {
    // Weeks are taken in --tz (default UTC), never in the machine's zone.
    let sandbox = Sandbox::new();
    let demo_dir = demo().display().to_string();
    let mut command = sandbox.command([
        "response", "--data", &demo_dir, "--by", "week", "--format", "csv",
    ]);
    command.env("TZ", "Pacific/Kiritimati");
    let output = command.output().expect("run");
    assert!(output.status.success());
    if !blessing() {
        let golden = std::fs::read(golden_path("response_by_week.csv")).expect("golden");
        assert!(output.stdout == golden, "TZ changed the weekly output");
    }
}
