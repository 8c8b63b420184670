// IO and conversion

export type { FileSystemArgs, FileSystemHandler } from './io/file-system.js';
export { FILE_SYSTEM_DEFAULTS, fileSystem } from './io/file-system.js';
