// Issue 16, self-hosted runners: push and merge with a docker config of the step's own, builder names that
// tell jobs and steps apart, and the `builder` input. The real docker, under the local stack: e2e/selfhosted.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import type { Docker } from '../../src/docker/docker.js'
import { AttemptTimeout } from '../../src/errors.js'
import { run } from '../../src/main.js'
import { CONTAINERD_STORE, digest, fakeEdges, password, valid } from '../support/fake-edges.js'

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const other = 'ghcr.io'
const otherAuth = Buffer.from('bot:ghcr-token').toString('base64')
/** A self-hosted runner's docker config: a desktop keychain, a remote daemon's context, a proxy, a base image's registry. */
const runnerConfig = {
  credsStore: 'desktop',
  credHelpers: { [registry]: 'ecr-login', 'public.ecr.aws': 'ecr-login' },
  auths: { [other]: { auth: otherAuth }, 'https://index.docker.io/v1/': {}, [registry]: {} },
  currentContext: 'remote-daemon',
  proxies: { default: { httpsProxy: 'http://proxy.internal:3128' } },
}

/** A docker (a docker-container builder) that builds and records, for each command, the private config it ran with. */
function recordingDocker(inspect = CONTAINERD_STORE) {
  const seen: Array<{ args: string[]; env?: Record<string, string>; config?: Record<string, unknown>; mode?: number }> = []
  const docker: Docker = async (args, options = {}) => {
    const dir = options.env?.['DOCKER_CONFIG']
    const file = dir ? path.join(dir, 'config.json') : undefined
    seen.push({
      args, ...(options.env ? { env: options.env } : {}),
      ...(file && existsSync(file) ? { config: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, mode: statSync(dir!).mode & 0o777 } : {}),
    })
    if (args[1] === 'inspect') return { exitCode: 0, stdout: inspect, stderr: '' }
    if (args[1] === 'build') writeFileSync(args.find((arg) => arg.startsWith('--metadata-file='))!.slice('--metadata-file='.length), JSON.stringify({ 'containerimage.digest': digest }))
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  return { docker, seen }
}

describe('push with a docker config of its own', () => {
  test('every docker command uses it; the login is written into it, without the runner\'s keychain; it is gone after', async () => {
    const { docker, seen } = recordingDocker()
    const { edges, failures, state, jobConfig, tempDir, outputs } = fakeEdges(valid, { docker, jobConfig: runnerConfig })
    const jobConfigBefore = readFileSync(path.join(jobConfig, 'config.json'), 'utf8')
    await run(edges)
    expect(failures).toEqual([])
    expect(outputs['digest']).toBe(digest)
    const dir = state['docker-config']!
    expect(path.dirname(dir)).toBe(tempDir)
    // each command, from the builder's inspection to the build, with the private config and the job's builders
    expect(seen.map((command) => command.env)).toEqual(seen.map(() => ({ DOCKER_CONFIG: dir, BUILDX_CONFIG: path.join(jobConfig, 'buildx') })))
    const build = seen.find((command) => command.args[1] === 'build')!
    expect(build.mode).toBe(0o700)
    expect(build.config).toEqual({
      // no credsStore; no helper for our registry; a base image's registry keeps its password and its helper
      credHelpers: { 'public.ecr.aws': 'ecr-login' },
      auths: { [other]: { auth: otherAuth }, [registry]: { auth: Buffer.from(`AWS:${password}`).toString('base64') } },
      currentContext: 'remote-daemon',
      proxies: { default: { httpsProxy: 'http://proxy.internal:3128' } },
    })
    // nothing of the login is left: no directory, the job's config as it was, nothing for the post step to log out of
    expect(existsSync(dir)).toBe(false)
    expect(readdirSync(tempDir).filter((name) => name.startsWith('ecr-oidc-push-docker-'))).toEqual([])
    expect(readFileSync(path.join(jobConfig, 'config.json'), 'utf8')).toBe(jobConfigBefore)
    expect(state['registry']).toBeUndefined()
    expect(Object.values(state).join('\n')).not.toContain(password)
  })

  test('the config goes when the build fails too', async () => {
    const docker: Docker = async (args) => args[1] === 'inspect'
      ? { exitCode: 0, stdout: CONTAINERD_STORE, stderr: '' }
      : { exitCode: 1, stdout: '', stderr: 'ERROR: failed to solve: boom' }
    const { edges, failures, state } = fakeEdges(valid, { docker })
    await run(edges)
    expect(failures[0]).toMatch(/^docker buildx build failed/)
    expect(existsSync(state['docker-config']!)).toBe(false)
  })

  test('bad input: no config is made', async () => {
    const { edges, failures, tempDir, state } = fakeEdges({ ...valid, 'account-id': '42' })
    await run(edges)
    expect(failures[0]).toMatch(/^Invalid input/)
    expect(readdirSync(tempDir)).toEqual([])
    expect(state).toEqual({})
  })

  test('merge assembles with one too', async () => {
    const { docker, seen } = recordingDocker()
    const index = JSON.stringify({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })
    const imagetools: Docker = async (args, options) => (await docker(args, options), { exitCode: 0, stdout: args[2] === 'create' ? index : '', stderr: '' })
    const present = { 'abcdef0-amd64': `sha256:${'1'.repeat(64)}`, 'abcdef0-arm64': `sha256:${'2'.repeat(64)}` } as Record<string, string>
    const { edges, failures, state } = fakeEdges({ ...valid, mode: 'merge' }, {
      docker: imagetools, jobConfig: runnerConfig,
      ecr: {
        BatchGetImageCommand: (command) => {
          const ids = (command as { input: { imageIds: Array<{ imageTag?: string; imageDigest?: string }> } }).input.imageIds
          if (ids[0]?.imageDigest) return { images: [{ imageId: ids[0], imageManifest: index, imageManifestMediaType: 'application/vnd.oci.image.index.v1+json' }] }
          return { images: ids.filter((id) => present[id.imageTag!]).map((id) => ({ imageId: { ...id, imageDigest: present[id.imageTag!] } })) }
        },
        PutImageCommand: () => ({ image: { imageId: { imageDigest: digest } } }),
      },
    })
    await run(edges)
    expect(failures).toEqual([])
    const create = seen.find((command) => command.args[2] === 'create')!
    expect(create.env?.['DOCKER_CONFIG']).toBe(state['docker-config'])
    expect(create.config?.['auths']).toMatchObject({ [registry]: { auth: Buffer.from(`AWS:${password}`).toString('base64') } })
    expect(create.config?.['credsStore']).toBeUndefined()
    expect(existsSync(state['docker-config']!)).toBe(false)
  })

  test('the job\'s plugins and contexts are there; what the job does not have is not', async () => {
    const { docker, seen } = recordingDocker()
    const { edges, jobConfig } = fakeEdges(valid, { docker })
    mkdirSync(path.join(jobConfig, 'contexts', 'meta'), { recursive: true })
    writeFileSync(path.join(jobConfig, 'cli-plugins', 'docker-buildx'), 'plugin')
    let linked: string[] = []
    const inner = edges.docker
    edges.docker = async (args, options) => {
      if (args[1] === 'build') linked = readdirSync(options!.env!['DOCKER_CONFIG']!).sort()
      return inner(args, options)
    }
    await run(edges)
    expect(seen.length).toBeGreaterThan(0)
    expect(linked).toEqual(['cli-plugins', 'config.json', 'contexts'])
    // removing the private config removes the links, never what they point at
    expect(readdirSync(path.join(jobConfig, 'contexts'))).toEqual(['meta'])
    expect(readFileSync(path.join(jobConfig, 'cli-plugins', 'docker-buildx'), 'utf8')).toBe('plugin')
  })
})

describe('builders: unique to a job and a step, removed only by their own post step', () => {
  const classicStore = 'Name: default\nDriver: docker\nPlatforms: linux/amd64, linux/arm64\n'
  test('two steps of one job, and a re-run, each name a builder of their own', async () => {
    const names: string[] = []
    for (const attempt of ['1', '1', '2']) {
      const { docker } = recordingDocker(classicStore)
      const { edges, state, failures } = fakeEdges(valid, { docker })
      edges.git = { ...edges.git, runAttempt: attempt }
      await run(edges)
      expect(failures).toEqual([])
      names.push(state['builder']!)
    }
    expect(names[0]).toMatch(/^ecr-oidc-push-9-1-build-[0-9a-z]+$/)
    expect(names[2]).toMatch(/^ecr-oidc-push-9-2-build-[0-9a-z]+$/)
    expect(new Set(names).size).toBe(3)
  })

  test('a bootstrap that times out: the builder was handed to the post step before it began', async () => {
    const order: string[] = []
    const { edges, failures, state } = fakeEdges(valid, {
      docker: async (args, options = {}) => {
        if (args[1] === 'inspect') return { exitCode: 0, stdout: classicStore, stderr: '' }
        if (args[1] === 'create') {
          order.push(`create, state: ${state['builder'] ? 'saved' : 'none'}`)
          throw new AttemptTimeout(options.timeoutMs ?? 0)
        }
        return { exitCode: 0, stdout: '', stderr: '' }
      },
    })
    await run(edges)
    expect(failures[0]).toMatch(/^Creating a docker-container buildx builder did not finish within 300 s/)
    expect(order).toEqual(['create, state: saved'])
    expect(state['builder']).toMatch(/^ecr-oidc-push-9-1-build-/)
  })
})

describe('the builder input', () => {
  const remote = 'Name: k8s-builder\nDriver: kubernetes\nPlatforms: linux/amd64, linux/arm64\n'
  test('a builder the job has: inspected and built on by name, never created or removed', async () => {
    const { docker, seen } = recordingDocker(remote)
    const { edges, failures, state } = fakeEdges({ ...valid, builder: 'k8s-builder' }, { docker })
    await run(edges)
    expect(failures).toEqual([])
    expect(seen.map((command) => command.args.slice(0, 4).join(' '))).toEqual(['buildx inspect --bootstrap k8s-builder', 'buildx build --builder=k8s-builder --progress=plain'])
    expect(state['builder']).toBeUndefined()
  })

  test.each<[string, string, Docker, RegExp]>([
    ['an unknown name', 'nope', async () => ({ exitCode: 1, stdout: '', stderr: 'ERROR: no builder "nope" found' }),
      /^Invalid input:\n- Input `builder` is "nope", and docker buildx has no builder of that name here\. Make it in an earlier step of this job \(docker\/setup-buildx-action: pass its `name` output\), or leave `builder` out/],
    ['a docker-driver builder on the classic store, for two platforms', 'ctx', async () => ({ exitCode: 0, stdout: 'Name: ctx\nDriver: docker\nPlatforms: linux/amd64, linux/arm64\n', stderr: '' }),
      /^Invalid input:\n- Input `builder` names ctx \(driver docker\), which builds one platform at a time .* Name a docker-container, kubernetes or remote builder/],
    ['a remote builder without arm64', 'rb', async () => ({ exitCode: 0, stdout: 'Name: rb\nDriver: remote\nPlatforms: linux/amd64\n', stderr: '' }),
      /^Invalid input:\n- Input `builder` names rb \(driver remote\), which cannot build linux\/arm64: it builds linux\/amd64\. Give it a node/],
    ['a name that is no builder name', '--push', async () => { throw new Error('docker must not run') },
      /^Invalid input:\n- Input `builder` is "--push", which is not a buildx builder name/],
  ])('%s: exit 1 naming the input, nothing pushed, nothing to clean up', async (_, builder, docker, message) => {
    const { edges, failures, calls, outputs, state } = fakeEdges({ ...valid, builder }, { docker: async (args, options) => (args[1] === 'inspect' ? docker(args, options) : { exitCode: 0, stdout: '', stderr: '' }) })
    await run(edges)
    expect(failures).toEqual([expect.stringMatching(message)])
    expect(calls.filter((call) => /PutImage|docker:buildx (build|create)|docker:run/.test(call))).toEqual([])
    expect(outputs).toEqual({})
    expect(state['builder']).toBeUndefined()
  })

  test('is push\'s only: a merge step refuses it', async () => {
    const { edges, failures, calls } = fakeEdges({ ...valid, mode: 'merge', builder: 'k8s-builder' })
    await run(edges)
    expect(calls).toEqual([])
    expect(failures[0]).toMatch(/Input `builder` is for `mode: push`, and this step runs `mode: merge`/)
  })
})
