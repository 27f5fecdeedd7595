/**
 * An ECS deploy after a publish (push's image, merge's index), in two halves: the service is read before
 * anything is published, so a wrong service or container fails first; the rollout runs once the digest is
 * known. ECS's client and code load only here, only with `ecs-cluster` and `ecs-service`.
 */
import type { AwsCredentials } from '../aws/client-config.js'
import type { Edges } from '../edges.js'
import type { PhaseTimer } from '../summary.js'
import type { DeploySettings } from './ecs.js'

export interface Rollout {
  /** the task definition revision the service now runs */
  taskDefinitionArn: string
  /** `<cluster>/<service>` */
  service: string
}

/** Reads the service (phase `ECS read`); the returned function rolls `<image>@<digest>` out (`ECS deploy`). */
export async function prepareDeploy(
  edges: Pick<Edges, 'ecs' | 'out'>,
  settings: DeploySettings,
  target: { region: string; credentials?: AwsCredentials; image: string },
  timer: PhaseTimer,
): Promise<(digest: string) => Promise<Rollout>> {
  const ecs = await edges.ecs(target.region, target.credentials)
  const { deployImage, readDeployTarget } = await import('./ecs.js')
  const service = await timer.time('ECS read', () => readDeployTarget(ecs, settings, target.image))
  return async (digest) => ({
    taskDefinitionArn: await timer.time('ECS deploy', () =>
      deployImage(ecs, service, `${target.image}@${digest}`, edges.out.info),
    ),
    service: `${settings.cluster}/${settings.service}`,
  })
}
