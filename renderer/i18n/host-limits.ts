/**
 * Words for what the host's limits mean to a player: the error of a large
 * dataset is scored on a bounded, even spread of its samples.
 */
export const hostLimitsEn = {
  'error.sampled': '(scored on {n} samples of each set at most)',
} as const;

export const hostLimitsJa: { readonly [K in keyof typeof hostLimitsEn]: string } = {
  'error.sampled': '（各セット最大 {n} サンプルで計測）',
};
