// The unit tests' fake edges for a whole mode's run (main.test.ts, selfhosted.test.ts): plain fakes that record
// every call, so a test can say what was (not) touched.
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { STSClient } from '@aws-sdk/client-sts'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { CommandOptions, Docker } from '../../src/docker/docker.js'
import type { Edges } from '../../src/edges.js'

export const digest = `sha256:${'d'.repeat(64)}`
// a docker-container builder: buildx pushes by digest (the docker driver's OCI layout push goes over HTTP: e2e)
export const CONTAINERD_STORE = 'Name: default\nDriver: docker-container\nPlatforms: linux/amd64, linux/arm64\nLabels:\n org.mobyproject.buildkit.worker.snapshotter: overlayfs\n'
export const password = 'ecr-password-123'

/**
 * Fake edges that record every call, so a test can say what was (not) touched. The job's docker config is a
 * directory of the test's own (`jobConfig`: its config.json), and so is RUNNER_TEMP (`tempDir`).
 */
export function fakeEdges(inputs: Record<string, string>, options: { oidc?: boolean; docker?: Docker; ecr?: typeof ecrAnswers; jobConfig?: object } = {}) {
  const jobConfig = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-job-'))
  writeFileSync(path.join(jobConfig, 'config.json'), JSON.stringify(options.jobConfig ?? { credsStore: 'desktop' }))
  const tempDir = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-temp-'))
  mkdirSync(path.join(jobConfig, 'cli-plugins'))
  /** the options each docker command ran with, in order */
  const dockerOptions: CommandOptions[] = []
  const calls: string[] = []
  const outputs: Record<string, string> = {}
  const masked: string[] = []
  const failures: string[] = []
  const warnings: string[] = []
  const state: Record<string, string> = {}
  const sendOf = (service: string, answer: (command: object) => unknown) =>
    ({ send: async (command: object) => (calls.push(`${service}:${command.constructor.name}`), answer(command)) })
  const inner: Docker = options.docker ?? (async (args) => {
    calls.push(`docker:${args.slice(0, 2).join(' ')}`)
    if (args[1] === 'inspect') return { exitCode: 0, stdout: CONTAINERD_STORE, stderr: '' }
    if (args[1] === 'build') writeFileSync(args.find((arg) => arg.startsWith('--metadata-file='))!.slice('--metadata-file='.length), JSON.stringify({ 'containerimage.digest': digest }))
    return { exitCode: 0, stdout: '', stderr: '' }
  })
  const docker: Docker = (args, commandOptions = {}) => (dockerOptions.push(commandOptions), inner(args, commandOptions))
  const edges: Edges = {
    env: {
      DOCKER_CONFIG: jobConfig, GITHUB_JOB: 'build',
      ...(options.oidc === false ? {} : { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }),
    },
    getInput: (name) => inputs[name] ?? '',
    git: { repository: 'octo-org/octo-repo', sha: 'abcdef0123456789', ref: 'refs/heads/main', serverUrl: 'https://github.com', defaultBranch: 'main', runId: '9', runAttempt: '1' },
    fileExists: () => true,
    readFile: async () => Buffer.from('FROM scratch\n'),
    gitStatus: async () => ({ root: tmpdir(), status: '' }),
    getIdToken: async () => (calls.push('github:token'), 'header.e30.sig'),
    sts: () => sendOf('sts', () => ({ Credentials: { AccessKeyId: 'AKID', SecretAccessKey: 'SECRET', SessionToken: 'SESSION' } })) as unknown as STSClient,
    ecr: () => sendOf('ecr', (command) => ({ ...ecrAnswers, ...options.ecr })[command.constructor.name]?.(command) ?? {}) as unknown as ECRClient,
    iam: () => { throw new Error('push mode never touches IAM') },
    ecs: () => { throw new Error('no ECS without ecs-cluster and ecs-service') },
    docker, tempDir, cwd: tmpdir(), getState: () => '',
    stdout: () => { throw new Error('the action step never writes to the terminal') }, stderr: () => { throw new Error('nor to stderr') },
    out: {
      mask: (s) => masked.push(s), setOutput: (n, v) => (outputs[n] = v), saveState: (n, v) => (state[n] = v), info: () => {},
      notice: () => {}, warning: (m) => warnings.push(m), fail: (m) => failures.push(m), writeSummary: async () => {},
      group: (_, work) => work(),
    },
  }
  return { edges, calls, outputs, masked, failures, warnings, state, dockerOptions, jobConfig, tempDir }
}
export const valid = { 'account-id': '123456789012', region: 'us-east-1' }
/** ECR as a mutable repository holding no tag yet answers: the token, the repository, the image pushed by digest. */
export const ecrAnswers: Record<string, (command: object) => unknown> = {
  GetAuthorizationTokenCommand: () => ({
    authorizationData: [{ authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'), proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' }],
  }),
  DescribeRepositoriesCommand: () => ({ repositories: [{ repositoryName: 'octo-repo', imageTagMutability: 'MUTABLE' }] }),
  BatchGetImageCommand: (command) => {
    const ids = (command as { input: { imageIds: Array<{ imageDigest?: string }> } }).input.imageIds
    return ids[0]?.imageDigest ? { images: [{ imageId: ids[0], imageManifest: '{}', imageManifestMediaType: 'application/vnd.oci.image.index.v1+json' }] } : { images: [], failures: [] }
  },
}

