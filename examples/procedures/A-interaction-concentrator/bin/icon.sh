#!/bin/sh
# Stand-in for the interaction concentrator of procedure A: just enough of a service for the runbook's exec and
# wait-until steps to do real work. One member of the HA pair lives in run/MEMBER (program, customer files, log).
#
#   icon.sh install MEMBER RELEASE   copy the program of RELEASE (program/RELEASE/, vendor defaults) into run/MEMBER
#   icon.sh start MEMBER             start in the background; start-up writes three lines to run/MEMBER/icon.log
#   icon.sh stop MEMBER              ask it to stop; it takes a moment (ICON_STOP_SECONDS, default 0.5)
#   icon.sh status MEMBER            prints "running" (exit 0) or "not running" (exit 3)
#   icon.sh kill MEMBER              end it at once (setup.sh resets with it)
#
# A release newer than 8.1.100.x rewrites the persistent queue (icon.pq) in its format 2 and rebuilds its cache
# (icon-cache.db) at start: the old release cannot read them, which is why the procedure saves them and a rollback
# puts them back. ICON_FAIL_START=1 makes start-up fail to write to the database (the rollback case): the third
# line never comes.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
command=${1:?usage: icon.sh install|start|stop|status|kill MEMBER}
member=${2:?usage: icon.sh $command MEMBER}
home="$here/run/$member"
pidfile="$home/icon.pid"

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$home/icon.log"; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

serve() {
    sleep "${ICON_START_SECONDS:-0.3}"
    release=$(cat "$home/release.txt")
    log "release $release of member $member starting"
    case $release in
        8.1.100.*) ;;
        *)
            if [ "$(head -n 1 "$home/icon.pq")" != "format 2" ]; then
                { echo "format 2"; tail -n +2 "$home/icon.pq"; } >"$home/icon.pq.new"
                mv "$home/icon.pq.new" "$home/icon.pq"
                log "persistent queue converted to format 2"
            fi
            printf 'routing cache of member %s, built by release %s\n' "$member" "$release" >"$home/icon-cache.db"
            ;;
    esac
    log "persistent queue: transaction committed and removed (icon.pq)"
    log "transaction committed into the queue"
    if [ "${ICON_FAIL_START:-0}" = 1 ]; then
        log "error: cannot write to the interaction database"
    else
        log "message received from connected server StatServer_$member"
    fi

    # Polls for a stop request; ends by itself when its folder is gone or after about two hours, so a forgotten
    # demo or an aborted test leaves nothing running for long.
    i=0
    while [ "$i" -lt 36000 ] && [ -d "$home" ]; do
        if [ -f "$home/stop.request" ]; then
            sleep "${ICON_STOP_SECONDS:-0.5}"
            log "member $member stopped"
            rm -f "$pidfile" "$home/stop.request"
            exit 0
        fi
        sleep 0.2
        i=$((i + 1))
    done
    rm -f "$pidfile"
}

case $command in
    install)
        release=${3:?usage: icon.sh install MEMBER RELEASE}
        [ -d "$here/program/$release" ] || { echo "no program for release $release" >&2; exit 2; }
        mkdir -p "$home"
        cp "$here/program/$release/"* "$home/"
        printf '%s\n' "$release" >"$home/release.txt"
        echo "installed release $release for member $member"
        ;;
    start)
        if running; then
            echo "member $member is already running"
            exit 0
        fi
        rm -f "$home/stop.request"
        # Detached from the caller's output, or the caller would wait for the service to end.
        nohup sh "$0" serve "$member" </dev/null >/dev/null 2>&1 &
        echo $! >"$pidfile"
        echo "starting member $member (release $(cat "$home/release.txt"))"
        ;;
    stop)
        if running; then
            touch "$home/stop.request"
            echo "stopping member $member"
        else
            echo "member $member is not running"
        fi
        ;;
    status)
        if running; then
            echo running
        else
            echo "not running"
            exit 3
        fi
        ;;
    kill)
        if running; then
            kill "$(cat "$pidfile")" 2>/dev/null || true
        fi
        rm -f "$pidfile"
        ;;
    serve)
        serve
        ;;
    *)
        echo "unknown command $command" >&2
        exit 2
        ;;
esac
