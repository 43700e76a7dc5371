#!/usr/bin/env python3
"""Benchmark driver: supportctl vs the DuckDB CLI vs polars (Python) on the same ticket files.

Standard library only. bench/run.sh builds supportctl, prepares the Python environment and calls
this script; see bench/README.md. For each workload (WORKLOADS: `supportctl response --by
agent,week`, `csat`, `peak`, `workload`, `response` in business time, `report weekly`) every tool
computes the same figures and writes CSV to a file (supportctl's report JSON goes through a small
adapter first); the outputs are checked against each other before any time is recorded.

Each measured run is one child process: wall time from spawn to exit (time.perf_counter), peak
resident memory from os.wait4's rusage (ru_maxrss, KiB on Linux), and the CPU time the rest of the
machine used meanwhile (from /proc/stat), so that interference from other work shows up.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent

TOOLS = ("supportctl", "duckdb", "polars")

GENERATE_ARGS = ["--seed", "1", "--weeks", "52", "--start", "2024-01-01"]
CHECK_ONLY_SIZE = 20_000
SMALL_SIZE = 100
SMALL_RUNS = 20
GENERATE_TARGET_SIZE = 10_000_000



@dataclass(frozen=True)
class Workload:
    """One command, computed by each tool from the same generated files.

    supportctl's arguments may name inputs as {tickets}, {surveys}, … (files of the generated data
    set); the SQL gets them as @TICKETS@, @SURVEYS@, … and @OUTPUT@; the polars script gets the
    input files in the order of `inputs`, then the output file.
    """

    name: str
    args: tuple[str, ...]
    sql: str
    polars: str
    inputs: tuple[str, ...]
    keys: tuple[str, ...]
    header: tuple[str, ...]
    counts: frozenset[str] = frozenset()
    seconds: frozenset[str] = frozenset()
    percents: frozenset[str] = frozenset()
    # A column whose values add up to the number of tickets in the file, if any.
    total: str | None = None
    # supportctl's --format. Anything but csv needs an adapter: a function (supportctl's output,
    # the CSV to write) that turns it into CSV rows with `header`, after the run (not timed).
    format: str = "csv"
    adapter: Callable[[Path, Path], None] | None = None

    @property
    def title(self) -> str:
        """The command without its input files, e.g. `supportctl response --by agent,week`."""
        shown = [
            a
            for i, a in enumerate(self.args)
            if not a.startswith("{") and not (i + 1 < len(self.args) and self.args[i + 1].startswith("{"))
        ]
        if self.format != "csv":
            shown += ["--format", self.format]
        return "supportctl " + " ".join(shown)


RESPONSE = Workload(
    name="response",
    args=("response", "--tickets", "{tickets}", "--by", "agent,week"),
    sql="response_by_agent_week.sql",
    polars="response_polars.py",
    inputs=("tickets",),
    keys=("agent", "week"),
    # docs/metrics.md: the machine columns of `response`, after the group columns.
    header=(
        "agent",
        "week",
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
    ),
    counts=frozenset(
        {"tickets", "responded", "unresponded", "invalid_order", "resolved", "sla_met", "sla_breached", "sla_pending"}
    ),
    seconds=frozenset(
        {
            "frt_mean_s",
            "frt_median_s",
            "frt_p90_s",
            "frt_p95_s",
            "frt_max_s",
            "res_mean_s",
            "res_median_s",
            "res_p90_s",
        }
    ),
    percents=frozenset({"sla_met_pct"}),
    total="tickets",
)

CSAT = Workload(
    name="csat",
    args=("csat", "--tickets", "{tickets}", "--surveys", "{surveys}", "--scale", "1-5", "--by", "agent,week"),
    sql="csat.sql",
    polars="csat_polars.py",
    inputs=("tickets", "surveys"),
    keys=("agent", "week"),
    # docs/metrics.md: the machine columns of `csat`, after the group columns.
    header=(
        "agent",
        "week",
        "csat_responses",
        "csat_satisfied",
        "csat_pct",
        "csat_ci_low_pct",
        "csat_ci_high_pct",
        "csat_mean",
        "response_rate_pct",
    ),
    counts=frozenset({"csat_responses", "csat_satisfied"}),
    percents=frozenset({"csat_pct", "csat_ci_low_pct", "csat_ci_high_pct", "response_rate_pct"}),
)

PEAK = Workload(
    name="peak",
    args=("peak", "--tickets", "{tickets}"),
    sql="peak.sql",
    polars="peak_polars.py",
    inputs=("tickets",),
    keys=(),
    # docs/metrics.md: the summary columns of `peak`, then the counts behind them.
    header=(
        "peak_slots",
        "peak_arrivals_share_pct",
        "peak_frt_mean_s",
        "peak_frt_median_s",
        "peak_frt_p90_s",
        "offpeak_frt_mean_s",
        "offpeak_frt_median_s",
        "offpeak_frt_p90_s",
        "queue_max",
        "queue_max_at",
        "queue_mean_peak",
        "tickets",
        "peak_tickets",
        "peak_responded",
        "offpeak_responded",
        "time_basis",
    ),
    counts=frozenset({"peak_slots", "queue_max", "tickets", "peak_tickets", "peak_responded", "offpeak_responded"}),
    seconds=frozenset(
        {
            "peak_frt_mean_s",
            "peak_frt_median_s",
            "peak_frt_p90_s",
            "offpeak_frt_mean_s",
            "offpeak_frt_median_s",
            "offpeak_frt_p90_s",
        }
    ),
    percents=frozenset({"peak_arrivals_share_pct"}),
    total="tickets",
)

WORKLOAD = Workload(
    name="workload",
    args=("workload", "--tickets", "{tickets}"),
    sql="workload.sql",
    polars="workload_polars.py",
    inputs=("tickets",),
    keys=("agent",),
    # docs/metrics.md: the machine columns of `workload` (csat_pct and csat_responses are empty: no
    # survey answers are given, on any side).
    header=(
        "agent",
        "tickets",
        "share_pct",
        "resolved",
        "overdue",
        "overdue_pct",
        "frt_median_s",
        "csat_pct",
        "with_due",
        "csat_responses",
        "load",
        "time_basis",
    ),
    counts=frozenset({"tickets", "resolved", "overdue", "with_due", "csat_responses"}),
    seconds=frozenset({"frt_median_s"}),
    # supportctl writes share_pct with 2 decimals and overdue_pct with 3.
    percents=frozenset({"share_pct", "overdue_pct", "csat_pct"}),
    total="tickets",
)

# `response --by agent,week` in business time: the same columns, time_basis = business.
RESPONSE_BUSINESS = Workload(
    name="response_business",
    args=("response", "--tickets", "{tickets}", "--by", "agent,week", "--hours", "Mon-Fri 09:00-18:00"),
    sql="response_business.sql",
    polars="response_business_polars.py",
    inputs=("tickets",),
    keys=RESPONSE.keys,
    header=RESPONSE.header,
    counts=RESPONSE.counts,
    seconds=RESPONSE.seconds,
    percents=RESPONSE.percents,
    total="tickets",
)


# The columns the report adapter writes: the week, then (column, JSON section, path to the Figure
# in it) for each headline figure; the CSV has the Figure's `series` value for each week.
REPORT_FIGURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("created", "summary", ("created",)),
    ("resolved", "summary", ("resolved",)),
    ("backlog", "summary", ("backlog",)),
    ("frt_median_s", "response", ("frt_median",)),
    ("frt_p90_s", "response", ("frt_p90",)),
    ("frt_mean_s", "response", ("frt_mean",)),
    ("res_median_s", "response", ("resolution_median",)),
    ("sla_met_pct", "response", ("sla_met_pct",)),
    ("csat_pct", "satisfaction", ("csat", "csat_pct")),
    ("csat_responses", "satisfaction", ("csat", "responses_per_week")),
)
REPORT_COUNTS = frozenset({"created", "resolved", "backlog", "csat_responses"})


def report_json_to_csv(report_json: Path, output: Path) -> None:
    """The report adapter: `supportctl report weekly --format json` → one CSV row per week.

    The report's headline figures each carry a `series`, one value per week of its `weeks`
    (oldest first, the report week last). This writes `week` and, per figure of REPORT_FIGURES,
    that week's value: a count as a whole number, other figures as Python's shortest repr of the
    JSON number, a missing value (null, a section that is `unavailable`, no CSAT answers at all)
    as an empty cell. Nothing is computed here.
    """
    report = json.loads(report_json.read_text(encoding="utf-8"))
    weeks = report["weeks"]
    columns: dict[str, list] = {}
    for column, section, path in REPORT_FIGURES:
        node = report.get(section)
        if not isinstance(node, dict) or node.get("status") != "ready":
            node = None
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        series = node["series"] if isinstance(node, dict) else [None] * len(weeks)
        if len(series) != len(weeks):
            raise RuntimeError(f"{report_json}: {section}.{'.'.join(path)} has {len(series)} values for {len(weeks)} weeks")
        columns[column] = series

    def cell(column: str, value) -> str:
        if value is None:
            return ""
        if column in REPORT_COUNTS:
            if value != int(value):
                raise RuntimeError(f"{report_json}: {column} = {value} is not a whole number")
            return str(int(value))
        return repr(float(value))

    with open(output, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["week", *columns])
        for i, week in enumerate(weeks):
            writer.writerow([week, *(cell(c, columns[c][i]) for c in columns)])


REPORT = Workload(
    name="report",
    args=("report", "weekly", "--tickets", "{tickets}", "--surveys", "{surveys}", "--scale", "1-5"),
    sql="report.sql",
    polars="report_polars.py",
    inputs=("tickets", "surveys"),
    keys=("week",),
    header=("week", *(column for column, _, _ in REPORT_FIGURES)),
    counts=REPORT_COUNTS,
    seconds=frozenset({"frt_median_s", "frt_p90_s", "frt_mean_s", "res_median_s"}),
    percents=frozenset({"sla_met_pct", "csat_pct"}),
    format="json",
    adapter=report_json_to_csv,
)

# Every workload the harness knows, in the order they are reported. The first is the one the
# performance targets are about.
WORKLOADS: dict[str, Workload] = {
    w.name: w for w in (RESPONSE, CSAT, PEAK, WORKLOAD, RESPONSE_BUSINESS, REPORT)
}

SECONDS_TOLERANCE = 1.0
PERCENT_TOLERANCE = 0.01
OTHER_TOLERANCE = 0.001
MAX_REPORTED_DISAGREEMENTS = 15

# Load: the rest of the machine using more than this many cores on average during a measurement
# is flagged in the results.
BUSY_CORES_WARNING = 0.25
# With --wait-quiet, a disturbed run is repeated at most this many times.
RETRIES = 3
# Runs shorter than this are judged by their median only (see measure()).
SHORT_RUN_S = 0.5


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Measuring one process


def cpu_busy_seconds() -> float:
    """Seconds of CPU time the whole machine has spent busy since boot (all cores)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = f.readline().split()[1:]
    ticks = [int(v) for v in fields[:8]]  # user nice system idle iowait irq softirq steal
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    wall_s: float
    max_rss_kib: int
    cpu_s: float
    others_cores: float  # average number of cores the rest of the machine kept busy


def run_once(argv: list[str], stdout: Path | None = None, stderr: Path | None = None) -> Run:
    """Runs argv to completion; raises if it fails."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = open(stderr, "wb") if stderr else subprocess.DEVNULL
    try:
        busy_before = cpu_busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy_after = cpu_busy_seconds()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for f in (out, err):
            if f is not subprocess.DEVNULL:
                f.close()
    if proc.returncode != 0:
        detail = ""
        if stderr and stderr.exists():
            detail = stderr.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}\n{detail}")
    cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, (busy_after - busy_before) - cpu) / wall if wall > 0 else 0.0
    return Run(wall_s=wall, max_rss_kib=usage.ru_maxrss, cpu_s=cpu, others_cores=others)


@dataclass
class Measurement:
    label: str
    runs: list[Run] = field(default_factory=list)
    load_before: float = 0.0
    discarded: int = 0

    @property
    def wall_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def rss_mib(self) -> float:
        return max(r.max_rss_kib for r in self.runs) / 1024

    @property
    def cpu_s(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)

    @property
    def others_cores(self) -> float:
        """The most other work seen during a run; for short runs the median (ticks are coarse)."""
        long_runs = [r.others_cores for r in self.runs if r.wall_s >= SHORT_RUN_S]
        if long_runs:
            return max(long_runs)
        return statistics.median(r.others_cores for r in self.runs)

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "median_wall_s": self.wall_s,
            "peak_rss_mib": self.rss_mib,
            "median_cpu_s": self.cpu_s,
            "max_others_cores": self.others_cores,
            "load_before": self.load_before,
            "discarded_runs": self.discarded,
            "runs": [r.__dict__ for r in self.runs],
        }


@dataclass
class Job:
    label: str
    argv: list[str]
    files: dict = field(default_factory=dict)


def measure_rounds(jobs: list[Job], runs: int, warmup: bool, quiet_wait: float = 0) -> dict[str, Measurement]:
    """Times `runs` runs of every job, in rounds: one run of each job per round.

    Interleaving puts the jobs through the same machine conditions (page cache, free memory,
    other work) rather than giving one tool a lucky or unlucky stretch. With warmup, every job runs
    once untimed first.

    With quiet_wait > 0, each run first waits (up to quiet_wait seconds) for the rest of the
    machine to go quiet, and a run during which other work kept more than BUSY_CORES_WARNING cores
    busy is discarded and repeated, at most RETRIES times per run.
    """
    results = {j.label: Measurement(label=j.label, load_before=os.getloadavg()[0]) for j in jobs}
    if warmup:
        for j in jobs:
            run_once(j.argv, **j.files)
    for i in range(runs):
        for j in jobs:
            m = results[j.label]
            attempt = 0
            while True:
                # Short runs are many and too short for /proc/stat's 10 ms ticks to judge: they
                # wait once, before the first, and are never repeated; the median takes care of
                # outliers.
                if i == 0 or (m.runs and m.runs[-1].wall_s >= SHORT_RUN_S):
                    wait_for_quiet(quiet_wait)
                r = run_once(j.argv, **j.files)
                log(
                    f"  {j.label} run {i + 1}/{runs}: {r.wall_s:.3f} s, "
                    f"{r.max_rss_kib / 1024:.0f} MiB, others busy {r.others_cores:.2f} cores"
                )
                disturbed = r.wall_s >= SHORT_RUN_S and r.others_cores > BUSY_CORES_WARNING
                if quiet_wait <= 0 or not disturbed or attempt >= RETRIES:
                    break
                attempt += 1
                m.discarded += 1
                log("  discarded: other work ran meanwhile; repeating")
            m.runs.append(r)
    return results


def measure(
    label: str, argv: list[str], runs: int, warmup: bool, quiet_wait: float = 0, **files
) -> Measurement:
    """Times one command: measure_rounds with a single job."""
    return measure_rounds([Job(label, argv, files)], runs, warmup, quiet_wait)[label]


def wait_for_quiet(max_wait_s: float) -> None:
    """Waits (up to max_wait_s) until the rest of the machine uses under BUSY_CORES_WARNING cores."""
    if max_wait_s <= 0:
        return
    deadline = time.monotonic() + max_wait_s
    while True:
        before = cpu_busy_seconds()
        time.sleep(3)
        busy = (cpu_busy_seconds() - before) / 3
        if busy < BUSY_CORES_WARNING:
            return
        if time.monotonic() >= deadline:
            log(f"machine still busy ({busy:.2f} cores) after waiting {max_wait_s:.0f} s; measuring anyway")
            return
        log(f"waiting for a quiet machine: others use {busy:.2f} cores")
        time.sleep(7)


# --------------------------------------------------------------------------------------------
# Tools


@dataclass
class Env:
    supportctl: Path
    bench_dir: Path
    python: Path | None  # the venv's interpreter, None when it could not be created
    duckdb: Path | None
    skip_reason: str

    @property
    def out_dir(self) -> Path:
        return self.bench_dir / "out"


def tool_argv(env: Env, tool: str, workload: Workload, files: dict[str, Path], output: Path) -> list[str]:
    if tool == "supportctl":
        args = [a.format(**{k: str(v) for k, v in files.items()}) for a in workload.args]
        target = raw_output(workload, output)
        return [str(env.supportctl), *args, "--format", workload.format, "--output", str(target)]
    if tool == "duckdb":
        sql = (HERE / workload.sql).read_text()
        for kind, path in files.items():
            sql = sql.replace(f"@{kind.upper()}@", sql_string(path))
        sql = sql.replace("@OUTPUT@", sql_string(output))
        sql_file = output.with_suffix(".sql")
        sql_file.write_text(sql)
        return [str(env.duckdb), "-no-init", "-bail", "-f", str(sql_file)]
    if tool == "polars":
        inputs = [str(files[kind]) for kind in workload.inputs]
        return [str(env.python), str(HERE / workload.polars), *inputs, str(output)]
    raise ValueError(tool)


def raw_output(workload: Workload, output: Path) -> Path:
    """Where supportctl writes: the CSV itself, or, for a workload with an adapter, its own
    format next to it."""
    return output if workload.adapter is None else output.with_suffix("." + workload.format)


def adapt_output(tool: str, workload: Workload, output: Path) -> None:
    """After a run: turns supportctl's output into the CSV, for a workload with an adapter."""
    if tool == "supportctl" and workload.adapter is not None:
        output.unlink(missing_ok=True)
        workload.adapter(raw_output(workload, output), output)


def sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def available_tools(env: Env) -> list[str]:
    tools = ["supportctl"]
    if env.python is not None:
        tools.append("polars")
    if env.duckdb is not None:
        tools.insert(1, "duckdb")
    return tools


# --------------------------------------------------------------------------------------------
# Data


def data_set(env: Env, n: int, fresh: bool) -> dict[str, Path]:
    """data_<n>/ in the bench folder (tickets.csv and whatever else `generate --out-dir` writes),
    generated unless a complete one is there. Returns the files by kind (file name stem)."""
    folder = env.bench_dir / f"data_{n}"
    meta_path = env.bench_dir / f"data_{n}.json"
    wanted = {"tickets": n, "generate": GENERATE_ARGS}

    def files() -> dict[str, Path]:
        return {p.stem: p for p in sorted(folder.glob("*.csv"))}

    def sizes() -> dict[str, int]:
        return {kind: path.stat().st_size for kind, path in files().items()}

    if folder.is_dir() and not fresh:
        meta = read_json(meta_path)
        if meta and {k: meta.get(k) for k in wanted} == wanted and meta.get("bytes") == sizes():
            return files()
        log(f"{folder.name} is not the expected data set; generating it again")
    log(f"generating {n:,} tickets into {folder}")
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        for p in tmp.iterdir():
            p.unlink()
    run = run_once(
        [str(env.supportctl), "generate", "--tickets", str(n), *GENERATE_ARGS, "--out-dir", str(tmp)]
    )
    lines = count_lines(tmp / "tickets.csv")
    if lines != n + 1:
        raise RuntimeError(f"generate wrote {lines} lines of tickets, expected {n + 1}")
    if folder.exists():
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    tmp.replace(folder)
    write_json(meta_path, {**wanted, "bytes": sizes(), "generate_wall_s": run.wall_s})
    total = sum(sizes().values())
    log(f"  {total / 2**20:.0f} MiB ({', '.join(files())}) in {run.wall_s:.1f} s")
    return files()


def count_lines(path: Path) -> int:
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n")


# --------------------------------------------------------------------------------------------
# Agreement


def read_output(path: Path, keys: tuple[str, ...]) -> tuple[list[str], dict[tuple[str, ...], dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for record in reader:
            row = dict(zip(header, record))
            key = tuple(row.get(k, "") for k in keys)
            if key in rows:
                raise ValueError(f"{path.name}: group {key} appears twice")
            rows[key] = row
    return header, rows


def group_name(workload: Workload, key: tuple[str, ...]) -> str:
    return "group " + " ".join(f"{k}={v!r}" for k, v in zip(workload.keys, key))


def compare(workload: Workload, reference: str, outputs: dict[str, Path], total_tickets: int) -> list[str]:
    """Every disagreement between the reference tool's output and the others'; empty if none."""
    problems: list[str] = []
    parsed = {tool: read_output(path, workload.keys) for tool, path in outputs.items()}
    ref_header, ref_rows = parsed[reference]
    expected = list(workload.header)
    if ref_header != expected:
        problems.append(f"{reference}: header is {ref_header}, the contract says {expected}")
    if workload.total:
        ref_total = sum(int(r[workload.total]) for r in ref_rows.values())
        if ref_total != total_tickets:
            problems.append(f"{reference}: groups add up to {ref_total} tickets, the file has {total_tickets}")
    values = [c for c in expected if c not in workload.keys]
    for tool, (header, rows) in parsed.items():
        if tool == reference:
            continue
        missing = [c for c in expected if c not in header]
        if missing:
            problems.append(f"{tool}: output lacks columns {missing}")
            continue
        for key in sorted(set(ref_rows) - set(rows)):
            problems.append(f"{group_name(workload, key)}: in {reference}, not in {tool}")
        for key in sorted(set(rows) - set(ref_rows)):
            problems.append(f"{group_name(workload, key)}: in {tool}, not in {reference}")
        for key in sorted(set(rows) & set(ref_rows)):
            a, b = ref_rows[key], rows[key]
            for column in values:
                why = disagreement(workload, column, a[column], b[column])
                if why:
                    problems.append(
                        f"{group_name(workload, key)} {column}: "
                        f"{reference}={a[column]!r} {tool}={b[column]!r} ({why})"
                    )
    return problems


def disagreement(workload: Workload, column: str, a: str, b: str) -> str | None:
    a, b = a.strip(), b.strip()
    if a == "" or b == "":
        return None if a == b else "one is empty"
    if column in workload.counts:
        return None if int(float(a)) == int(float(b)) and float(a) == float(b) else "counts differ"
    if column in workload.seconds:
        tolerance = SECONDS_TOLERANCE
    elif column in workload.percents:
        tolerance = PERCENT_TOLERANCE
    else:
        try:
            fa, fb = float(a), float(b)
        except ValueError:
            return None if a.lower() == b.lower() else "text differs"
        diff = abs(fa - fb)
        return None if diff <= OTHER_TOLERANCE else f"differ by {diff:.6g} > {OTHER_TOLERANCE}"
    diff = abs(float(a) - float(b))
    return None if diff <= tolerance else f"differ by {diff:.6g} > {tolerance}"


def check_agreement(
    env: Env, tools: list[str], workload: Workload, files: dict[str, Path], n: int, tag: str
) -> dict[str, Path]:
    """Runs every tool once on `files` and checks the outputs; exits on a disagreement."""
    outputs: dict[str, Path] = {}
    for tool in tools:
        output = env.out_dir / f"{workload.name}_{tool}_{tag}.csv"
        output.unlink(missing_ok=True)
        raw_output(workload, output).unlink(missing_ok=True)
        log(f"{tool}: computing {workload.name} on {n:,} tickets for the agreement check")
        run_once(
            tool_argv(env, tool, workload, files, output),
            stderr=env.out_dir / f"{workload.name}_{tool}_{tag}.err",
        )
        adapt_output(tool, workload, output)
        outputs[tool] = output
    problems = compare(workload, "supportctl", outputs, n)
    if problems:
        print(f"\nDISAGREEMENT on {workload.name}, {n:,} tickets ({len(problems)} differences):", file=sys.stderr)
        for p in problems[:MAX_REPORTED_DISAGREEMENTS]:
            print(f"  {p}", file=sys.stderr)
        if len(problems) > MAX_REPORTED_DISAGREEMENTS:
            print(f"  … and {len(problems) - MAX_REPORTED_DISAGREEMENTS} more", file=sys.stderr)
        print("outputs: " + ", ".join(str(p) for p in outputs.values()), file=sys.stderr)
        print("No figures recorded: a benchmark of different answers is worthless.", file=sys.stderr)
        sys.exit(1)
    groups = len(read_output(outputs["supportctl"], workload.keys)[1])
    if len(tools) > 1:
        log(f"agreement on {workload.name}, {n:,} tickets: {', '.join(tools)} give the same {groups} groups")
    else:
        log(f"{workload.name}, {n:,} tickets: supportctl's output has the contract's header ({groups} groups)")
    return outputs


# --------------------------------------------------------------------------------------------
# Machine and versions


def machine_info() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
    }


def version_of(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        return f"unknown ({e})"


def versions(env: Env) -> dict[str, str]:
    v = {"supportctl": version_of([str(env.supportctl), "--version"])}
    if env.duckdb:
        v["duckdb"] = version_of([str(env.duckdb), "--version"])
    if env.python:
        v["polars"] = "polars " + version_of([str(env.python), "-c", "import polars; print(polars.__version__)"])
        v["python"] = version_of([str(env.python), "--version"])
    return v


# --------------------------------------------------------------------------------------------
# Report


def fmt_ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}" if b else "–"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def render_report(
    *,
    command: str,
    machine: dict[str, str],
    tool_versions: dict[str, str],
    workloads: list[Workload],
    results: dict[str, dict[int, dict[str, Measurement]]],
    profile: dict[int, Measurement],
    small: Measurement | None,
    startup: Measurement | None,
    generate: Measurement | None,
    runs: int,
) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    lines = [
        "# Benchmark results",
        "",
        f"Recorded {now:%Y-%m-%d %H:%M} UTC with `{command}` (bench/README.md explains it).",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu']}",
        f"- cores: {machine['cores']}",
        f"- memory: {machine['memory']}",
        f"- OS: {machine['os']}",
        "",
        "## Tools",
        "",
    ]
    for name, v in tool_versions.items():
        lines.append(f"- {name}: `{v}`")
    lines += [
        "",
        "For every workload below, every tool computes the same figures as the supportctl command on",
        "the same generated files (`supportctl generate --tickets N --seed 1 --weeks 52 --start",
        "2024-01-01 --out-dir DIR`) and writes CSV to a file. The outputs agreed (bench/README.md,",
        "*Agreement*) before anything was timed.",
        f"Wall time is the median of {runs} run{'s' if runs != 1 else ''} after one warm-up run; peak RSS is the largest",
        "`ru_maxrss` of those runs (MB = 2^20 bytes); CPU s is the median user + system time, over",
        "both cores. Ratios are to DuckDB (below 1: less than DuckDB). The tools took turns, one run",
        "of each per round. The spread between runs is real: on this machine the kernel's time to",
        "hand out fresh memory varies from run to run, so runs that use gigabytes vary by up to a",
        "third.",
        "",
    ]
    notes: list[str] = []
    # The targets and the validate profile are about `response`; without it, neither is shown.
    sizes = results.get(RESPONSE.name, {})
    for workload in workloads:
        for n, by_tool in results.get(workload.name, {}).items():
            lines += [
                f"## `{workload.title}` — {n:,} tickets",
                "",
                "| tool | median wall s | fastest–slowest s | peak RSS MB | CPU s | wall / DuckDB | memory / DuckDB |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            duck = by_tool.get("duckdb")
            for tool, m in by_tool.items():
                walls = [r.wall_s for r in m.runs]
                lines.append(
                    f"| {tool} | {m.wall_s:.3f} | {min(walls):.3f}–{max(walls):.3f} | {m.rss_mib:.0f} | {m.cpu_s:.2f} | "
                    f"{fmt_ratio(m.wall_s, duck.wall_s if duck else None)} | "
                    f"{fmt_ratio(m.rss_mib, duck.rss_mib if duck else None)} |"
                )
                if m.others_cores > BUSY_CORES_WARNING:
                    notes.append(
                        f"{workload.name}, {tool} at {n:,}: other processes kept up to {m.others_cores:.2f} cores busy "
                        f"during a timed run (load average {m.load_before:.2f} before it)"
                    )
            lines.append("")
    if profile:
        lines += [
            "## Where supportctl's time goes",
            "",
            "`supportctl validate --tickets FILE --format csv`, timed in the same rounds, reads the",
            "file with the same reader and computes nothing, but it parses and checks every column",
            "(every timestamp, every text column, duplicate ids), where `response` reads only the",
            "columns it needs. Set beside `response`, it shows the order of magnitude of the reading,",
            "not an exact split.",
            "",
            "| tickets | validate s | response s | validate / response | validate RSS MB | response RSS MB |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for n, m in profile.items():
            resp = sizes.get(n, {}).get("supportctl")
            if resp is None:
                continue
            lines.append(
                f"| {n:,} | {m.wall_s:.3f} | {resp.wall_s:.3f} | {m.wall_s / resp.wall_s:.2f} | "
                f"{m.rss_mib:.0f} | {resp.rss_mib:.0f} |"
            )
        lines.append("")
    lines += ["## Small file and generation", ""]
    if small:
        lines.append(
            f"- {SMALL_SIZE}-ticket file, `supportctl response --by agent,week --format csv`: median "
            f"{small.wall_s * 1000:.1f} ms over {len(small.runs)} runs, peak RSS {small.rss_mib:.0f} MB."
        )
    if startup:
        lines.append(
            f"- for scale, `supportctl --version` (process start and exit, no work): median "
            f"{startup.wall_s * 1000:.1f} ms over {len(startup.runs)} runs."
        )
    if generate:
        lines.append(
            f"- `supportctl generate --tickets {GENERATE_TARGET_SIZE} --seed 1 --weeks 52 --start 2024-01-01 > file`: "
            f"median {generate.wall_s:.2f} s over {len(generate.runs)} run(s), peak RSS {generate.rss_mib:.0f} MB."
        )
    lines += ["", "## Targets", "", "| target | figure | verdict |", "|---|---|---|"]
    for n in (1_000_000, 10_000_000):
        by_tool = sizes.get(n, {})
        s, d = by_tool.get("supportctl"), by_tool.get("duckdb")
        if s and d:
            lines.append(
                f"| `response`: supportctl wall ≤ 0.5 × DuckDB at {n // 1_000_000}M | {s.wall_s:.2f} s vs "
                f"0.5 × {d.wall_s:.2f} s = {0.5 * d.wall_s:.2f} s (ratio {s.wall_s / d.wall_s:.2f}) | "
                f"{verdict(s.wall_s <= 0.5 * d.wall_s)} |"
            )
    s, d = sizes.get(10_000_000, {}).get("supportctl"), sizes.get(10_000_000, {}).get("duckdb")
    if s and d:
        lines.append(
            f"| `response`: supportctl memory ≤ DuckDB at 10M | {s.rss_mib:.0f} MB vs {d.rss_mib:.0f} MB "
            f"(ratio {s.rss_mib / d.rss_mib:.2f}) | {verdict(s.rss_mib <= d.rss_mib)} |"
        )
    if small:
        lines.append(
            f"| {SMALL_SIZE}-row file < 20 ms | {small.wall_s * 1000:.1f} ms | {verdict(small.wall_s < 0.020)} |"
        )
    if generate:
        lines.append(
            f"| generate 10M < 30 s | {generate.wall_s:.2f} s | {verdict(generate.wall_s < 30)} |"
        )
    lines += ["", "## Load", ""]
    all_m = [m for w in results.values() for by in w.values() for m in by.values()] + list(profile.values())
    all_m += [m for m in (small, startup, generate) if m]
    worst = max((m.others_cores for m in all_m), default=0.0)
    discarded = sum(m.discarded for m in all_m)
    if discarded:
        lines.append(
            f"{discarded} timed runs were discarded and repeated because other work kept more than "
            f"{BUSY_CORES_WARNING} of a core busy during them (`--wait-quiet`)."
        )
        lines.append("")
    if notes:
        lines.append(
            "Other work ran on the machine during some timed runs, so those figures may be slower "
            "than on an idle machine:"
        )
        lines.append("")
        lines += [f"- {n}" for n in notes]
        for m in (small, startup, generate, *profile.values()):
            if m and m.others_cores > BUSY_CORES_WARNING:
                lines.append(f"- {m.label}: up to {m.others_cores:.2f} cores busy with other work")
    else:
        lines.append(
            f"The rest of the machine used at most {worst:.2f} cores on average during any timed run "
            f"(measured from /proc/stat); the figures were taken on an otherwise quiet machine."
        )
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Main



def kept_sections(results: Path) -> str:
    """The top-level sections of RESULTS.md after the first (`# Build`, earlier rounds of other
    workloads): recorded by hand or by other runs, they are kept when this run rewrites the file."""
    if not results.exists():
        return ""
    lines = results.read_text().splitlines(keepends=True)
    later = [i for i, line in enumerate(lines) if line.startswith("# ") and i > 0]
    return "\n" + "".join(lines[later[0]:]) if later else ""

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--supportctl", type=Path, required=True)
    p.add_argument("--source", default="unknown", help="git describe of the source built")
    p.add_argument("--bench-dir", type=Path, required=True)
    p.add_argument("--python", type=Path, help="the venv's interpreter (polars)")
    p.add_argument("--duckdb", type=Path, help="the DuckDB CLI binary")
    p.add_argument("--skip-reason", default="", help="why DuckDB/polars are missing")
    p.add_argument("--sizes", default="1000000,10000000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--only", choices=TOOLS)
    p.add_argument("--workloads", help=f"comma-separated, of {', '.join(WORKLOADS)} (default: all)")
    p.add_argument("--check-only", action="store_true")
    p.add_argument("--fresh", action="store_true", help="generate the ticket files again")
    p.add_argument("--wait-quiet", type=float, default=0, help="seconds to wait for a quiet machine")
    p.add_argument("--results", type=Path, help="write the report here (full runs only)")
    p.add_argument("--command", default="bench/run.sh")
    a = p.parse_args()

    env = Env(
        supportctl=a.supportctl,
        bench_dir=a.bench_dir,
        python=a.python,
        duckdb=a.duckdb,
        skip_reason=a.skip_reason,
    )
    env.out_dir.mkdir(parents=True, exist_ok=True)
    tools = available_tools(env)

    workloads = [WORKLOADS[w] for w in a.workloads.split(",") if w.strip()] if a.workloads else list(WORKLOADS.values())

    if a.check_only:
        n = CHECK_ONLY_SIZE
        files = data_set(env, n, a.fresh)
        for workload in workloads:
            check_agreement(env, tools, workload, files, n, f"check_{n}")
        names = ", ".join(w.name for w in workloads)
        if len(tools) == 1:
            print(
                "SKIPPED: agreement check against DuckDB and polars — "
                f"{env.skip_reason or 'the Python environment is not available'}. "
                f"Only supportctl's own output was checked (header, totals) for {names}.",
                flush=True,
            )
            print("SKIPPED " * 8, flush=True)
            return
        print(f"agreement check passed: {', '.join(tools)} agree on {n:,} tickets for {names}", flush=True)
        return

    if len(tools) < 3:
        sys.exit(f"DuckDB and polars are needed for a benchmark: {env.skip_reason}")
    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    timed = [a.only] if a.only else list(TOOLS)

    # 1. Agreement on every size and workload before anything is timed.
    data = {n: data_set(env, n, a.fresh) for n in sizes}
    for n, files in data.items():
        for workload in workloads:
            check_agreement(env, tools, workload, files, n, str(n))

    # 2. Timing: per size and workload, the tools take turns (see measure_rounds).
    results: dict[str, dict[int, dict[str, Measurement]]] = {w.name: {} for w in workloads}
    profile: dict[int, Measurement] = {}
    for n, files in data.items():
        for workload in workloads:
            def output(tool: str) -> Path:
                return env.out_dir / f"{workload.name}_{tool}_{n}_timed.csv"

            jobs = [
                Job(
                    tool,
                    tool_argv(env, tool, workload, files, output(tool)),
                    {"stderr": output(tool).with_suffix(".err")},
                )
                for tool in timed
            ]
            if "supportctl" in timed and workload.name == RESPONSE.name:
                jobs.append(
                    Job(
                        "supportctl validate",
                        [str(env.supportctl), "validate", "--tickets", str(files["tickets"]), "--format", "csv"],
                        {"stdout": env.out_dir / f"validate_{n}.csv"},
                    )
                )
            log(f"timing {workload.name}: {', '.join(j.label for j in jobs)} on {n:,} tickets, taking turns")
            measured = measure_rounds(jobs, a.runs, warmup=True, quiet_wait=a.wait_quiet)
            for m in measured.values():
                m.label = f"{workload.name}: {m.label} on {n:,} tickets"
            results[workload.name][n] = {tool: measured[tool] for tool in timed}
            if "supportctl validate" in measured:
                profile[n] = measured["supportctl validate"]
            checked = env.out_dir / f"{workload.name}_supportctl_{n}.csv"
            for tool in timed:
                adapt_output(tool, workload, output(tool))
                problems = compare(workload, "checked", {"checked": checked, f"timed {tool}": output(tool)}, n)
                if problems:
                    sys.exit(f"{tool}'s timed {workload.name} output differs from the checked one: {problems[:3]}")

    small = startup = generate = None
    if "supportctl" in timed:
        files = data_set(env, SMALL_SIZE, a.fresh)
        check_agreement(env, tools, RESPONSE, files, SMALL_SIZE, str(SMALL_SIZE))
        log(f"timing supportctl on {SMALL_SIZE} tickets")
        small = measure(
            f"supportctl {SMALL_SIZE}",
            tool_argv(env, "supportctl", RESPONSE, files, env.out_dir / f"supportctl_{SMALL_SIZE}_timed.csv"),
            SMALL_RUNS,
            warmup=True,
            quiet_wait=a.wait_quiet,
        )
        startup = measure(
            "supportctl --version",
            [str(env.supportctl), "--version"],
            SMALL_RUNS,
            warmup=True,
            quiet_wait=a.wait_quiet,
        )
        log(f"timing supportctl generate --tickets {GENERATE_TARGET_SIZE}")
        target = env.bench_dir / "generate_timing.csv"
        generate = measure(
            f"supportctl generate {GENERATE_TARGET_SIZE}",
            [str(env.supportctl), "generate", "--tickets", str(GENERATE_TARGET_SIZE), *GENERATE_ARGS],
            a.runs,
            warmup=False,
            quiet_wait=a.wait_quiet,
            stdout=target,
        )
        target.unlink(missing_ok=True)

    report = render_report(
        command=a.command,
        machine=machine_info(),
        tool_versions={**versions(env), "supportctl built from commit": a.source},
        workloads=workloads,
        results=results,
        profile=profile,
        small=small,
        startup=startup,
        generate=generate,
        runs=a.runs,
    )
    write_json(
        env.bench_dir / "last_run.json",
        {
            "command": a.command,
            "workloads": {
                w: {str(n): {t: m.to_json() for t, m in by.items()} for n, by in sizes.items()}
                for w, sizes in results.items()
            },
            "profile": {str(n): m.to_json() for n, m in profile.items()},
            "small": small.to_json() if small else None,
            "startup": startup.to_json() if startup else None,
            "generate": generate.to_json() if generate else None,
        },
    )
    (env.bench_dir / "last_report.md").write_text(report)
    print(report)
    if a.results and not a.only:
        a.results.write_text(report.rstrip("\n") + "\n" + kept_sections(a.results))
        log(f"wrote {a.results}")
    elif a.only:
        log(f"--only {a.only}: {a.results} left as it was; this report is in {env.bench_dir / 'last_report.md'}")


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as e:
        sys.exit(f"[bench] error: {e}")
