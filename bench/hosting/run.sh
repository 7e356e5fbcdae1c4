#!/usr/bin/env bash
# Start-up cost of AddUpshift: host start to Healthy with nothing pending, against the same host without it.
#
#   bench/hosting/run.sh [--runs N]      (default 15 runs of each, taking turns)
#
# Uses the tests' PostgreSQL (scripts/test-services.sh, 127.0.0.1:55432): as it is when it answers, started
# otherwise. Creates one database (upshift_bench_hosting_PID) and drops it at the end. Prints a markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs=15
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
    esac
done

eval "$(scripts/test-services.sh env)"
if ! scripts/test-services.sh status >/dev/null 2>&1; then
    scripts/test-services.sh start >/dev/null
    eval "$(scripts/test-services.sh env)"
fi

dotnet build bench/hosting/HostingBench/HostingBench.csproj -c Release -v q -nologo >&2
exec dotnet bench/hosting/HostingBench/bin/Release/net10.0/HostingBench.dll bench --runs "$runs"
