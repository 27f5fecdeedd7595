// The private docker config of push and merge (docker/config.ts) and the login written into it (docker/login.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { type DockerConfigJson, jobConfigDir, openPrivateConfig, privateConfigOf } from '../../src/docker/config.js'
import { logInto, withLogins } from '../../src/docker/logins.js'

const ecr = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const inline = { auth: Buffer.from('bot:t0ken').toString('base64') }

test.each<[string, NodeJS.ProcessEnv, string]>([
  ['DOCKER_CONFIG', { DOCKER_CONFIG: '/runner/docker', HOME: '/home/runner' }, '/runner/docker'],
  ['HOME', { HOME: '/home/runner' }, '/home/runner/.docker'],
  ['an empty DOCKER_CONFIG is unset', { DOCKER_CONFIG: '', HOME: '/home/runner' }, '/home/runner/.docker'],
])('the job\'s docker config: %s', (_, env, dir) => expect(jobConfigDir(env)).toBe(dir))

describe('privateConfigOf: the job\'s config without its keychain', () => {
  test.each<[string, string, DockerConfigJson]>([
    ['a desktop keychain and the entries it keeps: gone', JSON.stringify({ credsStore: 'desktop', auths: { 'ghcr.io': {}, [ecr]: {} } }), { auths: {} }],
    ['what is not a credential stays', JSON.stringify({ currentContext: 'remote', proxies: { default: { noProxy: '*.internal' } }, cliPluginsExtraDirs: ['/opt/p'], aliases: { builder: 'buildx' } }),
      { currentContext: 'remote', proxies: { default: { noProxy: '*.internal' } }, cliPluginsExtraDirs: ['/opt/p'], aliases: { builder: 'buildx' }, auths: {} }],
    ['a base image\'s registry logged into inline, and its helper, stay', JSON.stringify({ auths: { 'ghcr.io': inline, 'r.example': { identitytoken: 'tok' } }, credHelpers: { 'gcr.io': 'gcloud' } }),
      { auths: { 'ghcr.io': inline, 'r.example': { identitytoken: 'tok' } }, credHelpers: { 'gcr.io': 'gcloud' } }],
    ['no config (a fresh runner)', '{}', { auths: {} }],
    ['unreadable JSON: docker warns of it; an empty config', '{"auths": ', { auths: {} }],
    ['JSON that is no object', 'null', { auths: {} }],
  ])('%s', (_, json, expected) => expect(privateConfigOf(json)).toEqual(expected))
})

describe('withLogins: ours inline, no helper for our registries', () => {
  const login = { registry: ecr, username: 'AWS', password: 'pw' }
  const ours = { auth: Buffer.from('AWS:pw').toString('base64') }
  test.each<[string, DockerConfigJson, DockerConfigJson]>([
    ['an empty config', { auths: {} }, { auths: { [ecr]: ours } }],
    ['an older login to the same registry, with a scheme, and its helper: replaced', { auths: { [`https://${ecr}`]: inline, 'ghcr.io': inline }, credHelpers: { [ecr]: 'ecr-login', 'gcr.io': 'gcloud' } },
      { auths: { 'ghcr.io': inline, [ecr]: ours }, credHelpers: { 'gcr.io': 'gcloud' } }],
    ['every other setting kept', { currentContext: 'remote', auths: {} }, { currentContext: 'remote', auths: { [ecr]: ours } }],
  ])('%s', (_, config, expected) => expect(withLogins(config, [login])).toEqual(expected))

  test('several registries, one token', () => {
    const other = '210987654321.dkr.ecr.us-east-1.amazonaws.com'
    expect(Object.keys(withLogins({}, [login, { ...login, registry: other }]).auths!)).toEqual([ecr, other])
  })
})

describe('openPrivateConfig', () => {
  function runner(files: string[]) {
    const job = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-job-'))
    writeFileSync(path.join(job, 'config.json'), JSON.stringify({ credsStore: 'desktop', currentContext: 'remote' }))
    for (const name of files) {
      if (name.endsWith('.pem')) writeFileSync(path.join(job, name), 'pem')
      else mkdirSync(path.join(job, name))
    }
    return { job, temp: mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-temp-')) }
  }

  test('a 0700 directory under RUNNER_TEMP, named before anything is in it; the job\'s plugins, contexts, TLS files linked', async () => {
    const { job, temp } = runner(['cli-plugins', 'contexts', 'ca.pem', 'cert.pem', 'key.pem', 'buildx'])
    let atCreation: string[] | undefined
    const config = await openPrivateConfig({ DOCKER_CONFIG: job }, temp, (dir) => (atCreation = readdirSync(dir)))
    expect(atCreation).toEqual([])
    expect(path.dirname(config.dir)).toBe(temp)
    expect(path.basename(config.dir)).toMatch(/^ecr-oidc-push-docker-/)
    expect(statSync(config.dir).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(config.dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path.join(config.dir, 'config.json'), 'utf8'))).toEqual({ currentContext: 'remote', auths: {} })
    // buildx's state is not copied: BUILDX_CONFIG points at the job's
    expect(readdirSync(config.dir).sort()).toEqual(['ca.pem', 'cert.pem', 'cli-plugins', 'config.json', 'contexts', 'key.pem'])
    for (const name of ['cli-plugins', 'contexts', 'ca.pem']) expect(readlinkSync(path.join(config.dir, name))).toBe(path.join(job, name))
    expect(config.env).toEqual({ DOCKER_CONFIG: config.dir, BUILDX_CONFIG: path.join(job, 'buildx') })
  })

  test('a job that set BUILDX_CONFIG keeps it; a job without a docker config gets an empty one', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'ecr-oidc-push-test-temp-'))
    const config = await openPrivateConfig({ DOCKER_CONFIG: path.join(temp, 'none'), BUILDX_CONFIG: '/srv/buildx' }, temp, () => {})
    expect(config.env.BUILDX_CONFIG).toBe('/srv/buildx')
    expect(readdirSync(config.dir)).toEqual(['config.json'])
  })

  test('logInto writes the password into the private config only', async () => {
    const { job, temp } = runner([])
    const before = readFileSync(path.join(job, 'config.json'), 'utf8')
    const config = await openPrivateConfig({ DOCKER_CONFIG: job }, temp, () => {})
    await logInto(config.dir, [{ registry: ecr, username: 'AWS', password: 'pw-42' }])
    expect(JSON.parse(readFileSync(path.join(config.dir, 'config.json'), 'utf8'))).toEqual({ currentContext: 'remote', auths: { [ecr]: { auth: Buffer.from('AWS:pw-42').toString('base64') } } })
    expect(statSync(path.join(config.dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(readFileSync(path.join(job, 'config.json'), 'utf8')).toBe(before)
    expect(existsSync(path.join(job, 'buildx'))).toBe(false)
  })
})
