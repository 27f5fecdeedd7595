// Setup against moto, as the integration tests run it: through the recording proxy (which counts the write
// calls), with a direct client beside it for the independent look at what exists.
import { ECRClient } from '@aws-sdk/client-ecr'
import { IAMClient } from '@aws-sdk/client-iam'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import { AwsProxy } from '../../scripts/aws-proxy.mjs'
import { runCli } from '../../src/cli.js'
import { runSetup } from '../../src/setup/one.js'
import { type SetupSettings, readSetupSettings } from '../../src/setup/settings.js'
import { MOTO_ENV, MOTO_URL, REGION, requireMoto, resetMoto } from './stack.js'

const credentials = { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY }

/** Straight to the stack, not through the recording proxy. */
export const direct = {
  iam: new IAMClient({ region: REGION, endpoint: MOTO_URL, credentials }), ecr: new ECRClient({ region: REGION, endpoint: MOTO_URL, credentials }),
  ecs: new ECSClient({ region: REGION, endpoint: MOTO_URL, credentials }),
}

export const settingsFor = (inputs: Record<string, string> = {}, ids = {}): SetupSettings => readSetupSettings({
  get: (name) => ({ 'account-id': '123456789012', region: REGION, ...inputs })[name] ?? '', githubRepository: 'octo-org/octo-repo', ...ids,
})

/** Starts the proxy before the file's tests and resets moto before each; `setup()` runs setup through it. */
export function setupHarness() {
  let proxy: AwsProxy
  beforeAll(async () => {
    await requireMoto()
    proxy = await new AwsProxy(MOTO_URL).start()
  })
  afterAll(() => proxy.stop())
  beforeEach(() => resetMoto())
  const viaProxy = () => {
    const config = { region: REGION, endpoint: proxy.url, credentials, maxAttempts: 1 }
    return { iam: new IAMClient(config), ecr: new ECRClient(config), sts: new STSClient(config), ecs: new ECSClient(config) }
  }
  const setup = async (settings = settingsFor()) => {
    proxy.reset()
    const shown: string[] = []
    const outcome = await runSetup(settings, viaProxy(), (text) => shown.push(text), () => {})
    return { outcome, text: shown.join('\n'), writes: proxy.writes() }
  }
  /** `ecr-oidc-push setup …` in this process, AWS through the proxy: its exit code, what it printed, the writes. */
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const [out, err]: [string[], string[]] = [[], []]
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), ...edgesOf(viaProxy()), env, cwd: process.cwd() }
    proxy.calls.length = 0
    const code = await runCli(['setup', '--account-id', '123456789012', '--region', REGION, ...args], io)
    return { code, out: out.join(''), err: err.join(''), writes: proxy.writes() }
  }
  return { setup, cli, viaProxy, proxy: () => proxy }
}

/** The AWS edges over a set of clients: each call hands out the same client. */
export function edgesOf(clients: { iam: IAMClient; ecr: ECRClient; sts: STSClient; ecs: ECSClient }) {
  return { iam: () => clients.iam, ecr: () => clients.ecr, sts: () => clients.sts, ecs: () => clients.ecs }
}
