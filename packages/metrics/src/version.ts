declare const __RNN_METRICS_VERSION__: string | undefined;

/**
 * This package's version, baked in at build time by tsup (`define`) and by jest (`globals`) from
 * package.json, so BLEU signatures always name the version that computed them.
 *
 * @example
 * ```ts
 * PACKAGE_VERSION; // '0.1.0'
 * ```
 */
export const PACKAGE_VERSION: string = typeof __RNN_METRICS_VERSION__ === 'string' ? __RNN_METRICS_VERSION__ : '0.0.0-unknown';
