//! Where the data goes: `--output FILE` (atomic, never an input), `/dev/stdout`, stdin as input,
//! and a reader that closes the pipe early.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use crate::support::{Sandbox, demo, demo_warning, testdata};

fn demo_dir() -> String {
    demo().display().to_string()
}

#[test]
fn output_file_has_the_same_bytes_as_stdout() {
    for format in ["csv", "json", "table", "markdown"] {
        let sandbox = Sandbox::new();
        let data = demo_dir();
        let args = [
            "response",
            "--data",
            &data,
            "--by",
            "agent,week",
            "--format",
            format,
        ];
        let to_stdout = sandbox.run(args);
        to_stdout.success();
        let mut with_output = args.to_vec();
        with_output.extend(["--output", "result.out"]);
        let to_file = sandbox.run(&with_output);
        to_file.success().no_stdout().stderr_is(&demo_warning());
        assert!(
            sandbox.read("result.out") == to_stdout.stdout,
            "{format}: --output differs from stdout"
        );
        // Nothing else is left in the folder (no temporary file).
        assert_eq!(sandbox.entries(), ["result.out"], "{format}");
    }
}

#[test]
fn output_replaces_an_existing_file_whole() {
    let sandbox = Sandbox::new();
    sandbox.write("result.csv", "x".repeat(100_000));
    let data = demo_dir();
    let run = sandbox.run([
        "response",
        "--data",
        &data,
        "--format",
        "csv",
        "-o",
        "result.csv",
    ]);
    run.success();
    let written = String::from_utf8(sandbox.read("result.csv")).expect("utf-8");
    // The ungrouped csv is a header and one row; nothing of the old content survives.
    assert_eq!(written.lines().count(), 2, "{written}");
    assert!(written.starts_with("tickets,responded,"), "{written}");
}

#[test]
fn a_failed_run_leaves_no_file_behind() {
    let sandbox = Sandbox::new();
    let bad = testdata().join("bad/unreadable_timestamp.csv");
    let bad = bad.display().to_string();
    sandbox
        .run([
            "response",
            "--tickets",
            &bad,
            "--format",
            "csv",
            "--output",
            "result.csv",
        ])
        .code(3)
        .no_stdout();
    assert!(
        sandbox.entries().is_empty(),
        "left behind: {:?}",
        sandbox.entries()
    );
}

#[test]
fn a_failed_run_does_not_touch_an_existing_file() {
    let sandbox = Sandbox::new();
    let previous = b"week,tickets\n2024-W01,441\n";
    sandbox.write("result.csv", previous);
    let modified = std::fs::metadata(sandbox.join("result.csv"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let bad = testdata().join("bad/duplicate_id.csv");
    let bad = bad.display().to_string();
    sandbox
        .run([
            "response",
            "--tickets",
            &bad,
            "--format",
            "csv",
            "--output",
            "result.csv",
        ])
        .code(3);
    assert_eq!(sandbox.read("result.csv"), previous);
    assert_eq!(
        std::fs::metadata(sandbox.join("result.csv"))
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    assert_eq!(sandbox.entries(), ["result.csv"]);
}

#[test]
#[cfg(unix)]
fn output_never_overwrites_an_input() {
    let sandbox = Sandbox::new();
    let original = std::fs::read(demo().join("tickets.csv")).expect("demo tickets");
    sandbox.write("export/tickets.csv", &original);
    // The same file named directly, through another spelling, through --data, and through a
    // symbolic link.
    std::os::unix::fs::symlink("export/tickets.csv", sandbox.join("link.csv")).expect("symlink");
    let cases: [&[&str]; 4] = [
        &[
            "--tickets",
            "export/tickets.csv",
            "--output",
            "export/tickets.csv",
        ],
        &[
            "--tickets",
            "export/tickets.csv",
            "--output",
            "./export/../export/tickets.csv",
        ],
        &["--data", "export", "--output", "export/tickets.csv"],
        &["--tickets", "export/tickets.csv", "--output", "link.csv"],
    ];
    for case in cases {
        let mut args = vec!["response", "--format", "csv"];
        args.extend(case);
        sandbox
            .run(&args)
            .code(2)
            .no_stdout()
            .stderr_has(&["is one of the inputs", "choose another file"]);
        assert!(
            sandbox.read("export/tickets.csv") == original,
            "{case:?} changed the input"
        );
    }
    // The link is still a link.
    assert!(
        std::fs::symlink_metadata(sandbox.join("link.csv"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    // validate refuses too.
    sandbox
        .run([
            "validate",
            "--tickets",
            "export/tickets.csv",
            "--output",
            "export/tickets.csv",
        ])
        .code(2);
    assert!(sandbox.read("export/tickets.csv") == original);
}

#[test]
fn output_to_a_folder_is_refused() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.join("out")).expect("mkdir");
    let data = demo_dir();
    sandbox
        .run(["response", "--data", &data, "--output", "out"])
        .code(2)
        .no_stdout()
        .stderr_has(&["--output", "out is a folder", "name a file"]);
}

#[test]
#[cfg(unix)]
fn output_to_dev_stdout_writes_to_the_pipe() {
    // stdout is a pipe here: /dev/stdout is written in place, not replaced.
    let sandbox = Sandbox::new();
    let data = demo_dir();
    let plain = sandbox.run([
        "response", "--data", &data, "--by", "week", "--format", "csv",
    ]);
    let direct = sandbox.run([
        "response",
        "--data",
        &data,
        "--by",
        "week",
        "--format",
        "csv",
        "--output",
        "/dev/stdout",
    ]);
    direct.success().stderr_is(&demo_warning());
    assert!(direct.stdout == plain.stdout, "{direct:?}");
    assert!(sandbox.entries().is_empty());
}

#[test]
#[cfg(target_os = "linux")]
fn output_through_a_link_to_stdout_redirected_to_a_file() {
    // `supportctl … --output /dev/stdout > result.csv` must fill result.csv and leave the
    // /dev/stdout link alone (a regression once replaced the link, as root, with a regular file).
    // Checked safely with a link of our own to /proc/self/fd/1, which is what /dev/stdout is.
    let sandbox = Sandbox::new();
    std::os::unix::fs::symlink("/proc/self/fd/1", sandbox.join("stdout-link")).expect("symlink");
    let captured = std::fs::File::create(sandbox.join("captured.csv")).expect("create");
    let data = demo_dir();
    let status = sandbox
        .command([
            "response",
            "--data",
            &data,
            "--format",
            "csv",
            "--output",
            "stdout-link",
        ])
        .stdout(captured)
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert!(status.success());
    assert!(
        std::fs::symlink_metadata(sandbox.join("stdout-link"))
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let written = String::from_utf8(sandbox.read("captured.csv")).expect("utf-8");
    assert!(written.starts_with("tickets,responded,"), "{written:?}");
}

#[test]
fn tickets_from_stdin_give_the_same_output_as_the_file() {
    let sandbox = Sandbox::new();
    let file = demo().join("tickets.csv");
    let bytes = std::fs::read(&file).expect("demo tickets");
    let path = file.display().to_string();
    for format in ["csv", "json", "table"] {
        let from_file = sandbox.run([
            "response",
            "--tickets",
            &path,
            "--by",
            "team,week",
            "--format",
            format,
        ]);
        let from_stdin = sandbox.run_stdin(
            [
                "response",
                "--tickets",
                "-",
                "--by",
                "team,week",
                "--format",
                format,
            ],
            &bytes,
        );
        from_stdin.success();
        assert!(from_stdin.stdout == from_file.success().stdout, "{format}");
        // The warning names the input as <stdin>.
        assert_eq!(
            from_stdin.stderr,
            from_file.stderr.replace(&path, "<stdin>")
        );
        assert!(from_stdin.stderr.starts_with("warning: <stdin>: 2 rows"));
    }
}

/// Spawns the binary with stdout piped, reads one line, closes the pipe and waits: the run must
/// succeed quietly, as `supportctl … | head -1` should.
fn read_one_line_then_close(sandbox: &Sandbox, args: &[&str]) {
    let mut child = sandbox
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).expect("read the first line");
    assert!(!first.is_empty(), "no output from {args:?}");
    drop(reader);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{args:?}: {status:?}\n{stderr}");
    let lowered = stderr.to_lowercase();
    assert!(
        !lowered.contains("pipe") && !lowered.contains("error") && !lowered.contains("panicked"),
        "{args:?} complained on stderr:\n{stderr}"
    );
}

/// 50,000 tickets over 52 weeks in `tickets.csv`: grouped by day, agent and channel the
/// response has thousands of rows (about 1 MB), far more than a pipe buffers, so the writes hit
/// the closed pipe.
const BIG_GROUPING: &str = "day,agent,channel";

fn sandbox_with_big_export() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "generate",
            "--tickets",
            "50000",
            "--weeks",
            "52",
            "--seed",
            "9",
            "--out-dir",
            ".",
        ])
        .success();
    let size = sandbox
        .run([
            "response",
            "--tickets",
            "tickets.csv",
            "--by",
            BIG_GROUPING,
            "--format",
            "csv",
        ])
        .success()
        .stdout
        .len();
    assert!(
        size > 512 * 1024,
        "the output ({size} bytes) would fit in a pipe"
    );
    sandbox
}

#[test]
fn a_closed_pipe_downstream_is_success() {
    let sandbox = sandbox_with_big_export();
    for format in ["csv", "json", "table", "markdown"] {
        read_one_line_then_close(
            &sandbox,
            &[
                "response",
                "--tickets",
                "tickets.csv",
                "--by",
                BIG_GROUPING,
                "--format",
                format,
            ],
        );
    }
    // generate streams its rows: the same holds there.
    read_one_line_then_close(&sandbox, &["generate", "--tickets", "200000"]);
}
