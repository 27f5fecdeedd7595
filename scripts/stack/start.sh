#!/usr/bin/env bash
# Starts the local stack: dockerd (containerd image store, so the default builder pushes multi-platform
# images), qemu for arm64, moto_server for IAM/STS/ECR/ECS, a plain registry, and the strict front
# (strict-stack.mjs) that makes both behave as AWS does, at the hostname moto's ECR hands to docker.
# dockerd and moto are left alone when they run; the registry and the front start anew. Returns only once
# the daemon itself can log into the registry by name.
# Prints nothing secret: the admin's registry password is moto's fixed, public test value.
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

# The registry's names, before dockerd starts: the daemon keeps its first view of /etc/hosts for a while.
grep -q " $REGISTRY_HOST\$" /etc/hosts || echo "127.0.0.1 $REGISTRY_HOST" >>/etc/hosts
grep -q " $FAULT_REGISTRY_HOST\$" /etc/hosts || echo "$FAULT_REGISTRY_IP $FAULT_REGISTRY_HOST" >>/etc/hosts
grep -q " $OTHER_REGISTRY_HOST\$" /etc/hosts || echo "$OTHER_REGISTRY_IP $OTHER_REGISTRY_HOST" >>/etc/hosts

# dockerd
mkdir -p /etc/docker
[ -f /etc/docker/daemon.json ] || echo '{"features":{"containerd-snapshotter":true}}' >/etc/docker/daemon.json
if ! /usr/bin/docker -H unix:///var/run/docker.sock info >/dev/null 2>&1; then
  nohup /usr/sbin/dockerd >"$STACK_DIR/dockerd.log" 2>&1 &
  wait_for dockerd /usr/bin/docker info
fi

# TLS for the registry's names, trusted by docker, skopeo and the system (as ECR's public CA is on a runner)
tls=$STACK_DIR/tls
if [ ! -f "$tls/ca.crt" ]; then
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ecr-oidc-push local CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
fi
issue_cert() { # name host
  [ -f "$tls/$1.crt" ] && return 0
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$tls/$1.key" -out "$tls/$1.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s\n' "$2" >"$tls/$1.ext"
  openssl x509 -req -in "$tls/$1.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 30 \
    -extfile "$tls/$1.ext" -out "$tls/$1.crt" 2>/dev/null
}
issue_cert server "$REGISTRY_HOST"
issue_cert fault "$FAULT_REGISTRY_HOST"
issue_cert other "$OTHER_REGISTRY_HOST"
for host in "$REGISTRY_HOST" "$FAULT_REGISTRY_HOST" "$OTHER_REGISTRY_HOST"; do
  for d in "/etc/docker/certs.d/$host" "/etc/containers/certs.d/$host"; do
    mkdir -p "$d"; cp "$tls/ca.crt" "$d/ca.crt"
  done
done
if ! cmp -s "$tls/ca.crt" /usr/local/share/ca-certificates/ecr-oidc-push-local-ca.crt; then
  cp "$tls/ca.crt" /usr/local/share/ca-certificates/ecr-oidc-push-local-ca.crt
  update-ca-certificates >/dev/null 2>&1
fi

# moto (Debian's, not whatever python3 is first on PATH): IAM, STS, ECR, ECS and CloudFormation, forgiving as
# it is; where Debian has no openapi_spec_validator for this Python, moto-shims/ lets its CloudFormation load
if ! curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_UPSTREAM_PORT/moto-api/" 2>/dev/null; then
  shims=; /usr/bin/python3 -c 'import openapi_spec_validator' 2>/dev/null || shims=$here/moto-shims
  # ECS services report this many running tasks (moto has no tasks that really run): one, as the tests ask for
  PYTHONPATH="$shims" MOTO_ECS_SERVICE_RUNNING=1 nohup /usr/bin/python3 /usr/bin/moto_server -H 127.0.0.1 -p "$MOTO_UPSTREAM_PORT" >"$STACK_DIR/moto.log" 2>&1 &
  wait_for moto curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_UPSTREAM_PORT/moto-api/"
fi

# A plain Docker registry on loopback, no TLS, no auth: only the strict front below talks to it.
# (Started anew each time, as is the front: an older stack served the registry itself on 443.)
pkill -f "docker-registry serve" 2>/dev/null || true
pkill -f "moto-conformance-proxy.mjs|strict-stack.mjs" 2>/dev/null || true
cat >"$STACK_DIR/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $STACK_DIR/registry-data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$REGISTRY_UPSTREAM_PORT, relativeurls: true }
YML
nohup /usr/bin/docker-registry serve "$STACK_DIR/registry.yml" >"$STACK_DIR/registry.log" 2>&1 &
wait_for registry curl -fsS -o /dev/null "http://127.0.0.1:$REGISTRY_UPSTREAM_PORT/v2/"

# The front, as strict as AWS: STS evaluates trust, ECR's registry its rules and permissions (strict-stack.mjs)
for _ in $(seq 1 40); do ! curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/" && break; sleep 0.25; done
node=$here/../../node_modules/.bin/node; [ -x "$node" ] || node=node
nohup "$node" "$here/strict-stack.mjs" >"$STACK_DIR/strict-stack.log" 2>&1 &
wait_for "the strict front" curl -fsS -o /dev/null "$AWS_ENDPOINT_URL/moto-api/"
wait_for "the registry front" curl -sS --cacert "$tls/ca.crt" -o /dev/null "https://$REGISTRY_HOST/v2/"
# the daemon, not just this shell, must reach the registry by name before anything pushes to it
probe_config=$(mktemp -d)
daemon_logs_in() { echo "$REGISTRY_PASSWORD" | DOCKER_CONFIG=$probe_config /usr/bin/docker login -u AWS --password-stdin "$REGISTRY_HOST"; }
wait_for "the Docker daemon's login to $REGISTRY_HOST" daemon_logs_in
rm -rf "$probe_config"
echo "local stack: dockerd, registry https://$REGISTRY_HOST, moto $AWS_ENDPOINT_URL"
