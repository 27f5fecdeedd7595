/** Push mode's inputs (and its ECS deploy's), read once and validated: every problem listed at once. */
import * as path from 'node:path'
import type { DeploySettings } from '../deploy/ecs.js'
import { readDeploySettings } from '../deploy/settings.js'
import type { Provenance } from '../docker/buildx.js'
import { InputError } from '../errors.js'
import {
  type InputSource,
  parseList,
  readBoolean,
  readCredentialInputs,
  readExtraTags,
  readPlatforms,
  readTarget,
  readTier,
} from '../inputs.js'
import type { Tier } from '../naming.js'

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
  /**
   * a release of a commit the main tier built from the same inputs copies that image (`auto`) or builds
   * anyway (`never`)
   */
  promote: 'auto' | 'never'
  /** the main tier's ECR repository, which a release promotes from (release tier only) */
  promoteFrom?: string
  /** roll the pushed image out to this ECS service afterwards */
  deploy?: DeploySettings
  /** a buildx builder the job has (the `builder` input): used as it is, never created or removed */
  builder?: string
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
    ? `Input \`context\` is "${context}", which starts with "-": ` +
      'it must be a directory of the checkout, for example . or app.'
    : !source.fileExists(context)
      ? `Input \`context\` is "${context}", which is not a directory of the checkout. ` +
        'Check out the repository first (actions/checkout) or fix the path.'
      : undefined
  if (contextProblem) problems.push(contextProblem)
  if (!(contextProblem && !input('file')) && !source.fileExists(file)) {
    problems.push(
      `No Dockerfile at "${file}" (input \`file\`, default \`<context>/Dockerfile\`). ` +
        'Check out the repository first (actions/checkout) or set `context`/`file`.',
    )
  }

  const platforms = readPlatforms(source, problems)
  const extraTags = readExtraTags(source, problems)
  const buildArgs = parseList(source.get('build-args'))
  for (const arg of buildArgs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg))
      problems.push(`Input \`build-args\` has "${arg}"; each item must be NAME=value.`)
  }

  const push = readBoolean(source, 'push', true, problems)
  const provenanceInput = input('provenance', 'false')
  const provenance = ({ false: 'false', true: 'min', min: 'min', max: 'max' } as const)[
    provenanceInput as 'false' | 'true' | 'min' | 'max'
  ]
  if (!provenance) problems.push(`Input \`provenance\` must be false, true, min or max; got "${provenanceInput}".`)
  const sbom = readBoolean(source, 'sbom', false, problems)
  const platformImage = readBoolean(source, 'platform-image', false, problems)
  if (platformImage && platforms.length !== 1) {
    problems.push(
      "Input `platform-image` pushes one platform's image for a later `mode: merge`: " +
        `set \`platforms\` to exactly one platform (got ${platforms.length}).`,
    )
  }
  const cache = input('cache', 'registry')
  if (cache !== 'registry' && cache !== 'none')
    problems.push(
      "Input `cache` must be registry (the default: a layer cache in the image's ECR repository) " +
        `or none; got "${cache}".`,
    )
  const promote = input('promote', 'auto')
  if (promote !== 'auto' && promote !== 'never')
    problems.push(
      'Input `promote` must be auto (the default: a release of a commit the main tier built from the same inputs ' +
        `copies that image) or never (a release always builds); got "${promote}".`,
    )
  // the main tier's names follow the same rules; their problems are the release's own, already listed
  const promoteFrom = tier === 'release' ? readTarget(source, [], 'main').repository : undefined
  const builder = input('builder')
  // a name buildx accepts, and never an option of its own
  if (builder && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(builder))
    problems.push(
      `Input \`builder\` is "${builder}", which is not a buildx builder name: letters, digits, ".", "_" and "-". ` +
        "Pass the name of a builder the job has, for example docker/setup-buildx-action's `name` output.",
    )
  const { audience, roleDurationSeconds } = readCredentialInputs(source, problems)
  const deploy = readDeploySettings(source, push, problems)
  if (deploy && platformImage)
    problems.push(
      "Inputs `ecs-cluster` and `ecs-service` deploy the image, and `platform-image` pushes one platform's only: " +
        'each matrix job would deploy its own, and the last would win (an arm64 image on x86 tasks fails with ' +
        '`exec format error`). Move them to the `mode: merge` job, which deploys the multi-platform index.',
    )

  if (problems.length > 0) throw new InputError(problems)
  return {
    mode: 'push',
    accountId,
    region,
    repository,
    roleName,
    tier,
    context,
    file,
    platforms,
    extraTags,
    buildArgs,
    push,
    audience,
    roleDurationSeconds,
    provenance: provenance ?? 'false',
    sbom,
    cache: cache === 'none' ? 'none' : 'registry',
    platformImage,
    promote: promote === 'never' ? 'never' : 'auto',
    ...(promoteFrom ? { promoteFrom } : {}),
    ...(deploy ? { deploy } : {}),
    ...(builder ? { builder } : {}),
  }
}
