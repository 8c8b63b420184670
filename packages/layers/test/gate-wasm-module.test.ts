// The committed gate module (src/ops/gate-wasm-module.ts) is exactly what scripts/gen-gate-wasm.mjs generates.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const committedPath = join(here, '..', 'src', 'ops', 'gate-wasm-module.ts');

/** The generator's exports (imported, it writes nothing). */
interface Generator {
  GATE_MODULE_SOURCE: string;
  GATE_MODULE_PATH: string;
}

describe('gate-wasm-module.ts', () => {
  it('is byte for byte what scripts/gen-gate-wasm.mjs generates', async () => {
    const url = pathToFileURL(join(here, '..', 'scripts', 'gen-gate-wasm.mjs')).href;
    const generator = (await import(url)) as Generator;
    expect(generator.GATE_MODULE_PATH).toBe(committedPath);
    const generated = Buffer.from(generator.GATE_MODULE_SOURCE, 'utf8');
    const committed = readFileSync(committedPath);
    expect(generated.length).toBe(committed.length);
    expect(generated.equals(committed)).toBe(true);
  });
});
