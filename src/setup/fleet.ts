/** Setup for many repositories at once: one provider, one plan covering all, applied with bounded concurrency. */
import { ExplainedError } from '../errors.js'
import type { GitHubApi, RepositoryFacts, SubjectTemplate } from '../github/api.js'

/** What GitHub says of a repository for setup: its facts and, unless the input says it, its subject template. */
export type GitHubFacts = RepositoryFacts & { subjectTemplate?: SubjectTemplate }
import { applyPlan } from './apply.js'
import type { RegionClients } from './calls.js'
import { type Change, type Plan, planProvider, planRepositorySide, writeCalls } from './plan.js'
import { type FleetOutcome, type RepositoryResult, renderPlan } from './render.js'
import type { SetupSettings } from './settings.js'
import { readAccount, readRepositoryState } from './read.js'

/** How many repositories are read or applied at the same time: IAM allows few calls per second per account. */
export const FLEET_CONCURRENCY = 8

/** Runs `work` on every item, at most `limit` at a time; the results come in the items' order. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** The account's part of the plan: its OIDC provider. */
const providerOnly = (provider: Change): Plan => ({
  changes: [provider],
  leftAlone: [],
  notes: [],
  roleArn: '',
  repositoryUri: '',
  tiers: [],
  access: [],
})

const firstLine = (error: unknown) => (error as Error).message?.split('\n')[0] ?? String(error)

/**
 * Reads the account once, then every repository; plans the provider once and each repository's side; shows
 * the whole plan; applies the provider, then the repositories. A repository that fails (to read or to apply)
 * is reported and the others go on; a re-run continues where each stopped.
 */
export async function runFleet(
  fleet: SetupSettings[],
  clients: RegionClients,
  show: (text: string) => void,
  log: (line: string) => void,
): Promise<FleetOutcome> {
  const first = fleet[0]!
  const account = await readAccount(first, clients)
  const provider = planProvider(first, account.provider)
  const planned = await eachLimited(fleet, FLEET_CONCURRENCY, async (s): Promise<RepositoryResult> => {
    try {
      return {
        repository: s.githubRepository,
        plan: planRepositorySide(s, await readRepositoryState(s, clients, account.callerArn)),
        writes: 0,
      }
    } catch (error) {
      return { repository: s.githubRepository, writes: 0, error: `reading failed: ${firstLine(error)}` }
    }
  })
  const text = renderFleet(first, provider, planned)
  show(text)
  if (first.dryRun)
    return {
      provider,
      results: planned,
      text,
      applied: false,
      writes: 0,
      failed: planned.filter((r) => r.error).length,
    }

  const providerPlan = providerOnly(provider)
  let writes = writeCalls(providerPlan).length > 0 ? await applyPlan(providerPlan, clients, account.callerArn, log) : 0
  const results = await eachLimited(planned, FLEET_CONCURRENCY, async (result): Promise<RepositoryResult> => {
    if (!result.plan || writeCalls(result.plan).length === 0) return result
    try {
      return { ...result, writes: await applyPlan(result.plan, clients, account.callerArn, log) }
    } catch (error) {
      return { ...result, error: firstLine(error) }
    }
  })
  for (const result of results) writes += result.writes
  return { provider, results, text, applied: true, writes, failed: results.filter((r) => r.error).length }
}

/** `✓ octo-org/a: 4 changes applied`, `= octo-org/b: no changes`, `✗ octo-org/c: …`. */
export function resultLine(result: RepositoryResult): string {
  if (result.error) return `✗ ${result.repository}: ${result.error}`
  if (result.writes > 0)
    return `✓ ${result.repository}: ${result.writes} change${result.writes === 1 ? '' : 's'} applied`
  return `= ${result.repository}: no changes`
}

/** One plan for all: the provider, then each repository's resources under its name, then the totals. */
export function renderFleet(first: SetupSettings, provider: Change, results: RepositoryResult[]): string {
  const heading =
    `Plan for ${results.length} repositories ` +
    `in AWS account ${first.accountId} (${first.region})${first.dryRun ? ', dry run' : ''}:`
  const providerLine = renderPlan(providerOnly(provider), heading).split('\n').slice(0, -1)
  const blocks = results.map((r) =>
    r.plan ? renderPlan(r.plan, `${r.repository}:`) : `${r.repository}:\n  ✗ ${r.error}`,
  )
  const changes = [provider, ...results.flatMap((r) => r.plan?.changes ?? [])]
  const count = (kind: Change['kind']) => changes.filter((change) => change.kind === kind).length
  const unreadable = results.filter((r) => !r.plan).length
  const total =
    `In all: ${count('create')} to create, ${count('update')} to update, ${count('none')} unchanged` +
    `${unreadable > 0 ? `; ${unreadable} repositories could not be read` : ''}.`
  return [...providerLine, ...blocks, total].join('\n')
}

/**
 * Each repository's default branch, numeric IDs and (with `readTemplate`) OIDC subject template, from the API;
 * one GitHub cannot find stops setup before any write.
 */
export async function factsOf(
  github: GitHubApi,
  repositories: string[],
  readTemplate = true,
): Promise<Map<string, GitHubFacts>> {
  const answers = await eachLimited(repositories, FLEET_CONCURRENCY, (repository) =>
    github.repository(repository).then(
      async (facts) => ({
        repository,
        facts: { ...facts, ...(readTemplate ? { subjectTemplate: await github.subjectTemplate(facts.fullName) } : {}) },
      }),
      (error: unknown) => ({ repository, error: (error as Error).message }),
    ),
  )
  const failed = answers.filter((a) => 'error' in a)
  if (failed.length > 0)
    throw new ExplainedError(
      `${failed.map((a) => `GitHub repository ${a.repository}: ${'error' in a ? a.error : ''}`).join('\n')}` +
        '\nNothing was changed.',
    )
  return new Map(answers.map((a) => [a.repository, (a as { facts: GitHubFacts }).facts]))
}
