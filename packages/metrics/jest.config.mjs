import { readFileSync } from 'node:fs';
import preset from '../../jest.preset.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// BLEU signatures carry the package version; tsup bakes it in with `define`, jest with `globals`.
export default { ...preset, globals: { __RNN_METRICS_VERSION__: version } };
