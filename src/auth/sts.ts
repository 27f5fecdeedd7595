/** STS: the role's credentials for a GitHub token, the ambient identity, and why AWS refused a token. */
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { type AwsCredentials, endpointOf } from '../aws/client-config.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import type { Tier } from '../naming.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'
import { GITHUB_COM_ISSUER, claimKeysOf, contextOf, isDefaultSubject, issuerKey } from '../oidc.js'
import { type Claims, diagnosticClaims, immutableSubjectOf } from './token.js'

export interface AssumeRequest {
  roleArn: string
  sessionName: string
  token: string
  durationSeconds: number
}

/** What to do when AWS stays out of reach; the same words for every AWS call of push mode. */
export const UNAVAILABLE_HINT =
  'Nothing was pushed. A passing fault clears on a re-run; if it persists, check that the runner reaches AWS ' +
  '(its network, HTTPS_PROXY, AWS_ENDPOINT_URL) and https://health.aws.amazon.com.'

/**
 * OIDC token → STS credentials. `mask` runs on every secret before this returns, so nothing later
 * can print one unmasked.
 */
export async function assumeRoleWithToken(
  sts: STSClient,
  request: AssumeRequest,
  mask: (secret: string) => void,
  explain: (error: unknown) => string | undefined,
  options: CallOptions = {},
): Promise<AwsCredentials> {
  let answer
  try {
    const command = new AssumeRoleWithWebIdentityCommand({
      RoleArn: request.roleArn,
      RoleSessionName: request.sessionName,
      WebIdentityToken: request.token,
      DurationSeconds: request.durationSeconds,
    })
    answer = await callRemote(
      { service: 'AWS STS', call: 'AssumeRoleWithWebIdentity', endpoint: () => endpointOf(sts) },
      (abortSignal) => sts.send(command, { abortSignal }),
      options,
    )
  } catch (error) {
    if (error instanceof RemoteUnavailable)
      throw new ExplainedError(`Could not get credentials for ${request.roleArn}: ${error.message}
${UNAVAILABLE_HINT}`)
    const explanation = explain(error)
    if (explanation) throw new ExplainedError(explanation)
    const hint = /DurationSeconds/.test(String((error as Error).message))
      ? `\nLower \`role-duration-seconds\` (now ${request.durationSeconds})` +
        " or raise the role's maximum session duration."
      : ''
    throw new ExplainedError(
      `STS AssumeRoleWithWebIdentity into ${request.roleArn} failed: ${describeAwsError(error)}${hint}`,
    )
  }
  const c = answer.Credentials
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new ExplainedError(`STS answered AssumeRoleWithWebIdentity for ${request.roleArn} without credentials.`)
  }
  mask(c.AccessKeyId)
  mask(c.SecretAccessKey)
  mask(c.SessionToken)
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  }
}

/** Who the SDK's default chain says we are, or undefined when that chain finds no credentials. */
export async function ambientIdentity(sts: STSClient, options: CallOptions = {}): Promise<string | undefined> {
  try {
    return (
      await callRemote(
        { service: 'AWS STS', call: 'GetCallerIdentity', endpoint: () => endpointOf(sts) },
        (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
        options,
      )
    ).Arn
  } catch (error) {
    if ((error as Error).name === 'CredentialsProviderError') return undefined
    if (error instanceof RemoteUnavailable)
      throw new ExplainedError(`Could not check the ambient AWS credentials: ${error.message}\n${UNAVAILABLE_HINT}`)
    throw new ExplainedError(
      `The ambient AWS credentials did not work (STS GetCallerIdentity): ${describeAwsError(error)}`,
    )
  }
}

/**
 * Why AWS refused the token, for a person: the token's non-secret claims, the role tried, and the
 * trust policy that would admit this token. Undefined for errors that are not a refusal.
 */
/** The tier a refused run pushes to, and the setup command that would create it. */
export interface TierContext {
  tier: Tier
  setupCommand: string
  /** the repository's default branch, when the run knows it: a refusal on it is not about the branch */
  defaultBranch?: string
}

/** What a refusal's advice knows of the run besides its subject. */
export interface AdviceFacts {
  defaultBranch?: string
  /** the token's repository_owner_id and repository_id: setup needs them for a subject that carries IDs */
  ownerId?: string
  repositoryId?: string
}

/** Whom each tier's role trusts, as setup writes it. */
export const TIER_TRUST: Record<Tier, string> = {
  main: 'the default branch (and the branches, tags and environments setup was told to trust)',
  dev: 'any branch of this repository, never tags, pull requests or environments',
  release: 'git tags matching release-tags (default v*) and jobs in the release-environment, never branches',
}

/**
 * What to tell setup so the role trusts a token of this subject, by the subject's form (GitHub docs, "OpenID
 * Connect reference": example subject claims): a branch, a tag, an environment, a pull request, or a form that
 * is not GitHub's default (a customized subject). `setupCommand`, when known, gets the option appended.
 */
export function trustAdvice(sub: string, setupCommand?: string, tier: Tier = 'main', facts: AdviceFacts = {}): string {
  if (!isDefaultSubject(sub)) return customizedAdvice(sub, setupCommand, tier, facts)
  const context = contextOf(sub) ?? ''
  const run = (flag: string) => (setupCommand ? `:\n  ${setupCommand}${flag ? ` ${flag}` : ''}` : '.')
  const branch = context.match(/^ref:refs\/heads\/(.+)$/)?.[1]
  if (branch && tier === 'main' && branch === facts.defaultBranch)
    return (
      `This run is on the default branch ${branch}, which the main tier's role trusts as setup writes it: the ` +
      'role is missing, or its trust was written for another repository name, issuer or subject form. Setup ' +
      `brings it in line${run('')}`
    )
  if (branch && tier === 'release')
    return (
      `This run is on the branch ${branch}, and the release tier's role never trusts a branch: release from a ` +
      'git tag (`tier: auto` on a tag) or a job in the release environment (`release-environment`).'
    )
  if (branch)
    return (
      `This run is on the branch ${branch}. The main tier's role trusts the default branch and the branches ` +
      `setup was told: \`trust-branches: ${branch}\` (CLI \`--branches ${branch}\`) adds it, or \`tier: auto\` ` +
      `pushes other branches to the dev tier${run(`--branches ${branch}`)}`
    )
  const tag = context.match(/^ref:refs\/tags\/(.+)$/)?.[1]
  if (tag && tier === 'release')
    return (
      `This run is for the git tag ${tag}. The release tier's role trusts the tags matching \`release-tags\` ` +
      `(default v*): \`release-tags: ${tag}\` (CLI \`--release-tags '${tag}'\`, or a pattern that matches it) ` +
      `adds it${run(`--release-tags '${tag}'`)}`
    )
  if (tag && tier === 'dev')
    return (
      `This run is for the git tag ${tag}, and the dev tier's role never trusts a tag: ` +
      '`tier: auto` publishes tags to the release tier.'
    )
  if (tag)
    return (
      `This run is for the git tag ${tag}. Setup trusts tags on the main tier with \`trust-tags\` (CLI ` +
      `\`--tags '${tag}'\`, or a pattern that matches it), or publishes releases to the release tier ` +
      `(\`tier: auto\` or \`release\`; setup \`--tiers main,release\`)${run(`--tags '${tag}'`)}`
    )
  const environment = context.match(/^environment:(.+)$/)?.[1]
  if (environment && tier === 'release')
    return (
      `This job runs in the GitHub environment ${environment}. The release tier's role trusts one environment, ` +
      `\`release-environment\`: \`release-environment: ${environment}\` (CLI \`--release-environment ` +
      `${environment}\`) sets it${run(`--release-environment ${environment}`)}`
    )
  if (environment && tier === 'dev')
    return (
      `This job runs in the GitHub environment ${environment}, and the dev tier's role never trusts an ` +
      'environment: use the main or the release tier.'
    )
  if (environment)
    return (
      `This job runs in the GitHub environment ${environment}, so its token's subject names the environment, ` +
      `not the branch. Setup trusts it with \`trust-environments: ${environment}\` (CLI ` +
      `\`--environments ${environment}\`)${run(`--environments ${environment}`)}`
    )
  if (context === 'pull_request')
    return (
      "This run is a pull request, whose token's subject ends in :pull_request. Setup never trusts that: a pull " +
      "request's code is not reviewed yet, and a fork's could push anything. Build pull requests with " +
      '`push: false`, and push on `push` events to a branch.'
    )
  return (
    "This subject is not in GitHub's default form repo:OWNER/REPO:<ref, environment or pull_request>: the " +
    'repository or its organization customizes the subject claim (include_claim_keys).'
  )
}

/**
 * A subject in a customized form: the claims it was made of, how setup writes a trust in that form, and what
 * the context (branch, tag, environment) needs besides.
 */
function customizedAdvice(sub: string, setupCommand: string | undefined, tier: Tier, facts: AdviceFacts): string {
  const keys = claimKeysOf(sub)
  // IDs in the subject (the immutable form, or ID claims) are written only when setup knows them
  const needsIds = /@\d+\//.test(sub) || keys?.some((key) => key.endsWith('_id'))
  const ids = needsIds && facts.ownerId && facts.repositoryId
  const flag =
    `--sub-claim-keys ${keys ? keys.join(',') : 'CLAIM,…'}` +
    (ids ? ` --owner-id ${facts.ownerId} --repository-id ${facts.repositoryId}` : '')
  const context = contextOf(sub)
  const lines = [
    "This token's subject is customized: the repository or its organization sets include_claim_keys" +
      `${keys ? ` to ${keys.join(',')}` : ''}, so it is not GitHub's default repo:OWNER/REPO:<context>. ` +
      "Setup writes each tier's trust in that form when it knows the template: with a GitHub token that may " +
      `read it, setup reads it from GitHub; otherwise \`sub-claim-keys: ${keys ? keys.join(',') : '…'}\` ` +
      `(CLI \`${flag}\`) says it${setupCommand ? `:\n  ${setupCommand} ${flag}` : '.'}`,
  ]
  // what the context needs, as for a default subject (the same branch, tag or environment rules)
  if (context) lines.push(trustAdvice(`repo:OWNER/REPO:${context}`, undefined, tier, facts))
  return lines.join('\n')
}

export function explainAccessDenied(
  error: unknown,
  roleArn: string,
  audience: string,
  claims: Claims | undefined,
  tier?: TierContext,
): string | undefined {
  const name = (error as { name?: string }).name ?? ''
  if (!/AccessDenied|InvalidIdentityToken/.test(name)) return undefined
  const partitionAndAccount = roleArn.match(/^arn:([^:]+):iam::(\d{12}):/)
  // the provider is the token's own issuer's: github.com's, an enterprise's, a GitHub Enterprise Server's
  const issuer = typeof claims?.['iss'] === 'string' ? claims['iss'] : GITHUB_COM_ISSUER
  const key = issuerKey(issuer)
  const provider = partitionAndAccount
    ? `arn:${partitionAndAccount[1]}:iam::${partitionAndAccount[2]}:oidc-provider/${key}`
    : `<the ${key} OIDC provider's ARN>`
  const setupCommand =
    tier && issuer !== GITHUB_COM_ISSUER ? `${tier.setupCommand} --oidc-issuer ${issuer}` : tier?.setupCommand
  const noProvider = /No OpenIDConnect provider/i.test((error as Error).message ?? '')
  const facts: AdviceFacts = {
    ...(tier?.defaultBranch ? { defaultBranch: tier.defaultBranch } : {}),
    ...(claims?.['repository_owner_id'] !== undefined ? { ownerId: String(claims['repository_owner_id']) } : {}),
    ...(claims?.['repository_id'] !== undefined ? { repositoryId: String(claims['repository_id']) } : {}),
  }
  const sub = claims ? String(claims['sub'] ?? '') : ''
  const immutable = claims ? immutableSubjectOf(claims) : undefined
  const subjects = [
    sub || 'repo:OWNER/REPO:ref:refs/heads/BRANCH',
    ...(immutable && immutable !== sub ? [immutable] : []),
  ]
  const lines = [
    `AWS refused to let this workflow assume ${roleArn} (${name}: ${(error as Error).message ?? ''}).`,
    '',
    'The GitHub token presented says:',
    ...(claims
      ? diagnosticClaims(claims).map(([key, value]) => `  ${key}: ${value}`)
      : ['  (its claims could not be read)']),
    '',
    'For AWS to accept it, the role must exist and its trust policy must contain a statement like:',
    '  {',
    '    "Effect": "Allow",',
    `    "Principal": { "Federated": "${provider}" },`,
    '    "Action": "sts:AssumeRoleWithWebIdentity",',
    '    "Condition": { "StringEquals": {',
    `      "${key}:aud": "${audience}",`,
    `      "${key}:sub": ${JSON.stringify(subjects.length === 1 ? subjects[0] : subjects)}`,
    '    } }',
    '  }',
    'Repositories created after 2026-07-15 present the immutable subject form repo:OWNER@OWNER_ID/REPO@REPO_ID:…' +
      (immutable ? `; for this run that is ${immutable}.` : '.'),
    `The OIDC provider ${provider} must also exist, with client ID ${audience}: this token's issuer is ${issuer}.`,
    '`mode: setup` (or `npx ecr-oidc-push setup`) creates the provider, the role and this trust policy' +
      (issuer === GITHUB_COM_ISSUER
        ? '.'
        : ' for this issuer: in a workflow on this server it derives it from GITHUB_SERVER_URL; ' +
          `elsewhere pass \`oidc-issuer: ${issuer}\` (CLI \`--oidc-issuer ${issuer}\`).`),
    // with no provider for the issuer, the subject is not the question yet
    ...(noProvider && setupCommand ? [`  ${setupCommand}`] : []),
    ...(sub && !noProvider ? ['', trustAdvice(sub, setupCommand, tier?.tier, facts)] : []),
  ]
  if (tier && tier.tier !== 'main') {
    lines.push(
      '',
      `This run pushes to the ${tier.tier} tier, whose role ${roleArn.slice(roleArn.lastIndexOf('/') + 1)} ` +
        `trusts ${TIER_TRUST[tier.tier]}.`,
      `If setup has not created the ${tier.tier} tier, this does ` +
        '(setup never deletes, so the other tiers stay as they are):',
      `  ${setupCommand}`,
    )
  }
  return lines.join('\n')
}
