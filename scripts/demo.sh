#!/usr/bin/env bash
# make demo: the real action, end to end, against the local stack — as a runner would run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/stack/env.sh
node24=$root/node_modules/.bin/node
repository=octo-org/sample-app
work=$(mktemp -d /tmp/ecr-oidc-push-demo.XXXXXX)
stub_pid=
trap '[ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null || true' EXIT

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# the emulated account's admin, as on a laptop with admin credentials (moto accepts any key)
setup() {
  AWS_ACCESS_KEY_ID=admin AWS_SECRET_ACCESS_KEY=admin "$node24" dist/cli.js setup \
    --account-id "$STACK_ACCOUNT_ID" --region "$STACK_REGION" --repository "$repository" "$@"
}
say "Setup: npx ecr-oidc-push setup --account-id $STACK_ACCOUNT_ID --region $STACK_REGION --repository $repository"
setup
say "Setup again: nothing to change"
setup

say "Standing in for GitHub's OIDC token endpoint"
"$node24" scripts/oidc-stub.mjs "$repository" >"$work/oidc.env" &
stub_pid=$!
for _ in $(seq 1 50); do [ "$(wc -l <"$work/oidc.env")" -ge 2 ] && break; sleep 0.1; done
cut -d= -f1 "$work/oidc.env" | sed 's/^/  set /'

say "Checking out the sample app (a Dockerfile with a RUN step)"
bash scripts/stack/sample-context.sh "$work/workspace"
sha=$(printf 'demo' | sha1sum | cut -c1-40)
cat >"$work/event.json" <<JSON
{"ref":"refs/heads/main","repository":{"full_name":"$repository","default_branch":"main"},"head_commit":{"id":"$sha","timestamp":"2026-11-20T10:00:00Z"}}
JSON
touch "$work/output" "$work/state" "$work/summary"

say "Running the action: node dist/index.js (main step)"
(
  cd "$work/workspace"
  env -i PATH="$PATH" HOME="$HOME" $(cat "$work/oidc.env") AWS_ENDPOINT_URL="$AWS_ENDPOINT_URL" \
    NODE_EXTRA_CA_CERTS="$STACK_DIR/tls/ca.crt" \
    GITHUB_ACTIONS=true GITHUB_REPOSITORY=$repository GITHUB_SHA=$sha GITHUB_REF=refs/heads/main \
    GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$work/event.json" GITHUB_SERVER_URL=https://github.com \
    GITHUB_RUN_ID=1 GITHUB_RUN_ATTEMPT=1 RUNNER_TEMP="$work" GITHUB_WORKSPACE="$work/workspace" \
    GITHUB_OUTPUT="$work/output" GITHUB_STATE="$work/state" GITHUB_STEP_SUMMARY="$work/summary" \
    INPUT_ACCOUNT-ID="$STACK_ACCOUNT_ID" INPUT_REGION="$STACK_REGION" \
    "$node24" "$root/dist/index.js"
) | "$node24" scripts/runner-log.mjs  # as the runner shows it: masked values as ***

say "Post step: node dist/post.js (docker logout)"
state_env=$("$node24" -e '
  const t = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
  for (let i = 0; i < t.length; i++) { const m = t[i].match(/^([^<]+)<<(.+)$/); if (m) { console.log(`STATE_${m[1]}=${t[i + 1]}`); i += 2 } }
' "$work/state")
(cd "$work/workspace" && env -i PATH="$PATH" HOME="$HOME" $state_env GITHUB_ACTIONS=true "$node24" "$root/dist/post.js") \
  | "$node24" scripts/runner-log.mjs

say "Outputs (GITHUB_OUTPUT)"
grep -v '^ghadelimiter' "$work/output" | sed 's/<<ghadelimiter.*/:/'

say "Job summary (GITHUB_STEP_SUMMARY)"
cat "$work/summary"

say "The pushed manifest list, read back with skopeo"
skopeo inspect --raw --creds "AWS:$REGISTRY_PASSWORD" "docker://$REGISTRY_HOST/sample-app:main" | "$node24" -e '
  const index = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(JSON.stringify(index, null, 2));
  console.log("\nplatforms: " + index.manifests.map((m) => m.platform.os + "/" + m.platform.architecture).join(", "));'

say "Running the pushed image on both platforms (arm64 through QEMU)"
# the post step logged docker out; log in again with moto's public test password to pull
echo "$REGISTRY_PASSWORD" | docker login -u AWS --password-stdin "$REGISTRY_HOST" >/dev/null 2>&1
for platform in linux/amd64 linux/arm64; do
  printf '  %s: ' "$platform"
  docker run --rm --pull always --platform "$platform" "$REGISTRY_HOST/sample-app:main" 2>/dev/null | tail -1
done
docker logout "$REGISTRY_HOST" >/dev/null
