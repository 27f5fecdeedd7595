// ECR's registry rules as pure functions, for the strict stack (strict-stack.mjs): which ECR action a
// registry request is, whether a tag may be written again, and the errors ECR answers with.
// Sources: "Amazon ECR private registry authentication" and "Required IAM permissions for pushing an image"
// (AWS ECR User Guide); "Tag mutability" with exclusion filters (wildcards over the whole tag); the
// Docker Registry HTTP API V2 for the request shapes. Written apart from the product's own rules
// (src/registry/publish.ts) on purpose: a stack that reused them could not catch them being wrong.

/** `123456789012.dkr.ecr.us-east-1.amazonaws.com` → its account and region; undefined for any other host. */
export function registryOfHost(host) {
  const match = String(host ?? '').toLowerCase().match(/^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?(:\d+)?$/)
  return match ? { accountId: match[1], region: match[2] } : undefined
}

export const repositoryArn = (registry, repository) =>
  `arn:${registry.region.startsWith('cn-') ? 'aws-cn' : 'aws'}:ecr:${registry.region}:${registry.accountId}:repository/${repository}`

/**
 * The ECR action a registry request needs, on which repository: a pull reads manifests (BatchGetImage) and
 * layers (GetDownloadUrlForLayer), a push checks layers (BatchCheckLayerAvailability), uploads them
 * (InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload) and puts the manifest (PutImage).
 * `reference` is a manifest's tag or digest; `mountFrom`, a cross-repository mount's source. Undefined for
 * `/v2/` (authentication alone) and anything that is not the registry API.
 */
export function registryRequestOf(method, url) {
  const { pathname, searchParams } = new URL(url, 'https://registry')
  if (pathname === '/v2/' || pathname === '/v2') return { kind: 'ping' }
  if (pathname === '/v2/_catalog') return { kind: 'catalog', action: 'ecr:DescribeRepositories' }
  const match = pathname.match(/^\/v2\/(.+?)\/(manifests\/([^/]+)|blobs\/uploads\/?([^/]*)|blobs\/([^/]+)|tags\/list)$/)
  if (!match) return undefined
  const [, repository, what, manifestRef, uploadId, blobDigest] = match
  const verb = method.toUpperCase()
  // ECR's registry deletes nothing: images go through ECR's API (BatchDeleteImage), layers with them
  if (verb === 'DELETE' && !what.startsWith('blobs/uploads')) return { kind: 'unsupported', repository }
  if (what.startsWith('manifests/')) {
    const action = verb === 'PUT' ? 'ecr:PutImage' : verb === 'DELETE' ? 'ecr:BatchDeleteImage' : 'ecr:BatchGetImage'
    return { kind: 'manifest', repository, action, reference: decodeURIComponent(manifestRef) }
  }
  if (what === 'tags/list') return { kind: 'tags', repository, action: 'ecr:ListImages' }
  if (what.startsWith('blobs/uploads')) {
    if (verb === 'POST' && !uploadId) {
      const mountFrom = searchParams.get('mount') ? searchParams.get('from') ?? undefined : undefined
      return { kind: 'upload', repository, action: 'ecr:InitiateLayerUpload', ...(mountFrom ? { mountFrom } : {}) }
    }
    return { kind: 'upload', repository, action: verb === 'PUT' ? 'ecr:CompleteLayerUpload' : 'ecr:UploadLayerPart' }
  }
  return { kind: 'blob', repository, action: verb === 'GET' ? 'ecr:GetDownloadUrlForLayer' : 'ecr:BatchCheckLayerAvailability', digest: blobDigest }
}

/** A manifest reference is a digest (`sha256:…`) or a tag, and tags hold no colon. */
export const isDigest = (reference) => reference.includes(':')

/** An exclusion filter: `*` stands for any run of characters, and the filter must match the whole tag. */
export function wildcardMatches(filter, tag) {
  const pattern = filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(`^${pattern}$`).test(tag)
}

/**
 * Whether a tag, once it exists, may never be written again: IMMUTABLE; IMMUTABLE_WITH_EXCLUSION unless a
 * filter matches it; MUTABLE_WITH_EXCLUSION when a filter matches it; MUTABLE never.
 */
export function tagIsImmutable(mutability, filters, tag) {
  const excluded = (filters ?? []).some((filter) => wildcardMatches(filter, tag))
  if (mutability === 'IMMUTABLE') return true
  if (mutability === 'IMMUTABLE_WITH_EXCLUSION') return !excluded
  if (mutability === 'MUTABLE_WITH_EXCLUSION') return excluded
  return false
}

/** A registry error as ECR sends it: `{"errors":[{"code","message"}]}` with its HTTP status. */
export const registryError = (status, code, message, headers = {}) => ({
  status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify({ errors: [{ code, message }] }),
})

export const nameUnknown = (registry, repository) =>
  registryError(404, 'NAME_UNKNOWN', `The repository with name '${repository}' does not exist in the registry with id '${registry.accountId}'`)

export const tagInvalid = (repository, tag) => registryError(400, 'TAG_INVALID',
  `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`)

export const denied = (principal, action, resource) => registryError(403, 'DENIED',
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`)

export const unsupported = () => registryError(405, 'UNSUPPORTED', 'The operation is unsupported.')

export const tokenExpired = () => registryError(403, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.')

export const notAuthorized = (host) => registryError(401, 'DENIED', 'Not Authorized', {
  'www-authenticate': `Basic realm="https://${host}/",service="ecr.amazonaws.com"`,
})
