//! `supportctl peak`: hand-worked figures on a tiny export, the demo's planted peak, goldens of
//! the summary and the heatmap, and the usage errors of --peak and --peak-top.

use serde_json::json;

use crate::golden::{golden_tests, read_golden};
use crate::support::{Csv, Run, Sandbox, demo, demo_warning};

/// The summary columns: the documented ones (docs/metrics.md), in their order, then the counts behind them and the time
/// the durations are in.
const SUMMARY_COLUMNS: [&str; 16] = [
    "peak_slots",
    "peak_arrivals_share_pct",
    "peak_frt_mean_s",
    "peak_frt_median_s",
    "peak_frt_p90_s",
    "offpeak_frt_mean_s",
    "offpeak_frt_median_s",
    "offpeak_frt_p90_s",
    "queue_max",
    "queue_max_at",
    "queue_mean_peak",
    "tickets",
    "peak_tickets",
    "peak_responded",
    "offpeak_responded",
    "time_basis",
];

/// The heatmap columns: the documented ones (docs/metrics.md), then the slot's ticket count and the time the durations
/// are in.
const HEATMAP_COLUMNS: [&str; 8] = [
    "weekday",
    "hour",
    "arrivals_per_week",
    "frt_mean_s",
    "frt_median_s",
    "is_peak",
    "tickets",
    "time_basis",
];

/// Eight tickets over two weeks, Monday 2024-03-18 to Wednesday 2024-03-27 (the library's
/// hand-worked example; its tests hold the arithmetic of each figure):
/// Mon 10 has 3 tickets over 2 Mondays (1.5 a week), Tue 10 and Wed 11 one each over 2 (0.5),
/// Thu 14 two over 1 Thursday (2.0), Sat 09 one (1.0). Ticket 6 is never answered; ticket 8's
/// answer at 13:00 comes after --as-of 12:00.
const TWO_WEEKS: &str = "\
id,created_at,first_response_at,team
1,2024-03-18 10:05,2024-03-18 10:25,L1
2,2024-03-18 10:40,2024-03-18 11:40,L1
3,2024-03-25 10:10,2024-03-25 10:20,L1
4,2024-03-19 10:30,2024-03-19 10:45,L1
5,2024-03-21 14:00,2024-03-21 14:30,L2
6,2024-03-21 14:20,,L2
7,2024-03-23 09:00,2024-03-23 09:05,L2
8,2024-03-27 11:00,2024-03-27 13:00,L2
";

/// Writes `tickets` to `t.csv` and runs `peak --tickets t.csv ARGS`.
fn peak(tickets: &str, args: &[&str]) -> Run {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", tickets);
    let mut all = vec!["peak", "--tickets", "t.csv"];
    all.extend(args);
    sandbox.run(all)
}

fn peak_csv(tickets: &str, args: &[&str]) -> Csv {
    let mut all = vec!["--format", "csv", "--as-of", "2024-03-27 12:00"];
    all.extend(args);
    peak(tickets, &all).success().stderr_is("").csv()
}

#[test]
fn hand_worked_summary() {
    let out = peak_csv(TWO_WEEKS, &["--peak-top", "1"]);
    assert_eq!(out.header, SUMMARY_COLUMNS);
    // Top 1 %: ceil(1.68) = 2 slots, Thu 14 (2.0) and Mon 10 (1.5). In them tickets 1, 2, 3, 5,
    // 6: 5 of 8 = 62.5 %. Answered at peak 600, 1200, 1800, 3600 s: mean 1800, median 1500,
    // p90 1800 + 0.7 · 1800 = 3060. Off peak 900 and 300: mean = median 600, p90 300 + 0.9 · 600
    // = 840. The queue reaches 2 first at Thu 14:20 (tickets 5 and 6); over the 3 peak hours
    // (Mon 18 10-11, Thu 21 14-15, Mon 25 10-11) 2400 + 4200 + 4200 = 10 800 ticket-seconds
    // wait: a mean of 1.
    assert_eq!(
        out.lines(),
        ["2,62.5,1800,1500,3060,600,600,840,2,2024-03-21T14:20:00+00:00,1,8,5,4,2,calendar"]
    );
}

#[test]
fn hand_worked_heatmap_rows() {
    let out = peak_csv(TWO_WEEKS, &["--peak-top", "1", "--heatmap"]);
    assert_eq!(out.header, HEATMAP_COLUMNS);
    assert_eq!(out.rows.len(), 168);
    assert_eq!(out.rows[0][..2], ["Mon", "0"]);
    assert_eq!(out.rows[167][..2], ["Sun", "23"]);
    // Mon 10 (row 10): 3 / 2 Mondays = 1.5 a week; FRTs 1200, 3600, 600: mean 1800, median 1200.
    assert_eq!(out.lines()[10], "Mon,10,1.5,1800,1200,true,3,calendar");
    // Wed 11 (row 2 · 24 + 11 = 59): 1 / 2 = 0.5; its answer is after --as-of: no FRT.
    assert_eq!(out.lines()[59], "Wed,11,0.5,,,false,1,calendar");
    // Thu 14 (row 86): 2 / 1 = 2; one answered after 1800 s.
    assert_eq!(out.lines()[86], "Thu,14,2,1800,1800,true,2,calendar");
    // A quiet slot: 0 a week, no FRT.
    assert_eq!(out.lines()[0], "Mon,0,0,,,false,0,calendar");
    assert_eq!(out.sum("tickets"), 8);
}

#[test]
fn json_summary_has_nulls_booleans_and_the_instant() {
    let run = peak(
        TWO_WEEKS,
        &[
            "--format",
            "json",
            "--as-of",
            "2024-03-27 12:00",
            "--peak",
            "Sat-Sun 00:00-24:00",
        ],
    );
    // Peak: the weekend (48 slots): only ticket 7 (Sat 09, answered after 300 s).
    assert_eq!(
        run.success().json(),
        json!([{
            "peak_slots": 48, "peak_arrivals_share_pct": 12.5,
            "peak_frt_mean_s": 300, "peak_frt_median_s": 300, "peak_frt_p90_s": 300,
            "offpeak_frt_mean_s": 1620, "offpeak_frt_median_s": 1200, "offpeak_frt_p90_s": 2880,
            "queue_max": 2, "queue_max_at": "2024-03-21T14:20:00+00:00",
            // Weekend 03-23 and 03-24 (172 800 s): ticket 6 waits all of it, ticket 7 for 300 s.
            "queue_mean_peak": 1.002,
            "tickets": 8, "peak_tickets": 1, "peak_responded": 1, "offpeak_responded": 5,
            "time_basis": "calendar"
        }])
    );
    // Off peak: 1200, 3600, 600, 900, 1800 → sorted 600, 900, 1200, 1800, 3600: mean 8100 / 5
    // = 1620, median 1200, p90: h = 3.6 → 1800 + 0.6 · 1800 = 2880. Queue mean at peak:
    // (172 800 + 300) / 172 800 = 1.0017… → 1.002.
    let heat = peak(
        TWO_WEEKS,
        &[
            "--format",
            "json",
            "--as-of",
            "2024-03-27 12:00",
            "--heatmap",
        ],
    )
    .success()
    .json();
    assert_eq!(
        heat[3 * 24 + 14],
        json!({"weekday": "Thu", "hour": 14, "arrivals_per_week": 2, "frt_mean_s": 1800,
               "frt_median_s": 1800, "is_peak": true, "tickets": 2, "time_basis": "calendar"})
    );
    assert_eq!(heat[0]["frt_mean_s"], json!(null));
}

#[test]
fn grouped_by_team_each_line_has_its_own_peak() {
    let out = peak_csv(TWO_WEEKS, &["--peak-top", "1", "--by", "team"]);
    assert_eq!(out.header[0], "team");
    // L1: Mon 10 and Tue 10, all its 4 tickets; L2: Thu 14 and Sat 09, 3 of its 4.
    assert_eq!(
        out.pick(0, "team,peak_slots,peak_arrivals_share_pct,tickets"),
        "L1,2,100,4"
    );
    assert_eq!(
        out.pick(1, "team,peak_slots,peak_arrivals_share_pct,tickets"),
        "L2,2,75,4"
    );
    // L1 never has two waiting at once: its deepest queue is its first wait.
    assert_eq!(
        out.pick(0, "queue_max,queue_max_at"),
        "1,2024-03-18T10:05:00+00:00"
    );
    let table = peak(
        TWO_WEEKS,
        &[
            "--as-of",
            "2024-03-27 12:00",
            "--peak-top",
            "1",
            "--by",
            "team",
        ],
    );
    let text = table.success().stdout();
    assert!(
        text.contains("Peak hours of team L1: Mon-Tue 10:00-11:00"),
        "{text}"
    );
    assert!(
        text.contains("Peak hours of team L2: Thu 14:00-15:00; Sat 09:00-10:00"),
        "{text}"
    );
}

#[test]
fn moscow_puts_the_same_instants_three_hours_later() {
    let tickets = "id,created_at,first_response_at\n\
        1,2024-03-18T10:05:00Z,2024-03-18T10:25:00Z\n\
        2,2024-03-18T22:30:00Z,2024-03-18T23:00:00Z\n";
    let busy = |tz: &str| -> Vec<String> {
        let out = peak(tickets, &["--heatmap", "--format", "csv", "--tz", tz])
            .success()
            .csv();
        out.rows
            .iter()
            .filter(|r| r[6] != "0")
            .map(|r| format!("{} {}", r[0], r[1]))
            .collect()
    };
    assert_eq!(busy("UTC"), ["Mon 10", "Mon 22"]);
    assert_eq!(busy("Europe/Moscow"), ["Mon 13", "Tue 1"]);
    // The deepest queue's instant is written in the zone, with its offset.
    let out = peak(tickets, &["--format", "csv", "--tz", "Europe/Moscow"])
        .success()
        .csv();
    assert_eq!(out.get(0, "queue_max_at"), "2024-03-18T13:05:00+03:00");
}

#[test]
fn the_demo_shows_the_planted_late_morning_peak_and_a_longer_wait_in_it() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    let run = sandbox.run(["peak", "--data", &data, "--format", "csv"]);
    let out = run.success().stderr_is(&demo_warning()).csv();
    assert_eq!(out.get(0, "peak_slots"), "17");
    let number = |c: &str| -> f64 { out.get(0, c).parse().expect("a number") };
    // A longer wait at peak, in mean and median.
    assert!(number("peak_frt_median_s") > 2.0 * number("offpeak_frt_median_s"));
    assert!(number("peak_frt_mean_s") > number("offpeak_frt_mean_s"));
    // 17 of 168 slots (10 %) hold over a third of the arrivals.
    assert!(number("peak_arrivals_share_pct") > 30.0);
    // The peak is Monday to Friday, late morning: every weekday's 10:00-13:00 is in it.
    let table = sandbox.run(["peak", "--data", &data]);
    assert!(
        table
            .success()
            .stdout()
            .contains("Peak hours: Mon 10:00-14:00,15:00-16:00; Tue-Fri 10:00-13:00"),
        "{table:?}"
    );
}

#[test]
fn a_period_without_tickets_is_an_empty_result_that_says_so() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    let table = sandbox.run(["peak", "--data", &data, "--week", "2020-W01"]);
    assert!(
        table
            .success()
            .stdout()
            .contains("(no tickets in the period)"),
        "{table:?}"
    );
    let csv = sandbox.run([
        "peak", "--data", &data, "--week", "2020-W01", "--format", "csv",
    ]);
    assert_eq!(
        csv.success().stdout(),
        format!("{}\n", SUMMARY_COLUMNS.join(","))
    );
    for heatmap in [&["--heatmap"][..], &[]] {
        let mut args = vec![
            "peak", "--data", &data, "--week", "2020-W01", "--format", "json",
        ];
        args.extend(heatmap);
        assert_eq!(sandbox.run(&args).success().stdout(), "[]\n");
    }
    let grid = sandbox.run(["peak", "--data", &data, "--week", "2020-W01", "--heatmap"]);
    assert!(
        grid.success()
            .stdout()
            .contains("(no tickets in the period)")
    );
}

/// A usage error: arguments after `peak --data testdata/demo`, and what stderr must say.
const USAGE_ERRORS: &[(&[&str], &[&str])] = &[
    (
        &["--peak", "Mon-Fri 10:30-13:00"],
        &[
            "invalid --peak \"Mon-Fri 10:30-13:00\"",
            "`10:30` is not on the hour",
            "\"Mon-Fri 10:00-13:00\"",
        ],
    ),
    (
        &["--peak", "weekdays 10-13"],
        &["`weekdays` is not a day", "Mon to Sun"],
    ),
    (&["--peak", "Mon-Fri"], &["`Mon-Fri` has no hours"]),
    (
        &["--peak", "Mon 13:00-10:00"],
        &["does not end after it starts", "two"],
    ),
    (&["--peak", ""], &["the window is empty"]),
    (
        &["--peak-top", "0"],
        &["invalid --peak-top \"0\"", "from 1 to 100"],
    ),
    (&["--peak-top", "101"], &["--peak-top", "from 1 to 100"]),
    (&["--peak-top", "ten"], &["--peak-top", "'ten'"]),
    (
        &["--peak-top", "5", "--peak", "Mon 10-11"],
        &["--peak-top", "--peak", "cannot be used with"],
    ),
    (
        &["--by", "week"],
        &["invalid --by \"week\"", "team, channel"],
    ),
];

#[test]
fn usage_errors_exit_2_with_a_way_out() {
    let data = demo().display().to_string();
    let mut failures = Vec::new();
    for (args, needles) in USAGE_ERRORS {
        let mut all = vec!["peak", "--data", &data, "--format", "csv"];
        all.extend(*args);
        let run = Sandbox::new().run(&all);
        let missing: Vec<&&str> = needles
            .iter()
            .filter(|n| !run.stderr.contains(**n))
            .collect();
        if run.code != 2 || !run.stdout.is_empty() || !missing.is_empty() {
            failures.push(format!("{args:?}: missing {missing:?}\n{run:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_config_file_can_set_the_peak() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", TWO_WEEKS);
    sandbox.write(
        "supportctl.toml",
        "[peak]\nwindow = \"Sat-Sun 00:00-24:00\"\n",
    );
    let run = sandbox.run([
        "peak",
        "--tickets",
        "t.csv",
        "--format",
        "csv",
        "--as-of",
        "2024-03-27 12:00",
    ]);
    assert_eq!(
        run.success().csv().pick(0, "peak_slots,peak_tickets"),
        "48,1"
    );
    // A flag wins over the file.
    let run = sandbox.run([
        "peak",
        "--tickets",
        "t.csv",
        "--format",
        "csv",
        "--peak-top",
        "1",
    ]);
    assert_eq!(run.success().csv().get(0, "peak_slots"), "2");
    sandbox.write(
        "supportctl.toml",
        "[peak]\ntop = 10\nwindow = \"Mon 10-11\"\n",
    );
    sandbox
        .run(["peak", "--tickets", "t.csv"])
        .code(2)
        .no_stdout()
        .stderr_has(&["[peak] in supportctl.toml", "either `top` or `window`"]);
    sandbox.write("supportctl.toml", "[peak]\ntop = 0\n");
    sandbox
        .run(["peak", "--tickets", "t.csv"])
        .code(2)
        .no_stdout()
        .stderr_has(&["[peak] in supportctl.toml", "from 1 to 100"]);
}

#[test]
fn the_heatmap_grid_has_no_colour_when_piped_or_with_no_color() {
    // Tests pipe stdout and set NO_COLOR: no escape sequences, block characters for shades.
    let run = peak(TWO_WEEKS, &["--heatmap", "--as-of", "2024-03-27 12:00"]);
    let text = run.success().stdout();
    assert!(!text.contains('\x1b'), "{text}");
    // Thu 14 is the busiest slot (2.0 a week): darkest and marked as peak.
    let thursday = text
        .lines()
        .find(|l| l.starts_with("Thu"))
        .expect("a Thursday row");
    assert_eq!(
        thursday
            .chars()
            .skip(3 + 14 * 3)
            .take(3)
            .collect::<String>(),
        "*██"
    );
}

#[test]
fn peak_help_has_examples_and_the_definitions() {
    let help = Sandbox::new().run(["peak", "--help"]);
    let text = help.success().stdout();
    for needle in [
        "--peak-top <PERCENT>",
        "--peak <WINDOW>",
        "--heatmap",
        "ceil(168 × 10 / 100) = 17",
        "NO_COLOR",
        "supportctl peak --data testdata/demo --heatmap",
    ] {
        assert!(text.contains(needle), "peak --help lacks {needle:?}");
    }
}

golden_tests! {
    stderr: demo_warning();
    golden_summary_csv: "peak.csv" => ["peak", "--format", "csv"];
    golden_summary_json: "peak.json" => ["peak", "--format", "json"];
    golden_summary_table: "peak.table.txt" => ["peak"];
    golden_summary_markdown: "peak.md" => ["peak", "--format", "markdown"];
    golden_by_team_csv: "peak_by_team.csv" => ["peak", "--by", "team", "--format", "csv"];
    golden_by_team_table: "peak_by_team.table.txt" => ["peak", "--by", "team"];
    golden_heatmap_csv: "peak_heatmap.csv" => ["peak", "--heatmap", "--format", "csv"];
    golden_heatmap_json: "peak_heatmap.json" => ["peak", "--heatmap", "--format", "json"];
    golden_heatmap_table: "peak_heatmap.table.txt" => ["peak", "--heatmap"];
    golden_heatmap_markdown: "peak_heatmap.md" => ["peak", "--heatmap", "--format", "markdown"];
    golden_window_week_csv: "peak_window_week_2024-W05.csv" => ["peak", "--peak", "Mon-Fri 10:00-13:00", "--week", "2024-W05", "--format", "csv"];
}

#[test]
fn heatmap_golden_agrees_with_the_summary_golden() {
    let heat = Csv::parse(&read_golden("peak_heatmap.csv"));
    let summary = Csv::parse(&read_golden("peak.csv"));
    assert_eq!(heat.header, HEATMAP_COLUMNS);
    assert_eq!(summary.header, SUMMARY_COLUMNS);
    assert_eq!(heat.rows.len(), 168);
    // Every ticket is in one slot; the peak slots hold the peak tickets.
    assert_eq!(heat.sum("tickets").to_string(), summary.get(0, "tickets"));
    let peak_rows: Vec<&Vec<String>> = heat.rows.iter().filter(|r| r[5] == "true").collect();
    assert_eq!(peak_rows.len().to_string(), summary.get(0, "peak_slots"));
    let at_peak: u64 = peak_rows
        .iter()
        .map(|r| r[6].parse::<u64>().expect("a count"))
        .sum();
    assert_eq!(at_peak.to_string(), summary.get(0, "peak_tickets"));
    // The demo covers 12 whole weeks: arrivals per week = tickets / 12 in every slot.
    for row in &heat.rows {
        let tickets: f64 = row[6].parse().expect("a count");
        let per_week: f64 = row[2].parse().expect("a number");
        assert!((per_week - tickets / 12.0).abs() <= 0.0005, "{row:?}");
    }
    // No slot off peak is busier than a peak slot.
    let busiest_off = heat
        .rows
        .iter()
        .filter(|r| r[5] == "false")
        .map(|r| r[6].parse::<u64>().expect("a count"))
        .max();
    let quietest_peak = peak_rows
        .iter()
        .map(|r| r[6].parse::<u64>().expect("a count"))
        .min();
    assert!(busiest_off <= quietest_peak);
    // The by-team summary's tickets add up to the whole.
    let by_team = Csv::parse(&read_golden("peak_by_team.csv"));
    assert_eq!(
        by_team.sum("tickets").to_string(),
        summary.get(0, "tickets")
    );
}

#[test]
fn the_bank_example_turns_queued_calls_into_tickets() {
    // examples/bank_peak.sh on an excerpt of the real call-centre data (testdata/bank): 294
    // calls on Monday 2 and Tuesday 3 August 1999, 258 of which queued (171 served).
    let root = crate::support::testdata()
        .parent()
        .expect("the workspace root")
        .to_path_buf();
    let run = |extra: &[&str]| -> Csv {
        let output = std::process::Command::new("bash")
            .arg("examples/bank_peak.sh")
            .arg("testdata/bank/calls_excerpt.csv")
            .args(["--format", "csv"])
            .args(extra)
            .current_dir(&root)
            .env("SUPPORTCTL", crate::support::BIN)
            .output()
            .expect("bash runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert_eq!(stderr, "", "no warning expected");
        Csv::parse(&String::from_utf8(output.stdout).expect("utf8"))
    };
    let summary = run(&[]);
    assert_eq!(summary.get(0, "tickets"), "258");
    let answered: u64 = summary
        .get(0, "peak_responded")
        .parse::<u64>()
        .expect("a count")
        + summary
            .get(0, "offpeak_responded")
            .parse::<u64>()
            .expect("a count");
    assert_eq!(answered, 171);
    // The instant of the deepest queue is Israeli summer time.
    assert!(summary.get(0, "queue_max_at").ends_with("+03:00"));
    let heat = run(&["--heatmap"]);
    assert_eq!(heat.sum("tickets"), 258);
    // Only Monday and Tuesday have calls. The days run from the first call's (Monday 2 August)
    // to as_of's (Tuesday 3 August), not to the end of August: each occurs once.
    for row in &heat.rows {
        if !matches!(row[0].as_str(), "Mon" | "Tue") {
            assert_eq!(row[6], "0", "{row:?}");
        }
    }
    let mon_10 = &heat.rows[10];
    let tickets: f64 = mon_10[6].parse().expect("a count");
    let per_week: f64 = mon_10[2].parse().expect("a number");
    assert_eq!(per_week, tickets, "{mon_10:?}");
}

#[test]
fn creation_dates_without_a_time_of_day_give_no_peak_but_say_why() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "d.csv",
        "id,created_at\n1,2024-03-18\n2,2024-03-19\n3,2024-03-19\n",
    );
    let run = sandbox.run(["peak", "--tickets", "d.csv"]);
    let text = run.success().stdout().to_owned();
    assert!(
        text.starts_with("Peak load — 3 tickets, peak figures unavailable\n"),
        "{text}"
    );
    assert!(text.contains("have no time of day (dates alone)"), "{text}");
    assert!(!text.contains("100.0%"), "{text}");
    run.stderr_has(&["warning: d.csv: peak figures are unavailable"]);
    // The weekly report's peak section says so too.
    let report = sandbox.run(["report", "weekly", "--tickets", "d.csv"]);
    let text = report.success().stdout().to_owned();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("PEAK Not available: the creation times have no time of day"),
        "{text}"
    );
}
