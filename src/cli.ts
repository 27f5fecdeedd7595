/** `npx ecr-oidc-push setup|init …`: the same setup as `mode: setup`, for a terminal with admin credentials. */
import { parseArgs } from 'node:util'
import type { Edges } from './edges.js'
import { InputError } from './errors.js'
import { parseList } from './inputs.js'
import { runInitCommand } from './init/run.js'
import { runSetupCommand } from './setup/command.js'
import { USAGE } from './cli-usage.js'

export { USAGE }

/** Flag → the input name setup reads (the action's inputs use the same names). */
const FLAG_TO_INPUT: Record<string, string> = {
  'account-id': 'account-id',
  region: 'region',
  'ecr-repository': 'repository',
  'role-name': 'role-name',
  branches: 'trust-branches',
  tags: 'trust-tags',
  environments: 'trust-environments',
  audience: 'audience',
  'oidc-issuer': 'oidc-issuer',
  'sub-claim-keys': 'sub-claim-keys',
  'max-session-duration': 'max-session-duration',
  'kms-key': 'kms-key',
  'untagged-days': 'untagged-days',
  'keep-tagged': 'keep-tagged',
  'pull-from': 'pull-from',
  'ecs-service': 'ecs-service',
  tiers: 'tiers',
  'release-tags': 'release-tags',
  'release-environment': 'release-environment',
  'dev-retention-days': 'dev-retention-days',
  developers: 'developers',
  consumers: 'consumers',
}
const LISTS = new Set([
  'sub-claim-keys',
  'branches',
  'tags',
  'environments',
  'pull-from',
  'ecs-service',
  'tiers',
  'release-tags',
  'developers',
  'consumers',
])
/** Switches: the flag and the input share the name. */
const SWITCHES = ['immutable-tags', 'pull-only', 'dry-run']

function parse(argv: string[]) {
  const string = { type: 'string' } as const
  const list = { type: 'string', multiple: true } as const
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'account-id': string,
      region: string,
      repository: list,
      'repositories-file': string,
      'ecr-repository': string,
      'role-name': string,
      'default-branch': string,
      branches: list,
      tags: list,
      environments: list,
      'owner-id': string,
      'repository-id': string,
      audience: string,
      'oidc-issuer': string,
      'sub-claim-keys': list,
      'max-session-duration': string,
      'kms-key': string,
      'immutable-tags': { type: 'boolean' },
      'untagged-days': string,
      'keep-tagged': string,
      'pull-from': list,
      'pull-only': { type: 'boolean' },
      'ecs-service': list,
      tiers: list,
      'release-tags': list,
      'release-environment': string,
      'dev-retention-days': string,
      developers: list,
      consumers: list,
      'github-token': string,
      'github-org': string,
      topic: string,
      force: { type: 'boolean' },
      action: string,
      'dry-run': { type: 'boolean' },
      emit: string,
      out: string,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

/**
 * Runs the CLI; returns the exit code. `packageActionRef` is where the installed package says the action is
 * published (`owner/ecr-oidc-push@v1`), for init's workflow.
 */
export async function runCli(
  argv: string[],
  edges: Pick<Edges, 'stdout' | 'stderr' | 'env' | 'cwd' | 'sts' | 'ecr' | 'iam' | 'ecs'>,
  packageActionRef?: string,
): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    edges.stderr(`error: ${(error as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    edges.stdout(`${USAGE}\n`)
    return 0
  }
  const command = positionals[0]
  if ((command !== 'setup' && command !== 'init') || positionals.length > 1) {
    edges.stderr(
      `error: ${positionals.length ? `unknown command "${positionals.join(' ')}"` : 'no command given'}; ` +
        `the commands are \`setup\` and \`init\`.\n\n${USAGE}\n`,
    )
    return 2
  }
  const missing = ['account-id', 'region'].filter((flag) => !values[flag as keyof typeof values])
  if (command === 'setup' && !values.repository?.length && !values['repositories-file'] && !values['github-org'])
    missing.push('repository')
  const notForInit = [
    'repository',
    'repositories-file',
    'github-org',
    'topic',
    'owner-id',
    'repository-id',
    'ecr-repository',
    'role-name',
    'json',
    'emit',
    'out',
  ]
  const misplaced =
    command === 'init'
      ? notForInit.filter((flag) => values[flag as keyof typeof values] !== undefined)
      : ['force', 'action'].filter((flag) => values[flag as keyof typeof values] !== undefined)
  if (misplaced.length > 0) {
    const initNote =
      command === 'init' ? " (it sets up the repository of the checkout it runs in, by the convention's names)" : ''
    edges.stderr(
      `error: ${misplaced.map((flag) => `--${flag}`).join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} ` +
        `not for \`${command}\`${initNote}.\n\n${USAGE}\n`,
    )
    return 2
  }
  if (missing.length > 0) {
    edges.stderr(`error: missing ${missing.map((flag) => `--${flag}`).join(', ')}\n\n${USAGE}\n`)
    return 2
  }

  const inputs: Record<string, string> = {}
  for (const [flag, input] of Object.entries(FLAG_TO_INPUT)) {
    const value = values[flag as keyof typeof values]
    // a repeated list flag is a list too: each value split as one line is, then one item a line
    if (value !== undefined)
      inputs[input] = LISTS.has(flag) ? (value as string[]).flatMap(parseList).join('\n') : String(value)
  }
  for (const name of SWITCHES) if (values[name as keyof typeof values]) inputs[name] = 'true'
  const source = {
    get: (name: string) => inputs[name] ?? '',
    defaultBranch: values['default-branch'],
    ownerId: values['owner-id'],
    repositoryId: values['repository-id'],
  }

  if (values['github-token']) {
    edges.stderr(
      'warning: --github-token puts the token in your shell history and the process list; ' +
        'set GITHUB_TOKEN or GH_TOKEN instead.\n',
    )
  }
  try {
    if (command === 'init') {
      return await runInitCommand(
        {
          source,
          githubToken: values['github-token'],
          force: values.force ?? false,
          actionRef: values.action ?? packageActionRef,
        },
        edges,
      )
    }
    return await runSetupCommand(
      {
        source,
        // a list flag like the others: repeated, or commas
        repositories: (values.repository ?? []).flatMap(parseList),
        repositoriesFile: values['repositories-file'],
        githubOrg: values['github-org'],
        topic: values.topic,
        githubToken: values['github-token'],
        json: values.json ?? false,
        emit: values.emit,
        out: values.out,
      },
      edges,
    )
  } catch (error) {
    if (error instanceof InputError) {
      edges.stderr(`error: invalid options:\n${error.problems.map((p) => `- ${inFlagTerms(p)}`).join('\n')}\n`)
      return 2
    }
    edges.stderr(`error: ${(error as Error).message}\n`)
    return 1
  }
}

/** Problems name action inputs (`trust-branches`); on the CLI they are flags (--branches). */
function inFlagTerms(problem: string): string {
  return problem.replace(/(?:Input )?`([\w-]+)`/g, (whole, name: string) => {
    const flag =
      Object.entries(FLAG_TO_INPUT).find(([, input]) => input === name)?.[0] ?? SWITCHES.find((s) => s === name)
    return flag ? `--${flag}` : whole
  })
}
