// The runner's contract lives in scripts/run-action.mjs (the benchmarks use it too); annotations are read here.
export { ACTION_ENTRY, type RunOptions, type RunResult, parseFileCommands, runAction, runPostStep } from '../../scripts/run-action.mjs'

export interface Annotation {
  message: string
  properties: Record<string, string>
}
const decode = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')

/** The runner's annotation commands in a step's output (`::error title=…,file=…::message`), decoded. */
export function annotationsIn(stdout: string, kind: 'error' | 'warning' | 'notice' = 'error'): Annotation[] {
  return stdout.split('\n').flatMap((line) => {
    const match = line.match(new RegExp(`^::${kind}(?: ([^:]*))?::(.*)$`))
    if (!match) return []
    const properties = Object.fromEntries((match[1] ?? '').split(',').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=')
      return [pair.slice(0, eq), decode(pair.slice(eq + 1))]
    }))
    return [{ message: decode(match[2]!), properties }]
  })
}
