/**
 * What shapes a build besides the commit, recorded as a label on every image it makes: a release whose
 * commit the main tier built from the same inputs is that image, and is promoted instead of rebuilt. Pure.
 */
import { createHash } from 'node:crypto'
import * as path from 'node:path'

/** The label every image carries: its BuildInputs, field by field (buildInputsLabel). */
export const BUILD_INPUTS_LABEL = 'ecr-oidc-push.build-inputs'
/** The OCI label with the full commit an image was built from (tags.ts writes it). */
export const REVISION_LABEL = 'org.opencontainers.image.revision'

/**
 * Everything the action tells buildx that changes a platform's image, apart from the commit it checked out.
 * The platforms are not in it: a platform's image is the same whichever others are built beside it, so the
 * images of a matrix of `platform-image` jobs, merged, carry the label one job building them all would.
 */
export interface BuildInputs {
  /** the Dockerfile's path as given (normalized), and the sha256 of its content */
  file: string
  dockerfileDigest: string
  context: string
  /** in their order: a later NAME= wins in buildx */
  buildArgs: readonly string[]
  provenance: string
  sbom: boolean
  /**
   * the context's files that differ from the commit (`git status`): `clean`, the sha256 of their paths and
   * contents, or `unknown` (not a git checkout): an image built from an unknown context is never promoted
   */
  worktree: string
}

const sha256 = (text: string | Buffer) => `sha256:${createHash('sha256').update(text).digest('hex')}`

/** The sha256 of a file's bytes, as BuildInputs records a Dockerfile's. */
export function contentDigest(bytes: Buffer): string {
  return sha256(bytes)
}

/**
 * A path as a person means it: `./Dockerfile` and `Dockerfile` are one, and a path inside the workspace is
 * written relative to it (a self-hosted runner's workspace moves between jobs).
 */
export function normalPath(file: string, workspace: string): string {
  const relative = path.isAbsolute(file) && workspace ? path.relative(workspace, file) : file
  const normal = path.posix.normalize(relative.split(path.sep).join('/')).replace(/\/$/, '')
  return normal === '' ? '.' : normal
}

/** The fields, in the label's order, with the words a person reads when one differs. */
const FIELDS = [
  ['file', "the Dockerfile's path"],
  ['dockerfile', "the Dockerfile's content"],
  ['context', 'the build context'],
  ['build-args', 'its build-args'],
  ['provenance', 'its provenance'],
  ['sbom', 'its sbom'],
  ['worktree', "the context's uncommitted files"],
] as const

/** `v1 file=… dockerfile=sha256:… context=… build-args=sha256:… provenance=… sbom=… worktree=…` */
export function buildInputsLabel(inputs: BuildInputs): string {
  const values: Record<(typeof FIELDS)[number][0], string> = {
    file: inputs.file,
    dockerfile: inputs.dockerfileDigest,
    context: inputs.context,
    // a hash, not the values: an image's labels are readable by anyone who may pull it
    'build-args': sha256(JSON.stringify(inputs.buildArgs)),
    provenance: inputs.provenance,
    sbom: String(inputs.sbom),
    worktree: inputs.worktree,
  }
  return ['v1', ...FIELDS.map(([key]) => `${key}=${encodeURIComponent(values[key])}`)].join(' ')
}

function parseLabel(label: string): Map<string, string> | undefined {
  const [version, ...pairs] = label.split(' ')
  if (version !== 'v1') return undefined
  return new Map(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), decodeURIComponent(pair.slice(pair.indexOf('=') + 1))]),
  )
}

/** More changed or ignored files than this in the context are not hashed: the context counts as unknown. */
export const MAX_WORKTREE_FILES = 2000

/**
 * `git status --porcelain=v1 -z --ignored` output for the context (paths from the repository's root), which of
 * them reach the build (`inContext`: inside the context, not excluded by .dockerignore), and a reader of the
 * files, as the label's `worktree` field: `clean`, or the sha256 of each changed, untracked or ignored path
 * with its content (`deleted` when gone); `unknown` without a status (not a git checkout, or no git) or past
 * MAX_WORKTREE_FILES.
 */
export async function worktreeState(
  status: string | undefined,
  read: (file: string) => Promise<Buffer | undefined>,
  inContext: (file: string) => boolean = () => true,
): Promise<string> {
  if (status === undefined) return 'unknown'
  // each entry is `XY path`; a rename's or copy's is followed by its old path, which names no file now
  const entries = status.split('\0')
  const files: string[] = []
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!
    if (entry.length < 4) continue
    files.push(entry.slice(3))
    if (/[RC]/.test(entry.slice(0, 2))) i++
  }
  const seen = [...new Set(files.filter(inContext))].sort()
  if (seen.length === 0) return 'clean'
  if (seen.length > MAX_WORKTREE_FILES) return 'unknown'
  const parts: string[] = []
  for (const file of seen) {
    const bytes = await read(file)
    parts.push(`${file}\0${bytes ? sha256(bytes) : 'deleted'}`)
  }
  return sha256(parts.join('\n'))
}

export type PromotionVerdict = { promote: true } | { promote: false; reason: string }

/**
 * Whether the main tier's image of this commit may stand for this build: its platforms are exactly the ones
 * asked for, every platform's config says it was built from this very commit (`sha`: the `<sha7>` tag alone
 * could name another commit's image) and from the same inputs (`expected`, a buildInputsLabel). `configs`
 * maps each platform (`linux/amd64`) to its config's labels, as `imagetools inspect` gives them.
 */
export function promotionVerdict(
  configs: Record<string, Record<string, string> | undefined>,
  platforms: readonly string[],
  expected: string,
  sha: string,
): PromotionVerdict {
  const have = Object.keys(configs).map(normalPlatform).sort()
  const want = platforms.map(normalPlatform).sort()
  if (have.join(',') !== want.join(','))
    return {
      promote: false,
      reason: `it has platforms ${have.join(', ') || 'none'}, this build wants ${want.join(', ')}`,
    }
  for (const [platform, labels] of Object.entries(configs)) {
    const revision = labels?.[REVISION_LABEL]
    if (revision !== sha)
      return {
        promote: false,
        reason: `its ${platform} image was built from commit ${revision ?? 'unknown'}, not ${sha}`,
      }
    const difference = inputsDifference(labels?.[BUILD_INPUTS_LABEL], expected)
    if (difference) return { promote: false, reason: `its ${platform} image ${difference}` }
  }
  return { promote: true }
}

/**
 * How an image's recorded build inputs differ from `expected` (both buildInputsLabel values), for a person;
 * undefined when they are the same. An unknown context (not a git checkout) never counts as the same.
 */
export function inputsDifference(recorded: string | undefined, expected: string): string | undefined {
  const had = recorded === undefined ? undefined : parseLabel(recorded)
  const wanted = parseLabel(expected)
  if (!had || !wanted) return `has no ${BUILD_INPUTS_LABEL} label`
  if (wanted.get('worktree') === 'unknown')
    return (
      'cannot be compared: this build context is not a git checkout, or holds more than ' +
      `${MAX_WORKTREE_FILES} files that differ from the commit or that git ignores (add them to .dockerignore)`
    )
  const differs = FIELDS.find(([key]) => had.get(key) !== wanted.get(key))
  return differs ? `differs in ${differs[1]}${shown(differs[0], had, wanted)}` : undefined
}

/** `(Dockerfile, not app/Dockerfile)` for the fields a person can read; nothing for hashes. */
function shown(key: string, had: Map<string, string>, wanted: Map<string, string>): string {
  if (key !== 'file' && key !== 'context' && key !== 'provenance' && key !== 'sbom') return ''
  return ` (${had.get(key)}, not ${wanted.get(key)})`
}

/** `linux/arm64/v8` is `linux/arm64`: the variant arm64 images carry or leave out (containerd's rule). */
function normalPlatform(platform: string): string {
  return platform.replace(/^(\w+\/arm64)\/v8$/, '$1')
}
