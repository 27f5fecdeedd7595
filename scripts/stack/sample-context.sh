#!/usr/bin/env bash
# Copies the sample app into DIR (a stand-in for actions/checkout) with the per-arch busybox binaries
# that scripts/stack/install.sh downloaded.
set -euo pipefail
dir=${1:?usage: sample-context.sh DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
cp "$here/examples/sample-app/Dockerfile" "$here/examples/sample-app/hello.sh" "$dir/"
cp /var/cache/ecr-oidc-push/busybox-amd64 /var/cache/ecr-oidc-push/busybox-arm64 "$dir/"
