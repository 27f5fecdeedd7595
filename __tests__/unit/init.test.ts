import { parse } from 'yaml'
import { parseRemote, workflowFor } from '../../src/init/workflow.js'

test.each<[string, string, { host: string; repository: string } | undefined]>([
  ['https', 'https://github.com/octo-org/octo-repo.git', { host: 'github.com', repository: 'octo-org/octo-repo' }],
  ['https without .git', 'https://github.com/octo-org/octo-repo', { host: 'github.com', repository: 'octo-org/octo-repo' }],
  ['https with a user', 'https://x-access-token@github.com/octo-org/octo-repo.git', { host: 'github.com', repository: 'octo-org/octo-repo' }],
  ['scp-like ssh', 'git@github.com:octo-org/octo-repo.git', { host: 'github.com', repository: 'octo-org/octo-repo' }],
  ['ssh url with a port', 'ssh://git@ghe.example.com:2222/team/app.git', { host: 'ghe.example.com', repository: 'team/app' }],
  ['a dotted name', 'https://github.com/octo-org/my.app.git', { host: 'github.com', repository: 'octo-org/my.app' }],
  ['a local path', '/srv/git/app', undefined],
])('parseRemote: %s', (_, url, expected) => expect(parseRemote(url)).toEqual(expected))

describe('workflowFor', () => {
  const base = { actionRef: 'octo-org/ecr-oidc-push@v1', defaultBranch: 'trunk', releaseTags: ['v*'] }
  test.each<[string, Array<'main' | 'dev' | 'release'>, object, boolean]>([
    ['main: the default branch only', ['main'], { branches: ['trunk'] }, false],
    ['main and dev: every branch, tier auto', ['main', 'dev'], { branches: ['**'] }, true],
    ['main and release: the default branch and release tags', ['main', 'release'], { branches: ['trunk'], tags: ['v*'] }, true],
    ['all three', ['main', 'dev', 'release'], { branches: ['**'], tags: ['v*'] }, true],
  ])('%s', (_, tiers, push, auto) => {
    const workflow = parse(workflowFor({ ...base, tiers })) as { on: { push: object }; permissions: object; jobs: { push: { steps: Array<{ uses: string; with?: Record<string, string> }> } } }
    expect(workflow.on.push).toEqual(push)
    expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' })
    const step = workflow.jobs.push.steps[1]!
    expect(step.uses).toBe('octo-org/ecr-oidc-push@v1')
    expect(step.with).toEqual({ 'account-id': '${{ vars.AWS_ACCOUNT_ID }}', region: '${{ vars.AWS_REGION }}', ...(auto ? { tier: 'auto' } : {}) })
  })

  test('the same options write the same file (a second init compares equal)', () => {
    expect(workflowFor({ ...base, tiers: ['main'] })).toBe(workflowFor({ ...base, tiers: ['main'] }))
  })
})
