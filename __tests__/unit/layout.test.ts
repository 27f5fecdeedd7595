import { createHash } from 'node:crypto'
import { type Descriptor, blobAttemptMs, blobPath, pushOrder, registryErrorText, rootIn } from '../../src/registry/layout.js'

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'
const CONFIG = 'application/vnd.oci.image.config.v1+json'

/** A layout in memory: put JSON or bytes, get its descriptor. */
function memoryLayout() {
  const blobs = new Map<string, Buffer>()
  const put = (mediaType: string, content: unknown): Descriptor => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content))
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    blobs.set(digest, bytes)
    return { mediaType, digest, size: bytes.length }
  }
  const read = async (digest: string) => {
    const bytes = blobs.get(digest)
    if (!bytes) throw new Error(`no blob ${digest}`)
    return bytes
  }
  return { put, read }
}

describe('pushOrder', () => {
  test('a two-platform index: every blob once, platform manifests before the index', async () => {
    const { put, read } = memoryLayout()
    const base = put(LAYER, Buffer.from('shared base layer'))
    const amd = put(OCI_MANIFEST, { config: put(CONFIG, { arch: 'amd64' }), layers: [base, put(LAYER, Buffer.from('amd'))] })
    const arm = put(OCI_MANIFEST, { config: put(CONFIG, { arch: 'arm64' }), layers: [base, put(LAYER, Buffer.from('arm'))] })
    const index = put(OCI_INDEX, { manifests: [amd, arm] })
    const order = await pushOrder(index, read)
    expect(order.blobs).toHaveLength(5)
    expect(new Set(order.blobs.map((b) => b.digest)).size).toBe(5)
    expect(order.manifests.map((m) => m.descriptor.digest)).toEqual([amd.digest, arm.digest, index.digest])
  })

  test('a single manifest is its own root', async () => {
    const { put, read } = memoryLayout()
    const manifest = put(OCI_MANIFEST, { config: put(CONFIG, {}), layers: [] })
    const order = await pushOrder(manifest, read)
    expect(order.blobs).toHaveLength(1)
    expect(order.manifests.map((m) => m.descriptor)).toEqual([manifest])
  })

  test.each<[string, (put: ReturnType<typeof memoryLayout>['put']) => Descriptor, RegExp]>([
    ['a root that is a layer', (put) => put(LAYER, Buffer.from('x')), /media type .*layer.* not a manifest's/],
    ['a manifest that is not JSON', (put) => put(OCI_MANIFEST, Buffer.from('{nope')), /is not JSON/],
    ['a layer without a digest', (put) => put(OCI_MANIFEST, { config: { mediaType: CONFIG, digest: 'md5:x', size: 1 } }), /without a media type and a sha256 digest/],
    ['a layer without a size', (put) => put(OCI_MANIFEST, { config: { mediaType: CONFIG, digest: `sha256:${'a'.repeat(64)}` } }), /gives sha256:a+ no size/],
  ])('refused: %s', async (_name, make, message) => {
    const { put, read } = memoryLayout()
    await expect(pushOrder(make(put), read)).rejects.toThrow(message)
  })
})

describe('rootIn', () => {
  const digest = `sha256:${'b'.repeat(64)}`
  test('the index.json entry for the digest', () => {
    const json = Buffer.from(JSON.stringify({ manifests: [{ mediaType: OCI_INDEX, digest, size: 645, annotations: {} }] }))
    expect(rootIn(json, digest)).toEqual({ mediaType: OCI_INDEX, digest, size: 645 })
  })
  test.each([
    ['not JSON', Buffer.from('{'), /index.json is not JSON/],
    ['without the digest', Buffer.from('{"manifests":[]}'), /does not list sha256:b+/],
  ])('refused: %s', (_name, json, message) => {
    expect(() => rootIn(json, digest)).toThrow(message)
  })
})

test.each([
  [`sha256:${'c'.repeat(64)}`, `blobs/sha256/${'c'.repeat(64)}`],
])('blobPath(%s)', (digest, expected) => {
  expect(blobPath(digest)).toBe(expected)
})
test.each(['sha256:../../etc/passwd', 'sha512:abc', ''])('blobPath refuses %j', (digest) => {
  expect(() => blobPath(digest)).toThrow(/not a sha256 digest/)
})

test.each([
  [400, '{"errors":[{"code":"TAG_INVALID","message":"The image tag \'v1\' already exists"}]}', "TAG_INVALID: The image tag 'v1' already exists (HTTP 400)"],
  [403, '{"errors":[{"code":"DENIED","message":"not authorized"},{"code":"X"}]}', 'DENIED: not authorized; X (HTTP 403)'],
  [502, '<html>Bad Gateway</html>\nmore', 'HTTP 502: <html>Bad Gateway</html>'],
  [404, '', 'HTTP 404'],
])('registryErrorText(%d, …)', (status, body, expected) => {
  expect(registryErrorText(status, body)).toBe(expected)
})

test.each([
  [0, 30_000],
  [1024 * 1024, 34_096],
  [1024 ** 3, 30_000 + 4 * 1024 * 1024],
])('blobAttemptMs(%d bytes) = %d ms', (size, ms) => {
  expect(blobAttemptMs(size)).toBe(ms)
})
