/**
 * Where a failure or warning points in the runner's UI:
 * the workflow file for an input, the Dockerfile line for a build.
 */
import * as path from 'node:path'

/** What @actions/core's annotation commands take. */
export interface Annotation {
  title?: string
  file?: string
  startLine?: number
}

/** `octo-org/app/.github/workflows/ci.yml@refs/heads/main` (GITHUB_WORKFLOW_REF) → `.github/workflows/ci.yml`. */
export function workflowFileOf(workflowRef: string | undefined): string | undefined {
  return workflowRef?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1]
}

/** The inputs a list of problems names, in order: each problem names its input first, in backticks. */
export function inputNamesOf(problems: readonly string[]): string[] {
  return [...new Set(problems.map((p) => p.match(/`([\w-]+)`/)?.[1]).filter((name): name is string => Boolean(name)))]
}

/**
 * The Dockerfile line a failed build points at: buildx prints `<file name>:<line>` above the excerpt.
 * The file is given relative to the workspace, where the runner looks for it.
 */
export function dockerfileAnnotation(buildOutput: string, dockerfile: string, workspace: string): Annotation {
  const file = path.relative(workspace, path.resolve(workspace, dockerfile))
  const escaped = path.basename(dockerfile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const line = buildOutput.match(new RegExp(`^${escaped}:(\\d+)\\s*\\n-{5,}`, 'm'))?.[1]
  return { title: 'docker buildx build failed', file, ...(line ? { startLine: Number(line) } : {}) }
}
