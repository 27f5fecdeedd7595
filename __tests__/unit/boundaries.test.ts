// issue 18, row 18: every validated input at its edges — one short, just right, one long (or one under, the
// least, the most, one over) — so a rule loosened or tightened by one fails here.
import { InputError } from '../../src/errors.js'
import type { InputSource } from '../../src/inputs.js'
import { readLoginSettings } from '../../src/login/settings.js'
import { readMergeSettings } from '../../src/merge/settings.js'
import { readPushSettings } from '../../src/push/settings.js'
import { readSetupSettings } from '../../src/setup/settings.js'

const valid = { 'account-id': '123456789012', region: 'us-east-1' }
const sourceOf = (inputs: Record<string, string>): InputSource => ({
  get: (name) => ({ ...valid, ...inputs })[name] ?? '',
  githubRepository: 'octo-org/octo-repo',
  fileExists: () => true,
})
const readers = {
  push: (inputs: Record<string, string>) => readPushSettings(sourceOf(inputs)),
  login: (inputs: Record<string, string>) => readLoginSettings(sourceOf(inputs)),
  merge: (inputs: Record<string, string>) => readMergeSettings(sourceOf({ platforms: 'linux/amd64,linux/arm64', ...inputs })),
  setup: (inputs: Record<string, string>) => readSetupSettings(sourceOf(inputs)),
}
/** The problems the mode's reader finds that name `input`. */
function problemsWith(mode: keyof typeof readers, input: string, inputs: Record<string, string>): string[] {
  try {
    readers[mode](inputs)
    return []
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems.filter((problem) => problem.includes(`\`${input}\``))
  }
}

const deploy = { 'ecs-cluster': 'prod', 'ecs-service': 'web' }
const name = (length: number) => 'a'.repeat(length)

test.each<[keyof typeof readers, string, string, boolean, Record<string, string>?]>([
  ['push', 'account-id', '12345678901', false],
  ['push', 'account-id', '123456789012', true],
  ['push', 'account-id', '1234567890123', false],
  ['login', 'registries', '21098765432', false],
  ['login', 'registries', '210987654321', true],
  ['login', 'registries', '2109876543210', false],
  ['push', 'region', 'us-east-1', true],
  ['push', 'region', 'us-east-12', true],
  ['push', 'region', 'us-east-123', false],
  ['push', 'region', 'u-east-1', false],
  ['push', 'region', 'eusc-de-east-1', true],
  ['push', 'region', 'xx-east-1', false],
  ['push', 'role-duration-seconds', '899', false],
  ['push', 'role-duration-seconds', '900', true],
  ['push', 'role-duration-seconds', '43200', true],
  ['push', 'role-duration-seconds', '43201', false],
  ['merge', 'role-duration-seconds', '899', false],
  ['merge', 'role-duration-seconds', '43201', false],
  ['push', 'ecs-wait-minutes', '0', false, deploy],
  ['push', 'ecs-wait-minutes', '1', true, deploy],
  ['push', 'ecs-wait-minutes', '60', true, deploy],
  ['push', 'ecs-wait-minutes', '61', false, deploy],
  ['merge', 'ecs-wait-minutes', '61', false, deploy],
  ['push', 'ecs-service', name(255), true, { 'ecs-cluster': 'prod' }],
  ['push', 'ecs-service', name(256), false, { 'ecs-cluster': 'prod' }],
  ['push', 'repository', 'a', false],
  ['push', 'repository', 'ab', true],
  ['push', 'repository', name(256), true],
  ['push', 'repository', name(257), false],
  ['push', 'role-name', name(64), true],
  ['push', 'role-name', name(65), false],
  ['push', 'tags', `x${name(127)}`, true],
  ['push', 'tags', `x${name(128)}`, false],
  ['setup', 'max-session-duration', '3599', false],
  ['setup', 'max-session-duration', '3600', true],
  ['setup', 'max-session-duration', '43200', true],
  ['setup', 'max-session-duration', '43201', false],
  ['setup', 'dev-retention-days', '0', false],
  ['setup', 'dev-retention-days', '1', true],
  ['setup', 'dev-retention-days', '3650', true],
  ['setup', 'dev-retention-days', '3651', false],
  ['setup', 'untagged-days', '0', false],
  ['setup', 'untagged-days', '1', true],
  ['setup', 'untagged-days', '3650', true],
  ['setup', 'untagged-days', '3651', false],
  ['setup', 'keep-tagged', '0', false],
  ['setup', 'keep-tagged', '1', true],
  ['setup', 'keep-tagged', '10000', true],
  ['setup', 'keep-tagged', '10001', false],
  ['setup', 'account-id', '12345678901', false],
  ['setup', 'account-id', '1234567890123', false],
  ['setup', 'repository', 'a', false],
  ['setup', 'repository', name(257), false],
])('%s: %s = %j → valid: %s', (mode, input, value, valid, extra = {}) => {
  const problems = problemsWith(mode, input, { ...extra, [input]: value })
  if (valid) expect(problems).toEqual([])
  else expect(problems).toHaveLength(1)
})
