/** ECS deploy as pure functions: the next task definition revision, which container, and is it done. */
import type { ContainerDefinition, Deployment, Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs'

/** What DescribeTaskDefinition returns but RegisterTaskDefinition does not take. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const

/**
 * The container to point at the new image: the one named by `ecs-container`; otherwise the only one; otherwise
 * the one whose image is this repository. Returns a problem for a person when there is no such single container.
 */
export function chooseContainer(
  containers: readonly ContainerDefinition[],
  requested: string | undefined,
  image: string,
): { name: string } | { problem: string } {
  const names = containers.map((c) => c.name ?? '')
  if (requested) {
    return names.includes(requested)
      ? { name: requested }
      : {
          problem:
            `Input \`ecs-container\` is "${requested}", ` +
            `but the task definition has no such container; it has: ${names.join(', ')}.`,
        }
  }
  if (names.length === 1) return { name: names[0]! }
  const ours = containers.filter((c) => repositoryOf(c.image ?? '') === image).map((c) => c.name ?? '')
  if (ours.length === 1) return { name: ours[0]! }
  return {
    problem:
      `The task definition has ${names.length} containers (${names.join(', ')}) ` +
      `and ${ours.length === 0 ? 'none' : 'several'} of them run${ours.length === 0 ? 's' : ''} ${image}. ` +
      'Set `ecs-container` to the one to deploy.',
  }
}

/** `registry/name:tag` or `registry/name@sha256:…` → `registry/name`. */
export function repositoryOf(imageRef: string): string {
  const at = imageRef.indexOf('@')
  const withoutDigest = at >= 0 ? imageRef.slice(0, at) : imageRef
  const lastSlash = withoutDigest.lastIndexOf('/')
  const colon = withoutDigest.lastIndexOf(':')
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest
}

/** RegisterTaskDefinition's input: the current revision as it is, but `container`'s image, and its tags. */
export function nextRevision(
  current: TaskDefinition,
  tags: readonly Tag[],
  container: string,
  imageRef: string,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...current }
  for (const field of READ_ONLY_FIELDS) delete input[field]
  input['containerDefinitions'] = (current.containerDefinitions ?? []).map((c) =>
    c.name === container ? { ...c, image: imageRef } : c,
  )
  if (tags.length > 0) input['tags'] = tags
  return input
}

export type RolloutState =
  { state: 'done' } | { state: 'failed'; reason: string } | { state: 'waiting'; detail: string }

/**
 * Where the service stands with `taskDefinitionArn`. With ECS's deployment controller the PRIMARY deployment
 * says COMPLETED or FAILED; without a rollout state (other controllers), it is done when the service runs
 * that revision alone at its desired count, as AWS's own `servicesStable` waiter decides.
 */
export function rolloutState(service: Service, taskDefinitionArn: string): RolloutState {
  const deployments: Deployment[] = service.deployments ?? []
  const primary = deployments.find((d) => d.status === 'PRIMARY')
  const counts =
    `${service.runningCount ?? 0} of ${service.desiredCount ?? 0} tasks running, ` +
    `${deployments.length} deployment${deployments.length === 1 ? '' : 's'}`
  if (primary?.rolloutState) {
    if (primary.taskDefinition !== taskDefinitionArn)
      return { state: 'waiting', detail: `the primary deployment is still ${primary.taskDefinition}` }
    if (primary.rolloutState === 'COMPLETED') return { state: 'done' }
    if (primary.rolloutState === 'FAILED')
      return { state: 'failed', reason: primary.rolloutStateReason ?? 'the deployment failed' }
    return { state: 'waiting', detail: `${primary.rolloutState.toLowerCase().replace('_', ' ')}: ${counts}` }
  }
  const stable =
    service.taskDefinition === taskDefinitionArn &&
    deployments.length === 1 &&
    (service.runningCount ?? 0) === (service.desiredCount ?? 0)
  return stable ? { state: 'done' } : { state: 'waiting', detail: counts }
}
