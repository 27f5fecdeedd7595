/** The job summary: what was pushed where, by which role, and where the time went. */
import { formatSeconds } from './format.js'

export interface PhaseTiming {
  phase: string
  ms: number
}

/** Times each phase of the run, in order, for the summary; announces each in one line of the log as it starts. */
export class PhaseTimer {
  readonly phases: PhaseTiming[] = []
  constructor(
    private readonly announce: (line: string) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    this.announce(`» ${phase}`)
    const start = this.now()
    try {
      return await work()
    } finally {
      this.phases.push({ phase, ms: this.now() - start })
    }
  }
}

export interface PushReport {
  image: string
  tags: string[]
  digest?: string
  platforms: string[]
  roleArn?: string
  credentialSource?: 'oidc' | 'ambient'
  pushed: boolean
  /** this commit's image was published already: nothing was built, only missing tags set */
  alreadyPublished?: boolean
  /** the main tier's image this release was copied from, when it was promoted */
  promotedFrom?: string
  phases: PhaseTiming[]
  /** the ECS deploy after the push, when asked for */
  deployed?: { taskDefinitionArn: string; service: string }
}

/**
 * The outputs push and merge set for the image they published (action.yml's `registry`, `image`, `tags`,
 * `digest`, `image-ref`, `role-arn`): empty strings for what a run did not get.
 */
export function imageOutputs(report: {
  registry: string
  image: string
  imageRefs: string[]
  digest?: string
  roleArn?: string
}): Record<string, string> {
  return {
    registry: report.registry,
    image: report.image,
    tags: report.imageRefs.join('\n'),
    digest: report.digest ?? '',
    'image-ref': report.digest ? `${report.image}@${report.digest}` : '',
    'role-arn': report.roleArn ?? '',
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>')

/** No build: published already (a re-run, a second tag), promoted from the main tier, or both. */
function buildCell(report: PushReport): string {
  const from = report.promotedFrom ? `promoted from \`${report.promotedFrom}\`` : ''
  if (!report.alreadyPublished) return `none: ${from}`
  return `none: this commit's image was published already${from ? ` (${from})` : ''}`
}

export function summaryMarkdown(report: PushReport): string {
  const rows: Array<[string, string]> = [
    ['Image', `\`${report.image}\``],
    ['Tags', report.tags.map((tag) => `\`${tag}\``).join('<br>')],
    ['Digest', report.digest ? `\`${report.digest}\`` : report.pushed ? '—' : 'not pushed (`push: false`)'],
    ...(report.alreadyPublished || report.promotedFrom ? [['Build', buildCell(report)] as [string, string]] : []),
    ['Platforms', report.platforms.join(', ')],
    [
      'Role',
      report.roleArn
        ? `\`${report.roleArn}\`${report.credentialSource === 'ambient' ? ' (ambient credentials, no OIDC)' : ''}`
        : 'none (built without AWS credentials)',
    ],
    ...(report.deployed
      ? [
          ['Deployed', `\`${report.deployed.taskDefinitionArn}\` to ECS service \`${report.deployed.service}\``] as [
            string,
            string,
          ],
        ]
      : []),
  ]
  const done = report.alreadyPublished
    ? 'Already published'
    : report.promotedFrom
      ? 'Promoted'
      : report.pushed
        ? 'Pushed'
        : 'Built'
  const lines = [
    `### ${done} ${report.image.split('/').slice(1).join('/')}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    '',
    '| Phase | Time |',
    '|---|---|',
    ...report.phases.map((p) => `| ${cell(p.phase)} | ${formatSeconds(p.ms)} |`),
    '',
  ]
  if (report.digest) lines.push('```sh', `docker pull ${report.image}@${report.digest}`, '```', '')
  return lines.join('\n')
}
