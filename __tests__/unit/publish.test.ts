import { filterMatches, isImmutableTag, planPublish, planWithoutRules, type TagRules } from '../../src/registry/publish.js'

describe('exclusion filters are wildcards over the whole tag', () => {
  test.each<[string, string, boolean]>([
    ['main', 'main', true],
    ['main', 'main-abc1234', false],
    ['main', 'xmain', false],
    ['main*', 'main-abc1234', true],
    ['*-latest', 'prod-latest', true],
    ['*-latest', 'latest', false],
    ['buildcache-*', 'buildcache-main', true],
    ['release-*', 'release-', true],
    ['v*.x', 'v1.x', true],
    ['v*.x', 'v1x', false],
    ['a.b', 'aXb', false],
  ])('%s against %s → %s', (filter, tag, expected) => expect(filterMatches(filter, tag)).toBe(expected))
})

describe('which tags may never be written again', () => {
  test.each<[string, TagRules, string, boolean]>([
    ['MUTABLE', { mutability: 'MUTABLE', filters: [] }, 'v1', false],
    ['IMMUTABLE', { mutability: 'IMMUTABLE', filters: [] }, 'latest', true],
    ['IMMUTABLE_WITH_EXCLUSION, excluded', { mutability: 'IMMUTABLE_WITH_EXCLUSION', filters: ['main', 'latest'] }, 'main', false],
    ['IMMUTABLE_WITH_EXCLUSION, not excluded', { mutability: 'IMMUTABLE_WITH_EXCLUSION', filters: ['main', 'latest'] }, 'main-abc1234', true],
    ['MUTABLE_WITH_EXCLUSION, excluded', { mutability: 'MUTABLE_WITH_EXCLUSION', filters: ['v*'] }, 'v1.0.0', true],
    ['MUTABLE_WITH_EXCLUSION, not excluded', { mutability: 'MUTABLE_WITH_EXCLUSION', filters: ['v*'] }, 'main', false],
  ])('%s: %s', (_, rules, tag, expected) => expect(isImmutableTag(rules, tag)).toBe(expected))
})

describe('what a push publishes, from what ECR holds', () => {
  const immutable: TagRules = { mutability: 'IMMUTABLE', filters: [] }
  const mainTier: TagRules = { mutability: 'IMMUTABLE_WITH_EXCLUSION', filters: ['latest', 'buildcache-*', 'main'] }
  const A = `sha256:${'a'.repeat(64)}`
  const B = `sha256:${'b'.repeat(64)}`
  test.each<[string, string[], Record<string, string>, TagRules, ReturnType<typeof planPublish>]>([
    ['a first release', ['abc1234', 'v1.0.0'], {}, immutable, { kind: 'build' }],
    ['a release re-run', ['abc1234', 'v1.0.0'], { abc1234: A, 'v1.0.0': A }, immutable, { kind: 'published', digest: A, tagsToSet: [] }],
    ['a second git tag on the same commit', ['abc1234', 'v2.0.0'], { abc1234: A, 'v2.0.0-rc.1': A }, immutable, { kind: 'published', digest: A, tagsToSet: ['v2.0.0'] }],
    ['a tag another commit holds', ['abc1234', 'v1.0.0'], { 'v1.0.0': B }, immutable, { kind: 'conflict', tag: 'v1.0.0', digest: B }],
    ['a tag another image holds, though this commit has one', ['abc1234', 'v1.0.0'], { abc1234: A, 'v1.0.0': B }, immutable, { kind: 'conflict', tag: 'v1.0.0', digest: B }],
    ['main with immutable tags, re-run: the moving tags move to it', ['abc1234', 'main', 'main-abc1234', 'latest'], { abc1234: A, 'main-abc1234': A, main: B, latest: B }, mainTier, { kind: 'published', digest: A, tagsToSet: ['main', 'latest'] }],
    ['main with immutable tags, a new commit', ['def5678', 'main', 'main-def5678', 'latest'], { main: B, latest: B }, mainTier, { kind: 'build' }],
    ['a mutable repository always builds', ['abc1234', 'main'], { abc1234: A, main: A }, { mutability: 'MUTABLE', filters: [] }, { kind: 'build' }],
    ['no commit tag (no sha): builds, unless a tag conflicts', ['v1'], {}, immutable, { kind: 'build' }],
  ])('%s', (_, tags, existing, rules, expected) => {
    const commitTag = tags[0] === 'v1' ? undefined : tags[0]
    expect(planPublish(tags, new Map(Object.entries(existing)), rules, commitTag)).toEqual(expected)
  })
})

// a role set up before pre-flight reads images but not the tag rules: reuse this commit's image, else build
describe('planWithoutRules', () => {
  const [mine, other] = [`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`]
  test.each<[string, Record<string, string>, ReturnType<typeof planWithoutRules>]>([
    ['nothing there', {}, { kind: 'build' }],
    ['a re-run: every tag names this commit\'s image', { abc1234: mine, 'v1.0.0': mine }, { kind: 'published', digest: mine, tagsToSet: [] }],
    ['a second tag', { abc1234: mine }, { kind: 'published', digest: mine, tagsToSet: ['v1.0.0'] }],
    ['a tag that names another image: build, as before pre-flight', { abc1234: mine, 'v1.0.0': other }, { kind: 'build' }],
    ['the commit has no image', { 'v1.0.0': other }, { kind: 'build' }],
  ])('%s', (_, existing, plan) => {
    expect(planWithoutRules(['v1.0.0', 'abc1234'], new Map(Object.entries(existing)), 'abc1234')).toEqual(plan)
  })
})
