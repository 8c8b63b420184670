/** What the train page exposes as `window.trainWeb` for the browser test (and the console). */
export interface TrainWebHook {
  /** Resolves when the worker has loaded the text and built the model. */
  ready: Promise<void>;
  start(): void;
  /** Resolves when the worker has finished its current step and stopped. */
  stop(): Promise<void>;
  /** Resolves once `n` steps have been trained. */
  waitForStep(n: number): Promise<void>;
  /** Training loss (nats per character) of every step so far. */
  losses(): number[];
  epochs(): { epoch: number; perplexity: number; sample: string }[];
  /** Sample `length` characters after "Alice " at `temperature`, drawing with a fresh Rng(`seed`). */
  sample(seed: number, temperature: number, length: number): Promise<string>;
  save(name: string): Promise<void>;
  load(name: string): Promise<void>;
  /** tf.memory().numTensors in the worker. */
  numTensors(): Promise<number>;
}
