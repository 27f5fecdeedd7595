/** This run's build inputs, read from the checkout, as the label every image it builds carries. */
import * as path from 'node:path'
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
  const value = buildInputsLabel({
    file: normalPath(settings.file, workspace),
    dockerfileDigest: contentDigest(await edges.readFile(settings.file)),
    context: normalPath(settings.context, workspace),
    buildArgs: settings.buildArgs,
    provenance: settings.provenance,
    sbom: settings.sbom,
    worktree: await worktreeState(git?.status, read),
  })
  return { label: BUILD_INPUTS_LABEL, value }
}
