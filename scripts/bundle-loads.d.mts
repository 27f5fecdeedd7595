/** Bytes of `files` and of every chunk they import statically. */
export function staticLoadBytes(files: string[]): number
/** The chunk dist/index.js imports for a mode. */
export function modeChunk(dist: string, mode: string): string
/** Push mode before docker starts, and the post step, in bytes. */
export function loads(dist?: string): { push: number; post: number }
