#!/usr/bin/env bash
# Copy benchmark: upshift copy next to pgloader, pgcopydb and a psql COPY pipe on the same ~1 GB of rows.
#
#   bench/copy/run.sh [--size-mb N] [--runs N] [--reuse] [--reuse-build] [--only upshift|peers|all]
#
# Publishes the CLI (Native AOT, as shipped), starts the test servers if needed (scripts/test-services.sh), builds
# the data (--reuse keeps it from an earlier run of the same size): three tables (accounts with a UUID, orders and
# events referencing accounts; integers, text, timestamps, numerics, a boolean, a double) as a PostgreSQL database
# and the same rows as a SQLite file, plus bench/copy/scripts, which creates the target schema. Then, in --runs
# rounds (default 3; medians reported), each into a new empty database:
#   - SQLite -> PostgreSQL: upshift copy, pgloader
#   - PostgreSQL -> PostgreSQL: upshift copy, pgloader, pgcopydb clone --table-jobs 2 --index-jobs 2, and the floor:
#     the tables of V1__tables.sql, then psql COPY TO STDOUT | psql COPY FROM STDIN per table, two tables at a time,
#     then the foreign keys of V2__foreign_keys.sql
# upshift copy runs with its defaults: resumable chunks and the verification of both sides after the copy.
# Every target is checked against the source (row counts and sums) before it is dropped.
# MB/s is the same measure for every row: the source tables' size in PostgreSQL (pg_table_size) over the seconds.
# Everything connects without TLS (sslmode=disable). pgloader and pgcopydb are installed with apt when missing.
# Results: a markdown table on stdout and in .work/bench-copy/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

size_mb=1000 runs=3 reuse=0 reuse_build=0 only=all
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size-mb) size_mb="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --reuse) reuse=1; shift ;;
        --reuse-build) reuse_build=1; shift ;;
        --only) only="$2"; shift 2 ;;
        *) echo "usage: $0 [--size-mb N] [--runs N] [--reuse] [--reuse-build] [--only upshift|peers|all]" >&2; exit 2 ;;
    esac
done

for tool in psql sqlite3 dotnet; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
for package in pgloader pgcopydb; do
    command -v "$package" >/dev/null || { echo "installing $package" >&2; apt-get install -y -q "$package" >/dev/null; }
done

scripts/test-services.sh status >/dev/null 2>&1 || scripts/test-services.sh start >/dev/null
eval "$(scripts/test-services.sh env)"
admin="$UPSHIFT_TEST_POSTGRES"                       # postgres://user:pass@host:port/postgres
base="${admin%/*}"
export PGHOST=127.0.0.1 PGPORT="${base##*:}" PGUSER=upshift PGPASSWORD="${admin#*://upshift:}"
export PGPASSWORD="${PGPASSWORD%%@*}" PGSSLMODE=disable PGOPTIONS="-c client_min_messages=warning"

work=.work/bench-copy
mkdir -p "$work"
results="$work/results.md"
source bench/backup/publish.sh
reuse_or_publish_upshift "$work/publish" "$reuse_build"

psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
src=upshift_bench_copy_src
dst=upshift_bench_copy_dst
sqlite="$work/source.sqlite"
scripts=bench/copy/scripts
accounts=$(( size_mb * 575 ))                           # about 1.74 KB of table per account with its orders and events
tables="accounts orders events"

if [[ "$reuse" -eq 0 || ! -f "$sqlite" || "$(cat "$work/source.size" 2>/dev/null)" != "$size_mb" ]] \
    || ! psqlq -d "$src" -c 'SELECT 1 FROM events LIMIT 1' >/dev/null 2>&1; then
    echo "building the source: $accounts accounts (about $size_mb MB) in $src and $sqlite" >&2
    psqlq -d postgres -c "DROP DATABASE IF EXISTS $src WITH (FORCE)" -c "CREATE DATABASE $src"
    psqlq -d "$src" -f "$scripts/V1__tables.sql" -f "$scripts/V2__foreign_keys.sql"
    psqlq -d "$src" -v rows="$accounts" -f bench/copy/data.sql
    psqlq -d "$src" -c 'VACUUM ANALYZE'
    rm -f "$sqlite" "$work/source.size"
    sqlite3 "$sqlite" <bench/copy/sqlite.sql
    # Timestamps as text (what an old release's SQLite holds), NULL as \N: each table through a CSV pipe.
    export_sql() {
        case "$1" in
            accounts) echo "SELECT id, uid, name, email, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), balance, active::int FROM accounts ORDER BY id" ;;
            orders) echo "SELECT id, account_id, to_char(placed_at, 'YYYY-MM-DD HH24:MI:SS'), status, total, items, coalesce(note, '\\N') FROM orders ORDER BY id" ;;
            events) echo "SELECT id, account_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), kind, payload, score FROM events ORDER BY id" ;;
        esac
    }
    for t in $tables; do
        psqlq -d "$src" -c "COPY ($(export_sql "$t")) TO STDOUT (FORMAT csv)" >"$work/$t.csv"
        sqlite3 "$sqlite" -cmd "PRAGMA journal_mode = OFF" -cmd "PRAGMA synchronous = OFF" ".import --csv $work/$t.csv $t"
        rm -f "$work/$t.csv"
    done
    sqlite3 "$sqlite" "UPDATE orders SET note = NULL WHERE note = '\\N'; VACUUM; ANALYZE;"
    echo "$size_mb" >"$work/source.size"
fi

bytes=$(psqlq -At -d "$src" -c "SELECT sum(pg_table_size(c.oid)) FROM pg_class c WHERE c.relname IN ('accounts', 'orders', 'events') AND c.relnamespace = 'public'::regnamespace")
rows=$(psqlq -At -d "$src" -c "SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM events)")
check="SELECT format('%s %s %s %s %s', (SELECT count(*) || '/' || sum(balance) FROM accounts), (SELECT count(*) || '/' || sum(total) || '/' || count(note) FROM orders),
    (SELECT count(*) || '/' || sum(length(payload)) FROM events), (SELECT sum(hashtext(uid::text)::bigint) FROM accounts), (SELECT max(extract(epoch FROM at)) FROM events))"
expected=$(psqlq -At -d "$src" -c "$check")
sqlite_check=$(sqlite3 "$sqlite" "SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM events)")
[[ "$sqlite_check" == "$rows" ]] || { echo "error: the SQLite file holds $sqlite_check rows, PostgreSQL $rows" >&2; exit 1; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
fresh() { psqlq -d postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)" -c "CREATE DATABASE $dst"; }
# A target holds the source's rows: the same counts, sums, UUIDs and last timestamp (pgloader's own schema
# included: it keeps the values, if not always the types). Then it is dropped, so that its autovacuum does not
# take the cores the next step needs.
checked() {
    local actual
    actual=$(psqlq -At -d "$dst" -c "$check")
    [[ "$actual" == "$expected" ]] || { echo "error: $1 left a target that differs from the source: $actual vs $expected" >&2; exit 1; }
    psqlq -d postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)"
}

declare -A times=()
declare -a order=()
timed() {   # name command...: one run into a new empty target, its seconds appended to times[name]
    local name="$1" t0
    shift
    [[ -n "${times[$name]+set}" ]] || { order+=("$name"); times[$name]=""; }
    fresh
    psqlq -d postgres -c CHECKPOINT
    t0=$(now)
    "$@" >"$work/last.log" 2>&1 || { echo "error: $name failed:" >&2; tail -n 30 "$work/last.log" >&2; exit 1; }
    times[$name]+="$(since "$t0") "
    checked "$name"
}
median() { tr ' ' '\n' <<<"$1" | { grep . || true; } | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f-%.1f", lo, hi }'; }

url() { echo "$base/$1?sslmode=disable"; }
upshift_copy() { "${upshift[@]}" copy --from "$1" --to "$(url "$dst")" --scripts "$scripts"; }
# pgloader's default Lisp heap (1 GB) runs out on this data ("Heap exhausted, game over"): 4 GB, and fewer rows
# read ahead per table than its default 100,000.
pgloader_run() { pgloader --dynamic-space-size 4096 --no-ssl-cert-verification --with "prefetch rows = 25000" "$@"; }
pgloader_sqlite() { pgloader_run "sqlite://$PWD/$sqlite" "$(url "$dst")"; }
pgloader_pg() { pgloader_run "$(url "$src")" "$(url "$dst")"; }
pgcopydb_clone() {
    rm -rf "$work/pgcopydb"
    pgcopydb clone --source "$(url "$src")" --target "$(url "$dst")" --table-jobs 2 --index-jobs 2 --dir "$work/pgcopydb" --no-owner --no-acl
}
floor_table() { psqlq -d "$src" -c "COPY $1 TO STDOUT" | psqlq -d "$dst" -c "COPY $1 FROM STDIN"; }
floor() {
    psqlq -d "$dst" -f "$scripts/V1__tables.sql"
    # Two tables at a time, the largest first.
    floor_table events & local a=$!
    floor_table orders & local b=$!
    wait "$b"
    floor_table accounts
    wait "$a"
    psqlq -d "$dst" -f "$scripts/V2__foreign_keys.sql"
}

row_us="SQLite -> PG: upshift copy"
row_ls="SQLite -> PG: pgloader"
row_up="PG -> PG: upshift copy"
row_lp="PG -> PG: pgloader"
row_cp="PG -> PG: pgcopydb clone --table-jobs 2 --index-jobs 2"
row_fl="PG -> PG: floor (psql COPY pipes, 2 at a time)"
for round in $(seq 1 "$runs"); do
    echo "round $round of $runs" >&2
    if [[ "$only" != peers ]]; then
        timed "$row_us" upshift_copy "sqlite:$sqlite"
        timed "$row_up" upshift_copy "$(url "$src")"
    fi
    [[ "$only" != upshift ]] || continue
    timed "$row_fl" floor
    timed "$row_ls" pgloader_sqlite
    timed "$row_lp" pgloader_pg
    timed "$row_cp" pgcopydb_clone
done

mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
floor_s=$(median "${times[$row_fl]:-}")
{
    echo "# upshift copy: $rows rows, $mb MB of tables (pg_table_size), $runs runs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
    echo
    echo "| step | median s | range s | rows/s | MB/s | x floor |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in "${order[@]}"; do
        s=$(median "${times[$name]}")
        awk -v n="$name" -v s="$s" -v r="${times[$name]}" -v sp="$(spread "${times[$name]}")" -v rows="$rows" -v b="$bytes" -v f="${floor_s:-0}" \
            'BEGIN { printf "| %s | %.1f | %s | %.0f | %.1f | %s |\n", n, s, sp, rows / s, b / 1e6 / s, (f > 0 ? sprintf("%.2f", s / f) : "-") }'
    done
    echo
    ratio() {   # a b: how many times faster a is than b
        [[ -n "${times[$1]:-}" && -n "${times[$2]:-}" ]] || return 0
        awk -v a="$(median "${times[$1]}")" -v b="$(median "${times[$2]}")" -v n="$1" -v m="$2" 'BEGIN { printf "- %s takes %.2fx the time of %s\n", n, a / b, m }'
    }
    ratio "$row_us" "$row_ls"
    ratio "$row_up" "$row_lp"
    ratio "$row_up" "$row_cp"
    ratio "$row_up" "$row_fl"
} | tee "$results"
