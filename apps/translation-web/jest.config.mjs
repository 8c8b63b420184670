import preset from '../../jest.preset.mjs';

// The browser test builds the page and drives Chromium: minutes, not seconds, on a busy 2-core machine.
export default { ...preset, testTimeout: 600_000 };
