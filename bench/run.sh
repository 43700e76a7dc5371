#!/usr/bin/env bash
# Benchmark: supportctl vs the DuckDB CLI vs polars (Python), on the same generated ticket files.
#
#   bench/run.sh [--sizes 1000000,10000000] [--runs 3] [--only supportctl|duckdb|polars]
#                [--workloads response,...] [--check-only] [--fresh] [--wait-quiet SECONDS]
#
# Builds supportctl (release; the dev build for --check-only), makes a Python virtual environment with bench/requirements.txt in
# BENCH_DIR (default $HOME/.cache/supportctl-bench, outside the repository; reused when it is
# there), generates the ticket files there, checks that the three tools agree, times them and
# writes bench/RESULTS.md. bench/README.md has the details.
#
# Environment: CARGO_TARGET_DIR (default $HOME/.cache/supportctl-target), BENCH_DIR, PYTHON
# (the interpreter that makes the environment and runs the driver; default python3).
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

sizes="1000000,10000000"
runs=3
only=""
workloads=""
check_only=0
fresh=0
wait_quiet=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) sizes="${2:?--sizes needs a list like 1000000,10000000}"; shift 2 ;;
        --sizes=*) sizes="${1#*=}"; shift ;;
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --runs=*) runs="${1#*=}"; shift ;;
        --only) only="${2:?--only needs supportctl, duckdb or polars}"; shift 2 ;;
        --only=*) only="${1#*=}"; shift ;;
        --workloads) workloads="${2:?--workloads needs a list like response,peak}"; shift 2 ;;
        --workloads=*) workloads="${1#*=}"; shift ;;
        --check-only) check_only=1; shift ;;
        --fresh) fresh=1; shift ;;
        --wait-quiet) wait_quiet="${2:?--wait-quiet needs seconds}"; shift 2 ;;
        --wait-quiet=*) wait_quiet="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case "$only" in
    ""|supportctl|duckdb|polars) ;;
    *) echo "run.sh: --only takes supportctl, duckdb or polars, not '$only'" >&2; exit 2 ;;
esac
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: --runs takes a positive number, not '$runs'" >&2
    exit 2
fi
if ! [[ "$sizes" =~ ^[0-9_]+(,[0-9_]+)*$ ]]; then
    echo "run.sh: --sizes takes numbers separated by commas, not '$sizes'" >&2
    exit 2
fi

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/supportctl-target}"
bench_dir="${BENCH_DIR:-$HOME/.cache/supportctl-bench}"
python="${PYTHON:-python3}"
venv="$bench_dir/venv"
mkdir -p "$bench_dir"

say() { echo "[bench] $*" >&2; }

# 1. supportctl: the release build for timing. The agreement check alone (--check-only) compares
# outputs, not speed, so it takes the dev build that `cargo test --workspace` has already made and
# polars is not compiled a second time, in another profile.
if [[ $check_only -eq 1 ]]; then
    profile=dev
    profile_dir=debug
else
    profile=release
    profile_dir=release
fi
say "building supportctl ($profile) in $CARGO_TARGET_DIR"
(cd "$root" && cargo build --profile "$profile" -p supportctl)
# Run a copy: another build into the same target folder must not swap the binary mid-run.
mkdir -p "$bench_dir/bin"
supportctl="$bench_dir/bin/supportctl-$profile"
cp "$CARGO_TARGET_DIR/$profile_dir/supportctl" "$supportctl.tmp"
mv -f "$supportctl.tmp" "$supportctl"
source_state="$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"

# 2. The Python environment: DuckDB CLI and polars, pinned.
skip_reason=""
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$bench/requirements.txt" | cut -d' ' -f1)"
make_venv() {
    if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        say "reusing the Python environment in $venv"
        return 0
    fi
    say "creating the Python environment in $venv"
    rm -f "$stamp"
    "$python" -m venv "$venv" || return 1
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
        --require-virtualenv -r "$bench/requirements.txt" || return 1
    echo "$wanted" > "$stamp"
}
if ! make_venv; then
    skip_reason="the Python environment ($venv) could not be created or bench/requirements.txt could not be installed"
    if [[ $check_only -eq 0 ]]; then
        echo "run.sh: $skip_reason; DuckDB and polars are needed for a benchmark" >&2
        exit 1
    fi
fi

driver_args=(--supportctl "$supportctl" --source "$source_state" --bench-dir "$bench_dir" --sizes "$sizes" --runs "$runs"
    --wait-quiet "$wait_quiet" --results "$bench/RESULTS.md")
if [[ -z "$skip_reason" ]]; then
    # The duckdb-cli wheel puts a Python launcher in the venv's bin/ that starts the real binary,
    # shipped inside the package, as a child process. Time the binary itself.
    duckdb="$("$venv/bin/python" -c \
        'import os, duckdb_cli; print(os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"))')"
    [[ -x "$duckdb" ]] || duckdb="$venv/bin/duckdb"
    driver_args+=(--python "$venv/bin/python" --duckdb "$duckdb")
else
    driver_args+=(--skip-reason "$skip_reason")
fi
[[ -n "$only" ]] && driver_args+=(--only "$only")
[[ -n "$workloads" ]] && driver_args+=(--workloads "$workloads")
[[ $check_only -eq 1 ]] && driver_args+=(--check-only)
[[ $fresh -eq 1 ]] && driver_args+=(--fresh)

command="bench/run.sh"
[[ "$sizes" != "1000000,10000000" ]] && command+=" --sizes $sizes"
[[ "$runs" != 3 ]] && command+=" --runs $runs"
[[ -n "$only" ]] && command+=" --only $only"
[[ -n "$workloads" ]] && command+=" --workloads $workloads"
[[ $check_only -eq 1 ]] && command+=" --check-only"
[[ "$wait_quiet" != 0 ]] && command+=" --wait-quiet $wait_quiet"
driver_args+=(--command "$command")

exec "$python" "$bench/harness.py" "${driver_args[@]}"
