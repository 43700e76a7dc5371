//! The bad-input corpus (`testdata/bad/`) and the usage errors: exit codes, messages that point
//! at the problem and say how to fix it, and nothing on stdout when the run fails.

use std::path::{Path, PathBuf};

use crate::support::{RESPONSE_COLUMNS, Run, Sandbox, demo, testdata};

/// One corpus case: a CSV and what its `.expected` file says.
#[derive(Debug)]
struct Case {
    csv: PathBuf,
    code: i32,
    /// The command line from an `args:` line, `{}` standing for the file and `{dir}` for the
    /// corpus folder; `None` for a tickets
    /// export read by `response --tickets {} --format csv` (and by `validate`).
    args: Option<Vec<String>>,
    needles: Vec<String>,
}

impl Case {
    fn command_line(&self, file: &str) -> Vec<String> {
        match &self.args {
            // `{dir}` is the corpus folder, for a second file a case needs (e.g. criteria).
            Some(args) => args
                .iter()
                .map(|a| {
                    a.replace("{}", file)
                        .replace("{dir}", &testdata().join("bad").display().to_string())
                })
                .collect(),
            None => ["response", "--tickets", file, "--format", "csv"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

fn cases() -> Vec<Case> {
    let dir = testdata().join("bad");
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/bad exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    csvs.sort();
    assert!(csvs.len() >= 12, "the corpus shrank: {csvs:?}");
    csvs.into_iter()
        .map(|csv| {
            let expected = csv.with_extension("expected");
            let text = std::fs::read_to_string(&expected).unwrap_or_else(|e| {
                panic!(
                    "{} has no readable {} ({e}): every corpus case needs one",
                    csv.display(),
                    expected.display()
                )
            });
            let mut lines = text.lines();
            let code = lines
                .next()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or_else(|| panic!("{}: line 1 must be the exit code", expected.display()));
            let mut args = None;
            let needles = lines
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| match l.strip_prefix("args:") {
                    Some(rest) => {
                        args = Some(rest.split_whitespace().map(str::to_owned).collect());
                        None
                    }
                    None => Some(l.to_owned()),
                })
                .collect();
            Case {
                csv,
                code,
                args,
                needles,
            }
        })
        .collect()
}

fn run_case(command: &str, csv: &Path) -> Run {
    let sandbox = Sandbox::new();
    let path = csv.display().to_string();
    sandbox.run([command, "--tickets", &path, "--format", "csv"])
}

#[test]
fn corpus() {
    let mut failures = Vec::new();
    for case in cases() {
        let run = Sandbox::new().run(case.command_line(&case.csv.display().to_string()));
        let mut problems = Vec::new();
        if run.code != case.code {
            problems.push(format!("exit code {} instead of {}", run.code, case.code));
        }
        for needle in &case.needles {
            if !run.stderr.contains(needle.as_str()) {
                problems.push(format!("stderr lacks {needle:?}"));
            }
        }
        if matches!(run.code, 2 | 3) && !run.stdout.is_empty() {
            problems.push("stdout is not empty after a failure".to_owned());
        }
        if run.code == 0
            && !run
                .stderr
                .lines()
                .all(|l| l.starts_with("warning: ") || l.starts_with("note: "))
        {
            problems.push(
                "a successful run printed something other than warnings and notes".to_owned(),
            );
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{run:?}",
                case.csv.display(),
                problems.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn corpus_validate_agrees_on_the_exit_code() {
    for case in cases().into_iter().filter(|c| c.args.is_none()) {
        let run = run_case("validate", &case.csv);
        assert_eq!(
            run.code, case.code,
            "validate disagrees with response: {run:?}"
        );
    }
}

#[test]
fn corpus_errors_are_the_same_from_stdin() {
    // The same bytes through `--tickets -` give the same exit code and the same message, with
    // `<stdin>` in place of the file name.
    for case in cases() {
        let bytes = std::fs::read(&case.csv).expect("read the case");
        let sandbox = Sandbox::new();
        let run = sandbox.run_stdin(case.command_line("-"), &bytes);
        let name = case.csv.display().to_string();
        let from_file = Sandbox::new().run(case.command_line(&name));
        assert_eq!(run.code, case.code, "{run:?}");
        assert_eq!(
            run.stderr,
            from_file.stderr.replace(&name, "<stdin>"),
            "{run:?}"
        );
    }
}

fn bad(name: &str) -> String {
    testdata().join("bad").join(name).display().to_string()
}

#[test]
fn response_before_creation_is_counted_in_the_output() {
    let sandbox = Sandbox::new();
    let run = sandbox.run([
        "response",
        "--tickets",
        &bad("response_before_creation.csv"),
        "--format",
        "csv",
    ]);
    run.success();
    // T-1: FRT 1800, resolution 7200. T-2: reply an hour before creation (dropped), resolution
    // 7200. T-3: FRT 600, resolution half an hour before creation (dropped). T-4: FRT 1200.
    // responded 3, invalid_order 2; FRTs 600, 1200, 1800: mean = median = 1200,
    // p90 rank 1.8 → 1200 + 0.8·600 = 1680, p95 rank 1.9 → 1740, max 1800; resolved 2 (7200 each).
    assert_eq!(
        run.csv().lines(),
        ["4,3,0,2,1200,1200,1680,1740,1800,2,7200,7200,7200,0,0,0,,calendar"]
    );
}

#[test]
fn empty_inputs_give_an_empty_grouped_result() {
    for name in ["empty_file.csv", "header_only.csv"] {
        let sandbox = Sandbox::new();
        let run = sandbox.run([
            "response",
            "--tickets",
            &bad(name),
            "--by",
            "week",
            "--format",
            "csv",
        ]);
        run.success().stderr_is("");
        assert_eq!(
            run.stdout(),
            format!("week,{}\n", RESPONSE_COLUMNS.join(",")),
            "{name}"
        );
        let run = sandbox.run([
            "response",
            "--tickets",
            &bad(name),
            "--by",
            "week",
            "--format",
            "json",
        ]);
        assert_eq!(run.success().stdout(), "[]\n", "{name}");
    }
}

#[test]
fn empty_inputs_give_the_header_only() {
    for name in ["empty_file.csv", "header_only.csv"] {
        let sandbox = Sandbox::new();
        let run = sandbox.run(["response", "--tickets", &bad(name), "--format", "csv"]);
        assert_eq!(
            run.success().stdout(),
            format!("{}\n", RESPONSE_COLUMNS.join(",")),
            "{name}"
        );
    }
}

#[test]
fn an_unclosed_quote_at_the_end_is_an_error() {
    let sandbox = Sandbox::new();
    // Line 3 opens a quote that is never closed: read naively, lines 3–4 are one record with the
    // right number of fields, and ticket T-3 would vanish without a word.
    sandbox.write(
        "t.csv",
        "id,created_at,agent\n\
         T-1,2024-03-18 10:00,Anna\n\
         T-2,2024-03-18 11:00,\"Ivan\n\
         T-3,2024-03-18 12:00,Olga\n",
    );
    sandbox
        .run(["response", "--tickets", "t.csv", "--format", "csv"])
        .code(3)
        .no_stdout()
        .stderr_has(&["t.csv, line 3", "quote"]);
}

#[test]
fn a_missing_input_file_fails_without_output() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["response", "--tickets", "nowhere.csv"])
        .code(1)
        .no_stdout()
        .stderr_has(&["nowhere.csv", "No such file or directory"]);
    sandbox
        .run(["response", "--data", "no-such-folder"])
        .code(1)
        .no_stdout()
        .stderr_has(&["no-such-folder/tickets.csv"]);
}

#[test]
fn a_missing_input_file_names_the_os_error_once() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(["response", "--tickets", "nowhere.csv"]);
    assert_eq!(
        run.stderr.matches("No such file or directory").count(),
        1,
        "{run:?}"
    );
}

/// A usage error: arguments after `response --data testdata/demo`, and what stderr must say.
struct Usage {
    args: &'static [&'static str],
    needles: &'static [&'static str],
}

const USAGE_ERRORS: &[Usage] = &[
    Usage {
        args: &["--by", "colour"],
        needles: &[
            "--by",
            "\"colour\"",
            "agent, team, channel, priority, site, week, day, month",
        ],
    },
    Usage {
        args: &["--by", "agent,agent"],
        needles: &["--by", "`agent` is given twice"],
    },
    Usage {
        args: &["--sla", "urgent=1x"],
        needles: &[
            "--sla",
            "\"urgent=1x\"",
            "`1x` is not a duration",
            "30m, 8h",
        ],
    },
    Usage {
        args: &["--sla", "urgent"],
        needles: &["--sla", "PRIORITY=DURATION", "urgent=1h"],
    },
    Usage {
        args: &["--tz", "Europe/Moskow"],
        needles: &["--tz", "\"Europe/Moskow\"", "closest: Europe/Moscow"],
    },
    Usage {
        args: &["--week", "2024-12"],
        needles: &["--week", "\"2024-12\"", "2024-W12"],
    },
    Usage {
        args: &["--week", "2024-W54"],
        needles: &["--week", "2024 has no ISO week 54"],
    },
    Usage {
        args: &["--from", "2024-03-01", "--to", "2024-02-01"],
        needles: &["--to", "must be after --from 2024-03-01"],
    },
    Usage {
        args: &["--from", "2024-03-01", "--to", "2024-03-01"],
        needles: &["--to", "must be after --from 2024-03-01", "exclusive"],
    },
    Usage {
        args: &["--from", "01.03.2024"],
        needles: &["--from", "\"01.03.2024\"", "YYYY-MM-DD"],
    },
    Usage {
        args: &["--as-of", "tomorrow"],
        needles: &["--as-of", "\"tomorrow\"", "2024-03-25 09:00"],
    },
    Usage {
        args: &["--last-weeks", "0"],
        needles: &["--last-weeks", "at least 1"],
    },
    Usage {
        args: &["--week", "2024-W05", "--from", "2024-01-01"],
        needles: &["--week", "--from", "cannot be used with"],
    },
    Usage {
        args: &["--dayfirst", "--monthfirst"],
        needles: &["--dayfirst", "--monthfirst", "cannot be used with"],
    },
    Usage {
        args: &["--format", "xml"],
        needles: &["'xml'", "--format", "table, csv, json, markdown"],
    },
    Usage {
        args: &["--map", "created=Created"],
        needles: &[
            "--map",
            "`created` is not a column supportctl reads",
            "created_at",
        ],
    },
    Usage {
        args: &["--map", "created_at"],
        needles: &["--map", "CANONICAL=HEADER"],
    },
    Usage {
        args: &["--delimiter", "x"],
        needles: &["--delimiter", "'x'"],
    },
    Usage {
        args: &["--time-format", "%Q"],
        needles: &["--time-format", "%Q"],
    },
    Usage {
        args: &["--colour"],
        needles: &["--colour"],
    },
];

#[test]
fn usage_errors_exit_2_with_a_way_out() {
    let data = demo().display().to_string();
    let mut failures = Vec::new();
    for usage in USAGE_ERRORS {
        let sandbox = Sandbox::new();
        let mut args = vec!["response", "--data", &data, "--format", "csv"];
        if usage.args.contains(&"--format") {
            args.truncate(3);
        }
        args.extend(usage.args);
        let run = sandbox.run(&args);
        let missing: Vec<&&str> = usage
            .needles
            .iter()
            .filter(|n| !run.stderr.contains(**n))
            .collect();
        if run.code != 2 || !run.stdout.is_empty() || !missing.is_empty() {
            failures.push(format!("{:?}: missing {missing:?}\n{run:?}", usage.args));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_input_at_all_is_a_usage_error() {
    Sandbox::new()
        .run(["response"])
        .code(2)
        .no_stdout()
        .stderr_has(&["no tickets given", "--tickets", "--data"]);
}

#[test]
fn an_unknown_mapped_header_is_invalid_input_naming_the_header() {
    // The mapping itself is fine; the file has no such header: that is the data's problem.
    let sandbox = Sandbox::new();
    sandbox.write("t.csv", "id,Created\nT-1,2024-03-18 10:00\n");
    sandbox
        .run([
            "response",
            "--tickets",
            "t.csv",
            "--map",
            "created_at=Creation time",
        ])
        .code(3)
        .no_stdout()
        .stderr_has(&["Creation time", "created_at", "`id`, `Created`"]);
}
