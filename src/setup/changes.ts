/** What a plan is made of: the state read, the calls to make, each resource's change (types and helpers, pure). */
import type { Tier } from '../naming.js'
import type { EcsServiceGrant } from './deploy-policy.js'

export interface Tag {
  Key: string
  Value: string
}

/** What exists now; undefined = absent. */
export interface CurrentState {
  callerArn: string
  provider?: { clientIds: string[] }
  /** each tier's role and repository, as they are */
  tiers: Partial<Record<Tier, TierState>>
  /** pull-from repositories that do not exist (yet) */
  missingPullSources?: string[]
  /** ecs-service entries as ECS has them: the roles their tasks run with; missing ones are not here */
  ecsGrants?: EcsServiceGrant[]
  missingEcsServices?: string[]
  /** with a GitHub token: the repository's variables setup keeps (undefined = not set) */
  variables?: Record<string, string | undefined>
}

/** One tier's role, its inline policies, its repository and lifecycle. */
export interface TierState {
  role?: {
    trustPolicy: unknown
    maxSessionDuration: number
    tags: Tag[]
    otherInlinePolicies: string[]
    attachedPolicies: string[]
  }
  pushPolicy?: unknown
  pullPolicy?: unknown
  deployPolicy?: unknown
  repository?: {
    scanOnPush: boolean
    tagMutability: string
    exclusionFilters: string[]
    encryptionType: string
    kmsKey?: string
    tags: Tag[]
  }
  /** the repository's policy document, when it has one */
  repositoryPolicy?: unknown
  lifecycle?: { state: 'absent' } | { state: 'present'; policy: unknown } | { state: 'unreadable'; reason: string }
}

/** The write calls setup ever makes; apply.ts maps each to its SDK command, checked by the compiler. */
export type IamWrite =
  | 'CreateOpenIDConnectProvider'
  | 'AddClientIDToOpenIDConnectProvider'
  | 'CreateRole'
  | 'UpdateAssumeRolePolicy'
  | 'UpdateRole'
  | 'TagRole'
  | 'PutRolePolicy'
export type GitHubWrite = 'CreateVariable' | 'UpdateVariable'
export type EcrWrite =
  | 'CreateRepository'
  | 'PutImageScanningConfiguration'
  | 'PutImageTagMutability'
  | 'TagResource'
  | 'SetRepositoryPolicy'
  | 'PutLifecyclePolicy'

/** One SDK call the plan will make: `CreateRole` on `iam` with these parameters. */
export type PlannedCall =
  | { service: 'iam'; command: IamWrite; input: Record<string, unknown> }
  | { service: 'ecr'; command: EcrWrite; input: Record<string, unknown> }
  | { service: 'github'; command: GitHubWrite; input: Record<string, string> } // repository, name, value

export type ChangeKind = 'create' | 'update' | 'none'

export interface Change {
  resource: string // human name: "IAM role github-actions-x"
  kind: ChangeKind
  details: string[] // what differs, and policy diffs
  calls: PlannedCall[]
}

export interface Plan {
  changes: Change[]
  /** things setup will not touch because changing them means deleting or replacing */
  leftAlone: string[]
  /** what the reader should know though nothing is wrong with it */
  notes: string[]
  /** the first tier's (main's, when set up): the outputs `role-arn` and `repository-uri` */
  roleArn: string
  repositoryUri: string
  /** every tier's role and repository */
  tiers: Array<{ tier: Tier; roleArn: string; repositoryUri: string }>
  /** who may read and write each tier, as table lines: with several tiers, or developers or consumers */
  access: string[]
}

export const missingTags = (want: Tag[], have: Tag[]) =>
  want.filter((tag) => !have.some((h) => h.Key === tag.Key && h.Value === tag.Value))
export const showTags = (tags: Tag[]) => tags.map((t) => `${t.Key}=${t.Value}`).join(', ')

/** An existing resource's change: `update` with its calls, or `none` when nothing differs. */
export function updateOrNone(resource: string, edits: Array<{ detail: string[]; call: PlannedCall }>): Change {
  if (edits.length === 0) return { resource, kind: 'none', details: [], calls: [] }
  return { resource, kind: 'update', details: edits.flatMap((e) => e.detail), calls: edits.map((e) => e.call) }
}
