// One timing method for Node and the page. A round translates every sentence once, greedy then beam 5
// (in the page: window.translationWeb.translateAll; in Node: nodeRound, the same loop). The first round
// warms up and is dropped; per sentence the median over the other rounds, and the mean of those
// medians is "ms per sentence".

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One round in Node: `translate(text, 'greedy' | 'beam')` returns `{ text, ms }`. Same shape as the page's translateAll. */
export function nodeRound(translate, sentences) {
  const out = { greedy: [], beam: [], greedyMs: [], beamMs: [] };
  for (const s of sentences) {
    const g = translate(s, 'greedy');
    const b = translate(s, 'beam');
    out.greedy.push(g.text);
    out.greedyMs.push(g.ms);
    out.beam.push(b.text);
    out.beamMs.push(b.ms);
  }
  return out;
}

/** Summarise rounds (the first is the warm-up): per-sentence medians, their means, and the last round's texts. */
export function summarize(rounds) {
  const timed = rounds.slice(1);
  const per = (key) => timed[0][key].map((_, i) => median(timed.map((r) => r[key][i])));
  const g = per('greedyMs');
  const b = per('beamMs');
  const last = rounds[rounds.length - 1];
  return { greedyMsPerSentence: mean(g), beamMsPerSentence: mean(b), greedyMedians: g, beamMedians: b, texts: { greedy: last.greedy, beam: last.beam } };
}
