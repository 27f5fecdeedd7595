import * as core from '@actions/core'
import * as github from '@actions/github'
import { ECRClient } from '@aws-sdk/client-ecr'
import { IAMClient } from '@aws-sdk/client-iam'
import { STSClient } from '@aws-sdk/client-sts'
import { existsSync } from 'node:fs'
import * as os from 'node:os'
import type { AwsCredentials } from './aws/credentials.js'
import { type Docker, dockerCli } from './docker/docker.js'
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
  iam(region: string): IAMClient
  docker: Docker
  tempDir: string
  out: {
    mask(secret: string): void
    setOutput(name: string, value: string): void
    saveState(name: string, value: string): void
    info(message: string): void
    notice(message: string): void
    fail(message: string): void
    writeSummary(markdown: string): Promise<void>
  }
}

/** One SDK retry: our own bounded retry (retry.ts) decides what is worth another attempt. */
const SDK_ATTEMPTS = 1

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
    getIdToken: (audience) => core.getIDToken(audience),
    sts: (region) => new STSClient({ region, maxAttempts: SDK_ATTEMPTS }),
    ecr: (region, credentials) => new ECRClient({ region, maxAttempts: SDK_ATTEMPTS, ...(credentials ? { credentials } : {}) }),
    iam: (region) => new IAMClient({ region, maxAttempts: SDK_ATTEMPTS }),
    docker: dockerCli(),
    tempDir: process.env['RUNNER_TEMP'] || os.tmpdir(),
    out: {
      mask: (secret) => core.setSecret(secret),
      setOutput: (name, value) => core.setOutput(name, value),
      saveState: (name, value) => core.saveState(name, value),
      info: (message) => core.info(message),
      notice: (message) => core.notice(message),
      fail: (message) => core.setFailed(message),
      writeSummary: async (markdown) => {
        if (process.env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown).write()
      },
    },
  }
}
