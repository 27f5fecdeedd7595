import {
  BUILD_INPUTS_LABEL, type BuildInputs, MAX_WORKTREE_FILES, REVISION_LABEL, buildInputsLabel, contentDigest, inputsDifference, normalPath,
  promotionVerdict, worktreeState,
} from '../../src/build-inputs.js'
import { labelsByPlatform } from '../../src/docker/build.js'

const base: BuildInputs = {
  file: 'Dockerfile', dockerfileDigest: contentDigest(Buffer.from('FROM scratch\n')), context: '.',
  buildArgs: ['A=1'], provenance: 'false', sbom: false, worktree: 'clean',
}
const sha = '0123456789abcdef0123456789abcdef01234567'

describe('buildInputsLabel', () => {
  test('field by field, build-args as a hash (labels are readable by anyone who may pull)', () => {
    const label = buildInputsLabel({ ...base, buildArgs: ['TOKEN=hunter2'] })
    expect(label).toMatch(/^v1 file=Dockerfile dockerfile=sha256%3A[0-9a-f]{64} context=\. build-args=sha256%3A[0-9a-f]{64} provenance=false sbom=false worktree=clean$/)
    expect(label).not.toContain('hunter2')
    expect(buildInputsLabel({ ...base })).toBe(buildInputsLabel(base))
  })
  test.each<[string, Partial<BuildInputs>, string]>([
    ["the Dockerfile's path", { file: 'app/Dockerfile' }, "differs in the Dockerfile's path (Dockerfile, not app/Dockerfile)"],
    ["the Dockerfile's content", { dockerfileDigest: contentDigest(Buffer.from('FROM scratch\nRUN x\n')) }, "differs in the Dockerfile's content"],
    ['the context', { context: 'app' }, 'differs in the build context (., not app)'],
    ['a build argument', { buildArgs: ['A=2'] }, 'differs in its build-args'],
    ["the build arguments' order (a later one wins)", { buildArgs: ['A=1', 'A=2'] }, 'differs in its build-args'],
    ['provenance', { provenance: 'max' }, 'differs in its provenance (false, not max)'],
    ['an SBOM', { sbom: true }, 'differs in its sbom (false, not true)'],
    ["the context's uncommitted files", { worktree: contentDigest(Buffer.from('x')) }, "differs in the context's uncommitted files"],
  ])('differs in %s', (_, change, said) => {
    expect(inputsDifference(buildInputsLabel(base), buildInputsLabel({ ...base, ...change }))).toBe(said)
  })
  test('the same inputs do not differ; an unknown context or a missing label never counts as the same', () => {
    expect(inputsDifference(buildInputsLabel(base), buildInputsLabel(base))).toBeUndefined()
    expect(inputsDifference(buildInputsLabel({ ...base, worktree: 'unknown' }), buildInputsLabel({ ...base, worktree: 'unknown' }))).toMatch(/not a git checkout/)
    expect(inputsDifference(undefined, buildInputsLabel(base))).toBe(`has no ${BUILD_INPUTS_LABEL} label`)
    expect(inputsDifference('v0 whatever', buildInputsLabel(base))).toBe(`has no ${BUILD_INPUTS_LABEL} label`)
  })
})

test.each<[string, string, string]>([
  ['Dockerfile', '/w', 'Dockerfile'],
  ['./Dockerfile', '/w', 'Dockerfile'],
  ['./', '/w', '.'],
  ['.', '/w', '.'],
  ['app//docker/../Dockerfile', '/w', 'app/Dockerfile'],
  ['/w/app/Dockerfile', '/w', 'app/Dockerfile'],
  ['/elsewhere/Dockerfile', '/w', '../elsewhere/Dockerfile'],
])('normalPath(%j, %j) → %j', (file, workspace, expected) => expect(normalPath(file, workspace)).toBe(expected))

describe('worktreeState', () => {
  const files: Record<string, string> = { 'app/a.txt': 'one', 'app/new.txt': 'two' }
  const read = async (file: string) => (files[file] === undefined ? undefined : Buffer.from(files[file]!))
  test.each<[string, string | undefined, string | RegExp]>([
    ['no git', undefined, 'unknown'],
    ['a clean checkout', '', 'clean'],
    ['a modified and an untracked file', ' M app/a.txt\0?? app/new.txt\0', /^sha256:[0-9a-f]{64}$/],
  ])('%s', async (_, status, expected) => expect(await worktreeState(status, read)).toMatch(expected))
  test('the content counts, and the order of the entries does not', async () => {
    const one = await worktreeState(' M app/a.txt\0?? app/new.txt\0', read)
    expect(await worktreeState('?? app/new.txt\0 M app/a.txt\0', read)).toBe(one)
    files['app/a.txt'] = 'changed'
    expect(await worktreeState(' M app/a.txt\0?? app/new.txt\0', read)).not.toBe(one)
  })
  test('files git ignores count like any other; only those that reach the build (inContext)', async () => {
    const ignored = await worktreeState('!! app/a.txt\0', read)
    expect(ignored).toMatch(/^sha256:/)
    expect(await worktreeState('!! app/a.txt\0!! node_modules/x.js\0', read, (file) => !file.startsWith('node_modules/'))).toBe(ignored)
    expect(await worktreeState('!! node_modules/x.js\0', read, (file) => !file.startsWith('node_modules/'))).toBe('clean')
  })
  test(`past ${MAX_WORKTREE_FILES} files the context is unknown (never promoted)`, async () => {
    const many = Array.from({ length: MAX_WORKTREE_FILES + 1 }, (_, i) => `!! out/${i}.o`).join('\0')
    expect(await worktreeState(many, read)).toBe('unknown')
  })
  test("a rename's old path is not a file of its own; a deleted file counts as deleted", async () => {
    const renamed = await worktreeState('R  app/a.txt\0app/old.txt\0', read)
    expect(renamed).toBe(await worktreeState(' M app/a.txt\0', read))
    expect(await worktreeState(' D app/gone.txt\0', read)).not.toBe('clean')
  })
})

describe('promotionVerdict', () => {
  const expected = buildInputsLabel(base)
  const labelled = (value = expected, revision = sha) => ({ [BUILD_INPUTS_LABEL]: value, [REVISION_LABEL]: revision })
  const both = ['linux/amd64', 'linux/arm64']
  test.each<[string, Record<string, Record<string, string> | undefined>, string[], ReturnType<typeof promotionVerdict>]>([
    ['every platform built from this commit and these inputs', { 'linux/amd64': labelled(), 'linux/arm64': labelled() }, both, { promote: true }],
    ['arm64 written with its v8 variant', { 'linux/amd64': labelled(), 'linux/arm64/v8': labelled() }, both, { promote: true }],
    ['another commit with the same short sha', { 'linux/amd64': labelled(expected, '0123456ffff'), 'linux/arm64': labelled() }, both,
      { promote: false, reason: `its linux/amd64 image was built from commit 0123456ffff, not ${sha}` }],
    ['one platform from other inputs', { 'linux/amd64': labelled(), 'linux/arm64': labelled(buildInputsLabel({ ...base, buildArgs: [] })) }, both,
      { promote: false, reason: 'its linux/arm64 image differs in its build-args' }],
    ['an image from before the label', { 'linux/amd64': { [REVISION_LABEL]: sha }, 'linux/arm64': labelled() }, both,
      { promote: false, reason: `its linux/amd64 image has no ${BUILD_INPUTS_LABEL} label` }],
    ['fewer platforms than wanted', { 'linux/amd64': labelled() }, both,
      { promote: false, reason: 'it has platforms linux/amd64, this build wants linux/amd64, linux/arm64' }],
    ['more platforms than wanted', { 'linux/amd64': labelled(), 'linux/arm64': labelled() }, ['linux/amd64'],
      { promote: false, reason: 'it has platforms linux/amd64, linux/arm64, this build wants linux/amd64' }],
  ])('%s', (_, configs, platforms, verdict) => {
    expect(promotionVerdict(configs, platforms, expected, sha)).toEqual(verdict)
  })
})

describe('labelsByPlatform', () => {
  test("an index's configs, by platform", () => {
    const json = JSON.stringify({
      'linux/amd64': { os: 'linux', architecture: 'amd64', config: { Labels: { a: '1' } } },
      'linux/arm64': { os: 'linux', architecture: 'arm64', config: {} },
    })
    expect(labelsByPlatform(json)).toEqual({ 'linux/amd64': { a: '1' }, 'linux/arm64': undefined })
  })
  test("a single manifest's config, under its platform", () => {
    const json = JSON.stringify({ os: 'linux', architecture: 'arm', variant: 'v7', config: { Labels: { b: '2' } } })
    expect(labelsByPlatform(json)).toEqual({ 'linux/arm/v7': { b: '2' } })
  })
})
