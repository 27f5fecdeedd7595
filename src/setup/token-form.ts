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
  const oidcIssuer = normalizeIssuer(issuerInput || issuerForServer(source.serverUrl))

  const keysInput = parseList(source.get('sub-claim-keys'))
  const fromGitHub = source.subjectTemplate
  if (keysInput.length === 0 && fromGitHub && 'unread' in fromGitHub) return { oidcIssuer, unread: fromGitHub.unread }
  const subject = keysInput.length > 0 ? { keys: keysInput, from: 'sub-claim-keys' as const } : fromGitHub
  if (!subject || 'unread' in subject || subject.keys.join(',') === DEFAULT_CLAIM_KEYS.join(',')) return { oidcIssuer }
  const name = subject.from === 'sub-claim-keys' ? 'sub-claim-keys' : `the ${subject.from}'s subject template`
  problems.push(...claimKeysProblems(name, subject.keys))
  if (!subject.keys.some((key) => NAMES_THE_REPOSITORY.includes(key) || NAMES_THE_OWNER.includes(key)))
    problems.push(
      `\`${name}\` (${subject.keys.join(',')}) names neither the repository nor its owner: a role trusting it ` +
        'would trust every repository whose tokens this issuer signs. Add repo (or repository_id) to the template.',
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
