// The input rules as the runner hands inputs over (`INPUT_*`, untrimmed): the list syntax.
import { githubClaims, startOidcStub } from '../../scripts/oidc-stub.mjs'
import { runAction } from '../support/action-runner.js'
import { sampleWorkspace, uniqueRepository } from '../support/fixtures.js'

test('build-args written as a YAML block of one line is one argument, its commas kept', async () => {
  const workspace = sampleWorkspace()
  const repository = uniqueRepository('block-args')
  const stub = await startOidcStub(githubClaims({ repository }))
  try {
    // `build-args: |` then one line: the runner passes the value with its newline; no push, so no AWS
    const result = await runAction({
      workspace, repository, ref: 'refs/pull/7/merge', eventName: 'pull_request',
      inputs: { 'account-id': '123456789012', region: 'us-east-1', push: 'false', platforms: 'linux/amd64', 'build-args': 'JAVA_OPTS=-Xmx1g,-Xms512m\n' },
      env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    })
    expect(result.exitCode).toBe(0)
    const command = result.stdout.split('\n').find((line) => line.startsWith('[command]') && line.includes(' build '))!
    expect(command).toContain('--build-arg=JAVA_OPTS=-Xmx1g,-Xms512m ')
    expect(command).not.toContain('--build-arg=-Xms512m')
  } finally {
    await stub.close()
  }
}, 120_000)
