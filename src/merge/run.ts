/**
 * Merge mode, after a matrix of single-platform jobs (`platform-image: true`): pre-flight as push does; then
 * each platform's `<sha7>-<arch>` image by digest, one multi-platform index of them put in the repository,
 * and every usual tag set on it, last; then (ecs-*) the index deployed. All platforms or nothing; a re-run
 * whose index is published already publishes nothing again.
 */
import { signInToEcr } from '../auth/ecr-login.js'
import { indexOf } from '../docker/build.js'
import { withPrivateConfig } from '../docker/config.js'
import { prepareDeploy } from '../deploy/after-publish.js'
import { type Edges, inputSourceOf } from '../edges.js'
import { ExplainedError } from '../errors.js'
import { registryFor, setupCommandFor } from '../naming.js'
import { putManifest, readTarget, setTags } from '../registry/images.js'
import { checkPublished, conflictError, preflight } from '../registry/preflight.js'
import { PhaseTimer, imageOutputs, summaryMarkdown } from '../summary.js'
import { platformTagFor, shortSha, tagsFor, unknownDefaultBranchNotice } from '../tags.js'
import { type MergeSettings, readMergeSettings } from './settings.js'

export async function run(edges: Edges): Promise<void> {
  const settings = readMergeSettings(inputSourceOf(edges))
  // imagetools reads and assembles with a docker config of the step's own (docker/config.ts)
  await withPrivateConfig(edges, (edges, config) => merge(edges, settings, config.dir))
}

async function merge(edges: Edges, settings: MergeSettings, dockerConfig: string): Promise<void> {
  const { out } = edges
  const timer = new PhaseTimer(out.info)
  const image = `${registryFor(settings.accountId, settings.region)}/${settings.repository}`
  const tags = tagsFor(edges.git, settings.extraTags)
  const imageRefs = tags.map((tag) => `${image}:${tag}`)
  const commitTag = edges.git.sha ? shortSha(edges.git.sha) : undefined
  const unknownBranch = unknownDefaultBranchNotice(edges.git)
  if (unknownBranch) out.notice(unknownBranch)

  const { identity, login, ecr } = await signInToEcr(
    { ...settings, credentialsRequired: true, dockerConfig },
    edges,
    timer,
  )
  const setupCommand = setupCommandFor(settings, edges.git.repository || 'OWNER/NAME')
  const plan = await timer.time('pre-flight', () =>
    preflight(ecr, { ...settings, tags, ...(commitTag ? { commitTag } : {}), setupCommand }),
  )
  if (plan.notice) out.notice(plan.notice)
  if (plan.kind === 'conflict') throw await conflictError(edges.docker, image, plan)
  // the index this commit's short-sha tag names must be this commit's
  if (plan.kind === 'published') await checkPublished(edges.docker, image, plan, edges.git.sha)
  // a wrong service or container fails here, before anything is published
  const rollout = await prepareDeploy(edges, settings, identity, image, timer)

  let digest: string
  if (plan.kind === 'published') {
    out.info(`${image}@${plan.digest} is this commit's index, published already: nothing is merged again.`)
    await timer.time('tags', () => setTags(ecr, settings.repository, plan.digest, plan.tagsToSet))
    digest = plan.digest
  } else {
    const sources = await timer.time('platform images', () => platformImages(edges, settings, image, ecr))
    digest = await timer.time('merge', async () => {
      const index = await indexOf(edges.docker, imageRefs[0]!, sources)
      return putManifest(ecr, settings.repository, index.manifest, index.mediaType, tags)
    })
  }
  const outputs = imageOutputs({ registry: login.registry, image, imageRefs, digest, roleArn: identity.roleArn })
  for (const [name, value] of Object.entries(outputs)) out.setOutput(name, value)
  const deployed = rollout ? await rollout(digest) : undefined
  out.setOutput('task-definition-arn', deployed?.taskDefinitionArn ?? '')
  await out.writeSummary(
    summaryMarkdown({
      image,
      tags: imageRefs,
      digest,
      platforms: settings.platforms,
      roleArn: identity.roleArn,
      credentialSource: identity.source,
      pushed: true,
      alreadyPublished: plan.kind === 'published',
      phases: timer.phases,
      ...(deployed ? { deployed } : {}),
    }),
  )
}

/**
 * Each platform's image of this commit, as `<image>@<digest>`; every one missing is named, and nothing is
 * published.
 */
async function platformImages(
  edges: Edges,
  settings: MergeSettings,
  image: string,
  ecr: Parameters<typeof readTarget>[0],
): Promise<string[]> {
  const platforms = settings.platforms.map((platform) => ({ platform, tag: platformTagFor(edges.git.sha, platform) }))
  const target = await readTarget(
    ecr,
    settings.repository,
    platforms.map((p) => p.tag),
  )
  const found = ('existing' in target ? target.existing : undefined) ?? new Map<string, string>()
  const missing = platforms.filter((p) => !found.has(p.tag))
  if (missing.length > 0) {
    const state =
      target.state === 'unreadable' || target.state === 'denied' ? `unreadable (${target.reason})` : 'not there'
    const lines = missing.map(
      (p) =>
        `  ${p.platform}: ${image}:${p.tag} is ${state};` +
        ` the job with \`platforms: ${p.platform}\` and \`platform-image: true\`` +
        ` should have pushed it for commit ${shortSha(edges.git.sha)}.`,
    )
    throw new ExplainedError(
      `Merge found ${missing.length} of ${platforms.length} platform images missing, so it published nothing:\n` +
        `${lines.join('\n')}\n` +
        'Make the merge job `needs:` every platform job, and check that they succeeded for this commit.',
    )
  }
  return platforms.map((p) => `${image}@${found.get(p.tag)!}`)
}
