import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { setUpRepository } from '../../scripts/set-up.mjs'
import { MOTO_URL, REGION, requireMoto } from './stack.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A fresh checkout of the sample app, as actions/checkout would leave it. */
export function sampleWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-ws-'))
  execFileSync('bash', [path.join(ROOT, 'scripts/stack/sample-context.sh'), dir])
  // a checkout, as actions/checkout leaves it: git says which files differ from the commit
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { stdio: 'ignore' })
  git('init', '-q')
  git('add', '-A')
  git('commit', '-q', '-m', 'sample app')
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
 * Sets the GitHub repository up as its owner would before its first push (scripts/set-up.mjs: the built
 * CLI's setup, as the account's administrator): the OIDC provider, the role trusting `ref`, the ECR repository.
 * The strict stack refuses a push without it, as AWS does. Once per repository, region and flags.
 */
export function setUpFor(repository: string, options: { ref?: string; region?: string; flags?: string[] } = {}): Promise<void> {
  const flags = [...trustFlagsFor(options.ref ?? 'refs/heads/main'), ...(options.flags ?? [])]
  const region = options.region ?? REGION
  const key = JSON.stringify([repository, region, flags])
  if (!setUpDone.has(key)) {
    setUpDone.set(key, setUpRepository(repository, { region, flags, endpoint: MOTO_URL }).catch((error: unknown) => {
      setUpDone.delete(key)
      throw error
    }))
  }
  return setUpDone.get(key)!
}
