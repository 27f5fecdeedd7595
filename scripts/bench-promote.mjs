// Benchmark: build once, promote. The action run as the runner runs it against the local stack, every run on
// a fresh runner (an empty local build cache). A two-platform Dockerfile with a slow RUN step (arm64 under
// QEMU): the main tier builds it; a release of that commit is promoted (no build), against a release that
// builds (`promote: never`, which still reads main's layer cache). Each round uses new repositories; medians
// are reported. Target (issue 15): a promoted release ≤ 0.2× the main tier's build.
//   node scripts/bench-promote.mjs [rounds]
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { AwsProxy } from './aws-proxy.mjs'
import { slowContext } from './bench-context.mjs'
import { githubClaims, startOidcStub } from './oidc-stub.mjs'
import { runAction, runPostStep } from './run-action.mjs'
import { setUpRepository } from './set-up.mjs'

const rounds = Number(process.argv[2] ?? 3)
const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000'
const workspace = slowContext('promote')

const proxy = await new AwsProxy(endpoint).start()
/** One job of `ref` on a fresh runner; its wall time in ms and whether it built. */
async function job(repository, ref, inputs = {}) {
  execFileSync('docker', ['buildx', 'prune', '--all', '--force'], { stdio: 'ignore' })
  const stub = await startOidcStub(githubClaims({ repository, ref }))
  try {
    const started = performance.now()
    const result = await runAction({
      workspace, repository, ref,
      inputs: { 'account-id': '123456789012', region: 'us-east-1', ...inputs }, env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    const ms = performance.now() - started
    await runPostStep(workspace, result.state)
    if (result.exitCode !== 0) throw new Error(`the action failed:\n${result.stdout.slice(-2000)}`)
    return { ms, promoted: result.outputs['promoted-from'] !== '' }
  } finally {
    await stub.close()
  }
}

const results = { 'main: build': [], 'release: promoted': [], 'release: built (promote: never)': [] }
for (let round = 0; round < rounds; round++) {
  for (const [name, promote] of [['promoted', 'auto'], ['built', 'never']]) {
    const repository = `bench-org/promote-${process.pid}-${round}-${name}`
    await setUpRepository(repository, { endpoint, flags: ['--tiers', 'main,release'] })
    const main = await job(repository, 'refs/heads/main')
    if (promote === 'auto') results['main: build'].push(main)
    const release = await job(repository, 'refs/tags/v1.0.0', { tier: 'release', promote })
    if (release.promoted !== (promote === 'auto')) throw new Error(`the release ${promote === 'auto' ? 'built' : 'was promoted'}`)
    results[promote === 'auto' ? 'release: promoted' : 'release: built (promote: never)'].push(release)
  }
}
await proxy.stop()

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const build = median(results['main: build'].map((r) => r.ms))
const targets = { 'main: build': '', 'release: promoted': '≤ 0.20', 'release: built (promote: never)': '' }
console.log(`build once, promote: ${rounds} rounds, two platforms, an empty local build cache before every run, node ${process.version}`)
console.log('| run | median | min | max | × main build | target |')
console.log('|---|---|---|---|---|---|')
for (const [name, runs] of Object.entries(results)) {
  const ms = runs.map((r) => r.ms)
  const s = (v) => `${(v / 1000).toFixed(1)} s`
  console.log(`| ${name} | ${s(median(ms))} | ${s(Math.min(...ms))} | ${s(Math.max(...ms))} | ${(median(ms) / build).toFixed(2)} | ${targets[name]} |`)
}
