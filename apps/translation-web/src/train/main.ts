// The "train" page: drives the training worker, draws the loss curve, shows held-out perplexity against
// the trigram baseline and a sample per epoch, and saves/loads the model in IndexedDB. Sizes can be set
// with URL parameters (?units=64&seqLength=32&batchSize=16&maxChars=50000&maxSteps=0).
import { TRAIN_DEFAULTS, type TrainConfig, type TrainEvent, type TrainRequest } from './protocol.js';
import type { TrainWebHook } from './test-hook.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const stats = $('stats');
const canvas = $<HTMLCanvasElement>('curve');
const samples = $('samples');
const temperature = $<HTMLInputElement>('temperature');
const buttons = {
  start: $<HTMLButtonElement>('start'),
  stop: $<HTMLButtonElement>('stop'),
  save: $<HTMLButtonElement>('save'),
  load: $<HTMLButtonElement>('load'),
};

const params = new URLSearchParams(location.search);
const config: TrainConfig = { ...TRAIN_DEFAULTS };
for (const key of Object.keys(config) as (keyof TrainConfig)[]) {
  const v = params.get(key);
  if (v !== null && Number.isFinite(Number(v))) config[key] = Number(v);
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: TrainRequest) => worker.postMessage(m);
const losses: number[] = [];
const epochs: { epoch: number; perplexity: number; sample: string }[] = [];
let trigram = Number.NaN;
let running = false;
let lastStep = 0;
const pending = new Map<number, (v: unknown) => void>();
let nextId = 1;
/** A request that gets a reply, without its id (distributed over the union). */
type Question = TrainRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
const ask = <T>(m: Question): Promise<T> =>
  new Promise((ok) => {
    const id = nextId++;
    pending.set(id, ok as (v: unknown) => void);
    send({ ...m, id } as TrainRequest);
  });
const stepWaiters: { n: number; ok: () => void }[] = [];
const stopWaiters: (() => void)[] = [];
let ready!: () => void;
let failed!: (e: Error) => void;
const readyPromise = new Promise<void>((ok, fail) => {
  ready = ok;
  failed = fail;
});

function drawCurve(): void {
  const ctx = canvas.getContext('2d');
  if (!ctx || losses.length === 0) return;
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(...losses, Math.log(trigram) || 0);
  const y = (v: number) => h - 10 - (v / max) * (h - 20);
  if (Number.isFinite(trigram)) {
    ctx.strokeStyle = '#d08000';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(0, y(Math.log(trigram)));
    ctx.lineTo(w, y(Math.log(trigram)));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = '#1a5fb4';
  ctx.beginPath();
  losses.forEach((v, i) => {
    const x = (i / Math.max(1, losses.length - 1)) * w;
    if (i === 0) ctx.moveTo(x, y(v));
    else ctx.lineTo(x, y(v));
  });
  ctx.stroke();
}

let drawQueued = false;
worker.onmessage = (e: MessageEvent<TrainEvent>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      trigram = m.trigramPerplexity;
      status.textContent = `ready: ${m.chars} characters, ${m.vocabSize} symbols, ${m.params} parameters, backend ${m.backend}`;
      for (const b of Object.values(buttons)) b.disabled = false;
      buttons.stop.disabled = true;
      ready();
      return;
    case 'step':
      losses.push(m.loss);
      lastStep = m.step;
      stats.textContent = `step ${m.step} · epoch ${m.epoch + 1} · loss ${m.loss.toFixed(3)} nats/char · ${m.msPerStep.toFixed(0)} ms/step · trigram baseline perplexity ${trigram.toFixed(2)}${epochs.length ? ` · held-out perplexity ${epochs[epochs.length - 1]!.perplexity.toFixed(2)}` : ''}`;
      if (!drawQueued) {
        drawQueued = true;
        requestAnimationFrame(() => {
          drawQueued = false;
          drawCurve();
        });
      }
      for (let i = stepWaiters.length - 1; i >= 0; i--) {
        if (stepWaiters[i]!.n <= m.step) stepWaiters.splice(i, 1)[0]!.ok();
      }
      return;
    case 'epoch': {
      epochs.push(m);
      const div = document.createElement('div');
      div.textContent = `epoch ${m.epoch + 1} · held-out perplexity ${m.perplexity.toFixed(2)} (trigram ${trigram.toFixed(2)}) · T=${config.temperature}\n${m.sample}`;
      samples.prepend(div);
      return;
    }
    case 'stopped':
      running = false;
      buttons.start.disabled = false;
      buttons.stop.disabled = true;
      buttons.start.textContent = 'Resume';
      for (const s of stopWaiters.splice(0)) s();
      return;
    case 'reply':
      pending.get(m.id)?.(m.value);
      pending.delete(m.id);
      return;
    case 'error':
      status.textContent = m.message;
      status.className = 'error';
      console.error(`training worker: ${m.message}`);
      failed(new Error(m.message)); // before 'ready': the page never becomes ready
      return;
  }
};

function start(): void {
  if (running) return;
  running = true;
  buttons.start.disabled = true;
  buttons.stop.disabled = false;
  send({ type: 'start' });
}
function stop(): Promise<void> {
  if (!running) return Promise.resolve();
  const done = new Promise<void>((ok) => stopWaiters.push(ok));
  send({ type: 'stop' });
  return done;
}

buttons.start.onclick = start;
buttons.stop.onclick = () => void stop();
buttons.save.onclick = () => void ask<boolean>({ type: 'save', name: 'carroll' }).then(() => (status.textContent = 'saved to IndexedDB as "carroll"'));
buttons.load.onclick = () =>
  void stop()
    .then(() => ask<{ step: number }>({ type: 'load', name: 'carroll' }))
    .then((r) => (status.textContent = `loaded "carroll" (step ${r.step})`));
temperature.oninput = () => {
  const t = Number(temperature.value);
  if (t > 0) config.temperature = t;
};

send({ type: 'init', textUrl: new URL('./text/alice-in-wonderland.txt', location.href).href, config });

const hook: TrainWebHook = {
  ready: readyPromise,
  start,
  stop,
  waitForStep: (n) => (lastStep >= n ? Promise.resolve() : new Promise<void>((ok) => stepWaiters.push({ n, ok }))),
  losses: () => [...losses],
  epochs: () => [...epochs],
  sample: (seed, t, length) => ask<string>({ type: 'sample', seed, temperature: t, length }),
  save: (name) => ask<boolean>({ type: 'save', name }).then(() => undefined),
  load: (name) => ask<{ step: number }>({ type: 'load', name }).then(() => undefined),
  numTensors: () => ask<number>({ type: 'numTensors' }),
};
(window as unknown as { trainWeb: TrainWebHook }).trainWeb = hook;
