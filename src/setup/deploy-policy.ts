/** The policy that lets a push role deploy to ECS services after the push (pure). */
import { partitionOf } from '../naming.js'
import type { PolicyDocument } from './policies.js'

/** An ECS service setup lets the role deploy to, and the roles its task runs with (read from ECS). */
export interface EcsServiceGrant {
  cluster: string
  service: string
  /** the task definition's execution and task roles: what UpdateService may pass on */
  passRoles: string[]
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
