/** The formats `setup --emit` writes; apart from emit.ts so a run that applies loads none of the writers. */
export const EMIT_FORMATS = ['terraform', 'cloudformation'] as const
export type EmitFormat = (typeof EMIT_FORMATS)[number]

export const isEmitFormat = (value: string): value is EmitFormat => (EMIT_FORMATS as readonly string[]).includes(value)
