import * as tf from '@tensorflow/tfjs';
import { setupBackend } from './node/index.js';
import { Rng } from './rng.js';
import { registerWasmKernels } from './wasm-kernels.js';

function embeddingGrad(): { grad: number[]; shape: number[] } {
  return tf.tidy(() => {
    const table = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const ids = tf.tensor1d([1, 3, 1, 0, 3], 'int32');
    const g = tf.grad((t: tf.Tensor) =>
      tf
        .gather(t, ids)
        .mul(tf.tensor2d([[1, 2]]))
        .sum(),
    )(table);
    return { grad: Array.from(g.dataSync()), shape: g.shape };
  });
}

describe('setupBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("uses wasm by default and trains an embedding there with the cpu backend's gradient", async () => {
    const prev = process.env.RNN_BACKEND;
    delete process.env.RNN_BACKEND;
    expect(await setupBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = embeddingGrad();
    await setupBackend({ backend: 'cpu' });
    const onCpu = embeddingGrad();
    expect(onWasm).toEqual(onCpu);
    // ids 1,3,1,0,3 → row 0 once, row 1 twice, row 3 twice, row 2 never.
    expect(onCpu.grad).toEqual([1, 2, 2, 4, 0, 0, 2, 4]);
    if (prev !== undefined) process.env.RNN_BACKEND = prev;
  });

  it('reads RNN_BACKEND and rejects unknown names with the value in the message', async () => {
    const prev = process.env.RNN_BACKEND;
    process.env.RNN_BACKEND = 'cpu';
    expect(await setupBackend()).toBe('cpu');
    process.env.RNN_BACKEND = 'gpu';
    await expect(setupBackend()).rejects.toThrow(/RNN_BACKEND.*wasm, webgl, webgpu, cpu, tensorflow.*"gpu"/);
    if (prev === undefined) delete process.env.RNN_BACKEND;
    else process.env.RNN_BACKEND = prev;
    // @ts-expect-error an invalid name on purpose
    await expect(setupBackend({ backend: 'webgl2' })).rejects.toThrow(/`backend`.*"webgl2"/);
  });

  it('fails clearly when tfjs-node is asked for but not installed, and falls back only when allowed', async () => {
    await expect(setupBackend({ backend: 'tensorflow' })).rejects.toThrow(/'tensorflow' TensorFlow.js backend/);
    const warnings: string[] = [];
    expect(await setupBackend({ backend: 'tensorflow', fallback: true, warn: (m) => warnings.push(m) })).toBe('cpu');
    expect(warnings[0]).toMatch(/falling back to 'cpu'/);
  });

  it('sums segments on wasm exactly as on cpu, dropping out-of-range ids', async () => {
    const run = () =>
      tf.tidy(() =>
        Array.from(
          tf
            .unsortedSegmentSum(
              tf.tensor2d([
                [1, 2],
                [3, 4],
                [5, 6],
              ]),
              tf.tensor1d([2, 0, 2], 'int32'),
              3,
            )
            .dataSync(),
        ),
      );
    await setupBackend({ backend: 'wasm' });
    const onWasm = run();
    await setupBackend({ backend: 'cpu' });
    expect(onWasm).toEqual(run());
    expect(onWasm).toEqual([3, 4, 0, 0, 6, 8]);
  });

  it('multiplies transposed operands on wasm exactly as on cpu (BatchMatMul, _FusedMatMul), freeing the copies', async () => {
    const rng = new Rng(5);
    const values = (n: number) => Array.from({ length: n }, () => Math.round(rng.next() * 16) / 8 - 1);
    const a = values(2 * 3 * 4);
    const b = values(2 * 4 * 5);
    const bias = values(5);
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor3d(a, [2, 3, 4]);
        const y = tf.tensor3d(b, [2, 4, 5]);
        const xT = x.transpose([0, 2, 1]);
        const yT = y.transpose([0, 2, 1]);
        const out: number[][] = [];
        for (const [ta, tb] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          out.push(Array.from(tf.matMul(ta ? xT : x, tb ? yT : y, ta, tb).dataSync()));
          // 2-D: stock wasm _FusedMatMul adds a bias wrongly to batched (3-D) products, which tfjs-layers never makes
          const x2 = x.reshape([6, 4]);
          const y2 = y.slice([0, 0, 0], [1, 4, 5]).reshape([4, 5]);
          const fa = ta ? x2.transpose() : x2;
          const fb = tb ? y2.transpose() : y2;
          const fused = tf.fused.matMul({ a: fa, b: fb, transposeA: ta, transposeB: tb, bias: tf.tensor1d(bias), activation: 'relu' });
          out.push(Array.from(fused.dataSync()));
        }
        return out;
      });
    await setupBackend({ backend: 'wasm' });
    const bytes = tf.memory().numBytes;
    const onWasm = run();
    expect(tf.memory().numBytes).toBe(bytes);
    expect(onWasm.map((o) => o.length)).toEqual([30, 30, 30, 30, 30, 30, 30, 30]);
    await setupBackend({ backend: 'cpu' });
    expect(onWasm).toEqual(run());
    // all four transpose combinations describe the same product
    for (const i of [2, 4, 6]) expect(onWasm[i]).toEqual(onWasm[0]);
    for (const i of [3, 5, 7]) expect(onWasm[i]).toEqual(onWasm[1]);
    expect(onWasm[1]?.some((v) => v > 0) && onWasm[1]?.some((v) => v === 0)).toBe(true);
  });

  it('registers the wasm kernels only once', async () => {
    await setupBackend({ backend: 'wasm' });
    expect(registerWasmKernels()).toEqual([]);
  });

  it('keeps the tensor count flat across wasm embedding gradients', async () => {
    await setupBackend({ backend: 'wasm' });
    embeddingGrad();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) embeddingGrad();
    expect(tf.memory().numTensors).toBe(before);
  });
});
