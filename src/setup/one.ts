import { applyPlan } from './apply.js'
import { planSetup, writeCalls } from './plan.js'
import { type SetupOutcome, renderPlan } from './render.js'
import type { RegionClients } from './calls.js'
import { readCurrentState } from './read.js'
import type { SetupSettings } from './settings.js'

/**
 * Setup for one repository: read what exists → plan → show it → apply it (unless dry run).
 * A second run changes nothing.
 */
export async function runSetup(
  s: SetupSettings,
  clients: RegionClients,
  show: (text: string) => void,
  log: (line: string) => void,
): Promise<SetupOutcome> {
  const state = await readCurrentState(s, clients)
  const plan = planSetup(s, state)
  const text = renderPlan(
    plan,
    `Plan for ${s.githubRepository} in AWS account ${s.accountId} (${s.region})${s.dryRun ? ', dry run' : ''}:`,
  )
  show(text) // before applying, so a failure half-way still leaves the plan on screen
  if (s.dryRun || writeCalls(plan).length === 0) return { plan, text, applied: false, writes: 0 }
  const writes = await applyPlan(plan, clients, state.callerArn, log)
  return { plan, text, applied: true, writes }
}
