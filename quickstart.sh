#!/usr/bin/env bash
# Quick start: seed the example interaction database on SQLite at its oldest schema version
# (8.1.000.10, no Upshift history yet), then let Upshift adopt it through the product's own
# version row and upgrade it to the newest version, printing the plan and the result.
#
#   ./quickstart.sh            # the database is written to .work/quickstart/interaction.db
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v dotnet >/dev/null 2>&1 \
    || { echo "error: the .NET SDK (dotnet, see global.json) is not installed or not on PATH" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out=.work/quickstart
mkdir -p "$out"
echo "== building the upshift CLI"
dotnet build src/Upshift.Cli -c Release -o "$out/bin" -v quiet -nologo -clp:NoSummary >/dev/null
upshift() { dotnet "$out/bin/upshift.dll" "$@"; }

db="$out/interaction.db"
rm -f "$db" "$db.upshift-lock"
package=examples/interaction-db
version_query="SELECT val FROM idb_parameters WHERE sect='schema' AND opt='version'"

echo "== seeding $db at the oldest version of the release package"
upshift exec --db "sqlite:$db" --file "$package/seed/seed_sqlite.sql"

echo
echo "== status before the upgrade"
upshift status --db "sqlite:$db" --scripts "$package/scripts" --version-query "$version_query"

echo
echo "== upgrading"
upshift migrate --db "sqlite:$db" --scripts "$package/scripts" --version-query "$version_query"

echo
echo "== status after the upgrade"
upshift status --db "sqlite:$db" --scripts "$package/scripts"
