/** What the training page asks its worker to do. */
export type TrainRequest =
  | { type: 'init'; textUrl: string; config: TrainConfig }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'sample'; seed: number; temperature: number; length: number; id: number }
  | { type: 'save'; name: string; id: number }
  | { type: 'load'; name: string; id: number }
  | { type: 'numTensors'; id: number };

/** What the worker reports back. */
export type TrainEvent =
  | { type: 'ready'; chars: number; vocabSize: number; params: number; trigramPerplexity: number; backend: string }
  | { type: 'step'; step: number; epoch: number; loss: number; msPerStep: number }
  | { type: 'epoch'; epoch: number; perplexity: number; sample: string }
  | { type: 'stopped'; step: number }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'error'; message: string };

/** Training sizes and schedule (the page's defaults are {@link TRAIN_DEFAULTS}). */
export interface TrainConfig {
  /** Characters of the text used (train + held out). */
  maxChars: number;
  /** Held-out fraction at the end of the text. */
  heldOutFraction: number;
  embeddingDim: number;
  units: number;
  seqLength: number;
  batchSize: number;
  learningRate: number;
  clipNorm: number;
  /** Sampling temperature of the per-epoch samples. */
  temperature: number;
  /** Characters sampled per epoch. */
  sampleLength: number;
  seed: number;
  /** Stop after this many steps (0: never). */
  maxSteps: number;
}

/** The page's defaults: a small model that learns words within a minute on a laptop. */
export const TRAIN_DEFAULTS: TrainConfig = {
  maxChars: 150_000,
  heldOutFraction: 0.05,
  embeddingDim: 32,
  units: 256,
  seqLength: 64,
  batchSize: 32,
  learningRate: 0.005,
  clipNorm: 5,
  temperature: 0.7,
  sampleLength: 200,
  seed: 42,
  maxSteps: 0,
};
