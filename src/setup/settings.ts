import { InputError } from '../errors.js'
import { type InputSource, isEcrRepositoryName, parseList, readBoolean, readInteger, readTarget } from '../inputs.js'
import { TIERS, type Tier, tierNames } from '../naming.js'
import type { SubjectTemplate } from '../github/api.js'
import { type SubjectTemplateSource, readTokenForm } from './token-form.js'
import { readEcsServices } from './deploy-policy.js'
import { MAX_EXCLUSION_FILTERS, type TrustSubjects, movingTagFilters } from './policies.js'
import { isPrincipal, principalArn } from './readers.js'

/** One tier setup provisions: its role and its ECR repository. */
export interface TierUnit {
  tier: Tier
  roleName: string
  repository: string
  /** the release tier: the main tier's repository, which its role may read to promote from */
  promoteFrom?: string
}

/** Every input setup mode uses, read once and validated; the CLI fills the same names from flags. */
export interface SetupSettings extends TrustSubjects {
  mode: 'setup'
  /** the repository's name is as given, unchecked against GitHub's casing (no token, not the run's own) */
  casingUnchecked?: true
  accountId: string
  region: string
  githubRepository: string // owner/repo
  repository: string // the main tier's ECR repository name (the others add -dev, -release)
  roleName: string // the main tier's role
  /** the tiers to provision, in the order main, dev, release; each a role and a repository */
  tiers: Tier[]
  units: TierUnit[]
  /** dev images expire this many days after they were pushed */
  devRetentionDays: number
  /** principal ARNs that pull every tier and push dev; that pull the release tier (or main) */
  developers: string[]
  consumers: string[]
  audience: string
  /** the issuer of the tokens the roles trust: `oidc-issuer`, else the one of the server setup runs for */
  oidcIssuer: string
  /** where a customized subject template came from: the input, or GitHub (the repository's or its owner's) */
  subjectTemplateFrom?: SubjectTemplateSource
  /** why GitHub's subject template could not be read (the trust then has GitHub's default form) */
  subjectTemplateUnread?: string
  maxSessionDuration: number
  kmsKey?: string
  /** ECR repositories of the account the role may pull from, besides its own */
  pullFrom: string[]
  /** a consumer: role and pull policy only, no push policy and no repository of its own */
  pullOnly: boolean
  /** ECS services the role may deploy to after a push */
  ecsServices: Array<{ cluster: string; service: string }>
  immutableTags: boolean
  untaggedDays: number
  keepTagged: number
  dryRun: boolean
}

export interface SetupSource extends Pick<InputSource, 'get' | 'githubRepository'> {
  /** GITHUB_SERVER_URL: the server whose tokens' issuer setup trusts unless `oidc-issuer` says another */
  serverUrl?: string
  /** the subject template GitHub says the repository's tokens have (undefined: GitHub's default) */
  subjectTemplate?: SubjectTemplate
  /** immutable IDs, when known (GITHUB_REPOSITORY_OWNER_ID / GITHUB_REPOSITORY_ID in a workflow) */
  ownerId?: string
  repositoryId?: string
  /** the event payload's repository.default_branch in a workflow, --default-branch on the CLI */
  defaultBranch?: string
}

const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/

/**
 * OWNER/NAME as GitHub allows them: an owner of up to 39 letters, digits and -,
 * a name of up to 100 of [A-Za-z0-9._-].
 */
export function isGitHubRepository(value: string): boolean {
  return GITHUB_REPOSITORY.test(value)
}
/** A KMS key ARN or alias ARN, an alias, a key ID (UUID) or a multi-Region key ID. */
const KMS_KEY = new RegExp(
  '^(' +
    [
      'arn:aws[\\w-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/+=,.@-]+',
      'alias/[\\w/+=,.@-]+',
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      'mrk-[0-9a-f]{32}',
    ].join('|') +
    ')$',
)
// what a git ref name may hold, plus the * and ? of a pattern; no spaces, no `..`, no control characters
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const REF_PATTERN = /^(?!.*\.\.)(?!\/)(?!.*\/$)[^\s~^:\\[\x00-\x1f\x7f]+$/

export function readSetupSettings(source: SetupSource): SetupSettings {
  const problems: string[] = []
  const input = (name: string, fallback = '') => source.get(name).trim() || fallback

  if (!GITHUB_REPOSITORY.test(source.githubRepository)) {
    problems.push(
      'The GitHub repository must be OWNER/NAME (for example octo-org/octo-repo); ' +
        `got ${source.githubRepository ? `"${source.githubRepository}"` : 'nothing'}. ` +
        'On the CLI pass --repository OWNER/NAME.',
    )
  }
  const target = readTarget(source, problems)
  const [owner = '', repo = ''] = source.githubRepository.split('/')

  for (const [label, id] of [
    ['owner ID', source.ownerId],
    ['repository ID', source.repositoryId],
  ] as const) {
    if (id && !/^\d+$/.test(id))
      problems.push(`The ${label} must be GitHub's numeric ID (for example 583231); got "${id}".`)
  }
  if (Boolean(source.ownerId) !== Boolean(source.repositoryId)) {
    problems.push(
      'The immutable subject form needs both IDs: ' +
        'pass --owner-id and --repository-id together (in a workflow both come from the run).',
    )
  }

  const defaultBranch = (source.defaultBranch ?? '').trim() || 'main'
  const lists = {
    branches: parseList(source.get('trust-branches')).map((b) => b.replace(/^refs\/heads\//, '')),
    tagPatterns: parseList(source.get('trust-tags')).map((t) => t.replace(/^refs\/tags\//, '')),
    environments: parseList(source.get('trust-environments')),
  }
  for (const [name, values] of [
    ['default branch', [defaultBranch]],
    ['trust-branches', lists.branches],
    ['trust-tags', lists.tagPatterns],
    ['trust-environments', lists.environments],
  ] as const) {
    for (const value of values) {
      if (!REF_PATTERN.test(value))
        problems.push(
          `\`${name}\` has "${value}", which is not a branch, tag or environment name (no spaces, ~ ^ : \\ [ or "..").`,
        )
      if (value === '*' || value === '**')
        problems.push(
          `\`${name}\` has "${value}", ` +
            `which would trust every ${name === 'trust-environments' ? 'environment' : 'ref'}; ` +
            'name them, or use a prefix such as release/*.',
        )
    }
  }

  const tiers = readTiers(source, problems)
  // `none`: the release environment alone makes a release
  const releaseTagsInput = source.get('release-tags').trim() || 'v*'
  const releaseTags =
    releaseTagsInput === 'none' ? [] : parseList(releaseTagsInput).map((t) => t.replace(/^refs\/tags\//, ''))
  const releaseEnvironment = input('release-environment') || undefined
  if (tiers.includes('release') && releaseTags.length === 0 && !releaseEnvironment) {
    problems.push(
      'The release tier needs `release-tags` (default v*) or `release-environment`: ' +
        'with `release-tags: none`, name the environment whose jobs release.',
    )
  }
  for (const [name, values] of [
    ['release-tags', releaseTags],
    ['release-environment', releaseEnvironment ? [releaseEnvironment] : []],
  ] as const) {
    for (const value of values) {
      if (!REF_PATTERN.test(value))
        problems.push(
          `\`${name}\` has "${value}", which is not a tag pattern or environment name (no spaces, ~ ^ : \\ [ or "..").`,
        )
      if (value === '*' || value === '**')
        problems.push(
          `\`${name}\` has "${value}", ` +
            `which would make every ${name === 'release-tags' ? 'tag' : 'environment'} a release; ` +
            'name them, or use a prefix such as v*.',
        )
    }
  }
  const [developers, consumers] = (['developers', 'consumers'] as const).map((name) =>
    parseList(source.get(name)).map((value) => {
      if (!isPrincipal(value))
        problems.push(
          `Input \`${name}\` has "${value}", which is not an AWS account ID or an IAM principal ARN: ` +
            'use 210987654321, arn:aws:iam::210987654321:role/NAME or arn:aws:iam::210987654321:user/NAME.',
        )
      return principalArn(value, input('region'))
    }),
  ) as [string[], string[]]
  const namesOf = (tier: Tier) =>
    tierNames(repo, tier, { roleName: input('role-name'), repository: input('repository') })
  const units = tiers.map((tier): TierUnit => {
    const names = namesOf(tier)
    const promoteFrom = tier === 'release' ? namesOf('main').repository : undefined
    return {
      tier,
      roleName: names.roleName,
      repository: names.repository ?? '',
      ...(promoteFrom ? { promoteFrom } : {}),
    }
  })

  const { oidcIssuer, subject, unread } = readTokenForm(source, problems)

  const kmsKey = input('kms-key') || undefined
  if (kmsKey && !KMS_KEY.test(kmsKey))
    problems.push(`Input \`kms-key\` "${kmsKey}" is not a KMS key ARN, alias (alias/name) or key ID.`)
  const immutableTags = readBoolean(source, 'immutable-tags', false, problems)
  if (immutableTags && movingTagFilters(defaultBranch, lists.branches).length > MAX_EXCLUSION_FILTERS) {
    problems.push(
      "`immutable-tags` keeps latest and each trusted branch's tag writable, " +
        `and ECR allows at most ${MAX_EXCLUSION_FILTERS} such filters; trust fewer branches or use a pattern.`,
    )
  }

  const pullFrom = [...new Set(parseList(source.get('pull-from')))]
  for (const name of pullFrom) {
    if (!isEcrRepositoryName(name))
      problems.push(
        `Input \`pull-from\` has "${name}", which is not an ECR repository name: ` +
          'use 2–256 lowercase letters, digits and single . _ - / between them (for example team/base-image).',
      )
  }
  const pullOnly = readBoolean(source, 'pull-only', false, problems)
  if (pullOnly && pullFrom.length === 0)
    problems.push("Input `pull-only` needs `pull-from`: list the ECR repositories this repository's jobs pull from.")
  if (pullOnly && developers.length + consumers.length > 0)
    problems.push(
      "Inputs `developers` and `consumers` reach the repository's tiers, and a `pull-only` consumer has none.",
    )
  if (pullOnly && tiers.some((tier) => tier !== 'main'))
    problems.push(
      'Input `pull-only` sets up a consumer, which has no repository of its own and so no tiers: ' +
        'leave `tiers` at main.',
    )

  const ecsServices = readEcsServices(source, problems)

  const settings: SetupSettings = {
    mode: 'setup',
    ...target,
    githubRepository: source.githubRepository,
    owner,
    repo,
    ...(source.ownerId && source.repositoryId ? { ownerId: source.ownerId, repositoryId: source.repositoryId } : {}),
    defaultBranch,
    ...lists,
    releaseTags,
    ...(releaseEnvironment ? { releaseEnvironment } : {}),
    tiers,
    units,
    devRetentionDays: readInteger(source, 'dev-retention-days', 30, 1, 3650, problems),
    developers: [...new Set(developers)],
    consumers: [...new Set(consumers)],
    audience: input('audience', 'sts.amazonaws.com'),
    oidcIssuer,
    ...(subject ? { subClaimKeys: subject.keys, subjectTemplateFrom: subject.from } : {}),
    ...(unread ? { subjectTemplateUnread: unread } : {}),
    maxSessionDuration: readInteger(
      source,
      'max-session-duration',
      3600,
      3600,
      43200,
      problems,
      "IAM's range for a role",
    ),
    ...(kmsKey ? { kmsKey } : {}),
    pullFrom,
    pullOnly,
    ecsServices,
    immutableTags,
    untaggedDays: readInteger(source, 'untagged-days', 14, 1, 3650, problems),
    keepTagged: readInteger(source, 'keep-tagged', 200, 1, 10000, problems),
    dryRun: readBoolean(source, 'dry-run', false, problems),
  }
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/** `tiers`: a list of main, dev and release (default main); kept in that order, each once. */
function readTiers(source: Pick<SetupSource, 'get'>, problems: string[]): Tier[] {
  const named = parseList(source.get('tiers') || 'main')
  for (const tier of named) {
    if (!(TIERS as readonly string[]).includes(tier))
      problems.push(
        `Input \`tiers\` has "${tier}", which is not a tier: list any of ${TIERS.join(', ')} (default main).`,
      )
  }
  const tiers = TIERS.filter((tier) => named.includes(tier))
  if (tiers.length === 0 && named.length === 0) problems.push('Input `tiers` is empty: list any of main, dev, release.')
  return tiers
}
