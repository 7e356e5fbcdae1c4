#!/bin/sh
# Stand-in for the workforce-management server components of procedure D (run/wfm/): enough of a service for the
# runbook's exec and wait-until steps to do real work.
#
#   wfm.sh install RELEASE   "install" the release (run/wfm/release.txt)
#   wfm.sh start|stop        start in the background (the log says "server started, release R"), or ask it to stop
#                            (it takes a moment: WFM_STOP_SECONDS, default 0.5)
#   wfm.sh status            prints "running" (exit 0) or "not running" (exit 3)
#   wfm.sh web on|off        access to the web application (run/wfm/web: "open" or "closed")
#   wfm.sh kill              end it at once (setup.sh resets with it)
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
home="$here/run/wfm"
pidfile="$home/wfm.pid"
mkdir -p "$home"

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$home/wfm.log"; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case ${1:?usage: wfm.sh install|start|stop|status|web|kill} in
    install)
        printf '%s\n' "${2:?usage: wfm.sh install RELEASE}" >"$home/release.txt"
        echo "installed release $2"
        ;;
    start)
        if running; then echo "already running"; exit 0; fi
        rm -f "$home/stop.request"
        nohup sh "$0" serve </dev/null >/dev/null 2>&1 &
        echo $! >"$pidfile"
        echo "starting release $(cat "$home/release.txt")"
        ;;
    serve)
        sleep "${WFM_START_SECONDS:-0.3}"
        log "server started, release $(cat "$home/release.txt")"
        i=0
        # Ends by itself when its folder is gone or after about two hours: nothing is left running for long.
        while [ "$i" -lt 36000 ] && [ -d "$home" ]; do
            if [ -f "$home/stop.request" ]; then
                sleep "${WFM_STOP_SECONDS:-0.5}"
                log "server stopped"
                rm -f "$pidfile" "$home/stop.request"
                exit 0
            fi
            sleep 0.2
            i=$((i + 1))
        done
        rm -f "$pidfile"
        ;;
    stop)
        if running; then touch "$home/stop.request"; echo "stopping"; else echo "not running"; fi
        ;;
    status)
        if running; then echo running; else echo "not running"; exit 3; fi
        ;;
    web)
        case ${2:?usage: wfm.sh web on|off} in
            on) echo open >"$home/web" ;;
            off) echo closed >"$home/web" ;;
            *) echo "web on or off" >&2; exit 2 ;;
        esac
        echo "web application $(cat "$home/web")"
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
