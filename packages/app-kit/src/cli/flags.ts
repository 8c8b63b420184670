import { type BackendName, describeValue } from '@rnn/core';
import { UsageError } from './usage-error.js';

/**
 * The backends a command-line app can use in Node (`webgl`/`webgpu` need a browser).
 *
 * @example
 * ```ts
 * NODE_BACKEND_NAMES.includes('wasm'); // true
 * ```
 */
export const NODE_BACKEND_NAMES = ['wasm', 'cpu', 'tensorflow'] as const satisfies readonly BackendName[];

/**
 * The two training presets every app ships: `small` trains in minutes on 2 CPU cores, `full` is the published configuration.
 *
 * @example
 * ```ts
 * const CONFIGS: Record<ConfigName, { units: number }> = { small: { units: 64 }, full: { units: 1024 } };
 * ```
 */
export type ConfigName = 'small' | 'full';

/**
 * Every accepted {@link ConfigName}.
 *
 * @example
 * ```ts
 * CONFIG_NAMES.includes('small'); // true
 * ```
 */
export const CONFIG_NAMES: readonly ConfigName[] = ['small', 'full'];

/**
 * The kind of value an app-specific option takes. `int` and `number` are parsed as plain decimal (no `0x10`, no
 * `Infinity`) and range-checked.
 *
 * @example
 * ```ts
 * const kind: OptionKind = 'int'; // --length 1000 → 1000
 * ```
 */
export type OptionKind = 'string' | 'int' | 'number' | 'boolean';

/**
 * One app-specific option of a command, e.g. `--prefix <text>` of `generate`.
 *
 * @example
 * ```ts
 * const temperature: OptionSpec = { kind: 'number', description: 'sampling temperature', default: 1, min: 0.01, max: 10 };
 * ```
 */
export interface OptionSpec {
  /** How the value is parsed. */
  kind: OptionKind;
  /** One line for `--help`. */
  description: string;
  /** The value when the flag is absent. Default: `undefined` (the option is then optional in the typed options). */
  default?: string | number | boolean;
  /** For `string` options: the only accepted values. Default: any string. */
  choices?: readonly string[];
  /** For `int`/`number` options: the smallest accepted value. Default: no bound (`int` defaults to 0). */
  min?: number;
  /** For `int`/`number` options: the largest accepted value. Default: no bound. */
  max?: number;
  /** The placeholder shown in `--help`. Default: `value`, `n` for numbers. */
  valueName?: string;
}

/** Turn a camelCase option key into its flag: `maxLength` → `--max-length`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A decimal integer flag value: optional sign, digits. */
const DECIMAL_INTEGER = /^[+-]?\d+$/;
/** A decimal number flag value: optional sign, digits with an optional fraction (or `.5`), optional exponent. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function expected(flag: string, what: string, value: string): UsageError {
  return new UsageError(`Expected \`${flag}\` to be ${what}, but got ${describeValue(value)}.`);
}

/**
 * Parse and validate one flag value according to its spec; throws a {@link UsageError} naming the
 * flag, the value and what is allowed.
 */
export function parseOptionValue(flag: string, spec: OptionSpec, raw: string | boolean): string | number | boolean {
  if (spec.kind === 'boolean') return raw === true || raw === 'true';
  const value = String(raw);
  if (spec.kind === 'string') {
    if (spec.choices && !spec.choices.includes(value)) throw expected(flag, `one of ${spec.choices.join(', ')}`, value);
    return value;
  }
  const isInt = spec.kind === 'int';
  // Number() also reads hex, octal, binary, "Infinity" and surrounding blanks ("0x10" → 16); a flag takes plain decimal only.
  const n = (isInt ? DECIMAL_INTEGER : DECIMAL_NUMBER).test(value) ? Number(value) : Number.NaN;
  const min = spec.min ?? (isInt ? 0 : Number.NEGATIVE_INFINITY);
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  const range =
    max === Number.POSITIVE_INFINITY
      ? min === Number.NEGATIVE_INFINITY
        ? ''
        : ` >= ${min}`
      : ` in [${min === Number.NEGATIVE_INFINITY ? '-inf' : min}, ${max}]`;
  const what = `${isInt ? 'a decimal integer' : 'a decimal number'}${range}`;
  if (!Number.isFinite(n) || (isInt && !Number.isInteger(n)) || n < min || n > max) {
    throw expected(flag, what, value);
  }
  return n;
}

/**
 * The largest width (`--units`, `--embedding-dim`) an app flag accepts. A 4096-unit GRU's recurrent kernel is
 * 4096 × 12288 float32 (200 MB, three times that with Adam's moments); far larger sizes cannot be allocated
 * (`--units 100000` failed deep inside tfjs with "Invalid typed array length"), so the flag refuses them up front.
 *
 * @example
 * ```ts
 * const units: OptionSpec = { kind: 'int', description: 'GRU units', min: 1, max: MAX_LAYER_WIDTH };
 * ```
 */
export const MAX_LAYER_WIDTH = 4096;

/**
 * The flags every app command understands (their specs, used for parsing and `--help`).
 *
 * @example
 * ```ts
 * COMMON_OPTION_SPECS.seed.default; // 42
 * ```
 */
export const COMMON_OPTION_SPECS = {
  config: {
    kind: 'string',
    description: 'training preset; small trains in minutes on 2 CPU cores, full is the published configuration',
    default: 'small',
    choices: CONFIG_NAMES,
    valueName: 'name',
  },
  epochs: { kind: 'int', description: 'number of epochs (default: from --config)', min: 1 },
  seed: { kind: 'int', description: 'random seed', default: 42, min: 0, max: 2 ** 32 - 1 },
  data: { kind: 'string', description: 'data root folder (default: RNN_DATA_DIR, then ../shared/data)', valueName: 'dir' },
  backend: {
    kind: 'string',
    description: 'TensorFlow.js backend (default: RNN_BACKEND, else tensorflow if tfjs-node is installed, else wasm)',
    choices: NODE_BACKEND_NAMES,
    valueName: 'name',
  },
  threads: {
    kind: 'int',
    description: "threads for the wasm backend's matrix products (default: RNN_WASM_THREADS, else one per CPU, at most 8)",
    min: 1,
    max: 8,
  },
  out: { kind: 'string', description: 'where run folders go (default: ./runs)', valueName: 'dir' },
  run: { kind: 'string', description: 'run folder or model bundle to use (default: the latest run of this app)', valueName: 'dir' },
} as const satisfies Record<string, OptionSpec>;

/**
 * The parsed common flags every command receives.
 *
 * @example
 * ```ts
 * function epochsOf(opts: CommonOptions): number {
 *   return opts.epochs ?? CONFIGS[opts.config].epochs;
 * }
 * ```
 */
export interface CommonOptions {
  /** `--config`. Default: `'small'`. */
  config: ConfigName;
  /** `--epochs`; `undefined` means "what the config says". */
  epochs?: number;
  /** `--seed`. Default: 42. */
  seed: number;
  /** `--data`; `undefined` means "resolve from RNN_DATA_DIR or ../shared/data". */
  data?: string;
  /** `--backend`; `undefined` means `setupBackend`'s choice (RNN_BACKEND, tfjs-node, else wasm). */
  backend?: BackendName;
  /** `--threads`; `undefined` means `setupBackend`'s choice (RNN_WASM_THREADS, else one per CPU). */
  threads?: number;
  /** `--out`, resolved to an absolute path. Default: `<cwd>/runs`. */
  out: string;
  /** `--run`; `undefined` means the latest run of this app under `--out`. */
  run?: string;
}
