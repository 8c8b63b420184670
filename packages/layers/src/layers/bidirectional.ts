import { checkKnownOptions, checkOneOf, describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { RecurrentCell } from '../cells/recurrent-cell.js';
import { RNN } from './rnn.js';

/**
 * How {@link Bidirectional} combines the forward and backward outputs; `null` returns both.
 *
 * @example
 * ```ts
 * const mergeMode: MergeMode = 'sum';
 * bidirectional({ layer: gru({ units: 8 }), mergeMode }); // output [batch, 8]
 * ```
 */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;
/**
 * Every accepted {@link MergeMode}.
 *
 * @example
 * ```ts
 * MERGE_MODES; // ['concat', 'sum', 'mul', 'ave', null]
 * ```
 */
export const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/**
 * Arguments of {@link Bidirectional}.
 *
 * @example
 * ```ts
 * const args: BidirectionalArgs = { layer: lstm({ units: 8, returnSequences: true }), mergeMode: 'concat' };
 * bidirectional(args); // output [batch, time, 16]
 * ```
 */
export interface BidirectionalArgs {
  /** The forward recurrent layer; a backward copy (same config, fresh weights, `goBackwards` flipped) is made. Required. */
  layer: RNN;
  /** Merge of the two outputs. Default: `'concat'`. */
  mergeMode?: MergeMode;
  /** Layer name. Default: generated. */
  name?: string;
  /** Input shape without the batch (first layer of a `tf.sequential()`). */
  inputShape?: (number | null)[];
  /** Input shape with the batch. */
  batchInputShape?: (number | null)[];
}

/**
 * Defaults of {@link Bidirectional} (Keras 3's).
 *
 * @example
 * ```ts
 * BIDIRECTIONAL_DEFAULTS.mergeMode; // 'concat'
 * ```
 */
export const BIDIRECTIONAL_DEFAULTS = { mergeMode: 'concat' } as const;

/** Added to a seeded forward cell's seed for its backward copy. */
const BACKWARD_SEED_OFFSET = 7919;

function cloneCell(cell: RecurrentCell): RecurrentCell {
  const ctor = cell.constructor as new (args: tf.serialization.ConfigDict) => RecurrentCell;
  const config = { ...cell.getConfig() };
  delete config.name;
  // a seeded forward cell gets a backward copy with other (still reproducible) weights, not the same ones
  if (typeof config.seed === 'number') config.seed = (config.seed + BACKWARD_SEED_OFFSET) % 2 ** 31;
  return new ctor(config);
}

/**
 * Run a recurrent layer forwards and a copy of it backwards and merge the outputs (Keras 3 semantics).
 * With `returnSequences` the backward outputs are re-reversed to line up in time. With `returnState` the result is
 * `[output, ...forwardStates, ...backwardStates]` (`mergeMode: null`: `[forwardOut, backwardOut, ...states]`).
 * An `initialState` is likewise forward states then backward states. Weights: all forward then all backward.
 *
 * @example
 * ```ts
 * const layer = bidirectional({ layer: gru({ units: 8, returnSequences: true }) });
 * layer.apply(tf.ones([2, 5, 3])); // [2, 5, 16]
 * ```
 */
export class Bidirectional extends tf.layers.Layer {
  static readonly className = 'RnnTs.Bidirectional';
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;

  constructor(args: BidirectionalArgs) {
    if (args === null || typeof args !== 'object')
      throw new ValueError(`Expected Bidirectional args to be an object with \`layer\`, but got ${describeValue(args)}.`);
    checkKnownOptions('Bidirectional args', args, ['layer', 'mergeMode', 'name', 'inputShape', 'batchInputShape', 'trainable', 'dtype', 'customObjects']);
    super({ name: args?.name, inputShape: args?.inputShape ?? undefined, batchInputShape: args?.batchInputShape ?? undefined } as never);
    if (!(args?.layer instanceof RNN)) throw new ValueError(`Expected \`layer\` to be an RNN layer (gru, lstm, …), but got ${String(args?.layer)}.`);
    this.mergeMode = checkOneOf('mergeMode', args.mergeMode === undefined ? BIDIRECTIONAL_DEFAULTS.mergeMode : args.mergeMode, MERGE_MODES);
    this.forwardLayer = args.layer;
    const f = args.layer;
    this.backwardLayer = new RNN({
      cell: cloneCell(f.recurrentCell),
      returnSequences: f.returnSequences,
      returnState: f.returnState,
      goBackwards: !f.goBackwards,
      stateful: f.stateful,
      name: `backward_${f.name}`,
    });
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    // Build each direction through a concrete apply so tfjs scopes the weight names under the layer's name.
    const probe = [shape[0] ?? 1, 1, shape[2] as number];
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      tf.tidy(() => {
        l.apply(tf.zeros(probe));
      });
      if (l.stateful) l.resetStates();
    }
    this.built = true;
  }

  override get trainableWeights(): tf.LayerVariable[] {
    return [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights];
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [...this.forwardLayer.nonTrainableWeights, ...this.backwardLayer.nonTrainableWeights];
  }

  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Record<string, unknown>) {
    let init = kwargs?.initialState as (tf.Tensor | tf.SymbolicTensor)[] | undefined;
    if (init && !Array.isArray(init)) init = [init];
    if (init && init[0] instanceof tf.SymbolicTensor) {
      const rest = { ...kwargs };
      delete rest.initialState;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return super.apply([x, ...init] as tf.SymbolicTensor[], rest);
    }
    return super.apply(inputs, kwargs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const f = this.forwardLayer.computeOutputShape(shape);
    const outShape = (this.forwardLayer.returnState ? (f as tf.Shape[])[0] : f) as tf.Shape;
    const stateShapes = this.forwardLayer.returnState ? (f as tf.Shape[]).slice(1) : [];
    let outs: tf.Shape[];
    if (this.mergeMode === 'concat') {
      const s = [...outShape];
      s[s.length - 1] = (s[s.length - 1] as number) * 2;
      outs = [s];
    } else if (this.mergeMode === null) outs = [outShape, [...outShape]];
    else outs = [outShape];
    const all = [...outs, ...stateShapes, ...stateShapes.map((s) => [...s])];
    return all.length === 1 ? (all[0] as tf.Shape) : all;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    const out = this.forwardLayer.returnSequences ? m : null;
    const nOut = this.mergeMode === null ? 2 : 1;
    const nStates = this.forwardLayer.returnState ? 2 * this.forwardLayer.recurrentCell.stateSize.length : 0;
    if (nOut === 1 && nStates === 0) return out as tf.Tensor;
    return [...Array(nOut).fill(out), ...Array(nStates).fill(null)] as tf.Tensor[];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const x = list[0] as tf.Tensor;
      let init = (kwargs?.initialState as tf.Tensor[] | tf.Tensor | undefined) ?? (list.length > 1 ? list.slice(1) : undefined);
      if (init && !Array.isArray(init)) init = [init];
      const n = this.forwardLayer.recurrentCell.stateSize.length;
      if (init && init.length !== 2 * n) {
        throw new ValueError(`Expected ${2 * n} initial states for ${this.name} (forward then backward), but got ${init.length}.`);
      }
      const base = { mask: kwargs?.mask, training: kwargs?.training };
      const fk = init ? { ...base, initialState: init.slice(0, n) } : base;
      const bk = init ? { ...base, initialState: init.slice(n) } : base;
      const fr = this.forwardLayer.call(x, fk as Record<string, unknown>);
      const br = this.backwardLayer.call(x, bk as Record<string, unknown>);
      const fl = Array.isArray(fr) ? fr : [fr];
      const bl = Array.isArray(br) ? br : [br];
      const yF = fl[0] as tf.Tensor;
      let yB = bl[0] as tf.Tensor;
      if (this.forwardLayer.returnSequences) yB = tf.reverse(yB, 1);
      let outs: tf.Tensor[];
      switch (this.mergeMode) {
        case 'concat':
          outs = [tf.concat([yF, yB], -1)];
          break;
        case 'sum':
          outs = [tf.add(yF, yB)];
          break;
        case 'mul':
          outs = [tf.mul(yF, yB)];
          break;
        case 'ave':
          outs = [tf.mul(tf.add(yF, yB), 0.5)];
          break;
        default:
          outs = [yF, yB];
      }
      const all = this.forwardLayer.returnState ? [...outs, ...fl.slice(1), ...bl.slice(1)] : outs;
      return all.length === 1 ? (all[0] as tf.Tensor) : all;
    });
  }

  /** Reset the states of both directions (stateful layers only). */
  override resetStates(states?: tf.Tensor | tf.Tensor[]): void {
    const list = states === undefined ? undefined : Array.isArray(states) ? states : [states];
    const n = this.forwardLayer.recurrentCell.stateSize.length;
    this.forwardLayer.resetStates(list?.slice(0, n));
    this.backwardLayer.resetStates(list?.slice(n));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      layer: { className: this.forwardLayer.getClassName(), config: this.forwardLayer.getConfig() },
      mergeMode: this.mergeMode,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const layerCfg = config.layer as { config: tf.serialization.ConfigDict };
    const layer = RNN.fromConfig(RNN, layerCfg.config) as unknown as RNN;
    const { layer: _l, ...rest } = config;
    return new cls({ ...rest, layer } as never);
  }
}

/**
 * Wrap a recurrent layer to run in both directions. See {@link Bidirectional}.
 *
 * @example
 * ```ts
 * bidirectional({ layer: lstm({ units: 8 }), mergeMode: 'sum' }).apply(tf.ones([2, 5, 3])); // [2, 8]
 * ```
 */
export function bidirectional(args: BidirectionalArgs): Bidirectional {
  return new Bidirectional(args);
}
