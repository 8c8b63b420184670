// Fused recurrent ops

export { gruSequence, gruStep } from './ops/gru-sequence.js';
export { lstmSequence, lstmStep } from './ops/lstm-sequence.js';
export { SIMPLE_RNN_ACTIVATIONS, simpleRNNSequence } from './ops/simple-rnn-sequence.js';
export type { GRUWeights, LSTMWeights, SequenceArgs, SimpleRNNActivation, SimpleRNNWeights } from './ops/types.js';

// Optimizers

export { clipByGlobalNorm, globalNorm, scaleToGlobalNorm } from './optimizers/clip-by-global-norm.js';
export { ADAM_UPDATE_KERNEL, adamBetaPower, FusedAdamOptimizer, restoreAdamBetaPowers } from './optimizers/fused-adam.js';
export { WeightEma } from './optimizers/weight-ema.js';

// Cells and layers

export type { Activation, InitializerName, RecurrentActivation } from './cells/cell-options.js';
export { ACTIVATIONS, INITIALIZER_NAMES, RECURRENT_ACTIVATIONS } from './cells/cell-options.js';
export type { GRUCellArgs } from './cells/gru-cell.js';
export { GRU_DEFAULTS, GRUCell } from './cells/gru-cell.js';
export type { LSTMCellArgs } from './cells/lstm-cell.js';
export { LSTM_DEFAULTS, LSTMCell } from './cells/lstm-cell.js';
export type { PeepholeLSTMCellArgs } from './cells/peephole-lstm-cell.js';
export { PEEPHOLE_LSTM_DEFAULTS, PeepholeLSTMCell } from './cells/peephole-lstm-cell.js';
export type { CellCallKwargs, FusedSequenceArgs, RecurrentCellArgs } from './cells/recurrent-cell.js';
export { RECURRENT_CELL_DEFAULTS, RecurrentCell } from './cells/recurrent-cell.js';
export type { SimpleRNNCellArgs } from './cells/simple-rnn-cell.js';
export { SIMPLE_RNN_DEFAULTS, SimpleRNNCell } from './cells/simple-rnn-cell.js';
export type { BidirectionalArgs, MergeMode } from './layers/bidirectional.js';
export { BIDIRECTIONAL_DEFAULTS, Bidirectional, bidirectional, MERGE_MODES } from './layers/bidirectional.js';
export type { GRUArgs, LSTMArgs, PeepholeLSTMArgs, SimpleRNNArgs } from './layers/factories.js';
export { gru, lstm, peepholeLSTM, rnn, simpleRNN } from './layers/factories.js';
export { registerLayers } from './layers/register.js';
export type { RNNArgs, RNNLayerArgs } from './layers/rnn.js';
export { RNN, RNN_DEFAULTS } from './layers/rnn.js';

// IO and conversion

export type { KerasLayerWeights, KerasRNNWeights, PlainTensor, PyTorchCell, PyTorchConvertArgs, TensorLike } from './convert/pytorch.js';
export { fromPyTorch, kerasWeightTensors, PYTORCH_CELLS, PYTORCH_CONVERT_DEFAULTS, toPyTorch } from './convert/pytorch.js';
export type { KerasRecurrentClass, RecurrentLayerFactories } from './io/keras-recurrent-config.js';
export { KERAS_RECURRENT_CLASSES } from './io/keras-recurrent-config.js';
export type { LoadKerasModelArgs } from './io/load-keras-model.js';
export { LOAD_KERAS_MODEL_DEFAULTS, loadKerasModel } from './io/load-keras-model.js';
