import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { InputError } from '../../src/errors.js'
import { readPushSettings } from '../../src/push/settings.js'
import { readLoginSettings } from '../../src/login/settings.js'
import { ecrRepositoryFor, roleNameFor } from '../../src/naming.js'

interface ActionYml {
  runs: { using: string; main: string; post: string }
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml

test('action.yml runs on node24 with a post step', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js' })
})

test('action.yml declares the contract: these inputs and outputs, no more, no fewer', () => {
  expect(Object.keys(action.inputs)).toEqual([
    'account-id', 'region', 'mode', 'repository', 'role-name', 'tier', 'context', 'file', 'platforms', 'tags',
    'build-args', 'push', 'platform-image', 'cache', 'promote', 'provenance', 'sbom', 'builder', 'audience', 'role-duration-seconds', 'ecs-cluster', 'ecs-service', 'ecs-container', 'ecs-wait',
    'ecs-wait-minutes', 'registries', 'expose-credentials', 'github-token', 'repositories', 'tiers', 'release-tags', 'release-environment', 'dev-retention-days', 'developers', 'consumers', 'trust-branches', 'trust-tags', 'trust-environments', 'oidc-issuer', 'sub-claim-keys',
    'max-session-duration', 'kms-key', 'immutable-tags', 'untagged-days', 'keep-tagged', 'pull-from', 'pull-only', 'dry-run',
  ])
  expect(Object.keys(action.inputs).filter((name) => action.inputs[name]!.required)).toEqual(['account-id', 'region'])
  expect(Object.keys(action.outputs)).toEqual([
    'registry', 'registries', 'docker-username', 'docker-password', 'image', 'tags', 'digest', 'image-ref', 'promoted-from', 'task-definition-arn', 'role-arn', 'repository-uri', 'plan',
  ])
})

test('every input the code reads is declared, and the declared defaults are the code\'s', () => {
  const read = new Set<string>()
  const viaRunner = (name: string) => (read.add(name), action.inputs[name]?.default ?? '') // the runner fills in defaults
  const viaCode = (name: string) => (['account-id', 'region'].includes(name) ? { 'account-id': '123456789012', region: 'us-east-1' }[name]! : '')
  const githubRepository = 'octo-org/octo-repo'
  const withDefaults = readPushSettings({ get: (n) => viaRunner(n) || viaCode(n), githubRepository, fileExists: () => true })
  const withoutDefaults = readPushSettings({ get: viaCode, githubRepository, fileExists: () => true })
  expect(withDefaults).toEqual(withoutDefaults)
  expect([...read].filter((name) => !(name in action.inputs))).toEqual([])
  expect(() => readPushSettings({ get: () => '', githubRepository, fileExists: () => true })).toThrow(InputError)

  const login = (get: (name: string) => string) => readLoginSettings({ get: (n) => (n === 'mode' ? 'login' : get(n)), githubRepository })
  expect(login((n) => viaRunner(n) || viaCode(n))).toEqual(login(viaCode))
  expect([...read].filter((name) => !(name in action.inputs))).toEqual([])
})

test('the README\'s naming examples are what the code does', () => {
  const readme = readFileSync('README.md', 'utf8')
  const hundred = `service-${'a'.repeat(40)}-${'b'.repeat(35)}-Payments.API_v2`
  expect(hundred).toHaveLength(100)
  const rows: Array<[string, string, string | undefined]> = [
    ['octo-repo', 'github-actions-octo-repo', 'octo-repo'],
    ['My.Repo', 'github-actions-My.Repo', 'my.repo'],
    ['a--b', 'github-actions-a--b', 'a-b'],
    ['_x_', 'github-actions-_x_', undefined],
    [hundred, 'github-actions-service-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-d41fc212', hundred.toLowerCase()],
  ]
  for (const [repo, role, ecr] of rows) {
    expect(roleNameFor(repo)).toBe(role)
    expect(ecrRepositoryFor(repo)).toBe(ecr)
    expect(readme).toContain(`\`${role}\``)
  }
})

describe('the Marketplace listing rules', () => {
  // GitHub's branding icons are Feather 4.28's, but for these; its colours are this list
  const OMITTED_ICONS = ['coffee', 'columns', 'divide-circle', 'divide-square', 'divide', 'frown', 'hexagon', 'key', 'meh', 'mouse-pointer', 'smile', 'tool', 'x-octagon']
  const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']
  const listing = action as unknown as { name: string; description: string; author?: string; branding: { icon: string; color: string } }

  test('a name and a description under 125 characters', () => {
    expect(listing.name.length).toBeGreaterThan(0)
    expect(listing.description.length).toBeLessThan(125)
  })

  test('a branding icon from the set and one of the colours', () => {
    const icons = JSON.parse(readFileSync('node_modules/feather-icons/dist/icons.json', 'utf8')) as Record<string, string>
    expect(Object.keys(icons)).toContain(listing.branding.icon)
    expect(OMITTED_ICONS).not.toContain(listing.branding.icon)
    expect(COLORS).toContain(listing.branding.color)
  })
})
