import * as path from 'node:path'
import { TIERS, type Tier, repoNameOf, tierForRef, tierNames } from './naming.js'
import type { DeploySettings } from './deploy/run.js'
import type { Provenance } from './docker/buildx.js'
import { isValidTag } from './tags.js'

export const MODES = ['push', 'setup', 'login', 'merge'] as const
export type Mode = (typeof MODES)[number]
export const KNOWN_PLATFORMS = [
  'linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386',
  'linux/ppc64le', 'linux/s390x', 'linux/riscv64',
] as const

/** Every input push mode uses, read once and validated. */
export interface PushSettings {
  mode: 'push'
  accountId: string
  region: string
  repository: string // ECR repository name
  roleName: string
  /** which of the repository's tiers this run pushes to (`auto` already resolved) */
  tier: Tier
  context: string
  file: string
  platforms: string[]
  extraTags: string[]
  buildArgs: string[]
  push: boolean
  audience: string
  roleDurationSeconds: number
  provenance: Provenance
  sbom: boolean
  /** the layer cache in the image's ECR repository, or none */
  cache: 'registry' | 'none'
  /** push only `<sha7>-<arch>`, for a later `mode: merge` (one platform only) */
  platformImage: boolean
  /** roll the pushed image out to this ECS service afterwards */
  deploy?: DeploySettings
}

/** Bad input: every problem found, each naming the input and what to do. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
  }
}

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
 * The list syntax, the same for every list input: a value of several lines has one item per line
 * (commas inside a line are kept); a one-line value is split on commas. Items are trimmed and empty
 * items dropped.
 */
export function parseList(raw: string): string[] {
  const lines = raw.split(/\r?\n/)
  const items = lines.filter((line) => line.trim() !== '').length > 1 ? lines : raw.split(',')
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** YAML 1.2 core booleans, as `core.getBooleanInput` accepts them. */
export function parseBoolean(raw: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  return undefined
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

export function isEcrRepositoryName(name: string): boolean {
  return ECR_NAME.test(name) && name.length >= 2 && name.length <= 256
}

/** The mode, checked before anything else: it decides which inputs matter. */
export function readMode(source: Pick<InputSource, 'get'>): Mode {
  const mode = source.get('mode').trim() || 'push'
  if ((MODES as readonly string[]).includes(mode)) return mode as Mode
  throw new InputError([`Input \`mode\` is "${mode}", which is not a mode. Use one of: ${MODES.join(', ')} (default push).`])
}

export interface Target {
  accountId: string
  region: string
  repository: string // ECR repository name
  roleName: string
}

/** Account, region, and the conventional names (or their overrides) for a tier: the same for every mode. */
export function readTarget(source: Pick<InputSource, 'get' | 'githubRepository'>, problems: string[], tier: Tier = 'main'): Target {
  const input = (name: string) => source.get(name).trim()
  const accountId = input('account-id')
  if (!/^\d{12}$/.test(accountId)) {
    problems.push(
      `Input \`account-id\` must be your 12-digit AWS account ID, for example "123456789012"; got ${accountId ? `"${accountId}"` : 'nothing'}. ` +
        'Quote it in YAML so leading zeros are kept.',
    )
  }
  const region = input('region')
  if (!REGION.test(region)) {
    problems.push(`Input \`region\` must be an AWS region code such as us-east-1 or eu-west-2; got ${region ? `"${region}"` : 'nothing'}.`)
  }
  let repoName = ''
  try {
    repoName = repoNameOf(source.githubRepository)
  } catch {
    problems.push('GITHUB_REPOSITORY is not set, so the role and repository names cannot be derived. Set `role-name` and `repository`, or run inside GitHub Actions or act.')
  }
  const [givenRepository, givenRoleName] = [input('repository'), input('role-name')]
  if (givenRepository && !isEcrRepositoryName(givenRepository)) {
    problems.push(`Input \`repository\` "${givenRepository}" is not a valid ECR repository name: use 2–256 lowercase letters, digits and single . _ - / between them (for example my-app or team/my-app).`)
  } else if (!givenRepository && repoName && !tierNames(repoName, tier).repository) {
    problems.push(`The repository name "${repoName}" leaves no valid ECR repository name (ECR needs 2–256 of [a-z0-9._-]). Set the \`repository\` input.`)
  }
  if (givenRoleName && !ROLE_NAME.test(givenRoleName)) {
    problems.push(`Input \`role-name\` "${givenRoleName}" is not a valid IAM role name: use at most 64 of letters, digits and + = , . @ _ -.`)
  }
  const names = tierNames(repoName, tier, { roleName: givenRoleName, repository: givenRepository })
  return { accountId, region, repository: names.repository ?? '', roleName: repoName || givenRoleName ? names.roleName : '' }
}

/** `tier`: main (default), dev, release, or auto (a git tag → release, the default branch → main, other refs → dev). */
export function readTier(source: Pick<InputSource, 'get' | 'ref' | 'defaultBranch'>, problems: string[]): Tier {
  const tier = source.get('tier').trim() || 'main'
  if (tier === 'auto') return tierForRef(source.ref ?? '', source.defaultBranch)
  if ((TIERS as readonly string[]).includes(tier)) return tier as Tier
  problems.push(`Input \`tier\` is "${tier}", which is not a tier. Use main (the default), dev, release, or auto (a git tag → release, the default branch → main, any other branch → dev).`)
  return 'main'
}

/** A whole number input within bounds; `why` explains the bounds in the message. */
export function readInteger(source: Pick<InputSource, 'get'>, name: string, fallback: number, min: number, max: number, problems: string[], why = ''): number {
  const raw = source.get(name).trim() || String(fallback)
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`Input \`${name}\` must be a whole number from ${min} to ${max}${why ? ` (${why})` : ''}; got "${raw}".`)
  }
  return value
}

/** A true/false input, as YAML 1.2 spells booleans. */
export function readBoolean(source: Pick<InputSource, 'get'>, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = source.get(name).trim() || String(fallback)
  const value = parseBoolean(raw)
  if (value === undefined) problems.push(`Input \`${name}\` must be true or false; got "${raw}".`)
  return value ?? fallback
}

/** Reads and checks every push-mode input; throws InputError listing all problems at once. */
export function readPushSettings(source: InputSource): PushSettings {
  const problems: string[] = []
  const input = (name: string, fallback = '') => source.get(name).trim() || fallback

  const tier = readTier(source, problems)
  const { accountId, region, repository, roleName } = readTarget(source, problems, tier)

  const context = input('context', '.')
  const file = input('file', path.join(context, 'Dockerfile'))
  const contextProblem = context.startsWith('-')
    ? `Input \`context\` is "${context}", which starts with "-": it must be a directory of the checkout, for example . or app.`
    : !source.fileExists(context)
      ? `Input \`context\` is "${context}", which is not a directory of the checkout. Check out the repository first (actions/checkout) or fix the path.`
      : undefined
  if (contextProblem) problems.push(contextProblem)
  if (!(contextProblem && !input('file')) && !source.fileExists(file)) {
    problems.push(`No Dockerfile at "${file}" (input \`file\`, default \`<context>/Dockerfile\`). Check out the repository first (actions/checkout) or set \`context\`/\`file\`.`)
  }

  const platforms = readPlatforms(source, problems)
  const extraTags = readExtraTags(source, problems)
  const buildArgs = parseList(source.get('build-args'))
  for (const arg of buildArgs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) problems.push(`Input \`build-args\` has "${arg}"; each item must be NAME=value.`)
  }

  const push = readBoolean(source, 'push', true, problems)
  const provenanceInput = input('provenance', 'false')
  const provenance = ({ false: 'false', true: 'min', min: 'min', max: 'max' } as const)[provenanceInput as 'false' | 'true' | 'min' | 'max']
  if (!provenance) problems.push(`Input \`provenance\` must be false, true, min or max; got "${provenanceInput}".`)
  const sbom = readBoolean(source, 'sbom', false, problems)
  const platformImage = readBoolean(source, 'platform-image', false, problems)
  if (platformImage && platforms.length !== 1) {
    problems.push(`Input \`platform-image\` pushes one platform's image for a later \`mode: merge\`: set \`platforms\` to exactly one platform (got ${platforms.length}).`)
  }
  const cache = input('cache', 'registry')
  if (cache !== 'registry' && cache !== 'none') problems.push(`Input \`cache\` must be registry (the default: a layer cache in the image's ECR repository) or none; got "${cache}".`)
  const { audience, roleDurationSeconds } = readCredentialInputs(source, problems)
  rejectLoginOnly(source, problems)
  const deploy = readDeploySettings(source, push, problems)

  if (problems.length > 0) throw new InputError(problems)
  return {
    mode: 'push', accountId, region, repository, roleName, tier, context, file, platforms, extraTags, buildArgs,
    push, audience, roleDurationSeconds, provenance: provenance ?? 'false', sbom, cache: cache === 'none' ? 'none' : 'registry', platformImage, ...(deploy ? { deploy } : {}),
  }
}

const ECS_NAME = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:(cluster|service)\/[\w/-]+|[A-Za-z0-9_-]{1,255})$/

/** ecs-cluster + ecs-service (both or neither) and how to deploy there. */
function readDeploySettings(source: Pick<InputSource, 'get'>, push: boolean, problems: string[]): DeploySettings | undefined {
  const input = (name: string) => source.get(name).trim()
  const [cluster, service, container] = [input('ecs-cluster'), input('ecs-service'), input('ecs-container')]
  if (Boolean(cluster) !== Boolean(service)) {
    problems.push(`Inputs \`ecs-cluster\` and \`ecs-service\` go together: set both to deploy after the push, or neither (got only \`${cluster ? 'ecs-cluster' : 'ecs-service'}\`).`)
  }
  for (const [name, value] of [['ecs-cluster', cluster], ['ecs-service', service]] as const) {
    if (value && !ECS_NAME.test(value)) problems.push(`Input \`${name}\` "${value}" is not an ECS name or ARN: up to 255 letters, digits, - and _.`)
  }
  if (container && !cluster && !service) problems.push('Input `ecs-container` only matters with `ecs-cluster` and `ecs-service`.')
  const wait = readBoolean(source, 'ecs-wait', true, problems)
  const waitMinutes = readInteger(source, 'ecs-wait-minutes', 10, 1, 60, problems)
  if (!cluster || !service) return undefined
  if (!push) problems.push('Inputs `ecs-cluster` and `ecs-service` deploy the pushed image: they need `push: true`.')
  return { cluster, service, ...(container ? { container } : {}), wait, waitMinutes }
}

/** `platforms`, the same for push and merge. */
export function readPlatforms(source: Pick<InputSource, 'get'>, problems: string[]): string[] {
  const platforms = parseList(source.get('platforms').trim() || 'linux/amd64,linux/arm64')
  if (platforms.length === 0) problems.push('Input `platforms` is empty. List at least one, for example linux/amd64,linux/arm64.')
  for (const platform of platforms) {
    if (!(KNOWN_PLATFORMS as readonly string[]).includes(platform)) {
      problems.push(`Input \`platforms\` has "${platform}", which is not a platform this action builds. Use any of: ${KNOWN_PLATFORMS.join(', ')}.`)
    }
  }
  return platforms
}

/** `tags`: tag names added to the usual ones, the same for push and merge. */
export function readExtraTags(source: Pick<InputSource, 'get'>, problems: string[]): string[] {
  const extraTags = parseList(source.get('tags'))
  for (const tag of extraTags) {
    if (!isValidTag(tag)) {
      problems.push(`Input \`tags\` has "${tag}", which is not a valid image tag: up to 128 of [A-Za-z0-9_.-], not starting with . or -.`)
    }
  }
  return extraTags
}

/** How the OIDC token is asked for and how long the role's credentials last: the same for push and login. */
export function readCredentialInputs(source: Pick<InputSource, 'get'>, problems: string[]): { audience: string; roleDurationSeconds: number } {
  return {
    audience: source.get('audience').trim() || 'sts.amazonaws.com',
    roleDurationSeconds: readInteger(source, 'role-duration-seconds', 3600, 900, 43200, problems, "the role's maximum session duration caps it"),
  }
}

/** Inputs that only mean something in login mode: set elsewhere, they would be silently ignored. */
export function rejectLoginOnly(source: Pick<InputSource, 'get'>, problems: string[]): void {
  if (parseBoolean(source.get('expose-credentials').trim()) === true) {
    problems.push('Input `expose-credentials` is only for `mode: login`, which hands docker credentials to later jobs. Remove it, or use `mode: login`.')
  }
}
