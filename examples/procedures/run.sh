#!/bin/sh
# Runs one example procedure end to end on SQLite, from scratch, then once more to show that a rerun is a no-op.
#
#   examples/procedures/run.sh A|B|D|D65|E      (D65: procedure D's 6.5 path, a new database and a two-step copy)
#
# Each example's setup.sh resets its runtime state (run/, .upshift/, the ledger) and starts its stand-in services;
# then `upshift run` runs the runbook. Waits that take hours in real life (the 24h HA soak, the week before dropping
# the old release's tables) are shortened with --var for the demo. upshift: $UPSHIFT, else `upshift` on PATH, else
# this repository's CLI (built on first use).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ -z "${UPSHIFT:-}" ]; then
    if command -v upshift >/dev/null 2>&1; then
        UPSHIFT=upshift
    else
        dll="$repo/src/Upshift.Cli/bin/Release/net10.0/upshift.dll"
        if [ ! -f "$dll" ]; then
            echo "== building the upshift CLI (once)"
            dotnet build "$repo/src/Upshift.Cli" -c Release -v quiet -nologo >/dev/null
        fi
        UPSHIFT="dotnet $dll"
    fi
fi
export UPSHIFT

case ${1:-} in
    A) folder=A-interaction-concentrator runbook=icon.yaml demo="--var HA_SOAK=3s --var DROP_AFTER=2s" ;;
    B) folder=B-reporting-mart runbook=mart.yaml demo="" ;;
    D) folder=D-workforce-inplace runbook=wfm.yaml demo="" ;;
    D65) folder=workforce-6.5 runbook=wfm.yaml demo="" ;;
    E) folder=E-campaign-engine runbook=ocs.yaml demo="--var FLUSH_TIMEOUT=3s" ;;
    *) echo "usage: run.sh A|B|D|D65|E" >&2; exit 2 ;;
esac

cd "$here/$folder"
echo "== setup: $folder (runtime state reset, stand-in services started)"
sh ./setup.sh

echo
echo "== upshift run $runbook $demo"
set +e
# shellcheck disable=SC2086 # $UPSHIFT and $demo are word lists
$UPSHIFT run "$runbook" $demo
code=$?
if [ "$folder" = E-campaign-engine ] && [ "$code" -eq 5 ]; then
    # Procedure E: a flush stalled on stale rows pauses; the operator lets the runbook mark them ignored.
    echo
    echo "== the flush stalled (exit 5); as the procedure says, mark the stale rows ignored: --allow flushed"
    $UPSHIFT run "$runbook" $demo --allow flushed
    code=$?
fi
set -e
[ "$code" -eq 0 ] || { echo "the run ended with exit $code; see: $UPSHIFT run $folder/$runbook --status" >&2; exit "$code"; }

echo
echo "== rerun: every step is done already, nothing runs"
# shellcheck disable=SC2086
$UPSHIFT run "$runbook" $demo
