// Fixtures the TSDoc examples of @rnn/core use (scripts/check-examples.mjs type-checks them).
declare const units: number;
declare const args: Record<string, unknown>;
declare const writeFileSync: typeof import('node:fs').writeFileSync;
declare const join: typeof import('node:path').join;
