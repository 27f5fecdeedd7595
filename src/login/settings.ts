import { InputError } from '../errors.js'
import { type InputSource, parseList, readBoolean, readCredentialInputs, readTarget, readTier } from '../inputs.js'
import type { Tier } from '../naming.js'

/** Every input login mode uses, read once and validated. */
export interface LoginSettings {
  mode: 'login'
  accountId: string
  region: string
  roleName: string
  tier: Tier
  audience: string
  roleDurationSeconds: number
  /** account IDs whose registries (in `region`) to log into besides the role's own, in order, no repeats */
  registries: string[]
  /** hand docker's username and password to later jobs as outputs (unmasked: the runner drops masked outputs) */
  exposeCredentials: boolean
}

export function readLoginSettings(
  source: Pick<InputSource, 'get' | 'githubRepository' | 'ref' | 'defaultBranch'>,
): LoginSettings {
  const problems: string[] = []
  const tier = readTier(source, problems)
  const { accountId, region, roleName } = readTarget(source, problems, tier)
  const registries = parseList(source.get('registries'))
  for (const id of registries) {
    if (!/^\d{12}$/.test(id)) {
      problems.push(
        `Input \`registries\` has "${id}", which is not a 12-digit AWS account ID. ` +
          `List the accounts whose ECR registries in ${region || 'the region'} to log into, for example 210987654321.`,
      )
    }
  }
  const credentials = readCredentialInputs(source, problems)
  const exposeCredentials = readBoolean(source, 'expose-credentials', false, problems)
  if (problems.length > 0) throw new InputError(problems)
  return {
    mode: 'login',
    accountId,
    region,
    roleName,
    tier,
    ...credentials,
    registries: [...new Set(registries.filter((id) => id !== accountId))],
    exposeCredentials,
  }
}
