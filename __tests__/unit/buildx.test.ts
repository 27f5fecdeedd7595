import {
  type BuildRequest, type BuilderFacts, binfmtInstallArgs, builderNameFor, buildxArgs, createBuilderArgs, digestFromMetadata,
  type TagReadBack, emulatorFor, namedBuilderProblem, parseBuilderInspect, planBuilder, readBackReport,
} from '../../src/docker/buildx.js'
import { lastLines } from '../../src/format.js'

const base: BuildRequest = {
  context: '.', file: 'Dockerfile', platforms: ['linux/amd64', 'linux/arm64'],
  image: 'r/app', pushVia: 'digest', layoutDir: '/tmp/layout', imageRefs: ['r/app:abc1234', 'r/app:main'], labels: { 'b.label': '2', 'a.label': '1' },
  buildArgs: [], push: true, metadataFile: '/tmp/meta.json',
}

describe('buildxArgs', () => {
  test.each<[string, Partial<BuildRequest>, string[]]>([
    ['push to a registry: by digest alone, the tags are set after', {}, [
      'buildx', 'build', '--progress=plain', '--platform=linux/amd64,linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=false', '--output=type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true',
      '--label=a.label=1', '--label=b.label=2', '--', '.',
    ]],
    ['push with the docker driver on the containerd store: an OCI layout the action pushes by digest', { pushVia: 'layout' }, [
      'buildx', 'build', '--progress=plain', '--platform=linux/amd64,linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=false', '--output=type=oci,dest=/tmp/layout,tar=false',
      '--label=a.label=1', '--label=b.label=2', '--', '.',
    ]],
    ['push with the docker driver on the classic store, which pushes the tags itself', { pushVia: 'tags' }, [
      'buildx', 'build', '--progress=plain', '--platform=linux/amd64,linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=false', '--tag=r/app:abc1234', '--tag=r/app:main',
      '--label=a.label=1', '--label=b.label=2', '--push', '--', '.',
    ]],
    ['build only', { push: false, imageRefs: ['r/app:x'], labels: {}, platforms: ['linux/arm64'] }, [
      'buildx', 'build', '--progress=plain', '--platform=linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=false', '--tag=r/app:x', '--', '.',
    ]],
    ['a created builder, build args and the commit time', {
      builder: 'ecr-oidc-push-1', imageRefs: [], labels: {}, buildArgs: ['A=1,2', 'B=x'], sourceDateEpoch: 1700000000, context: 'app',
    }, [
      'buildx', 'build', '--builder=ecr-oidc-push-1', '--progress=plain', '--platform=linux/amd64,linux/arm64',
      '--file=Dockerfile', '--metadata-file=/tmp/meta.json', '--provenance=false', '--output=type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true',
      '--build-arg=A=1,2', '--build-arg=B=x', '--build-arg=SOURCE_DATE_EPOCH=1700000000', '--', 'app',
    ]],
    ['provenance (max) and an SBOM', { imageRefs: [], labels: {}, provenance: 'max', sbom: true, push: false }, [
      'buildx', 'build', '--progress=plain', '--platform=linux/amd64,linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=mode=max', '--sbom=true', '--', '.',
    ]],
    ['the user\'s SOURCE_DATE_EPOCH wins', { imageRefs: [], labels: {}, buildArgs: ['SOURCE_DATE_EPOCH=5'], sourceDateEpoch: 9, push: false }, [
      'buildx', 'build', '--progress=plain', '--platform=linux/amd64,linux/arm64', '--file=Dockerfile',
      '--metadata-file=/tmp/meta.json', '--provenance=false', '--build-arg=SOURCE_DATE_EPOCH=5', '--', '.',
    ]],
  ])('%s', (_, override, expected) => expect(buildxArgs({ ...base, ...override })).toEqual(expected))

  // whatever an input holds, buildx sees it only as the value of the flag it belongs to
  const flag = '--output=type=local,dest=/tmp/x'
  test.each<[string, Partial<BuildRequest>]>([
    ['context', { context: flag }],
    ['file', { file: flag }],
    ['a tag (a build that does not push names its image by tag)', { imageRefs: [flag], push: false }],
    ['a build arg', { buildArgs: [flag] }],
    ['a label', { labels: { [flag]: flag } }],
    ['a platform', { platforms: [flag] }],
  ])('an option smuggled in through %s stays a value', (_, override) => {
    const args = buildxArgs({ ...base, ...override })
    const options = args.slice(2, args.indexOf('--'))
    // the one output is the action's own push by digest, none when not pushing
    const own = override.push === false ? [] : ['--output=type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true']
    expect(options.filter((arg) => arg.startsWith('--output'))).toEqual(own)
    expect(options.every((arg) => /^--[a-z-]+(=|$)/.test(arg))).toBe(true)
    expect(args.slice(args.indexOf('--') + 1)).toHaveLength(1)
  })
})

test.each<[string, TagReadBack[], string]>([
  ['nothing arrived', [{ ref: 'r/app:a', state: 'absent' }, { ref: 'r/app:b', state: 'absent' }],
    'Read back from the registry after the failure (2 tags):\n  none of them is there: nothing of this build was published.'],
  ['some arrived', [{ ref: 'r:5000/app:a', state: 'present' }, { ref: 'r:5000/app:b', state: 'absent' }],
    'Read back from the registry after the failure (2 tags):\n  there: a (a tag there may still hold an earlier push)\n  not there: b'],
  ['the registry did not say', [{ ref: 'r/app:a', state: 'absent' }, { ref: 'r/app:b', state: 'unknown', reason: 'no complete answer within 30 s' }],
    'Read back from the registry after the failure (2 tags):\n  not there: a\n  could not tell for b: no complete answer within 30 s'],
])('readBackReport: %s', (_, tags, expected) => expect(readBackReport(tags)).toBe(expected))

const inspectDefault = `Name:          default
Driver:        docker
Last Activity: 2026-11-24 11:58:37 +0000 UTC

Nodes:
Name:             default
Endpoint:         default
Status:           running
Platforms:        linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/arm64
Labels:
 org.mobyproject.buildkit.worker.executor:             containerd
 org.mobyproject.buildkit.worker.snapshotter:          overlayfs
`
const inspectClassicStore = `Name:          default
Driver:        docker
Nodes:
Name:             default
Platforms:        linux/amd64, linux/386
Labels:
 org.mobyproject.buildkit.worker.executor:         oci
 org.mobyproject.buildkit.worker.moby.host-gateway-ip: 172.17.0.1
`
const inspectContainer = `Name:          ecr
Driver:        docker-container
Nodes:
Name:      ecr0
Platforms: linux/amd64*, linux/arm64*, linux/386
`

test.each<[string, string, ReturnType<typeof parseBuilderInspect>]>([
  ['docker driver, containerd image store', inspectDefault,
    { name: 'default', driver: 'docker', platforms: ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v3', 'linux/arm64'], containerdStore: true }],
  ['docker driver, classic image store', inspectClassicStore, { name: 'default', driver: 'docker', platforms: ['linux/amd64', 'linux/386'], containerdStore: false }],
  ['docker-container driver, platforms pinned with *', inspectContainer,
    { name: 'ecr', driver: 'docker-container', platforms: ['linux/amd64', 'linux/arm64', 'linux/386'], containerdStore: false }],
  ['nothing readable', 'garbage', { name: '', driver: '', platforms: [], containerdStore: false }],
])('parseBuilderInspect: %s', (_, text, expected) => expect(parseBuilderInspect(text)).toEqual(expected))

describe('planBuilder: prepare only what is missing', () => {
  const facts = (override: Partial<BuilderFacts>): BuilderFacts => ({
    name: 'default', driver: 'docker', platforms: ['linux/amd64', 'linux/arm64'], containerdStore: true, ...override,
  })
  test.each<[string, BuilderFacts, string[], { installEmulators: string[]; createBuilder: boolean }]>([
    ['everything there (containerd image store)', facts({}), ['linux/amd64', 'linux/arm64'], { installEmulators: [], createBuilder: false }],
    ['no arm64 emulator', facts({ platforms: ['linux/amd64'] }), ['linux/amd64', 'linux/arm64'], { installEmulators: ['arm64'], createBuilder: false }],
    ['classic image store cannot hold a multi-platform image', facts({ containerdStore: false }), ['linux/amd64', 'linux/arm64'], { installEmulators: [], createBuilder: true }],
    ['classic store, one platform is fine', facts({ containerdStore: false }), ['linux/amd64'], { installEmulators: [], createBuilder: false }],
    ['GitHub-hosted ubuntu: both missing', facts({ containerdStore: false, platforms: ['linux/amd64', 'linux/386'] }), ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
      { installEmulators: ['arm64', 'arm'], createBuilder: true }],
    ['a docker-container builder already', facts({ driver: 'docker-container', containerdStore: false }), ['linux/amd64', 'linux/arm64'], { installEmulators: [], createBuilder: false }],
  ])('%s', (_, builder, requested, expected) => expect(planBuilder(builder, requested)).toEqual(expected))

  test.each<[string, BuilderFacts, boolean]>([
    ['classic store, one platform, writing the cache: the docker driver cannot export it', facts({ containerdStore: false }), true],
    ['containerd image store exports the cache itself', facts({}), false],
    ['a docker-container builder exports it', facts({ driver: 'docker-container', containerdStore: false }), false],
  ])('with the cache: %s', (_, builder, createBuilder) => expect(planBuilder(builder, ['linux/amd64'], true).createBuilder).toBe(createBuilder))
})

describe('builderNameFor: one per run, attempt, job and step, so two jobs on one daemon never share one', () => {
  const run = { runId: '4242', runAttempt: '1', job: 'build' }
  test.each<[string, Partial<typeof run>, string, string]>([
    ['a job\'s step', {}, 'k3x9a1', 'ecr-oidc-push-4242-1-build-k3x9a1'],
    ['its re-run', { runAttempt: '2' }, 'k3x9a1', 'ecr-oidc-push-4242-2-build-k3x9a1'],
    ['another job of the run', { job: 'build-arm' }, 'k3x9a1', 'ecr-oidc-push-4242-1-build-arm-k3x9a1'],
    ['another matrix leg of the job', {}, 'p0q7zz', 'ecr-oidc-push-4242-1-build-p0q7zz'],
    ['a job id with what a builder name cannot hold, and long', { job: 'build image/x' + 'y'.repeat(60) }, 'a1', `ecr-oidc-push-4242-1-build-image-x${'y'.repeat(27)}-a1`],
    ['outside a run (no run facts)', { runId: '', runAttempt: '', job: '' }, 'a1', 'ecr-oidc-push-a1'],
  ])('%s', (_, override, step, expected) => {
    const name = builderNameFor({ ...run, ...override }, step)
    expect(name).toBe(expected)
    expect(name).toMatch(/^[a-zA-Z][a-zA-Z0-9._-]*$/)
  })
})

describe('namedBuilderProblem: what a builder the `builder` input names cannot do', () => {
  const named = (override: Partial<BuilderFacts>): BuilderFacts => ({ name: 'b', driver: 'docker-container', platforms: ['linux/amd64'], containerdStore: false, ...override })
  test.each<[string, BuilderFacts, string[], RegExp | undefined]>([
    ['a docker-container builder lacking arm64: emulators are installed, as for any local builder', named({}), ['linux/amd64', 'linux/arm64'], undefined],
    ['a kubernetes builder with both platforms', named({ driver: 'kubernetes', platforms: ['linux/amd64', 'linux/arm64'] }), ['linux/amd64', 'linux/arm64'], undefined],
    ['a kubernetes builder without arm64', named({ driver: 'kubernetes' }), ['linux/amd64', 'linux/arm64'],
      /^Input `builder` names b \(driver kubernetes\), which cannot build linux\/arm64: it builds linux\/amd64\. Give it a node/],
    ['a remote builder that lists no platform', named({ driver: 'remote', platforms: [] }), ['linux/amd64'], /cannot build linux\/amd64: it builds no platform/],
    ['a docker-driver builder on the classic store, two platforms', named({ driver: 'docker', platforms: ['linux/amd64', 'linux/arm64'] }), ['linux/amd64', 'linux/arm64'],
      /^Input `builder` names b \(driver docker\), which builds one platform at a time \(the classic image store\), and `platforms` has 2/],
    ['the same, one platform', named({ driver: 'docker' }), ['linux/amd64'], undefined],
    ['a docker-driver builder on the containerd store, two platforms', named({ driver: 'docker', containerdStore: true }), ['linux/amd64', 'linux/arm64'], undefined],
  ])('%s', (_, facts, requested, problem) => {
    const found = namedBuilderProblem(facts, requested)
    if (problem) expect(found).toMatch(problem)
    else expect(found).toBeUndefined()
  })
})

test.each([['linux/arm64', 'arm64'], ['linux/arm/v7', 'arm'], ['linux/riscv64', 'riscv64']])('emulatorFor(%s) → %s', (p, e) => expect(emulatorFor(p)).toBe(e))

test('commands to prepare a builder', () => {
  expect(binfmtInstallArgs(['arm64', 'arm'])).toEqual(['run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install', 'arm64,arm'])
  expect(createBuilderArgs('b1')).toEqual(['buildx', 'create', '--name', 'b1', '--driver', 'docker-container', '--bootstrap'])
  // behind a proxy, the builder's container gets the step's proxy variables, and nothing else of its environment
  expect(createBuilderArgs('b1', { HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: '.corp', AWS_SECRET_ACCESS_KEY: 'x', PATH: '/bin' })).toEqual([
    'buildx', 'create', '--name', 'b1', '--driver', 'docker-container',
    '--driver-opt', 'env.no_proxy=.corp', '--driver-opt', 'env.HTTPS_PROXY=http://proxy.corp:3128', '--bootstrap',
  ])
})

const digest = `sha256:${'ab'.repeat(32)}`
test.each<[string, string, string | undefined]>([
  ['metadata with a digest', JSON.stringify({ 'containerimage.digest': digest, 'image.name': 'x' }), digest],
  ['no digest (build only)', JSON.stringify({ 'buildx.build.ref': 'x' }), undefined],
  ['not a digest', JSON.stringify({ 'containerimage.digest': 'sha256:short' }), undefined],
  ['not JSON', '', undefined],
])('digestFromMetadata: %s', (_, json, expected) => expect(digestFromMetadata(json)).toBe(expected))

test('lastLines keeps the end', () => {
  expect(lastLines('1\n2\n3\n4\n', 2)).toBe('3\n4')
})
