import * as core from '@actions/core'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { STSClient } from '@aws-sdk/client-sts'
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import * as os from 'node:os'
import type { Annotation } from './annotations.js'
import type { CredentialsSource } from './aws/client-config.js'
import { type Docker, dockerCli } from './docker/docker.js'
import type { InputSource } from './inputs.js'
import { type GitFacts, defaultBranchOf } from './tags.js'

/** A value, or the promise of one: tests hand over fakes at once, the runner's edges load on first use. */
export type Eventually<T> = T | Promise<T>

/**
 * Everything the project touches outside itself: the one name for what a part needs injected. A mode's flow
 * takes the Edges; a part that needs less takes `Pick<Edges, …>`. Tests build plain fakes; `realEdges` is
 * the runner's, and the CLI's entry makes its own (src/cli-entry.ts).
 */
export interface Edges {
  env: NodeJS.ProcessEnv
  /** an action input as the runner passes it (`INPUT_<NAME>`), '' when unset */
  getInput(name: string): string
  /** what the main step saved for the post step (post-state.ts names it), '' when unset */
  getState(name: string): string
  git: GitFacts & { runId: string; runAttempt: string }
  fileExists(file: string): boolean
  readFile(file: string): Promise<Buffer>
  /**
   * `git status --porcelain=v1 -z --untracked-files=all --ignored` of a directory of a checkout, and the repository's
   * root (the status's paths start there); undefined when it is not a git checkout or git is not there
   */
  gitStatus(dir: string): Promise<{ root: string; status: string } | undefined>
  /** the working directory: the CLI looks for the checkout here */
  cwd: string
  tempDir: string
  getIdToken(audience: string): Promise<string>
  /**
   * The clients and the token request load on first use: push mode starts docker first and loads the AWS SDK
   * while docker works, and never loads IAM, nor ECS without ecs-*
   */
  sts(region: string): Eventually<STSClient>
  ecr(region: string, credentials?: CredentialsSource): Eventually<ECRClient>
  iam(region: string): Eventually<IAMClient>
  ecs(region: string, credentials?: CredentialsSource): Eventually<ECSClient>
  docker: Docker
  /** the CLI's terminal: what it prints for people and scripts (stdout) and its log (stderr) */
  stdout(text: string): void
  stderr(text: string): void
  /** the action step's channels: outputs, state, the log, annotations, the job summary */
  out: {
    mask(secret: string): void
    setOutput(name: string, value: string): void
    saveState(name: string, value: string): void
    info(message: string): void
    notice(message: string): void
    warning(message: string, annotation?: Annotation): void
    fail(message: string, annotation?: Annotation): void
    /** the lines `work` prints, folded under `title` in the log */
    group<T>(title: string, work: () => Promise<T>): Promise<T>
    writeSummary(markdown: string): Promise<void>
  }
}

/** What every mode reads its inputs from: the inputs, and the run facts `tier: auto` and the names need. */
export function inputSourceOf(edges: Pick<Edges, 'getInput' | 'git' | 'fileExists'>): InputSource {
  return {
    get: edges.getInput,
    githubRepository: edges.git.repository,
    fileExists: edges.fileExists,
    ref: edges.git.ref,
    defaultBranch: edges.git.defaultBranch,
  }
}

/** The run's git facts, from the variables and the event file the runner provides. */
export function gitFactsOf(env: NodeJS.ProcessEnv): Edges['git'] {
  let payload: {
    repository?: { default_branch?: string }
    head_commit?: { timestamp?: string }
    pull_request?: { head?: { repo?: { fork?: boolean } } }
  } = {}
  const eventPath = env['GITHUB_EVENT_PATH']
  if (eventPath && existsSync(eventPath)) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8')) as typeof payload
    } catch {
      // as under act without an event file: no `latest` tag, no fixed build time
    }
  }
  return {
    repository: env['GITHUB_REPOSITORY'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    ref: env['GITHUB_REF'] ?? '',
    serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com',
    defaultBranch: defaultBranchOf(
      env['GITHUB_EVENT_NAME'] ?? '',
      env['GITHUB_REF'] ?? '',
      payload.repository?.default_branch,
    ),
    eventName: env['GITHUB_EVENT_NAME'],
    commitTime: payload.head_commit?.timestamp,
    ...(payload.pull_request?.head?.repo?.fork ? { fromFork: true } : {}),
    runId: env['GITHUB_RUN_ID'] ?? '',
    runAttempt: env['GITHUB_RUN_ATTEMPT'] ?? '',
  }
}

const run = promisify(execFile)

/** Git's answer within 30 s, or undefined (no git, not a checkout, an owner git does not trust). */
async function gitStatus(dir: string): Promise<{ root: string; status: string } | undefined> {
  const git = (args: string[]) => run('git', ['-C', dir, ...args], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 })
  try {
    const root = (await git(['rev-parse', '--show-toplevel'])).stdout.trim()
    // ignored files too, one by one: a file a step wrote that .gitignore hides is still a build input
    const { stdout } = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored', '--', '.'])
    return { root, status: stdout }
  } catch {
    return undefined
  }
}

/** The runner's edges, for the main and the post step. */
export function realEdges(): Edges {
  const clients = () => import('./aws/clients.js')
  return {
    env: process.env,
    // untrimmed: a list written as a YAML block keeps the newline that makes it one (parseList)
    getInput: (name) => core.getInput(name, { trimWhitespace: false }),
    getState: (name) => core.getState(name),
    git: gitFactsOf(process.env),
    fileExists: (file) => existsSync(file),
    readFile: (file) => readFile(file),
    gitStatus,
    cwd: process.cwd(),
    getIdToken: async (audience) => (await import('./auth/token.js')).requestIdToken(process.env, audience),
    sts: async (region) => (await clients()).stsClient(region),
    ecr: async (region, credentials) => (await clients()).ecrClient(region, credentials),
    iam: async (region) => (await clients()).iamClient(region),
    ecs: async (region, credentials) => (await clients()).ecsClient(region, credentials),
    docker: dockerCli(),
    tempDir: process.env['RUNNER_TEMP'] || os.tmpdir(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    out: {
      mask: (secret) => core.setSecret(secret),
      setOutput: (name, value) => core.setOutput(name, value),
      saveState: (name, value) => core.saveState(name, value),
      info: (message) => core.info(message),
      notice: (message) => core.notice(message),
      warning: (message, annotation) => core.warning(message, annotation ?? {}),
      fail: (message, annotation) => {
        // core.setFailed, with the annotation's place
        process.exitCode = 1
        core.error(message, annotation ?? {})
      },
      group: (title, work) => core.group(title, work),
      writeSummary: async (markdown) => {
        if (process.env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown).write()
      },
    },
  }
}
