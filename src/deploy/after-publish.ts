/**
 * An ECS deploy after a publish (push's image, merge's index), in two halves: the service is read before
 * anything is published, so a wrong service or container fails first; the rollout runs once the digest is
 * known. ECS's client and code load only here, only with `ecs-cluster` and `ecs-service`.
 */
import type { CredentialsSource } from '../aws/client-config.js'
import type { Edges } from '../edges.js'
import type { PhaseTimer } from '../summary.js'
import type { DeploySettings } from './ecs.js'

export interface Rollout {
  /** the task definition revision the service now runs */
  taskDefinitionArn: string
  /** `<cluster>/<service>` */
  service: string
}

/**
 * With `ecs-cluster` and `ecs-service` (`settings.deploy`) and credentials: reads the service (phase `ECS
 * read`) and returns the rollout of `<image>@<digest>` (`ECS deploy`). Without them: undefined, and ECS is
 * never loaded.
 */
export async function prepareDeploy(
  edges: Pick<Edges, 'ecs' | 'out'>,
  settings: { deploy?: DeploySettings; region: string },
  identity: { credentials?: CredentialsSource } | undefined,
  image: string,
  timer: PhaseTimer,
): Promise<((digest: string) => Promise<Rollout>) | undefined> {
  const deploy = settings.deploy
  if (!deploy || !identity) return undefined
  const ecs = await edges.ecs(settings.region, identity.credentials)
  const { deployImage, readDeployTarget } = await import('./ecs.js')
  const service = await timer.time('ECS read', () => readDeployTarget(ecs, deploy, image))
  return async (digest) => ({
    taskDefinitionArn: await timer.time('ECS deploy', () =>
      deployImage(ecs, service, `${image}@${digest}`, edges.out.info),
    ),
    service: `${deploy.cluster}/${deploy.service}`,
  })
}
