import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

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
