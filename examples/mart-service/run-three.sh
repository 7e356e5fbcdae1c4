#!/usr/bin/env bash
# Three replicas of the mart service against one PostgreSQL database, started at once (procedure C on one machine).
#
#   examples/mart-service/run-three.sh [DB_URL]
#
# DB_URL defaults to a database `mart` on the tests' throw-away server (scripts/test-services.sh, created here).
# Replicas listen on 127.0.0.1:5101-5103; their logs go to .work/mart-service/replica-N.log. One migrates, the
# others wait on the migration lock and then find nothing to do. The script polls each /health/ready until all three
# answer 200, prints the bodies, and stops the replicas (Ctrl+C stops them earlier).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ $# -ge 1 ]]; then
    db="$1"
else
    eval "$(scripts/test-services.sh env)"
    scripts/test-services.sh status >/dev/null 2>&1 || scripts/test-services.sh start >/dev/null
    psql -X -q "$UPSHIFT_TEST_POSTGRES?sslmode=disable" -c "CREATE DATABASE mart" 2>/dev/null || true
    db="${UPSHIFT_TEST_POSTGRES%/*}/mart"
fi

dotnet build examples/mart-service/MartService.csproj -c Release -v q -nologo >/dev/null
logs=.work/mart-service
mkdir -p "$logs"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for n in 1 2 3; do
    Upshift__Db="$db" ASPNETCORE_URLS="http://127.0.0.1:510$n" Mart__CycleSeconds=5 \
        dotnet examples/mart-service/bin/Release/net10.0/MartService.dll >"$logs/replica-$n.log" 2>&1 &
    pids+=("$!")
done

for n in 1 2 3; do
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:510$n/health/ready")" == 200 ]]; do
        sleep 0.2
    done
    printf 'replica %s: ' "$n"
    curl -s "http://127.0.0.1:510$n/health/ready"
    echo
done
