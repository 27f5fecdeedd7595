/**
 * Setup's one orchestrator, behind both front ends (the action step, setup/run.ts; the CLI command,
 * setup/command.ts): which repositories, every input checked before any remote call, what GitHub says of
 * each repository, then setup for one or for many.
 */
import { readFile } from 'node:fs/promises'
import type { Edges } from '../edges.js'
import { InputError } from '../errors.js'
import { githubAccess } from '../github/access.js'
import { githubApi } from '../github/api.js'
import type { RegionClients } from './calls.js'
import { type GitHubFacts, factsOf, runFleet } from './fleet.js'
import { runSetup } from './one.js'
import type { FleetOutcome, SetupOutcome } from './render.js'
import { parseRepositoriesFile, readFleetSettings } from './repositories.js'
import { type SetupSettings, type SetupSource, readSetupSettings } from './settings.js'
import { type EmitFormat, emitCode, isEmitFormat } from './emit.js'

/** What a front end asks setup for. */
export interface SetupRequest {
  /** the inputs (or the flags as inputs); a default branch or IDs given here win over GitHub's */
  source: Pick<SetupSource, 'get' | 'defaultBranch' | 'ownerId' | 'repositoryId'>
  /** OWNER/NAME, as named (the `repositories` input, `--repository`) */
  repositories: string[]
  /** `--repositories-file`: one OWNER/NAME a line */
  repositoriesFile?: string
  /** `--github-org` with `--topic`: the organisation's repositories that carry the topic */
  githubOrg?: string
  topic?: string
  /** `github-token` / `--github-token`; else GITHUB_TOKEN, else GH_TOKEN */
  githubToken?: string
  /** the workflow run's own repository and what the run knows of it: set up when no repository is named */
  runRepository?: Pick<SetupSource, 'githubRepository' | 'defaultBranch' | 'ownerId' | 'repositoryId'>
  /** `--emit`: write the code that creates what setup would (terraform, cloudformation) instead of applying */
  emit?: string
  /** `--out`: where the emitted code goes (else stdout); with `--json`, whether the outcome is JSON */
  out?: string
  json?: boolean
}

export type SetupResult =
  | { kind: 'one'; settings: SetupSettings; outcome: SetupOutcome }
  | { kind: 'many'; fleet: SetupSettings[]; outcome: FleetOutcome }
  | { kind: 'emitted'; fleet: SetupSettings[]; format: EmitFormat; text: string; notes: string[] }

/**
 * Runs setup as asked: `show` gets the plan (before anything is applied), `log` each call made. Throws
 * InputError, listing every problem, before any remote call when the request or the inputs are wrong.
 */
export async function setUp(
  request: SetupRequest,
  edges: Pick<Edges, 'env' | 'sts' | 'ecr' | 'iam' | 'ecs'>,
  show: (text: string) => void,
  log: (line: string) => void,
): Promise<SetupResult> {
  const access = githubAccess(edges.env, request.githubToken)
  const problems: string[] = []
  if (request.githubOrg && !(request.topic && access)) {
    problems.push(
      "--github-org selects the organisation's repositories by topic: " +
        `it needs --topic${access ? '' : ' and a GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token)'}.`,
    )
  }
  problems.push(...emitProblems(request))
  const named = [
    ...new Set([...request.repositories, ...(await readRepositoriesFile(request.repositoriesFile, problems))]),
  ]
  // the inputs and the repositories named, checked with what is known before asking anyone anything (an
  // organisation's repositories come with GitHub's own names)
  try {
    checkInputs(request, named.length > 0 ? named : [request.runRepository?.githubRepository ?? 'owner/repository'])
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.push(...error.problems)
  }
  if (problems.length > 0) throw new InputError(problems)
  const emit = request.emit as EmitFormat | undefined

  const github = access && githubApi(access)
  // the subject template is read from GitHub unless the input says it
  const readTemplate = request.source.get('sub-claim-keys').trim() === ''
  const serverUrl = edges.env['GITHUB_SERVER_URL']
  const repositories = [
    ...new Set([
      ...named,
      ...(github && request.githubOrg
        ? await github.repositoriesWithTopic(request.githubOrg, request.topic!, log)
        : []),
    ]),
  ]
  if (repositories.length === 0 && request.runRepository) repositories.push(request.runRepository.githubRepository)
  if (repositories.length === 0)
    throw new InputError([`--github-org ${request.githubOrg} has no repository with the topic ${request.topic}.`])
  const clientsFor = async (region: string): Promise<RegionClients> => ({
    iam: await edges.iam(region),
    ecr: await edges.ecr(region),
    sts: await edges.sts(region),
    ecs: await edges.ecs(region),
    ...(github ? { github } : {}),
  })

  if (repositories.length > 1) {
    const facts = github ? await factsOf(github, repositories, readTemplate) : new Map<string, GitHubFacts>()
    const fleet = readFleetSettings({ ...request.source, serverUrl }, repositories, (repository) =>
      facts.get(repository),
    )
    if (emit) return emitted(emit, fleet, Boolean(github))
    return { kind: 'many', fleet, outcome: await runFleet(fleet, await clientsFor(fleet[0]!.region), show, log) }
  }
  const githubRepository = repositories[0]!
  // what the request says wins over what the run knows, which wins over what GitHub says
  const given = {
    ...withoutUndefined(request.runRepository?.githubRepository === githubRepository ? request.runRepository : {}),
    ...withoutUndefined(request.source),
  }
  const known = given.ownerId && given.repositoryId && given.defaultBranch
  const facts = github && !known ? await factsOf(github, repositories, readTemplate) : new Map<string, GitHubFacts>()
  const { fullName, ...fromGitHub }: Partial<GitHubFacts> = facts.get(githubRepository) ?? {}
  // the run knows the facts, not the subject template: that alone is asked
  if (github && known && readTemplate) fromGitHub.subjectTemplate = await github.subjectTemplate(githubRepository)
  if (fullName && fullName !== githubRepository)
    log(
      `GitHub names ${githubRepository} ${fullName}: setup uses that casing (the trust compares it case-sensitively).`,
    )
  const read = readSetupSettings({
    ...fromGitHub,
    ...given,
    serverUrl,
    get: request.source.get,
    githubRepository: fullName ?? githubRepository,
  })
  // the run's own repository comes in GitHub's casing; a name typed without a token may not
  const checked = fullName !== undefined || request.runRepository?.githubRepository === githubRepository
  const settings: SetupSettings = checked ? read : { ...read, casingUnchecked: true }
  if (emit) return emitted(emit, [settings], Boolean(github))
  return { kind: 'one', settings, outcome: await runSetup(settings, await clientsFor(settings.region), show, log) }
}

/**
 * The code for these settings, instead of reading and applying. Loaded with setup, not on demand: a split point
 * of its own reshapes the shared chunks, and push mode's load before docker starts grows.
 */
function emitted(format: EmitFormat, fleet: SetupSettings[], withVariables: boolean): SetupResult {
  return { kind: 'emitted', fleet, format, ...emitCode(format, fleet, withVariables) }
}

/** `--emit` and what goes with it: a known format; no dry run (emitting changes nothing anyway); `--out` with it. */
function emitProblems(request: SetupRequest): string[] {
  const problems: string[] = []
  if (request.emit !== undefined && !isEmitFormat(request.emit))
    problems.push(
      `--emit is "${request.emit}", which is not a format setup writes: use --emit terraform or --emit cloudformation.`,
    )
  if (request.emit !== undefined && request.source.get('dry-run').trim() === 'true')
    problems.push('--emit writes code and changes nothing, so --dry-run has nothing to hold back: leave it out.')
  if (request.emit !== undefined && request.json)
    problems.push('--emit prints the code itself (or writes it to --out): leave out --json.')
  if (request.out !== undefined && request.emit === undefined)
    problems.push('--out is where the emitted code goes: add --emit terraform or --emit cloudformation.')
  return problems
}

/** Every input problem at once, as setup for these repositories would meet it (GitHub's facts aside). */
function checkInputs(request: SetupRequest, repositories: string[]): void {
  if (repositories.length === 1) {
    const run = request.runRepository?.githubRepository === repositories[0] ? request.runRepository! : {}
    readSetupSettings({
      ...withoutUndefined(run),
      ...withoutUndefined(request.source),
      get: request.source.get,
      githubRepository: repositories[0]!,
    })
    return
  }
  const problems: string[] = []
  if (request.source.ownerId || request.source.repositoryId)
    problems.push("--owner-id and --repository-id are one repository's IDs; with several repositories leave them out.")
  try {
    readFleetSettings(request.source, repositories)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.push(...error.problems)
  }
  if (problems.length > 0) throw new InputError(problems)
}

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>

/** --repositories-file: missing or unreadable is a usage error, as is a line that is not OWNER/NAME. */
async function readRepositoriesFile(file: string | undefined, problems: string[]): Promise<string[]> {
  if (!file) return []
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    problems.push(
      `--repositories-file ${file} cannot be read (${error.code ?? error.message}): ` +
        'give a file with one OWNER/NAME a line.',
    )
    return undefined
  })
  return text === undefined ? [] : parseRepositoriesFile(text, file, problems)
}
