/**
 * Setup mode, the action step's front end: ambient (admin) credentials → the orchestrator → outputs and the
 * job summary. With `repositories`, every one of them: each repository's result on a line, a failure if any failed.
 */
import type { Edges } from '../edges.js'
import { ExplainedError, InputError } from '../errors.js'
import { githubAccess } from '../github/access.js'
import { parseList } from '../inputs.js'
import { resultLine } from './fleet.js'
import { setUp } from './orchestrator.js'

export async function run(edges: Edges): Promise<void> {
  const { out, env } = edges
  // the runner passes an input action.yml does not declare, with a warning the step would otherwise drown
  const emit = edges.getInput('emit').trim()
  if (emit)
    throw new InputError([
      `Input \`emit\` (${emit}) is the CLI's: the action's \`mode: setup\` applies. To write the code instead, ` +
        `run \`npx ecr-oidc-push setup --emit ${emit === 'cloudformation' ? emit : 'terraform'} …\` ` +
        'with the same inputs as flags.',
    ])
  const githubToken = edges.getInput('github-token').trim()
  const access = githubAccess(env, githubToken)
  if (access) out.mask(access.token)
  const result = await setUp(
    {
      source: { get: edges.getInput },
      repositories: parseList(edges.getInput('repositories')),
      githubToken,
      runRepository: {
        githubRepository: edges.git.repository,
        defaultBranch: edges.git.defaultBranch,
        ownerId: env['GITHUB_REPOSITORY_OWNER_ID'],
        repositoryId: env['GITHUB_REPOSITORY_ID'],
      },
    },
    edges,
    out.info,
    out.info,
  )

  if (result.kind === 'one') {
    out.setOutput('role-arn', result.outcome.plan.roleArn)
    out.setOutput('repository-uri', result.outcome.plan.repositoryUri)
    out.setOutput('plan', result.outcome.text)
    await out.writeSummary(`### ecr-oidc-push setup\n\n\`\`\`\n${result.outcome.text}\n\`\`\`\n`)
    return
  }
  if (result.kind === 'emitted') throw new Error('the action never asks setup to emit code') // refused above
  const { outcome } = result
  const lines = outcome.results.map(resultLine)
  for (const line of lines) out.info(line)
  out.setOutput('plan', outcome.text)
  await out.writeSummary(
    `### ecr-oidc-push setup, ${outcome.results.length} repositories\n\n` +
      `\`\`\`\n${outcome.text}\n\n${lines.join('\n')}\n\`\`\`\n`,
  )
  if (outcome.failed > 0) {
    throw new ExplainedError(
      `Setup failed for ${outcome.failed} of ${outcome.results.length} repositories ` +
        `(the others were applied; a re-run continues):\n${lines.filter((line) => line.startsWith('✗')).join('\n')}`,
    )
  }
}
