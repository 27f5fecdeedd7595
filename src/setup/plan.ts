/** Desired state + current state → plan: what to create, update, leave alone (pure). */
import type { SetupSettings } from './settings.js'
import { accessMatrix } from './readers.js'
import { registryFor, roleArnFor } from '../naming.js'
import { issuerKey } from '../oidc.js'
import { oidcProviderArn, resourceTags } from './policies.js'
import { type Change, type CurrentState, type Plan, type PlannedCall, updateOrNone } from './changes.js'
import { planTier } from './plan-tier.js'
import { NAMES_THE_REPOSITORY } from './token-form.js'

export type {
  Change,
  ChangeKind,
  CurrentState,
  EcrWrite,
  GitHubWrite,
  IamWrite,
  Plan,
  PlannedCall,
  Tag,
  TierState,
} from './changes.js'

/** The account's OIDC provider for the tokens' issuer: reused when present. */
export function planProvider(
  s: Pick<SetupSettings, 'accountId' | 'region' | 'audience' | 'githubRepository' | 'oidcIssuer'>,
  current: CurrentState['provider'],
): Change {
  const resource = `OIDC provider ${issuerKey(s.oidcIssuer)}`
  if (!current) {
    return {
      resource,
      kind: 'create',
      details: [`client ID ${s.audience}`],
      calls: [
        {
          service: 'iam',
          command: 'CreateOpenIDConnectProvider',
          input: { Url: s.oidcIssuer, ClientIDList: [s.audience], Tags: resourceTags(s.githubRepository) },
        },
      ],
    }
  }
  return updateOrNone(
    resource,
    current.clientIds.includes(s.audience)
      ? []
      : [
          {
            detail: [`add client ID ${s.audience}`],
            call: {
              service: 'iam',
              command: 'AddClientIDToOpenIDConnectProvider',
              input: {
                OpenIDConnectProviderArn: oidcProviderArn(s.accountId, s.region, s.oidcIssuer),
                ClientID: s.audience,
              },
            },
          },
        ],
  )
}

/**
 * The provider, then each tier's role, push policy, pull policy, deploy policy (main only), repository
 * and lifecycle: in the order they depend on each other. A pull-only consumer gets no push policy and no
 * repository of its own.
 */
export function planSetup(s: SetupSettings, current: CurrentState): Plan {
  const plan = planRepositorySide(s, current)
  return { ...plan, changes: [planProvider(s, current.provider), ...plan.changes] }
}

/** Everything of one repository but the account's OIDC provider: what setup for many plans once per repository. */
export function planRepositorySide(s: SetupSettings, current: Omit<CurrentState, 'callerArn' | 'provider'>): Plan {
  const leftAlone: string[] = []
  const changes: Change[] = []
  for (const unit of s.units) changes.push(...planTier(s, unit, current.tiers[unit.tier] ?? {}, current, leftAlone))
  if (current.variables) changes.push(...planVariables(s, current.variables))
  const notes = [
    ...subjectNotes(s),
    ...(s.casingUnchecked
      ? [
          `The trust names ${s.githubRepository} as written: IAM compares the token's subject case-sensitively, ` +
            "so it must be GitHub's own casing (as github.repository shows it); with a GitHub token setup reads it",
        ]
      : []),
    ...(current.missingPullSources ?? []).map(
      (name) => `ECR repository ${name} (pull-from) does not exist yet: the role may pull from it once it is created`,
    ),
    ...(current.missingEcsServices ?? []).map(
      (name) =>
        `ECS service ${name} (ecs-service) does not exist yet: ` +
        "the role may update it, but may pass its task's roles only after a re-run of setup once it exists",
    ),
  ]
  const tiers = s.units.map((unit) => ({
    tier: unit.tier,
    roleArn: roleArnFor(s.accountId, unit.roleName, s.region),
    repositoryUri: s.pullOnly ? '' : `${registryFor(s.accountId, s.region)}/${unit.repository}`,
  }))
  const access =
    !s.pullOnly && (s.units.length > 1 || s.developers.length + s.consumers.length > 0) ? accessMatrix(s, s.units) : []
  return {
    changes,
    leftAlone,
    notes,
    roleArn: tiers[0]?.roleArn ?? '',
    repositoryUri: tiers[0]?.repositoryUri ?? '',
    tiers,
    access,
  }
}

/** What the plan says of the subject form the trust is written in, when it is not GitHub's default. */
function subjectNotes(s: SetupSettings): string[] {
  const notes: string[] = []
  const keys = s.subClaimKeys
  if (keys) {
    const whose = s.subjectTemplateFrom === 'organization' ? "organization's" : "repository's"
    const from =
      s.subjectTemplateFrom === 'sub-claim-keys' ? 'as sub-claim-keys says' : `GitHub's: the ${whose} template`
    notes.push(`The trust is written in the customized subject form ${keys.join(',')} (${from})`)
    if (!keys.some((key) => NAMES_THE_REPOSITORY.includes(key)))
      notes.push(
        `The subject template ${keys.join(',')} names the owner but not the repository: any repository of ` +
          `${s.owner} on a trusted branch, tag or environment can assume these roles (AWS compares the subject ` +
          'alone); a template with repo keeps them to this repository',
      )
  }
  if (s.subjectTemplateUnread)
    notes.push(
      `Setup could not read the OIDC subject template from GitHub (${s.subjectTemplateUnread}): the trust has ` +
        "GitHub's default subject form; if the repository or its organization customizes it, pass sub-claim-keys",
    )
  return notes
}

/**
 * What a workflow reads as `vars.AWS_ACCOUNT_ID` and `vars.AWS_REGION`:
 * variables, never secrets (they are not secret).
 */
export function repositoryVariables(s: Pick<SetupSettings, 'accountId' | 'region'>): Record<string, string> {
  return { AWS_ACCOUNT_ID: s.accountId, AWS_REGION: s.region }
}

function planVariables(s: SetupSettings, current: Record<string, string | undefined>): Change[] {
  return Object.entries(repositoryVariables(s)).map(([name, value]) => {
    const resource = `GitHub variable ${name} of ${s.githubRepository}`
    const input = { repository: s.githubRepository, name, value }
    const now = current[name]
    if (now === undefined)
      return {
        resource,
        kind: 'create',
        details: [`= ${value}`],
        calls: [{ service: 'github', command: 'CreateVariable', input }],
      }
    return updateOrNone(
      resource,
      now === value
        ? []
        : [{ detail: [`${now} → ${value}`], call: { service: 'github', command: 'UpdateVariable', input } }],
    )
  })
}

export function writeCalls(plan: Plan): PlannedCall[] {
  return plan.changes.flatMap((change) => change.calls)
}
