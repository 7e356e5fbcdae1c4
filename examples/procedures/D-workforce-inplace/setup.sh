#!/bin/sh
# Puts procedure D's world in its state before the upgrade, from scratch: a workforce-management database at 7.2
# (seed/wfm.sql; no Upshift history) and the server at release 7.2, running, its web application open. Everything it
# makes is under run/ and .upshift/; the ledger wfm.state.db is removed. ../run.sh and the tests use it.
#
#   WFM_URL   the database (default: a SQLite file in run/db/); any upshift --db URL
#   UPSHIFT   the command that runs upshift (default: upshift)
set -eu
cd "$(dirname "$0")"
UPSHIFT=${UPSHIFT:-upshift}
WFM_URL=${WFM_URL:-sqlite:run/db/wfm.db}

if [ -d run/wfm ]; then sh bin/wfm.sh kill; fi
rm -rf run .upshift wfm.state.db wfm.state.db-wal wfm.state.db-shm
mkdir -p run/db

$UPSHIFT exec --db "$WFM_URL" --file seed/wfm.sql
sh bin/wfm.sh install 7.2.0
sh bin/wfm.sh web on
sh bin/wfm.sh start
