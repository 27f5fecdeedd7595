#!/usr/bin/env bash
# Starts the local stack: dockerd (containerd image store, so the default builder pushes multi-platform
# images), qemu for arm64, a TLS + htpasswd registry at the hostname moto's ECR hands to docker, and
# moto_server for IAM/STS/ECR. Idempotent: what already runs is left alone.
# Prints nothing secret: the registry password is moto's fixed, public test value.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
mkdir -p "$STACK_DIR"

wait_for() { # what, command...
  local what=$1; shift
  for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "start.sh: $what did not come up; see $STACK_DIR/*.log" >&2; return 1
}

# qemu for arm64 RUN steps
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64

# dockerd
mkdir -p /etc/docker
[ -f /etc/docker/daemon.json ] || echo '{"features":{"containerd-snapshotter":true}}' >/etc/docker/daemon.json
if ! /usr/bin/docker -H unix:///var/run/docker.sock info >/dev/null 2>&1; then
  nohup /usr/sbin/dockerd >"$STACK_DIR/dockerd.log" 2>&1 &
  wait_for dockerd /usr/bin/docker info
fi

# TLS for the registry's hostname, trusted by docker and skopeo
if [ ! -f "$STACK_DIR/tls/server.crt" ]; then
  mkdir -p "$STACK_DIR/tls"; cd "$STACK_DIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ecr-oidc-push local CA" \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$REGISTRY_HOST" -keyout server.key -out server.csr 2>/dev/null
  printf 'subjectAltName=DNS:%s\n' "$REGISTRY_HOST" >ext.cnf
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
    -extfile ext.cnf -out server.crt 2>/dev/null
  cd - >/dev/null
fi
for d in "/etc/docker/certs.d/$REGISTRY_HOST" "/etc/containers/certs.d/$REGISTRY_HOST"; do
  mkdir -p "$d"; cp "$STACK_DIR/tls/ca.crt" "$d/ca.crt"
done
grep -q " $REGISTRY_HOST\$" /etc/hosts || echo "127.0.0.1 $REGISTRY_HOST" >>/etc/hosts

# registry with the password moto's GetAuthorizationToken hands out
if ! curl -fsS --cacert "$STACK_DIR/tls/ca.crt" -o /dev/null -w '' "https://$REGISTRY_HOST/" 2>/dev/null; then
  htpasswd -Bbc "$STACK_DIR/htpasswd" AWS "$REGISTRY_PASSWORD" 2>/dev/null
  cat >"$STACK_DIR/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $STACK_DIR/registry-data }, delete: { enabled: true } }
http:
  addr: 127.0.0.1:443
  tls: { certificate: $STACK_DIR/tls/server.crt, key: $STACK_DIR/tls/server.key }
auth: { htpasswd: { realm: local-ecr, path: $STACK_DIR/htpasswd } }
YML
  nohup /usr/bin/docker-registry serve "$STACK_DIR/registry.yml" >"$STACK_DIR/registry.log" 2>&1 &
  wait_for registry curl -fsS --cacert "$STACK_DIR/tls/ca.crt" -o /dev/null "https://$REGISTRY_HOST/"
fi

# moto (Debian's, not whatever python3 is first on PATH), behind a proxy that corrects the one answer
# moto 5.1 gets wrong for the current SDK (see moto-conformance-proxy.mjs)
if ! curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_UPSTREAM_PORT/moto-api/" 2>/dev/null; then
  nohup /usr/bin/python3 /usr/bin/moto_server -H 127.0.0.1 -p "$MOTO_UPSTREAM_PORT" >"$STACK_DIR/moto.log" 2>&1 &
  wait_for moto curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_UPSTREAM_PORT/moto-api/"
fi
if ! curl -fsS -o /dev/null "$AWS_ENDPOINT_URL/moto-api/" 2>/dev/null; then
  nohup node "$here/moto-conformance-proxy.mjs" "$MOTO_PORT" "$MOTO_UPSTREAM_PORT" >"$STACK_DIR/moto-proxy.log" 2>&1 &
  wait_for "moto proxy" curl -fsS -o /dev/null "$AWS_ENDPOINT_URL/moto-api/"
fi
echo "local stack: dockerd, registry https://$REGISTRY_HOST, moto $AWS_ENDPOINT_URL"
