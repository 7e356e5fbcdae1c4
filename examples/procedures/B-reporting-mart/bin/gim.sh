#!/bin/sh
# Stand-in for the reporting mart's server of procedure B (run/gim/): enough of a service for the runbook's exec and
# wait-until steps to do real work.
#
#   gim.sh start|stop|status|kill   the server in the background; stop takes a moment (GIM_STOP_SECONDS, 0.5);
#                                   status prints "running" (exit 0) or "not running" (exit 3)
#   gim.sh scheduler on|off         run-scheduler in run/gim/gim.properties
#   gim.sh aggregation on|off       automated aggregation in run/gim/gim.properties
#
# While the scheduler is off, a server that knows its database (MART_URL and UPSHIFT in its environment when it
# started) lets its running jobs finish after GIM_DRAIN_SECONDS (default 1): sql/jobs_finish.sql marks them done.
# The aggregation job is long and keeps running; the procedure does not wait for it.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
home="$here/run/gim"
pidfile="$home/gim.pid"
properties="$home/gim.properties"

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$home/gim.log"; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
set_property() {
    grep -v "^$1=" "$properties" >"$properties.new" || true
    printf '%s=%s\n' "$1" "$2" >>"$properties.new"
    mv "$properties.new" "$properties"
}

serve() {
    sleep "${GIM_START_SECONDS:-0.3}"
    log "server started"
    drained=no
    i=0
    # Ends by itself when its folder is gone or after about two hours: nothing is left running for long.
    while [ "$i" -lt 36000 ] && [ -d "$home" ]; do
        if [ -f "$home/stop.request" ]; then
            sleep "${GIM_STOP_SECONDS:-0.5}"
            log "server stopped"
            rm -f "$pidfile" "$home/stop.request"
            exit 0
        fi
        if [ "$drained" = no ] && grep -q '^run-scheduler=false' "$properties" && [ -n "${MART_URL:-}" ] && [ -n "${UPSHIFT:-}" ]; then
            sleep "${GIM_DRAIN_SECONDS:-1}"
            $UPSHIFT exec --db "$MART_URL" --file "$here/sql/jobs_finish.sql" >/dev/null 2>&1 && log "scheduler off: running jobs finished" || log "error: could not finish the running jobs"
            drained=yes
        fi
        sleep 0.2
        i=$((i + 1))
    done
    rm -f "$pidfile"
}

case ${1:?usage: gim.sh start|stop|status|kill|scheduler|aggregation} in
    start)
        if running; then echo "already running"; exit 0; fi
        rm -f "$home/stop.request"
        nohup sh "$0" serve </dev/null >/dev/null 2>&1 &
        echo $! >"$pidfile"
        echo "starting the mart server"
        ;;
    serve) serve ;;
    stop)
        if running; then touch "$home/stop.request"; echo "stopping"; else echo "not running"; fi
        ;;
    status)
        if running; then echo running; else echo "not running"; exit 3; fi
        ;;
    scheduler)
        case ${2:?usage: gim.sh scheduler on|off} in
            on) set_property run-scheduler true ;;
            off) set_property run-scheduler false ;;
            *) echo "scheduler on or off" >&2; exit 2 ;;
        esac
        echo "run-scheduler=$(sed -n 's/^run-scheduler=//p' "$properties")"
        ;;
    aggregation)
        case ${2:?usage: gim.sh aggregation on|off} in
            on) set_property auto-aggregation true ;;
            off) set_property auto-aggregation false ;;
            *) echo "aggregation on or off" >&2; exit 2 ;;
        esac
        echo "auto-aggregation=$(sed -n 's/^auto-aggregation=//p' "$properties")"
        ;;
    kill)
        if running; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
        rm -f "$pidfile"
        ;;
    *)
        echo "unknown command $1" >&2
        exit 2
        ;;
esac
