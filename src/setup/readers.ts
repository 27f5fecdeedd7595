/** Who reads and writes which tier besides GitHub Actions: ECR repository policies and their matrix (pure). */
import { TIERS, type Tier, partitionOf } from '../naming.js'
import { PULL_ACTIONS, PUSH_ACTIONS, type PolicyDocument } from './policies.js'

/** People and other accounts: `developers` pull every tier and push dev; `consumers` pull what is released. */
export interface Readers {
  tiers: readonly Tier[]
  /** principal ARNs (an account ID becomes its root) */
  developers: readonly string[]
  consumers: readonly string[]
}

const ACCOUNT_ID = /^\d{12}$/
const PRINCIPAL_ARN = /^arn:aws[\w-]*:iam::\d{12}:(root|(user|role)\/[\w+=,.@/-]{1,512})$/

/** An account ID or an IAM user, role or account-root ARN. */
export function isPrincipal(value: string): boolean {
  return ACCOUNT_ID.test(value) || PRINCIPAL_ARN.test(value)
}

/** `210987654321` → `arn:aws:iam::210987654321:root`, as IAM itself writes an account principal. */
export function principalArn(value: string, region: string): string {
  return ACCOUNT_ID.test(value) ? `arn:${partitionOf(region)}:iam::${value}:root` : value
}

/** Consumers read the release tier, or main where there is no release tier. */
export function consumerTier(tiers: readonly Tier[]): Tier {
  return tiers.includes('release') ? 'release' : 'main'
}

export type Access = 'read/write' | 'read' | '—'

/** What developers and consumers may do with a tier's repository. */
function readerAccess(readers: Readers, tier: Tier): { developers: Access; consumers: Access } {
  return {
    developers: readers.developers.length === 0 ? '—' : tier === 'dev' ? 'read/write' : 'read',
    consumers: readers.consumers.length > 0 && tier === consumerTier(readers.tiers) ? 'read' : '—',
  }
}

/**
 * The tier repository's policy: developers and consumers as principals with pull (and, developers on dev,
 * push) actions. Undefined when nobody besides the tier's own role is to reach it: setup then writes none.
 */
export function repositoryPolicy(readers: Readers, tier: Tier): PolicyDocument | undefined {
  const access = readerAccess(readers, tier)
  const statement = (sid: string, principals: readonly string[], level: Access) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : [...principals] },
    Action: level === 'read/write' ? [...PUSH_ACTIONS] : [...PULL_ACTIONS],
  })
  const statements = []
  if (access.developers !== '—')
    statements.push(
      statement(
        access.developers === 'read/write' ? 'DevelopersPullAndPush' : 'DevelopersPull',
        readers.developers,
        access.developers,
      ),
    )
  if (access.consumers !== '—') statements.push(statement('ConsumersPull', readers.consumers, access.consumers))
  return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined
}

/** Whom each tier's GitHub Actions role stands for, in the matrix. */
const CI_ROLE: Record<Tier, string> = { main: 'default branch', dev: 'any branch', release: 'release tags' }

/**
 * The permission matrix, principal × tier, as table lines: each tier's GitHub Actions role writes its own
 * repository only (the release role also reads main's, to promote from it); developers and consumers as
 * their repository policies say.
 */
export function accessMatrix(
  readers: Readers,
  units: ReadonlyArray<{ tier: Tier; roleName: string; repository: string; promoteFrom?: string }>,
): string[] {
  const columns = TIERS.filter((tier) => units.some((unit) => unit.tier === tier))
  const row = (who: string, access: (tier: Tier) => Access) => `| ${who} | ${columns.map(access).join(' | ')} |`
  const lines = [
    `| | ${units.map((unit) => `${unit.tier}: \`${unit.repository}\``).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...units.map((own) =>
      row(`GitHub Actions, ${CI_ROLE[own.tier]} (\`${own.roleName}\`)`, (tier) =>
        tier === own.tier ? 'read/write' : tier === 'main' && own.promoteFrom ? 'read' : '—',
      ),
    ),
  ]
  if (readers.developers.length > 0)
    lines.push(row(`developers: ${readers.developers.join(', ')}`, (tier) => readerAccess(readers, tier).developers))
  if (readers.consumers.length > 0)
    lines.push(row(`consumers: ${readers.consumers.join(', ')}`, (tier) => readerAccess(readers, tier).consumers))
  return lines
}
