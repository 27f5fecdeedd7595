/**
 * Which tokens setup's roles trust (pure): the issuer and the subject template, from the inputs, GitHub's facts
 * and the server setup runs for.
 */
import { parseList } from '../inputs.js'
import type { SubjectTemplate } from '../github/api.js'
import { DEFAULT_CLAIM_KEYS, claimKeysProblems, issuerForServer, issuerProblem, normalizeIssuer } from '../oidc.js'

/** Where a customized subject template came from: the input, or GitHub (the repository's or its owner's). */
export type SubjectTemplateSource = 'sub-claim-keys' | 'repository' | 'organization'

/** Claims that name the repository in a subject, or at least its owner. */
export const NAMES_THE_REPOSITORY = ['repo', 'repository', 'repository_id']
const NAMES_THE_OWNER = ['repository_owner', 'repository_owner_id']

/**
 * The tokens the roles trust: their issuer (`oidc-issuer`, else the server's) and their subject template
 * (`sub-claim-keys`, else what GitHub said, else GitHub's default). A template that names no repository
 * and no owner would trust every repository of the issuer, and one that needs an ID setup does not know would
 * hold a wildcard for it: both are refused.
 */
export function readTokenForm(
  source: {
    get(name: string): string
    serverUrl?: string
    subjectTemplate?: SubjectTemplate
    ownerId?: string
    repositoryId?: string
  },
  problems: string[],
): { oidcIssuer: string; subject?: { keys: string[]; from: SubjectTemplateSource }; unread?: string } {
  const issuerInput = source.get('oidc-issuer').trim()
  const issuerTrouble = issuerInput ? issuerProblem('oidc-issuer', issuerInput) : undefined
  if (issuerTrouble) problems.push(issuerTrouble)
  const derived = issuerForServer(source.serverUrl)
  // the server's own issuer must be one IAM takes too (https, a plain path)
  if (!issuerInput && issuerProblem('', derived))
    problems.push(
      `GITHUB_SERVER_URL is "${source.serverUrl}", whose tokens' issuer would be ${derived}, and IAM takes only ` +
        'https issuer URLs: set `oidc-issuer` (CLI --oidc-issuer) to the https URL the tokens name in `iss`.',
    )
  const oidcIssuer = normalizeIssuer(issuerInput || derived)

  const keysInput = parseList(source.get('sub-claim-keys'))
  const fromGitHub = source.subjectTemplate
  if (keysInput.length === 0 && fromGitHub && 'unread' in fromGitHub) {
    if (fromGitHub.customized)
      problems.push(
        "The repository uses its organization's OIDC subject template (use_default: false), which setup could " +
          `not read: ${fromGitHub.unread} Pass \`sub-claim-keys\` (CLI --sub-claim-keys) with the organization's ` +
          'include_claim_keys, or a token that may read it.',
      )
    return { oidcIssuer, unread: fromGitHub.unread }
  }
  const subject = keysInput.length > 0 ? { keys: keysInput, from: 'sub-claim-keys' as const } : fromGitHub
  if (!subject || 'unread' in subject || subject.keys.join(',') === DEFAULT_CLAIM_KEYS.join(',')) return { oidcIssuer }
  const name = subject.from === 'sub-claim-keys' ? 'sub-claim-keys' : `the ${subject.from}'s subject template`
  problems.push(...claimKeysProblems(name, subject.keys))
  if (!subject.keys.some((key) => NAMES_THE_REPOSITORY.includes(key) || NAMES_THE_OWNER.includes(key)))
    problems.push(
      `\`${name}\` (${subject.keys.join(',')}) names neither the repository nor its owner: a role trusting it ` +
        'would trust every repository whose tokens this issuer signs. Add repo (or repository_id) to the template.',
    )
  // IAM's `*` also matches `:`: a claim setup fills with a wildcard must follow every part that pins the trust,
  // or a value with colons in it (a workflow's name) could carry another repository's or branch's subject
  const pinned = ['context', ...NAMES_THE_REPOSITORY, ...NAMES_THE_OWNER]
  const lastPin = Math.max(
    subject.keys.indexOf('context'),
    ...subject.keys.map((k, i) => (pinned.includes(k) ? i : -1)),
  )
  const early = subject.keys.filter((key, i) => !pinned.includes(key) && i < lastPin)
  if (early.length > 0)
    problems.push(
      `\`${name}\` (${subject.keys.join(',')}) has ${early.join(', ')} before ${subject.keys[lastPin]}: setup cannot ` +
        `know ${early.length === 1 ? 'its value' : 'their values'} and writes a wildcard, and IAM's * also matches ` +
        "':', so a value with colons could pass for this repository's subject. Put the repository, owner and " +
        'context claims first (for example repo,context,job_workflow_ref), or leave such claims out.',
    )
  for (const [key, id] of [
    ['repository_owner_id', source.ownerId],
    ['repository_id', source.repositoryId],
  ] as const) {
    if (subject.keys.includes(key) && !id)
      problems.push(
        `\`${name}\` has ${key}, and setup does not know it: give a GitHub token (setup reads it) ` +
          'or pass --owner-id and --repository-id.',
      )
  }
  return { oidcIssuer, subject }
}
