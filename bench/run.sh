#!/usr/bin/env bash
# The one command that runs Upshift's benchmark (see bench/README.md).
#
#   bench/run.sh [--no-modes] [bench options, e.g. --runs 9 --no-peers --no-large --keep]
#   bench/run.sh --baseline REF [--rounds N] [bench options]
#
# 1. starts the throw-away PostgreSQL server of the tests if it is not running (scripts/test-services.sh);
# 2. installs what Native AOT needs (clang, zlib1g-dev) when missing and we are root;
# 3. publishes the `upshift` tool the way src/Upshift.Cli/Upshift.Cli.csproj says (Native AOT) into
#    .work/bench/publish/aot, and, unless --no-modes, also framework-dependent JIT, ReadyToRun and
#    self-contained ReadyToRun builds for the start-up comparison;
# 4. builds bench/Upshift.Bench, which generates the scripts into .work/bench, runs every measurement
#    and prints the tables (also written as Markdown to .work/bench/results.md).
# With --baseline REF (a commit, e.g. the one before a change): builds REF in a git worktree under .work/bench/,
# publishes its tool and builds its bench program, then runs REF's bench and this tree's bench taking turns
# (old, new, old, new ...; --rounds N pairs, default 3; each with --no-peers --runs 3 unless given) and prints one
# table with both columns (bench/README.md, "Old and new in one run"). No publish-mode comparison in this mode.
# Everything it creates lives in .work/ (git-ignored) and in databases named upshift_perf_* (dropped at the end unless --keep).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'bench/run.sh: %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: error: %s\n' "$*" >&2; exit 1; }

modes=1
baseline=""
rounds=3
bench_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-modes) modes=0 ;;
        --baseline) [[ $# -ge 2 ]] || die "--baseline needs a commit"; baseline="$2"; shift ;;
        --rounds) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"; rounds="$2"; shift ;;
        -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_args+=("$1") ;;
    esac
    shift
done
[[ -z "$baseline" ]] || modes=0

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet, see global.json) is not installed or not on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=.work/bench
publish="$work/publish"
mkdir -p "$work"

# --- 1. the database server ------------------------------------------------------------------
if ! scripts/test-services.sh status >/dev/null 2>&1; then
    scripts/test-services.sh start
fi
eval "$(scripts/test-services.sh env)"
[[ -n "${UPSHIFT_TEST_POSTGRES:-}" ]] || die "scripts/test-services.sh env did not give UPSHIFT_TEST_POSTGRES"
command -v psql >/dev/null 2>&1 || die "psql (postgresql-client) is needed for the floor measurement"

# --- 2. Native AOT prerequisites -------------------------------------------------------------
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[[ -e /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
if [[ ${#missing[@]} -gt 0 ]]; then
    [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
        || die "Native AOT needs ${missing[*]}; install them (apt-get install -y ${missing[*]})"
    log "installing ${missing[*]} for Native AOT"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64|arm64) rid=linux-arm64 ;;
    *) die "unsupported machine $(uname -m)" ;;
esac

# --- 3. publish --------------------------------------------------------------------------------
cli=src/Upshift.Cli
publish_one() {
    local name="$1"; shift
    log "publishing upshift ($name) into $publish/$name"
    rm -rf "${publish:?}/$name"
    dotnet publish "$cli" -c Release -o "$publish/$name" "$@" >"$work/publish-$name.log" 2>&1 \
        || { tail -n 40 "$work/publish-$name.log" >&2; die "publish ($name) failed; log: $work/publish-$name.log"; }
}

# The way the project file says: Native AOT.
publish_one aot -r "$rid"
if [[ -n "$baseline" ]]; then
    base_commit="$(git rev-parse --verify --quiet "$baseline^{commit}")" || die "--baseline $baseline is not a commit of this repository"
    base_name="$(git rev-parse --short "$base_commit")"
    base_tree="$work/baseline-src"
    if [[ "$(git -C "$base_tree" rev-parse HEAD 2>/dev/null || true)" != "$base_commit" ]]; then
        log "checking out $base_name into $base_tree"
        git worktree remove --force "$base_tree" >/dev/null 2>&1 || rm -rf "$base_tree"
        git worktree prune
        git worktree add --detach "$base_tree" "$base_commit" >&2
    fi
    log "publishing upshift ($base_name) into $publish/baseline"
    rm -rf "${publish:?}/baseline"
    dotnet publish "$base_tree/$cli" -c Release -r "$rid" -o "$publish/baseline" >"$work/publish-baseline.log" 2>&1 \
        || { tail -n 40 "$work/publish-baseline.log" >&2; die "publish ($base_name) failed; log: $work/publish-baseline.log"; }
    log "building the bench program of $base_name"
    dotnet build "$base_tree/bench/Upshift.Bench" -c Release >"$work/build-baseline.log" 2>&1 \
        || { tail -n 40 "$work/build-baseline.log" >&2; die "build ($base_name) failed; log: $work/build-baseline.log"; }
fi
mode_args=(--mode "aot=$publish/aot/upshift")
if [[ "$modes" -eq 1 ]]; then
    publish_one jit -p:PublishAot=false
    publish_one r2r -r "$rid" --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true
    publish_one r2r-sc -r "$rid" --self-contained true -p:PublishAot=false -p:PublishReadyToRun=true
    mode_args=(--mode "jit=$publish/jit/upshift" --mode "r2r=$publish/r2r/upshift"
        --mode "r2r-sc=$publish/r2r-sc/upshift" --mode "aot=$publish/aot/upshift")
else
    mode_args=()
fi

# --- 4. the benchmark --------------------------------------------------------------------------
log "building bench/Upshift.Bench"
dotnet build bench/Upshift.Bench -c Release >"$work/build.log" 2>&1 \
    || { tail -n 40 "$work/build.log" >&2; die "build failed; log: $work/build.log"; }

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit+local-changes"
fi

if [[ -n "$baseline" ]]; then
    compare="$work/compare"
    rm -rf "$compare"
    mkdir -p "$compare"
    start_load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    started="$(date -u '+%Y-%m-%d %H:%M UTC')"
    olds=() news=()
    # Old, new, old, new ...: a change of the machine's speed during the run spreads over both.
    for round in $(seq 1 "$rounds"); do
        for side in old new; do
            if [[ "$side" == old ]]; then
                program="$base_tree/bench/Upshift.Bench/bin/Release/net10.0/Upshift.Bench.dll" tool="$publish/baseline/upshift" name="$base_name"
            else
                program="bench/Upshift.Bench/bin/Release/net10.0/Upshift.Bench.dll" tool="$publish/aot/upshift" name="$commit"
            fi
            log "round $round/$rounds: $side ($name); output in $compare/$side-$round.log"
            # A run that fails (a shared server timing out) is tried once more, then left out of the table.
            for attempt in 1 2; do
                if dotnet "$program" run --work "$work/$side" --pg "$UPSHIFT_TEST_POSTGRES" --upshift "$tool" --commit "$name" \
                    --no-peers --runs 3 "${bench_args[@]}" --markdown "$compare/$side-$round.md" >"$compare/$side-$round.log" 2>&1; then
                    if [[ "$side" == old ]]; then olds+=(--old "$compare/$side-$round.md"); else news+=(--new "$compare/$side-$round.md"); fi
                    break
                fi
                tail -n 5 "$compare/$side-$round.log" >&2
                log "the bench of $side ($name) failed (attempt $attempt); log: $compare/$side-$round.log"
                cp "$compare/$side-$round.log" "$compare/$side-$round.failed-$attempt.log"
            done
        done
    done
    [[ ${#olds[@]} -gt 0 && ${#news[@]} -gt 0 ]] || die "no complete run of old and new; logs in $compare"
    printf '\ndate: %s\nmachine: %s cores (nproc), %s\nload average (1, 5, 15 min) at the start: %s; at the end: %s\n' \
        "$started" "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)" "$start_load" \
        "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    exec dotnet bench/Upshift.Bench/bin/Release/net10.0/Upshift.Bench.dll compare --old-name "$base_name" --new-name "$commit" \
        "${olds[@]}" "${news[@]}" --markdown "$compare/results.md"
fi

log "running (this takes a few minutes; the set-up of 10,000 applied scripts alone takes about half a minute)"
exec dotnet bench/Upshift.Bench/bin/Release/net10.0/Upshift.Bench.dll run \
    --work "$work" --pg "$UPSHIFT_TEST_POSTGRES" --upshift "$publish/aot/upshift" \
    --commit "$commit" "${mode_args[@]}" --markdown "$work/results.md" "${bench_args[@]}"
