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
                  supportctl csat --data testdata/demo --scale 1-5 --by agent\n  \
                  supportctl nps --data testdata/demo --by month\n  \
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

    /// Customer satisfaction (CSAT) from survey answers, with its interval and response rate.
    #[command(
        long_about = "CSAT from the answers of a survey export (--surveys; rows of kind `csat`, or \
                      of no kind), overall or grouped.\n\n\
                      csat_pct = satisfied / answers × 100, where an answer is satisfied when it \
                      is in the top boxes of its scale: 4-5 on 1-5, 8-10 on 1-10 and 0-10, good on \
                      good-bad, great on great-okay-bad (change it with --satisfied). Every CSAT \
                      comes with its 95% Wilson interval, the number of answers and the mean \
                      score; groups with fewer than 30 answers are marked in the table.\n\n\
                      The scale is inferred only when the answers leave no doubt (labels, or a \
                      number above 5); otherwise name it with --scale. An answer belongs to the \
                      week of its submitted_at. With tickets (--tickets, or tickets.csv in \
                      --data), answers linked by ticket_id take the ticket's agent, team, channel, \
                      priority and site (the survey row's own values win), and response_rate_pct = \
                      linked answers / tickets of the group created in the period and resolved.",
        after_help = "Examples:\n  \
                      supportctl csat --data testdata/demo --scale 1-5\n  \
                      supportctl csat --data testdata/demo --scale 1-5 --by agent,week --format csv\n  \
                      supportctl csat --surveys surveys.csv --tickets tickets.csv --by channel\n  \
                      supportctl csat --surveys - --scale 1-10 --satisfied 9 --format json < answers.csv\n  \
                      supportctl csat --surveys ratings.csv --scale great-okay-bad --satisfied okay"
    )]
    Csat(CsatArgs),

    /// Net Promoter Score (NPS) from survey answers, with its margin of error and response rate.
    #[command(
        long_about = "NPS from the answers of a survey export (--surveys; rows of kind `nps`, or \
                      of no kind), on the 0-10 scale, overall or grouped.\n\n\
                      Promoters answer 9-10, passives 7-8, detractors 0-6; \
                      nps = (promoters − detractors) / answers × 100, from −100 to 100, with its \
                      95% margin of error 1.96 × √((p + d − (p − d)²) / n) × 100 (p, d: the \
                      promoter and detractor shares). Groups with fewer than 30 answers are marked \
                      in the table.\n\n\
                      A high NPS from a few answers is not a high NPS: the response rate is \
                      answers / --invited N, or, with tickets, linked answers / resolved tickets \
                      of the group and period.",
        after_help = "Examples:\n  \
                      supportctl nps --data testdata/demo\n  \
                      supportctl nps --data testdata/demo --by month --format csv\n  \
                      supportctl nps --surveys nps.csv --invited 1200 --week 2024-W12\n  \
                      supportctl nps --surveys - --format json < answers.csv"
    )]
    Nps(NpsArgs),

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
                      as they are generated, so memory does not grow with --tickets.\n\n\
                      With --out-dir it also writes surveys.csv: CSAT answers (1-5) from about 30% \
                      of the resolved tickets and NPS answers (0-10) from about 8%, told apart by \
                      `kind` and linked by `ticket_id`, with scores that fall as the wait for a \
                      first response grows.",
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

/// `supportctl csat`.
#[derive(Debug, Args)]
pub struct CsatArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The scale of the answers: 1-5, 1-10, 0-10, good-bad or great-okay-bad [default: inferred when the answers leave no doubt].
    #[arg(long, value_name = "SCALE")]
    pub scale: Option<String>,

    /// The lowest satisfied answer, e.g. 4 (on 1-5) or okay (on great-okay-bad) [default: the top boxes: 4-5, 8-10, good, great].
    #[arg(long, value_name = "ANSWER")]
    pub satisfied: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl nps`.
#[derive(Debug, Args)]
pub struct NpsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How many customers were asked in the period; gives the response rate (ungrouped only).
    #[arg(long, value_name = "N")]
    pub invited: Option<u64>,

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

    /// Write tickets.csv and surveys.csv into DIR (created if missing) instead of the tickets to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
