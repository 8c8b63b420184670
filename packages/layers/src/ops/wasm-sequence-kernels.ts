// Whole-sequence forward kernels for the wasm backend: one engine call runs every step of a GRU or LSTM.
//
// Why. Profiled on the bench shape (batch 64, 40 steps, 128 units, CPU time): with plain tf ops each step runs
// the recurrent matmul (~270 µs, XNNPACK) plus ~15 small gate kernels at 5–20 µs each, and the engine's own
// bookkeeping per op (tidy scopes, tensor records, the op wrappers) cost as much again: 26 ms per GRU inference
// of which ~16 ms were matmuls. These kernels keep the matmul on XNNPACK (the registered `BatchMatMul` kernel,
// called directly) and the sigmoids on XNNPACK (`Sigmoid`, vectorised; tanh is computed as 2σ(2x) − 1), and do
// every other gate operation in one tight JS loop per step over Float32Array views of the wasm heap: no copies
// out of the heap, no engine round trip per op. JS's own `Math.exp` is ~10× slower than XNNPACK's sigmoid, hence
// the split of work.
//
// Memory rules of the wasm heap: every allocation (`makeOutput`, and any kernel we call) may grow the heap and
// so detach earlier views, so views are taken again after each allocation or kernel call.
//
// The kernels have no gradient: the sequence ops call them either with the tape off (forward-only) or inside the
// forward function of their `tf.customGrad`, whose hand-written backward pass uses the per-step tensors the
// kernel returns when `save` is set.

import * as tf from '@tensorflow/tfjs';

const GRU_KERNEL = 'RnnTsGruSequence';
const LSTM_KERNEL = 'RnnTsLstmSequence';

/** The part of tfjs-backend-wasm's `BackendWasm` these kernels use (public methods of that class). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown };

/** Attributes of the GRU kernel. */
export interface GruKernelAttrs {
  time: number;
  goBackwards: boolean;
  resetAfter: boolean;
  /** Also return the per-step tensors the backward pass needs. */
  save: boolean;
}

/** Attributes of the LSTM kernel. */
export interface LstmKernelAttrs {
  time: number;
  goBackwards: boolean;
  save: boolean;
}

/** Calls of the wasm `BatchMatMul` and `Sigmoid` kernels, bypassing the engine, and heap views. */
class HeapOps {
  private readonly matMulFunc: tf.KernelFunc;
  private readonly sigmoidFunc: tf.KernelFunc;

  constructor(readonly backend: WasmHeapBackend) {
    this.matMulFunc = (tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig).kernelFunc;
    this.sigmoidFunc = (tf.getKernel('Sigmoid', 'wasm') as tf.KernelConfig).kernelFunc;
  }

  view(t: tf.TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }

  alloc(shape: number[]): tf.TensorInfo {
    return this.backend.makeOutput(shape, 'float32');
  }

  free(t: tf.TensorInfo): void {
    this.backend.disposeData(t.dataId, true);
  }

  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
    const args = { inputs: { a, b }, backend: this.backend, attrs: { transposeA: false, transposeB: false } };
    return this.matMulFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }

  sigmoid(x: tf.TensorInfo): tf.TensorInfo {
    return this.sigmoidFunc({ inputs: { x }, backend: this.backend } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
}

/** A copy of a small input (bias, mask) into JS memory, so that it survives heap growth; zeros when absent. */
function copyOrZeros(ops: HeapOps, t: tf.TensorInfo | undefined, length: number): Float32Array {
  return t ? Float32Array.from(ops.view(t)) : new Float32Array(length);
}

/**
 * GRU over a whole sequence. Inputs: `xp` `[time*batch, 3u]` (time-major `x·W`, no bias), `h0` `[batch, u]`,
 * `U` `[u, 3u]` (resetAfter) or `Uzr` `[u, 2u]` and `Uh` `[u, u]` (resetAfter false), optional `bIn` `[3u]`,
 * `bRec` `[3u]` (resetAfter only) and `mask` `[batch, time]` (float, input time order).
 * Outputs: `outputs` `[batch, time, u]` (processing order), `hT` `[batch, u]`, then when `save`: per processing
 * step `zr` (post-sigmoid `[batch, 2u]`), `ĥ`, `hr` (resetAfter: `h·Uh + b'h`; else `r ⊙ hPrev`) and `hPrev`.
 */
function gruSequenceWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const { xp, h0, U, Uzr, Uh, bIn, bRec, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, resetAfter, save } = args.attrs as GruKernelAttrs;
  const [B, u] = (h0 as tf.TensorInfo).shape as [number, number];
  const u2 = 2 * u;
  const u3 = 3 * u;
  const bi = copyOrZeros(ops, bIn, u3);
  const br = copyOrZeros(ops, bRec, u3);
  const bzr = new Float32Array(u2);
  for (let j = 0; j < u2; j++) bzr[j] = (bi[j] as number) + (br[j] as number);
  const m = mask ? Float32Array.from(ops.view(mask)) : null;
  const seen = new Uint8Array(B);

  const outputs = ops.alloc([B, T, u]);
  const hT = ops.alloc([B, u]);
  const sZR: tf.TensorInfo[] = [];
  const sHC: tf.TensorInfo[] = [];
  const sHR: tf.TensorInfo[] = [];
  const sHP: tf.TensorInfo[] = [];
  if (save) {
    for (let k = 0; k < T; k++) {
      sHC.push(ops.alloc([B, u]));
      sHP.push(ops.alloc([B, u]));
      if (resetAfter) sHR.push(ops.alloc([B, u]));
    }
  }
  const h = ops.alloc([B, u]);
  const preZR = ops.alloc([B, u2]);
  const preH = ops.alloc([B, u]);
  const rh = resetAfter || save ? null : ops.alloc([B, u]);
  ops.view(h).set(ops.view(h0 as tf.TensorInfo));
  try {
    for (let k = 0; k < T; k++) {
      const t = goBackwards ? T - 1 - k : k;
      const xo0 = t * B * u3;
      // z|r pre-activations: x·W + b + h·U + b'.
      const hp = ops.matMul(h, (resetAfter ? U : Uzr) as tf.TensorInfo);
      const hpW = resetAfter ? u3 : u2;
      {
        const X = ops.view(xp as tf.TensorInfo);
        const H = ops.view(hp);
        const P = ops.view(preZR);
        for (let b = 0; b < B; b++) {
          const xo = xo0 + b * u3;
          const ho = b * hpW;
          const po = b * u2;
          for (let j = 0; j < u2; j++) P[po + j] = (X[xo + j] as number) + (H[ho + j] as number) + (bzr[j] as number);
        }
      }
      const zr = ops.sigmoid(preZR);
      // Candidate pre-activation, doubled: tanh(a) = 2σ(2a) − 1.
      let hr: tf.TensorInfo | null = null;
      let hh2: tf.TensorInfo | null = null;
      if (resetAfter) {
        const X = ops.view(xp as tf.TensorInfo);
        const H = ops.view(hp);
        const ZR = ops.view(zr);
        const P = ops.view(preH);
        const HR = save ? ops.view(sHR[k] as tf.TensorInfo) : null;
        for (let b = 0; b < B; b++) {
          const xo = xo0 + b * u3 + u2;
          const ho = b * u3 + u2;
          const ro = b * u2 + u;
          const o = b * u;
          for (let j = 0; j < u; j++) {
            const rec = (H[ho + j] as number) + (br[u2 + j] as number);
            P[o + j] = 2 * ((X[xo + j] as number) + (bi[u2 + j] as number) + (ZR[ro + j] as number) * rec);
            if (HR) HR[o + j] = rec;
          }
        }
      } else {
        hr = save ? ops.alloc([B, u]) : (rh as tf.TensorInfo);
        {
          const ZR = ops.view(zr);
          const Hs = ops.view(h);
          const R = ops.view(hr);
          for (let b = 0; b < B; b++) {
            const ro = b * u2 + u;
            const o = b * u;
            for (let j = 0; j < u; j++) R[o + j] = (ZR[ro + j] as number) * (Hs[o + j] as number);
          }
        }
        hh2 = ops.matMul(hr, Uh as tf.TensorInfo);
        const X = ops.view(xp as tf.TensorInfo);
        const H2 = ops.view(hh2);
        const P = ops.view(preH);
        for (let b = 0; b < B; b++) {
          const xo = xo0 + b * u3 + u2;
          const o = b * u;
          for (let j = 0; j < u; j++) P[o + j] = 2 * ((X[xo + j] as number) + (bi[u2 + j] as number) + (H2[o + j] as number));
        }
      }
      const s = ops.sigmoid(preH);
      {
        // h' = ĥ + z ⊙ (hPrev − ĥ), masked steps keep hPrev, outputs are zero before a row's first real step.
        const S = ops.view(s);
        const ZR = ops.view(zr);
        const Hs = ops.view(h);
        const O = ops.view(outputs);
        const HC = save ? ops.view(sHC[k] as tf.TensorInfo) : null;
        const HP = save ? ops.view(sHP[k] as tf.TensorInfo) : null;
        if (HP) HP.set(Hs);
        for (let b = 0; b < B; b++) {
          const mk = m ? (m[b * T + t] as number) : 1;
          if (mk !== 0) seen[b] = 1;
          const o = b * u;
          const zo = b * u2;
          const oo = (b * T + k) * u;
          const on = seen[b] === 1;
          for (let j = 0; j < u; j++) {
            const hc = 2 * (S[o + j] as number) - 1;
            const hPrev = Hs[o + j] as number;
            let hn = hc + (ZR[zo + j] as number) * (hPrev - hc);
            if (m) hn = hPrev + mk * (hn - hPrev);
            Hs[o + j] = hn;
            O[oo + j] = on ? hn : 0;
            if (HC) HC[o + j] = hc;
          }
        }
      }
      ops.free(hp);
      ops.free(s);
      if (hh2) ops.free(hh2);
      if (save) {
        sZR.push(zr);
        if (hr) sHR.push(hr);
      } else {
        ops.free(zr);
      }
    }
    ops.view(hT).set(ops.view(h));
  } finally {
    ops.free(h);
    ops.free(preZR);
    ops.free(preH);
    if (rh) ops.free(rh);
  }
  return [outputs, hT, ...sZR, ...sHC, ...sHR, ...sHP];
}

/**
 * LSTM over a whole sequence. Inputs: `xp` `[time*batch, 4u]` (time-major `x·W`, no bias), `h0`, `c0` `[batch, u]`,
 * `U` `[u, 4u]`, optional `bias` `[4u]` and `mask` `[batch, time]`. Outputs: `outputs` `[batch, time, u]`,
 * `hT`, `cT`, then when `save`: per processing step the activated gates `[i|f|g|o]` `[batch, 4u]`, `tanh(c')`,
 * `cPrev` and `hPrev`.
 */
function lstmSequenceWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const { xp, h0, c0, U, bias, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, save } = args.attrs as LstmKernelAttrs;
  const [B, u] = (h0 as tf.TensorInfo).shape as [number, number];
  const u2 = 2 * u;
  const u3 = 3 * u;
  const u4 = 4 * u;
  const bb = copyOrZeros(ops, bias, u4);
  const m = mask ? Float32Array.from(ops.view(mask)) : null;
  const seen = new Uint8Array(B);
  const c = Float32Array.from(ops.view(c0 as tf.TensorInfo));
  const cNew = new Float32Array(B * u);

  const outputs = ops.alloc([B, T, u]);
  const hT = ops.alloc([B, u]);
  const cT = ops.alloc([B, u]);
  const sG: tf.TensorInfo[] = [];
  const sTC: tf.TensorInfo[] = [];
  const sCP: tf.TensorInfo[] = [];
  const sHP: tf.TensorInfo[] = [];
  if (save) {
    for (let k = 0; k < T; k++) {
      sTC.push(ops.alloc([B, u]));
      sCP.push(ops.alloc([B, u]));
      sHP.push(ops.alloc([B, u]));
    }
  }
  const h = ops.alloc([B, u]);
  const pre = ops.alloc([B, u4]);
  const preC = ops.alloc([B, u]);
  ops.view(h).set(ops.view(h0 as tf.TensorInfo));
  try {
    for (let k = 0; k < T; k++) {
      const t = goBackwards ? T - 1 - k : k;
      const xo0 = t * B * u4;
      const hp = ops.matMul(h, U as tf.TensorInfo);
      {
        // All four pre-activations in one slab; the g block doubled so that one sigmoid serves all (tanh = 2σ(2a) − 1).
        const X = ops.view(xp as tf.TensorInfo);
        const H = ops.view(hp);
        const P = ops.view(pre);
        for (let b = 0; b < B; b++) {
          const xo = xo0 + b * u4;
          const o = b * u4;
          for (let j = 0; j < u2; j++) P[o + j] = (X[xo + j] as number) + (H[o + j] as number) + (bb[j] as number);
          for (let j = u2; j < u3; j++) P[o + j] = 2 * ((X[xo + j] as number) + (H[o + j] as number) + (bb[j] as number));
          for (let j = u3; j < u4; j++) P[o + j] = (X[xo + j] as number) + (H[o + j] as number) + (bb[j] as number);
        }
      }
      ops.free(hp);
      const gates = ops.sigmoid(pre);
      {
        const G = ops.view(gates);
        const PC = ops.view(preC);
        for (let b = 0; b < B; b++) {
          const go = b * u4;
          const o = b * u;
          for (let j = 0; j < u; j++) {
            const g = 2 * (G[go + u2 + j] as number) - 1;
            G[go + u2 + j] = g;
            const cn = (G[go + u + j] as number) * (c[o + j] as number) + (G[go + j] as number) * g;
            cNew[o + j] = cn;
            PC[o + j] = 2 * cn;
          }
        }
      }
      const sc = ops.sigmoid(preC);
      {
        const SC = ops.view(sc);
        const G = ops.view(gates);
        const Hs = ops.view(h);
        const O = ops.view(outputs);
        const TC = save ? ops.view(sTC[k] as tf.TensorInfo) : null;
        if (save) {
          ops.view(sHP[k] as tf.TensorInfo).set(Hs);
          ops.view(sCP[k] as tf.TensorInfo).set(c);
        }
        for (let b = 0; b < B; b++) {
          const mk = m ? (m[b * T + t] as number) : 1;
          if (mk !== 0) seen[b] = 1;
          const go = b * u4 + u3;
          const o = b * u;
          const oo = (b * T + k) * u;
          const on = seen[b] === 1;
          for (let j = 0; j < u; j++) {
            const tc = 2 * (SC[o + j] as number) - 1;
            let hn = (G[go + j] as number) * tc;
            let cn = cNew[o + j] as number;
            if (m) {
              const hPrev = Hs[o + j] as number;
              const cPrev = c[o + j] as number;
              hn = hPrev + mk * (hn - hPrev);
              cn = cPrev + mk * (cn - cPrev);
            }
            Hs[o + j] = hn;
            c[o + j] = cn;
            O[oo + j] = on ? hn : 0;
            if (TC) TC[o + j] = tc;
          }
        }
      }
      ops.free(sc);
      if (save) sG.push(gates);
      else ops.free(gates);
    }
    ops.view(hT).set(ops.view(h));
    ops.view(cT).set(c);
  } finally {
    ops.free(h);
    ops.free(pre);
    ops.free(preC);
  }
  return [outputs, hT, cT, ...sG, ...sTC, ...sCP, ...sHP];
}

let enabled = true;

/**
 * Switch the wasm sequence kernels on or off (for tests comparing them with the plain-tf path). Default: on.
 *
 * @param on Whether {@link useWasmSequenceKernels} may return true.
 * @example
 * ```ts
 * setWasmSequenceKernels(false); // gruSequence/lstmSequence now run per-step tf ops on wasm too
 * ```
 */
export function setWasmSequenceKernels(on: boolean): void {
  enabled = on;
}

/**
 * Whether the whole-sequence kernels can run: the wasm backend is active and has the kernels they call. Registers
 * them on first use.
 *
 * @example
 * ```ts
 * if (useWasmSequenceKernels()) runGruKernel(...);
 * ```
 */
export function useWasmSequenceKernels(): boolean {
  if (!enabled || tf.getBackend() !== 'wasm') return false;
  if (!tf.getKernel('BatchMatMul', 'wasm') || !tf.getKernel('Sigmoid', 'wasm')) return false;
  if (!tf.getKernel(GRU_KERNEL, 'wasm')) {
    tf.registerKernel({ kernelName: GRU_KERNEL, backendName: 'wasm', kernelFunc: gruSequenceWasm as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_KERNEL, backendName: 'wasm', kernelFunc: lstmSequenceWasm as unknown as tf.KernelFunc });
  }
  return true;
}

/**
 * Whether a gradient tape is recording (inside `tf.grads`, `tf.variableGrads`, `optimizer.minimize`). The engine's
 * `isTapeOn` is not in its public typings; when it is missing we answer true, which keeps the differentiable path.
 *
 * @example
 * ```ts
 * tapeIsOn(); // false outside any gradient computation
 * ```
 */
export function tapeIsOn(): boolean {
  const engine = tf.engine() as unknown as { isTapeOn?: () => boolean };
  return typeof engine.isTapeOn === 'function' ? engine.isTapeOn() : true;
}

/** The GRU kernel's tensors, see {@link runGruKernel}. */
export interface GruKernelResult {
  outputs: tf.Tensor3D;
  hT: tf.Tensor2D;
  zr: tf.Tensor2D[];
  hc: tf.Tensor2D[];
  hr: tf.Tensor2D[];
  hPrev: tf.Tensor2D[];
}

/**
 * Run the GRU kernel (call only when {@link useWasmSequenceKernels} is true). `xp` is the time-major `x·W`
 * without bias; weights as in the kernel's doc. Not differentiable: call it with the tape off or inside a
 * `customGrad` forward function.
 *
 * @example
 * ```ts
 * const r = runGruKernel({ xp, h0, U }, { time: 40, goBackwards: false, resetAfter: true, save: false });
 * r.outputs.shape; // [batch, 40, units]
 * ```
 */
export function runGruKernel(inputs: Record<string, tf.Tensor | undefined>, attrs: GruKernelAttrs): GruKernelResult {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  const out = tf.engine().runKernel(GRU_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  const T = attrs.time;
  const perStep = attrs.save ? T : 0;
  let p = 2;
  const take = (): tf.Tensor2D[] => {
    const r = out.slice(p, p + perStep) as tf.Tensor2D[];
    p += perStep;
    return r;
  };
  const zr = take();
  const hc = take();
  const hr = take();
  const hPrev = take();
  return { outputs: out[0] as tf.Tensor3D, hT: out[1] as tf.Tensor2D, zr, hc, hr, hPrev };
}

/** The LSTM kernel's tensors, see {@link runLstmKernel}. */
export interface LstmKernelResult {
  outputs: tf.Tensor3D;
  hT: tf.Tensor2D;
  cT: tf.Tensor2D;
  gates: tf.Tensor2D[];
  tc: tf.Tensor2D[];
  cPrev: tf.Tensor2D[];
  hPrev: tf.Tensor2D[];
}

/**
 * Run the LSTM kernel (call only when {@link useWasmSequenceKernels} is true); see {@link runGruKernel}.
 *
 * @example
 * ```ts
 * const r = runLstmKernel({ xp, h0, c0, U, bias }, { time: 40, goBackwards: false, save: false });
 * r.cT.shape; // [batch, units]
 * ```
 */
export function runLstmKernel(inputs: Record<string, tf.Tensor | undefined>, attrs: LstmKernelAttrs): LstmKernelResult {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  const out = tf.engine().runKernel(LSTM_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  const T = attrs.time;
  const perStep = attrs.save ? T : 0;
  let p = 3;
  const take = (): tf.Tensor2D[] => {
    const r = out.slice(p, p + perStep) as tf.Tensor2D[];
    p += perStep;
    return r;
  };
  const gates = take();
  const tc = take();
  const cPrev = take();
  const hPrev = take();
  return { outputs: out[0] as tf.Tensor3D, hT: out[1] as tf.Tensor2D, cT: out[2] as tf.Tensor2D, gates, tc, cPrev, hPrev };
}
