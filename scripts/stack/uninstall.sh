#!/usr/bin/env bash
# Undoes every change scripts/stack/install.sh and start.sh made to this machine: stops the stack, purges
# the packages they installed (and what only they pulled in), removes Docker's and containerd's state, the
# registry's certificates under /etc/docker and /etc/containers, the local CA from the system's trust, the
# three registry names from /etc/hosts, the trixie apt source and pin, the arm64 architecture, the busybox
# cache, and the stack's own directory. Run as root.
set -uo pipefail
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run as root (it uses apt-get)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
export DEBIAN_FRONTEND=noninteractive

bash "$here/stop.sh"
apt-get purge -y -qq docker.io containerd docker-cli docker-buildx qemu-user-static binfmt-support \
  docker-registry skopeo python3-moto python3-flask-cors busybox-static terraform-config-inspect >/dev/null 2>&1
apt-get autoremove -y -qq --purge >/dev/null 2>&1
for dir in /etc/docker /var/lib/docker /var/lib/containerd /etc/containers/certs.d "$STACK_DIR" /var/cache/ecr-oidc-push; do
  # a directory may be a mount point (Docker's state on a volume of its own): empty it, then remove it if it can be
  [ -d "$dir" ] && find "$dir" -mindepth 1 -delete && rmdir "$dir" 2>/dev/null
done
rm -f /usr/local/share/ca-certificates/ecr-oidc-push-local-ca.crt
update-ca-certificates --fresh >/dev/null 2>&1
for host in "$REGISTRY_HOST" "$FAULT_REGISTRY_HOST" "$OTHER_REGISTRY_HOST"; do
  sed -i "/ ${host//./\\.}\$/d" /etc/hosts
done
rm -f /etc/apt/sources.list.d/trixie.sources /etc/apt/preferences.d/trixie
dpkg --print-foreign-architectures | grep -qx arm64 && ! dpkg -l | awk '$1 == "ii" && $2 ~ /:arm64$/' | grep -q . \
  && dpkg --remove-architecture arm64
apt-get update -qq >/dev/null 2>&1
echo "local stack uninstalled: packages, daemons' state, certificates, /etc/hosts names, apt source and pin"
