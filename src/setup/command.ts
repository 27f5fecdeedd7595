/** `npx ecr-oidc-push setup`: which repositories, what GitHub says of them, then setup for one or for many. */
import { readFile } from 'node:fs/promises'
import { githubAccess } from '../github/access.js'
import { type RepositoryFacts, githubApi } from '../github/api.js'
import { InputError } from '../inputs.js'
import type { SetupClients } from './calls.js'
import { factsOf, resultLine, runFleet } from './fleet.js'
import { fleetJson, outcomeJson } from './render.js'
import { runSetup } from './run.js'
import { type SetupSource, parseRepositoriesFile, readFleetSettings, readSetupSettings } from './settings.js'

/** What the command line asked for, beyond the inputs setup reads. */
export interface SetupRequest {
  source: Pick<SetupSource, 'get' | 'defaultBranch' | 'ownerId' | 'repositoryId'>
  repositories: string[]
  repositoriesFile?: string
  githubOrg?: string
  topic?: string
  githubToken?: string
  json: boolean
}

export interface CommandIo {
  stdout(text: string): void
  stderr(text: string): void
  clients(region: string): SetupClients | Promise<SetupClients>
  env: NodeJS.ProcessEnv
}

/** Runs setup for the repositories asked for; returns the exit code (usage errors throw InputError). */
export async function runSetupCommand(request: SetupRequest, io: CommandIo): Promise<number> {
  const access = githubAccess(io.env, request.githubToken)
  if (request.githubOrg && !(request.topic && access)) {
    throw new InputError([`--github-org selects the organisation's repositories by topic: it needs --topic${access ? '' : ' and a GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token)'}.`])
  }
  const github = access && githubApi(access)
  const repositories = [...new Set([
    ...request.repositories, ...await readRepositoriesFile(request.repositoriesFile),
    ...(github && request.githubOrg ? await github.repositoriesWithTopic(request.githubOrg, request.topic!) : []),
  ])]
  if (repositories.length === 0) throw new InputError([`--github-org ${request.githubOrg} has no repository with the topic ${request.topic}.`])
  // GitHub's facts, unless the caller knows them already (one repository with its IDs and default branch)
  const known = repositories.length === 1 && request.source.ownerId && request.source.repositoryId && request.source.defaultBranch
  const facts = github && !known ? await factsOf(github, repositories) : new Map<string, RepositoryFacts>()
  const clientsFor = async (region: string): Promise<SetupClients> => ({ ...await io.clients(region), ...(github ? { github } : {}) })
  const planOut = request.json ? io.stderr : io.stdout
  const show = (text: string) => planOut(`${text}\n`)
  const log = (line: string) => io.stderr(`${line}\n`)

  if (repositories.length > 1) {
    if (request.source.ownerId || request.source.repositoryId) throw new InputError(['--owner-id and --repository-id are one repository\'s IDs; with several repositories leave them out.'])
    const fleet = readFleetSettings(request.source, repositories, (repository) => facts.get(repository))
    const outcome = await runFleet(fleet, await clientsFor(fleet[0]!.region), show, log)
    if (request.json) io.stdout(`${JSON.stringify(fleetJson(outcome), null, 2)}\n`)
    else {
      for (const result of outcome.results) io.stdout(`${resultLine(result)}\n`)
      if (outcome.applied) io.stdout(`Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'} for ${outcome.results.length} repositories; ${outcome.failed} failed.\n`)
    }
    return outcome.failed > 0 ? 1 : 0
  }

  const githubRepository = repositories[0]!
  // what the flags say wins over what GitHub says
  const settings = readSetupSettings({ ...facts.get(githubRepository), ...withoutUndefined(request.source), get: request.source.get, githubRepository })
  const outcome = await runSetup(settings, await clientsFor(settings.region), show, log)
  if (request.json) io.stdout(`${JSON.stringify(outcomeJson(outcome), null, 2)}\n`)
  else if (outcome.applied) {
    const tiers = outcome.plan.tiers.map((t) => `${outcome.plan.tiers.length > 1 ? `${t.tier}: ` : ''}role ${t.roleArn}${t.repositoryUri ? `, repository ${t.repositoryUri}` : ''}`)
    io.stdout(`Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'}. ${tiers.join('; ').replace(/^./, (c) => c.toUpperCase())}\n`)
  }
  return 0
}

const withoutUndefined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>

/** --repositories-file: missing or unreadable is a usage error, as is a line that is not OWNER/NAME. */
async function readRepositoriesFile(file: string | undefined): Promise<string[]> {
  if (!file) return []
  const problems: string[] = []
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    problems.push(`--repositories-file ${file} cannot be read (${error.code ?? error.message}): give a file with one OWNER/NAME a line.`)
    return ''
  })
  const repositories = problems.length > 0 ? [] : parseRepositoriesFile(text, file, problems)
  if (problems.length > 0) throw new InputError(problems)
  return repositories
}
