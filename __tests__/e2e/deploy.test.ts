// Push with ecs-cluster + ecs-service, as the runner runs it, against moto's ECS: a new revision pinned to
// the pushed digest, identical to the old one in every other field, and the service moved to it.
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import type { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { runAction, runPostStep } from '../support/action-runner.js'
import { openHarness, setUpFor, uniqueRepository } from '../support/fixtures.js'
import { listTags } from '../support/registry.js'
import { MOTO_ENV, MOTO_URL, REGISTRY_HOST, REGION } from '../support/stack.js'

const ecs = new ECSClient({ region: REGION, endpoint: MOTO_URL, credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY } })
let proxy: AwsProxy
let workspace: string
beforeAll(async () => {
  ({ proxy, workspace } = await openHarness())
})
afterAll(() => proxy.stop())

/** A cluster and a service whose task runs this repository's image beside a sidecar. */
async function serviceFor(repository: string) {
  const name = repository.split('/')[1]!
  await ecs.send(new CreateClusterCommand({ clusterName: name }))
  const registered = await ecs.send(new RegisterTaskDefinitionCommand({
    family: name, executionRoleArn: 'arn:aws:iam::123456789012:role/exec', taskRoleArn: 'arn:aws:iam::123456789012:role/task',
    networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
    containerDefinitions: [
      { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29', memory: 128, essential: true },
      { name: 'app', image: `${REGISTRY_HOST}/${name}:main`, memory: 256, essential: true, portMappings: [{ containerPort: 8080 }], environment: [{ name: 'MODE', value: 'prod' }] },
    ],
    tags: [{ key: 'team', value: 'payments' }],
  }))
  await ecs.send(new CreateServiceCommand({ cluster: name, serviceName: 'web', taskDefinition: registered.taskDefinition!.taskDefinitionArn, desiredCount: 1 }))
  return { cluster: name, before: registered.taskDefinition!.taskDefinitionArn! }
}

async function push(repository: string, inputs: Record<string, string>) {
  // the role may deploy to the service it pushes for, as setup's ecs-service grants
  await setUpFor(repository, { flags: inputs['ecs-cluster'] ? ['--ecs-service', `${inputs['ecs-cluster']}/${inputs['ecs-service']}`] : [] })
  const stub = await startOidcStub(githubClaims({ repository }))
  proxy.reset()
  try {
    const result = await runAction({
      workspace, repository, inputs: { 'account-id': '123456789012', region: REGION, platforms: 'linux/amd64', ...inputs },
      env: { ...stub.env, AWS_ENDPOINT_URL: proxy.url },
    })
    await runPostStep(workspace, result.state)
    return result
  } finally {
    await stub.close()
  }
}

test('the service runs a new revision pinned to the pushed digest; nothing else in it changed', async () => {
  const repository = uniqueRepository('deployed')
  const { cluster, before } = await serviceFor(repository)
  const result = await push(repository, { 'ecs-cluster': cluster, 'ecs-service': 'web' })
  expect(result.stderr).toBe('')
  expect(result.exitCode).toBe(0)
  const { digest, image } = result.outputs
  expect(result.outputs['task-definition-arn']).toBe(before.replace(/:1$/, ':2'))
  expect(proxy.actions()).toEqual([
    'AssumeRoleWithWebIdentity', 'GetAuthorizationToken', 'DescribeRepositories', 'BatchGetImage', 'DescribeServices', 'DescribeTaskDefinition',
    // pushed by digest, then each tag set on it
    'BatchGetImage', 'PutImage', 'PutImage', 'PutImage', 'PutImage', 'PutImage',
    'RegisterTaskDefinition', 'UpdateService', 'DescribeServices',
  ])

  const read = async (arn: string) => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))
  const [old, next] = await Promise.all([read(before), read(result.outputs['task-definition-arn']!)])
  const { taskDefinitionArn: _a, revision: _r, ...oldFields } = old.taskDefinition!
  const { taskDefinitionArn: _b, revision: _s, ...nextFields } = next.taskDefinition!
  const app = (fields: typeof oldFields) => fields.containerDefinitions!.find((c) => c.name === 'app')!
  expect(app(nextFields).image).toBe(`${image}@${digest}`)
  // every other field, the other container and the tags: as they were
  expect({ ...nextFields, containerDefinitions: nextFields.containerDefinitions!.map((c) => (c.name === 'app' ? { ...c, image: 'x' } : c)) })
    .toEqual({ ...oldFields, containerDefinitions: oldFields.containerDefinitions!.map((c) => (c.name === 'app' ? { ...c, image: 'x' } : c)) })
  expect(next.tags).toEqual(old.tags)

  const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services![0]!
  expect(service.taskDefinition).toBe(result.outputs['task-definition-arn'])
  expect(result.summary).toContain(`| Deployed | \`${result.outputs['task-definition-arn']}\` to ECS service \`${cluster}/web\` |`)
  expect(result.summary).toMatch(/\| ECS deploy \| \d+\.\d s \|/)
}, 120_000)

test.each<[string, (cluster: string) => Record<string, string>, RegExp]>([
  ['an unknown container name', (cluster) => ({ 'ecs-cluster': cluster, 'ecs-service': 'web', 'ecs-container': 'api' }), /Input `ecs-container` is "api", but the task definition has no such container; it has: envoy, app/],
  ['a service that does not exist', (cluster) => ({ 'ecs-cluster': cluster, 'ecs-service': 'nope' }), /Inputs `ecs-cluster` and `ecs-service`: ECS has no active service nope/],
])('%s: a clear error, exit 1, nothing pushed and no revision registered', async (_, inputs, message) => {
  const repository = uniqueRepository('not-deployed')
  const { cluster } = await serviceFor(repository)
  const result = await push(repository, inputs(cluster))
  expect(result.exitCode).toBe(1)
  expect(result.stdout.replace(/%0A/g, '\n')).toMatch(message)
  expect(proxy.writes().filter((action) => action !== 'AssumeRoleWithWebIdentity' && action !== 'GetAuthorizationToken')).toEqual([])
  expect(await listTags(repository.split('/')[1]!)).toEqual([])
}, 120_000)

// issue 18, rows 2 and 15: the native-runner flow deploys the merged index, never one platform's image
test('merge deploys the multi-platform index; a platform job with a deploy is refused before anything runs', async () => {
  const repository = uniqueRepository('merged-deploy')
  const { cluster, before } = await serviceFor(repository)
  const deployTo = { 'ecs-cluster': cluster, 'ecs-service': 'web' }
  const refused = await push(repository, { platforms: 'linux/arm64', 'platform-image': 'true', ...deployTo })
  expect(refused.exitCode).toBe(1)
  expect(refused.stdout.replace(/%0A/g, '\n')).toMatch(/`platform-image` pushes one platform's only[\s\S]*Move them to the `mode: merge` job/)
  expect(proxy.actions()).toEqual([])

  for (const platform of ['linux/amd64', 'linux/arm64']) {
    expect((await push(repository, { platforms: platform, 'platform-image': 'true' })).exitCode).toBe(0)
  }
  const merged = await push(repository, { mode: 'merge', platforms: 'linux/amd64,linux/arm64', ...deployTo })
  expect(merged.stderr).toBe('')
  expect(merged.exitCode).toBe(0)
  expect(merged.outputs['task-definition-arn']).toBe(before.replace(/:1$/, ':2'))
  const next = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: merged.outputs['task-definition-arn']! }))
  expect(next.taskDefinition!.containerDefinitions!.find((c) => c.name === 'app')!.image).toBe(merged.outputs['image-ref'])
  const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services![0]!
  expect(service.taskDefinition).toBe(merged.outputs['task-definition-arn'])
  expect(merged.summary).toContain(`| Deployed | \`${merged.outputs['task-definition-arn']}\` to ECS service \`${cluster}/web\` |`)
}, 300_000)
