/**
 * What ECR holds for a push, read and written through ECR's API: the repository and its tag rules, the digest
 * each tag names, and a tag set on an image already pushed. AWS docs: ECR API Reference, DescribeRepositories,
 * BatchGetImage, PutImage.
 */
import {
  BatchGetImageCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  PutImageCommand,
  type PutImageCommandInput,
} from '@aws-sdk/client-ecr'
import { createHash } from 'node:crypto'
import { endpointOf } from '../aws/client-config.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import { type CallOptions, RemoteUnavailable, callRemote } from '../remote.js'
import { INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES } from './layout.js'
import type { TagRules } from './publish.js'

/** Every manifest type a multi-platform push makes, so ECR hands each back as it was pushed. */
const MANIFEST_TYPES = [...INDEX_MEDIA_TYPES, ...MANIFEST_MEDIA_TYPES]

/** What ECR says of the repository a push targets. */
export type TargetState =
  | { state: 'present'; rules: TagRules; existing: Map<string, string> }
  | { state: 'missing' }
  /**
   * the role may not describe it (set up before pre-flight existed), and reads its images: the digests of
   * the tags (`existing`), without the tag rules
   */
  | { state: 'unreadable'; reason: string; existing?: Map<string, string> }
  /** the role may neither describe it nor read its images: not this role's repository (a typo, a rename) */
  | { state: 'denied'; reason: string }

async function ecrCall<T>(
  ecr: ECRClient,
  call: string,
  send: (signal: AbortSignal) => Promise<T>,
  options: CallOptions,
): Promise<T> {
  try {
    return await callRemote({ service: 'AWS ECR', call, endpoint: () => endpointOf(ecr) }, send, options)
  } catch (error) {
    if (error instanceof RemoteUnavailable) throw error
    throw Object.assign(error as Error, { described: describeAwsError(error) })
  }
}

/** BatchGetImage for these images of the repository, each manifest in the type it was pushed as. */
function batchGetImage(
  ecr: ECRClient,
  repository: string,
  imageIds: Array<{ imageTag?: string; imageDigest?: string }>,
  options: CallOptions,
) {
  return ecrCall(
    ecr,
    'BatchGetImage',
    (abortSignal) =>
      ecr.send(new BatchGetImageCommand({ repositoryName: repository, imageIds, acceptedMediaTypes: MANIFEST_TYPES }), {
        abortSignal,
      }),
    options,
  )
}

/** PutImage of a manifest, under a tag when one is given. */
function putImage(ecr: ECRClient, input: PutImageCommandInput, options: CallOptions) {
  return ecrCall(ecr, 'PutImage', (abortSignal) => ecr.send(new PutImageCommand(input), { abortSignal }), options)
}

/** The digest each of `tags` names in the repository now: one BatchGetImage (none for no tags). */
async function digestsOf(
  ecr: ECRClient,
  repository: string,
  tags: readonly string[],
  options: CallOptions,
): Promise<Map<string, string>> {
  const existing = new Map<string, string>()
  if (tags.length === 0) return existing
  const answer = await batchGetImage(
    ecr,
    repository,
    tags.map((imageTag) => ({ imageTag })),
    options,
  )
  for (const image of answer.images ?? []) {
    if (image.imageId?.imageTag && image.imageId.imageDigest)
      existing.set(image.imageId.imageTag, image.imageId.imageDigest)
  }
  return existing
}

/**
 * The repository's tag rules and the digest each of `tags` names now: one DescribeRepositories and one
 * BatchGetImage. Throws only when ECR cannot be reached; a refusal is `unreadable`.
 */
export async function readTarget(
  ecr: ECRClient,
  repository: string,
  tags: readonly string[],
  options: CallOptions = {},
): Promise<TargetState> {
  try {
    const described = await ecrCall(
      ecr,
      'DescribeRepositories',
      (abortSignal) => ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }), { abortSignal }),
      options,
    )
    const found = described.repositories?.[0]
    if (!found) return { state: 'missing' }
    const rules = {
      mutability: found.imageTagMutability ?? 'MUTABLE',
      filters: (found.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter ?? '').filter((f) => f !== ''),
    }
    return { state: 'present', rules, existing: await digestsOf(ecr, repository, tags, options) }
  } catch (error) {
    const name = (error as Error).name
    if (name === 'RepositoryNotFoundException') return { state: 'missing' }
    if (!/AccessDenied/.test(name)) throw error
    const reason = (error as { described?: string }).described ?? name
    // an older role reads images but may not describe the repository; a role of another repository neither
    try {
      return { state: 'unreadable', reason, existing: await digestsOf(ecr, repository, tags, options) }
    } catch (second) {
      const secondName = (second as Error).name
      if (secondName === 'RepositoryNotFoundException') return { state: 'missing' }
      if (/AccessDenied/.test(secondName)) return { state: 'denied', reason }
      return { state: 'unreadable', reason }
    }
  }
}

/**
 * Sets each tag on the image `digest` already in the repository, through PutImage with its own manifest: no
 * layer moves. A tag that already names it is left as it is, even when ECR refuses to write it again (an
 * immutable tag another job set meanwhile). Throws an ExplainedError quoting ECR's refusal.
 */
export async function setTags(
  ecr: ECRClient,
  repository: string,
  digest: string,
  tags: readonly string[],
  options: CallOptions = {},
): Promise<void> {
  if (tags.length === 0) return
  const fetched = await batchGetImage(ecr, repository, [{ imageDigest: digest }], options).catch((error: unknown) => {
    throw new ExplainedError(
      `Reading ${repository}@${digest} from ECR to tag it failed: ` +
        `${(error as { described?: string }).described ?? (error as Error).message}`,
    )
  })
  const image = fetched.images?.[0]
  if (!image?.imageManifest)
    throw new ExplainedError(
      `ECR has no image ${digest} in ${repository} to tag (${fetched.failures?.[0]?.failureReason ?? 'not found'}).`,
    )
  const set: string[] = []
  for (const tag of tags) {
    try {
      await putImage(
        ecr,
        {
          repositoryName: repository,
          imageManifest: image.imageManifest,
          imageManifestMediaType: image.imageManifestMediaType,
          imageDigest: digest,
          imageTag: tag,
        },
        options,
      )
    } catch (error) {
      if ((error as Error).name === 'ImageAlreadyExistsException') continue
      // an immutable tag another job set meanwhile (two tags of one commit released at once): the same image
      if (
        (error as Error).name === 'ImageTagAlreadyExistsException' &&
        (await digestsOf(ecr, repository, [tag], options).catch(() => undefined))?.get(tag) === digest
      )
        continue
      const described = (error as { described?: string }).described ?? (error as Error).message
      throw new ExplainedError(
        `ECR refused to tag ${repository}@${digest} as ${tag}: ${described}\n` +
          `The image itself is pushed (by digest); ${set.length > 0 ? `set before this: ${set.join(', ')}; ` : ''}` +
          'no tag after this one was set. ' +
          'Another job may have published the same tag meanwhile: re-run this one to see what the repository holds.',
      )
    }
    set.push(tag)
  }
}

/**
 * Puts a manifest that is not in the repository yet (merge's index, whose platform images are) under the
 * first tag, then sets the others on it; returns its digest as ECR computed it.
 */
export async function putManifest(
  ecr: ECRClient,
  repository: string,
  manifest: string,
  mediaType: string,
  tags: readonly string[],
  options: CallOptions = {},
): Promise<string> {
  const [first, ...others] = tags
  // ECR's digest of a manifest is the sha256 of its bytes
  let digest: string | undefined = `sha256:${createHash('sha256').update(manifest).digest('hex')}`
  try {
    const answer = await putImage(
      ecr,
      {
        repositoryName: repository,
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
        ...(first ? { imageTag: first } : {}),
      },
      options,
    )
    digest = answer.image?.imageId?.imageDigest
  } catch (error) {
    // the same index under the same tag (a re-run): it is there already
    if ((error as Error).name !== 'ImageAlreadyExistsException') {
      const described = (error as { described?: string }).described ?? (error as Error).message
      throw new ExplainedError(
        `ECR refused the index for ${repository}${first ? ` as ${first}` : ''}: ${described}\nNo tag was set.`,
      )
    }
  }
  if (!digest) throw new ExplainedError(`ECR answered PutImage for ${repository} without the image's digest.`)
  await setTags(ecr, repository, digest, others, options)
  return digest
}
