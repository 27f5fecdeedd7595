// Benchmark: wall time and AWS calls of `ecr-oidc-push setup` for a new service and for a re-run,
// against the local stack (make stack). Each round uses a new repository name; the median is reported.
// Then setup for 50 repositories at once (--repositories-file) and its re-run, once each.
//   node scripts/bench-setup.mjs [rounds] [fleet size]
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { AwsProxy, isWrite } from './aws-proxy.mjs'

const rounds = Number(process.argv[2] ?? 5)
const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000'
const cli = new URL('../dist/cli.js', import.meta.url).pathname

const proxy = await new AwsProxy(endpoint).start()
const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: 'admin', AWS_SECRET_ACCESS_KEY: 'admin', AWS_ENDPOINT_URL: proxy.url }

function setup(repository, target = ['--repository', repository]) {
  proxy.reset()
  const started = performance.now()
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'setup', '--account-id', '123456789012', '--region', 'us-east-1', ...target, '--json'], { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`setup failed: ${stderr.slice(-2000)}`))
      const actions = proxy.actions()
      const outcome = JSON.parse(stdout)
      const summary = outcome.summary ?? `${outcome.repositories.length} repositories, ${outcome.failed} failed`
      resolve({ ms: performance.now() - started, reads: actions.filter((a) => !isWrite(a)).length, writes: actions.filter(isWrite).length, summary })
    })
  })
}

const results = { 'new service': [], 're-run': [] }
for (let round = 0; round < rounds; round++) {
  const repository = `bench-org/bench-${process.pid}-${round}`
  results['new service'].push(await setup(repository))
  results['re-run'].push(await setup(repository))
}
const fleetSize = Number(process.argv[3] ?? 50)
const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-fleet-')), 'repositories.txt')
writeFileSync(file, Array.from({ length: fleetSize }, (_, i) => `bench-org/fleet-${process.pid}-${i}`).join('\n'))
const fleet = { [`${fleetSize} repositories, new`]: [await setup('', ['--repositories-file', file])] }
fleet[`${fleetSize} repositories, re-run`] = [await setup('', ['--repositories-file', file])]
await proxy.stop()

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
console.log(`ecr-oidc-push setup against the local stack (${endpoint}), ${rounds} rounds, node ${process.version}`)
console.log('| scenario | median | min | max | AWS reads | AWS writes | plan |')
console.log('|---|---|---|---|---|---|---|')
for (const [scenario, runs] of Object.entries({ ...results, ...fleet })) {
  const ms = runs.map((r) => r.ms)
  const fmt = (v) => `${v.toFixed(0)} ms`
  console.log(`| ${scenario} | ${fmt(median(ms))} | ${fmt(Math.min(...ms))} | ${fmt(Math.max(...ms))} | ${median(runs.map((r) => r.reads))} | ${median(runs.map((r) => r.writes))} | ${runs[0].summary} |`)
}
