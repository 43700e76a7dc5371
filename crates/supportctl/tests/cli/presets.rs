//! Helpdesk exports as they come: presets matched by the header or named, Excel-style CSV
//! (Windows-1251, semicolons, decimal commas, day-first dates), UTF-16, .xlsx, and the
//! `presets` command. Goldens of `response` on every fixture of `testdata/presets/` are in
//! `testdata/golden/presets/` (`SUPPORTCTL_BLESS=1` rewrites them).

use crate::support::{Sandbox, testdata};

fn fixture(name: &str) -> String {
    testdata().join("presets").join(name).display().to_string()
}

fn blessing() -> bool {
    std::env::var_os("SUPPORTCTL_BLESS").is_some_and(|v| v == "1")
}

/// `response --tickets FIXTURE --format csv`: stdout equals the golden file, stderr names the
/// way the file was read.
fn golden(fixture_name: &str, golden_name: &str, read_as: &str) {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture(fixture_name),
        "--format",
        "csv",
    ]);
    run.success();
    let note = format!("note: {}: read with {read_as}", fixture(fixture_name));
    assert!(
        run.stderr.lines().any(|l| l == note),
        "stderr lacks {note:?}: {run:?}"
    );
    let path = testdata().join("golden/presets").join(golden_name);
    if blessing() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the folder");
        std::fs::write(&path, &run.stdout).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; bless with SUPPORTCTL_BLESS=1", path.display()));
    assert_eq!(run.stdout(), expected, "{}", path.display());
}

#[test]
fn zendesk_golden() {
    golden(
        "zendesk.csv",
        "zendesk.csv",
        "preset zendesk (Zendesk Support, matched by its header)",
    );
}

#[test]
fn freshdesk_golden() {
    golden(
        "freshdesk.csv",
        "freshdesk.csv",
        "preset freshdesk (Freshdesk, matched by its header)",
    );
}

#[test]
fn jira_golden() {
    golden(
        "jira.csv",
        "jira.csv",
        "preset jira (Jira Service Management, matched by its header)",
    );
}

#[test]
fn chatwoot_golden() {
    golden(
        "chatwoot.csv",
        "chatwoot.csv",
        "preset chatwoot (Chatwoot, matched by its header)",
    );
}

#[test]
fn helpscout_golden() {
    golden(
        "helpscout.csv",
        "helpscout.csv",
        "preset helpscout (Help Scout, matched by its header)",
    );
}

#[test]
fn servicenow_golden() {
    golden(
        "servicenow.csv",
        "servicenow.csv",
        "preset servicenow (ServiceNow incidents, matched by its header), \
         27 earlier event rows superseded by each ticket's last row",
    );
}

#[test]
fn russian_excel_golden() {
    golden(
        "zendesk_excel_ru.csv",
        "zendesk_excel_ru.csv",
        "preset zendesk (Zendesk Support, matched by its header), encoding windows-1251, \
         delimiter ';'",
    );
}

#[test]
fn utf16_golden() {
    golden(
        "excel_unicode.txt",
        "excel_unicode.csv",
        "encoding UTF-16LE, delimiter tab",
    );
}

#[test]
fn xlsx_golden() {
    golden("tickets.xlsx", "tickets_xlsx.csv", "sheet \"Tickets\"");
}

#[test]
fn zendesk_figures_by_hand() {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("zendesk.csv"),
        "--format",
        "csv",
    ]);
    // First replies 30, 90, 15, — and 45 minutes: 1800, 5400, 900, 2700 s; sorted 900, 1800,
    // 2700, 5400. Mean 10 800 / 4 = 2700; median (1800 + 2700) / 2 = 2250; p90 rank 0.9 · 3 =
    // 2.7 → 2700 + 0.7 · 2700 = 4590; p95 rank 2.85 → 2700 + 0.85 · 2700 = 4995; max 5400.
    // Resolutions 120, 300, 60 minutes: 7200, 18 000, 3600 s; mean 28 800 / 3 = 9600; median
    // 7200; p90 rank 1.8 → 7200 + 0.8 · 10 800 = 15 840.
    // SLA (normal 8h, high 4h, low 24h, urgent 1h): four answered inside their targets; 1044
    // (normal, created 03-19 16:30) is unanswered 19.5 h later at as-of 03-20 12:00: breached.
    // 4 / 5 = 80 %.
    assert_eq!(
        run.success().csv().rows,
        [[
            "5", "4", "1", "0", "2700", "2250", "4590", "4995", "5400", "3", "9600", "7200",
            "15840", "4", "1", "0", "80", "calendar"
        ]]
    );
}

#[test]
fn russian_excel_by_agent_keeps_cyrillic_names() {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("zendesk_excel_ru.csv"),
        "--by",
        "agent",
        "--format",
        "csv",
    ]);
    let csv = run.success().csv();
    // Анна: 12,5 and 30 minutes → 750 and 1800 s, median 1275; Иван: 90,5 minutes → 5430 s.
    assert_eq!(
        csv.pick(0, "agent,tickets,frt_median_s"),
        "Анна Петрова,2,1275"
    );
    assert_eq!(
        csv.pick(1, "agent,tickets,frt_median_s"),
        "Иван Соколов,1,5430"
    );
}

#[test]
fn a_named_preset_is_not_matched_and_says_so() {
    Sandbox::new()
        .run([
            "response",
            "--tickets",
            &fixture("freshdesk.csv"),
            "--preset",
            "freshdesk",
            "--format",
            "csv",
        ])
        .success()
        .stderr_has(&["preset freshdesk (Freshdesk, as chosen)"]);
}

#[test]
fn a_named_preset_that_does_not_fit_names_the_header_it_expects() {
    Sandbox::new()
        .run([
            "response",
            "--tickets",
            &fixture("freshdesk.csv"),
            "--preset",
            "zendesk",
        ])
        .code(3)
        .no_stdout()
        .stderr_has(&[
            "required column `id` is missing",
            "--preset zendesk: has `Group`, `Priority`, `Status`, `Subject`",
            "expects also `Id`, `Created at`",
        ]);
}

#[test]
fn an_unknown_preset_is_a_usage_error_listing_the_presets() {
    Sandbox::new()
        .run(["presets", "zendsk"])
        .code(2)
        .no_stdout()
        .stderr_has(&["--preset", "\"zendsk\"", "zendesk, freshdesk, jira"]);
}

#[test]
fn an_unknown_encoding_is_a_usage_error() {
    Sandbox::new()
        .run([
            "response",
            "--tickets",
            &fixture("zendesk.csv"),
            "--encoding",
            "klingon",
        ])
        .code(2)
        .no_stdout()
        .stderr_has(&["--encoding", "\"klingon\"", "windows-1251"]);
}

#[test]
fn a_missing_sheet_lists_the_sheets() {
    Sandbox::new()
        .run([
            "response",
            "--tickets",
            &fixture("tickets.xlsx"),
            "--sheet",
            "March",
        ])
        .code(2)
        .no_stdout()
        .stderr_has(&["--sheet", "\"March\"", "\"Tickets\", \"Notes\""]);
}

#[test]
fn sheet_on_a_csv_file_is_a_usage_error() {
    Sandbox::new()
        .run([
            "response",
            "--tickets",
            &fixture("zendesk.csv"),
            "--sheet",
            "Tickets",
        ])
        .code(2)
        .stderr_has(&["--sheet", "not a spreadsheet"]);
}

#[test]
fn validate_names_the_preset_too() {
    Sandbox::new()
        .run(["validate", "--tickets", &fixture("jira.csv")])
        .success()
        .stderr_has(&["read with preset jira"]);
}

#[test]
fn presets_lists_every_preset_with_its_headers() {
    let run = Sandbox::new().run(["presets", "--format", "csv"]);
    let csv = run.success().csv();
    assert_eq!(
        csv.header,
        ["preset", "helpdesk", "export", "time_format", "headers"]
    );
    let names: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "zendesk",
            "freshdesk",
            "jira",
            "chatwoot",
            "helpscout",
            "servicenow"
        ]
    );
    assert_eq!(csv.get(2, "time_format"), "%d/%b/%y %I:%M %p");
    assert!(
        csv.get(0, "headers")
            .starts_with("Id, Created at, Solved at")
    );
}

#[test]
fn presets_name_shows_the_mapping() {
    let run = Sandbox::new().run(["presets", "freshdesk", "--format", "csv"]);
    let csv = run.success().csv();
    let pairs: Vec<String> = csv
        .rows
        .iter()
        .map(|r| format!("{}={}", r[1], r[2]))
        .collect();
    assert!(pairs.contains(&"resolved_at=Resolved time / Closed time".to_owned()));
    assert!(pairs.contains(&"first_response_at=Initial response time".to_owned()));
    assert!(
        pairs.contains(&"first_response_business_hours=First response time (in hrs)".to_owned())
    );
    assert!(pairs.contains(&"satisfaction=Survey results".to_owned()));
    let table = Sandbox::new().run(["presets", "servicenow"]);
    table.success().stderr_is("");
    assert!(table.stdout().contains("last row of each `number`"));
}

#[test]
fn a_data_folder_with_tickets_xlsx_is_read() {
    let sandbox = Sandbox::new();
    let bytes = std::fs::read(fixture("tickets.xlsx")).expect("the fixture");
    sandbox.write("exports/tickets.xlsx", bytes);
    let run = sandbox.run(["response", "--data", "exports", "--format", "csv"]);
    // The same figures as the xlsx golden: FRT 30 and 60 minutes, one resolution of 3 hours.
    assert_eq!(
        run.success()
            .csv()
            .pick(0, "tickets,responded,frt_median_s,resolved,res_median_s"),
        "3,2,2700,1,10800"
    );
}

#[test]
fn presets_json_carries_every_field() {
    let json = Sandbox::new()
        .run(["presets", "jira", "--format", "json"])
        .success()
        .json();
    let rows = json.as_array().expect("an array");
    assert_eq!(rows[0]["preset"], "jira");
    assert_eq!(rows[0]["canonical"], "id");
    assert_eq!(rows[0]["header"], "Issue key");
}

#[test]
fn csat_reads_the_rating_on_zendesk_ticket_rows() {
    // testdata/presets/zendesk.csv: tickets 1041 Good, 1042 Bad, 1043 Offered, 1044 Not Offered,
    // 1045 Good. "Offered" and "Not Offered" are surveys sent, not answers: 3 answers, 2 of them
    // satisfied (good-bad scale, inferred from the labels) → csat 2 / 3 × 100 = 66.667.
    // Surveys sent: the 3 answers and the 1 Offered → response rate 3 / 4 × 100 = 75 (not
    // 3 answers / 3 resolved tickets = 100).
    let sandbox = Sandbox::new();
    let file = fixture("zendesk.csv");
    let run = sandbox.run(["csat", "--tickets", &file, "--format", "csv"]);
    run.success().stderr_has(&[
        "note:",
        "no survey export given; the answers are the tickets' satisfaction ratings",
        "4 surveys sent in the period, by the tickets' satisfaction column",
    ]);
    let csv = run.csv();
    assert_eq!(csv.get(0, "csat_responses"), "3");
    assert_eq!(csv.get(0, "csat_satisfied"), "2");
    assert_eq!(csv.get(0, "csat_pct"), "66.667");
    assert_eq!(csv.get(0, "response_rate_pct"), "75");
    // By agent: Anna Petrova answered Good (1 of 1); Ivan Sokolov Bad and Good (1 of 2).
    let by_agent = sandbox.run([
        "csat",
        "--tickets",
        &file,
        "--by",
        "agent",
        "--format",
        "csv",
    ]);
    let by_agent = by_agent.success().csv();
    assert_eq!(
        by_agent.pick(0, "agent,csat_responses,csat_satisfied"),
        "Anna Petrova,1,1"
    );
    assert_eq!(
        by_agent.pick(1, "agent,csat_responses,csat_satisfied"),
        "Ivan Sokolov,2,1"
    );
}

#[test]
fn csat_without_surveys_or_ratings_says_what_to_pass() {
    let sandbox = Sandbox::new();
    let tickets = sandbox.write("t.csv", "id,created_at\n1,2024-03-18 09:00\n");
    sandbox
        .run(["csat", "--tickets", &tickets.display().to_string()])
        .code(2)
        .no_stdout()
        .stderr_has(&["no satisfaction ratings", "--surveys FILE"]);
}

#[test]
fn csat_reads_freshdesk_and_jira_ratings_on_the_one_to_five_scale() {
    // Freshdesk: "Extremely satisfied" (5) and "Not satisfied" (2); Jira: 5 and 3. On 1-5 a
    // score of 4 or 5 is satisfied: 1 of 2 in each → 50%. Without --scale the numbers 1-5 fit
    // several scales, so the command asks for one, naming the export's rating column.
    let sandbox = Sandbox::new();
    for (name, column) in [
        ("freshdesk.csv", "column `Survey results`"),
        ("jira.csv", "column `Satisfaction rating`"),
    ] {
        let file = fixture(name);
        let run = sandbox.run([
            "csat",
            "--tickets",
            &file,
            "--scale",
            "1-5",
            "--format",
            "csv",
        ]);
        let csv = run.success().csv();
        assert_eq!(
            csv.pick(0, "csat_responses,csat_satisfied,csat_pct"),
            "2,1,50",
            "{name}"
        );
        sandbox
            .run(["csat", "--tickets", &file])
            .code(3)
            .stderr_has(&[column, "--scale 1-5"]);
    }
}

/// Every preset, encoding and spreadsheet fixture runs through `report weekly`: the report's
/// response figures for its week are those of `response --week` on the same file, and the
/// satisfaction ratings on Zendesk, Freshdesk and Jira rows give the report a CSAT.
#[test]
fn every_fixture_runs_through_the_weekly_report() {
    let cases: [(&str, &[&str], bool); 9] = [
        ("zendesk.csv", &[], true),
        ("freshdesk.csv", &["--scale", "1-5"], true),
        ("jira.csv", &["--scale", "1-5"], true),
        ("chatwoot.csv", &[], false),
        ("helpscout.csv", &[], false),
        ("servicenow.csv", &[], false),
        ("zendesk_excel_ru.csv", &[], true),
        ("excel_unicode.txt", &[], false),
        ("tickets.xlsx", &[], false),
    ];
    let sandbox = Sandbox::new();
    for (name, extra, rated) in cases {
        let file = fixture(name);
        let mut args = vec!["report", "weekly", "--tickets", &file, "--format", "json"];
        args.extend(extra);
        let run = sandbox.run(&args);
        let json: serde_json::Value =
            serde_json::from_str(run.success().stdout()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let week = json["week"].as_str().expect("week").to_owned();
        assert_eq!(json["response"]["status"], "ready", "{name}");
        let response = sandbox
            .run([
                "response",
                "--tickets",
                &file,
                "--week",
                &week,
                "--format",
                "csv",
            ])
            .success()
            .csv();
        let median = json["response"]["frt_median"]["value"].as_f64();
        match response.rows.first() {
            Some(_) => {
                let tickets: f64 = response.get(0, "tickets").parse().expect("tickets");
                assert_eq!(
                    json["response"]["tickets"].as_f64(),
                    Some(tickets),
                    "{name}"
                );
                let expected = response.get(0, "frt_median_s").parse::<f64>().ok();
                assert_eq!(median, expected, "{name} {week}");
            }
            None => assert_eq!(json["response"]["tickets"], 0, "{name}"),
        }
        let csat = &json["satisfaction"];
        if rated {
            assert_eq!(csat["status"], "ready", "{name}: {csat}");
            assert!(csat["csat"].is_object(), "{name}: {csat}");
        } else {
            assert_eq!(csat["status"], "unavailable", "{name}: {csat}");
        }
    }
}

#[test]
fn the_sheet_with_the_table_is_read_not_the_first() {
    // second_sheet.xlsx holds the tickets of tickets.xlsx on its second sheet, after a "Graphs"
    // sheet with only a title: the same figures, never "0 tickets" (make_xlsx.py writes both).
    let sandbox = Sandbox::new();
    let args = |file: &str| {
        vec![
            "response".to_owned(),
            "--tickets".to_owned(),
            fixture(file),
            "--format".to_owned(),
            "csv".to_owned(),
        ]
    };
    let first = sandbox.run(args("tickets.xlsx"));
    let second = sandbox.run(args("second_sheet.xlsx"));
    assert_eq!(second.success().stdout(), first.success().stdout());
    assert_eq!(second.csv().pick(0, "tickets"), "3");
    second.stderr_has(&["read with sheet \"Tickets\""]);
    // --sheet still wins, and names what it read.
    let mut graphs = args("second_sheet.xlsx");
    graphs.extend(["--sheet".to_owned(), "Graphs".to_owned()]);
    sandbox
        .run(graphs)
        .code(3)
        .stderr_has(&["`Tickets per day`"]);
}

#[test]
fn a_russian_export_is_read_by_its_headers_with_figures_by_hand() {
    // russian_1251.csv: Windows-1251, `;`, CRLF, day-first dates with dots, Russian headers and
    // priorities, no preset. Everything is found by synonym, and every priority has a target.
    // FRTs: 1 → 30 min (1800, Критический = urgent 1h: met), 2 → 5 h (18 000, Высокий = high
    // 4h: breached), 3 → 30 min (1800, Средний = normal 8h: met); 4 is unanswered, created at
    // "now" (the latest creation, 13.03 14:00): pending. Sorted 1800, 1800, 18 000: mean 7200,
    // median 1800, p90 at rank 1.8 → 1800 + 0.8 · 16 200 = 14 760. Resolutions 3 h (10 800)
    // and 24 h (86 400): median 48 600, p90 at rank 0.9 → 10 800 + 0.9 · 75 600 = 78 840.
    // SLA 2 met, 1 breached, 1 pending: 2 / 3 = 66.667 %.
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("russian_1251.csv"),
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    assert_eq!(
        out.pick(
            0,
            "tickets,responded,unresponded,frt_mean_s,frt_median_s,frt_p90_s,resolved,res_median_s,res_p90_s,sla_met,sla_breached,sla_pending,sla_met_pct"
        ),
        "4,3,1,7200,1800,14760,2,48600,78840,2,1,1,66.667"
    );
    run.stderr_has(&[
        "read with encoding windows-1251, delimiter ';'",
        "first_response_at ← `Дата первого ответа` (synonym)",
        "resolved_at ← `Дата решения` (synonym)",
        "priority ← `Приоритет` (synonym)",
    ]);
    assert!(!run.stderr.contains("no SLA target"), "{run:?}");
    assert!(!run.stderr.contains("unavailable"), "{run:?}");
}

#[test]
fn freshdesks_xml_spreadsheet_download_is_read() {
    // freshdesk_spreadsheetml.xls: SpreadsheetML 2003 (XML), a "Graphs" sheet before the
    // tickets, DateTime cells, trailing empty cells left out. 3001: created 15:00:06, first reply
    // 15:30:06 (1800 s), resolved 17:00:06 (7200 s), Within SLA. 3002: created 09:00, first reply
    // 11:00 (7200 s), open, SLA Violated. FRT mean = median = 4500; p90 at rank 0.9 →
    // 1800 + 0.9 · 5400 = 6660. SLA by the export's verdicts: 1 met, 1 breached, 50 %.
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("freshdesk_spreadsheetml.xls"),
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.success().csv().pick(
            0,
            "tickets,responded,frt_mean_s,frt_median_s,frt_p90_s,resolved,res_median_s,sla_met,sla_breached,sla_met_pct"
        ),
        "2,2,4500,4500,6660,1,7200,1,1,50"
    );
    run.stderr_has(&[
        "read with preset freshdesk (Freshdesk, matched by its header), sheet \"Tickets\"",
    ]);
    assert!(!run.stderr.contains("look like columns"), "{run:?}");
}

#[test]
fn jiras_sla_cells_are_the_time_remaining_not_a_response_time() {
    // testdata/presets/jira.csv: `Custom field ([CHART] Date of First Response)` holds the
    // replies: HD-101 9:00 → 10:30 (5400 s), HD-102 11:15 → 12:00 (2700 s), HD-103 16:05 → 16:20
    // (900 s); HD-104 unanswered. `Custom field (Time to first response)` is the SLA's time
    // remaining: 2:30 (met), -0:15 (breached), 7:45 (met), and 1:10 on the unanswered HD-104
    // (still running: judged by the targets, Medium = normal 8 h, 0 s old at "now" = pending).
    // FRTs sorted 900, 2700, 5400: mean 3000, median 2700. SLA 2 met, 1 breached, 1 pending:
    // 2 / 3 = 66.667 %.
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("jira.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.success().csv().pick(
            0,
            "tickets,responded,frt_mean_s,frt_median_s,sla_met,sla_breached,sla_pending,sla_met_pct"
        ),
        "4,3,3000,2700,2,1,1,66.667"
    );
}
