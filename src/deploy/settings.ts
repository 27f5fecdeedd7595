/** The ECS deploy's inputs, for push and merge, read and checked (pure). */
import type { InputSource } from '../inputs.js'
import { readBoolean, readInteger } from '../inputs.js'
import type { DeploySettings } from './ecs.js'

const ECS_NAME = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:(cluster|service)\/[\w/-]+|[A-Za-z0-9_-]{1,255})$/

/** ecs-cluster + ecs-service (both or neither) and how to deploy there; `push` is whether the step publishes. */
export function readDeploySettings(
  source: Pick<InputSource, 'get'>,
  push: boolean,
  problems: string[],
): DeploySettings | undefined {
  const input = (name: string) => source.get(name).trim()
  const [cluster, service, container] = [input('ecs-cluster'), input('ecs-service'), input('ecs-container')]
  if (Boolean(cluster) !== Boolean(service)) {
    problems.push(
      'Inputs `ecs-cluster` and `ecs-service` go together: set both to deploy after the push, ' +
        `or neither (got only \`${cluster ? 'ecs-cluster' : 'ecs-service'}\`).`,
    )
  }
  for (const [name, value] of [
    ['ecs-cluster', cluster],
    ['ecs-service', service],
  ] as const) {
    if (value && !ECS_NAME.test(value))
      problems.push(`Input \`${name}\` "${value}" is not an ECS name or ARN: up to 255 letters, digits, - and _.`)
  }
  // without a deploy these change nothing; the runner passes the defaults always, so only other values count
  const unused: Record<string, string> = { 'ecs-container': '', 'ecs-wait': 'true', 'ecs-wait-minutes': '10' }
  for (const [name, fallback] of Object.entries(unused)) {
    if (!cluster && !service && input(name) !== '' && input(name) !== fallback)
      problems.push(`Input \`${name}\` only matters with \`ecs-cluster\` and \`ecs-service\`.`)
  }
  const wait = readBoolean(source, 'ecs-wait', true, problems)
  const waitMinutes = readInteger(source, 'ecs-wait-minutes', 10, 1, 60, problems)
  if (!cluster || !service) return undefined
  if (!push) problems.push('Inputs `ecs-cluster` and `ecs-service` deploy the pushed image: they need `push: true`.')
  return { cluster, service, ...(container ? { container } : {}), wait, waitMinutes }
}
