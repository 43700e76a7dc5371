//! The harness: a temporary working directory per test, the binary run in it, and readers for
//! its csv and json output.

use std::ffi::OsStr;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_supportctl");

/// The machine columns of `response` after the group columns (docs/metrics.md), in order.
pub const RESPONSE_COLUMNS: [&str; 18] = [
    "tickets",
    "responded",
    "unresponded",
    "invalid_order",
    "frt_mean_s",
    "frt_median_s",
    "frt_p90_s",
    "frt_p95_s",
    "frt_max_s",
    "resolved",
    "res_mean_s",
    "res_median_s",
    "res_p90_s",
    "sla_met",
    "sla_breached",
    "sla_pending",
    "sla_met_pct",
    "time_basis",
];

/// The machine columns of `csat` after the group columns (docs/metrics.md), in order.
pub const CSAT_COLUMNS: [&str; 7] = [
    "csat_responses",
    "csat_satisfied",
    "csat_pct",
    "csat_ci_low_pct",
    "csat_ci_high_pct",
    "csat_mean",
    "response_rate_pct",
];

/// The machine columns of `nps` after the group columns (docs/metrics.md, and the response rate), in
/// order.
pub const NPS_COLUMNS: [&str; 9] = [
    "nps_responses",
    "promoters",
    "passives",
    "detractors",
    "promoters_pct",
    "detractors_pct",
    "nps",
    "nps_moe",
    "response_rate_pct",
];

/// `testdata/` at the workspace root (canonical, so messages quote a clean path).
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .canonicalize()
        .expect("testdata/ exists at the workspace root")
}

/// The bundled demo data set.
pub fn demo() -> PathBuf {
    testdata().join("demo")
}

/// The one warning every run on the demo data prints: two generated tickets carry a first
/// response before creation (the generator plants ~0.1 % of them on purpose).
pub fn demo_warning() -> String {
    format!(
        "warning: {}: 2 rows with a first response or resolution before creation; those durations \
         are left out and counted as invalid_order (line 1753, 3653)\n",
        demo().join("tickets.csv").display()
    )
}

/// A fresh temporary working directory; removed when dropped.
#[derive(Debug)]
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// An empty directory.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::Builder::new()
                .prefix("supportctl-test-")
                .tempdir()
                .expect("a temporary directory"),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` (relative to the directory) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent folders");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    /// The bytes of `name`.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// The names in the directory, sorted (hidden files included).
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .expect("list the sandbox")
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// The binary with `args`, in this directory, with the test environment set.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "120")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("SUPPORTCTL_TIMINGS")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE");
        command
    }

    /// Runs the binary with `args` and nothing on stdin.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command(args);
        command.stdin(Stdio::null());
        Run::from_command(command, None)
    }

    /// Runs the binary with `args`, nothing on stdin, and the variables `env` set over the test
    /// environment.
    pub fn run_env<I, S>(&self, args: I, env: &[(&str, &str)]) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command(args);
        command.envs(env.iter().copied()).stdin(Stdio::null());
        Run::from_command(command, None)
    }

    /// Runs the binary with `args` and `stdin` on its standard input.
    pub fn run_stdin<I, S>(&self, args: I, stdin: &[u8]) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Run::from_command(self.command(args), Some(stdin))
    }
}

/// The outcome of one run.
pub struct Run {
    /// The command line, for messages.
    pub line: String,
    /// The exit code.
    pub code: i32,
    /// Standard output, as bytes.
    pub stdout: Vec<u8>,
    /// Standard error, as text.
    pub stderr: String,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stdout = String::from_utf8_lossy(&self.stdout);
        let shown: String = stdout.chars().take(3000).collect();
        write!(
            f,
            "`{}` exited with {}\n--- stdout ({} bytes) ---\n{shown}\n--- stderr ---\n{}",
            self.line,
            self.code,
            self.stdout.len(),
            self.stderr
        )
    }
}

impl Run {
    fn from_command(mut command: Command, stdin: Option<&[u8]>) -> Run {
        let line = std::iter::once("supportctl".to_owned())
            .chain(command.get_args().map(|a| a.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        let output: Output = match stdin {
            None => command.output().expect("run supportctl"),
            Some(bytes) => {
                command
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                let mut child = command.spawn().expect("spawn supportctl");
                let mut pipe = child.stdin.take().expect("stdin is piped");
                let bytes = bytes.to_vec();
                // Feed stdin from a thread so a large input cannot deadlock against the output.
                let feeder = std::thread::spawn(move || {
                    let _ = pipe.write_all(&bytes);
                });
                let output = child.wait_with_output().expect("wait for supportctl");
                feeder.join().expect("stdin feeder");
                output
            }
        };
        let run = Run {
            line,
            code: output
                .status
                .code()
                .unwrap_or_else(|| panic!("supportctl was killed by a signal: {output:?}")),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "supportctl panicked: {run:?}"
        );
        run
    }

    /// Standard output as text.
    pub fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout)
            .unwrap_or_else(|_| panic!("stdout is not UTF-8: {self:?}"))
    }

    /// Asserts the exit code.
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, expected, "unexpected exit code: {self:?}");
        self
    }

    /// Asserts exit code 0.
    pub fn success(&self) -> &Run {
        self.code(0)
    }

    /// Asserts that standard error contains every one of `needles`.
    pub fn stderr_has(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}: {self:?}"
            );
        }
        self
    }

    /// Asserts that standard error is exactly `expected`.
    pub fn stderr_is(&self, expected: &str) -> &Run {
        assert_eq!(self.stderr, expected, "unexpected stderr: {self:?}");
        self
    }

    /// Asserts that nothing was written to standard output.
    pub fn no_stdout(&self) -> &Run {
        assert!(self.stdout.is_empty(), "stdout is not empty: {self:?}");
        self
    }

    /// Standard output read as CSV.
    pub fn csv(&self) -> Csv {
        Csv::parse(self.stdout())
    }

    /// Standard output read as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

/// A CSV text: its header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Csv {
    /// The header.
    pub header: Vec<String>,
    /// The data rows.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Parses `text` (header required).
    pub fn parse(text: &str) -> Csv {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records().map(|r| {
            r.unwrap_or_else(|e| panic!("not valid CSV ({e}):\n{text}"))
                .iter()
                .map(str::to_owned)
                .collect::<Vec<String>>()
        });
        let header = records
            .next()
            .unwrap_or_else(|| panic!("no CSV header in:\n{text}"));
        Csv {
            header,
            rows: records.collect(),
        }
    }

    /// The index of column `name`.
    pub fn index(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.header))
    }

    /// The cell of `row` in column `name`.
    pub fn get(&self, row: usize, name: &str) -> &str {
        &self.rows[row][self.index(name)]
    }

    /// The cells of `row` in the comma-separated `columns`, joined with commas: a compact way
    /// to assert several figures at once.
    pub fn pick(&self, row: usize, columns: &str) -> String {
        columns
            .split(',')
            .map(|c| self.get(row, c.trim()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Column `name` of every row, as integers (an empty cell is an error).
    pub fn ints(&self, name: &str) -> Vec<u64> {
        let i = self.index(name);
        self.rows
            .iter()
            .map(|r| {
                r[i].parse()
                    .unwrap_or_else(|_| panic!("{name} = {:?} is not an integer", r[i]))
            })
            .collect()
    }

    /// The sum of integer column `name`.
    pub fn sum(&self, name: &str) -> u64 {
        self.ints(name).iter().sum()
    }

    /// Each row joined with commas (unquoted), for whole-table assertions.
    pub fn lines(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.join(",")).collect()
    }
}
