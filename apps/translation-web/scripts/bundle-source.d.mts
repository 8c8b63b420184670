export const appDir: string;
export const BUNDLE_DIR_ENV: string;
export function latestDemoBundle(runsDir?: string): string | undefined;
export function bundleSource(env?: Record<string, string | undefined>): string | undefined;
