// Stands in for the GitHub REST API (GITHUB_API_URL) in tests and benchmarks: repositories with their
// default branch, numeric IDs and topics; Actions repository variables; an organisation's repositories,
// paginated with a Link header as GitHub does. Every request is recorded; a request without the expected
// bearer token gets GitHub's 401.
import { createServer } from 'node:http'

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}

/**
 * @param repositories [{ fullName: 'owner/name', defaultBranch?, id?, ownerId?, topics?, subjectTemplate? }]; a
 *   subjectTemplate is the repository's OIDC customization as GitHub answers it ({ use_default, include_claim_keys })
 * @param options.token the token requests must carry
 * @param options.orgTemplates an organisation's OIDC subject template: org → include_claim_keys
 * @param options.perPage the largest page of an organisation listing (GitHub's is 100), to exercise pagination
 */
export async function startGitHubStub(repositories, { token = 'ghp_test-token', perPage = 30, orgTemplates = {} } = {}) {
  const repos = new Map(repositories.map((r, i) => [r.fullName.toLowerCase(), {
    fullName: r.fullName, defaultBranch: r.defaultBranch ?? 'main', id: r.id ?? 5000 + i, ownerId: r.ownerId ?? 9000, topics: r.topics ?? [],
    subjectTemplate: r.subjectTemplate ?? { use_default: true },
  }]))
  /** owner/name → name → value */
  const variables = new Map()
  const requests = []
  /** `METHOD /path?page=N` → answers to give first (an HTTP status each), as a GitHub having a bad moment */
  const faults = new Map()
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      const url = new URL(req.url, 'http://stub')
      requests.push(`${req.method} ${url.pathname}`)
      const faultKey = `${req.method} ${url.pathname}?page=${url.searchParams.get('page') ?? 1}`
      const fault = faults.get(faultKey)?.shift()
      if (fault) return json(res, fault, { message: 'Server Error' })
      if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) {
        return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
      }
      const body = text ? JSON.parse(text) : {}
      let match
      if ((match = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)$/)) && req.method === 'GET') {
        const repo = repos.get(`${match[1]}/${match[2]}`.toLowerCase())
        if (!repo) return json(res, 404, { message: 'Not Found' })
        const [owner] = repo.fullName.split('/')
        return json(res, 200, { id: repo.id, full_name: repo.fullName, default_branch: repo.defaultBranch, topics: repo.topics, owner: { login: owner, id: repo.ownerId } })
      }
      // the OIDC subject templates (REST API docs, "GitHub Actions OIDC"): a repository's, an organisation's
      if ((match = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/actions\/oidc\/customization\/sub$/)) && req.method === 'GET') {
        const repo = repos.get(`${match[1]}/${match[2]}`.toLowerCase())
        return repo ? json(res, 200, repo.subjectTemplate) : json(res, 404, { message: 'Not Found' })
      }
      if ((match = url.pathname.match(/^\/orgs\/([^/]+)\/actions\/oidc\/customization\/sub$/)) && req.method === 'GET') {
        const keys = Object.entries(orgTemplates).find(([org]) => org.toLowerCase() === match[1].toLowerCase())?.[1]
        return json(res, 200, { include_claim_keys: keys ?? [] })
      }
      if ((match = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/actions\/variables(?:\/([^/]+))?$/))) {
        const key = `${match[1]}/${match[2]}`.toLowerCase()
        if (!repos.has(key)) return json(res, 404, { message: 'Not Found' })
        const own = variables.get(key) ?? new Map()
        variables.set(key, own)
        const name = match[3]
        if (req.method === 'GET' && name) return own.has(name) ? json(res, 200, { name, value: own.get(name) }) : json(res, 404, { message: 'Not Found' })
        if (req.method === 'POST' && !name) {
          if (own.has(body.name)) return json(res, 409, { message: 'Already exists' })
          own.set(body.name, body.value)
          return json(res, 201, {})
        }
        if (req.method === 'PATCH' && name && own.has(name)) {
          own.set(name, body.value)
          res.writeHead(204).end()
          return
        }
        return json(res, 404, { message: 'Not Found' })
      }
      if ((match = url.pathname.match(/^\/orgs\/([^/]+)\/repos$/)) && req.method === 'GET') {
        const all = [...repos.values()].filter((r) => r.fullName.toLowerCase().startsWith(`${match[1].toLowerCase()}/`))
        const size = Math.min(Number(url.searchParams.get('per_page') ?? perPage), perPage) // perPage is the server's cap, as GitHub's is 100
        const page = Number(url.searchParams.get('page') ?? 1)
        const pages = Math.max(1, Math.ceil(all.length / size))
        const link = page < pages ? { link: `<${baseUrl}/orgs/${match[1]}/repos?per_page=${size}&page=${page + 1}>; rel="next", <${baseUrl}/orgs/${match[1]}/repos?per_page=${size}&page=${pages}>; rel="last"` } : {}
        return json(res, 200, all.slice((page - 1) * size, page * size).map((r) => ({ id: r.id, full_name: r.fullName, default_branch: r.defaultBranch, topics: r.topics, owner: { login: r.fullName.split('/')[0], id: r.ownerId } })), link)
      }
      return json(res, 404, { message: 'Not Found' })
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${server.address().port}`
  return {
    url: baseUrl, token, requests, fail: (request, ...statuses) => faults.set(request, statuses), variables: (fullName) => Object.fromEntries(variables.get(fullName.toLowerCase()) ?? []),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
