/**
 * A preset with every flag the user gave put over it: each key of `preset` takes the flag of the same
 * name when that flag is defined, else keeps the preset's value (`opts.x ?? preset.x` for every field,
 * written once). Flags that are not config fields (`--seed`, `--data`...) are ignored.
 *
 * @param preset - the `--config` preset.
 * @param flags - the parsed flags (`undefined` = not given).
 * @returns a new config object; `preset` is not modified.
 * @example
 * ```ts
 * const config = withFlagOverrides({ epochs: 8, units: 256 }, { epochs: 2, units: undefined, seed: 1 });
 * // { epochs: 2, units: 256 }
 * ```
 */
export function withFlagOverrides<C extends object>(preset: C, flags: object): C {
  const given = flags as Partial<Record<keyof C, unknown>>;
  const out = { ...preset };
  for (const key of Object.keys(preset) as (keyof C)[]) {
    const value = given[key];
    if (value !== undefined) out[key] = value as C[keyof C];
  }
  return out;
}
