/**
 * The layer cache in the image's own ECR repository (no extra permission, no extra repository): which
 * cache tags a run reads and writes, and what buildx said about them. Pure.
 */
import { type GitFacts, MAX_TAG_LENGTH, archOf, sanitizeTag } from '../tags.js'

/** Cache tags say what they are; they never appear among the image's tags, and setup's lifecycle keeps them. */
export const CACHE_TAG_PREFIX = 'buildcache-'

/** Full references: where to import from (this branch's, then the default branch's) and where to export to. */
export interface CachePlan {
  from: string[]
  to?: string
}

/** `buildcache-<branch>`, and `-<arch>` when a run builds one platform (each native runner keeps its own). */
export function cacheTag(scope: string, platforms: readonly string[]): string {
  const arch = platforms.length === 1 ? `-${archOf(platforms[0]!)}` : ''
  return sanitizeTag(`${CACHE_TAG_PREFIX}${scope}`, MAX_TAG_LENGTH - arch.length) + arch
}

/**
 * A branch reads its own cache and the default branch's and writes its own; a pull request the same as
 * `pr-<n>`; a git tag reads the default branch's and writes nothing (a tag is built once). The default
 * branch's cache is in `defaultBranchImage`: a release reads the main tier's, which its role may read.
 */
export function cachePlan(
  image: string,
  git: GitFacts,
  platforms: readonly string[],
  exportCache: boolean,
  defaultBranchImage = image,
): CachePlan {
  const branch = git.ref.match(/^refs\/heads\/(.+)$/)?.[1]
  const pull = git.ref.match(/^refs\/pull\/(\d+)\//)?.[1]
  const own = branch ?? (pull ? `pr-${pull}` : undefined)
  const scopes = [...new Set([own, git.defaultBranch].filter((scope): scope is string => Boolean(scope)))]
  const ref = (scope: string) =>
    `${scope === git.defaultBranch && scope !== own ? defaultBranchImage : image}:${cacheTag(scope, platforms)}`
  return { from: scopes.map(ref), ...(own && exportCache ? { to: ref(own) } : {}) }
}

/** `--cache-from` / `--cache-to`: an export that fails never fails the build (ignore-error). */
export function cacheArgs(plan: CachePlan | undefined): string[] {
  if (!plan) return []
  const args = plan.from.map((ref) => `--cache-from=type=registry,ref=${ref}`)
  if (plan.to)
    args.push(
      `--cache-to=type=registry,ref=${plan.to},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
    )
  return args
}

/**
 * What went wrong with the cache, read from buildx's plain output: a cache not there yet is normal (the
 * first build of a branch) and only noted; anything else is a warning, and the build goes on without it.
 */
export function cacheFindings(output: string, exporting = true): { notes: string[]; warnings: string[] } {
  const notes: string[] = []
  const warnings: string[] = []
  const steps = new Map<string, string>()
  for (const line of output.split('\n')) {
    const started = line.match(/^#(\d+) (importing cache manifest from|exporting cache to registry)\s*(\S*)/)
    if (started) {
      steps.set(started[1]!, started[2]!.startsWith('importing') ? `import:${started[3]}` : 'export:')
      continue
    }
    const failed = line.match(/^#(\d+) ERROR: (.*)$/)
    const step = failed && steps.get(failed[1]!)
    if (!failed || !step) continue
    const [kind, ref] = [step.slice(0, step.indexOf(':')), step.slice(step.indexOf(':') + 1)]
    if (kind === 'import' && /not found/i.test(failed[2]!))
      notes.push(
        `No layer cache at ${ref} yet: this build starts cold${exporting ? ' and leaves one for the next' : ''}.`,
      )
    else if (kind === 'import')
      warnings.push(`The layer cache at ${ref} could not be read (${failed[2]}); building without it.`)
    else
      warnings.push(
        `The layer cache could not be written (${failed[2]}); ` +
          'the image is not affected, but the next build will not find this cache.',
      )
  }
  return { notes, warnings }
}
