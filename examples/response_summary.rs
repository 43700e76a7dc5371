//! Weekly response figures from the bundled demo data, computed by linking the library.
//!
//! Run it from anywhere inside the repository:
//!
//! ```sh
//! cargo run -p support-metrics --example response_summary
//! ```
//!
//! It loads `testdata/demo/tickets.csv`, groups the tickets by the ISO week they were created in,
//! and prints the median and 90th-percentile first response time and the share of tickets that met
//! their SLA target, week by week. The definitions are in `docs/metrics.md`.

use std::path::PathBuf;

use support_metrics::ingest::{IngestOptions, Input, load_tickets};
use support_metrics::metrics::{GroupKey, ResponseOptions, response};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // This file is registered by crates/support-metrics, so its manifest directory is two levels
    // below the workspace root.
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "testdata",
        "demo",
        "tickets.csv",
    ]
    .iter()
    .collect();

    // Naive timestamps are read in UTC by default; set `tz` for another zone.
    let tickets = load_tickets(Input::path(&path), &IngestOptions::default())?;
    for warning in tickets.warnings() {
        eprintln!("warning: {warning}");
    }

    // Default options: all tickets, standard SLA targets (urgent 1h, high 4h, normal 8h, low 24h),
    // "now" = the latest timestamp in the data.
    let options = ResponseOptions {
        group_by: vec![GroupKey::Week],
        ..ResponseOptions::default()
    };
    let report = response(&tickets, &options)?;

    println!(
        "{:<10} {:>7} {:>11} {:>11} {:>10}",
        "week", "tickets", "FRT median", "FRT p90", "SLA met %"
    );
    for row in &report.rows {
        println!(
            "{:<10} {:>7} {:>11} {:>11} {:>10}",
            row.group[0].as_deref().unwrap_or("-"),
            row.tickets,
            minutes(row.frt.median),
            minutes(row.frt.p90),
            row.sla
                .met_pct
                .map_or_else(|| "-".to_owned(), |p| format!("{p:.1}")),
        );
    }
    Ok(())
}

/// Seconds as whole minutes, or `-` when the figure cannot be computed (no answered tickets).
fn minutes(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "-".to_owned(), |s| format!("{:.0} min", s / 60.0))
}
