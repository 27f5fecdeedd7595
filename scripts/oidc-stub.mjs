// Stands in for GitHub's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) in tests and the demo:
// mints RS256 JWTs with the claims GitHub documents. Run directly, it serves until killed and prints
// the two environment variables the runner would set.
import { createServer } from 'node:http'
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto'
import { publishKey } from './stack/web-identity.mjs'

/** Where the strict stack reads the issuers' keys from (scripts/stack/env.sh). */
const STACK_DIR = process.env['STACK_DIR'] ?? '/tmp/ecr-oidc-push-stack'

/**
 * A signing key of an issuer, published where the strict stack's STS finds it by its key ID (as GitHub
 * publishes its keys at the issuer's JWKS address). Unpublished, STS refuses every token it signs.
 */
export function issuerKey(issuer = 'https://token.actions.githubusercontent.com', { publish = true } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = `oidc-stub-${randomBytes(8).toString('hex')}`
  if (publish) publishKey(STACK_DIR, kid, issuer, publicKey)
  return { privateKey, kid, issuer }
}

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/**
 * The claims GitHub puts in a push run's token, for `owner/name` on `ref`: from github.com's issuer unless
 * `issuer` says another (an enterprise's, a GitHub Enterprise Server's), with the subject in GitHub's default
 * form unless `subClaimKeys` customizes it (include_claim_keys: each claim as `key:value`, `context` as itself).
 */
export function githubClaims({ repository, ref = 'refs/heads/main', sha = 'a'.repeat(40), eventName = 'push', ownerId = '1001', repositoryId = '2002', runId = '4242', immutableSubject = false, issuer = 'https://token.actions.githubusercontent.com', subClaimKeys = ['repo', 'context'] }) {
  const [owner, name] = repository.split('/')
  const values = {
    repo: immutableSubject ? `${owner}@${ownerId}/${name}@${repositoryId}` : repository,
    repository, repository_owner: owner, repository_owner_id: ownerId, repository_id: repositoryId, ref, workflow: 'ci',
    job_workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`, actor: 'octocat', event_name: eventName,
  }
  const sub = subClaimKeys.map((key) => (key === 'context' ? `ref:${ref}` : `${key}:${values[key]}`)).join(':')
  return {
    jti: randomUUID(), sub, ref, sha, repository, repository_owner: owner, repository_owner_id: ownerId,
    repository_id: repositoryId, repository_visibility: 'private', run_id: runId, run_number: '1', run_attempt: '1',
    actor: 'octocat', actor_id: '583231', workflow: 'ci', event_name: eventName,
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    job_workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`, iss: issuer,
  }
}

export function mintToken(claims, privateKey, audience, kid = 'ecr-oidc-push-test') {
  const now = Math.floor(Date.now() / 1000)
  const header = { typ: 'JWT', alg: 'RS256', kid }
  const body = { ...claims, aud: audience, iat: now, nbf: now - 5, exp: now + 300 }
  const signingInput = `${b64url(header)}.${b64url(body)}`
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url')}`
}

/** Serves tokens on 127.0.0.1; `issued` keeps every token handed out, for the secret scan. */
export async function startOidcStub(claims, port = 0, key = issuerKey(claims.iss)) {
  const { privateKey, kid } = key
  const requestToken = randomBytes(16).toString('hex')
  const issued = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    if (req.headers.authorization !== `Bearer ${requestToken}` || url.pathname !== '/token') {
      res.writeHead(401).end('{"message":"bad request token"}')
      return
    }
    const token = mintToken(claims, privateKey, url.searchParams.get('audience') ?? `https://github.com/${claims.repository_owner}`, kid)
    issued.push(token)
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: token }))
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address()
  return {
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${bound}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    issued,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repository = process.argv[2] ?? 'octo-org/sample-app'
  const stub = await startOidcStub(githubClaims({ repository }))
  for (const [name, value] of Object.entries(stub.env)) console.log(`${name}=${value}`)
}
