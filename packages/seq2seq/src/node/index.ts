// @rnn/seq2seq/node: everything in @rnn/seq2seq, plus what needs Node: bundles in folders on disk
// (`FolderBundleStore`, and folder paths accepted by loadSeq2Seq/saveSeq2Seq/Translator.load/the
// Trainer's checkpoints) and the trainer's terminal progress bar (cli-progress). Importing it installs
// both (so this module is listed in `sideEffects`).
import { installFolderBundleStore } from '../persistence/resolve-bundle-store.js';
import { installTerminalProgress } from '../training/training-progress.js';
import { FolderBundleStore } from './folder-bundle-store.js';
import { TrainingProgressBar } from './progress-bar.js';

installFolderBundleStore((dir) => new FolderBundleStore(dir));
installTerminalProgress((mode, epochs) => new TrainingProgressBar(mode, epochs));

export * from '../index.js';
export { FolderBundleStore } from './folder-bundle-store.js';
