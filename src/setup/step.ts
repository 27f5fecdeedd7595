import type { Edges } from '../edges.js'
import { ExplainedError } from '../errors.js'
import { githubAccess } from '../github/access.js'
import { parseList } from '../inputs.js'
import { factsOf, resultLine, runFleet } from './fleet.js'
import { runSetup } from './run.js'
import { readFleetSettings, readSetupSettings } from './settings.js'

/**
 * Setup mode: ambient (admin) credentials → plan → apply → outputs; the plan also goes to the summary.
 * With `repositories`, every one of them: one plan, each repository's result on a line, a failure if any failed.
 */
export async function runSetupStep(edges: Edges): Promise<void> {
  const { out, env } = edges
  const repositories = parseList(edges.getInput('repositories'))
  const access = githubAccess(env, edges.getInput('github-token').trim())
  if (access) out.mask(access.token)
  const github = access && (await import('../github/api.js')).githubApi(access)
  const clientsFor = async (region: string) => ({
    iam: await edges.iam(region), ecr: await edges.ecr(region), sts: await edges.sts(region), ecs: await edges.ecs(region), ...(github ? { github } : {}),
  })
  if (repositories.length > 0) {
    // other repositories' default branches and IDs: from GitHub when there is a token
    const facts = github ? await factsOf(github, repositories) : new Map()
    const fleet = readFleetSettings({ get: edges.getInput }, repositories, (repository) => facts.get(repository))
    const outcome = await runFleet(fleet, await clientsFor(fleet[0]!.region), out.info, out.info)
    const lines = outcome.results.map(resultLine)
    for (const line of lines) out.info(line)
    out.setOutput('plan', outcome.text)
    await out.writeSummary(`### ecr-oidc-push setup, ${repositories.length} repositories\n\n\`\`\`\n${outcome.text}\n\n${lines.join('\n')}\n\`\`\`\n`)
    if (outcome.failed > 0) throw new ExplainedError(`Setup failed for ${outcome.failed} of ${outcome.results.length} repositories (the others were applied; a re-run continues):\n${lines.filter((line) => line.startsWith('✗')).join('\n')}`)
    return
  }
  const settings = readSetupSettings({
    get: edges.getInput, githubRepository: edges.git.repository, defaultBranch: edges.git.defaultBranch,
    ownerId: env['GITHUB_REPOSITORY_OWNER_ID'], repositoryId: env['GITHUB_REPOSITORY_ID'],
  })
  const outcome = await runSetup(settings, await clientsFor(settings.region), out.info, out.info)
  out.setOutput('role-arn', outcome.plan.roleArn)
  out.setOutput('repository-uri', outcome.plan.repositoryUri)
  out.setOutput('plan', outcome.text)
  await out.writeSummary(`### ecr-oidc-push setup\n\n\`\`\`\n${outcome.text}\n\`\`\`\n`)
}
