// The local stack's coordinates (scripts/stack/env.sh) and checks that it runs.
export const MOTO_URL = process.env['MOTO_URL'] ?? 'http://127.0.0.1:5000'
export const ACCOUNT_ID = '123456789012'
export const REGION = 'us-east-1'
export const REGISTRY_HOST = `${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com`
/** moto's fixed GetAuthorizationToken password, and so the local registry's */
export const REGISTRY_PASSWORD = `${ACCOUNT_ID}-auth-token`

/** Static test credentials for the SDK's default chain, pointed at moto. */
export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: REGION,
  AWS_EC2_METADATA_DISABLED: 'true',
}

export async function requireMoto(): Promise<void> {
  try {
    await fetch(`${MOTO_URL}/moto-api/`)
  } catch {
    throw new Error(`moto is not running at ${MOTO_URL}: start the local stack with scripts/stack/start.sh (make test does).`)
  }
}

export async function resetMoto(): Promise<void> {
  await fetch(`${MOTO_URL}/moto-api/reset`, { method: 'POST' })
}

/** scripts/stack/env.sh: where the stack keeps its TLS material, and the registry's second name for fault tests */
export const STACK_DIR = process.env['STACK_DIR'] ?? '/tmp/ecr-oidc-push-stack'
export const FAULT_REGION = 'us-west-2'
export const FAULT_REGISTRY_HOST = `${ACCOUNT_ID}.dkr.ecr.${FAULT_REGION}.amazonaws.com`
export const FAULT_REGISTRY_IP = '127.0.0.2'
export const OTHER_ACCOUNT_ID = '210987654321'
export const OTHER_REGISTRY_HOST = `${OTHER_ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com`
export const OTHER_REGISTRY_IP = '127.0.0.3'

/** An AWS SDK client that acts in another account of moto (moto's `x-moto-account-id`), as that account's administrator. */
export function inAccount<C extends { middlewareStack: { add(middleware: unknown, options: object): void } }>(client: C, accountId: string): C {
  client.middlewareStack.add((next: (args: { request: { headers: Record<string, string> } }) => unknown) => (args: { request: { headers: Record<string, string> } }) => {
    args.request.headers['x-moto-account-id'] = accountId
    return next(args)
  }, { step: 'build', name: 'motoAccount' })
  return client
}
