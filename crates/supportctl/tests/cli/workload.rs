//! `supportctl workload` and `supportctl daily`: hand-worked figures on tiny exports, the
//! contract's columns, usage errors, and the goldens of the demo data with their sanity checks.

use crate::golden::{assert_json_matches_csv, golden_tests, read_csv};
use crate::support::{Sandbox, demo_warning};

/// The per-agent columns: the documented ones (docs/metrics.md), in their order, then the counts behind them and the time
/// the durations are in.
const WORKLOAD_COLUMNS: [&str; 12] = [
    "agent",
    "tickets",
    "share_pct",
    "resolved",
    "overdue",
    "overdue_pct",
    "frt_median_s",
    "csat_pct",
    "with_due",
    "csat_responses",
    "load",
    "time_basis",
];

/// The balance summary's columns: the documented ones (docs/metrics.md), then the figures behind them.
const BALANCE_COLUMNS: [&str; 12] = [
    "agents",
    "balance_cv",
    "max_min_ratio",
    "tickets",
    "unassigned",
    "mean_tickets",
    "sd_tickets",
    "min_tickets",
    "max_tickets",
    "margin_pct",
    "above",
    "below",
];

/// The `daily` columns.
const DAILY_COLUMNS: [&str; 16] = [
    "employee",
    "week",
    "days_reported",
    "done_pct",
    "partial_pct",
    "not_done_pct",
    "late_days",
    "late_minutes",
    "absent_vacation",
    "absent_day_off",
    "absent_sick",
    "worked_days",
    "done",
    "partial",
    "not_done",
    "absent_days",
];

/// Sixty tickets: Anna 10, Boris 10, Clara 40 (the hand-worked balance), created on
/// Monday 2024-03-18 and due at 12:00; Anna's are all resolved at 11:00, Boris's at 13:00 (late),
/// Clara's are open.
fn ten_ten_forty() -> String {
    let mut csv = String::from("id,created_at,resolved_at,due_at,agent\n");
    for (agent, n, resolved) in [
        ("Anna", 10, "2024-03-18 11:00"),
        ("Boris", 10, "2024-03-18 13:00"),
        ("Clara", 40, ""),
    ] {
        for i in 0..n {
            csv.push_str(&format!(
                "{agent}{i},2024-03-18 09:{i:02},{resolved},2024-03-18 12:00,{agent}\n"
            ));
        }
    }
    csv
}

#[test]
fn hand_worked_agents_and_balance() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", ten_ten_forty());
    let base = [
        "workload",
        "--tickets",
        "t.csv",
        "--as-of",
        "2024-03-18 14:00",
    ];
    let mut args = base.to_vec();
    args.extend(["--format", "csv"]);
    let out = sandbox.run(&args).success().stderr_is("").csv();
    assert_eq!(out.header, WORKLOAD_COLUMNS);
    // Shares 10/60 = 16.667 %, 40/60 = 66.667 %. Overdue at 14:00: Boris's 10 (resolved at 13:00,
    // due 12:00) and Clara's 40 (open past 12:00); Anna's were on time.
    assert_eq!(
        out.lines(),
        [
            "Anna,10,16.667,10,0,0,,,10,,below,calendar",
            "Boris,10,16.667,10,10,100,,,10,,below,calendar",
            "Clara,40,66.667,0,40,100,,,40,,above,calendar",
        ]
    );
    let mut args = base.to_vec();
    args.extend(["--balance", "--format", "csv"]);
    let out = sandbox.run(&args).success().csv();
    assert_eq!(out.header, BALANCE_COLUMNS);
    // mean 20, sd √200 = 14.142, CV 0.707, max/min 40/10 = 4.
    assert_eq!(
        out.lines(),
        ["3,0.707,4,60,0,20,14.142,10,40,25,Clara,Anna; Boris"]
    );
    // A margin of 200 % puts nobody above or below (20 ± 40).
    let mut args = base.to_vec();
    args.extend(["--balance", "--margin", "200", "--format", "csv"]);
    let out = sandbox.run(&args).success().csv();
    assert_eq!((out.get(0, "above"), out.get(0, "below")), ("", ""));
    // People get both tables.
    let run = sandbox.run(base);
    let table = run.success().stdout();
    assert!(table.contains("Team balance"), "{table}");
    assert!(table.contains("Anna; Boris"), "{table}");
}

#[test]
fn by_week_an_agent_without_tickets_has_a_row_of_zeros() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "t.csv",
        "id,created_at,agent\n1,2024-03-18 09:00,Anna\n2,2024-03-18 10:00,Boris\n\
         3,2024-03-25 09:00,Anna\n",
    );
    let out = sandbox
        .run([
            "workload",
            "--tickets",
            "t.csv",
            "--by",
            "week",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    assert_eq!(out.header[..2], ["week", "agent"]);
    // W13: Anna 1 of 1 (100 %), Boris 0 (0 %).
    assert_eq!(
        out.pick(3, "week,agent,tickets,share_pct"),
        "2024-W13,Boris,0,0"
    );
    assert_eq!(out.rows.len(), 4);
}

#[test]
fn workload_usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", "id,created_at,agent\n1,2024-03-18 09:00,Anna\n");
    sandbox
        .run(["workload", "--tickets", "t.csv", "--by", "channel"])
        .code(2)
        .no_stdout()
        .stderr_has(&["--by", "week, team, site"]);
    sandbox
        .run(["workload", "--tickets", "t.csv", "--margin=-5"])
        .code(2)
        .stderr_has(&["--margin"]);
    sandbox.run(["workload"]).code(2).stderr_has(&["--tickets"]);
}

/// Anna's week 2024-W12 and a sick Monday after it (the library's hand-worked example).
const WEEK: &str = "employee,date,plan_status,late_minutes,absence\n\
    Anna,2024-03-18,done,0,\n\
    Anna,2024-03-19,Done,12,\n\
    Anna,2024-03-20,partly done,,\n\
    Anna,2024-03-21,not done,33,\n\
    Anna,2024-03-22,,,day off\n\
    Anna,2024-03-25,,,sick\n";

#[test]
fn hand_worked_daily_week_from_a_file_and_from_stdin() {
    let sandbox = Sandbox::new();
    sandbox.write("d.csv", WEEK);
    let out = sandbox
        .run(["daily", "--daily", "d.csv", "--format", "csv"])
        .success()
        .stderr_is("")
        .csv();
    assert_eq!(out.header, DAILY_COLUMNS);
    // W12: 5 reports, 4 worked: done 2/4 = 50 %, partial 1/4 = 25 %, not done 1/4 = 25 %;
    // late on two days, 12 + 33 = 45 minutes; one day off. W13: a sick day, no plan shares.
    assert_eq!(
        out.lines(),
        [
            "Anna,2024-W12,5,50,25,25,2,45,0,1,0,4,2,1,1,1",
            "Anna,2024-W13,1,,,,0,0,0,0,1,0,0,0,0,1",
        ]
    );
    let from_stdin = sandbox.run_stdin(
        [
            "daily", "--daily", "-", "--week", "2024-W12", "--format", "json",
        ],
        WEEK.as_bytes(),
    );
    let json = from_stdin.success().json();
    assert_eq!(json[0]["done_pct"], 50);
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    // The table notes the week spent away.
    let table = sandbox.run(["daily", "--daily", "d.csv"]);
    assert!(table.success().stdout().contains("┆ away"));
}

#[test]
fn daily_without_reports_is_a_usage_error() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["daily"])
        .code(2)
        .no_stdout()
        .stderr_has(&["--daily FILE", "daily.csv"]);
}

golden_tests! {
    stderr: demo_warning();
    workload_csv: "workload.csv" => ["workload", "--scale", "1-5", "--format", "csv"];
    workload_json: "workload.json" => ["workload", "--scale", "1-5", "--format", "json"];
    workload_table: "workload.table.txt" => ["workload", "--scale", "1-5", "--format", "table"];
    workload_by_week_csv: "workload_by_week.csv" => ["workload", "--scale", "1-5", "--by", "week", "--format", "csv"];
    workload_balance_by_week_csv: "workload_balance_by_week.csv" => ["workload", "--scale", "1-5", "--by", "week", "--balance", "--format", "csv"];
}

golden_tests! {
    stderr: "";
    daily_csv: "daily.csv" => ["daily", "--format", "csv"];
    daily_json: "daily.json" => ["daily", "--format", "json"];
    daily_table: "daily.table.txt" => ["daily", "--last-weeks", "2", "--format", "table"];
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("a number: {text:?}"))
}

#[test]
fn workload_goldens_are_consistent() {
    let agents = read_csv("workload.csv");
    assert_eq!(agents.header, WORKLOAD_COLUMNS);
    // Every demo ticket is in one row; the shares add up to 100 (rounded to 3 decimals).
    assert_eq!(agents.sum("tickets"), 5000);
    let shares: f64 = agents.rows.iter().map(|r| number(&r[2])).sum();
    assert!((shares - 100.0).abs() < 0.01, "{shares}");
    for (i, _) in agents.rows.iter().enumerate() {
        let count = |c: &str| number(agents.get(i, c));
        assert!(count("overdue") <= count("with_due") && count("with_due") <= count("tickets"));
        assert!(count("resolved") <= count("tickets"));
    }
    // By week: the same tickets, each week's agents the whole roster (8, and the unassigned).
    let by_week = read_csv("workload_by_week.csv");
    assert_eq!(by_week.header[0], "week");
    assert_eq!(by_week.sum("tickets"), 5000);
    assert_eq!(by_week.sum("overdue"), agents.sum("overdue"));
    let balance = read_csv("workload_balance_by_week.csv");
    assert_eq!(balance.header[1..], BALANCE_COLUMNS);
    assert_eq!(balance.rows.len(), 12);
    assert_eq!(balance.sum("tickets") + balance.sum("unassigned"), 5000);
    assert!(balance.ints("agents").iter().all(|&n| n == 8));
    // Each week's CV is its sd / mean.
    for i in 0..balance.rows.len() {
        let (sd, mean, cv) = (
            number(balance.get(i, "sd_tickets")),
            number(balance.get(i, "mean_tickets")),
            number(balance.get(i, "balance_cv")),
        );
        assert!((sd / mean - cv).abs() < 0.002, "row {i}");
    }
    assert_json_matches_csv("workload");
}

#[test]
fn daily_goldens_are_consistent() {
    let daily = read_csv("daily.csv");
    assert_eq!(daily.header, DAILY_COLUMNS);
    // The demo has 470 reports over 12 weeks of 8 agents.
    assert_eq!(daily.sum("days_reported"), 470);
    for i in 0..daily.rows.len() {
        let count = |c: &str| daily.ints(c)[i];
        assert_eq!(
            count("days_reported"),
            count("worked_days") + count("absent_days")
        );
        assert_eq!(
            count("worked_days"),
            count("done") + count("partial") + count("not_done")
        );
        if count("worked_days") > 0 {
            let shares: f64 = ["done_pct", "partial_pct", "not_done_pct"]
                .iter()
                .map(|c| number(daily.get(i, c)))
                .sum();
            assert!((shares - 100.0).abs() < 0.01, "row {i}: {shares}");
        }
    }
    assert_json_matches_csv("daily");
}

#[test]
fn business_hours_apply_to_the_frt_median_and_say_so() {
    let sandbox = Sandbox::new();
    // Created Friday 2024-03-22 17:00, answered Monday 10:00: 65 h on the clock, but in
    // Mon-Fri 09:00-18:00 only Friday 17:00-18:00 and Monday 09:00-10:00 count: 2 h = 7200 s.
    sandbox.write(
        "t.csv",
        "id,created_at,first_response_at,agent\n1,2024-03-22 17:00,2024-03-25 10:00,Anna\n",
    );
    let out = sandbox
        .run([
            "workload",
            "--tickets",
            "t.csv",
            "--hours",
            "Mon-Fri 09:00-18:00",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    assert_eq!(out.get(0, "frt_median_s"), "7200");
    assert_eq!(out.get(0, "time_basis"), "business");
    // Without the calendar: 65 h = 234000 s, on the wall clock.
    let clock = sandbox
        .run(["workload", "--tickets", "t.csv", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(clock.get(0, "frt_median_s"), "234000");
    assert_eq!(clock.get(0, "time_basis"), "calendar");
}
