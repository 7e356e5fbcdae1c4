#!/usr/bin/env bash
# Fleet benchmark: `upshift migrate --targets FILE` against a shell loop of one `upshift migrate` per target.
#
#   bench/fleet/run.sh [--runs N] [--quick] [--reuse-build]
#
# Two parts, each from fresh targets every run (new SQLite files, PostgreSQL databases dropped and created again):
#  1. mixed fleet: 200 SQLite + 50 PostgreSQL targets (every fifth line of the targets file is PostgreSQL), a
#     20-script release; the loop, then the fleet at --parallel 1, 4 and 8, taking turns run by run;
#  2. large fleet: 10,000 SQLite targets, a 5-script release, the fleet at --parallel 8.
# Each row: wall time (median, min-max over --runs, default 3), targets/s and peak RSS (/usr/bin/time %M; for the
# loop, the largest of its processes), and for the large fleet the size of the ledger (FILE.state.db).
# --quick: a smoke run (20 SQLite + 5 PostgreSQL, 500 SQLite), one run unless --runs says otherwise.
# --reuse-build: use .work/bench-fleet/publish/upshift if it is there instead of publishing again (~3 min).
#
# The PostgreSQL server is the tests' (scripts/test-services.sh, 127.0.0.1:55432): used as it is when it answers,
# started otherwise (set UPSHIFT_TEST_DIR when the servers belong to another checkout). The databases are named
# upshift_fleet_bench_N and dropped at the end. Everything else goes to .work/bench-fleet/ (git-ignored).
# Results: a markdown table on stdout and in .work/bench-fleet/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs="" quick=0 reuse_build=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --quick) quick=1; shift ;;
        --reuse-build) reuse_build=1; shift ;;
        *) echo "usage: $0 [--runs N] [--quick] [--reuse-build]" >&2; exit 2 ;;
    esac
done
if [[ "$quick" -eq 1 ]]; then
    n_sqlite=20 n_pg=5 n_large=500 runs="${runs:-1}"
else
    n_sqlite=200 n_pg=50 n_large=10000 runs="${runs:-3}"
fi
n_mixed=$((n_sqlite + n_pg))
parallels=(1 4 8)
large_parallel=8
rss_limit_mb=300
speedup_target=3

for tool in psql sqlite3 dotnet; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
if [[ ! -x /usr/bin/time ]]; then   # GNU time, for the peak RSS (%M)
    [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null \
        || { echo "error: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

# The test server: used as it is when it answers, started otherwise.
eval "$(scripts/test-services.sh env)"
admin="$UPSHIFT_TEST_POSTGRES?sslmode=disable"        # postgres://user:pass@host:port/postgres
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
if ! psqlq -At -d "$admin" -c 'SELECT 1' >/dev/null 2>&1; then
    scripts/test-services.sh start >/dev/null
    eval "$(scripts/test-services.sh env)"
    admin="$UPSHIFT_TEST_POSTGRES?sslmode=disable"
fi
pg_base="${UPSHIFT_TEST_POSTGRES%/*}"
pg_db() { echo "upshift_fleet_bench_$1"; }

work="$PWD/.work/bench-fleet"
mkdir -p "$work"
results="$work/results.md"
source bench/backup/publish.sh
reuse_or_publish_upshift "$work/publish" "$reuse_build"

cleanup() {
    local sql="SET client_min_messages = warning;"$'\n' i
    for i in $(seq 1 "$n_pg"); do sql+="DROP DATABASE IF EXISTS $(pg_db "$i") WITH (FORCE);"$'\n'; done
    psqlq -d "$admin" <<<"$sql" >/dev/null 2>&1 || echo "warning: could not drop the upshift_fleet_bench_* databases" >&2
    rm -rf "$work/mixed" "$work/large"
}
trap cleanup EXIT

# The releases and the targets files (the SQLite files do not exist yet: migrate creates them).
read -r tables20 views20 < <(bench/fleet/gen-scripts.sh 20 "$work/scripts-20")
read -r tables5 views5 < <(bench/fleet/gen-scripts.sh 5 "$work/scripts-5")
mkdir -p "$work/mixed" "$work/large"
mixed_targets="$work/mixed/targets.txt" large_targets="$work/large/targets.txt"
{
    s=0 p=0
    for i in $(seq 1 "$n_mixed"); do
        if (( i % 5 == 0 && p < n_pg )) || (( s >= n_sqlite )); then
            p=$((p + 1)); echo "$pg_base/$(pg_db "$p")?sslmode=disable"
        else
            s=$((s + 1)); echo "sqlite:$work/mixed/db/t$s.db"
        fi
    done
} >"$mixed_targets"
for i in $(seq 1 "$n_large"); do echo "sqlite:$work/large/db/t$i.db"; done >"$large_targets"

fresh_mixed() {   # new SQLite files (none), PostgreSQL databases dropped and created again, an empty ledger
    local sql="SET client_min_messages = warning;"$'\n' i
    rm -rf "$work/mixed/db" "$mixed_targets".state.db* && mkdir -p "$work/mixed/db"
    for i in $(seq 1 "$n_pg"); do
        sql+="DROP DATABASE IF EXISTS $(pg_db "$i") WITH (FORCE);"$'\n'"CREATE DATABASE $(pg_db "$i");"$'\n'
    done
    psqlq -d "$admin" <<<"$sql" >/dev/null
}
fresh_large() { rm -rf "$work/large/db" "$large_targets".state.db* && mkdir -p "$work/large/db"; }
# Every timed step starts with the server's dirty pages written and the page cache's dirty SQLite pages synced.
settle() { psqlq -d "$admin" -c CHECKPOINT >/dev/null; sync; }

now() { date +%s.%N; }
declare -A walls=() rsss=() extra=()
declare -a order=()
measure() {   # name targets-count command...: one timed run; wall seconds and peak RSS (KB) appended
    local name="$1" count="$2" t0 t1 rc=0
    shift 2
    [[ -n "${walls[$name]+set}" ]] || { order+=("$name"); walls[$name]=""; rsss[$name]=""; extra[$name]="$count"; }
    settle
    t0=$(now)
    /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/last.log" 2>&1 || rc=$?
    t1=$(now)
    if [[ "$rc" -ne 0 ]]; then
        echo "error: $name exited $rc" >&2; tail -n 20 "$work/last.log" >&2; exit 1
    fi
    walls[$name]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') "
    rsss[$name]+="$(tail -n 1 "$work/rss") "
    echo "  $name: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'), peak RSS $(( $(tail -n 1 "$work/rss") / 1024 )) MB" >&2
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
maxof() { tr ' ' '\n' <<<"$1" | grep . | sort -g | tail -n 1; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

ledger_done() { sqlite3 "$1.state.db" "SELECT count(*) FROM upshift_fleet WHERE state = 'done'"; }

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null || echo '+local changes in src')"
started="$(date -u '+%Y-%m-%d %H:%M')" load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
row_loop="loop: one \`upshift migrate --db URL\` per target"
row_p1="fleet: \`migrate --targets --parallel 1\`"
declare -a ledger_bytes=() loop_sq=() loop_pg=() p1_sq=() p1_pg=() round_ratio=()
# Milliseconds spent on the SQLite and on the PostgreSQL targets ("SQLITE PG"): the loop's lines "ENGINE MS", and the
# fleet's "[i/n] NAME: done: FROM -> TO in 63 ms" (or "in 1.2 s").
split_loop() { awk '{ t[$1] += $2 } END { printf "%.0f %.0f\n", t["sqlite"], t["postgres"] }'; }
split_fleet() { awk '/: done: / { ms = ($NF == "s") ? $(NF - 1) * 1000 : $(NF - 1); t[($2 ~ /^sqlite:/) ? "sqlite" : "postgres"] += ms } END { printf "%.0f %.0f\n", t["sqlite"], t["postgres"] }'; }
last() { tr ' ' '\n' <<<"$1" | grep . | tail -n 1; }
for round in $(seq 1 "$runs"); do
    echo "round $round of $runs: $n_sqlite SQLite + $n_pg PostgreSQL targets, 20 scripts" >&2
    fresh_mixed
    measure "$row_loop" "$n_mixed" bench/fleet/loop.sh "${upshift[0]}" "$work/scripts-20" "$mixed_targets"
    read -r sq pg < <(split_loop <"$work/last.log"); loop_sq+=("$sq"); loop_pg+=("$pg")
    bench/fleet/check.sh "$mixed_targets" "$tables20" "$views20" >/dev/null
    for p in "${parallels[@]}"; do
        fresh_mixed
        measure "fleet: \`migrate --targets --parallel $p\`" "$n_mixed" \
            "${upshift[@]}" migrate --targets "$mixed_targets" --scripts "$work/scripts-20" --parallel "$p"
        if [[ "$p" -eq 1 ]]; then
            read -r sq pg < <(split_fleet <"$work/last.log"); p1_sq+=("$sq"); p1_pg+=("$pg")
            round_ratio+=("$(awk -v a="$(last "${walls[$row_loop]}")" -v b="$(last "${walls[$row_p1]}")" 'BEGIN { printf "%.2f", a / b }')")
        fi
        [[ "$(ledger_done "$mixed_targets")" -eq "$n_mixed" ]] || { echo "error: the ledger does not have all $n_mixed targets done" >&2; exit 1; }
        bench/fleet/check.sh "$mixed_targets" "$tables20" "$views20" >/dev/null
    done
    echo "round $round of $runs: $n_large SQLite targets, 5 scripts, --parallel $large_parallel" >&2
    fresh_large
    measure "fleet: \`migrate --targets --parallel $large_parallel\`, $n_large SQLite, 5 scripts" "$n_large" \
        "${upshift[@]}" migrate --targets "$large_targets" --scripts "$work/scripts-5" --parallel "$large_parallel"
    [[ "$(ledger_done "$large_targets")" -eq "$n_large" ]] || { echo "error: the ledger does not have all $n_large targets done" >&2; exit 1; }
    bench/fleet/check.sh "$large_targets" "$tables5" "$views5" >/dev/null
    ledger_bytes+=("$(stat -c %s "$large_targets.state.db")")
    ls "$large_targets".state.db-* >/dev/null 2>&1 && echo "note: the ledger left $(ls "$large_targets".state.db-* | xargs -n1 basename) beside it" >&2
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)" ended="$(date -u '+%H:%M')"

m() { median "${walls[$1]}"; }
row_large="fleet: \`migrate --targets --parallel $large_parallel\`, $n_large SQLite, 5 scripts"
speedup=$(awk -v a="$(m "$row_loop")" -v b="$(m "$row_p1")" 'BEGIN { printf "%.2f", a / b }')
large_rss_mb=$(mb "$(maxof "${rsss[$row_large]}")")
ledger_median=$(median "${ledger_bytes[*]}")
{
    echo "date: $started-$ended UTC; commit $commit; $runs runs"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"); PostgreSQL $(psqlq -At -d "$admin" -c 'SHOW server_version' | cut -d' ' -f1) (fsync $(psqlq -At -d "$admin" -c 'SHOW fsync'), synchronous_commit $(psqlq -At -d "$admin" -c 'SHOW synchronous_commit')); SQLite files on $(df -T "$work" | awk 'NR == 2 { print $2 }')"
    echo "load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
    echo
    echo "| what | targets | median s | min-max s | targets/s | peak RSS MB (median, max) |"
    echo "|---|--:|--:|--:|--:|--:|"
    for name in "${order[@]}"; do
        med=$(m "$name")
        echo "| $name | ${extra[$name]} | $(printf '%.2f' "$med") | $(spread "${walls[$name]}") | $(awk -v n="${extra[$name]}" -v s="$med" 'BEGIN { printf "%.1f", n / s }') | $(mb "$(median "${rsss[$name]}")"), $(mb "$(maxof "${rsss[$name]}")") |"
    done
    echo
    per() { awk -v ms="$(median "$1")" -v n="$2" 'BEGIN { printf "%.0f", ms / n }'; }
    echo "Loop against the fleet at \`--parallel 1\`, by engine (time spent on each engine's targets, median of the runs, ms a target):"
    echo
    echo "| targets | loop ms a target | fleet \`--parallel 1\` ms a target | loop / fleet |"
    echo "|---|--:|--:|--:|"
    echo "| $n_sqlite SQLite | $(per "${loop_sq[*]}" "$n_sqlite") | $(per "${p1_sq[*]}" "$n_sqlite") | $(awk -v a="$(median "${loop_sq[*]}")" -v b="$(median "${p1_sq[*]}")" 'BEGIN { printf "%.2f", a / b }') |"
    echo "| $n_pg PostgreSQL | $(per "${loop_pg[*]}" "$n_pg") | $(per "${p1_pg[*]}" "$n_pg") | $(awk -v a="$(median "${loop_pg[*]}")" -v b="$(median "${p1_pg[*]}")" 'BEGIN { printf "%.2f", a / b }') |"
    echo
    echo "Loop / fleet \`--parallel 1\` in each round (the two ran back to back): ${round_ratio[*]} (median $(median "${round_ratio[*]}"))"
    echo
    echo "Ledger of the $n_large-target fleet: $ledger_median bytes ($(awk -v b="$ledger_median" -v n="$n_large" 'BEGIN { printf "%.0f", b / n }') bytes a target; runs: ${ledger_bytes[*]})"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    echo "| fleet at \`--parallel 1\` at least ${speedup_target}x faster than the loop | loop / fleet = ${speedup}x ($(printf '%.2f' "$(m "$row_loop")") s / $(printf '%.2f' "$(m "$row_p1")") s) | $(awk -v s="$speedup" -v t="$speedup_target" -v l="$(m "$row_loop")" -v f="$(m "$row_p1")" 'BEGIN { if (s >= t) print "met"; else printf "MISSED: %.2fx short; the fleet would need %.2f s, %.0f%% less", t - s, l / t, (1 - l / t / f) * 100 }') |"
    echo "| peak RSS of the $n_large-target fleet under $rss_limit_mb MB | ${large_rss_mb} MB (largest of $runs runs) | $( (( large_rss_mb < rss_limit_mb )) && echo met || echo "MISSED by $((large_rss_mb - rss_limit_mb)) MB") |"
} | tee "$results"
