/** ECS deploy after a push: pin the service's container to the pushed digest, roll it out, wait for it. */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type Service,
  type Tag,
  type TaskDefinition,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { endpointOf } from '../aws/client-config.js'
import { ExplainedError, describeAwsError } from '../errors.js'
import { RemoteUnavailable, callRemote, checkedWrite } from '../remote.js'
import { chooseContainer, nextRevision, rolloutState } from './task-definition.js'

export interface DeploySettings {
  cluster: string
  service: string
  /** the container to deploy; needed only when the task has several and none or many run this image */
  container?: string
  wait: boolean
  waitMinutes: number
}

/** What the deploy needs, read before the build so a wrong name fails with nothing pushed or registered. */
export interface DeployTarget {
  settings: DeploySettings
  taskDefinition: TaskDefinition
  tags: Tag[]
  container: string
}

export interface WaitClock {
  now(): number
  sleep(ms: number): Promise<void>
  /** between two looks at the service */
  pollMs: number
}
const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  pollMs: 6_000,
}

/** One ECS call under the remote policy; a refusal or a bad answer becomes a message naming the call. */
async function ecsCall<T>(
  ecs: ECSClient,
  call: string,
  what: string,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await callRemote({ service: 'AWS ECS', call, endpoint: () => endpointOf(ecs) }, send)
  } catch (error) {
    if (error instanceof RemoteUnavailable) throw error
    const denied = /AccessDenied/.test((error as Error).name)
      ? ` The role needs ecs:${call} (setup's ecs-service grants what a deploy needs).`
      : ''
    throw new ExplainedError(`ECS ${call} on ${what} failed: ${describeAwsError(error)}.${denied}`)
  }
}

async function describeService(ecs: ECSClient, s: DeploySettings): Promise<Service> {
  const answer = await ecsCall(ecs, 'DescribeServices', `service ${s.service} in cluster ${s.cluster}`, (abortSignal) =>
    ecs.send(new DescribeServicesCommand({ cluster: s.cluster, services: [s.service] }), { abortSignal }),
  )
  const service = answer.services?.[0]
  if (!service || service.status === 'INACTIVE') {
    const reason = answer.failures?.[0]?.reason ?? service?.status ?? 'not found'
    throw new ExplainedError(
      'Inputs `ecs-cluster` and `ecs-service`: ' +
        `ECS has no active service ${s.service} in cluster ${s.cluster} (${reason}). ` +
        'Check both names and the region.',
    )
  }
  return service
}

export async function readDeployTarget(ecs: ECSClient, settings: DeploySettings, image: string): Promise<DeployTarget> {
  const service = await describeService(ecs, settings)
  const described = await ecsCall(ecs, 'DescribeTaskDefinition', service.taskDefinition ?? '?', (abortSignal) =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition, include: ['TAGS'] }), {
      abortSignal,
    }),
  )
  const taskDefinition = described.taskDefinition ?? {}
  const choice = chooseContainer(taskDefinition.containerDefinitions ?? [], settings.container, image)
  if ('problem' in choice)
    throw new ExplainedError(
      `${choice.problem} (task definition ${service.taskDefinition}, service ${settings.service})`,
    )
  return { settings, taskDefinition, tags: described.tags ?? [], container: choice.name }
}

/** Registers the new revision, moves the service to it, and (with ecs-wait) waits until it has rolled out. */
export async function deployImage(
  ecs: ECSClient,
  target: DeployTarget,
  imageRef: string,
  log: (line: string) => void,
  clock: WaitClock = realClock,
): Promise<string> {
  const { settings: s } = target
  const family = target.taskDefinition.family ?? '?'
  // a re-run of a deploy: the service runs this very image already, and a new revision would change nothing
  const running = target.taskDefinition.containerDefinitions?.find((c) => c.name === target.container)?.image
  if (running === imageRef && target.taskDefinition.taskDefinitionArn) {
    log(`Service ${s.service} in cluster ${s.cluster} runs ${imageRef} already: no new revision`)
    return target.taskDefinition.taskDefinitionArn
  }
  const registered = await ecsCall(
    ecs,
    'RegisterTaskDefinition',
    `family ${family}`,
    checkedWrite(
      (abortSignal) =>
        ecs.send(
          new RegisterTaskDefinitionCommand(
            nextRevision(target.taskDefinition, target.tags, target.container, imageRef) as never,
          ),
          { abortSignal },
        ),
      // a retry after a lost answer: the family's latest revision, when it is newer and runs this image
      async (abortSignal) => {
        const latest = await ecs
          .send(new DescribeTaskDefinitionCommand({ taskDefinition: family }), { abortSignal })
          .catch(() => undefined)
        const definition = latest?.taskDefinition
        const runs = definition?.containerDefinitions?.find((c) => c.name === target.container)?.image
        return definition && (definition.revision ?? 0) > (target.taskDefinition.revision ?? 0) && runs === imageRef
          ? { taskDefinition: definition, $metadata: {} }
          : undefined
      },
    ),
  )
  const arn = registered.taskDefinition?.taskDefinitionArn
  if (!arn)
    throw new ExplainedError(`ECS RegisterTaskDefinition for family ${family} answered without the new revision's ARN.`)
  log(`Registered ${arn}: container ${target.container} runs ${imageRef}`)
  await ecsCall(ecs, 'UpdateService', `service ${s.service} in cluster ${s.cluster}`, (abortSignal) =>
    ecs.send(new UpdateServiceCommand({ cluster: s.cluster, service: s.service, taskDefinition: arn }), {
      abortSignal,
    }),
  )
  log(`Service ${s.service} in cluster ${s.cluster} moves to it`)
  if (!s.wait) return arn

  const deadline = clock.now() + s.waitMinutes * 60_000
  for (;;) {
    const service = await describeService(ecs, s)
    const state = rolloutState(service, arn)
    if (state.state === 'done') return arn
    if (state.state === 'failed' || clock.now() + clock.pollMs > deadline) {
      const why =
        state.state === 'failed'
          ? `failed: ${state.reason}`
          : `did not finish within ${s.waitMinutes} minute${s.waitMinutes === 1 ? '' : 's'} ` +
            `(ecs-wait-minutes); ${state.detail}`
      throw new ExplainedError(
        `The deployment of ${arn} to service ${s.service} ${why}.\n` +
          `The service's latest events:\n${latestEvents(service)}`,
      )
    }
    log(`Waiting for service ${s.service}: ${state.detail}`)
    await clock.sleep(clock.pollMs)
  }
}

function latestEvents(service: Service): string {
  const events = (service.events ?? []).slice(0, 5)
  return events.length === 0
    ? '  (none)'
    : events.map((e) => `  ${e.createdAt ? new Date(e.createdAt).toISOString() : ''} ${e.message ?? ''}`).join('\n')
}
