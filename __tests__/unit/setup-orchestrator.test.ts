import { InputError } from '../../src/errors.js'
import { setUp } from '../../src/setup/orchestrator.js'

// a token, so any call to GitHub would go out, to an address where nothing answers
const env = { GITHUB_TOKEN: 'a-token', GITHUB_API_URL: 'http://127.0.0.1:9' }
const aws = () => { throw new Error('bad input must not reach AWS') }
const edges = { env, sts: aws, ecr: aws, iam: aws, ecs: aws }
const inputs = (values: Record<string, string>) => ({ get: (name: string) => ({ 'account-id': '123456789012', region: 'us-east-1', ...values })[name] ?? '' })

/** setUp's InputError problems, or what else it threw. */
async function refusal(request: Parameters<typeof setUp>[0]): Promise<string[]> {
  const error = await setUp(request, edges, () => {}, () => {}).then(() => undefined, (e: unknown) => e)
  if (!(error instanceof InputError)) throw new Error(`expected InputError, got ${String(error)}`)
  return error.problems
}

test.each([
  ['a repository that is not OWNER/NAME, among several', { repositories: ['octo-org/a', 'not-a-repository'] }, /got "not-a-repository"/],
  ['the only repository named, not OWNER/NAME', { repositories: ['not-a-repository'] }, /got "not-a-repository"/],
  ['a bad input with several repositories', { repositories: ['octo-org/a', 'octo-org/b'], source: inputs({ tiers: 'prod' }) }, /`tiers` has "prod"/],
  ['a bad input for the run\'s own repository', { repositories: [], source: inputs({ tiers: 'prod' }), runRepository: { githubRepository: 'octo-org/a' } }, /`tiers` has "prod"/],
  ['IDs with several repositories', { repositories: ['octo-org/a', 'octo-org/b'], source: { ...inputs({}), ownerId: '1', repositoryId: '2' } }, /one repository's IDs/],
])('%s is refused before any call to GitHub or AWS', async (_, request, problem) => {
  const problems = await refusal({ source: inputs({}), ...request })
  expect(problems.join('\n')).toMatch(problem)
})
