# The local stack's fixed coordinates; sourced by the stack scripts, the demo and the test runner.
export STACK_DIR=${STACK_DIR:-/tmp/ecr-oidc-push-stack}
export MOTO_PORT=${MOTO_PORT:-5000}            # what the SDK talks to (the strict front)
export MOTO_UPSTREAM_PORT=${MOTO_UPSTREAM_PORT:-5001} # moto_server itself
export REGISTRY_UPSTREAM_PORT=${REGISTRY_UPSTREAM_PORT:-5002} # the plain registry behind the strict front
export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://127.0.0.1:$MOTO_PORT}
export STACK_ACCOUNT_ID=123456789012
export STACK_REGION=us-east-1
export REGISTRY_HOST=$STACK_ACCOUNT_ID.dkr.ecr.$STACK_REGION.amazonaws.com
# the account administrator's registry password in the stack (moto's fixed GetAuthorizationToken value): a
# public test value, not a secret; every other caller gets a password of its own from GetAuthorizationToken
export REGISTRY_PASSWORD=$STACK_ACCOUNT_ID-auth-token
# A second name for the same registry, in another region, at another loopback address: nothing listens
# there until a test puts its fault-injecting proxy (scripts/fault-proxy.mjs) on it, in front of the registry.
export FAULT_REGION=us-west-2
export FAULT_REGISTRY_HOST=$STACK_ACCOUNT_ID.dkr.ecr.$FAULT_REGION.amazonaws.com
export FAULT_REGISTRY_IP=127.0.0.2
# Another account's registry in the stack's region, for cross-account logins: the same registry again,
# reached through a pass-through proxy that the login tests put at this address.
export OTHER_ACCOUNT_ID=210987654321
export OTHER_REGISTRY_HOST=$OTHER_ACCOUNT_ID.dkr.ecr.$STACK_REGION.amazonaws.com
export OTHER_REGISTRY_IP=127.0.0.3
