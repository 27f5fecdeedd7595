// What the strict stack knows beside moto: who each access key and registry password is, the tag mutability
// ECR keeps (moto 5.1 drops exclusion filters), and how it asks moto as the account's administrator and
// evaluates IAM policies (@cloud-copilot/iam-simulate) for a principal, an action and a resource.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import * as path from 'node:path'
import {
  BatchDeleteImageCommand, BatchGetImageCommand, DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient,
  GetRepositoryPolicyCommand, PutImageCommand,
} from '@aws-sdk/client-ecr'
import {
  GetOpenIDConnectProviderCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand,
  IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand,
} from '@aws-sdk/client-iam'
import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy'
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const ADMIN = { accessKeyId: 'strict-stack-admin', secretAccessKey: 'strict-stack-admin' }
const ALLOW_ALL = { name: 'administrator', policy: createValidatedPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, validateIdentityPolicy, { name: 'administrator' }) }

export class StackState {
  constructor({ motoUrl, registryUpstream, stackDir, adminPassword, defaultAccountId }) {
    Object.assign(this, { motoUrl, registryUpstream, stackDir, adminPassword, defaultAccountId })
    /** access key ID → the assumed-role session STS handed it to */
    this.sessions = new Map()
    /** registry password → whom ECR's GetAuthorizationToken gave it to, and until when */
    this.passwords = new Map()
    /** `account/region/repository` → { mutability, filters } as ECR keeps them */
    this.mutability = new Map()
    this.clients = new Map()
    /** answers read from moto, kept a second: a push asks the same of every blob (IAM, too, takes seconds to apply a change) */
    this.recent = new Map()
    this.tails = new Map()
  }

  /** `read()`'s answer, kept for `ms` milliseconds under `key`. */
  remembered(key, read, ms = 1000) {
    const kept = this.recent.get(key)
    if (kept && kept.until > Date.now()) return kept.value
    const value = read()
    this.recent.set(key, { value, until: Date.now() + ms })
    value.catch(() => this.recent.delete(key))
    return value
  }

  /** moto as the account's administrator, in that account (moto's `x-moto-account-id`) and region. */
  admin(service, accountId, region) {
    const key = `${service}/${accountId}/${region}`
    if (!this.clients.has(key)) {
      const Client = service === 'iam' ? IAMClient : ECRClient
      const client = new Client({ region, endpoint: this.motoUrl, credentials: ADMIN, maxAttempts: 2 })
      client.middlewareStack.add((next) => (args) => {
        args.request.headers['x-moto-account-id'] = accountId
        return next(args)
      }, { step: 'build', name: 'motoAccount' })
      this.clients.set(key, client)
    }
    return this.clients.get(key)
  }

  /** Who an access key is: the assumed role STS gave it to (until it expires), or (any other key) the account's administrator. */
  identityOfKey(accessKeyId) {
    return this.sessions.get(accessKeyId) ?? { admin: true, principal: `arn:aws:iam::${this.defaultAccountId}:root`, accountId: this.defaultAccountId }
  }

  /** A registry password naming its identity (as ECR's does), valid 12 hours. */
  issuePassword(identity) {
    const password = Buffer.from(JSON.stringify({ principal: identity.principal, nonce: randomBytes(24).toString('base64url') })).toString('base64url')
    this.passwords.set(password, { ...identity, expiresAt: Date.now() + 12 * 3600_000 })
    return password
  }

  /** Whom a registry password belongs to; the stack's own admin password is the administrator's. */
  /**
   * Whom a registry password belongs to: moto's fixed one (`<account>-auth-token`) is that account's
   * administrator's; `{ expired: true }` for one past its 12 hours.
   */
  identityOfPassword(password) {
    const adminOf = String(password).match(/^(\d{12})-auth-token$/)?.[1]
    if (adminOf) return { admin: true, principal: `arn:aws:iam::${adminOf}:root`, accountId: adminOf }
    const identity = this.passwords.get(password)
    if (!identity) return undefined
    return identity.expiresAt > Date.now() ? identity : { expired: true }
  }

  /** Runs `work` after every earlier `work` of the same key: one write of a repository's tags at a time. */
  oneAtATime(key, work) {
    const before = this.tails.get(key) ?? Promise.resolve()
    const result = before.then(work, work)
    const tail = result.then(() => {}, () => {})
    this.tails.set(key, tail)
    tail.then(() => this.tails.get(key) === tail && this.tails.delete(key))
    return result
  }

  mutabilityKey = (registry, repository) => `${registry.accountId}/${registry.region}/${repository}`

  /** The repository as ECR describes it (with the mutability ECR keeps), or undefined. */
  repository(registry, name) {
    return this.remembered(`repository ${registry.accountId}/${registry.region}/${name}`, () => this.describeRepository(registry, name))
  }

  async describeRepository(registry, name) {
    try {
      const { repositories } = await this.admin('ecr', registry.accountId, registry.region).send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))
      const repository = repositories?.[0]
      if (!repository) return undefined
      const kept = this.mutability.get(this.mutabilityKey(registry, name))
      return { ...repository, imageTagMutability: kept?.mutability ?? repository.imageTagMutability ?? 'MUTABLE', filters: kept?.filters ?? [] }
    } catch (error) {
      if (error.name === 'RepositoryNotFoundException') return undefined
      throw error
    }
  }

  /** Every repository of the registry, by name. */
  async repositoryNames(registry) {
    const { repositories } = await this.admin('ecr', registry.accountId, registry.region).send(new DescribeRepositoriesCommand({}))
    return (repositories ?? []).map((r) => r.repositoryName)
  }

  /** The digest a tag names in the repository, as ECR's API has it; undefined when the tag is not there. */
  async tagDigest(registry, repository, tag) {
    try {
      const { imageDetails } = await this.admin('ecr', registry.accountId, registry.region).send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }))
      return imageDetails?.[0]?.imageDigest
    } catch (error) {
      if (/ImageNotFound|RepositoryNotFound/.test(error.name)) return undefined
      throw error
    }
  }

  /** The role's inline and attached policies, validated for the simulator. */
  rolePolicies(roleArn) {
    return this.remembered(`role ${roleArn}`, () => this.readRolePolicies(roleArn))
  }

  async readRolePolicies(roleArn) {
    const [, , , , accountId, resource] = roleArn.split(':')
    const roleName = resource.slice(resource.lastIndexOf('/') + 1)
    const iam = this.admin('iam', accountId, 'us-east-1')
    const documents = []
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName })).catch(() => ({ PolicyNames: [] }))
    for (const name of inline.PolicyNames ?? []) {
      const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }))
      documents.push([name, PolicyDocument])
    }
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })).catch(() => ({ AttachedPolicies: [] }))
    for (const { PolicyArn, PolicyName } of attached.AttachedPolicies ?? []) {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }))
      const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy.DefaultVersionId }))
      documents.push([PolicyName, PolicyVersion.Document])
    }
    return documents.map(([name, text]) => ({ name, policy: createValidatedPolicy(parseDocument(text), validateIdentityPolicy, { name }) }))
  }

  repositoryPolicy(registry, repository) {
    return this.remembered(`policy ${registry.accountId}/${registry.region}/${repository}`, () => this.readRepositoryPolicy(registry, repository))
  }

  async readRepositoryPolicy(registry, repository) {
    try {
      const { policyText } = await this.admin('ecr', registry.accountId, registry.region).send(new GetRepositoryPolicyCommand({ repositoryName: repository }))
      return policyText ? createValidatedPolicy(parseDocument(policyText), validateResourcePolicy, { name: 'repository policy' }) : undefined
    } catch {
      return undefined
    }
  }

  /**
   * Whether the identity may take the action on the resource: the administrator may do anything; an assumed
   * role as its policies and (for a repository) the repository's policy allow, as IAM evaluates them.
   */
  async allows(identity, action, resource, registry, repository) {
    // an administrator may do anything in its own account; in another, what that account's policies grant it
    if (identity.admin && identity.accountId === registry.accountId) return true
    const resourcePolicy = repository ? await this.repositoryPolicy(registry, repository) : undefined
    const identityPolicies = identity.admin ? [ALLOW_ALL] : await this.rolePolicies(identity.roleArn)
    const decision = runUnsafeSimulation({
      request: { principal: identity.principal, action, resource: { resource, accountId: registry.accountId }, contextVariables: {} },
      identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    }, {})
    return decision === 'Allowed'
  }

  role(roleArn) {
    const [, , , , accountId, resource] = roleArn.split(':')
    return this.admin('iam', accountId, 'us-east-1').send(new GetRoleCommand({ RoleName: resource.slice(resource.lastIndexOf('/') + 1) }))
  }

  provider(accountId, providerArn) {
    return this.admin('iam', accountId, 'us-east-1').send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }))
  }

  /** Where the registry keeps a repository of this account and region (its name upstream). */
  upstreamName = (registry, repository) => `${registry.accountId}/${registry.region}/${repository}`

  /** A deleted repository is gone from the registry too: a repository made again under its name is empty. */
  purgeRepository(registry, repository) {
    this.mutability.delete(this.mutabilityKey(registry, repository))
    this.recent.clear()
    rmSync(path.join(this.repositoriesDir(), this.upstreamName(registry, repository)), { recursive: true, force: true })
  }

  /** moto's reset empties every account: so does the registry, and what the stack knew. */
  reset() {
    this.recent.clear()
    this.sessions.clear()
    this.passwords.clear()
    this.mutability.clear()
    rmSync(this.repositoriesDir(), { recursive: true, force: true })
  }

  repositoriesDir = () => path.join(this.stackDir, 'registry-data', 'docker', 'registry', 'v2', 'repositories')
}

/** IAM hands policy documents back URL-encoded. */
export function parseDocument(text) {
  const raw = String(text ?? '')
  return JSON.parse(raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw))
}

/**
 * Moves a tag off the image that holds it in moto before another image takes it, as ECR does: the image keeps
 * its other tags, or stays untagged (moto would drop it, or, putting the new image, drop that one instead).
 */
export async function releaseTag(state, registry, repository, tag, digest) {
  const holder = await state.tagDigest(registry, repository, tag)
  if (!holder || holder === digest) return
  const ecr = state.admin('ecr', registry.accountId, registry.region)
  const { images } = await ecr.send(new BatchGetImageCommand({ repositoryName: repository, imageIds: [{ imageDigest: holder }] }))
  await ecr.send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }))
  const kept = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: holder }] })).catch(() => undefined)
  const manifest = images?.[0]?.imageManifest
  if (!kept && manifest) await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest, imageDigest: holder }))
}
