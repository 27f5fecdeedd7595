import { createIndex, indexDigest, tagsInRegistry } from '../docker/build.js'
import { type Edges, inputSourceOf } from '../edges.js'
import { ExplainedError } from '../errors.js'
import { registryFor } from '../naming.js'
import { signInToEcr } from '../auth/ecr-login.js'
import { PhaseTimer, summaryMarkdown } from '../summary.js'
import { platformTagFor, shortSha, tagsFor } from '../tags.js'
import { readMergeSettings } from './settings.js'

/**
 * Merge mode, after a matrix of single-platform jobs (`platform-image: true`): find each platform's
 * `<sha7>-<arch>` image, and publish one multi-platform index under every usual tag. All platforms or nothing.
 */
export async function run(edges: Edges): Promise<void> {
  const { out } = edges
  const timer = new PhaseTimer(out.info)
  const settings = readMergeSettings(inputSourceOf(edges))
  const image = `${registryFor(settings.accountId, settings.region)}/${settings.repository}`
  const sources = settings.platforms.map((platform) => ({
    platform,
    ref: `${image}:${platformTagFor(edges.git.sha, platform)}`,
  }))
  const imageRefs = tagsFor(edges.git, settings.extraTags).map((tag) => `${image}:${tag}`)

  const { identity, login } = await signInToEcr({ ...settings, credentialsRequired: true }, edges, timer)

  const found = await timer.time('platform images', () =>
    tagsInRegistry(
      edges.docker,
      sources.map((s) => s.ref),
    ),
  )
  const missing = sources.map((s, i) => ({ ...s, found: found[i]! })).filter((s) => s.found.state !== 'present')
  if (missing.length > 0) {
    const lines = missing.map(
      (s) =>
        `  ${s.platform}: ${s.ref} is ` +
        `${s.found.state === 'absent' ? 'not there' : `unreadable (${s.found.reason ?? 'no answer'})`};` +
        ` the job with \`platforms: ${s.platform}\` and \`platform-image: true\`` +
        ` should have pushed it for commit ${shortSha(edges.git.sha)}.`,
    )
    throw new ExplainedError(
      `Merge found ${missing.length} of ${sources.length} platform images missing, so it published nothing:\n` +
        `${lines.join('\n')}\n` +
        'Make the merge job `needs:` every platform job, and check that they succeeded for this commit.',
    )
  }

  const digest = await timer.time('merge', async () => {
    await createIndex(
      edges.docker,
      imageRefs,
      sources.map((s) => s.ref),
    )
    return indexDigest(edges.docker, imageRefs[0]!)
  })
  out.setOutput('registry', login.registry)
  out.setOutput('image', image)
  out.setOutput('tags', imageRefs.join('\n'))
  out.setOutput('digest', digest)
  out.setOutput('image-ref', `${image}@${digest}`)
  out.setOutput('role-arn', identity.roleArn)
  await out.writeSummary(
    summaryMarkdown({
      image,
      tags: imageRefs,
      digest,
      platforms: settings.platforms,
      roleArn: identity.roleArn,
      credentialSource: identity.source,
      pushed: true,
      phases: timer.phases,
    }),
  )
}
