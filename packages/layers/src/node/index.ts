// @rnn/layers/node: everything in @rnn/layers, plus what needs a file system: the `fileSystem`
// IO handler (tfjs' file:// for Node), which `loadKerasModel` uses for folder paths once this entry is
// imported (installed on import; listed in `sideEffects`).
import { installFolderHandler } from '../io/folder-handler.js';
import { fileSystem } from './file-system.js';

installFolderHandler((dir) => fileSystem(dir));

export * from '../index.js';
export type { FileSystemArgs, FileSystemHandler } from './file-system.js';
export { FILE_SYSTEM_DEFAULTS, fileSystem } from './file-system.js';
