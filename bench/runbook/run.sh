#!/usr/bin/env bash
# Runbook benchmark: what the runbook ledger costs, next to `upshift migrate` doing the same amount of work.
#
#   bench/runbook/run.sh [--runs N] [--wait DURATION] [--reuse-build]
#
# On SQLite, whole processes of the shipped (Native AOT) tool:
#  1. a 200-step runbook of trivial `check` steps, from a fresh ledger, next to `upshift migrate` of 200 one-line
#     scripts into a fresh database (target: the runbook at most 1.5x the migrate);
#  2. a rerun of the finished 200-step runbook, everything done (target: under 150 ms);
#  3. a wait-until polling every 100 ms for --wait (default 10m): resident memory 5 s in and at the end, and the
#     ledger's size before and after (target: neither grows by more than a few kilobytes).
# Rows 1 and 2: median and min-max over --runs (default 5), the two commands taking turns.
# Everything goes to .work/bench-runbook/ (git-ignored); results on stdout and in .work/bench-runbook/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs=5 wait=10m reuse_build=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --wait) wait="$2"; shift 2 ;;
        --reuse-build) reuse_build=1; shift ;;
        *) echo "usage: $0 [--runs N] [--wait DURATION] [--reuse-build]" >&2; exit 2 ;;
    esac
done

work="$PWD/.work/bench-runbook"
mkdir -p "$work"
source bench/backup/publish.sh
reuse_or_publish_upshift "$work/publish" "$reuse_build"

# 200 one-line scripts, and a runbook of 200 checks against one SQLite component.
steps=200
rm -rf "$work/scripts" "$work/book" && mkdir -p "$work/scripts" "$work/book"
for i in $(seq 1 "$steps"); do echo "CREATE TABLE t$i (id INTEGER);" >"$work/scripts/V${i}__t$i.sql"; done
{
    echo "runbook: bench"
    echo "components:"
    echo "  app: { db: \"sqlite:app.db\" }"
    echo "steps:"
    for i in $(seq 1 "$steps"); do echo "  - check: { component: app, sql: \"SELECT $i\", equals: \"$i\" }"; done
} >"$work/book/runbook.yaml"
python3 -c "import sqlite3; sqlite3.connect('$work/book/app.db').close()"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%d-%d", lo, hi }'; }
run_quiet() { "$@" >"$work/last.log" 2>&1 || { echo "error: $* failed" >&2; tail -n 20 "$work/last.log" >&2; exit 1; }; }

migrate_ms="" runbook_ms="" rerun_ms=""
for r in $(seq 1 "$runs"); do
    rm -f "$work/migrate.db"*
    sync; t0=$(now); run_quiet "${upshift[@]}" migrate --db "sqlite:$work/migrate.db" --scripts "$work/scripts"; t1=$(now)
    migrate_ms+="$(ms "$t0" "$t1") "
    rm -f "$work/book/runbook.state.db"* "$work/book/runbook.state.db.lock"
    sync; t0=$(now); run_quiet "${upshift[@]}" run "$work/book/runbook.yaml"; t1=$(now)
    runbook_ms+="$(ms "$t0" "$t1") "
    t0=$(now); run_quiet "${upshift[@]}" run "$work/book/runbook.yaml"; t1=$(now)
    rerun_ms+="$(ms "$t0" "$t1") "
done

# A long wait: memory and ledger size must stay flat however many polls it makes.
mkdir -p "$work/wait" && rm -f "$work/wait/"runbook.state.db*
printf 'runbook: wait\nsteps:\n  - id: forever\n    wait-until: { file: ./never.flag, state: present, interval: 100ms, timeout: %s }\n' "$wait" >"$work/wait/runbook.yaml"
echo "waiting $wait for the long poll" >&2
"${upshift[@]}" run "$work/wait/runbook.yaml" >"$work/wait.log" 2>&1 &
pid=$!
sleep 5
rss_start=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
ledger_start=$(du -cb "$work/wait/"runbook.state.db* | tail -n 1 | cut -f1)
rss_end=$rss_start ledger_end=$ledger_start
while kill -0 "$pid" 2>/dev/null; do
    rss_end=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo "$rss_end")
    ledger_end=$(du -cb "$work/wait/"runbook.state.db* 2>/dev/null | tail -n 1 | cut -f1)
    sleep 1
done
wait "$pid" || true
# The ledger's observation of the wait: the latest value seen and the number of polls.
polls=$("${upshift[@]}" run "$work/wait/runbook.yaml" --status --json | grep -o '([0-9]* polls)' | tail -n 1 | tr -dc 0-9 || true)

m=$(median "$migrate_ms") b=$(median "$runbook_ms") rr=$(median "$rerun_ms")
ratio=$(awk -v b="$b" -v m="$m" 'BEGIN { printf "%.2f", b / m }')
{
    echo "| measurement | median | min-max | target | verdict |"
    echo "|---|---|---|---|---|"
    echo "| \`upshift migrate\`, $steps one-line scripts, fresh SQLite | $m ms | $(spread "$migrate_ms") ms | baseline | |"
    echo "| \`upshift run\`, $steps \`check\` steps, fresh ledger | $b ms | $(spread "$runbook_ms") ms | at most 1.5x migrate | ${ratio}x: $(awk -v r="$ratio" 'BEGIN { print (r <= 1.5 ? "met" : "MISSED") }') |"
    echo "| \`upshift run\` again, all $steps steps done | $rr ms | $(spread "$rerun_ms") ms | under 150 ms | $( [[ "$rr" -lt 150 ]] && echo met || echo MISSED ) |"
    echo "| wait-until every 100 ms for $wait ($polls polls): resident memory | $((rss_start / 1024)) MB at 5 s, $((rss_end / 1024)) MB at the end | | a few KB of growth | $(( (rss_end - rss_start) )) KB |"
    echo "| same wait: ledger (state db with its WAL) | $ledger_start bytes at 5 s, $ledger_end bytes at the end | | a few KB of growth | $(( ledger_end - ledger_start )) bytes |"
} | tee "$work/results.md"
