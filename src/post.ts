/** The post step: undoes what main set up. Warns, never fails. */
import type { Edges } from './edges.js'
import { STATE } from './post-state.js'
import { AttemptTimeout } from './remote.js'

/**
 * Logs docker out of the registries main logged into and removes a builder main created. Each command may take
 * `timeoutMs` (milliseconds) before the post step stops it and moves on.
 */
export async function runPost(
  edges: Pick<Edges, 'getState' | 'docker'> & { out: Pick<Edges['out'], 'info' | 'warning'> },
  timeoutMs: number,
): Promise<void> {
  const steps: Array<[string, string[]]> = []
  for (const registry of edges
    .getState(STATE.registry)
    .split('\n')
    .filter((host) => host !== '')) {
    steps.push([`docker logout ${registry}`, ['logout', registry]])
  }
  const builder = edges.getState(STATE.builder)
  if (builder) steps.push([`remove buildx builder ${builder}`, ['buildx', 'rm', '--force', builder]])
  for (const [what, args] of steps) {
    try {
      // the edge stops a command that outlives the bound
      const result = await edges.docker(args, { quiet: true, timeoutMs })
      if (result.exitCode !== 0) edges.out.warning(`Cleanup: ${what} failed: ${result.stderr.trim()}`)
      else edges.out.info(`Cleanup: ${what}`)
    } catch (error) {
      if (error instanceof AttemptTimeout)
        edges.out.warning(`Cleanup: ${what} took over ${timeoutMs / 1000} s; stopped it and moved on.`)
      else edges.out.warning(`Cleanup: ${what} failed: ${(error as Error).message}`)
    }
  }
}
