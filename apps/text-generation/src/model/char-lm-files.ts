// The files of a character model in a bundle folder (Node): `char-lm.json` (config) and `char-lm.bin`
// (float32 little endian, in CharLM.toFlat order). The model itself (char-lm.ts) does no IO, so a page can use it.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue, FileFormatError } from '@rnn/core';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from '@rnn/core/node';
import { CharLM, type CharLMConfig } from './char-lm.js';

const MODEL_FILE = 'char-lm.json';
const WEIGHTS_FILE = 'char-lm.bin';

function checkConfig(m: unknown, path: string): CharLMConfig {
  const config = m !== null && typeof m === 'object' ? (m as { config?: unknown }).config : undefined;
  if (config === null || typeof config !== 'object') {
    throw new FileFormatError(`Expected ${path} to hold an object with \`config\` (vocabSize, embeddingDim, units, seed), but got ${describeValue(m)}.`);
  }
  const c = config as Record<string, unknown>;
  for (const [key, min] of [
    ['vocabSize', 1],
    ['embeddingDim', 1],
    ['units', 1],
    ['seed', 0],
  ] as const) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new FileFormatError(`Expected \`config.${key}\` in ${path} to be an integer >= ${min}, but got ${describeValue(v)}.`);
    }
  }
  return { vocabSize: c.vocabSize as number, embeddingDim: c.embeddingDim as number, units: c.units as number, seed: c.seed as number };
}

/**
 * Write `char-lm.json` + `char-lm.bin` (float32 little endian) into `dir`.
 *
 * @example
 * ```ts
 * saveCharLM(model, 'runs/x/model');
 * ```
 */
export function saveCharLM(model: CharLM, dir: string): void {
  writeFileAtomic(join(dir, WEIGHTS_FILE), Buffer.from(model.toFlat().buffer));
  writeJsonAtomic(join(dir, MODEL_FILE), { config: model.config });
}

/**
 * Read a model written by {@link saveCharLM}.
 *
 * @throws FileFormatError naming the file when `char-lm.json` is not a model description (config sizes
 *   positive integers), or `char-lm.bin` is missing, not a file, or not exactly the config's float32 weights.
 * @example
 * ```ts
 * const model = loadCharLM('runs/x/model');
 * ```
 */
export function loadCharLM(dir: string): CharLM {
  const modelPath = join(dir, MODEL_FILE);
  const m = readJsonFile<{ config?: unknown }>(modelPath, 'character model');
  const config = checkConfig(m, modelPath);
  const weightsPath = join(dir, WEIGHTS_FILE);
  const need = CharLM.flatSize(config);
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(weightsPath);
  } catch {
    stat = undefined;
  }
  if (stat === undefined || !stat.isFile()) {
    throw new FileFormatError(
      `Expected the model weights file ${weightsPath} (${need} float32 weights, ${need * 4} bytes), but it ${stat === undefined ? 'does not exist' : 'is not a file'}.`,
    );
  }
  if (stat.size !== need * 4) {
    throw new FileFormatError(
      `Expected ${weightsPath} to hold ${need} float32 weights (${need * 4} bytes) for the model in ${MODEL_FILE}, but it has ${stat.size} bytes${stat.size % 4 === 0 ? '' : ' (not a whole number of float32 values: truncated?)'}.`,
    );
  }
  const buf = readFileSync(weightsPath);
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (floats.length !== need) throw new FileFormatError(`Expected ${need} float32 weights in ${weightsPath}, but got ${floats.length}.`);
  return CharLM.fromFlat(config, floats);
}
