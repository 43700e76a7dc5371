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
                  supportctl report weekly --data testdata/demo\n  \
                  supportctl report weekly --data testdata/demo --format html --output week.html\n  \
                  supportctl response --data testdata/demo --by week\n  \
                  supportctl response --tickets export.csv --by agent --format csv > frt.csv\n  \
                  supportctl csat --data testdata/demo --scale 1-5 --by agent\n  \
                  supportctl nps --data testdata/demo --by month\n  \
                  supportctl peak --data testdata/demo --heatmap\n  \
                  supportctl validate --tickets export.csv\n  \
                  supportctl scorecard trend --data testdata/demo\n  \
                  supportctl workload --data testdata/demo --by week\n  \
                  supportctl daily --data testdata/demo\n  \
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
    /// The head of support's weekly report: every figure of one week on one screen.
    #[command(
        subcommand,
        long_about = "Reports that put every figure of a period on one screen. `report weekly` \
                      covers one ISO week: volume, response times and SLA, satisfaction, the \
                      peak, the team's workload, the scorecard and what needs attention, each \
                      against the previous week.",
        after_help = "Examples:\n  \
                      supportctl report weekly --data testdata/demo\n  \
                      supportctl report weekly --data testdata/demo --format html --output week.html\n  \
                      supportctl report weekly --data testdata/demo --hours \"Mon-Fri 09:00-18:00\""
    )]
    Report(ReportCommand),

    /// Write a commented supportctl.toml to start from.
    #[command(
        long_about = "Writes a supportctl.toml with every setting the commands read, each explained \
                      and commented out, so that uncommenting a line changes one default. \
                      Command-line flags always win over the file.",
        after_help = "Examples:\n  \
                      supportctl init\n  \
                      supportctl init --output team/supportctl.toml\n  \
                      supportctl init --output - | less"
    )]
    Init(InitArgs),

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
                      Business time: with --hours (working hours in --tz), --calendar NAME, or \
                      calendars in supportctl.toml (one per site, team or channel: calendar_by), \
                      a duration counts only the seconds inside working hours, holidays \
                      (--holidays FILE) count zero, and SLA targets are business time too. A \
                      ticket created outside hours starts its clock at the next opening. \
                      --calendar-time forces wall-clock time.\n\n\
                      The table shows the headline figures; csv and json carry every column, \
                      durations in seconds, and time_basis (business or calendar).",
        after_help = "Examples:\n  \
                      supportctl response --data testdata/demo --by week\n  \
                      supportctl response --tickets tickets.csv --by agent,week --format csv\n  \
                      supportctl response --tickets - --format json < tickets.csv\n  \
                      supportctl response --data testdata/demo --week 2024-W12 --sla urgent=30m,normal=4h\n  \
                      supportctl response --data testdata/demo --buckets --by team\n  \
                      supportctl response --tickets export.csv --map created_at=\"Created at\" --tz Europe/Moscow\n  \
                      supportctl response --tickets zendesk-export.csv --preset zendesk --by agent\n  \
                      supportctl response --tickets tickets.xlsx --sheet Tickets\n  \
                      supportctl response --data testdata/demo --hours \"Mon-Fri 09:00-18:00\" --tz Europe/Moscow\n  \
                      supportctl response --data testdata/demo --hours \"Mon-Fri 09:00-18:00\" --holidays holidays.csv --by week\n  \
                      supportctl response --data testdata/demo --calendar moscow --format csv\n  \
                      supportctl response --data testdata/demo --calendar-time"
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
                      linked answers / tickets of the group created in the period and resolved; \
                      with --invited N (the surveys sent), response_rate_pct = answers / N for the \
                      whole period.",
        after_help = "Examples:\n  \
                      supportctl csat --data testdata/demo --scale 1-5\n  \
                      supportctl csat --surveys surveys.csv --scale 1-5 --invited 2400 --week 2024-W12\n  \
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

    /// The Baramba scorecard: weekly scores per employee, their trend and verdict, the breakdown.
    #[command(
        long_about = "The Baramba scorecard: for each employee the manager scores the criteria that \
                      matter in that person's work at regular meetings (one or more a week) and \
                      sums the points; after several meetings the trend decides.\n\n\
                      Input: --scorecard FILE in the long form (employee, date, criterion, \
                      points[, max_points][, note]) or the wide form kept in a spreadsheet \
                      (employee, date, one column per criterion[, note]); the criteria's maximum \
                      points come from --criteria FILE (criterion, max_points[, description]), \
                      [scorecard.criteria] in supportctl.toml, or the max_points column.\n\n\
                      weekly: the score of each employee and week (the mean of that week's \
                      meetings). trend: the Theil–Sen slope of the weekly scores with \
                      Mann–Kendall's p-value, the trend and the verdict. show: one employee's \
                      points by criterion and week, the biggest recent loss first. template: \
                      the blank sheet for the next meeting.",
        after_help = "Examples:\n  \
                      supportctl scorecard trend --data testdata/demo\n  \
                      supportctl scorecard weekly --data testdata/demo --format csv\n  \
                      supportctl scorecard show \"Ivan Sokolov\" --data testdata/demo\n  \
                      supportctl scorecard template --data testdata/demo --with-last > next.csv"
    )]
    Scorecard(ScorecardArgs),

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
                      supportctl peak --tickets calls.csv --tz Asia/Jerusalem --heatmap --format json\n  \
                      supportctl peak --data testdata/demo --hours \"Mon-Fri 09:00-18:00\" (waits in business time)"
    )]
    Peak(PeakArgs),

    /// Workload per agent: tickets, share, resolved, overdue, FRT, CSAT, and the team balance.
    #[command(
        long_about = "How the tickets of the period are spread over the agents, how many went \
                      overdue, and how balanced the team is.\n\n\
                      Per agent: tickets created in the period; share_pct of all the tickets of \
                      the group (unassigned ones included, so the shares add up to 100); \
                      resolved; overdue: resolved after due_at, or still unresolved past due_at at \
                      --as-of (overdue_pct = overdue / tickets with a due date); the median first \
                      response time; and CSAT, when survey answers are given (--surveys, or \
                      surveys.csv in --data; name their scale with --scale).\n\n\
                      The balance, per group: the mean tickets per agent, balance_cv = population \
                      standard deviation / mean, max_min_ratio = most / fewest tickets (empty when \
                      an agent has none), and the agents above or below the mean by more than \
                      --margin percent of it (25). --by week, team and/or site groups the agents \
                      further; by week, an agent with tickets elsewhere in the period has a row of \
                      zeros in a week without any.\n\n\
                      The terminal and Markdown show the agents, then the balance; csv, json and \
                      Parquet carry one table: the agents, or with --balance the balance summary.",
        after_help = "Examples:\n  \
                      supportctl workload --data testdata/demo --scale 1-5\n  \
                      supportctl workload --data testdata/demo --by week --format csv\n  \
                      supportctl workload --data testdata/demo --by week --balance --format csv\n  \
                      supportctl workload --tickets tickets.csv --by team --margin 30\n  \
                      supportctl workload --data testdata/demo --last-weeks 4 --as-of 2024-03-25 --format json"
    )]
    Workload(WorkloadArgs),

    /// Daily plan/fact per employee and week: plan done/partial/not done, lateness, absences.
    #[command(
        long_about = "The daily plan/fact reports of a team (--daily FILE, or daily.csv in --data: \
                      employee, date, plan_status, late_minutes, absence) per employee and ISO \
                      week.\n\n\
                      days_reported counts the week's reports, absent days included; the plan \
                      shares done_pct, partial_pct and not_done_pct are over the days worked (the \
                      reports with a plan status) and add up to 100; late_days counts days worked \
                      with late minutes above 0, late_minutes adds them up; absent_vacation, \
                      absent_day_off and absent_sick count the days away by kind. A report with an \
                      absence is an absent day: its plan status, if any, is ignored. A day without \
                      a report counts nowhere.\n\n\
                      plan_status is done, partial or not_done (any case; `not done`, `partly \
                      done`, `completed` are read too); absence is vacation, day_off or sick.",
        after_help = "Examples:\n  \
                      supportctl daily --data testdata/demo\n  \
                      supportctl daily --data testdata/demo --last-weeks 2 --format csv\n  \
                      supportctl daily --daily reports.csv --week 2024-W12 --format markdown\n  \
                      supportctl daily --daily - --format json < reports.csv"
    )]
    Daily(DailyArgs),

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
                      first response grows; and the team's Baramba scorecard (scorecard.csv, wide \
                      form, a meeting a week per agent) with its six criteria (criteria.csv): one \
                      agent's scores fall, one's rise to the target, the others hold steady.",
        after_help = "Examples:\n  \
                      supportctl generate --tickets 5000 --weeks 12 --out-dir testdata/demo\n  \
                      supportctl generate --tickets 1000000 --seed 7 > tickets.csv\n  \
                  supportctl generate --tickets 1000000 --format parquet --out-dir lake"
    )]
    Generate(GenerateArgs),

    /// List the helpdesk presets and the export headers each one reads.
    #[command(
        long_about = "Lists the presets: how supportctl reads the exports of Zendesk, Freshdesk, \
                      Jira Service Management, Chatwoot, Help Scout and ServiceNow without a single \
                      header being renamed. With a NAME, shows that preset's mapping (canonical \
                      column → export header), its timestamp format and quirks, and how to get the \
                      export out of the helpdesk.\n\n\
                      Every command that reads tickets matches a file's header against the presets \
                      when it lacks the canonical columns, and names the preset it chose on stderr; \
                      --preset NAME chooses one. Encodings (UTF-8, UTF-16, Windows-1251), the \
                      delimiter (, ; tab |) and .xlsx/.xls/.ods files are recognised as well.",
        after_help = "Examples:\n  \
                      supportctl presets --format table\n  \
                      supportctl presets zendesk\n  \
                      supportctl presets servicenow --format markdown\n  \
                      supportctl presets --format csv > presets.csv\n\n\
                      Reading an export (any command that reads tickets):\n  \
                      response --tickets zendesk-export.csv --by week      (preset matched by the header)\n  \
                      response --tickets export.csv --preset freshdesk     (preset named)\n  \
                      response --tickets export.csv --encoding windows-1251 --delimiter ';'\n  \
                      response --tickets tickets.xlsx --sheet Tickets"
    )]
    Presets(PresetsArgs),

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

impl Command {
    /// Whether the command would write binary data (Parquet) to standard output.
    pub fn writes_binary_to_stdout(&self) -> bool {
        let parquet = |o: &OutputArgs| o.format == Format::Parquet && o.output.is_none();
        match self {
            Command::Response(a) => parquet(&a.output),
            Command::Csat(a) => parquet(&a.output),
            Command::Nps(a) => parquet(&a.output),
            Command::Validate(a) => parquet(&a.output),
            Command::Scorecard(a) => match &a.command {
                ScorecardCommand::Weekly(x) => parquet(&x.output),
                ScorecardCommand::Trend(x) => parquet(&x.output),
                ScorecardCommand::Show(x) => parquet(&x.output),
                ScorecardCommand::Template(x) => x.format == Format::Parquet && x.output.is_none(),
            },
            Command::Peak(a) => parquet(&a.output),
            Command::Workload(a) => parquet(&a.output),
            Command::Daily(a) => parquet(&a.output),
            Command::Presets(a) => parquet(&a.output),
            Command::Generate(a) => a.format == DataFormat::Parquet && a.out_dir.is_none(),
            Command::Completions { .. } | Command::Report(_) | Command::Init(_) => false,
        }
    }
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

    /// Configuration file [default: supportctl.toml in the working directory, else in the --data folder, if present].
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

    /// Field delimiter of the CSV input [default: told from the header line: , ; tab or |].
    #[arg(long, value_name = "CHAR", help_heading = "Input")]
    pub delimiter: Option<char>,

    /// Read the export with this helpdesk preset (`supportctl presets` lists them) [default: matched by the header].
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub preset: Option<String>,

    /// Text encoding of the input, e.g. windows-1251, utf-16 [default: detected].
    #[arg(long, value_name = "LABEL", help_heading = "Input")]
    pub encoding: Option<String>,

    /// The sheet of an .xlsx/.xls/.ods input [default: the sheet with the most rows under its header].
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub sheet: Option<String>,
}

/// Which days a command looks at: the tickets created, the answers given, the meetings held or
/// the daily reports written on them.
#[derive(Debug, Args, Clone, Default)]
pub struct PeriodArgs {
    /// First day included (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub from: Option<String>,

    /// First day excluded (YYYY-MM-DD, local time).
    #[arg(long, value_name = "DATE", help_heading = "Filters")]
    pub to: Option<String>,

    /// One ISO week, e.g. 2024-W12.
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to", "last_weeks"], help_heading = "Filters")]
    pub week: Option<String>,

    /// The last N ISO weeks, ending with the week of "now" (--as-of, else the latest date in the data).
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"], help_heading = "Filters")]
    pub last_weeks: Option<u32>,
}

/// How CSAT answers are scored.
#[derive(Debug, Args, Clone, Default)]
pub struct ScaleArgs {
    /// The scale of the CSAT answers: 1-5, 1-10, 0-10, good-bad or great-okay-bad [default: inferred when the answers leave no doubt].
    #[arg(long, value_name = "SCALE", help_heading = "Satisfaction")]
    pub scale: Option<String>,

    /// The lowest satisfied answer, e.g. 4 (on 1-5) or okay (on great-okay-bad) [default: the top boxes: 4-5, 8-10, good, great].
    #[arg(long, value_name = "ANSWER", help_heading = "Satisfaction")]
    pub satisfied: Option<String>,
}

/// Which hours are the peak.
#[derive(Debug, Args, Clone, Default)]
pub struct PeakChoiceArgs {
    /// The peak is this percentage of the 168 hour slots with the most arrivals per week (1-100) [default: 10].
    #[arg(
        long,
        value_name = "PERCENT",
        conflicts_with = "peak",
        help_heading = "Peak"
    )]
    pub peak_top: Option<u32>,

    /// A fixed peak instead, e.g. "Mon-Fri 10:00-13:00" (whole hours; several joined by ';').
    #[arg(long, value_name = "WINDOW", help_heading = "Peak")]
    pub peak: Option<String>,
}

/// Which tickets and how to group them.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// "Now" for open tickets [default: the latest ticket created].
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
    /// Parquet: the csv columns, typed (binary; needs --output FILE or a redirect).
    Parquet,
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

/// How durations are counted: wall-clock time or business time under a calendar.
#[derive(Debug, Args, Clone, Default)]
pub struct CalendarArgs {
    /// Count durations in these working hours only (in --tz), e.g. "Mon-Fri 09:00-18:00", "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00", "Mon-Fri 22:00-06:00" or "24/7".
    #[arg(long, value_name = "SPEC", help_heading = "Business time")]
    pub hours: Option<String>,

    /// Holidays (no working time): a file of YYYY-MM-DD[, name] lines, added to the calendar in use.
    #[arg(long, value_name = "FILE", help_heading = "Business time")]
    pub holidays: Option<String>,

    /// Use the calendar [calendars.NAME] of supportctl.toml for every ticket.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "hours",
        help_heading = "Business time"
    )]
    pub calendar: Option<String>,

    /// Business time (the default when a calendar is configured; an error without one).
    #[arg(long, help_heading = "Business time")]
    pub business: bool,

    /// Wall-clock time, even when a calendar is configured.
    #[arg(long, conflicts_with_all = ["business", "hours", "holidays", "calendar"], help_heading = "Business time")]
    pub calendar_time: bool,
}

/// `supportctl response`.
#[derive(Debug, Args)]
pub struct ResponseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// First-response targets per priority, changing only those named (e.g. high=2h); `*=8h` for every other priority, `low=none` to drop one, `none` for no SLA.
    #[arg(long, value_name = "TARGETS")]
    pub sla: Option<String>,

    /// Show the FRT distribution (0-1h, 1-4h, 4-8h, 8-24h, 24h+) instead of the statistics.
    #[arg(long)]
    pub buckets: bool,

    #[command(flatten)]
    pub calendar: CalendarArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl presets`.
#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Show one preset in detail.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

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

    #[command(flatten)]
    pub answers: ScaleArgs,

    /// How many surveys were sent in the period; the response rate is then answers / surveys sent (ungrouped only).
    #[arg(long, value_name = "N")]
    pub invited: Option<u64>,

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

/// `supportctl peak`.
#[derive(Debug, Args)]
pub struct PeakArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub peak: PeakChoiceArgs,

    /// Show the 168 hour slots (arrivals per week, FRT, peak) instead of the summary.
    #[arg(long)]
    pub heatmap: bool,

    #[command(flatten)]
    pub calendar: CalendarArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl workload`.
#[derive(Debug, Args)]
pub struct WorkloadArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Agents further than this percentage from the group's mean count as above or below it [default: 25].
    #[arg(long, value_name = "PCT")]
    pub margin: Option<f64>,

    /// Show the balance summary (one row per group) instead of the agents.
    #[arg(long)]
    pub balance: bool,

    #[command(flatten)]
    pub answers: ScaleArgs,

    #[command(flatten)]
    pub calendar: CalendarArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl daily`.
#[derive(Debug, Args)]
pub struct DailyArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
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

    /// Write tickets.csv (or tickets.parquet with --format parquet), surveys.csv, scorecard.csv
    /// and criteria.csv into DIR (created if missing) instead of the tickets to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// File format of the tickets.
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

/// File format of generated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DataFormat {
    /// CSV with the canonical header.
    #[default]
    Csv,
    /// Parquet: the same columns, timestamps typed (binary; needs --out-dir or a redirect).
    Parquet,
}

/// `supportctl scorecard`.
#[derive(Debug, Args)]
pub struct ScorecardArgs {
    /// What to compute.
    #[command(subcommand)]
    pub command: ScorecardCommand,
}

/// The scorecard's subcommands.
#[derive(Debug, Subcommand)]
pub enum ScorecardCommand {
    /// Each employee's score per ISO week: meetings, score, maximum, percent.
    #[command(
        long_about = "Each employee's score per ISO week. A meeting's score is the sum of its \
                      criterion points, its maximum the sum of those criteria's maximum points; \
                      the week's score is the mean of its meetings' scores, and \
                      score_pct = score / max_possible × 100. Weeks without a meeting have no row.",
        after_help = "Examples:\n  \
                      supportctl scorecard weekly --data testdata/demo\n  \
                      supportctl scorecard weekly --scorecard sheet.csv --criteria criteria.csv --format csv\n  \
                      supportctl scorecard weekly --data testdata/demo --employee \"Ivan Sokolov\" --last-weeks 4"
    )]
    Weekly(ScorecardWeeklyArgs),

    /// One row per employee: first, last, min and max score, slope, p-value, trend and verdict.
    #[command(
        long_about = "The trend of each employee's weekly scores. The slope is Theil–Sen's: the \
                      median of the slopes between every two scored weeks, in points per week; \
                      weeks without a meeting are gaps, not zeros. mk_p_value is Mann–Kendall's \
                      two-sided p-value for a monotonic trend.\n\n\
                      trend: insufficient with fewer than --min-weeks scored weeks (3); improving \
                      when the slope is at least --slope-threshold percent of the maximum score \
                      per week (1); declining when it is at most minus that; stable otherwise.\n\
                      verdict: escalate when declining (the falling trend calls for a decision); \
                      end-monitoring when improving with the last two weeks at or above --target \
                      percent of the maximum (80); continue otherwise; insufficient without \
                      enough weeks.\n\n\
                      In a terminal the table also draws the weekly scores as a sparkline (· for a \
                      week without a meeting) and spells the verdict out.",
        after_help = "Examples:\n  \
                      supportctl scorecard trend --data testdata/demo\n  \
                      supportctl scorecard trend --data testdata/demo --format csv\n  \
                      supportctl scorecard trend --scorecard sheet.csv --target 75 --min-weeks 4\n  \
                      supportctl scorecard trend --data testdata/demo --slope-threshold 2 --format markdown"
    )]
    Trend(ScorecardTrendArgs),

    /// One employee's points by criterion and week, the biggest recent loss first.
    #[command(
        long_about = "One employee's points for each criterion, week by week (the mean of the \
                      week's meetings), and the points lost (max_points − points) averaged over \
                      the last --loss-weeks scored weeks (4): the criterion losing the most comes \
                      first. This is what the employee should work on.",
        after_help = "Examples:\n  \
                      supportctl scorecard show \"Ivan Sokolov\" --data testdata/demo\n  \
                      supportctl scorecard show \"Анна Петрова\" --scorecard sheet.csv --loss-weeks 2\n  \
                      supportctl scorecard show \"Ivan Sokolov\" --data testdata/demo --format csv"
    )]
    Show(ScorecardShowArgs),

    /// The blank sheet for the next meeting: one row per employee, one column per criterion.
    #[command(
        long_about = "Prints the sheet for the next meeting in the wide form: employee, date, one \
                      column per criterion, note; one row per employee scored in the period (or \
                      the --employee names, new ones included). Fill it in, append it to the \
                      scorecard, and the other commands read it. With --with-last each row \
                      carries the points of the employee's last scored week, for reference. CSV \
                      by default.",
        after_help = "Examples:\n  \
                      supportctl scorecard template --data testdata/demo > next.csv\n  \
                      supportctl scorecard template --data testdata/demo --with-last --date 2024-03-26\n  \
                      supportctl scorecard template --criteria criteria.csv --employee \"Анна Петрова\""
    )]
    Template(ScorecardTemplateArgs),
}

/// Which meetings and employees a scorecard command looks at.
#[derive(Debug, Args, Clone, Default)]
pub struct ScorecardFilterArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// Only this employee (repeatable); matched exactly, then ignoring case.
    #[arg(long, value_name = "NAME", help_heading = "Filters")]
    pub employee: Vec<String>,
}

/// The thresholds of the trend and the verdict.
#[derive(Debug, Args, Clone, Default)]
pub struct ThresholdArgs {
    /// Smallest slope that counts as a trend, in percent of the maximum score per week [default: 1].
    #[arg(long, value_name = "PCT", help_heading = "Trend")]
    pub slope_threshold: Option<f64>,

    /// Score (percent of the maximum) the last two weeks must reach to end monitoring [default: 80].
    #[arg(long, value_name = "PCT", help_heading = "Trend")]
    pub target: Option<f64>,

    /// Scored weeks needed for a trend (at least 2) [default: 3].
    #[arg(long, value_name = "N", help_heading = "Trend")]
    pub min_weeks: Option<usize>,
}

/// `supportctl scorecard weekly`.
#[derive(Debug, Args)]
pub struct ScorecardWeeklyArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: ScorecardFilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl scorecard trend`.
#[derive(Debug, Args)]
pub struct ScorecardTrendArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: ScorecardFilterArgs,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl scorecard show`.
#[derive(Debug, Args)]
pub struct ScorecardShowArgs {
    /// The employee, as named in the scorecard (case does not matter).
    #[arg(value_name = "EMPLOYEE")]
    pub employee: String,

    /// Average the points lost over this many of the latest scored weeks [default: 4].
    #[arg(long, value_name = "N")]
    pub loss_weeks: Option<usize>,

    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `supportctl scorecard template`.
#[derive(Debug, Args)]
pub struct ScorecardTemplateArgs {
    /// Fill each row with the points of the employee's last scored week, for reference.
    #[arg(long)]
    pub with_last: bool,

    /// The date to write in every row (YYYY-MM-DD) [default: left blank].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub filter: ScorecardFilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "csv", help_heading = "Output")]
    pub format: Format,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(args: &[&str]) -> bool {
        let cli = Cli::try_parse_from(std::iter::once("supportctl").chain(args.iter().copied()))
            .expect("a valid command line");
        cli.command.writes_binary_to_stdout()
    }

    #[test]
    fn parquet_to_stdout_is_known_for_every_command() {
        for command in [
            &["response"][..],
            &["csat"][..],
            &["nps"][..],
            &["validate"][..],
            &["scorecard", "weekly"][..],
            &["scorecard", "trend"][..],
            &["scorecard", "show", "Ivan Sokolov"][..],
            &["scorecard", "template"][..],
            &["workload"][..],
            &["daily"][..],
        ] {
            let mut args = command.to_vec();
            assert!(!binary(&args), "{command:?}");
            args.extend(["--format", "parquet"]);
            assert!(binary(&args), "{command:?}");
            args.extend(["--output", "out.parquet"]);
            assert!(!binary(&args), "{command:?}");
        }
        assert!(binary(&["generate", "--format", "parquet"]));
        assert!(!binary(&[
            "generate",
            "--format",
            "parquet",
            "--out-dir",
            "lake"
        ]));
        assert!(!binary(&["generate"]));
    }
}

/// `supportctl report`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One ISO week: volume, response, satisfaction, peak, team, people and what needs attention.
    #[command(
        long_about = "The weekly report of one ISO week (by default the last complete week in the \
                      data): tickets created, resolved and open; response times and SLA; CSAT \
                      and NPS; the peak hours and the wait at peak; per-agent workload; the \
                      scorecard trends; and, last, the alerts that call for attention. Every \
                      headline figure comes with the previous week's value, the change and a \
                      sparkline of the last weeks.\n\n\
                      Inputs are all optional: a section whose input is missing says what to \
                      provide. --data DIR picks up tickets.csv, surveys.csv, scorecard.csv, \
                      criteria.csv and daily.csv. Settings (SLA targets, CSAT scale, peak, \
                      scorecard and alert thresholds) come from supportctl.toml (`supportctl \
                      init` writes one); flags override it.\n\n\
                      Formats: table (the terminal screen), markdown (for the team chat), json \
                      (the whole report, versioned by schema_version) and html (one \
                      self-contained page with charts, for the director).",
        after_help = "Examples:\n  \
                      supportctl report weekly --data testdata/demo\n  \
                      supportctl report weekly --data testdata/demo --week 2024-W10\n  \
                      supportctl report weekly --data testdata/demo --format markdown > week.md\n  \
                      supportctl report weekly --data testdata/demo --format html --output week.html\n  \
                      supportctl report weekly --tickets zendesk.csv --preset zendesk --format json\n  \
                      supportctl report weekly --data exports/ --sla urgent=30m,high=2h --scale 1-5\n  \
                      supportctl report weekly --data testdata/demo --hours \"Mon-Fri 09:00-18:00\" (business time)"
    )]
    Weekly(WeeklyArgs),
}

/// How the weekly report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ReportFormat {
    /// The terminal screen: aligned sections, arrows for changes, sparklines.
    #[default]
    Table,
    /// Markdown, for chats and wikis.
    Markdown,
    /// The whole report as JSON (see schema_version).
    Json,
    /// One self-contained HTML page with charts.
    Html,
}

/// `supportctl report weekly`.
#[derive(Debug, Args)]
pub struct WeeklyArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The ISO week to report, e.g. 2024-W12 [default: the last complete week in the data].
    #[arg(long, value_name = "WEEK", help_heading = "Filters")]
    pub week: Option<String>,

    /// "Now" for open tickets [default: the latest ticket created, or answer submitted].
    #[arg(long, value_name = "TIMESTAMP", help_heading = "Filters")]
    pub as_of: Option<String>,

    /// How many weeks of history the changes and sparklines cover, the report week included.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(2..=52), help_heading = "Filters")]
    pub history: u32,

    /// First-response targets per priority, changing only those named (e.g. high=2h); `*=8h` for every other priority.
    #[arg(long, value_name = "TARGETS", help_heading = "Settings")]
    pub sla: Option<String>,

    #[command(flatten)]
    pub answers: ScaleArgs,

    #[command(flatten)]
    pub peak: PeakChoiceArgs,

    #[command(flatten)]
    pub calendar: CalendarArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: ReportFormat,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

/// `supportctl init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template; `-` writes it to stdout.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        default_value = "supportctl.toml"
    )]
    pub output: PathBuf,

    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}
