import { ExplainedError } from '../../src/errors.js'
import { DOCKER_MISSING, type Docker, buildImage, dockerCli, dockerLogin, prepareBuilder } from '../../src/docker/docker.js'

/** A docker that answers from a script and records what it was asked. */
function scriptedDocker(answers: { inspect: string; store: string; failOn?: string }) {
  const calls: Array<{ args: string[]; input?: string }> = []
  const docker: Docker = async (args, options = {}) => {
    calls.push({ args, ...(options.input !== undefined ? { input: options.input } : {}) })
    const command = args.slice(0, 2).join(' ')
    if (answers.failOn && command.startsWith(answers.failOn)) return { exitCode: 1, stdout: '', stderr: 'line 1\nline 2\nboom' }
    if (command === 'buildx inspect') return { exitCode: 0, stdout: answers.inspect, stderr: '' }
    if (command.startsWith('info')) return { exitCode: 0, stdout: answers.store, stderr: '' }
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  return { docker, calls }
}
const containerd = '[["driver-type","io.containerd.snapshotter.v1"]]'
const overlay = '[["Backing Filesystem","extfs"]]'
const amd64Only = 'Name: default\nDriver: docker\nPlatforms: linux/amd64, linux/386\n'
const both = 'Name: default\nDriver: docker\nPlatforms: linux/amd64, linux/arm64\n'
const platforms = ['linux/amd64', 'linux/arm64']

test('a builder that can already do it is left alone', async () => {
  const { docker, calls } = scriptedDocker({ inspect: both, store: containerd })
  expect(await prepareBuilder(docker, platforms, 'b1')).toEqual({ plan: { installEmulators: [], createBuilder: false } })
  expect(calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['buildx inspect', 'info --format'])
})

test('a GitHub-hosted runner gets the arm64 emulator and a docker-container builder', async () => {
  const { docker, calls } = scriptedDocker({ inspect: amd64Only, store: overlay })
  const prepared = await prepareBuilder(docker, platforms, 'ecr-oidc-push-9')
  expect(prepared.createdBuilder).toBe('ecr-oidc-push-9')
  expect(calls.slice(2).map((c) => c.args)).toEqual([
    ['run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install', 'arm64'],
    ['buildx', 'create', '--name', 'ecr-oidc-push-9', '--driver', 'docker-container', '--bootstrap'],
  ])
})

test.each([
  ['buildx missing', 'buildx inspect', /docker buildx is not usable here[\s\S]*boom[\s\S]*Install the buildx plugin/],
  ['emulator install fails', 'run --privileged', /Installing QEMU emulators for arm64 failed:\nline 1\nline 2\nboom/],
  ['builder creation fails', 'buildx create', /Creating a docker-container buildx builder failed/],
])('%s: a clear error', async (_, failOn, message) => {
  const { docker } = scriptedDocker({ inspect: amd64Only, store: overlay, failOn })
  await expect(prepareBuilder(docker, platforms, 'b')).rejects.toThrow(message)
})

test('the password goes to docker login on stdin, never as an argument', async () => {
  const { docker, calls } = scriptedDocker({ inspect: both, store: containerd })
  await dockerLogin(docker, { registry: 'r.example', username: 'AWS', password: 'pw-123' })
  expect(calls).toEqual([{ args: ['login', '--username', 'AWS', '--password-stdin', 'r.example'], input: 'pw-123' }])
})

test('a failed build ends with the end of its output', async () => {
  const { docker } = scriptedDocker({ inspect: both, store: containerd, failOn: 'buildx build' })
  const request = { context: '.', file: 'Dockerfile', platforms, imageRefs: [], labels: {}, buildArgs: [], push: true, metadataFile: '/nonexistent' }
  await expect(buildImage(docker, request)).rejects.toThrow(/docker buildx build failed \(exit 1\)\. Its last lines:\nline 1\nline 2\nboom/)
})

test('a pushed build with no digest in the metadata file is an error, not an empty output', async () => {
  const { docker } = scriptedDocker({ inspect: both, store: containerd })
  const request = { context: '.', file: 'Dockerfile', platforms, imageRefs: [], labels: {}, buildArgs: [], push: true, metadataFile: '/nonexistent' }
  await expect(buildImage(docker, request)).rejects.toThrow(/wrote no image digest/)
})

test('the real CLI edge turns a missing binary into the plain message', async () => {
  const error = await dockerCli('/nonexistent/docker')(['version'], { quiet: true }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ExplainedError)
  expect((error as Error).message).toBe(DOCKER_MISSING)
})
