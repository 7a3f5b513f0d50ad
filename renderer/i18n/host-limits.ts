/**
 * Words for what the host's limits mean to a player: the error of a large
 * dataset is scored on a bounded, even spread of its samples.
 */
export const hostLimitsEn = {
  'error.sampled': '(on ≤ {n} samples per set)',
} as const;

export const hostLimitsJa: { readonly [K in keyof typeof hostLimitsEn]: string } = {
  'error.sampled': '（各セット {n} サンプル以下で計測）',
};
