/** `npx ecr-oidc-push setup`, the CLI's front end: the orchestrator, then the outcome for people or as JSON. */
import { mkdir, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { InputError } from '../errors.js'
import type { Edges } from '../edges.js'
import { resultLine } from './fleet.js'
import { type SetupRequest, setUp } from './orchestrator.js'
import { fleetJson, outcomeJson } from './render.js'

/** Runs setup for the repositories asked for; returns the exit code (usage errors throw InputError). */
export async function runSetupCommand(
  request: SetupRequest & { json: boolean },
  edges: Pick<Edges, 'stdout' | 'stderr' | 'env' | 'cwd' | 'sts' | 'ecr' | 'iam' | 'ecs'>,
): Promise<number> {
  const planOut = request.json ? edges.stderr : edges.stdout
  const result = await setUp(
    request,
    edges,
    (text) => planOut(`${text}\n`),
    (line) => edges.stderr(`${line}\n`),
  )
  if (result.kind === 'emitted') {
    for (const note of result.notes) edges.stderr(`note: ${note}.\n`)
    if (!request.out) {
      edges.stdout(result.text)
      return 0
    }
    const file = path.resolve(edges.cwd, request.out)
    try {
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, result.text)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new InputError([`--out ${request.out} cannot be written (${code}): give a file path, not a directory.`])
    }
    const who = result.fleet.length === 1 ? result.fleet[0]!.githubRepository : `${result.fleet.length} repositories`
    edges.stderr(`Wrote ${request.out}: the ${result.format} for ${who}, as setup would create it.\n`)
    return 0
  }
  if (result.kind === 'many') {
    const { outcome } = result
    if (request.json) edges.stdout(`${JSON.stringify(fleetJson(outcome), null, 2)}\n`)
    else {
      for (const line of outcome.results.map(resultLine)) edges.stdout(`${line}\n`)
      if (outcome.applied)
        edges.stdout(
          `Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'} ` +
            `for ${outcome.results.length} repositories; ${outcome.failed} failed.\n`,
        )
    }
    return outcome.failed > 0 ? 1 : 0
  }
  const { outcome } = result
  if (request.json) edges.stdout(`${JSON.stringify(outcomeJson(outcome), null, 2)}\n`)
  else if (outcome.applied) {
    const tiers = outcome.plan.tiers.map(
      (t) =>
        `${outcome.plan.tiers.length > 1 ? `${t.tier}: ` : ''}role ${t.roleArn}` +
        `${t.repositoryUri ? `, repository ${t.repositoryUri}` : ''}`,
    )
    const where = tiers.join('; ').replace(/^./, (c) => c.toUpperCase())
    edges.stdout(`Applied ${outcome.writes} change${outcome.writes === 1 ? '' : 's'}. ${where}\n`)
  }
  return 0
}
