import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH: string;
export const CHROMIUM_ARGS: string[];
export function buildPage(bundleDir: string | undefined, outDir: string): { stdout: string; stderr: string };
export function serveStatic(root: string, options?: { isolated?: boolean }): Promise<{ url: string; close: () => Promise<void> }>;
export function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }>;
export function openPage(context: BrowserContext, url: string, errors?: string[], readyTimeoutMs?: number): Promise<Page>;
