// IO and conversion

export type { KerasLayerWeights, KerasRNNWeights, PlainTensor, PyTorchCell, PyTorchConvertArgs, TensorLike } from './convert/pytorch.js';
export { fromPyTorch, kerasWeightTensors, PYTORCH_CELLS, PYTORCH_CONVERT_DEFAULTS, toPyTorch } from './convert/pytorch.js';
export type { FileSystemArgs, FileSystemHandler } from './io/file-system.js';
export { FILE_SYSTEM_DEFAULTS, fileSystem } from './io/file-system.js';
export type { KerasRecurrentClass, RecurrentLayerFactories } from './io/keras-recurrent-config.js';
export { KERAS_RECURRENT_CLASSES } from './io/keras-recurrent-config.js';
export type { LoadKerasModelArgs } from './io/load-keras-model.js';
export { LOAD_KERAS_MODEL_DEFAULTS, loadKerasModel } from './io/load-keras-model.js';
