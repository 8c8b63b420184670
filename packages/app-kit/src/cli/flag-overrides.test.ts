import { withFlagOverrides } from './flag-overrides.js';

describe('withFlagOverrides', () => {
  it('takes each defined flag named like a preset field, keeps the preset elsewhere, and ignores other flags', () => {
    const preset = { epochs: 8, units: 256, attention: 'luongGeneral', dropout: 0 };
    const config = withFlagOverrides(preset, { epochs: 2, units: undefined, dropout: 0.3, seed: 7, data: '/d' });
    expect(config).toEqual({ epochs: 2, units: 256, attention: 'luongGeneral', dropout: 0.3 });
    expect(preset.epochs).toBe(8);
  });

  it('keeps a flag given as 0 or false (only undefined means not given)', () => {
    expect(withFlagOverrides({ patience: 3, bidirectional: true }, { patience: 0, bidirectional: false })).toEqual({ patience: 0, bidirectional: false });
  });
});
