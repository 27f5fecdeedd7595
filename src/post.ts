import type { Docker } from './docker/docker.js'
import { AttemptTimeout } from './remote.js'
import { STATE } from './state.js'

export interface PostEdges {
  getState(name: string): string
  docker: Docker
  info(message: string): void
  warn(message: string): void
  /** how long one cleanup command may take before the post step moves on */
  timeoutMs: number
}

/** Undoes what main set up: docker's stored ECR credentials, and a builder it created. Warns, never fails. */
export async function runPost(edges: PostEdges): Promise<void> {
  const steps: Array<[string, string[]]> = []
  for (const registry of edges.getState(STATE.registry).split('\n').filter((host) => host !== '')) {
    steps.push([`docker logout ${registry}`, ['logout', registry]])
  }
  const builder = edges.getState(STATE.builder)
  if (builder) steps.push([`remove buildx builder ${builder}`, ['buildx', 'rm', '--force', builder]])
  for (const [what, args] of steps) {
    try {
      // the edge stops a command that outlives the bound
      const result = await edges.docker(args, { quiet: true, timeoutMs: edges.timeoutMs })
      if (result.exitCode !== 0) edges.warn(`Cleanup: ${what} failed: ${result.stderr.trim()}`)
      else edges.info(`Cleanup: ${what}`)
    } catch (error) {
      if (error instanceof AttemptTimeout) edges.warn(`Cleanup: ${what} took over ${edges.timeoutMs / 1000} s; stopped it and moved on.`)
      else edges.warn(`Cleanup: ${what} failed: ${(error as Error).message}`)
    }
  }
}
