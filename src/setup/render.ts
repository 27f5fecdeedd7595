/** The plan for people (text) and for scripts (JSON). */
import type { Change, ChangeKind, Plan } from './plan.js'

const LABEL: Record<ChangeKind, string> = { create: '+ create   ', update: '~ update   ', none: '= no change' }

export function planSummary(plan: Plan): string {
  const count = (kind: ChangeKind) => plan.changes.filter((change) => change.kind === kind).length
  if (count('create') + count('update') === 0)
    return `No changes: all ${plan.changes.length} resources are as declared.`
  return `${count('create')} to create, ${count('update')} to update, ${count('none')} unchanged.`
}

export function renderPlan(plan: Plan, heading: string): string {
  const lines = [heading]
  for (const change of plan.changes) {
    lines.push(`  ${LABEL[change.kind]}  ${change.resource}`)
    if (change.kind !== 'none') for (const detail of change.details) lines.push(`                 ${detail}`)
  }
  if (plan.access.length > 0) {
    lines.push('  Who may read and write each tier:')
    for (const line of plan.access) lines.push(`    ${line}`)
  }
  if (plan.notes.length > 0) {
    lines.push('  Notes:')
    for (const note of plan.notes) lines.push(`    ! ${note}`)
  }
  if (plan.leftAlone.length > 0) {
    lines.push('  Left alone (setup never deletes or replaces):')
    for (const note of plan.leftAlone) lines.push(`    ! ${note}`)
  }
  lines.push(planSummary(plan))
  return lines.join('\n')
}

export interface RepositoryResult {
  repository: string
  plan?: Plan
  /** write calls made for this repository */
  writes: number
  /** why this repository failed; the others went on */
  error?: string
}

export interface FleetOutcome {
  provider: Change
  results: RepositoryResult[]
  /** the plan as shown to people */
  text: string
  applied: boolean
  writes: number
  failed: number
}

export interface SetupOutcome {
  plan: Plan
  /** the plan as shown to people */
  text: string
  applied: boolean
  /** write calls made */
  writes: number
}

export function outcomeJson(outcome: SetupOutcome): object {
  return { ...planJson(outcome.plan), applied: outcome.applied, writes: outcome.writes }
}

/** Setup for several repositories, for scripts: each repository's plan (or error) and the totals. */
export function fleetJson(outcome: FleetOutcome): object {
  return {
    applied: outcome.applied,
    writes: outcome.writes,
    failed: outcome.failed,
    provider: { resource: outcome.provider.resource, kind: outcome.provider.kind },
    repositories: outcome.results.map((r) => ({
      repository: r.repository,
      writes: r.writes,
      ...(r.plan ? planJson(r.plan) : {}),
      ...(r.error ? { error: r.error } : {}),
    })),
  }
}

function planJson(plan: Plan): object {
  return {
    roleArn: plan.roleArn,
    repositoryUri: plan.repositoryUri,
    tiers: plan.tiers,
    access: plan.access,
    summary: planSummary(plan),
    changes: plan.changes.map((change) => ({
      resource: change.resource,
      kind: change.kind,
      details: change.details,
      calls: change.calls.map((call) => `${call.service}:${call.command}`),
    })),
    leftAlone: plan.leftAlone,
    notes: plan.notes,
  }
}
