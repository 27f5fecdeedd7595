import { BUILD_INPUTS_LABEL, type BuildInputs, buildInputsDigest, contentDigest, promotionVerdict } from '../../src/build-inputs.js'
import { labelsByPlatform } from '../../src/docker/build.js'

const base: BuildInputs = {
  file: 'Dockerfile', dockerfileDigest: contentDigest(Buffer.from('FROM scratch\n')), context: '.',
  buildArgs: ['A=1'], platforms: ['linux/amd64', 'linux/arm64'], provenance: 'false', sbom: false,
}

describe('buildInputsDigest', () => {
  test('a sha256 digest, the same for the same inputs', () => {
    expect(buildInputsDigest(base)).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(buildInputsDigest({ ...base })).toBe(buildInputsDigest(base))
  })
  test('the platforms\' order does not count', () => {
    expect(buildInputsDigest({ ...base, platforms: ['linux/arm64', 'linux/amd64'] })).toBe(buildInputsDigest(base))
  })
  test.each<[string, Partial<BuildInputs>]>([
    ['the Dockerfile\'s path', { file: 'app/Dockerfile' }],
    ['the Dockerfile\'s content', { dockerfileDigest: contentDigest(Buffer.from('FROM scratch\nRUN x\n')) }],
    ['the context', { context: 'app' }],
    ['a build argument', { buildArgs: ['A=2'] }],
    ['the build arguments\' order (a later one wins)', { buildArgs: ['A=1', 'A=2'] }],
    ['the platforms', { platforms: ['linux/amd64'] }],
    ['provenance', { provenance: 'max' }],
    ['an SBOM', { sbom: true }],
  ])('changes with %s', (_, change) => {
    expect(buildInputsDigest({ ...base, ...change })).not.toBe(buildInputsDigest(base))
  })
})

describe('promotionVerdict', () => {
  const expected = buildInputsDigest(base)
  const labelled = (value = expected) => ({ [BUILD_INPUTS_LABEL]: value, 'org.opencontainers.image.revision': 'abc' })
  test.each<[string, Record<string, Record<string, string> | undefined>, string[], ReturnType<typeof promotionVerdict>]>([
    ['every platform built from these inputs', { 'linux/amd64': labelled(), 'linux/arm64': labelled() }, base.platforms as string[], { promote: true }],
    ['arm64 written with its v8 variant', { 'linux/amd64': labelled(), 'linux/arm64/v8': labelled() }, base.platforms as string[], { promote: true }],
    ['one platform from other inputs', { 'linux/amd64': labelled(), 'linux/arm64': labelled('sha256:other') }, base.platforms as string[],
      { promote: false, reason: 'it was built from other inputs (Dockerfile, context, build-args, platforms or attestations differ)' }],
    ['an image from before the label', { 'linux/amd64': undefined, 'linux/arm64': {} }, base.platforms as string[],
      { promote: false, reason: `its linux/amd64 image has no ${BUILD_INPUTS_LABEL} label` }],
    ['fewer platforms than wanted', { 'linux/amd64': labelled() }, base.platforms as string[],
      { promote: false, reason: 'it has platforms linux/amd64, this build wants linux/amd64, linux/arm64' }],
    ['more platforms than wanted', { 'linux/amd64': labelled(), 'linux/arm64': labelled() }, ['linux/amd64'],
      { promote: false, reason: 'it has platforms linux/amd64, linux/arm64, this build wants linux/amd64' }],
  ])('%s', (_, configs, platforms, verdict) => {
    expect(promotionVerdict(configs, platforms, expected)).toEqual(verdict)
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
