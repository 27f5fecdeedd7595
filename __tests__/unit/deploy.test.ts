import type { ECSClient, Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { type DeployTarget, deployImage, readDeployTarget } from '../../src/deploy/ecs.js'
import { chooseContainer, nextRevision, repositoryOf, rolloutState } from '../../src/deploy/task-definition.js'

const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const pinned = `${image}@sha256:${'d'.repeat(64)}`
const app = { name: 'app', image: `${image}:main`, memory: 256 }
const sidecar = { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1' }

test.each<[string, string, string]>([
  ['tag', `${image}:main`, image],
  ['digest', pinned, image],
  ['registry with a port', 'localhost:5000/team/web:1', 'localhost:5000/team/web'],
  ['no tag', 'busybox', 'busybox'],
])('repositoryOf: %s', (_, ref, expected) => expect(repositoryOf(ref)).toBe(expected))

test.each<[string, Array<{ name: string; image: string }>, string | undefined, object]>([
  ['the only container', [app], undefined, { name: 'app' }],
  ['the only container, whatever its image', [{ name: 'x', image: 'other' }], undefined, { name: 'x' }],
  ['the one running this repository', [sidecar, app], undefined, { name: 'app' }],
  ['named', [sidecar, app], 'envoy', { name: 'envoy' }],
  ['named, but not there', [sidecar, app], 'web', { problem: expect.stringMatching(/^Input `ecs-container` is "web", but the task definition has no such container; it has: envoy, app\.$/) }],
  ['several, none of this repository', [sidecar, { name: 'b', image: 'other' }], undefined, { problem: expect.stringMatching(/has 2 containers \(envoy, b\) and none of them runs .*\/web\. Set `ecs-container`/) }],
  ['several of this repository', [app, { ...app, name: 'worker' }], undefined, { problem: expect.stringMatching(/and several of them run .*Set `ecs-container`/) }],
])('chooseContainer: %s', (_, containers, requested, expected) => expect(chooseContainer(containers, requested, image)).toEqual(expected))

test('nextRevision: every registrable field kept, read-only ones dropped, one image pinned, tags carried', () => {
  const current: TaskDefinition = {
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7', revision: 7, status: 'ACTIVE',
    requiresAttributes: [{ name: 'ecs.capability.execution-role-awslogs' }], compatibilities: ['EC2', 'FARGATE'],
    registeredAt: new Date(0), registeredBy: 'arn:aws:iam::123456789012:user/x',
    family: 'web', taskRoleArn: 'arn:aws:iam::123456789012:role/task', executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    networkMode: 'awsvpc', containerDefinitions: [sidecar, app], volumes: [{ name: 'v' }], requiresCompatibilities: ['FARGATE'],
    cpu: '256', memory: '512', runtimePlatform: { cpuArchitecture: 'ARM64' }, ephemeralStorage: { sizeInGiB: 30 },
  }
  expect(nextRevision(current, [{ key: 'team', value: 'a' }], 'app', pinned)).toEqual({
    family: 'web', taskRoleArn: 'arn:aws:iam::123456789012:role/task', executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    networkMode: 'awsvpc', containerDefinitions: [sidecar, { ...app, image: pinned }], volumes: [{ name: 'v' }],
    requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', runtimePlatform: { cpuArchitecture: 'ARM64' },
    ephemeralStorage: { sizeInGiB: 30 }, tags: [{ key: 'team', value: 'a' }],
  })
})

const ours = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8'
const old = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
test.each<[string, Service, string]>([
  ['ECS controller: completed', { deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'COMPLETED' }] }, 'done'],
  ['ECS controller: in progress', { deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'IN_PROGRESS' }, { status: 'ACTIVE', taskDefinition: old }] }, 'waiting'],
  ['ECS controller: failed (circuit breaker)', { deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' }] }, 'failed'],
  ['ECS controller: primary still the old one', { deployments: [{ status: 'PRIMARY', taskDefinition: old, rolloutState: 'COMPLETED' }] }, 'waiting'],
  ['no rollout state: on our revision, alone, at its count', { taskDefinition: ours, runningCount: 2, desiredCount: 2, deployments: [{ status: 'PRIMARY' }] }, 'done'],
  ['no rollout state: tasks still starting', { taskDefinition: ours, runningCount: 1, desiredCount: 2, deployments: [{ status: 'PRIMARY' }] }, 'waiting'],
  ['no rollout state: two deployments', { taskDefinition: ours, runningCount: 2, desiredCount: 2, deployments: [{ status: 'PRIMARY' }, { status: 'ACTIVE' }] }, 'waiting'],
  ['no rollout state: another revision', { taskDefinition: old, runningCount: 2, desiredCount: 2, deployments: [{ status: 'PRIMARY' }] }, 'waiting'],
])('rolloutState: %s → %s', (_, service, expected) => expect(rolloutState(service, ours).state).toBe(expected))

describe('deployImage', () => {
  const target: DeployTarget = {
    settings: { cluster: 'prod', service: 'web', wait: true, waitMinutes: 1 },
    taskDefinition: { family: 'web', containerDefinitions: [app] }, tags: [], container: 'app',
  }
  /** ECS that registers revision 8 and answers DescribeServices from a script. */
  function fakeEcs(services: Service[]) {
    const sent: string[] = []
    const ecs = {
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name)
        if (command.constructor.name === 'RegisterTaskDefinitionCommand') return { taskDefinition: { taskDefinitionArn: ours } }
        if (command.constructor.name === 'DescribeServicesCommand') return { services: [services.length > 1 ? services.shift()! : services[0]!] }
        return {}
      },
    } as unknown as ECSClient
    return { ecs, sent }
  }
  const clock = () => {
    let now = 0
    return { now: () => now, sleep: async (ms: number) => void (now += ms), pollMs: 6_000 }
  }
  const events = [{ createdAt: new Date('2026-11-24T10:00:00Z'), message: '(service web) was unable to place a task' }]

  test('registers, updates, and waits until the rollout completes', async () => {
    const { ecs, sent } = fakeEcs([
      { status: 'ACTIVE', deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'IN_PROGRESS' }] },
      { status: 'ACTIVE', deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'COMPLETED' }] },
    ])
    expect(await deployImage(ecs, target, pinned, () => {}, clock())).toBe(ours)
    expect(sent).toEqual(['RegisterTaskDefinitionCommand', 'UpdateServiceCommand', 'DescribeServicesCommand', 'DescribeServicesCommand'])
  })

  test('a failed rollout fails with the service\'s latest events', async () => {
    const { ecs } = fakeEcs([{ status: 'ACTIVE', events, deployments: [{ status: 'PRIMARY', taskDefinition: ours, rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' }] }])
    await expect(deployImage(ecs, target, pinned, () => {}, clock())).rejects.toThrow(
      /^The deployment of .*web:8 to service web failed: circuit breaker\.\nThe service's latest events:\n {2}2026-11-24T10:00:00\.000Z \(service web\) was unable to place a task$/)
  })

  test('a rollout that never finishes fails at ecs-wait-minutes, with the events', async () => {
    const { ecs, sent } = fakeEcs([{ status: 'ACTIVE', events, taskDefinition: ours, runningCount: 0, desiredCount: 1, deployments: [{ status: 'PRIMARY' }] }])
    await expect(deployImage(ecs, target, pinned, () => {}, clock())).rejects.toThrow(/did not finish within 1 minute \(ecs-wait-minutes\); 0 of 1 tasks running, 1 deployment\.\nThe service's latest events:/)
    expect(sent.filter((name) => name === 'DescribeServicesCommand').length).toBe(11) // at 0, 6, …, 60 s
  })

  test('without ecs-wait it returns once the service is updated', async () => {
    const { ecs, sent } = fakeEcs([{}])
    expect(await deployImage(ecs, { ...target, settings: { ...target.settings, wait: false } }, pinned, () => {}, clock())).toBe(ours)
    expect(sent).toEqual(['RegisterTaskDefinitionCommand', 'UpdateServiceCommand'])
  })

  // issue 18, row 13: a retried RegisterTaskDefinition leaves no extra revision
  test('a registration whose answer was lost is read back on the retry, not made twice', async () => {
    const sent: string[] = []
    let registered = 0
    const ecs = {
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name)
        if (command.constructor.name === 'RegisterTaskDefinitionCommand') {
          registered++
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) // ECS registered it; the answer was lost
        }
        if (command.constructor.name === 'DescribeTaskDefinitionCommand')
          return { taskDefinition: { taskDefinitionArn: ours, family: 'web', revision: 8, containerDefinitions: [{ ...app, image: pinned }] } }
        return {}
      },
    } as unknown as ECSClient
    const withRevision = { ...target, taskDefinition: { ...target.taskDefinition, revision: 7 }, settings: { ...target.settings, wait: false } }
    expect(await deployImage(ecs, withRevision, pinned, () => {}, clock())).toBe(ours)
    expect(registered).toBe(1)
    expect(sent).toEqual(['RegisterTaskDefinitionCommand', 'DescribeTaskDefinitionCommand', 'UpdateServiceCommand'])
  })

  test('a re-run: the service runs this very image already, so no revision is registered', async () => {
    const { ecs, sent } = fakeEcs([{}])
    const running = { ...target, taskDefinition: { ...target.taskDefinition, taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7', containerDefinitions: [{ ...app, image: pinned }] } }
    expect(await deployImage(ecs, running, pinned, () => {}, clock())).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')
    expect(sent).toEqual([])
  })

  test('a missing service is named by its inputs', async () => {
    const ecs = { send: async () => ({ services: [], failures: [{ reason: 'MISSING' }] }) } as unknown as ECSClient
    await expect(readDeployTarget(ecs, target.settings, image)).rejects.toThrow(/^Inputs `ecs-cluster` and `ecs-service`: ECS has no active service web in cluster prod \(MISSING\)/)
  })
})
