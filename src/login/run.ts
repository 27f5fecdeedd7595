/** Login mode: ECR sign-in for later steps (and, with expose-credentials, later jobs). */
import { workflowFileOf } from '../annotations.js'
import { signInToEcr } from '../auth/ecr-login.js'
import { type Edges, inputSourceOf } from '../edges.js'
import { formatSeconds } from '../format.js'
import { PhaseTimer } from '../summary.js'
import { readLoginSettings } from './settings.js'

export const EXPOSED_WARNING =
  'expose-credentials: true: the outputs docker-username and docker-password hold an ECR password, unmasked so ' +
  "that later jobs receive it. Anyone who can read this run's outputs (jobs of this workflow run, and its logs if " +
  'a step prints them) can pull from these registries with it for 12 hours. Use a pull-only role for this job.'

/** Login mode: credentials → one ECR token → `docker login` to each registry → outputs for later steps and jobs. */
export async function run(edges: Edges): Promise<void> {
  const { out } = edges
  const timer = new PhaseTimer(out.info)
  const settings = readLoginSettings(inputSourceOf(edges))

  // one token serves every registry the role may read: one docker login per host
  const {
    identity,
    login,
    registries: hosts,
  } = await signInToEcr(
    {
      ...settings,
      credentialsRequired: true,
      exposePassword: settings.exposeCredentials,
    },
    edges,
    timer,
  )

  out.setOutput('registry', hosts[0]!)
  out.setOutput('registries', hosts.join('\n'))
  out.setOutput('role-arn', identity.roleArn)
  if (settings.exposeCredentials) {
    out.warning(EXPOSED_WARNING, {
      title: 'expose-credentials: true',
      file: workflowFileOf(edges.env['GITHUB_WORKFLOW_REF']),
    })
    out.setOutput('docker-username', login.username)
    out.setOutput('docker-password', login.password)
  }
  await out.writeSummary(
    [
      '### Logged into Amazon ECR',
      '',
      '| | |',
      '|---|---|',
      `| Registries | ${hosts.map((host) => `\`${host}\``).join('<br>')} |`,
      `| Role | \`${identity.roleArn}\` |`,
      '| Credentials as outputs | ' +
        `${settings.exposeCredentials ? 'yes (`expose-credentials`), valid 12 hours' : 'no'} |`,
      `| Time | ${formatSeconds(timer.phases.reduce((sum, phase) => sum + phase.ms, 0))} |`,
      '',
    ].join('\n'),
  )
}
