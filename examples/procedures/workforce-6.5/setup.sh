#!/bin/sh
# Puts the 6.5 path of procedure D in its state before the upgrade, from scratch: the release 6.5.201.00 database as
# a SQLite file (run/old/wfm-6.5.db, from seed/interaction-6.5.sql) and the server at 6.5, running, its web
# application open. The new database (WFM_URL) is emptied: the runbook creates its schema. Everything it makes is
# under run/ and .upshift/; the ledger wfm.state.db is removed. ../run.sh and the tests use it.
#
#   WFM_URL   the new database (default: a SQLite file in run/db/); any upshift --db URL, empty or new
#   UPSHIFT   the command that runs upshift (default: upshift)
set -eu
cd "$(dirname "$0")"
UPSHIFT=${UPSHIFT:-upshift}

rm -rf run .upshift wfm.state.db wfm.state.db-wal wfm.state.db-shm
mkdir -p run/old run/db

$UPSHIFT exec --db sqlite:run/old/wfm-6.5.db --file seed/interaction-6.5.sql
sh bin/wfm.sh install 6.5.201.00
sh bin/wfm.sh web on
sh bin/wfm.sh start
