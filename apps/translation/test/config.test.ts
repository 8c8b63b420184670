import { configFromFlags } from '../src/commands/train.js';
import { CONFIGS } from '../src/config.js';

describe('configFromFlags', () => {
  it('the small preset is the validated one: bidirectional encoder, Adam lr 2e-3, no dropout, 8 epochs (see README)', () => {
    const c = configFromFlags({ config: 'small' });
    expect(c).toMatchObject({ bidirectional: true, dropout: 0, learningRate: 2e-3, units: 256, embeddingDim: 128, attention: 'luongGeneral', epochs: 8 });
    expect(configFromFlags({ config: 'full' })).toMatchObject({ bidirectional: false, dropout: 0, units: 1024 });
  });

  it('applies --bidirectional and --dropout over the preset', () => {
    const c = configFromFlags({ config: 'full', bidirectional: true, dropout: 0.2 });
    expect(c.bidirectional).toBe(true);
    expect(c.dropout).toBe(0.2);
    expect(c.units).toBe(CONFIGS.full.units);
  });

  it("turns the small preset's bidirectional encoder off with --no-bidirectional (false, not unset)", () => {
    expect(configFromFlags({ config: 'small', bidirectional: false }).bidirectional).toBe(false);
  });
});
