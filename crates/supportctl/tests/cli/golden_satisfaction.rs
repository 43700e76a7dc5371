//! Golden outputs of `csat` and `nps` on the demo data (`testdata/golden/`), and sanity checks
//! of the golden files: contract columns, grouped answers adding up, intervals around their
//! figures, csv/json agreement.
//!
//! `SUPPORTCTL_BLESS=1 cargo test -p supportctl --test cli golden` rewrites the files.

use crate::golden::{assert_golden, assert_json_matches_csv, read_csv};
use crate::support::{CSAT_COLUMNS, NPS_COLUMNS, Sandbox, demo};

/// Runs `supportctl COMMAND --data testdata/demo ARGS` and checks stdout against `golden`, an
/// empty stderr (the tickets' columns with warnings are not read) and the exit code.
fn check(golden: &str, command: &str, args: &[&str]) {
    let sandbox = Sandbox::new();
    let mut all = vec![command.to_owned(), "--data".to_owned()];
    all.push(demo().display().to_string());
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let run = sandbox.run(&all);
    run.success().stderr_is("");
    assert_golden(golden, &run.stdout);
}

macro_rules! golden {
    ($($test:ident: $file:literal => $command:literal [$($arg:literal),*];)*) => {
        $(
            #[test]
            fn $test() {
                check($file, $command, &[$($arg),*]);
            }
        )*
    };
}

golden! {
    csat_csv: "csat.csv" => "csat" ["--scale", "1-5", "--format", "csv"];
    csat_json: "csat.json" => "csat" ["--scale", "1-5", "--format", "json"];
    csat_table: "csat.table.txt" => "csat" ["--scale", "1-5", "--format", "table"];
    csat_by_agent_csv: "csat_by_agent.csv" => "csat" ["--scale", "1-5", "--by", "agent", "--format", "csv"];
    csat_by_agent_json: "csat_by_agent.json" => "csat" ["--scale", "1-5", "--by", "agent", "--format", "json"];
    csat_by_agent_table: "csat_by_agent.table.txt" => "csat" ["--scale", "1-5", "--by", "agent", "--format", "table"];
    csat_by_week_csv: "csat_by_week.csv" => "csat" ["--scale", "1-5", "--by", "week", "--format", "csv"];
    csat_by_week_json: "csat_by_week.json" => "csat" ["--scale", "1-5", "--by", "week", "--format", "json"];
    csat_by_week_table: "csat_by_week.table.txt" => "csat" ["--scale", "1-5", "--by", "week", "--format", "table"];
    csat_by_agent_week_csv: "csat_by_agent_week.csv" => "csat" ["--scale", "1-5", "--by", "agent,week", "--format", "csv"];
    nps_csv: "nps.csv" => "nps" ["--format", "csv"];
    nps_json: "nps.json" => "nps" ["--format", "json"];
    nps_by_agent_csv: "nps_by_agent.csv" => "nps" ["--by", "agent", "--format", "csv"];
    nps_by_agent_json: "nps_by_agent.json" => "nps" ["--by", "agent", "--format", "json"];
    nps_by_agent_table: "nps_by_agent.table.txt" => "nps" ["--by", "agent", "--format", "table"];
    nps_by_week_csv: "nps_by_week.csv" => "nps" ["--by", "week", "--format", "csv"];
    nps_by_week_json: "nps_by_week.json" => "nps" ["--by", "week", "--format", "json"];
    nps_by_week_table: "nps_by_week.table.txt" => "nps" ["--by", "week", "--format", "table"];
}

/// The csv goldens of each command, with their group columns.
const CSAT_CSV: [(&str, &[&str]); 4] = [
    ("csat.csv", &[]),
    ("csat_by_agent.csv", &["agent"]),
    ("csat_by_week.csv", &["week"]),
    ("csat_by_agent_week.csv", &["agent", "week"]),
];
const NPS_CSV: [(&str, &[&str]); 3] = [
    ("nps.csv", &[]),
    ("nps_by_agent.csv", &["agent"]),
    ("nps_by_week.csv", &["week"]),
];

fn number(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().expect("a number"))
}

#[test]
fn satisfaction_goldens_have_the_contract_columns_and_add_up() {
    for (files, columns, counts) in [
        (
            &CSAT_CSV[..],
            &CSAT_COLUMNS[..],
            &["csat_responses", "csat_satisfied"][..],
        ),
        (
            &NPS_CSV[..],
            &NPS_COLUMNS[..],
            &["nps_responses", "promoters", "passives", "detractors"][..],
        ),
    ] {
        let total = read_csv(files[0].0);
        assert_eq!(total.rows.len(), 1);
        for (name, groups) in files {
            let csv = read_csv(name);
            let expected: Vec<&str> = groups.iter().chain(columns).copied().collect();
            assert_eq!(csv.header, expected, "{name}");
            // Grouped answers add up to the total.
            for count in counts {
                assert_eq!(csv.sum(count), total.sum(count), "{name}: {count}");
            }
        }
    }
    // The demo: 1,340 CSAT answers and 351 NPS answers (testdata/demo/README.md).
    assert_eq!(read_csv("csat.csv").get(0, "csat_responses"), "1340");
    assert_eq!(read_csv("nps.csv").get(0, "nps_responses"), "351");
}

#[test]
fn satisfaction_figures_are_consistent_in_every_row() {
    for (name, _) in CSAT_CSV {
        let csv = read_csv(name);
        for row in 0..csv.rows.len() {
            let at = |c: &str| number(csv.get(row, c));
            let (n, satisfied) = (
                at("csat_responses").expect("a count"),
                at("csat_satisfied").expect("a count"),
            );
            let context = format!("{name}, row {}", row + 1);
            if n == 0.0 {
                assert_eq!(at("csat_pct"), None, "{context}");
                continue;
            }
            let pct = at("csat_pct").expect("a CSAT");
            assert!(
                (pct - satisfied / n * 100.0).abs() <= 0.0005 + 1e-9,
                "{context}"
            );
            // The interval contains the figure.
            let (low, high) = (
                at("csat_ci_low_pct").expect("low"),
                at("csat_ci_high_pct").expect("high"),
            );
            assert!(
                low <= pct && pct <= high,
                "{context}: {low} ≤ {pct} ≤ {high}"
            );
            let mean = at("csat_mean").expect("a mean");
            assert!((1.0..=5.0).contains(&mean), "{context}");
        }
    }
    for (name, _) in NPS_CSV {
        let csv = read_csv(name);
        for row in 0..csv.rows.len() {
            let at = |c: &str| number(csv.get(row, c)).expect("a value");
            let context = format!("{name}, row {}", row + 1);
            let n = at("nps_responses");
            assert_eq!(
                at("promoters") + at("passives") + at("detractors"),
                n,
                "{context}"
            );
            let nps = at("nps");
            assert!((-100.0..=100.0).contains(&nps), "{context}");
            let exact = (at("promoters") - at("detractors")) / n * 100.0;
            assert!((nps - exact).abs() <= 0.0005 + 1e-9, "{context}");
            assert!(at("nps_moe") >= 0.0, "{context}");
        }
    }
}

#[test]
fn satisfaction_json_goldens_match_the_csv_goldens() {
    for stem in [
        "csat",
        "csat_by_agent",
        "csat_by_week",
        "nps",
        "nps_by_agent",
        "nps_by_week",
    ] {
        assert_json_matches_csv(stem);
    }
}
