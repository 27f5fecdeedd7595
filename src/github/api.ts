/** The GitHub REST API, as setup uses it: Octokit (@actions/github), every call under the remote-call policy. */
import { getOctokit } from '@actions/github'
import { ExplainedError } from '../errors.js'
import { withoutUserinfo } from '../format.js'
import { fetchFor, viaProxy } from '../proxy/env.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'

/** What setup learns of a repository from GitHub, so the immutable subject form needs no flags. */
export interface RepositoryFacts {
  /** `owner/name` in GitHub's own casing: the OIDC subject carries it, and IAM compares it case-sensitively */
  fullName: string
  defaultBranch: string
  ownerId: string
  repositoryId: string
}

/**
 * The subject template a repository's tokens have: customized claims and whose they are, GitHub's default
 * (`undefined`), or why it could not be read.
 */
export type SubjectTemplate =
  { keys: string[]; from: 'repository' | 'organization' } | { unread: string; customized?: true } | undefined

/** The calls setup makes of the GitHub API. */
export interface GitHubApi {
  /** the API's base URL, for messages */
  readonly url: string
  repository(fullName: string): Promise<RepositoryFacts>
  /**
   * The repository's OIDC subject template (REST API docs, "GitHub Actions OIDC"): its own, or its
   * organization's when it says it uses that one (`use_default: false` without keys).
   */
  subjectTemplate(fullName: string): Promise<SubjectTemplate>
  /** an Actions repository variable's value, or undefined when it is not set */
  variable(fullName: string, name: string): Promise<string | undefined>
  createVariable(fullName: string, name: string, value: string): Promise<void>
  updateVariable(fullName: string, name: string, value: string): Promise<void>
  /** the organisation's repositories that carry the topic, as owner/name; `progress` hears of long listings */
  repositoriesWithTopic(org: string, topic: string, progress?: (line: string) => void): Promise<string[]>
}

/** GitHub's largest page of a listing (REST API docs: "Using pagination"). */
const PAGE_SIZE = 100
/** A listing of more pages than this says how far it has got, every this many pages. */
const PROGRESS_EVERY = 10

const split = (fullName: string) => {
  const [owner = '', repo = ''] = fullName.split('/')
  return { owner, repo }
}

export function githubApi(access: { token: string; url: string }, options: CallOptions = {}): GitHubApi {
  // the API's address as it may be shown: no credential in it
  const shownUrl = withoutUserinfo(access.url)
  // callRemote retries and bounds each call; @actions/github's Octokit has no retry plugin of its own
  // through the proxy this URL takes (@actions/github decides its own once, for GITHUB_API_URL, when it loads)
  const octokit = getOctokit(access.token, {
    baseUrl: access.url,
    // a failure's reason (a refused connection, a proxy's 407) stays in the cause Octokit keeps: remote.ts reads it
    request: { fetch: async (url: string, init: RequestInit) => (await fetchFor(url))(url, init) },
  })
  /** One API call under the policy; a refusal says what the token needs. `ifAbsent` is the answer to a 404. */
  const call = async <T>(
    what: string,
    send: (signal: AbortSignal) => Promise<T>,
    ifAbsent?: { value: T },
    needs = 'reading a repository needs Metadata: read, writing its variables Variables: read and write',
  ): Promise<T> => {
    try {
      const endpoint = viaProxy(shownUrl, access.url)
      return await callRemote({ service: 'The GitHub API', call: what, endpoint }, send, options)
    } catch (error) {
      if (error instanceof RemoteUnavailable) throw error
      const status = (error as { status?: number }).status
      if (status === 404 && ifAbsent) return ifAbsent.value
      const hint =
        status === 401
          ? ' The token was refused: check GITHUB_TOKEN / --github-token.'
          : status === 403 || status === 404
            ? ` The token may lack access: ${needs}.`
            : ''
      throw new ExplainedError(
        `The GitHub API (${shownUrl}) refused ${what}: ` +
          `${status ? `HTTP ${status} ` : ''}${(error as Error).message}.${hint}`,
      )
    }
  }
  return {
    url: shownUrl,
    async repository(fullName) {
      const { data } = await call(`GET /repos/${fullName}`, (signal) =>
        octokit.rest.repos.get({ ...split(fullName), request: { signal } }),
      )
      return {
        fullName: data.full_name,
        defaultBranch: data.default_branch,
        ownerId: String(data.owner.id),
        repositoryId: String(data.id),
      }
    },
    async subjectTemplate(fullName) {
      // GitHub out of reach fails setup as any call does; a refusal leaves the template unknown, and said
      const unread = (error: unknown) => {
        if (error instanceof RemoteUnavailable) throw error
        return { unread: (error as Error).message }
      }
      const repository = await call(
        `GET the OIDC subject template of ${fullName}`,
        (signal) => octokit.rest.actions.getCustomOidcSubClaimForRepo({ ...split(fullName), request: { signal } }),
        undefined,
        "reading a repository's OIDC subject template needs Actions: read (classic tokens: repo)",
      ).catch(unread)
      if ('unread' in repository) return repository
      if (repository.data.use_default) return undefined
      const own = repository.data.include_claim_keys ?? []
      if (own.length > 0) return { keys: own, from: 'repository' }
      const org = split(fullName).owner
      const inherited = await call(
        `GET the OIDC subject template of the organization ${org}`,
        (signal) => octokit.rest.oidc.getOidcCustomSubTemplateForOrg({ org, request: { signal } }),
        undefined,
        "reading an organization's OIDC subject template needs Administration: read on it (classic tokens: read:org)",
      ).catch(unread)
      // the repository says it is customized: the default form would be wrong, so this is not a guess to make
      if ('unread' in inherited) return { ...inherited, customized: true }
      const keys = inherited.data.include_claim_keys ?? []
      return keys.length > 0 ? { keys, from: 'organization' } : undefined
    },
    async variable(fullName, name) {
      const answer = await call(
        `GET variable ${name} of ${fullName}`,
        (signal) => octokit.rest.actions.getRepoVariable({ ...split(fullName), name, request: { signal } }),
        { value: undefined },
      )
      return answer?.data.value
    },
    async createVariable(fullName, name, value) {
      await call(`POST variable ${name} to ${fullName}`, (signal) =>
        octokit.rest.actions.createRepoVariable({ ...split(fullName), name, value, request: { signal } }),
      )
    },
    async updateVariable(fullName, name, value) {
      await call(`PATCH variable ${name} of ${fullName}`, (signal) =>
        octokit.rest.actions.updateRepoVariable({ ...split(fullName), name, value, request: { signal } }),
      )
    },
    async repositoriesWithTopic(org, topic, progress = () => {}) {
      // page by page, each page its own bounded, retried call: a fault on page 30 retries page 30 alone
      const found: string[] = []
      let listed = 0
      for (let page = 1; ; page++) {
        const { data, headers } = await call(`GET /orgs/${org}/repos (page ${page})`, (signal) =>
          octokit.rest.repos.listForOrg({ org, per_page: PAGE_SIZE, page, request: { signal } }),
        )
        listed += data.length
        found.push(...data.filter((repo) => repo.topics?.includes(topic)).map((repo) => repo.full_name))
        // the Link header names the next page while there is one (REST API docs: "Using pagination")
        if (!/rel="next"/.test(headers.link ?? '')) return found
        if (page % PROGRESS_EVERY === 0)
          progress(`Listing ${org}'s repositories: ${listed} so far, ${found.length} with the topic ${topic}…`)
      }
    },
  }
}
