//! The raw command-line arguments (clap derive types). They are turned into the library's
//! validated options once, in `settings.rs`, before anything is computed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Helpdesk exports in, the numbers support teams run on out.
#[derive(Debug, Parser)]
#[command(
    name = "supportctl",
    version,
    about = "Helpdesk exports in, the numbers support teams run on out.",
    long_about = "supportctl turns helpdesk CSV exports into response and resolution times, SLA, \
                  and the figures a head of support reviews every week.\n\n\
                  Data goes to stdout, diagnostics to stderr. Exit codes: 0 success, \
                  2 usage or configuration error, 3 invalid input data, 1 any other failure.",
    after_help = "Examples:\n  \
                  supportctl response --data testdata/demo --by week\n  \
                  supportctl response --tickets export.csv --by agent --format csv > frt.csv\n  \
                  supportctl peak --data testdata/demo --heatmap\n  \
                  supportctl validate --tickets export.csv\n  \
                  supportctl generate --tickets 100000 --out-dir /tmp/demo",
    propagate_version = true
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// First response and resolution times, SLA and the response-time distribution.
    #[command(
        long_about = "First response time (FRT), resolution time and SLA for the tickets created in \
                      the period, overall or grouped.\n\n\
                      FRT = first_response_at − created_at; resolution = resolved_at − created_at. \
                      Tickets without a response are `unresponded` and left out of the FRT \
                      statistics; a response or resolution before creation is dropped and counted \
                      in `invalid_order`. SLA targets are per priority (default urgent=1h, high=4h, \
                      normal=8h, low=24h); an unanswered ticket past its target at --as-of is \
                      breached, one still inside it is pending and left out of sla_met_pct.\n\n\
                      The table shows the headline figures; csv and json carry every column, \
                      durations in seconds.",
        after_help = "Examples:\n  \
                      supportctl response --data testdata/demo --by week\n  \
                      supportctl response --tickets tickets.csv --by agent,week --format csv\n  \
                      supportctl response --tickets - --format json < tickets.csv\n  \
                      supportctl response --data testdata/demo --week 2024-W12 --sla urgent=30m,normal=4h\n  \
                      supportctl response --data testdata/demo --buckets --by team\n  \
                      supportctl response --tickets export.csv --map created_at=\"Created at\" --tz Europe/Moscow"
    )]
    Response(ResponseArgs),

    /// Peak load: arrivals by weekday and hour, the peak hours, the wait at peak and the queue.
    #[command(
        long_about = "When tickets arrive, which hours are the peak, how long customers wait for a \
                      first reply at peak against the rest of the week, and how deep the queue \
                      gets.\n\n\
                      Arrivals are counted per hour-of-week slot (weekday × hour, 168 slots) in \
                      --tz; arrivals_per_week = tickets in the slot / the number of times the \
                      slot occurs in the period (once per day of its weekday; hours after --as-of \
                      on its day do not count). The peak is the busiest --peak-top percent of \
                      slots (default 10: ceil(168 × 10 / 100) = 17 slots; ties go to the earlier \
                      slot, Monday 00:00 first), or a fixed --peak window. The wait at peak is the \
                      FRT (first_response_at − created_at) of tickets created in peak slots, \
                      beside the same off peak. The queue is the number of tickets created and \
                      not yet answered at each instant (a ticket closed unanswered leaves it when \
                      closed, one still open waits until --as-of): its maximum, when, and its \
                      time-weighted mean over the peak hours.\n\n\
                      --by team, channel, site, agent or priority gives each group its own peak. \
                      --heatmap shows the 168 slots instead of the summary: a shaded 7 × 24 grid \
                      in the terminal (colour unless NO_COLOR is set), one row per slot in csv \
                      and json.",
        after_help = "Examples:\n  \
                      supportctl peak --data testdata/demo\n  \
                      supportctl peak --data testdata/demo --heatmap\n  \
                      supportctl peak --data testdata/demo --by team --format csv\n  \
                      supportctl peak --data testdata/demo --peak \"Mon-Fri 10:00-13:00\"\n  \
                      supportctl peak --data testdata/demo --peak-top 5 --last-weeks 4\n  \
                      supportctl peak --tickets calls.csv --tz Asia/Jerusalem --heatmap --format json"
    )]
    Peak(PeakArgs),

    /// Check input files and list every problem with counts; computes nothing.
    #[command(
        long_about = "Reads the inputs as the other commands would and lists every problem found: \
                      missing columns, values that do not parse, duplicate ids, ragged rows, \
                      responses before creation. Exits with 3 when a problem would stop the other \
                      commands, 0 otherwise (warnings alone do not fail).",
        after_help = "Examples:\n  \
                      supportctl validate --tickets export.csv\n  \
                      supportctl validate --data testdata/demo --format json"
    )]
    Validate(ValidateArgs),

    /// Write a deterministic synthetic data set (for demos, tests and benchmarks).
    #[command(
        long_about = "Writes a realistic synthetic helpdesk export: a weekday/hour arrival curve \
                      with a late-morning peak, log-normal response times that get worse at peak, \
                      some tickets never answered or resolved, several agents, teams, channels, \
                      priorities and sites. The same --seed gives the same bytes. Rows are written \
                      as they are generated, so memory does not grow with --tickets.",
        after_help = "Examples:\n  \
                      supportctl generate --tickets 5000 --weeks 12 --out-dir testdata/demo\n  \
                      supportctl generate --tickets 1000000 --seed 7 > tickets.csv"
    )]
    Generate(GenerateArgs),

    /// Print a shell completion script.
    #[command(
        long_about = "Prints a completion script for the shell on stdout. Install it where your \
                      shell looks for completions; it completes subcommands, flags and values \
                      such as --format and --by.",
        after_help = "Examples:\n  \
                      supportctl completions bash > ~/.local/share/bash-completion/completions/supportctl\n  \
                      supportctl completions zsh > ~/.zfunc/_supportctl"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Where the data comes from and how to read it.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Tickets CSV export; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub tickets: Option<String>,

    /// Survey answers (CSAT, NPS) CSV; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub surveys: Option<String>,

    /// Baramba scorecard CSV (long or wide form); `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub scorecard: Option<String>,

    /// Scorecard criteria CSV: criterion, max_points[, description].
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub criteria: Option<String>,

    /// Daily plan/fact reports CSV; `-` reads standard input.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub daily: Option<String>,

    /// A folder with tickets.csv, surveys.csv, scorecard.csv, criteria.csv and daily.csv (each optional).
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    pub data: Option<PathBuf>,

    /// Configuration file [default: supportctl.toml in the working directory, if present].
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub config: Option<PathBuf>,

    /// Rename an export header to a canonical column, e.g. --map created_at="Created at" (repeatable).
    #[arg(long = "map", value_name = "CANONICAL=HEADER", help_heading = "Input")]
    pub map: Vec<String>,

    /// Time zone of naive timestamps, and of weeks, days and hours [default: UTC].
    #[arg(long, value_name = "IANA ZONE", help_heading = "Input")]
    pub tz: Option<String>,

    /// Timestamp format (chrono strftime), replacing the recognised ones, e.g. '%d/%m/%Y %H:%M'.
    #[arg(long, value_name = "PATTERN", help_heading = "Input")]
    pub time_format: Option<String>,

    /// Read dates like 03/04/2024 day first (3 April).
    #[arg(long, conflicts_with = "monthfirst", help_heading = "Input")]
    pub dayfirst: bool,

    /// Read dates like 03/04/2024 month first (4 March).
    #[arg(long, help_heading = "Input")]
    pub monthfirst: bool,

    /// Field delimiter of the CSV input [default: ,].
    #[arg(long, value_name = "CHAR", help_heading = "Input")]
    pub delimiter: Option<char>,
}

/// Which tickets and how to group them.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// First day included (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub from: Option<String>,

    /// First day excluded (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub to: Option<String>,

    /// One ISO week, e.g. 2024-W12.
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to", "last_weeks"], help_heading = "Filters")]
    pub week: Option<String>,

    /// The last N ISO weeks, ending with the week of --as-of.
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"], help_heading = "Filters")]
    pub last_weeks: Option<u32>,

    /// "Now" for open tickets [default: the latest timestamp in the data].
    #[arg(long, value_name = "TIMESTAMP", help_heading = "Filters")]
    pub as_of: Option<String>,

    /// Group by any of: agent, team, channel, priority, site, week, day, month (comma-separated).
    #[arg(long, value_name = "KEYS", help_heading = "Filters")]
    pub by: Option<String>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// An aligned table for the terminal (durations like 1h 05m).
    #[default]
    Table,
    /// CSV with stable column names; durations in seconds.
    Csv,
    /// JSON: an array of objects with the csv column names.
    Json,
    /// A Markdown table, for chats and wikis.
    Markdown,
}

/// Where and how to write the result.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,

    /// Write to FILE (atomically: a failed run leaves no half-written file) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

/// `supportctl response`.
#[derive(Debug, Args)]
pub struct ResponseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// First-response targets per priority, e.g. urgent=1h,high=4h,normal=8h,low=24h; `*=8h` for the rest.
    #[arg(long, value_name = "TARGETS")]
    pub sla: Option<String>,

    /// Show the FRT distribution (0-1h, 1-4h, 4-8h, 8-24h, 24h+) instead of the statistics.
    #[arg(long)]
    pub buckets: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl peak`.
#[derive(Debug, Args)]
pub struct PeakArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The peak is this percentage of the 168 hour slots with the most arrivals per week (1-100) [default: 10].
    #[arg(long, value_name = "PERCENT", conflicts_with = "peak")]
    pub peak_top: Option<u32>,

    /// A fixed peak instead, e.g. "Mon-Fri 10:00-13:00" (whole hours; several joined by ';').
    #[arg(long, value_name = "WINDOW")]
    pub peak: Option<String>,

    /// Show the 168 hour slots (arrivals per week, FRT, peak) instead of the summary.
    #[arg(long)]
    pub heatmap: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of tickets (1 to 100,000,000).
    #[arg(long, default_value_t = 5000)]
    pub tickets: u64,

    /// Random seed; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Number of weeks the tickets span.
    #[arg(long, default_value_t = 12)]
    pub weeks: u32,

    /// Number of agents.
    #[arg(long, default_value_t = 8)]
    pub agents: u32,

    /// First day of the data set (moved back to its Monday).
    #[arg(long, value_name = "DATE", default_value = "2024-01-01")]
    pub start: String,

    /// Write tickets.csv into DIR (created if missing) instead of the tickets to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
