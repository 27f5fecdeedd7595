import * as core from '@actions/core'
import * as github from '@actions/github'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { STSClient } from '@aws-sdk/client-sts'
import { existsSync } from 'node:fs'
import * as os from 'node:os'
import { ecrClient, ecsClient, iamClient, stsClient } from './aws/clients.js'
import type { Annotation } from './annotations.js'
import type { AwsCredentials } from './aws/credentials.js'
import { type Docker, dockerCli } from './docker/docker.js'
import { requestIdToken } from './id-token.js'
import type { GitFacts } from './tags.js'

/** Everything main touches outside itself. Tests build their own; `realEdges` is the runner's. */
export interface Edges {
  env: NodeJS.ProcessEnv
  getInput(name: string): string
  git: GitFacts & { runId: string; runAttempt: string }
  fileExists(file: string): boolean
  getIdToken(audience: string): Promise<string>
  sts(region: string): STSClient
  ecr(region: string, credentials?: AwsCredentials): ECRClient
  /** loaded on first use: push mode never loads IAM, nor ECS without ecs-* */
  iam(region: string): Promise<IAMClient>
  ecs(region: string, credentials?: AwsCredentials): Promise<ECSClient>
  docker: Docker
  tempDir: string
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

export function realEdges(): Edges {
  const { context } = github
  const payload = context.payload as { repository?: { default_branch?: string }; head_commit?: { timestamp?: string } }
  return {
    env: process.env,
    getInput: (name) => core.getInput(name),
    git: {
      repository: process.env['GITHUB_REPOSITORY'] ?? '',
      sha: context.sha ?? '',
      ref: context.ref ?? '',
      serverUrl: context.serverUrl,
      defaultBranch: payload.repository?.default_branch,
      commitTime: payload.head_commit?.timestamp,
      runId: process.env['GITHUB_RUN_ID'] ?? '',
      runAttempt: process.env['GITHUB_RUN_ATTEMPT'] ?? '',
    },
    fileExists: (file) => existsSync(file),
    getIdToken: (audience) => requestIdToken(process.env, audience),
    sts: stsClient,
    ecr: ecrClient,
    iam: iamClient,
    ecs: ecsClient,
    docker: dockerCli(),
    tempDir: process.env['RUNNER_TEMP'] || os.tmpdir(),
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
