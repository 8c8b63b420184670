// Fixtures the TSDoc examples of @rnn/app-kit use (scripts/check-examples.mjs type-checks them).
declare const ctx: import('@rnn/app-kit').AppContext;
declare const cli: import('@rnn/app-kit').AppCli;
declare const train: import('@rnn/app-kit').AnyAppCommand;
declare const evaluate: import('@rnn/app-kit').AnyAppCommand;
declare const generate: import('@rnn/app-kit').AnyAppCommand;
declare const createCli: (streams: { stdout: import('@rnn/app-kit').TextStream; stderr: import('@rnn/app-kit').TextStream }) => import('@rnn/app-kit').AppCli;
declare const expect: (value: unknown) => { toBe(v: unknown): void; toMatch(r: RegExp): void };
/** An app's presets. */
declare const CONFIGS: Record<import('@rnn/app-kit').ConfigName, { epochs: number }>;
declare const progress: import('@rnn/app-kit').Progress;
declare const step: number;
declare const epoch: number;
declare const epochs: number;
declare const batches: number;
declare const loss: number;
declare const s: import('@rnn/app-kit').LineSeries;
declare const series: import('@rnn/app-kit').LineSeries[];
declare const b: import('@rnn/app-kit').Bar;
declare const spec: import('@rnn/app-kit').VegaLiteSpec;
/** A generated text sample. */
declare const sample: string;
declare const sections: import('@rnn/app-kit').ReportSection[];
declare const points: [number, number][];
declare const join: typeof import('node:path').join;
declare const run: import('@rnn/app-kit').RunFolder;
declare const fill: (dir: string) => Promise<void>;
declare const model: import('@tensorflow/tfjs').LayersModel;
declare const out: import('@rnn/app-kit').MemoryStream;
declare const err: import('@rnn/app-kit').MemoryStream;
