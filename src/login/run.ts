import { workflowFileOf } from '../annotations.js'
import { ecrLogin } from '../aws/ecr.js'
import { dockerLogin } from '../docker/docker.js'
import { type Edges, inputSourceOf } from '../edges.js'
import { resolveIdentity } from '../identity.js'
import { registryFor } from '../naming.js'
import { identityEdgesOf } from '../sign-in.js'
import { STATE } from '../state.js'
import { PhaseTimer, formatSeconds } from '../summary.js'
import { readLoginSettings } from './settings.js'

export const EXPOSED_WARNING =
  'expose-credentials: true: the outputs docker-username and docker-password hold an ECR password, unmasked so ' +
  'that later jobs receive it. Anyone who can read this run\'s outputs (jobs of this workflow run, and its logs if ' +
  'a step prints them) can pull from these registries with it for 12 hours. Use a pull-only role for this job.'

/** Login mode: credentials → one ECR token → `docker login` to each registry → outputs for later steps and jobs. */
export async function runLogin(edges: Edges): Promise<void> {
  const { out } = edges
  const timer = new PhaseTimer(out.info)
  const settings = readLoginSettings(inputSourceOf(edges))

  const identity = await resolveIdentity({ ...settings, credentialsRequired: true }, identityEdgesOf(edges), timer)
  out.info(`Credentials: ${identity.roleArn}`)

  const token = await timer.time('ECR token', async () =>
    ecrLogin(await edges.ecr(settings.region, identity.credentials), out.mask, { maskPassword: !settings.exposeCredentials }))
  // one token serves every registry the role may read: one docker login per host
  const hosts = [...new Set([token.registry, ...settings.registries.map((id) => registryFor(id, settings.region))])]
  const loggedIn: string[] = []
  await timer.time('docker login', async () => {
    for (const registry of hosts) {
      await dockerLogin(edges.docker, { ...token, registry })
      loggedIn.push(registry)
      out.saveState(STATE.registry, loggedIn.join('\n')) // the post step logs out of each, even after a later failure
      out.info(`Logged docker into ${registry}`)
    }
  })

  out.setOutput('registry', hosts[0]!)
  out.setOutput('registries', hosts.join('\n'))
  out.setOutput('role-arn', identity.roleArn)
  if (settings.exposeCredentials) {
    out.warning(EXPOSED_WARNING, { title: 'expose-credentials: true', file: workflowFileOf(edges.env['GITHUB_WORKFLOW_REF']) })
    out.setOutput('docker-username', token.username)
    out.setOutput('docker-password', token.password)
  }
  await out.writeSummary([
    '### Logged into Amazon ECR', '', '| | |', '|---|---|',
    `| Registries | ${hosts.map((host) => `\`${host}\``).join('<br>')} |`,
    `| Role | \`${identity.roleArn}\` |`,
    `| Credentials as outputs | ${settings.exposeCredentials ? 'yes (`expose-credentials`), valid 12 hours' : 'no'} |`,
    `| Time | ${formatSeconds(timer.phases.reduce((sum, phase) => sum + phase.ms, 0))} |`, '',
  ].join('\n'))
}
