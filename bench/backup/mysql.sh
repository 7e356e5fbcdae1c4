#!/usr/bin/env bash
# Backup/restore benchmark on MariaDB/MySQL: upshift next to mysqldump on the same database, same run.
#
#   bench/backup/mysql.sh [--rows N] [--jobs N] [--reuse]
#
# Builds the CLI (Release), starts the test server if needed (scripts/test-services.sh), creates the
# database `upshift_bench_mybackup` (two tables, N rows in all (default 2,000,000): integers,
# varchar, text, decimal, datetime, blob, secondary indexes, a foreign key; --reuse keeps it from an
# earlier run), then times:
#   - the floor: the `mariadb` client reading every row (SELECT *) to /dev/null, one connection
#   - mysqldump --single-transaction (plain SQL), and piped through zstd -1
#   - upshift backup --jobs N (zstd:1)
#   - restore: the mysqldump file through the `mariadb` client, and upshift restore --jobs N,
#     each into a new empty database
# and checks that both restored databases hold the same rows as the source (CHECKSUM TABLE).
# Results: a markdown table on stdout and in .work/bench-mybackup/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rows=2000000 jobs=2 reuse=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --reuse) reuse=1; shift ;;
        *) echo "usage: $0 [--rows N] [--jobs N] [--reuse]" >&2; exit 2 ;;
    esac
done

for tool in mariadb mysqldump zstd dotnet; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done

scripts/test-services.sh status >/dev/null 2>&1 || scripts/test-services.sh start
eval "$(scripts/test-services.sh env)"
url="${UPSHIFT_TEST_MYSQL%/*}"
hostport="${url#*@}"
host="${hostport%:*}" port="${hostport#*:}"
creds="${url#mysql://}"; creds="${creds%@*}"
user="${creds%%:*}"
export MYSQL_PWD="${creds#*:}"
client=(mariadb -h "$host" -P "$port" -u "$user" --batch --skip-column-names)

work=.work/bench-mybackup
mkdir -p "$work"
results="$work/results.md"
source bench/backup/publish.sh
publish_upshift "$work/publish"

db=upshift_bench_mybackup
if [[ $reuse == 0 ]] || ! "${client[@]}" -e "USE $db" 2>/dev/null; then
    echo "creating $db with $rows rows ..." >&2
    "${client[@]}" -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
    "${client[@]}" "$db" <<SQL
SET SESSION max_recursive_iterations = 100000000;
CREATE TABLE account (id int PRIMARY KEY, name varchar(80) NOT NULL, balance decimal(14,2) NOT NULL, opened datetime NOT NULL, KEY (name));
INSERT INTO account WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $rows / 10)
    SELECT g, CONCAT('account ', g), g * 1.25, '2020-01-01' + INTERVAL g MINUTE FROM s;
CREATE TABLE event (id bigint AUTO_INCREMENT PRIMARY KEY, account int NOT NULL, kind varchar(20) NOT NULL, at datetime(6) NOT NULL,
    amount decimal(12,2), note text, payload blob, KEY (account, at), KEY (kind), CONSTRAINT event_account FOREIGN KEY (account) REFERENCES account (id));
INSERT INTO event (account, kind, at, amount, note, payload) WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $rows * 9 / 10)
    SELECT 1 + g % ($rows / 10), ELT(1 + g % 4, 'deposit', 'withdrawal', 'fee', 'interest'), '2021-01-01' + INTERVAL g SECOND,
           (g % 10000) / 7, REPEAT(MD5(g), 1 + g % 4), UNHEX(MD5(g)) FROM s;
SQL
fi
size_bytes=$("${client[@]}" -e "SELECT SUM(DATA_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'")
total_rows=$("${client[@]}" -e "SELECT (SELECT COUNT(*) FROM $db.account) + (SELECT COUNT(*) FROM $db.event)")

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
table=()
record() { # name seconds [file bytes]
    local rate; rate=$(awk -v s="$2" -v b="$size_bytes" 'BEGIN { printf "%.0f", b / 1e6 / s }')
    table+=("| $1 | $(printf '%.1f' "$2") | $rate | ${3:+$(mb "$3")} |")
    printf '%-44s %6.1f s  %5s MB/s  %s\n' "$1" "$2" "$rate" "${3:+$(mb "$3") MB}" >&2
}
fresh() { "${client[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"; }
checksum() { "${client[@]}" -e "CHECKSUM TABLE $1.account, $1.event" | awk '{ print $2 }' | tr '\n' ' '; }

rm -f "$work"/*.sql "$work"/*.zst "$work"/*.upbak
start=$(now); "${client[@]}" -e "SELECT * FROM $db.account; SELECT * FROM $db.event" >/dev/null; record "floor: client reads every row" "$(since "$start")"
start=$(now); mysqldump -h "$host" -P "$port" -u "$user" --single-transaction --routines --triggers --events "$db" > "$work/dump.sql"
record "mysqldump --single-transaction" "$(since "$start")" "$(stat -c %s "$work/dump.sql")"
start=$(now); mysqldump -h "$host" -P "$port" -u "$user" --single-transaction --routines --triggers --events "$db" | zstd -1 -q > "$work/dump.sql.zst"
record "mysqldump --single-transaction \\| zstd -1" "$(since "$start")" "$(stat -c %s "$work/dump.sql.zst")"
start=$(now); "${upshift[@]}" backup --db "${url}/$db" --out "$work/b.upbak" --jobs "$jobs" >/dev/null
record "upshift backup --jobs $jobs (zstd:1)" "$(since "$start")" "$(stat -c %s "$work/b.upbak")"

fresh "${db}_r1"
start=$(now); "${client[@]}" "${db}_r1" < "$work/dump.sql"; record "mariadb < mysqldump file" "$(since "$start")"
fresh "${db}_r2"
start=$(now); "${upshift[@]}" restore --db "${url}/${db}_r2" --in "$work/b.upbak" --jobs "$jobs" >/dev/null; record "upshift restore --jobs $jobs" "$(since "$start")"

source_sum=$(checksum "$db")
for restored in "${db}_r1" "${db}_r2"; do
    [[ "$(checksum "$restored")" == "$source_sum" ]] || { echo "error: $restored does not hold the rows of $db" >&2; exit 1; }
done
"${client[@]}" -e "DROP DATABASE ${db}_r1; DROP DATABASE ${db}_r2"

{
    echo "MariaDB $("${client[@]}" -e 'SELECT VERSION()'), $(mb "$size_bytes") MB of table data, $total_rows rows; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "| what | seconds | MB/s of table data | file MB |"
    echo "|---|---:|---:|---:|"
    printf '%s\n' "${table[@]}"
} | tee "$results"
