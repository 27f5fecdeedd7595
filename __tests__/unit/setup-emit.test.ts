// setup --emit: the emitted Terraform, read back by HashiCorp's parser (@cdktf/hcl2json), and the emitted
// CloudFormation, read back by a YAML parser, declare exactly the create calls setup's plan makes against an
// account that has nothing: the same documents once `jsonencode` (or CloudFormation) has them, the same names,
// settings and tags.
import { parse as parseHcl } from '@cdktf/hcl2json'
import { parse as parseYaml } from 'yaml'
import { emitCode } from '../../src/setup/emit.js'
import { Call, Expr, quote, renderBody } from '../../src/setup/hcl.js'
import { type PlannedCall, planSetup, writeCalls } from '../../src/setup/plan.js'
import { readSetupSettings } from '../../src/setup/settings.js'

const settingsOf = (repository: string, inputs: Record<string, string>) => readSetupSettings({
  get: (name) => ({ 'account-id': '123456789012', region: 'us-east-1', ...inputs })[name] ?? '', githubRepository: repository,
  ...(inputs['sub-claim-keys'] ? { ownerId: '583231', repositoryId: '1296269' } : {}),
})
// each row names its repositories: a row shorter than the test's parameters would make Jest pass `done`
const ONE = ['octo-org/Octo.Repo']
const CASES: Array<[string, Record<string, string>, string[]]> = [
  ['the main tier alone', {}, ONE],
  ['three tiers, developers and consumers', { tiers: 'main,dev,release', developers: '210987654321', consumers: 'arn:aws:iam::111122223333:role/reader' }, ONE],
  ['immutable tags; trusted branches, tags and environments', { 'immutable-tags': 'true', 'trust-branches': 'release/*', 'trust-tags': 'v*', 'trust-environments': 'production' }, ONE],
  ['a pull-only consumer', { 'pull-only': 'true', 'pull-from': 'base-images,team/tools' }, ONE],
  ['an ECS deploy, a KMS key, a longer session', { 'ecs-service': 'prod/web', 'kms-key': 'alias/ecr', 'max-session-duration': '7200', 'pull-from': 'base-images' }, ONE],
  ['a GitHub Enterprise Server issuer and a customized subject', { 'oidc-issuer': 'https://ghe.example.com/_services/token', 'sub-claim-keys': 'repo,context,job_workflow_ref' }, ONE],
  ['a China region', { region: 'cn-north-1', tiers: 'main,release' }, ONE],
  ['two repositories', { tiers: 'main,dev' }, ['octo-org/svc-a', 'octo-org/svc-b']],
]
const fleetOf = (inputs: Record<string, string>, repositories: string[]) => repositories.map((r) => settingsOf(r, inputs))
/** The calls setup makes in an account that has nothing (one provider for a fleet). */
const creates = (fleet: ReturnType<typeof fleetOf>): PlannedCall[] => fleet.flatMap((s, i) => writeCalls(planSetup(s, { callerArn: '', tiers: {} })).slice(i === 0 ? 0 : 1))
const json = (call: PlannedCall, key: string) => JSON.parse(String(call.input[key])) as unknown
type Block = Record<string, unknown>

/** A `"${jsonencode(…)}"` attribute as hcl2json gives it: the object inside, parsed by hcl2json too, the variables filled in. */
async function jsonencoded(expression: unknown, vars: Record<string, string>): Promise<unknown> {
  const inner = String(expression).match(/^\$\{jsonencode\(([\s\S]*)\)\}$/)?.[1]
  expect(inner).toBeDefined()
  const { value } = (await parseHcl('inner.tf', `value = ${inner}`)) as { value: unknown }
  // the partition is the provider's region's (data.aws_partition), as AWS answers it for the region given
  const fill = (v: unknown): unknown => typeof v === 'string' ? v.replace(/\$\{var\.(\w+)\}/g, (_, name: string) => vars[name]!)
    .replace(/\$\{data\.aws_partition\.current\.partition\}/g, vars['region']!.startsWith('cn-') ? 'aws-cn' : 'aws')
    : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v
  return fill(value)
}

test.each(CASES)('Terraform, %s: every create call setup makes, as HashiCorp\'s parser reads the module', async (_, inputs, repositories) => {
  const fleet = fleetOf(inputs, repositories)
  const { text } = emitCode('terraform', fleet, false)
  const hcl = (await parseHcl('main.tf', text)) as { resource: Record<string, Record<string, Block[]>>; variable: Record<string, Block[]>; output: Record<string, Block[]> }
  const vars = Object.fromEntries(Object.entries(hcl.variable).map(([name, [v]]) => [name, String(v!['default'])]))
  expect(vars).toMatchObject({ account_id: '123456789012', region: fleet[0]!.region, create_oidc_provider: 'true' })
  const of = (type: string) => Object.entries(hcl.resource[type] ?? {}).map(([address, [body]]): Block & { address: string } => ({ ...body!, address }))
  const roleByRef = (ref: unknown) => of('aws_iam_role').find((r) => ref === `\${aws_iam_role.${r.address}.id}`)
  const repositoryByRef = (ref: unknown) => of('aws_ecr_repository').find((r) => ref === `\${aws_ecr_repository.${r.address}.name}`)
  const calls = creates(fleet)
  for (const call of calls) {
    const input = call.input as Record<string, unknown>
    if (call.command === 'CreateOpenIDConnectProvider') expect(of('aws_iam_openid_connect_provider')).toMatchObject([{ url: input['Url'], client_id_list: input['ClientIDList'] }])
    else if (call.command === 'CreateRole') {
      const role = of('aws_iam_role').find((r) => r['name'] === input['RoleName'])!
      expect(role).toMatchObject({ description: input['Description'], max_session_duration: input['MaxSessionDuration'], tags: Object.fromEntries((input['Tags'] as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value])) })
      expect(await jsonencoded(role['assume_role_policy'], vars)).toEqual(json(call, 'AssumeRolePolicyDocument'))
    } else if (call.command === 'PutRolePolicy') {
      const policy = of('aws_iam_role_policy').find((p) => p['name'] === input['PolicyName'] && roleByRef(p['role'])?.['name'] === input['RoleName'])!
      expect(await jsonencoded(policy['policy'], vars)).toEqual(json(call, 'PolicyDocument'))
    } else if (call.command === 'CreateRepository') {
      const repository = of('aws_ecr_repository').find((r) => r['name'] === input['repositoryName'])!
      const filters = (input['imageTagMutabilityExclusionFilters'] ?? []) as Array<{ filter: string; filterType: string }>
      expect(repository).toMatchObject({
        image_tag_mutability: input['imageTagMutability'], image_scanning_configuration: [{ scan_on_push: true }],
        encryption_configuration: [(({ encryptionType, kmsKey }: { encryptionType: string; kmsKey?: string }) => ({ encryption_type: encryptionType, ...(kmsKey ? { kms_key: kmsKey } : {}) }))(input['encryptionConfiguration'] as never)],
      })
      expect(repository['image_tag_mutability_exclusion_filter'] ?? []).toEqual(filters.map((f) => ({ filter: f.filter, filter_type: f.filterType })))
    } else if (call.command === 'SetRepositoryPolicy' || call.command === 'PutLifecyclePolicy') {
      const [type, key] = call.command === 'SetRepositoryPolicy' ? ['aws_ecr_repository_policy', 'policyText'] : ['aws_ecr_lifecycle_policy', 'lifecyclePolicyText']
      const policy = of(type).find((p) => repositoryByRef(p['repository'])?.['name'] === input['repositoryName'])!
      expect(await jsonencoded(policy['policy'], vars)).toEqual(json(call, key))
    } else throw new Error(`unexpected ${call.command}`)
  }
  // nothing more than those calls: one resource each, the provider's aside
  const resources = Object.values(hcl.resource).flatMap((byName) => Object.keys(byName)).length
  expect(resources).toBe(calls.length)
  expect(Object.keys(hcl.output)).toHaveLength(fleet.flatMap((s) => s.units).length * (inputs['pull-only'] ? 1 : 2))
})

/** A CloudFormation value with the pseudo parameters, Ref, Fn::If and Fn::GetAtt of the provider resolved. */
function resolve(value: unknown, account: string, region: string, partition: string, providerArn: string): unknown {
  const again = (v: unknown) => resolve(v, account, region, partition, providerArn)
  if (Array.isArray(value)) return value.map(again)
  if (!value || typeof value !== 'object') return value
  const object = value as Record<string, unknown>
  if ('Fn::Sub' in object)
    return String(object['Fn::Sub']).replace(/\$\{AWS::AccountId\}/g, account).replace(/\$\{AWS::Region\}/g, region).replace(/\$\{AWS::Partition\}/g, partition)
  if ('Fn::If' in object) {
    const [condition, , whenGiven] = object['Fn::If'] as unknown[]
    expect(condition).toBe('CreateOidcProvider')
    expect(whenGiven).toEqual({ Ref: 'OidcProviderArn' })
    return providerArn
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, again(v)]))
}

test.each(CASES)('CloudFormation, %s: every create call setup makes, as a YAML parser reads the template', (_, inputs, repositories) => {
  const fleet = fleetOf(inputs, repositories)
  const { text } = emitCode('cloudformation', fleet, false)
  const s = fleet[0]!
  const partition = s.region.startsWith('cn-') ? 'aws-cn' : 'aws'
  const providerArn = `arn:${partition}:iam::${s.accountId}:oidc-provider/${s.oidcIssuer.replace('https://', '')}`
  const template = parseYaml(text) as { Parameters: object; Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>; Outputs: object }
  expect(template.Parameters).toEqual({ OidcProviderArn: expect.objectContaining({ Type: 'String', Default: '' }) })
  const resources = Object.entries(template.Resources).map(([id, r]): Block & { id: string } => ({ id, type: r.Type, condition: r.Condition, ...(resolve(r.Properties, s.accountId, s.region, partition, providerArn) as Block) }))
  const of = (type: string) => resources.filter((r) => r.type === type)
  const calls = creates(fleet)
  for (const call of calls) {
    const input = call.input as Record<string, unknown>
    if (call.command === 'CreateOpenIDConnectProvider') expect(of('AWS::IAM::OIDCProvider')).toMatchObject([{ condition: 'CreateOidcProvider', Url: input['Url'], ClientIdList: input['ClientIDList'], Tags: input['Tags'] }])
    else if (call.command === 'CreateRole') {
      const role = of('AWS::IAM::Role').find((r) => r['RoleName'] === input['RoleName'])
      expect(role).toMatchObject({ Description: input['Description'], MaxSessionDuration: input['MaxSessionDuration'], Tags: input['Tags'], AssumeRolePolicyDocument: json(call, 'AssumeRolePolicyDocument') })
    } else if (call.command === 'PutRolePolicy') {
      const roleId = of('AWS::IAM::Role').find((r) => r['RoleName'] === input['RoleName'])!.id
      const policy = of('AWS::IAM::Policy').find((p) => p['PolicyName'] === input['PolicyName'] && JSON.stringify(p['Roles']) === JSON.stringify([{ Ref: roleId }]))
      expect(policy?.['PolicyDocument']).toEqual(json(call, 'PolicyDocument'))
    } else {
      const repository = of('AWS::ECR::Repository').find((r) => r['RepositoryName'] === input['repositoryName'])!
      if (call.command === 'CreateRepository') {
        const filters = (input['imageTagMutabilityExclusionFilters'] ?? []) as Array<{ filter: string; filterType: string }>
        const encryption = input['encryptionConfiguration'] as { encryptionType: string; kmsKey?: string }
        expect(repository).toMatchObject({ ImageTagMutability: input['imageTagMutability'], ImageScanningConfiguration: { ScanOnPush: true }, Tags: input['tags'],
          EncryptionConfiguration: { EncryptionType: encryption.encryptionType, ...(encryption.kmsKey ? { KmsKey: encryption.kmsKey } : {}) } })
        expect(repository['ImageTagMutabilityExclusionFilters'] ?? []).toEqual(filters.map((f) => ({ ImageTagMutabilityExclusionFilterType: f.filterType, ImageTagMutabilityExclusionFilterValue: f.filter })))
      } else if (call.command === 'SetRepositoryPolicy') expect(repository['RepositoryPolicyText']).toEqual(json(call, 'policyText'))
      else if (call.command === 'PutLifecyclePolicy') expect(JSON.parse(String((repository['LifecyclePolicy'] as { LifecyclePolicyText: string }).LifecyclePolicyText))).toEqual(json(call, 'lifecyclePolicyText'))
      else throw new Error(`unexpected ${call.command}`)
    }
  }
  const expected = calls.filter((c) => !['SetRepositoryPolicy', 'PutLifecyclePolicy'].includes(c.command)).length
  expect(resources).toHaveLength(expected)
  // kept when a stack goes, and importable: every resource says so
  for (const resource of Object.values(template.Resources) as Array<Record<string, unknown>>)
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })
  // the long form only: no YAML tag (!Ref, !Sub) that a plain YAML parser would not know
  expect(text).not.toMatch(/!\w+/)
})

test('with a GitHub token, the Terraform sets the repository variables (integrations/github); CloudFormation cannot', async () => {
  const fleet = fleetOf({}, ['octo-org/svc-a'])
  const { text } = emitCode('terraform', fleet, true)
  const hcl = (await parseHcl('main.tf', text)) as { terraform: Array<{ required_providers: Array<Record<string, unknown>> }>; resource: Record<string, Record<string, Block[]>> }
  expect(hcl.terraform[0]!.required_providers[0]).toMatchObject({ github: { source: 'integrations/github' }, aws: { source: 'hashicorp/aws' } })
  expect(hcl.resource['github_actions_variable']).toEqual({
    svc_a_aws_account_id: [{ repository: 'svc-a', variable_name: 'AWS_ACCOUNT_ID', value: '${var.account_id}' }],
    svc_a_aws_region: [{ repository: 'svc-a', variable_name: 'AWS_REGION', value: '${var.region}' }],
  })
  expect(emitCode('cloudformation', fleet, true).text).not.toContain('AWS_ACCOUNT_ID')
})

test('the Terraform reads as a person writes it: aligned runs of one-line attributes, two-space indents', () => {
  const { text } = emitCode('terraform', fleetOf({}, ['octo-org/svc-a']), false)
  expect(text).toContain([
    'resource "aws_iam_role_policy" "svc_a_main_push" {',
    '  name = "ecr-oidc-push"',
    '  role = aws_iam_role.svc_a_main.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [',
    '      {',
    '        Sid      = "EcrLogin"',
    '        Effect   = "Allow"',
    '        Action   = "ecr:GetAuthorizationToken"',
    '        Resource = "*"',
    '      },',
  ].join('\n'))
  expect(text).toContain('        Resource = "arn:${data.aws_partition.current.partition}:ecr:${var.region}:${var.account_id}:repository/svc-a"\n')
  expect(text).not.toMatch(/\t| +\n/)
})

test.each<[string, string]>([
  ['plain', '"plain"'],
  ['a "quote" and a \\', '"a \\"quote\\" and a \\\\"'],
  ['${not.a.reference} and %{ not a directive }', '"$${not.a.reference} and %%{ not a directive }"'],
  ['two\nlines', '"two\\nlines"'],
])('an HCL string literal: %j', (value, literal) => {
  expect(quote(value)).toBe(literal)
})

test('HCL values: keys quoted when they are not identifiers, short lists inline, calls around objects', () => {
  expect(renderBody([
    { attr: 'a', value: 1 }, { attr: 'long_name', value: true }, { attr: 'ref', value: new Expr('var.x') },
    { attr: 'doc', value: new Call('jsonencode', { 'aws:SourceAccount': ['1', '2'], Plain: {} }) },
  ], '').join('\n')).toBe([
    'a         = 1', 'long_name = true', 'ref       = var.x',
    'doc = jsonencode({', '  "aws:SourceAccount" = ["1", "2"]', '  Plain               = {}', '})',
  ].join('\n'))
})

describe("a user's attempt to break it", () => {
  test('names that are one identifier once only letters and digits remain: each repository keeps its own resources', () => {
    const fleet = fleetOf({}, ['octo-org/my-svc', 'octo-org/my.svc'])
    for (const format of ['terraform', 'cloudformation'] as const) {
      const { text } = emitCode(format, fleet, false)
      expect(text).toContain('github-actions-my-svc')
      expect(text).toContain('github-actions-my.svc')
    }
    const template = parseYaml(emitCode('cloudformation', fleet, false).text) as { Resources: Record<string, { Type: string }> }
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role')).toHaveLength(2)
  })

  test('a template CloudFormation cannot take inline is said; one no stack can hold is refused', () => {
    const many = (n: number) => fleetOf({ tiers: 'main,dev,release' }, Array.from({ length: n }, (_, i) => `octo-org/svc-${i}`))
    expect(emitCode('cloudformation', many(1), false).notes.join('\n')).not.toMatch(/51,200/)
    expect(emitCode('cloudformation', many(8), false).notes.join('\n')).toMatch(/the template is \d+ bytes, more than the 51,200 CloudFormation takes inline: upload it to S3/)
    expect(() => emitCode('cloudformation', many(70), false)).toThrow(/has .*outputs \(at most 200\).*: more than one CloudFormation stack may hold\. Emit it in parts/)
  })

  test('a custom audience: the existing provider must carry it, and the code says so', () => {
    const { text, notes } = emitCode('terraform', fleetOf({ audience: 'my-audience' }, ONE), false)
    expect(notes.join('\n')).toMatch(/with the account's existing provider \(create_oidc_provider = false\) its client IDs must include my-audience/)
    expect(text.replace(/\n# /g, ' ')).toContain('its client IDs must include my-audience')
  })
})
