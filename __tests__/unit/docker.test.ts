import { ExplainedError } from '../../src/errors.js'
import { AttemptTimeout, DOCKER_LOGIN_POLICY } from '../../src/remote.js'
import { buildImage, prepareBuilder } from '../../src/docker/build.js'
import { DOCKER_MISSING, type Docker, dockerCli } from '../../src/docker/docker.js'
import { dockerLogin } from '../../src/docker/logins.js'

/** A docker that answers from a script and records what it was asked. */
function scriptedDocker(answers: { inspect: string; failOn?: string }) {
  const calls: Array<{ args: string[]; input?: string }> = []
  const docker: Docker = async (args, options = {}) => {
    calls.push({ args, ...(options.input !== undefined ? { input: options.input } : {}) })
    const command = args.slice(0, 2).join(' ')
    if (answers.failOn && command.startsWith(answers.failOn)) return { exitCode: 1, stdout: '', stderr: 'line 1\nline 2\nboom' }
    if (command === 'buildx inspect') return { exitCode: 0, stdout: answers.inspect, stderr: '' }
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  return { docker, calls }
}
// the classic image store (GitHub-hosted runners) and the containerd one, told apart by the worker's snapshotter label
const amd64Only = 'Name: default\nDriver: docker\nPlatforms: linux/amd64, linux/386\nLabels:\n org.mobyproject.buildkit.worker.executor: oci\n'
const both = 'Name: default\nDriver: docker\nPlatforms: linux/amd64, linux/arm64\nLabels:\n org.mobyproject.buildkit.worker.snapshotter: overlayfs\n'
const platforms = ['linux/amd64', 'linux/arm64']

test('a builder that can already do it is left alone', async () => {
  const { docker, calls } = scriptedDocker({ inspect: both })
  expect(await prepareBuilder(docker, { platforms, newName: 'b1' })).toEqual({ plan: { installEmulators: [], createBuilder: false }, canExportCache: true, pushVia: 'layout' })
  expect(calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['buildx inspect'])
})

test('a GitHub-hosted runner gets the arm64 emulator and a docker-container builder', async () => {
  const { docker, calls } = scriptedDocker({ inspect: amd64Only })
  const prepared = await prepareBuilder(docker, { platforms, newName: 'ecr-oidc-push-9', creating: (name) => calls.push({ args: ['(creating)', name] }) })
  expect(prepared.builder).toBe('ecr-oidc-push-9')
  expect(calls.slice(1).map((c) => c.args)).toEqual([
    ['run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install', 'arm64'],
    // the post step hears of the builder before it is created
    ['(creating)', 'ecr-oidc-push-9'],
    ['buildx', 'create', '--name', 'ecr-oidc-push-9', '--driver', 'docker-container', '--bootstrap'],
  ])
})

test.each([
  ['buildx missing', 'buildx inspect', /docker buildx is not usable here[\s\S]*boom[\s\S]*Install the buildx plugin/],
  ['emulator install fails', 'run --privileged', /Installing QEMU emulators for arm64 failed:\nline 1\nline 2\nboom/],
  ['builder creation fails', 'buildx create', /Creating a docker-container buildx builder failed/],
])('%s: a clear error', async (_, failOn, message) => {
  const { docker } = scriptedDocker({ inspect: amd64Only, failOn })
  await expect(prepareBuilder(docker, { platforms, newName: 'b' })).rejects.toThrow(message)
})

test('the password goes to docker login on stdin, never as an argument', async () => {
  const { docker, calls } = scriptedDocker({ inspect: both })
  await dockerLogin(docker, { registry: 'r.example', username: 'AWS', password: 'pw-123' })
  expect(calls).toEqual([{ args: ['login', '--username', 'AWS', '--password-stdin', 'r.example'], input: 'pw-123' }])
})

test('a failed build ends with the end of its output', async () => {
  const { docker } = scriptedDocker({ inspect: both, failOn: 'buildx build' })
  const request = { context: '.', file: 'Dockerfile', platforms, image: 'r/app', imageRefs: [], labels: {}, buildArgs: [], push: true, metadataFile: '/nonexistent' }
  await expect(buildImage(docker, request)).rejects.toThrow(/docker buildx build failed \(exit 1\)\. Its last lines:\nline 1\nline 2\nboom/)
})

test('a pushed build with no digest in the metadata file is an error, not an empty output', async () => {
  const { docker } = scriptedDocker({ inspect: both })
  const request = { context: '.', file: 'Dockerfile', platforms, image: 'r/app', imageRefs: [], labels: {}, buildArgs: [], push: true, metadataFile: '/nonexistent' }
  await expect(buildImage(docker, request)).rejects.toThrow(/wrote no image digest/)
})

test('the real CLI edge turns a missing binary into the plain message', async () => {
  const error = await dockerCli('/nonexistent/docker')(['version'], { quiet: true }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ExplainedError)
  expect((error as Error).message).toBe(DOCKER_MISSING)
})

describe('the real CLI edge with a time bound', () => {
  test('a command that outlives its bound is killed and rejects with AttemptTimeout', async () => {
    const started = performance.now()
    const error = await dockerCli('sleep')(['30'], { quiet: true, timeoutMs: 200 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AttemptTimeout)
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  test('an aborted signal kills the command with the signal\'s reason', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new AttemptTimeout(100)), 100)
    await expect(dockerCli('sleep')(['30'], { quiet: true, signal: controller.signal })).rejects.toBeInstanceOf(AttemptTimeout)
  })

  test('stdin reaches the command, and its output and exit code come back', async () => {
    expect(await dockerCli('sh')(['-c', 'cat; echo oops >&2; exit 3'], { quiet: true, timeoutMs: 5_000, input: 'secret-on-stdin' }))
      .toEqual({ exitCode: 3, stdout: 'secret-on-stdin', stderr: 'oops\n' })
  })

  test('a missing binary is the plain message here too', async () => {
    await expect(dockerCli('/nonexistent/docker')(['info'], { timeoutMs: 1_000 })).rejects.toThrow(DOCKER_MISSING)
  })
})

test('docker login is tried again while the registry fails, and not when it refuses', async () => {
  const policy = { ...DOCKER_LOGIN_POLICY, baseDelayMs: 1, maxDelayMs: 1 }
  const login = { registry: 'r.example', username: 'AWS', password: 'pw' }
  const answers = [
    { exitCode: 1, stdout: '', stderr: 'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable' },
    { exitCode: 0, stdout: 'Login Succeeded', stderr: '' },
  ]
  let calls = 0
  await dockerLogin(async () => answers[calls++]!, login, { policy })
  expect(calls).toBe(2)

  calls = 0
  const refused: Docker = async () => (calls++, { exitCode: 1, stdout: '', stderr: 'Error response from daemon: login attempt failed with status: 401 Unauthorized' })
  await expect(dockerLogin(refused, login, { policy })).rejects.toThrow(/^docker login to r\.example failed:\nError response from daemon: login attempt failed with status: 401 Unauthorized$/)
  expect(calls).toBe(1)

  calls = 0
  const missing: Docker = async () => { calls++; throw new ExplainedError(DOCKER_MISSING) }
  await expect(dockerLogin(missing, login, { policy })).rejects.toThrow(DOCKER_MISSING)
  expect(calls).toBe(1)

  const down: Docker = async () => ({ exitCode: 1, stdout: '', stderr: 'dial tcp 127.0.0.2:443: connect: connection refused' })
  await expect(dockerLogin(down, login, { policy })).rejects.toThrow(/^The registry r\.example did not complete docker login: dial tcp .* connection refused, after 3 attempts over/)
})

test('a credential helper that cannot store the password: not tried again, and explained', async () => {
  const policy = { ...DOCKER_LOGIN_POLICY, baseDelayMs: 1, maxDelayMs: 1 }
  let calls = 0
  const keychain: Docker = async () => (calls++, {
    exitCode: 1, stdout: '',
    stderr: 'Error saving credentials: error storing credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``',
  })
  const error = await dockerLogin(keychain, { registry: 'r.example', username: 'AWS', password: 'pw' }, { policy, configDir: '/home/runner/.docker' }).then(() => new Error('no failure'), (e: unknown) => e as Error)
  expect(calls).toBe(1)
  expect(error).toBeInstanceOf(ExplainedError)
  expect(error.message).toMatch(/^docker login to r\.example failed:\nError saving credentials: .*docker-credential-desktop.*\nThe docker config \/home\/runner\/\.docker\/config\.json hands registry passwords to a credential helper \(its `credsStore` or `credHelpers`\)/)
  expect(error.message).toMatch(/remove the `credsStore` or this registry.s `credHelpers` entry from that file, or give the job a docker config of its own \(set DOCKER_CONFIG .*\)\. Push and merge need neither/)
  expect(error.message).not.toContain('pw')
})

test('a failed push reads every tag back from the registry', async () => {
  const asked: string[] = []
  const docker: Docker = async (args) => {
    if (args[1] === 'build') return { exitCode: 1, stdout: '', stderr: 'failed to push: connection reset by peer' }
    asked.push(args.at(-1)!)
    return args.at(-1)!.endsWith(':sha1') ? { exitCode: 0, stdout: '{}', stderr: '' } : { exitCode: 1, stdout: '', stderr: 'ERROR: r/app:main: not found' }
  }
  const request = { context: '.', file: 'Dockerfile', platforms, image: 'r/app', imageRefs: ['r/app:sha1', 'r/app:main'], labels: {}, buildArgs: [], push: true, metadataFile: '/nonexistent' }
  await expect(buildImage(docker, request)).rejects.toThrow(/connection reset by peer\n\nRead back from the registry after the failure \(2 tags\):\n {2}there: sha1 .*\n {2}not there: main$/)
  expect(asked.sort()).toEqual(['r/app:main', 'r/app:sha1'])
})

test('a builder wanted only to write the cache: when it cannot be created, build without writing it, and say so', async () => {
  const { docker } = scriptedDocker({ inspect: 'Name: default\nDriver: docker\nPlatforms: linux/amd64\n', failOn: 'buildx create' })
  const prepared = await prepareBuilder(docker, { platforms: ['linux/amd64'], newName: 'b', exportCache: true })
  expect(prepared).toMatchObject({ canExportCache: false, notice: expect.stringMatching(/^The layer cache is not written: the docker driver here cannot export it and creating a docker-container builder failed \(boom\)\.$/) })
  expect(prepared.builder).toBeUndefined()
  await expect(prepareBuilder(docker, { platforms, newName: 'b', exportCache: true })).rejects.toThrow(/Creating a docker-container buildx builder failed/)
})

describe('a builder the `builder` input names', () => {
  test('is inspected by name and used; emulators where it runs on this daemon; never created', async () => {
    const { docker, calls } = scriptedDocker({ inspect: 'Name: setup-buildx\nDriver: docker-container\nPlatforms: linux/amd64\n' })
    const prepared = await prepareBuilder(docker, { platforms, named: 'setup-buildx', newName: 'unused', exportCache: true, creating: () => { throw new Error('never created') } })
    expect(prepared).toEqual({ plan: { installEmulators: ['arm64'], createBuilder: false }, builder: 'setup-buildx', canExportCache: true, pushVia: 'digest' })
    expect(calls.map((c) => c.args.join(' '))).toEqual(['buildx inspect --bootstrap setup-buildx', 'run --privileged --rm tonistiigi/binfmt --install arm64'])
  })

  test('a docker-driver one on the classic store writes no cache, and is not replaced for it', async () => {
    const { docker, calls } = scriptedDocker({ inspect: amd64Only.replace('Name: default', 'Name: ctx') })
    const prepared = await prepareBuilder(docker, { platforms: ['linux/amd64'], named: 'ctx', newName: 'unused', exportCache: true })
    // a docker-driver builder is its context's: the build runs from that context
    expect(prepared).toMatchObject({ builder: 'ctx', env: { DOCKER_CONTEXT: 'ctx' }, canExportCache: false, pushVia: 'tags', notice: 'The layer cache is not written: the docker driver here cannot export it (builder ctx, the classic image store).' })
    expect(calls).toHaveLength(1)
  })

  test('that buildx cannot inspect for another reason: the plain buildx failure', async () => {
    const { docker } = scriptedDocker({ inspect: both, failOn: 'buildx inspect' })
    await expect(prepareBuilder(docker, { platforms, named: 'x', newName: 'b' })).rejects.toThrow(/^docker buildx is not usable here/)
  })
})
