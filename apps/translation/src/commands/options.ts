import { MAX_LAYER_WIDTH, type OptionSpec } from '@rnn/app-kit';
import { ATTENTION_FLAGS } from '../config.js';
import { SCHEDULE_FLAGS } from '../scheduled-sampling.js';

/** `--beam` and `--length-penalty`, shared by train, evaluate, translate and demo. */
export const DECODING_OPTIONS = {
  beam: { kind: 'int', description: 'beam width (1 = greedy decoding)', min: 1, max: 64 },
  lengthPenalty: { kind: 'number', description: 'GNMT length-penalty α of beam search', default: 0.6, min: 0, max: 10 },
  keepUnk: { kind: 'boolean', description: 'let translations contain <unk> (default: suppressed, the best known word is used instead)', default: false },
} as const satisfies Record<string, OptionSpec>;

/** The training flags of `train` (and `demo --retrain`). */
export const TRAINING_OPTIONS = {
  pairs: { kind: 'int', description: 'use the first N Tatoeba pairs (default: 30000)', min: 10 },
  attention: { kind: 'string', description: 'attention (luong = Luong general score; default: from --config)', choices: ATTENTION_FLAGS },
  scheduledSampling: {
    kind: 'string',
    description: 'train with scheduled sampling, ε decaying by this schedule (default: teacher forcing)',
    choices: SCHEDULE_FLAGS,
    valueName: 'schedule',
  },
  ssK: {
    kind: 'number',
    description: 'schedule k (linear: start ε, default 1; exponential: base in (0,1); inverse-sigmoid: k >= 1; default: ε ≈ 0.5 at the last step)',
  },
  ssC: { kind: 'number', description: 'linear schedule: slope per step (default: reach --ss-min at the last step)', min: 0 },
  ssMin: { kind: 'number', description: 'linear schedule: floor εmin (default 0.5)', min: 0, max: 1 },
  ssMode: {
    kind: 'string',
    description: 'scheduled sampling form: parallel (two fused passes) or sequential (step loop, slower)',
    default: 'parallel',
    choices: ['parallel', 'sequential'],
  },
  units: { kind: 'int', description: 'GRU units (default: from --config)', min: 1, max: MAX_LAYER_WIDTH },
  bidirectional: { kind: 'boolean', description: 'bidirectional encoder, directions summed (default: from --config; --no-bidirectional turns it off)' },
  dropout: { kind: 'number', description: 'dropout on embeddings and before the output layer (default: from --config)', min: 0, max: 0.9 },
  embeddingDim: { kind: 'int', description: 'embedding size (default: from --config)', min: 1, max: MAX_LAYER_WIDTH },
  batchSize: { kind: 'int', description: 'batch size (default: from --config)', min: 1 },
  learningRate: { kind: 'number', description: 'Adam learning rate (default: from --config)', min: 0 },
  minFrequency: { kind: 'int', description: 'drop words seen fewer times from the vocabularies (default: from --config)', min: 1 },
} as const satisfies Record<string, OptionSpec>;
