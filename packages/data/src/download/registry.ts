/** The corpora rnn-ts knows by name. */
export type DatasetName = 'fra' | 'alice' | 'looking-glass' | 'sentiment' | 'treebank';

/**
 * Every {@link DatasetName}.
 *
 * @example
 * ```ts
 * for (const name of DATASET_NAMES) console.log(name, DATASETS[name].path); // fra translation/fra.txt …
 * ```
 */
export const DATASET_NAMES: readonly DatasetName[] = ['fra', 'alice', 'looking-glass', 'sentiment', 'treebank'];

/** One file of a data set, as published upstream. */
export interface RemoteFile {
  /** Where the file goes, relative to the data root (the same layout as `../shared/data`). */
  path: string;
  /**
   * A stable public URL serving exactly these bytes (a raw GitHub URL pinned to a commit), or `null`
   * when the file is derived and cannot be downloaded as is.
   */
  url: string | null;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  /** The file's size in bytes. */
  bytes: number;
}

/** A named corpus: where it lives under the data root, its files, and its terms. */
export interface DatasetEntry {
  /** The corpus name. */
  name: DatasetName;
  /** The path {@link dataFile} returns, relative to the data root: a file, or a folder for `sentiment`. */
  path: string;
  /** The files that make up the corpus. */
  files: readonly RemoteFile[];
  /** Licence / terms, in one line. */
  licence: string;
  /** How to obtain the corpus when a file has no `url`. */
  note?: string;
}

/**
 * The registry of known corpora, with pinned public URLs and SHA-256 checksums (from
 * `shared/data/SOURCE.md`). Every URL is a raw GitHub file at a fixed commit, chosen because it
 * serves the exact bytes directly: manythings.org only offers `fra-eng.zip` (and blocks scripted
 * downloads), so `fra` points at the byte-identical loose `fra.txt` in `modelexlab/data`.
 * `treebank/tagged.txt` is converted from NLTK's `treebank.zip` and has no URL.
 *
 * @example
 * ```ts
 * DATASETS.fra.files[0].url; // 'https://raw.githubusercontent.com/modelexlab/data/e60c…/fra.txt'
 * ```
 */
export const DATASETS: Readonly<Record<DatasetName, DatasetEntry>> = {
  fra: {
    name: 'fra',
    path: 'translation/fra.txt',
    files: [
      {
        path: 'translation/fra.txt',
        url: 'https://raw.githubusercontent.com/modelexlab/data/e60c8992ec340123b0a98398d36dcd9546a4f199/fra.txt',
        sha256: '0bb85dbaa1c896844649094d7eaf2e34bee34e84fe362b26ce7e8f2e12aae104',
        bytes: 11_669_748,
      },
    ],
    licence: 'CC BY 2.0; attribution: www.manythings.org/anki and tatoeba.org',
  },
  alice: {
    name: 'alice',
    path: 'text/alice-in-wonderland.txt',
    files: [
      {
        path: 'text/alice-in-wonderland.txt',
        url: 'https://raw.githubusercontent.com/rajmanya/Project4-RNN/7d822ed2e58a6dfb061ba3615360ab55d7ca366d/pg28885.txt',
        sha256: '3fa6c7b82ee60efdd6421fd064d666d5979e5489b504b8030570ecd0d55dacf5',
        bytes: 177_660,
      },
    ],
    licence: 'Public domain in the USA; Project Gutenberg License (eBook #28885)',
  },
  'looking-glass': {
    name: 'looking-glass',
    path: 'text/through-the-looking-glass.txt',
    files: [
      {
        path: 'text/through-the-looking-glass.txt',
        url: 'https://raw.githubusercontent.com/denisgaudare/tempopython/db60f81c43e2c60bd645e1a25f3e1cecccde253a/data/pg12.txt',
        sha256: '631037bf9b944ea632031da8d7c4d9a0e1f2ba1be09e38052f26bf30f7a46844',
        bytes: 192_170,
      },
    ],
    licence: 'Public domain in the USA; Project Gutenberg License (eBook #12)',
  },
  sentiment: {
    name: 'sentiment',
    path: 'sentiment',
    files: [
      {
        path: 'sentiment/amazon_cells_labelled.txt',
        url: 'https://raw.githubusercontent.com/Nanofication/TWC-Naive-Bayes/5bc4715169b40c627e082a27321215a2719a0347/amazon_cells_labelled.txt',
        sha256: '47003fc0a0d4840b00e96e715b6189bad09e7443a3da41c4cbe12ffc79f86ae3',
        bytes: 58_226,
      },
      {
        path: 'sentiment/imdb_labelled.txt',
        url: 'https://raw.githubusercontent.com/Nanofication/TWC-Naive-Bayes/5bc4715169b40c627e082a27321215a2719a0347/Datasets/imdb_labelled.txt',
        sha256: 'aef2e49e3da25714d61175e3a6e68eeef74a20a2f914318dc3be9947ea86512d',
        bytes: 85_285,
      },
      {
        path: 'sentiment/yelp_labelled.txt',
        url: 'https://raw.githubusercontent.com/Nanofication/TWC-Naive-Bayes/5bc4715169b40c627e082a27321215a2719a0347/Datasets/yelp_labelled.txt',
        sha256: 'c76468b7b5c6e56a0804d728345c5f84aa2142ddb214420f61cc9cfd4c00d2ea',
        bytes: 61_320,
      },
      {
        path: 'sentiment/readme.txt',
        url: 'https://raw.githubusercontent.com/Nanofication/TWC-Naive-Bayes/5bc4715169b40c627e082a27321215a2719a0347/Datasets/readme.txt',
        sha256: '736c26aa54e3614459e50314ece0698051f0923d108ed53938dcb1aa0483bfd4',
        bytes: 1_070,
      },
    ],
    licence: 'Kotzias et al., KDD 2015 ("please cite the paper"); UCI lists CC BY 4.0',
  },
  treebank: {
    name: 'treebank',
    path: 'treebank/tagged.txt',
    files: [
      {
        path: 'treebank/tagged.txt',
        url: null,
        sha256: 'e0b563b6535dac3a4793a6bf97a37b86d22f84d7d7fb2ac72fcc4931ad882ce0',
        bytes: 894_840,
      },
    ],
    licence: 'Penn Treebank 10% sample, (C) LDC 1995: non-commercial use only',
    note:
      'treebank/tagged.txt is converted, not downloaded: get nltk_data packages/corpora/treebank.zip ' +
      '(sha256 9da92d76c3666cfb6cddeaed0f7e86b344cce0f0928a286d439e555f19c37399) and write ' +
      "' '.join(f'{w}/{t}' for w, t in s) for each s in nltk.corpus.treebank.tagged_sents(), one per line.",
  },
};
