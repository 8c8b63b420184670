// Fused recurrent ops

export { gruSequence, gruStep } from './ops/gru-sequence.js';
export { lstmSequence, lstmStep } from './ops/lstm-sequence.js';
export { SIMPLE_RNN_ACTIVATIONS, simpleRNNSequence } from './ops/simple-rnn-sequence.js';
export type { GRUWeights, LSTMWeights, SequenceOptions, SimpleRNNActivation, SimpleRNNWeights } from './ops/types.js';

// IO and conversion

export type { KerasLayerWeights, KerasRNNWeights, PlainTensor, PyTorchCell, PyTorchConvertArgs, TensorLike } from './convert/pytorch.js';
export { fromPyTorch, kerasWeightTensors, PYTORCH_CELLS, PYTORCH_CONVERT_DEFAULTS, toPyTorch } from './convert/pytorch.js';
export type { FileSystemArgs, FileSystemHandler } from './io/file-system.js';
export { FILE_SYSTEM_DEFAULTS, fileSystem } from './io/file-system.js';
export type { KerasRecurrentClass, RecurrentLayerFactories } from './io/keras-recurrent-config.js';
export { KERAS_RECURRENT_CLASSES } from './io/keras-recurrent-config.js';
export type { LoadKerasModelArgs } from './io/load-keras-model.js';
export { LOAD_KERAS_MODEL_DEFAULTS, loadKerasModel } from './io/load-keras-model.js';
