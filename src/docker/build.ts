/** The builder and the build: prepare what is missing, build and push, and read back what the registry holds. */
import { readFile, rm } from 'node:fs/promises'
import { dockerfileAnnotation } from '../annotations.js'
import { cacheFindings } from './cache.js'
import { ExplainedError, InputError } from '../errors.js'
import {
  type BuildRequest,
  type BuilderPlan,
  type PushVia,
  binfmtInstallArgs,
  buildxArgs,
  createBuilderArgs,
  digestFromMetadata,
  type TagReadBack,
  namedBuilderProblem,
  parseBuilderInspect,
  planBuilder,
  readBackReport,
} from './buildx.js'

import { lastLines } from '../format.js'
import { DOCKER_TIMEOUTS, type Docker, dockerWithin, withEnv } from './docker.js'

export interface PreparedBuilder {
  plan: BuilderPlan
  /** the builder the build names (`--builder`): the `builder` input's, or the one this step created */
  builder?: string
  /** the builder can write the layer cache to the registry */
  canExportCache: boolean
  /**
   * what the build's docker commands set: a `docker` driver builder is its docker context's, and buildx builds on
   * it only from that context (DOCKER_CONTEXT)
   */
  env?: Record<string, string>
  /** how its pushes reach the registry */
  pushVia: PushVia
  /** said once, when the cache cannot be written here */
  notice?: string
}

/** Which builder to prepare, and what it must do. */
export interface BuilderRequest {
  platforms: string[]
  exportCache?: boolean
  /** the `builder` input: a builder the job has, used as it is, never created or removed */
  named?: string
  /** the name of a builder this step creates when the current one cannot do it */
  newName: string
  /** told the new builder's name before `buildx create` runs: a create cut short leaves one to remove too */
  creating?: (name: string) => void
  /** the step's environment: a builder this step creates gets its proxy variables */
  env?: NodeJS.ProcessEnv
}

/**
 * Makes sure the builder can build every requested platform (and export the cache), changing only what is
 * missing; `onStarted` hears when the first docker command runs.
 */
export async function prepareBuilder(
  docker: Docker,
  request: BuilderRequest,
  onStarted?: () => void,
): Promise<PreparedBuilder> {
  const { platforms, exportCache = false, named, newName } = request
  const args = ['buildx', 'inspect', '--bootstrap', ...(named ? [named] : [])]
  const inspect = await dockerWithin(docker, args, DOCKER_TIMEOUTS.inspect, 'docker buildx inspect', true, onStarted)
  if (inspect.exitCode !== 0 && named && /no builder .* found/i.test(inspect.stderr))
    throw new InputError([
      `Input \`builder\` is "${named}", and docker buildx has no builder of that name here. Make it in an earlier ` +
        'step of this job (docker/setup-buildx-action: pass its `name` output), or leave `builder` out: the action ' +
        'then uses the current builder, or makes one.',
    ])
  if (inspect.exitCode !== 0) {
    throw new ExplainedError(
      `docker buildx is not usable here (docker buildx inspect failed):\n${lastLines(inspect.stderr, 10)}\n` +
        'Install the buildx plugin (docker/setup-buildx-action does) and make sure the Docker daemon runs.',
    )
  }
  const facts = parseBuilderInspect(inspect.stdout)
  const problem = named ? namedBuilderProblem(facts, platforms) : undefined
  if (problem) throw new InputError([problem])
  const plan = planBuilder(facts, platforms, exportCache)
  const nativeExport = facts.driver !== 'docker' || facts.containerdStore
  const env = named && facts.driver === 'docker' ? { DOCKER_CONTEXT: named } : undefined
  // a named builder away from this daemon (kubernetes, remote) was refused above for what it lacks
  if (plan.installEmulators.length > 0 && ['docker', 'docker-container'].includes(facts.driver)) {
    const installed = await dockerWithin(
      env ? withEnv(docker, env) : docker,
      binfmtInstallArgs(plan.installEmulators),
      DOCKER_TIMEOUTS.pull,
      'Installing QEMU emulators',
      false,
    )
    if (installed.exitCode !== 0) {
      throw new ExplainedError(
        `Installing QEMU emulators for ${plan.installEmulators.join(', ')} failed:\n${lastLines(installed.stderr, 10)}`,
      )
    }
  }
  const pushVia: PushVia = facts.driver !== 'docker' ? 'digest' : facts.containerdStore ? 'layout' : 'tags'
  const prepared = {
    plan,
    canExportCache: nativeExport,
    pushVia,
    ...(named ? { builder: named } : {}),
    ...(env && { env }),
  }
  if (!plan.createBuilder) return prepared
  // wanted only to write the cache (one platform: a named builder that cannot has been refused above)
  const withoutCache = (why: string) => ({
    ...prepared,
    plan: { ...plan, createBuilder: false },
    notice: `The layer cache is not written: the docker driver here cannot export it ${why}.`,
  })
  if (named) return withoutCache(`(builder ${named}, the classic image store)`)
  request.creating?.(newName)
  const created = await dockerWithin(
    docker,
    createBuilderArgs(newName, request.env),
    DOCKER_TIMEOUTS.pull,
    'Creating a docker-container buildx builder',
    false,
  )
  if (created.exitCode !== 0 && platforms.length === 1)
    return withoutCache(`and creating a docker-container builder failed (${lastLines(created.stderr, 1)})`)
  if (created.exitCode !== 0) {
    throw new ExplainedError(`Creating a docker-container buildx builder failed:\n${lastLines(created.stderr, 10)}`)
  }
  return { plan, builder: newName, canExportCache: true, pushVia: 'digest' }
}

/**
 * prepareBuilder, begun: `running` settles once the first docker command runs (or rejects when docker is not
 * there), so the caller may start other work beside the preparation; `ready` is the prepared builder.
 */
export function startBuilder(
  docker: Docker,
  request: BuilderRequest,
): { running: Promise<void>; ready: Promise<PreparedBuilder> } {
  let spawned = (): void => {}
  const started = new Promise<void>((resolve) => {
    spawned = resolve
  })
  const ready = prepareBuilder(docker, request, spawned)
  return { running: Promise.race([started, ready.then(() => undefined)]), ready }
}

export interface BuildOutcome {
  /** the pushed index's digest; undefined when not pushing */
  digest?: string
  /** what happened to the layer cache, for the log */
  cache: { notes: string[]; warnings: string[] }
}

/** Builds (and pushes) the image. */
export async function buildImage(docker: Docker, request: BuildRequest): Promise<BuildOutcome> {
  const result = await docker(buildxArgs(request))
  if (result.exitCode !== 0 && request.layoutDir) await rm(request.layoutDir, { recursive: true, force: true })
  if (result.exitCode !== 0) {
    const output = result.stderr + result.stdout
    const failed = `docker buildx build failed (exit ${result.exitCode}). Its last lines:\n${lastLines(output)}`
    const annotation = dockerfileAnnotation(output, request.file, process.cwd())
    if (!request.push) throw new ExplainedError(failed, annotation)
    // a push can fail after some tags were written: say which, as the registry has them now
    throw new ExplainedError(
      `${failed}\n\n${readBackReport(await tagsInRegistry(docker, request.imageRefs))}`,
      annotation,
    )
  }
  const cache = cacheFindings(result.stderr + result.stdout, Boolean(request.cache?.to))
  if (!request.push) return { cache }
  const digest = digestFromMetadata(await readFile(request.metadataFile, 'utf8').catch(() => ''))
  // read once: nothing of the step stays in RUNNER_TEMP on a runner that outlives the job
  await rm(request.metadataFile, { force: true })
  if (!digest) throw new ExplainedError(`docker buildx pushed but wrote no image digest to ${request.metadataFile}.`)
  return { digest, cache }
}

/** Asks the registry for each reference, all at once, each within the command bound; never throws. */
export async function tagsInRegistry(docker: Docker, refs: string[]): Promise<TagReadBack[]> {
  return Promise.all(
    refs.map(async (ref): Promise<TagReadBack> => {
      try {
        const answer = await docker(['buildx', 'imagetools', 'inspect', '--raw', ref], {
          quiet: true,
          timeoutMs: DOCKER_TIMEOUTS.command,
        })
        if (answer.exitCode === 0) return { ref, state: 'present' }
        if (/not found|MANIFEST_UNKNOWN|NAME_UNKNOWN/i.test(answer.stderr)) return { ref, state: 'absent' }
        return { ref, state: 'unknown', reason: lastLines(answer.stderr, 1) }
      } catch (error) {
        return { ref, state: 'unknown', reason: (error as Error).message }
      }
    }),
  )
}

/** How long assembling an index may take: it copies manifests within the registry, no layers. */
const IMAGETOOLS_TIMEOUT_MS = 120_000

/**
 * The multi-platform index of the platform images (by digest), as `imagetools create` makes it, not pushed:
 * the action puts it in the repository through ECR's API, tags last. Its manifest bytes and media type.
 */
export async function indexOf(
  docker: Docker,
  name: string,
  sources: string[],
): Promise<{ manifest: string; mediaType: string }> {
  const args = ['buildx', 'imagetools', 'create', '--dry-run', `--tag=${name}`, '--', ...sources]
  const result = await dockerWithin(docker, args, IMAGETOOLS_TIMEOUT_MS, 'docker buildx imagetools create --dry-run')
  const manifest = result.stdout.replace(/\n$/, '')
  let mediaType: string | undefined
  try {
    mediaType = (JSON.parse(manifest) as { mediaType?: string }).mediaType
  } catch {
    mediaType = undefined
  }
  if (result.exitCode !== 0 || !mediaType) {
    throw new ExplainedError(
      `docker buildx imagetools create could not make the index:\n${lastLines(result.stderr + result.stdout, 10)}`,
    )
  }
  return { manifest, mediaType }
}

/**
 * Each platform's config labels (`linux/arm64` → labels) of an image in the registry, read by `imagetools
 * inspect` with docker's login. Throws (a plain Error, for the caller to word) when docker cannot read them.
 */
export async function configLabels(
  docker: Docker,
  ref: string,
): Promise<Record<string, Record<string, string> | undefined>> {
  const args = ['buildx', 'imagetools', 'inspect', '--format={{json .Image}}', ref]
  const answer = await dockerWithin(docker, args, IMAGETOOLS_TIMEOUT_MS, 'docker buildx imagetools inspect', true)
  if (answer.exitCode !== 0) throw new Error(`its configs could not be read: ${lastLines(answer.stderr, 1)}`)
  return labelsByPlatform(answer.stdout)
}

interface ImageConfig {
  os?: string
  architecture?: string
  variant?: string
  config?: { Labels?: Record<string, string> | null }
}

/**
 * `imagetools inspect --format '{{json .Image}}'` gives an index's configs by platform, and a single
 * manifest's config alone: both as platform → labels.
 */
export function labelsByPlatform(json: string): Record<string, Record<string, string> | undefined> {
  const parsed = JSON.parse(json) as ImageConfig | Record<string, ImageConfig>
  const single = (parsed as ImageConfig).architecture !== undefined
  const configs: Record<string, ImageConfig> = single
    ? { [platformOf(parsed as ImageConfig)]: parsed as ImageConfig }
    : (parsed as Record<string, ImageConfig>)
  return Object.fromEntries(
    Object.entries(configs).map(([platform, config]) => [platform, config.config?.Labels ?? undefined]),
  )
}

const platformOf = (config: ImageConfig) =>
  [config.os, config.architecture, config.variant].filter((part) => part !== undefined && part !== '').join('/')
