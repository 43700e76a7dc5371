#!/usr/bin/env bash
# The three agents with the slowest median first response time, with standard shell tools.
#
# Usage, from the repository root:
#
#   bash examples/pipeline.sh                # the bundled demo data (testdata/demo/tickets.csv)
#   bash examples/pipeline.sh export.csv     # your own tickets export
#   bash examples/pipeline.sh --generate     # a fresh synthetic data set, generated on the fly
#
# The supportctl binary is taken from $SUPPORTCTL when set, e.g.
#   SUPPORTCTL="$(command -v supportctl)" bash examples/pipeline.sh   # after `cargo install`
# and otherwise built and run through cargo.

set -euo pipefail

# Numbers with a decimal point, whatever the user's locale.
export LC_ALL=C

# The repository root, so that the defaults work from any working directory.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# `supportctl` stands for the binary; with cargo, -q keeps cargo's progress off stderr.
supportctl() {
    if [[ -n "${SUPPORTCTL:-}" ]]; then
        "$SUPPORTCTL" "$@"
    else
        cargo run -q --manifest-path "$root/Cargo.toml" -p supportctl -- "$@"
    fi
}

# 1. The tickets, as CSV on stdout: generated, or read from a file.
tickets() {
    case "${1:-}" in
        --generate) supportctl generate --tickets 20000 --weeks 8 --agents 12 --seed 42 ;;
        "") cat "$root/testdata/demo/tickets.csv" ;;
        *) cat "$1" ;;
    esac
}

# 2. supportctl reads the tickets from stdin (`--tickets -`) and writes one CSV row per agent.
#    Columns (docs/metrics.md, "Machine output"): agent, tickets, responded, unresponded,
#    invalid_order, frt_mean_s, frt_median_s, ... ; durations in seconds, empty when there is
#    nothing to compute. Data-quality warnings go to stderr and do not disturb the pipe.
#
# 3. Standard tools take it from there:
#    - tail drops the header;
#    - awk keeps agents with at least 20 answered tickets and a median (skipping the row of
#      tickets without an agent, whose agent cell is empty), and prints median, name, count;
#    - sort orders by median FRT, slowest first;
#    - the last awk keeps the first three and turns seconds into minutes for people (it reads to
#      the end, unlike head, so no stage of the pipe is cut off early).
#    Agent names contain no commas here; for arbitrary exports use a CSV-aware tool (xsv, qsv,
#    mlr, csvkit) instead of awk -F,.
echo "Slowest median first response (agents with at least 20 answered tickets):"
tickets "${1:-}" \
    | supportctl response --tickets - --by agent --format csv \
    | tail -n +2 \
    | awk -F, '$1 != "" && $3 >= 20 && $7 != "" { printf "%s,%s,%s\n", $7, $1, $3 }' \
    | sort -t, -k1,1gr \
    | awk -F, 'NR <= 3 { printf "  %-20s median %6.1f min  (%d answered)\n", $2, $1 / 60, $3 }'
