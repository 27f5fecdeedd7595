// The strict stack's AWS endpoint, in front of moto: what moto forgives, it refuses as AWS does.
// - STS AssumeRoleWithWebIdentity: the token's signature, expiry, the account's OIDC provider for its issuer
//   with its audience, and the role's trust policy evaluated against the token's claims (web-identity.mjs).
// - ECR, for an assumed role: each API call evaluated against the role's policies and the repository's.
//   GetAuthorizationToken hands each caller a password of its own, which the registry front knows.
// - ECR keeps tag mutability with exclusion filters (moto 5.1 drops them, and its PutImageTagMutability
//   refuses the _WITH_EXCLUSION values); PutImage refuses an immutable tag that exists and a manifest whose
//   layers are not there; a deleted repository is emptied in the registry; a role's expired keys are refused.
// - ECR's API and registry are one store: a tag PutImage sets is the registry's too, and a manifest's digest
//   is the sha256 of its bytes; BatchGetImage answers each image under the imageId asked for.
// - ECR GetLifecyclePolicy's `lastEvaluatedAt` comes back as epoch seconds (moto 5.1 sends an ISO string).
// - A repository CloudFormation created answers in ECR's terms (moto 5.1 keeps the template's ScanOnPush,
//   EncryptionType and KmsKey, which the SDK does not read).
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy'
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { parseDocument, releaseTag } from './stack-state.mjs'
import { audiences, issuerKey, refusal, verifyToken } from './web-identity.mjs'
import { repositoryArn, tagIsImmutable } from './ecr-rules.mjs'

const readAll = (stream) => new Promise((resolve, reject) => {
  const chunks = []
  stream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

export function conformLifecycleAnswer(body) {
  const answer = JSON.parse(body.toString('utf8'))
  if (typeof answer.lastEvaluatedAt === 'string') answer.lastEvaluatedAt = Date.parse(answer.lastEvaluatedAt) / 1000
  return Buffer.from(JSON.stringify(answer))
}

const stsError = ({ code, message, status }) => ({
  status, headers: { 'content-type': 'text/xml' },
  body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>strict-stack</RequestId></ErrorResponse>`,
})
const ecrError = (type, message, status = 400) => ({ status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: type, message }) })
const ecrAnswer = (answer) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer) })

/** The request's access key ID and region, from its SigV4 Authorization header. */
function signedBy(headers) {
  const match = String(headers.authorization ?? '').match(/Credential=([^/]+)\/\d{8}\/([^/]+)\//)
  return match ? { accessKeyId: match[1], region: match[2] } : { accessKeyId: '', region: 'us-east-1' }
}

/** Why STS refuses this AssumeRoleWithWebIdentity, or undefined when AWS would let it through. */
export async function assumeRefusal(state, params) {
  const duration = Number(params.get('DurationSeconds') ?? 3600)
  if (!(duration >= 900)) {
    return refusal('ValidationError', `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`)
  }
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(params.get('RoleArn') ?? '')) {
    return refusal('ValidationError', `${params.get('RoleArn')} is invalid`)
  }
  const verified = verifyToken(params.get('WebIdentityToken'), state.stackDir)
  if (verified.refusal) return verified.refusal
  const { claims } = verified
  const roleArn = params.get('RoleArn') ?? ''
  const accountId = roleArn.split(':')[4] ?? ''
  const key = issuerKey(claims.iss)
  const providerArn = `arn:aws:iam::${accountId}:oidc-provider/${key}`
  const provider = await state.provider(accountId, providerArn).catch((error) => (error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity' ? undefined : Promise.reject(error)))
  if (!provider) return refusal('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claims.iss}`)
  const audience = audiences(claims).find((aud) => (provider.ClientIDList ?? []).includes(aud))
  if (!audience) return refusal('InvalidIdentityToken', 'Incorrect token audience')
  const denied = refusal('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)
  const role = await state.role(roleArn).catch(() => undefined)
  if (!role?.Role) return denied
  const trust = createValidatedPolicy(parseDocument(role.Role.AssumeRolePolicyDocument), validateTrustPolicy, { name: 'trust' })
  const decision = runUnsafeSimulation({
    request: {
      principal: providerArn, action: 'sts:AssumeRoleWithWebIdentity', resource: { resource: roleArn, accountId },
      contextVariables: { [`${key}:sub`]: String(claims.sub ?? ''), [`${key}:aud`]: audience },
    },
    identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: trust,
  }, {})
  if (decision !== 'Allowed') return denied
  if (duration > (role.Role.MaxSessionDuration ?? 3600)) {
    return refusal('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  return undefined
}

/** Sends the request on to moto as it came; the answer's status, headers and body. */
function toMoto(motoUrl, req, body) {
  return new Promise((resolve, reject) => {
    const upstream = request(`${motoUrl}${req.url}`, { method: req.method, headers: req.headers }, async (answer) => {
      resolve({ status: answer.statusCode ?? 502, headers: { ...answer.headers }, body: await readAll(answer) })
    })
    upstream.on('error', reject)
    upstream.end(body)
  })
}

/** moto's answer to the same ECR call with another JSON input. */
function toMotoWith(motoUrl, req, input) {
  const body = Buffer.from(JSON.stringify(input))
  return toMoto(motoUrl, { ...req, url: req.url, method: req.method, headers: { ...req.headers, 'content-length': String(body.length) } }, body)
}

/**
 * BatchGetImage as ECR answers it: each image under the imageId asked for, with its manifest's media type
 * (moto names an image by its latest tag and leaves the media type out). One moto call per imageId.
 */
async function batchGetImage(state, req, input) {
  const images = []
  const failures = []
  for (const imageId of input.imageIds ?? []) {
    const answer = await toMotoWith(state.motoUrl, req, { ...input, imageIds: [imageId] })
    if (answer.status !== 200) return answer
    const one = JSON.parse(answer.body.toString('utf8'))
    failures.push(...(one.failures ?? []).map((failure) => ({ ...failure, imageId })))
    for (const image of one.images ?? []) {
      const mediaType = image.imageManifestMediaType ?? JSON.parse(image.imageManifest ?? '{}').mediaType
      images.push({ ...image, imageId: { ...imageId, imageDigest: image.imageId?.imageDigest }, ...(mediaType ? { imageManifestMediaType: mediaType } : {}) })
    }
  }
  return ecrAnswer({ images, failures })
}

/** An image put through ECR's API is in the registry too, under its tag or its digest (ECR's API and registry are one store). */
function inRegistry(state, registry, input) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(input.imageManifest)
    const path = `/v2/${state.upstreamName(registry, input.repositoryName)}/manifests/${encodeURIComponent(input.imageTag ?? input.imageDigest)}`
    const mediaType = input.imageManifestMediaType || JSON.parse(input.imageManifest).mediaType
    const out = request({ ...state.registryUpstream, method: 'PUT', path, headers: { 'content-type': mediaType, 'content-length': String(body.length) } }, async (answer) => {
      const text = (await readAll(answer)).toString('utf8')
      if (answer.statusCode === 201) resolve()
      else reject(new Error(`${answer.statusCode} ${text}`))
    })
    out.on('error', reject)
    out.end(body)
  })
}

/**
 * PutImage as ECR does it, one tag write of a repository at a time: an immutable tag that exists is refused;
 * the manifest must have its layers in the registry (LayersNotFoundException); its digest is the sha256 of its
 * bytes; a tag that moves leaves the image it left (release, stack-state.mjs).
 */
async function putImage(state, req, registry, input) {
  const digest = input.imageDigest ?? `sha256:${createHash('sha256').update(input.imageManifest ?? '').digest('hex')}`
  if (input.imageTag) {
    const repository = await state.repository(registry, input.repositoryName)
    const existing = repository && (await state.tagDigest(registry, input.repositoryName, input.imageTag))
    if (existing && tagIsImmutable(repository.imageTagMutability, repository.filters, input.imageTag)) {
      return ecrError('ImageTagAlreadyExistsException', `The image tag '${input.imageTag}' already exists in the '${input.repositoryName}' repository and cannot be overwritten because the tag is immutable.`)
    }
  }
  try {
    await inRegistry(state, registry, { ...input, imageDigest: digest })
  } catch (error) {
    return ecrError('LayersNotFoundException', `The image manifest references layers or images that are not in the repository: ${error.message}`)
  }
  if (input.imageTag) await releaseTag(state, registry, input.repositoryName, input.imageTag, digest)
  return toMotoWith(state.motoUrl, req, { ...input, imageDigest: digest })
}

/** A repository's settings in ECR's terms, as moto's CloudFormation keeps them in the template's. */
export function inEcrTerms(repository) {
  const scan = repository.imageScanningConfiguration
  const encryption = repository.encryptionConfiguration
  return {
    ...repository,
    ...(scan && 'ScanOnPush' in scan ? { imageScanningConfiguration: { scanOnPush: Boolean(scan.ScanOnPush) } } : {}),
    ...(encryption && 'EncryptionType' in encryption
      ? { encryptionConfiguration: { encryptionType: encryption.EncryptionType, ...(encryption.KmsKey ? { kmsKey: encryption.KmsKey } : {}) } }
      : {}),
  }
}

/** ECR's answers that carry a repository: in ECR's terms, with the tag mutability as ECR keeps it. */
function withMutability(state, region, accountId, answer) {
  const patch = (stored) => {
    const repository = inEcrTerms(stored)
    const kept = state.mutability.get(state.mutabilityKey({ accountId: repository.registryId ?? accountId, region }, repository.repositoryName))
    return kept ? { ...repository, imageTagMutability: kept.mutability, imageTagMutabilityExclusionFilters: kept.filters.map((filter) => ({ filterType: 'WILDCARD', filter })) } : repository
  }
  if (answer.repositories) answer.repositories = answer.repositories.map(patch)
  if (answer.repository) answer.repository = patch(answer.repository)
  return answer
}

/** One ECR API call: evaluated for an assumed role, then what moto cannot do, then moto. */
async function ecrCall(state, req, body, action) {
  const { accessKeyId, region } = signedBy(req.headers)
  const identity = state.identityOfKey(accessKeyId)
  if (identity.expiresAt && identity.expiresAt < Date.now()) {
    return ecrError('ExpiredTokenException', 'The security token included in the request is expired')
  }
  const input = JSON.parse(body.toString('utf8') || '{}')
  const registry = { accountId: input.registryId ?? identity.accountId ?? state.defaultAccountId, region }
  // each repository the call names, or the resource it names; the registry's when it names none
  const resources = input.repositoryName ? [[repositoryArn(registry, input.repositoryName), input.repositoryName]]
    : input.repositoryNames ? input.repositoryNames.map((name) => [repositoryArn(registry, name), name])
    : input.resourceArn ? [[input.resourceArn, input.resourceArn.split('repository/')[1]]]
    : action === 'GetAuthorizationToken' ? [['*']]
    // every repository of the registry (ECR asks for repository/*, which a policy on one repository does not grant)
    : (await state.repositoryNames(registry)).map((name) => [repositoryArn(registry, name), name])
  for (const [resource, repository] of resources) {
    if (!(await state.allows(identity, `ecr:${action}`, resource, registry, repository))) {
      return ecrError('AccessDeniedException', `User: ${identity.principal} is not authorized to perform: ecr:${action} on resource: ${resource} because no identity-based policy allows the ecr:${action} action`)
    }
  }
  const mutabilityKey = input.repositoryName && state.mutabilityKey(registry, input.repositoryName)
  if (action === 'PutImageTagMutability' && /_WITH_EXCLUSION$/.test(input.imageTagMutability)) {
    if (!(await state.repository(registry, input.repositoryName))) {
      return ecrError('RepositoryNotFoundException', `The repository with name '${input.repositoryName}' does not exist in the registry with id '${registry.accountId}'`)
    }
    const filters = (input.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter)
    state.mutability.set(mutabilityKey, { mutability: input.imageTagMutability, filters })
    return ecrAnswer({ registryId: registry.accountId, repositoryName: input.repositoryName, imageTagMutability: input.imageTagMutability, imageTagMutabilityExclusionFilters: input.imageTagMutabilityExclusionFilters ?? [] })
  }
  if (action === 'PutImage') return state.oneAtATime(state.upstreamName(registry, input.repositoryName), () => putImage(state, req, registry, input))
  if (action === 'BatchGetImage') return batchGetImage(state, req, input)
  const answer = await toMoto(state.motoUrl, req, body)
  if (answer.status !== 200) return answer
  if (action === 'CreateRepository' && input.imageTagMutability) {
    state.mutability.set(mutabilityKey, { mutability: input.imageTagMutability, filters: (input.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter) })
  }
  if (action === 'PutImageTagMutability') state.mutability.set(mutabilityKey, { mutability: input.imageTagMutability, filters: [] })
  if (action === 'DeleteRepository') state.purgeRepository(registry, input.repositoryName)
  if (action === 'GetLifecyclePolicy') return { ...answer, body: conformLifecycleAnswer(answer.body) }
  if (action === 'GetAuthorizationToken') {
    const token = JSON.parse(answer.body.toString('utf8'))
    // the administrator keeps moto's password (the stack's admin password); every role gets one of its own
    if (!identity.admin) {
      for (const data of token.authorizationData ?? []) data.authorizationToken = Buffer.from(`AWS:${state.issuePassword(identity)}`).toString('base64')
    }
    return ecrAnswer(token)
  }
  if (/Repositor/.test(action)) return ecrAnswer(withMutability(state, region, registry.accountId, JSON.parse(answer.body.toString('utf8'))))
  return answer
}

/** Remembers whom STS gave an access key to (AssumeRoleWithWebIdentity, AssumeRole). */
function recordSession(state, roleArn, answerXml) {
  const accessKeyId = answerXml.match(/<AccessKeyId>([^<]+)<\/AccessKeyId>/)?.[1]
  const principal = answerXml.match(/<AssumedRoleUser>[\s\S]*?<Arn>([^<]+)<\/Arn>/)?.[1]
  const expiresAt = Date.parse(answerXml.match(/<Expiration>([^<]+)<\/Expiration>/)?.[1] ?? '') || Date.now() + 3600_000
  if (accessKeyId && principal) state.sessions.set(accessKeyId, { principal, roleArn, accountId: roleArn.split(':')[4], expiresAt })
}

/** The AWS endpoint's request handler. */
export function awsFront(state) {
  return async (req, res) => {
    let changes = false
    const send = ({ status, headers, body }) => {
      if (changes) state.recent.clear()
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body)
      const out = { ...headers, 'content-length': String(bytes.length) }
      delete out['transfer-encoding']
      res.writeHead(status, out).end(bytes)
    }
    try {
      const body = await readAll(req)
      if (req.url?.startsWith('/moto-api/reset')) {
        const answer = await toMoto(state.motoUrl, req, body)
        state.reset()
        return send(answer)
      }
      const target = req.headers['x-amz-target']
      const params = new URLSearchParams(typeof target === 'string' ? '' : body.toString('utf8'))
      const action = typeof target === 'string' ? target.split('.').pop() : params.get('Action')
      // a change to IAM or ECR is seen at once by the registry's next question
      changes = !/^(Get|List|Describe|BatchGet|BatchCheck)/.test(action ?? '')
      if (changes) state.recent.clear()
      if (typeof target === 'string' && target.startsWith('AmazonEC2ContainerRegistry')) return send(await ecrCall(state, req, body, action))
      if (action === 'AssumeRoleWithWebIdentity') {
        const refused = await assumeRefusal(state, params)
        if (refused) return send(stsError(refused))
      }
      const answer = await toMoto(state.motoUrl, req, body)
      if ((action === 'AssumeRoleWithWebIdentity' || action === 'AssumeRole') && answer.status === 200) {
        recordSession(state, params.get('RoleArn') ?? '', answer.body.toString('utf8'))
      }
      return send(answer)
    } catch (error) {
      send({ status: 500, headers: { 'content-type': 'text/plain' }, body: `strict stack: ${error.stack ?? error}` })
    }
  }
}
