/**
 * The docker edge: the CLI itself (bounded commands through spawn, the build through @actions/exec). `docker
 * login` is logins.ts's: push mode loads this before docker starts, and logs in without docker (config.ts).
 */
import { spawn } from 'node:child_process'
import { locateBuildxPlugin } from './buildx-plugin.js'
import { AttemptTimeout, ExplainedError } from '../errors.js'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}
export interface CommandOptions {
  input?: string
  quiet?: boolean
  /**
   * kill the command after this long and reject with AttemptTimeout;
   * without it the command runs as long as it takes
   */
  timeoutMs?: number
  /** kill the command when this aborts */
  signal?: AbortSignal
  /** told once the docker process runs (only of commands with a time bound or a signal) */
  onSpawn?: () => void
  /** variables set for this command on top of the step's own: the private docker config (config.ts) */
  env?: Record<string, string>
}
/** The docker edge: runs `docker <args>`; tests pass their own. */
export type Docker = (args: string[], options?: CommandOptions) => Promise<CommandResult>

/** How long docker commands other than the build may take: the build itself is never cut short. */
export const DOCKER_TIMEOUTS = {
  /** asks the daemon or the registry one thing: info, login, logout, imagetools inspect, builder removal */
  command: 30_000,
  /** may start a builder container */
  inspect: 120_000,
  /** may pull an image first: the binfmt installer, a docker-container builder */
  pull: 300_000,
}

export const DOCKER_MISSING =
  'docker was not found on PATH. This action builds with docker buildx: use a runner that has Docker ' +
  '(GitHub-hosted ubuntu runners do), or install Docker and the buildx plugin first.'

/**
 * The real docker CLI; secrets go in on stdin, never as arguments. The build runs through @actions/exec,
 * which streams it to the log; a command with a time bound runs through node's spawn, which can stop it
 * (@actions/exec has no way to).
 */
export function dockerCli(binary = 'docker'): Docker {
  let buildxPlugin: Promise<string | undefined> | undefined
  return async (dockerArgs, options = {}) => {
    // `buildx …` runs the plugin itself where docker would find it (buildx-plugin.ts says why)
    const plugin =
      dockerArgs[0] === 'buildx' && binary === 'docker' ? await (buildxPlugin ??= locateBuildxPlugin()) : undefined
    const [program, args] = plugin ? [plugin, dockerArgs.slice(1)] : [binary, dockerArgs]
    if (options.timeoutMs !== undefined || options.signal) return runBounded(program, args, options)
    // loaded when the build runs: the commands before it (and the post step's) are bounded, through spawn
    const exec = await import('@actions/exec')
    try {
      return await exec.getExecOutput(program, args, {
        // @actions/exec takes env as the whole environment
        env: { ...process.env, ...options.env } as Record<string, string>,
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

function runBounded(binary: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
      env: { ...process.env, ...options.env },
      ...(options.signal ? { signal: options.signal } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!options.quiet) process.stdout.write(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (!options.quiet) process.stderr.write(chunk)
    })
    if (options.onSpawn) child.on('spawn', options.onSpawn)
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new ExplainedError(DOCKER_MISSING))
      else if (error.name !== 'AbortError') reject(error)
    })
    child.on('close', (code, signal) => {
      if (code === null && signal)
        reject(options.signal?.aborted ? options.signal.reason : new AttemptTimeout(options.timeoutMs ?? 0))
      else resolve({ exitCode: code ?? 1, stdout, stderr })
    })
    child.stdin.on('error', () => {}) // a command that exits before reading its input
    child.stdin.end(options.input ?? '')
  })
}

/** `docker` with variables of its own set for every command, on top of what each command sets. */
export const withEnv =
  (docker: Docker, env: Record<string, string>): Docker =>
  (args, options = {}) =>
    docker(args, { ...options, env: { ...options.env, ...env } })

/** Runs a docker command that must finish within `timeoutMs`; a hang becomes a message naming the command. */
export async function dockerWithin(
  docker: Docker,
  args: string[],
  timeoutMs: number,
  what: string,
  quiet = true,
  onSpawn?: () => void,
): Promise<CommandResult> {
  try {
    return await docker(args, { quiet, timeoutMs, ...(onSpawn ? { onSpawn } : {}) })
  } catch (error) {
    if (error instanceof AttemptTimeout) {
      throw new ExplainedError(
        `${what} did not finish within ${timeoutMs / 1000} s and was stopped: the Docker daemon is not answering.`,
      )
    }
    throw error
  }
}

/** What logging docker in takes: the registry's host name and the credentials for it. */
export interface RegistryLogin {
  /** host name docker logs into, from ECR's proxy endpoint */
  registry: string
  username: string
  password: string
}
