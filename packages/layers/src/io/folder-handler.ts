import { describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/** Makes the IO handler of a model folder; `@rnn/layers/node` installs its `fileSystem`. */
export type FolderHandlerFactory = (dir: string) => tf.io.IOHandler;

let folderHandler: FolderHandlerFactory | null = null;

/** Install the Node folder handler (idempotent; called by `@rnn/layers/node`). */
export function installFolderHandler(factory: FolderHandlerFactory): void {
  folderHandler = factory;
}

/**
 * The IO handler for a model location given as a string: a URL with a scheme tfjs routes
 * (`http://`, `https://`, `indexeddb://`, `localstorage://`) goes to tfjs' own handler; anything else
 * is a folder path, which needs `@rnn/layers/node` (a browser has no folders).
 *
 * @throws ValueError when no tfjs handler takes the URL, or a folder path is given without `@rnn/layers/node`.
 */
export function handlerForLocation(location: string, argName: string): tf.io.IOHandler {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    const handlers = tf.io.getLoadHandlers(location);
    const handler = handlers[0];
    if (!handler)
      throw new ValueError(
        `Expected \`${argName}\` to be a URL tfjs can load (http://, https://, indexeddb://, localstorage://), but got ${describeValue(location)}.`,
      );
    return handler;
  }
  if (!folderHandler) {
    throw new ValueError(
      `Expected \`${argName}\` to be a URL (http://, https://, indexeddb://) or a tf.io.IOHandler, but got the folder path ${describeValue(location)}: folders are read in Node through @rnn/layers/node (import { loadKerasModel } from '@rnn/layers/node').`,
    );
  }
  return folderHandler(location);
}
