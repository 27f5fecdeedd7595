/** The policy that lets a push role deploy to ECS services after the push (pure). */
import { parseList } from '../inputs.js'
import { partitionOf } from '../naming.js'
import type { PolicyDocument } from './policies.js'

/** An ECS service setup lets the role deploy to, and the roles its task runs with (read from ECS). */
export interface EcsServiceGrant {
  cluster: string
  service: string
  /** the task definition's execution and task roles: what UpdateService may pass on */
  passRoles: string[]
}

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/
const ECS_ARN = /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/

/**
 * `ecs-service`: CLUSTER/SERVICE items; a bare SERVICE takes `ecs-cluster`, so one workflow's inputs serve
 * setup and push. A malformed item is a problem.
 */
export function readEcsServices(
  source: { get(name: string): string },
  problems: string[],
): Array<{ cluster: string; service: string }> {
  const defaultCluster = source.get('ecs-cluster').trim()
  return parseList(source.get('ecs-service')).map((item) => {
    const slash = item.lastIndexOf('/')
    const [cluster, service] = slash >= 0 ? [item.slice(0, slash), item.slice(slash + 1)] : [defaultCluster, item]
    if (!ECS_NAME.test(service) || !(ECS_NAME.test(cluster) || ECS_ARN.test(cluster))) {
      problems.push(
        `Input \`ecs-service\` has "${item}", which is not CLUSTER/SERVICE` +
          `${defaultCluster ? '' : ' (or a service name with `ecs-cluster`)'}: ` +
          'ECS names are up to 255 letters, digits, - and _.',
      )
    }
    return { cluster, service }
  })
}

export function ecsServiceArn(accountId: string, region: string, cluster: string, service: string): string {
  const clusterName = cluster.startsWith('arn:') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster
  return `arn:${partitionOf(region)}:ecs:${region}:${accountId}:service/${clusterName}/${service}`
}

/**
 * Least privilege for the deploy after a push: read and update exactly these services, register task
 * definitions (ECS has no narrower resource for it), and pass exactly their tasks' roles to ECS tasks.
 */
export function deployPolicy(accountId: string, region: string, grants: readonly EcsServiceGrant[]): PolicyDocument {
  const passRoles = [...new Set(grants.flatMap((g) => g.passRoles))].sort()
  const statements: Array<Record<string, unknown>> = [
    {
      Sid: 'DeployTheseServices',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: grants.map((g) => ecsServiceArn(accountId, region, g.cluster, g.service)),
    },
    {
      Sid: 'TaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition', 'ecs:TagResource'],
      Resource: '*',
    },
  ]
  if (passRoles.length > 0) {
    statements.push({
      Sid: 'PassTheTasksRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: passRoles,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    })
  }
  return { Version: '2012-10-17', Statement: statements }
}
