/** What {@link drawHeatmap} draws: one attention row per output step over the source positions. */
export interface HeatmapData {
  /** `[outputStep][sourcePosition]`, each row summing to 1. */
  attention: readonly (readonly number[])[];
  sourceTokens: readonly string[];
  targetTokens: readonly string[];
}

const CELL = 22;
const FONT = '12px system-ui, sans-serif';

/** Row label: the output token, `<eos>` for the step that ended the sentence. */
function rowLabel(targetTokens: readonly string[], i: number): string {
  return targetTokens[i] ?? '<eos>';
}

/**
 * Draw an attention heatmap on a canvas: output tokens down the left, source tokens across the top,
 * darker cells for more weight. Resizes the canvas to fit; an empty attention clears it.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, data: HeatmapData): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('The heatmap canvas has no 2d context.');
  const rows = data.attention.length;
  const cols = rows > 0 ? (data.attention[0]?.length ?? 0) : 0;
  ctx.font = FONT;
  const left = Math.ceil(Math.max(40, ...Array.from({ length: rows }, (_, i) => ctx.measureText(rowLabel(data.targetTokens, i)).width))) + 8;
  const top = Math.ceil(Math.max(40, ...data.sourceTokens.map((t) => ctx.measureText(t).width))) + 8;
  const ratio = globalThis.devicePixelRatio ?? 1;
  const width = left + cols * CELL + 4;
  const height = top + rows * CELL + 4;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  if (rows === 0 || cols === 0) return;
  ctx.font = FONT;
  ctx.fillStyle = '#222';
  ctx.textBaseline = 'middle';
  data.sourceTokens.slice(0, cols).forEach((tok, j) => {
    ctx.save();
    ctx.translate(left + j * CELL + CELL / 2, top - 6);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(tok, 0, 0);
    ctx.restore();
  });
  ctx.textAlign = 'right';
  data.attention.forEach((row, i) => {
    ctx.fillStyle = '#222';
    ctx.fillText(rowLabel(data.targetTokens, i), left - 6, top + i * CELL + CELL / 2);
    row.forEach((w, j) => {
      const v = Math.max(0, Math.min(1, w));
      // white (0) to deep blue (1)
      ctx.fillStyle = `rgb(${Math.round(255 - 225 * v)}, ${Math.round(255 - 170 * v)}, ${Math.round(255 - 75 * v)})`;
      ctx.fillRect(left + j * CELL, top + i * CELL, CELL - 1, CELL - 1);
    });
  });
}

/** How many canvas pixels are painted (alpha > 0): the test's evidence that the heatmap was drawn. */
export function paintedPixels(canvas: HTMLCanvasElement): number {
  const ctx = canvas.getContext('2d');
  if (ctx === null || canvas.width === 0 || canvas.height === 0) return 0;
  const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n++;
  return n;
}
