// The local stack itself, held to ECR's and STS's rules (scripts/stack/strict-stack.mjs): what AWS refuses,
// the stack refuses, with AWS's codes and messages. Images are pushed with the registry API directly.
import {
  BatchGetImageCommand, CreateRepositoryCommand, DeleteRepositoryCommand, DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand,
  PutImageCommand, PutImageTagMutabilityCommand, type ImageTagMutability,
} from '@aws-sdk/client-ecr'
import { DeleteOpenIDConnectProviderCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { githubClaims, issuerKey, mintToken } from '../../scripts/oidc-stub.mjs'
import { errorCode, pushImage, registryCall, syntheticImage } from '../support/registry-api.js'
import { setupHarness } from '../support/setup-harness.js'
import { ACCOUNT_ID, MOTO_ENV, MOTO_URL, REGION, REGISTRY_PASSWORD } from '../support/stack.js'

const { cli } = setupHarness()
const admin = { region: REGION, endpoint: MOTO_URL, credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY } }
const ecr = new ECRClient(admin)
const iam = new IAMClient(admin)
const key = issuerKey()
const provider = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`
let seeds = 0
const image = () => syntheticImage(`${process.pid}-${seeds++}`)

async function repository(name: string, imageTagMutability: ImageTagMutability = 'MUTABLE', filters: string[] = []) {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability }))
  if (filters.length > 0) {
    await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: name, imageTagMutability, imageTagMutabilityExclusionFilters: filters.map((filter) => ({ filterType: 'WILDCARD', filter })) }))
  }
}

/** STS for a GitHub token: the role's credentials, or STS's refusal as `Code: message`. */
async function assume(roleName: string, token: string) {
  const sts = new STSClient({ region: REGION, endpoint: MOTO_URL, maxAttempts: 1 })
  try {
    const { Credentials } = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${roleName}`, RoleSessionName: 'run', WebIdentityToken: token }))
    return { credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! } }
  } catch (error) {
    return { refusal: `${(error as Error).name}: ${(error as Error).message}` }
  }
}
const tokenFor = (repository: string, options: { audience?: string; signer?: typeof key } = {}) =>
  mintToken(githubClaims({ repository }), (options.signer ?? key).privateKey, options.audience ?? 'sts.amazonaws.com', key.kid)

/** The registry password ECR's GetAuthorizationToken gives the role that this repository's token buys. */
async function rolePassword(repository: string, roleName = `github-actions-${repository.split('/')[1]}`) {
  const assumed = await assume(roleName, tokenFor(repository))
  if (!assumed.credentials) throw new Error(assumed.refusal)
  const { authorizationData } = await new ECRClient({ ...admin, credentials: assumed.credentials }).send(new GetAuthorizationTokenCommand({}))
  const decoded = Buffer.from(authorizationData![0]!.authorizationToken!, 'base64').toString('utf8')
  return decoded.slice(decoded.indexOf(':') + 1)
}

describe('the registry answers as ECR', () => {
  test('a push to a repository ECR does not have is NAME_UNKNOWN', async () => {
    const answer = await pushImage(REGISTRY_PASSWORD, 'no-such-repository', image(), 'main')
    expect(errorCode(answer)).toBe('NAME_UNKNOWN')
    expect(answer.body).toContain(`The repository with name 'no-such-repository' does not exist in the registry with id '${ACCOUNT_ID}'`)
  })

  test('IMMUTABLE: a tag that exists is never written again, the same digest included', async () => {
    await repository('immutable', 'IMMUTABLE')
    const first = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'immutable', first, 'v1')).status).toBe(201)
    const again = await pushImage(REGISTRY_PASSWORD, 'immutable', first, 'v1')
    expect(errorCode(again)).toBe('TAG_INVALID')
    expect(again.body).toContain("The image tag 'v1' already exists in the 'immutable' repository and cannot be overwritten because the repository is immutable.")
    expect(errorCode(await pushImage(REGISTRY_PASSWORD, 'immutable', image(), 'v1'))).toBe('TAG_INVALID')
    expect((await pushImage(REGISTRY_PASSWORD, 'immutable', first, 'v2')).status).toBe(201)
    const byDigest = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'immutable', byDigest, byDigest.digest)).status).toBe(201)
  })

  test.each<[ImageTagMutability, string, string]>([
    ['IMMUTABLE_WITH_EXCLUSION', 'main', 'main-abc1234'],
    ['MUTABLE_WITH_EXCLUSION', 'main-abc1234', 'main'],
  ])('%s with the filter `main`: %s is written again, %s is not (filters match the whole tag)', async (mutability, writable, fixed) => {
    await repository('excluded', mutability, ['main'])
    for (const tag of [writable, fixed]) expect((await pushImage(REGISTRY_PASSWORD, 'excluded', image(), tag)).status).toBe(201)
    expect((await pushImage(REGISTRY_PASSWORD, 'excluded', image(), writable)).status).toBe(201)
    expect(errorCode(await pushImage(REGISTRY_PASSWORD, 'excluded', image(), fixed))).toBe('TAG_INVALID')
  })

  test('ECR\'s API sees what was pushed; a repository deleted and made again is empty', async () => {
    await repository('listed')
    const pushed = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'listed', pushed, 'main')).status).toBe(201)
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'listed' }))
    expect(imageDetails?.map((d) => [d.imageDigest, d.imageTags])).toEqual([[pushed.digest, ['main']]])
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'listed', force: true }))
    await repository('listed')
    expect(errorCode(await registryCall(REGISTRY_PASSWORD, 'GET', '/v2/listed/manifests/main'))).toBe('MANIFEST_UNKNOWN')
    expect((await ecr.send(new DescribeImagesCommand({ repositoryName: 'listed' }))).imageDetails).toEqual([])
  })

  test('ECR\'s API and its registry are one store: a tag PutImage sets is the registry\'s, and an immutable one stays', async () => {
    await repository('one-store', 'IMMUTABLE')
    const pushed = image()
    const mediaType = 'application/vnd.oci.image.manifest.v1+json'
    expect((await pushImage(REGISTRY_PASSWORD, 'one-store', pushed, pushed.digest)).status).toBe(201)
    for (const tag of ['v1', 'v2']) {
      const put = await ecr.send(new PutImageCommand({ repositoryName: 'one-store', imageManifest: pushed.manifest, imageManifestMediaType: mediaType, imageTag: tag }))
      expect(put.image?.imageId?.imageDigest).toBe(pushed.digest) // the sha256 of the manifest's bytes, as ECR's
    }
    expect((await registryCall(REGISTRY_PASSWORD, 'GET', '/v2/one-store/manifests/v1')).body).toBe(pushed.manifest)
    // each image under the imageId asked for, with its media type; a tag that is not there, a failure
    const { images, failures } = await ecr.send(new BatchGetImageCommand({ repositoryName: 'one-store', imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }, { imageTag: 'v3' }] }))
    expect(images?.map((i) => [i.imageId?.imageTag, i.imageId?.imageDigest, i.imageManifestMediaType])).toEqual([['v1', pushed.digest, mediaType], ['v2', pushed.digest, mediaType]])
    expect(failures?.map((f) => [f.imageId?.imageTag, f.failureCode])).toEqual([['v3', 'ImageNotFound']])
    const other = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'one-store', other, other.digest)).status).toBe(201)
    await expect(ecr.send(new PutImageCommand({ repositoryName: 'one-store', imageManifest: other.manifest, imageManifestMediaType: mediaType, imageTag: 'v1' })))
      .rejects.toThrow(/The image tag 'v1' already exists in the 'one-store' repository and cannot be overwritten because the tag is immutable/)
  })

  test('a mutable tag that moves leaves its image listed, untagged, as ECR does', async () => {
    await repository('moving')
    const [first, second] = [image(), image()]
    for (const pushed of [first, second]) expect((await pushImage(REGISTRY_PASSWORD, 'moving', pushed, 'main')).status).toBe(201)
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'moving' }))
    expect(Object.fromEntries((imageDetails ?? []).map((d) => [d.imageDigest, d.imageTags ?? []]))).toEqual({ [first.digest]: [], [second.digest]: ['main'] })
  })

  test('the registry deletes nothing (ECR\'s API does), and PutImage needs the layers in the repository', async () => {
    await repository('kept')
    const pushed = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'kept', pushed, 'main')).status).toBe(201)
    expect(errorCode(await registryCall(REGISTRY_PASSWORD, 'DELETE', `/v2/kept/manifests/${pushed.digest}`))).toBe('UNSUPPORTED')
    expect(errorCode(await registryCall(REGISTRY_PASSWORD, 'DELETE', `/v2/kept/blobs/${JSON.parse(pushed.manifest).config.digest}`))).toBe('UNSUPPORTED')
    const unknown = image()
    await expect(ecr.send(new PutImageCommand({ repositoryName: 'kept', imageManifest: unknown.manifest, imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json', imageTag: 'v9' })))
      .rejects.toMatchObject({ name: 'LayersNotFoundException' })
  })

  test('an account\'s administrator is a stranger at another account\'s registry', async () => {
    const answer = await pushImage(REGISTRY_PASSWORD, 'anything', image(), 'main')
    expect(errorCode(answer)).toBe('NAME_UNKNOWN')
    const other = await registryCall(REGISTRY_PASSWORD, 'GET', '/v2/anything/tags/list', undefined, undefined, '210987654321.dkr.ecr.us-east-1.amazonaws.com')
    expect(['NAME_UNKNOWN', 'DENIED']).toContain(errorCode(other))
  })

  test('without credentials the registry asks for them, as ECR does', async () => {
    const answer = await registryCall('not-a-password', 'GET', '/v2/')
    expect(answer.status).toBe(401)
    expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/)
  })
})

describe('the registry checks permissions as ECR does', () => {
  test('a role whose policy lacks ecr:PutImage uploads layers but is DENIED the manifest', async () => {
    expect((await cli(['--repository', 'octo-org/narrow'])).code).toBe(0)
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'github-actions-narrow', PolicyName: 'ecr-oidc-push', PolicyDocument: JSON.stringify({
        Version: '2012-10-17', Statement: [
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
          { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'], Resource: `arn:aws:ecr:${REGION}:${ACCOUNT_ID}:repository/narrow` },
        ],
      }),
    }))
    const answer = await pushImage(await rolePassword('octo-org/narrow'), 'narrow', image(), 'main')
    expect(errorCode(answer)).toBe('DENIED')
    expect(answer.body).toMatch(/User: arn:aws:sts::123456789012:assumed-role\/github-actions-narrow\/run is not authorized to perform: ecr:PutImage on resource: arn:aws:ecr:us-east-1:123456789012:repository\/narrow/)
  })

  test('the role setup makes pushes its own repository and no other', async () => {
    expect((await cli(['--repository', 'octo-org/app'])).code).toBe(0)
    await repository('someone-else')
    const password = await rolePassword('octo-org/app')
    expect((await pushImage(password, 'app', image(), 'main')).status).toBe(201)
    expect(errorCode(await pushImage(password, 'someone-else', image(), 'main'))).toBe('DENIED')
  })

  test('a role may describe its own repository and no other, named or not', async () => {
    expect((await cli(['--repository', 'octo-org/app'])).code).toBe(0)
    await repository('someone-else')
    const assumed = await assume('github-actions-app', tokenFor('octo-org/app'))
    const roleEcr = new ECRClient({ ...admin, credentials: assumed.credentials! })
    await expect(roleEcr.send(new DescribeRepositoriesCommand({ repositoryNames: ['app'] }))).resolves.toBeDefined()
    await expect(roleEcr.send(new DescribeRepositoriesCommand({ repositoryNames: ['someone-else'] }))).rejects.toMatchObject({ name: 'AccessDeniedException' })
    await expect(roleEcr.send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' })
  })

  test('a pull-only role pulls but cannot push', async () => {
    await repository('base-image')
    const base = image()
    expect((await pushImage(REGISTRY_PASSWORD, 'base-image', base, 'main')).status).toBe(201)
    expect((await cli(['--repository', 'octo-org/consumer', '--pull-only', '--pull-from', 'base-image'])).code).toBe(0)
    const password = await rolePassword('octo-org/consumer')
    const pulled = await registryCall(password, 'GET', '/v2/base-image/manifests/main')
    expect(pulled.status).toBe(200)
    expect(pulled.body).toBe(base.manifest)
    expect(errorCode(await pushImage(password, 'base-image', image(), 'main'))).toBe('DENIED')
  })
})

describe('STS evaluates trust as AWS does', () => {
  beforeEach(async () => {
    expect((await cli(['--repository', 'octo-org/app'])).code).toBe(0)
  })

  test('the token of the repository the role trusts gets credentials', async () => {
    expect((await assume('github-actions-app', tokenFor('octo-org/app'))).credentials?.accessKeyId).toMatch(/^ASIA/)
  })

  test.each<[string, () => string, RegExp]>([
    ['a token for another repository', () => tokenFor('octo-org/other'), /^AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity$/],
    ['a token with the wrong audience', () => tokenFor('octo-org/app', { audience: 'https://github.com/octo-org' }), /^InvalidIdentityTokenException: Incorrect token audience$/],
    ['a token signed by another key', () => tokenFor('octo-org/app', { signer: issuerKey(undefined, { publish: false }) }), /^InvalidIdentityTokenException: The web identity token that was passed could not be validated by AWS/],
  ])('%s is refused', async (_, token, refusal) => {
    expect((await assume('github-actions-app', token())).refusal).toMatch(refusal)
  })

  test('a duration under STS\'s 900 seconds is refused', async () => {
    const sts = new STSClient({ region: REGION, endpoint: MOTO_URL, maxAttempts: 1 })
    await expect(sts.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/github-actions-app`, RoleSessionName: 'run', WebIdentityToken: tokenFor('octo-org/app'), DurationSeconds: 100,
    }))).rejects.toMatchObject({ name: 'ValidationError' })
  })

  test('a role whose OIDC provider is missing is refused', async () => {
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: provider }))
    expect((await assume('github-actions-app', tokenFor('octo-org/app'))).refusal).toBe(
      'InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
    )
  })
})
