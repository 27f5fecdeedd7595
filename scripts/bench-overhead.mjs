// Benchmark: the action's own overhead, as the runner runs it (node, main then post), against a plain
// `docker buildx build --push` of the same context and tags, interleaved, medians; and the bundle's bytes.
// Everything cached, so the build itself costs little and the difference is ours. The baseline is the action
// as it was before the work on its weight (commit 9f19c65, BASELINE_COMMIT to change): issue 8 measured its
// overhead equal to the official configure-aws-credentials + amazon-ecr-login job's, so the ratio printed is
// also the ratio to that job (issue 16's target: ≤ 0.30). Its single bundle serves as its own post step, with
// STATE_isPost.
//   node scripts/bench-overhead.mjs [rounds]
import { execFileSync } from 'node:child_process'
import { readdirSync, rmSync, statSync } from 'node:fs'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { AwsProxy } from './aws-proxy.mjs'
import { githubClaims, startOidcStub } from './oidc-stub.mjs'
import { setUpRepository } from './set-up.mjs'
import { ACTION_ENTRY, POST_ENTRY, runAction, runPostStep } from './run-action.mjs'

const rounds = Number(process.argv[2] ?? 7)
const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000'
const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const repository = `bench-org/overhead-${process.pid}`
const workspace = execFileSync('mktemp', ['-d', '/tmp/ecr-oidc-push-bench-overhead.XXXXXX'], { encoding: 'utf8' }).trim()
execFileSync('bash', [new URL('./stack/sample-context.sh', import.meta.url).pathname, workspace])

await setUpRepository(repository, { endpoint })
const proxy = await new AwsProxy(endpoint).start()
const stub = await startOidcStub(githubClaims({ repository }))
// the layer cache is a feature, not overhead: a plain push writes none, and neither does the baseline
const inputs = { 'account-id': '123456789012', region: 'us-east-1', cache: 'none' }
const env = { ...stub.env, AWS_ENDPOINT_URL: proxy.url }

async function action(entry, postEntry, postState = {}) {
  const started = performance.now()
  const result = await runAction({ workspace, repository, inputs, env, ...(entry ? { entry } : {}) })
  await runPostStep(workspace, { ...result.state, ...postState }, postEntry)
  if (result.exitCode !== 0) throw new Error(`the action failed:\n${result.stdout.slice(-1500)}`)
  return performance.now() - started
}
const name = repository.split('/')[1]
const tags = ['0123456', 'main', 'main-0123456', 'latest'].flatMap((tag) => ['--tag', `${registry}/${name}:${tag}`])
function plainBuildx() {
  execFileSync('docker', ['login', '-u', 'AWS', '--password-stdin', registry], { input: '123456789012-auth-token', stdio: ['pipe', 'ignore', 'ignore'] })
  const started = performance.now()
  execFileSync('docker', ['buildx', 'build', '--progress=quiet', '--provenance=false', '--platform=linux/amd64,linux/arm64', ...tags, '--push', '.'], { cwd: workspace, stdio: 'ignore' })
  const ms = performance.now() - started
  execFileSync('docker', ['logout', registry], { stdio: 'ignore' })
  return ms
}

const baselineCommit = process.env.BASELINE_COMMIT ?? '9f19c65'
const baselineDir = execFileSync('mktemp', ['-d', '/tmp/ecr-oidc-push-baseline.XXXXXX'], { encoding: 'utf8' }).trim()
execFileSync('bash', ['-c', `git archive ${baselineCommit} dist | tar -x -C ${baselineDir}`], { cwd: new URL('..', import.meta.url).pathname })
const baseline = path.join(baselineDir, 'dist')
const times = { 'plain buildx --push': [], 'this action (main + post)': [], [`baseline ${baselineCommit} (main + post)`]: [] }
await action() // warm: the registry, the layer cache, the image store
for (let round = 0; round < rounds; round++) {
  times['plain buildx --push'].push(plainBuildx())
  times['this action (main + post)'].push(await action())
  times[`baseline ${baselineCommit} (main + post)`].push(await action(path.join(baseline, 'index.js'), path.join(baseline, 'index.js'), { isPost: 'true' }))
}
await stub.close()
await proxy.stop()

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const plain = median(times['plain buildx --push'])
console.log(`our overhead against a plain buildx push, ${rounds} rounds interleaved, node ${process.version}`)
console.log('| run | median | min | max | overhead over plain |')
console.log('|---|---|---|---|---|')
for (const [run, ms] of Object.entries(times)) {
  console.log(`| ${run} | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(0)} ms | ${Math.max(...ms).toFixed(0)} ms | ${(median(ms) - plain).toFixed(0)} ms |`)
}
const ratio = (median(times['this action (main + post)']) - plain) / (median(times[`baseline ${baselineCommit} (main + post)`]) - plain)
console.log(`overhead ratio, this / baseline (= this / the official job): ${ratio.toFixed(2)} (target ≤ 0.30, issue 16; was ≤ 0.5, issue 8)`)

const bytes = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0)
const distDir = path.dirname(ACTION_ENTRY)
console.log(`bundle: ${bytes(distDir)} bytes of JavaScript in dist/ (main ${statSync(ACTION_ENTRY).size}, post ${statSync(POST_ENTRY).size}, ` +
  `shared chunks the rest); baseline ${bytes(baseline)} bytes, ratio ${(bytes(distDir) / bytes(baseline)).toFixed(2)}`)
// issue 8 measured the baseline's dist/ at 0.53× the official two actions' bundles
console.log(`bundle ratio to the official actions' bundles: ${(bytes(distDir) / (bytes(baseline) / 0.53)).toFixed(2)} (target ≤ 0.5, goal ≤ 0.35)`)
rmSync(baselineDir, { recursive: true, force: true })
