import * as io from '@actions/io'
import { access, constants, readFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

// `docker buildx …` first has the docker CLI look the plugin up (it runs the plugin once just to ask what it
// is), a few hundred milliseconds on a small runner before buildx starts. Running the plugin itself, from
// where docker would take it, skips that; anything unusual leaves the choice to docker.

/** Where the docker CLI looks for plugins on Linux: the user's directory, then the system's, in this order. */
export function buildxPluginCandidates(env: NodeJS.ProcessEnv): string[] {
  const configDir = env['DOCKER_CONFIG'] || path.join(env['HOME'] || os.homedir(), '.docker')
  return [
    configDir,
    '/usr/local/lib/docker',
    '/usr/local/libexec/docker',
    '/usr/lib/docker',
    '/usr/libexec/docker',
  ].map((dir) => path.join(dir, 'cli-plugins', 'docker-buildx'))
}

/** A config that names plugin directories of its own is docker's to read: a candidate list would be wrong. */
export function configNamesPluginDirs(configJson: string): boolean {
  try {
    return 'cliPluginsExtraDirs' in (JSON.parse(configJson) as object)
  } catch {
    return true
  }
}

/** The buildx plugin docker would run, when docker itself is on PATH and nothing unusual is configured. */
export async function locateBuildxPlugin(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (process.platform !== 'linux' || !(await io.which('docker', false))) return undefined
  const configDir = path.dirname(path.dirname(buildxPluginCandidates(env)[0]!))
  const config = await readFile(path.join(configDir, 'config.json'), 'utf8').catch(() => '{}')
  if (configNamesPluginDirs(config)) return undefined
  for (const candidate of buildxPluginCandidates(env)) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate
  }
  return undefined
}
