import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { MOTO_URL, requireMoto } from './stack.js'

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
