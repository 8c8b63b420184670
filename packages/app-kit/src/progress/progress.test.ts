import { MemoryStream } from '../testing/memory-stream.js';
import { createProgress } from './progress.js';

describe('createProgress', () => {
  it('writes plain lines when the stream is not a TTY, at most every intervalMs, plus the last step', () => {
    const stream = new MemoryStream();
    let t = 0;
    const p = createProgress({ total: 10, label: 'train', stream, intervalMs: 5000, now: () => t });
    for (let step = 1; step <= 10; step++) {
      t = step * 1000;
      p.update(step, { epoch: step <= 5 ? 1 : 2, epochs: 2, loss: 1 / step, tokens: step * 500 });
    }
    p.stop();
    expect(stream.text.split('\n')).toEqual([
      'train: step 1/10 (10%) | epoch 1/2 | loss 1.0000 | 500 tok/s | ETA 9s',
      'train: step 6/10 (60%) | epoch 2/2 | loss 0.1667 | 500 tok/s | ETA 4s',
      'train: step 10/10 (100%) | epoch 2/2 | loss 0.1000 | 500 tok/s | ETA 0s',
      '',
    ]);
  });

  it('prints the final state on stop() when the last update was throttled, and shows - for unknown fields', () => {
    const stream = new MemoryStream();
    let t = 0;
    const p = createProgress({ total: 100, stream, now: () => t });
    p.update(1);
    t = 1000;
    p.update(2);
    p.stop();
    p.stop();
    expect(stream.text).toBe(
      'progress: step 1/100 (1%) | epoch - | loss - | - tok/s | ETA ?\nprogress: step 2/100 (2%) | epoch - | loss - | - tok/s | ETA 49s\n',
    );
  });

  it('draws a cli-progress bar on a TTY', () => {
    const stream = Object.assign(new MemoryStream(), {
      isTTY: true,
      columns: 200,
      cursorTo() {
        return true;
      },
      clearLine() {
        return true;
      },
      moveCursor() {
        return true;
      },
    });
    const p = createProgress({ total: 4, label: 'fit', stream });
    p.update(2, { epoch: 1, epochs: 3, loss: 0.25, tokens: 10 });
    p.stop();
    expect(stream.text).toMatch(/fit \[[█░]+\] 50% \| step 2\/4 \| epoch 1\/3 \| loss 0\.2500 \|/);
  });

  it('rejects a non-integer total and unknown options', () => {
    expect(() => createProgress({ total: 2.5 })).toThrow(/Expected `total` to be an integer >= 1, but got 2\.5\./);
    expect(() => createProgress({ total: 2, lable: 'x' } as never)).toThrow(/Unknown option `lable` in createProgress options/);
  });
});
