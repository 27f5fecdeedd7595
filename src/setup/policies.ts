/** The documents setup declares: trust, push permissions, lifecycle, tag rules (all pure). */
import { CACHE_TAG_PREFIX } from '../docker/cache.js'
import { type Tier, partitionOf } from '../naming.js'
import { DEFAULT_CLAIM_KEYS, GITHUB_COM_ISSUER, issuerKey, templateSubject } from '../oidc.js'
export const PUSH_POLICY_NAME = 'ecr-oidc-push'
export const PULL_POLICY_NAME = 'ecr-oidc-push-pull'
export const DEPLOY_POLICY_NAME = 'ecr-oidc-push-deploy'
export const MANAGED_BY = 'ecr-oidc-push'
export const PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
] as const
/** What push mode's pre-flight reads of its own repository before it builds: the repository, its images. */
export const PREFLIGHT_ACTIONS = ['ecr:DescribeRepositories', 'ecr:DescribeImages'] as const
/** What pulling an image takes, repository by repository. */
export const PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
] as const
/** Layer caches kept per repository: one per active branch (and platform), with room to spare. */
export const KEEP_CACHES = 50
/** ECR accepts at most 5 tag mutability exclusion filters. */
export const MAX_EXCLUSION_FILTERS = 5

/** Whom the role trusts: one repository, its default branch, and only what the user adds. */
export interface TrustSubjects {
  owner: string
  repo: string
  ownerId?: string
  repositoryId?: string
  defaultBranch: string
  branches: string[] // extra branches; may hold * and ? patterns
  tagPatterns: string[] // git tags, e.g. v*
  environments: string[]
  /** the release tier's git tags (patterns such as v*) and, optionally, its GitHub environment */
  releaseTags: string[]
  releaseEnvironment?: string
  /** the tokens' issuer (default github.com's): the provider trusted, and its condition keys' prefix */
  oidcIssuer?: string
  /** the subject template's claims when the repository or its organization customizes it (include_claim_keys) */
  subClaimKeys?: string[]
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: Array<Record<string, unknown>>
}

/** The account's IAM OIDC provider for the issuer: its ARN ends in the issuer's host and path. */
export function oidcProviderArn(accountId: string, region: string, issuer: string = GITHUB_COM_ISSUER): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:oidc-provider/${issuerKey(issuer)}`
}

const isPattern = (value: string) => /[*?]/.test(value)

/**
 * What a tier's role accepts after `repo:OWNER/REPO:`. main: the default branch and what the user adds;
 * dev: any branch (never a tag, a pull request or an environment); release: the release tags and the
 * release environment (never a branch).
 */
export function trustContexts(s: TrustSubjects, tier: Tier): string[] {
  if (tier === 'dev') return ['ref:refs/heads/*']
  if (tier === 'release') {
    return [
      ...s.releaseTags.map((tag) => `ref:refs/tags/${tag}`),
      ...(s.releaseEnvironment ? [`environment:${s.releaseEnvironment}`] : []),
    ]
  }
  return [
    ...new Set([s.defaultBranch, ...s.branches].map((branch) => `ref:refs/heads/${branch}`)),
    ...s.tagPatterns.map((tag) => `ref:refs/tags/${tag}`),
    ...s.environments.map((environment) => `environment:${environment}`),
  ]
}

/**
 * Every `sub` the tier's role accepts, exact ones and patterns apart, in the subject template's form (GitHub's
 * default `repo:OWNER/REPO:<context>` unless customized). With the IDs known, each comes in the name form and
 * the immutable form `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`; never a wildcard for an ID.
 */
export function trustedSubjects(s: TrustSubjects, tier: Tier = 'main'): { exact: string[]; patterns: string[] } {
  const keys = s.subClaimKeys ?? DEFAULT_CLAIM_KEYS
  const contexts = trustContexts(s, tier)
  const all = (['name', 'immutable'] as const).flatMap((form) =>
    contexts.flatMap((context) => templateSubject(keys, s, context, form) ?? []),
  )
  return { exact: all.filter((sub) => !isPattern(sub)), patterns: all.filter(isPattern) }
}

/**
 * The tier's role's trust policy. Exact subjects use StringEquals; patterns get a statement of their own
 * with StringLike, so a wildcard never loosens the exact ones. A tier with only patterns (dev) has only that.
 */
export function trustPolicy(
  accountId: string,
  region: string,
  audience: string,
  subjects: TrustSubjects,
  tier: Tier = 'main',
): PolicyDocument {
  const { exact, patterns } = trustedSubjects(subjects, tier)
  const key = issuerKey(subjects.oidcIssuer ?? GITHUB_COM_ISSUER)
  const statement = (sid: string, subjectCondition: Record<string, unknown>) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(accountId, region, subjects.oidcIssuer) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${key}:aud`]: audience }, ...subjectCondition },
  })
  const one = (values: string[]) => (values.length === 1 ? values[0] : values)
  const statements = []
  if (exact.length > 0)
    statements.push(
      statement('GitHubActions', {
        StringEquals: { [`${key}:aud`]: audience, [`${key}:sub`]: one(exact) },
      }),
    )
  if (patterns.length > 0)
    statements.push(statement('GitHubActionsPatterns', { StringLike: { [`${key}:sub`]: one(patterns) } }))
  return { Version: '2012-10-17', Statement: statements }
}

export function repositoryArn(accountId: string, region: string, repository: string): string {
  return `arn:${partitionOf(region)}:ecr:${region}:${accountId}:repository/${repository}`
}

/**
 * Least privilege: log in anywhere (ECR has no narrower resource for it), push and pull one repository. A
 * release role also reads the main tier's repository (`promoteFrom`): its images, to promote this commit's,
 * and its layer cache, so a release that builds starts warm.
 */
export function pushPolicy(
  accountId: string,
  region: string,
  repository: string,
  promoteFrom?: string,
): PolicyDocument {
  const statements: Array<Record<string, unknown>> = [
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'PushAndPullThisRepository',
      Effect: 'Allow',
      Action: [...PUSH_ACTIONS, ...PREFLIGHT_ACTIONS],
      Resource: repositoryArn(accountId, region, repository),
    },
  ]
  if (promoteFrom && promoteFrom !== repository) {
    statements.push({
      Sid: 'ReadTheMainTier',
      Effect: 'Allow',
      Action: [...PULL_ACTIONS, ...PREFLIGHT_ACTIONS],
      Resource: repositoryArn(accountId, region, promoteFrom),
    })
  }
  return { Version: '2012-10-17', Statement: statements }
}

/** Least privilege for a consumer: log in, and pull from exactly these repositories of the account. */
export function pullPolicy(accountId: string, region: string, repositories: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullTheseRepositories',
        Effect: 'Allow',
        Action: [...PULL_ACTIONS],
        Resource: repositories.map((name) => repositoryArn(accountId, region, name)),
      },
    ],
  }
}

export interface Retention {
  untaggedDays: number
  keepTagged: number
  devRetentionDays: number
}

/**
 * The tier's lifecycle. Layer caches first, counted apart, so they never crowd out (or are expired as) image
 * tags. main keeps the last `keepTagged` tagged images; dev lets every image go `devRetentionDays` after its
 * push (untagged ones after a day); release keeps tagged images forever.
 */
export interface LifecyclePolicy {
  rules: Array<{ rulePriority: number; description: string; selection: object; action: { type: 'expire' } }>
}

export function lifecyclePolicy(tier: Tier, retention: Retention): LifecyclePolicy {
  const rule = (description: string, selection: object) => ({
    description,
    selection,
    action: { type: 'expire' as const },
  })
  const rules = [
    rule(`Keep the last ${KEEP_CACHES} layer caches (${CACHE_TAG_PREFIX}*)`, {
      tagStatus: 'tagged',
      tagPatternList: [`${CACHE_TAG_PREFIX}*`],
      countType: 'imageCountMoreThan',
      countNumber: KEEP_CACHES,
    }),
  ]
  const untaggedDays = tier === 'dev' ? 1 : retention.untaggedDays
  rules.push(
    rule(`Expire untagged images ${untaggedDays} day${untaggedDays === 1 ? '' : 's'} after push`, {
      tagStatus: 'untagged',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: untaggedDays,
    }),
  )
  if (tier === 'main') {
    rules.push(
      rule(`Keep the last ${retention.keepTagged} tagged images`, {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'imageCountMoreThan',
        countNumber: retention.keepTagged,
      }),
    )
  } else if (tier === 'dev') {
    rules.push(
      rule(`Expire dev images ${retention.devRetentionDays} days after push`, {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: retention.devRetentionDays,
      }),
    )
  }
  return { rules: rules.map((r, i) => ({ rulePriority: i + 1, ...r })) }
}

/** main: mutable, or immutable but for the moving tags when asked; dev: mutable; release: immutable. */
export function tagMutability(
  tier: Tier,
  immutableTags: boolean,
  movingTags: string[],
): { mutability: string; exclusions: string[] } {
  if (tier === 'release') return { mutability: 'IMMUTABLE', exclusions: [] }
  if (tier === 'main' && immutableTags) return { mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusions: movingTags }
  return { mutability: 'MUTABLE', exclusions: [] }
}

/**
 * Tags push mode moves on every build (`latest`, layer caches, branch names), which must stay writable when the
 * repository's tags are otherwise immutable. Branch patterns become tag patterns (`release/*` → `release-*`).
 */
export function movingTagFilters(defaultBranch: string, branches: string[]): string[] {
  // as tags.ts sanitizes a branch into a tag, but keeping the pattern's wildcards (? becomes *)
  const asTagPattern = (branch: string) =>
    branch
      .replace(/\?/g, '*')
      .replace(/[^A-Za-z0-9_.*-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 128)
  const tags = ['latest', `${CACHE_TAG_PREFIX}*`, ...[defaultBranch, ...branches].map(asTagPattern)]
  return [...new Set(tags.filter((tag) => tag !== ''))]
}

export function resourceTags(githubRepository: string, tier: Tier = 'main'): Array<{ Key: string; Value: string }> {
  return [
    { Key: 'ManagedBy', Value: MANAGED_BY },
    { Key: 'Repository', Value: githubRepository },
    ...(tier === 'main' ? [] : [{ Key: 'Tier', Value: tier }]),
  ]
}
