/**
 * Pre-flight, right after sign-in and while the builder starts: the repository exists, and what its tag rules
 * and the run's tags say the push must do (publish.ts). Loaded with the AWS SDK, after docker has started.
 */
import type { ECRClient } from '@aws-sdk/client-ecr'
import { BUILD_INPUTS_LABEL, REVISION_LABEL, inputsDifference } from '../build-inputs.js'
import { configLabels } from '../docker/build.js'
import type { Docker } from '../docker/docker.js'
import { ExplainedError } from '../errors.js'
import { type PublishPlan, planPublish, planWithoutRules } from './publish.js'
import { readTarget, setTags } from './images.js'

// push mode loads this module lazily, with the AWS SDK: it takes setTags from here too
export { setTags }

/** What pre-flight decided, and (when the role may not read the repository) what to tell the user. */
export type Preflight = PublishPlan & { notice?: string }

export interface PreflightTarget {
  accountId: string
  region: string
  /** the ECR repository */
  repository: string
  /** the run's tags, in the order they are set; `commitTag` (`<sha7>`) names the commit's image */
  tags: string[]
  commitTag?: string
  /** the setup command that creates the repository, for the message when it is missing */
  setupCommand: string
}

/**
 * Throws, naming the repository, the account and region and the setup command, when the repository does
 * not exist: nothing is built. A role set up before pre-flight existed may not read the repository: the push
 * then builds as before, and the notice says how setup lets it check.
 */
export async function preflight(ecr: ECRClient, target: PreflightTarget): Promise<Preflight> {
  const state = await readTarget(ecr, target.repository, target.tags)
  if (state.state === 'missing') {
    throw new ExplainedError(
      `The ECR repository ${target.repository} does not exist in AWS account ${target.accountId} (${target.region}), ` +
        'so nothing was built or pushed. Setup creates it (and the role and its trust):\n' +
        `  ${target.setupCommand}\n` +
        'Or check the `repository` and `tier` inputs, and whether the GitHub repository was renamed.',
    )
  }
  if (state.state === 'denied') {
    throw new ExplainedError(
      `This role may not use the ECR repository ${target.repository} in AWS account ${target.accountId} ` +
        `(${target.region}): ECR refused to describe it and to read its images (${state.reason}). ` +
        'Nothing was built or pushed.\n' +
        'Check the `repository` and `tier` inputs (a typo? a renamed repository?), or set it up for this role:\n' +
        `  ${target.setupCommand}`,
    )
  }
  if (state.state === 'unreadable') {
    const notice =
      `Pre-flight could not read the tag rules of the ECR repository ${target.repository} (${state.reason}): ` +
      "the tags it names are checked, not whether they are immutable. Re-run setup to grant the role's " +
      'ecr:DescribeRepositories and ecr:DescribeImages.'
    return { ...planWithoutRules(target.tags, state.existing ?? new Map(), target.commitTag), notice }
  }
  return planPublish(target.tags, state.existing, state.rules, target.commitTag)
}

/** The OCI revision label of an image in the registry (any platform's), when docker can read it. */
async function revisionOf(docker: Docker, ref: string): Promise<string | undefined> {
  const configs = await configLabels(docker, ref).catch(() => undefined)
  return Object.values(configs ?? {}).find((labels) => labels?.[REVISION_LABEL])?.[REVISION_LABEL]
}

/**
 * Before a re-run or a second tag reuses the image this commit's `<sha7>` names: fails when it was built from
 * another commit (two commits share the short sha). Says, for the log, how it differs from what this run asks
 * when tags are to be added to it (other build inputs, other platforms), and which platforms it has, for the
 * summary. Reads its configs once; says nothing when it cannot.
 */
export async function checkPublished(
  docker: Docker,
  image: string,
  published: Extract<PublishPlan, { kind: 'published' }>,
  sha: string,
  asked?: { buildInputs: string; platforms: readonly string[] },
): Promise<{ warning?: string; platforms?: string[] }> {
  const configs = await configLabels(docker, `${image}@${published.digest}`).catch(() => undefined)
  if (!configs) return {}
  const labels = Object.values(configs)
  const revision = labels.find((l) => l?.[REVISION_LABEL])?.[REVISION_LABEL]
  if (revision && revision !== sha) {
    throw new ExplainedError(
      `${image}@${published.digest}, which this commit's short-sha tag names, was built from commit ${revision}, ` +
        `not this commit ${sha}: the two share a short sha. Nothing was built, pushed or moved.\n` +
        'Tags in this repository are immutable; to publish this commit, make a new commit (its sha will differ).',
    )
  }
  const platforms = Object.keys(configs).sort()
  const wanted = [...(asked?.platforms ?? [])].sort()
  const difference = !asked
    ? undefined
    : platforms.join(',') !== wanted.join(',')
      ? `has platforms ${platforms.join(', ')}, not ${wanted.join(', ')}`
      : inputsDifference(labels[0]?.[BUILD_INPUTS_LABEL], asked.buildInputs)
  if (!difference || published.tagsToSet.length === 0) return { platforms }
  const tags = published.tagsToSet
  return {
    platforms,
    warning:
      `${tags.join(', ')} ${tags.length === 1 ? 'is' : 'are'} added to this commit's image ${published.digest}, ` +
      `which ${difference}: every tag of a commit names the same image. To publish other bits, make a new commit.`,
  }
}

/** Why the push stops before building: an immutable tag names another image. */
export async function conflictError(
  docker: Docker,
  image: string,
  conflict: Extract<PublishPlan, { kind: 'conflict' }>,
): Promise<ExplainedError> {
  const revision = await revisionOf(docker, `${image}@${conflict.digest}`)
  return new ExplainedError(
    `The tag ${conflict.tag} in ${image} is immutable and already names another image, ${conflict.digest}` +
      `${revision ? `, built from commit ${revision}` : ''}. Nothing was built, pushed or moved.\n` +
      'Immutable tags name one image for good: give this build a tag of its own (a new version), ' +
      'or take the tag out of `tags`.',
  )
}
