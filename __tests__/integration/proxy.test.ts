// The proxy agents against real servers through a real forward proxy (proxy-chain): the AWS SDK's calls over
// HTTP (an absolute URL to the proxy) and over HTTPS (a CONNECT tunnel, TLS to the server inside it), each
// request deciding by NO_PROXY, and fetch through undici's ProxyAgent.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { readFileSync } from 'node:fs'
import { get } from 'node:https'
import * as path from 'node:path'
import { startForwardProxy } from '../../scripts/forward-proxy.mjs'
import { stsClient } from '../../src/aws/clients.js'
import { environmentAgents } from '../../src/proxy/agents.js'
import { fetchFor, proxyFor } from '../../src/proxy/env.js'
import { MOTO_ENV, MOTO_URL, REGISTRY_HOST, STACK_DIR, requireMoto } from '../support/stack.js'

let forward: Awaited<ReturnType<typeof startForwardProxy>>
const saved = { ...process.env }
beforeAll(async () => {
  await requireMoto()
  forward = await startForwardProxy({ 'aws.proxy-only.test': '127.0.0.1', 'registry.proxy-only.test': '127.0.0.1', 'github.proxy-only.test': '127.0.0.1' })
})
afterAll(() => forward.close())
afterEach(() => {
  process.env = { ...saved }
  forward.seen.length = 0
})

const port = new URL(MOTO_URL).port
test('the SDK over HTTP: every call through HTTP_PROXY, to a name only the proxy resolves', async () => {
  Object.assign(process.env, MOTO_ENV, { HTTP_PROXY: forward.url, AWS_ENDPOINT_URL: `http://aws.proxy-only.test:${port}` })
  const sts = await stsClient('us-east-1')
  for (let call = 0; call < 3; call++) await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '123456789012' })
  expect(forward.seen).toEqual([`POST aws.proxy-only.test:${port}`, `POST aws.proxy-only.test:${port}`, `POST aws.proxy-only.test:${port}`])
})

test('the SDK with the endpoint in NO_PROXY goes straight, the proxy untouched', async () => {
  Object.assign(process.env, MOTO_ENV, { HTTP_PROXY: forward.url, NO_PROXY: 'localhost,127.0.0.1', AWS_ENDPOINT_URL: MOTO_URL })
  await expect((await stsClient('us-east-1')).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
  expect(forward.seen).toEqual([])
})

test('HTTPS through a CONNECT tunnel: TLS with the server itself, inside the tunnel', async () => {
  process.env['HTTPS_PROXY'] = forward.url
  const { httpsAgent } = environmentAgents(proxyFor)
  const ca = readFileSync(path.join(STACK_DIR, 'tls', 'ca.crt'))
  // the registry's certificate names REGISTRY_HOST: the tunnel goes to a name only the proxy resolves, TLS checks the registry's
  const status = await new Promise<number | undefined>((resolve, reject) => {
    get({ host: 'registry.proxy-only.test', port: 443, path: '/v2/', servername: REGISTRY_HOST, ca, agent: httpsAgent, headers: { host: REGISTRY_HOST } }, (response) => {
      response.resume()
      resolve(response.statusCode)
    }).on('error', reject)
  })
  expect(status).toBe(401) // the registry's own answer: a login is wanted
  expect(forward.seen).toEqual(['CONNECT registry.proxy-only.test:443'])
})

test('fetch through the proxy (undici), and Node\'s own fetch when NO_PROXY names the host', async () => {
  Object.assign(process.env, { HTTP_PROXY: forward.url, NO_PROXY: 'aws.direct.test' })
  const through = await fetchFor(`http://aws.proxy-only.test:${port}/`)
  expect(through).not.toBe(fetch)
  const answer = await through(`http://aws.proxy-only.test:${port}/moto-api/`)
  expect(answer.status).toBeLessThan(500)
  expect(forward.seen).toEqual([`CONNECT aws.proxy-only.test:${port}`])
  expect(await fetchFor('http://aws.direct.test/')).toBe(fetch)
})

test('the GitHub API (Octokit) through the proxy', async () => {
  const { startGitHubStub } = await import('../../scripts/github-stub.mjs')
  const { githubApi } = await import('../../src/github/api.js')
  const github = await startGitHubStub([{ fullName: 'octo-org/octo-repo', ownerId: 1001, id: 2002 }])
  try {
    const url = github.url.replace('127.0.0.1', 'github.proxy-only.test')
    Object.assign(process.env, { HTTP_PROXY: forward.url, GITHUB_API_URL: url })
    const facts = await githubApi({ token: github.token, url }).repository('octo-org/octo-repo')
    expect(facts).toMatchObject({ fullName: 'octo-org/octo-repo', repositoryId: '2002' })
    expect(forward.seen.some((line) => line.endsWith(` ${new URL(url).host}`))).toBe(true)
  } finally {
    await github.close()
  }
})
