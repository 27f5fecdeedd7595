import { eachLimited, renderFleet, resultLine } from '../../src/setup/fleet.js'
import type { Change, Plan } from '../../src/setup/plan.js'
import { parseRepositoriesFile, readFleetSettings } from '../../src/setup/repositories.js'

test('eachLimited: never more than the limit at once, results in the items\' order', async () => {
  let running = 0
  let most = 0
  const results = await eachLimited([50, 10, 30, 20, 40, 0], 2, async (ms) => {
    most = Math.max(most, ++running)
    await new Promise((resolve) => setTimeout(resolve, ms))
    running--
    return ms * 2
  })
  expect(most).toBe(2)
  expect(results).toEqual([100, 20, 60, 40, 80, 0])
})

test.each<[string, string, string[], string[]]>([
  ['names, comments and blank lines', 'octo-org/a\n\n# the rest\nocto-org/b  # trailing\n', ['octo-org/a', 'octo-org/b'], []],
  ['a line that is not OWNER/NAME', 'octo-org/a\nhttps://github.com/x/y\n', ['octo-org/a'], ['repos.txt line 2: "https://github.com/x/y" is not a GitHub repository OWNER/NAME (for example octo-org/octo-repo).']],
  ['nothing listed', '# none yet\n', [], ['repos.txt lists no repositories: put one OWNER/NAME on each line.']],
])('parseRepositoriesFile: %s', (_, text, repositories, problems) => {
  const found: string[] = []
  expect(parseRepositoriesFile(text, 'repos.txt', found)).toEqual(repositories)
  expect(found).toEqual(problems)
})

test('readFleetSettings: each repository its own names; a problem is reported once, not once per repository', () => {
  const inputs: Record<string, string> = { 'account-id': '123456789012', region: 'us-east-1', tiers: 'main,dev' }
  const fleet = readFleetSettings({ get: (name) => inputs[name] ?? '' }, ['octo-org/app-a', 'octo-org/app-b', 'octo-org/app-a'])
  expect(fleet.map((s) => s.units.map((u) => u.roleName))).toEqual([['github-actions-app-a', 'github-actions-app-a-dev'], ['github-actions-app-b', 'github-actions-app-b-dev']])
  expect(() => readFleetSettings({ get: (name) => ({ ...inputs, region: 'moon' })[name] ?? '' }, ['octo-org/app-a', 'octo-org/app-b']))
    .toThrow(/^Input `region` must be an AWS region code[^\n]*$/)
})

const change = (kind: Change['kind'], resource: string): Change => ({ resource, kind, details: [], calls: [] })
const plan = (changes: Change[]): Plan => ({ changes, leftAlone: [], notes: [], roleArn: '', repositoryUri: '', tiers: [], access: [] })

test('renderFleet: the provider once, each repository under its name, the totals', () => {
  const settings = { accountId: '123456789012', region: 'us-east-1', dryRun: false } as Parameters<typeof renderFleet>[0]
  const text = renderFleet(settings, change('none', 'OIDC provider token.actions.githubusercontent.com'), [
    { repository: 'octo-org/a', writes: 0, plan: plan([change('create', 'IAM role github-actions-a')]) },
    { repository: 'octo-org/b', writes: 0, error: 'reading failed: AccessDenied' },
  ])
  expect(text.split('\n')).toEqual([
    'Plan for 2 repositories in AWS account 123456789012 (us-east-1):',
    '  = no change  OIDC provider token.actions.githubusercontent.com',
    'octo-org/a:',
    '  + create     IAM role github-actions-a',
    '1 to create, 0 to update, 0 unchanged.',
    'octo-org/b:',
    '  ✗ reading failed: AccessDenied',
    'In all: 1 to create, 0 to update, 1 unchanged; 1 repositories could not be read.',
  ])
})

test.each<[string, Parameters<typeof resultLine>[0], string]>([
  ['applied', { repository: 'o/a', writes: 4 }, '✓ o/a: 4 changes applied'],
  ['one change', { repository: 'o/a', writes: 1 }, '✓ o/a: 1 change applied'],
  ['nothing to do', { repository: 'o/b', writes: 0 }, '= o/b: no changes'],
  ['failed', { repository: 'o/c', writes: 2, error: 'Setup stopped at IAM role x' }, '✗ o/c: Setup stopped at IAM role x'],
])('resultLine: %s', (_, result, line) => expect(resultLine(result)).toBe(line))

// a user's attempt to break issue 17: two repositories setup would give one role or one ECR repository
test.each<[string, string[], RegExp]>([
  ['one name under two owners', ['octo-a/api', 'octo-b/api'], /^octo-a\/api and octo-b\/api would both take the IAM role github-actions-api: set them up apart/],
  ['one repository in two casings', ['octo-org/app', 'Octo-Org/App'], /^octo-org\/app and Octo-Org\/App would both take the IAM role github-actions-app/],
])('readFleetSettings refuses %s', (_, repositories, message) => {
  let problems: string[] = []
  try {
    readFleetSettings({ get: (name) => ({ 'account-id': '123456789012', region: 'us-east-1' } as Record<string, string>)[name] ?? '' }, repositories)
  } catch (error) {
    problems = (error as { problems: string[] }).problems
  }
  expect(problems[0]).toMatch(message)
})
