import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { Docker } from '../../src/docker/docker.js'
import { runPost } from '../../src/post.js'
import { AttemptTimeout } from '../../src/remote.js'

function harness(state: Record<string, string>, docker: Docker) {
  const log: string[] = []
  const run = runPost({
    getState: (name) => state[name] ?? '', docker,
    out: { info: (m) => log.push(`info ${m}`), warning: (m) => log.push(`warn ${m}`) },
  }, 50)
  return { log, run }
}
const ok: Docker = async () => ({ exitCode: 0, stdout: '', stderr: '' })

test('logs out and removes the builder main created', async () => {
  const calls: string[][] = []
  const { log, run } = harness({ registry: 'r.example', builder: 'b1' }, async (args) => (calls.push(args), ok(args)))
  await run
  expect(calls).toEqual([['logout', 'r.example'], ['buildx', 'rm', '--force', 'b1']])
  expect(log).toEqual(['info Cleanup: docker logout r.example', 'info Cleanup: remove buildx builder b1'])
})

test('nothing to undo when main stopped before logging in', async () => {
  const calls: string[][] = []
  await harness({}, async (args) => (calls.push(args), ok(args))).run
  expect(calls).toEqual([])
})

test('failures and hangs become warnings, and the next step still runs', async () => {
  let call = 0
  const docker: Docker = async (_, options = {}) => {
    call++
    // hangs until the bound, as the real edge does before it kills the command
    if (call === 1) return new Promise((_, reject) => setTimeout(() => reject(new AttemptTimeout(options.timeoutMs ?? 0)), options.timeoutMs))
    throw new Error('daemon gone')
  }
  const { log, run } = harness({ registry: 'r.example', builder: 'b1' }, docker)
  await run
  expect(log).toEqual([
    'warn Cleanup: docker logout r.example took over 0.05 s; stopped it and moved on.',
    'warn Cleanup: remove buildx builder b1 failed: daemon gone',
  ])
})

describe('what push and merge leave', () => {
  const temp = () => mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-temp-'))

  test('a private docker config a dead main left is removed; nothing to log out of', async () => {
    const dir = mkdtempSync(path.join(temp(), 'ecr-oidc-push-docker-'))
    writeFileSync(path.join(dir, 'config.json'), '{"auths":{"r.example":{"auth":"QVdTOnB3"}}}')
    const calls: string[][] = []
    const { log, run } = harness({ 'docker-config': dir }, async (args) => (calls.push(args), ok(args)))
    await run
    expect(existsSync(dir)).toBe(false)
    expect(calls).toEqual([])
    expect(log).toEqual(["info Cleanup: removed the step's docker config, which main had no time to"])
  })

  test('main removed it: nothing said; a directory that is not one main makes is never removed', async () => {
    const gone = path.join(temp(), 'ecr-oidc-push-docker-gone')
    const { log, run } = harness({ 'docker-config': gone }, ok)
    await run
    expect(log).toEqual([])
    const notOurs = temp()
    await harness({ 'docker-config': notOurs }, ok).run
    expect(existsSync(notOurs)).toBe(true)
  })

  test('the builder is removed with the BUILDX_CONFIG main had; one whose creation failed early is not there', async () => {
    const seen: Array<[string[], Record<string, string> | undefined]> = []
    const { log, run } = harness({ builder: 'ecr-oidc-push-9-1-build-a1', 'buildx-config': '/home/runner/.docker/buildx' }, async (args, options = {}) => {
      seen.push([args, options.env])
      return { exitCode: 1, stdout: '', stderr: 'ERROR: no builder "ecr-oidc-push-9-1-build-a1" found' }
    })
    await run
    expect(seen).toEqual([[['buildx', 'rm', '--force', 'ecr-oidc-push-9-1-build-a1'], { BUILDX_CONFIG: '/home/runner/.docker/buildx' }]])
    expect(log).toEqual(['info Cleanup: no buildx builder ecr-oidc-push-9-1-build-a1 to remove'])
  })
})
