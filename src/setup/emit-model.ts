/**
 * What setup would create, as data for emitted code (pure): the plan against an account that has nothing yet,
 * each create call's exact input read back into resources. The documents are the plan's own (policies.ts,
 * readers.ts, deploy-policy.ts), never written a second time.
 */
import type { Tier } from '../naming.js'
import { type PlannedCall, type Tag, planSetup } from './plan.js'
import type { SetupSettings } from './settings.js'
import { oidcProviderArn } from './policies.js'

export type Document = Record<string, unknown>

export interface EmittedTier {
  tier: Tier
  role: { name: string; description: string; maxSessionDuration: number; trust: Document; tags: Tag[] }
  /** the inline policies, in the plan's order: push, pull, deploy */
  policies: Array<{ name: string; document: Document }>
  repository?: {
    name: string
    mutability: string
    /** tag patterns that stay writable under IMMUTABLE_WITH_EXCLUSION (WILDCARD filters) */
    exclusions: string[]
    scanOnPush: boolean
    encryption: { encryptionType: string; kmsKey?: string }
    tags: Tag[]
  }
  repositoryPolicy?: Document
  lifecycle?: Document
}

export interface EmittedRepository {
  githubRepository: string
  /** the word resources are named after: the repository's name, or owner and name when two share a name */
  label: string
  tiers: EmittedTier[]
}

/** Everything emitted code declares, for one repository or many. */
export interface IacModel {
  accountId: string
  region: string
  provider: { url: string; clientIds: string[]; tags: Tag[]; arn: string }
  repositories: EmittedRepository[]
  /** with a GitHub token: the repository variables setup would set */
  variables: Array<{ repository: string; name: string; value: string }>
  /** what a reader of the code should know, as the plan would say it */
  notes: string[]
}

const text = (input: Record<string, unknown>, key: string) => String(input[key])
const parsed = (input: Record<string, unknown>, key: string) => JSON.parse(text(input, key)) as Document

/**
 * The model of what `setup` with these settings would create in an account that has none of it. Throws when the
 * plan holds a call emitted code cannot express (only creates are expected against nothing).
 */
export function emitModel(fleet: readonly SetupSettings[], withVariables: boolean): IacModel {
  const first = fleet[0]!
  let provider: IacModel['provider'] | undefined
  const variables: IacModel['variables'] = []
  const notes: string[] = []
  const repositories = fleet.map((s): EmittedRepository => {
    const plan = planSetup(s, { callerArn: '', tiers: {}, ...(withVariables ? { variables: {} } : {}) })
    const tiers = new Map<string, EmittedTier>()
    const byRole = (input: Record<string, unknown>) => tiers.get(text(input, 'RoleName'))!
    const byRepository = (input: Record<string, unknown>) =>
      [...tiers.values()].find((t) => t.repository?.name === text(input, 'repositoryName'))!
    const calls: PlannedCall[] = plan.changes.flatMap((change) => change.calls)
    for (const call of calls) {
      const input = call.input as Record<string, unknown>
      if (call.service === 'github' && call.command === 'CreateVariable') variables.push(call.input as never)
      else if (call.command === 'CreateOpenIDConnectProvider') {
        // one provider for a fleet, as setup plans it for the first repository
        provider ??= {
          url: text(input, 'Url'),
          clientIds: input['ClientIDList'] as string[],
          tags: input['Tags'] as Tag[],
          arn: oidcProviderArn(s.accountId, s.region, s.oidcIssuer),
        }
      } else if (call.command === 'CreateRole') {
        const unit = s.units.find((u) => u.roleName === input['RoleName'])!
        tiers.set(unit.roleName, {
          tier: unit.tier,
          role: {
            name: unit.roleName,
            description: text(input, 'Description'),
            maxSessionDuration: Number(input['MaxSessionDuration']),
            trust: parsed(input, 'AssumeRolePolicyDocument'),
            tags: input['Tags'] as Tag[],
          },
          policies: [],
        })
      } else if (call.command === 'PutRolePolicy')
        byRole(input).policies.push({ name: text(input, 'PolicyName'), document: parsed(input, 'PolicyDocument') })
      else if (call.command === 'CreateRepository') {
        const unit = s.units.find((u) => u.repository === input['repositoryName'])!
        const filters = (input['imageTagMutabilityExclusionFilters'] ?? []) as Array<{ filter: string }>
        tiers.get(unit.roleName)!.repository = {
          name: unit.repository,
          mutability: text(input, 'imageTagMutability'),
          exclusions: filters.map((f) => f.filter),
          scanOnPush: (input['imageScanningConfiguration'] as { scanOnPush: boolean }).scanOnPush,
          encryption: input['encryptionConfiguration'] as { encryptionType: string; kmsKey?: string },
          tags: input['tags'] as Tag[],
        }
      } else if (call.command === 'SetRepositoryPolicy')
        byRepository(input).repositoryPolicy = parsed(input, 'policyText')
      else if (call.command === 'PutLifecyclePolicy')
        byRepository(input).lifecycle = parsed(input, 'lifecyclePolicyText')
      else throw new Error(`emitted code has no form for ${call.service}:${call.command}`)
    }
    notes.push(...plan.notes.map((note) => (fleet.length > 1 ? `${s.githubRepository}: ${note}` : note)))
    const services = s.ecsServices.map((e) => `${e.cluster}/${e.service}`).join(', ')
    if (s.ecsServices.length > 0)
      notes.push(
        `${s.githubRepository}'s deploy policy may update ${services}` +
          " but pass none of their tasks' roles: emitting reads nothing from ECS, and setup, which reads each " +
          "service's task definition, adds iam:PassRole for exactly those roles",
      )
    return { githubRepository: s.githubRepository, label: '', tiers: [...tiers.values()] }
  })
  return {
    accountId: first.accountId,
    region: first.region,
    provider: provider!,
    repositories: labelled(repositories),
    variables,
    notes,
  }
}

/** Each repository's label: its name, or owner and name where two repositories share a name. */
function labelled(repositories: EmittedRepository[]): EmittedRepository[] {
  const nameOf = (r: EmittedRepository) => r.githubRepository.split('/')[1]!
  // identifiers keep letters and digits only (Terraform's words, CloudFormation's logical IDs): `my-svc` and
  // `my.svc` would be one resource, so a later one is numbered
  const seen = new Map<string, number>()
  return repositories.map((r) => {
    const label = repositories.filter((o) => nameOf(o) === nameOf(r)).length > 1 ? r.githubRepository : nameOf(r)
    const key = label.toLowerCase().replace(/[^a-z0-9]/g, '')
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    return { ...r, label: count === 1 ? label : `${label}-${count}` }
  })
}

/**
 * A string with the account, region and partition of its ARNs (`arn:PARTITION:SERVICE:REGION:ACCOUNT:`) in the
 * placeholders given, so emitted code can follow the account and region it is applied in. Other accounts'
 * ARNs (developers, consumers) stay as they are.
 */
export function parametrize(
  value: string,
  model: Pick<IacModel, 'accountId' | 'region'>,
  to: { account: string; region: string; partition?: string },
): string {
  return value.replace(
    /\barn:(aws[\w-]*):([\w-]+):([\w-]*):(\d{12})?:/g,
    (whole, partition: string, service: string, region: string, account = '') =>
      `arn:${to.partition ?? partition}:${service}:${region === model.region ? to.region : region}:` +
      `${account === model.accountId ? to.account : account}:`,
  )
}
