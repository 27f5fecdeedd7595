import type { DeploySettings } from '../deploy/ecs.js'
import { readDeploySettings } from '../deploy/settings.js'
import { InputError } from '../errors.js'
import {
  type InputSource,
  readCredentialInputs,
  readExtraTags,
  readPlatforms,
  readTarget,
  readTier,
} from '../inputs.js'
import type { Tier } from '../naming.js'

/** Every input merge mode uses, read once and validated. */
export interface MergeSettings {
  mode: 'merge'
  accountId: string
  region: string
  repository: string
  roleName: string
  tier: Tier
  audience: string
  roleDurationSeconds: number
  /** the platforms whose images the matrix jobs pushed; all must be there */
  platforms: string[]
  extraTags: string[]
  /** roll the merged index out to this ECS service afterwards */
  deploy?: DeploySettings
}

export function readMergeSettings(
  source: Pick<InputSource, 'get' | 'githubRepository' | 'ref' | 'defaultBranch'>,
): MergeSettings {
  const problems: string[] = []
  const tier = readTier(source, problems)
  const { accountId, region, repository, roleName } = readTarget(source, problems, tier)
  const platforms = readPlatforms(source, problems)
  if (platforms.length === 1)
    problems.push(
      `Input \`platforms\` has one platform (${platforms[0]}): merge assembles several. ` +
        'List every platform the matrix builds.',
    )
  const extraTags = readExtraTags(source, problems)
  const credentials = readCredentialInputs(source, problems)
  const deploy = readDeploySettings(source, true, problems)
  if (problems.length > 0) throw new InputError(problems)
  return {
    mode: 'merge',
    ...{ accountId, region, repository, roleName, tier, ...credentials, platforms, extraTags },
    ...(deploy ? { deploy } : {}),
  }
}
