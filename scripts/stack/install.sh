#!/usr/bin/env bash
# Installs the local stack's packages from Debian: a Docker engine with buildx, qemu for arm64,
# a real registry, moto (IAM/STS/ECR/ECS/CloudFormation emulator), skopeo, busybox for offline base images, and
# HashiCorp's terraform-config-inspect, which reads the Terraform setup --emit writes back in the tests.
# Idempotent: a second run only checks.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (it uses apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
  cat >/etc/apt/sources.list.d/trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  # Only what we name with /trixie comes from trixie; everything else stays on the machine's release.
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' >/etc/apt/preferences.d/trixie
fi
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64

want=(docker.io containerd docker-cli docker-buildx qemu-user-static binfmt-support docker-registry
      skopeo python3-moto python3-flask-cors openssl busybox-static curl iptables ca-certificates
      terraform-config-inspect)
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    docker.io/trixie containerd/trixie docker-cli/trixie docker-buildx/trixie \
    python3-moto/trixie python3-flask-cors terraform-config-inspect/trixie \
    qemu-user-static binfmt-support docker-registry skopeo openssl busybox-static curl iptables \
    ca-certificates
fi

# arm64 busybox for the offline base image (downloaded, not installed).
cache=/var/cache/ecr-oidc-push
mkdir -p "$cache"
if [ ! -x "$cache/busybox-arm64" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq busybox-static:arm64 && dpkg-deb -x busybox-static_*_arm64.deb x)
  cp "$tmp/x/bin/busybox" "$cache/busybox-arm64"
  rm -rf "$tmp"
fi
[ -x "$cache/busybox-amd64" ] || cp /bin/busybox "$cache/busybox-amd64"
echo "stack packages: ok"
