import { createHash } from 'node:crypto'

/** IAM's limit on role names. */
export const MAX_ROLE_NAME = 64
const ROLE_PREFIX = 'github-actions-'
/** ECR repository names: lowercase alphanumerics joined by single separators, 2–256 characters. */
export const ECR_REPOSITORY_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/

/**
 * The tiers a repository may push to, each with a role and an ECR repository of its own: `main` from the
 * default branch, `dev` from any other branch, `release` from release tags (or a release environment).
 */
export const TIERS = ['main', 'dev', 'release'] as const
export type Tier = (typeof TIERS)[number]

/** What a tier adds to the main tier's names: nothing for main, `-dev` and `-release` for the others. */
export function tierSuffix(tier: Tier): string {
  return tier === 'main' ? '' : `-${tier}`
}

/** `owner/name` → `name`, the part every convention is built from. */
export function repoNameOf(githubRepository: string): string {
  const slash = githubRepository.indexOf('/')
  const name = slash >= 0 ? githubRepository.slice(slash + 1) : githubRepository
  if (!name) throw new Error(`GITHUB_REPOSITORY "${githubRepository}" has no repository name after the slash`)
  return name
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

/**
 * The role push mode assumes and setup mode creates: `github-actions-<repo>`, `github-actions-<repo>-dev`,
 * `github-actions-<repo>-release`. Names over IAM's 64 characters keep a prefix, a hash of the full
 * repository name (so two long names that share a prefix still get different roles) and the tier's suffix.
 */
export function roleNameFor(repoName: string, tier: Tier = 'main'): string {
  return tierRoleName(ROLE_PREFIX + repoName, repoName, tier)
}

/** A role name (the convention's, or one given) for a tier, within IAM's 64 characters. */
export function tierRoleName(baseRoleName: string, hashOf: string, tier: Tier): string {
  const suffix = tierSuffix(tier)
  const full = baseRoleName + suffix
  if (full.length <= MAX_ROLE_NAME) return full
  const hash = shortHash(hashOf)
  return `${baseRoleName.slice(0, MAX_ROLE_NAME - hash.length - 1 - suffix.length)}-${hash}${suffix}`
}

/**
 * The ECR repository for a GitHub repository name: lowercased, characters ECR refuses become `-`,
 * each run of separators keeps its first character, and separators at either end go.
 * Returns undefined when nothing valid is left (for example `_x_` → `x`, under ECR's 2 characters).
 */
export function ecrRepositoryFor(repoName: string, tier: Tier = 'main'): string | undefined {
  const name = repoName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+/, '')
    .slice(0, 256)
    .replace(/[._-]+$/, '')
  return name.length >= 2 && ECR_REPOSITORY_PATTERN.test(name) ? tierRepositoryName(name, tier) : undefined
}

/** An ECR repository name (the convention's, or one given) for a tier: the suffix kept within 256 characters. */
export function tierRepositoryName(baseRepository: string, tier: Tier): string {
  const suffix = tierSuffix(tier)
  return baseRepository.slice(0, 256 - suffix.length).replace(/[._/-]+$/, '') + suffix
}

/** A tier's role and ECR repository: the convention's names, or the ones given, with the tier's suffix. */
export function tierNames(
  repoName: string,
  tier: Tier,
  given: { roleName?: string; repository?: string } = {},
): { roleName: string; repository: string | undefined } {
  return {
    roleName: given.roleName ? tierRoleName(given.roleName, given.roleName, tier) : roleNameFor(repoName, tier),
    repository: given.repository ? tierRepositoryName(given.repository, tier) : ecrRepositoryFor(repoName, tier),
  }
}

/** `tier: auto`: a git tag → release, the default branch → main, any other ref (a branch, a pull request) → dev. */
export function tierForRef(ref: string, defaultBranch: string | undefined): Tier {
  if (ref.startsWith('refs/tags/')) return 'release'
  return ref === `refs/heads/${defaultBranch || 'main'}` ? 'main' : 'dev'
}

/** An AWS partition: which regions are in it, its name in ARNs, and the DNS suffix of its endpoints. */
export interface Partition {
  partition: string
  regionRegex: RegExp
  dnsSuffix: string
}

/**
 * Every AWS partition, as the AWS SDK's endpoint rules list them (partitions.json in the SDK's
 * util-endpoints; a unit test holds this table to it). ECR's registry host and every ARN follow from it.
 */
export const PARTITIONS: readonly Partition[] = [
  { partition: 'aws', regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { partition: 'aws-cn', regionRegex: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
  { partition: 'aws-eusc', regionRegex: /^eusc-(de)-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
  { partition: 'aws-iso', regionRegex: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { partition: 'aws-iso-b', regionRegex: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { partition: 'aws-iso-e', regionRegex: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { partition: 'aws-iso-f', regionRegex: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
  { partition: 'aws-us-gov', regionRegex: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
]

/** The partition a region code is in; undefined for a code no partition has (inputs refuse it). */
export function partitionFor(region: string): Partition | undefined {
  return PARTITIONS.find((p) => p.regionRegex.test(region))
}

/** `<account>.dkr.ecr.<region>.<the partition's DNS suffix>` (AWS docs: ECR User Guide, "Private registry"). */
export function registryFor(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${partitionFor(region)?.dnsSuffix ?? 'amazonaws.com'}`
}

export function roleArnFor(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`
}

/** The partition's name in ARNs (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, …). */
export function partitionOf(region: string): string {
  return partitionFor(region)?.partition ?? 'aws'
}

/** STS session names allow `[\w+=,.@-]`, 2–64 characters; `<repo>-<run_id>-<attempt>` names the run in CloudTrail. */
export function sessionNameFor(repoName: string, runId: string, runAttempt: string): string {
  const suffix = `-${runId || 'local'}-${runAttempt || '1'}`
  const repo = repoName.replace(/[^\w+=,.@-]+/g, '-').slice(0, Math.max(2, 64 - suffix.length))
  return (repo + suffix).slice(0, 64)
}

/**
 * The setup command that creates a repository's role and ECR repository, and its tier besides main (the
 * names follow from the GitHub repository).
 */
export function setupCommandFor(
  settings: { accountId: string; region: string; tier?: Tier },
  githubRepository: string,
): string {
  const tiers = settings.tier && settings.tier !== 'main' ? ` --tiers main,${settings.tier}` : ''
  return (
    `npx ecr-oidc-push setup --account-id ${settings.accountId} --region ${settings.region}` +
    ` --repository ${githubRepository}${tiers}`
  )
}
