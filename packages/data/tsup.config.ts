import { defineConfig } from 'tsup';
import { libraryOptions } from '../../tsup.preset.mjs';

export default defineConfig({
  ...libraryOptions,
  // import.meta.url (the data-root resolver looks up from the package's location) in the CJS build too.
  shims: true,
});
