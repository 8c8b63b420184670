/**
 * What `setupBackend` needs from Node and cannot import in the main entry (which must bundle for the
 * browser): the environment, the CPU count, whether `@tensorflow/tfjs-node` is installed, and the
 * bridge that starts tfjs-backend-wasm's threaded build under Node. `@rnn/core/node` installs it when
 * it is first imported; in a browser nothing is installed and none of it is needed.
 */
export interface NodeBackendPlatform {
  /** An environment variable (`process.env[name]`), undefined when unset or empty. */
  env(name: string): string | undefined;
  /** CPUs available to this process (`os.availableParallelism()`). */
  cpuCount(): number;
  /** Whether `@tensorflow/tfjs-node` resolves from the working directory. */
  tfjsNodeInstalled(): boolean;
  /** Start the wasm backend with `threads` XNNPACK threads (see `startThreadedWasm`). */
  startThreadedWasm(threads: number, start: () => Promise<void>): Promise<number>;
}

let installed: NodeBackendPlatform | null = null;

/** Install the Node platform (idempotent; called by `@rnn/core/node`). */
export function installNodeBackendPlatform(platform: NodeBackendPlatform): void {
  installed = platform;
}

/** The installed Node platform, or null (a browser, or Node without `@rnn/core/node`). */
export function nodeBackendPlatform(): NodeBackendPlatform | null {
  return installed;
}

/** True when running under Node.js (whether or not `@rnn/core/node` was imported). */
export function runningInNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}
