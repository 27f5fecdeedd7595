// `setup --emit cloudformation` deployed on the stack's CloudFormation (moto's), then `setup --dry-run` for the
// same flags: nothing to change in the roles, their policies and the repositories. moto's CloudFormation skips
// an ECR repository's LifecyclePolicy and RepositoryPolicyText and has no AWS::IAM::OIDCProvider, so the
// stack gets the provider setup's IAM call created, and the lifecycle and repository policies are left out of
// the comparison (the unit tests hold the template's documents to setup's). Nothing here resets the stack.
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CreateOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import { parse } from 'yaml'
import { runCli } from '../../src/cli.js'
import { ACCOUNT_ID, MOTO_ENV, MOTO_URL, REGION, requireMoto } from '../support/stack.js'

const credentials = { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY }
const config = { region: REGION, endpoint: MOTO_URL, credentials, maxAttempts: 1 }
const cloudFormation = new CloudFormationClient(config)
const iam = new IAMClient(config)
const providerArn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`
const run = Date.now().toString(36)
const stacks: string[] = []

/** What the CLI prints, and its exit code; `aws` false: every AWS client refuses to be made. */
async function cli(args: string[], aws: boolean) {
  const [out, err]: [string[], string[]] = [[], []]
  const refuse = () => {
    throw new Error('emitting made an AWS client')
  }
  const clients = aws
    ? { iam: () => iam, ecr: () => new ECRClient(config), sts: () => new STSClient(config), ecs: () => new ECSClient(config) }
    : { iam: refuse, ecr: refuse, sts: refuse, ecs: refuse }
  const edges = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd: process.cwd(), ...clients }
  const code = await runCli(['setup', '--account-id', ACCOUNT_ID, '--region', REGION, ...args], edges as never)
  return { code, out: out.join(''), err: err.join('') }
}

beforeAll(async () => {
  await requireMoto()
  // the account's provider, as setup creates it (one per account, shared: the stacks are given its ARN)
  const exists = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn })).then(() => true, () => false)
  if (!exists) await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }))
})
afterAll(async () => {
  // moto deletes a stack's role before the inline policy that names it, and then fails on the policy: once more
  // finishes what is left
  const remove = (StackName: string) => cloudFormation.send(new DeleteStackCommand({ StackName }))
  for (const StackName of stacks) await remove(StackName).catch(() => remove(StackName))
})

type Change = { resource: string; kind: string; details: string[] }
/** The plan's changes to roles, inline policies and repositories (the lifecycle and repository policies aside). */
const compared = (changes: Change[]) => changes.filter((c) => /^(IAM role|inline policy|ECR repository) /.test(c.resource))

test.each([
  ['one repository', [`iac-org/iac-cfn-${run}`], []],
  ['two tiers', [`iac-org/iac-cfn-tiers-${run}`], ['--tiers', 'main,dev', '--developers', '210987654321']],
  ['two repositories', [`iac-org/iac-cfn-a-${run}`, `iac-org/iac-cfn-b-${run}`], ['--pull-from', 'base-images', '--keep-tagged', '50']],
])('%s: the emitted template, deployed, leaves setup nothing to change', async (_, repositories, flags) => {
  const named = repositories.flatMap((r) => ['--repository', r])
  const emitted = await cli([...named, ...flags, '--emit', 'cloudformation'], false)
  expect(emitted).toMatchObject({ code: 0 })
  const template = parse(emitted.out) as { Resources: Record<string, { Type: string }> }
  expect(Object.values(template.Resources).map((r) => r.Type)).toContain('AWS::IAM::Role')

  const StackName = `iac-emit-${stacks.length}-${run}`
  stacks.push(StackName)
  await cloudFormation.send(new CreateStackCommand({ StackName, TemplateBody: emitted.out, Parameters: [{ ParameterKey: 'OidcProviderArn', ParameterValue: providerArn }] }))
  const [stack] = (await cloudFormation.send(new DescribeStacksCommand({ StackName }))).Stacks ?? []
  expect(stack?.StackStatus).toBe('CREATE_COMPLETE')
  const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]))

  const planned = await cli([...named, ...flags, '--dry-run', '--json'], true)
  expect(planned).toMatchObject({ code: 0 })
  const outcome = JSON.parse(planned.out) as { changes?: Change[]; repositories?: Array<{ changes: Change[]; tiers: Array<{ roleArn: string; repositoryUri: string }> }>; tiers?: Array<{ roleArn: string; repositoryUri: string }> }
  const plans = outcome.repositories ?? [outcome as { changes: Change[]; tiers: Array<{ roleArn: string; repositoryUri: string }> }]
  expect(plans).toHaveLength(repositories.length)
  for (const plan of plans) {
    const changes = compared(plan.changes)
    // a role, its push policy and a repository per tier at least
    expect(changes.length).toBeGreaterThanOrEqual(3 * plan.tiers.length)
    expect(changes.filter((c) => c.kind !== 'none')).toEqual([])
    // the stack's outputs are the roles and repositories setup names
    for (const tier of plan.tiers) {
      expect(Object.values(outputs)).toContain(tier.roleArn)
      expect(Object.values(outputs)).toContain(tier.repositoryUri)
    }
  }
})
