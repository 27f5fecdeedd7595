/** `npx ecr-oidc-push setup …`: the same setup as `mode: setup`, for a terminal with admin credentials. */
import { parseArgs } from 'node:util'
import { ecrClient, ecsClient, iamClient, stsClient } from './aws/clients.js'
import { InputError } from './inputs.js'
import { readFile } from 'node:fs/promises'
import { fleetJson, outcomeJson } from './setup/render.js'
import { resultLine, runFleet } from './setup/fleet.js'
import type { SetupClients } from './setup/calls.js'
import { runSetup } from './setup/run.js'
import { parseRepositoriesFile, readFleetSettings, readSetupSettings } from './setup/settings.js'

export const USAGE = `Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
       ecr-oidc-push setup --account-id ID --region REGION --repositories-file FILE [options]

Creates (or brings back in line) what push mode needs: the GitHub OIDC provider, the role
github-actions-<repo> with a strict trust policy, its push policy, and the ECR repository.
Shows the plan first; a second run changes nothing. Uses your AWS credentials (the SDK's default chain).

Required:
  --account-id ID            12-digit AWS account ID
  --region REGION            AWS region, e.g. us-east-1
  --repository OWNER/NAME    the GitHub repository that will push; repeat it for several
  --repositories-file FILE   or (and) one OWNER/NAME a line, # for comments: one provider, one plan for
                             all, applied 8 repositories at a time; exit 1 if any failed (the others are
                             applied, and a re-run continues)

Whom the role trusts (the default branch always; nothing else unless listed):
  --default-branch NAME      default branch (default: main)
  --branches LIST            more branches; patterns such as 'release/*' use StringLike
  --tags LIST                git tags, e.g. 'v*'
  --environments LIST        deployment environments, e.g. production
  --owner-id ID --repository-id ID
                             GitHub's numeric IDs: also trust the immutable subject form
                             repo:OWNER@OWNER_ID/NAME@REPO_ID:… (repositories created after 2026-07-15)

Tiers (each a role and an ECR repository of its own; default main):
  --tiers LIST               main (the default branch), dev (any other branch: role and repository -dev,
                             images expire), release (release tags: -release, tags immutable, kept)
  --release-tags LIST        git tags the release role trusts (default: v*)
  --release-environment NAME a GitHub environment whose jobs the release role also trusts
  --dev-retention-days N     dev images expire N days after push (default: 30)
  --developers LIST          account IDs or IAM principal ARNs that pull every tier and push dev
  --consumers LIST           account IDs or IAM principal ARNs that pull the release tier (main without one)

Names and settings:
  --ecr-repository NAME      ECR repository (default: NAME lowercased and made valid)
  --role-name NAME           IAM role (default: github-actions-NAME)
  --audience AUD             OIDC audience / client ID (default: sts.amazonaws.com)
  --max-session-duration S   role's maximum session, 3600–43200 (default: 3600)
  --kms-key KEY              encrypt with this KMS key instead of AES256
  --immutable-tags           tags immutable, except latest and branch tags (IMMUTABLE_WITH_EXCLUSION)
  --untagged-days N          expire untagged images after N days (default: 14)
  --keep-tagged N            keep the last N tagged images (default: 200)

Deploying after a push (push mode's ecs-cluster/ecs-service):
  --ecs-service LIST         CLUSTER/SERVICE the role may deploy to: update the service, register task
                             definitions, pass exactly its task's roles to ECS tasks

Pulling images of other repositories:
  --pull-from LIST           ECR repositories of the account the role may also pull from
  --pull-only                a consumer: the role and its pull policy only, no push policy, no repository

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`

/** Flag → the input name setup reads (the action's inputs use the same names). */
const FLAG_TO_INPUT: Record<string, string> = {
  'account-id': 'account-id', region: 'region', 'ecr-repository': 'repository', 'role-name': 'role-name',
  branches: 'trust-branches', tags: 'trust-tags', environments: 'trust-environments', audience: 'audience',
  'max-session-duration': 'max-session-duration', 'kms-key': 'kms-key', 'untagged-days': 'untagged-days',
  'keep-tagged': 'keep-tagged', 'pull-from': 'pull-from', 'ecs-service': 'ecs-service', tiers: 'tiers',
  'release-tags': 'release-tags', 'release-environment': 'release-environment', 'dev-retention-days': 'dev-retention-days',
  developers: 'developers', consumers: 'consumers',
}
const LISTS = new Set(['branches', 'tags', 'environments', 'pull-from', 'ecs-service', 'tiers', 'release-tags', 'developers', 'consumers'])
/** Switches: the flag and the input share the name. */
const SWITCHES = ['immutable-tags', 'pull-only', 'dry-run']

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  clients(region: string): SetupClients | Promise<SetupClients>
}

export async function realClients(region: string): Promise<SetupClients> {
  return { iam: await iamClient(region), ecr: ecrClient(region), sts: stsClient(region), ecs: await ecsClient(region) }
}

function parse(argv: string[]) {
  const string = { type: 'string' } as const
  const list = { type: 'string', multiple: true } as const
  return parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      'account-id': string, region: string, repository: list, 'repositories-file': string, 'ecr-repository': string, 'role-name': string,
      'default-branch': string, branches: list, tags: list, environments: list, 'owner-id': string,
      'repository-id': string, audience: string, 'max-session-duration': string, 'kms-key': string,
      'immutable-tags': { type: 'boolean' }, 'untagged-days': string, 'keep-tagged': string, 'pull-from': list, 'pull-only': { type: 'boolean' }, 'ecs-service': list,
      tiers: list, 'release-tags': list, 'release-environment': string, 'dev-retention-days': string, developers: list, consumers: list,
      'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  })
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout(`${USAGE}\n`)
    return 0
  }
  if (positionals[0] !== 'setup' || positionals.length > 1) {
    io.stderr(`error: ${positionals.length ? `unknown command "${positionals.join(' ')}"` : 'no command given'}; the command is \`setup\`.\n\n${USAGE}\n`)
    return 2
  }
  const missing = ['account-id', 'region'].filter((flag) => !values[flag as keyof typeof values])
  if (!values.repository?.length && !values['repositories-file']) missing.push('repository')
  if (missing.length > 0) {
    io.stderr(`error: missing ${missing.map((flag) => `--${flag}`).join(', ')}\n\n${USAGE}\n`)
    return 2
  }

  const inputs: Record<string, string> = {}
  for (const [flag, input] of Object.entries(FLAG_TO_INPUT)) {
    const value = values[flag as keyof typeof values]
    if (value !== undefined) inputs[input] = LISTS.has(flag) ? (value as string[]).join('\n') : String(value)
  }
  for (const name of SWITCHES) if (values[name as keyof typeof values]) inputs[name] = 'true'
  const source = { get: (name: string) => inputs[name] ?? '', ...(values['default-branch'] !== undefined ? { defaultBranch: values['default-branch'] } : {}) }

  try {
    const repositories = [...(values.repository ?? []), ...await readRepositoriesFile(values['repositories-file'])]
    if (repositories.length > 1) return await runFleetCli(source, repositories, values, io)
    const settings = readSetupSettings({
      ...source, githubRepository: repositories[0] ?? '',
      ...(values['owner-id'] !== undefined ? { ownerId: values['owner-id'] } : {}),
      ...(values['repository-id'] !== undefined ? { repositoryId: values['repository-id'] } : {}),
    })
    const planOut = values.json ? io.stderr : io.stdout
    const outcome = await runSetup(settings, await io.clients(settings.region), (text) => planOut(`${text}\n`), (line) => io.stderr(`${line}\n`))
    if (values.json) io.stdout(`${JSON.stringify(outcomeJson(outcome), null, 2)}\n`)
    else if (outcome.applied) {
      const tiers = outcome.plan.tiers.map((t) => `${outcome.plan.tiers.length > 1 ? `${t.tier}: ` : ''}role ${t.roleArn}${t.repositoryUri ? `, repository ${t.repositoryUri}` : ''}`)
      io.stdout(`Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'}. ${tiers.join('; ').replace(/^./, (c) => c.toUpperCase())}\n`)
    }
    return 0
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`error: invalid options:\n${error.problems.map((p) => `- ${inFlagTerms(p)}`).join('\n')}\n`)
      return 2
    }
    io.stderr(`error: ${(error as Error).message}\n`)
    return 1
  }
}

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

/** Several repositories: one plan, the provider once, each repository's result on a line; 1 if any failed. */
async function runFleetCli(source: { get(name: string): string; defaultBranch?: string }, repositories: string[], values: { json?: boolean; 'owner-id'?: string; 'repository-id'?: string }, io: CliIo): Promise<number> {
  if (values['owner-id'] || values['repository-id']) {
    throw new InputError(['--owner-id and --repository-id are one repository\'s IDs; with several repositories leave them out.'])
  }
  const fleet = readFleetSettings(source, repositories)
  const planOut = values.json ? io.stderr : io.stdout
  const outcome = await runFleet(fleet, await io.clients(fleet[0]!.region), (text) => planOut(`${text}\n`), (line) => io.stderr(`${line}\n`))
  if (values.json) io.stdout(`${JSON.stringify(fleetJson(outcome), null, 2)}\n`)
  else {
    for (const result of outcome.results) io.stdout(`${resultLine(result)}\n`)
    if (outcome.applied) io.stdout(`Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'} for ${outcome.results.length} repositories; ${outcome.failed} failed.\n`)
  }
  return outcome.failed > 0 ? 1 : 0
}

/** Problems name action inputs (`trust-branches`); on the CLI they are flags (--branches). */
function inFlagTerms(problem: string): string {
  return problem.replace(/(?:Input )?`([\w-]+)`/g, (whole, name: string) => {
    const flag = Object.entries(FLAG_TO_INPUT).find(([, input]) => input === name)?.[0] ?? SWITCHES.find((s) => s === name)
    return flag ? `--${flag}` : whole
  })
}
