# Sourced by the backup benchmarks: publishes the CLI the way the project file says (Native AOT, as shipped) into
# $1 and sets `upshift` to the command. Under the JIT, compiling the code paths of a backup (ZstdSharp among them)
# costs about as much CPU as the rest of the client does, which is not what users run.
publish_upshift() {
    local into="$1" rid
    case "$(uname -m)" in
        x86_64) rid=linux-x64 ;;
        aarch64|arm64) rid=linux-arm64 ;;
        *) echo "error: unsupported machine $(uname -m)" >&2; exit 2 ;;
    esac
    mkdir -p "$into"
    dotnet publish src/Upshift.Cli -c Release -r "$rid" -o "$into" -v quiet -nologo >"$into.log" 2>&1 \
        || { tail -n 40 "$into.log" >&2; exit 1; }
    upshift=("$into/upshift")
}

# The same, unless $2 is 1 and $1 already holds a published tool (--reuse-build of the fleet and runbook benchmarks).
reuse_or_publish_upshift() {
    if [[ "$2" -eq 1 && -x "$1/upshift" ]]; then
        upshift=("$1/upshift")
    else
        echo "publishing upshift (Native AOT)" >&2
        publish_upshift "$1"
    fi
}
