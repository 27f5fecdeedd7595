/** buildx as pure functions: what to run, how to prepare the builder, how to read what it wrote. */
import { type CachePlan, cacheArgs } from './cache.js'

export interface BuildRequest {
  context: string
  file: string
  platforms: string[]
  /** `<registry>/<repository>`: where a push by digest goes; its tags are set after (registry/images.ts) */
  image: string
  /** how a push leaves buildx (PushVia); `tags` when not given */
  pushVia?: PushVia
  /** where the `layout` push writes the OCI layout (a directory) */
  layoutDir?: string
  /** full refs `<registry>/<repository>:<tag>`: the local image's names when not pushing */
  imageRefs: string[]
  labels: Record<string, string>
  buildArgs: string[]
  push: boolean
  metadataFile: string
  builder?: string
  /** commit time in seconds: BuildKit stamps the image with it instead of "now" */
  sourceDateEpoch?: number
  /** SLSA provenance attestation: none (the default), or BuildKit's min or max mode */
  provenance?: Provenance
  /** an SBOM attestation, made by BuildKit's scanner image */
  sbom?: boolean
  /** the registry layer cache to read and write */
  cache?: CachePlan
}

export type Provenance = 'false' | 'min' | 'max'

/**
 * How a build's image reaches the registry, tags last in the first two:
 * - `digest`: buildx pushes by digest alone (platform manifests and index) and the action sets the tags after;
 * - `layout`: the `docker` driver on the containerd image store, which buildx 0.13 cannot make push by digest
 *   ("push-by-digest is currently not implemented for docker driver"), and whose Engine 26.1 PUTs a tag with a
 *   platform's manifest before the index: buildx writes an OCI layout, the action pushes it by digest
 *   (registry/layout-push.ts) and sets the tags after;
 * - `tags`: the `docker` driver on the classic image store (one platform only): it pushes the tags itself.
 */
export type PushVia = 'digest' | 'layout' | 'tags'

/**
 * `docker buildx build` argv. Every value is joined to its flag (`--output=…`) and the context comes after
 * `--`, so no input, whatever it holds, can become an option of its own. Attestations are off unless
 * asked for: ECR lists each as an extra "unknown/unknown" image and they change the index digest on every rebuild.
 */
export function buildxArgs(request: BuildRequest): string[] {
  const args = ['buildx', 'build']
  if (request.builder) args.push(`--builder=${request.builder}`)
  args.push('--progress=plain', `--platform=${request.platforms.join(',')}`, `--file=${request.file}`)
  const provenance = request.provenance ?? 'false'
  args.push(
    `--metadata-file=${request.metadataFile}`,
    provenance === 'false' ? '--provenance=false' : `--provenance=mode=${provenance}`,
  )
  if (request.sbom) args.push('--sbom=true')
  // by digest or into a layout: no tag moves before everything it names is there
  const via = request.push ? (request.pushVia ?? 'tags') : undefined
  if (via === 'digest')
    args.push(`--output=type=image,name=${request.image},push-by-digest=true,name-canonical=true,push=true`)
  else if (via === 'layout') args.push(`--output=type=oci,dest=${request.layoutDir},tar=false`)
  else for (const ref of request.imageRefs) args.push(`--tag=${ref}`)
  for (const name of Object.keys(request.labels).sort()) args.push(`--label=${name}=${request.labels[name]}`)
  for (const arg of request.buildArgs) args.push(`--build-arg=${arg}`)
  args.push(...cacheArgs(request.cache))
  const userSetEpoch = request.buildArgs.some((arg) => arg.startsWith('SOURCE_DATE_EPOCH='))
  if (request.sourceDateEpoch !== undefined && !userSetEpoch) {
    args.push(`--build-arg=SOURCE_DATE_EPOCH=${request.sourceDateEpoch}`)
  }
  if (via === 'tags') args.push('--push')
  args.push('--', request.context)
  return args
}

export interface BuilderFacts {
  name: string
  driver: string
  platforms: string[]
  /** dockerd stores images in containerd, so the `docker` driver can build and push multi-platform */
  containerdStore: boolean
}

/**
 * Reads `docker buildx inspect --bootstrap` text. The containerd image store shows as a snapshotter label on
 * the docker driver's worker: buildx itself decides by that label what the driver can do (no `docker info`).
 */
export function parseBuilderInspect(text: string): BuilderFacts {
  const field = (label: string) => text.match(new RegExp(`^${label}:\\s*(.*)$`, 'm'))?.[1]?.trim() ?? ''
  const platforms = field('Platforms')
    .split(',')
    .map((p) => p.trim().replace(/\*$/, ''))
    .filter((p) => p !== '')
  const containerdStore = /^\s*org\.mobyproject\.buildkit\.worker\.snapshotter:/m.test(text)
  return { name: field('Name'), driver: field('Driver'), platforms, containerdStore }
}

/** `linux/arm/v7` → `arm`: the name tonistiigi/binfmt installs an emulator under. */
export function emulatorFor(platform: string): string {
  return platform.split('/')[1] ?? platform
}

export interface BuilderPlan {
  /** emulators to install with tonistiigi/binfmt, for requested platforms the builder lacks */
  installEmulators: string[]
  /** the current builder cannot build several platforms at once, or export a cache: create a docker-container one */
  createBuilder: boolean
}

/**
 * Prepare only what is missing. The `docker` driver without the containerd image store can neither hold a
 * multi-platform image nor export a registry cache.
 */
export function planBuilder(facts: BuilderFacts, requested: readonly string[], exportCache = false): BuilderPlan {
  const missing = requested.filter((platform) => !facts.platforms.includes(platform))
  const installEmulators = [...new Set(missing.map(emulatorFor))]
  const createBuilder = facts.driver === 'docker' && !facts.containerdStore && (requested.length > 1 || exportCache)
  return { installEmulators, createBuilder }
}

/**
 * What a builder the `builder` input names cannot do, as the problem to tell; undefined when it can. It is
 * never replaced: a `docker` driver builder on the classic image store builds one platform at a time, and
 * emulators are installed only where the builder runs on the daemon this step talks to.
 */
export function namedBuilderProblem(facts: BuilderFacts, requested: readonly string[]): string | undefined {
  const named = `Input \`builder\` names ${facts.name} (driver ${facts.driver})`
  if (facts.driver === 'docker' && !facts.containerdStore && requested.length > 1)
    return (
      `${named}, which builds one platform at a time (the classic image store), and \`platforms\` has ` +
      `${requested.length}. Name a docker-container, kubernetes or remote builder, or leave \`builder\` out: ` +
      'the action then makes one of its own.'
    )
  const missing = requested.filter((platform) => !facts.platforms.includes(platform))
  if (missing.length > 0 && !['docker', 'docker-container'].includes(facts.driver))
    return (
      `${named}, which cannot build ${missing.join(', ')}: it builds ${facts.platforms.join(', ') || 'no platform'}. ` +
      'Give it a node (or emulators where it runs) for them, or build only the platforms it has.'
    )
  return undefined
}

/**
 * The name of a builder this step creates: its run, attempt and job, and `step`, which tells apart two steps
 * (two matrix legs of one job) on one daemon. Only this step's post step removes it.
 */
export function builderNameFor(run: { runId: string; runAttempt: string; job: string }, step: string): string {
  const job = run.job.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)
  return ['ecr-oidc-push', run.runId, run.runAttempt, job, step].filter((part) => part !== '').join('-')
}

export function binfmtInstallArgs(emulators: readonly string[]): string[] {
  return ['run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install', emulators.join(',')]
}

export function createBuilderArgs(name: string, env: NodeJS.ProcessEnv = {}): string[] {
  // the builder runs in a container of its own: it takes the step's proxy only when told (buildx docs,
  // "Docker container driver": env.<key> driver options)
  const proxy = PROXY_VARIABLES.filter((key) => env[key]).flatMap((key) => ['--driver-opt', `env.${key}=${env[key]}`])
  return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...proxy, '--bootstrap']
}
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']

/** The pushed index's digest from buildx's `--metadata-file`. */
export function digestFromMetadata(json: string): string | undefined {
  try {
    const digest = (JSON.parse(json) as Record<string, unknown>)['containerimage.digest']
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined
  } catch {
    return undefined
  }
}

/** One pushed reference as the registry answered for it after a failed push. */
export interface TagReadBack {
  ref: string
  state: 'present' | 'absent' | 'unknown'
  reason?: string
}

/** What a failed push left in the registry, for a person. */
export function readBackReport(tags: readonly TagReadBack[]): string {
  const tagOf = (t: TagReadBack) => t.ref.slice(t.ref.lastIndexOf(':') + 1)
  const present = tags.filter((t) => t.state === 'present').map(tagOf)
  const absent = tags.filter((t) => t.state === 'absent').map(tagOf)
  const unknown = tags.filter((t) => t.state === 'unknown')
  const lines = [`Read back from the registry after the failure (${tags.length} tag${tags.length === 1 ? '' : 's'}):`]
  if (present.length === 0 && unknown.length === 0)
    lines.push('  none of them is there: nothing of this build was published.')
  if (present.length > 0) lines.push(`  there: ${present.join(', ')} (a tag there may still hold an earlier push)`)
  if (absent.length > 0 && present.length + unknown.length > 0) lines.push(`  not there: ${absent.join(', ')}`)
  for (const t of unknown) lines.push(`  could not tell for ${tagOf(t)}: ${t.reason ?? 'no answer'}`)
  return lines.join('\n')
}
