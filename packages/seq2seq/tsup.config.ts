import { defineConfig } from 'tsup';
import { libraryOptions } from '../../tsup.preset.mjs';

export default defineConfig(libraryOptions);
