/**
 * The docker config push and merge run docker with: a directory of the step's own under RUNNER_TEMP, the job's
 * config without `credsStore`, and the ECR login written into it (logins.ts). No credential helper is involved,
 * no `docker login` runs, and nothing of the login is left once the directory is gone. Login mode writes to the
 * job's config instead: that is its purpose.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import * as path from 'node:path'
import type { Edges } from '../edges.js'
import { withEnv } from './docker.js'
import { STATE } from '../post-state.js'

/** The job's docker config directory, where the docker CLI looks: DOCKER_CONFIG, else ~/.docker. */
export const jobConfigDir = (env: NodeJS.ProcessEnv) =>
  env['DOCKER_CONFIG'] || path.join(env['HOME'] || homedir(), '.docker')

/** A private config's directory names start so: the post step removes nothing else. */
export const PRIVATE_PREFIX = 'ecr-oidc-push-docker-'

/**
 * What the CLI and buildx read from the config directory besides config.json, linked from the job's: plugins
 * (setup-buildx-action installs buildx there), contexts (a remote daemon), and a TLS daemon's certificates
 * (the CLI's default DOCKER_CERT_PATH is the config directory). buildx's own state is BUILDX_CONFIG's.
 */
const LINKED = ['cli-plugins', 'contexts', 'ca.pem', 'cert.pem', 'key.pem']

export type DockerConfigJson = Record<string, unknown> & {
  auths?: Record<string, { auth?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
}

/**
 * The job's config.json as a private one starts (pure): all of it (`currentContext`, `proxies`, plugin
 * settings) but `credsStore`, which would take every registry's password, ours too. Another registry's
 * password written inline stays (a base image the job logged into); an entry whose password the store keeps
 * is dropped, as useless without it. Unreadable JSON is docker's to warn about: the private config starts empty.
 */
export function privateConfigOf(json: string): DockerConfigJson {
  let config: unknown
  try {
    config = JSON.parse(json)
  } catch {
    config = {}
  }
  const { credsStore: _, auths, ...rest } = (config ?? {}) as DockerConfigJson
  const inline = Object.entries(auths ?? {}).filter(([, entry]) => entry?.auth || entry?.identitytoken)
  return { ...rest, auths: Object.fromEntries(inline) }
}

export interface PrivateDockerConfig {
  /** the directory (mode 0700): DOCKER_CONFIG of every docker command of the step */
  dir: string
  /** what each docker command runs with: DOCKER_CONFIG, and BUILDX_CONFIG where the job's builders live */
  env: { DOCKER_CONFIG: string; BUILDX_CONFIG: string }
}

/**
 * Makes the private config under `tempDir`; `created` hears its directory before anything is written into it,
 * so that the post step removes it should main die.
 */
export async function openPrivateConfig(
  env: NodeJS.ProcessEnv,
  tempDir: string,
  created: (dir: string) => void,
): Promise<PrivateDockerConfig> {
  const job = jobConfigDir(env)
  // mkdtemp makes it 0700: only the runner's user reads the password written into it
  const dir = await mkdtemp(path.join(tempDir, PRIVATE_PREFIX))
  created(dir)
  const json = await readFile(path.join(job, 'config.json'), 'utf8').catch(() => '{}')
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(privateConfigOf(json)), { mode: 0o600 })
  await Promise.all(
    LINKED.filter((name) => existsSync(path.join(job, name))).map((name) =>
      symlink(path.join(job, name), path.join(dir, name)),
    ),
  )
  // the job's builders (setup-buildx-action's, the current one) and the one this run creates, where the job keeps them
  return { dir, env: { DOCKER_CONFIG: dir, BUILDX_CONFIG: env['BUILDX_CONFIG'] || path.join(job, 'buildx') } }
}

/**
 * Runs `work` with edges whose docker uses a private config, and removes the config when it ends, whatever the
 * end; the post step is told of the directory before anything is in it, and removes what a dead main left.
 */
export async function withPrivateConfig<T>(
  edges: Edges,
  work: (edges: Edges, config: PrivateDockerConfig) => Promise<T>,
): Promise<T> {
  const config = await openPrivateConfig(edges.env, edges.tempDir, (dir) =>
    edges.out.saveState(STATE.dockerConfig, dir),
  )
  try {
    return await work({ ...edges, docker: withEnv(edges.docker, config.env) }, config)
  } finally {
    // a failure here leaves the directory to the post step
    await rm(config.dir, { recursive: true, force: true }).catch(() => {})
  }
}
