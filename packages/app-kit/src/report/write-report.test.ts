import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barChart, heatmap, lineChart } from './charts.js';
import { renderChartSvg } from './render-chart.js';
import { renderReport, writeReport } from './write-report.js';

const loss = lineChart({
  title: 'Training loss per step',
  x: 'step',
  y: 'loss',
  series: [
    { name: 'train', points: Array.from({ length: 40 }, (_, i) => [i + 1, 3 * Math.exp(-i / 12) + 0.4] as const) },
    {
      name: 'validation',
      points: [
        [10, 1.9],
        [20, 1.2],
        [30, 0.95],
        [40, 0.9],
      ],
    },
  ],
});
const bars = barChart({
  title: 'Held-out perplexity',
  x: 'model',
  y: 'perplexity',
  bars: [
    { label: 'unigram', value: 27.31, group: 'baseline' },
    { label: 'trigram', value: 8.12, group: 'baseline' },
    { label: 'GRU', value: 5.47, group: 'model' },
  ],
});
const attention = heatmap({
  title: 'Attention weights',
  x: 'source',
  y: 'output',
  xLabels: ['le', 'chat', 'le', '<eos>'],
  yLabels: ['the', 'cat', '<eos>'],
  values: [
    [0.8, 0.1, 0.05, 0.05],
    [0.1, 0.85, 0.03, 0.02],
    [0.05, 0.05, 0.1, 0.8],
  ],
});

describe('chart helpers', () => {
  it('render to SVG that contains the title and the data labels', async () => {
    const svg = await renderChartSvg(bars.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Held-out perplexity');
    for (const label of ['unigram', 'trigram', 'GRU', '27.31', '5.47']) expect(svg).toContain(label);
  });

  it('keep repeated heatmap labels as separate columns', async () => {
    const svg = await renderChartSvg(attention.spec);
    expect(svg.match(/>le</g)?.length).toBe(2);
    expect(svg).toContain('&lt;eos&gt;');
  });

  it('reject a heatmap whose values do not match the labels', () => {
    expect(() => heatmap({ title: 't', x: 'x', y: 'y', xLabels: ['a', 'b'], yLabels: ['c'], values: [[1]] })).toThrow(
      /Expected heatmap `values` of shape \[1, 2\] \(yLabels × xLabels\), but got rows of lengths \[1\]\./,
    );
    expect(() => lineChart({ title: '', x: 'x', y: 'y', series: [] })).toThrow(/Expected chart `title` to be a non-empty string, but got ""\./);
  });

  it('label a short epoch axis with each whole number once (no "1 2 2 3 3")', async () => {
    const chart = lineChart({
      title: 'Per epoch',
      x: 'epoch',
      y: 'loss',
      series: [
        {
          name: 'val',
          points: [
            [1, 2.1],
            [2, 1.8],
            [3, 1.7],
          ],
        },
      ],
    });
    const svg = await renderChartSvg(chart.spec);
    const ticks = [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);
    expect(ticks.filter((t) => ['1', '2', '3'].includes(t as string))).toEqual(['1', '2', '3']);
  });

  it('draw bars that share a label side by side by group, and reject two bars with the same label and group', async () => {
    const chart = barChart({
      title: 'F1 per tag',
      x: 'tag',
      y: 'F1',
      valueLabels: false,
      colors: ['#999999', '#3366cc'],
      bars: [
        { label: 'NN', value: 0.8, group: 'baseline' },
        { label: 'NN', value: 0.95, group: 'BiGRU' },
        { label: 'VB', value: 0.6, group: 'baseline' },
        { label: 'VB', value: 0.9, group: 'BiGRU' },
        { label: 'JJ', value: Number.NaN, group: 'BiGRU' },
      ],
    });
    const svg = await renderChartSvg(chart.spec);
    const bars = [...svg.matchAll(/aria-roledescription="bar" d="M([\d.]+),/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(4); // the NaN bar is left out
    expect(new Set(bars).size).toBe(4);
    expect(svg).toContain('fill="#999999"');
    expect(svg).not.toMatch(/>0\.95</);
    expect(() =>
      barChart({
        title: 'F1',
        x: 'tag',
        y: 'F1',
        bars: [
          { label: 'NN', value: 1 },
          { label: 'NN', value: 2 },
        ],
      }),
    ).toThrow(/Expected bars that share a label to have distinct groups .* label "NN" and group undefined\./);
  });

  it('drop non-finite points from line charts', () => {
    const c = lineChart({
      title: 'L',
      x: 'x',
      y: 'y',
      series: [
        {
          name: 's',
          points: [
            [1, 1],
            [2, Number.NaN],
            [3, Number.POSITIVE_INFINITY],
          ],
        },
      ],
    });
    expect((c.spec.data as { values: unknown[] }).values).toEqual([{ x: 1, y: 1, series: 's' }]);
  });
});

describe('writeReport', () => {
  it('writes a self-contained HTML page with one inline <svg> per chart and the chart titles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-kit-report-'));
    try {
      const path = join(dir, 'sub', 'report.html');
      await writeReport(path, {
        title: 'demo <run>',
        subtitle: 'small config, seed 42',
        sections: [
          loss,
          bars,
          attention,
          {
            kind: 'table',
            title: 'Metrics',
            columns: ['metric', 'value'],
            rows: [
              ['perplexity', 5.4712345678],
              ['accuracy', 0.5],
            ],
          },
          { kind: 'text', title: 'Notes', text: 'First paragraph.\n\nSecond & last.' },
          { kind: 'pre', title: 'Sample', text: 'Alice was <beginning>\n  to get very tired' },
        ],
      });
      const html = readFileSync(path, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html.match(/<svg/g)?.length).toBe(3);
      for (const title of ['Training loss per step', 'Held-out perplexity', 'Attention weights']) expect(html).toContain(title);
      expect(html).toContain('<title>demo &lt;run&gt;</title>');
      expect(html).toContain('<td class="num">5.47123</td>');
      expect(html).toContain('<p>Second &amp; last.</p>');
      expect(html).toContain('<pre>Alice was &lt;beginning&gt;\n  to get very tired</pre>');
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders an empty report', async () => {
    const html = await renderReport({ title: 'empty', sections: [] });
    expect(html).toContain('<h1>empty</h1>');
    expect(html).not.toContain('<svg');
  });
});
