#!/bin/sh
# Stand-in for the campaign engine of procedure E: a cluster of nodes (run/NODE/), each keeping campaign state in
# storage files (run/NODE/storage/*.dat) until a flush saves them into the database, and the install directory
# (run/install/) with its properties files. Enough for the runbook's exec and wait-until steps to do real work.
#
#   ocs.sh start|stop|status|kill NODE   a node in the background; stop takes a moment (OCS_STOP_SECONDS, 0.5);
#                                        status prints "running" (exit 0) or "not running" (exit 3)
#   ocs.sh flush on                      every running node saves its storage files, one every 0.2 s, and
#                                        deletes them; sending stops
#   ocs.sh pending NODE                  prints "unsaved storage files: N"
#   ocs.sh clean NODE                    empties a stopped node's storage folder
#   ocs.sh monitor-stop NODE             stops the node's monitor process (run/NODE/monitor: "stopped")
#   ocs.sh install RELEASE               installs RELEASE: run/install/release.txt, vendor-default properties
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
command=${1:?usage: ocs.sh start|stop|status|kill|flush|clean|monitor-stop|install ...}

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$home/ocs.log"; }
running() { [ -f "$home/ocs.pid" ] && kill -0 "$(cat "$home/ocs.pid")" 2>/dev/null; }

serve() {
    sleep "${OCS_START_SECONDS:-0.3}"
    log "node $node started, release $(cat "$here/run/install/release.txt")"
    i=0
    # Ends by itself when its folder is gone or after about two hours: nothing is left running for long.
    while [ "$i" -lt 36000 ] && [ -d "$home" ]; do
        if [ -f "$home/stop.request" ]; then
            sleep "${OCS_STOP_SECONDS:-0.5}"
            log "node $node stopped"
            rm -f "$home/ocs.pid" "$home/stop.request"
            exit 0
        fi
        if [ -f "$here/run/flush.enabled" ]; then
            for file in "$home"/storage/*.dat; do
                [ -f "$file" ] || continue
                log "storage file $(basename "$file") saved to the database"
                rm -f "$file"
                break
            done
        fi
        sleep 0.2
        i=$((i + 1))
    done
    rm -f "$home/ocs.pid"
}

case $command in
    flush)
        [ "${2:-}" = on ] || { echo "usage: ocs.sh flush on" >&2; exit 2; }
        touch "$here/run/flush.enabled"
        echo "flush enabled: sending stopped, storage files are being saved"
        ;;
    install)
        release=${2:?usage: ocs.sh install RELEASE}
        mkdir -p "$here/run/install"
        for file in database.properties install.properties crypto.properties; do
            printf '# %s: vendor default of release %s\n' "$file" "$release" >"$here/run/install/$file"
        done
        printf '%s\n' "$release" >"$here/run/install/release.txt"
        echo "installed release $release"
        ;;
    *)
        node=${2:?usage: ocs.sh $command NODE}
        home="$here/run/$node"
        case $command in
            start)
                if running; then echo "node $node is already running"; exit 0; fi
                rm -f "$home/stop.request"
                nohup sh "$0" serve "$node" </dev/null >/dev/null 2>&1 &
                echo $! >"$home/ocs.pid"
                echo "starting node $node"
                ;;
            serve) serve ;;
            stop)
                if running; then touch "$home/stop.request"; echo "stopping node $node"; else echo "node $node is not running"; fi
                ;;
            status)
                if running; then echo running; else echo "not running"; exit 3; fi
                ;;
            pending)
                count=0
                for file in "$home"/storage/*.dat; do
                    if [ -f "$file" ]; then count=$((count + 1)); fi
                done
                echo "unsaved storage files: $count"
                ;;
            clean)
                if running; then echo "node $node is running: stop it first" >&2; exit 1; fi
                rm -rf "$home/storage"
                mkdir -p "$home/storage"
                echo "storage of node $node cleaned"
                ;;
            monitor-stop)
                echo stopped >"$home/monitor"
                echo "monitor of node $node stopped"
                ;;
            kill)
                if running; then kill "$(cat "$home/ocs.pid")" 2>/dev/null || true; fi
                rm -f "$home/ocs.pid"
                ;;
            *) echo "unknown command $command" >&2; exit 2 ;;
        esac
        ;;
esac
