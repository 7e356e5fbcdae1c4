#!/bin/sh
# Puts procedure B's world in its state before the upgrade, from scratch: the upstream interaction database at
# 8.1.100.32 (seed/idb.sql, no Upshift history), the mart at 8.1.402 (release/mart up to 8.1.402, then seed/mart.sql
# with the site's own index and view), and the mart server running with its scheduler on, three jobs running, and this
# site's settings and modified deployment script (site-template/). Everything it makes is under run/ and .upshift/;
# the ledger mart.state.db is removed. ../run.sh and the tests use it.
#
#   IDB_URL, MART_URL   the databases (default: SQLite files in run/db/); any upshift --db URL
#   UPSHIFT             the command that runs upshift (default: upshift)
set -eu
cd "$(dirname "$0")"
UPSHIFT=${UPSHIFT:-upshift}
IDB_URL=${IDB_URL:-sqlite:run/db/idb.db}
MART_URL=${MART_URL:-sqlite:run/db/mart.db}

if [ -d run/gim ]; then sh bin/gim.sh kill; fi
rm -rf run .upshift mart.state.db mart.state.db-wal mart.state.db-shm
mkdir -p run/db run/gim

$UPSHIFT exec --db "$IDB_URL" --file seed/idb.sql
$UPSHIFT migrate --db "$MART_URL" --scripts release/mart --target 8.1.402
$UPSHIFT exec --db "$MART_URL" --file seed/mart.sql
cp -R site-template/. run/gim/
# The server finishes its jobs once the scheduler is off; it reaches the mart the way setup does.
MART_URL=$MART_URL UPSHIFT=$UPSHIFT sh bin/gim.sh start
