#!/usr/bin/env bash
# The one command that runs Upshift's benchmark (see bench/README.md).
#
#   bench/run.sh [--no-modes] [bench options, e.g. --runs 9 --no-peers --no-large --keep]
#
# 1. starts the throw-away PostgreSQL server of the tests if it is not running (scripts/test-services.sh);
# 2. installs what Native AOT needs (clang, zlib1g-dev) when missing and we are root;
# 3. publishes the `upshift` tool the way src/Upshift.Cli/Upshift.Cli.csproj says (Native AOT) into
#    .work/bench/publish/aot, and, unless --no-modes, also framework-dependent JIT, ReadyToRun and
#    self-contained ReadyToRun builds for the start-up comparison;
# 4. builds bench/Upshift.Bench, which generates the scripts into .work/bench, runs every measurement
#    and prints the tables (also written as Markdown to .work/bench/results.md).
# Everything it creates lives in .work/ (git-ignored) and in databases named upshift_perf_* (dropped at the end unless --keep).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'bench/run.sh: %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: error: %s\n' "$*" >&2; exit 1; }

modes=1
bench_args=()
for arg in "$@"; do
    case "$arg" in
        --no-modes) modes=0 ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_args+=("$arg") ;;
    esac
done

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

log "running (this takes a few minutes; the set-up of 10,000 applied scripts alone takes about half a minute)"
exec dotnet bench/Upshift.Bench/bin/Release/net10.0/Upshift.Bench.dll run \
    --work "$work" --pg "$UPSHIFT_TEST_POSTGRES" --upshift "$publish/aot/upshift" \
    --commit "$commit" "${mode_args[@]}" --markdown "$work/results.md" "${bench_args[@]}"
