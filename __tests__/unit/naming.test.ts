import { MAX_ROLE_NAME, ecrRepositoryFor, registryFor, repoNameOf, roleArnFor, roleNameFor, sessionNameFor, tierForRef, tierNames } from '../../src/naming.js'

const hundred = 'A'.repeat(50) + '.b-' + 'c'.repeat(47)

describe('repoNameOf', () => {
  test.each([
    ['octo-org/octo-repo', 'octo-repo'],
    ['me/My.Repo', 'My.Repo'],
    ['bare', 'bare'],
  ])('%s → %s', (input, expected) => expect(repoNameOf(input)).toBe(expected))

  test('rejects a repository with no name', () => expect(() => repoNameOf('owner/')).toThrow(/no repository name/))
})

describe('roleNameFor', () => {
  test.each([
    ['octo-repo', 'github-actions-octo-repo'],
    ['My.Repo', 'github-actions-My.Repo'],
    ['a--b', 'github-actions-a--b'],
    ['_x_', 'github-actions-_x_'],
    ['x'.repeat(49), 'github-actions-' + 'x'.repeat(49)],
  ])('%s → %s', (repo, expected) => expect(roleNameFor(repo)).toBe(expected))

  test('shortens names past 64 characters to exactly 64, ending in a hash', () => {
    const role = roleNameFor(hundred)
    expect(role).toHaveLength(MAX_ROLE_NAME)
    expect(role).toMatch(/^github-actions-A{40}-[0-9a-f]{8}$/)
    expect(roleNameFor(hundred)).toBe(role)
  })

  test('two long names with the same prefix get different roles', () => {
    expect(roleNameFor('x'.repeat(60) + 'one')).not.toBe(roleNameFor('x'.repeat(60) + 'two'))
  })

  test('the boundary: 50 characters are shortened, 49 are not', () => {
    expect(roleNameFor('y'.repeat(50))).toMatch(/-[0-9a-f]{8}$/)
    expect(roleNameFor('y'.repeat(50))).toHaveLength(64)
  })
})

describe('ecrRepositoryFor', () => {
  test.each([
    ['octo-repo', 'octo-repo'],
    ['My.Repo', 'my.repo'],
    ['a--b', 'a-b'],
    ['a._-b', 'a.b'],
    ['_x_', undefined],
    ['__ab__', 'ab'],
    ['.github', 'github'],
    ['Hello World', 'hello-world'], // GitHub never allows a space; the rule still gives a valid name
    ['UPPER_case', 'upper_case'],
    ['x', undefined],
    ['---', undefined],
    ['v1.2.3', 'v1.2.3'],
    [hundred, 'a'.repeat(50) + '.b-' + 'c'.repeat(47)],
  ])('%s → %s', (repo, expected) => expect(ecrRepositoryFor(repo)).toBe(expected))

  test('every result matches the ECR pattern and length', () => {
    for (const repo of ['My.Repo', 'a--b', '__ab__', hundred, 'z'.repeat(300), 'a_.b']) {
      const name = ecrRepositoryFor(repo)!
      expect(name).toMatch(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/)
      expect(name.length).toBeGreaterThanOrEqual(2)
      expect(name.length).toBeLessThanOrEqual(256)
    }
  })
})

test.each([
  ['us-east-1', '123456789012.dkr.ecr.us-east-1.amazonaws.com', 'arn:aws:iam::123456789012:role/r'],
  ['cn-north-1', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'arn:aws-cn:iam::123456789012:role/r'],
  ['us-gov-west-1', '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com', 'arn:aws-us-gov:iam::123456789012:role/r'],
])('registry and role ARN in %s', (region, registry, arn) => {
  expect(registryFor('123456789012', region)).toBe(registry)
  expect(roleArnFor('123456789012', 'r', region)).toBe(arn)
})

describe('sessionNameFor', () => {
  test.each([
    ['octo-repo', '123', '2', 'octo-repo-123-2'],
    ['My.Repo', '', '', 'My.Repo-local-1'],
  ])('%s run %s attempt %s → %s', (repo, run, attempt, expected) => expect(sessionNameFor(repo, run, attempt)).toBe(expected))

  test('stays within 64 valid characters and keeps the run id', () => {
    const name = sessionNameFor(hundred, '9876543210', '3')
    expect(name.length).toBeLessThanOrEqual(64)
    expect(name).toMatch(/^[\w+=,.@-]+-9876543210-3$/)
  })
})

describe('tiers: one naming rule', () => {
  test.each<[string, 'main' | 'dev' | 'release', string, string]>([
    ['octo-repo', 'main', 'github-actions-octo-repo', 'octo-repo'],
    ['octo-repo', 'dev', 'github-actions-octo-repo-dev', 'octo-repo-dev'],
    ['octo-repo', 'release', 'github-actions-octo-repo-release', 'octo-repo-release'],
    ['My.Repo', 'dev', 'github-actions-My.Repo-dev', 'my.repo-dev'],
  ])('%s, %s → %s, %s', (repo, tier, role, ecr) => {
    expect(roleNameFor(repo, tier)).toBe(role)
    expect(ecrRepositoryFor(repo, tier)).toBe(ecr)
    expect(tierNames(repo, tier)).toEqual({ roleName: role, repository: ecr })
  })

  test.each(['dev', 'release'] as const)('a long name shortened for %s keeps the suffix, 64 characters, and stays unique', (tier) => {
    const role = roleNameFor(hundred, tier)
    expect(role).toHaveLength(MAX_ROLE_NAME)
    expect(role).toMatch(new RegExp(`^github-actions-A+-[0-9a-f]{8}-${tier}$`))
    expect(roleNameFor('x'.repeat(60) + 'one', tier)).not.toBe(roleNameFor('x'.repeat(60) + 'two', tier))
    expect(new Set([roleNameFor(hundred), roleNameFor(hundred, 'dev'), roleNameFor(hundred, 'release')]).size).toBe(3)
  })

  test('the boundary for dev: 45 characters fit, 46 are shortened', () => {
    expect(roleNameFor('y'.repeat(45), 'dev')).toBe(`github-actions-${'y'.repeat(45)}-dev`)
    expect(roleNameFor('y'.repeat(46), 'dev')).toMatch(/^github-actions-y+-[0-9a-f]{8}-dev$/)
  })

  test('an ECR name at 256 characters keeps the suffix within 256', () => {
    const name = ecrRepositoryFor('r'.repeat(300), 'release')!
    expect(name).toHaveLength(256)
    expect(name.endsWith('-release')).toBe(true)
  })

  test('given names take the suffix too', () => {
    expect(tierNames('octo-repo', 'release', { roleName: 'ci-role', repository: 'team/app' })).toEqual({ roleName: 'ci-role-release', repository: 'team/app-release' })
  })

  test.each<[string, string, string | undefined, 'main' | 'dev' | 'release']>([
    ['a git tag', 'refs/tags/v1.2.3', 'main', 'release'],
    ['the default branch', 'refs/heads/main', 'main', 'main'],
    ['another default branch', 'refs/heads/trunk', 'trunk', 'main'],
    ['main when the default branch is trunk', 'refs/heads/main', 'trunk', 'dev'],
    ['a feature branch', 'refs/heads/feature/x', 'main', 'dev'],
    ['a pull request', 'refs/pull/7/merge', 'main', 'dev'],
    ['no event file: main is taken as the default branch', 'refs/heads/main', undefined, 'main'],
  ])('tier: auto on %s', (_, ref, defaultBranch, tier) => expect(tierForRef(ref, defaultBranch)).toBe(tier))
})
