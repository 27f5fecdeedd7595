import { createHash } from 'node:crypto'

/** IAM's limit on role names. */
export const MAX_ROLE_NAME = 64
const ROLE_PREFIX = 'github-actions-'
/** ECR repository names: lowercase alphanumerics joined by single separators, 2–256 characters. */
export const ECR_REPOSITORY_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/

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
 * The role push mode assumes and setup mode creates: `github-actions-<repo>`.
 * Names over IAM's 64 characters keep a prefix and end in a hash of the full name, so two long
 * names that share a prefix still get different roles.
 */
export function roleNameFor(repoName: string): string {
  const full = ROLE_PREFIX + repoName
  if (full.length <= MAX_ROLE_NAME) return full
  const hash = shortHash(repoName)
  return `${full.slice(0, MAX_ROLE_NAME - hash.length - 1)}-${hash}`
}

/**
 * The ECR repository for a GitHub repository name: lowercased, characters ECR refuses become `-`,
 * each run of separators keeps its first character, and separators at either end go.
 * Returns undefined when nothing valid is left (for example `_x_` → `x`, under ECR's 2 characters).
 */
export function ecrRepositoryFor(repoName: string): string | undefined {
  const name = repoName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+/, '')
    .slice(0, 256)
    .replace(/[._-]+$/, '')
  return name.length >= 2 && ECR_REPOSITORY_PATTERN.test(name) ? name : undefined
}

export function registryFor(accountId: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `${accountId}.dkr.ecr.${region}.${suffix}`
}

export function roleArnFor(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/** STS session names allow `[\w+=,.@-]`, 2–64 characters; `<repo>-<run_id>-<attempt>` names the run in CloudTrail. */
export function sessionNameFor(repoName: string, runId: string, runAttempt: string): string {
  const suffix = `-${runId || 'local'}-${runAttempt || '1'}`
  const repo = repoName.replace(/[^\w+=,.@-]+/g, '-').slice(0, Math.max(2, 64 - suffix.length))
  return (repo + suffix).slice(0, 64)
}
