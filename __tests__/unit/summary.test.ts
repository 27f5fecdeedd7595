import { PhaseTimer, summaryMarkdown } from '../../src/summary.js'

const digest = `sha256:${'c'.repeat(64)}`
const report = {
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app', tags: ['i:1', 'i:main'], digest,
  platforms: ['linux/amd64', 'linux/arm64'], roleArn: 'arn:aws:iam::123456789012:role/github-actions-app',
  credentialSource: 'oidc' as const, pushed: true,
  phases: [{ phase: 'OIDC token', ms: 120 }, { phase: 'build + push', ms: 65432 }],
}

test('the summary has the table, the timings and a pull line', () => {
  const md = summaryMarkdown(report)
  expect(md).toContain('### Pushed app')
  expect(md).toContain('| Image | `123456789012.dkr.ecr.us-east-1.amazonaws.com/app` |')
  expect(md).toContain('| Tags | `i:1`<br>`i:main` |')
  expect(md).toContain(`| Digest | \`${digest}\` |`)
  expect(md).toContain('| Platforms | linux/amd64, linux/arm64 |')
  expect(md).toContain('| Role | `arn:aws:iam::123456789012:role/github-actions-app` |')
  expect(md).toContain('| OIDC token | 0.1 s |')
  expect(md).toContain('| build + push | 65.4 s |')
  expect(md).toContain(`docker pull ${report.image}@${digest}`)
})

test('build only: no digest, no pull line; ambient credentials are said', () => {
  const md = summaryMarkdown({ ...report, digest: undefined, pushed: false, credentialSource: 'ambient' })
  expect(md).toContain('### Built app')
  expect(md).toContain('not pushed (`push: false`)')
  expect(md).toContain('(ambient credentials, no OIDC)')
  expect(md).not.toContain('docker pull')
})

test('PhaseTimer announces each phase in one line and records it, failed ones too', async () => {
  let now = 0
  const lines: string[] = []
  const timer = new PhaseTimer((line) => lines.push(line), () => now)
  await timer.time('a', async () => { now += 5 })
  await expect(timer.time('b', async () => { now += 7; throw new Error('x') })).rejects.toThrow('x')
  expect(timer.phases).toEqual([{ phase: 'a', ms: 5 }, { phase: 'b', ms: 7 }])
  expect(lines).toEqual(['» a', '» b'])
})
