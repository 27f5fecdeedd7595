// The GitHub runner's reading of a step's output, for the demo: `::add-mask::` lines are consumed and every
// masked value shows as `***` from then on; annotations, groups and debug lines read as the runner shows them.
// GitHub docs, "Workflow commands for GitHub Actions".
//   node dist/index.js | node scripts/runner-log.mjs
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'

/** A workflow command's data, as the toolkit escapes it (`%25`, `%0D`, `%0A`). */
const unescape = (data) => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

export class RunnerLog {
  /** the values masked so far, longest first, so a value inside another is never half-masked */
  secrets = []

  /** The line as the runner's log shows it, or undefined for a line it consumes. */
  line(text) {
    const mask = text.match(/^::add-mask::(.*)$/)
    if (mask) {
      const value = unescape(mask[1])
      if (value.trim() !== '') this.secrets = [...new Set([...this.secrets, value])].sort((a, b) => b.length - a.length)
      return undefined
    }
    if (/^::(endgroup|debug)::/.test(text)) return undefined
    const group = text.match(/^::group::(.*)$/)
    const annotation = text.match(/^::(notice|warning|error)(?: [^:]*)?::(.*)$/)
    let shown = text
    if (group) shown = `▸ ${group[1]}`
    else if (annotation) shown = `${annotation[1][0].toUpperCase()}${annotation[1].slice(1)}: ${unescape(annotation[2])}`
    for (const secret of this.secrets) shown = shown.split(secret).join('***')
    return shown
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = new RunnerLog()
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const shown = log.line(text)
    if (shown !== undefined) process.stdout.write(`${shown}\n`)
  }
}
