//! Parquet in and out: a Parquet tickets file gives the same figures as the same tickets in CSV,
//! typed timestamps keep their meaning, and `--format parquet` carries the csv columns typed.

use polars::prelude::*;

use crate::support::{Csv, RESPONSE_COLUMNS, Sandbox, demo, testdata};

/// Generates the same tickets as CSV and as Parquet into the sandbox.
fn generated(sandbox: &Sandbox) -> (String, String) {
    for (format, dir) in [("csv", "csv"), ("parquet", "parquet")] {
        sandbox
            .run([
                "generate",
                "--tickets",
                "3000",
                "--weeks",
                "6",
                "--seed",
                "11",
                "--format",
                format,
                "--out-dir",
                dir,
            ])
            .success();
    }
    let csv = sandbox.join("csv/tickets.csv").display().to_string();
    let parquet = sandbox
        .join("parquet/tickets.parquet")
        .display()
        .to_string();
    (csv, parquet)
}

#[test]
fn generated_parquet_gives_the_csv_figures() {
    let sandbox = Sandbox::new();
    let (csv, parquet) = generated(&sandbox);
    assert!(
        sandbox.read("parquet/tickets.parquet").starts_with(b"PAR1"),
        "generate --format parquet writes a Parquet file"
    );
    for by in ["agent,week", "priority", "team,channel"] {
        let from_csv = sandbox.run(["response", "--tickets", &csv, "--by", by, "--format", "csv"]);
        let from_parquet = sandbox.run([
            "response",
            "--tickets",
            &parquet,
            "--by",
            by,
            "--format",
            "csv",
        ]);
        from_csv.success();
        from_parquet.success();
        assert_eq!(from_csv.stdout(), from_parquet.stdout(), "--by {by}");
        assert!(from_csv.csv().rows.len() > 1, "--by {by} has groups");
    }
    // The warnings name the same rows (rows of the Parquet file are numbered like CSV lines
    // without the header line, so the numbers differ by one).
    let w_csv = sandbox.run(["response", "--tickets", &csv]).stderr;
    let w_parquet = sandbox.run(["response", "--tickets", &parquet]).stderr;
    assert_eq!(w_csv.lines().count(), w_parquet.lines().count());
}

#[test]
fn parquet_from_stdin_and_in_a_time_zone() {
    let sandbox = Sandbox::new();
    let (csv, parquet) = generated(&sandbox);
    let bytes = std::fs::read(&parquet).expect("read parquet");
    let args = [
        "response",
        "--tickets",
        "-",
        "--tz",
        "Asia/Tomsk",
        "--by",
        "week,day",
        "--format",
        "csv",
    ];
    let from_stdin = sandbox.run_stdin(args, &bytes);
    from_stdin.success();
    let from_csv = sandbox.run(args.map(|a| if a == "-" { csv.as_str() } else { a }));
    assert_eq!(from_stdin.stdout(), from_csv.stdout());
}

/// Runs `supportctl ARGS` with `--format csv`, then with `--format parquet` into
/// `NAME.parquet`: the csv, and the Parquet file read back.
fn csv_and_parquet(sandbox: &Sandbox, name: &str, args: &[&str]) -> (Csv, DataFrame) {
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let expected = sandbox.run(&csv_args).success().csv();
    let out = sandbox
        .join(&format!("{name}.parquet"))
        .display()
        .to_string();
    let mut parquet_args = args.to_vec();
    parquet_args.extend(["--format", "parquet", "--output", &out]);
    sandbox.run(&parquet_args).success().no_stdout();
    let frame = ParquetReader::new(std::fs::File::open(&out).expect("output exists"))
        .finish()
        .expect("a readable Parquet file");
    (expected, frame)
}

#[test]
fn response_as_parquet_has_the_csv_columns_and_values() {
    let sandbox = Sandbox::new();
    let tickets = demo().join("tickets.csv").display().to_string();
    let (expected, frame) = csv_and_parquet(
        &sandbox,
        "response",
        &["response", "--tickets", &tickets, "--by", "agent"],
    );
    assert_eq!(&expected.header[1..], RESPONSE_COLUMNS);
    assert_eq!(
        frame.column("tickets").expect("tickets").dtype(),
        &DataType::Int64
    );
    assert_eq!(
        frame.column("frt_median_s").expect("frt").dtype(),
        &DataType::Float64
    );
    assert_cells_match(&frame, &expected);
}

/// Every cell of `frame` equals the csv's, as text, column by column.
fn assert_cells_match(frame: &DataFrame, expected: &Csv) {
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, expected.header);
    assert_eq!(frame.height(), expected.rows.len());
    for (i, name) in names.iter().enumerate() {
        let column = frame.column(name).expect("column");
        for row in 0..frame.height() {
            let value = column.get(row).expect("cell");
            let text = match value {
                AnyValue::Null => String::new(),
                AnyValue::String(s) => s.to_owned(),
                AnyValue::Int64(n) => n.to_string(),
                AnyValue::Float64(v) => {
                    let r = (v * 1000.0).round() / 1000.0;
                    if r == r.trunc() {
                        format!("{}", r as i64)
                    } else {
                        format!("{r}")
                    }
                }
                other => panic!("unexpected value {other:?} in {name}"),
            };
            assert_eq!(text, expected.rows[row][i], "{name}, row {row}");
        }
    }
}

#[test]
fn csat_and_nps_as_parquet_have_the_csv_columns_typed() {
    // The columns only people see (the interval as text, the passives' share, the note on small
    // groups) stay out, as in the csv; means and NPS figures are numbers.
    let sandbox = Sandbox::new();
    let data = demo().display().to_string();
    for (command, extra, numbers) in [
        (
            "csat",
            &["--scale", "1-5"][..],
            &["csat_pct", "csat_mean"][..],
        ),
        ("nps", &[][..], &["nps", "nps_moe", "promoters_pct"][..]),
    ] {
        let mut args = vec![command, "--data", &data, "--by", "agent"];
        args.extend(extra);
        let (expected, frame) = csv_and_parquet(&sandbox, command, &args);
        for name in numbers {
            assert_eq!(
                frame.column(name).expect(name).dtype(),
                &DataType::Float64,
                "{command}: {name}"
            );
        }
        assert!(
            frame.column("note").is_err(),
            "{command}: the note is for people"
        );
        assert_cells_match(&frame, &expected);
    }
}

#[test]
fn parquet_to_a_pipe_is_written() {
    // stdout is a pipe here, so the binary output is allowed.
    let sandbox = Sandbox::new();
    let tickets = demo().join("tickets.csv").display().to_string();
    let run = sandbox.run(["response", "--tickets", &tickets, "--format", "parquet"]);
    run.success();
    assert!(run.stdout.starts_with(b"PAR1") && run.stdout.ends_with(b"PAR1"));
}

/// A Parquet export with integer ids, typed creation times, text first responses and a naive
/// typed resolution.
fn export(sandbox: &Sandbox, name: &str, first_response: &[&str]) -> String {
    let n = first_response.len();
    let created_utc: Vec<i64> = (0..n as i64)
        // 2024-03-18 07:00:00 = 1_710_745_200 s, then one hour apart, in milliseconds.
        .map(|i| (1_710_745_200 + 3600 * i) * 1000)
        .collect();
    let resolved_naive: Vec<Option<i64>> = (0..n as i64)
        // 2024-03-18 12:00:00 on the wall clock = 1_710_763_200 s since 1970 local.
        .map(|i| (i == 0).then_some(1_710_763_200 * 1000))
        .collect();
    let mut frame = DataFrame::new_infer_height(vec![
        Int64Chunked::from_vec("Ticket".into(), (1..=n as i64).collect()).into_column(),
        Int64Chunked::from_vec("created_at".into(), created_utc)
            .into_column()
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
            .expect("cast"),
        StringChunked::from_iter_values("first_response_at".into(), first_response.iter().copied())
            .into_column(),
        Int64Chunked::from_iter_options("resolved_at".into(), resolved_naive.into_iter())
            .into_column()
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
            .expect("cast"),
    ])
    .expect("frame");
    let path = sandbox.join(name);
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut frame)
        .expect("write parquet");
    std::fs::write(&path, bytes).expect("write file");
    path.display().to_string()
}

#[test]
fn typed_and_text_timestamps_in_an_export() {
    // testdata/parquet/export.parquet (its README lists the columns). Moscow is UTC+3 all year.
    // Ticket 1: created 07:00Z (typed, with a zone); first response "2024-03-18 10:30" (naive
    // text, Moscow) = 07:30Z → FRT 1800 s; resolved at the naive typed 12:00 (Moscow) = 09:00Z →
    // resolution 7200 s. Ticket 2: created 08:00Z, answered "2024-03-18 11:15" = 08:15Z → FRT
    // 900 s, not resolved.
    let sandbox = Sandbox::new();
    let file = testdata()
        .join("parquet/export.parquet")
        .display()
        .to_string();
    let run = sandbox.run([
        "response",
        "--tickets",
        &file,
        "--map",
        "id=Ticket",
        "--tz",
        "Europe/Moscow",
        "--format",
        "csv",
    ]);
    run.success();
    let csv: Csv = run.csv();
    assert_eq!(csv.get(0, "tickets"), "2");
    assert_eq!(csv.get(0, "responded"), "2");
    // mean (1800 + 900) / 2 = 1350
    assert_eq!(csv.get(0, "frt_mean_s"), "1350");
    assert_eq!(csv.get(0, "frt_max_s"), "1800");
    assert_eq!(csv.get(0, "resolved"), "1");
    assert_eq!(csv.get(0, "res_mean_s"), "7200");
    // In UTC the naive values move by 3 hours: FRT (10:30 − 07:00) = 12600 s and
    // (11:15 − 08:00) = 11700 s, mean 12150; resolution 12:00 − 07:00 = 18000 s.
    let utc = sandbox.run([
        "response",
        "--tickets",
        &file,
        "--map",
        "id=Ticket",
        "--format",
        "csv",
    ]);
    assert_eq!(utc.csv().get(0, "frt_mean_s"), "12150");
    assert_eq!(utc.csv().get(0, "res_mean_s"), "18000");
}

#[test]
fn a_bad_value_in_parquet_names_the_row_column_and_value() {
    let sandbox = Sandbox::new();
    let file = export(&sandbox, "bad.parquet", &["2024-03-18 10:30", "soon"]);
    sandbox
        .run(["response", "--tickets", &file, "--map", "id=Ticket"])
        .code(3)
        .no_stdout()
        .stderr_has(&[
            "bad.parquet, line 2",
            "first_response_at",
            "\"soon\"",
            "--time-format",
        ]);
}

#[test]
fn a_broken_parquet_file_is_invalid_input() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("broken.parquet", b"PAR1 this is not really parquet");
    let file = file.display().to_string();
    sandbox
        .run(["response", "--tickets", &file])
        .code(3)
        .no_stdout()
        .stderr_has(&["broken.parquet", "not a readable Parquet file"]);
    // validate agrees.
    sandbox.run(["validate", "--tickets", &file]).code(3);
}

#[test]
fn validate_reads_parquet() {
    let sandbox = Sandbox::new();
    let (csv, parquet) = generated(&sandbox);
    let from_parquet = sandbox.run(["validate", "--tickets", &parquet, "--format", "csv"]);
    let from_csv = sandbox.run(["validate", "--tickets", &csv, "--format", "csv"]);
    from_parquet.success();
    from_csv.success();
    // The same problems, counted the same (rows are numbered from 1, CSV lines from the header).
    let (p, c) = (from_parquet.csv(), from_csv.csv());
    assert_eq!(p.header, c.header);
    assert_eq!(p.rows.len(), c.rows.len());
    for name in ["count", "rows"] {
        if p.header.iter().any(|h| h == name) {
            assert_eq!(p.ints(name), c.ints(name), "{name}");
        }
    }
}

#[test]
fn a_categorical_column_is_read_as_its_text() {
    // A dictionary-encoded (categorical) agent column, as pandas and polars write a low-cardinality
    // string column: each ticket keeps its agent's name. Anna answers tickets 1 and 3 in 10 and
    // 30 minutes (median 20 min = 1200 s), Boris ticket 2 in 20 minutes (1200 s).
    let sandbox = Sandbox::new();
    let agent =
        StringChunked::from_iter_values("agent".into(), ["Anna", "Boris", "Anna"].into_iter())
            .into_column()
            .cast(&DataType::from_categories(Categories::global()))
            .expect("cast to categorical");
    assert!(matches!(agent.dtype(), DataType::Categorical(..)));
    let mut frame = DataFrame::new_infer_height(vec![
        Int64Chunked::from_vec("id".into(), vec![1, 2, 3]).into_column(),
        StringChunked::from_iter_values(
            "created_at".into(),
            ["2024-03-18 09:00", "2024-03-18 10:00", "2024-03-18 11:00"].into_iter(),
        )
        .into_column(),
        StringChunked::from_iter_values(
            "first_response_at".into(),
            ["2024-03-18 09:10", "2024-03-18 10:20", "2024-03-18 11:30"].into_iter(),
        )
        .into_column(),
        agent,
    ])
    .expect("frame");
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut frame)
        .expect("write parquet");
    let path = sandbox.join("categorical.parquet");
    std::fs::write(&path, bytes).expect("write file");
    // Read back by polars itself, the column is still categorical: the file is what the test means.
    let back = ParquetReader::new(std::fs::File::open(&path).expect("file"))
        .finish()
        .expect("read back");
    assert!(matches!(
        back.column("agent").expect("agent").dtype(),
        DataType::Categorical(..)
    ));

    let file = path.display().to_string();
    let run = sandbox.run([
        "response",
        "--tickets",
        &file,
        "--by",
        "agent",
        "--format",
        "csv",
    ]);
    run.success();
    let csv = run.csv();
    assert_eq!(csv.rows.len(), 2, "{csv:?}");
    assert_eq!(
        csv.pick(0, "agent,tickets,responded,frt_median_s"),
        "Anna,2,2,1200"
    );
    assert_eq!(
        csv.pick(1, "agent,tickets,responded,frt_median_s"),
        "Boris,1,1,1200"
    );
}
