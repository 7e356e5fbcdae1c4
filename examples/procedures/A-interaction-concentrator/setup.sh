#!/bin/sh
# Puts procedure A's world in its state before the upgrade, from scratch: two interaction databases at schema
# 8.1.100.28 (seed/idb.sql; no Upshift history, the version is in g_db_parameters) and an HA pair of concentrators,
# members a and b, at release 8.1.100.28, running, each with this site's customer files (home/). Everything it makes
# is under run/ and .upshift/; the ledger icon.state.db is removed. ../run.sh and the tests use it.
#
#   IDB_A_URL, IDB_B_URL   the members' databases (default: SQLite files in run/db/); any upshift --db URL
#   UPSHIFT                the command that runs upshift (default: upshift)
set -eu
cd "$(dirname "$0")"
UPSHIFT=${UPSHIFT:-upshift}
IDB_A_URL=${IDB_A_URL:-sqlite:run/db/idb-a.db}
IDB_B_URL=${IDB_B_URL:-sqlite:run/db/idb-b.db}

for member in a b; do
    if [ -d "run/$member" ]; then sh bin/icon.sh kill "$member"; fi
done
rm -rf run .upshift icon.state.db icon.state.db-wal icon.state.db-shm
mkdir -p run/db

$UPSHIFT exec --db "$IDB_A_URL" --file seed/idb.sql
$UPSHIFT exec --db "$IDB_B_URL" --file seed/idb.sql
for member in a b; do
    sh bin/icon.sh install "$member" 8.1.100.28
    cp home/icon.xml home/icon.pq "run/$member/"
    printf 'routing cache of member %s, built by release 8.1.100.28\n' "$member" >"run/$member/icon-cache.db"
    sh bin/icon.sh start "$member"
done
