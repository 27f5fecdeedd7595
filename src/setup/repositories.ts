/** Several repositories: a repositories file, and setup's settings for each of them (pure). */
import { InputError } from '../errors.js'
import { type SetupSettings, type SetupSource, isGitHubRepository, readSetupSettings } from './settings.js'

/** One `owner/name` a line; `#` starts a comment; blank lines are skipped. Problems name the line. */
export function parseRepositoriesFile(text: string, file: string, problems: string[]): string[] {
  const repositories: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim()
    if (line === '') return
    if (isGitHubRepository(line)) repositories.push(line)
    else
      problems.push(
        `${file} line ${index + 1}: "${line}" is not a GitHub repository OWNER/NAME (for example octo-org/octo-repo).`,
      )
  })
  if (repositories.length === 0 && problems.length === 0)
    problems.push(`${file} lists no repositories: put one OWNER/NAME on each line.`)
  return repositories
}

/**
 * Setup's settings for each of several repositories: the same inputs, each repository's own names. Names
 * given by hand and numeric IDs are one repository's, so they are refused here; every problem is reported.
 */
export function readFleetSettings(
  source: Omit<SetupSource, 'githubRepository' | 'ownerId' | 'repositoryId'>,
  repositories: string[],
  factsOf: (
    repository: string,
  ) =>
    | (Pick<SetupSource, 'defaultBranch' | 'ownerId' | 'repositoryId' | 'subjectTemplate'> & { fullName?: string })
    | undefined = () => undefined,
): SetupSettings[] {
  const problems: string[] = []
  for (const name of ['repository', 'role-name']) {
    if (source.get(name).trim())
      problems.push(
        `Input \`${name}\` names one repository's resource; ` +
          `with ${repositories.length} repositories each takes the convention's name. Remove it.`,
      )
  }
  const fleet: SetupSettings[] = []
  for (const githubRepository of [...new Set(repositories)]) {
    try {
      // what GitHub says of each repository; a default branch given on the command line wins
      const { fullName, ...facts } = factsOf(githubRepository) ?? {}
      const settings = readSetupSettings({
        ...source,
        ...facts,
        ...(source.defaultBranch ? { defaultBranch: source.defaultBranch } : {}),
        // GitHub's casing of the name, when GitHub was asked: the subject is compared case-sensitively
        githubRepository: fullName ?? githubRepository,
      })
      fleet.push(fullName ? settings : { ...settings, casingUnchecked: true })
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      for (const problem of error.problems) if (!problems.includes(problem)) problems.push(problem)
    }
  }
  problems.push(...collisions(fleet))
  if (problems.length > 0) throw new InputError(problems)
  return fleet
}

/**
 * Repositories whose roles or ECR repositories would be the same (IAM names are unique whatever their case;
 * ECR's are lower case): two owners' `api`, one repository named twice in two casings.
 */
function collisions(fleet: readonly SetupSettings[]): string[] {
  const owners = new Map<string, string>()
  const problems: string[] = []
  for (const s of fleet) {
    for (const unit of s.units) {
      for (const [what, name] of [
        ['the IAM role', unit.roleName.toLowerCase()],
        ['the ECR repository', s.pullOnly ? '' : unit.repository],
      ] as const) {
        if (!name) continue
        const other = owners.get(`${what} ${name}`)
        if (other && other !== s.githubRepository)
          problems.push(
            `${other} and ${s.githubRepository} would both take ${what} ${name}: set them up apart, one with ` +
              '--role-name and --ecr-repository of its own, or leave one out.',
          )
        else owners.set(`${what} ${name}`, s.githubRepository)
      }
    }
  }
  return [...new Set(problems)]
}
