// Benchmark: the layer cache in ECR, the action run as the runner runs it against the local stack. Every run
// starts with an empty local build cache, as on a fresh runner. A two-platform Dockerfile with a slow RUN
// step (arm64 under QEMU) and a cheap late COPY: cold (no cache anywhere), a no-change rebuild, and a
// one-line change to the copied file. Each round uses a new repository; medians are reported.
//   node scripts/bench-cache.mjs [rounds]
import { execFileSync } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { AwsProxy } from './aws-proxy.mjs'
import { SLOW_DOCKERFILE, slowContext } from './bench-context.mjs'
import { githubClaims, startOidcStub } from './oidc-stub.mjs'
import { setUpRepository } from './set-up.mjs'
import { runAction, runPostStep } from './run-action.mjs'

const rounds = Number(process.argv[2] ?? 3)
const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000'
/** The slow Dockerfile, then a cheap late part the one-line change touches. */
function context() {
  return slowContext('cache', `${SLOW_DOCKERFILE}COPY app.txt /app.txt\n`, { 'app.txt': 'version 1\n' })
}

/**
 * The Dockerfile steps buildx took from a cache: `CACHED`, or (an OCI layout export, the `docker` driver's,
 * which needs the bytes) the cached result's layers downloaded.
 */
function stepsFromCache(stdout) {
  const steps = [...new Set([...stdout.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] (RUN|COPY) /gm)].map((m) => m[1]))]
  return steps.filter((id) => new RegExp(`^#${id} (CACHED|sha256:[0-9a-f]{64} .* done)$`, 'm').test(stdout)).length
}

const proxy = await new AwsProxy(endpoint).start()
async function build(workspace, repository) {
  execFileSync('docker', ['buildx', 'prune', '--all', '--force'], { stdio: 'ignore' }) // a fresh runner's empty cache
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const started = performance.now()
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: 'us-east-1' }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    const ms = performance.now() - started
    await runPostStep(workspace, result.state)
    if (result.exitCode !== 0) throw new Error(`the action failed:\n${result.stdout.slice(-2000)}`)
    return { ms, cached: stepsFromCache(result.stdout) }
  } finally {
    await stub.close()
  }
}

const results = { cold: [], 'no change': [], 'one-line change': [] }
for (let round = 0; round < rounds; round++) {
  const workspace = context()
  const repository = `bench-org/cache-${process.pid}-${round}`
  await setUpRepository(repository, { endpoint })
  results.cold.push(await build(workspace, repository))
  results['no change'].push(await build(workspace, repository))
  appendFileSync(path.join(workspace, 'app.txt'), 'one more line\n')
  results['one-line change'].push(await build(workspace, repository))
}
await proxy.stop()

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const cold = median(results.cold.map((r) => r.ms))
const targets = { cold: '', 'no change': '≤ 0.15', 'one-line change': '≤ 0.30' }
console.log(`layer cache in ECR, ${rounds} rounds, an empty local build cache before every run, node ${process.version}`)
console.log('| run | median | min | max | × cold | target | steps cached |')
console.log('|---|---|---|---|---|---|---|')
for (const [name, runs] of Object.entries(results)) {
  const ms = runs.map((r) => r.ms)
  const s = (v) => `${(v / 1000).toFixed(1)} s`
  console.log(`| ${name} | ${s(median(ms))} | ${s(Math.min(...ms))} | ${s(Math.max(...ms))} | ${(median(ms) / cold).toFixed(2)} | ${targets[name]} | ${median(runs.map((r) => r.cached))} |`)
}
