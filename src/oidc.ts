/**
 * GitHub's OIDC tokens as IAM sees them (pure): which issuer a GitHub server's tokens come from, the provider
 * and condition keys IAM derives from it, and the subject claim's forms, GitHub's default and the customized
 * ones (`include_claim_keys`). Sources: GitHub docs, "OpenID Connect reference" (issuers, claims, subject
 * templates); AWS IAM User Guide, "Available keys for AWS web identity federation" (`<host/path>:sub`).
 */

/** The issuer of github.com's tokens (and GitHub Enterprise Cloud's, unless the enterprise has its own). */
export const GITHUB_COM_ISSUER = 'https://token.actions.githubusercontent.com'

/**
 * The issuer of the tokens a GitHub server's runs get: github.com's for github.com (or an unknown server), and
 * `<server>/_services/token` for GitHub Enterprise Server. An enterprise with a unique issuer on github.com
 * (`…/<enterprise-slug>`) is not visible from the server's URL: `oidc-issuer` says it.
 */
export function issuerForServer(serverUrl: string | undefined): string {
  const url = parseUrl(serverUrl?.trim() ?? '')
  if (!url || url.host === 'github.com' || url.host === 'www.github.com') return GITHUB_COM_ISSUER
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/_services/token`
}

/**
 * `https://token.actions.githubusercontent.com/acme` → `token.actions.githubusercontent.com/acme`: the IAM
 * provider's name (the end of its ARN) and the prefix of its condition keys (`…/acme:sub`).
 */
export function issuerKey(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/+$/, '')
}

/** The problem with an `oidc-issuer` value, or undefined: IAM takes an https URL without query or fragment. */
export function issuerProblem(name: string, value: string): string | undefined {
  const url = parseUrl(value)
  const plainPath = /^[A-Za-z0-9._~/-]*$/.test(url?.pathname ?? '')
  if (url && url.protocol === 'https:' && plainPath && !url.search && !url.hash && !url.username && !url.password)
    return undefined
  return (
    `\`${name}\` is "${value}", which is not an OIDC issuer URL: give the https URL the tokens name in their ` +
    `\`iss\` claim, such as ${GITHUB_COM_ISSUER}, ${GITHUB_COM_ISSUER}/ENTERPRISE-SLUG ` +
    '(GitHub Enterprise Cloud with a unique issuer) or https://HOST/_services/token (GitHub Enterprise Server).'
  )
}

/** An issuer as IAM names it: the host in lower case (as tokens carry it), no trailing slash. */
export function normalizeIssuer(issuer: string): string {
  const url = parseUrl(issuer.trim())
  return (url ? `${url.origin}${url.pathname}` : issuer.trim()).replace(/\/+$/, '')
}

const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

/**
 * The claims a subject template may include (GitHub docs, "OpenID Connect reference", "Customizing the
 * subject claims"). `context` is the default subject's last part: `ref:…`, `environment:…` or `pull_request`.
 */
export const SUBJECT_CLAIM_KEYS = [
  'actor',
  'actor_id',
  'base_ref',
  'context',
  'enterprise',
  'enterprise_id',
  'environment',
  'event_name',
  'head_ref',
  'job_workflow_ref',
  'job_workflow_sha',
  'ref',
  'ref_protected',
  'ref_type',
  'repo',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'repository_visibility',
  'run_attempt',
  'run_id',
  'run_number',
  'runner_environment',
  'sha',
  'workflow',
  'workflow_ref',
  'workflow_sha',
] as const
/** GitHub's default subject: `repo:OWNER/REPO:<context>`. */
export const DEFAULT_CLAIM_KEYS: readonly string[] = ['repo', 'context']

const KNOWN_KEYS = new Set<string>(SUBJECT_CLAIM_KEYS)

/** The problems with a list of subject claim keys (unknown claims, repeats, none), for the input `name`. */
export function claimKeysProblems(name: string, keys: readonly string[]): string[] {
  const problems = keys
    .filter((key) => !KNOWN_KEYS.has(key))
    .map(
      (key) =>
        `\`${name}\` has "${key}", which is not a claim GitHub can put in the subject: ` +
        `use any of ${SUBJECT_CLAIM_KEYS.join(', ')} (as the template's include_claim_keys lists them).`,
    )
  if (new Set(keys).size !== keys.length) problems.push(`\`${name}\` names a claim twice.`)
  if (keys.length > 0 && !keys.includes('context'))
    problems.push(
      `\`${name}\` has no \`context\`: setup keys each tier's trust on the run's branch, tag or environment, ` +
        'which only `context` carries whole; a template without it cannot be trusted per branch.',
    )
  return problems
}

/** What a subject's values are made of: the repository, its IDs when known. */
export interface SubjectFacts {
  owner: string
  repo: string
  ownerId?: string
  repositoryId?: string
}

/**
 * The `sub` a token of this template has for a tier context (`ref:refs/heads/main`, `environment:prod`), in
 * the name form or the immutable one (`repo:OWNER@OWNER_ID/REPO@REPO_ID`; undefined without the IDs or a
 * `repo` claim). Claims that neither the repository nor the context decide (the actor, the workflow's name, …)
 * are `*`, and the workflow refs are pinned to this repository's workflows with a wildcard for the file: such
 * subjects need StringLike.
 */
export function templateSubject(
  keys: readonly string[],
  facts: SubjectFacts,
  context: string,
  form: 'name' | 'immutable' = 'name',
): string | undefined {
  const name = `${facts.owner}/${facts.repo}`
  if (form === 'immutable' && !(keys.includes('repo') && facts.ownerId && facts.repositoryId)) return undefined
  const repo = form === 'immutable' ? `${facts.owner}@${facts.ownerId}/${facts.repo}@${facts.repositoryId}` : name
  const ref = context.match(/^ref:(.+)$/)?.[1]
  const environment = context.match(/^environment:(.+)$/)?.[1]
  const value = (key: string): string => {
    switch (key) {
      case 'context':
        return context
      case 'repo':
        return repo
      case 'repository':
        return name
      case 'repository_owner':
        return facts.owner
      case 'repository_owner_id':
        return facts.ownerId ?? '*'
      case 'repository_id':
        return facts.repositoryId ?? '*'
      case 'ref':
        return ref ?? '*'
      case 'ref_type':
        return ref?.startsWith('refs/tags/') ? 'tag' : ref ? 'branch' : '*'
      case 'environment':
        return environment ?? '*'
      case 'job_workflow_ref':
      case 'workflow_ref':
        return `${name}/.github/workflows/*@${ref ?? '*'}`
      default:
        return '*'
    }
  }
  // `context` stands for itself (`ref:refs/heads/main`); every other claim is `<key>:<value>`
  return keys.map((key) => (key === 'context' ? context : `${key}:${value(key)}`)).join(':')
}

/**
 * The template a subject was made with, read back from the subject (`repo:o/r:environment:prod:workflow:ci`
 * → repo, context, workflow), or undefined when a part is not a claim GitHub knows. A `ref:` part reads as the
 * context, which it is far more often than the `ref` claim.
 */
export function claimKeysOf(sub: string): string[] | undefined {
  const parts = sub.split(':')
  const keys: string[] = []
  for (let i = 0; i < parts.length;) {
    const part = parts[i]!
    if (part === 'pull_request') {
      keys.push('context')
      i += 1
    } else if (part === 'ref' || part === 'environment') {
      keys.push('context')
      i += 2
    } else if (KNOWN_KEYS.has(part) && i + 1 < parts.length) {
      keys.push(part)
      i += 2
    } else return undefined
  }
  return keys
}

/** Whether the subject has GitHub's default form, `repo:OWNER/REPO:<context>`. */
export function isDefaultSubject(sub: string): boolean {
  return /^repo:[^:]+:(ref:[^:]+|environment:[^:]+|pull_request)$/.test(sub)
}

/** The context part of a subject of any template (`ref:refs/heads/main`), or undefined. */
export function contextOf(sub: string): string | undefined {
  const parts = sub.split(':')
  const at = parts.findIndex((part) => part === 'ref' || part === 'environment' || part === 'pull_request')
  if (at < 0) return undefined
  return parts[at] === 'pull_request' ? 'pull_request' : `${parts[at]}:${parts[at + 1] ?? ''}`
}
