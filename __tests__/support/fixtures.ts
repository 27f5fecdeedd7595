import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { ACCOUNT_ID, MOTO_ENV, MOTO_URL, REGION, requireMoto } from './stack.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A fresh checkout of the sample app, as actions/checkout would leave it. */
export function sampleWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-ws-'))
  execFileSync('bash', [path.join(ROOT, 'scripts/stack/sample-context.sh'), dir])
  return dir
}

let counter = 0
/** A GitHub repository name no other test uses, so registry contents never collide. */
export function uniqueRepository(stem: string): string {
  return `octo-org/${stem}-${process.pid}-${Date.now().toString(36)}-${counter++}`
}

/** What an end-to-end test file runs against: a recording proxy in front of the stack, a fresh checkout. */
export async function openHarness(): Promise<{ proxy: AwsProxy; workspace: string }> {
  await requireMoto()
  return { proxy: await new AwsProxy(MOTO_URL).start(), workspace: sampleWorkspace() }
}

/** What a git ref needs the main tier's role to trust besides the default branch: its branch or its tag. */
export function trustFlagsFor(ref: string): string[] {
  const branch = ref.match(/^refs\/heads\/(.+)$/)?.[1]
  if (branch && branch !== 'main') return ['--branches', branch]
  const tag = ref.match(/^refs\/tags\/(.+)$/)?.[1]
  return tag ? ['--tags', tag] : []
}

const setUpDone = new Map<string, Promise<void>>()
/**
 * Sets the GitHub repository up as its owner would before its first push (`npx ecr-oidc-push setup`, the
 * built CLI, as the account's administrator): the OIDC provider, the role trusting `ref`, the ECR
 * repository. The strict stack refuses a push without it, as AWS does. Once per repository, region and flags.
 */
export function setUpFor(repository: string, options: { ref?: string; region?: string; flags?: string[] } = {}): Promise<void> {
  const flags = [...trustFlagsFor(options.ref ?? 'refs/heads/main'), ...(options.flags ?? [])]
  const region = options.region ?? REGION
  const key = JSON.stringify([repository, region, flags])
  if (!setUpDone.has(key)) {
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...MOTO_ENV, AWS_REGION: region, AWS_ENDPOINT_URL: MOTO_URL }
    const args = [path.join(ROOT, 'dist/cli.js'), 'setup', '--account-id', ACCOUNT_ID, '--region', region, '--repository', repository, ...flags]
    setUpDone.set(key, promisify(execFile)(process.execPath, args, { env }).then(() => undefined, (error: { stderr?: string }) => {
      setUpDone.delete(key)
      throw new Error(`setup for ${repository} failed: ${error.stderr ?? String(error)}`)
    }))
  }
  return setUpDone.get(key)!
}
