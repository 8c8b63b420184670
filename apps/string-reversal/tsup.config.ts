import { defineConfig } from 'tsup';
import { appOptions } from '../../tsup.preset.mjs';

export default defineConfig(appOptions);
