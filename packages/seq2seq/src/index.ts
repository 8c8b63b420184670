export type { BeamSearchArgs } from './decoding/beam-search.js';
export { BEAM_SEARCH_DEFAULTS, beamSearch } from './decoding/beam-search.js';
export type { DecodeArgs, DecodeResult } from './decoding/decode-result.js';
export { DECODE_DEFAULTS } from './decoding/decode-result.js';
export type { GreedyArgs } from './decoding/greedy.js';
export { greedy } from './decoding/greedy.js';
export { gnmtLengthPenalty } from './decoding/length-penalty.js';
export type { SampleArgs } from './decoding/sample.js';
export { sample } from './decoding/sample.js';
export type { SourceBatch } from './decoding/source-batch.js';
export type { AttentionType, CellType, ResolvedSeq2SeqConfig, Seq2SeqConfig } from './model/config.js';
export { ATTENTION_TYPES, CELL_TYPES, resolveSeq2SeqConfig, SEQ2SEQ_DEFAULTS } from './model/config.js';
export type { CellState } from './model/recurrent-ops.js';
export type { DecoderStepOutput, EncoderOutput, ForwardArgs, WeightSpec } from './model/seq2seq.js';
export { Seq2Seq } from './model/seq2seq.js';
export { sequenceLoss } from './model/sequence-loss.js';
export type { BundleManifest } from './persistence/bundle-format.js';
export { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_V1_FILES, WEIGHTS_LAYOUT } from './persistence/bundle-format.js';
export type { BundleStore } from './persistence/bundle-store.js';
export type { FetchFunction } from './persistence/http-bundle-store.js';
export { HttpBundleStore } from './persistence/http-bundle-store.js';
export type { IdbFactoryLike } from './persistence/indexeddb-bundle-store.js';
export { INDEXEDDB_BUNDLES, IndexedDbBundleStore } from './persistence/indexeddb-bundle-store.js';
export type { LoadedSeq2Seq, LoadSeq2SeqArgs } from './persistence/load-seq2seq.js';
export { loadSeq2Seq, readSeq2SeqBundle } from './persistence/load-seq2seq.js';
export { resolveBundleStore } from './persistence/resolve-bundle-store.js';
export type { NamedTensor, SaveSeq2SeqArgs, StoredTrainingState } from './persistence/save-seq2seq.js';
export { encodeSeq2SeqBundle, saveSeq2Seq } from './persistence/save-seq2seq.js';
export type { TensorManifestEntry } from './persistence/tensor-file.js';
export { fromTorchLayout, torchStateDictNames, toTorchLayout } from './persistence/torch-layout.js';
export type { VocabularyLike } from './persistence/vocabulary-like.js';
export { ConstantSchedule } from './schedules/constant-schedule.js';
export { ExponentialSchedule } from './schedules/exponential-schedule.js';
export { InverseSigmoidSchedule } from './schedules/inverse-sigmoid-schedule.js';
export type { LinearScheduleArgs } from './schedules/linear-schedule.js';
export { LinearSchedule } from './schedules/linear-schedule.js';
export type { Schedule, ScheduleKind } from './schedules/schedule.js';
export type { DecayingScheduleKind, ScheduleReachingArgs } from './schedules/schedule-reaching.js';
export { SCHEDULE_REACHING_DEFAULTS, scheduleReaching } from './schedules/schedule-reaching.js';
export { schedules } from './schedules/schedules.js';
export { AlwaysTeacherForcingPolicy } from './training/always-teacher-forcing-policy.js';
export { createTeacherForcingPolicy, SCHEDULED_SAMPLING_DEFAULTS, teacherForcingProbability } from './training/create-teacher-forcing-policy.js';
export type { EvaluateArgs, EvaluationResult, ValidationMetric } from './training/evaluate.js';
export { evaluate } from './training/evaluate.js';
export { fit } from './training/fit.js';
export { NonFiniteGradientError } from './training/non-finite-gradient-error.js';
export { NonFiniteLossError } from './training/non-finite-loss-error.js';
export type { OptimizerName } from './training/optimizer-factory.js';
export { ParallelScheduledSamplingPolicy } from './training/parallel-scheduled-sampling-policy.js';
export type { Seq2SeqBatch, Seq2SeqBatchSource, Seq2SeqPair } from './training/seq2seq-batch.js';
export { SequentialScheduledSamplingPolicy } from './training/sequential-scheduled-sampling-policy.js';
export type {
  AlwaysTeacherForcing,
  SampledTokenChoice,
  ScheduledSamplingMode,
  ScheduledTeacherForcing,
  ScheduleUnit,
  TeacherForcing,
} from './training/teacher-forcing.js';
export { mixDecoderInputs } from './training/teacher-forcing.js';
export type { BatchLoss, PolicyBatch, TeacherForcingPolicy } from './training/teacher-forcing-policy.js';
export { Trainer } from './training/trainer.js';
export type {
  BatchEndInfo,
  CheckpointArgs,
  EarlyStoppingArgs,
  EpochLogs,
  MonitoredMetric,
  ResolvedTrainerArgs,
  TrainerArgs,
  TrainerCallbacks,
  TrainingHistory,
} from './training/trainer-args.js';
export { resolveTrainerArgs, TRAINER_DEFAULTS } from './training/trainer-args.js';
export type { ProgressBarMode } from './training/training-progress.js';
export type { Translation, TranslationSkip, TranslatorArgs, TranslatorDecoding } from './translator/translator.js';
export { TRANSLATOR_DEFAULTS, Translator } from './translator/translator.js';
export type { TranslatorVocabulary } from './translator/translator-vocabulary.js';
