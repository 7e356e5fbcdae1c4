#!/bin/sh
# Stand-in for the workforce-management server components of procedure D (run/wfm/): what the runbook's exec steps
# switch, recorded in files so that a test can read them.
#
#   wfm.sh install RELEASE   "install" the release (run/wfm/release.txt)
#   wfm.sh start|stop        the server and its data collector (run/wfm/state: "running" or "stopped"; the log says so)
#   wfm.sh web on|off        access to the web application (run/wfm/web: "open" or "closed")
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
home="$here/run/wfm"
mkdir -p "$home"

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$home/wfm.log"; }

case ${1:?usage: wfm.sh install|start|stop|web} in
    install)
        printf '%s\n' "${2:?usage: wfm.sh install RELEASE}" >"$home/release.txt"
        echo "installed release $2"
        ;;
    start)
        echo running >"$home/state"
        log "server started, release $(cat "$home/release.txt"); data collector writing performance history"
        echo "started release $(cat "$home/release.txt")"
        ;;
    stop)
        echo stopped >"$home/state"
        log "server stopped"
        echo "stopped"
        ;;
    web)
        case ${2:?usage: wfm.sh web on|off} in
            on) echo open >"$home/web" ;;
            off) echo closed >"$home/web" ;;
            *) echo "web on or off" >&2; exit 2 ;;
        esac
        echo "web application $(cat "$home/web")"
        ;;
    *)
        echo "unknown command $1" >&2
        exit 2
        ;;
esac
