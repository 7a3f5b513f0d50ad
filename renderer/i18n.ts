/**
 * The renderer's words, in English and Japanese.
 *
 * The English dictionary defines the keys; the Japanese one is typed to have
 * exactly the same keys, so a missing or stray translation is a type error.
 * Texts may hold {name} placeholders, filled by t(key, params).
 *
 * The language follows the system at first start, can be switched, and is
 * remembered (renderer/ui/settings.ts stores it).
 */
import { hostLimitsEn, hostLimitsJa } from './i18n/host-limits.js';
import { guestEn, guestJa } from './i18n/guest.js';
import * as stepping from './i18n/stepping.js';
import { raceEn, raceJa } from './i18n/race.js';
import { en as lessonsEn, ja as lessonsJa } from './i18n/lessons.js';
import { challengesEn, challengesJa } from './i18n/challenges.js';
import { filesEn, filesJa } from './i18n/files.js';
import * as pastRaces from './i18n/past-races.js';

const en = {
  'app.title': 'Backprop Arena',
  'app.tagline': 'Watch a neural network learn by backpropagation, and steer it.',

  'menu.sandbox': 'Sandbox',
  'menu.sandboxHint': 'Free play on the article’s network',
  'menu.lessons': 'Lessons',
  'menu.lessonsHint': 'Follow the article, step by step',
  'menu.challenges': 'Challenges',
  'menu.challengesHint': 'Reach a target error',
  'menu.host': 'Host a race',
  'menu.hostHint': 'For a class on one network',
  'menu.join': 'Join a race',
  'menu.joinHint': 'With a join code',
  'menu.settings': 'Settings',
  'menu.modes': 'Ways to play',
  'menu.footer': 'Built on “Principles of training multi-layer neural network using backpropagation” by M. Bernacki and P. Włodarczyk.',

  'settings.language': 'Language',
  'settings.reducedMotion': 'Reduced motion',
  'settings.reducedMotionHint': 'Shorter, calmer animations',

  'top.back': 'Menu',
  'top.backLabel': 'Back to menu',
  'top.title': 'Sandbox',

  'conn.label': 'Connection',
  'conn.connecting': 'Connecting…',
  'conn.connected': 'Connected',
  'conn.reconnecting': 'Reconnecting…',
  'conn.lost': 'Connection lost',
  'conn.failed': 'Could not reach the game host.',
  'conn.failedHint': 'Is the host running? Start it with “npm start” or “npm run serve”.',
  'conn.retry': 'Try again',

  'scene.unavailable': 'The picture of the network could not start here. Everything else still works.',

  'phase.label': 'Current phase',
  'phase.forward': 'Forward pass',
  'phase.error': 'Output error',
  'phase.backward': 'Backward pass',
  'phase.update': 'Weight update',
  'phase.last': 'Last step',
  'phase.idle': 'Press Step to watch one training step, or Next phase to go through it beat by beat.',
  'phase.fast': 'Training at {speed}. The picture follows the weights as they change.',

  'train.heading': 'Training',
  'eta.label': 'Learning rate (η)',
  'eta.valuetext': 'η = {eta}',
  'eta.now': 'now {eta}',
  'schedule.label': 'η schedule',
  'schedule.constant': 'constant',
  'schedule.decay': 'decay',
  'schedule.warmup': 'warmup',
  'schedule.constantHint': 'η stays the same at every step.',
  'schedule.decayHint': 'Start large, lower gradually as the weights settle.',
  'schedule.warmupHint': 'Start small, raise, lower again at the end.',
  'schedule.start': 'Start η',
  'schedule.end': 'End η',
  'schedule.peak': 'Peak η',
  'schedule.halfLife': 'Half-life (steps)',
  'schedule.rise': 'Rise (steps)',
  'schedule.hold': 'Hold (steps)',
  'schedule.settle': 'Settle (steps)',
  'schedule.invalid': 'Each η must be from 0.000001 to 100; steps are whole numbers from 1.',
  'schedule.order': 'A decay must end at or below its start; a warm-up’s peak must be at least its start and its end.',

  'btn.step': 'Step',
  'btn.play': 'Play',
  'btn.pause': 'Pause',
  'btn.reset': 'Reset',

  'speed.label': 'Speed',
  'speed.slow': '1 step / {s} s',
  'speed.one': '1 step/s',
  'speed.fast': '{n} steps/s',
  'keys.hint': 'Keys: Space play/pause · → step · ↓ or N next phase · ↑ or P previous phase · R reset',

  'error.label': 'Error',
  'error.value': 'Error {train}',
  'error.test': 'test {test}',
  'error.step': 'Step {n}',

  'weights.heading': 'Weights',
  'weights.group': '{from} → {to}',
  'weights.inputs': 'inputs',
  'weights.neurons': 'neurons {a}–{b}',
  'weights.neuron': 'neuron {a}',
  'weights.layer': 'layer {l}',
  'weights.biases': 'Biases',
  'weights.invalid': 'A weight must be a number from −10 to 10.',
  'weights.hint': 'Type a value from −10 to 10 and press Enter, or drag an edge in the picture. Training may take a weight further.',

  'net.heading': 'Network',
  'net.dataset': 'Dataset',
  'net.hidden': 'Hidden layers',
  'net.hiddenHint': 'Neurons per layer, e.g. 3, 2 (up to 6 layers of 16)',
  'net.hiddenInvalid': 'Write up to 6 whole numbers from 1 to 16, separated by commas.',
  'net.activation': 'Activation',
  'net.outputActivation': 'Output activation',
  'net.rule': 'Rule',
  'net.bias': 'Bias on every neuron',
  'net.batch': 'Batch size',
  'net.batchInvalid': 'Batch size is a whole number from 1 to 64.',
  'net.seed': 'Seed',
  'net.seedInvalid': 'A seed is a whole number from 0 to 4294967295.',
  'net.newSeed': 'New seed',
  'net.apply': 'Apply',

  'dataset.xor': 'XOR (the article’s 4 samples)',
  'dataset.circles': 'Circles',
  'dataset.gaussians': 'Two clouds',
  'dataset.spiral': 'Spiral',
  'dataset.regression': 'Curve fit (1 input)',

  'act.sigmoid': 'sigmoid',
  'act.tanh': 'tanh',
  'act.relu': 'ReLU',
  'act.linear': 'linear',

  'rule.exact': 'exact',
  'rule.article': 'article',
  'rule.exactHint': 'True gradient: δ passes back through each neuron’s df(e)/de.',
  'rule.articleHint': 'As the article prints it: δ passes back along the weights only.',

  'chart.heading': 'Error over steps',
  'chart.step': 'step',
  'chart.train': 'train',
  'chart.test': 'test',
  'chart.log': 'Log scale',
  'chart.empty': 'No steps yet.',

  'map.heading2d': 'Decision boundary',
  'map.heading1d': 'Network output',
  'map.label2d': 'Heat map of the network’s output over the input plane, with the training points',
  'map.label1d': 'The network’s output as a curve over the input, with the training points',
  'map.class1': 'class 1',
  'map.class0': 'class 0',
  'map.samples': 'samples',
  'map.output': 'output',

  'diverged.what': 'The network diverged at step {step}: its numbers grew too large to compute.',
  'diverged.try': 'Lower η (now {eta}) and press Reset, or edit the weights.',

  'toast.refused': 'The host did not take “{type}”: {reason}',
  'toast.dismiss': 'Dismiss',
  ...hostLimitsEn,
  ...guestEn,
  ...stepping.en,
  ...challengesEn,
  ...filesEn,
  ...raceEn,
  ...pastRaces.en,
  ...lessonsEn,
} as const;

export type MessageKey = keyof typeof en;
type Dictionary = { readonly [K in MessageKey]: string };

const ja: Dictionary = {
  'app.title': 'Backprop Arena',
  'app.tagline': 'ニューラルネットワークが誤差逆伝播で学ぶ様子を見て、自分の手で動かそう。',

  'menu.sandbox': 'サンドボックス',
  'menu.sandboxHint': '記事のネットワークで自由に試す',
  'menu.lessons': 'レッスン',
  'menu.lessonsHint': '記事の流れに沿って一歩ずつ',
  'menu.challenges': 'チャレンジ',
  'menu.challengesHint': '目標の誤差を目指す',
  'menu.host': 'レースを開く',
  'menu.hostHint': 'クラスで同じネットワークを競う',
  'menu.join': 'レースに参加',
  'menu.joinHint': '参加コードを入力',
  'menu.settings': '設定',
  'menu.modes': '遊び方',
  'menu.footer': '原典：M. Bernacki、P. Włodarczyk「Principles of training multi-layer neural network using backpropagation」',

  'settings.language': '言語',
  'settings.reducedMotion': '動きを減らす',
  'settings.reducedMotionHint': 'アニメーションを短く、穏やかにします',

  'top.back': 'メニュー',
  'top.backLabel': 'メニューに戻る',
  'top.title': 'サンドボックス',

  'conn.label': '接続',
  'conn.connecting': '接続中…',
  'conn.connected': '接続済み',
  'conn.reconnecting': '再接続中…',
  'conn.lost': '接続が切れました',
  'conn.failed': 'ゲームのホストに接続できませんでした。',
  'conn.failedHint': 'ホストは起動していますか？「npm start」か「npm run serve」で起動できます。',
  'conn.retry': 'もう一度試す',

  'scene.unavailable': 'この環境ではネットワークの図を表示できませんでした。ほかの機能はそのまま使えます。',

  'phase.label': '現在の段階',
  'phase.forward': '順伝播',
  'phase.error': '出力の誤差',
  'phase.backward': '逆伝播',
  'phase.update': '重みの更新',
  'phase.last': '直前のステップ',
  'phase.idle': '「ステップ」で学習の 1 ステップを再生し、「次の段階」で 1 段階ずつ進められます。',
  'phase.fast': '{speed}で学習中。重みの変化に合わせて図が動きます。',

  'train.heading': '学習',
  'eta.label': '学習率 (η)',
  'eta.valuetext': 'η = {eta}',
  'eta.now': '現在 {eta}',
  'schedule.label': 'η スケジュール',
  'schedule.constant': '一定',
  'schedule.decay': '減衰',
  'schedule.warmup': 'ウォームアップ',
  'schedule.constantHint': 'η はどのステップでも同じです。',
  'schedule.decayHint': '大きく始め、重みが落ち着くにつれて徐々に下げます。',
  'schedule.warmupHint': '小さく始めて上げ、最後にまた下げます。',
  'schedule.start': '開始 η',
  'schedule.end': '終了 η',
  'schedule.peak': '最大 η',
  'schedule.halfLife': '半減期（ステップ）',
  'schedule.rise': '上昇（ステップ）',
  'schedule.hold': '維持（ステップ）',
  'schedule.settle': '下降（ステップ）',
  'schedule.invalid': 'η は 0.000001 以上 100 以下、ステップ数は 1 以上の整数にしてください。',
  'schedule.order': '減衰では終わりの η を始まり以下に、ウォームアップではピークを始まりと終わり以上にしてください。',

  'btn.step': 'ステップ',
  'btn.play': '再生',
  'btn.pause': '一時停止',
  'btn.reset': 'リセット',

  'speed.label': '速度',
  'speed.slow': '{s} 秒に 1 ステップ',
  'speed.one': '毎秒 1 ステップ',
  'speed.fast': '毎秒 {n} ステップ',
  'keys.hint': 'キー操作：スペース 再生／一時停止 · → ステップ · ↓ か N 次の段階 · ↑ か P 前の段階 · R リセット',

  'error.label': '誤差',
  'error.value': '誤差 {train}',
  'error.test': 'テスト {test}',
  'error.step': 'ステップ {n}',

  'weights.heading': '重み',
  'weights.group': '{from} → {to}',
  'weights.inputs': '入力',
  'weights.neurons': 'ニューロン {a}–{b}',
  'weights.neuron': 'ニューロン {a}',
  'weights.layer': '第 {l} 層',
  'weights.biases': 'バイアス',
  'weights.invalid': '重みは −10 から 10 までの数にしてください。',
  'weights.hint': '−10 から 10 までの値を入力して Enter を押すか、図の中の線をドラッグしてください。学習で重みがこの範囲を超えることもあります。',

  'net.heading': 'ネットワーク',
  'net.dataset': 'データセット',
  'net.hidden': '隠れ層',
  'net.hiddenHint': '各層のニューロン数。例：3, 2（1 層あたり 16 個まで、最大 6 層）',
  'net.hiddenInvalid': '1〜16 の整数を 6 個まで、カンマで区切って入力してください。',
  'net.activation': '活性化関数',
  'net.outputActivation': '出力層の活性化関数',
  'net.rule': '逆伝播の規則',
  'net.bias': 'すべてのニューロンにバイアス',
  'net.batch': 'バッチサイズ',
  'net.batchInvalid': 'バッチサイズは 1〜64 の整数です。',
  'net.seed': 'シード',
  'net.seedInvalid': 'シードは 0〜4294967295 の整数です。',
  'net.newSeed': '新しいシード',
  'net.apply': '適用',

  'dataset.xor': 'XOR（記事の 4 サンプル）',
  'dataset.circles': '同心円',
  'dataset.gaussians': '2 つの集団',
  'dataset.spiral': '渦巻き',
  'dataset.regression': '曲線の近似（入力 1 つ）',

  'act.sigmoid': 'シグモイド',
  'act.tanh': 'tanh',
  'act.relu': 'ReLU',
  'act.linear': '線形',

  'rule.exact': '厳密',
  'rule.article': '記事どおり',
  'rule.exactHint': '真の勾配：δ は各ニューロンの df(e)/de を掛けながら逆向きに伝わります。',
  'rule.articleHint': '記事の式のまま：δ は重みだけを通って逆向きに伝わります。',

  'chart.heading': '誤差の推移',
  'chart.step': 'ステップ',
  'chart.train': '訓練',
  'chart.test': 'テスト',
  'chart.log': '対数目盛',
  'chart.empty': 'まだステップがありません。',

  'map.heading2d': '決定境界',
  'map.heading1d': 'ネットワークの出力',
  'map.label2d': '入力平面上のネットワークの出力を色で表した図と、訓練データの点',
  'map.label1d': '入力に対するネットワークの出力の曲線と、訓練データの点',
  'map.class1': 'クラス 1',
  'map.class0': 'クラス 0',
  'map.samples': 'サンプル',
  'map.output': '出力',

  'diverged.what': 'ステップ {step} でネットワークが発散しました。数値が大きくなりすぎて計算できません。',
  'diverged.try': 'η（現在 {eta}）を下げてリセットを押すか、重みを編集してください。',

  'toast.refused': 'ホストが「{type}」を受け付けませんでした：{reason}',
  'toast.dismiss': '閉じる',
  ...hostLimitsJa,
  ...guestJa,
  ...lessonsJa,
  ...stepping.ja,
  ...challengesJa,
  ...filesJa,
  ...raceJa,
  ...pastRaces.ja,
};

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

const dictionaries: Record<Language, Dictionary> = { en, ja };

/** What each language calls itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

let current: Language = 'en';
const listeners = new Set<(lang: Language) => void>();

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The language of the system (navigator.language), if we have it; otherwise English. */
export function systemLanguage(): Language {
  const tags = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const tag of tags) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  for (const fn of listeners) fn(lang);
}

/** Sets the language without telling anyone (at start, before anything is drawn). */
export function initLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
}

export function onLanguageChange(fn: (lang: Language) => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

/** The text of `key` in the current language, with {name} placeholders filled from params. */
export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const text = dictionaries[current][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
