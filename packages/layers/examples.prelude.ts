// Fixtures the TSDoc examples of @rnn/layers use (scripts/check-examples.mjs type-checks them).
// Values typed `never` stand for inputs whose exact type the example does not need to show
// (weights, a kernel's saved slabs): `never` fits any parameter.
declare const x: import('@tensorflow/tfjs').Tensor3D;
declare const y: import('@tensorflow/tfjs').Tensor;
declare const h0: import('@tensorflow/tfjs').Tensor2D;
declare const c0: import('@tensorflow/tfjs').Tensor2D;
declare const mask: import('@tensorflow/tfjs').Tensor2D;
declare const w: never;
declare const cell: import('@rnn/layers').RecurrentCell;
declare const stateDict: Record<string, import('@rnn/layers').PlainTensor>;
declare const biGruStateDict: Record<string, import('@rnn/layers').PlainTensor>;
declare const layer: import('@tensorflow/tfjs').layers.Layer;
declare const myGru: import('@tensorflow/tfjs').layers.Layer;
declare const model: import('@tensorflow/tfjs').LayersModel;
declare const batches: unknown[];
declare function accuracyOf(model: import('@tensorflow/tfjs').LayersModel): number;
declare function loss(): import('@tensorflow/tfjs').Scalar;
/** Kernel inputs of the internal wasm kernel calls. */
declare const dy: never;
declare const UT: never;
declare const UzrT: never;
declare const UhT: never;
declare const saved: never;
declare const xp: never;
declare const U: never;
declare const bias: never;
declare const rawGrads: import('@tensorflow/tfjs').NamedTensorMap;
