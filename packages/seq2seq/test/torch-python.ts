import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's python/ folder (rnn_ts_torch). */
export const PYTHON_DIR = new URL('../../../python', import.meta.url).pathname;
/** The interpreter with PyTorch: RNN_PYTHON or Debian's /usr/bin/python3. A missing torch fails the tests (never skips). */
export const PYTHON = process.env.RNN_PYTHON ?? '/usr/bin/python3';

/** Run `python -m rnn_ts_torch.<module> <args>` and parse its JSON stdout; throws with stderr on failure. */
export function runPythonJson<T>(module: string, args: string[], env: Record<string, string> = {}): T {
  const r = spawnSync(PYTHON, ['-m', `rnn_ts_torch.${module}`, ...args], {
    cwd: PYTHON_DIR,
    env: { ...process.env, PYTHONPATH: PYTHON_DIR, OMP_NUM_THREADS: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`python -m rnn_ts_torch.${module} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Write `request` as JSON into `dir` and run `rnn_ts_torch.cli <command>` on it. */
export function pythonCli<T>(dir: string, command: string, request: unknown): T {
  const path = join(dir, `${command}-request.json`);
  writeFileSync(path, JSON.stringify(request));
  return runPythonJson<T>('cli', [command, path]);
}
