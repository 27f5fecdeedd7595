// Sets a GitHub repository up as its owner would before its first push: the built CLI's `setup`, as the
// account's administrator (static keys the strict stack takes for the administrator). The stack refuses a push
// without it, as AWS does. For tests and benchmarks.
import { execFile } from 'node:child_process'
import * as path from 'node:path'
import { promisify } from 'node:util'

const CLI = path.join(import.meta.dirname, '..', 'dist', 'cli.js')
export const ADMIN_ENV = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_EC2_METADATA_DISABLED: 'true' }

/**
 * `npx ecr-oidc-push setup --repository <repository> <flags>` in `region` (default us-east-1); `env` adds to
 * the CLI's environment (GITHUB_SERVER_URL, a GitHub token and API URL).
 */
export async function setUpRepository(repository, { region = 'us-east-1', flags = [], endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000', env: more = {} } = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...ADMIN_ENV, AWS_REGION: region, AWS_ENDPOINT_URL: endpoint, ...more }
  try {
    await promisify(execFile)(process.execPath, [CLI, 'setup', '--account-id', '123456789012', '--region', region, '--repository', repository, ...flags], { env })
  } catch (error) {
    throw new Error(`setup for ${repository} failed: ${error.stderr ?? error}`, { cause: error })
  }
}
