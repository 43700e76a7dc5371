//! `supportctl report weekly` and `supportctl init`: golden reports of the demo data in every
//! format, the HTML page's structure and escaping, missing inputs, a week outside the data.

use scraper::{Html, Selector};
use serde_json::Value;

use crate::golden::golden_tests;
use crate::support::{Sandbox, demo, demo_warning};

golden_tests! {
    stderr: demo_warning();
    weekly_table: "report_weekly.table.txt" => ["report", "weekly", "--format", "table"];
    weekly_markdown: "report_weekly.md" => ["report", "weekly", "--format", "markdown"];
    weekly_json: "report_weekly.json" => ["report", "weekly", "--format", "json"];
    weekly_w06_markdown: "report_weekly_2024-W06.md" => ["report", "weekly", "--week", "2024-W06", "--format", "markdown"];
}

fn weekly(sandbox: &Sandbox, extra: &[&str]) -> String {
    let data = demo().display().to_string();
    let mut args = vec!["report", "weekly", "--data", &data];
    args.extend(extra);
    sandbox.run(&args).success().stdout().to_owned()
}

#[test]
fn the_json_report_is_versioned_and_carries_every_section() {
    let json: Value =
        serde_json::from_str(&weekly(&Sandbox::new(), &["--format", "json"])).expect("json");
    assert_eq!(json["schema_version"], 1);
    // The demo ends on Sunday 2024-03-24: its last week is complete and is the one reported.
    assert_eq!(json["week"], "2024-W12");
    assert_eq!(json["complete"], true);
    assert_eq!(json["weeks"].as_array().map(Vec::len), Some(8));
    for section in ["summary", "response", "satisfaction", "peak", "people"] {
        assert_eq!(json[section]["status"], "ready", "{section}");
    }
    // Every headline figure: value, previous, change and 8 weeks of history, the last being the
    // value.
    let frt = &json["response"]["frt_median"];
    let series = frt["series"].as_array().expect("series");
    assert_eq!(series.len(), 8);
    assert_eq!(series[7], frt["value"]);
    assert_eq!(series[6], frt["previous"]);
    let (v, p) = (
        frt["value"].as_f64().expect("v"),
        frt["previous"].as_f64().expect("p"),
    );
    assert!((frt["change"].as_f64().expect("change") - (v - p)).abs() < 1e-9);
}

#[test]
fn the_report_agrees_with_the_metric_commands() {
    let sandbox = Sandbox::new();
    let json: Value = serde_json::from_str(&weekly(&sandbox, &["--format", "json"])).expect("json");
    let data = demo().display().to_string();
    let response = sandbox
        .run([
            "response", "--data", &data, "--by", "week", "--format", "csv",
        ])
        .success()
        .csv();
    let row = (0..response.rows.len())
        .find(|&i| response.get(i, "week") == "2024-W12")
        .expect("W12 row");
    let previous = (0..response.rows.len())
        .find(|&i| response.get(i, "week") == "2024-W11")
        .expect("W11 row");
    let number = |i: usize, c: &str| response.get(i, c).parse::<f64>().expect("number");
    let r = &json["response"];
    assert_eq!(r["tickets"].as_f64(), Some(number(row, "tickets")));
    assert_eq!(
        r["frt_median"]["value"].as_f64(),
        Some(number(row, "frt_median_s"))
    );
    assert_eq!(
        r["frt_median"]["previous"].as_f64(),
        Some(number(previous, "frt_median_s"))
    );
    let close = |a: Option<f64>, b: f64| (a.expect("value") - b).abs() < 0.01;
    assert!(close(
        r["sla_met_pct"]["value"].as_f64(),
        number(row, "sla_met_pct")
    ));
    let csat = sandbox
        .run(["csat", "--data", &data, "--by", "week", "--format", "csv"])
        .success()
        .csv();
    let row = (0..csat.rows.len())
        .find(|&i| csat.get(i, "week") == "2024-W12")
        .expect("W12 csat");
    let pct: f64 = csat.get(row, "csat_pct").parse().expect("pct");
    assert!(close(
        json["satisfaction"]["csat"]["csat_pct"]["value"].as_f64(),
        pct
    ));
}

#[test]
fn the_html_page_parses_has_a_chart_per_figure_and_no_script() {
    let page = weekly(&Sandbox::new(), &["--format", "html"]);
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "HTML errors: {:?}", doc.errors);
    let count = |css: &str| doc.select(&Selector::parse(css).expect("selector")).count();
    // Tickets per week, FRT per week, CSAT per week, the heatmap, the scorecard lines.
    assert_eq!(count("figure.chart > svg"), 5);
    assert_eq!(count("svg"), 5);
    assert_eq!(count("section > h2"), 7);
    // Self-contained: no script, no external stylesheet, font or image.
    assert_eq!(count("script"), 0);
    assert_eq!(count("link"), 0);
    assert_eq!(count("img"), 0);
    // The only address on the page is the SVG namespace, which is a name, not a request.
    let addresses = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!addresses.contains("http://") && !addresses.contains("https://"));
    assert!(!page.contains(" src=") && !page.contains(" href="));
    assert!(!page.contains("url("));
}

#[test]
fn text_from_the_data_is_escaped_in_html_and_markdown() {
    let sandbox = Sandbox::new();
    let name = "<script>alert(1)</script>";
    sandbox.write(
        "data/scorecard.csv",
        format!(
            "employee,date,criterion,points,max_points\n\
             \"{name}\",2024-03-04,<b>Quality</b>,60,100\n\
             \"{name}\",2024-03-11,<b>Quality</b>,50,100\n\
             \"{name}\",2024-03-18,<b>Quality</b>,45,100\n"
        ),
    );
    sandbox.write(
        "data/tickets.csv",
        "id,created_at,first_response_at,agent\n\
         1,2024-03-18 10:00,2024-03-18 10:30,<img src=x onerror=alert(2)>\n\
         2,2024-03-24 10:00,2024-03-24 10:30,\"<script>alert(3)</script>\"\n",
    );
    let data = sandbox.join("data").display().to_string();
    let page = sandbox
        .run(["report", "weekly", "--data", &data, "--format", "html"])
        .success()
        .stdout()
        .to_owned();
    let doc = Html::parse_document(&page);
    let count = |css: &str| doc.select(&Selector::parse(css).expect("selector")).count();
    assert_eq!(count("script"), 0, "a name became a script element");
    assert_eq!(count("img"), 0);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>"));
    // The name is in the people table and the chart legend, as text.
    let text: String = doc.root_element().text().collect();
    assert!(text.matches(name).count() >= 2, "{text}");
    // Its declining scorecard is an alert, with the name as text.
    assert!(text.contains(&format!("{name}'s scorecard is declining")));

    let markdown = sandbox
        .run(["report", "weekly", "--data", &data, "--format", "markdown"])
        .success()
        .stdout()
        .to_owned();
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(markdown.contains("\\<script\\>"));
}

#[test]
fn missing_inputs_are_sections_that_say_what_to_provide() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "tickets.csv",
        "id,created_at,first_response_at\n1,2024-03-18 10:00,2024-03-18 10:30\n\
         2,2024-03-24 10:00,2024-03-24 11:00\n",
    );
    let run = sandbox.run(["report", "weekly", "--tickets", "tickets.csv"]);
    let out = run.success().stdout();
    assert!(out.contains("Not available: no survey answers: give --surveys FILE"));
    assert!(out.contains("Not available: no scorecard: give --scorecard FILE"));
    // Two tickets answered after 30 and 60 minutes: median 45m.
    assert!(out.contains("45m 00s"), "{out}");
    // Without resolution times there is no backlog to count, and the report says so.
    assert!(out.contains("no resolution times"));
}

#[test]
fn a_week_outside_the_data_is_a_usage_error_naming_the_range() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    sandbox
        .run(["report", "weekly", "--data", &data, "--week", "2023-W40"])
        .code(2)
        .no_stdout()
        .stderr_has(&["--week", "2023-W40", "2024-W01 to 2024-W12"]);
    sandbox
        .run(["report", "weekly", "--data", &data, "--week", "2024-W99"])
        .code(2);
}

#[test]
fn no_input_at_all_is_a_usage_error() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.join("empty")).expect("dir");
    sandbox
        .run(["report", "weekly", "--scorecard", "missing.csv"])
        .code(1);
    sandbox
        .run(["report", "weekly", "--data", "empty"])
        .stderr_has(&["tickets.csv"]);
}

#[test]
fn alert_thresholds_come_from_the_config() {
    let sandbox = Sandbox::new();
    // The demo's W12 SLA is 94.1 %: quiet at the default 90 %, an alert at 95 %.
    assert!(!weekly(&sandbox, &[]).contains("SLA met 94.1%"));
    sandbox.write("supportctl.toml", "[alerts]\nsla_target_pct = 95\n");
    let data = demo().display().to_string();
    let out = sandbox
        .run(["report", "weekly", "--data", &data, "--scale", "1-5"])
        .success()
        .stdout()
        .to_owned();
    assert!(
        out.contains("SLA met 94.1% against a target of 95.0% (last week 96.0%)"),
        "{out}"
    );
    sandbox.write("supportctl.toml", "[alerts]\nsla_target_pct = 120\n");
    sandbox
        .run(["report", "weekly", "--data", &data, "--scale", "1-5"])
        .code(2)
        .stderr_has(&["sla_target_pct", "0 to 100"]);
}

#[test]
fn output_is_written_atomically_to_a_file() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    sandbox
        .run([
            "report",
            "weekly",
            "--data",
            &data,
            "--format",
            "html",
            "--output",
            "week.html",
        ])
        .success()
        .no_stdout();
    let page = String::from_utf8(sandbox.read("week.html")).expect("utf-8");
    assert!(page.starts_with("<!DOCTYPE html>"));
}

#[test]
fn init_writes_a_template_every_command_accepts() {
    let sandbox = Sandbox::new();
    sandbox.run(["init"]).success().no_stdout();
    let template = String::from_utf8(sandbox.read("supportctl.toml")).expect("utf-8");
    assert!(template.contains("[alerts]"));
    // The template (all commented out) is a valid configuration.
    let data = demo().display().to_string();
    sandbox
        .run(["response", "--data", &data, "--format", "csv"])
        .success();
    // Every commented setting, uncommented, is still valid; the header mappings and the
    // settings of how to read an export are examples for other files than the demo's.
    let mut section = String::new();
    let mut uncommented = String::new();
    for l in template.lines() {
        if l.starts_with('[') || l.starts_with("# [") {
            section = l.trim_start_matches("# ").to_owned();
        }
        let setting = l.strip_prefix("# ").filter(|rest| rest.contains(" = "));
        // A calendar needs its table uncommented too: that is the calendar tests' business.
        let keep_commented = section == "[columns]"
            || section.starts_with("[calendars")
            || [
                "window",
                "data",
                "preset",
                "time_format",
                "encoding",
                "date_order",
                "calendar",
                "calendar_by",
            ]
            .iter()
            .any(|k| setting.is_some_and(|r| r.starts_with(&format!("{k} ="))));
        match setting {
            Some(rest) if !keep_commented => uncommented.push_str(rest),
            _ => uncommented.push_str(l),
        }
        uncommented.push('\n');
    }
    sandbox.write("full.toml", &uncommented);
    sandbox
        .run([
            "report",
            "weekly",
            "--data",
            &data,
            "--config",
            "full.toml",
            "--format",
            "json",
        ])
        .success();
    // An existing file is kept unless --force.
    sandbox
        .run(["init"])
        .code(2)
        .stderr_has(&["supportctl.toml exists", "--force"]);
    sandbox.run(["init", "--force"]).success();
    assert!(
        sandbox
            .run(["init", "--output", "-"])
            .success()
            .stdout()
            .starts_with("# supportctl.toml")
    );
}

/// The page as a real browser sees it: Chromium (Debian's `chromium` package) loads the file
/// headless and dumps its DOM. Skipped, with a note, where no Chromium is installed.
#[test]
fn chromium_loads_the_html_page_with_every_chart() {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(browser) = browser else {
        eprintln!("skipped: no Chromium installed (apt install chromium)");
        return;
    };
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    sandbox
        .run([
            "report",
            "weekly",
            "--data",
            &data,
            "--format",
            "html",
            "--output",
            "week.html",
        ])
        .success();
    let page = sandbox.join("week.html");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("run the browser");
    let dom = String::from_utf8_lossy(&out.stdout);
    let doc = Html::parse_document(&dom);
    let count = |css: &str| doc.select(&Selector::parse(css).expect("selector")).count();
    assert_eq!(count("figure.chart > svg"), 5, "{dom}");
    assert_eq!(count("section > h2"), 7);
    assert!(dom.contains("Weekly support report — 2024-W12"));
}

#[test]
fn the_terminal_screen_fits_the_terminal_width() {
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    for columns in ["80", "100"] {
        let run = sandbox.run_env(
            ["report", "weekly", "--data", &data],
            &[("COLUMNS", columns)],
        );
        let width: usize = columns.parse().expect("a number");
        for line in run.success().stdout().lines() {
            assert!(
                line.chars().count() <= width,
                "{} chars over {columns}: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn history_sets_the_weeks_of_every_series() {
    let sandbox = Sandbox::new();
    let json: Value =
        serde_json::from_str(&weekly(&sandbox, &["--history", "3", "--format", "json"]))
            .expect("json");
    // 2024-W12 and the two weeks before it.
    assert_eq!(
        json["weeks"],
        serde_json::json!(["2024-W10", "2024-W11", "2024-W12"])
    );
    let series = json["summary"]["created"]["series"]
        .as_array()
        .expect("series");
    assert_eq!(series.len(), 3);
    // A change needs two weeks: one is a usage error.
    let data = demo().display().to_string();
    sandbox
        .run(["report", "weekly", "--data", &data, "--history", "1"])
        .code(2)
        .stderr_has(&["--history", "2..=52"]);
}

#[test]
fn the_report_says_which_figures_the_export_cannot_give() {
    // A Zendesk export whose only reply column is in business hours: no "0 answered, 2 without
    // a reply, SLA 0 met" but the reason and the fix. Both tickets resolved (Solved at).
    let sandbox = Sandbox::new();
    sandbox.write(
        "zendesk.csv",
        "Id,Created at,First reply time in minutes within business hours,Solved at\n\
         1,2024-03-18 10:00,45,2024-03-18 12:00\n2,2024-03-18 11:00,30,2024-03-18 15:00\n",
    );
    let run = sandbox.run(["report", "weekly", "--tickets", "zendesk.csv"]);
    let text = run.success().stdout().to_owned();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("2 tickets created. First-response figures (answered, no reply, FRT) are unavailable: the export gives the first reply only as a duration in business hours"),
        "{text}"
    );
    assert!(
        flat.contains("SLA figures (met, breached, pending) are unavailable as well."),
        "{text}"
    );
    assert!(!flat.contains("0 answered"), "{text}");
    // The machine output carries the same.
    let json = sandbox
        .run([
            "report",
            "weekly",
            "--tickets",
            "zendesk.csv",
            "--format",
            "json",
        ])
        .success()
        .json();
    let gaps = json["response"]["unavailable"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let figures: Vec<&str> = gaps.iter().filter_map(|g| g["figures"].as_str()).collect();
    assert_eq!(figures, ["first_response", "sla"], "{json}");
}
