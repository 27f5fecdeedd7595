// The strict stack's registry, in front of a plain Docker registry: it answers as ECR's does.
// - A request signs in with Basic auth, the password one of GetAuthorizationToken's (aws-front.mjs): it
//   names who asks. The stack's own admin password is the account administrator's.
// - A repository ECR does not have is NAME_UNKNOWN; each registry action is evaluated against the caller's
//   IAM policies and the repository's policy (DENIED); an existing immutable tag is never written again,
//   same digest or not (TAG_INVALID); every manifest accepted becomes visible through ECR's API (moto).
// - Each account's and region's registry keeps its own repositories: upstream, under `<account>/<region>/`.
import { request } from 'node:http'
import { PutImageCommand } from '@aws-sdk/client-ecr'
import {
  denied, isDigest, nameUnknown, notAuthorized, registryError, registryOfHost, registryRequestOf, repositoryArn, tagInvalid,
  tagIsImmutable, tokenExpired, unsupported,
} from './ecr-rules.mjs'
import { releaseTag } from './stack-state.mjs'

const readAll = (stream) => new Promise((resolve, reject) => {
  const chunks = []
  stream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

function reply(res, { status, headers, body }) {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)), 'docker-distribution-api-version': 'registry/2.0' }).end(body)
}

/** The Basic credentials' password, if any. */
function passwordOf(headers) {
  const match = String(headers.authorization ?? '').match(/^Basic\s+(\S+)$/i)
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  return decoded.slice(decoded.indexOf(':') + 1)
}

/** The registry front's request handler; `upstream` is the plain registry (`{ host, port }`). */
export function registryFront(state, upstream) {

  /** Forwards the request under the repository's upstream name; Location headers come back in the client's names. */
  const forward = (req, upstreamPath, names, body) => new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `${upstream.host}:${upstream.port}` }
    delete headers.authorization
    if (body) headers['content-length'] = String(body.length)
    const out = request({ ...upstream, method: req.method, path: upstreamPath, headers }, (answer) => {
      const answerHeaders = { ...answer.headers }
      if (answerHeaders.location) answerHeaders.location = answerHeaders.location.replace(`/v2/${names.upstream}/`, `/v2/${names.client}/`)
      resolve({ status: answer.statusCode ?? 502, headers: answerHeaders, stream: answer })
    })
    out.on('error', reject)
    if (body) out.end(body)
    else req.pipe(out)
  })

  const pipeBack = (res, answer) => {
    res.writeHead(answer.status, answer.headers)
    answer.stream.pipe(res)
  }

  /** A manifest PUT: the tag's rule first, then the registry, then ECR's API sees the image. */
  const putManifest = async (req, res, registry, call, upstreamPath, names) => {
    const body = await readAll(req)
    const tag = isDigest(call.reference) ? undefined : call.reference
    await state.oneAtATime(names.upstream, async () => {
      if (tag) {
        const repository = await state.repository(registry, call.repository)
        const existing = await state.tagDigest(registry, call.repository, tag)
        if (existing && tagIsImmutable(repository.imageTagMutability, repository.filters, tag)) return reply(res, tagInvalid(call.repository, tag))
      }
      const answer = await forward(req, upstreamPath, names, body)
      const answerBody = await readAll(answer.stream)
      const digest = answer.headers['docker-content-digest']
      if (answer.status === 201 && digest) {
        if (tag) await releaseTag(state, registry, call.repository, tag, digest)
        await state.admin('ecr', registry.accountId, registry.region).send(new PutImageCommand({
          repositoryName: call.repository, imageManifest: body.toString('utf8'), imageDigest: digest,
          imageManifestMediaType: String(req.headers['content-type'] ?? ''), ...(tag ? { imageTag: tag } : {}),
        })).catch((error) => {
          if (error.name !== 'ImageAlreadyExistsException') throw error
        })
      }
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answerBody.length) }).end(answerBody)
    })
  }

  return async (req, res) => {
    try {
      const host = String(req.headers.host ?? '')
      const registry = registryOfHost(host)
      const call = registryRequestOf(req.method ?? 'GET', req.url ?? '/')
      if (!registry || !call) return reply(res, registryError(404, 'NOT_FOUND', `${req.method} ${req.url} is not a registry API request`))
      const password = passwordOf(req.headers)
      const identity = password && state.identityOfPassword(password)
      if (!identity) return reply(res, notAuthorized(host.replace(/:\d+$/, '')))
      if (identity.expired) return reply(res, tokenExpired())
      if (call.kind === 'ping') return reply(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' })
      if (call.kind === 'catalog') return reply(res, registryError(405, 'UNSUPPORTED', 'The catalog is not served: list repositories with ECR DescribeRepositories.'))

      if (!(await state.repository(registry, call.repository))) return reply(res, nameUnknown(registry, call.repository))
      if (call.kind === 'unsupported') return reply(res, unsupported())
      const arn = repositoryArn(registry, call.repository)
      if (!(await state.allows(identity, call.action, arn, registry, call.repository))) return reply(res, denied(identity.principal, call.action, arn))

      const names = { client: call.repository, upstream: state.upstreamName(registry, call.repository) }
      const url = new URL(req.url, 'https://registry')
      let path = url.pathname.replace(`/v2/${names.client}/`, `/v2/${names.upstream}/`)
      if (call.mountFrom) {
        // a layer another repository of this registry has: mounted when the caller may pull it, else uploaded
        const source = call.mountFrom
        const mayPull = (await state.repository(registry, source)) &&
          (await state.allows(identity, 'ecr:BatchGetImage', repositoryArn(registry, source), registry, source))
        if (mayPull) url.searchParams.set('from', state.upstreamName(registry, source))
        else {
          url.searchParams.delete('mount')
          url.searchParams.delete('from')
        }
      }
      path += url.search
      if (call.kind === 'manifest' && req.method === 'PUT') return await putManifest(req, res, registry, call, path, names)
      const answer = await forward(req, path, names)
      if (call.kind === 'tags') {
        // a repository ECR has is listed, with no tags before its first push
        const list = answer.status === 200 ? JSON.parse((await readAll(answer.stream)).toString('utf8')) : { tags: [] }
        if (answer.status !== 200) answer.stream.resume()
        return reply(res, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: call.repository, tags: list.tags ?? [] }) })
      }
      if (answer.status >= 400) {
        // the registry's own errors, in the caller's names (and ECR's words for an image it does not have)
        const text = (await readAll(answer.stream)).toString('utf8').replaceAll(names.upstream, names.client)
        const body = /MANIFEST_UNKNOWN/.test(text) ? registryError(404, 'MANIFEST_UNKNOWN', 'Requested image not found').body : text
        return reply(res, { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body })
      }
      pipeBack(res, answer)
    } catch (error) {
      // said in the stack's log too: a 500 from the stand-in is the stand-in's fault, to be found and fixed
      console.error(`registry front: ${req.method} ${req.url}: ${error.stack ?? error}`)
      if (!res.headersSent) reply(res, registryError(500, 'UNKNOWN', `strict stack: ${error.message}`))
      else res.destroy(error)
    }
  }
}
