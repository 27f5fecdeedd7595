/** The action's main step: the mode decides the flow, and each mode's code loads only when it runs. */
import { workflowFileOf } from './annotations.js'
import type { Edges } from './edges.js'
import { annotationFor, messageFor } from './errors.js'
import { type Mode, readMode } from './inputs.js'

/** Each mode's flow, loaded on first use: push, the common case, loads neither setup nor IAM nor ECS. */
const MODES: Record<Mode, () => Promise<{ run(edges: Edges): Promise<void> }>> = {
  push: () => import('./push/run.js'),
  login: () => import('./login/run.js'),
  merge: () => import('./merge/run.js'),
  setup: () => import('./setup/run.js'),
}

export async function run(edges: Edges): Promise<void> {
  try {
    await (await MODES[readMode({ get: edges.getInput })]()).run(edges)
  } catch (error) {
    edges.out.fail(messageFor(error), annotationFor(error, workflowFileOf(edges.env['GITHUB_WORKFLOW_REF'])))
  }
}
