// The registry API itself (Docker Registry HTTP API V2), spoken directly to the stack's registry: small
// synthetic images pushed and read without docker, to see exactly what the registry answers.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import * as path from 'node:path'
import { REGISTRY_HOST, STACK_DIR } from './stack.js'

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')
const ca = () => readFileSync(path.join(STACK_DIR, 'tls', 'ca.crt'))
export const sha256 = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** One request to the registry as `AWS:<password>`. */
export function registryCall(password: string, method: string, pathAndQuery: string, body?: string | Buffer, contentType?: string, host = REGISTRY_HOST): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`, host }
    if (contentType) headers['content-type'] = contentType
    // as docker does: without it a registry may answer an OCI manifest as not found
    if (pathAndQuery.includes('/manifests/')) headers['accept'] = MANIFEST_TYPES
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
    const req = request({ host: '127.0.0.1', port: 443, servername: REGISTRY_HOST, method, path: pathAndQuery, headers, ca: ca() }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The registry's error code, or '' for a success. */
export const errorCode = (answer: Answer) => (answer.status < 300 ? '' : (JSON.parse(answer.body || '{}') as { errors?: Array<{ code: string }> }).errors?.[0]?.code ?? `HTTP ${answer.status}`)

/** Uploads a blob in one PUT (POST, then PUT ?digest=); the answer of the last step. */
export async function pushBlob(password: string, repository: string, data: string): Promise<Answer> {
  const started = await registryCall(password, 'POST', `/v2/${repository}/blobs/uploads/`)
  if (started.status !== 202) return started
  const location = String(started.headers['location'])
  const url = new URL(location, `https://${REGISTRY_HOST}`)
  url.searchParams.set('digest', sha256(data))
  return registryCall(password, 'PUT', `${url.pathname}${url.search}`, data, 'application/octet-stream')
}

/** A tiny OCI image: its config (which `seed` makes unique) and its manifest, with the manifest's digest. */
export function syntheticImage(seed: string) {
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Labels: { seed } } })
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: Buffer.byteLength(config) }, layers: [],
  })
  return { config, manifest, digest: sha256(manifest) }
}

/** Pushes the image's config, then its manifest under `reference` (a tag or its digest): the manifest PUT's answer. */
export async function pushImage(password: string, repository: string, image: ReturnType<typeof syntheticImage>, reference: string): Promise<Answer> {
  const blob = await pushBlob(password, repository, image.config)
  if (blob.status !== 201) return blob
  return registryCall(password, 'PUT', `/v2/${repository}/manifests/${reference}`, image.manifest, 'application/vnd.oci.image.manifest.v1+json')
}

/** The tags of a repository in the registry of `host` (any account or region of the stack), as the administrator sees them. */
export async function listTagsAt(host: string, repository: string, password: string): Promise<string[]> {
  const answer = await registryCall(password, 'GET', `/v2/${repository}/tags/list`, undefined, undefined, host)
  if (errorCode(answer) === 'NAME_UNKNOWN') return []
  if (answer.status !== 200) throw new Error(`listing the tags of ${repository} at ${host}: ${answer.status} ${answer.body}`)
  return (JSON.parse(answer.body) as { tags: string[] | null }).tags ?? []
}
