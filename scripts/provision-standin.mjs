// Stand-in for setup mode until it exists (issue 3): creates, in the emulated account, what push
// mode needs: the GitHub OIDC provider, the role `github-actions-<repo>` trusting only this
// repository's default branch, its push policy, and the ECR repository. Idempotent.
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'

const [repository = 'octo-org/sample-app', accountId = '123456789012', region = 'us-east-1'] = process.argv.slice(2)
const name = repository.split('/')[1]
const host = 'token.actions.githubusercontent.com'
const iam = new IAMClient({ region })
const ecr = new ECRClient({ region })
const ignoreExisting = (error) => {
  if (!/EntityAlreadyExists|RepositoryAlreadyExists/.test(error.name)) throw error
}

await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${host}`, ClientIDList: ['sts.amazonaws.com'] })).catch(ignoreExisting)
await iam.send(new CreateRoleCommand({
  RoleName: `github-actions-${name}`,
  MaxSessionDuration: 3600,
  AssumeRolePolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${host}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: `repo:${repository}:ref:refs/heads/main` } },
    }],
  }),
})).catch(ignoreExisting)
await iam.send(new PutRolePolicyCommand({
  RoleName: `github-actions-${name}`,
  PolicyName: 'ecr-push',
  PolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: `arn:aws:ecr:${region}:${accountId}:repository/${name}`,
      },
    ],
  }),
}))
await ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageScanningConfiguration: { scanOnPush: true } })).catch(ignoreExisting)
console.log(`provisioned: OIDC provider, role github-actions-${name} (+ ecr-push policy), ECR repository ${name}`)
