#!/usr/bin/env bash
# bench/fleet/loop.sh UPSHIFT SCRIPTS TARGETS: the baseline the fleet is measured against, a shell loop of one
# `upshift migrate --db URL --scripts DIR` process per line of TARGETS, in file order. Its output is discarded;
# instead one line per target on stdout, "ENGINE MILLISECONDS" (sqlite or postgres, the process's wall time), for
# the split by engine. The first failure stops the loop with its exit code and the target's name.
set -uo pipefail
upshift="$1" scripts="$2" targets="$3"
while IFS= read -r url; do
    [[ -n "$url" ]] || continue
    t0=$EPOCHREALTIME
    "$upshift" migrate --db "$url" --scripts "$scripts" >/dev/null 2>&1 \
        || { rc=$?; echo "loop: ${url%%\?*}: exit $rc" >&2; exit "$rc"; }
    t1=$EPOCHREALTIME
    echo "${url%%:*} $(( (${t1/./} - ${t0/./}) / 1000 ))"
done <"$targets"
