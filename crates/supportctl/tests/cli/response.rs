//! `supportctl response` on tiny inline CSVs, every expected figure worked out by hand.

use serde_json::json;

use crate::support::{Csv, RESPONSE_COLUMNS, Run, Sandbox};

/// Writes `tickets` to `t.csv` in a fresh sandbox and runs `response --tickets t.csv ARGS`.
fn response(tickets: &str, args: &[&str]) -> Run {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", tickets);
    let mut all = vec!["response", "--tickets", "t.csv"];
    all.extend(args);
    sandbox.run(all)
}

/// Like [`response`] in csv, expecting success and no warning but those saying which figures
/// the file's columns cannot give (most files here have no resolution column, some no reply)
/// and which tickets the SLA leaves out (most have no priority).
fn response_csv(tickets: &str, args: &[&str]) -> Csv {
    let mut all = vec!["--format", "csv"];
    all.extend(args);
    let run = response(tickets, &all);
    run.success();
    for line in run.stderr.lines() {
        assert!(
            line.starts_with("warning: t.csv: ")
                && (line.contains(" are unavailable: ")
                    || line.contains(" have no SLA target for their priority ")),
            "unexpected stderr: {run:?}"
        );
    }
    run.csv()
}

/// The response columns joined with commas, for whole-row assertions.
fn all_columns() -> String {
    RESPONSE_COLUMNS.join(",")
}

const FOUR_ANSWERS: &str = "\
id,created_at,first_response_at,resolved_at
1,2024-03-18 10:00:00,2024-03-18 10:01:00,2024-03-18 11:00:00
2,2024-03-18 10:00:00,2024-03-18 10:02:00,2024-03-18 12:00:00
3,2024-03-18 10:00:00,2024-03-18 10:03:00,
4,2024-03-18 10:00:00,2024-03-18 10:04:00,
5,2024-03-18 10:00:00,,
";

#[test]
fn frt_and_resolution_statistics() {
    let out = response_csv(FOUR_ANSWERS, &[]);
    assert_eq!(out.header.join(","), all_columns());
    // FRTs 60, 120, 180, 240 s (ticket 5 unanswered):
    //   mean (60+120+180+240)/4 = 150; median (120+180)/2 = 150;
    //   p90: rank 0.9·3 = 2.7 → 180 + 0.7·60 = 222; p95: rank 2.85 → 180 + 0.85·60 = 231; max 240.
    // Resolutions 3600, 7200 s: mean = median = 5400; p90: rank 0.9 → 3600 + 0.9·3600 = 6840.
    // No priority column: no ticket has an SLA target, so the SLA counts are 0 and the rate empty.
    assert_eq!(
        out.lines(),
        ["5,4,1,0,150,150,222,231,240,2,5400,5400,6840,0,0,0,,calendar"]
    );
}

#[test]
fn json_has_numbers_and_null_for_what_cannot_be_computed() {
    let run = response(FOUR_ANSWERS, &["--format", "json"]);
    let value = run.success().json();
    // Same figures as frt_and_resolution_statistics; the SLA rate has no tickets to divide by.
    assert_eq!(
        value,
        json!([{
            "tickets": 5, "responded": 4, "unresponded": 1, "invalid_order": 0,
            "frt_mean_s": 150, "frt_median_s": 150, "frt_p90_s": 222, "frt_p95_s": 231,
            "frt_max_s": 240, "resolved": 2, "res_mean_s": 5400, "res_median_s": 5400,
            "res_p90_s": 6840, "sla_met": 0, "sla_breached": 0, "sla_pending": 0,
            "sla_met_pct": null, "time_basis": "calendar"
        }])
    );
}

#[test]
fn fractions_are_rounded_to_three_decimals() {
    // FRTs 10, 10, 20 s: mean 40/3 = 13.333…; median 10; p90: rank 1.8 → 10 + 0.8·10 = 18.
    let out = response_csv(
        "id,created_at,first_response_at\n\
         1,2024-03-18 10:00:00,2024-03-18 10:00:10\n\
         2,2024-03-18 10:00:00,2024-03-18 10:00:10\n\
         3,2024-03-18 10:00:00,2024-03-18 10:00:20\n",
        &[],
    );
    assert_eq!(
        out.pick(0, "frt_mean_s,frt_median_s,frt_p90_s"),
        "13.333,10,18"
    );
    let json = response(
        "id,created_at,first_response_at\n\
         1,2024-03-18 10:00:00,2024-03-18 10:00:10\n\
         2,2024-03-18 10:00:00,2024-03-18 10:00:10\n\
         3,2024-03-18 10:00:00,2024-03-18 10:00:20\n",
        &["--format", "json"],
    )
    .success()
    .json();
    assert_eq!(json[0]["frt_mean_s"], json!(13.333));
}

#[test]
fn response_or_resolution_before_creation_is_counted_once_and_dropped() {
    let tickets = "\
id,created_at,first_response_at,resolved_at
1,2024-03-18 10:00,2024-03-18 09:00,2024-03-18 12:00
2,2024-03-18 10:00,2024-03-18 11:00,2024-03-18 09:30
3,2024-03-18 10:00,2024-03-18 10:30,
4,2024-03-18 10:00,2024-03-18 09:59,2024-03-18 09:58
";
    let run = response(tickets, &["--format", "csv"]);
    run.success().stderr_is(
        "warning: t.csv: 3 rows with a first response or resolution before creation; those \
         durations are left out and counted as invalid_order (line 2, 3, 5)\n\
         warning: t.csv: 4 tickets have no SLA target for their priority and are left out of \
         the SLA figures: no priority (4); set their targets with --sla PRIORITY=DURATION (e.g. \
         --sla '*=8h' for every other priority) or under [sla] in supportctl.toml\n",
    );
    // Ticket 1: FRT −3600 dropped, resolution 7200 kept. Ticket 2: FRT 3600 kept, resolution
    // −1800 dropped. Ticket 3: FRT 1800. Ticket 4: both negative, counted once.
    // responded 2 (tickets 2, 3), unresponded 0 (every ticket has a response time),
    // invalid_order 3 (tickets 1, 2, 4). FRTs 1800, 3600: mean = median = 2700;
    // p90 1800 + 0.9·1800 = 3420; p95 1800 + 0.95·1800 = 3510; max 3600. One resolution: 7200.
    assert_eq!(
        run.csv().lines(),
        ["4,2,0,3,2700,2700,3420,3510,3600,1,7200,7200,7200,0,0,0,,calendar"]
    );
}

const SLA_TICKETS: &str = "\
id,created_at,first_response_at,priority
1,2024-03-18 10:00:00,2024-03-18 11:00:00,urgent
2,2024-03-18 10:00:00,2024-03-18 11:00:01,urgent
3,2024-03-18 10:00:00,,urgent
4,2024-03-18 10:00:00,,low
5,2024-03-18 10:00:00,2024-03-18 18:00:00,Normal
6,2024-03-18 10:00:00,2024-03-18 10:05:00,whenever
";

#[test]
fn sla_with_the_standard_targets() {
    let sla = "sla_met,sla_breached,sla_pending,sla_met_pct";
    // Standard targets urgent 1h, low 24h, normal 8h; `whenever` has none.
    // 1: 3600 ≤ 3600 met (the target is inclusive). 2: 3601 > 3600 breached.
    // 3: unanswered; at 12:00 its age 7200 > 3600: breached. 4: age 7200 ≤ 86400: pending.
    // 5: `Normal` matches normal (case-insensitive); its reply at 18:00 has not happened at
    // 12:00, so it is unanswered with age 7200 ≤ 28800: pending. 6: outside the SLA.
    // met 1, breached 2, pending 2; 1 / (1 + 2) = 33.333 %.
    let out = response_csv(SLA_TICKETS, &["--as-of", "2024-03-18 12:00"]);
    assert_eq!(out.pick(0, sla), "1,2,2,33.333");

    // At 2024-03-19 11:00 ticket 4 is 25 h = 90000 s old > 86400: breached too.
    // met 2, breached 3, pending 0; 2 / 5 = 40 %.
    let out = response_csv(SLA_TICKETS, &["--as-of", "2024-03-19 11:00"]);
    assert_eq!(out.pick(0, sla), "2,3,0,40");

    // By default "now" is the latest creation, 10:00, and every recorded reply counts:
    // 5 answered in 28800 ≤ 28800 (met); 3 and 4 are 0 s old (pending).
    // met 2 (1, 5), breached 1 (2), pending 2; 2 / (2 + 1) = 66.667 %.
    let out = response_csv(SLA_TICKETS, &[]);
    assert_eq!(out.pick(0, sla), "2,1,2,66.667");
}

#[test]
fn sla_targets_from_the_command_line_with_a_fallback() {
    // urgent 2h, the other standard targets as they are (low 24h, normal 8h), every other
    // priority 1h, at 12:00:
    // 1: 3600 ≤ 7200 met. 2: 3601 ≤ 7200 met. 3: unanswered, age 7200 ≤ 7200: pending.
    // 4: low, unanswered, age 7200 ≤ 86400: pending. 5: Normal, its reply at 18:00 is after
    // 12:00, age 7200 ≤ 28800: pending. 6: whenever → 1h, 300 ≤ 3600: met.
    // met 3, breached 0, pending 3; 3 / 3 = 100 %.
    let out = response_csv(
        SLA_TICKETS,
        &["--as-of", "2024-03-18 12:00", "--sla", "urgent=2h,*=1h"],
    );
    assert_eq!(
        out.pick(0, "sla_met,sla_breached,sla_pending,sla_met_pct"),
        "3,0,3,100"
    );
    // `low=1h` changes low alone; urgent keeps its standard 1h, normal 8h, and `whenever` has
    // no target. 1: 3600 ≤ 3600 met. 2: 3601 > 3600 breached. 3: unanswered, 7200 > 3600
    // breached. 4: low, unanswered, 7200 > 3600 breached. 5: pending as above. 6: outside.
    // met 1, breached 3, pending 1; 1 / 4 = 25 %.
    let out = response_csv(
        SLA_TICKETS,
        &["--as-of", "2024-03-18 12:00", "--sla", "low=1h"],
    );
    assert_eq!(
        out.pick(0, "sla_met,sla_breached,sla_pending,sla_met_pct"),
        "1,3,1,25"
    );
}

#[test]
fn sla_grouped_by_priority() {
    let out = response_csv(
        SLA_TICKETS,
        &["--as-of", "2024-03-18 12:00", "--by", "priority"],
    );
    // Priorities sorted alphabetically, ignoring case.
    // low: ticket 4 pending. Normal: ticket 5's reply (18:00) is after 12:00, so it is pending.
    // urgent: 1 met, 2 and 3 breached → 1/3.
    // whenever: no target, nothing counted, no rate.
    assert_eq!(
        out.rows
            .iter()
            .enumerate()
            .map(|(i, _)| out.pick(
                i,
                "priority,tickets,sla_met,sla_breached,sla_pending,sla_met_pct"
            ))
            .collect::<Vec<_>>(),
        [
            "low,1,0,0,1,",
            "Normal,1,0,0,1,",
            "urgent,3,1,2,0,33.333",
            "whenever,1,0,0,0,",
        ]
    );
}

#[test]
fn frt_buckets_have_inclusive_lower_bounds() {
    let tickets = "\
id,created_at,first_response_at
1,2024-03-18 00:00:00,2024-03-18 00:59:59
2,2024-03-18 00:00:00,2024-03-18 01:00:00
3,2024-03-18 00:00:00,2024-03-18 03:59:59
4,2024-03-18 00:00:00,2024-03-18 04:00:00
5,2024-03-18 00:00:00,2024-03-18 08:00:00
6,2024-03-18 00:00:00,2024-03-19 00:00:00
7,2024-03-18 00:00:00,
";
    // FRTs: 3599 → 0-1h; 3600 and 14399 → 1-4h; 14400 → 4-8h; 28800 → 8-24h; 86400 → 24h+.
    // Ticket 7 is unanswered and in no bucket. Shares of 6 answered: 1/6 = 16.667 %, 2/6 = 33.333 %.
    let out = response_csv(tickets, &["--buckets"]);
    assert_eq!(out.header, ["bucket", "tickets", "share_pct"]);
    assert_eq!(
        out.lines(),
        [
            "0-1h,1,16.667",
            "1-4h,2,33.333",
            "4-8h,1,16.667",
            "8-24h,1,16.667",
            "24h+,1,16.667",
        ]
    );
}

#[test]
fn groups_by_agent_with_the_empty_agent_last() {
    let tickets = "\
id,created_at,first_response_at,agent
1,2024-03-18 10:00,2024-03-18 10:10,Boris
2,2024-03-18 10:00,2024-03-18 10:20,
3,2024-03-18 10:00,2024-03-18 10:30,Anna
4,2024-03-18 10:00,2024-03-18 10:50,Anna
";
    // Anna: FRTs 1800, 3000 → median 2400. Boris: 600. No agent: 1200.
    let out = response_csv(tickets, &["--by", "agent"]);
    assert_eq!(out.header[0], "agent");
    assert_eq!(out.header[1..].join(","), all_columns());
    let rows: Vec<String> = (0..out.rows.len())
        .map(|i| out.pick(i, "agent,tickets,frt_median_s"))
        .collect();
    assert_eq!(rows, ["Anna,2,2400", "Boris,1,600", ",1,1200"]);

    // In JSON the missing agent is null, not "".
    let json = response(tickets, &["--by", "agent", "--format", "json"])
        .success()
        .json();
    assert_eq!(json[2]["agent"], json!(null));
    assert_eq!(json[2]["tickets"], json!(1));
}

#[test]
fn iso_weeks_months_and_days_across_the_new_year() {
    let tickets = "\
id,created_at
1,2024-12-29 12:00
2,2024-12-30 00:00
3,2025-01-05 23:59:59
4,2025-01-06 00:00
";
    // Sunday 2024-12-29 ends ISO week 2024-W52; Monday 2024-12-30 starts 2025-W01, which runs to
    // Sunday 2025-01-05; Monday 2025-01-06 is 2025-W02.
    let weeks = response_csv(tickets, &["--by", "week"]);
    let rows: Vec<String> = (0..weeks.rows.len())
        .map(|i| weeks.pick(i, "week,tickets"))
        .collect();
    assert_eq!(rows, ["2024-W52,1", "2025-W01,2", "2025-W02,1"]);

    // Calendar months: two tickets in December, two in January.
    let months = response_csv(tickets, &["--by", "month"]);
    let rows: Vec<String> = (0..months.rows.len())
        .map(|i| months.pick(i, "month,tickets"))
        .collect();
    assert_eq!(rows, ["2024-12,2", "2025-01,2"]);

    let days = response_csv(tickets, &["--by", "day,week"]);
    let rows: Vec<String> = (0..days.rows.len())
        .map(|i| days.pick(i, "day,week,tickets"))
        .collect();
    assert_eq!(
        rows,
        [
            "2024-12-29,2024-W52,1",
            "2024-12-30,2025-W01,1",
            "2025-01-05,2025-W01,1",
            "2025-01-06,2025-W02,1",
        ]
    );
}

#[test]
fn the_time_zone_decides_the_week_and_reads_naive_times() {
    // 2024-03-17T22:30Z is Sunday in UTC (2024-W11) but Monday 01:30 in Moscow (UTC+3, 2024-W12).
    let tickets = "id,created_at\n1,2024-03-17T22:30:00Z\n";
    assert_eq!(
        response_csv(tickets, &["--by", "week"]).get(0, "week"),
        "2024-W11"
    );
    assert_eq!(
        response_csv(tickets, &["--by", "week", "--tz", "Europe/Moscow"]).get(0, "week"),
        "2024-W12"
    );

    // A naive time is local in --tz: 10:00 in Moscow is 07:00Z, so a reply at 07:30Z came 1800 s
    // later. Read as UTC, the same reply would come 2.5 h before creation.
    let mixed = "id,created_at,first_response_at\n1,2024-03-18 10:00,2024-03-18T07:30:00Z\n";
    let out = response_csv(mixed, &["--tz", "Europe/Moscow"]);
    assert_eq!(out.pick(0, "responded,invalid_order,frt_max_s"), "1,0,1800");
    let run = response(mixed, &["--format", "csv"]);
    run.success().stderr_has(&["1 row with a first response"]);
    assert_eq!(run.csv().pick(0, "responded,invalid_order"), "0,1");
}

#[test]
fn period_filters_from_inclusive_to_exclusive() {
    let tickets = "\
id,created_at
1,2024-03-17 23:59:59
2,2024-03-18 00:00:00
3,2024-03-19 23:59:59
4,2024-03-20 00:00:00
5,2024-03-24 23:59:59
6,2024-03-25 00:00:00
";
    // --from 2024-03-18 --to 2024-03-20 keeps 18 and 19 March: tickets 2 and 3.
    let out = response_csv(tickets, &["--from", "2024-03-18", "--to", "2024-03-20"]);
    assert_eq!(out.get(0, "tickets"), "2");
    // Only --from: tickets 2 to 6.
    let out = response_csv(tickets, &["--from", "2024-03-18"]);
    assert_eq!(out.get(0, "tickets"), "5");
    // Only --to: tickets 1 to 3.
    let out = response_csv(tickets, &["--to", "2024-03-20"]);
    assert_eq!(out.get(0, "tickets"), "3");
    // 2024-W12 is Monday 18 to Sunday 24 March: tickets 2 to 5.
    let out = response_csv(tickets, &["--week", "2024-W12"]);
    assert_eq!(out.get(0, "tickets"), "4");
    // The last week ending with the week of --as-of 2024-03-25 (2024-W13): ticket 6 only.
    let out = response_csv(
        tickets,
        &["--last-weeks", "1", "--as-of", "2024-03-25 12:00"],
    );
    assert_eq!(out.get(0, "tickets"), "1");
    // The last 2 weeks: W12 and W13, tickets 2 to 6.
    let out = response_csv(
        tickets,
        &["--last-weeks", "2", "--as-of", "2024-03-25 12:00"],
    );
    assert_eq!(out.get(0, "tickets"), "5");
}

#[test]
fn minutes_columns_stand_in_for_timestamps() {
    let tickets = "\
id,created_at,first_response_minutes,resolution_minutes
1,2024-03-18 10:00,1.5,90
2,2024-03-18 10:00,2.5,
3,2024-03-18 10:00,,
";
    // FRTs 1.5 min = 90 s and 2.5 min = 150 s: mean = median = 120, max 150.
    // One resolution of 90 min = 5400 s.
    let out = response_csv(tickets, &[]);
    assert_eq!(
        out.pick(
            0,
            "tickets,responded,unresponded,frt_mean_s,frt_max_s,resolved,res_mean_s"
        ),
        "3,2,1,120,150,1,5400"
    );
}

#[test]
fn mapped_headers_bom_case_and_delimiter() {
    // A UTF-8 byte-order mark, other header names, a different case, extra columns, `;`.
    let tickets = "\u{feff}Ticket;CREATED;Replied;Assignee;Notes\n\
                   A-1;2024-03-18 10:00;2024-03-18 10:15;Anna;x\n\
                   A-2;2024-03-18 11:00;2024-03-18 11:45;Anna;y\n";
    let out = response_csv(
        tickets,
        &[
            "--delimiter",
            ";",
            "--map",
            "id=Ticket",
            "--map",
            "created_at=created",
            "--map",
            "first_response_at=Replied",
            "--map",
            "agent=assignee",
            "--by",
            "agent",
        ],
    );
    // FRTs 900 and 2700 s: mean = median = 1800.
    assert_eq!(
        out.pick(0, "agent,tickets,responded,frt_median_s"),
        "Anna,2,2,1800"
    );
}

#[test]
fn day_month_order_by_flag_and_by_format() {
    let tickets = "id,created_at\n1,03/04/2024 10:00\n";
    // Day first: 3 April 2024, a Wednesday in 2024-W14. Month first: 4 March 2024, 2024-W10.
    assert_eq!(
        response_csv(tickets, &["--by", "day", "--dayfirst"]).get(0, "day"),
        "2024-04-03"
    );
    assert_eq!(
        response_csv(tickets, &["--by", "day", "--monthfirst"]).get(0, "day"),
        "2024-03-04"
    );
    assert_eq!(
        response_csv(tickets, &["--by", "day", "--time-format", "%d/%m/%Y %H:%M"]).get(0, "day"),
        "2024-04-03"
    );
    // A day above 12 in the same column settles the order without a flag.
    let proven = "id,created_at\n1,03/04/2024 10:00\n2,25/04/2024 10:00\n";
    let out = response_csv(proven, &["--by", "day"]);
    assert_eq!(out.get(0, "day"), "2024-04-03");
    // Dotted dates are always day first.
    let dotted = "id,created_at\n1,03.04.2024 10:00\n";
    assert_eq!(
        response_csv(dotted, &["--by", "day"]).get(0, "day"),
        "2024-04-03"
    );
}

#[test]
fn the_table_and_markdown_show_one_record_as_figures() {
    // FOUR_ANSWERS: FRT median 150 s = 2m 30s, p90 222 s = 3m 42s; resolution median 5400 s
    // = 1h 30m, p90 6840 s = 1h 54m; no SLA rate.
    let run = response(FOUR_ANSWERS, &["--format", "markdown"]);
    let text = run.success().stdout();
    for row in [
        "| Figure | Value |",
        "| Tickets | 5 |",
        "| Answered | 4 |",
        "| No reply | 1 |",
        "| FRT median | 2m 30s |",
        "| FRT p90 | 3m 42s |",
        "| Resolution median | 1h 30m |",
        "| Resolution p90 | 1h 54m |",
        "| SLA met % | — |",
    ] {
        assert!(text.contains(row), "markdown lacks {row:?}:\n{text}");
    }
    let run = response(FOUR_ANSWERS, &[]);
    let text = run.success().stdout();
    // The title names the count, as-of time (the latest creation, 10:00) and zone.
    assert!(
        text.starts_with(
            "Response times — 5 tickets, as of 2024-03-18 10:00 (UTC), calendar time\n"
        ),
        "{text}"
    );
    for figure in ["2m 30s", "3m 42s", "1h 30m", "1h 54m"] {
        assert!(text.contains(figure), "table lacks {figure}:\n{text}");
    }
}

#[test]
fn an_empty_period_says_so_for_people() {
    let tickets = "id,created_at\n1,2024-03-18 10:00\n";
    let run = response(tickets, &["--by", "agent", "--week", "2024-W01"]);
    assert!(
        run.success()
            .stdout()
            .contains("(no tickets in the period)")
    );
    let run = response(
        tickets,
        &[
            "--by", "agent", "--week", "2024-W01", "--format", "markdown",
        ],
    );
    assert!(
        run.success()
            .stdout()
            .contains("_No tickets in the period._")
    );
    let run = response(
        tickets,
        &["--by", "agent", "--week", "2024-W01", "--format", "json"],
    );
    assert_eq!(run.success().json(), json!([]));
}

#[test]
fn a_config_file_in_the_working_directory_is_read() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", SLA_TICKETS);
    let args = [
        "response",
        "--tickets",
        "t.csv",
        "--as-of",
        "2024-03-18 12:00",
        "--format",
        "csv",
    ];
    let sla = "sla_met,sla_breached,sla_pending,sla_met_pct";
    // Without a config: the standard targets, 1 met, 2 breached, 2 pending (see above).
    assert_eq!(
        sandbox.run(args).success().csv().pick(0, sla),
        "1,2,2,33.333"
    );
    // `*` = 1h for every priority without a target, the standard ones kept: 1 met (3600),
    // 2 breached (3601), 3 breached (age 7200 > 1h), 4 low pending (7200 ≤ 24h), 5 Normal
    // pending (unanswered at 12:00, 7200 ≤ 8h), 6 whenever met (300 ≤ 1h): 2 met, 2 breached,
    // 2 pending → 50 %.
    sandbox.write("supportctl.toml", "[sla]\n\"*\" = \"1h\"\n");
    assert_eq!(sandbox.run(args).success().csv().pick(0, sla), "2,2,2,50");
    // A flag wins over the file: urgent=2h,*=1h as in sla_targets_from_the_command_line….
    let mut with_flag = args.to_vec();
    with_flag.extend(["--sla", "urgent=2h,*=1h"]);
    assert_eq!(
        sandbox.run(with_flag).success().csv().pick(0, sla),
        "3,0,3,100"
    );
    // --config names another file.
    sandbox.write("other.toml", "[sla]\nurgent = \"1s\"\n");
    let mut with_config = args.to_vec();
    with_config.extend(["--config", "other.toml"]);
    // urgent 1s, the other standard targets kept: 1 and 2 breached (3600, 3601 > 1), 3
    // breached (age 7200); 4 (low) and 5 (Normal) pending as above; 6 has no target.
    // 0 met, 3 breached, 2 pending → 0 %.
    assert_eq!(
        sandbox.run(with_config).success().csv().pick(0, sla),
        "0,3,2,0"
    );
}

#[test]
fn a_broken_config_file_is_a_usage_error() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", FOUR_ANSWERS);
    sandbox.write("supportctl.toml", "timezone = \"UTC\"\n");
    sandbox
        .run(["response", "--tickets", "t.csv"])
        .code(2)
        .no_stdout()
        .stderr_has(&["supportctl.toml", "timezone", "--config"]);
}

/// The keys of the first object of a pretty-printed JSON array, in the order they are written.
fn first_object_keys(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.trim() != "{")
        .skip(1)
        .take_while(|l| !l.trim().starts_with('}'))
        .filter_map(|l| l.trim().strip_prefix('"')?.split_once("\":"))
        .map(|(key, _)| key.to_owned())
        .collect()
}

#[test]
fn json_keys_follow_the_column_order() {
    let run = response(FOUR_ANSWERS, &["--by", "week", "--format", "json"]);
    let keys = first_object_keys(run.success().stdout());
    let expected: Vec<&str> = std::iter::once("week").chain(RESPONSE_COLUMNS).collect();
    assert_eq!(keys, expected);
}

#[test]
fn timings_go_to_stderr_only_when_asked() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", FOUR_ANSWERS);
    let args = ["response", "--tickets", "t.csv", "--format", "csv"];
    let plain = sandbox.command(args).output().expect("runs");
    let timed = sandbox
        .command(args)
        .env("SUPPORTCTL_TIMINGS", "1")
        .output()
        .expect("runs");
    assert!(plain.status.success() && timed.status.success());
    // The data is the same; only stderr gains one line per phase.
    assert_eq!(plain.stdout, timed.stdout);
    let stderr = String::from_utf8_lossy(&timed.stderr);
    let phases: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(phases, ["read", "compute"], "{stderr}");
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("timing:"));
}

#[test]
fn figures_the_file_cannot_give_are_empty_and_said_so() {
    // The only reply column is a duration in business hours: no reply time can be told, so the
    // answered counts, FRT and SLA are empty cells, not "0 answered, SLA 0%"; the resolution
    // (Solved at, 2 h after creation = 7200 s) is still computed.
    let run = response(
        "Id,Created at,First reply time in minutes within business hours,Solved at\n\
         1,2024-03-18 10:00,45,2024-03-18 12:00\n2,2024-03-18 11:00,,\n",
        &["--format", "csv"],
    );
    let out = run.success().csv();
    assert_eq!(
        out.pick(0, "tickets,responded,unresponded,frt_median_s,resolved,res_median_s,sla_met,sla_breached,sla_met_pct"),
        "2,,,,1,7200,,,"
    );
    run.stderr_has(&[
        "warning: t.csv: first-response figures (answered, no reply, FRT) are unavailable: the export gives the first reply only as a duration in business hours (`First reply time in minutes within business hours`)",
        "warning: t.csv: SLA figures (met, breached, pending) are unavailable",
        "note: t.csv: read with preset zendesk",
    ]);
    // The table says it too.
    let run = response("id,created_at,agent\n1,2024-03-18 10:00,Anna\n", &[]);
    let text = run.success().stdout().to_owned();
    assert!(
        text.contains("Unavailable: first-response figures"),
        "{text}"
    );
    assert!(text.contains("--map first_response_at=HEADER"), "{text}");
    assert!(text.contains("Unavailable: resolution figures"), "{text}");
}

#[test]
fn tickets_without_an_sla_target_are_counted_and_named() {
    // Critical takes the urgent target (1h): 1800 ≤ 3600, met. Someday and the ticket without a
    // priority have no target: outside the SLA, and said so.
    let tickets = "id,created_at,first_response_at,priority\n\
        1,2024-03-18 10:00,2024-03-18 10:30,Critical\n\
        2,2024-03-18 10:00,2024-03-18 10:30,Someday\n\
        3,2024-03-18 10:00,2024-03-18 10:30,\n\
        4,2024-03-18 10:00,2024-03-18 10:30,Someday\n";
    let run = response(tickets, &["--format", "csv"]);
    assert_eq!(
        run.success()
            .csv()
            .pick(0, "tickets,sla_met,sla_breached,sla_pending,sla_met_pct"),
        "4,1,0,0,100"
    );
    run.stderr_has(&[
        "warning: t.csv: 3 tickets have no SLA target for their priority and are left out of the SLA figures: Someday (2), no priority (1); set their targets with --sla PRIORITY=DURATION",
    ]);
    let text = response(tickets, &[]).success().stdout().to_owned();
    assert!(
        text.contains("SLA targets cover 1 of 4 tickets (3 without a target)"),
        "{text}"
    );
    // A fallback covers them all; the warning goes.
    let run = response(tickets, &["--format", "csv", "--sla", "*=1h"]);
    assert_eq!(run.success().csv().pick(0, "sla_met"), "4");
    assert!(!run.stderr.contains("no SLA target"), "{run:?}");
}
