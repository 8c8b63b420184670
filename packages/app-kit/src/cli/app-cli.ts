import { basename, dirname, join, resolve } from 'node:path';
import {
  type BackendName,
  checkKnownOptions,
  describeValue,
  FileFormatError,
  Rng,
  type SetupBackendArgs,
  setupBackend,
  ValueError,
  wasmThreadCount,
} from '@rnn/core/node';
import { resolveDataRoot } from '@rnn/data/node';
import { Command, CommanderError } from 'commander';
import { createProgress, type Progress, type ProgressArgs } from '../progress/progress.js';
import { checkBundle, type RunBundleManifest } from '../run/bundle.js';
import { latestRun } from '../run/latest-run.js';
import { RunFolder } from '../run/run-folder.js';
import { COMMON_OPTION_SPECS, type CommonOptions, flagName, type OptionSpec, parseOptionValue } from './flags.js';
import { createLogger, type Logger, type TextStream } from './logger.js';
import { UsageError } from './usage-error.js';

/**
 * App-specific options of a command, keyed by camelCase name (`maxLength` → `--max-length`).
 *
 * @example
 * ```ts
 * const options = { maxLength: { kind: 'int', description: 'longest output', default: 50 } } satisfies OptionSpecs;
 * ```
 */
export type OptionSpecs = Record<string, OptionSpec>;

/**
 * The TypeScript type of one parsed option value.
 *
 * @example
 * ```ts
 * type T = OptionValue<{ kind: 'string'; description: ''; choices: readonly ['a', 'b'] }>; // 'a' | 'b'
 * ```
 */
export type OptionValue<S extends OptionSpec> = S['kind'] extends 'boolean'
  ? boolean
  : S['kind'] extends 'string'
    ? S['choices'] extends readonly (infer C extends string)[]
      ? C
      : string
    : number;

/**
 * The parsed options of a command: options with a `default` are always present, others optional.
 *
 * @example
 * ```ts
 * type O = OptionsOf<{ n: { kind: 'int'; description: ''; default: 3 }; s: { kind: 'string'; description: '' } }>; // { n: number; s?: string }
 * ```
 */
export type OptionsOf<O extends OptionSpecs> = {
  [K in keyof O as O[K] extends { default: string | number | boolean } ? K : never]: OptionValue<O[K]>;
} & {
  [K in keyof O as O[K] extends { default: string | number | boolean } ? never : K]?: OptionValue<O[K]>;
};

/**
 * A positional argument of a command, e.g. the sentence of `translate <text>`.
 *
 * @example
 * ```ts
 * const args: PositionalSpec[] = [{ name: 'text', description: 'sentence to translate', variadic: true }]; // ctx.args
 * ```
 */
export interface PositionalSpec {
  name: string;
  description: string;
  /** Default: true. */
  required?: boolean;
  /** Takes all remaining words. Default: false. */
  variadic?: boolean;
}

/**
 * What a run's saved bundle looks like after {@link AppContext.openRun} checked it.
 *
 * @example
 * ```ts
 * const { bundleDir, manifest } = ctx.openRun({ formatVersion: 1 }); // manifest.app === ctx.app
 * ```
 */
export interface OpenedRun {
  /** The run folder (holding config.json, metrics.json, report.html). */
  runDir: string;
  /** The model bundle folder (holding bundle.json and the app's files). */
  bundleDir: string;
  manifest: RunBundleManifest;
}

/**
 * Everything a command needs besides its options. Created by the CLI for each invocation.
 *
 * @example
 * ```ts
 * async function action(opts: CommonOptions, ctx: AppContext): Promise<void> {
 *   const run = ctx.startRun({ units: 8, epochs: opts.epochs ?? 10 });
 *   const p = ctx.progress({ total: 100, label: 'train' });
 *   ctx.logger.info(`data in ${ctx.dataRoot()}`);
 * }
 * ```
 */
export interface AppContext {
  /** The app name (also its folder under `--out`). */
  readonly app: string;
  /** The app version. */
  readonly version: string;
  /** The subcommand being run, e.g. `'train'`. */
  readonly command: string;
  /** The common flags, parsed. */
  readonly options: CommonOptions;
  /** Positional arguments, in order (variadic ones flattened). */
  readonly args: readonly string[];
  /** Prints to the CLI's stdout/stderr. */
  readonly logger: Logger;
  /** The CLI's stdout (inject a fake in tests). */
  readonly stdout: TextStream;
  /**
   * `--seed`. The command also runs with `Math.random` seeded from it (a stream apart from {@link AppContext.rng}),
   * so tfjs' unseeded draws (initialisers, dropout masks) repeat too: a run is reproducible bit for bit on the
   * same backend and thread count.
   */
  readonly seed: number;
  /** A generator seeded with `--seed`; use it (or `new Rng(ctx.seed + k)`) for every random choice. */
  readonly rng: Rng;
  /** The active TensorFlow.js backend (set up from `--backend` before the command runs). */
  readonly backend: BackendName;
  /** `--out`, absolute. */
  readonly outDir: string;
  /** The data root (`--data`, `RNN_DATA_DIR`, `../shared/data`); throws listing where it looked. Resolved on first call. */
  dataRoot(): string;
  /** Create the run folder `<out>/<app>/<timestamp>/` and write `config.json` (your config plus the CLI flags). */
  startRun(config: Record<string, unknown>): RunFolder;
  /** Find the run to use (`--run`, else the latest run of this app) and check its bundle. */
  openRun(expected: { formatVersion: number }): OpenedRun;
  /** A progress display on the CLI's stdout (a bar on a TTY, plain lines otherwise). */
  progress(args: Omit<ProgressArgs, 'stream'>): Progress;
}

/**
 * One subcommand. Build it with {@link defineCommand} so `opts` is typed from `options`.
 *
 * @example
 * ```ts
 * const evaluate: AppCommand = { description: 'evaluate', async action(opts, ctx) { ctx.openRun({ formatVersion: 1 }); } };
 * ```
 */
export interface AppCommand<O extends OptionSpecs = OptionSpecs> {
  /** One line for `--help`. */
  description: string;
  /** App-specific options. Default: none. */
  options?: O;
  /** Positional arguments. Default: none. */
  args?: readonly PositionalSpec[];
  /** The work. Return nothing (exit 0) or an exit code. Throw to fail with `error: <message>` (exit 1; `UsageError` exits 2). */
  action(opts: CommonOptions & OptionsOf<O>, ctx: AppContext): Promise<number | undefined> | Promise<void>;
}

/**
 * Define a command with typed options (identity at runtime; exists for type inference).
 *
 * @example
 * ```ts
 * const generate = defineCommand({
 *   description: 'sample text from a trained model',
 *   options: { prefix: { kind: 'string', description: 'start text', default: 'Alice' },
 *              temperature: { kind: 'number', description: 'sampling temperature', default: 1, min: 0.01 } },
 *   async action(opts, ctx) { ctx.logger.info(`${opts.prefix} @ T=${opts.temperature}`); }, // opts.temperature: number
 * });
 * ```
 */
export function defineCommand<const O extends OptionSpecs = Record<never, OptionSpec>>(command: AppCommand<O>): AppCommand<O> {
  return command;
}

/**
 * Any command, whatever its options: what {@link createAppCli} stores. Every `AppCommand<O>` is one
 * (its `action` takes `never`, to which every typed `opts` parameter is compatible).
 *
 * @example
 * ```ts
 * const commands: Record<string, AnyAppCommand> = { train, evaluate, generate };
 * ```
 */
export interface AnyAppCommand {
  description: string;
  options?: OptionSpecs;
  args?: readonly PositionalSpec[];
  action(opts: never, ctx: AppContext): Promise<number | undefined> | Promise<void>;
}

/**
 * Options of {@link createAppCli}.
 *
 * @example
 * ```ts
 * const args: AppCliArgs = { name: 'demo', description: 'A demo', version: '0.1.0', commands: { train, evaluate } };
 * ```
 */
export interface AppCliArgs {
  /** The app name, e.g. `'text-generation'` (also its folder under `--out`, and its bundle `app`). */
  name: string;
  /** One line for `--help`. */
  description: string;
  /** The app version (`--version`, config.json, bundle.json). */
  version: string;
  /** `train` and `evaluate` are required; add the app's use commands (`generate`, `predict`, `tag`, `translate`). */
  commands: { train: AnyAppCommand; evaluate: AnyAppCommand } & Record<string, AnyAppCommand>;
  /** Standard output. Default: `process.stdout`. */
  stdout?: TextStream;
  /** Standard error. Default: `process.stderr`. */
  stderr?: TextStream;
  /** Environment (`RNN_DATA_DIR`, `DEBUG`). Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Folder relative paths and the default `--out` (`<cwd>/runs`) are resolved from; when given, it is also the only
   * start of the data-root search (`<monorepo root>/../shared/data`). Default: `process.cwd()` (and the search also
   * starts from @rnn/data's own location).
   */
  cwd?: string;
  /** The backend setup function (a test hook). Default: `setupBackend` from @rnn/core. */
  setupBackend?: (args: SetupBackendArgs) => Promise<BackendName>;
}

/**
 * The CLI object returned by {@link createAppCli}.
 *
 * @example
 * ```ts
 * expect(await cli.run(['train', '--epochs', '1'])).toBe(0);
 * ```
 */
export interface AppCli {
  /** Parse `argv` (user arguments, without `node` and the script) and run the command; resolves to the exit code. Never calls `process.exit`. */
  run(argv: readonly string[]): Promise<number>;
  /** The underlying commander program (for `--help` text in tests, or advanced tweaks). */
  readonly program: Command;
}

/**
 * Exit codes used by {@link AppCli.run}.
 *
 * @example
 * ```ts
 * EXIT_CODES.usage; // 2: bad flag value, unknown option, UsageError
 * ```
 */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

function placeholder(spec: OptionSpec): string {
  return spec.valueName ?? (spec.kind === 'int' || spec.kind === 'number' ? 'n' : 'value');
}

function helpText(spec: OptionSpec): string {
  const choices = spec.choices ? ` (one of: ${spec.choices.join(', ')})` : '';
  const def = spec.default === undefined ? '' : ` (default: ${String(spec.default)})`;
  return `${spec.description}${choices}${def}`;
}

/**
 * Build an app's command line on commander: subcommands `train`, `evaluate` and the app's own, each
 * with the common flags `--config small|full`, `--epochs <n>`, `--seed <n>`, `--data <dir>`,
 * `--backend wasm|cpu|tensorflow`, `--threads N`, `--out <dir>`, `--run <dir>` plus its own options. Flag values are
 * validated (exit 2 with a message naming the flag, the value and what is allowed); the backend is set
 * up before the command runs; an error thrown by a command prints `error: <message>` (the stack only
 * with `DEBUG=1`) and exits 1.
 *
 * @throws ValueError when `name` is not a lowercase app name, `train` or `evaluate` is missing, or an option is unknown.
 * @example
 * ```ts
 * // apps/demo/src/main.ts
 * const cli = createAppCli({ name: 'demo', description: 'A demo app', version: '0.1.0',
 *   commands: { train, evaluate, generate } });
 * process.exitCode = await cli.run(process.argv.slice(2));
 * ```
 */
export function createAppCli(args: AppCliArgs): AppCli {
  checkKnownOptions('createAppCli options', args, ['name', 'description', 'version', 'commands', 'stdout', 'stderr', 'env', 'cwd', 'setupBackend']);
  if (typeof args.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(args.name)) {
    throw new ValueError(`Expected \`name\` to be a lowercase app name like "text-generation", but got ${describeValue(args.name)}.`);
  }
  for (const required of ['train', 'evaluate'] as const) {
    if (typeof args.commands?.[required]?.action !== 'function') {
      throw new ValueError(
        `Expected \`commands.${required}\` to be a command (every app has train and evaluate), but got ${describeValue(args.commands?.[required])}.`,
      );
    }
  }
  const stdout = args.stdout ?? process.stdout;
  const stderr = args.stderr ?? process.stderr;
  const env = args.env ?? process.env;
  const cwd = args.cwd ?? process.cwd();
  const setup = args.setupBackend ?? setupBackend;
  const logger = createLogger(stdout, stderr);

  const program = new Command(args.name)
    .description(args.description)
    .version(args.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void stdout.write(s), writeErr: (s) => void stderr.write(s) })
    .showHelpAfterError(`(run '${args.name} --help' for usage)`);

  // Set by the commander action callback during parseAsync; read right after it.
  type Invocation = { name: string; command: AnyAppCommand; raw: Record<string, unknown>; positionals: string[] };
  const state: { invoked?: Invocation } = {};

  const subcommands: Command[] = [];
  for (const [name, command] of Object.entries(args.commands)) {
    const sub = program.command(name).description(command.description);
    subcommands.push(sub);
    const specs: Record<string, OptionSpec> = { ...COMMON_OPTION_SPECS, ...command.options };
    for (const [key, spec] of Object.entries(specs)) {
      const flag = flagName(key);
      sub.option(spec.kind === 'boolean' ? flag : `${flag} <${placeholder(spec)}>`, helpText(spec));
      // Every switch can also be turned off explicitly (`--no-x`), which matters when a config turns it on.
      if (spec.kind === 'boolean') sub.option(`--no-${flag.slice(2)}`, `turn ${flag} off`);
    }
    for (const p of command.args ?? []) {
      const inner = `${p.name}${p.variadic ? '...' : ''}`;
      sub.argument((p.required ?? true) ? `<${inner}>` : `[${inner}]`, p.description);
    }
    sub.action((...received: unknown[]) => {
      const positionals = received
        .slice(0, (command.args ?? []).length)
        .flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]));
      state.invoked = { name, command, raw: sub.opts(), positionals };
    });
  }

  const parseOptions = (command: AnyAppCommand, raw: Record<string, unknown>): CommonOptions & Record<string, unknown> => {
    const specs: Record<string, OptionSpec> = { ...COMMON_OPTION_SPECS, ...command.options };
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(specs)) {
      const value = raw[key];
      out[key] = value === undefined ? spec.default : parseOptionValue(flagName(key), spec, value as string | boolean);
    }
    out.out = resolve(cwd, (out.out as string | undefined) ?? 'runs');
    if (out.data !== undefined) out.data = resolve(cwd, out.data as string);
    if (out.run !== undefined) out.run = resolve(cwd, out.run as string);
    return out as unknown as CommonOptions & Record<string, unknown>;
  };

  const fail = (err: unknown, code: number): number => {
    const e = err instanceof Error ? err : new Error(String(err));
    logger.error(e.message);
    if (env.DEBUG === '1' && e.stack) stderr.write(`${e.stack}\n`);
    return code;
  };

  async function run(argv: readonly string[]): Promise<number> {
    state.invoked = undefined;
    // Each run parses from a clean slate: commander before 13 keeps the previous parse's option values on a
    // reused program (`--model gru` would stick to the next run).
    for (const sub of subcommands) for (const o of sub.options) sub.setOptionValueWithSource(o.attributeName(), undefined, 'default');
    try {
      await program.parseAsync([...argv], { from: 'user' });
    } catch (err) {
      if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
      return fail(err, EXIT_CODES.failure);
    }
    // Cast: TypeScript cannot see that parseAsync ran the callback, and would narrow this to `undefined`.
    const invoked = state.invoked as Invocation | undefined;
    if (!invoked) {
      program.outputHelp();
      return EXIT_CODES.usage;
    }
    const { name, command, raw, positionals } = invoked;
    let options: CommonOptions & Record<string, unknown>;
    try {
      options = parseOptions(command, raw);
    } catch (err) {
      const code = fail(err, EXIT_CODES.usage);
      stderr.write(`(run '${args.name} ${name} --help' for usage)\n`);
      return code;
    }
    const runs: RunFolder[] = [];
    let failed = true;
    // tfjs draws every unseeded random number (initialisers without a seed, dropout masks, random ops) from
    // Math.random; the command runs with Math.random seeded from --seed, so a run repeats bit for bit on the
    // same backend and thread count. Restored when the command ends.
    const unseededRandom = Math.random;
    const seeded = new Rng((options.seed ^ 0x5eed5eed) >>> 0);
    Math.random = () => seeded.next();
    try {
      if (name === 'train' && options.run !== undefined) {
        // Never silently ignore an option (house style §13): train always starts a new run folder.
        logger.warn(
          `--run is ignored by train (it always writes a new run under ${join(options.out, args.name)}); --run picks the run that evaluate and the use commands load.`,
        );
      }
      const backend = await setup({
        backend: options.backend,
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        warn: (m) => logger.warn(m),
      });
      let dataRoot: string | undefined;
      const ctx: AppContext = {
        app: args.name,
        version: args.version,
        command: name,
        options,
        args: positionals,
        logger,
        stdout,
        seed: options.seed,
        rng: new Rng(options.seed),
        backend,
        outDir: options.out,
        dataRoot() {
          dataRoot ??= resolveDataRoot({ flag: options.data, env, ...(args.cwd === undefined ? {} : { searchFrom: [args.cwd] }) });
          return dataRoot;
        },
        startRun(config) {
          const common: Record<string, unknown> = {};
          for (const key of Object.keys(COMMON_OPTION_SPECS)) common[key] = options[key as keyof CommonOptions];
          const folder = RunFolder.create({
            app: args.name,
            outDir: options.out,
            config: {
              app: args.name,
              appVersion: args.version,
              command: name,
              startedAt: new Date().toISOString(),
              backend,
              wasmThreads: wasmThreadCount(),
              cli: common,
              config,
            },
          });
          runs.push(folder);
          return folder;
        },
        openRun(expected) {
          const dir = options.run ?? latestRun(args.name, options.out);
          if (dir === undefined) {
            throw new FileFormatError(
              `Expected a trained ${args.name} run under ${join(options.out, args.name)}, but there is none. Run '${args.name} train' first, or pass --run <dir>.`,
            );
          }
          const { manifest, bundleDir } = checkBundle(dir, { app: args.name, formatVersion: expected.formatVersion });
          const runDir = bundleDir === dir && basename(dir) === 'model' ? dirname(dir) : bundleDir === dir ? dir : dirname(bundleDir);
          return { runDir, bundleDir, manifest };
        },
        progress(p) {
          return createProgress({ ...p, stream: stdout });
        },
      };
      // The options were parsed from this command's own specs, so they match its typed `opts`.
      const code = await command.action(options as never, ctx);
      failed = false;
      return typeof code === 'number' ? code : EXIT_CODES.ok;
    } catch (err) {
      return fail(err, err instanceof UsageError ? EXIT_CODES.usage : EXIT_CODES.failure);
    } finally {
      Math.random = unseededRandom;
      for (const r of runs) {
        try {
          // A run that failed before recording anything (bad data, before training) leaves no folder behind.
          if (failed && r.isEmpty) {
            r.discard();
            logger.info(`removed the run folder ${r.dir}: the command failed before recording anything`);
          } else {
            r.close();
          }
        } catch {
          // Never let a metrics flush hide the command's own error.
        }
      }
    }
  }

  return { run, program };
}
