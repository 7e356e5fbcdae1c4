#!/usr/bin/env bash
# Runs the whole rolling upgrade of this example against a throw-away PostgreSQL database and checks it:
# release 1 installed, expand, release 1 and release 2 writing side by side, a backfill killed with
# kill -9 half way and resumed, contract. Exits non-zero at the first check that fails.
#
#   examples/zero-downtime-rename/demo.sh
#
# DB       database URL; the database is dropped and re-created
#          (default postgres://upshift:upshift-test-secret@127.0.0.1:55432/upshift_zdr_demo,
#          the server scripts/test-services.sh starts)
# UPSHIFT  command that runs the CLI (default: builds src/Upshift.Cli into .work/cli and runs it)
# Needs psql and pgbench.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
here=examples/zero-downtime-rename
DB=${DB:-postgres://upshift:upshift-test-secret@127.0.0.1:55432/upshift_zdr_demo}
scripts=$here/scripts
work=$(mktemp -d)
writers=

cleanup() {
    if [[ -n $writers ]]; then kill "$writers" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -z ${UPSHIFT:-} ]]; then
    if [[ ! -f .work/cli/upshift.dll ]]; then
        dotnet build src/Upshift.Cli -c Release -o .work/cli >/dev/null
    fi
    UPSHIFT="dotnet .work/cli/upshift.dll"
fi

upshift() { $UPSHIFT "$@" --db "$DB" --scripts "$scripts"; }
sql() { psql "$DB" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
step() { printf '\n=== %s\n' "$*"; }
check() { # check DESCRIPTION SQL EXPECTED
    local got
    got=$(sql "$2")
    if [[ $got != "$3" ]]; then
        echo "FAILED: $1: expected '$3', got '$got'" >&2
        exit 1
    fi
    echo "ok: $1"
}

step "fresh database, release 1 installed (V1) and grown to 404,000 parties"
PGOPTIONS="-c client_min_messages=warning" psql "${DB%/*}/postgres" -X -q -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS ${DB##*/} WITH (FORCE)" -c "CREATE DATABASE ${DB##*/}"
upshift migrate --target 1
$UPSHIFT exec --db "$DB" --file "$here/seed/more_parties.sql"
pgbench -n -t 50 -f "$here/app/release1_writes.pgbench" "$DB" >/dev/null 2>&1
check "release 1 writes dn" "SELECT count(*) FROM parties WHERE dn LIKE '+3130%'" 50

step "upshift status / plan --phase expand"
upshift status
upshift plan --phase expand

step "upshift migrate --phase expand"
upshift migrate --phase expand
check "existing rows are not touched by expand" "SELECT count(endpoint) FROM parties" 0

step "release 1 and release 2 side by side: each reads what the other wrote"
old_row=$(sql "INSERT INTO parties (interaction_id, role, dn) VALUES (9001, 'caller', '+31201111111') RETURNING id")
check "release 1 INSERT (dn only) fills endpoint" "SELECT endpoint FROM parties WHERE id = $old_row" "+31201111111"
new_row=$(sql "INSERT INTO parties (interaction_id, role, endpoint) VALUES (9002, 'customer', 'chat:web-9002') RETURNING id")
check "release 2 INSERT (endpoint only) fills dn" "SELECT dn FROM parties WHERE id = $new_row" "chat:web-9002"
sql "UPDATE parties SET dn = '5999' WHERE id = $new_row"
check "release 1 UPDATE of dn moves endpoint" "SELECT endpoint FROM parties WHERE id = $new_row" "5999"
sql "UPDATE parties SET endpoint = 'sip:5998@cc.example' WHERE id = $old_row"
check "release 2 UPDATE of endpoint moves dn" "SELECT dn FROM parties WHERE id = $old_row" "sip:5998@cc.example"
sql "UPDATE parties SET dn = '5997' WHERE id = 10"
check "release 1 UPDATE of an old row (not yet backfilled) fills endpoint" "SELECT endpoint FROM parties WHERE id = 10" "5997"
sql "UPDATE parties SET state = 'released' WHERE id = 11"
check "an UPDATE of another column of an old row fills endpoint" "SELECT endpoint = dn FROM parties WHERE id = 11" "t"

step "both releases keep writing (pgbench, 2 clients) during the backfill"
pgbench -n -c 2 -T 600 -R 40 -f "$here/app/release1_writes.pgbench" -f "$here/app/release2_writes.pgbench" "$DB" >"$work/writers.log" 2>&1 &
writers=$!
sleep 2

step "upshift migrate --phase backfill, killed with kill -9 at about 30 %"
$UPSHIFT migrate --phase backfill --db "$DB" --scripts "$scripts" >"$work/backfill1.log" 2>&1 &
migrator=$!
done_rows=0
for _ in $(seq 1 600); do
    sleep 0.2
    done_rows=$(sql "SELECT coalesce(split_part(max(resume_key), '|', 3), '0') FROM upshift_history WHERE version = '3' AND NOT success" 2>/dev/null || echo 0)
    if ((done_rows >= 120000)); then break; fi
done
kill -9 "$migrator"
wait "$migrator" 2>/dev/null || true
cat "$work/backfill1.log"
echo "killed after $done_rows rows recorded"
((done_rows >= 120000)) || { echo "FAILED: the backfill did not reach 120000 rows" >&2; exit 1; }

step "upshift status / plan --phase backfill after the kill"
upshift status
upshift plan --phase backfill

step "upshift migrate --phase backfill again: resumes after the last recorded batch"
upshift migrate --phase backfill | tee "$work/backfill2.log"
grep -q "resuming backfill V3__parties_endpoint_backfill.sql after key" "$work/backfill2.log"
echo "ok: the second run resumed instead of starting over"
kill -0 "$writers" || { echo "FAILED: the writers stopped during the backfill" >&2; cat "$work/writers.log"; exit 1; }
kill "$writers"
wait "$writers" 2>/dev/null || true
writers=
if grep -Eq "ERROR|aborted" "$work/writers.log"; then
    echo "FAILED: a writer failed during the backfill" >&2
    cat "$work/writers.log"
    exit 1
fi
echo "ok: no writer failed during the backfill"
check "every row has endpoint = dn" "SELECT count(*) FROM parties WHERE endpoint IS DISTINCT FROM dn" 0
check "rows of both releases were written during the backfill" \
    "SELECT count(*) FILTER (WHERE role = 'customer') > 1 AND count(*) FILTER (WHERE dn LIKE '+3130%') > 50 FROM parties" t
check "the endpoint index is valid" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_parties_endpoint'::regclass" t

step "release 1 is gone: upshift status / plan --phase contract"
upshift status
upshift plan --phase contract

step "upshift migrate --phase contract"
upshift migrate --phase contract
check "dn is dropped" "SELECT count(*) FROM information_schema.columns WHERE table_name = 'parties' AND column_name = 'dn'" 0
check "endpoint is NOT NULL" "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'parties' AND column_name = 'endpoint'" NO
pgbench -n -t 20 -f "$here/app/release2_writes.pgbench" "$DB" >/dev/null 2>&1
echo "ok: release 2 still writes after the contract"
if pgbench -n -t 1 -f "$here/app/release1_writes.pgbench" "$DB" >/dev/null 2>&1; then
    echo "FAILED: release 1 should no longer work after the contract" >&2
    exit 1
fi
echo "ok: release 1 fails after the contract, which is why contract waits until it is gone"
upshift status
upshift migrate
echo
echo "all checks passed"
