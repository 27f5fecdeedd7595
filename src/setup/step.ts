import type { Edges } from '../edges.js'
import { runSetup } from './run.js'
import { readSetupSettings } from './settings.js'

/** Setup mode: ambient (admin) credentials → plan → apply → outputs; the plan also goes to the summary. */
export async function runSetupStep(edges: Edges): Promise<void> {
  const { out, env } = edges
  const settings = readSetupSettings({
    get: edges.getInput, githubRepository: edges.git.repository, defaultBranch: edges.git.defaultBranch,
    ownerId: env['GITHUB_REPOSITORY_OWNER_ID'], repositoryId: env['GITHUB_REPOSITORY_ID'],
  })
  const clients = { iam: await edges.iam(settings.region), ecr: await edges.ecr(settings.region), sts: await edges.sts(settings.region), ecs: await edges.ecs(settings.region) }
  const outcome = await runSetup(settings, clients, out.info, out.info)
  out.setOutput('role-arn', outcome.plan.roleArn)
  out.setOutput('repository-uri', outcome.plan.repositoryUri)
  out.setOutput('plan', outcome.text)
  await out.writeSummary(`### ecr-oidc-push setup\n\n\`\`\`\n${outcome.text}\n\`\`\`\n`)
}
