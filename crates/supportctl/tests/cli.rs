//! Integration tests of the `supportctl` binary: one test target, one module per area.
//!
//! Every test runs the real binary (`CARGO_BIN_EXE_supportctl`) in its own temporary directory,
//! with `NO_COLOR=1` and `COLUMNS=120`, so that no `supportctl.toml` is picked up by accident and
//! the terminal table has a fixed width. Test data lives in `testdata/` at the workspace root:
//! `demo/` (the bundled data set), `bad/` (the bad-input corpus) and `golden/` (expected outputs;
//! `SUPPORTCTL_BLESS=1` rewrites them, see `testdata/golden/README.md`).
//!
//! Expected numbers that are not golden files are worked out by hand on tiny inline CSVs, with
//! the arithmetic in a comment next to the assertion.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/bad_input.rs"]
mod bad_input;
#[path = "cli/calendar.rs"]
mod calendar;
#[path = "cli/generate.rs"]
mod generate;
#[path = "cli/golden.rs"]
mod golden;
#[path = "cli/golden_satisfaction.rs"]
mod golden_satisfaction;
#[path = "cli/help.rs"]
mod help;
#[path = "cli/output.rs"]
mod output;
#[path = "cli/parquet.rs"]
mod parquet;
#[path = "cli/peak.rs"]
mod peak;
#[path = "cli/presets.rs"]
mod presets;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/response.rs"]
mod response;
#[path = "cli/satisfaction.rs"]
mod satisfaction;
#[path = "cli/scorecard.rs"]
mod scorecard;
#[path = "cli/validate.rs"]
mod validate;
#[path = "cli/workload.rs"]
mod workload;
