import * as tf from '@tensorflow/tfjs';
import * as w from '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
console.log('simd', await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), 'threads', await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
for (const n of [128, 256, 512, 1024]) {
  const a = tf.randomNormal([n,n]), b = tf.randomNormal([n,n]);
  for (let i=0;i<3;i++) tf.matMul(a,b).dispose();
  const reps = n >= 1024 ? 3 : 20;
  let s = performance.now(); for (let i=0;i<reps;i++) { const c = tf.matMul(a,b); c.dataSync(); c.dispose(); } let dt=(performance.now()-s)/reps;
  console.log(n, 'ms', dt.toFixed(2), 'GFLOPS', (2*n**3/dt/1e6).toFixed(1));
}
