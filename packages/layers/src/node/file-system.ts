import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describeValue, FileFormatError, ValueError } from '@rnn/core';
import { recoverDirAtomic, writeDirAtomic } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';

/**
 * Options of {@link fileSystem}.
 *
 * @example
 * ```ts
 * await model.save(fileSystem('runs/x', { weightsFileName: 'group1-shard1of1.bin' }));
 * ```
 */
export interface FileSystemArgs {
  /** Name of the topology + manifest file inside the folder. Default: `'model.json'`. */
  modelFileName?: string;
  /** Name of the single weights file written on save. Default: `'weights.bin'`. */
  weightsFileName?: string;
}

/**
 * Defaults of {@link FileSystemArgs}.
 *
 * @example
 * ```ts
 * FILE_SYSTEM_DEFAULTS.modelFileName; // 'model.json'
 * ```
 */
export const FILE_SYSTEM_DEFAULTS = {
  modelFileName: 'model.json',
  weightsFileName: 'weights.bin',
} as const;

/** Bytes per element of each weight dtype a tfjs weights manifest can hold (after de-quantization: the stored dtype). */
const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/**
 * Bytes a manifest entry occupies in the weights file, or `null` when it cannot be known from the
 * manifest alone (string tensors carry their lengths inside the data).
 */
function entryBytes(spec: tf.io.WeightsManifestEntry): number | null {
  const storedDtype = spec.quantization?.dtype ?? spec.dtype;
  const per = BYTES_PER_ELEMENT[storedDtype];
  if (per === undefined) return null;
  return spec.shape.reduce((a, b) => a * b, 1) * per;
}

function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  for (const b of buffers) {
    if (!(b instanceof ArrayBuffer)) {
      throw new ValueError(`Expected \`weightData\` to be an ArrayBuffer or an array of them, but got ${describeValue(b)}.`);
    }
  }
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(buffers));
}

const DTYPES: readonly string[] = ['float32', 'int32', 'bool', 'complex64', 'string'];
const QUANTIZED_DTYPES: readonly string[] = ['uint8', 'uint16', 'float16'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Check the top-level shape of a parsed `model.json`: an object with a JSON `modelTopology` and a `weightsManifest`. */
function checkModelJson(parsed: unknown, modelPath: string): tf.io.ModelJSON {
  if (!isObject(parsed)) {
    throw new FileFormatError(`Expected ${modelPath} to hold a JSON object, but got ${describeValue(parsed)}.`);
  }
  if (!isObject(parsed.modelTopology)) {
    throw new FileFormatError(
      `Expected ${modelPath} to hold a \`modelTopology\` object, but ${parsed.modelTopology === undefined ? 'it has none' : `got ${describeValue(parsed.modelTopology)}`}.`,
    );
  }
  if (parsed.format !== undefined && parsed.format !== null && typeof parsed.format !== 'string') {
    throw new FileFormatError(`Expected \`format\` in ${modelPath} to be a string, but got ${describeValue(parsed.format)}.`);
  }
  if (parsed.weightsManifest === undefined || parsed.weightsManifest === null) {
    throw new FileFormatError(
      `Expected ${modelPath} to hold a \`weightsManifest\` (the list of weight files and entries), but it has none; loading it would give the model fresh random weights.`,
    );
  }
  return parsed as unknown as tf.io.ModelJSON;
}

/**
 * Check a `weightsManifest`: an array of groups `{ paths: string[], weights: entry[] }`, each entry
 * with a unique `name`, a `shape` of non-negative integers and a known `dtype` (and quantization dtype).
 */
function checkManifest(manifest: unknown, modelPath: string): tf.io.WeightsManifestConfig {
  if (!Array.isArray(manifest)) {
    throw new FileFormatError(`Expected \`weightsManifest\` in ${modelPath} to be an array, but got ${describeValue(manifest)}.`);
  }
  const names = new Set<string>();
  for (const [g, group] of manifest.entries()) {
    const field = `weightsManifest[${g}]`;
    if (!isObject(group)) {
      throw new FileFormatError(`Expected \`${field}\` in ${modelPath} to be an object { paths, weights }, but got ${describeValue(group)}.`);
    }
    const { paths, weights } = group;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string' || p === '')) {
      throw new FileFormatError(`Expected \`${field}.paths\` in ${modelPath} to be an array of file names, but got ${describeValue(paths)}.`);
    }
    if (!Array.isArray(weights)) {
      throw new FileFormatError(`Expected \`${field}.weights\` in ${modelPath} to be an array of weight entries, but got ${describeValue(weights)}.`);
    }
    if (weights.length > 0 && paths.length === 0) {
      throw new FileFormatError(`Expected \`${field}.paths\` in ${modelPath} to name the file(s) holding its ${weights.length} weights, but it is empty.`);
    }
    for (const [w, entry] of weights.entries()) {
      const at = `${field}.weights[${w}]`;
      if (!isObject(entry)) {
        throw new FileFormatError(`Expected \`${at}\` in ${modelPath} to be an object { name, shape, dtype }, but got ${describeValue(entry)}.`);
      }
      if (typeof entry.name !== 'string' || entry.name === '') {
        throw new FileFormatError(`Expected \`${at}.name\` in ${modelPath} to be a non-empty string, but got ${describeValue(entry.name)}.`);
      }
      if (names.has(entry.name)) {
        throw new FileFormatError(
          `Expected each weight name in \`weightsManifest\` of ${modelPath} to be unique, but ${describeValue(entry.name)} appears twice.`,
        );
      }
      names.add(entry.name);
      const shape = entry.shape;
      if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) {
        throw new FileFormatError(
          `Expected \`${at}.shape\` (${entry.name}) in ${modelPath} to be an array of non-negative integers, but got ${describeValue(shape)}.`,
        );
      }
      if (typeof entry.dtype !== 'string' || !DTYPES.includes(entry.dtype)) {
        throw new FileFormatError(
          `Expected \`${at}.dtype\` (${entry.name}) in ${modelPath} to be one of ${describeValue(DTYPES)}, but got ${describeValue(entry.dtype)}.`,
        );
      }
      const q = entry.quantization;
      if (q !== undefined && (!isObject(q) || typeof q.dtype !== 'string' || !QUANTIZED_DTYPES.includes(q.dtype))) {
        throw new FileFormatError(
          `Expected \`${at}.quantization\` (${entry.name}) in ${modelPath} to be an object whose dtype is one of ${describeValue(QUANTIZED_DTYPES)}, but got ${describeValue(q)}.`,
        );
      }
    }
  }
  return manifest as tf.io.WeightsManifestConfig;
}

/**
 * A tfjs IO handler that reads and writes a model folder on the local file system.
 *
 * @example
 * ```ts
 * const handler: FileSystemHandler = fileSystem('runs/x');
 * handler.dir; // absolute path of runs/x
 * ```
 */
export interface FileSystemHandler extends tf.io.IOHandler {
  save: (modelArtifacts: tf.io.ModelArtifacts) => Promise<tf.io.SaveResult>;
  load: () => Promise<tf.io.ModelArtifacts>;
  /** The absolute folder this handler reads and writes. */
  readonly dir: string;
}

/**
 * A TensorFlow.js IO handler for Node's file system (pure `@tensorflow/tfjs` ships none: `file://`
 * needs tfjs-node). Saves the standard tfjs layers format, `model.json` (topology + weights
 * manifest) and `weights.bin` (all weights, little-endian, manifest order), and loads it back —
 * also folders written by the tensorflowjs converter, whose manifest may list several shard files.
 *
 * Saving is atomic: both files are written into a temporary sibling folder that is renamed over
 * `dir` only when complete, so a failure midway (full disk, a crash) leaves the previous model, or
 * nothing, never a half-written one. Because the folder is replaced as a whole, saving refuses a
 * folder that holds anything other than the model's own files.
 *
 * @param dir - the model folder (created on save). A path ending in `.json` is taken as the model
 *   file itself (its folder is `dir`, its name `modelFileName`), as `loadKerasModel` accepts.
 * @param args - file names, see {@link FileSystemArgs}.
 * @returns a handler for `model.save(handler)` and `tf.loadLayersModel(handler)`.
 * @throws FileFormatError on load when the folder, `model.json` or a weights file is missing,
 *   `model.json` is not valid JSON, lacks `modelTopology` or `weightsManifest` (tfjs would otherwise
 *   build the model with random weights), has a malformed manifest (paths outside the folder, an entry
 *   without a name, a non-integer shape, an unknown dtype, a duplicate name), or a weights file's size
 *   differs from what the manifest declares (the message names the path, expected and actual bytes).
 *   A folder left missing by a save killed mid-swap is first recovered (@rnn/core `recoverDirAtomic`).
 * @throws ValueError on save when `dir` holds files other than the model's.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fileSystem } from '@rnn/layers/node';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * await model.save(fileSystem('runs/dense'));          // runs/dense/model.json + weights.bin
 * const back = await tf.loadLayersModel(fileSystem('runs/dense'));
 * back.predict(tf.ones([1, 3]));                        // shape [1, 2], same numbers as model
 * ```
 */
export function fileSystem(dir: string, args: FileSystemArgs = {}): FileSystemHandler {
  if (typeof dir !== 'string' || dir === '') {
    throw new ValueError(`Expected \`dir\` to be a non-empty path, but got ${describeValue(dir)}.`);
  }
  let folder = resolve(dir);
  let modelFileName = args.modelFileName ?? FILE_SYSTEM_DEFAULTS.modelFileName;
  if (folder.endsWith('.json') && args.modelFileName === undefined) {
    modelFileName = basename(folder);
    folder = dirname(folder);
  }
  const weightsFileName = args.weightsFileName ?? FILE_SYSTEM_DEFAULTS.weightsFileName;
  const modelPath = join(folder, modelFileName);

  async function save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new ValueError(`Expected \`modelTopology\` to be a JSON object, but got a binary topology (a GraphDef); ${modelPath} stores layers models only.`);
    }
    if (existsSync(folder)) {
      if (!statSync(folder).isDirectory()) {
        throw new ValueError(`Expected \`dir\` to be a folder, but ${folder} is a file.`);
      }
      const foreign = readdirSync(folder).filter((f) => f !== modelFileName && f !== weightsFileName);
      if (foreign.length > 0) {
        throw new ValueError(
          `Expected \`dir\` ${folder} to be empty or hold only ${modelFileName} and ${weightsFileName} (saving replaces the folder as a whole), but it also holds ${describeValue(foreign)}.`,
        );
      }
    }
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [`./${weightsFileName}`], weights: artifacts.weightSpecs ?? [] }],
    };
    if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
    if (artifacts.signature != null) modelJson.signature = artifacts.signature;
    if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
    if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
    const json = JSON.stringify(modelJson);
    let weightBytes = 0;
    await writeDirAtomic(folder, (tmp) => {
      writeFileSync(join(tmp, modelFileName), json);
      const bytes = toBytes(artifacts.weightData);
      weightBytes = bytes.byteLength;
      writeFileSync(join(tmp, weightsFileName), bytes);
    });
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: Buffer.byteLength(JSON.stringify(modelJson.modelTopology), 'utf8'),
        weightSpecsBytes: Buffer.byteLength(JSON.stringify(modelJson.weightsManifest), 'utf8'),
        weightDataBytes: weightBytes,
      },
    };
  }

  async function load(): Promise<tf.io.ModelArtifacts> {
    recoverDirAtomic(folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new FileFormatError(`Expected a model folder at ${folder}, but it does not exist.`);
    }
    if (!existsSync(modelPath)) {
      throw new FileFormatError(`Expected ${modelFileName} in ${folder}, but ${modelPath} does not exist.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(modelPath, 'utf8'));
    } catch (err) {
      throw new FileFormatError(`Expected ${modelPath} to be JSON, but parsing failed: ${(err as Error).message}`);
    }
    const modelJson = checkModelJson(parsed, modelPath);
    const groups = checkManifest(modelJson.weightsManifest, modelPath);
    return tf.io.getModelArtifactsForJSON(modelJson, async () => {
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const [g, group] of groups.entries()) {
        let expected: number | null = 0;
        for (const spec of group.weights) {
          specs.push(spec);
          const n = entryBytes(spec);
          expected = expected === null || n === null ? null : expected + n;
        }
        let actual = 0;
        const paths: string[] = [];
        for (const p of group.paths) {
          const path = resolve(folder, p);
          const rel = relative(folder, path);
          if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
            throw new FileFormatError(`Expected \`weightsManifest[${g}].paths\` in ${modelPath} to name files inside ${folder}, but got ${describeValue(p)}.`);
          }
          paths.push(path);
          if (!existsSync(path) || !statSync(path).isFile()) {
            throw new FileFormatError(`Expected the weights file ${path} listed in ${modelPath}, but it does not exist.`);
          }
          const buf = readFileSync(path);
          actual += buf.byteLength;
          buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
        }
        if (expected !== null && expected !== actual) {
          throw new FileFormatError(
            `Expected ${paths.join(' + ')} to hold ${expected} bytes (the weights \`weightsManifest[${g}].weights\` of ${modelPath} declares), but found ${actual} bytes${actual > expected ? ' (extra bytes after the last weight)' : ' (truncated)'}.`,
          );
        }
      }
      return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
    });
  }

  return { save, load, dir: folder };
}
