#!/usr/bin/env bash
# Where the time of Upshift's batched backfill goes: runs the backfill of run.sh once, with the same
# pgbench writers, and with statement logging switched on for Upshift's own session only
# (log_min_duration_statement=0 through the connection's Options). Then sums the server time of each
# kind of statement and the time between statements, when the server waits for Upshift (client work,
# network, scheduling).
#
#   PGLOG=/path/to/postgres.log bench/online/profile.sh
#
# PGLOG    the server's log file (required); its lines must start with the %m timestamp
#          (scripts/test-services.sh logs to pg/postgres.log in its data folder)
# PGURL    server URL without database (default: the test server of scripts/test-services.sh)
# ROWS     rows of the table (default 2000000)
# SIZE     batch size (default 10000)
# WRITERS  pgbench clients, 0 for none (default 4)
# UPSHIFT  command running the CLI (default: dotnet .work/cli/upshift.dll, built when missing)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PGURL=${PGURL:-postgres://upshift:upshift-test-secret@127.0.0.1:55432}
ROWS=${ROWS:-2000000}
SIZE=${SIZE:-10000}
WRITERS=${WRITERS:-4}
database=upshift_bench_online_profile
: "${PGLOG:?set PGLOG to the server log file}"

if [[ -z ${UPSHIFT:-} ]]; then
    if [[ ! -f $repo/.work/cli/upshift.dll ]]; then
        dotnet build "$repo/src/Upshift.Cli" -c Release -o "$repo/.work/cli" >/dev/null
    fi
    UPSHIFT="dotnet $repo/.work/cli/upshift.dll"
fi

work=$(mktemp -d)
writers=
cleanup() {
    if [[ -n $writers ]]; then kill "$writers" 2>/dev/null || true; fi
    PGOPTIONS="-c client_min_messages=warning" psql "$PGURL/postgres" -X -q -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    rm -rf "$work"
}
trap cleanup EXIT

PGOPTIONS="-c client_min_messages=warning" psql "$PGURL/postgres" -X -q -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
psql "$PGURL/$database" -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE big (id bigint NOT NULL, val integer NOT NULL, note text NOT NULL, derived bigint);
INSERT INTO big (id, val, note)
SELECT g, (g * 7919 % 1000003)::integer, 'row ' || g FROM generate_series(1::bigint, $ROWS) AS g;
ALTER TABLE big ADD PRIMARY KEY (id);
CREATE SEQUENCE big_new_id START $((ROWS + 1));
VACUUM ANALYZE big;
CHECKPOINT;
SQL

cat >"$work/V1__big_derived.sql" <<SQL
-- upshift:batch key=id size=$SIZE
UPDATE big SET derived = val * 2 WHERE id > @batch_start AND id <= @batch_end
SQL

if ((WRITERS > 0)); then
    pgbench -n -c "$WRITERS" -j 2 -T 3600 -D rows="$ROWS" -f "$here/writer.pgbench@9" -f "$here/writer-insert.pgbench@1" \
        "$PGURL/$database" >"$work/pgbench.log" 2>&1 &
    writers=$!
    sleep 3
fi

lines_before=$(wc -l <"$PGLOG")
started=$(date +%s.%N)
$UPSHIFT migrate --db "$PGURL/$database?Options=-c%20log_min_duration_statement%3D0" --scripts "$work" >"$work/upshift.log" 2>&1
ended=$(date +%s.%N)
if [[ -n $writers ]]; then
    kill "$writers"
    wait "$writers" 2>/dev/null || true
    writers=
fi
tail -n +"$((lines_before + 1))" "$PGLOG" | grep -a "@$database " | grep -a "duration: " >"$work/statements.log" || true

printf '%s rows, size=%s, %s writers: ' "$ROWS" "$SIZE" "$WRITERS"
tail -1 "$work/upshift.log"
awk -v wall="$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')" '
    {
        split($2, t, ":"); end = t[1] * 3600 + t[2] * 60 + t[3]
        match($0, /duration: [0-9.]+ ms +/); head = substr($0, RSTART, RLENGTH); rest = substr($0, RSTART + RLENGTH)
        split(head, h, " "); seconds = h[2] / 1000
        sub(/ <unnamed>/, "", rest); split(rest, w, " ")
        kind = w[1] " " w[2] " " w[3]; sub(/:/, "", kind)
        server[kind] += seconds; count[kind]++; total += seconds
        start = end - seconds
        if (NR > 1 && start > last) gaps += start - last
        last = end
    }
    END {
        printf "  wall clock (including process start, plan, pre-flight)  %7.2f s\n", wall
        printf "  server time of Upshift'"'"'s statements                     %7.2f s\n", total
        printf "  waits of the server for the next statement              %7.2f s\n", gaps
        n = 0
        for (k in server) keys[++n] = k
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (server[keys[j]] > server[keys[i]]) { x = keys[i]; keys[i] = keys[j]; keys[j] = x }
        for (i = 1; i <= n && i <= 8; i++) printf "    %7.2f s %6d x  %s\n", server[keys[i]], count[keys[i]], keys[i]
    }' "$work/statements.log"
