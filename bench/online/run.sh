#!/usr/bin/env bash
# Writer latency while a derived column of a big table is backfilled: one plain UPDATE against Upshift's
# batched backfill (-- upshift:batch), with pgbench writing to the same table during both, in one run.
#
#   bench/online/run.sh                            # 10 million rows, batch sizes 5000, 10000, 20000
#   ROWS=1000000 SIZES=10000 bench/online/run.sh   # quick run
#
# Environment:
#   PGURL     server URL without database (default: the test server of scripts/test-services.sh)
#   ROWS      rows of the table (default 10000000)
#   SIZES     batch sizes of the Upshift runs (default "5000 10000 20000")
#   PAUSE     pause=MS of the batch directive (default 0)
#   CLIENTS   pgbench clients (default 4)
#   IDLE      seconds of writer-only baseline measured first (default 10; 0 skips it)
#   UPSHIFT   command running the CLI (default: dotnet .work/cli/upshift.dll, built when missing)
#   RESULTS   folder for logs (default bench/results/online, not versioned)
#
# Every case runs on a fresh copy of the same table (CREATE DATABASE ... TEMPLATE, so the same pages,
# hint bits and visibility map), after a CHECKPOINT. pgbench (-c CLIENTS, closed loop, no think time)
# starts 3 s before the backfill and stops 2 s after it; the writer columns cover the transactions that
# started while the backfill ran. Needs psql, pgbench, awk, sort and the .NET SDK.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PGURL=${PGURL:-postgres://upshift:upshift-test-secret@127.0.0.1:55432}
ROWS=${ROWS:-10000000}
SIZES=${SIZES:-"5000 10000 20000"}
PAUSE=${PAUSE:-0}
CLIENTS=${CLIENTS:-4}
IDLE=${IDLE:-10}
RESULTS=${RESULTS:-$repo/bench/results/online}
template=upshift_bench_online_tpl
database=upshift_bench_online_run
limit_ms=250

if [[ -z ${UPSHIFT:-} ]]; then
    if [[ ! -f $repo/.work/cli/upshift.dll ]]; then
        echo "building the CLI into .work/cli ..." >&2
        dotnet build "$repo/src/Upshift.Cli" -c Release -o "$repo/.work/cli" >/dev/null
    fi
    UPSHIFT="dotnet $repo/.work/cli/upshift.dll"
fi

mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.log "$RESULTS"/writers.* "$RESULTS"/summary.txt
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql "$PGURL/postgres" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_run() { psql "$PGURL/$database" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

writers=
cleanup() {
    if [[ -n $writers ]]; then kill "$writers" 2>/dev/null || true; fi
    psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
}
trap cleanup EXIT

bench_started=$(now)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "building the $ROWS-row template table"
psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "DROP DATABASE IF EXISTS $template WITH (FORCE)" -c "CREATE DATABASE $template"
psql "$PGURL/$template" -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE big (id bigint NOT NULL, val integer NOT NULL, note text NOT NULL, derived bigint);
INSERT INTO big (id, val, note)
SELECT g, (g * 7919 % 1000003)::integer, 'row ' || g FROM generate_series(1::bigint, $ROWS) AS g;
ALTER TABLE big ADD PRIMARY KEY (id);
CREATE SEQUENCE big_new_id START $((ROWS + 1));
VACUUM ANALYZE big;
SQL

# fresh_copy: a new database holding an identical copy of the template table.
fresh_copy() {
    # WITH (FORCE): the backends of the previous case's pgbench may still be exiting.
    psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database TEMPLATE $template STRATEGY FILE_COPY"
    psql_run -c "CHECKPOINT"
}

start_writers() { # start_writers NAME
    pgbench -n -c "$CLIENTS" -j 2 -T 3600 -D rows="$ROWS" -l --log-prefix="$RESULTS/writers.$1" \
        -f "$here/writer.pgbench@9" -f "$here/writer-insert.pgbench@1" "$PGURL/$database" >"$RESULTS/pgbench.$1.log" 2>&1 &
    writers=$!
    sleep 3
}

stop_writers() {
    sleep 2
    if ! kill -0 "$writers" 2>/dev/null; then
        echo "pgbench stopped early:" >&2
        cat "$RESULTS/pgbench.$1.log" >&2
        exit 1
    fi
    # pgbench has no graceful stop: the last lines of its buffered log are lost, all after the window.
    kill -TERM "$writers"
    wait "$writers" 2>/dev/null || true
    writers=
}

# writer_stats NAME T0 T1: "transactions tps p50_ms p99_ms max_ms over_limit" of the writer transactions
# that started in [T0, T1]. pgbench -l lines: client tx latency_us script epoch_s epoch_us.
writer_stats() {
    awk -v t0="$2" -v t1="$3" 'NF >= 6 && $3 ~ /^[0-9]+$/ && $6 ~ /^[0-9]+$/ {
            start = $5 + $6 / 1e6 - $3 / 1e6
            if (start >= t0 && start <= t1) print $3
        }' "$RESULTS/writers.$1".* | sort -n | awk -v seconds="$(awk -v a="$2" -v b="$3" 'BEGIN { print b - a }')" -v limit="$limit_ms" '
        { v[NR] = $1; if ($1 / 1000 > limit) over++ }
        END {
            if (NR == 0) { print "0 0 - - - 0"; exit }
            p50 = v[int(NR * 0.50 + 0.999999)]; p99 = v[int(NR * 0.99 + 0.999999)]
            printf "%d %.0f %.1f %.1f %.1f %d\n", NR, NR / seconds, p50 / 1000, p99 / 1000, v[NR] / 1000, over + 0
        }'
}

declare -a rows_out
record() { # record CASE SIZE SECONDS STATS...
    local name=$1 size=$2 seconds=$3
    shift 3
    local rate="-"
    if [[ $seconds != "-" ]]; then rate=$(awk -v r="$ROWS" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }'); fi
    rows_out+=("$name|$size|$seconds|$rate|$*")
}

if ((IDLE > 0)); then
    log "baseline: writers alone for $IDLE s"
    fresh_copy
    start_writers idle
    t0=$(now)
    sleep "$IDLE"
    t1=$(now)
    stop_writers idle
    record "writers alone" "-" "-" "$(writer_stats idle "$t0" "$t1")"
fi

log "(a) one plain UPDATE of $ROWS rows"
fresh_copy
start_writers plain
t0=$(now)
psql_run -c "UPDATE big SET derived = val * 2" >"$RESULTS/plain.log" 2>&1
t1=$(now)
stop_writers plain
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
plain_rate=$(awk -v r="$ROWS" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
record "(a) plain UPDATE" "-" "$seconds" "$(writer_stats plain "$t0" "$t1")"
log "    $seconds s"

scripts=$(mktemp -d)
for size in $SIZES; do
    log "(b) upshift batched backfill, size=$size pause=$PAUSE"
    rm -f "$scripts"/*.sql
    cat >"$scripts/V1__big_derived.sql" <<SQL
-- upshift:phase backfill
-- upshift:batch key=id size=$size pause=$PAUSE
UPDATE big SET derived = val * 2 WHERE id > @batch_start AND id <= @batch_end
SQL
    fresh_copy
    start_writers "batch$size"
    t0=$(now)
    $UPSHIFT migrate --db "$PGURL/$database" --scripts "$scripts" >"$RESULTS/upshift.$size.log" 2>&1
    t1=$(now)
    stop_writers "batch$size"
    missing=$(psql_run -c "SELECT count(*) FROM big WHERE id <= $ROWS AND derived IS NULL")
    if [[ $missing != 0 ]]; then
        echo "the backfill left $missing rows without derived; see $RESULTS/upshift.$size.log" >&2
        exit 1
    fi
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    record "(b) upshift batch" "$size" "$seconds" "$(writer_stats "batch$size" "$t0" "$t1")"
    log "    $seconds s"
done
rm -rf "$scripts"
psql_admin -c "DROP DATABASE IF EXISTS $template"

{
    printf '%s rows, %s pgbench clients (9 updates : 1 insert), %s cores, %s\n' "$ROWS" "$CLIENTS" "$(nproc)" "$(date -u +%F)"
    printf '| case | batch size | backfill s | rows/s | vs plain | writer tx | writer tx/s | p50 ms | p99 ms | max ms | waits > %s ms | targets |\n' "$limit_ms"
    printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n'
    for line in "${rows_out[@]}"; do
        IFS='|' read -r name size seconds rate stats <<<"$line"
        read -r tx tps p50 p99 max over <<<"$stats"
        ratio="-" verdict="-"
        if [[ $rate != "-" ]]; then ratio=$(awk -v r="$rate" -v p="$plain_rate" 'BEGIN { printf "%.2f", r / p }'); fi
        if [[ $name == "(b)"* ]]; then
            verdict=$(awk -v m="$max" -v q="$ratio" -v l="$limit_ms" 'BEGIN {
                printf "%s; %s", (m <= l ? "max wait ok" : "max wait MISSED"), (q >= 0.5 ? "throughput ok" : "throughput MISSED") }')
        fi
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$size" "$seconds" "$rate" "$ratio" "$tx" "$tps" "$p50" "$p99" "$max" "$over" "$verdict"
    done
    printf 'total run time %.0f s; load average %s before, %s after; logs in %s\n' \
        "$(awk -v a="$bench_started" -v b="$(now)" 'BEGIN { print b - a }')" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "${RESULTS#"$repo"/}"
} | tee "$RESULTS/summary.txt"
