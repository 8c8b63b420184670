import type * as tf from '@tensorflow/tfjs';

/** What a kernel function receives (tfjs passes the backend as the concrete backend class). */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
