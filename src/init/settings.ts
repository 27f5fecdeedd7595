/** init's request, checked with what the checkout and GitHub say, before anything is written (pure). */
import { InputError } from '../errors.js'
import type { RepositoryFacts } from '../github/api.js'
import { type SetupSettings, type SetupSource, readSetupSettings } from '../setup/settings.js'

/** What the command line asked init for. */
export interface InitRequest {
  source: Pick<SetupSource, 'get' | 'defaultBranch'>
  githubToken?: string
  /** overwrite a workflow file that differs */
  force: boolean
  /** `owner/ecr-oidc-push@v1`: from --action, else from the installed package; undefined from a clone */
  actionRef?: string
}

/** The git checkout init runs in: its root, its GitHub repository (origin), and origin's HEAD branch. */
export interface Checkout {
  root: string
  repository: string
  originHead?: string
}

export interface InitSettings {
  /** setup's settings for the checkout's repository */
  settings: SetupSettings
  /** what setup is handed: the flags and what GitHub said, so it asks GitHub no more */
  source: Pick<SetupSource, 'get' | 'defaultBranch' | 'ownerId' | 'repositoryId'>
  actionRef: string
}

/**
 * The default branch as given, else as GitHub says, else as origin's HEAD says, else main. Throws
 * InputError listing every problem.
 */
export function readInitSettings(
  request: InitRequest,
  checkout: Checkout,
  facts: RepositoryFacts | undefined,
): InitSettings {
  const defaultBranch = request.source.defaultBranch ?? facts?.defaultBranch ?? checkout.originHead
  const source = { ...request.source, ...facts, ...(defaultBranch ? { defaultBranch } : {}) }
  const problems: string[] = []
  let settings: SetupSettings | undefined
  try {
    settings = readSetupSettings({ ...source, githubRepository: checkout.repository })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.push(...error.problems)
  }
  if (!request.actionRef) {
    problems.push(
      'init cannot tell where this action is published (this CLI does not come from the npm package): ' +
        'pass --action OWNER/ecr-oidc-push@v1.',
    )
  }
  if (!settings || !request.actionRef) throw new InputError(problems)
  return { settings, source, actionRef: request.actionRef }
}
