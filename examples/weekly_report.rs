//! The weekly report of the bundled demo data, built by linking the library.
//!
//! Run it from anywhere inside the repository:
//!
//! ```sh
//! cargo run -p support-metrics --example weekly_report
//! ```
//!
//! It loads the demo's tickets, survey answers and scorecard, builds the report of the last
//! complete week, and prints a few of its figures: what `supportctl report weekly` shows, without
//! a terminal in sight.

use std::path::PathBuf;

use support_metrics::ingest::{
    IngestOptions, Input, Scale, load_criteria, load_scorecard, load_surveys, load_tickets,
};
use support_metrics::report::{ReportInputs, WeeklyOptions, weekly};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "..", "testdata", "demo"]
        .iter()
        .collect();
    let read = IngestOptions::default();
    let tickets = load_tickets(Input::path(demo.join("tickets.csv")), &read)?;
    let surveys = load_surveys(Input::path(demo.join("surveys.csv")), &read)?;
    // The scorecard is kept wide (a column per criterion); the criteria file gives their maxima.
    let criteria = load_criteria(Input::path(demo.join("criteria.csv")), &read)?;
    let scorecard = load_scorecard(
        Input::path(demo.join("scorecard.csv")),
        &read,
        Some(&criteria),
    )?;

    let inputs = ReportInputs {
        tickets: Some(&tickets),
        surveys: Some(&surveys),
        scorecard: Some(&scorecard),
        daily: None,
    };
    // The demo's CSAT answers are 1 to 5, which could also be a 10-point scale: say which.
    let options = WeeklyOptions {
        scale: Some(Scale::OneToFive),
        ..WeeklyOptions::default()
    };
    let report = weekly(&inputs, &options)?;

    println!(
        "week {} ({} to {})",
        report.week, report.week_start, report.week_end
    );
    if let Some(summary) = report.summary.ready() {
        println!(
            "tickets created: {:?} (last week {:?})",
            summary.created.value, summary.created.previous
        );
    }
    if let Some(response) = report.response.ready() {
        let minutes = |s: Option<f64>| s.map(|s| format!("{:.1} min", s / 60.0));
        println!(
            "FRT median: {:?}, change {:?}",
            minutes(response.frt_median.value),
            minutes(response.frt_median.change)
        );
    }
    for alert in &report.attention {
        println!("{:?}: {:?} {:?}", alert.severity, alert.rule, alert.subject);
    }
    Ok(())
}
