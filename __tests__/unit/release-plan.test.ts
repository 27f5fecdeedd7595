import { Refusal, changelogNotes, planRelease } from '../../scripts/release-plan.mjs'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const C = 'c'.repeat(40)

test.each<[string, string, string, Array<[string, string]>, object]>([
  ['the first release', 'v1.0.0', A, [], { tag: 'v1.0.0', createTag: true, majorTag: 'v1', moveMajor: true }],
  ['the next minor moves the major tag', 'v1.1.0', B, [['v1.0.0', A], ['v1', A]], { createTag: true, majorTag: 'v1', moveMajor: true }],
  ['a re-run at the same commit changes nothing', 'v1.1.0', B, [['v1.0.0', A], ['v1.1.0', B], ['v1', B]], { createTag: false, moveMajor: false }],
  ['a new major leaves the old one alone', 'v2.0.0', C, [['v1.1.0', B], ['v1', B]], { majorTag: 'v2', moveMajor: true }],
  ['a fix to an old major moves that major', 'v1.1.1', C, [['v1.1.0', B], ['v1', B], ['v2.0.0', A], ['v2', A]], { majorTag: 'v1', moveMajor: true }],
  ['a prerelease moves no major tag', 'v1.2.0-rc.1', C, [['v1.1.0', B], ['v1', B]], { createTag: true, majorTag: undefined, moveMajor: false }],
])('%s', (_, tag, head, tags, expected) => expect(planRelease(tag, head, new Map(tags))).toMatchObject(expected))

test.each<[string, string, string, Array<[string, string]>, RegExp]>([
  ['not a version', '1.2.3', A, [], /"1\.2\.3" is not a release version/],
  ['a release tag that would move', 'v1.0.0', B, [['v1.0.0', A]], /v1\.0\.0 already points at a{12}, not b{12}: a release tag never moves/],
  ['a major tag that would go backwards', 'v1.0.1', C, [['v1.0.0', A], ['v1.1.0', B], ['v1', B]], /v1 points at v1\.1\.0, which is newer than v1\.0\.1: refusing to move v1 backwards/],
  ['a major tag on another major', 'v1.2.0', C, [['v2.0.0', B], ['v1', B]], /v1 points at v2\.0\.0, another major version: refusing to move v1 across major versions/],
])('refused: %s', (_, tag, head, tags, message) => {
  expect(() => planRelease(tag, head, new Map(tags))).toThrow(Refusal)
  expect(() => planRelease(tag, head, new Map(tags))).toThrow(message)
})

test('changelogNotes takes one version\'s section', () => {
  const changelog = '# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.1.0] - 2026-11-24\n\n### Added\n- login mode\n\n## [1.0.0] - 2026-10-01\n\n- first\n'
  expect(changelogNotes(changelog, 'v1.1.0')).toBe('### Added\n- login mode')
  expect(changelogNotes(changelog, 'v1.0.0')).toBe('- first')
  expect(changelogNotes(changelog, 'v9.9.9')).toBeUndefined()
})
