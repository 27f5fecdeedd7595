/**
 * What every mode reads its inputs with: the list and boolean syntax, whole numbers, the target (account,
 * region, names), the tier, platforms and tags (which inputs belong to which mode: mode-inputs.ts). Imports
 * nothing from a mode's folder: modes depend on this, never the other way round.
 */
import { InputError } from './errors.js'
import { PARTITIONS, TIERS, type Tier, partitionFor, repoNameOf, tierForRef, tierNames } from './naming.js'
import { isValidTag } from './tags.js'

export const MODES = ['push', 'setup', 'login', 'merge'] as const
export type Mode = (typeof MODES)[number]

export const KNOWN_PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
] as const

/** Where settings are read from: the inputs and the run's facts (the runner's, or the CLI's flags). */
export interface InputSource {
  /** The raw input as the runner passes it (`INPUT_<NAME>`), '' when unset. */
  get(name: string): string
  /** `owner/name` from GITHUB_REPOSITORY. */
  githubRepository: string
  fileExists(file: string): boolean
  /** the run's ref and the repository's default branch, for `tier: auto` */
  ref?: string
  defaultBranch?: string
}

/**
 * The list syntax, the same for every list input: a value written as a block (it holds a newline, as a YAML
 * `|` block does, even of one line) has one item per line, commas inside a line kept; only a value on one
 * line without a newline is split on commas. Items are trimmed and empty items dropped. The value must
 * come untrimmed (the runner's edge reads inputs so): trimming would take a block's newline away.
 */
export function parseList(raw: string): string[] {
  const items = raw.includes('\n') ? raw.split(/\r?\n/) : raw.split(',')
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** YAML 1.2 core booleans, as `core.getBooleanInput` accepts them. */
export function parseBoolean(raw: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  return undefined
}

/** A region code's shape; which codes exist is the partition table's to say (naming.ts PARTITIONS). */
const REGION = /^[a-z]+(-[a-z]+)+-\d{1,2}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

export function isEcrRepositoryName(name: string): boolean {
  return ECR_NAME.test(name) && name.length >= 2 && name.length <= 256
}

/** The mode, checked before anything else: it decides which inputs matter. */
export function readMode(source: Pick<InputSource, 'get'>): Mode {
  const mode = source.get('mode').trim() || 'push'
  if ((MODES as readonly string[]).includes(mode)) return mode as Mode
  throw new InputError([
    `Input \`mode\` is "${mode}", which is not a mode. Use one of: ${MODES.join(', ')} (default push).`,
  ])
}

export interface Target {
  accountId: string
  region: string
  repository: string // ECR repository name
  roleName: string
}

/** Account, region, and the conventional names (or their overrides) for a tier: the same for every mode. */
export function readTarget(
  source: Pick<InputSource, 'get' | 'githubRepository'>,
  problems: string[],
  tier: Tier = 'main',
): Target {
  const input = (name: string) => source.get(name).trim()
  const accountId = input('account-id')
  if (!/^\d{12}$/.test(accountId)) {
    problems.push(
      'Input `account-id` must be your 12-digit AWS account ID, for example "123456789012"; ' +
        `got ${accountId ? `"${accountId}"` : 'nothing'}. ` +
        'Quote it in YAML so leading zeros are kept.',
    )
  }
  const region = input('region')
  if (!REGION.test(region) || !partitionFor(region)) {
    problems.push(
      'Input `region` must be an AWS region code such as us-east-1 or eu-west-2 (partitions: ' +
        `${PARTITIONS.map((p) => p.partition).join(', ')}); got ${region ? `"${region}"` : 'nothing'}.`,
    )
  }
  const [givenRepository, givenRoleName] = [input('repository'), input('role-name')]
  let repoName = ''
  try {
    repoName = repoNameOf(source.githubRepository)
  } catch {
    // the names follow from the repository's: without it, only what is given
    const missing = [givenRoleName ? '' : '`role-name`', givenRepository ? '' : '`repository`'].filter(Boolean)
    const which =
      missing.length === 2
        ? 'role and repository names'
        : missing[0] === '`role-name`'
          ? 'role name'
          : 'repository name'
    if (missing.length > 0) {
      problems.push(
        `GITHUB_REPOSITORY is not set, so the ${which} cannot be derived. ` +
          `Set ${missing.join(' and ')}, or run inside GitHub Actions or act.`,
      )
    }
  }
  if (givenRepository && !isEcrRepositoryName(givenRepository)) {
    problems.push(
      `Input \`repository\` "${givenRepository}" is not a valid ECR repository name: ` +
        'use 2–256 lowercase letters, digits and single . _ - / between them (for example my-app or team/my-app).',
    )
  } else if (!givenRepository && repoName && !tierNames(repoName, tier).repository) {
    problems.push(
      `The repository name "${repoName}" leaves no valid ECR repository name (ECR needs 2–256 of [a-z0-9._-]). ` +
        'Set the `repository` input.',
    )
  }
  if (givenRoleName && !ROLE_NAME.test(givenRoleName)) {
    problems.push(
      `Input \`role-name\` "${givenRoleName}" is not a valid IAM role name: ` +
        'use at most 64 of letters, digits and + = , . @ _ -.',
    )
  }
  const names = tierNames(repoName, tier, { roleName: givenRoleName, repository: givenRepository })
  return {
    accountId,
    region,
    repository: names.repository ?? '',
    roleName: repoName || givenRoleName ? names.roleName : '',
  }
}

/** `tier`: main (default), dev, release, or auto (a git tag → release, the default branch → main, other refs → dev). */
export function readTier(source: Pick<InputSource, 'get' | 'ref' | 'defaultBranch'>, problems: string[]): Tier {
  const tier = source.get('tier').trim() || 'main'
  if (tier === 'auto') return tierForRef(source.ref ?? '', source.defaultBranch)
  if ((TIERS as readonly string[]).includes(tier)) return tier as Tier
  problems.push(
    `Input \`tier\` is "${tier}", which is not a tier. Use main (the default), dev, release, ` +
      'or auto (a git tag → release, the default branch → main, any other branch → dev).',
  )
  return 'main'
}

/** A whole number input within bounds; `why` explains the bounds in the message. */
export function readInteger(
  source: Pick<InputSource, 'get'>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
  why = '',
): number {
  const raw = source.get(name).trim() || String(fallback)
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(
      `Input \`${name}\` must be a whole number from ${min} to ${max}${why ? ` (${why})` : ''}; got "${raw}".`,
    )
  }
  return value
}

/** A true/false input, as YAML 1.2 spells booleans. */
export function readBoolean(
  source: Pick<InputSource, 'get'>,
  name: string,
  fallback: boolean,
  problems: string[],
): boolean {
  const raw = source.get(name).trim() || String(fallback)
  const value = parseBoolean(raw)
  if (value === undefined) problems.push(`Input \`${name}\` must be true or false; got "${raw}".`)
  return value ?? fallback
}

/** `platforms`, the same for push and merge. */
export function readPlatforms(source: Pick<InputSource, 'get'>, problems: string[]): string[] {
  const platforms = parseList(source.get('platforms').trim() || 'linux/amd64,linux/arm64')
  if (platforms.length === 0)
    problems.push('Input `platforms` is empty. List at least one, for example linux/amd64,linux/arm64.')
  for (const platform of platforms) {
    if (!(KNOWN_PLATFORMS as readonly string[]).includes(platform)) {
      problems.push(
        `Input \`platforms\` has "${platform}", which is not a platform this action builds. ` +
          `Use any of: ${KNOWN_PLATFORMS.join(', ')}.`,
      )
    }
  }
  return platforms
}

/** `tags`: tag names added to the usual ones, the same for push and merge. */
export function readExtraTags(source: Pick<InputSource, 'get'>, problems: string[]): string[] {
  const extraTags = parseList(source.get('tags'))
  for (const tag of extraTags) {
    if (!isValidTag(tag)) {
      problems.push(
        `Input \`tags\` has "${tag}", which is not a valid image tag: ` +
          'up to 128 of [A-Za-z0-9_.-], not starting with . or -.',
      )
    }
  }
  return extraTags
}

/** How the OIDC token is asked for and how long the role's credentials last: the same for push and login. */
export function readCredentialInputs(
  source: Pick<InputSource, 'get'>,
  problems: string[],
): { audience: string; roleDurationSeconds: number } {
  return {
    audience: source.get('audience').trim() || 'sts.amazonaws.com',
    roleDurationSeconds: readInteger(
      source,
      'role-duration-seconds',
      3600,
      900,
      43200,
      problems,
      "the role's maximum session duration caps it",
    ),
  }
}
