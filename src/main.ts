/** The action's main step: the mode decides the flow, and each mode's code loads only when it runs. */
import { workflowFileOf } from './annotations.js'
import type { Edges } from './edges.js'
import { InputError, annotationFor, messageFor } from './errors.js'
import { type Mode, readMode } from './inputs.js'
import { foreignInputProblems } from './mode-inputs.js'

/** Each mode's flow, loaded on first use: push, the common case, loads neither setup nor IAM nor ECS. */
const MODES: Record<Mode, () => Promise<{ run(edges: Edges): Promise<void> }>> = {
  push: () => import('./push/run.js'),
  login: () => import('./login/run.js'),
  merge: () => import('./merge/run.js'),
  setup: () => import('./setup/run.js'),
}

export async function run(edges: Edges): Promise<void> {
  try {
    const mode = readMode({ get: edges.getInput })
    // before anything runs: an input this mode would ignore is refused, by name
    const foreign = foreignInputProblems(mode, edges.getInput)
    if (foreign.length > 0) throw new InputError(foreign)
    await (await MODES[mode]()).run(edges)
  } catch (error) {
    edges.out.fail(messageFor(error), annotationFor(error, workflowFileOf(edges.env['GITHUB_WORKFLOW_REF'])))
  }
}
