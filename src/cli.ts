/** `npx ecr-oidc-push setup|init …`: the same setup as `mode: setup`, for a terminal with admin credentials. */
import { parseArgs } from 'node:util'
import type { Edges } from './edges.js'
import { InputError } from './errors.js'
import { parseList } from './inputs.js'
import { runInitCommand } from './init/run.js'
import { runSetupCommand } from './setup/command.js'

export const USAGE = `Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
       ecr-oidc-push setup --account-id ID --region REGION --repositories-file FILE [options]
       ecr-oidc-push init --account-id ID --region REGION [options]

init, inside a git checkout whose origin is on GitHub: writes .github/workflows/ecr-oidc-push.yml (it
reads the account and region from the repository variables), runs setup for that repository, sets the
variables when a GitHub token is there, and prints what to commit. It never overwrites a workflow file
that differs unless --force; --action OWNER/ecr-oidc-push@v1 names where the action is published (the
npm package knows). A second run changes nothing.

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
  --release-tags LIST        git tags the release role trusts (default: v*; none: the environment alone)
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

GitHub (with a token: GITHUB_TOKEN, GH_TOKEN or --github-token; GITHUB_API_URL for GitHub Enterprise):
  --github-token TOKEN       read each repository's default branch and numeric IDs from the API (so the
                             immutable subject form needs no flags) and set its repository variables
                             AWS_ACCOUNT_ID and AWS_REGION (variables, not secrets: they are not secret)
  --github-org ORG --topic T also set up the organisation's repositories that carry the topic T

init:
  --force                    overwrite a workflow file that differs
  --action REF               the action the workflow uses, e.g. octo-org/ecr-oidc-push@v1

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`

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
