//! Business time: `--hours`, `--holidays`, `--calendar`, `--business`, `--calendar-time` and the
//! `[calendars.NAME]` tables, on `testdata/calendar/` and tiny inline files; every figure worked
//! out by hand.

use crate::support::{RESPONSE_COLUMNS, Sandbox, demo, testdata};

const OFFICE: &str = "Mon-Fri 09:00-18:00";

fn fixture(name: &str) -> String {
    testdata().join("calendar").join(name).display().to_string()
}

#[test]
fn response_in_business_hours_by_hand() {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--hours",
        OFFICE,
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    assert_eq!(out.header, RESPONSE_COLUMNS);
    // Business FRTs (testdata/calendar/README.md): T1 1 h, T2 2 h, T3 0, T4 29 h; T5 replied
    // before creation (invalid_order). Sorted 0, 3600, 7200, 104 400 s:
    //   mean 115 200 / 4 = 28 800; median (3600 + 7200) / 2 = 5400;
    //   p90 rank 0.9·3 = 2.7 → 7200 + 0.7·97 200 = 75 240; p95 rank 2.85 → 7200 + 0.85·97 200
    //   = 89 820; max 104 400.
    // Resolutions: T1 3 h, T2 3 h, T3 30 min, T5 1 h: sorted 1800, 3600, 10 800, 10 800;
    //   mean 27 000 / 4 = 6750; median (3600 + 10 800) / 2 = 7200; p90 rank 2.7 → 10 800.
    // SLA in business time: T1 normal 8h, 1 h → met; T2 urgent 1h, 2 h → breached; T3 high 4h,
    //   0 → met; T4 low 24h, 29 h → breached; T5 has no valid FRT. 2 / 4 = 50 %.
    assert_eq!(
        out.lines(),
        ["5,4,0,1,28800,5400,75240,89820,104400,4,6750,7200,10800,2,2,0,50,business"]
    );
}

#[test]
fn a_holiday_file_closes_wednesday() {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--hours",
        OFFICE,
        "--holidays",
        &fixture("holidays.csv"),
        "--format",
        "csv",
    ]);
    // Wednesday 20 March is a holiday: T4's FRT is 8 + 0 + 9 + 3 = 20 h = 72 000 s; the others
    // do not touch Wednesday. Sorted 0, 3600, 7200, 72 000: mean 82 800 / 4 = 20 700; median
    // 5400; p90 7200 + 0.7·64 800 = 52 560; p95 7200 + 0.85·64 800 = 62 280; max 72 000.
    // T4 (low, 24h) now met: 3 met, 1 breached → 75 %.
    assert_eq!(
        run.success().csv().lines(),
        ["5,4,0,1,20700,5400,52560,62280,72000,4,6750,7200,10800,3,1,0,75,business"]
    );
}

#[test]
fn calendar_time_is_the_default_and_can_be_forced() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "supportctl.toml",
        "calendar = \"office\"\n[calendars.office]\nhours = \"Mon-Fri 09:00-18:00\"\n",
    );
    let plain = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--format",
        "csv",
    ]);
    // Wall clock: FRTs T1 2 h, T2 65 h, T3 29 h, T4 74 h: 7200 + 234 000 + 104 400 + 266 400
    // = 612 000 / 4 = 153 000.
    let plain = plain.success().csv();
    assert_eq!(plain.get(0, "frt_mean_s"), "153000");
    assert_eq!(plain.get(0, "time_basis"), "calendar");
    // The configured calendar is used by default (same figures as --hours) …
    let configured = sandbox.run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--format",
        "csv",
    ]);
    let configured = configured.success().csv();
    assert_eq!(configured.get(0, "frt_mean_s"), "28800");
    assert_eq!(configured.get(0, "time_basis"), "business");
    // … and --calendar-time forces the wall clock.
    let forced = sandbox.run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--calendar-time",
        "--format",
        "csv",
    ]);
    assert_eq!(forced.success().csv().lines(), plain.lines());
}

#[test]
fn table_headers_say_business() {
    let run = Sandbox::new().run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--hours",
        OFFICE,
        "--by",
        "site",
    ]);
    run.success();
    let out = run.stdout();
    // The 120-column terminal wraps `FRT median (business)` onto two lines.
    assert!(out.contains("FRT median  ┆"), "{out}");
    assert!(out.contains("(business)  ┆"), "{out}");
    assert!(out.contains("business time"), "{out}");
    assert!(
        out.contains("Business time: Mon-Fri 09:00-18:00 in UTC"),
        "{out}"
    );
}

const TWO_SITES: &str = "\
id,created_at,first_response_at,site
1,2024-03-18 06:00:00,2024-03-18 12:00:00,Moscow
2,2024-03-18 06:00:00,2024-03-18 12:00:00,Tomsk
";

const SITE_CALENDARS: &str = "\
calendar_by = \"site\"
[calendars.moscow]
tz = \"Europe/Moscow\"
hours = \"Mon-Fri 09:00-18:00\"
keys = [\"Moscow\"]
[calendars.tomsk]
tz = \"Asia/Tomsk\"
hours = \"Mon-Fri 09:00-18:00\"
";

#[test]
fn the_same_ticket_under_two_site_calendars() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", TWO_SITES);
    sandbox.write("supportctl.toml", SITE_CALENDARS);
    let run = sandbox.run([
        "response",
        "--tickets",
        "t.csv",
        "--by",
        "site",
        "--format",
        "csv",
    ]);
    // Both created 06:00 UTC, answered 12:00 UTC (6 h of wall clock).
    // Moscow (UTC+3): 09:00 → 15:00 local, inside hours → 21 600 s.
    // Tomsk (UTC+7): 13:00 → 19:00 local, open until 18:00 → 5 h = 18 000 s.
    let out = run.success().csv();
    assert_eq!(
        out.pick(0, "site,frt_mean_s,time_basis"),
        "Moscow,21600,business"
    );
    assert_eq!(
        out.pick(1, "site,frt_mean_s,time_basis"),
        "Tomsk,18000,business"
    );
    // Without --by site the site column is still read for the calendars: (6 h + 5 h) / 2.
    let run = sandbox.run(["response", "--tickets", "t.csv", "--format", "csv"]);
    assert_eq!(run.success().csv().get(0, "frt_mean_s"), "19800");
    // --calendar NAME puts every ticket in one calendar: in Tomsk's, ticket 1 is 5 h as well.
    let run = sandbox.run([
        "response",
        "--tickets",
        "t.csv",
        "--calendar",
        "tomsk",
        "--format",
        "csv",
    ]);
    assert_eq!(run.success().csv().get(0, "frt_mean_s"), "18000");
}

#[test]
fn a_site_without_a_calendar_is_named_unless_there_is_a_default() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "t.csv",
        format!("{TWO_SITES}3,2024-03-18 06:00:00,2024-03-18 12:00:00,Kazan\n"),
    );
    sandbox.write("supportctl.toml", SITE_CALENDARS);
    let run = sandbox.run([
        "response",
        "--tickets",
        "t.csv",
        "--by",
        "site",
        "--format",
        "csv",
    ]);
    run.code(2).no_stdout().stderr_has(&[
        "site \"Kazan\" has no calendar",
        "Moscow, tomsk",
        "calendar = \"NAME\"",
    ]);
    // With a default calendar, Kazan takes Moscow's: 6 h.
    sandbox.write(
        "supportctl.toml",
        format!("calendar = \"moscow\"\n{SITE_CALENDARS}"),
    );
    let run = sandbox.run([
        "response",
        "--tickets",
        "t.csv",
        "--by",
        "site",
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.success().csv().pick(0, "site,frt_mean_s"),
        "Kazan,21600"
    );
}

#[test]
fn usage_errors_of_business_time() {
    let tickets = fixture("tickets.csv");
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--hours", "Mon-Fri 9-18"],
            &[
                "invalid --hours",
                "`9` is not a time of day",
                "\"Mon-Fri 09:00-18:00\"",
            ],
        ),
        (&["--business"], &["--business needs a calendar", "--hours"]),
        (
            &["--calendar", "tomsk"],
            &["unknown calendar \"tomsk\"", "--config"],
        ),
        (
            &["--hours", OFFICE, "--calendar-time"],
            &["cannot be used with"],
        ),
    ];
    for (args, needles) in cases {
        let mut all = vec!["response", "--tickets", tickets.as_str()];
        all.extend(args);
        Sandbox::new()
            .run(all)
            .code(2)
            .no_stdout()
            .stderr_has(needles);
    }
}

#[test]
fn config_errors_of_business_time() {
    let tickets = fixture("tickets.csv");
    for (config, needles) in [
        (
            "calendar = \"x\"\n[calendars.x]\ntz = \"Europe/Moskow\"\nhours = \"24/7\"\n",
            &["tz of [calendars.x]", "Europe/Moscow"][..],
        ),
        (
            "calendar = \"x\"\n[calendars.x]\nhours = \"Mon-Fri 09:00\"\n",
            &["hours of [calendars.x]", "not a time range"][..],
        ),
        (
            "calendar_by = \"agent\"\n[calendars.x]\nhours = \"24/7\"\n",
            &["calendar_by = \"agent\"", "\"site\", \"team\", \"channel\""][..],
        ),
        (
            "calendar = \"y\"\n[calendars.x]\nhours = \"24/7\"\n",
            &["unknown calendar \"y\"", "the calendars are: x"][..],
        ),
        (
            "calendar = \"x\"\n[calendars.x]\nhours = \"24/7\"\nworkdays = [\"27.04.2024\"]\n",
            &["workdays of [calendars.x]", "YYYY-MM-DD"][..],
        ),
    ] {
        let sandbox = Sandbox::new();
        sandbox.write("supportctl.toml", config);
        sandbox
            .run(["response", "--tickets", tickets.as_str()])
            .code(2)
            .no_stdout()
            .stderr_has(needles);
    }
}

#[test]
fn holidays_and_workdays_from_the_config_file() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.join("conf")).expect("mkdir");
    std::fs::copy(fixture("holidays.csv"), sandbox.join("conf/closed.csv")).expect("copy");
    // The holiday file is found next to the config file; Saturday 23 March is worked.
    sandbox.write(
        "conf/supportctl.toml",
        "calendar = \"office\"\n[calendars.office]\nhours = \"Mon-Fri 09:00-18:00\"\n\
         holidays = \"closed.csv\"\nworkdays = [\"2024-03-23\"]\n",
    );
    let run = sandbox.run([
        "response",
        "--tickets",
        &fixture("tickets.csv"),
        "--config",
        "conf/supportctl.toml",
        "--format",
        "csv",
    ]);
    // Wednesday closed: T4 20 h. Saturday worked 09:00-18:00: T2 (Fri 17:00 → Mon 10:00) =
    // 1 + 9 + 1 = 11 h; T3 (Sat 10:00 → Sun 15:00) = Sat 10:00-18:00 = 8 h.
    // FRTs 3600, 39 600, 28 800, 72 000: mean 144 000 / 4 = 36 000; max 72 000.
    let out = run.success().csv();
    assert_eq!(out.pick(0, "frt_mean_s,frt_max_s"), "36000,72000");
}

#[test]
fn peak_waits_in_business_time() {
    let run = Sandbox::new().run([
        "peak",
        "--tickets",
        &fixture("tickets.csv"),
        "--hours",
        OFFICE,
        "--peak",
        "Mon-Fri 08:00-11:00",
        "--format",
        "csv",
    ]);
    // At peak (created Mon-Fri 08:00-11:00): T1 (1 h), T4 (29 h) and T5 (invalid): mean
    // (3600 + 104 400) / 2 = 54 000. Off peak: T2 (2 h), T3 (0): mean 3600.
    let out = run.success().csv();
    assert_eq!(
        out.pick(0, "peak_frt_mean_s,offpeak_frt_mean_s"),
        "54000,3600"
    );
}

#[test]
fn demo_in_business_time_stays_within_calendar_time() {
    let data = demo().display().to_string();
    let run = |extra: &[&str]| {
        let mut args = vec!["response", "--data", data.as_str(), "--format", "csv"];
        args.extend(extra);
        Sandbox::new().run(args).success().csv()
    };
    let calendar = run(&[]);
    let business = run(&["--hours", OFFICE]);
    // Same tickets and counts; every business statistic is at most its calendar one.
    for column in [
        "tickets",
        "responded",
        "unresponded",
        "invalid_order",
        "resolved",
    ] {
        assert_eq!(calendar.get(0, column), business.get(0, column), "{column}");
    }
    for column in [
        "frt_mean_s",
        "frt_median_s",
        "frt_max_s",
        "res_mean_s",
        "res_p90_s",
    ] {
        let (c, b): (f64, f64) = (
            calendar.get(0, column).parse().expect("number"),
            business.get(0, column).parse().expect("number"),
        );
        assert!(b <= c, "{column}: business {b} > calendar {c}");
    }
}

#[test]
fn the_heatmap_counts_arrivals_in_each_sites_zone() {
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", TWO_SITES);
    sandbox.write("supportctl.toml", SITE_CALENDARS);
    let run = sandbox.run([
        "peak",
        "--tickets",
        "t.csv",
        "--by",
        "site",
        "--heatmap",
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    // Both created Monday 06:00 UTC: the Moscow ticket in the Mon 09:00 slot (UTC+3), the Tomsk
    // one in the Mon 13:00 slot (UTC+7).
    let busy: Vec<String> = (0..out.rows.len())
        .filter(|&i| out.get(i, "tickets") != "0")
        .map(|i| out.pick(i, "site,weekday,hour,tickets"))
        .collect();
    assert_eq!(busy, ["Moscow,Mon,9,1", "Tomsk,Mon,13,1"]);
    // With --calendar-time the hours are those of --tz (UTC): both at Mon 06:00.
    let run = sandbox.run([
        "peak",
        "--tickets",
        "t.csv",
        "--heatmap",
        "--calendar-time",
        "--format",
        "csv",
    ]);
    let out = run.success().csv();
    let busy: Vec<String> = (0..out.rows.len())
        .filter(|&i| out.get(i, "tickets") != "0")
        .map(|i| out.pick(i, "weekday,hour,tickets"))
        .collect();
    assert_eq!(busy, ["Mon,6,2"]);
}

#[test]
fn the_weekly_report_counts_business_time_like_response() {
    let data = demo().display().to_string();
    let report = Sandbox::new()
        .run([
            "report", "weekly", "--data", &data, "--hours", OFFICE, "--format", "json",
        ])
        .success()
        .json();
    assert_eq!(report["basis"], "business");
    let response = Sandbox::new()
        .run([
            "response", "--data", &data, "--week", "2024-W12", "--hours", OFFICE, "--format", "csv",
        ])
        .success()
        .csv();
    // The report's week is the demo's last complete one, 2024-W12: the same business figures.
    assert_eq!(report["week"], "2024-W12");
    let median: f64 = response.get(0, "frt_median_s").parse().expect("number");
    assert_eq!(report["response"]["frt_median"]["value"], median);
}
