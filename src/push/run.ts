/**
 * Push mode, with a docker config of the step's own: builder → credentials → ECR login → pre-flight → (ECS
 * read) → build and push by digest → tags → outputs → (ECS deploy) → summary. Docker starts first; the AWS SDK
 * loads, signs in and reads what ECR holds while docker prepares the builder.
 */
import * as path from 'node:path'
import { buildImage, startBuilder } from '../docker/build.js'
import { type BuildRequest, builderNameFor } from '../docker/buildx.js'
import { type CachePlan, cachePlan } from '../docker/cache.js'
import { type PrivateDockerConfig, withPrivateConfig } from '../docker/config.js'
import { withEnv } from '../docker/docker.js'
import { type Edges, inputSourceOf } from '../edges.js'
import { registryFor, setupCommandFor } from '../naming.js'
import { STATE } from '../post-state.js'
import { PhaseTimer, imageOutputs, summaryMarkdown } from '../summary.js'
import { labelsFor, platformTagFor, shortSha, tagsFor, unknownDefaultBranchNotice } from '../tags.js'
import { type PushSettings, readPushSettings } from './settings.js'

/** Push mode: its inputs, then its whole flow with a docker config of the step's own (docker/config.ts). */
export async function run(edges: Edges): Promise<void> {
  const settings = readPushSettings(inputSourceOf(edges))
  await withPrivateConfig(edges, (edges, config) => push(edges, settings, config))
}

async function push(edges: Edges, settings: PushSettings, config: PrivateDockerConfig): Promise<void> {
  const { out } = edges
  const timer = new PhaseTimer(out.info)
  const registry = registryFor(settings.accountId, settings.region)
  const image = `${registry}/${settings.repository}`
  if (settings.tier !== 'main')
    out.info(`Tier ${settings.tier}: role ${settings.roleName}, ECR repository ${settings.repository}`)
  const unknownBranch = unknownDefaultBranchNotice(edges.git)
  if (unknownBranch) out.notice(unknownBranch)
  // one platform's build also carries `<sha7>-<arch>`; for a later merge (platform-image) it carries only that
  const platformTag = settings.platforms.length === 1 ? [platformTagFor(edges.git.sha, settings.platforms[0]!)] : []
  const tags = [...(settings.platformImage ? [] : tagsFor(edges.git, settings.extraTags)), ...platformTag]
  const imageRefs = tags.map((tag) => `${image}:${tag}`)
  // the tag that names this commit's image for good in an immutable repository
  const commitTag = settings.platformImage ? platformTag[0] : edges.git.sha ? shortSha(edges.git.sha) : undefined
  // a release of a commit the main tier built is that image, when it was built from the same inputs
  const promoteFrom =
    settings.promoteFrom && settings.promote === 'auto' && !settings.platformImage && commitTag
      ? {
          image: `${registry}/${settings.promoteFrom}`,
          repository: settings.promoteFrom,
          commitTag,
          sha: edges.git.sha,
        }
      : undefined

  // docker first: a runner without it fails before anything asks AWS for credentials. Once docker runs, the
  // builder is prepared while the AWS SDK loads and the credentials and the ECR login are fetched.
  // release repositories keep every tag immutable: a release build reads the cache but writes none
  const exportCache = settings.cache === 'registry' && settings.push && settings.tier !== 'release'
  const builderStart = startBuilder(edges.docker, {
    platforms: settings.platforms,
    exportCache,
    named: settings.builder,
    env: edges.env,
    newName: builderNameFor(
      { ...edges.git, runId: edges.git.runId || `${process.pid}`, job: edges.env['GITHUB_JOB'] ?? '' },
      Math.random().toString(36).slice(2, 8),
    ),
    // before the builder exists: a bootstrap cut short leaves one for the post step to remove
    creating: (name) => {
      out.saveState(STATE.builder, name)
      out.saveState(STATE.buildxConfig, config.env.BUILDX_CONFIG)
    },
  })
  await builderStart.running
  // what the image is built from, read from the checkout while docker works (build-inputs.ts)
  const buildInputs = import('./build-inputs-of.js').then(({ buildInputsOf }) => buildInputsOf(edges, settings))
  // awaited below; a failure there, not an unhandled rejection if another step fails first
  buildInputs.catch(() => {})
  const [builder, { signedIn, plan, ecrCalls, reused, candidate, promotedFrom }] = await allInOrder(
    timer
      .time('builder', () => builderStart.ready)
      .then((prepared) => {
        if (prepared.notice) out.notice(prepared.notice)
        return prepared
      }),
    import('../auth/ecr-login.js').then(async ({ signInToEcr }) => {
      const signedIn = await signInToEcr(
        { ...settings, credentialsRequired: settings.push, dockerConfig: config.dir },
        edges,
        timer,
      )
      if (!signedIn || !settings.push) return { signedIn }
      const ecrCalls = await import('../registry/preflight.js')
      const setupCommand = setupCommandFor(settings, edges.git.repository || 'OWNER/NAME')
      const target = { ...settings, tags, ...(commitTag ? { commitTag } : {}), setupCommand }
      const plan = await timer.time('pre-flight', () => ecrCalls.preflight(signedIn.ecr, target))
      // what a re-run or a second tag would reuse: this very commit's image, and what it was built from
      const reused =
        plan.kind === 'published'
          ? await ecrCalls.checkPublished(edges.docker, image, plan, edges.git.sha, {
              buildInputs: (await buildInputs).value,
              platforms: settings.platforms,
            })
          : undefined
      const fromMain = promoteFrom
        ? await timer.time('promotion check', async () =>
            (await import('../registry/promote.js')).fromMainTier(
              signedIn.ecr,
              edges.docker,
              plan,
              promoteFrom,
              settings.platforms,
              (await buildInputs).value,
            ),
          )
        : {}
      return { signedIn, plan, ecrCalls, reused, candidate: fromMain.candidate, promotedFrom: fromMain.promotedFrom }
    }),
  )
  const { identity, login } = signedIn ?? {}
  if (plan?.notice) out.notice(plan.notice)
  if (plan?.kind === 'conflict') throw await ecrCalls!.conflictError(edges.docker, image, plan)
  // this commit's image is published already (a re-run, a second git tag): every tag of a commit names it
  const published = plan?.kind === 'published' ? plan : undefined
  if (published) out.info(`${image}@${published.digest} is this commit's image, published already: no build.`)
  if (reused?.warning) out.warning(reused.warning)
  const promoted = candidate && 'digest' in candidate ? candidate : undefined
  if (candidate && 'build' in candidate)
    (candidate.warn ? out.warning : out.info)(`No promotion: ${candidate.build}. Building.`)
  if (promoted) {
    const { copyByDigest } = await import('../registry/promote.js')
    await timer.time('promote', () => copyByDigest(edges.docker, promoted.ref, image, promoted.digest))
    out.info(`Promoted ${promoted.ref} into ${image}: main's image of this commit, from the same inputs.`)
  }

  // a wrong service or container fails here, before anything is pushed; without ecs-* ECS is never loaded
  const rollout = settings.deploy
    ? await (await import('../deploy/after-publish.js')).prepareDeploy(edges, settings, identity, image, timer)
    : undefined

  // the cache lives in the image's repository: reading it needs the login, writing it a push
  const cache =
    settings.cache === 'registry' && login
      ? cachePlan(
          image,
          edges.git,
          settings.platforms,
          exportCache && builder.canExportCache,
          settings.promoteFrom ? `${registry}/${settings.promoteFrom}` : image,
        )
      : undefined
  const layoutDir = path.join(edges.tempDir, `ecr-oidc-push-layout-${process.pid}`)
  const inputs = await buildInputs
  const built =
    published || promoted
      ? undefined
      : await timer.time(settings.push && builder.pushVia !== 'layout' ? 'build + push' : 'build', () =>
          out.group(`docker buildx build ${settings.platforms.join(',')} → ${image}`, () =>
            buildImage(builder.env ? withEnv(edges.docker, builder.env) : edges.docker, {
              ...buildRequest(settings, edges, inputs, image, imageRefs, builder.builder, cache),
              pushVia: builder.pushVia,
              layoutDir,
            }),
          ),
        )
  for (const note of built?.cache.notes ?? []) out.info(note)
  for (const warning of built?.cache.warnings ?? []) out.warning(warning)
  if (built?.digest && builder.pushVia === 'layout' && login) {
    // the docker driver wrote the image to a directory: it goes up by digest, tags last (docker/buildx.ts)
    const { pushLayout } = await import('../registry/layout-push.js')
    const digest = built.digest
    const sent = await timer.time('push', () =>
      pushLayout({ layoutDir, digest, login, repository: settings.repository }),
    )
    out.info(`Pushed ${image}@${digest} by digest: ${sent.uploaded} blobs uploaded, ${sent.present} there already.`)
  }
  const digest = published?.digest ?? promoted?.digest ?? built?.digest
  // tags move last, each once everything it names is in the repository (the classic image store pushed its own)
  const tagsToSet = published?.tagsToSet ?? (builder.pushVia === 'tags' && !promoted ? [] : tags)
  if (digest && signedIn && ecrCalls && tagsToSet.length > 0) {
    await timer.time('tags', () => ecrCalls.setTags(signedIn.ecr, settings.repository, digest, tagsToSet))
  }

  const outputs = imageOutputs({
    registry: login?.registry ?? registry,
    image,
    imageRefs,
    digest,
    roleArn: identity?.roleArn,
  })
  for (const [name, value] of Object.entries(outputs)) out.setOutput(name, value)
  // the same on a re-run as on the run that promoted
  out.setOutput('promoted-from', promoted?.ref ?? promotedFrom ?? '')

  const deployed = rollout && digest ? await rollout(digest) : undefined
  out.setOutput('task-definition-arn', deployed?.taskDefinitionArn ?? '')
  await out.writeSummary(
    summaryMarkdown({
      image,
      tags: imageRefs,
      digest,
      // what was published: a reused image's own platforms
      platforms: reused?.platforms ?? settings.platforms,
      roleArn: identity?.roleArn,
      credentialSource: identity?.source,
      pushed: settings.push,
      alreadyPublished: Boolean(published),
      ...(promoted || promotedFrom ? { promotedFrom: promoted?.ref ?? promotedFrom } : {}),
      phases: timer.phases,
      ...(deployed ? { deployed } : {}),
    }),
  )
}

/** Waits for both; a failure is the first one's in the order given (docker's explains more than AWS's). */
async function allInOrder<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second])
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
  return [a.value, b.value]
}

/** Everything buildx is told, from the settings and the run's git facts. */
function buildRequest(
  settings: PushSettings,
  edges: Edges,
  buildInputs: { label: string; value: string },
  image: string,
  imageRefs: string[],
  builder: string | undefined,
  cache: CachePlan | undefined,
): BuildRequest {
  const commitSeconds = edges.git.commitTime ? Math.floor(Date.parse(edges.git.commitTime) / 1000) : undefined
  return {
    context: settings.context,
    file: settings.file,
    platforms: settings.platforms,
    image,
    imageRefs,
    // every image says what it was built from: a release may then promote it (build-inputs.ts)
    labels: { ...labelsFor(edges.git), [buildInputs.label]: buildInputs.value },
    buildArgs: settings.buildArgs,
    push: settings.push,
    metadataFile: path.join(edges.tempDir, `ecr-oidc-push-metadata-${process.pid}.json`),
    builder,
    sourceDateEpoch: Number.isFinite(commitSeconds) ? commitSeconds : undefined,
    provenance: settings.provenance,
    sbom: settings.sbom,
    cache,
  }
}
