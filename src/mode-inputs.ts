/** Which inputs belong to which mode (pure): one table, held to action.yml and to the settings readers by tests. */
import type { Mode } from './inputs.js'

/** What every mode reads to find its role and repository. */
const TARGET_INPUTS = ['account-id', 'region', 'mode', 'repository', 'role-name', 'tier'] as const
/** How a mode that assumes the role asks for the token and for how long. */
const CREDENTIAL_INPUTS = ['audience', 'role-duration-seconds'] as const

/**
 * Which inputs belong to which mode: action.yml's inputs, each in at least one row, and a mode's settings
 * read none outside its row but to refuse it (tests hold both).
 */
export const MODE_INPUTS: Record<Mode, readonly string[]> = {
  push: [
    ...TARGET_INPUTS,
    ...CREDENTIAL_INPUTS,
    'context',
    'file',
    'platforms',
    'tags',
    'build-args',
    'push',
    'platform-image',
    'cache',
    'provenance',
    'sbom',
    'promote',
    'ecs-cluster',
    'ecs-service',
    'ecs-container',
    'ecs-wait',
    'ecs-wait-minutes',
  ],
  login: [...TARGET_INPUTS, ...CREDENTIAL_INPUTS, 'registries', 'expose-credentials'],
  merge: [...TARGET_INPUTS, ...CREDENTIAL_INPUTS, 'platforms', 'tags'],
  setup: [
    'account-id',
    'region',
    'mode',
    'repository',
    'role-name',
    'audience',
    'github-token',
    'repositories',
    'tiers',
    'release-tags',
    'release-environment',
    'dev-retention-days',
    'developers',
    'consumers',
    'trust-branches',
    'trust-tags',
    'trust-environments',
    'max-session-duration',
    'kms-key',
    'immutable-tags',
    'untagged-days',
    'keep-tagged',
    'pull-from',
    'pull-only',
    'ecs-cluster',
    'ecs-service',
    'dry-run',
  ],
}
