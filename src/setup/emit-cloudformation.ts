/**
 * `setup --emit cloudformation` (pure): the model of what setup would create as one CloudFormation template,
 * YAML with the long form of intrinsic functions (`Fn::If`, `Ref`), so any YAML parser reads it. Sources: AWS
 * CloudFormation Template Reference: AWS::IAM::OIDCProvider, AWS::IAM::Role, AWS::IAM::Policy (an inline policy
 * on the roles it names), AWS::ECR::Repository (ImageTagMutabilityExclusionFilters, LifecyclePolicy,
 * RepositoryPolicyText); pseudo parameters AWS::AccountId, AWS::Region, AWS::Partition; Fn::Sub (`${!` is a
 * literal `${`).
 */
import { stringify } from 'yaml'
import { type Document, type EmittedTier, type IacModel, parametrize } from './emit-model.js'

const CREATE_PROVIDER = 'CreateOidcProvider'
const PROVIDER = 'GitHubOidcProvider'

/** `octo-org/my.service` + main → `MyServiceMain`: a logical ID (letters and digits). */
export function logicalId(...words: string[]): string {
  return words
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
}

/**
 * A string of a document: when its ARNs are this account's (or this region's), `Fn::Sub` with the pseudo
 * parameters, so the stack follows the account and region it is created in.
 */
function text(model: IacModel, value: string): unknown {
  const literal = value.replace(/\$\{/g, '${!')
  const sub = parametrize(literal, model, {
    account: '${AWS::AccountId}',
    region: '${AWS::Region}',
    partition: '${AWS::Partition}',
  })
  return sub === literal ? value : { 'Fn::Sub': sub }
}

/** A document with its strings as `text` makes them; the provider's ARN becomes the stack's provider. */
function cfnOf(model: IacModel, value: unknown): unknown {
  if (value === model.provider.arn)
    return { 'Fn::If': [CREATE_PROVIDER, { 'Fn::GetAtt': [PROVIDER, 'Arn'] }, { Ref: 'OidcProviderArn' }] }
  if (typeof value === 'string') return text(model, value)
  if (Array.isArray(value)) return value.map((v) => cfnOf(model, v))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value as Document).map(([k, v]) => [k, cfnOf(model, v)]))
  return value
}

/**
 * Kept when the stack is deleted or the resource replaced: a role or a repository outlives a stack that is
 * rebuilt (its images, the trust other accounts rely on), the provider is the account's, shared by every
 * stack, and CloudFormation imports only resources that say so (User Guide, "Import AWS resources into a
 * CloudFormation stack": DeletionPolicy).
 */
const KEPT = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }
const policyWord = (policyName: string) => policyName.replace(/^ecr-oidc-push-?/, '') || 'push'

function tierResources(model: IacModel, id: string, t: EmittedTier): Array<[string, unknown]> {
  const resources: Array<[string, unknown]> = [
    [
      `${id}Role`,
      {
        Type: 'AWS::IAM::Role',
        ...KEPT,
        Properties: {
          RoleName: t.role.name,
          Description: t.role.description,
          MaxSessionDuration: t.role.maxSessionDuration,
          AssumeRolePolicyDocument: cfnOf(model, t.role.trust),
          Tags: t.role.tags,
        },
      },
    ],
    // an inline policy of the role. AWS::IAM::Policy, not the role's Policies or AWS::IAM::RolePolicy: moto's
    // CloudFormation, which the tests deploy on, keeps only this one right; adopting a role, its inline policies
    // are written again by the stack (PutRolePolicy of the same name and document: README)
    ...t.policies.map((p): [string, unknown] => [
      logicalId(id, policyWord(p.name), 'Policy'),
      {
        Type: 'AWS::IAM::Policy',
        ...KEPT,
        Properties: { PolicyName: p.name, Roles: [{ Ref: `${id}Role` }], PolicyDocument: cfnOf(model, p.document) },
      },
    ]),
  ]
  const r = t.repository
  if (r)
    resources.push([
      `${id}Repository`,
      {
        Type: 'AWS::ECR::Repository',
        ...KEPT,
        Properties: {
          RepositoryName: r.name,
          ImageTagMutability: r.mutability,
          ...(r.exclusions.length > 0
            ? {
                ImageTagMutabilityExclusionFilters: r.exclusions.map((filter) => ({
                  ImageTagMutabilityExclusionFilterType: 'WILDCARD',
                  ImageTagMutabilityExclusionFilterValue: filter,
                })),
              }
            : {}),
          ImageScanningConfiguration: { ScanOnPush: r.scanOnPush },
          EncryptionConfiguration: {
            EncryptionType: r.encryption.encryptionType,
            ...(r.encryption.kmsKey ? { KmsKey: r.encryption.kmsKey } : {}),
          },
          ...(t.lifecycle ? { LifecyclePolicy: { LifecyclePolicyText: JSON.stringify(t.lifecycle) } } : {}),
          ...(t.repositoryPolicy ? { RepositoryPolicyText: cfnOf(model, t.repositoryPolicy) } : {}),
          Tags: r.tags,
        },
      },
    ])
  return resources
}

/** The template: the provider parameter, the provider (unless given), each repository's tiers, outputs. */
export function cloudFormationTemplate(model: IacModel, description: string, header: string[]): string {
  const tiers = model.repositories.flatMap((r) =>
    r.tiers.map((t) => ({ r, t, id: logicalId(r.label, t.tier), of: `${r.githubRepository} (${t.tier})` })),
  )
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Parameters: {
      OidcProviderArn: {
        Type: 'String',
        Default: '',
        Description:
          `The ARN of the account's IAM OIDC provider for ${model.provider.url}, when the account has it ` +
          '(there is one per account, shared by every stack); empty, this stack creates it',
      },
    },
    Conditions: { [CREATE_PROVIDER]: { 'Fn::Equals': [{ Ref: 'OidcProviderArn' }, ''] } },
    Resources: {
      [PROVIDER]: {
        Type: 'AWS::IAM::OIDCProvider',
        Condition: CREATE_PROVIDER,
        ...KEPT,
        Properties: { Url: model.provider.url, ClientIdList: model.provider.clientIds, Tags: model.provider.tags },
      },
      ...Object.fromEntries(tiers.flatMap(({ t, id }) => tierResources(model, id, t))),
    },
    Outputs: Object.fromEntries([
      [
        'OidcProviderArn',
        {
          Description: `The account's IAM OIDC provider for ${model.provider.url}: give it to other stacks`,
          Value: cfnOf(model, model.provider.arn),
        },
      ],
      ...tiers.flatMap(({ t, id, of }) => [
        [
          `${id}RoleArn`,
          { Description: `The role GitHub Actions in ${of} assume`, Value: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] } },
        ],
        ...(t.repository
          ? [
              [
                `${id}RepositoryUri`,
                {
                  Description: `The ECR repository ${of} pushes to`,
                  Value: { 'Fn::GetAtt': [`${id}Repository`, 'RepositoryUri'] },
                },
              ],
            ]
          : []),
      ]),
    ]),
  }
  // YAML 1.1's rules for what needs quotes (a date, yes, on) hold every parser to the same reading
  const body = stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })
  return `${header.map((line) => `#${line ? ` ${line}` : ''}`).join('\n')}\n${body}`
}
