/**
 * The workflow `init` writes: push on the branches and tags the tiers take,
 * the account and region from variables (pure).
 */
import type { Tier } from '../naming.js'

export const WORKFLOW_PATH = '.github/workflows/ecr-oidc-push.yml'

export interface WorkflowOptions {
  /** `owner/ecr-oidc-push@v1`: where this action is published */
  actionRef: string
  defaultBranch: string
  tiers: readonly Tier[]
  releaseTags: readonly string[]
}

const quoted = (values: readonly string[]) => `[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}]`

/**
 * main alone: pushes from the default branch. With dev, every branch pushes (`tier: auto` sends the default
 * branch to main and the others to dev); with release, the release tags push too.
 */
export function workflowFor(options: WorkflowOptions): string {
  const several = options.tiers.some((tier) => tier !== 'main')
  const branches = options.tiers.includes('dev')
    ? ['**']
    : options.tiers.includes('main')
      ? [options.defaultBranch]
      : []
  const tags = options.tiers.includes('release') ? options.releaseTags : []
  return [
    '# Written by `npx ecr-oidc-push init`: builds the image and pushes it to Amazon ECR with no stored secret.',
    '# The account and region come from the repository variables AWS_ACCOUNT_ID and AWS_REGION.',
    'name: ecr-oidc-push',
    'on:',
    '  push:',
    ...(branches.length > 0 ? [`    branches: ${quoted(branches)}`] : []),
    ...(tags.length > 0 ? [`    tags: ${quoted(tags)}`] : []),
    'permissions:',
    '  id-token: write # the OIDC token the role trusts',
    '  contents: read',
    'jobs:',
    '  push:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: ${options.actionRef}`,
    '        with:',
    '          account-id: ${{ vars.AWS_ACCOUNT_ID }}',
    '          region: ${{ vars.AWS_REGION }}',
    ...(several ? ['          tier: auto # a git tag → release, the default branch → main, other branches → dev'] : []),
    '',
  ].join('\n')
}

/** `https://github.com/o/r.git`, `git@github.com:o/r.git`, `ssh://git@host/o/r` → its host and `o/r`. */
export function parseRemote(url: string): { host: string; repository: string } | undefined {
  const match = url.trim().match(/^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/)
  return match ? { host: match[1]!.toLowerCase(), repository: `${match[2]}/${match[3]}` } : undefined
}
