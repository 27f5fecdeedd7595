/**
 * Logging docker in. Push and merge write the login into their private docker config (config.ts): no `docker
 * login`, no credential helper, no registry round trip. Login mode runs `docker login` into the job's docker
 * config, for later steps, and explains a credential helper that fails there.
 */
import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { DockerConfigJson } from './config.js'
import type { Docker, RegistryLogin } from './docker.js'
import { AttemptTimeout, ExplainedError } from '../errors.js'
import { lastLines } from '../format.js'
import { type CallOptions, DOCKER_LOGIN_POLICY, RemoteUnavailable, callRemote } from '../remote.js'

/**
 * The config with each login's password inline, as `docker login` would write it without a helper (pure). An
 * entry or a `credHelpers` entry the job's config had for the same registry goes: the login is ours alone.
 */
export function withLogins(config: DockerConfigJson, logins: readonly RegistryLogin[]): DockerConfigJson {
  const ours = new Set(logins.map((login) => login.registry))
  // docker keys a registry by its host, with or without a scheme and a path
  const others = <T>(entries: Record<string, T> = {}) =>
    Object.fromEntries(
      Object.entries(entries).filter(([key]) => !ours.has(key.replace(/^\w+:\/\//, '').split('/')[0]!)),
    )
  const auths = others(config.auths)
  for (const { registry, username, password } of logins)
    auths[registry] = { auth: Buffer.from(`${username}:${password}`).toString('base64') }
  return { ...config, auths, ...(config.credHelpers ? { credHelpers: others(config.credHelpers) } : {}) }
}

/** Writes `logins` into the private docker config in `dir` (config.ts made it, mode 0700). */
export async function logInto(dir: string, logins: readonly RegistryLogin[]): Promise<void> {
  const file = path.join(dir, 'config.json')
  const config = JSON.parse(await readFile(file, 'utf8')) as DockerConfigJson
  await writeFile(file, JSON.stringify(withLogins(config, logins)), { mode: 0o600 })
}

/** docker says this when the registry turned the credentials down: trying again cannot help. */
const LOGIN_REFUSED = /unauthorized|denied|authentication required|incorrect username or password/i
/**
 * docker says this when the config's credential helper (`credsStore`, `credHelpers`) could not store the
 * password: a desktop keychain on a runner without a desktop, a helper not installed. Trying again cannot help.
 */
export const HELPER_FAILED = /error (storing|saving|getting) credentials|docker-credential-/i

/**
 * `docker login` on stdin, tried again while the registry is out of reach or failing. `configDir` is the docker
 * config it writes to, named when its credential helper fails.
 */
export async function dockerLogin(
  docker: Docker,
  login: RegistryLogin,
  options: CallOptions & { configDir?: string } = {},
): Promise<void> {
  const target = { service: `The registry ${login.registry}`, call: 'docker login' }
  try {
    await callRemote(
      target,
      async (signal) => {
        const result = await docker(['login', '--username', login.username, '--password-stdin', login.registry], {
          input: login.password,
          quiet: true,
          signal,
        })
        if (result.exitCode !== 0)
          throw Object.assign(new Error(lastLines(result.stderr + result.stdout, 1)), {
            output: result.stderr + result.stdout,
          })
      },
      {
        policy: DOCKER_LOGIN_POLICY,
        ...options,
        classify: (error) => {
          const output = (error as { output?: string }).output
          // only a timeout or docker's own failure to reach the registry is worth another try
          return {
            transient:
              error instanceof AttemptTimeout ||
              (output !== undefined && !LOGIN_REFUSED.test(output) && !HELPER_FAILED.test(output)),
            description: (error as Error).message,
          }
        },
      },
    )
  } catch (error) {
    if (error instanceof RemoteUnavailable) throw error
    const output = (error as { output?: string }).output
    if (output === undefined) throw error
    const failed = `docker login to ${login.registry} failed:\n${lastLines(output, 10)}`
    if (!HELPER_FAILED.test(output)) throw new ExplainedError(failed)
    const file = options.configDir ? path.join(options.configDir, 'config.json') : "the job's docker config"
    throw new ExplainedError(
      `${failed}\n` +
        `The docker config ${file} hands registry passwords to a credential helper (its \`credsStore\` or ` +
        '`credHelpers`), and the helper failed (a desktop keychain on a self-hosted runner, a helper that is not ' +
        "installed). Login mode writes to the job's docker config, for later steps: remove the `credsStore` or this " +
        "registry's `credHelpers` entry from that file, " +
        'or give the job a docker config of its own (set DOCKER_CONFIG to a ' +
        'directory under RUNNER_TEMP before this step). Push and merge need neither: they log in with a docker ' +
        'config of their own.',
    )
  }
}
