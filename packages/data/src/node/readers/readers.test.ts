import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ValueError } from '@rnn/core';
import { dataRoot, describeWithData } from '../../../test/real-data.js';
import { split } from '../../split/split.js';
import { dataFile } from './data-root.js';
import { readSentimentLabelled } from './sentiment.js';
import { readTaggedSentences } from './tagged.js';
import { readTatoebaPairs } from './tatoeba.js';
import { readTextFile, stripGutenberg } from './text-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnn-data-readers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readTatoebaPairs', () => {
  it('reads 2- and 3-column lines in file order, CRLF and BOM tolerated', async () => {
    const p = fixture('pairs.txt', '\uFEFFGo.\tVa !\r\nHi.\tSalut !\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123\nRun!\tCours\u202F!\n');
    await expect(readTatoebaPairs(p)).resolves.toEqual([
      { source: 'Go.', target: 'Va !' },
      { source: 'Hi.', target: 'Salut !' },
      { source: 'Run!', target: 'Cours\u202F!' },
    ]);
  });

  it('stops after limit pairs', async () => {
    const p = fixture('pairs-limit.txt', 'a\tA\nb\tB\nc\tC\nbroken line without tab\n');
    await expect(readTatoebaPairs(p, { limit: 2 })).resolves.toEqual([
      { source: 'a', target: 'A' },
      { source: 'b', target: 'B' },
    ]);
  });

  it('names the line number of a malformed line', async () => {
    const p = fixture('pairs-bad.txt', 'a\tA\nb\tB\nno tab here\n');
    await expect(readTatoebaPairs(p)).rejects.toThrow(/line 3 of .*pairs-bad\.txt.*2 or 3 tab-separated fields.*has 1/);
    const q = fixture('pairs-bad2.txt', 'a\tA\n\tB\n');
    await expect(readTatoebaPairs(q)).rejects.toThrow(/line 2 .*non-empty source and target/);
    const r = fixture('pairs-bad3.txt', 'a\tA\tx\ty\n');
    await expect(readTatoebaPairs(r)).rejects.toThrow(/line 1 .*has 4/);
  });

  it('rejects a missing file and a bad limit', async () => {
    await expect(readTatoebaPairs(join(dir, 'nope.txt'))).rejects.toThrow(FileFormatError);
    await expect(readTatoebaPairs(join(dir, 'nope.txt'))).rejects.toThrow(/Tatoeba pairs file at .*nope\.txt.*does not exist/);
    const p = fixture('pairs-ok.txt', 'a\tA\n');
    await expect(readTatoebaPairs(p, { limit: 0 })).rejects.toThrow(/`limit`.*integer >= 1.*got 0/);
    await expect(readTatoebaPairs(p, { limt: 3 } as never)).rejects.toThrow(/Unknown option `limt`/);
  });
});

describe('readTextFile', () => {
  const book = [
    '\uFEFFThe Project Gutenberg eBook of X',
    'licence blah',
    '*** START OF THE PROJECT GUTENBERG EBOOK X ***',
    '',
    '',
    'CHAPTER I',
    '',
    'It was a dark night.',
    '   ',
    '    *** END OF THE PROJECT GUTENBERG EBOOK X ***',
    'more licence',
  ];

  it('strips the Gutenberg header/footer, the BOM, and normalises CRLF and CR', async () => {
    const p = fixture('book.txt', book.join('\r\n'));
    await expect(readTextFile(p, { stripGutenberg: true })).resolves.toBe('CHAPTER I\n\nIt was a dark night.');
    const q = fixture('mac.txt', '\uFEFFa\rb\r\nc\n');
    await expect(readTextFile(q)).resolves.toBe('a\nb\nc\n');
  });

  it('keeps everything (BOM dropped, LF endings) without stripGutenberg', async () => {
    const p = fixture('book2.txt', book.join('\r\n'));
    const text = await readTextFile(p);
    expect(text.startsWith('The Project Gutenberg eBook of X\nlicence')).toBe(true);
    expect(text.includes('\r')).toBe(false);
  });

  it('throws when a marker is missing', () => {
    expect(() => stripGutenberg('no markers here', 'x.txt')).toThrow(/x\.txt.*"\*\*\* START OF"/);
    expect(() => stripGutenberg('*** START OF A ***\nbody', 'x.txt')).toThrow(/"\*\*\* END OF" line after the START line \(line 1\)/);
  });
});

describe('readSentimentLabelled', () => {
  it('reads the three files, splitting on \\n only and taking the label after the last tab', async () => {
    const d = join(dir, 'sent');
    mkdirSync(d);
    writeFileSync(join(d, 'amazon_cells_labelled.txt'), 'Great phone.\t1\nBad\tbattery.\t0\n');
    writeFileSync(join(d, 'imdb_labelled.txt'), 'A slow\u0085movie.  \t0\n');
    writeFileSync(join(d, 'yelp_labelled.txt'), 'Wow... Loved this place.\t1');
    await expect(readSentimentLabelled(d)).resolves.toEqual([
      { text: 'Great phone.', label: 1, source: 'amazon' },
      { text: 'Bad\tbattery.', label: 0, source: 'amazon' },
      { text: 'A slow\u0085movie.', label: 0, source: 'imdb' },
      { text: 'Wow... Loved this place.', label: 1, source: 'yelp' },
    ]);
    await expect(readSentimentLabelled(d, { sources: ['yelp'] })).resolves.toHaveLength(1);
  });

  it('names the file and line of a bad label, and a missing folder or file', async () => {
    const d = join(dir, 'sent-bad');
    mkdirSync(d);
    writeFileSync(join(d, 'amazon_cells_labelled.txt'), 'ok\t1\nmeh\t2\n');
    await expect(readSentimentLabelled(d)).rejects.toThrow(/line 2 of .*amazon_cells_labelled\.txt.*"sentence<TAB>0\|1".*"meh\\t2"/);
    await expect(readSentimentLabelled(d, { sources: ['imdb'] })).rejects.toThrow(/imdb sentiment file at .*does not exist/);
    await expect(readSentimentLabelled(join(dir, 'none'))).rejects.toThrow(/sentiment data set folder at .*none/);
    await expect(readSentimentLabelled(d, { sources: ['twitter' as never] })).rejects.toThrow(ValueError);
  });
});

describe('empty or directory data files (issue 18)', () => {
  it('refuses a sentiment file that is a directory, naming its path (not a raw EISDIR)', async () => {
    const d = join(dir, 'sent-dir');
    mkdirSync(join(d, 'amazon_cells_labelled.txt'), { recursive: true });
    await expect(readSentimentLabelled(d, { sources: ['amazon'] })).rejects.toThrow(FileFormatError);
    await expect(readSentimentLabelled(d, { sources: ['amazon'] })).rejects.toThrow(
      /Expected the amazon sentiment file at .*sent-dir.amazon_cells_labelled\.txt to be a file, but it is a directory\./,
    );
  });

  it.each([
    [
      'sentiment',
      async (p: string) => readSentimentLabelled(p, { sources: ['yelp'] }),
      'yelp_labelled.txt',
      /Expected the yelp sentiment file at .*yelp_labelled\.txt to hold at least one "sentence<TAB>0\|1" line, but it is empty\./,
    ],
    [
      'tagged',
      async (p: string) => readTaggedSentences(join(p, 'tagged.txt')),
      'tagged.txt',
      /Expected the tagged corpus at .*tagged\.txt to hold at least one tagged sentence, but it is empty\./,
    ],
    [
      'tatoeba',
      async (p: string) => readTatoebaPairs(join(p, 'fra.txt')),
      'fra.txt',
      /Expected the Tatoeba pairs file at .*fra\.txt to hold at least one sentence pair, but it is empty\./,
    ],
    [
      'text',
      async (p: string) => readTextFile(join(p, 'book.txt')),
      'book.txt',
      /Expected the text file at .*book\.txt to hold at least one non-blank character, but it is empty\./,
    ],
  ])('refuses an empty %s file with a FileFormatError naming it', async (name, read, file, message) => {
    const d = join(dir, `empty-${name}`);
    mkdirSync(d);
    writeFileSync(join(d, file), '');
    await expect(read(d)).rejects.toThrow(FileFormatError);
    await expect(read(d)).rejects.toThrow(message);
  });
});

describe('readTaggedSentences', () => {
  it('splits each token on its last slash', async () => {
    const p = fixture('tagged.txt', 'Pierre/NNP 1\\/2/CD ,/, */-NONE-\nHi/UH ./.\n');
    await expect(readTaggedSentences(p)).resolves.toEqual([
      { words: ['Pierre', '1\\/2', ',', '*'], tags: ['NNP', 'CD', ',', '-NONE-'] },
      { words: ['Hi', '.'], tags: ['UH', '.'] },
    ]);
  });

  it('names the line and token of a malformed token', async () => {
    const p = fixture('tagged-bad.txt', 'a/DT b/NN\nc/DT dog\n');
    await expect(readTaggedSentences(p)).rejects.toThrow(/every token on line 2 .*"word\/TAG".*"dog"/);
    const q = fixture('tagged-bad2.txt', 'a/DT\n\nb/NN\n');
    await expect(readTaggedSentences(q)).rejects.toThrow(/line 2 .*empty/);
    const r = fixture('tagged-bad3.txt', 'a/\n');
    await expect(readTaggedSentences(r)).rejects.toThrow(/"a\/"/);
  });
});

describeWithData('readers on the real corpora in shared/data', () => {
  it('reads 3914 tagged sentences, 100,676 tokens, 46 tags', async () => {
    const sents = await readTaggedSentences(dataFile('treebank', { root: dataRoot() }));
    expect(sents).toHaveLength(3914);
    expect(sents.reduce((a, s) => a + s.words.length, 0)).toBe(100_676);
    expect(sents.every((s) => s.words.length === s.tags.length)).toBe(true);
    expect(new Set(sents.flatMap((s) => s.tags)).size).toBe(46);
    expect(sents[0]?.words.slice(0, 3)).toEqual(['Pierre', 'Vinken', ',']);
    expect(sents.flatMap((s) => s.words)).toContain('1\\/2');
  });

  it('reads 3000 sentiment lines, 1500 positive, with 17 exact and 18 same-text duplicates', async () => {
    const rows = await readSentimentLabelled(dataFile('sentiment', { root: dataRoot() }));
    expect(rows).toHaveLength(3000);
    expect(rows.filter((r) => r.label === 1)).toHaveLength(1500);
    for (const s of ['amazon', 'imdb', 'yelp'] as const) expect(rows.filter((r) => r.source === s)).toHaveLength(1000);
    // The U+0085 inside imdb lines 179 and 968 does not split them.
    expect(rows.filter((r) => r.text.includes('\u0085'))).toHaveLength(2);
    expect(rows[1000]?.text).toBe('A very, very, very slow-moving, aimless movie about a distressed, drifting young man.');
    expect(split(rows, { ratios: [0.8, 0.1, 0.1], seed: 1, dedupe: true }).report.duplicatesRemoved).toBe(17);
    const byText = split(rows, { ratios: [0.8, 0.1, 0.1], seed: 1, dedupe: (r) => r.text });
    expect(byText.report.duplicatesRemoved).toBe(18);
    expect(byText.report.sizes.train + byText.report.sizes.val + byText.report.sizes.test).toBe(2982);
  });

  it('reads the first 30,000 Tatoeba pairs in file order, and all 167,130', async () => {
    const root = dataRoot();
    const pairs = await readTatoebaPairs(dataFile('fra', { root }), { limit: 30_000 });
    expect(pairs).toHaveLength(30_000);
    expect(pairs[0]).toEqual({ source: 'Go.', target: 'Va !' });
    expect(pairs[29_999]).toEqual({ source: 'Sing a song with me.', target: 'Chantez une chanson avec moi.' });
    await expect(readTatoebaPairs(dataFile('fra', { root }))).resolves.toHaveLength(167_130);
  });

  it('strips the Gutenberg header and footer of both books', async () => {
    const root = dataRoot();
    const alice = (await readTextFile(dataFile('alice', { root }), { stripGutenberg: true })).split('\n');
    expect(alice[0]).toBe('Produced by Jana Srna, Emmy and the Online Distributed');
    expect(alice[alice.length - 1]).toBe("End of Project Gutenberg's Alice's Adventures in Wonderland, by Lewis Carroll");
    expect(alice.join('\n')).not.toMatch(/\r|\uFEFF|\*\*\* (START|END) OF/);
    const glass = (await readTextFile(dataFile('looking-glass', { root }), { stripGutenberg: true })).split('\n');
    expect(glass[0]).toBe('[Illustration]');
    expect(glass[glass.length - 1]).toBe('THE END');
    expect(glass).toHaveLength(4100 - 24 - 1 - 4 - 6);
  });
});
