/**
 * Pushes an OCI image layout to the registry by digest alone, through the Docker Registry HTTP API V2 as ECR
 * serves it (Basic auth with the ECR login): each missing blob (HEAD, POST an upload, PUT its bytes), then
 * every manifest by digest, the root last. No tag is written: tags move after, through ECR's API.
 * For the `docker` driver, which buildx 0.13 cannot make push by digest. AWS docs: "Pushing a Docker image"
 * (ECR User Guide); OCI Distribution Specification, "Push".
 */
import { createReadStream } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import type { RegistryLogin } from '../docker/docker.js'
import { ExplainedError } from '../errors.js'
import { fetchFor, viaProxy } from '../proxy/env.js'
import { type CallOptions, REMOTE_POLICY, RemoteUnavailable, callRemote, classifyFault } from '../remote.js'
import { type Descriptor, blobAttemptMs, blobPath, pushOrder, registryErrorText, rootIn } from './layout.js'

/** How many blobs go up at once, as docker pushes layers. */
const PARALLEL_BLOBS = 4

export interface LayoutPush {
  /** a directory written by `--output=type=oci,tar=false` */
  layoutDir: string
  /** the root's digest (buildx's metadata file gives it): the layout's index.json names it */
  digest: string
  login: RegistryLogin
  repository: string
}

/**
 * Pushes the root and everything it names, then removes the layout (it may hold gigabytes). Returns how many
 * blobs were uploaded and how many the repository had already. Throws an ExplainedError naming the
 * repository, the digest and the registry's own words.
 */
export async function pushLayout(
  push: LayoutPush,
  options: CallOptions = {},
): Promise<{ uploaded: number; present: number }> {
  try {
    return await pushAll(push, options)
  } finally {
    await rm(push.layoutDir, { recursive: true, force: true })
  }
}

async function pushAll(push: LayoutPush, options: CallOptions): Promise<{ uploaded: number; present: number }> {
  const read = (digest: string) => readFile(path.join(push.layoutDir, blobPath(digest)))
  const order = await readFile(path.join(push.layoutDir, 'index.json'))
    .then((index) => pushOrder(rootIn(index, push.digest), read))
    .catch((error: unknown) => {
      throw new ExplainedError(
        `The image buildx wrote to ${push.layoutDir} cannot be read: ${(error as Error).message}`,
      )
    })
  const registry = new RegistryApi(push.login, push.repository, options)
  let uploaded = 0
  const queue = [...order.blobs]
  const worker = async () => {
    for (let blob = queue.shift(); blob; blob = queue.shift()) {
      if (await registry.putBlob(blob, path.join(push.layoutDir, blobPath(blob.digest)))) uploaded++
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BLOBS, queue.length) }, worker))
  for (const { descriptor, bytes } of order.manifests) await registry.putManifest(descriptor, bytes)
  return { uploaded, present: order.blobs.length - uploaded }
}

/** A failure the registry answered: its status and its own words. */
class RegistryAnswer extends Error {
  override name = 'RegistryAnswer'
  constructor(
    readonly statusCode: number,
    readonly said: string,
  ) {
    super(said)
  }
}

class RegistryApi {
  private readonly base: string
  private readonly authorization: string

  constructor(
    login: RegistryLogin,
    private readonly repository: string,
    private readonly options: CallOptions,
  ) {
    this.base = `https://${login.registry}/v2/${repository}`
    this.authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`
  }

  /** Uploads the blob unless the repository has it; true when it was uploaded. */
  async putBlob(blob: Descriptor, file: string): Promise<boolean> {
    const policy = { ...REMOTE_POLICY, ...this.options.policy }
    const attemptTimeoutMs = Math.max(policy.attemptTimeoutMs, blobAttemptMs(blob.size))
    return this.call(
      `the upload of ${blob.digest}`,
      { ...policy, attemptTimeoutMs, budgetMs: attemptTimeoutMs * 3 },
      async (signal) => {
        const head = await this.send('HEAD', `${this.base}/blobs/${blob.digest}`, signal)
        if (head.ok) return false
        const started = await this.send('POST', `${this.base}/blobs/uploads/`, signal)
        const location = started.headers.get('location')
        if (started.status !== 202 || !location) throw await answerOf(started)
        await started.body?.cancel()
        const target = new URL(location, this.base)
        target.searchParams.set('digest', blob.digest)
        const put = await this.send('PUT', target.href, signal, {
          body: Readable.toWeb(createReadStream(file)) as ReadableStream,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
        })
        if (put.status !== 201) throw await answerOf(put)
        await put.body?.cancel()
        return true
      },
    )
  }

  /** PUTs a manifest under its own digest. */
  async putManifest(manifest: Descriptor, bytes: Buffer): Promise<void> {
    await this.call(`the manifest PUT of ${manifest.digest}`, this.options.policy, async (signal) => {
      const put = await this.send('PUT', `${this.base}/manifests/${manifest.digest}`, signal, {
        body: bytes,
        headers: { 'content-type': manifest.mediaType },
      })
      if (put.status !== 201) throw await answerOf(put)
      await put.body?.cancel()
    })
  }

  private async send(
    method: string,
    url: string,
    signal: AbortSignal,
    init: { body?: Buffer | ReadableStream; headers?: Record<string, string> } = {},
  ) {
    // through the runner's proxy unless NO_PROXY lists the registry (Node's fetch never reads HTTPS_PROXY)
    const fetchVia = await fetchFor(url)
    return fetchVia(url, {
      method,
      signal,
      ...(init.body ? { body: init.body, duplex: 'half' } : {}),
      headers: { authorization: this.authorization, 'user-agent': 'ecr-oidc-push', ...init.headers },
      redirect: 'follow',
    } as RequestInit)
  }

  private async call<T>(
    what: string,
    policy: CallOptions['policy'],
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const host = new URL(this.base).host
    try {
      return await callRemote({ service: `The registry ${viaProxy(host, this.base)}`, call: what }, attempt, {
        classify: (error) =>
          error instanceof RegistryAnswer
            ? { transient: error.statusCode >= 500 || error.statusCode === 429, description: error.said }
            : classifyFault(error),
        ...this.options,
        ...(policy ? { policy } : {}),
      })
    } catch (error) {
      if (error instanceof RemoteUnavailable)
        throw new ExplainedError(`${error.message}\nNo tag was set; re-run the job.`)
      const said = error instanceof RegistryAnswer ? error.said : (error as Error).message
      throw new ExplainedError(
        `The registry ${host} refused ${what} to ${this.repository}: ${said}\n` +
          'Nothing was tagged: the tags are set only once the whole image is in the repository.',
      )
    }
  }
}

async function answerOf(response: Response): Promise<RegistryAnswer> {
  const body = await response.text().catch(() => '')
  return new RegistryAnswer(response.status, registryErrorText(response.status, body))
}
