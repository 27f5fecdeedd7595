/**
 * An OCI image layout as pure data: which blobs and manifests a push of its root needs, in the order a
 * registry accepts them (every blob before the manifests, each manifest after what it names).
 * OCI Image Format Specification: image-layout.md, image-index.md, manifest.md.
 */

/** An OCI content descriptor (the fields a push needs). */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
}

export interface PushOrder {
  /** configs and layers, each once */
  blobs: Descriptor[]
  /** platform (and attestation) manifests first, the root last; each with its bytes */
  manifests: Array<{ descriptor: Descriptor; bytes: Buffer }>
}

/** The media types of an index and of a single manifest (OCI's and Docker's): what a registry takes as a manifest. */
export const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
])
export const MANIFEST_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
])

const DIGEST = /^sha256:[0-9a-f]{64}$/

/** `sha256:<hex>` → `blobs/sha256/<hex>`, the blob's path inside a layout; anything else is refused. */
export function blobPath(digest: string): string {
  if (!DIGEST.test(digest)) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`)
  return `blobs/sha256/${digest.slice('sha256:'.length)}`
}

/**
 * Walks the root manifest (an index or a single manifest) through `read`, which gives a blob's bytes by
 * digest. Throws when a manifest is not JSON or is of a type a registry would not take as a manifest.
 */
export async function pushOrder(root: Descriptor, read: (digest: string) => Promise<Buffer>): Promise<PushOrder> {
  const blobs = new Map<string, Descriptor>()
  const manifests: PushOrder['manifests'] = []
  const seen = new Set<string>()
  const visit = async (descriptor: Descriptor): Promise<void> => {
    if (seen.has(descriptor.digest)) return
    seen.add(descriptor.digest)
    const bytes = await read(descriptor.digest)
    const document = parseManifest(bytes, descriptor)
    if (INDEX_MEDIA_TYPES.has(descriptor.mediaType)) {
      for (const child of document.manifests ?? []) await visit(descriptorOf(child, descriptor.digest))
    } else {
      for (const blob of [document.config, ...(document.layers ?? [])]) {
        const d = descriptorOf(blob, descriptor.digest)
        blobs.set(d.digest, d)
      }
    }
    manifests.push({ descriptor, bytes })
  }
  await visit(root)
  return { blobs: [...blobs.values()], manifests }
}

/** The descriptor of `digest` in a layout's index.json (the layout's own index, not a pushed one). */
export function rootIn(indexJson: Buffer, digest: string): Descriptor {
  let listed: unknown[]
  try {
    listed = (JSON.parse(indexJson.toString('utf8')) as ManifestDocument).manifests ?? []
  } catch {
    throw new Error('its index.json is not JSON')
  }
  const found = listed.find((entry) => (entry as Partial<Descriptor> | undefined)?.digest === digest)
  if (!found) throw new Error(`its index.json does not list ${digest}`)
  return descriptorOf(found, 'index.json')
}

interface ManifestDocument {
  manifests?: unknown[]
  config?: unknown
  layers?: unknown[]
}

function parseManifest(bytes: Buffer, descriptor: Descriptor): ManifestDocument {
  if (!INDEX_MEDIA_TYPES.has(descriptor.mediaType) && !MANIFEST_MEDIA_TYPES.has(descriptor.mediaType)) {
    throw new Error(`${descriptor.digest} has media type ${descriptor.mediaType}, which is not a manifest's`)
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as ManifestDocument
  } catch {
    throw new Error(`the manifest ${descriptor.digest} is not JSON`)
  }
}

function descriptorOf(value: unknown, parent: string): Descriptor {
  const d = (value ?? {}) as Partial<Descriptor>
  if (typeof d.mediaType !== 'string' || typeof d.digest !== 'string' || !DIGEST.test(d.digest)) {
    throw new Error(`the manifest ${parent} names content without a media type and a sha256 digest`)
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new Error(`the manifest ${parent} gives ${d.digest} no size`)
  }
  return { mediaType: d.mediaType, digest: d.digest, size: d.size }
}

/** A registry's `{"errors":[{"code","message"}]}` body as one line; the status alone when it has none. */
export function registryErrorText(status: number, body: string): string {
  try {
    const errors = (JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> }).errors ?? []
    const said = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).filter((s) => s !== '')
    if (said.length > 0) return `${said.join('; ')} (HTTP ${status})`
  } catch {
    // not JSON: the status and the first line say what there is
  }
  const line = body.trim().split('\n')[0]?.slice(0, 200)
  return line ? `HTTP ${status}: ${line}` : `HTTP ${status}`
}

/**
 * How long one attempt at a blob may take: 30 s, plus 4 ms per KiB (a floor of 250 KiB/s), so a large layer on
 * a slow link is not cut off, and a silent connection is still given up on.
 */
export function blobAttemptMs(size: number): number {
  return 30_000 + Math.ceil(size / 1024) * 4
}
