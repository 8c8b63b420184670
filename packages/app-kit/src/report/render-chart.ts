import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './sections.js';

/**
 * Compile a Vega-Lite spec and render it to an SVG string in Node: no browser, no network
 * (data must be inline). Uses vega's headless `renderer: 'none'` view.
 *
 * @example
 * ```ts
 * const svg = await renderChartSvg(lineChart({ title: 'Loss', x: 'step', y: 'loss', series }).spec);
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
