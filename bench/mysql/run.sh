#!/usr/bin/env bash
# MariaDB/MySQL part of the core benchmark: 1,000 migrations applied, then a no-op run, against the
# floor of the mysql client running the same scripts concatenated into one file.
#
#   bench/mysql/run.sh [count]        (default 1000)
#
# Needs a server URL in BENCH_MYSQL_URL or UPSHIFT_TEST_MYSQL (mysql://user:pass@host:port/any-db;
# `eval "$(scripts/test-services.sh env)"` gives the test server's) and the mariadb or mysql client.
# Creates and drops two databases named upshift_bench_*. Prints one markdown table.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
count="${1:-1000}"
url="${BENCH_MYSQL_URL:-${UPSHIFT_TEST_MYSQL:-}}"
[[ -n "$url" ]] || { echo "error: set BENCH_MYSQL_URL or UPSHIFT_TEST_MYSQL (mysql://user:pass@host:port/db)" >&2; exit 2; }

client="$(command -v mariadb || command -v mysql || true)"
[[ -n "$client" ]] || { echo "error: the mariadb (or mysql) client is not installed" >&2; exit 2; }

# mysql://user:pass@host:port/db -> client arguments (no percent-decoding: keep test credentials plain).
rest="${url#*://}"
userinfo="${rest%%@*}"
hostpart="${rest#*@}"
hostport="${hostpart%%/*}"
user="${userinfo%%:*}"
export MYSQL_PWD="${userinfo#*:}"
host="${hostport%%:*}"
port="${hostport##*:}"
[[ "$port" != "$hostport" ]] || port=3306
sql() { "$client" --no-defaults --protocol=TCP -h "$host" -P "$port" -u "$user" "$@"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/upshift-bench-mysql.XXXXXX")"
suffix="$$"
db_tool="upshift_bench_tool_$suffix"
db_floor="upshift_bench_floor_$suffix"
cleanup() {
    sql -e "DROP DATABASE IF EXISTS $db_tool; DROP DATABASE IF EXISTS $db_floor" || true
    rm -rf "$work"
}
trap cleanup EXIT

# The same kind of script as the other engines' benchmark: a table and a row per version.
mkdir -p "$work/scripts"
for ((i = 1; i <= count; i++)); do
    printf 'CREATE TABLE t_%d (id INT NOT NULL PRIMARY KEY, v VARCHAR(20) NOT NULL);\nINSERT INTO t_%d VALUES (1, '\''v%d'\'');\n' "$i" "$i" "$i" >"$work/scripts/V${i}__step.sql"
    cat "$work/scripts/V${i}__step.sql" >>"$work/all.sql"
done

dotnet build -c Release src/Upshift.Cli -v quiet -nologo >/dev/null
upshift=(dotnet src/Upshift.Cli/bin/Release/net10.0/upshift.dll)

seconds() { local start=$1 end=$2; awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
now() { date +%s%N; }

sql -e "CREATE DATABASE $db_tool; CREATE DATABASE $db_floor"
base="${url%/*}"

start=$(now)
"${upshift[@]}" migrate --db "$base/$db_tool" --scripts "$work/scripts" >/dev/null
apply=$(seconds "$start" "$(now)")

noops=()
for _ in 1 2 3 4 5; do
    start=$(now)
    "${upshift[@]}" migrate --db "$base/$db_tool" --scripts "$work/scripts" >/dev/null
    noops+=("$(seconds "$start" "$(now)")")
done
noop="$(printf '%s\n' "${noops[@]}" | sort -n | sed -n 3p)"

start=$(now)
sql "$db_floor" <"$work/all.sql"
floor=$(seconds "$start" "$(now)")

applied="$(sql -N -e "SELECT COUNT(*) FROM $db_tool.upshift_history WHERE success = 1")"
[[ "$applied" -eq "$count" ]] || { echo "error: $applied of $count scripts recorded" >&2; exit 1; }

server="$(sql -N -e 'SELECT VERSION()')"
echo "| engine | scripts | upshift migrate (all applied) | upshift no-op run (median of 5) | floor: $(basename "$client") < concatenated scripts |"
echo "|---|---|---|---|---|"
echo "| MariaDB $server | $count | ${apply} s | ${noop} s | ${floor} s |"
