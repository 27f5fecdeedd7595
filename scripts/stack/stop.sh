#!/usr/bin/env bash
# Stops what scripts/stack/start.sh started: the strict front, the registry, moto, dockerd and containerd.
# Installs nothing and removes nothing: `make demo`/`make test` start it all again.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
stop() { # what, pattern
  pkill -f "$2" 2>/dev/null || return 0
  for _ in $(seq 1 40); do pgrep -f "$2" >/dev/null || { echo "stopped: $1"; return 0; }; sleep 0.25; done
  pkill -9 -f "$2" 2>/dev/null; echo "stopped (killed): $1"
}
stop "the strict front" "strict-stack.mjs"
stop "the registry" "docker-registry serve"
stop "moto" "moto_server"
stop "dockerd" "/usr/sbin/dockerd"
stop "containerd" "(^|/)containerd( |$)"
