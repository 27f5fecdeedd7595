import { InputError } from '../../src/errors.js'
import { type InputSource, parseBoolean, parseList, readMode } from '../../src/inputs.js'
import { readPushSettings } from '../../src/push/settings.js'

function source(inputs: Record<string, string>, extra: Partial<InputSource> = {}): InputSource {
  return {
    get: (name) => inputs[name] ?? '',
    githubRepository: 'octo-org/Octo.Repo',
    fileExists: (file) => ['.', 'app', 'Dockerfile', 'app/Dockerfile', 'docker/prod.Dockerfile'].includes(file),
    ...extra,
  }
}
const valid = { 'account-id': '123456789012', region: 'us-east-1' }

function problemsOf(inputs: Record<string, string>, extra: Partial<InputSource> = {}): string[] {
  try {
    readPushSettings(source(inputs, extra))
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  return []
}

describe('parseList: one syntax for every list input', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    [' a , b ,, ', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb\n\n', ['a', 'b']],
    ['A=1,2\nB=3', ['A=1,2', 'B=3']], // several lines: commas stay inside an item
    ['A=1,2\n', ['A=1,2']], // a block of one line (YAML `|`): one item, its commas kept
    ['JAVA_OPTS=-Xmx1g,-Xms512m\n', ['JAVA_OPTS=-Xmx1g,-Xms512m']],
    ['A=1,2', ['A=1', '2']], // one line, no newline: split on commas
  ])('%j → %j', (raw, expected) => expect(parseList(raw)).toEqual(expected))
})

test.each<[string, boolean | undefined]>([
  ['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false],
  ['yes', undefined], ['1', undefined], ['', undefined],
])('parseBoolean(%j) → %j', (raw, expected) => expect(parseBoolean(raw)).toBe(expected))

describe('readPushSettings', () => {
  test('defaults follow the naming convention', () => {
    expect(readPushSettings(source(valid))).toEqual({
      mode: 'push', accountId: '123456789012', region: 'us-east-1', repository: 'octo.repo',
      roleName: 'github-actions-Octo.Repo', tier: 'main', context: '.', file: 'Dockerfile',
      platforms: ['linux/amd64', 'linux/arm64'], extraTags: [], buildArgs: [], push: true,
      audience: 'sts.amazonaws.com', roleDurationSeconds: 3600, provenance: 'false', sbom: false, cache: 'registry', platformImage: false, promote: 'auto',
    })
  })

  test('every input set', () => {
    const settings = readPushSettings(source({
      ...valid, mode: 'push', repository: 'team/app', 'role-name': 'deployer', context: 'app',
      file: 'docker/prod.Dockerfile', platforms: 'linux/arm64', tags: 'stable\nv2', 'build-args': 'A=1,2\nB=x',
      push: 'false', audience: 'custom', 'role-duration-seconds': '900', provenance: 'true', sbom: 'true',
    }))
    expect(settings).toMatchObject({
      repository: 'team/app', roleName: 'deployer', context: 'app', file: 'docker/prod.Dockerfile',
      platforms: ['linux/arm64'], extraTags: ['stable', 'v2'], buildArgs: ['A=1,2', 'B=x'], push: false,
      audience: 'custom', roleDurationSeconds: 900, provenance: 'min', sbom: true,
    })
  })

  test('the Dockerfile defaults to <context>/Dockerfile', () => {
    expect(readPushSettings(source({ ...valid, context: 'app' })).file).toBe('app/Dockerfile')
  })

  test.each<[string, Record<string, string>, RegExp]>([
    ['short account ID', { 'account-id': '12345' }, /`account-id` must be your 12-digit AWS account ID.*got "12345"/],
    ['account ID with letters', { 'account-id': '12345678901a' }, /`account-id`/],
    ['missing account ID', { 'account-id': '' }, /`account-id`.*got nothing/],
    ['bad region', { region: 'US East' }, /`region` must be an AWS region code such as us-east-1.*got "US East"/],
    ['empty platforms', { platforms: ' , ' }, /`platforms` is empty/],
    ['unknown platform', { platforms: 'linux/amd64,windows/amd64' }, /`platforms` has "windows\/amd64".*Use any of: linux\/amd64/],
    ['missing Dockerfile', { file: 'nowhere.Dockerfile' }, /No Dockerfile at "nowhere\.Dockerfile" \(input `file`/],
    ['missing context (its default Dockerfile is not reported again)', { context: 'nowhere' }, /`context` is "nowhere", which is not a directory of the checkout/],
    ['an option as the context', { context: '--output=type=local,dest=/tmp/x' }, /`context` is "--output=type=local,dest=\/tmp\/x", which starts with "-"/],
    ['bad boolean', { push: 'yes' }, /`push` must be true or false; got "yes"/],
    ['platform-image with two platforms', { 'platform-image': 'true' }, /`platform-image` pushes one platform's image .* exactly one platform \(got 2\)/],
    ['a cache that is not one', { cache: 'gha' }, /`cache` must be registry .* or none; got "gha"/],
    ['a provenance mode that is not one', { provenance: 'full' }, /`provenance` must be false, true, min or max; got "full"/],
    ['bad tag', { tags: '-bad' }, /`tags` has "-bad"/],
    ['bad build arg', { 'build-args': 'novalue' }, /`build-args` has "novalue"; each item must be NAME=value/],
    ['bad duration', { 'role-duration-seconds': '60' }, /`role-duration-seconds` must be a whole number from 900 to 43200/],
    ['bad repository', { repository: 'Bad_Name' }, /`repository` "Bad_Name" is not a valid ECR repository name/],
    ['bad role name', { 'role-name': 'has space' }, /`role-name` "has space" is not a valid IAM role name/],
    ['ecs-cluster without ecs-service', { 'ecs-cluster': 'prod' }, /Inputs `ecs-cluster` and `ecs-service` go together: .*\(got only `ecs-cluster`\)/],
    ['ecs-service without ecs-cluster', { 'ecs-service': 'web' }, /go together: .*\(got only `ecs-service`\)/],
    ['a bad ECS name', { 'ecs-cluster': 'prod cluster', 'ecs-service': 'web' }, /`ecs-cluster` "prod cluster" is not an ECS name/],
    ['ecs-container alone', { 'ecs-container': 'app' }, /`ecs-container` only matters with `ecs-cluster` and `ecs-service`/],
    ['ecs-wait-minutes alone', { 'ecs-wait-minutes': '45' }, /`ecs-wait-minutes` only matters with `ecs-cluster` and `ecs-service`/],
    ['ecs-wait alone', { 'ecs-wait': 'false' }, /`ecs-wait` only matters with `ecs-cluster` and `ecs-service`/],
    ['a deploy without a push', { 'ecs-cluster': 'prod', 'ecs-service': 'web', push: 'false' }, /need `push: true`/],
    ['a wait past an hour', { 'ecs-cluster': 'prod', 'ecs-service': 'web', 'ecs-wait-minutes': '90' }, /`ecs-wait-minutes` must be a whole number from 1 to 60/],
  ])('%s', (_, override, message) => {
    const problems = problemsOf({ ...valid, ...override })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })

  test('a repository name with no valid ECR form asks for `repository`', () => {
    expect(problemsOf(valid, { githubRepository: 'me/_x_' })).toEqual([
      expect.stringMatching(/"_x_" leaves no valid ECR repository name.*Set the `repository` input/),
    ])
    expect(readPushSettings(source({ ...valid, repository: 'xx' }, { githubRepository: 'me/_x_' })).repository).toBe('xx')
  })

  test('all problems are reported at once', () => {
    expect(problemsOf({ 'account-id': 'x', region: 'y', push: 'maybe' })).toHaveLength(3)
  })

  test.each<[string, Record<string, string>, RegExp | undefined]>([
    ['neither name given', {}, /^GITHUB_REPOSITORY is not set, so the role and repository names cannot be derived\. Set `role-name` and `repository`/],
    ['only the repository given', { repository: 'app' }, /^GITHUB_REPOSITORY is not set, so the role name cannot be derived\. Set `role-name`,/],
    ['only the role given', { 'role-name': 'ci' }, /^GITHUB_REPOSITORY is not set, so the repository name cannot be derived\. Set `repository`,/],
    ['both given: no problem with it', { repository: 'app', 'role-name': 'ci' }, undefined],
  ])('no GITHUB_REPOSITORY, %s', (_, given, message) => {
    const problems = problemsOf({ ...valid, ...given }, { githubRepository: '' }).filter((p) => p.includes('GITHUB_REPOSITORY'))
    if (message) expect(problems).toEqual([expect.stringMatching(message)])
    else expect(problems).toEqual([])
  })

  test('no GITHUB_REPOSITORY', () => {
    expect(problemsOf(valid, { githubRepository: '' })[0]).toMatch(/GITHUB_REPOSITORY is not set/)
  })

  test.each<[string, Record<string, string>, Partial<InputSource>, { tier: string; roleName: string; repository: string }]>([
    ['tier: dev', { tier: 'dev' }, {}, { tier: 'dev', roleName: 'github-actions-Octo.Repo-dev', repository: 'octo.repo-dev' }],
    ['tier: auto on a tag', { tier: 'auto' }, { ref: 'refs/tags/v1.0.0', defaultBranch: 'main' }, { tier: 'release', roleName: 'github-actions-Octo.Repo-release', repository: 'octo.repo-release' }],
    ['tier: auto on a feature branch', { tier: 'auto' }, { ref: 'refs/heads/feat', defaultBranch: 'main' }, { tier: 'dev', roleName: 'github-actions-Octo.Repo-dev', repository: 'octo.repo-dev' }],
    ['tier: auto on the default branch', { tier: 'auto' }, { ref: 'refs/heads/main', defaultBranch: 'main' }, { tier: 'main', roleName: 'github-actions-Octo.Repo', repository: 'octo.repo' }],
    ['tier: release with given names', { tier: 'release', 'role-name': 'ci', repository: 'team/app' }, {}, { tier: 'release', roleName: 'ci-release', repository: 'team/app-release' }],
  ])('%s', (_, inputs, extra, expected) => {
    expect(readPushSettings(source({ ...valid, ...inputs }, extra))).toMatchObject(expected)
  })

  test('an unknown tier names the choices', () => {
    expect(problemsOf({ ...valid, tier: 'staging' })).toEqual([
      expect.stringMatching(/^Input `tier` is "staging", which is not a tier\. Use main \(the default\), dev, release, or auto/),
    ])
  })
})

describe('readMode', () => {
  test.each([['', 'push'], ['push', 'push'], [' setup ', 'setup'], ['login', 'login']])('%j → %s', (raw, mode) => {
    expect(readMode({ get: () => raw })).toBe(mode)
  })
  test('an unknown mode names the choices', () => {
    expect(() => readMode({ get: () => 'deploy' })).toThrow(/`mode` is "deploy", which is not a mode\. Use one of: push, setup, login/)
  })
})
