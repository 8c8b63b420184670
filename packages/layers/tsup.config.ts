import { defineConfig } from 'tsup';
import { libraryOptions, nodeEntry } from '../../tsup.preset.mjs';

export default defineConfig({ ...libraryOptions, entry: nodeEntry });
