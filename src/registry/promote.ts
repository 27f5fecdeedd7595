/**
 * Build once, promote: a release of a commit the main tier already built, from the same build inputs, is
 * that image, copied into the release repository by digest (every platform; layers are copied or mounted
 * within the registry, none is rebuilt) and tagged there. The image's labels say what it was built from
 * (build-inputs.ts).
 */
import type { ECRClient } from '@aws-sdk/client-ecr'
import { type PromotionVerdict, promotionVerdict } from '../build-inputs.js'
import { configLabels } from '../docker/build.js'
import type { Docker } from '../docker/docker.js'
import { ExplainedError } from '../errors.js'
import { AttemptTimeout, REMOTE_POLICY, callRemote } from '../remote.js'
import { lastLines } from '../format.js'
import { type TargetState, readTarget } from './images.js'
import type { PublishPlan } from './publish.js'

/** How long copying an image within the registry may take: manifests and layers, no build. */
const IMAGETOOLS_TIMEOUT_MS = 120_000

export interface PromotionSource {
  /** `<registry>/<main tier's repository>` */
  image: string
  repository: string
  /** the tag that names this commit's image there (`<sha7>`), and the commit */
  commitTag: string
  sha: string
}

/**
 * What the main tier holds for this commit: an image to promote, or why this release builds (`warn` when
 * the user expects a promotion and setup is what is missing).
 */
export type Candidate = { digest: string; ref: string } | { build: string; warn?: true }

/**
 * The main tier's image of this commit, if it may stand for this build: one BatchGetImage (with the
 * repository's description) and one `imagetools inspect` of its configs. Never throws for an image that is
 * not there or cannot be read: the release then builds, and `build` says why.
 */
export async function promotionCandidate(
  ecr: ECRClient,
  docker: Docker,
  source: PromotionSource,
  platforms: readonly string[],
  buildInputs: string,
): Promise<Candidate> {
  const target = await readTarget(ecr, source.repository, [source.commitTag]).catch((error: unknown): TargetState => ({
    state: 'unreadable',
    reason: (error as Error).message,
  }))
  if (target.state === 'missing') return { build: `the main tier's repository ${source.repository} does not exist` }
  if (target.state === 'denied' || (target.state === 'unreadable' && !target.existing)) {
    return {
      build:
        `the main tier's repository ${source.repository} could not be read (${target.reason}); ` +
        'run setup again so the release role may read it',
      warn: true,
    }
  }
  const digest = target.existing?.get(source.commitTag)
  if (!digest) return { build: `the main tier has no image of this commit (${source.image}:${source.commitTag})` }
  const ref = `${source.image}@${digest}`
  const verdict = await configLabels(docker, ref)
    .then((configs): PromotionVerdict => promotionVerdict(configs, platforms, buildInputs, source.sha))
    .catch((error: unknown): PromotionVerdict => ({ promote: false, reason: (error as Error).message }))
  return verdict.promote ? { digest, ref } : { build: `${ref} cannot stand for this build: ${verdict.reason}` }
}

/**
 * What a release run learns from the main tier after pre-flight: when it must build, whether main's image
 * of this commit may be promoted instead; when it is published already, whether that image was promoted
 * (for `promoted-from`). Nothing to ask when pre-flight found a conflict.
 */
export async function fromMainTier(
  ecr: ECRClient,
  docker: Docker,
  plan: PublishPlan,
  source: PromotionSource,
  platforms: readonly string[],
  buildInputs: string,
): Promise<{ candidate?: Candidate; promotedFrom?: string }> {
  if (plan.kind === 'build') return { candidate: await promotionCandidate(ecr, docker, source, platforms, buildInputs) }
  if (plan.kind !== 'published') return {}
  const promotedFrom = await promotedEarlier(ecr, source, plan.digest)
  return promotedFrom ? { promotedFrom } : {}
}

/**
 * After a re-run finds the release published: the main tier's image it was promoted from, when the main
 * tier's `<sha7>` names the very same digest (one BatchGetImage), so `promoted-from` says the same on every
 * run. Undefined when it was built, or main cannot be read.
 */
export async function promotedEarlier(
  ecr: ECRClient,
  source: PromotionSource,
  digest: string,
): Promise<string | undefined> {
  const target = await readTarget(ecr, source.repository, [source.commitTag]).catch(() => undefined)
  return target?.state === 'present' && target.existing.get(source.commitTag) === digest
    ? `${source.image}@${digest}`
    : undefined
}

/**
 * Copies `from` (`<image>@<digest>`) into `image` under the same digest, no tag: `imagetools create` with a
 * digest reference PUTs every manifest by digest. Throws an ExplainedError with buildx's last lines.
 */
export async function copyByDigest(docker: Docker, from: string, image: string, digest: string): Promise<void> {
  const args = ['buildx', 'imagetools', 'create', `--tag=${image}@${digest}`, '--', from]
  try {
    await callRemote(
      { service: `The registry ${image.slice(0, image.indexOf('/'))}`, call: 'the copy (imagetools create)' },
      async (signal) => {
        const copied = await docker(args, { quiet: true, signal })
        const output = copied.stderr + copied.stdout
        if (copied.exitCode !== 0) throw Object.assign(new Error(lastLines(output, 1)), { output })
      },
      {
        policy: COPY_POLICY,
        // a registry's passing fault (5xx, a dropped connection) is tried again; a refusal is not
        classify: (error) => ({
          transient: error instanceof AttemptTimeout || PASSING.test((error as { output?: string }).output ?? ''),
          description: (error as Error).message,
        }),
      },
    )
  } catch (error) {
    const output =
      (error as { cause?: { output?: string }; output?: string }).output ??
      (error as { cause?: { output?: string } }).cause?.output
    throw new ExplainedError(
      `Promoting ${from} into ${image} failed; no tag was set:\n` +
        `${output ? lastLines(output, 10) : (error as Error).message}\n` +
        'Re-run the job; with `promote: never` the release builds instead.',
    )
  }
}

/** buildx's words for a registry's passing fault. */
const PASSING = /\b5\d\d [A-Z]|connection reset|unexpected EOF|i\/o timeout|TLS handshake timeout/i

/** Copying within the registry: manifests and layers, no build; 3 attempts of up to 2 minutes. */
const COPY_POLICY = { ...REMOTE_POLICY, attemptTimeoutMs: IMAGETOOLS_TIMEOUT_MS, maxAttempts: 3, budgetMs: 300_000 }
