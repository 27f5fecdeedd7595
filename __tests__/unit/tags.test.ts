import { type GitFacts, archOf, labelsFor, platformTagFor, sanitizeTag, tagsFor, defaultBranchOf, unknownDefaultBranchNotice } from '../../src/tags.js'

const sha = '0123456789abcdef0123456789abcdef01234567'
const git = (ref: string, extra: Partial<GitFacts> = {}): GitFacts => ({
  repository: 'octo-org/octo-repo', sha, ref, serverUrl: 'https://github.com', defaultBranch: 'main', ...extra,
})

describe('tagsFor', () => {
  test.each<[string, GitFacts, string[]]>([
    ['default branch', git('refs/heads/main'), ['0123456', 'main', 'main-0123456', 'latest']],
    ['other branch', git('refs/heads/dev'), ['0123456', 'dev', 'dev-0123456']],
    ['branch with a slash', git('refs/heads/feature/login'), ['0123456', 'feature-login', 'feature-login-0123456']],
    ['branch with odd characters', git('refs/heads/fix/ä ö#1'), ['0123456', 'fix-1', 'fix-1-0123456']],
    ['git tag', git('refs/tags/v1.2.3'), ['0123456', 'v1.2.3']],
    ['git tag that starts with a dot', git('refs/tags/.hidden'), ['0123456', 'hidden']],
    ['pull request', git('refs/pull/42/merge'), ['0123456', 'pr-42', 'pr-42-0123456']],
    ['unknown default branch: no latest', git('refs/heads/main', { defaultBranch: undefined }), ['0123456', 'main', 'main-0123456']],
    ['branch called like the sha tag is not doubled', git('refs/heads/0123456', { defaultBranch: 'x' }), ['0123456', '0123456-0123456']],
  ])('%s', (_, facts, expected) => expect(tagsFor(facts)).toEqual(expected))

  test('extra tags come last, without duplicates', () => {
    expect(tagsFor(git('refs/heads/dev'), ['stable', 'dev'])).toEqual(['0123456', 'dev', 'dev-0123456', 'stable'])
  })

  test('a 200-character branch gives tags of at most 128 that keep the sha', () => {
    const tags = tagsFor(git(`refs/heads/${'b'.repeat(200)}`))
    expect(tags[1]).toBe('b'.repeat(128))
    expect(tags[2]).toBe(`${'b'.repeat(120)}-0123456`)
    for (const tag of tags) expect(tag.length).toBeLessThanOrEqual(128)
  })
})

describe('sanitizeTag', () => {
  test.each([
    ['main', 'main'],
    ['feature/x', 'feature-x'],
    ['a//b', 'a-b'],
    ['-lead', 'lead'],
    ['..dots', 'dots'],
    ['_under', '_under'],
    ['ünï', 'n-'],
    ['///', ''],
    ['x'.repeat(130), 'x'.repeat(128)],
  ])('%s → %s', (input, expected) => expect(sanitizeTag(input)).toBe(expected))
})

describe('labelsFor', () => {
  test('OCI labels from the commit, created = commit time', () => {
    expect(labelsFor(git('refs/heads/main', { commitTime: '2026-11-20T11:00:00+01:00' }))).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/octo-repo',
      'org.opencontainers.image.url': 'https://github.com/octo-org/octo-repo',
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.title': 'octo-repo',
      'org.opencontainers.image.created': '2026-11-20T10:00:00.000Z',
    })
  })

  test('no commit time, no created label (never the build time)', () => {
    expect(labelsFor(git('refs/heads/main'))).not.toHaveProperty(['org.opencontainers.image.created'])
  })
})

test.each<[string, string, string]>([
  ['linux/amd64', 'amd64', '0123456-amd64'],
  ['linux/arm64', 'arm64', '0123456-arm64'],
  ['linux/arm/v7', 'arm-v7', '0123456-arm-v7'],
])('a platform as a tag: %s → %s, %s', (platform, arch, tag) => {
  expect(archOf(platform)).toBe(arch)
  expect(platformTagFor('0123456789abcdef', platform)).toBe(tag)
})

// issue 18, row 5
test.each<[string, string, string | undefined, string | undefined]>([
  ['push', 'refs/heads/feature', 'master', 'master'],
  ['schedule', 'refs/heads/master', undefined, 'master'],
  ['schedule', 'refs/heads/main', 'trunk', 'trunk'],
  ['schedule', 'refs/tags/v1', undefined, undefined],
  ['workflow_run', 'refs/heads/main', undefined, undefined],
  ['', 'refs/heads/main', undefined, undefined],
])('defaultBranchOf(%j, %j, payload %j) → %j', (event, ref, payload, expected) => {
  expect(defaultBranchOf(event, ref, payload)).toBe(expected)
})

test('unknownDefaultBranchNotice: said only when unknown, with what it changes', () => {
  expect(unknownDefaultBranchNotice({ defaultBranch: 'main', eventName: 'push' })).toBeUndefined()
  expect(unknownDefaultBranchNotice({ eventName: 'workflow_run' })).toBe(
    'The default branch is not known on this `workflow_run` event (its payload names no repository): no `latest` tag, ' +
      "no default branch's cache, and `tier: auto` takes it for `main`.",
  )
})
