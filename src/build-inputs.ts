/**
 * What shapes a build besides the commit, as one digest recorded on every image it makes: a release whose
 * commit was built in the main tier from the same inputs is that image, and is promoted instead of rebuilt.
 * Pure.
 */
import { createHash } from 'node:crypto'

/** The label every image carries: `sha256:<hex>` of its BuildInputs. */
export const BUILD_INPUTS_LABEL = 'ecr-oidc-push.build-inputs'

/** Everything the action tells buildx that changes the image, apart from the commit it checked out. */
export interface BuildInputs {
  /** the Dockerfile's path as given, and the sha256 of its content (`sha256:<hex>`) */
  file: string
  dockerfileDigest: string
  context: string
  /** in their order: a later NAME= wins in buildx */
  buildArgs: readonly string[]
  platforms: readonly string[]
  provenance: string
  sbom: boolean
}

/**
 * `sha256:<hex>` of the inputs in a fixed JSON form (platforms sorted: their order does not change the
 * image). The commit time (SOURCE_DATE_EPOCH) is left out: it follows from the commit.
 */
export function buildInputsDigest(inputs: BuildInputs): string {
  const form = JSON.stringify([
    'ecr-oidc-push build inputs v1',
    inputs.file,
    inputs.dockerfileDigest,
    inputs.context,
    [...inputs.buildArgs],
    [...inputs.platforms].sort(),
    inputs.provenance,
    inputs.sbom,
  ])
  return `sha256:${createHash('sha256').update(form).digest('hex')}`
}

/** The sha256 of a file's bytes, as BuildInputs records a Dockerfile's. */
export function contentDigest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export type PromotionVerdict = { promote: true } | { promote: false; reason: string }

/**
 * Whether the main tier's image of this commit may stand for this build: every platform's config carries the
 * same build-inputs label, and its platforms are exactly the ones asked for. `configs` maps each platform
 * (`linux/amd64`) to its config's labels, as `imagetools inspect --format '{{json .Image}}'` gives them.
 */
export function promotionVerdict(
  configs: Record<string, Record<string, string> | undefined>,
  platforms: readonly string[],
  expected: string,
): PromotionVerdict {
  const have = Object.keys(configs).map(normalPlatform).sort()
  const want = platforms.map(normalPlatform).sort()
  if (have.join(',') !== want.join(','))
    return {
      promote: false,
      reason: `it has platforms ${have.join(', ') || 'none'}, this build wants ${want.join(', ')}`,
    }
  for (const [platform, labels] of Object.entries(configs)) {
    const recorded = labels?.[BUILD_INPUTS_LABEL]
    if (!recorded) return { promote: false, reason: `its ${platform} image has no ${BUILD_INPUTS_LABEL} label` }
    if (recorded !== expected)
      return {
        promote: false,
        reason: 'it was built from other inputs (Dockerfile, context, build-args, platforms or attestations differ)',
      }
  }
  return { promote: true }
}

/** `linux/arm64/v8` is `linux/arm64`: the variant arm64 images carry or leave out (containerd's rule). */
function normalPlatform(platform: string): string {
  return platform.replace(/^(\w+\/arm64)\/v8$/, '$1')
}
