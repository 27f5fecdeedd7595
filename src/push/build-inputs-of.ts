/** This run's build inputs, read from the checkout, as the label every image it builds carries. */
import * as path from 'node:path'
import dockerignoreModule from '@balena/dockerignore'
import { BUILD_INPUTS_LABEL, buildInputsLabel, contentDigest, normalPath, worktreeState } from '../build-inputs.js'
import type { Edges } from '../edges.js'
import type { PushSettings } from './settings.js'

/**
 * The Dockerfile's content and the context's uncommitted files (git status), with the settings: the label's
 * name and value. Loaded once docker runs: push mode loads nothing before it that docker does not need.
 */
export async function buildInputsOf(
  edges: Pick<Edges, 'readFile' | 'gitStatus' | 'env' | 'cwd'>,
  settings: Pick<PushSettings, 'file' | 'context' | 'buildArgs' | 'provenance' | 'sbom'>,
): Promise<{ label: string; value: string }> {
  const workspace = edges.env['GITHUB_WORKSPACE'] || edges.cwd
  const git = await edges.gitStatus(settings.context)
  const read = (file: string) => edges.readFile(path.join(git?.root ?? '', file)).catch(() => undefined)
  // what reaches the build: inside the context, and not excluded by its .dockerignore (Docker's own rules)
  const context = path.resolve(edges.cwd, settings.context)
  const rules = await readDockerignore(edges, context, settings.file)
  const excluded = dockerignore().add(rules)
  const inContext = (file: string) => {
    const relative = path.relative(context, path.join(git?.root ?? '', file))
    return !relative.startsWith('..') && !path.isAbsolute(relative) && !excluded.ignores(relative)
  }
  const value = buildInputsLabel({
    file: normalPath(settings.file, workspace),
    dockerfileDigest: contentDigest(await edges.readFile(settings.file)),
    context: normalPath(settings.context, workspace),
    buildArgs: settings.buildArgs,
    provenance: settings.provenance,
    sbom: settings.sbom,
    worktree: await worktreeState(git?.status, read, inContext),
  })
  return { label: BUILD_INPUTS_LABEL, value }
}

// a CommonJS module whose types say `export default`: its function is the module itself at run time
const dockerignore = ((dockerignoreModule as unknown as { default?: unknown }).default ??
  dockerignoreModule) as unknown as () => import('@balena/dockerignore').Ignore

/**
 * The build's ignore file: `<Dockerfile>.dockerignore` beside the Dockerfile when there is one, else the
 * context's `.dockerignore` (Docker docs, "Build context": .dockerignore files). Its lines, or none.
 */
async function readDockerignore(
  edges: Pick<Edges, 'readFile' | 'cwd'>,
  context: string,
  file: string,
): Promise<string[]> {
  for (const candidate of [path.resolve(edges.cwd, `${file}.dockerignore`), path.join(context, '.dockerignore')]) {
    const text = await edges.readFile(candidate).catch(() => undefined)
    if (text) return text.toString('utf8').split(/\r?\n/)
  }
  return []
}
