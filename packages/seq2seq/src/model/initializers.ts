import type { Rng } from '@rnn/core';

// Why these are not tfjs' `tf.initializers.glorotUniform / randomUniform / orthogonal({ seed })`, which compute
// the same distributions:
// - Every draw would change. tfjs seeds `seedrandom`'s alea per weight, we draw all weights in order from one
//   mulberry32 `Rng(seed)`. The translation demo's published output (the root README's transcript: test BLEU-4
//   0.0719 and its translations, reproduced exactly by every run) and every measured score in
//   apps/translation/README.md come from this draw; switching would change them, and re-measuring the 8-epoch
//   small config is hours of CPU.
// - tfjs' orthogonal runs `tf.linalg.qr` in float32 on the active backend (so the draw would differ between
//   wasm, cpu and webgl, breaking "same config, same weights" across backends), and warns
//   "Orthogonal initializer is being called on a matrix with more than 2000 elements" for every recurrent
//   kernel of 45 units or more. Ours is float64 Gram–Schmidt in JS: the same Q (QR with R's diagonal made
//   positive, which is what tfjs' sign correction does) on every backend, silently.
// - tfjs' glorotUniform of the 1-D `attention/v [units]` uses fan = √units; we use [units, 1] (fanIn = units,
//   fanOut = 1), so even that formula differs.

/** Glorot (Xavier) uniform values for a `[fanIn, fanOut]` matrix, drawn from `rng` (Keras' default kernel initializer). */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return uniform(rng, fanIn * fanOut, limit);
}

/** `n` values uniform in `[-limit, limit)`. */
export function uniform(rng: Rng, n: number, limit: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

/**
 * A `[units, blocks*units]` recurrent kernel whose `units × units` gate blocks are each orthogonal
 * (Keras' `orthogonal` recurrent initializer, applied per gate), via modified Gram–Schmidt.
 */
export function orthogonalBlocks(rng: Rng, units: number, blocks: number): Float32Array {
  const out = new Float32Array(units * blocks * units);
  for (let b = 0; b < blocks; b++) {
    const q: Float64Array[] = [];
    for (let i = 0; i < units; i++) {
      const v = new Float64Array(units);
      for (let k = 0; k < units; k++) v[k] = rng.normal();
      for (const p of q) {
        let d = 0;
        for (let k = 0; k < units; k++) d += (v[k] as number) * (p[k] as number);
        for (let k = 0; k < units; k++) v[k] = (v[k] as number) - d * (p[k] as number);
      }
      let n = 0;
      for (let k = 0; k < units; k++) n += (v[k] as number) ** 2;
      n = Math.sqrt(n) || 1;
      for (let k = 0; k < units; k++) v[k] = (v[k] as number) / n;
      q.push(v);
    }
    // column j of block b is q[j]
    for (let r = 0; r < units; r++) {
      for (let j = 0; j < units; j++) out[r * blocks * units + b * units + j] = (q[j] as Float64Array)[r] as number;
    }
  }
  return out;
}
