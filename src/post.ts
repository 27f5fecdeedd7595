/** The post step: undoes what main set up, and only that. Warns, never fails. */
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import * as path from 'node:path'
import { PRIVATE_PREFIX } from './docker/config.js'
import type { Edges } from './edges.js'
import { AttemptTimeout } from './errors.js'
import { STATE } from './post-state.js'

/**
 * Removes the private docker config a main that died left (main removes it itself), logs docker out of the
 * registries login mode logged into, and removes a builder main created, with the BUILDX_CONFIG main had. Each
 * command may take `timeoutMs` (milliseconds) before the post step stops it and moves on.
 */
export async function runPost(
  edges: Pick<Edges, 'getState' | 'docker'> & { out: Pick<Edges['out'], 'info' | 'warning'> },
  timeoutMs: number,
): Promise<void> {
  const config = edges.getState(STATE.dockerConfig)
  // never anything but a directory main made (docker/config.ts): the state is main's, the check is cheap
  if (config && path.basename(config).startsWith(PRIVATE_PREFIX) && existsSync(config)) {
    await rm(config, { recursive: true, force: true }).then(
      () => edges.out.info("Cleanup: removed the step's docker config, which main had no time to"),
      (error: Error) => edges.out.warning(`Cleanup: removing the step's docker config failed: ${error.message}`),
    )
  }
  const steps: Array<[string, string[], Record<string, string>?]> = []
  for (const registry of edges
    .getState(STATE.registry)
    .split('\n')
    .filter((host) => host !== '')) {
    steps.push([`docker logout ${registry}`, ['logout', registry]])
  }
  const builder = edges.getState(STATE.builder)
  const buildxConfig = edges.getState(STATE.buildxConfig)
  if (builder)
    steps.push([
      `remove buildx builder ${builder}`,
      ['buildx', 'rm', '--force', builder],
      buildxConfig ? { BUILDX_CONFIG: buildxConfig } : undefined,
    ])
  for (const [what, args, env] of steps) {
    try {
      // the edge stops a command that outlives the bound
      const result = await edges.docker(args, { quiet: true, timeoutMs, ...(env ? { env } : {}) })
      // main records a builder before creating it: a create that failed early left none
      if (/no builder .* found/i.test(result.stderr)) edges.out.info(`Cleanup: no buildx builder ${builder} to remove`)
      else if (result.exitCode !== 0) edges.out.warning(`Cleanup: ${what} failed: ${result.stderr.trim()}`)
      else edges.out.info(`Cleanup: ${what}`)
    } catch (error) {
      if (error instanceof AttemptTimeout)
        edges.out.warning(`Cleanup: ${what} took over ${timeoutMs / 1000} s; stopped it and moved on.`)
      else edges.out.warning(`Cleanup: ${what} failed: ${(error as Error).message}`)
    }
  }
}
