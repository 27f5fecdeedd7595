import type { Docker } from './docker/docker.js'
import { STATE } from './state.js'

export interface PostEdges {
  getState(name: string): string
  docker: Docker
  info(message: string): void
  warn(message: string): void
  /** how long one cleanup command may take before the post step moves on */
  timeoutMs: number
}

/** Resolves with the command's outcome, or with undefined when it takes longer than `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Undoes what main set up: docker's stored ECR credentials, and a builder it created. Warns, never fails. */
export async function runPost(edges: PostEdges): Promise<void> {
  const steps: Array<[string, string[]]> = []
  const registry = edges.getState(STATE.registry)
  if (registry) steps.push([`docker logout ${registry}`, ['logout', registry]])
  const builder = edges.getState(STATE.builder)
  if (builder) steps.push([`remove buildx builder ${builder}`, ['buildx', 'rm', '--force', builder]])
  for (const [what, args] of steps) {
    try {
      const result = await within(edges.timeoutMs, edges.docker(args, { quiet: true }))
      if (result === undefined) edges.warn(`Cleanup: ${what} took over ${edges.timeoutMs / 1000} s; moved on.`)
      else if (result.exitCode !== 0) edges.warn(`Cleanup: ${what} failed: ${result.stderr.trim()}`)
      else edges.info(`Cleanup: ${what}`)
    } catch (error) {
      edges.warn(`Cleanup: ${what} failed: ${(error as Error).message}`)
    }
  }
}
