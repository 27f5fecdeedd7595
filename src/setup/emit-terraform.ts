/**
 * `setup --emit terraform` (pure): the model of what setup would create as a Terraform module. Sources:
 * Terraform registry, hashicorp/aws (aws_iam_openid_connect_provider, aws_iam_role, aws_iam_role_policy,
 * aws_ecr_repository — `image_tag_mutability_exclusion_filter` since 6.8.0 —, aws_ecr_repository_policy,
 * aws_ecr_lifecycle_policy) and integrations/github (github_actions_variable).
 */
import { type BodyItem, Call, Expr, type HclValue, quote, renderBlock } from './hcl.js'
import { type Document, type EmittedRepository, type EmittedTier, type IacModel, parametrize } from './emit-model.js'
import type { Tag } from './plan.js'

const PROVIDER = 'aws_iam_openid_connect_provider.github'

/** `octo-org/My.Service` → `my_service`: a Terraform name (letters, digits, _; not starting with a digit). */
export function terraformName(label: string): string {
  const name = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return /^[a-z_]/.test(name) ? name : `r_${name}`
}

/** A string of a document: its ARNs in this account and region follow `var.account_id` and `var.region`. */
function text(model: IacModel, value: string): Expr {
  return new Expr(
    parametrize(quote(value), model, {
      account: '${var.account_id}',
      region: '${var.region}',
      // aws, aws-cn, aws-us-gov: the partition of the region the provider is in, as CloudFormation's AWS::Partition
      partition: '${data.aws_partition.current.partition}',
    }),
  )
}

/** A policy document (or any JSON) as an HCL value, for `jsonencode(…)`: the same JSON once encoded. */
function hclOf(model: IacModel, value: unknown): HclValue {
  if (typeof value === 'string') return text(model, value)
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map((v) => hclOf(model, v))
  return Object.fromEntries(Object.entries(value as Document).map(([k, v]) => [k, hclOf(model, v)]))
}

const tags = (list: Tag[]): HclValue => Object.fromEntries(list.map((t) => [t.Key, t.Value]))
const attr = (name: string, value: HclValue): BodyItem => ({ attr: name, value })
const block = (type: string, labels: string[], body: BodyItem[]) => ({ block: type, labels, body })
const blank: BodyItem = { blank: true }
const ref = (text: string) => new Expr(text)

/** The policy's resource name after the tier's: `…_push`, `…_pull`, `…_deploy`. */
const policySuffix = (policyName: string) => policyName.replace(/^ecr-oidc-push-?/, '') || 'push'

function tierBlocks(model: IacModel, name: string, t: EmittedTier) {
  const role = `aws_iam_role.${name}`
  const blocks = [
    block(
      'resource',
      ['aws_iam_role', name],
      [
        attr('name', t.role.name),
        attr('description', t.role.description),
        attr('max_session_duration', t.role.maxSessionDuration),
        attr('assume_role_policy', new Call('jsonencode', hclOf(model, t.role.trust))),
        attr('tags', tags(t.role.tags)),
        blank,
        // the trust names the account's provider: created first when this module creates it
        attr('depends_on', [ref(PROVIDER)]),
      ],
    ),
    ...t.policies.map((p) =>
      block(
        'resource',
        ['aws_iam_role_policy', `${name}_${policySuffix(p.name)}`],
        [
          attr('name', p.name),
          attr('role', ref(`${role}.id`)),
          attr('policy', new Call('jsonencode', hclOf(model, p.document))),
        ],
      ),
    ),
  ]
  const r = t.repository
  if (!r) return blocks
  const repository = `aws_ecr_repository.${name}`
  blocks.push(
    block(
      'resource',
      ['aws_ecr_repository', name],
      [
        attr('name', r.name),
        attr('image_tag_mutability', r.mutability),
        attr('tags', tags(r.tags)),
        blank,
        block('image_scanning_configuration', [], [attr('scan_on_push', r.scanOnPush)]),
        blank,
        block(
          'encryption_configuration',
          [],
          [
            attr('encryption_type', r.encryption.encryptionType),
            ...(r.encryption.kmsKey ? [attr('kms_key', r.encryption.kmsKey)] : []),
          ],
        ),
        ...r.exclusions.flatMap((filter) => [
          blank,
          block('image_tag_mutability_exclusion_filter', [], [attr('filter', filter), attr('filter_type', 'WILDCARD')]),
        ]),
      ],
    ),
  )
  // the repository's own documents, each a resource of its type
  for (const [type, document] of [
    ['aws_ecr_repository_policy', t.repositoryPolicy],
    ['aws_ecr_lifecycle_policy', t.lifecycle],
  ] as const) {
    if (!document) continue
    blocks.push(
      block(
        'resource',
        [type, name],
        [attr('repository', ref(`${repository}.name`)), attr('policy', new Call('jsonencode', hclOf(model, document)))],
      ),
    )
  }
  return blocks
}

function outputs(name: string, r: EmittedRepository, t: EmittedTier) {
  const of = `${r.githubRepository}${r.tiers.length > 1 ? ` (${t.tier})` : ''}`
  return [
    block(
      'output',
      [`${name}_role_arn`],
      [attr('description', `The role GitHub Actions in ${of} assume`), attr('value', ref(`aws_iam_role.${name}.arn`))],
    ),
    ...(t.repository
      ? [
          block(
            'output',
            [`${name}_repository_url`],
            [
              attr('description', `The ECR repository ${of} pushes to`),
              attr('value', ref(`aws_ecr_repository.${name}.repository_url`)),
            ],
          ),
        ]
      : []),
  ]
}

const variable = (name: string, description: string, type: string, value: HclValue) =>
  block('variable', [name], [attr('description', description), attr('type', ref(type)), attr('default', value)])

/** The Terraform module: providers, variables, the provider, each repository's tiers, variables, outputs. */
export function terraformModule(model: IacModel, header: string[]): string {
  const names = (r: EmittedRepository) => r.tiers.map((t) => ({ t, name: terraformName(`${r.label}_${t.tier}`) }))
  const githubVariables = model.variables.map((v) =>
    block(
      'resource',
      ['github_actions_variable', terraformName(`${v.repository.split('/')[1]}_${v.name}`)],
      [
        attr('repository', v.repository.split('/')[1]!),
        attr('variable_name', v.name),
        attr(
          'value',
          v.value === model.accountId ? ref('var.account_id') : v.value === model.region ? ref('var.region') : v.value,
        ),
      ],
    ),
  )
  const provider = (source: string, version: string) => ({ source, version })
  const blocks = [
    block(
      'terraform',
      [],
      [
        attr('required_version', '>= 1.3'),
        blank,
        block(
          'required_providers',
          [],
          [
            attr('aws', provider('hashicorp/aws', '>= 6.8')),
            ...(githubVariables.length > 0 ? [attr('github', provider('integrations/github', '>= 6.0'))] : []),
          ],
        ),
      ],
    ),
    variable('account_id', 'The AWS account the roles and repositories are in', 'string', model.accountId),
    variable('region', 'The AWS region of the repositories (the AWS provider must use it too)', 'string', model.region),
    variable(
      'create_oidc_provider',
      "Create the account's OIDC provider for GitHub's tokens; false when the account has it (one per issuer)",
      'bool',
      true,
    ),
    block('data', ['aws_partition', 'current'], []),
    block(
      'resource',
      ['aws_iam_openid_connect_provider', 'github'],
      [
        attr('count', ref('var.create_oidc_provider ? 1 : 0')),
        blank,
        attr('url', model.provider.url),
        attr('client_id_list', model.provider.clientIds),
        attr('tags', tags(model.provider.tags)),
      ],
    ),
    ...model.repositories.flatMap((r) => names(r).flatMap(({ t, name }) => tierBlocks(model, name, t))),
    ...githubVariables,
    ...model.repositories.flatMap((r) => names(r).flatMap(({ t, name }) => outputs(name, r, t))),
  ]
  const comments = header.map((line) => `#${line ? ` ${line}` : ''}`)
  return `${[comments.join('\n'), ...blocks.map((b) => renderBlock(b).join('\n'))].join('\n\n')}\n`
}
