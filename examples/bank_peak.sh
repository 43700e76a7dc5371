#!/usr/bin/env bash
# Peak load of a real call centre: the "Anonymous Bank" (Israel) calls of August 1999, turned into
# tickets and fed to `supportctl peak`.
#
# Usage, from the repository root:
#
#   bash examples/bank_peak.sh path/to/anonymous_bank_calls_1999_08.csv
#   bash examples/bank_peak.sh calls.csv --by team --format csv     # extra arguments go to `peak`
#
# The calls file is the August sheet of the public Anonymous Bank call-centre data set (42,078
# calls; in CSV as the spreadsheet data_files/august_calls.ods of the GitHub repository
# barntrosna/bokeh-project, with the leading empty column dropped). Its columns:
# vru+line, call_id, customer_id, priority, type, date, vru_entry, vru_exit, vru_time, q_start,
# q_exit, q_time, outcome, ser_start, ser_exit, ser_time, server.
#
# A call becomes a ticket when it queued for an agent (q_start is not 0:00:00):
#   created_at            date + q_start (the call joined the queue);
#   first_response_at     for a served call (outcome AGENT), when it left the queue: given as
#                         first_response_minutes = q_time / 60, q_time being q_exit − q_start in
#                         seconds (the minutes form also carries the 13 calls that wait across
#                         midnight);
#   resolved_at           for a call that hung up (HANG) or vanished (PHANTOM) while queueing, the
#                         same instant, as resolution_minutes: it left the queue unanswered;
#   team                  the service type (PS regular, PE regular in English, NW new customer,
#                         NE stock exchange, IN internet, TT callback request);
#   agent, priority       server (for served calls) and priority; channel is `phone`.
# call_id repeats in this export, so the ticket id is the line number. The dates show as
# 2010-08-DD, an artefact of the source spreadsheet; August 2010 falls on the same weekdays as
# August 1999, whose dates are written here. Times are local Israeli time (--tz Asia/Jerusalem).
#
# The supportctl binary is taken from $SUPPORTCTL when set, and otherwise built and run through
# cargo.

set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

supportctl() {
    if [[ -n "${SUPPORTCTL:-}" ]]; then
        "$SUPPORTCTL" "$@"
    else
        cargo run -q --manifest-path "$root/Cargo.toml" -p supportctl -- "$@"
    fi
}

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "usage: bash examples/bank_peak.sh path/to/anonymous_bank_calls_1999_08.csv [peak arguments]" >&2
    exit 2
fi
calls="$1"
shift

# The calls as tickets, CSV on stdout.
tickets() {
    awk -F, '
        { sub(/\r$/, "") }    # the export has Windows line ends
        NR == 1 {
            for (i = 1; i <= NF; i++) column[$i] = i
            print "id,created_at,first_response_minutes,resolution_minutes,agent,team,channel,priority"
            next
        }
        $column["q_start"] != "0:00:00" {
            date = $column["date"]
            sub(/^2010-/, "1999-", date)
            minutes = sprintf("%.6f", $column["q_time"] / 60)
            answered = ""; left = minutes; agent = ""
            if ($column["outcome"] == "AGENT") {
                answered = minutes; left = ""; agent = $column["server"]
            }
            printf "C%06d,%s %s,%s,%s,%s,%s,phone,%s\n", NR, date, $column["q_start"],
                answered, left, agent, $column["type"], $column["priority"]
        }
    ' "$1"
}

# August 1999 only (--to is exclusive): an answer after midnight on the 31st would otherwise make
# the early hours of 1 September part of the period.
tickets "$calls" | supportctl peak --tickets - --tz Asia/Jerusalem --to 1999-09-01 "$@"
