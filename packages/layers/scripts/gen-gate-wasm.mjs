// Generates src/ops/gate-wasm-module.ts: a tiny WebAssembly SIMD module with the element-wise GRU/LSTM gate
// loops of the wasm sequence kernels (see src/ops/wasm/). It imports tfjs-backend-wasm's own
// memory, so it works in place on tensors of the wasm heap.
//
// Why hand-assembled: JS loops over Float32Array views cost ~2–5 ns per element here (no vectorisation), as
// much as the ~15 separate XNNPACK kernels they replaced; 128-bit SIMD does 4 lanes per instruction. No
// toolchain is needed: this script writes the binary directly from a small expression language.
//
// Usage: node scripts/gen-gate-wasm.mjs   (rewrites src/ops/gate-wasm-module.ts)
// Imported, it writes nothing and exports the file's text (`GATE_MODULE_SOURCE`, checked by
// test/gate-wasm-module.test.ts against the committed file) and its path (`GATE_MODULE_PATH`).
//
// Every function has the signature (p0, p0Stride, p1, p1Stride, …, rows, n) — all i32; pointers and strides
// in bytes. For each of `rows` rows it runs a per-row prologue (scalar loads/stores at the row pointers) and
// then the element statements for j in [0, n) (4 lanes at a time, then a scalar tail), reading and writing
// p + 4j; then every pointer advances by its stride.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
function s32(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const f32c = (x) => [0x43, ...new Uint8Array(new Float32Array([x]).buffer)];
const str = (s) => [...u32(s.length), ...Buffer.from(s, 'utf8')];
const vec = (items) => [...u32(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...u32(bytes.length), ...bytes];
const simd = (op) => [0xfd, ...u32(op)];

const OPS = {
  // [scalar opcode bytes, vector opcode bytes]
  add: [[0x92], simd(0xe4)],
  sub: [[0x93], simd(0xe5)],
  mul: [[0x94], simd(0xe6)],
  max: [[0x97], simd(0xe9)],
  div: [[0x95], simd(0xe7)],
};
// Unary ops: [scalar opcode bytes, vector opcode bytes].
const UNARY = {
  sqrt: [[0x91], simd(0xe3)],
};

// Expression language: ['ld', p] element load, ['c', x] constant, ['rs', name] row scalar, ['v', name] element
// temporary, [op, a, b]. Statements: ['let', name, e], ['st', p, e]. Row prologue: ['rlet', name, e] with
// ['rld', p] (scalar load at the row pointer), ['rst', p, e].
function compile(def) {
  const params = [];
  for (const p of def.ptrs) params.push(p, `${p}Stride`);
  params.push('rows', 'n');
  const local = new Map(params.map((p, i) => [p, i]));
  const extra = [];
  const addLocal = (name, type) => {
    if (local.has(name)) throw new Error(`local ${name} declared twice`);
    local.set(name, params.length + extra.length);
    extra.push(type);
  };
  // Internal locals are named with a '#' so that they cannot shadow a pointer parameter.
  addLocal('#i', I32);
  addLocal('#nb', I32);
  addLocal('#nv', I32);
  addLocal('#r', I32);
  const rowNames = def.prologue.filter((s) => s[0] === 'rlet').map((s) => s[1]);
  for (const n of rowNames) {
    addLocal(`rs:${n}`, F32);
    addLocal(`rv:${n}`, V128);
  }
  const lets = [...new Set(def.body.filter((s) => s[0] === 'let').map((s) => s[1]))];
  for (const n of lets) {
    addLocal(`sv:${n}`, F32);
    addLocal(`vv:${n}`, V128);
  }
  const get = (name) => [0x20, ...u32(local.get(name))];
  const set = (name) => [0x21, ...u32(local.get(name))];
  const addr = (p) => [...get(p), ...get('#i'), 0x6a];
  const F32_LOAD = [0x2a, 2, 0];
  const F32_STORE = [0x38, 2, 0];
  const V_LOAD = [...simd(0x00), 2, 0];
  const V_STORE = [...simd(0x0b), 2, 0];

  function expr(e, vector) {
    switch (e[0]) {
      case 'ld':
        return [...addr(e[1]), ...(vector ? V_LOAD : F32_LOAD)];
      case 'rld':
        return [...get(e[1]), ...F32_LOAD];
      case 'c':
        return vector ? [...f32c(e[1]), ...simd(0x13)] : f32c(e[1]);
      case 'rs':
        return get(vector ? `rv:${e[1]}` : `rs:${e[1]}`);
      case 'v':
        return get(vector ? `vv:${e[1]}` : `sv:${e[1]}`);
      default: {
        const unary = UNARY[e[0]];
        if (unary) return [...expr(e[1], vector), ...unary[vector ? 1 : 0]];
        const op = OPS[e[0]];
        if (!op) throw new Error(`unknown op ${e[0]}`);
        return [...expr(e[1], vector), ...expr(e[2], vector), ...op[vector ? 1 : 0]];
      }
    }
  }
  function stmts(list, vector) {
    const out = [];
    for (const s of list) {
      if (s[0] === 'let') out.push(...expr(s[2], vector), ...set(vector ? `vv:${s[1]}` : `sv:${s[1]}`));
      else if (s[0] === 'st') out.push(...addr(s[1]), ...expr(s[2], vector), ...(vector ? V_STORE : F32_STORE));
      else throw new Error(`unknown statement ${s[0]}`);
    }
    return out;
  }
  const prologue = [];
  for (const s of def.prologue) {
    if (s[0] === 'rlet') {
      prologue.push(...expr(s[2], false), ...set(`rs:${s[1]}`), ...get(`rs:${s[1]}`), ...simd(0x13), ...set(`rv:${s[1]}`));
    } else if (s[0] === 'rst') {
      prologue.push(...get(s[1]), ...expr(s[2], false), ...F32_STORE);
    } else throw new Error(`unknown prologue statement ${s[0]}`);
  }
  // for (; i < end; i += step) { body }
  const loop = (end, step, body) => [
    0x02,
    0x40,
    0x03,
    0x40,
    ...get('#i'),
    ...get(end),
    0x4f,
    0x0d,
    1, // i >= end (unsigned) → exit
    ...body,
    ...get('#i'),
    0x41,
    ...s32(step),
    0x6a,
    ...set('#i'),
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
  const advance = def.ptrs.flatMap((p) => [...get(p), ...get(`${p}Stride`), 0x6a, ...set(p)]);
  const code = [
    ...get('n'),
    0x41,
    2,
    0x74,
    ...set('#nb'), // nb = n << 2
    ...get('n'),
    0x41,
    ...s32(-4),
    0x71,
    0x41,
    2,
    0x74,
    ...set('#nv'), // nv = (n & -4) << 2
    0x41,
    0,
    ...set('#r'),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get('#r'),
    ...get('rows'),
    0x4f,
    0x0d,
    1, // r >= rows → exit
    ...prologue,
    0x41,
    0,
    ...set('#i'),
    ...loop('#nv', 16, stmts(def.body, true)),
    ...loop('#nb', 4, stmts(def.body, false)),
    ...advance,
    ...get('#r'),
    0x41,
    1,
    0x6a,
    ...set('#r'),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b,
  ];
  // Locals, run-length grouped by type.
  const groups = [];
  for (const t of extra) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  const localDecl = vec(groups.map(([c, t]) => [...u32(c), t]));
  const fnBody = [...localDecl, ...code];
  return { name: def.name, nParams: params.length, params, body: [...u32(fnBody.length), ...fnBody] };
}

const c = (x) => ['c', x];
const ld = (p) => ['ld', p];
const v = (n) => ['v', n];
const rs = (n) => ['rs', n];
const add = (a, b) => ['add', a, b];
const sub = (a, b) => ['sub', a, b];
const mul = (a, b) => ['mul', a, b];
// Per-row mask prologue: m (the row's mask at this step), seen = max(seen, m) (written back), om = 1 − m.
const maskPrologue = [
  ['rlet', 'm', ['rld', 'mask']],
  ['rlet', 'sn', ['max', ['rld', 'seen'], rs('m')]],
  ['rst', 'seen', rs('sn')],
  ['rlet', 'om', sub(c(1), rs('m'))],
];

// Backward-step row prologue: m (the row's mask at this step) and sv (1 once the row has been seen, in processing order).
const backPrologue = [
  ['rlet', 'm', ['rld', 'mask']],
  ['rlet', 'sv', ['rld', 'seen']],
];
// First statements of a backward step: the total upstream gradient `name` = dh + dy·sv, and dhn = name ⊙ m, the part
// that flows through this step's cell.
const backHead = (name) => [
  ['let', name, add(ld('dh'), mul(ld('dy'), rs('sv')))],
  ['let', 'dhn', mul(v(name), rs('m'))],
];

const DEFS = [
  {
    // dst = (a + b + bias) ⊙ scale
    name: 'add3s',
    ptrs: ['dst', 'a', 'b', 'bias', 'scale'],
    prologue: [],
    body: [['st', 'dst', mul(add(add(ld('a'), ld('b')), ld('bias')), ld('scale'))]],
  },
  {
    // GRU candidate (resetAfter): rec = hh + bh; hr = rec; dst = 2·(x + bx + r ⊙ rec)
    name: 'gruCand',
    ptrs: ['dst', 'x', 'bx', 'r', 'hh', 'bh', 'hr'],
    prologue: [],
    body: [
      ['let', 'rec', add(ld('hh'), ld('bh'))],
      ['st', 'hr', v('rec')],
      ['st', 'dst', mul(c(2), add(add(ld('x'), ld('bx')), mul(ld('r'), v('rec'))))],
    ],
  },
  {
    // dst = a ⊙ b
    name: 'mul2',
    ptrs: ['dst', 'a', 'b'],
    prologue: [],
    body: [['st', 'dst', mul(ld('a'), ld('b'))]],
  },
  {
    // GRU state update: ĥ = 2s − 1; h' = ĥ + z ⊙ (h − ĥ); masked: m·h' + (1 − m)·h; out = seen · h; hc = ĥ
    name: 'gruOut',
    ptrs: ['h', 's', 'z', 'hc', 'out', 'mask', 'seen'],
    prologue: maskPrologue,
    body: [
      ['let', 'hcv', sub(mul(c(2), ld('s')), c(1))],
      ['let', 'hp', ld('h')],
      ['let', 'hn', add(v('hcv'), mul(ld('z'), sub(v('hp'), v('hcv'))))],
      ['let', 'hm', add(mul(v('hn'), rs('m')), mul(v('hp'), rs('om')))],
      ['st', 'h', v('hm')],
      ['st', 'out', mul(v('hm'), rs('sn'))],
      ['st', 'hc', v('hcv')],
    ],
  },
  {
    // LSTM cell: g = 2σ(2a) − 1 (written back over its sigmoid); c' = f ⊙ c + i ⊙ g; pc = 2c'
    name: 'lstmC',
    ptrs: ['gi', 'gf', 'gg', 'c', 'cn', 'pc'],
    prologue: [],
    body: [
      ['let', 'g', sub(mul(c(2), ld('gg')), c(1))],
      ['st', 'gg', v('g')],
      ['let', 'cv', add(mul(ld('gf'), ld('c')), mul(ld('gi'), v('g')))],
      ['st', 'cn', v('cv')],
      ['st', 'pc', mul(c(2), v('cv'))],
    ],
  },
  {
    // LSTM output: tc = 2σ(2c') − 1; h' = o ⊙ tc; masked blend of h and c; out = seen · h; tc saved
    name: 'lstmH',
    ptrs: ['h', 'c', 'cn', 'sc', 'go', 'tc', 'out', 'mask', 'seen'],
    prologue: maskPrologue,
    body: [
      ['let', 'tcv', sub(mul(c(2), ld('sc')), c(1))],
      ['let', 'hp', ld('h')],
      ['let', 'hm', add(mul(mul(ld('go'), v('tcv')), rs('m')), mul(v('hp'), rs('om')))],
      ['st', 'h', v('hm')],
      ['st', 'out', mul(v('hm'), rs('sn'))],
      ['st', 'c', add(mul(ld('cn'), rs('m')), mul(ld('c'), rs('om')))],
      ['st', 'tc', v('tcv')],
    ],
  },
  {
    // LSTM backward step (processing step k). sv = seen at k (output gradients of steps before a row's first real
    // step are dropped), m = mask at k. dh, dc hold the gradients w.r.t. the new states; dc is updated in place to the
    // gradient w.r.t. cPrev, dhPart receives the part of dhPrev that does not go through U.
    name: 'lstmBack',
    ptrs: ['dy', 'dh', 'dc', 'gi', 'gf', 'gg', 'go', 'tc', 'cp', 'dpi', 'dpf', 'dpg', 'dpo', 'dhPart', 'mask', 'seen'],
    prologue: backPrologue,
    body: [
      ...backHead('dht'),
      ['let', 'dcn', mul(ld('dc'), rs('m'))],
      ['let', 'o', ld('go')],
      ['let', 'tcv', ld('tc')],
      ['let', 'dct', add(v('dcn'), mul(mul(v('dhn'), v('o')), sub(c(1), mul(v('tcv'), v('tcv')))))],
      ['let', 'iv', ld('gi')],
      ['let', 'fv', ld('gf')],
      ['let', 'gv', ld('gg')],
      ['st', 'dpi', mul(mul(v('dct'), v('gv')), mul(v('iv'), sub(c(1), v('iv'))))],
      ['st', 'dpf', mul(mul(v('dct'), ld('cp')), mul(v('fv'), sub(c(1), v('fv'))))],
      ['st', 'dpg', mul(mul(v('dct'), v('iv')), sub(c(1), mul(v('gv'), v('gv'))))],
      ['st', 'dpo', mul(mul(v('dhn'), v('tcv')), mul(v('o'), sub(c(1), v('o'))))],
      ['st', 'dc', add(mul(v('dct'), v('fv')), sub(ld('dc'), v('dcn')))],
      ['st', 'dhPart', sub(v('dht'), v('dhn'))],
    ],
  },
  {
    // GRU (resetAfter) backward step: writes d(x·W) pre-activations (dxz|dxr|dxh, by input time), d(h·U + b')
    // (dhz|dhr|dhh, by processing step) and dhPart = dhn ⊙ z + (dTot − dhn), the part of dhPrev not through U.
    name: 'gruBack',
    ptrs: ['dy', 'dh', 'z', 'r', 'hc', 'hp', 'hr', 'dxz', 'dxr', 'dxh', 'dhz', 'dhr', 'dhh', 'dhPart', 'mask', 'seen'],
    prologue: backPrologue,
    body: [
      ...backHead('dt'),
      ['let', 'zv', ld('z')],
      ['let', 'rv', ld('r')],
      ['let', 'hcv', ld('hc')],
      ['let', 'dz', mul(v('dhn'), sub(ld('hp'), v('hcv')))],
      ['let', 'dhcPre', mul(sub(v('dhn'), mul(v('dhn'), v('zv'))), sub(c(1), mul(v('hcv'), v('hcv'))))],
      ['let', 'dzPre', mul(v('dz'), mul(v('zv'), sub(c(1), v('zv'))))],
      ['let', 'drPre', mul(mul(v('dhcPre'), ld('hr')), mul(v('rv'), sub(c(1), v('rv'))))],
      ['st', 'dxz', v('dzPre')],
      ['st', 'dxr', v('drPre')],
      ['st', 'dxh', v('dhcPre')],
      ['st', 'dhz', v('dzPre')],
      ['st', 'dhr', v('drPre')],
      ['st', 'dhh', mul(v('dhcPre'), v('rv'))],
      ['st', 'dhPart', add(mul(v('dhn'), v('zv')), sub(v('dt'), v('dhn')))],
    ],
  },
  {
    // GRU (resetAfter false) backward, first half: dzPre (to dxz and dhz), dĥ pre-activation (to dxh and dhc, the
    // operand of the ·Uhᵀ product), and dhPart = dhn ⊙ z + (dTot − dhn).
    name: 'gruBackA',
    ptrs: ['dy', 'dh', 'z', 'hc', 'hp', 'dxz', 'dhz', 'dxh', 'dhc', 'dhPart', 'mask', 'seen'],
    prologue: backPrologue,
    body: [
      ...backHead('dt'),
      ['let', 'zv', ld('z')],
      ['let', 'hcv', ld('hc')],
      ['let', 'dzPre', mul(mul(v('dhn'), sub(ld('hp'), v('hcv'))), mul(v('zv'), sub(c(1), v('zv'))))],
      ['let', 'dhcPre', mul(sub(v('dhn'), mul(v('dhn'), v('zv'))), sub(c(1), mul(v('hcv'), v('hcv'))))],
      ['st', 'dxz', v('dzPre')],
      ['st', 'dhz', v('dzPre')],
      ['st', 'dxh', v('dhcPre')],
      ['st', 'dhc', v('dhcPre')],
      ['st', 'dhPart', add(mul(v('dhn'), v('zv')), sub(v('dt'), v('dhn')))],
    ],
  },
  {
    // GRU (resetAfter false) backward, second half, with drh = dĥpre·Uhᵀ: drPre = drh ⊙ hPrev ⊙ r(1 − r) (to dxr and
    // dhr), dhPart += drh ⊙ r.
    name: 'gruBackB',
    ptrs: ['drh', 'hp', 'r', 'dxr', 'dhr', 'dhPart'],
    prologue: [],
    body: [
      ['let', 'd', ld('drh')],
      ['let', 'rv', ld('r')],
      ['let', 'drPre', mul(mul(v('d'), ld('hp')), mul(v('rv'), sub(c(1), v('rv'))))],
      ['st', 'dxr', v('drPre')],
      ['st', 'dhr', v('drPre')],
      ['st', 'dhPart', add(ld('dhPart'), mul(v('d'), v('rv')))],
    ],
  },
];

DEFS.push({
  // One Adam step (tfjs' AdamOptimizer arithmetic, fused): m' = β₁m + (1−β₁)g, v' = β₂v + (1−β₂)g²,
  // w' = w − (m'·lr/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε). The seven scalars are read once per row from their pointers.
  name: 'adam',
  ptrs: ['wOut', 'mOut', 'vOut', 'w', 'g', 'm', 'v', 'b1', 'c1', 'b2', 'c2', 'stepScale', 'vScale', 'eps'],
  prologue: ['b1', 'c1', 'b2', 'c2', 'stepScale', 'vScale', 'eps'].map((k) => ['rlet', k, ['rld', k]]),
  body: [
    ['let', 'gi', ld('g')],
    ['let', 'mi', add(mul(ld('m'), rs('b1')), mul(v('gi'), rs('c1')))],
    ['let', 'vi', add(mul(ld('v'), rs('b2')), mul(mul(v('gi'), v('gi')), rs('c2')))],
    ['st', 'mOut', v('mi')],
    ['st', 'vOut', v('vi')],
    ['st', 'wOut', sub(ld('w'), ['div', mul(v('mi'), rs('stepScale')), add(['sqrt', mul(v('vi'), rs('vScale'))], rs('eps'))])],
  ],
});

// Three modules, each under the browsers' 4 KB synchronous-compile limit: the forward loops, the BPTT loops and
// the optimizer's update.
const BACKWARD = new Set(['lstmBack', 'gruBack', 'gruBackA', 'gruBackB']);
const OPTIMIZER = new Set(['adam']);

const fns = DEFS.map(compile);
function assemble(list) {
  const sigs = [...new Set(list.map((f) => f.nParams))];
  const typeSec = vec(sigs.map((n) => [0x60, ...vec(Array.from({ length: n }, () => [I32])), 0]));
  const importSec = vec([[...str('env'), ...str('memory'), 0x02, 0x00, ...u32(0)]]); // memory, min 0 pages, no max
  const funcSec = vec(list.map((f) => u32(sigs.indexOf(f.nParams))));
  const exportSec = vec(list.map((f, i) => [...str(f.name), 0x00, ...u32(i)]));
  const codeSec = vec(list.map((f) => f.body));
  const bytes = Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, typeSec),
    ...section(2, importSec),
    ...section(3, funcSec),
    ...section(7, exportSec),
    ...section(10, codeSec),
  ]);
  if (!WebAssembly.validate(bytes)) throw new Error('generated module does not validate');
  // Browsers refuse synchronous compilation (`new WebAssembly.Module`) of modules over 4 KB on the main thread.
  if (bytes.length > 4096) throw new Error(`generated module is ${bytes.length} bytes, over the 4 KB synchronous-compile limit`);
  return bytes;
}
const forward = fns.filter((f) => !BACKWARD.has(f.name) && !OPTIMIZER.has(f.name));
const backward = fns.filter((f) => BACKWARD.has(f.name));
const optimizer = fns.filter((f) => OPTIMIZER.has(f.name));
const modules = [
  ['GATE_WASM_BASE64', 'element-wise gate loops of the wasm sequence kernels', forward, assemble(forward)],
  ['GATE_GRAD_WASM_BASE64', 'element-wise BPTT loops of the wasm sequence-gradient kernels', backward, assemble(backward)],
  ['OPTIMIZER_WASM_BASE64', 'fused Adam update of FusedAdamOptimizer', optimizer, assemble(optimizer)],
];

const here = dirname(fileURLToPath(import.meta.url));
const doc = ([name, what, list, bytes]) => `/**
 * A WebAssembly SIMD module (${bytes.length} bytes) with the ${what}. It imports \`env.memory\` (tfjs-backend-wasm's
 * heap). Exports, all arguments i32, pointers and strides in bytes:
${list.map((f) => ` * - \`${f.name}(${f.params.join(', ')})\``).join('\n')}
 *
 * @example
 * \`\`\`ts
 * const mod = new WebAssembly.Module(Uint8Array.from(atob(${name}), (c) => c.charCodeAt(0)));
 * \`\`\`
 */
export const ${name} = '${Buffer.from(bytes).toString('base64')}';
`;
/** The text of src/ops/gate-wasm-module.ts. */
export const GATE_MODULE_SOURCE = `// Generated by scripts/gen-gate-wasm.mjs — do not edit by hand (change the generator and run it again).

${modules.map(doc).join('\n')}`;
/** Where the generated file lives. */
export const GATE_MODULE_PATH = join(here, '..', 'src', 'ops', 'gate-wasm-module.ts');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(GATE_MODULE_PATH, GATE_MODULE_SOURCE);
  console.log(modules.map(([name, , list, bytes]) => `${name}: ${bytes.length} bytes (${list.map((f) => f.name).join(', ')})`).join('\n'));
}
