#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the report's browser tests (tests/Upshift.Report.Tests),
# installing Debian's `chromium` package when it is missing. The tests drive it with Playwright, which then needs no
# browser download of its own.
#
#   UPSHIFT_CHROMIUM="$(scripts/get-chromium.sh)"
#
# Progress goes to stderr; stdout is the path alone. Exits non-zero when Chromium is missing and cannot be installed.
set -euo pipefail

chromium=/usr/bin/chromium

if [[ ! -x "$chromium" ]]; then
    if [[ "$(id -u)" -eq 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        as_root=(sudo -n)
    else
        echo "error: Chromium ($chromium) is not installed and installing it needs root" >&2
        echo "hint: run 'apt-get install chromium' as root, then rerun" >&2
        exit 2
    fi
    echo "installing chromium (Debian package) for the report's browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq chromium >&2
fi

# Debian's launcher is a shell wrapper that may complain about its environment on stderr; only its answer counts.
version="$("$chromium" --version 2>/dev/null)" || { echo "error: $chromium does not run" >&2; exit 2; }
echo "$version" >&2
echo "$chromium"
