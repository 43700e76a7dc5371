//! `supportctl csat` and `supportctl nps`: hand-worked figures on tiny exports, the inputs
//! (data folder, stdin, configuration), the flags and their usage errors.

use crate::support::{CSAT_COLUMNS, NPS_COLUMNS, Sandbox, demo};

/// Four tickets: T1, T2 (Anna) and T3 (Ivan) resolved, T4 (Ivan) open; all created in 2024-W12.
const TICKETS: &str = "id,created_at,first_response_at,resolved_at,agent,channel\n\
    T1,2024-03-18 09:00,2024-03-18 09:10,2024-03-18 12:00,Anna,email\n\
    T2,2024-03-18 09:30,2024-03-18 09:40,2024-03-18 13:00,Anna,chat\n\
    T3,2024-03-19 09:00,2024-03-19 09:05,2024-03-19 10:00,Ivan,email\n\
    T4,2024-03-19 10:00,,,Ivan,email\n";

/// Three CSAT answers (5, 4, 2 about T1, T2, T3) and two NPS answers (10 about T1, 6 about T3).
const SURVEYS: &str = "ticket_id,submitted_at,kind,score,comment\n\
    T1,2024-03-18 14:00,csat,5,\n\
    T2,2024-03-18 15:00,csat,4,\"quick, thanks\"\n\
    T3,2024-03-19 11:00,CSAT,2,\n\
    T1,2024-03-20 10:00,nps,10,\n\
    T3,2024-03-20 11:00,nps,6,\n";

fn data() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("data/tickets.csv", TICKETS);
    sandbox.write("data/surveys.csv", SURVEYS);
    sandbox
}

fn header(groups: &[&str], columns: &[&str]) -> Vec<String> {
    groups
        .iter()
        .chain(columns)
        .map(|c| (*c).to_owned())
        .collect()
}

#[test]
fn csat_hand_worked_with_linked_tickets() {
    let sandbox = data();
    let run = sandbox.run([
        "csat", "--data", "data", "--scale", "1-5", "--format", "csv",
    ]);
    let out = run.success().stderr_is("").csv();
    assert_eq!(out.header, header(&[], &CSAT_COLUMNS));
    // 2 of 3 satisfied (5 and 4) → 66.667%; Wilson for 2 of 3: centre (0.66667 + 0.64027) /
    // 2.28053 = 0.57309, half 0.85945 · √(0.074074 + 0.106711) = 0.36543 → [20.765, 93.851];
    // mean (5 + 4 + 2) / 3 = 3.667; 3 linked answers / 3 resolved tickets = 100%.
    assert_eq!(out.lines(), ["3,2,66.667,20.765,93.851,3.667,100"]);

    let out = sandbox
        .run([
            "csat", "--data", "data", "--scale", "1-5", "--by", "agent", "--format", "csv",
        ])
        .success()
        .csv();
    assert_eq!(out.header, header(&["agent"], &CSAT_COLUMNS));
    // Anna: 5 and 4 → 2 of 2, Wilson [34.237, 100], mean 4.5, 2 answers / 2 resolved.
    // Ivan: 2 → 0 of 1, Wilson [0, 79.346], mean 2, 1 answer / 1 resolved (T4 is open).
    assert_eq!(
        out.lines(),
        [
            "Anna,2,2,100,34.237,100,4.5,100",
            "Ivan,1,0,0,0,79.346,2,100"
        ]
    );
}

#[test]
fn nps_hand_worked_with_linked_tickets() {
    let sandbox = data();
    let out = sandbox
        .run(["nps", "--data", "data", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(out.header, header(&[], &NPS_COLUMNS));
    // One promoter (10), one detractor (6): nps (1 − 1) / 2 × 100 = 0;
    // moe = 1.96 · √((0.5 + 0.5 − 0²) / 2) · 100 = 1.96 · 0.70711 · 100 = 138.593;
    // 2 linked answers / 3 resolved tickets = 66.667%.
    assert_eq!(out.lines(), ["2,1,0,1,50,50,0,138.593,66.667"]);
    // --invited replaces the tickets as the base of the rate: 2 / 8 = 25%.
    let out = sandbox
        .run(["nps", "--data", "data", "--invited", "8", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(out.get(0, "response_rate_pct"), "25");
}

#[test]
fn nps_of_five_answers_from_stdin_without_kind() {
    // {10, 9, 8, 7, 6}: (2 − 1) / 5 × 100 = 20; p = 0.4, d = 0.2:
    // 1.96 · √((0.6 − 0.04) / 5) · 100 = 65.594. No tickets: no response rate.
    let answers = "submitted_at,score\n2024-03-18 10:00,10\n2024-03-18 10:05,9\n\
                   2024-03-18 10:10,8\n2024-03-18 10:15,7\n2024-03-18 10:20,6\n";
    let run = Sandbox::new().run_stdin(
        ["nps", "--surveys", "-", "--format", "csv"],
        answers.as_bytes(),
    );
    assert_eq!(run.success().csv().lines(), ["5,2,2,1,40,20,20,65.594,"]);
    let json = Sandbox::new()
        .run_stdin(
            ["nps", "--surveys", "-", "--format", "json"],
            answers.as_bytes(),
        )
        .success()
        .json();
    assert_eq!(json[0]["nps"], serde_json::json!(20));
    assert_eq!(json[0]["response_rate_pct"], serde_json::Value::Null);
}

#[test]
fn stdin_gives_the_same_figures_as_the_file() {
    let surveys = demo().join("surveys.csv");
    let bytes = std::fs::read(&surveys).expect("demo surveys");
    let path = surveys.display().to_string();
    let csat: &[&str] = &["csat", "--scale", "1-5", "--by", "week", "--format", "csv"];
    let nps: &[&str] = &["nps", "--by", "week", "--format", "csv"];
    for args in [csat, nps] {
        let mut from_file = args.to_vec();
        from_file.extend(["--surveys", &path]);
        let mut from_stdin = args.to_vec();
        from_stdin.extend(["--surveys", "-"]);
        let a = Sandbox::new().run(&from_file);
        let b = Sandbox::new().run_stdin(&from_stdin, &bytes);
        assert_eq!(a.success().stdout(), b.success().stdout(), "{args:?}");
    }
}

#[test]
fn the_demo_needs_a_scale_for_csat_and_the_config_can_give_it() {
    let sandbox = Sandbox::new();
    // The demo's answers without the supportctl.toml that names their scale.
    let surveys = std::fs::read_to_string(demo().join("surveys.csv")).expect("demo surveys");
    sandbox.write("data/surveys.csv", &surveys);
    sandbox.write(
        "data/tickets.csv",
        std::fs::read_to_string(demo().join("tickets.csv")).expect("demo tickets"),
    );
    let demo = sandbox.join("data").display().to_string();
    sandbox
        .run(["csat", "--data", &demo])
        .code(3)
        .no_stdout()
        .stderr_has(&[
            "surveys.csv, column `score`",
            "whole numbers from 1 to 5",
            "--scale 1-5 (or 1-10, 0-10)",
            "[surveys]",
        ]);
    let with_flag = sandbox.run(["csat", "--data", &demo, "--scale", "1-5", "--format", "csv"]);
    sandbox.write(
        "supportctl.toml",
        "[surveys]\nscale = \"1-5\"\nsatisfied = 4\n",
    );
    let with_config = sandbox.run(["csat", "--data", &demo, "--format", "csv"]);
    assert_eq!(with_flag.success().stdout(), with_config.success().stdout());
    // The flag wins over the file: --satisfied 5 counts fewer satisfied answers.
    // The demo folder's own supportctl.toml names the scale too.
    let beside = sandbox.run(["csat", "--data", &demo_dir(), "--format", "csv"]);
    assert_eq!(with_flag.stdout(), beside.success().stdout());
    let strict = sandbox
        .run([
            "csat",
            "--data",
            &demo,
            "--satisfied",
            "5",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    let default = with_config.csv();
    assert!(strict.ints("csat_satisfied")[0] < default.ints("csat_satisfied")[0]);
    assert_eq!(
        strict.get(0, "csat_responses"),
        default.get(0, "csat_responses")
    );
}

fn demo_dir() -> String {
    demo().display().to_string()
}

#[test]
fn labels_and_a_custom_threshold() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "ratings.csv",
        "submitted_at,score\n2024-03-18 10:00,Great\n2024-03-18 11:00,okay\n\
         2024-03-18 12:00,Not good\n2024-03-18 13:00,GREAT\n",
    );
    // great-okay-bad is inferred; satisfied = great: 2 of 4 = 50%; labels have no mean.
    let out = sandbox
        .run(["csat", "--surveys", "ratings.csv", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(
        out.pick(0, "csat_responses,csat_satisfied,csat_pct,csat_mean"),
        "4,2,50,"
    );
    // --satisfied okay: 3 of 4 = 75%.
    let out = sandbox
        .run([
            "csat",
            "--surveys",
            "ratings.csv",
            "--satisfied",
            "okay",
            "--format",
            "csv",
        ])
        .success()
        .csv();
    assert_eq!(out.get(0, "csat_pct"), "75");
    // A number is no answer on this scale: a usage error.
    sandbox
        .run(["csat", "--surveys", "ratings.csv", "--satisfied", "4"])
        .code(2)
        .stderr_has(&["--satisfied", "great-okay-bad"]);
}

#[test]
fn a_ticket_id_without_a_ticket_is_a_warning_and_the_answer_is_kept() {
    let sandbox = data();
    sandbox.write(
        "data/surveys.csv",
        "ticket_id,submitted_at,score\nT1,2024-03-18 14:00,5\nT7,2024-03-18 15:00,1\n",
    );
    let run = sandbox.run([
        "csat", "--data", "data", "--scale", "1-5", "--by", "agent", "--format", "csv",
    ]);
    run.success().stderr_has(&[
        "warning:",
        "1 row with a ticket_id that matches no ticket",
        "(line 3)",
    ]);
    // Anna: T1's answer / her 2 resolved tickets; Ivan: no answer, 1 resolved ticket; the
    // unmatched answer has no agent.
    assert_eq!(
        run.csv().lines(),
        [
            "Anna,1,1,100,20.654,100,5,50",
            "Ivan,0,0,,,,,0",
            ",1,0,0,0,79.346,1,",
        ]
    );
}

#[test]
fn tables_mark_small_groups_and_show_the_interval() {
    let sandbox = data();
    let run = sandbox.run([
        "csat", "--data", "data", "--scale", "1-5", "--by", "agent", "--format", "table",
    ]);
    let text = run.success().stdout();
    assert!(
        text.starts_with(
            "CSAT — 3 answers, 66.7% satisfied (95% CI 20.8–93.9%), scale 1-5, satisfied 4–5"
        ),
        "{text}"
    );
    assert!(text.contains("few answers"), "{text}");
    assert!(text.contains("34.2–100.0%"), "{text}");
    assert!(text.contains("fewer than 30 answers"), "{text}");
    // People's columns stay out of the machine formats.
    let json = sandbox
        .run([
            "csat", "--data", "data", "--scale", "1-5", "--by", "agent", "--format", "json",
        ])
        .success()
        .json();
    let keys: Vec<&String> = json[0].as_object().expect("an object").keys().collect();
    assert_eq!(
        keys,
        header(&["agent"], &CSAT_COLUMNS).iter().collect::<Vec<_>>()
    );
    let md = sandbox
        .run([
            "nps", "--data", "data", "--by", "agent", "--format", "markdown",
        ])
        .success()
        .stdout()
        .to_owned();
    assert!(md.contains("| Agent | Answers |"), "{md}");
}

#[test]
fn no_answers_in_the_period() {
    let sandbox = data();
    let run = sandbox.run([
        "csat", "--data", "data", "--scale", "1-5", "--week", "2024-W01", "--format", "table",
    ]);
    assert!(
        run.success()
            .stdout()
            .contains("(no answers in the period)")
    );
    let run = sandbox.run([
        "nps", "--data", "data", "--week", "2024-W01", "--format", "csv",
    ]);
    assert_eq!(
        run.success().stdout(),
        format!("{}\n", NPS_COLUMNS.join(","))
    );
}

#[test]
fn usage_errors() {
    let sandbox = data();
    let cases: [(&[&str], &str); 5] = [
        (
            &["csat", "--data", "data", "--scale", "1-7"],
            "1-5, 1-10, 0-10, good-bad, great-okay-bad",
        ),
        (
            &[
                "csat",
                "--data",
                "data",
                "--scale",
                "1-5",
                "--satisfied",
                "superb",
            ],
            "--satisfied",
        ),
        (&["nps", "--data", "data", "--invited", "0"], "--invited"),
        (&["csat", "--tickets", "data/tickets.csv"], "--surveys FILE"),
        (
            &["csat", "--data", "data", "--scale", "1-5", "--by", "colour"],
            "--by",
        ),
    ];
    for (args, needle) in cases {
        sandbox.run(args).code(2).no_stdout().stderr_has(&[needle]);
    }
}

#[test]
fn generate_writes_linked_surveys() {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "generate",
            "--tickets",
            "2000",
            "--weeks",
            "4",
            "--out-dir",
            "data",
        ])
        .success();
    let out = sandbox
        .run([
            "csat", "--data", "data", "--scale", "1-5", "--by", "week", "--format", "csv",
        ])
        .success()
        .stderr_is("")
        .csv();
    assert_eq!(out.rows.len(), 4);
    // About 30% of resolved tickets answer.
    for rate in out.rows.iter().map(|r| {
        r[out.index("response_rate_pct")]
            .parse::<f64>()
            .expect("a rate")
    }) {
        assert!((20.0..40.0).contains(&rate), "{rate}");
    }
    sandbox
        .run(["nps", "--data", "data", "--format", "csv"])
        .success();
}

#[test]
fn one_mapping_serves_the_tickets_and_the_surveys() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "tickets.csv",
        "Ticket ID,Created,resolved_at,Assignee\n\
         T1,2024-03-18 09:00,2024-03-18 12:00,Anna\nT2,2024-03-18 10:00,2024-03-18 11:00,Ivan\n",
    );
    sandbox.write(
        "answers.csv",
        "Answered at,Rating,Ticket\n2024-03-18 13:00,9,T1\n2024-03-18 14:00,3,T2\n",
    );
    let run = sandbox.run([
        "csat",
        "--tickets",
        "tickets.csv",
        "--surveys",
        "answers.csv",
        "--map",
        "id=Ticket ID",
        "--map",
        "created_at=Created",
        "--map",
        "agent=Assignee",
        "--map",
        "submitted_at=Answered at",
        "--map",
        "score=Rating",
        "--map",
        "ticket_id=Ticket",
        "--by",
        "agent",
        "--format",
        "csv",
    ]);
    // The 10-point scale is inferred from the 9; Anna's 9 is satisfied, Ivan's 3 is not.
    assert_eq!(
        run.success().stderr_is("").csv().lines(),
        ["Anna,1,1,100,20.654,100,9,100", "Ivan,1,0,0,0,79.346,3,100"]
    );
}

#[test]
fn csat_response_rate_over_the_surveys_sent() {
    // Four answers (5, 4, 2, 5 on 1–5) to 16 surveys sent: 4 / 16 = 25 %. CSAT 3 / 4 = 75 %.
    let sandbox = Sandbox::new();
    sandbox.write(
        "answers.csv",
        "submitted_at,score\n2024-03-18 10:00,5\n2024-03-18 11:00,4\n\
         2024-03-19 10:00,2\n2024-03-19 11:00,5\n",
    );
    let args = [
        "csat",
        "--surveys",
        "answers.csv",
        "--scale",
        "1-5",
        "--format",
        "csv",
    ];
    let mut with_invited = args.to_vec();
    with_invited.extend(["--invited", "16"]);
    let out = sandbox.run(&with_invited).success().csv();
    assert_eq!(
        out.pick(
            0,
            "csat_responses,csat_satisfied,csat_pct,response_rate_pct"
        ),
        "4,3,75,25"
    );
    // Without it there is nothing to divide by: no rate.
    let out = sandbox.run(args).success().csv();
    assert_eq!(out.pick(0, "response_rate_pct"), "");
    // The table names the denominator.
    let mut table = with_invited.clone();
    table.truncate(table.len() - 4);
    table.extend(["--invited", "16"]);
    let text = sandbox.run(&table).success().stdout().to_owned();
    assert!(text.contains("answers / surveys sent (--invited"), "{text}");
    // Zero surveys sent is a usage error.
    let mut zero = args.to_vec();
    zero.extend(["--invited", "0"]);
    sandbox
        .run(&zero)
        .code(2)
        .stderr_has(&["--invited", "at least 1"]);
}

#[test]
fn a_bad_rating_on_a_ticket_row_names_the_export_column_and_the_ticket() {
    // The ninth ticket's rating is not a rating; two earlier rows are not answers at all
    // (Offered, empty), so its place in the answers is not its place in the file. The message
    // names the export's column and the ticket, never the internal `score` column.
    let sandbox = Sandbox::new();
    let mut text = String::from("id,created_at,resolved_at,Satisfaction rating\n");
    for i in 1..=8 {
        let rating = match i {
            2 => "Offered",
            3 => "",
            _ => "Good",
        };
        text.push_str(&format!(
            "T-{i},2024-03-18 10:00,2024-03-18 11:00,{rating}\n"
        ));
    }
    text.push_str("T-9,2024-03-18 10:00,2024-03-18 11:00,superb\n");
    sandbox.write("t.csv", &text);
    let run = sandbox.run(["csat", "--tickets", "t.csv"]);
    run.code(3).stderr_has(&[
        "t.csv, column `Satisfaction rating`: \"superb\" is neither a whole number nor a known label (the rating of ticket T-9)",
        "--map satisfaction=HEADER",
    ]);
    assert!(!run.stderr.contains("`score`"), "{run:?}");
    assert!(!run.stderr.contains("(satisfaction column)"), "{run:?}");
}

#[test]
fn the_surveys_sent_are_counted_from_a_zendesk_satisfaction_column() {
    // Zendesk's Satisfaction Score: Good and Bad are answers, Offered a survey sent and not
    // answered, Not Offered none sent. Sent = Good + Bad + 2 × Offered = 4; answers 2:
    // response rate 2 / 4 = 50 % (not 2 / 5 resolved tickets = 40 %). CSAT 1 / 2 = 50 %.
    let sandbox = Sandbox::new();
    sandbox.write(
        "zendesk.csv",
        "Id,Created at,Solved at,Assignee,Satisfaction Score\n\
         1,2024-03-18 10:00,2024-03-18 11:00,Anna,Good\n\
         2,2024-03-18 10:00,2024-03-18 12:00,Anna,Bad\n\
         3,2024-03-18 10:00,2024-03-18 12:00,Ivan,Offered\n\
         4,2024-03-19 10:00,2024-03-19 12:00,Ivan,Offered\n\
         5,2024-03-19 10:00,2024-03-19 12:00,Ivan,Not Offered\n\
         6,2024-03-19 10:00,,Ivan,\n",
    );
    let run = sandbox.run(["csat", "--tickets", "zendesk.csv", "--format", "csv"]);
    assert_eq!(
        run.success().csv().pick(
            0,
            "csat_responses,csat_satisfied,csat_pct,response_rate_pct"
        ),
        "2,1,50,50"
    );
    run.stderr_has(&["4 surveys sent in the period, by the tickets' satisfaction column"]);
    // --invited wins.
    let run = sandbox.run([
        "csat",
        "--tickets",
        "zendesk.csv",
        "--invited",
        "8",
        "--format",
        "csv",
    ]);
    assert_eq!(run.success().csv().pick(0, "response_rate_pct"), "25");
}

#[test]
fn a_rating_outside_the_scale_names_the_export_column_and_the_ticket() {
    // Zendesk's numeric ratings on 1-5, one of them 7: the error names `Satisfaction Score` and
    // ticket 4 (not a line of the answers made in memory), in csat and in the weekly report.
    let sandbox = Sandbox::new();
    sandbox.write(
        "zendesk.csv",
        "Id,Created at,Solved at,Assignee,Satisfaction Score\n\
         1,2024-03-18 10:00,2024-03-18 11:00,Anna,5\n\
         2,2024-03-18 10:00,2024-03-18 12:00,Anna,Offered\n\
         3,2024-03-18 10:00,2024-03-18 12:00,Ivan,4\n\
         4,2024-03-19 10:00,2024-03-19 12:00,Ivan,7\n",
    );
    let needle = "zendesk.csv, column `Satisfaction Score`: \"7\" is outside the 1-5 scale (the rating of ticket 4)";
    let run = sandbox.run(["csat", "--tickets", "zendesk.csv", "--scale", "1-5"]);
    run.code(3).stderr_has(&[needle]);
    assert!(!run.stderr.contains("(satisfaction column)"), "{run:?}");
    sandbox
        .run([
            "report",
            "weekly",
            "--tickets",
            "zendesk.csv",
            "--scale",
            "1-5",
        ])
        .code(3)
        .stderr_has(&[needle]);
}
