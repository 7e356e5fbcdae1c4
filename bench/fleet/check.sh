#!/usr/bin/env bash
# bench/fleet/check.sh TARGETS TABLES VIEWS: checks that every target of TARGETS holds the TABLES tables and VIEWS
# views the release creates (plus the history table), so that a run that skipped anything fails the benchmark.
# SQLite targets are read by one sqlite3 process (ATTACH / DETACH each file), PostgreSQL ones by one psql each.
# Prints the number of targets checked; exits 1 with the first bad target.
set -euo pipefail
targets="$1" tables="$2" views="$3"
want="$((tables + 1))|$views"
sqlite_sql=$(mktemp) && trap 'rm -f "$sqlite_sql"' EXIT
checked=0
while IFS= read -r url; do
    case "$url" in
        sqlite:*)
            path="${url#sqlite:}"
            printf "ATTACH '%s' AS d;\nSELECT '%s|' || (SELECT count(*) FROM d.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%%') || '|' || (SELECT count(*) FROM d.sqlite_master WHERE type = 'view');\nDETACH d;\n" \
                "${path//\'/\'\'}" "${path//\'/\'\'}" >>"$sqlite_sql" ;;
        postgres://*)
            got=$(psql -X -At -v ON_ERROR_STOP=1 -d "$url" -c \
                "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') || '|' || (SELECT count(*) FROM pg_views WHERE schemaname = 'public')")
            [[ "$got" == "$want" ]] || { echo "check: ${url%%\?*}: tables|views $got, expected $want" >&2; exit 1; }
            checked=$((checked + 1)) ;;
        '') ;;
        *) echo "check: unsupported target $url" >&2; exit 1 ;;
    esac
done <"$targets"
if [[ -s "$sqlite_sql" ]]; then
    bad=$(sqlite3 -batch :memory: <"$sqlite_sql" | awk -F'|' -v w="$want" '{ n++ } $2 "|" $3 != w && !bad { bad = $0 } END { print n " " bad }')
    [[ "${bad#* }" == "" ]] || { echo "check: ${bad#* }: tables|views, expected $want" >&2; exit 1; }
    checked=$((checked + ${bad%% *}))
fi
echo "$checked"
