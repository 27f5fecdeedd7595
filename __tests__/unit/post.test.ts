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
