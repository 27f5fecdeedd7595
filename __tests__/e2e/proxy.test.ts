// Issue 16: a runner whose only way out is a forward proxy. The token service and AWS resolve only inside the
// proxy (a request that skipped it could not find them); the registry is in NO_PROXY. The action as the
// runner runs it (node dist/index.js) must send every call through the proxy, and say so when the proxy is down.
import { startForwardProxy } from '../../scripts/forward-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { annotationsIn, runAction } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'

let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const inputs = { 'account-id': '123456789012', region: 'us-east-1', platforms: 'linux/amd64', cache: 'none' }
/** A URL of 127.0.0.1 under a name only the forward proxy resolves. */
const behind = (url: string, name: string) => url.replace('127.0.0.1', name)

test('the token service and AWS reachable only through HTTPS_PROXY/HTTP_PROXY, the registry in NO_PROXY: the push succeeds through the proxy', async () => {
  const repository = uniqueRepository('proxied')
  await setUpFor(repository)
  const forward = await startForwardProxy({ 'token.proxy-only.test': '127.0.0.1', 'aws.proxy-only.test': '127.0.0.1' })
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const tokenUrl = behind(stub.env.ACTIONS_ID_TOKEN_REQUEST_URL, 'token.proxy-only.test')
    const awsUrl = behind(proxy.url, 'aws.proxy-only.test')
    const result = await runAction({
      workspace, repository, inputs,
      env: { ...stub.env, ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl, AWS_ENDPOINT_URL: awsUrl, HTTPS_PROXY: forward.url, http_proxy: forward.url, NO_PROXY: REGISTRY },
    })
    if (result.exitCode !== 0) console.log(result.stdout.slice(-3000))
    expect(result.exitCode).toBe(0)
    const tokenHost = new URL(tokenUrl).host
    const awsHost = new URL(awsUrl).host
    // the proxy carried the token request and every AWS call; the registry was reached directly
    expect(forward.seen.filter((line) => line.endsWith(` ${tokenHost}`))).not.toEqual([])
    expect(forward.seen.filter((line) => line.endsWith(` ${awsHost}`)).length).toBeGreaterThanOrEqual(3) // STS, ECR login, pre-flight, tags
    expect(forward.seen.filter((line) => line.includes(REGISTRY))).toEqual([])
    expect(stub.issued).toHaveLength(1)
    expect(proxy.actions()).toEqual(expect.arrayContaining(['AssumeRoleWithWebIdentity', 'GetAuthorizationToken']))
    expect(await listTags(repository.split('/')[1]!)).toContain('main')
  } finally {
    await stub.close()
    await forward.close()
  }
})

test('the proxy down: the failure names what could not be reached and through which proxy, not the token service', async () => {
  const repository = uniqueRepository('proxy-down')
  const gone = await startForwardProxy()
  await gone.close() // its port: nothing listens there now
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const tokenUrl = behind(stub.env.ACTIONS_ID_TOKEN_REQUEST_URL, 'token.proxy-only.test')
    const result = await runAction({
      workspace, repository, inputs,
      env: { ...stub.env, ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl, AWS_ENDPOINT_URL: behind(proxy.url, 'aws.proxy-only.test'), HTTPS_PROXY: gone.url, HTTP_PROXY: gone.url, NO_PROXY: REGISTRY },
    })
    expect(result.exitCode).toBe(1)
    const error = annotationsIn(result.stdout).map((annotation) => annotation.message).join('\n')
    expect(error).toContain(`did not complete the token request at ${new URL(tokenUrl).host} through the proxy ${gone.url} (HTTP_PROXY): connection refused (ECONNREFUSED)`)
    expect(error).toContain(`The runner sends this request through the proxy ${gone.url}: check that it is up`)
    expect(error).not.toContain('githubstatus')
    expect(error).not.toContain('failed to give one')
    expect(stub.issued).toEqual([])
  } finally {
    await stub.close()
  }
})

// a user's attempt to break it: a proxy that wants other credentials, and a proxy setting the action cannot use
test('a proxy that answers 407: the failure names the proxy and its answer, and its password nowhere', async () => {
  const repository = uniqueRepository('proxy-407')
  const forward = await startForwardProxy({ 'token.proxy-only.test': '127.0.0.1' }, { credentials: 'ci:right' })
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const withWrong = forward.url.replace('http://', 'http://ci:wr0ng-s3cret@')
    const tokenUrl = behind(stub.env.ACTIONS_ID_TOKEN_REQUEST_URL, 'token.proxy-only.test')
    const result = await runAction({ workspace, repository, inputs, env: { ...stub.env, ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl, HTTP_PROXY: withWrong, HTTPS_PROXY: withWrong } })
    expect(result.exitCode).toBe(1)
    const error = annotationsIn(result.stdout).map((annotation) => annotation.message).join('\n')
    expect(error).toContain(`did not complete the token request at ${new URL(tokenUrl).host} through the proxy ${forward.url} (HTTP_PROXY): the proxy answered HTTP 407: it wants other credentials`)
    expect(error).not.toContain('githubstatus')
    expect(`${result.stdout}${result.stderr}${result.files.state}${result.files.output}${result.files.summary}`).not.toContain('wr0ng-s3cret')
  } finally {
    await stub.close()
    await forward.close()
  }
})

test.each<[string, string]>([
  ['a SOCKS proxy', 'socks5://127.0.0.1:1080'],
  ['an empty host', 'http://'],
])('%s in HTTPS_PROXY: exit 1, the variable named, no stack trace', async (_, value) => {
  const repository = uniqueRepository('proxy-bad')
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    const result = await runAction({ workspace, repository, inputs, env: { ...stub.env, HTTPS_PROXY: value, HTTP_PROXY: value } })
    expect(result.exitCode).toBe(1)
    const error = annotationsIn(result.stdout).map((annotation) => annotation.message).join('\n')
    expect(error).toMatch(/^HTTPS?_PROXY is ".*", which is not a proxy this action can use: give an HTTP\(S\) proxy as http:\/\/HOST:PORT/)
    expect(error).not.toMatch(/\n\s+at |Unexpected error/)
  } finally {
    await stub.close()
  }
})
