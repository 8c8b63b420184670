import type { Plugin } from 'vite';
export const TEXT_FILE: string;
export function dataRoot(env?: Record<string, string | undefined>): string;
export function carrollText(): Plugin;
