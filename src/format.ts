/** How the project writes quantities for people (pure). */

/** Milliseconds as seconds with one decimal: `1234` → `1.2 s`. */
export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
