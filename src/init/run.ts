/** `npx ecr-oidc-push init`: a new service in one command — the workflow file, setup, and the repository variables. */
import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { Edges } from '../edges.js'
import { ExplainedError } from '../errors.js'
import { withoutUserinfo } from '../format.js'
import { githubAccess } from '../github/access.js'
import { githubApi } from '../github/api.js'
import { runSetupCommand } from '../setup/command.js'
import { type Checkout, type InitRequest, readInitSettings } from './settings.js'
import { WORKFLOW_PATH, parseRemote, workflowFor } from './workflow.js'

/** Runs git in `cwd`; a git that is missing or fails answers with its exit code, never throws. */
function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000 }, (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code) || 1 : 0, stdout: stdout.trim() }),
    )
  })
}

/** The checkout's root and its GitHub repository (origin), or why there is none. */
async function readCheckout(cwd: string, env: NodeJS.ProcessEnv): Promise<Checkout> {
  const root = await git(cwd, ['rev-parse', '--show-toplevel'])
  if (root.code !== 0)
    throw new ExplainedError(
      `init runs inside a git checkout of the repository to set up, and ${cwd} is not one. ` +
        'cd into the checkout, or run `git init` and add the GitHub repository as origin.',
    )
  const origin = await git(root.stdout, ['remote', 'get-url', 'origin'])
  if (origin.code !== 0 || !origin.stdout)
    throw new ExplainedError(
      'This checkout has no remote origin: add the GitHub repository ' +
        '(git remote add origin https://github.com/OWNER/NAME.git) and run init again.',
    )
  const remote = parseRemote(origin.stdout)
  const githubHosts = [
    'github.com',
    ...(env['GITHUB_SERVER_URL'] ? [new URL(env['GITHUB_SERVER_URL']).host.toLowerCase()] : []),
  ]
  if (!remote || !githubHosts.includes(remote.host)) {
    throw new ExplainedError(
      `origin is ${withoutUserinfo(origin.stdout)}, which is not a repository on GitHub` +
        `${env['GITHUB_SERVER_URL'] ? ` or ${env['GITHUB_SERVER_URL']}` : ''}. ` +
        'init sets up a GitHub repository: make origin point at it.',
    )
  }
  const head = await git(root.stdout, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'])
  return {
    root: root.stdout,
    repository: remote.repository,
    ...(head.code === 0 ? { originHead: head.stdout.replace(/^origin\//, '') } : {}),
  }
}

/**
 * Reads the checkout, checks the inputs and the workflow file before anything is written, runs setup (with a
 * token it also sets the variables), writes the workflow, and says what to commit. A second run changes nothing.
 */
export async function runInitCommand(
  request: InitRequest,
  edges: Pick<Edges, 'stdout' | 'stderr' | 'env' | 'cwd' | 'sts' | 'ecr' | 'iam' | 'ecs'>,
): Promise<number> {
  const started = Date.now()
  const checkout = await readCheckout(edges.cwd, edges.env)
  const access = githubAccess(edges.env, request.githubToken)
  // what GitHub says of the repository: setup then asks no more
  const facts = access ? await githubApi(access).repository(checkout.repository) : undefined
  const { settings, source, actionRef } = readInitSettings(request, checkout, facts)

  const file = path.join(checkout.root, WORKFLOW_PATH)
  const workflow = workflowFor({
    actionRef,
    defaultBranch: settings.defaultBranch,
    tiers: settings.tiers,
    releaseTags: settings.releaseTags,
  })
  const existing = await readFile(file, 'utf8').catch(() => undefined)
  if (existing !== undefined && existing !== workflow && !request.force) {
    throw new ExplainedError(
      `${WORKFLOW_PATH} exists and differs from what init would write; nothing was changed. ` +
        'Pass --force to overwrite it, or remove it.',
    )
  }

  const code = await runSetupCommand(
    { source, repositories: [checkout.repository], githubToken: request.githubToken, json: false },
    edges,
  )
  if (code !== 0 || settings.dryRun) return code
  if (existing !== workflow) {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, workflow)
  }
  const variables = `AWS_ACCOUNT_ID=${settings.accountId} and AWS_REGION=${settings.region}`
  edges.stdout(
    [
      existing === workflow
        ? `${WORKFLOW_PATH} is already as init writes it.`
        : `Wrote ${WORKFLOW_PATH}. Commit and push it:`,
      ...(existing === workflow
        ? []
        : [`  git add ${WORKFLOW_PATH}`, '  git commit -m "Build and push the image to Amazon ECR"', '  git push']),
      access
        ? `The repository variables ${variables} are set.`
        : `Set the repository variables ${variables} (Settings → Secrets and variables → Actions → Variables), ` +
          'or run init again with a GitHub token.',
      `init took ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      '',
    ].join('\n'),
  )
  return 0
}
