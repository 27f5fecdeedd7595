export const ADMIN_ENV: Record<string, string>
export function setUpRepository(repository: string, options?: { region?: string; flags?: string[]; endpoint?: string; env?: Record<string, string> }): Promise<void>
