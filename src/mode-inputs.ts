/** Which inputs belong to which mode (pure): one table, held to action.yml and to the settings readers by tests. */
import type { Mode } from './inputs.js'

/** A list of input names written as words: push mode loads this table before docker starts, and it is short so. */
const names = (words: string): string[] => words.split(' ')
/** What every mode reads to find its role and repository. */
const TARGET_INPUTS = names('account-id region mode repository role-name tier')
/** An ECS deploy after the image is published: push's, and merge's of the index. */
const DEPLOY_INPUTS = names('ecs-cluster ecs-service ecs-container ecs-wait ecs-wait-minutes')
/** How a mode that assumes the role asks for the token and for how long. */
const CREDENTIAL_INPUTS = names('audience role-duration-seconds')

/**
 * Which inputs belong to which mode: action.yml's inputs, each in at least one row, and a mode's settings
 * read none outside its row but to refuse it (tests hold both).
 */
export const MODE_INPUTS: Record<Mode, readonly string[]> = {
  push: [
    ...TARGET_INPUTS,
    ...CREDENTIAL_INPUTS,
    ...names('context file platforms tags build-args push platform-image cache provenance sbom promote builder'),
    ...DEPLOY_INPUTS,
  ],
  login: [...TARGET_INPUTS, ...CREDENTIAL_INPUTS, 'registries', 'expose-credentials'],
  merge: [...TARGET_INPUTS, ...CREDENTIAL_INPUTS, 'platforms', 'tags', ...DEPLOY_INPUTS],
  setup: names(
    'account-id region mode repository role-name audience oidc-issuer sub-claim-keys github-token repositories ' +
      'tiers release-tags release-environment dev-retention-days developers consumers trust-branches trust-tags ' +
      'trust-environments max-session-duration kms-key immutable-tags untagged-days keep-tagged pull-from ' +
      'pull-only ecs-cluster ecs-service dry-run',
  ),
}

/**
 * action.yml's defaults. The runner passes every input that has one, whatever the mode: an input of another
 * mode counts as given only when it differs from its default (a test holds this table to action.yml).
 */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  mode: 'push',
  tier: 'main',
  context: '.',
  platforms: 'linux/amd64,linux/arm64',
  push: 'true',
  'platform-image': 'false',
  cache: 'registry',
  promote: 'auto',
  provenance: 'false',
  sbom: 'false',
  audience: 'sts.amazonaws.com',
  'role-duration-seconds': '3600',
  'ecs-wait': 'true',
  'ecs-wait-minutes': '10',
  'expose-credentials': 'false',
  tiers: 'main',
  'release-tags': 'v*',
  'dev-retention-days': '30',
  'max-session-duration': '3600',
  'immutable-tags': 'false',
  'untagged-days': '14',
  'keep-tagged': '200',
  'pull-only': 'false',
  'dry-run': 'false',
}

/**
 * The problems with inputs given to a step of `mode` that only other modes use (set, and not the runner's
 * default): each named, with the mode it belongs to. A mode never ignores an input: `dry-run: true` without
 * `mode: setup` would otherwise build and push.
 */
export function foreignInputProblems(mode: Mode, get: (name: string) => string): string[] {
  const others = (Object.keys(MODE_INPUTS) as Mode[]).filter((other) => other !== mode)
  const names = [...new Set(others.flatMap((other) => MODE_INPUTS[other]))]
  return names
    .filter((name) => !MODE_INPUTS[mode].includes(name))
    .filter((name) => {
      const value = get(name).trim()
      return value !== '' && value !== (INPUT_DEFAULTS[name] ?? '')
    })
    .map((name) => {
      const owners = others.filter((other) => MODE_INPUTS[other].includes(name))
      return (
        `Input \`${name}\` is for ${owners.map((owner) => `\`mode: ${owner}\``).join(' or ')}, ` +
        `and this step runs \`mode: ${mode}\`. ` +
        `Remove it, or set \`mode: ${owners[0]}\`.`
      )
    })
}
