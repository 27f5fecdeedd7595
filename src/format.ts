/** How the project writes things for people: durations, the end of a command's output (pure). */

/** Milliseconds as seconds with one decimal: `1234` → `1.2 s`. */
export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The last lines of a command's output, for an error message. */
export function lastLines(text: string, count = 25): string {
  return text.trimEnd().split('\n').slice(-count).join('\n')
}

/**
 * A URL as it may be shown: its userinfo (`https://user:TOKEN@host/…`, as a git remote or an API URL can
 * carry) replaced by `***`. Text that is not a URL with userinfo comes back as it was.
 */
export function withoutUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
}
