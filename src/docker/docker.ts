import * as exec from '@actions/exec'
import { readFile } from 'node:fs/promises'
import { ExplainedError } from '../errors.js'
import type { RegistryLogin } from '../aws/ecr.js'
import {
  type BuildRequest, type BuilderPlan, binfmtInstallArgs, buildxArgs, createBuilderArgs, digestFromMetadata,
  lastLines, parseBuilderInspect, planBuilder,
} from './buildx.js'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}
/** The docker edge: runs `docker <args>`; tests pass their own. */
export type Docker = (args: string[], options?: { input?: string; quiet?: boolean }) => Promise<CommandResult>

export const DOCKER_MISSING =
  'docker was not found on PATH. This action builds with docker buildx: use a runner that has Docker ' +
  '(GitHub-hosted ubuntu runners do), or install Docker and the buildx plugin first.'

/** The real docker CLI through @actions/exec; secrets go in on stdin, never as arguments. */
export function dockerCli(binary = 'docker'): Docker {
  return async (args, options = {}) => {
    try {
      return await exec.getExecOutput(binary, args, {
        ignoreReturnCode: true,
        silent: options.quiet ?? false,
        ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
      })
    } catch (error) {
      if (/Unable to locate executable/.test((error as Error).message)) throw new ExplainedError(DOCKER_MISSING)
      throw error
    }
  }
}

export async function dockerLogin(docker: Docker, login: RegistryLogin): Promise<void> {
  const result = await docker(['login', '--username', login.username, '--password-stdin', login.registry], {
    input: login.password,
  })
  if (result.exitCode !== 0) {
    throw new ExplainedError(`docker login to ${login.registry} failed:\n${lastLines(result.stderr + result.stdout, 10)}`)
  }
}

export interface PreparedBuilder {
  plan: BuilderPlan
  /** set when this run created a builder; the post step removes it */
  createdBuilder?: string
}

/** Makes sure the builder can build every requested platform, changing only what is missing. */
export async function prepareBuilder(docker: Docker, platforms: string[], builderName: string): Promise<PreparedBuilder> {
  const inspect = await docker(['buildx', 'inspect', '--bootstrap'], { quiet: true })
  if (inspect.exitCode !== 0) {
    throw new ExplainedError(`docker buildx is not usable here (docker buildx inspect failed):\n${lastLines(inspect.stderr, 10)}\n` +
      'Install the buildx plugin (docker/setup-buildx-action does) and make sure the Docker daemon runs.')
  }
  const info = await docker(['info', '--format', '{{json .DriverStatus}}'], { quiet: true })
  const facts = { ...parseBuilderInspect(inspect.stdout), containerdStore: info.stdout.includes('io.containerd.snapshotter') }
  const plan = planBuilder(facts, platforms)
  if (plan.installEmulators.length > 0) {
    const installed = await docker(binfmtInstallArgs(plan.installEmulators))
    if (installed.exitCode !== 0) {
      throw new ExplainedError(`Installing QEMU emulators for ${plan.installEmulators.join(', ')} failed:\n${lastLines(installed.stderr, 10)}`)
    }
  }
  if (!plan.createBuilder) return { plan }
  const created = await docker(createBuilderArgs(builderName))
  if (created.exitCode !== 0) {
    throw new ExplainedError(`Creating a docker-container buildx builder failed:\n${lastLines(created.stderr, 10)}`)
  }
  return { plan, createdBuilder: builderName }
}

/** Builds (and pushes) the image; returns the pushed index digest, or undefined when not pushing. */
export async function buildImage(docker: Docker, request: BuildRequest): Promise<string | undefined> {
  const result = await docker(buildxArgs(request))
  if (result.exitCode !== 0) {
    throw new ExplainedError(`docker buildx build failed (exit ${result.exitCode}). Its last lines:\n${lastLines(result.stderr + result.stdout)}`)
  }
  if (!request.push) return undefined
  const digest = digestFromMetadata(await readFile(request.metadataFile, 'utf8').catch(() => ''))
  if (!digest) throw new ExplainedError(`docker buildx pushed but wrote no image digest to ${request.metadataFile}.`)
  return digest
}
