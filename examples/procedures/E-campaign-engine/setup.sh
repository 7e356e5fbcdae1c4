#!/bin/sh
# Puts procedure E's world in its state before the upgrade, from scratch: the campaign database at 8.1.510 (migrated by
# Upshift from release/ocs, then seed/data.sql), the install directory at release 8.1.510 with this site's properties
# files (install-template/) and the key file kept outside it (run/keys/), and two running nodes, each holding unsaved
# storage files. Everything it makes is under run/ and .upshift/; the ledger ocs.state.db is removed.
#
#   OCS_URL   the database (default: a SQLite file in run/db/); any upshift --db URL
#   UPSHIFT   the command that runs upshift (default: upshift)
set -eu
cd "$(dirname "$0")"
UPSHIFT=${UPSHIFT:-upshift}
OCS_URL=${OCS_URL:-sqlite:run/db/ocs.db}

for node in node-1 node-2; do
    if [ -d "run/$node" ]; then sh bin/ocs.sh kill "$node"; fi
done
rm -rf run .upshift ocs.state.db ocs.state.db-wal ocs.state.db-shm
mkdir -p run/db run/keys

$UPSHIFT migrate --db "$OCS_URL" --scripts release/ocs --target 8.1.510
$UPSHIFT exec --db "$OCS_URL" --file seed/data.sql
sh bin/ocs.sh install 8.1.510
cp install-template/*.properties run/install/
cp keys-template/cluster.key run/keys/
chmod 600 run/keys/cluster.key
for node in node-1 node-2; do
    mkdir -p "run/$node/storage"
    for n in 1 2 3; do
        printf 'campaign 1 record %s of %s, not yet saved\n' "$n" "$node" >"run/$node/storage/unsaved-$n.dat"
    done
    echo running >"run/$node/monitor"
    sh bin/ocs.sh start "$node"
done
