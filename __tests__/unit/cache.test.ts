import { cacheArgs, cacheFindings, cachePlan, cacheTag } from '../../src/docker/cache.js'
import type { GitFacts } from '../../src/tags.js'

const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app'
const git = (ref: string): GitFacts => ({ repository: 'o/app', sha: 'abc1234def', ref, serverUrl: 'https://github.com', defaultBranch: 'main' })
const both = ['linux/amd64', 'linux/arm64']

test.each<[string, string[], string]>([
  ['main', both, 'buildcache-main'],
  ['feature/login', both, 'buildcache-feature-login'],
  ['main', ['linux/arm64'], 'buildcache-main-arm64'],
  ['main', ['linux/arm/v7'], 'buildcache-main-arm-v7'],
  ['x'.repeat(200), ['linux/amd64'], `buildcache-${'x'.repeat(128 - 'buildcache-'.length - '-amd64'.length)}-amd64`],
])('cacheTag(%s, %j) → %s', (scope, platforms, expected) => {
  expect(cacheTag(scope, platforms)).toBe(expected)
  expect(expected.length).toBeLessThanOrEqual(128)
})

test.each<[string, string, boolean, object]>([
  ['the default branch: its own cache', 'refs/heads/main', true, { from: [`${image}:buildcache-main`], to: `${image}:buildcache-main` }],
  ['a branch: its own, then the default branch\'s; writes its own', 'refs/heads/feature/x', true,
    { from: [`${image}:buildcache-feature-x`, `${image}:buildcache-main`], to: `${image}:buildcache-feature-x` }],
  ['a pull request', 'refs/pull/7/merge', true, { from: [`${image}:buildcache-pr-7`, `${image}:buildcache-main`], to: `${image}:buildcache-pr-7` }],
  ['a git tag reads the default branch\'s and writes nothing', 'refs/tags/v1.0.0', true, { from: [`${image}:buildcache-main`] }],
  ['no export (a builder that cannot, or push: false)', 'refs/heads/main', false, { from: [`${image}:buildcache-main`] }],
])('cachePlan: %s', (_, ref, exportCache, expected) => expect(cachePlan(image, git(ref), both, exportCache)).toEqual(expected))

test("a release reads the main tier's cache of the default branch, in the main tier's repository", () => {
  const release = `${image}-release`
  expect(cachePlan(release, git('refs/tags/v1.0.0'), both, false, image)).toEqual({ from: [`${image}:buildcache-main`] })
  // a branch's own cache stays in its own repository
  expect(cachePlan(release, git('refs/heads/hotfix'), both, true, image)).toEqual({
    from: [`${release}:buildcache-hotfix`, `${image}:buildcache-main`], to: `${release}:buildcache-hotfix`,
  })
})

test('cacheArgs: the form ECR accepts, and an export that fails never fails the build', () => {
  expect(cacheArgs({ from: ['r/a:buildcache-x', 'r/a:buildcache-main'], to: 'r/a:buildcache-x' })).toEqual([
    '--cache-from=type=registry,ref=r/a:buildcache-x', '--cache-from=type=registry,ref=r/a:buildcache-main',
    '--cache-to=type=registry,ref=r/a:buildcache-x,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true',
  ])
  expect(cacheArgs(undefined)).toEqual([])
})

test('cacheFindings: a cache not there yet is a note; any other failure a warning', () => {
  const output = [
    '#3 importing cache manifest from r/a:buildcache-x',
    '#3 ERROR: failed to configure registry cache importer: r/a:buildcache-x: not found',
    '#4 importing cache manifest from r/a:buildcache-main',
    '#4 ERROR: unexpected status from GET request: 403 Forbidden',
    '#5 [1/3] FROM scratch',
    '#5 ERROR: this is the build, not the cache',
    '#14 exporting cache to registry',
    '#14 ERROR: error writing manifest blob: failed commit: unexpected status 400 Bad Request',
  ].join('\n')
  expect(cacheFindings(output)).toEqual({
    notes: ['No layer cache at r/a:buildcache-x yet: this build starts cold and leaves one for the next.'],
    warnings: [
      'The layer cache at r/a:buildcache-main could not be read (unexpected status from GET request: 403 Forbidden); building without it.',
      'The layer cache could not be written (error writing manifest blob: failed commit: unexpected status 400 Bad Request); the image is not affected, but the next build will not find this cache.',
    ],
  })
  expect(cacheFindings('#6 CACHED\n#7 DONE 0.1s')).toEqual({ notes: [], warnings: [] })
  // a release writes no cache: it leaves none for the next
  expect(cacheFindings(output.split('\n').slice(0, 2).join('\n'), false).notes).toEqual(['No layer cache at r/a:buildcache-x yet: this build starts cold.'])
})
