#!/usr/bin/env bash
# Backup/restore benchmark on MariaDB/MySQL: upshift next to mysqldump on the same database, same run.
#
#   bench/backup/mysql.sh [--rows N] [--jobs N] [--runs N] [--reuse]
#
# Publishes the CLI (Native AOT, as shipped), starts the test server if needed (scripts/test-services.sh), creates
# the database `upshift_bench_mybackup` (three tables: account and event, N rows between them (default 2,000,000):
# integers, varchar, text, decimal, datetime, blob, secondary indexes, a foreign key; and visit, 0.35 N rows keyed
# by UUIDs in CHAR(36) with two more UUID columns, as applications usually store them; --reuse keeps it from an
# earlier run), then times, in --runs rounds (default 3; medians reported):
#   - the floor: the `mariadb` client reading every row (SELECT *) to /dev/null, one connection
#   - mysqldump --single-transaction (plain SQL), and piped through zstd -1
#   - upshift backup --jobs N (zstd:1)
#   - restore: the mysqldump file through the `mariadb` client, and upshift restore --jobs N,
#     each into a new empty database
# and checks that both restored databases hold the same rows as the source (CHECKSUM TABLE).
# Results: a markdown table on stdout and in .work/bench-mybackup/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rows=2000000 jobs=2 runs=3 reuse=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --reuse) reuse=1; shift ;;
        *) echo "usage: $0 [--rows N] [--jobs N] [--runs N] [--reuse]" >&2; exit 2 ;;
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
CREATE FUNCTION uuid_text(m char(32)) RETURNS char(36) DETERMINISTIC
    RETURN CONCAT_WS('-', SUBSTR(m, 1, 8), SUBSTR(m, 9, 4), SUBSTR(m, 13, 4), SUBSTR(m, 17, 4), SUBSTR(m, 21));
CREATE TABLE account (id int PRIMARY KEY, name varchar(80) NOT NULL, balance decimal(14,2) NOT NULL, opened datetime NOT NULL, KEY (name));
INSERT INTO account WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $rows / 10)
    SELECT g, CONCAT('account ', g), g * 1.25, '2020-01-01' + INTERVAL g MINUTE FROM s;
CREATE TABLE event (id bigint AUTO_INCREMENT PRIMARY KEY, account int NOT NULL, kind varchar(20) NOT NULL, at datetime(6) NOT NULL,
    amount decimal(12,2), note text, payload blob, KEY (account, at), KEY (kind), CONSTRAINT event_account FOREIGN KEY (account) REFERENCES account (id));
INSERT INTO event (account, kind, at, amount, note, payload) WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $rows * 9 / 10)
    SELECT 1 + g % ($rows / 10), ELT(1 + g % 4, 'deposit', 'withdrawal', 'fee', 'interest'), '2021-01-01' + INTERVAL g SECOND,
           (g % 10000) / 7, REPEAT(MD5(g), 1 + g % 4), UNHEX(MD5(g)) FROM s;
CREATE TABLE visit (id char(36) NOT NULL PRIMARY KEY, account int NOT NULL, visitor char(36) NOT NULL, agent char(36),
    started datetime NOT NULL, seconds int NOT NULL, channel varchar(16) NOT NULL, KEY (visitor), KEY (account, started));
INSERT INTO visit WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < $rows * 35 / 100)
    SELECT UUID(), 1 + g % ($rows / 10), uuid_text(MD5(g % 50000)), IF(g % 3 = 0, NULL, uuid_text(MD5(-g))),
           '2022-01-01' + INTERVAL g * 13 SECOND, g % 3600, ELT(1 + g % 3, 'phone', 'chat', 'email') FROM s;
SQL
fi
size_bytes=$("${client[@]}" -e "SELECT SUM(DATA_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'")
total_rows=$("${client[@]}" -e "SELECT (SELECT COUNT(*) FROM $db.account) + (SELECT COUNT(*) FROM $db.event) + (SELECT COUNT(*) FROM $db.visit)")

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
declare -A times=() files=()
declare -a order=()
timed() {   # name output-file-or-empty command...: one run of a step, its seconds appended to times[name]
    local name="$1" out="$2" t0
    shift 2
    [[ -n "${times[$name]+set}" ]] || { order+=("$name"); times[$name]=""; }
    t0=$(now)
    "$@" >/dev/null
    times[$name]+="$(since "$t0") "
    printf '%-48s %6.2f s\n' "$name" "$(since "$t0")" >&2
    [[ -z "$out" ]] || files[$name]=$(stat -c %s "$out")
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f-%.1f", lo, hi }'; }
fresh() { "${client[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"; }
checksum() { "${client[@]}" -e "CHECKSUM TABLE $1.account, $1.event, $1.visit" | awk '{ print $2 }' | tr '\n' ' '; }
floor_read() { "${client[@]}" -e "SELECT * FROM $db.account; SELECT * FROM $db.event; SELECT * FROM $db.visit" >/dev/null; }
dump() { mysqldump -h "$host" -P "$port" -u "$user" --single-transaction --routines --triggers --events "$db"; }
dump_zstd() { dump | zstd -1 -q; }
load_dump() { "${client[@]}" "${db}_r1" < "$work/dump.sql"; }
source_sum=$(checksum "$db")
restored() {   # database: checks it holds the source's rows, then drops it
    [[ "$(checksum "$1")" == "$source_sum" ]] || { echo "error: $1 does not hold the rows of $db" >&2; exit 1; }
    "${client[@]}" -e "DROP DATABASE $1"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
row_backup="upshift backup --jobs $jobs (zstd:1)"
row_dumpz="mysqldump --single-transaction | zstd -1"
for round in $(seq 1 "$runs"); do
    echo "round $round of $runs" >&2
    rm -f "$work"/*.sql "$work"/*.zst "$work"/*.upbak
    timed "floor: client reads every row" "" floor_read
    timed "mysqldump --single-transaction" "$work/dump.sql" eval 'dump > "$work/dump.sql"'
    timed "$row_dumpz" "$work/dump.sql.zst" eval 'dump_zstd > "$work/dump.sql.zst"'
    timed "$row_backup" "$work/b.upbak" "${upshift[@]}" backup --db "${url}/$db" --out "$work/b.upbak" --jobs "$jobs"
    if [[ "$round" -eq 1 ]]; then
        # Replaying the dump takes several times as long as anything else here: once is enough.
        fresh "${db}_r1"
        timed "mariadb < mysqldump file" "" load_dump
        restored "${db}_r1"
    fi
    fresh "${db}_r2"
    timed "upshift restore --jobs $jobs" "" "${upshift[@]}" restore --db "${url}/${db}_r2" --in "$work/b.upbak" --jobs "$jobs"
    restored "${db}_r2"
done

m() { median "${times[$1]}"; }
{
    echo "MariaDB $("${client[@]}" -e 'SELECT VERSION()'), $(mb "$size_bytes") MB of table data, $total_rows rows; jobs $jobs; $runs runs; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo
    echo "| what | median s | min-max s | MB/s of table data | file MB |"
    echo "|---|---:|---:|---:|---:|"
    for name in "${order[@]}"; do
        rate=$(awk -v s="$(m "$name")" -v b="$size_bytes" 'BEGIN { printf "%.0f", b / 1e6 / s }')
        echo "| ${name//|/\\|} | $(printf '%.2f' "$(m "$name")") | $(spread "${times[$name]}") | $rate | ${files[$name]:+$(mb "${files[$name]}")} |"
    done
    echo
    echo "- backup: \`mysqldump --single-transaction | zstd -1\` / upshift backup = $(awk -v a="$(m "$row_dumpz")" -v b="$(m "$row_backup")" 'BEGIN { printf "%.2f", a / b }')x (target >= 1.5x); file $(awk -v a="${files[$row_backup]}" -v b="${files[$row_dumpz]}" 'BEGIN { printf "%.2f", a / b }')x the compressed dump's (target <= 1x)"
} | tee "$results"
